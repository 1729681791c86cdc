"""Rename Windows-unsafe names (F027) to safe ones, deepest first, never onto an existing name."""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli import fsops
from wuxiao_cli.package.naming import safe_component
from wuxiao_cli.project import list_project
from wuxiao_cli.rules.names import gbk_reading, name_problem
from wuxiao_cli.text import readable, undecodable


def _free(parent: Path, name: str) -> str:
    if not (parent / name).exists():
        return name
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    for n in range(2, 1000):
        candidate = f"{stem}_{n}{dot}{ext}"
        if not (parent / candidate).exists():
            return candidate
    raise OSError(f"no free name for {name}")


def rename_unsafe(root: Path) -> list[tuple[str, str]]:
    """Rename every unsafe file/folder name under ``root``; returns (old rel, new rel) pairs."""
    listing = list_project(root)
    rels = sorted([*listing.dirs, *(f.rel for f in listing.files)], key=lambda r: -r.count("/"))
    done = []
    for rel in rels:
        name = rel.rsplit("/", 1)[-1]
        if name_problem(name) is None:
            continue
        path = root / rel
        readable_name = gbk_reading(name) if undecodable(name) else name  # a GBK name unzipped unconverted
        new = _free(path.parent, safe_component(readable_name, max_chars=100, fallback="文件"))
        try:
            fsops.replace(path, path.parent / new)  # retried while the antivirus scans a file just copied
        except OSError as exc:
            exc.filename = str(path)  # the name the clerk knows, not the one it was to get
            raise
        parent = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
        done.append((readable(rel), readable(parent + new)))  # the log is text: bad bytes as \xb8
    return sorted(done)
