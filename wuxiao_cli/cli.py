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

from wuxiao_cli import __version__, cli_zh

# The rule engine, profiles and readers are imported inside the commands that use them, so that
# `wuxiao --help` and `wuxiao --version` start without them.

app = typer.Typer(
    name="wuxiao",
    help="职工“五小”创新成果申报材料离线检查与打包工具。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


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


def video_reader_or_exit(prof) -> None:
    """Stop with one line (exit 2) when the profile judges videos and libmediainfo cannot be loaded."""
    from wuxiao_cli.ops import video_reader_problem

    if problem := video_reader_problem(prof):
        raise fail_usage(problem)


def rule_ids_or_exit(ids: list[str]) -> frozenset[str]:
    from wuxiao_cli import rules

    out = set()
    for rid in ids:
        try:
            out.add(rules.get(rid).id)
        except rules.UnknownRule:
            raise fail_usage(f"没有编号为 {rid} 的规则（`wuxiao rules` 列出全部规则）") from None
    return frozenset(out)


def waivers_or_exit(path: Path | None, project: str | None = None) -> list:
    """--waivers FILE, or (``project`` given) that project's own wuxiao.toml; a broken one is a usage error."""
    from wuxiao_cli.waivers import WaiverError, load_waivers, project_waivers

    if path is None:
        return []
    try:
        return project_waivers(path, project) if project is not None else load_waivers(path)
    except WaiverError as exc:
        raise fail_usage(str(exc)) from None


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"无法写入 {output}：{exc.strerror or exc}") from None
    announce(output)


def refuse_overwriting_inputs(output: Path | None, inputs: list[Path]) -> None:
    """`-o` must not replace what is being checked: an input file, or an existing file in an input folder."""
    if output is None:
        return
    target = output.resolve()
    for given in inputs:
        source = given.resolve()
        if target == source or (target.is_file() and source in target.parents):
            raise fail_usage(f"-o {output} 会覆盖被检查的文件：请把报告写到项目文件夹以外的新文件")


ProfileOpt = Annotated[str | None, typer.Option("--profile", "-p", help="规则集 ID 或 JSON 文件（默认 national-2024）")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="消息语言 zh|en")]
ColorOpt = Annotated[Color, typer.Option("--color", help="颜色 auto|always|never（auto：终端且未设 NO_COLOR 时着色）")]


def use_color(choice: Color, output: Path | None) -> bool:
    """--color always/never wins; auto colours a terminal unless NO_COLOR is set (no-color.org)."""
    import os

    if choice is not Color.auto:
        return choice is Color.always
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def show_report(report, fmt: Format | str, output: Path | None = None) -> None:
    """check-like commands (quiz check, pack, verify): JSON, or the table through print_text_report."""
    if Format(fmt) is Format.json:
        from wuxiao_cli.report.json_report import render_json

        write_output(render_json(report.to_dict()), output)
    else:
        print_text_report(report, output, use_color(Color.auto, output))


def print_text_report(report, output: Path | None, color: bool, *, verbose: bool = True, extra=None) -> None:
    """The table on a terminal goes straight through rich (Windows consoles get colour); files get UTF-8 text."""
    from wuxiao_cli.report.table import make_console, print_report, render_table

    if output is None and sys.stdout.isatty():
        print_report(report, make_console(color=color), verbose=verbose, extra=extra)
        return
    write_output(render_table(report, color=color, width=None if output else _terminal_width(),
                              verbose=verbose, extra=extra), output)


def _default_jobs() -> int:
    from wuxiao_cli.ops import default_jobs

    return default_jobs()



