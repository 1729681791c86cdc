"""`wuxiao jiangsu …`: commands for the Jiangsu provincial nominations (profile jiangsu-2023)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli.cli.common import command_group, fail_usage, profile_or_exit
from wuxiao_cli.ops import file_size

jiangsu_app = command_group(None, "江苏省职工“五小”省级优秀项目提名：生成提名函等。")

DEFAULT_PROFILE = "jiangsu-2023"
# Not common.ProfileOpt: that one's help names the national default, and these commands run under Jiangsu's.
JiangsuProfileOpt = Annotated[str, typer.Option("--profile", "-p", help="规则集 ID 或 JSON 文件（须有提名单位设置 nominators）")]


@jiangsu_app.command("letter")
def letter(
    batch: Annotated[Path, typer.Argument(help="批次文件夹：各项目文件夹 + nominator.toml", metavar="批次文件夹")],
    output: Annotated[Path, typer.Option("--output", "-o", help="提名函 .docx 的保存路径")] = Path("提名函.docx"),
    profile: JiangsuProfileOpt = DEFAULT_PROFILE,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已存在的文件")] = False,
    force: Annotated[bool, typer.Option("--force", help="批次违反限额或比例等要求时仍生成（在屏幕上列出违反之处）")] = False,
) -> None:
    """生成提名函（附件1）：项目数、首个项目名称、按优先次序的项目清单，以及限 400 字的工作情况。

    先运行批次规则（J）：提名函声明批次符合通知要求，批次超出限额、比例或有重复时拒绝生成（退出码 1），
    加 --force 仍生成并列出违反之处。
    """
    from wuxiao_cli.jiangsu.letter import LetterError, write_letter

    prof = profile_or_exit(profile)
    if not prof.section("nominators"):
        raise fail_usage(f"规则集 {prof.id} 没有提名单位设置（nominators），不能生成提名函")
    breaches = batch_breaches(batch, prof) if batch.is_dir() else []
    for b in breaches:
        typer.echo(f"[{b['rule']}] {b['message']}（{b['clause']}）", err=True)
    if breaches and not force:
        typer.echo(f"wuxiao: 批次有 {len(breaches)} 处违反通知要求（见上），提名函声明的是相反的情况，未生成；"
                   "改正后再生成，或加 --force 仍然生成", err=True)
        raise typer.Exit(1)
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
    if breaches:
        typer.echo(f"注意：按 --force 生成，批次仍有 {len(breaches)} 处违反通知要求（见上）", err=True)


# What the letter does not attest: nominator.toml itself (J001: the letter reports it as a usage error)
# and the nominator's uploads (J010, J011), which include the stamped letter still to be made.
NOT_ATTESTED = {"J001", "J010", "J011"}


def batch_breaches(batch: Path, prof) -> list[dict]:
    """The batch rules' errors the letter would contradict (quotas, ratios, duplicates, order, 公示, 备案)."""
    from wuxiao_cli.batch.cross import run_batch_rules
    from wuxiao_cli.engine import Batch, Options
    from wuxiao_cli.findings import ERROR
    from wuxiao_cli.jiangsu.letter import project_results

    found = run_batch_rules(Batch(prof, project_results(batch, prof), batch), Options())
    if any(f["rule"] == "J001" for f in found):
        return []  # no usable nominator.toml: write_letter says so, as a usage error
    return [f for f in found if f["severity"] == ERROR and f["rule"] not in NOT_ATTESTED]


def register(app: typer.Typer) -> None:
    app.add_typer(jiangsu_app, name="jiangsu")
