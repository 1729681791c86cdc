"""JPEG density → N dpi by rewriting header bytes only: JFIF APP0 units/density, EXIF X/YResolution.

Nothing after the start-of-scan marker is touched, so the compressed scan data and the decoded
pixels are byte-identical. A JPEG with neither field gets a JFIF APP0 segment inserted after SOI.
"""

from __future__ import annotations

import struct

SOI, SOS, EOI = 0xD8, 0xDA, 0xD9
TAG_XRES, TAG_YRES, TAG_UNIT = 282, 283, 296
RATIONAL, SHORT = 5, 3


class NotJpeg(ValueError):
    pass


def segments(data: bytes):
    """(marker, start, end) of each header segment up to SOS; ``start`` is the 0xFF byte."""
    if data[:2] != b"\xff\xd8":
        raise NotJpeg("no SOI")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise NotJpeg(f"no marker at {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (SOI, EOI) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise NotJpeg(f"bad segment length at {pos}")
        yield marker, pos, end
        if marker == SOS:
            return
        pos = end


def _fix_jfif(buf: bytearray, start: int, dpi: int) -> bool:
    body = start + 4
    if bytes(buf[body:body + 5]) != b"JFIF\x00" or start + 16 > len(buf):
        return False
    buf[body + 7] = 1  # dots per inch
    buf[body + 8:body + 12] = struct.pack(">HH", dpi, dpi)
    return True


def _fix_exif(buf: bytearray, start: int, end: int, dpi: int) -> bool:
    body = start + 4
    if bytes(buf[body:body + 6]) != b"Exif\x00\x00":
        return False
    tiff = body + 6
    order = bytes(buf[tiff:tiff + 2])
    if order not in (b"II", b"MM"):
        return False
    e = "<" if order == b"II" else ">"
    try:
        ifd = tiff + struct.unpack(e + "I", buf[tiff + 4:tiff + 8])[0]
        count = struct.unpack(e + "H", buf[ifd:ifd + 2])[0]
        found = False
        for n in range(count):
            at = ifd + 2 + 12 * n
            if at + 12 > end:
                return found
            tag, typ, cnt = struct.unpack(e + "HHI", buf[at:at + 8])
            if tag in (TAG_XRES, TAG_YRES) and typ == RATIONAL and cnt == 1:
                off = tiff + struct.unpack(e + "I", buf[at + 8:at + 12])[0]
                if off + 8 <= end:
                    buf[off:off + 8] = struct.pack(e + "II", dpi, 1)
                    found = True
            elif tag == TAG_UNIT and typ == SHORT:
                buf[at + 8:at + 10] = struct.pack(e + "H", 2)  # inches
    except struct.error:
        return False
    return found


def set_density(data: bytes, dpi: int = 300) -> bytes:
    """The same JPEG recording ``dpi`` × ``dpi``. Raises NotJpeg when the header cannot be walked."""
    buf = bytearray(data)
    fixed = False
    for marker, start, end in list(segments(data)):
        if marker == 0xE0:
            fixed |= _fix_jfif(buf, start, dpi)
        elif marker == 0xE1:
            fixed |= _fix_exif(buf, start, end, dpi)
    if not fixed:
        app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01" + struct.pack(">HH", dpi, dpi) + b"\x00\x00"
        buf[2:2] = app0
    return bytes(buf)