@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="项目文件夹、收到的压缩包（zip/7z/rar），或装有多个项目的上级文件夹（默认当前文件夹）")] = None,
    profile: ProfileOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式 table|json")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把报告写入文件而不是屏幕")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告也算不通过")] = False,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="豁免某条规则（可重复），记入报告")] = None,
    reason: Annotated[str, typer.Option("--reason", help="豁免理由")] = "",
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

    from wuxiao_cli.archive.intake import Intake
    from wuxiao_cli.batch.baseline import BaselineError, apply_baseline, load_baseline
    from wuxiao_cli.batch.summary import print_summary, progress_bar
    from wuxiao_cli.engine import Options
    from wuxiao_cli.ops import OpError, check_projects, gather_projects
    from wuxiao_cli.report.json_report import render_json

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
    intake = ctx.with_resource(Intake(prof, options))  # archives: removed on exit
    given = paths or [Path(".")]
    try:
        roots = gather_projects(intake, given)
    except OpError as exc:
        raise fail_usage(str(exc)) from None
    project_waivers = [w for r, display in roots for w in waivers_or_exit(r, project=display)]
    with progress_bar(len(roots), lang.value, enabled=not quiet) as tick:
        checked = check_projects(intake, roots, given, prof, options, strict=strict, jobs=jobs or _default_jobs(),
                                 timeout=timeout, max_memory_gb=max_memory, progress=tick, waivers=project_waivers)
    report, data, quota, is_batch = checked.report, checked.data, checked.quota, checked.is_batch
    if old is not None:
        apply_baseline(data, old, baseline.as_posix())
    if fmt is Format.json:
        write_output(render_json(data), output)
    else:
        summary = (lambda console: print_summary(data, lang.value, console)) if is_batch or old is not None else None
        print_text_report(report, output, use_color(color, output), verbose=verbose, extra=summary)
    if report_file is not None and report_file.suffix.lower() in (".html", ".htm"):
        _write_html(checked, prof, report_file, lang.value, jobs or _default_jobs())
        report_file = None
    _write_batch_files(data, quota, prof, report_file, fixlists)
    raise typer.Exit(0 if report.ok else 1)


def file_size(path: Path) -> str:
    """A written file's size the way people read it: ``54 KB``, ``3.20 MB``."""
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return f"{size / 1048576:.2f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"


def announce(path: Path) -> None:
    """Every file the tool writes is named on stderr with its size (stdout may be a JSON report)."""
    typer.echo(f"已写入 {path}（{file_size(path)}）", err=True)


def _write_html(checked, prof, path: Path, lang: str, jobs: int) -> None:
    from wuxiao_cli.ops import html_report

    try:
        path.write_text(html_report(checked, prof, lang, jobs), encoding="utf-8")
    except OSError as exc:
        raise fail_usage(f"无法写入 {path}：{exc.strerror or exc}") from None
    announce(path)


def _write_batch_files(data: dict, quota: list[dict], prof, report_xlsx: Path | None, fixlists: Path | None) -> None:
    """--report workbook and --fixlists 整改清单: written outside the project folders only."""
    if report_xlsx is not None:
        from wuxiao_cli.report.xlsx_report import write_xlsx

        try:
            write_xlsx(data, quota, report_xlsx)
        except OSError as exc:
            raise fail_usage(f"无法写入 {report_xlsx}：{exc.strerror or exc}（文件是否正在 Excel/WPS 中打开？）") from None
        announce(report_xlsx)
    if fixlists is not None:
        from wuxiao_cli.batch.fixlists import write_fixlists

        try:
            for written in write_fixlists(data, fixlists, prof):
                announce(written)
        except OSError as exc:
            raise fail_usage(f"无法写入整改清单到 {fixlists}：{exc.strerror or exc}") from None


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


