"""--format table: what to fix first. Only this knows colour.

Per project: errors, then warnings, then notes, each grouped by file; a run of one rule on one
column of a workbook is one line (report.collapse). A batch prints one line a project unless
``verbose``; the details are in the --report files. Hints are the most useful text: normal weight.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from wuxiao_cli.clauses import clause_title
from wuxiao_cli.findings import SEVERITIES
from wuxiao_cli.report import Report
from wuxiao_cli.text import heading, safe

if TYPE_CHECKING:
    from rich.table import Table

LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "pass": "✓ 通过", "fail": "✗ 不通过",
           "waived": "已豁免", "project": "（整个项目）", "batch": "整个批次", "more": "详情见 -v 或 --report 文件",
           "by_batch": "  其中 {n} 个错误见下方“整个批次”：{rules}",
           "reason": "豁免理由："},
    "en": {"error": "error", "warning": "warning", "info": "info", "pass": "✓ pass", "fail": "✗ fail",
           "waived": "waived", "project": "(whole project)", "batch": "Whole batch",
           "by_batch": "  {n} of the errors are under Whole batch below: {rules}",
           "more": "details with -v or in the --report files", "reason": "Waived because: "},
}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(report: Report) -> str:
    """The counts; errors of the whole batch (a nominator's 公示 dates) are said apart, or "5 个通过，0 个不通过；
    错误 1 个" would leave the clerk looking for a failing project."""
    s = report.summary()
    batch = sum(1 for b in report.batch_findings if b["severity"] == "error" and not b.get("waived"))
    if report.lang == "en":
        of_batch = f" ({batch} of the whole batch)" if batch else ""
        return (f"{s['projects']} project(s): {s['passed']} passed, {s['failed']} failed; "
                f"{s['errors']} error(s){of_batch}, {s['warnings']} warning(s).")
    of_batch = f"（其中整个批次 {batch} 个）" if batch else ""
    return (f"共 {s['projects']} 个项目：{s['passed']} 个通过，{s['failed']} 个不通过；"
            f"错误 {s['errors']} 个{of_batch}，警告 {s['warnings']} 个。")


def make_console(file=None, *, color: bool = False, width: int | None = None) -> Console:
    """A console for the terminal (``file`` None: rich writes to it directly, Windows consoles too) or a buffer."""
    return Console(file=file, force_terminal=color if file is not None else None, no_color=not color,
                   color_system="auto" if color else None, width=width, highlight=False, emoji=False)


def render_table(report: Report, *, color: bool = False, width: int | None = None, verbose: bool = True,
                 extra=None) -> str:
    """The report as text; ``extra(console)`` prints more after it (the batch summary)."""
    buf = io.StringIO()
    print_report(report, make_console(buf, color=color, width=width or 100), verbose=verbose, extra=extra)
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())


def print_report(report: Report, console: Console, *, verbose: bool = True, extra=None) -> None:
    """Projects (details, or nothing but ``extra(console)``'s batch table), then batch findings, then the totals."""
    words = LABELS[report.lang]
    details = verbose or len(report.projects) == 1  # otherwise the batch summary has a line a project
    shown = sorted(report.projects, key=lambda p: (p.passed(report.strict), p.path)) if details else []
    for result in shown:
        status = "pass" if result.passed(report.strict) else "fail"
        head = Text()
        head.append(words[status], style="bold green" if status == "pass" else "bold red")
        head.append(f"  {heading(result.name)}  ({safe(result.path)})  ")
        head.append(f"{words['error']} {result.errors} · {words['warning']} {result.warnings}")
        console.print(head)
        if result.batch_errors:  # it fails by a batch finding, listed once under 整个批次: say so here
            console.print(Text(words["by_batch"].format(n=result.batch_errors, rules="、".join(
                _batch_rules(report, result.path))), style=STYLES["error"]))
        if result.findings:
            _print_findings(console, result.findings, words, report.lang)
            console.print()
    if extra is not None:
        extra(console)
    if not details and not all(p.passed(report.strict) for p in report.projects):
        console.print(Text(words["more"]))
    if report.batch_findings:
        console.print(Text(words["batch"], style="bold"))
        grid = _grid(9)
        for b in sorted(report.batch_findings, key=lambda b: (bool(b.get("waived")), SEVERITIES.index(b["severity"]))):
            level = words[b["severity"]] + (f"（{words['waived']}）" if b.get("waived") else "")
            style = "dim" if b.get("waived") else STYLES.get(b["severity"], "")
            body = _Body(b["message"], clause_title(b.get("clause") or "", report.lang), b.get("hint"),
                         b.get("reason") and f"{words['reason']}{b['reason']}")
            grid.add_row("", Text(f"{level} {b['rule']}", style=style), body)
        console.print(grid)
    console.print(Text(summary_line(report), style="bold"))


