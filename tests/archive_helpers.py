"""Real archives for the intake tests: zips as Windows Explorer, macOS and 7-Zip write them, 7z, and RAR v4.

No `rar` creator is installable here, so ``make_rar`` writes the RAR 4 format itself (stored method,
as WinRAR's "store" writes it); the extractors under test (unar, bsdtar, 7z) read it like any other RAR.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

RAR_MARK = b"Rar!\x1a\x07\x00"
_DOS_TIME = (46 << 25) | (1 << 21) | (1 << 16)  # 2026-01-01 00:00, any fixed stamp will do


def _block(head_type: int, flags: int, body: bytes) -> bytes:
    """A RAR 4 block: CRC16 (low half of CRC32 over type..end), type, flags, size, body."""
    rest = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(rest) & 0xFFFF) + rest


def make_rar(path: Path, files: dict[str, bytes | None], *, encrypted: bool = False, legacy: str | None = None) -> Path:
    """A RAR 4 archive storing ``files`` (name → bytes, '/' separated; names go in as UTF-8 with the
    Unicode flag, as RAR 3+ does for names without a legacy form). ``legacy``: names in that code page
    and no Unicode flag, as WinRAR 4 / 好压 write them on Chinese Windows (bytes no code page reads can be
    given as surrogate escapes, "\\udcff")."""
    out = [RAR_MARK, _block(0x73, 0, b"\0" * 6)]
    for name, data in files.items():
        windows = name.replace("/", "\\")
        raw = windows.encode(legacy or "utf-8", errors="surrogateescape")
        flags = 0x8000 | (0x200 if not name.isascii() and not legacy else 0) | (0x4 if encrypted else 0)
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), _DOS_TIME, 20, 0x30,
                           len(raw), 0x20) + raw
        out.append(_block(0x74, flags, body) + data)
    out.append(_block(0x7B, 0x4000, b""))
    path.write_bytes(b"".join(out))
    return path


class _LegacyName(zipfile.ZipInfo):
    """A ZipInfo whose name is stored in a legacy code page with the UTF-8 flag clear."""

    encoding = "gbk"

    def _encodeFilenameFlags(self):  # zipfile's own hook for the stored name (headers and directory)
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


def zip_flagless(path: Path, files: dict[str, bytes], encoding: str) -> Path:
    """A zip whose names are stored in ``encoding`` without the UTF-8 flag, as Windows Explorer (CP936)
    or a macOS archiver (UTF-8, flag unset) writes them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = _LegacyName(name)
            info.encoding = encoding
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def project_files(folder: Path, top: str = "") -> dict[str, bytes]:
    """Every file of a project folder as name → bytes, under ``top/`` when given."""
    prefix = f"{top}/" if top else ""
    return {prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def zip_raw(path: Path, entries: list[tuple[str, int]], data: bytes, *, size: int, method: int = 8) -> Path:
    """A zip written record by record: each (name, offset_of) entry points at the local record of entry
    ``offset_of`` (itself when equal to its index), so entries can share compressed bytes. ``data`` is
    the compressed payload standing for ``size`` bytes (CRC of ``size`` zero bytes)."""
    crc = zlib.crc32(b"\0" * size)
    out, offsets, central = bytearray(), [], bytearray()
    for index, (name, share) in enumerate(entries):
        raw = name.encode("utf-8")
        if share == index:
            offsets.append(len(out))
            out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size, len(raw), 0)
            out += raw + data
        else:
            offsets.append(offsets[share])
    for (name, _share), offset in zip(entries, offsets, strict=True):
        raw = name.encode("utf-8")
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes as raw deflate data (what a zip entry stores)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(b"\0" * size) + c.flush()


def seven_zip(path: Path, files: dict[str, bytes]) -> Path:
    """A .7z of these files (name → bytes), as py7zr writes it: the one 7z reader we ship reads it back."""
    import py7zr

    with py7zr.SevenZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(data, name)
    return path
