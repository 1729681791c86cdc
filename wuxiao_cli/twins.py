"""A received archive and the folder extracted from it, side by side: ``跟刀架成果.zip`` + ``跟刀架成果/``.

Windows "全部解压" writes the folder next to the zip and clerks keep both; checked as two projects they
would charge each other with a duplicate submission (B001). They are one submission when the archive
(zip or 7z) has the folder's name and holds the same files: the same paths (one wrapping top folder
looked through on either side, junk aside), the same sizes, and for files up to SMALL bytes (the form,
the quiz bank, where an edit after extracting would be) the same CRC-32, which a zip states for each
entry. Only the directory of the archive is read, never its data; the folder's small files are read.
Two projects that merely share a name differ in some file and stay two projects (B001 still applies).
"""

from __future__ import annotations

import zlib
from pathlib import Path

from wuxiao_cli.project import is_junk, nfc

EXTS = (".zip", ".7z")
SUFFIXES = (*EXTS, ".rar")  # what a received archive beside its extracted folder may be called, by name
MAX_FILES = 20_000  # as the archive guard's entry cap: more is no project anyway
SMALL = 1 << 20  # files up to this size are compared by CRC-32 as well
SMALL_TOTAL = 64 << 20  # at most this much of the folder is read for those CRCs

Listing = dict[str, tuple[int, int | None]]  # rel path (NFC, '/') → (size, CRC-32 when known)


def archive_twin(folder: Path) -> Path | None:
    """The zip or 7z beside ``folder``, named as it is, whose content is the folder's; else None."""
    wanted = {nfc(folder.name).casefold() + ext for ext in EXTS}
    try:
        beside = sorted(p for p in folder.parent.iterdir() if nfc(p.name).casefold() in wanted and p.is_file())
    except OSError:
        return None
    if not beside:
        return None
    mine = _folder_listing(folder)
    if mine is None:
        return None
    for archive in beside:
        theirs = _archive_listing(archive)
        if theirs is not None and _same(mine, theirs, folder):
            return archive
    return None


def _unwrap(listing: Listing) -> Listing:
    """One top folder holding everything is a wrapper: compare what is inside it."""
    tops = {rel.partition("/")[0] for rel in listing}
    if len(tops) == 1 and all("/" in rel for rel in listing):
        return {rel.partition("/")[2]: v for rel, v in listing.items()}
    return listing


def _folder_listing(folder: Path) -> Listing | None:
    out: Listing = {}
    try:
        for p in folder.rglob("*"):
            rel = nfc(p.relative_to(folder).as_posix())
            if is_junk(rel) or p.is_symlink() or not p.is_file():
                continue
            out[rel] = (p.stat().st_size, None)
            if len(out) > MAX_FILES:
                return None
    except OSError:
        return None
    return _unwrap(out)


def _archive_listing(path: Path) -> Listing | None:
    from wuxiao_cli.archive import archive_kind

    kind = archive_kind(path)
    try:
        if kind == "zip":
            from wuxiao_cli.archive import zips

            with zips.open_zip(path) as zf:
                members, _ = zips.members(zf)
                rows = [(m.name, m.size, m.key.CRC) for m in members if not m.is_dir and not m.is_link]
        elif kind == "7z":
            import py7zr

            with py7zr.SevenZipFile(path) as sz:
                if sz.needs_password():
                    return None
                rows = [(i.filename, i.uncompressed or 0, i.crc32) for i in sz.list()
                        if not i.is_directory and not i.is_symlink]
        else:
            return None
    except Exception:  # unreadable, encrypted, damaged: not a twin; its own check says why
        return None
    if len(rows) > MAX_FILES:
        return None
    out: Listing = {}
    for name, size, crc in rows:
        rel = nfc(name.replace("\\", "/")).strip("/")
        if rel and not is_junk(rel):
            out[rel] = (size, crc)
    return _unwrap(out)


def _same(mine: Listing, theirs: Listing, folder: Path) -> bool:
    if not mine or mine.keys() != theirs.keys():
        return False
    if any(mine[rel][0] != theirs[rel][0] for rel in mine):
        return False
    root = _content_root(folder, mine)
    budget = SMALL_TOTAL
    for rel, (size, crc) in sorted(theirs.items()):
        if crc is None or size > SMALL:
            continue
        budget -= size
        if budget < 0:
            break
        try:
            if zlib.crc32((root / rel).read_bytes()) != crc:
                return False
        except OSError:
            return False
    return True


def _content_root(folder: Path, listing: Listing) -> Path:
    """Where ``listing``'s paths start: ``folder``, or its one wrapping sub-folder."""
    kept = [p for p in folder.iterdir() if not is_junk(nfc(p.name))]
    if len(kept) == 1 and kept[0].is_dir() and not (folder / next(iter(listing))).exists():
        return kept[0]
    return folder


def archive_and_folder(paths: tuple[str, ...]) -> tuple[str, str] | None:
    """(archive, folder) when two projects' display paths are ``X.zip`` (or .7z, .rar) and ``X`` in the same
    place: a submission before and after an edit (their files differ, or archive_twin would have kept one)."""
    if len(paths) != 2:
        return None
    for archive, folder in (paths, paths[::-1]):
        a, f = nfc(archive).casefold(), nfc(folder).casefold()
        if any(a == f + ext for ext in SUFFIXES):
            return archive, folder
    return None
