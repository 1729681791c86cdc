"""`wuxiao fix`: repairs into a copy (or in place with .orig backups), then says what is left."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli import fsops
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, MB
from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.fix.jpeg_density import NotJpeg, set_density
from wuxiao_cli.fix.renames import rename_unsafe
from wuxiao_cli.media.image import read_image, whole_dpi
from wuxiao_cli.ooxml import is_strict
from wuxiao_cli.package.zipper import stale_parts, temp_path_for
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import Project, is_junk, nfc
from wuxiao_cli.quiz.fix import answer_changes, fix_answers, refuse_large
from wuxiao_cli.rules.names import name_problem
from wuxiao_cli.text import T, human_size

BACKUP = ".orig"
# The density is rewritten in memory (the file and its copy): a photo is at most 10 MB by the notice, a
# 100 MP camera's JPEG ~40 MB; a bigger one is not relabelled (it must be re-exported smaller anyway)
DENSITY_FIX_BYTES = 64 * 1024 * 1024


# A copy is refused past what a received archive may hold (archive.guard): no 五小 submission is that big,
# and copying a home folder picked by mistake would fill the disk before saying anything useful.
COPY_FILES = DEFAULT_LIMITS.max_entries
COPY_BYTES = DEFAULT_LIMITS.max_total


@dataclass
class FixOutcome:
    target: Path
    changed: list[T] = field(default_factory=list)
    not_fixed: list[T] = field(default_factory=list)
    log: Path | None = None
    copied: bool = True  # False: nothing to fix, so no copy was made and ``target`` is the original


class TooBig(Exception):
    """The folder is too big to copy: one Chinese line with its size, the limit and what to do."""


def _put(tmp: Path, path: Path, in_place: bool) -> None:
    """Move the finished ``tmp`` over ``path``, first keeping the original as ``path.orig`` when fixing in place.
    A replace Windows still refuses (the file open in Excel, read-only) removes the backup made for it: no
    .orig stands beside a file that was not changed."""
    backup = path.with_name(path.name + BACKUP)
    made = in_place and not backup.exists()  # a second run must not replace the true original
    if made:
        shutil.copy2(path, backup)
    try:
        fsops.replace(tmp, path)
    except OSError:
        if made:
            fsops.unlink(backup)
        raise


def _replace_bytes(path: Path, data: bytes, in_place: bool) -> None:
    """Write via a temp file and keep the original mtime (a later pack stays deterministic)."""
    st = path.stat()
    tmp = path.with_name(path.name + ".wuxiao-tmp")
    try:
        tmp.write_bytes(data)
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        _put(tmp, path, in_place)
    except OSError as exc:
        exc.filename, exc.filename2 = str(path), None  # the photo, not our temporary name for it
        raise
    finally:
        fsops.unlink(tmp)


def _low_density(project: Project) -> list[tuple[object, object, int]]:
    """(entry, facts, wanted dpi) of each JPEG photo whose header says less than the profile wants."""
    want = project.profile.section("photos").get("min_dpi", 300)
    out = []
    for entry in project.files_in("photos", recursive=True):
        facts = read_image(entry.path)
        if facts.kind == "jpeg" and not facts.error and (facts.dpi is None or whole_dpi(facts.dpi) < want):
            out.append((entry, facts, want))
    return out


def fix_density(project: Project, in_place: bool, out: FixOutcome) -> None:
    for entry, facts, want in _low_density(project):
        try:
            data = set_density(read_capped(entry.path, DENSITY_FIX_BYTES), int(want))
        except TooLarge as exc:
            out.not_fixed.append(T(f"{entry.rel}：{exc.why.zh}，未改分辨率；请先把照片压缩到 10 MB 以内",
                                   f"{entry.rel}: {exc.why.en}; density not changed: make the photo smaller first"))
            continue
        except NotJpeg as exc:
            out.not_fixed.append(T(f"{entry.rel}：JPEG 文件头无法解析（{exc}），未改分辨率",
                                   f"{entry.rel}: JPEG header unreadable ({exc}); density not changed"))
            continue
        _replace_bytes(entry.path, data, in_place)
        was = f"{facts.dpi:g} dpi" if facts.dpi else "未记录"
        out.changed.append(T(f"{entry.rel}：分辨率 {was} → {want} dpi（只改文件头，像素未变）",
                             f"{entry.rel}: density {facts.dpi or 'none'} → {want} dpi (header only)"))


def _quiz_books(project: Project) -> list:
    return [e for e in project.files if e.suffix == ".xlsx" and (
        e.rel.lower() == "quizbank.xlsx" or e.rel.lower().startswith("quizbank/"))]


def _strict_book(entry) -> T:
    """check reads a Strict Open XML bank, openpyxl cannot write it back: say so, not nothing."""
    return T(f"{entry.rel}：题库是 Excel 的“Strict Open XML 电子表格”格式，未能自动修复；"
             f"请用 Excel 另存为“Excel 工作簿(*.xlsx)”后再运行 wuxiao fix",
             f"{entry.rel}: a Strict Open XML workbook is not fixed; save it as an "
             "'Excel Workbook (*.xlsx)' and run wuxiao fix again")


def fix_quiz(project: Project, in_place: bool, out: FixOutcome) -> None:
    for entry in _quiz_books(project):
        if is_strict(entry.path):
            out.not_fixed.append(_strict_book(entry))
            continue
        tmp = entry.path.with_name(entry.name + ".wuxiao-tmp")
        try:
            messages = fix_answers(entry.path, tmp)
            if messages:
                _put(tmp, entry.path, in_place)
                out.changed.extend(messages)
        except TooLarge as exc:
            out.not_fixed.append(_too_large_book(entry, exc))
        except OSError as exc:  # Windows: open in Excel/WPS, or read-only
            out.not_fixed.append(T(f"{entry.rel}：题库未自动修复，{fsops.why_not(exc, entry.path)}",
                                   f"{entry.rel}: quiz bank not fixed ({exc.strerror or exc}); "
                                   "close it in Excel/WPS and run wuxiao fix again"))
        except Exception as exc:  # a workbook the normaliser cannot handle stays as it was
            out.not_fixed.append(T(f"{entry.rel}：题库未能自动修复（{type(exc).__name__}）",
                                   f"{entry.rel}: quiz bank not fixed ({type(exc).__name__})"))
        finally:
            fsops.unlink(tmp)


def _too_large_book(entry, exc: TooLarge) -> T:
    return T(f"{entry.rel}：{exc.why.zh}，题库未自动修复；请在 Excel/WPS 中按 Q016 的提示改正答案",
             f"{entry.rel}: {exc.why.en}; quiz bank not fixed: correct the answers in Excel/WPS")


def _unfixable_books(project: Project) -> list[T]:
    """What fix says of the banks it leaves alone when nothing else makes a copy: Strict Open XML, too large."""
    said = []
    for entry in _quiz_books(project):
        if is_strict(entry.path):
            said.append(_strict_book(entry))
            continue
        try:
            refuse_large(entry.path)
        except TooLarge as exc:
            said.append(_too_large_book(entry, exc))
    return said


class CopyFailed(OSError):
    """The copy could not be made; one line naming the first file that failed."""


def fix_project(root: Path, profile: Profile, dest: Path | None) -> FixOutcome:
    """Fix ``root`` in place (dest None, with .orig backups) or in a copy at ``dest``.

    A copy is made only when something will change (else ``copied`` is False and nothing is written),
    and never of a folder bigger than a received archive may be (TooBig). It is built in a temporary
    sibling of ``dest`` and renamed only when every fix is done: an interruption leaves no half-fixed
    copy (a killed run's leftover is removed by the next run).
    """
    if dest is None:
        out, renames = _fix(root, profile, in_place=True)
        _log_renames(out, root, renames)
        return out
    original = Project(root, profile)
    if not _will_change(original):
        return FixOutcome(root, not_fixed=_unfixable_books(original), copied=False)
    _refuse_big(original)
    _remove_stale_copies(dest)
    tmp = temp_path_for(dest)
    try:
        try:
            shutil.copytree(root, tmp, symlinks=True, ignore=_junk, copy_function=_copy_writable)
        except shutil.Error as exc:  # a list of (src, dst, why) for every file that failed
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else [("", "", str(exc))]
            src, _dst, why = errors[0]
            more = f"（另有 {len(errors) - 1} 个文件）" if len(errors) > 1 else ""
            raise CopyFailed(f"无法复制 {src}：{why}{more}") from None
        out, renames = _fix(tmp, profile, in_place=False)
        fsops.replace(tmp, dest)  # retried while the antivirus scans the files just written
    except OSError as exc:
        fsops.remove_tree(tmp)
        raise _as_dest(exc, tmp, dest) from None
    except BaseException:
        fsops.remove_tree(tmp)
        raise
    out.target = dest
    _log_renames(out, dest, renames)
    return out


def _junk(folder: str, names: list[str]) -> set[str]:
    """What the copy leaves out: the junk ignored everywhere (SPEC §2: Office lock files, Thumbs.db …),
    which Office may even refuse to let us read."""
    return {n for n in names if is_junk(nfc(n)) or is_junk(nfc(n) + "/")}


def _copy_writable(src: str, dst: str) -> str:
    """copy2 without the read-only attribute (a CD, some extractors): the copy's files are ours to rewrite.
    Why one cannot be read is said in Chinese (copytree keeps only the error's text)."""
    try:
        shutil.copy2(src, dst)
    except OSError as exc:
        raise OSError(f"{fsops.why_not(exc, Path(src))}") from None
    fsops.make_writable(Path(dst))
    return dst


def _as_dest(exc: OSError, tmp: Path, dest: Path) -> OSError:
    """The error as the user would meet it: a path in the copy's temporary folder (.名.123-1.wuxiao-part,
    never seen by them) named as the same path in the copy they asked for."""
    if not isinstance(exc.filename, (str, Path)) or not Path(exc.filename).is_relative_to(tmp):
        return exc
    shown = dest / Path(exc.filename).relative_to(tmp)
    return OSError(exc.errno, exc.strerror, str(shown)) if exc.errno else OSError(str(exc).replace(str(tmp), str(dest)))


def _will_change(project: Project) -> bool:
    """Whether _fix would change anything, found by reading only (the same tests it applies)."""
    listing = project.listing
    if any(name_problem(rel.rsplit("/", 1)[-1]) for rel in [*listing.dirs, *(f.rel for f in listing.files)]):
        return True
    if _low_density(project):
        return True
    return any(answer_changes(e.path) for e in _quiz_books(project) if not is_strict(e.path))


def _refuse_big(project: Project) -> None:
    listing = project.listing
    count, size = len(listing.files) + len(listing.dirs), sum(f.size for f in listing.files)
    if count > COPY_FILES or size > COPY_BYTES:
        raise TooBig(f"这个文件夹有 {count} 个文件和文件夹、共 {human_size(size)}，超过修复副本的上限"
                     f"（{COPY_FILES} 个或 {COPY_BYTES // MB} MB，与收到的压缩包的上限相同），没有复制：这不像一个五小项目文件夹，"
                     "请确认选的是项目文件夹本身（不是上一层或整个盘）")


def _remove_stale_copies(dest: Path) -> None:
    for stale in stale_parts(dest):
        fsops.remove_tree(stale)


def _fix(target: Path, profile: Profile, in_place: bool) -> tuple[FixOutcome, list[tuple[str, str]]]:
    out = FixOutcome(target)
    renames = rename_unsafe(target)
    out.changed.extend(T(f"改名：{old} → {new}", f"Renamed: {old} → {new}") for old, new in renames)
    project = Project(target, profile)
    fix_density(project, in_place, out)
    fix_quiz(project, in_place, out)
    return out, renames


def _log_renames(out: FixOutcome, target: Path, renames: list[tuple[str, str]]) -> None:
    if not renames:
        return
    out.log = target.parent / f"{target.name}-重命名记录.txt"
    lines = [f"{old}\t→\t{new}" for old, new in renames]
    with open(out.log, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
