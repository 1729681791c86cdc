"""Shared helpers for the media rule tests: media made once per session, tiny project folders, findings.

Expensive media (the 300 s MP4s, 10 MB JPEGs) are built at most once per test session into a
cache folder and hard-linked (or copied) into each test's project. ``stored(name, factory, **kw)``
returns the cached file; ``put(project, rel, name, factory, **kw)`` places it in a project.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from wuxiao_cli.engine import check_project
from wuxiao_cli.findings import Finding
from wuxiao_cli.profile import load_profile

REPO = Path(__file__).resolve().parent.parent
PROFILE = load_profile("national-2024")

_CACHE: Path | None = None
_MADE: dict[str, Path] = {}


def _cache_dir() -> Path:
    global _CACHE
    if _CACHE is None:
        _CACHE = Path(tempfile.mkdtemp(prefix="wuxiao-media-"))
        atexit.register(shutil.rmtree, _CACHE, True)
    return _CACHE


def stored(name: str, factory: Callable[..., Path], **kw) -> Path:
    """The file ``factory(path, **kw)`` writes, made once per session and kept read-only in the cache.

    ``name`` is the cache key and the cached file's name (its extension is what the factory gets).
    """
    if name not in _MADE:
        path = _cache_dir() / name
        factory(path, **kw)
        _MADE[name] = path
    return _MADE[name]


def put(project: Path, rel: str, name: str, factory: Callable[..., Path], *, copy: bool = False, **kw) -> Path:
    """Place the cached file ``name`` (made by ``factory``) at ``project/rel``: a hard link unless ``copy``."""
    src = stored(name, factory, **kw)
    dest = project / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not copy:
        try:
            os.link(src, dest)
            return dest
        except OSError:
            pass
    shutil.copyfile(src, dest)
    return dest


def check(project: Path) -> list[Finding]:
    """All findings for ``project`` under the national-2024 profile."""
    return check_project(project, PROFILE).findings


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def family(findings: list[Finding], letter: str) -> list[tuple[str, str, str | None]]:
    """(rule, severity, file) of every finding in one rule family, e.g. "P"."""
    return [(f.rule, f.severity, f.file) for f in findings if f.rule.startswith(letter)]


def snapshot(folder: Path) -> dict[str, tuple]:
    """(kind, size, sha256, mtime_ns, mode) of every entry under ``folder``, links not followed."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(folder).as_posix()
            st = p.lstat()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p), st.st_mtime_ns)
            elif p.is_dir():
                out[rel] = ("dir", st.st_mtime_ns, st.st_mode)
            else:
                try:
                    digest = hashlib.sha256(p.read_bytes()).hexdigest()
                except OSError:
                    digest = "unreadable"
                out[rel] = ("file", st.st_size, digest, st.st_mtime_ns, st.st_mode)
    return out
