"""Hostile files for the hardening tests (issue 11), made at test time, and a runner under hard limits.

``run_limited`` runs the real CLI in a subprocess under a 1 GB address-space limit (RLIMIT_AS,
POSIX only) and a wall limit: a blow-up shows as a MemoryError traceback or a kill, a stall as a timeout.
"""

from __future__ import annotations

import bz2
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GB = 1 << 30
WALL = 30  # seconds per case (acceptance 1)

_BLOCK_MAGIC = format(0x314159265359, "048b")
_END_MAGIC = format(0x177245385090, "048b")


def run_limited(*args: str, memory: int = GB, wall: float = WALL, env: dict | None = None,
                cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m wuxiao_cli ARGS` under ``memory`` bytes of address space and ``wall`` seconds."""
    if sys.platform == "win32":
        pytest.skip("RLIMIT_AS is POSIX-only")
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "wuxiao_cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", cwd=cwd or REPO, env=full_env, timeout=wall,
                          preexec_fn=limit)


def assert_clean(proc: subprocess.CompletedProcess) -> None:
    """Ended on its own with a verdict (0/1) or a usage error (2): no traceback, no MemoryError."""
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr[-3000:])


# --- bzip2 bombs -------------------------------------------------------------------------------

def _bits(data: bytes) -> str:
    return "".join(format(b, "08b") for b in data)


def _one_block() -> tuple[str, int, int]:
    """One full bzip2 block of zeros as a bit string, its CRC and how many bytes it inflates to."""
    size = 3 * 46_000_000  # more than two full blocks of zeros (RLE makes ~45.9 MB fit one block)
    stream = bz2.compress(bytes(size), 9)
    bits = _bits(stream)
    first = bits.index(_BLOCK_MAGIC, 32)
    second = bits.index(_BLOCK_MAGIC, first + 48)
    block = bits[first:second]
    crc = int(block[48:80], 2)
    inflated = len(bz2.decompress(_stream([block], [crc])))
    return block, crc, inflated


def _stream(blocks: list[str], crcs: list[int]) -> bytes:
    combined = 0
    for crc in crcs:
        combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ crc
    bits = "".join(blocks) + _END_MAGIC + format(combined, "032b")
    bits += "0" * (-len(bits) % 8)
    return b"BZh9" + int(bits, 2).to_bytes(len(bits) // 8, "big")


@cache  # seconds of compressing and CRC-ing zeros: once per size and process, not once per bomb
def bzip2_zeros(at_least: int) -> tuple[bytes, int, int]:
    """A bzip2 stream of zeros inflating to ≥ ``at_least`` bytes (2 GiB in ~2 KB): (data, size, crc32)."""
    block, crc, per_block = _one_block()
    n = -(-at_least // per_block)
    zeros_crc = 0
    chunk = bytes(per_block)
    for _ in range(n):
        zeros_crc = zlib.crc32(chunk, zeros_crc)
    return _stream([block] * n, [crc] * n), n * per_block, zeros_crc


def add_raw_member(zip_path: Path, name: str, raw: bytes, method: int, size: int, crc: int) -> Path:
    """Append a member whose compressed bytes are ``raw`` (zipfile cannot write pre-compressed data)."""
    with zipfile.ZipFile(zip_path) as zf:
        members = [(i, zf.read(i)) for i in zf.infolist()]
    encoded = name.encode("utf-8")
    zip64 = size >= 0xFFFFFFFF
    with open(zip_path, "wb") as out:
        central = []
        for info, data in members:
            offset = out.tell()
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = comp.compress(data) + comp.flush()
            fname = info.filename.encode("utf-8")
            out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, zlib.crc32(data),
                                  len(body), len(data), len(fname), 0) + fname + body)
            central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, zlib.crc32(data),
                                       len(body), len(data), len(fname), 0, 0, 0, 0, 0, offset) + fname)
        offset = out.tell()
        extra = struct.pack("<2H2Q", 1, 16, size, len(raw)) if zip64 else b""
        shown = 0xFFFFFFFF if zip64 else size
        shown_c = 0xFFFFFFFF if zip64 else len(raw)
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 46, 0x800, method, 0, 0x21, crc, shown_c, shown,
                              len(encoded), len(extra)) + encoded + extra + raw)
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 46, 46, 0x800, method, 0, 0x21, crc, shown_c, shown,
                                   len(encoded), len(extra), 0, 0, 0, 0, offset) + encoded + extra)
        start = out.tell()
        cd = b"".join(central)
        out.write(cd)
        out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central), len(cd), start, 0))
    return zip_path


def with_bzip2_bomb(zip_path: Path, member: str = "mimetype", at_least: int = 2 * GB) -> Path:
    """Add a bzip2 member of zeros that inflates to ≥ ``at_least`` bytes to an existing zip (in place)."""
    raw, size, crc = bzip2_zeros(at_least)
    return add_raw_member(zip_path, member, raw, zipfile.ZIP_BZIP2, size, crc)


# --- docx tampering ----------------------------------------------------------------------------

def rewrite_document_xml(docx_path: Path, change) -> Path:
    """Replace word/document.xml by ``change(xml_bytes)`` (everything else copied as it is)."""
    with zipfile.ZipFile(docx_path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, change(data) if name == "word/document.xml" else data)
    return docx_path
