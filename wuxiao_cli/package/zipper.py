"""Deterministic zip writing (SPEC §6): sorted entries, source mtimes, fixed attributes, hashed while written.

Every byte of every source file is read once: it goes to the hash and to the zip in the same pass,
so memory stays flat whatever the video size. The zip is written to a temporary file in the output
folder and renamed at the end; an interruption (Ctrl+C, a kill, a full disk) leaves no ``.zip``.
"""

from __future__ import annotations

import filecmp
import glob
import hashlib
import itertools
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli import fsops

CHUNK = 1 << 20
TEMP_SUFFIX = ".wuxiao-part"
# Already-compressed formats: deflating them costs time and saves nothing.
STORED_SUFFIXES = {".jpg", ".jpeg", ".mp4", ".mp3", ".png", ".pdf", ".m4a", ".m4v", ".mov", ".aac",
                   ".heic", ".webp", ".gif", ".zip", ".7z", ".rar", ".gz"}
DEFLATE_LEVEL = 6
EARLIEST = time.mktime((1980, 1, 1, 0, 0, 0, 0, 0, -1))
LATEST_YEAR = 2107
_WRITES = itertools.count(1)  # numbers this process's temporary files: the gui writes from several threads
_PUBLISH = threading.Lock()  # "not there yet, so rename": one thread at a time, or two both find it free


@dataclass(frozen=True)
class Item:
    """One entry: ``rel`` under the top folder; its bytes come from ``source`` or ``data``.

    ``snapshot`` is the source's size when the project was listed: reading must find exactly that.
    """

    rel: str
    mtime: float
    source: Path | None = None
    data: bytes | None = None
    snapshot: int | None = None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.snapshot if self.snapshot is not None else self.source.stat().st_size


class FileChanged(Exception):
    """A source file's size changed between listing and reading (still being written)."""

    def __init__(self, rel: str, before: int, after: int):
        super().__init__(f"{rel}: {before} → {after} bytes")
        self.rel, self.before, self.after = rel, before, after


class _GbkInfo(zipfile.ZipInfo):
    """A name in GBK without the UTF-8 flag, for old Windows tools (`--gbk-names`)."""

    __slots__ = ()

    def _encodeFilenameFlags(self):  # noqa: N802 — zipfile's own hook
        try:
            return self.filename.encode("gbk"), self.flag_bits
        except UnicodeEncodeError:  # a name GBK cannot hold keeps UTF-8 and says so
            return super()._encodeFilenameFlags()


class ZipExists(Exception):
    """The target zip exists and --overwrite was not given (``differs``: it was compared and is not the same)."""

    def __init__(self, path: str, differs: bool = False):
        super().__init__(path)
        self.differs = differs


def zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    """Local time as the zip stores it (2-second steps, 1980–2107)."""
    t = time.localtime(max(mtime, EARLIEST))
    if t.tm_year > LATEST_YEAR:
        return (LATEST_YEAR, 12, 31, 23, 59, 58)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)


def compression_for(rel: str) -> int:
    return zipfile.ZIP_STORED if Path(rel).suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def _info(arcname: str, item: Item, gbk: bool, size: int) -> zipfile.ZipInfo:
    info = (_GbkInfo if gbk else zipfile.ZipInfo)(arcname, zip_time(item.mtime))
    info.compress_type = compression_for(item.rel)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        info._compresslevel = DEFLATE_LEVEL  # same bytes on every run
    info.create_system = 3  # the same on Windows and Linux: byte-identical packages
    info.external_attr = 0o100644 << 16
    info.file_size = size
    return info


