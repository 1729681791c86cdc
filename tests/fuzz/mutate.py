"""Mutations of real files, each a pure function of (bytes, Random): the fuzz cases of issue 11.

Bit flips, truncations, extreme header fields (sizes and counts set to 0, 1 or the largest value
their field holds) and bombs (members or streams that inflate to gigabytes). Every case is fixed by
its seed, so a failure found in CI is reproduced by hand with the same seed.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib

EXTREMES_32 = (0, 1, 0x7FFFFFFF, 0xFFFFFFFF)
EXTREMES_16 = (0, 1, 0x7FFF, 0xFFFF)


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    span = len(out) if rng.random() < 0.5 else min(len(out), 4096)  # headers are where readers trust most
    for _ in range(rng.randint(1, 24)):
        at = rng.randrange(span)
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.choice([0, 1, 2, 3, 7, 16, rng.randrange(len(data)), len(data) - 1])]


def _boxes(data: bytes) -> list[int]:
    """Offsets of the size fields of ISO-BMFF boxes (MP4) whose four-letter type we know."""
    kinds = (b"ftyp", b"moov", b"mvhd", b"trak", b"tkhd", b"mdia", b"mdhd", b"minf", b"stbl", b"stsd", b"stts",
             b"stsc", b"stsz", b"stco", b"co64", b"ctts", b"stss", b"mdat", b"avcC", b"edts", b"elst")
    return [m.start() - 4 for k in kinds for m in re.finditer(re.escape(k), data) if m.start() >= 4]


def _put32(out: bytearray, at: int, value: int) -> None:
    if 0 <= at <= len(out) - 4:
        out[at:at + 4] = struct.pack(">I", value)


def extreme_mp4(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    offsets = _boxes(data) or [0]
    for _ in range(rng.randint(1, 3)):
        at = rng.choice(offsets)
        field = rng.choice([0, 12, 16, 20])  # box size, or an entry count / first entry inside it
        _put32(out, at + field, rng.choice(EXTREMES_32))
    return bytes(out)


def extreme_jpeg(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    markers = [m.start() for m in re.finditer(rb"\xff[\xc0-\xc3\xc4\xdb\xdd\xda\xe0-\xef\xfe]", data)] or [2]
    at = rng.choice(markers)
    if data[at + 1] in (0xC0, 0xC1, 0xC2, 0xC3) and rng.random() < 0.6:  # SOF: height, width
        field = at + 5 + rng.choice([0, 2])
    else:  # a segment length
        field = at + 2
    if field + 2 <= len(out):
        out[field:field + 2] = struct.pack(">H", rng.choice(EXTREMES_16))
    return bytes(out)


def extreme_mp3(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    if out[:3] == b"ID3" and rng.random() < 0.5:
        out[6:10] = bytes([0x7F, 0x7F, 0x7F, 0x7F])  # the largest synchsafe tag size: 256 MB of "tag"
        return bytes(out)
    frames = [m.start() for m in re.finditer(rb"\xff[\xe0-\xff]", data)][:200] or [0]
    at = rng.choice(frames)
    if at + 4 <= len(out):
        out[at + 2] = rng.choice([0x00, 0xF0, 0xFF, 0x0C])  # bitrate/sample-rate index: free, bad, reserved
    return bytes(out)


def extreme_pdf(data: bytes, rng: random.Random) -> bytes:
    choices = [
        (rb"/Length \d+", b"/Length 999999999999"),
        (rb"/Width \d+", b"/Width 2147483647"),
        (rb"/Height \d+", b"/Height 2147483647"),
        (rb"/Count \d+", b"/Count 2147483647"),
        (rb"startxref\s+\d+", b"startxref\n99999999999"),
        (rb"/Size \d+", b"/Size 2147483647"),
    ]
    pattern, repl = rng.choice(choices)
    return re.sub(pattern, repl, data, count=1)


def _rezip(data: bytes, change) -> bytes:
    """Copy a zip (docx/xlsx) member by member through ``change(name, bytes) -> bytes``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)))
    return buf.getvalue()


def extreme_ooxml(data: bytes, rng: random.Random) -> bytes:
    """Extreme fields where Office readers trust the file: spans, sheet dimensions, declared sizes."""
    kind = rng.randrange(4)
    if kind == 0:
        return _rezip(data, lambda n, d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2147483647"/>')
                      if n == "word/document.xml" else d)
    if kind == 1:
        return _rezip(data, lambda n, d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d)
                      if n.startswith("xl/worksheets/") else d)
    if kind == 2:
        return _rezip(data, lambda n, d: re.sub(rb'count="\d+"', b'count="2147483647"', d))
    out = bytearray(data)  # a central-directory entry claiming a 4 GB member
    at = data.rfind(b"PK\x01\x02")
    if at >= 0:
        _put32(out, at + 24, 0xFFFFFFFE)
    return bytes(out)


BOMB_INFLATED = 1 << 30  # 1 GiB of zeros


def deflate_bomb() -> tuple[bytes, int, int]:
    """1 GiB of zeros as one raw deflate stream (~1 MB): (stream, inflated size, CRC-32); made once per run."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 24)
    parts, crc = [], 0
    for _ in range(BOMB_INFLATED // len(chunk)):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(comp.flush())
    return b"".join(parts), BOMB_INFLATED, crc


def bomb_member(data: bytes, rng: random.Random, bomb: tuple[bytes, int, int], method: int = 8) -> bytes:
    """Add ``bomb`` (prebuilt compressed zeros, deflate 8 or bzip2 12) as a member of a zip-based file."""
    name = rng.choice(["word/media/image9.png", "xl/media/image9.png", "customXml/item9.xml", "mimetype"])
    return _append_member(data, name, bomb[0], method, bomb[1], bomb[2])


def _append_member(raw: bytes, name: str, payload: bytes, method: int, size: int, crc: int) -> bytes:
    """Rewrite ``raw`` (a zip) with one more member whose compressed bytes are ``payload``."""
    end = raw.rfind(b"PK\x05\x06")
    count, cd_size, cd_start = struct.unpack("<HII", raw[end + 10:end + 20])
    body, central = raw[:cd_start], raw[cd_start:cd_start + cd_size]
    encoded = name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(payload), size,
                        len(encoded), 0) + encoded + payload
    entry = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(payload), size,
                        len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
    new_central = central + entry
    start = len(body) + len(local)
    eocd = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(new_central), start, 0)
    return body + local + new_central + eocd


def flate_bomb_pdf(data: bytes, rng: random.Random, bomb: tuple[bytes, int, int]) -> bytes:
    """A PDF whose first stream is replaced by a FlateDecode stream of 1 GiB of zeros."""
    zlib_stream = b"\x78\x9c" + bomb[0] + struct.pack(">I", 1)  # zlib wrapper; the adler is wrong on purpose
    m = re.search(rb"<<([^>]*?)/Length \d+([^>]*?)>>\s*stream\r?\n", data)
    if not m:
        return data + b"\n"
    end = data.find(b"endstream", m.end())
    head = b"<</Filter /FlateDecode /Length %d>>\nstream\n" % len(zlib_stream)
    return data[:m.start()] + head + zlib_stream + b"\n" + data[end:]
