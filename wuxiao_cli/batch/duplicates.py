"""Identical media across projects (B003), found without reading whole videos.

Files are grouped by size first; only same-size files from different projects get a SHA-256 of
their first and last 64 KiB (different photos, videos and recordings already differ there: their
headers, metadata and first frames); only files still tied after that are compared whole, by the
CRC-32 of all their bytes (a second, independent check on files already equal in size and edges;
zlib's CRC-32 runs at twice SHA-256's speed, and a zip states it for every entry).

A file of a received archive lives only while its project is checked (in a private temporary
folder): its digests are taken there, both of them (``digested``), since no later tie can reopen it;
a zip's entries come with their CRC-32, checked by zipfile as it extracted them, so only their edges
are read again. A project folder's files are read here, and only when tied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

EDGE = 64 * 1024  # bytes hashed at each end before a full hash: 128 KiB read per same-size file
CHUNK = 1024 * 1024
MEDIA_ROLES = ("photos", "videos", "audio")


class MediaFile(NamedTuple):
    project: str  # the project's report path
    rel: str
    path: str  # a str, not a Path: a batch's parent holds one per media file of every project
    size: int
    edge: str | None = None  # digests already taken (an archive's file, gone by now); None: read when needed
    full: str | None = None


def media_files(project, *, digested: bool = False, crcs: Mapping[str, int] = {}) -> list[MediaFile]:
    """The project's photos, videos and audio (their role folders, recursively) for B003; ``digested``:
    with both digests taken now, for files that will not outlive the check; ``crcs``: CRC-32s already
    known, by path (an extracted zip's)."""
    out = []
    for role in MEDIA_ROLES:
        for e in project.files_in(role, recursive=True):
            m = MediaFile(project.display, e.rel, str(e.path), e.size)
            if digested and e.size > 0:
                known = crcs.get(str(e.path))
                try:
                    m = m._replace(edge=_edge_hash(e.path, e.size),
                                   full=(_crc_text(known) if known is not None else _file_crc(e.path))
                                   if e.size > 2 * EDGE else None)
                except OSError:
                    continue  # unreadable: the project's own rules report it
            out.append(m)
    return out


def _edge_hash(path: str | Path, size: int) -> str:
    import hashlib  # here, not at the top: a one-project check never hashes

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        h.update(fh.read(EDGE))
        if size > 2 * EDGE:
            fh.seek(size - EDGE)
            h.update(fh.read(EDGE))
        elif size > EDGE:
            h.update(fh.read())
    return h.hexdigest()


def _file_crc(path: str | Path) -> str:
    """The CRC-32 of the whole file, as a zip states it for an entry (_crc_text)."""
    import zlib

    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
    return _crc_text(crc)


def _crc_text(crc: int) -> str:
    return f"crc32:{crc:08x}"


def _refine(group: list[MediaFile], key) -> list[list[MediaFile]]:
    """Split a group by ``key(item)``; keep sub-groups that still span two or more projects."""
    buckets: dict[str, list] = defaultdict(list)
    for item in group:
        try:
            buckets[key(item)].append(item)
        except OSError:
            continue  # unreadable here: the project's own rules report it
    return [g for g in buckets.values() if len({m.project for m in g}) > 1]


def sizes_shared(media: Callable[[], Iterable]) -> list[MediaFile]:
    """The files of ``media()`` whose size a file of another project has: the only ones that can be
    identical across projects. ``media()`` is read twice (a batch's results are read back from disk),
    so that the batch's process holds two numbers per file, not every file's entry."""
    first: dict[int, int | None] = {}  # size → hash of the one project seen with it; None: two projects
    for m in (MediaFile(*x) for x in media()):
        seen = first.setdefault(m.size, hash(m.project))
        if seen is not None and seen != hash(m.project):
            first[m.size] = None
    return [m for m in (MediaFile(*x) for x in media()) if m.size in first and first[m.size] is None]


def identical_groups(items: list) -> list[list[tuple[str, str, Path]]]:
    """``items`` are MediaFiles, or (project, rel, path, size); returns groups of identical files
    spanning ≥ 2 projects, as sorted (project, rel, path)."""
    by_size: dict[int, list[MediaFile]] = defaultdict(list)
    for item in items:
        m = MediaFile(*item)
        if m.size > 0:
            by_size[m.size].append(m)
    out = []
    for size, group in sorted(by_size.items()):
        if len({m.project for m in group}) < 2:
            continue
        for tied in _refine(group, lambda m, s=size: m.edge or _edge_hash(m.path, s)):
            if size <= 2 * EDGE:  # the edges already covered every byte
                out.append(tied)
            else:
                out.extend(_refine(tied, lambda m: m.full or _file_crc(m.path)))
    return [sorted(m[:3] for m in g) for g in out]
