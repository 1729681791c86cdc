"""What the command modules share: option types, one-line usage errors, writing reports and files.

Exit codes (SPEC §3): 0 every project passes; 1 an error finding (or a warning with --strict);
2 a usage problem. The rule engine, profiles and readers are imported inside the helpers that use them,
so that `wuxiao --help` starts without them.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.ops import file_size
from wuxiao_cli.text import READABLE, os_reason


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


def command_group(name: str | None, help_text: str) -> typer.Typer:
    """A Typer app as every wuxiao command group is made: help when called bare, no shell-completion
    options, plain (not rich) help text, and no pretty tracebacks (main() reports faults in one line)."""
    return typer.Typer(name=name, help=help_text, no_args_is_help=True, add_completion=False,
                       rich_markup_mode=None, pretty_exceptions_enable=False)


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
    """A report for people: in a file, UTF-8 with a BOM and CRLF like the 整改清单, so that any Notepad opens it."""
    _write(lambda out: out.write(text), output, encoding="utf-8-sig", newline="\r\n")


def write_json(data: dict, output: Path | None) -> None:
    from wuxiao_cli.report.json_report import dump_json

    _write(lambda out: dump_json(data, out), output)  # plain UTF-8: JSON readers refuse a BOM (RFC 8259)


def _write(fill, output: Path | None, encoding: str = "utf-8", newline: str | None = None) -> None:
    """``fill(stream)`` writes a report: to ``output`` (and says so), or to standard output."""
    if output is None:
        fill(sys.stdout)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding=encoding, errors=READABLE, newline=newline) as out:  # a name that is not UTF-8 as \xb8
            fill(out)
    except OSError as exc:
        raise fail_usage(f"无法写入 {output}：{os_reason(exc)}") from None
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
# The report options of the commands that check (check, verify, quiz check, pack)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="报告格式 table|json")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="把报告写入文件而不是屏幕（在 PowerShell 里请用它，不要用 > 重定向：会存成乱码）")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="警告也算不通过")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="豁免某条规则（可重复），记入报告")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="豁免理由")]


def use_color(choice: Color, output: Path | None) -> bool:
    """--color always/never wins; auto colours a terminal unless NO_COLOR is set (no-color.org)."""
    import os

    if choice is not Color.auto:
        return choice is Color.always
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def show_report(report, fmt: Format | str, output: Path | None = None) -> None:
    """check-like commands (quiz check, pack, verify): JSON, or the table through print_text_report."""
    if Format(fmt) is Format.json:
        write_json(report.to_dict(), output)
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


def announce(path: Path) -> None:
    """Every file the tool writes is named on stderr with its size (stdout may be a JSON report)."""
    typer.echo(f"已写入 {path}（{file_size(path)}）", err=True)


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)
