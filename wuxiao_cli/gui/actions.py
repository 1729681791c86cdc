"""The buttons under a finished check: 修复到副本, 打包 (+ 邮件草稿); 打开所在文件夹 is picker.open_folder.

Everything they write goes into one folder, 五小-输出 (discover.OUTPUT_DIR), beside what the user chose
(or in their 下载 folder for an archive dropped onto the page): never into the chosen folder, and never
where re-checking it would count the app's own copies and packages as more projects (B001). A project's
fixed copy is ``…-修复`` there, its package the zip (a batch's under ``…-修复`` / ``…-打包``).
Writes into one output folder take turns, from any tab or check: a draft never attaches a zip that
another press is still writing. Lines returned are shown on the page, one per project.
"""

from __future__ import annotations

import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wuxiao_cli import fsops, ops
from wuxiao_cli.discover import OUTPUT_DIR, inside
from wuxiao_cli.discover import output_folder as output_folder_beside
from wuxiao_cli.gui.jobs import CheckJob
from wuxiao_cli.ops import OpError

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """One write at a time into ``folder``, for the whole launch (every tab and every check)."""
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(folder.resolve(), threading.Lock())
    with lock:
        yield


def downloads_folder() -> Path:
    """The user's 下载 folder (Windows and macOS call it Downloads on disk), else their home folder."""
    home = Path.home()
    return next((home / name for name in ("Downloads", "下载") if (home / name).is_dir()), home)


def output_folder(given: Path, dropped: bool, downloads: Path) -> Path:
    """Where the buttons of a check of ``given`` write: 五小-输出 beside it, or in 下载 for a dropped
    archive (the app's copy of it is deleted at 关闭) or for a folder at a drive or share root (beside it
    is inside it); a project already in 五小-输出 writes there."""
    if dropped or _at_root(given):
        return downloads / OUTPUT_DIR
    return output_folder_beside(given.resolve().parent)


def _at_root(given: Path) -> bool:
    return inside(output_folder_beside(given.resolve().parent), given)


def _refused(job: CheckJob, display: str) -> str:
    """Why a received archive has no project to fix or pack: its Z errors, as the report says them."""
    project = next((p for p in job.checked.data["projects"] if p["path"] == display), {"findings": []})
    rules = sorted({f["rule"] for f in project["findings"] if f["rule"].startswith("Z") and f["severity"] == "error"})
    which = f"（{'、'.join(rules)}）" if rules else ""
    return f"压缩包有错误{which}，无法打开，不能修复或打包：请发送方重新压缩后再发（详见报告）"


def _projects(job: CheckJob) -> tuple[list[tuple[Path, str]], list[str]]:
    """The project folders the buttons work on, and a line for each checked source they cannot."""
    folders, lines = [], []
    for root, display in job.roots:
        if not root.exists():
            lines.append(f"✗ 找不到 {display}：检查之后已移动、改名或删除，请重新检查")
        elif root.is_dir():
            folders.append((root, display))
        elif inside := job.archive_projects(root, display):
            folders += inside
        else:
            lines.append(f"✗ {display}：{_refused(job, display)}")
    return folders, lines


def _where(job: CheckJob) -> list[str]:
    if job.dropped:
        return [f"拖入的压缩包：结果保存在 {job.out}（关闭工具后仍在；可点“打开所在文件夹”）"]
    if _at_root(job.given[0]):
        return [f"{job.given[0]} 是磁盘或共享文件夹的根目录，旁边没有位置：结果保存在 {job.out}（可点“打开所在文件夹”）"]
    return []


def _copy_name(job: CheckJob, root: Path) -> str:
    """A project's own name; a project inside an archive is named after the archive."""
    given = job.given[0]
    return root.name if given.is_dir() else given.stem


def _free(dest: Path) -> Path:
    """``dest``, or ``dest（2）``, ``dest（3）`` … when an earlier copy is there: it may have been edited since."""
    n = 1
    while (dest.parent / (dest.name if n == 1 else f"{dest.name}（{n}）")).exists():
        n += 1
    return dest.parent / (dest.name if n == 1 else f"{dest.name}（{n}）")


def fix_copies(job: CheckJob) -> list[str]:
    """Fix every project of the check into a copy; the originals are only read."""
    from wuxiao_cli.profile import load_profile

    prof = load_profile(job.profile_id)
    folders, lines = _projects(job)
    single = len(job.roots) == 1 and len(folders) == 1
    base = job.out if single else job.out / f"{job.given[0].stem}-修复"
    lines = [*_where(job), *lines] if folders else lines
    for root, display in folders:
        with writing(job.out):
            wanted = base / (f"{_copy_name(job, root)}-修复" if single else root.name)
            dest = _free(wanted)
            try:
                fixed = ops.fix(root, prof, dest)
            except OpError as exc:
                lines.append(f"✗ {display}：{exc}")
                continue
        if fixed.outcome.copied:
            lines.append(f"修复结果写在 {fixed.outcome.target}"
                         + (f"（之前的 {wanted.name} 保留不动）" if dest != wanted else ""))
        else:
            lines.append(f"{display}：{ops.NOTHING_TO_FIX}")
        lines += [f"  ✓ {line('zh')}" for line in fixed.outcome.changed]
        lines += fixed.to_do("zh")
    return lines


