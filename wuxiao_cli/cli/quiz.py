"""`wuxiao quiz template OUT.xlsx` and `wuxiao quiz check FILE.xlsx`: the 附件5 quiz bank on its own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.cli.common import OutputOpt, ProfileOpt, StrictOpt, command_group

quiz_app = command_group("quiz", "成果题库（附件5）：生成模板、单独检查一个题库文件。")


@quiz_app.command("template")
def template(
    out: Annotated[Path, typer.Argument(help="要写出的模板文件，如 quizbank.xlsx", metavar="模板文件")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已存在的文件")] = False,
    profile: ProfileOpt = None,
) -> None:
    """生成附件5题库模板：表头、三行示例（填写前删除）、下拉列表和填写说明（题数按规则集）。"""
    from wuxiao_cli.cli.common import fail_usage, profile_or_exit
    from wuxiao_cli.ops import Exists, OpError, file_size, quiz_template
    from wuxiao_cli.quiz import how_to_fill

    prof = profile_or_exit(profile)
    try:
        quiz_template(out, overwrite, prof)
    except Exists as exc:
        raise fail_usage(f"{exc}，或加 --overwrite") from None
    except OpError as exc:
        raise fail_usage(str(exc)) from None

    typer.echo(f"已生成题库模板 {out}（{file_size(out)}）：{how_to_fill(prof)}")


@quiz_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="题库文件 .xlsx", metavar="题库文件")],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="规则集 ID 或 JSON 文件")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式 table|json")] = "table",
    output: OutputOpt = None,
    strict: StrictOpt = False,
    lang: Annotated[str, typer.Option("--lang", help="消息语言 zh|en")] = "zh",
) -> None:
    """单独检查一个题库文件（与 check 相同的 Q 规则；不对照视频时长，即不含 Q014）。"""
    from wuxiao_cli.cli.common import fail_usage, profile_or_exit, refuse_overwriting_inputs, show_report
    from wuxiao_cli.engine import Options, ProjectResult, run_rules
    from wuxiao_cli.quiz.standalone import BankOnly
    from wuxiao_cli.report import Report

    if fmt not in ("table", "json"):
        raise fail_usage(f"--format 只能是 table 或 json，而不是 {fmt}")
    if lang not in ("zh", "en"):
        raise fail_usage(f"--lang 只能是 zh 或 en，而不是 {lang}")
    if not file.exists():
        raise fail_usage(f"找不到文件 {file}")
    if not file.is_file():
        raise fail_usage(f"{file} 不是文件：请给出题库 .xlsx 文件的路径")
    refuse_overwriting_inputs(output, [file])
    prof = profile_or_exit(profile)
    bank = BankOnly(file, prof)
    findings = run_rules(bank, Options(lang=lang))
    result = ProjectResult(path=bank.display, name=bank.name, findings=findings, root=None)
    report = Report(prof.id, [result], strict=strict, lang=lang)
    show_report(report, fmt, output)
    raise typer.Exit(0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(quiz_app, name="quiz")
