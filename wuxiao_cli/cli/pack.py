"""`wuxiao pack`, `wuxiao verify`, `wuxiao fix`: the CLI only wires settings to the package code and exits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wuxiao_cli import ops
from wuxiao_cli.cli.common import (
    Format,
    FormatOpt,
    IgnoreOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    ReasonOpt,
    StrictOpt,
    fail_usage,
    profile_or_exit,
    rule_ids_or_exit,
    show_report,
    video_reader_or_exit,
    waivers_or_exit,
)
from wuxiao_cli.text import T as T_


def _project_or_archive(ctx: typer.Context, path: Path, prof, options, fmt: Format) -> tuple[Path, Path]:
    """(project folder, folder that outputs go beside): a folder as given, or the project that `check` finds in a
    received archive extracted privately for this command (removed when it ends); the archive itself is only read.
    A folder or archive holding several projects (a batch) is a usage error that names them."""
    from wuxiao_cli.archive.intake import Intake, is_archive
    from wuxiao_cli.discover import find_projects
    from wuxiao_cli.engine import ProjectResult
    from wuxiao_cli.report import Report
    from wuxiao_cli.text import INSIDE as SEP
    from wuxiao_cli.text import counted

    if path.is_dir():
        root = path.resolve()
        inner = find_projects(root, prof)
        if inner != [root]:
            raise fail_usage(_one_at_a_time(ctx, path, root, inner))
        return root, root.parent
    if not path.exists():
        raise fail_usage(f"找不到路径 {path}")
    refuse_a_volume(path, f"之后对解压出的文件夹运行 wuxiao {ctx.info_name}")
    if not is_archive(path):
        raise fail_usage(f"{path} 既不是项目文件夹也不是压缩包（zip/7z/rar）")
    intake = ctx.with_resource(Intake(prof, options))
    try:
        got = intake.open(path, path.name)
    except ops.OpError as exc:  # this computer's fault (disk full, no permission), not the archive's
        raise fail_usage(str(exc)) from None
    # the project `check` finds: beside a stray file, under a second wrapping folder, or in a project zip
    # zipped once more, it is not the root
    if len(got.inside) > 1:
        shown = counted(i.display.split(SEP, 1)[-1] for i in got.inside)
        what = "项目文件夹" if all(i.root is not None and got.extracted.folder in i.root.parents
                                  for i in got.inside) else "项目"
        raise fail_usage(f"{path.name} 里有 {len(got.inside)} 个{what}（{shown}）：请解压后逐个处理")
    findings = [*got.findings, *(got.inside[0].findings if got.inside else [])]
    if not got.inside or got.inside[0].root is None:  # refused (encrypted, a bomb …), or the one inside it was
        result = ProjectResult(path=path.as_posix(), name=path.stem, findings=findings)
        show_report(Report(prof.id, [result], lang=options.lang), fmt)
        raise typer.Exit(1)
    for f in findings:
        typer.echo(f"[{f.rule}] {f.message}", err=True)
    return got.inside[0].root, path.resolve().parent


def refuse_a_volume(path: Path, then: str = "") -> None:
    """One volume of a split archive (成果.7z.001, 成果.z01 … 成果.zip, 成果.part1.rar) cannot be read alone:
    a usage error saying so (Z006's words), not "damaged". The tool's own --split parts are packages."""
    from wuxiao_cli import rules
    from wuxiao_cli.volumes import volume_set

    volumes = volume_set(path)
    if volumes is None or volumes.kind == "pack":
        return
    said = next(iter(rules.get("Z006").check(volumes)))
    raise fail_usage(f"{said.message('zh')}：{said.hint('zh')}" + (f"；{then}" if then else ""))


def _names(projects: list[Path], parent: Path) -> str:
    from wuxiao_cli.project import nfc
    from wuxiao_cli.text import counted

    return counted(nfc(p.relative_to(parent).as_posix()) for p in projects)


def _one_at_a_time(ctx: typer.Context, given: Path, root: Path, projects: list[Path]) -> str:
    """A folder that is not a project but holds some (a batch): name them and show how to do one."""
    example = (given / projects[0].relative_to(root)).as_posix()
    if " " in example:
        example = f'"{example}"'
    command = f"wuxiao {ctx.info_name} {example}"
    shown = "当前文件夹" if given == Path(".") else given.as_posix()
    if len(projects) == 1:
        return f"{shown} 不是项目文件夹，项目在它里面（{_names(projects, root)}）：请给出项目本身，如 {command}"
    verb = {"pack": "打包", "fix": "修复"}.get(ctx.info_name or "", "处理")
    return (f"{shown} 不是一个项目文件夹，里面有 {len(projects)} 个项目（{_names(projects, root)}）："
            f"请逐个{verb}，如 {command}")


def pack(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="项目文件夹或收到的压缩包（默认当前文件夹）", metavar="路径")] = Path("."),
    out_dir: Annotated[Path | None, typer.Option("--out-dir", "-o", help="压缩包写到此文件夹（默认项目旁边的“五小-输出”文件夹）")] = None,
    profile: ProfileOpt = None,
    fmt: FormatOpt = Format.table,
    strict: Annotated[bool, typer.Option("--strict", help="警告也不允许打包")] = False,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="豁免某条规则（可重复），记入报告和清单")] = None,
    reason: ReasonOpt = "",
    waivers_file: Annotated[Path | None, typer.Option(
        "--waivers", help="豁免清单（TOML：每条 [[waiver]] 写 rule、reason，可选 file）")] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", min=0.1, help="压缩包大小上限（MB，默认 50，即常见的邮件附件上限；1 MB 按 1,048,576 字节计，与邮箱和 Windows 资源管理器显示的一致）")] = 50,
    split: Annotated[bool, typer.Option("--split", help="按 --max-mb 分成几个可独立打开的压缩包")] = False,
    eml: Annotated[bool, typer.Option("--eml", help="同时生成邮件草稿 .eml（不会发送）")] = False,
    gbk_names: Annotated[bool, typer.Option("--gbk-names", help="文件名用 GBK 编码（兼容旧版 Windows 解压工具）")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已存在的同名压缩包")] = False,
    lang: LangOpt = Lang.zh,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示“已生成…”等提示（报告和错误照常显示）")] = False,
) -> None:
    """检查后打包：生成可直接发送的压缩包（含校验报告和 SHA-256 清单），可选邮件草稿。"""
    from wuxiao_cli.engine import Options
    from wuxiao_cli.package import delivery
    from wuxiao_cli.package.build import PackSettings

    prof = profile_or_exit(profile)
    if eml and not delivery.by_email(prof):  # Jiangsu: uploaded online, no e-mail to draft (七(三)1–3)
        raise fail_usage(delivery.refusal(prof))
    video_reader_or_exit(prof)
    waived = rule_ids_or_exit(ignore or [])
    options = Options(waived, reason, lang.value, waivers=tuple(waivers_or_exit(waivers_file)))
    root, beside = _project_or_archive(ctx, path, prof, options, fmt)
    from wuxiao_cli.discover import inside, output_folder

    target = (out_dir or output_folder(beside)).resolve()
    if inside(target, root):
        raise fail_usage(f"输出文件夹 {target} 在项目文件夹里面：打包不能改动项目文件夹，请用 -o 指定别处")
    _out_dir_or_exit(target)
    waivers_or_exit(root, project=root.name)  # a broken wuxiao.toml is refused before anything is written
    settings = PackSettings(target, options, strict, max_mb, split, gbk_names, overwrite,
                            protect=frozenset({path.resolve()}), eml=eml)
    try:
        outcome = ops.pack(root, prof, settings)
    except ops.Exists as exc:
        differs = "，内容与这次打包的不同（项目有改动）" if exc.differs else ""
        raise fail_usage(f"{exc} 已存在{differs}；加 --overwrite 覆盖，或用 -o 换一个文件夹") from None
    except ops.OpError as exc:
        raise fail_usage(_unwritable(target) or str(exc)) from None
    show_report(outcome.report, fmt)
    if not outcome.written:
        typer.echo("有未豁免的错误，未生成压缩包。请按上面的提示修改后重新打包。"
                   if lang is Lang.zh else "Errors remain; no package written.", err=True)
        raise typer.Exit(1)
    if not quiet:
        for z in outcome.zips:
            if z in outcome.kept:  # packing an unchanged project again: the same bytes, left as they were
                typer.echo(f"{z} 已存在，与这次打包的内容完全相同，未改动（{ops.file_size(z)}）", err=True)
            else:
                typer.echo(f"已生成 {z}（{ops.file_size(z)}）", err=True)
    if eml:
        _write_drafts(prof, outcome, quiet)
    raise typer.Exit(0)


def _no_file_in_the_way(target: Path, holds: str) -> None:
    """-o names a folder, made when needed: a file there, or at a level above it, is refused before
    anything is copied or written (else the OS's "not a directory" names a temporary file of ours)."""
    for folder in (target, *target.parents):
        if folder.exists():
            if not folder.is_dir():
                raise fail_usage(f"{folder} 是一个文件，不是文件夹：-o 要写{holds}")
            break


def _out_dir_or_exit(target: Path) -> None:
    """-o names a folder, made when the zip is written if it is not there yet (README: `pack 我的成果 -o 发送`);
    a file there, or a name that is a zip's, is refused: the zip's own name comes from the form (SPEC §6)."""
    _no_file_in_the_way(target, "压缩包所在的文件夹，如 -o 发送")
    if not target.exists() and target.suffix.lower() == ".zip":
        raise fail_usage(f"-o {target.name} 像是压缩包的文件名：-o 要写压缩包所在的文件夹（如 -o 发送），"
                         "压缩包按“上级工会-完成单位-成果名称”自动命名")


def fixed_name(name: str) -> str:
    """The fixed copy's folder name, "{name}-修复", short enough for any file system (255 bytes a name)."""
    from wuxiao_cli.package.naming import MAX_NAME_BYTES, MAX_NAME_CHARS, shorten

    suffix = "-修复"
    return shorten(name, MAX_NAME_CHARS - len(suffix), MAX_NAME_BYTES - len(suffix.encode())) + suffix


def _unwritable(folder: Path) -> str | None:
    """After a failed write: when ``folder`` (or the nearest folder above it that exists) cannot be written,
    one line saying so and what to do, instead of the OS's words about a temporary file of ours."""
    import os

    existing = next((f for f in (folder, *folder.parents) if f.exists()), None)
    if existing is None or os.access(existing, os.W_OK):  # Windows: a folder always says writable
        return None
    return f"文件夹 {existing} 不能写入（只读或没有权限）：请用 -o 指定一个可写的文件夹（如 -o 桌面上的文件夹）"


def _write_drafts(prof, outcome, quiet: bool = False) -> None:
    try:
        drafts = ops.write_drafts(prof, outcome)
    except ops.OpError as exc:
        raise fail_usage(str(exc)) from None
    if not quiet:
        for dest, sizes in drafts:
            typer.echo(f"已生成邮件草稿 {dest}（{ops.file_size(dest)}）：{sizes}", err=True)


def verify(
    packages: Annotated[list[Path], typer.Argument(help="收到的压缩包（分卷包请一起给出）", metavar="压缩包")],
    profile: ProfileOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    ignore: IgnoreOpt = None,
    reason: ReasonOpt = "",
    max_total_mb: Annotated[float, typer.Option("--max-total-mb", min=1, help="解压总量上限（MB，防压缩炸弹）")] = 10_000,  # guard.Limits.max_total
    allow_partial: Annotated[bool, typer.Option("--allow-partial", help="分卷不全时只核对手头的分卷，不算失败")] = False,
    lang: LangOpt = Lang.zh,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示如何核对分卷等提示（报告和错误照常显示）")] = False,
) -> None:
    """核对收到的压缩包：SHA-256 清单、路径安全，再在临时文件夹中按规则检查内容。"""
    from wuxiao_cli.archive.guard import MB  # the archive caps' decimal MB (guard.Limits), not --max-mb's
    from wuxiao_cli.engine import Options
    from wuxiao_cli.package.verify import Limits, ProfileConflict, verify_packages
    from wuxiao_cli.report import Report

    prof = profile_or_exit(profile)
    video_reader_or_exit(prof)
    for p in packages:
        if not p.is_file():
            raise fail_usage(f"找不到压缩包 {p}")
        refuse_a_volume(p)
    waived = rule_ids_or_exit(ignore or [])
    options = Options(waived, reason, lang.value)
    try:  # without --profile, each package is checked under the rule set its manifest records
        outcome = verify_packages(packages, prof, options, Limits(max_total=int(max_total_mb * MB)), allow_partial,
                                  given=profile is not None)
    except ProfileConflict as exc:
        raise fail_usage(str(exc)) from None
    waivers = [*outcome.waivers, *options.all_waivers()]
    report = Report("、".join(outcome.profiles), outcome.results, strict=strict, lang=lang.value, waivers=waivers)
    show_report(report, fmt, output)
    if not quiet:
        for note in outcome.notes:
            typer.echo(note(lang.value), err=True)
    raise typer.Exit(0 if report.ok else 1)


def fix(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="项目文件夹或收到的压缩包（默认当前文件夹）", metavar="路径")] = Path("."),
    out_dir: Annotated[Path | None, typer.Option("--out-dir", "-o", help="修复后的副本写到此文件夹下（默认写到项目旁边的“五小-输出”文件夹，名为“…-修复”）")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="直接修改项目文件夹（保留 .orig 备份）")] = False,
    profile: ProfileOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """无损修复：照片分辨率改为 300 dpi（只改文件头）、题库答案规范化、Windows 不允许的文件名改名并记录。"""
    from wuxiao_cli.engine import Options

    prof = profile_or_exit(profile)
    video_reader_or_exit(prof)
    if in_place and out_dir is not None:
        raise fail_usage("--in-place 和 -o 只能选一个")
    if out_dir is not None:
        _no_file_in_the_way(out_dir.resolve(), "修复副本所在的文件夹，如 -o 修复")
    root, beside = _project_or_archive(ctx, path, prof, Options(lang=lang.value), Format.table)
    if in_place and path.is_file():
        raise fail_usage(f"{path.name} 是压缩包，不能就地修复：去掉 --in-place，修复后的副本会写在它旁边")
    from wuxiao_cli.discover import inside, output_folder

    name = root.name if path.is_dir() else path.stem  # a copy of an archive's content is named after it
    dest = None
    if not in_place:
        dest = (out_dir.resolve() / name) if out_dir else output_folder(beside) / fixed_name(name)
        if dest.exists():
            raise fail_usage(f"{dest} 已存在：请换一个 -o 文件夹或先删除它")
        if inside(dest, root):
            raise fail_usage("副本不能放在项目文件夹里面，请用 -o 指定别处")
    try:
        fixed = ops.fix(root, prof, dest, lang.value)
    except ops.OpError as exc:
        raise fail_usage((dest and _unwritable(dest.parent)) or str(exc)) from None
    outcome, left = fixed.outcome, fixed.left
    zh = lang is Lang.zh
    if outcome.copied:
        typer.echo(f"{'修复结果写在' if zh else 'Fixed files are in'} {outcome.target}")
    else:
        typer.echo(T_(ops.NOTHING_TO_FIX, "Nothing to fix automatically: no copy was made")(lang.value))
    for line in outcome.changed:
        typer.echo(f"  ✓ {line(lang.value)}")
    if outcome.log:
        typer.echo(f"  {'改名记录' if zh else 'Rename log'}：{outcome.log}")
    for line in fixed.to_do(lang.value):
        typer.echo(line)
    raise typer.Exit(1 if any(f.severity == "error" for f in left) else 0)


def register(app: typer.Typer) -> None:
    app.command()(pack)
    app.command()(verify)
    app.command()(fix)
