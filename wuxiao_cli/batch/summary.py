"""The batch summary table (one line a project, failed first) and the progress bar on stderr."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich loads when a summary or a progress bar is drawn, not with this module
    from rich.console import Console

WORDS = {
    "zh": {"cols": ("结果", "创新成果名称", "成果完成单位", "所属上级工会", "错误", "警告", "文件夹"),
           "pass": "✓ 通过", "fail": "✗ 不通过", "title": "各项目检查结果", "progress": "检查项目",
           "baseline": "对比上次：新增 {new} 个，仍存在 {persisting} 个，已修复 {fixed_count} 个",
           "shared": "注：“整个批次”中的错误（如重复申报）计入它涉及的每个项目的错误数，合计只算一次",
           "fixed": "已修复", "new": "新增", "batch": "整个批次", "whole": "整个项目",
           "more": "  …另有 {n} 个，见 --report 报告或 --format json"},
    "en": {"cols": ("result", "name", "unit", "union", "errors", "warnings", "folder"),
           "pass": "✓ pass", "fail": "✗ fail", "title": "Projects", "progress": "Checking",
           "baseline": "Against the baseline: {new} new, {persisting} still there, {fixed_count} fixed",
           "shared": "Note: a batch error (e.g. a duplicate) counts in each project it names, once in the totals",
           "fixed": "fixed", "new": "new", "batch": "whole batch", "whole": "whole project",
           "more": "  … {n} more: see --report or --format json"},
}


def print_summary(data: dict, lang: str, console: Console, profile=None, *, whole: bool = False) -> None:
    """One row per project of a report dict: failed first, then by path. The name, unit and union columns
    are labelled as the profile's form labels them (``profile``, else the report's built-in one).
    On a terminal a row is one line and long names are cut with …; ``whole`` (a file or pipe, read later
    or searched, never narrowed by a window) wraps every name in full instead."""
    from rich import box  # rich's tables load only for a batch's summary
    from rich.table import Table
    from rich.text import Text

    words = WORDS.get(lang, WORDS["zh"])
    if words is WORDS["zh"]:
        from wuxiao_cli.report.columns import column_labels

        cols = words["cols"]
        words = {**words, "cols": (cols[0], *column_labels(profile, data.get("profile")), *cols[4:])}
    table = Table(title=words["title"], box=box.SIMPLE_HEAD, header_style="bold", expand=True)
    # A terminal: one line a project, long names cut with … (the reports have them). A file or pipe: wrapped
    ratios = (None, 3, 2, 2, None, None, 2)
    for i, (col, ratio) in enumerate(zip(words["cols"], ratios, strict=True)):
        table.add_column(col, justify="right" if i in (4, 5) else "left", no_wrap=not whole,
                         overflow="fold" if whole else "ellipsis", ratio=ratio, min_width={0: 9, 4: 4, 5: 4}.get(i, 4))
    # A row's cells only: a batch's project dicts are made one at a time and not kept (report.ProjectDicts)
    rows = sorted((p["status"] == "pass", p["path"], p["status"], p["name"], p.get("unit", ""), p.get("union", ""),
                   p["errors"], p["warnings"], p.get("batch_errors", 0)) for p in data["projects"])
    for _passed, path, result, name, unit, union, errors, warnings, _shared in rows:
        status = Text(words[result], style="green" if result == "pass" else "bold red")
        table.add_row(status, name, unit, union, str(errors), str(warnings), own_name(path))
    console.print(table)
    if any(row[-1] for row in rows):  # so the column's sum and the totals reconcile
        console.print(Text(words["shared"]))
    if base := data["summary"].get("baseline"):
        console.print(Text(words["baseline"].format(**base), style="bold"))
        for lines in _changes(data, base, words, profile):
            console.print(Text("\n".join(lines)))


BASELINE_LINES = 10  # of each kind: a first round's fixes can be a hundred; the reports list them all


def _changes(data: dict, base: dict, words: dict, profile) -> list[list[str]]:
    """What --baseline found fixed and new, one line a finding (rule, project, file or field): the counts
    alone do not say which."""
    from wuxiao_cli.package.naming import shorten
    from wuxiao_cli.report.columns import field_label

    def where(f: dict) -> str:
        field = f.get("field") and field_label(f["field"], profile, data.get("profile"))
        return " ".join(x for x in (f.get("file"), field) if x) or words["whole"]

    fixed = [f"{f.get('rule')}  {own_name(f['project'])}  {where(f)}" for f in base.get("fixed", [])]
    fixed += [f"{b.get('rule')}  {words['batch']}  {shorten(b.get('message') or '', 24)}" for b in base.get("fixed_batch", [])]
    new = [f"{f['rule']}  {own_name(p['path'])}  {where(f)}"
           for p in data["projects"] for f in p["findings"] if f.get("baseline") == "new"]
    new += [f"{b['rule']}  {words['batch']}  {shorten(b['message'], 24)}"
            for b in data.get("batch_findings", []) if b.get("baseline") == "new"]
    out = []
    for label, lines in ((words["fixed"], fixed), (words["new"], new)):
        if lines:
            shown = [f"  {label}  {line}" for line in lines[:BASELINE_LINES]]
            if len(lines) > BASELINE_LINES:
                shown.append(words["more"].format(n=len(lines) - BASELINE_LINES))
            out.append(shown)
    return out


def own_name(path: str) -> str:
    """The folder's or archive's own name: ``甲.zip`` of ``收件/汇总.zip › 甲.zip`` (the column is narrow, and
    what tells the rows apart is the end; the reports have the whole path)."""
    from wuxiao_cli.text import INSIDE

    return path.rstrip("/").rsplit("/", 1)[-1].rsplit(INSIDE, 1)[-1]


@contextmanager
def progress_bar(total: int, lang: str = "zh", *, enabled: bool = True, color: bool = True):
    """Yield a ``tick(result)`` callback; draws a rich bar on stderr only when it is a terminal, without
    colour when ``color`` is False (--color never; rich itself honours NO_COLOR)."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        yield lambda _result: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    words = WORDS.get(lang, WORDS["zh"])
    with Progress(TextColumn(words["progress"]), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=Console(stderr=True, no_color=not color, color_system="auto" if color else None),
                  transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda result: bar.update(task, advance=1, description=result.path)
