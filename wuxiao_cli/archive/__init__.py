"""Received archives (zip, 7z, RAR) read safely into a private temporary folder that is always removed.

`extracted(path)` judges the listing (guard.judge), writes each entry capped at its declared size, under a
name this computer keeps (place.Placer), and yields where the content is (one wrapping top folder looked
through) with whatever was refused. `check`, `pack` and `fix` read archives through it; `verify` uses the
same guards on its packages.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli import fsops
from wuxiao_cli.archive import rar, zips
from wuxiao_cli.archive.guard import (
    DEFAULT_LIMITS,
    EMPTY,
    Limits,
    Member,
    Refusal,
    Refused,
    judge,
    keep_date,
)
from wuxiao_cli.archive.place import Placer, forget
from wuxiao_cli.project import is_junk, nfc
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T

ARCHIVE_KINDS = ("zip", "7z", "rar")

__all__ = ["ARCHIVE_KINDS", "Extracted", "Limits", "archive_kind", "extracted"]


def archive_kind(path: Path) -> str | None:
    """'zip', '7z' or 'rar' when the file is one by content (a .docx or .xlsx is not), else None."""
    kind = sniff(path) if path.is_file() else None
    return kind if kind in ARCHIVE_KINDS else None


@dataclass
class Extracted:
    source: Path
    kind: str
    folder: Path | None = None  # the content, one wrapping folder looked through; None when refused
    wrapper: str | None = None  # the name of that wrapping folder
    refusals: list[Refusal] = field(default_factory=list)
    undecodable: list[str] = field(default_factory=list)  # zip names that fit no encoding (kept as CP437)
    # The CRC-32 of each file written, by its path: a zip's own, which zipfile checked against the bytes
    # as it read them, so B003 compares these files without reading them again
    crcs: dict[str, int] = field(default_factory=dict)
    size: int = 0  # uncompressed bytes its listing declares (what the caps were judged on)
    entries: int = 0


# The temporary folder's own part of every path, kept short for Windows without long paths (the default),
# where a path stops at 259 characters (MAX_PATH, 260, less its NUL). %TEMP% is usually at most 36
# characters (C:\Users\<8>\AppData\Local\Temp: a longer user name is usually given in its 8.3 form,
# ZHANGS~1); "\wx-" and mkdtemp's 8 make 12; "\" and up to 8 characters of the archive's name 9: 57,
# leaving 202 for "\" + top folder + "\" + the path inside it, so top + path <= 200. F027's 200 from the
# project folder fits whole only without a top folder; a top folder of t characters leaves 200 - t. A
# longer path is a Z001 naming the entry and its length (guard.placing_failed), not a stopped batch.
PREFIX = "wx-"
SHOWN_NAME = 8  # characters of the archive's name for its folder: the project's name when its form has none
MARK = ".wuxiao-archive"  # in each of our folders, so the sweep never takes another program's wx-…
STALE = 24 * 3600  # seconds: an extraction folder older than this was left behind (antivirus held a file)
_swept = False


@contextmanager
def extracted(path: Path, limits: Limits = DEFAULT_LIMITS, rar_tools: tuple[str, ...] = rar.TOOLS) -> Iterator[Extracted]:
    """Extract ``path`` into a private temporary folder for the duration of the ``with``; never raises Refused."""
    import tempfile  # here: a check of a folder imports this module (rules.names) but extracts nothing

    sweep_once()
    tmp = Path(tempfile.mkdtemp(prefix=PREFIX))
    try:
        (tmp / MARK).touch()
        out = Extracted(path, archive_kind(path) or "zip")
        dest = tmp / (nfc(path.stem)[:SHOWN_NAME].strip(" .") or "archive")
        dest.mkdir()
        try:
            _extract(out, dest, limits, rar_tools)
        except Refused as exc:
            out.refusals = exc.refusals
        else:
            if _holds_a_file(dest):
                out.folder, out.wrapper = _look_through(dest)
            else:  # said once, not as every material "missing"
                out.refusals = [Refusal(EMPTY, T(f"{path.name} 是空的：里面没有任何文件（只有文件夹，或什么都没有）",
                                                 f"{path.name} holds no file at all (only folders, or nothing)"))]
        yield out
    finally:
        forget(tmp)
        remove_tree(tmp)


def _extract(out: Extracted, dest: Path, limits: Limits, rar_tools: tuple[str, ...]) -> None:
    def judge_listing(members: list[Member]) -> None:
        out.size, out.entries = sum(m.size for m in members), len(members)
        if refusals := judge(members, limits, out.source.stat().st_size):
            raise Refused(refusals)

    placer = Placer(dest)
    if out.kind == "rar":
        rar.extract_rar(out.source, dest, judge_listing, limits, rar_tools)
    elif out.kind == "7z":
        from wuxiao_cli.archive import sevenz  # py7zr is a large import: only when a .7z arrives

        sevenz.extract_7z(out.source, judge_listing, placer.open)
    else:
        with zips.open_zip(out.source) as zf:
            members, out.undecodable = zips.members(zf)
            judge_listing(members)
            if overlapping := zips.overlaps(zf):
                raise Refused(overlapping)
            for m in members:
                if m.is_dir or is_junk(nfc(m.name).replace("\\", "/").rstrip("/")):
                    continue
                target, fh = placer.open(m.name)
                with fh:
                    zips.copy_member(zf, m, fh, hashed=False)
                keep_date(target, m.mtime)
                out.crcs[str(target)] = m.key.CRC


def _look_through(dest: Path) -> tuple[Path, str | None]:
    """One top folder and nothing else beside it (junk aside) is a wrapper: the content is inside it.
    A bare `__MACOSX/` is junk too (SPEC §2): 7z and RAR write it out, as does a Windows clerk who extracted
    a Mac zip and compressed it again, while zips leave it out as they extract."""
    from wuxiao_cli.project import JUNK_DIRS

    def junk(p: Path) -> bool:
        name = nfc(p.name)
        return is_junk(name) or (p.is_dir() and not p.is_symlink() and name.lower() in JUNK_DIRS)

    kept = [p for p in dest.iterdir() if not junk(p)]
    if len(kept) == 1 and kept[0].is_dir() and not kept[0].is_symlink():
        return kept[0], nfc(kept[0].name)
    return dest, None


def _holds_a_file(dest: Path) -> bool:
    """Any file written (junk aside): an empty zip, or one of folders only, holds none."""
    return any(not is_junk(nfc(p.relative_to(dest).as_posix())) for p in dest.rglob("*") if not p.is_dir())


def remove_tree(folder: Path) -> None:
    """Remove a temporary folder even when an extractor left read-only files or folders in it."""
    if not folder.exists():
        return
    for d, _dirs, files in os.walk(folder):
        os.chmod(d, stat.S_IRWXU)
        for name in files:
            p = Path(d) / name
            if not p.is_symlink():
                os.chmod(p, stat.S_IREAD | stat.S_IWRITE)
    fsops.remove_tree(folder)


def sweep_once() -> None:
    """At this process's first archive, remove the extraction folders earlier runs left (sweep_stale)."""
    import tempfile

    global _swept
    if not _swept:
        _swept = True
        sweep_stale(Path(tempfile.gettempdir()))