def _batch_rules(report: Report, path: str) -> list[str]:
    """The rules of the error-level batch findings that name the project at ``path``, each once."""
    return list(dict.fromkeys(b["rule"] for b in report.batch_findings if path in b.get("projects", [])
                              and b["severity"] == "error" and not b.get("waived")))


def _print_findings(console: Console, findings, words: dict, lang: str) -> None:
    """Errors first, then warnings, then notes; waived ones last; within each, grouped by file."""
    from wuxiao_cli.report.collapse import collapse  # as rich.table: only a report with findings needs it

    for waived in (False, True):
        for severity in SEVERITIES:
            chosen = [f for f in findings if f.severity == severity and f.waived == waived]
            if not chosen:
                continue
            label = words[severity] + (f"（{words['waived']}）" if waived else "") + f" {len(chosen)}"
            console.print(Text(label, style="dim" if waived else STYLES[severity]))
            by_file: dict[str, list] = {}
            for f in chosen:
                by_file.setdefault(f.file or words["project"], []).append(f)
            for file, group in by_file.items():
                console.print(Text(f"  {safe(file)}", style="bold"))
                grid = _grid(4)
                for line in collapse(group, lang):
                    f = line.finding
                    body = _Body(line.message, clause_title(f.clause, lang), f.hint,
                                 f.reason and f"{words['reason']}{f.reason}")
                    grid.add_row("", Text(f.rule, style=STYLES[severity]), body)
                console.print(grid)


def _grid(label_width: int) -> Table:
    """Indent, a label column, and a body that wraps under itself."""
    from rich.table import Table  # a report without findings lays out none

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=2)
    grid.add_column(width=label_width, no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


@dataclass(frozen=True)
class _Body:
    """A finding's message 〔clause〕, → hint and waiver reason, wrapped to its column as the 整改清单 wraps
    (report.checklist.wrap: a Chinese run breaks anywhere, an ASCII word stays whole, no line starts
    with "，"). rich breaks only at spaces, so a sentence after "2 " or "craftsman/ " jumped whole to
    the next line."""

    message: str
    clause: str | None
    hint: str | None
    reason: str | None = None

    def _paragraphs(self) -> list[tuple[str, str, str]]:  # (text, first line's lead, later lines' lead)
        out = [(self.message + (f"  〔{self.clause}〕" if self.clause else ""), "", "")]
        if self.hint:
            out.append((self.hint, "→ ", "  "))
        if self.reason:
            out.append((self.reason, "", ""))
        return out

    def __rich_console__(self, console, options):
        from wuxiao_cli.report.checklist import wrap

        width = max(options.max_width, 8)
        text = Text("\n".join(line for p in self._paragraphs() for line in wrap(p[0], p[1], p[2], width)))
        text.highlight_regex(r"〔[^〕]*〕", "dim")
        yield text

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        from wuxiao_cli.report.checklist import cols

        return Measurement(min(8, options.max_width), max(cols(lead + t) for t, lead, _ in self._paragraphs()))
