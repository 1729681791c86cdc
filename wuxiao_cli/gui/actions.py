"""The buttons under a finished check: 修复到副本, 打包 (+ 邮件草稿); 打开所在文件夹 is picker.open_folder.

Each writes only beside what the user chose, as the command line does by default, and never into it:
a project's fixed copy is ``…-修复`` next to it, packages go next to the project (a batch's into
``…-打包`` next to the batch folder). Lines returned are shown on the page.
"""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli import ops
from wuxiao_cli.gui.jobs import CheckJob
from wuxiao_cli.ops import OpError


def _beside(job: CheckJob) -> Path:
    """The folder the user chose things in: outputs go here (the given folder's or archive's parent)."""
    return job.given[0].resolve().parent


def _copy_name(job: CheckJob, root: Path) -> str:
    """A project's own name; a project inside an archive is named after the archive."""
    given = job.given[0]
    return root.name if given.is_dir() else given.stem


def fix_copies(job: CheckJob) -> list[str]:
    """Fix every project of the check into a copy; the originals are only read."""
    from wuxiao_cli.profile import load_profile

    prof = load_profile(job.profile_id)
    folders = job.folders()
    single = len(folders) == 1
    base = _beside(job) if single else _beside(job) / f"{job.given[0].stem}-修复"
    lines = []
    for root, _display in folders:
        dest = base / (f"{_copy_name(job, root)}-修复" if single else root.name)
        if dest.exists():
            raise OpError(f"{dest} 已存在：请先删除或改名，再修复到副本")
        fixed = ops.fix(root, prof, dest)
        lines.append(f"修复结果写在 {fixed.outcome.target}")
        lines += [f"  ✓ {line('zh')}" for line in fixed.outcome.changed] or ["  没有需要自动修复的内容"]
        lines += [f"  ✗ {line('zh')}" for line in fixed.outcome.not_fixed]
        lines += [f"  ✗ [{f.rule}] {f.file or f.field or ''} {f.message} → {f.hint}" for f in fixed.left]
    return lines


def pack_all(job: CheckJob, eml: bool) -> list[str]:
    """Pack every project that passes, in the batch as on its own; a project with errors is named and not
    packed."""
    from wuxiao_cli.engine import Options
    from wuxiao_cli.package.build import PackSettings
    from wuxiao_cli.profile import load_profile

    prof = load_profile(job.profile_id)
    folders = job.folders()
    target = _beside(job) if len(folders) == 1 else _beside(job) / f"{job.given[0].stem}-打包"
    target.mkdir(exist_ok=True)
    settings = PackSettings(target, Options(lang="zh"), protect=frozenset(p.resolve() for p in job.given), eml=eml)
    # An error between projects (B001: one achievement sent twice) fails the projects it names, though
    # each passes on its own: pack, which checks one project, would not see it
    between = {p["path"] for p in job.checked.data["projects"] if p["batch_errors"]}
    lines = []
    for root, display in folders:
        if display in between:
            lines.append(f"✗ {display}：与本批其他项目之间有错误（如重复申报），未生成压缩包"
                         "（请按报告“多个项目之间”一节修改后重新检查）")
            continue
        try:
            outcome = ops.pack(root, prof, settings)
        except ops.Exists as exc:
            raise OpError(f"{exc} 已存在：请先删除或改名，再打包") from None
        if not outcome.written:
            lines.append(f"✗ {display}：有未豁免的错误，未生成压缩包（请按报告修改后重新检查）")
            continue
        for z in outcome.zips:
            job.files[z.name] = z
            lines.append(f"✓ 已生成 {z}（{ops.file_size(z)}）")
        if eml:
            for dest, sizes in ops.write_drafts(prof, outcome):
                job.files[dest.name] = dest
                lines.append(f"✓ 已生成邮件草稿 {dest}（{ops.file_size(dest)}）：{sizes}")
    return lines
