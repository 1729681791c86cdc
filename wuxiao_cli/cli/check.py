"""`wuxiao check`: one project, several, a batch folder or received archives; the work is ops.check_projects."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.cli.common import (
    Color,
    ColorOpt,
    Format,
    FormatOpt,
    IgnoreOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    ReasonOpt,
    StrictOpt,
    announce,
    fail_usage,
    print_text_report,
    profile_or_exit,
    refuse_overwriting_inputs,
    rule_ids_or_exit,
    use_color,
    video_reader_or_exit,
    waivers_or_exit,
    write_json,
)
from wuxiao_cli.fsops import why_not
from wuxiao_cli.ops import default_jobs
from wuxiao_cli.text import os_reason


def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="项目文件夹、收到的压缩包（zip/7z/rar），或装有多个项目的上级文件夹（默认当前文件夹）", metavar="路径")] = None,
    profile: ProfileOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    ignore: IgnoreOpt = None,
    reason: ReasonOpt = "",
    waivers_file: Annotated[Path | None, typer.Option(
        "--waivers", help="豁免清单（TOML：每条 [[waiver]] 写 rule、reason，可选 file），用于所有项目")] = None,
    lang: LangOpt = Lang.zh,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="同时检查的项目数（默认 CPU 核数）")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="每个项目的检查时限（秒），超时记为 B005")] = 120.0,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="另存报告：.html 图文报告（缩略图、实测数值、字数条），或 .xlsx Excel 报告（汇总、问题明细、配额）")] = None,
    fixlists: Annotated[Path | None, typer.Option("--fixlists", help="为每个不通过的项目写一份整改清单到此文件夹")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="与上次的 JSON 报告对比：新增/仍存在/已修复")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="多个项目时也逐条列出每个项目的问题")] = False,
    color: ColorOpt = Color.auto,
    max_memory: Annotated[float, typer.Option("--max-memory", help="批量检查时每个项目的内存上限（GB，0 为不限；Linux/macOS）")] = 2.0,
) -> None:
    """检查一个或多个项目文件夹，列出每个问题、数值和修改建议。"""

    from wuxiao_cli.batch.baseline import BaselineError, apply_baseline, load_baseline
    from wuxiao_cli.batch.summary import print_summary, progress_bar
    from wuxiao_cli.engine import Options
    from wuxiao_cli.ops import OpError, check_projects, gather_projects

    prof = profile_or_exit(profile)
    video_reader_or_exit(prof)
    waived = rule_ids_or_exit(ignore or [])
    options = Options(ignore=waived, reason=reason, lang=lang.value, waivers=tuple(waivers_or_exit(waivers_file)))
    refuse_overwriting_inputs(output, paths or [Path(".")])
    if jobs is not None and jobs < 1:
        raise fail_usage("--jobs 至少为 1")
    if timeout <= 0:
        raise fail_usage("--timeout 必须大于 0 秒")
    if max_memory < 0:
        raise fail_usage("--max-memory 不能为负数（0 表示不限）")
    old = None
    if baseline is not None:
        try:
            old = load_baseline(baseline)
        except BaselineError as exc:
            raise fail_usage(str(exc)) from None
    given = paths or [Path(".")]
    html = _report_kind(report_file) == "html"
    try:
        roots = gather_projects(given, prof)
        if len(roots) == 1:  # one project's broken wuxiao.toml is a usage error; in a batch, that project's B006
            waivers_or_exit(*roots[0])
        with progress_bar(len(roots), lang.value, enabled=not quiet, color=color is not Color.never) as tick:
            checked = check_projects(roots, given, prof, options, strict=strict, jobs=jobs or default_jobs(),
                                     timeout=timeout, max_memory_gb=max_memory, progress=tick, cards=html)
    except OpError as exc:
        raise fail_usage(str(exc)) from None
    report, data, quota, is_batch = checked.report, checked.data, checked.quota, checked.is_batch
    if old is not None:
        apply_baseline(data, old, baseline.as_posix())
    if not roots and (empty := empty_nominator_batch(given, prof)) is not None:
        typer.echo(empty, err=fmt is Format.json)  # the batch's own findings (J001…) follow
    if fmt is Format.json:
        write_json(data, output)
    else:
        shown = is_batch and bool(roots)  # no table of no projects
        whole = output is not None or not sys.stdout.isatty()  # a file or pipe is read later: names in full
        summary = (lambda console: print_summary(data, lang.value, console, prof, whole=whole)) \
            if shown or old is not None else None
        print_text_report(report, output, use_color(color, output), verbose=verbose, extra=summary)
    if html:
        _write_html(checked, report_file, lang.value)
        report_file = None
    _write_batch_files(data, quota, prof, report_file, fixlists)
    raise typer.Exit(0 if report.ok else 1)


# --report's format is its extension (SPEC §3, §10); anything else would be a workbook under a wrong name
REPORT_KINDS = {".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def empty_nominator_batch(given: list[Path], prof) -> str | None:
    """The line for a nominator's batch folder that holds no project yet (`wuxiao init BATCH --nominator`
    made it), or None for anything else."""
    from wuxiao_cli.discover import is_nominator_batch

    if len(given) != 1 or not is_nominator_batch(given[0], prof):
        return None
    example = (given[0] / "01-项目名").as_posix()
    return f"提名文件夹中还没有项目：用 wuxiao init {example} --profile {prof.id} 添加"


def _report_kind(path: Path | None) -> str | None:
    """"html" or "xlsx" for --report, None without it; another extension is a usage error before any check."""
    if path is None:
        return None
    if (kind := REPORT_KINDS.get(path.suffix.lower())) is None:
        shown = f"不支持扩展名 {path.suffix}" if path.suffix else "没有扩展名"
        raise fail_usage(f"--report {path}：{shown}；报告格式由扩展名决定：.html 或 .htm（图文报告）、.xlsx（Excel 报告）；"
                         "JSON 报告请用 --format json -o 文件.json")
    return kind


def _write_html(checked, path: Path, lang: str) -> None:
    from wuxiao_cli.ops import html_report

    try:
        path.write_text(html_report(checked, lang), encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"无法写入 {path}：{os_reason(exc)}") from None
    announce(path)


def _write_batch_files(data: dict, quota: list[dict], prof, report_xlsx: Path | None, fixlists: Path | None) -> None:
    """--report workbook and --fixlists 整改清单: written outside the project folders only."""
    if report_xlsx is not None:
        from wuxiao_cli.report.xlsx_report import write_xlsx

        try:
            write_xlsx(data, quota, report_xlsx, prof)
        except OSError as exc:
            raise fail_usage(f"无法写入 {report_xlsx}：{why_not(exc, report_xlsx)}") from None
        announce(report_xlsx)
    if fixlists is not None:
        from wuxiao_cli.batch.fixlists import write_fixlists

        try:
            for written in write_fixlists(data, fixlists, prof):
                announce(written)
        except OSError as exc:
            raise fail_usage(f"无法写入整改清单到 {fixlists}：{os_reason(exc)}") from None


def register(app: typer.Typer) -> None:
    app.command()(check)
