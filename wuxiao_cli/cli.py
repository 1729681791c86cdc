"""The `wuxiao` command line: turns options into settings, wires loader → engine → reporter, and exits.

Exit codes (SPEC §3): 0 every project passes; 1 an error finding (or a warning with --strict);
2 a usage problem. Any other failure is a bug and still ends in a one-line message, never a traceback.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli import __version__

# The rule engine, profiles and readers are imported inside the commands that use them, so that
# `wuxiao --help` and `wuxiao --version` start without them.

app = typer.Typer(
    name="wuxiao",
    help="职工“五小”创新成果申报材料离线检查与打包工具。\n\nOffline checker and packager for 五小 submissions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def fail_usage(message: str) -> typer.Exit:
    """Print a one-line usage error to stderr; the caller raises the returned Exit(2)."""
    typer.echo(f"wuxiao: {message}", err=True)
    return typer.Exit(2)


def profile_or_exit(ref: str | None):
    from wuxiao_cli.profile import ProfileError, load_profile

    try:
        return load_profile(ref)
    except ProfileError as exc:
        raise fail_usage(str(exc)) from None


def rule_ids_or_exit(ids: list[str]) -> frozenset[str]:
    from wuxiao_cli import rules

    out = set()
    for rid in ids:
        try:
            out.add(rules.get(rid).id)
        except rules.UnknownRule:
            raise fail_usage(f"没有编号为 {rid} 的规则（`wuxiao rules` 列出全部规则）") from None
    return frozenset(out)


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"无法写入 {output}：{exc.strerror or exc}") from None


ProfileOpt = Annotated[str | None, typer.Option("--profile", "-p", help="规则集 ID 或 JSON 文件（默认 national-2024）")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="消息语言 zh|en")]


def _default_jobs() -> int:
    import os

    return max(1, os.cpu_count() or 1)


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="项目文件夹，或装有多个项目的上级文件夹（默认当前文件夹）")] = None,
    profile: ProfileOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式 table|json")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把报告写入文件而不是屏幕")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也算不通过")] = False,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="豁免某条规则（可重复），记入报告")] = None,
    reason: Annotated[str, typer.Option("--reason", help="豁免理由")] = "",
    lang: LangOpt = Lang.zh,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="同时检查的项目数（默认 CPU 核数）")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="每个项目的检查时限（秒），超时记为 B005")] = 120.0,
    report_xlsx: Annotated[Path | None, typer.Option("--report", help="另存 Excel 报告（汇总、问题明细、配额）")] = None,
    fixlists: Annotated[Path | None, typer.Option("--fixlists", help="为每个不通过的项目写一份整改清单到此文件夹")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="与上次的 JSON 报告对比：新增/仍存在/已修复")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条")] = False,
    max_memory: Annotated[float, typer.Option("--max-memory", help="批量检查时每个项目的内存上限（GB，0 为不限；Linux/macOS）")] = 2.0,
) -> None:
    """检查一个或多个项目文件夹，列出每个问题、数值和修改建议。"""

    from wuxiao_cli.batch.baseline import BaselineError, apply_baseline, load_baseline
    from wuxiao_cli.batch.cross import run_batch_rules
    from wuxiao_cli.batch.quota import quota_rows
    from wuxiao_cli.batch.runner import run_batch
    from wuxiao_cli.batch.summary import progress_bar, render_summary
    from wuxiao_cli.discover import find_projects
    from wuxiao_cli.engine import Batch, Options
    from wuxiao_cli.report import Report
    from wuxiao_cli.report.json_report import render_json
    from wuxiao_cli.report.table import render_table

    prof = profile_or_exit(profile)
    waived = rule_ids_or_exit(ignore or [])
    options = Options(ignore=waived, reason=reason, lang=lang.value)
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
    roots: list[tuple[Path, str]] = []
    seen = set()
    given = paths or [Path(".")]
    for path in given:
        if not path.exists():
            raise fail_usage(f"找不到路径 {path}")
        if not path.is_dir():
            raise fail_usage(f"{path} 不是文件夹：请给出项目文件夹的路径")
        for r in find_projects(path, prof):
            if (key := r.resolve()) not in seen:
                seen.add(key)
                roots.append((r, r.as_posix()))
    with progress_bar(len(roots), lang.value, enabled=not quiet) as tick:
        results = run_batch(roots, prof, options, jobs=jobs or _default_jobs(), timeout=timeout, progress=tick,
                            max_memory_gb=max_memory)
    is_batch = len(results) > 1
    batch_root = given[0] if len(given) == 1 and is_batch else None
    batch_findings = run_batch_rules(Batch(prof, results, batch_root), options) if is_batch else []
    report = Report(prof.id, results, strict=strict, lang=lang.value, batch_findings=batch_findings,
                    waivers={r: reason for r in sorted(waived)})
    data = report.to_dict()
    with_quota = is_batch and prof.enabled("B004")  # 附件2 quotas: only profiles that apply B004
    quota = [q.to_dict() for q in quota_rows(results, prof)] if with_quota else []
    if with_quota:
        data["quota"] = quota
    if old is not None:
        apply_baseline(data, old, baseline.as_posix())
    if fmt is Format.json:
        text = render_json(data)
    else:
        color = output is None and sys.stdout.isatty()
        width = None if output else _terminal_width()
        text = render_table(report, color=color, width=width)
        if is_batch or old is not None:
            text += render_summary(data, lang.value, color=color, width=width)
    write_output(text, output)
    _write_batch_files(data, quota, prof, report_xlsx, fixlists)
    raise typer.Exit(0 if report.ok else 1)


def _write_batch_files(data: dict, quota: list[dict], prof, report_xlsx: Path | None, fixlists: Path | None) -> None:
    """--report workbook and --fixlists 整改清单: written outside the project folders only."""
    if report_xlsx is not None:
        from wuxiao_cli.report.xlsx_report import write_xlsx

        try:
            write_xlsx(data, quota, report_xlsx)
        except OSError as exc:
            raise fail_usage(f"无法写入 {report_xlsx}：{exc.strerror or exc}（文件是否正在 Excel/WPS 中打开？）") from None
    if fixlists is not None:
        from wuxiao_cli.batch.fixlists import write_fixlists

        try:
            write_fixlists(data, fixlists, prof)
        except OSError as exc:
            raise fail_usage(f"无法写入整改清单到 {fixlists}：{exc.strerror or exc}") from None


def _terminal_width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 24)).columns)


@app.command("rules")
def list_rules(profile: ProfileOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出规则：编号、级别、依据条款和一句话说明。"""
    from wuxiao_cli import rules

    prof = profile_or_exit(profile)
    for r in rules.for_profile(prof, scope=None):
        typer.echo(f"{r.id}\t{r.severity}\t{r.clause}\t{r.title(lang.value)}")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，如 P005")], lang: LangOpt = Lang.zh) -> None:
    """解释一条规则：它检查什么、依据哪一条、怎么改。"""
    from wuxiao_cli import rules

    try:
        r = rules.get(rule_id)
    except rules.UnknownRule:
        raise fail_usage(f"没有编号为 {rule_id} 的规则（`wuxiao rules` 列出全部规则）") from None
    zh = lang is Lang.zh
    severity = {"E": "错误", "W": "警告", "I": "提示", "E/W": "错误/警告", "I/W": "提示/警告"}.get(r.severity, r.severity)
    typer.echo(f"{r.id}  {r.title(lang.value)}")
    typer.echo(f"{'级别' if zh else 'Severity'}：{severity if zh else r.severity}")
    typer.echo(f"{'依据' if zh else 'Clause'}：{r.clause}")
    from wuxiao_cli.clauses import clause_text

    if text := clause_text(r.clause):
        typer.echo(f"{'条款原文' if zh else 'Clause text'}：{text}")
    typer.echo("")
    typer.echo(r.doc)
    typer.echo("")
    typer.echo(f"{'修改方法' if zh else 'Fix'}：{r.hint(lang.value)}")


