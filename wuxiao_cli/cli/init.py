"""`wuxiao init`: a new project (or Jiangsu nominator) folder with its form templates; the work is ops.init_project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.cli.common import ProfileOpt, fail_usage, profile_or_exit


def init(
    path: Annotated[Path, typer.Argument(help="新项目文件夹，或已放了部分材料的文件夹（只补充缺少的，不覆盖）", metavar="文件夹")],
    profile: ProfileOpt = None,
    nominator: Annotated[bool, typer.Option("--nominator", help="改建提名单位批次文件夹（江苏：nominator.toml 和 nominator/）")] = False,
) -> None:
    """新建项目文件夹：表单模板（含每项字数要求）、各材料文件夹和填写说明。"""
    from wuxiao_cli.ops import OpError, init_project
    from wuxiao_cli.scaffold import profile_option

    prof = profile_or_exit(profile)
    try:
        written = init_project(path, prof, nominator)
    except OpError as exc:
        raise fail_usage(str(exc)) from None
    typer.echo(f"已创建{'提名批次文件夹' if nominator else '项目文件夹'} {path}：")
    for rel in written:
        typer.echo(f"  {rel}")
    typer.echo(f"填写 {'nominator.toml' if nominator else 'form.docx'}、放入材料后运行：wuxiao check {path}{profile_option(prof)}")


def register(app: typer.Typer) -> None:
    app.command()(init)