def sweep_stale(temp: Path, now: float | None = None) -> list[Path]:
    """Our extraction folders in ``temp`` that an earlier run could not remove (antivirus or the preview pane
    held a file; the app's window closed with X): they hold a worker's whole submission, ID scans included.
    Only a folder named wx-…, carrying our mark, untouched for STALE seconds; a link is never followed."""
    now = time.time() if now is None else now
    gone = []
    try:
        entries = list(os.scandir(temp))
    except OSError:
        return gone
    for entry in entries:
        try:
            if (not entry.name.startswith(PREFIX) or entry.is_symlink() or _is_junction(entry)
                    or not entry.is_dir(follow_symlinks=False)):
                continue
            mark = os.lstat(os.path.join(entry.path, MARK))
            newest = max(mark.st_mtime, entry.stat(follow_symlinks=False).st_mtime)
        except OSError:  # no mark: not ours
            continue
        if stat.S_ISREG(mark.st_mode) and now - newest > STALE:
            fsops.remove_tree(Path(entry.path))
            gone.append(Path(entry.path))
    return gone


def _is_junction(entry: os.DirEntry) -> bool:
    """A Windows junction (a link to a folder that is_symlink does not call one before Python 3.12)."""
    return bool(getattr(entry, "is_junction", lambda: False)())
