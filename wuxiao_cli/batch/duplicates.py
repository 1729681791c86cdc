"""Identical media across projects (B003), found without reading whole videos.

Files are grouped by size first; only same-size files from different projects get a hash of
their first and last 64 KiB (different photos, videos and recordings already differ there: their
headers, metadata and first frames); only files still tied after that are hashed in full.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

EDGE = 64 * 1024  # bytes hashed at each end before a full hash: 128 KiB read per same-size file
CHUNK = 1024 * 1024


def _edge_hash(path: Path, size: int) -> str:
    h = hashlib.blake2b(digest_size=20)
    with path.open("rb") as fh:
        h.update(fh.read(EDGE))
        if size > 2 * EDGE:
            fh.seek(size - EDGE)
            h.update(fh.read(EDGE))
        elif size > EDGE:
            h.update(fh.read())
    return h.hexdigest()


def _full_hash(path: Path) -> str:
    h = hashlib.blake2b(digest_size=20)
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _refine(group: list, key) -> list[list]:
    """Split a group by ``key(item)``; keep sub-groups that still span two or more projects."""
    buckets: dict[str, list] = defaultdict(list)
    for item in group:
        try:
            buckets[key(item)].append(item)
        except OSError:
            continue  # unreadable here: the project's own rules report it
    return [g for g in buckets.values() if len({p for p, _, _ in g}) > 1]


def identical_groups(items: list[tuple[str, str, Path, int]]) -> list[list[tuple[str, str, Path]]]:
    """``items`` are (project, rel, path, size); returns groups of identical files spanning ≥ 2 projects."""
    by_size: dict[int, list] = defaultdict(list)
    for project, rel, path, size in items:
        if size > 0:
            by_size[size].append((project, rel, path))
    out = []
    for size, group in sorted(by_size.items()):
        if len({p for p, _, _ in group}) < 2:
            continue
        for tied in _refine(group, lambda it, s=size: _edge_hash(it[2], s)):
            if size <= 2 * EDGE:  # the edges already covered every byte
                out.append(tied)
            else:
                out.extend(_refine(tied, lambda it: _full_hash(it[2])))
    return [sorted(g) for g in out]