@app.command("rules")
def list_rules(profile: ProfileOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出规则：编号、级别、依据条款和一句话说明。"""
    from wuxiao_cli import rules

    prof = profile_or_exit(profile)
    for r in rules.for_profile(prof, scope=None):
        typer.echo(f"{r.id}\t{r.severity}\t{prof.clause_of(r)}\t{r.title(lang.value)}")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，如 P005")], lang: LangOpt = Lang.zh,
            profile: ProfileOpt = None) -> None:
    """解释一条规则：它检查什么、依据哪一条（--profile 给出该通知的条款）、怎么改。"""
    from wuxiao_cli import rules

    try:
        r = rules.get(rule_id)
    except rules.UnknownRule:
        raise fail_usage(f"没有编号为 {rule_id} 的规则（`wuxiao rules` 列出全部规则）") from None
    zh = lang is Lang.zh
    severity = {"E": "错误", "W": "警告", "I": "提示", "E/W": "错误/警告", "I/W": "提示/警告"}.get(r.severity, r.severity)
    typer.echo(f"{r.id}  {r.title(lang.value)}")
    typer.echo(f"{'级别' if zh else 'Severity'}：{severity if zh else r.severity}")
    from wuxiao_cli.clauses import clause_text

    prof = profile_or_exit(profile) if profile else None
    clause = prof.clause_of(r) if prof else r.clause
    typer.echo(f"{'依据' if zh else 'Clause'}：{clause}" + (f"（{prof.id}）" if prof else ""))
    if prof and not prof.enabled(r.id):
        typer.echo(f"规则集 {prof.id} 不运行这条规则" if zh else f"Profile {prof.id} does not run this rule")
    if text := clause_text(clause, prof):
        typer.echo(f"{'条款原文' if zh else 'Clause text'}：{text}")
    typer.echo(f"{'修改方法' if zh else 'Fix'}：{r.hint(lang.value)}")
    typer.echo("")
    # The docstring is the rule's technical account, mostly English: labelled, after the Chinese text
    typer.echo("技术说明（判断方法和例子）：" if zh else "How it is judged:")
    typer.echo(r.doc)


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
    path: Annotated[Path, typer.Argument(help="新项目文件夹，或已放了部分材料的文件夹（只补充缺少的，不覆盖）")],
    profile: ProfileOpt = None,
    nominator: Annotated[bool, typer.Option("--nominator", help="改建提名单位批次文件夹（江苏：nominator.toml 和 nominator/）")] = False,
) -> None:
    """新建项目文件夹：表单模板（含每项字数要求）、各材料文件夹和填写说明。"""
    from wuxiao_cli.ops import OpError, init_project

    prof = profile_or_exit(profile)
    try:
        written = init_project(path, prof, nominator)
    except OpError as exc:
        raise fail_usage(str(exc)) from None
    typer.echo(f"已创建项目文件夹 {path}：")
    for rel in written:
        typer.echo(f"  {rel}")
    typer.echo(f"填写 {'nominator.toml' if nominator else 'form.docx'}、放入材料后运行：wuxiao check {path}")


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
        code = app(prog_name="wuxiao", standalone_mode=False)
    except KeyboardInterrupt:
        sys.stderr.write("wuxiao: 已中断\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if not _is_click_error(exc):
            _internal_error(exc)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `wuxiao` alone: the help (in Chinese), exit 2
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "Abort":
            sys.stderr.write("wuxiao: 已中止\n")
            sys.exit(1)
        from wuxiao_cli.cli_zh import usage_error

        ctx = getattr(exc, "ctx", None)
        where = f"（`{ctx.command_path} --help` 查看用法）" if ctx is not None else "（`wuxiao --help` 查看用法）"
        sys.stderr.write(f"wuxiao: {usage_error(exc.format_message())}{where}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


def _is_click_error(exc: Exception) -> bool:
    """Click's usage errors and Abort (Typer vendors Click, so they are recognised by shape, not import)."""
    return (hasattr(exc, "format_message") and hasattr(exc, "exit_code")) or type(exc).__name__ == "Abort"


def _internal_error(exc: Exception) -> None:
    """The last line of defence: a bug, reported in one line, never a traceback."""
    sys.stderr.write(f"wuxiao: 内部错误 {type(exc).__name__}: {exc}（请反馈给开发者）\n")
    sys.exit(2)


def _register_command_modules() -> None:
    """Each command family lives in its own module and adds its commands to the app."""
    from wuxiao_cli import cli_gui, cli_jiangsu, cli_pack, cli_quiz

    for module in (cli_pack, cli_quiz, cli_jiangsu, cli_gui):
        module.register(app)


_register_command_modules()
cli_zh.install(app)
