"""--format table: findings grouped by project, errors first, and a one-line summary. Only this knows colour."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from wuxiao_cli.report import Report

LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "pass": "✓ 通过", "fail": "✗ 不通过",
           "cols": ("级别", "规则", "文件/栏目", "问题与修改建议", "依据"), "waived": "已豁免"},
    "en": {"error": "error", "warning": "warning", "info": "info", "pass": "✓ pass", "fail": "✗ fail",
           "cols": ("level", "rule", "file/field", "problem and fix", "clause"), "waived": "waived"},
}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(report: Report) -> str:
    s = report.to_dict()["summary"]
    if report.lang == "en":
        return (f"{s['projects']} project(s): {s['passed']} passed, {s['failed']} failed; "
                f"{s['errors']} error(s), {s['warnings']} warning(s).")
    return (f"共 {s['projects']} 个项目：{s['passed']} 个通过，{s['failed']} 个不通过；"
            f"错误 {s['errors']} 个，警告 {s['warnings']} 个。")


def render_table(report: Report, *, color: bool = False, width: int | None = None) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or 120,
                      highlight=False, soft_wrap=False)
    words = LABELS[report.lang]
    ordered = sorted(report.projects, key=lambda p: (p.passed(report.strict), p.path))
    for result in ordered:
        status = "pass" if result.passed(report.strict) else "fail"
        head = Text()
        head.append(words[status], style="bold green" if status == "pass" else "bold red")
        head.append(f"  {result.name}  ({result.path})  ")
        head.append(f"{words['error']} {result.errors} · {words['warning']} {result.warnings}")
        console.print(head)
        if result.findings:
            table = Table(box=box.SIMPLE, show_header=True, header_style="bold", expand=False, pad_edge=False)
            for col in words["cols"]:
                table.add_column(col, overflow="fold")
            for f in result.findings:
                level = words[f.severity] + (f" ({words['waived']})" if f.waived else "")
                where = " ".join(x for x in (f.file, f"[{f.field}]" if f.field else None) if x) or "—"
                body = Text(f.message)
                body.append(f"\n→ {f.hint}", style="dim")
                table.add_row(Text(level, style="dim" if f.waived else STYLES[f.severity]), f.rule, where, body,
                              f.clause)
            console.print(table)
        console.print()
    for b in report.batch_findings:
        console.print(Text(f"[{b['rule']}] {b['message']}  ({'、'.join(b.get('projects', []))})",
                           style=STYLES.get(b["severity"], "")))
    console.print(Text(summary_line(report), style="bold"))
    return buf.getvalue()
