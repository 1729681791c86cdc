"""`wuxiao fix`: repairs into a copy (or in place with .orig backups), then says what is left."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.fix.jpeg_density import NotJpeg, set_density
from wuxiao_cli.fix.renames import rename_unsafe
from wuxiao_cli.media.image import read_image, whole_dpi
from wuxiao_cli.ooxml import is_strict
from wuxiao_cli.package.zipper import stale_parts, temp_path_for
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import Project
from wuxiao_cli.quiz.fix import fix_answers
from wuxiao_cli.text import T

BACKUP = ".orig"
# The density is rewritten in memory (the file and its copy): a photo is at most 10 MB by the notice, a
# 100 MP camera's JPEG ~40 MB; a bigger one is not relabelled (it must be re-exported smaller anyway)
DENSITY_FIX_BYTES = 64 * 1024 * 1024


@dataclass
class FixOutcome:
    target: Path
    changed: list[T] = field(default_factory=list)
    not_fixed: list[T] = field(default_factory=list)
    log: Path | None = None


def _backup(path: Path) -> None:
    backup = path.with_name(path.name + BACKUP)
    if not backup.exists():  # a second run must not replace the true original
        shutil.copy2(path, backup)


def _replace_bytes(path: Path, data: bytes, in_place: bool) -> None:
    """Write via a temp file and keep the original mtime (a later pack stays deterministic)."""
    st = path.stat()
    if in_place:
        _backup(path)
    tmp = path.with_name(path.name + ".wuxiao-tmp")
    tmp.write_bytes(data)
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, path)


def fix_density(project: Project, in_place: bool, out: FixOutcome) -> None:
    want = project.profile.section("photos").get("min_dpi", 300)
    for entry in project.files_in("photos", recursive=True):
        facts = read_image(entry.path)
        if facts.kind != "jpeg" or facts.error or (facts.dpi is not None and whole_dpi(facts.dpi) >= want):
            continue
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


def fix_quiz(project: Project, in_place: bool, out: FixOutcome) -> None:
    books = [e for e in project.files if e.suffix == ".xlsx" and (
        e.rel.lower() == "quizbank.xlsx" or e.rel.lower().startswith("quizbank/"))]
    if not books:
        return
    for entry in books:
        if is_strict(entry.path):  # check reads it, openpyxl cannot write it back: say so, not nothing
            out.not_fixed.append(T(f"{entry.rel}：题库是 Excel 的“Strict Open XML 电子表格”格式，未能自动修复；"
                                   f"请用 Excel 另存为“Excel 工作簿(*.xlsx)”后再运行 wuxiao fix",
                                   f"{entry.rel}: a Strict Open XML workbook is not fixed; save it as an "
                                   "'Excel Workbook (*.xlsx)' and run wuxiao fix again"))
            continue
        tmp = entry.path.with_name(entry.name + ".wuxiao-tmp")
        try:
            messages = fix_answers(entry.path, tmp)
            if messages:
                if in_place:
                    _backup(entry.path)
                os.replace(tmp, entry.path)
                out.changed.extend(messages)
        except TooLarge as exc:
            out.not_fixed.append(T(f"{entry.rel}：{exc.why.zh}，题库未自动修复；请在 Excel/WPS 中按 Q016 的提示改正答案",
                                   f"{entry.rel}: {exc.why.en}; quiz bank not fixed: correct the answers in Excel/WPS"))
        except Exception as exc:  # a workbook the normaliser cannot handle stays as it was
            out.not_fixed.append(T(f"{entry.rel}：题库未能自动修复（{type(exc).__name__}）",
                                   f"{entry.rel}: quiz bank not fixed ({type(exc).__name__})"))
        finally:
            tmp.unlink(missing_ok=True)


class CopyFailed(OSError):
    """The copy could not be made; one line naming the first file that failed."""


def fix_project(root: Path, profile: Profile, dest: Path | None) -> FixOutcome:
    """Fix ``root`` in place (dest None, with .orig backups) or in a copy at ``dest``.

    The copy is built in a temporary sibling of ``dest`` and renamed only when every fix is done:
    an interruption leaves no half-fixed copy (a killed run's leftover is removed by the next run).
    """
    if dest is None:
        out, renames = _fix(root, profile, in_place=True)
        _log_renames(out, root, renames)
        return out
    _remove_stale_copies(dest)
    tmp = temp_path_for(dest)
    try:
        try:
            shutil.copytree(root, tmp, symlinks=True)
        except shutil.Error as exc:  # a list of (src, dst, why) for every file that failed
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else [("", "", str(exc))]
            src, _dst, why = errors[0]
            more = f"（另有 {len(errors) - 1} 个文件）" if len(errors) > 1 else ""
            raise CopyFailed(f"无法复制 {src}：{why}{more}") from None
        out, renames = _fix(tmp, profile, in_place=False)
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    out.target = dest
    _log_renames(out, dest, renames)
    return out


def _remove_stale_copies(dest: Path) -> None:
    for stale in stale_parts(dest):
        shutil.rmtree(stale, ignore_errors=True)


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