def _write_item(zf: zipfile.ZipFile, arcname: str, item: Item, gbk: bool) -> str:
    """Write one entry, returning the sha256 of exactly the bytes written."""
    digest = hashlib.sha256()
    if item.data is not None:
        info = _info(arcname, item, gbk, len(item.data))
        digest.update(item.data)
        with zf.open(info, "w", force_zip64=info.file_size > 0x7FFFFFFF) as out:
            out.write(item.data)
        return digest.hexdigest()
    with open(item.source, "rb") as src:
        size = item.snapshot if item.snapshot is not None else os.fstat(src.fileno()).st_size
        info = _info(arcname, item, gbk, size)
        read = 0
        with zf.open(info, "w", force_zip64=size > 0x7FFFFFFF) as out:
            while chunk := src.read(min(CHUNK, size - read + 1)):  # never more than one byte past the snapshot
                read += len(chunk)
                if read > size:
                    raise FileChanged(item.rel, size, os.fstat(src.fileno()).st_size)
                digest.update(chunk)
                out.write(chunk)
        if read != size or os.fstat(src.fileno()).st_size != size:
            raise FileChanged(item.rel, size, os.fstat(src.fileno()).st_size)
    return digest.hexdigest()


def temp_path_for(dest: Path) -> Path:
    """A temporary name of this write's own: the process and a number, so two threads never share one."""
    return dest.with_name(f".{dest.name}.{os.getpid()}-{next(_WRITES)}{TEMP_SUFFIX}")


def stale_parts(dest: Path) -> list[Path]:
    """Temporary files other processes left for ``dest``; this process's belong to a thread still
    writing (a write that fails removes its own)."""
    mine = f".{dest.name}.{os.getpid()}-"
    return [p for p in dest.parent.glob(f".{glob.escape(dest.name)}.*{TEMP_SUFFIX}") if not p.name.startswith(mine)]


def remove_stale_parts(dest: Path) -> None:
    """A killed earlier pack of the same zip cannot clean up after itself: this run does."""
    for stale in stale_parts(dest):
        try:
            stale.unlink()
        except OSError:  # another pack still writing it (Windows keeps it locked): leave it
            pass


def write_zip(path: Path, top: str, items: list[Item], trailer: Callable[[dict[str, str]], list[Item]],
              *, gbk_names: bool = False) -> dict[str, str]:
    """The zip itself, at ``path`` (a temporary name: see staged)."""
    hashes: dict[str, str] = {}
    with open(path, "wb") as raw:
        with zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
            for item in items:
                hashes[item.rel] = _write_item(zf, f"{top}/{item.rel}", item, gbk_names)
            for item in trailer(dict(hashes)):
                hashes[item.rel] = _write_item(zf, f"{top}/{item.rel}", item, gbk_names)
        raw.flush()
        os.fsync(raw.fileno())
    return hashes


def same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (compared in chunks: a 2 GB zip never sits in memory)."""
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


@contextmanager
def staged(dests: list[Path], *, overwrite: bool = False, kept: list[Path] | None = None) -> Iterator[list[Path]]:
    """Temporary names for ``dests`` in their folders; renamed to ``dests`` only when the block
    completes for all of them, and removed on any failure or interruption (a kill leaves them to
    the next run's remove_stale_parts): never some outputs without the others, never a torn one.

    An existing dest is never replaced without ``overwrite``. With ``kept`` given, one that holds exactly
    the bytes just written is left as it is and listed in ``kept`` (a package is reproducible: packing an
    unchanged project again is no conflict); one that differs raises ZipExists(differs=True)."""
    for dest in dests:
        if dest.exists() and not overwrite and kept is None:
            raise ZipExists(str(dest))
        remove_stale_parts(dest)
    temps = [temp_path_for(dest) for dest in dests]
    try:
        yield temps
        with _PUBLISH:
            same = []
            for tmp, dest in zip(temps, dests, strict=True):
                if dest.exists() and not overwrite:  # there before, or someone made it meanwhile
                    if kept is None or not same_bytes(tmp, dest):
                        raise ZipExists(str(dest), differs=kept is not None)
                    same.append(dest)
            for tmp, dest in zip(temps, dests, strict=True):
                if dest in same:
                    fsops.unlink(tmp)  # the zip already there is the same: a held copy of it is no failure
                else:
                    fsops.replace(tmp, dest)  # a failure names dest (the zip), not tmp
            if kept is not None:
                kept.extend(same)
    except BaseException:
        for tmp in temps:
            fsops.unlink(tmp)
        raise