def _is_package(path: Path) -> bool:
    """A zip this tool wrote: one top folder holding its 校验报告.txt and manifest-sha256.txt."""
    from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME

    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.split("/", 1)[-1] for n in zf.namelist()}
    except (OSError, zipfile.BadZipFile):
        return False
    return {MANIFEST_NAME, REPORT_NAME} <= names


def _publish(made: Path, dest: Path, protect: frozenset[Path]) -> str:
    """Put a freshly written zip at ``dest``: a package of this tool already there is kept when it is the
    same, byte for byte (a package is reproducible), and replaced when the project has changed since."""
    if not dest.exists():
        _replace(made, dest)
        return f"✓ 已生成 {dest}（{ops.file_size(dest)}）"
    if dest.resolve() in protect or not _is_package(dest):
        raise OpError(f"{dest} 已存在，且不是本工具生成的压缩包：请先改名或移走它，再打包")
    if ops.sha256_file(made) == ops.sha256_file(dest):
        fsops.unlink(made)
        return f"✓ {dest} 已存在，与这次打包的内容相同，直接使用（{ops.file_size(dest)}）"
    _replace(made, dest)
    return f"✓ 已更新 {dest}（{ops.file_size(dest)}）：项目有改动，旧的压缩包已替换"


def _replace(made: Path, dest: Path) -> None:
    """Retried while the antivirus scans the new zip; a zip still open (preview pane, WinRAR) is named."""
    try:
        fsops.replace(made, dest)
    except OSError as exc:
        raise OpError(f"无法写入 {dest}：{fsops.why_not(exc, dest)}") from None


def _pack_one(root: Path, prof, target: Path, eml: bool, protect: frozenset[Path]) -> tuple[list[str], list[Path]]:
    """Pack one project into a private folder inside ``target``, then publish its zip(s) and drafts.
    The caller holds ``writing(target)``."""
    from wuxiao_cli.engine import Options
    from wuxiao_cli.package.build import PackSettings
    from wuxiao_cli.package.zipper import TEMP_SUFFIX

    stage = target / f".{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}"
    try:
        outcome = ops.pack(root, prof, PackSettings(stage, Options(lang="zh"), eml=eml))
        if not outcome.written:
            return [], []
        lines, files = [], []
        for n, made in enumerate(outcome.zips):
            outcome.zips[n] = target / made.name
            lines.append(_publish(made, outcome.zips[n], protect))
            files.append(outcome.zips[n])
        if eml:
            for dest, sizes in ops.write_drafts(prof, outcome):
                files.append(dest)
                lines.append(f"✓ 已生成邮件草稿 {dest}（{ops.file_size(dest)}）：{sizes}")
        return lines, files
    finally:
        fsops.remove_tree(stage)


def pack_all(job: CheckJob, eml: bool) -> tuple[list[str], list[Path]]:
    """Pack every project that passes, in the batch as on its own; each project gets its line (a project
    with errors is named and not packed) and the run goes on past one that cannot be written.
    Returns the lines and every file written or reused, for the page's 下载 links."""
    from wuxiao_cli.package import delivery
    from wuxiao_cli.profile import load_profile

    prof = load_profile(job.profile_id)
    folders, lines = _projects(job)
    if eml and not delivery.by_email(prof):  # Jiangsu: uploaded online; the zip is still worth keeping
        eml = False
        lines.append("ℹ " + delivery.refusal(prof, then="只生成压缩包（可留存或转交），不生成邮件草稿"))
    single = len(job.roots) == 1 and len(folders) == 1
    target = job.out if single else job.out / f"{job.given[0].stem}-打包"
    protect = frozenset(p.resolve() for p in job.given)
    # An error between projects (B001: one achievement sent twice) fails the projects it names, though
    # each passes on its own: pack, which checks one project, would not see it
    between = {p["path"] for p in job.checked.data["projects"] if p["batch_errors"]}
    files: list[Path] = []
    lines = [*_where(job), *lines] if folders else lines
    for root, display in folders:
        if display in between:
            lines.append(f"✗ {display}：与本批其他项目之间有错误（如重复申报），未生成压缩包"
                         "（请按报告“整个批次”一节修改后重新检查）")
            continue
        with writing(target):
            try:
                said, made = _pack_one(root, prof, target, eml, protect)
            except OpError as exc:
                lines.append(f"✗ {display}：{exc}")
                continue
        if not made:
            lines.append(f"✗ {display}：有未豁免的错误，未生成压缩包（请按报告修改后重新检查）")
        lines += said
        files += made
    for path in files:
        job.files[path.name] = path
    return lines, files
