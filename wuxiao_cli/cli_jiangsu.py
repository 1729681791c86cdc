"""`wuxiao jiangsu …`: commands for the Jiangsu provincial nominations (profile jiangsu-2023)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.cli import ProfileOpt, fail_usage, file_size, profile_or_exit

jiangsu_app = typer.Typer(
    help="江苏省职工“五小”省级优秀项目提名：生成提名函等。\n\nJiangsu provincial nominations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DEFAULT_PROFILE = "jiangsu-2023"


@jiangsu_app.command("letter")
def letter(
    batch: Annotated[Path, typer.Argument(help="批次文件夹：各项目文件夹 + nominator.toml")],
    output: Annotated[Path, typer.Option("--output", "-o", help="提名函 .docx 的保存路径")] = Path("提名函.docx"),
    profile: ProfileOpt = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已存在的文件")] = False,
) -> None:
    """生成提名函（附件1）：项目数、首个项目名称、按优先次序的项目清单，以及限 400 字的工作情况。"""
    from wuxiao_cli.jiangsu.letter import LetterError, write_letter

    prof = profile_or_exit(profile or DEFAULT_PROFILE)
    if not prof.section("nominators"):
        raise fail_usage(f"规则集 {prof.id} 没有提名单位设置（nominators），不能生成提名函")
    try:
        result = write_letter(batch, prof, output, overwrite=overwrite)
    except LetterError as exc:
        if exc.usage:
            raise fail_usage(str(exc)) from None
        typer.echo(f"wuxiao: {exc}", err=True)
        raise typer.Exit(1) from None
    for warning in result.warnings:
        typer.echo(f"注意：{warning}", err=True)
    typer.echo(f"已生成提名函 {output}（{file_size(output)}）：{result.nominator.name}，共 {len(result.rows)} 个项目")


def register(app: typer.Typer) -> None:
    app.add_typer(jiangsu_app, name="jiangsu")
