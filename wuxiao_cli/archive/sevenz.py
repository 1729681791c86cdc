"""7z archives through py7zr (pure Python): listing judged first, then each file written through a capped writer."""

from __future__ import annotations

import lzma
import zlib
from pathlib import Path

import py7zr
import py7zr.exceptions
from py7zr.io import Py7zIO, WriterFactory

from wuxiao_cli.archive.guard import (
    ENCRYPTED,
    Member,
    Refusal,
    Refused,
    TooMuchData,
    WriteFailed,
    damaged,
    keep_date,
    write_or_fail,
)
from wuxiao_cli.text import T

# What py7zr raises on damaged, truncated or unsupported input (it also lets some plain errors through).
_E = py7zr.exceptions
READ_ERRORS = (_E.ArchiveError, _E.Bad7zFile, _E.UnsupportedCompressionMethodError, _E.DecompressionError,
               _E.DecompressionBombError, _E.CrcError, _E.InternalError, lzma.LZMAError, zlib.error, OSError,
               EOFError, ValueError, LookupError, NotImplementedError)


def encrypted(path: Path, name: str | None = None) -> Refusal:
    """``name`` None: the whole archive, its listing included (7-Zip's "加密文件名" / -mhe)."""
    return Refusal(ENCRYPTED, T(f"{path.name} 设置了密码（已加密），无法检查", f"{path.name} is password-protected"),
                   name)


def list_members(z: py7zr.SevenZipFile, path: Path) -> list[Member]:
    if z.needs_password():  # the listing is readable: the files' content is encrypted
        raise Refused([encrypted(path, i.filename) for i in z.list() if not i.is_directory] or [encrypted(path)])
    return [Member(i.filename, i.uncompressed or 0, i.compressed or 0, i.is_directory, i.is_symlink, key=i.filename,
                   mtime=i.creationtime.timestamp() if i.creationtime else None)  # py7zr's name for the write time
            for i in z.list()]


class _Capped(Py7zIO):
    """Writes one member to its place, refusing bytes beyond its declared size."""

    def __init__(self, fh, declared: int, path: Path):
        self._fh, self._left, self.path = fh, declared, path

    def write(self, s) -> int:
        self._left -= len(s)
        if self._left < 0:
            raise TooMuchData("more data than declared")
        write_or_fail(self._fh, s)
        return len(s)

    def read(self, size=None) -> bytes:
        return b""

    def seek(self, offset, whence=0) -> int:
        return self._fh.seek(offset, whence)

    def flush(self) -> None:
        self._fh.flush()

    def size(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()


class _Factory(WriterFactory):
    def __init__(self, place, sizes: dict[str, int]):
        self._place, self._sizes, self.opened = place, sizes, {}

    def create(self, filename: str) -> Py7zIO:
        target, fh = self._place(filename)  # raises Refused (the entry's name) or WriteFailed (this computer)
        writer = _Capped(fh, self._sizes.get(filename, 0), target)
        self.opened[filename] = writer
        return writer


def extract_7z(path: Path, judge_listing, place) -> None:
    """Judge the listing (``judge_listing`` raises Refused), then extract each file to ``place(name)``, which
    gives (path, open file) as place.Placer.open does."""
    factory = None
    try:
        with py7zr.SevenZipFile(path) as z:
            members = list_members(z, path)
            judge_listing(members)
            files = [m for m in members if not m.is_dir]
            factory = _Factory(place, {m.name: m.size for m in files})
            if files:
                z.extract(targets=[m.name for m in files], factory=factory)
            for writer in factory.opened.values():  # closed first: closing after the date would move it
                writer.close()
            for m in files:
                if m.name in factory.opened:
                    keep_date(factory.opened[m.name].path, m.mtime)
    except py7zr.exceptions.PasswordRequired:
        raise Refused([encrypted(path)]) from None
    except (Refused, WriteFailed):
        raise
    except (*READ_ERRORS, TooMuchData) as exc:
        raise Refused([damaged(path.name, exc)]) from None
    finally:
        for writer in factory.opened.values() if factory else []:
            writer.close()