@app.command()
def profiles() -> None:
    """列出内置规则集：通知、时间和报送邮箱。"""
    from wuxiao_cli.profile import builtin_ids, load_profile

    for pid in builtin_ids():
        p = load_profile(pid).data
        typer.echo(f"{pid}\t{p['title']}")
        typer.echo(f"  通知：{p['notice']}")
        typer.echo(f"  时间：{p['dates']['start']} 至 {p['dates']['end']}")
        typer.echo(f"  报送：{p['recipient']}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="新项目文件夹（不存在或为空）")],
    profile: ProfileOpt = None,
) -> None:
    """新建项目文件夹：表单模板（含每项字数要求）、各材料文件夹和填写说明。"""
    from wuxiao_cli.scaffold import ScaffoldError, scaffold

    prof = profile_or_exit(profile)
    try:
        written = scaffold(path, prof)
    except ScaffoldError as exc:
        raise fail_usage(str(exc)) from None
    typer.echo(f"已创建项目文件夹 {path}：")
    for rel in written:
        typer.echo(f"  {rel}")
    typer.echo(f"填写 form.docx、放入材料后运行：wuxiao check {path}")


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本号")] = False,
) -> None:
    if version:
        typer.echo(f"wuxiao {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Entry point: UTF-8 output everywhere, and no traceback ever reaches the user."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("wuxiao: 已中断\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: a bug, reported in one line
        sys.stderr.write(f"wuxiao: 内部错误 {type(exc).__name__}: {exc}（请反馈给开发者）\n")
        sys.exit(2)


def _register_command_modules() -> None:
    """Each command family lives in its own module and adds its commands to the app."""
    from wuxiao_cli import cli_jiangsu, cli_pack, cli_quiz

    for module in (cli_pack, cli_quiz, cli_jiangsu):
        module.register(app)


_register_command_modules()
