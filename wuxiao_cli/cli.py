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

from wuxiao_cli import __version__, rules
from wuxiao_cli.profile import ProfileError, load_profile

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
    try:
        return load_profile(ref)
    except ProfileError as exc:
        raise fail_usage(str(exc)) from None


def rule_ids_or_exit(ids: list[str]) -> frozenset[str]:
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
) -> None:
    """检查一个或多个项目文件夹，列出每个问题、数值和修改建议。"""
    from wuxiao_cli.discover import find_projects
    from wuxiao_cli.engine import Options, check_project
    from wuxiao_cli.report import Report
    from wuxiao_cli.report.json_report import render_json
    from wuxiao_cli.report.table import render_table

    prof = profile_or_exit(profile)
    waived = rule_ids_or_exit(ignore or [])
    options = Options(ignore=waived, reason=reason, lang=lang.value)
    roots = []
    for path in paths or [Path(".")]:
        if not path.exists():
            raise fail_usage(f"找不到路径 {path}")
        if not path.is_dir():
            raise fail_usage(f"{path} 不是文件夹：请给出项目文件夹的路径")
        roots.extend(find_projects(path, prof))
    results = [check_project(r, prof, options, display=r.as_posix()) for r in roots]
    report = Report(prof.id, results, strict=strict, lang=lang.value,
                    waivers={r: reason for r in sorted(waived)})
    if fmt is Format.json:
        text = render_json(report)
    else:
        color = output is None and sys.stdout.isatty()
        text = render_table(report, color=color, width=None if output else _terminal_width())
    write_output(text, output)
    raise typer.Exit(0 if report.ok else 1)


def _terminal_width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 24)).columns)


@app.command("rules")
def list_rules(profile: ProfileOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出规则：编号、级别、依据条款和一句话说明。"""
    prof = profile_or_exit(profile)
    for r in rules.for_profile(prof, scope=None):
        typer.echo(f"{r.id}\t{r.severity}\t{r.clause}\t{r.title(lang.value)}")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，如 P005")], lang: LangOpt = Lang.zh) -> None:
    """解释一条规则：它检查什么、依据哪一条、怎么改。"""
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
    from wuxiao_cli.profile import builtin_ids

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
