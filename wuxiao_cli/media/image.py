"""Image facts with Pillow from headers: size, mode, density, orientation; completeness from the file's
end, not a decode.

A JPEG cut short (an interrupted copy or download) lacks its end-of-image marker; looking at the
last bytes finds that without decoding megapixels, which keeps a 330-project batch fast. A photo
with data after its image (phones append some) is walked segment by segment to its marker instead.
Other formats are checked with Pillow's verify(), which walks their chunks without decoding.
"""

from __future__ import annotations

import math
import mmap
import re
import struct
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image

from wuxiao_cli.sniff import sniff

MAX_PIXELS = 120_000_000  # far above any camera (a 100 MP sensor); bigger is a decompression bomb
# A picture with no reduced decode (PNG, GIF, BMP, TIFF, WebP; a JPEG has libjpeg's 1/2–1/8 draft) is
# decoded whole only up to this: an A4 page at 600 dpi is ~35 MP, ~140 MB decoded (Pillow keeps RGB in
# 4 bytes a pixel), where 120 MP of RGBA would be ~480 MB, times the workers decoding at once
WHOLE_DECODE_PIXELS = 40_000_000


def too_big_to_decode(facts) -> bool:
    """Whether a readable picture's pixels would be decoded whole past WHOLE_DECODE_PIXELS: the scan's seal
    picture and the report's thumbnail are then not made (media.scans, report.gallery)."""
    return facts.kind != "jpeg" and (facts.width or 0) * (facts.height or 0) > WHOLE_DECODE_PIXELS


@dataclass(frozen=True)
class ImageFacts:
    kind: str  # by content: jpeg, png, heic, …
    size: int
    width: int | None = None
    height: int | None = None
    mode: str | None = None
    # every density recorded, (where, x dpi, y dpi): JFIF and EXIF may disagree, and programs differ in which they show
    dpi_records: tuple[tuple[str, float, float], ...] = ()
    error: str | None = None  # why the image cannot be read in full (truncated, corrupt, too large)
    orientation: int = 1  # EXIF Orientation: 1 as stored; 6 a phone held upright (viewers turn it, see UPRIGHT)
    # A scan's picture as the seal heuristic sees it (media.scans.read_scan; empty for photos), and the
    # seal outlines found on it, by index (media.scans.seal_box)
    images: list = field(default_factory=list, compare=False, repr=False)
    seals: dict = field(default_factory=dict, compare=False, repr=False)
    unsearched: str | None = None  # why a readable scan's picture was not decoded for the seal (media.scans)

    @property
    def dpi(self) -> float | None:
        """The lowest dots per inch recorded (x or y, JFIF or EXIF), unrounded; None when nothing is."""
        return min((min(x, y) for _, x, y in self.dpi_records), default=None)


def read_image(path: Path) -> ImageFacts:
    size = path.stat().st_size
    kind = sniff(path)
    if kind not in ("jpeg", "png", "gif", "bmp", "tiff", "webp"):
        return ImageFacts(kind, size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    return ImageFacts(kind, size, width, height, im.mode, error=f"too-large:{width}x{height}")
                facts = ImageFacts(kind, size, width, height, im.mode, density(im), orientation=orientation(im))
            if kind != "jpeg":
                with Image.open(path) as whole:
                    whole.verify()  # walks chunks and checksums without decoding; must follow open()
        if kind == "jpeg" and not ends_with_eoi(path):
            return replace(facts, error="truncated: no end-of-image marker (FFD9)")
    except Image.DecompressionBombError:
        dims = _jpeg_dims(path) if kind == "jpeg" else None
        if dims is None:
            return ImageFacts(kind, size, error="too-large")
        return ImageFacts(kind, size, dims[0], dims[1], error=f"too-large:{dims[0]}x{dims[1]}")
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError, MemoryError) as exc:
        return ImageFacts(kind, size, error=str(exc) or type(exc).__name__)
    return facts


def oversized(error: str) -> str | None:
    """For a reader's error that is a refusal to read something too large (pixels past MAX_PIXELS, a
    PNG text or ICC chunk past Pillow's limit), what it says in Chinese; None for any other error."""
    if error.startswith("too-large"):
        dims = error.partition(":")[2].replace("x", "×")
        return f"像素尺寸过大（{dims + '，' if dims else ''}上限 {MAX_PIXELS:,} 像素），为安全起见未读取"
    if "too large" in error.lower():  # Pillow: "Decompressed data too large for PngImagePlugin.MAX_TEXT_CHUNK"
        return "文件中的附加数据过大或异常（可能是恶意构造的文件），为安全起见未读取"
    return None


def damage(error: str) -> str:
    """What a reader's error (ImageFacts.error: a token or Pillow's words) means, in Chinese for the clerk."""
    if (why := oversized(error)) is not None:
        return why
    if "truncated" in error.lower():  # no end-of-image marker, or Pillow's "image file is truncated"
        return "文件不完整（缺少结束标记），可能传输中断"
    return "已损坏，无法读出图像（可能传输中断，或不是完整的图片）"


def reduced(path: Path, side: int) -> Image.Image:
    """The picture in RGB as stored (ImageFacts.orientation says how viewers turn it), a JPEG decoded at
    the smallest scale libjpeg offers (1/2, 1/4 or 1/8) whose long side is still ``side`` px or more,
    a progressive one at 1/8 from its DC scans (media.jpeg_dc), a big one from the thumbnail its camera
    stored beside it (embedded_thumbnail) when that will do. Other formats are decoded whole: callers
    check too_big_to_decode first."""
    with Image.open(path) as im:
        scale = next((s for s in (8, 4, 2) if max(im.size) // s >= side), 1)
        if scale == 8 and im.format == "JPEG" and (thumb := embedded_thumbnail(im, side)) is not None:
            return thumb
        if scale == 8 and im.format == "JPEG" and im.info.get("progressive"):
            from wuxiao_cli.media.jpeg_dc import dc_picture

            with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                if (picture := dc_picture(data)) is not None:
                    return picture
        im.draft("RGB", (max(1, im.width // scale), max(1, im.height // scale)))
        im.load()
        return im if im.mode == "RGB" else im.convert("RGB")  # decoded once, not copied again


# EXIF Orientation (0x0112) → the turn that makes the stored pixels upright (as ImageOps.exif_transpose)
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}


def orientation(im: Image.Image) -> int:
    """The EXIF Orientation tag (1: as stored), 1 when there is none or it cannot be read."""
    if "exif" not in im.info:
        return 1
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block: shown as stored
        return 1
    return value if isinstance(value, int) else 1


THUMB_MAX_BYTES = 128_000  # EXIF's own limit is one 64 KB segment; a bigger claim is not a thumbnail
THUMB_MAX_SIDE = 1024  # px: cameras store 160-640; a bigger picture in 64 KB is not worth decoding here


def embedded_thumbnail(im: Image.Image, side: int) -> Image.Image | None:
    """The JPEG thumbnail a camera or phone stores in the photo's EXIF (IFD1), as Explorer and Finder
    show it: a fraction of a millisecond, where libjpeg spends ~30 ms Huffman-decoding a 12-megapixel
    photo even at 1/8 scale. Only one ``side`` px long or more, with the photo's proportions (2 %): a
    stale one left by a crop or a rotation, or one padded with black bars, has not. None otherwise, or
    when it cannot be read: the photo is decoded instead."""
    raw = im.info.get("exif")
    if not isinstance(raw, bytes) or not raw.startswith(b"Exif\x00\x00"):
        return None
    try:
        from PIL import ExifTags

        ifd1 = im.getexif().get_ifd(ExifTags.IFD.IFD1)
        offset, length = ifd1.get(0x0201), ifd1.get(0x0202)  # JPEGInterchangeFormat(Length)
        if not (isinstance(offset, int) and isinstance(length, int) and 0 < length <= THUMB_MAX_BYTES):
            return None
        data = raw[6 + offset: 6 + offset + length]  # offsets count from the TIFF header, after "Exif\0\0"
        if len(data) != length or not data.startswith(b"\xff\xd8"):
            return None
        import io

        with Image.open(io.BytesIO(data)) as thumb:
            if thumb.format != "JPEG" or not side <= max(thumb.size) <= THUMB_MAX_SIDE or min(thumb.size) < 1:
                return None
            if abs(thumb.width / thumb.height - im.width / im.height) > 0.02 * im.width / im.height:
                return None
            thumb.load()
            return thumb if thumb.mode == "RGB" else thumb.convert("RGB")
    except Exception:  # a damaged thumbnail (truncated, bogus offsets): decode the photo itself
        return None


def whole_dpi(dpi: float) -> int:
    """Dots per inch rounded half up, as P005 judges them: 118 dpcm (299.72 dpi) is 300."""
    return math.floor(dpi + 0.5)


def density(im: Image.Image) -> tuple[tuple[str, float, float], ...]:
    """Every usable density in dots per inch, (where, x, y): JFIF APP0 (dpi or dots/cm) and EXIF
    X/YResolution, both read from the header. Both are kept: Pillow and JFIF readers take the first,
    Photoshop and ImageMagick the second, and the "在线改 DPI" tools patch only JFIF."""
    records = []
    unit, dens = im.info.get("jfif_unit"), im.info.get("jfif_density")
    if unit in (1, 2) and dens and min(dens) > 0:
        factor = 2.54 if unit == 2 else 1.0
        records.append(("JFIF", dens[0] * factor, dens[1] * factor))
    if "exif" not in im.info:
        return tuple(records)  # and Pillow's getexif() decodes a whole PNG looking for an eXIf chunk after its pixels
    try:
        exif = im.getexif()
        xres, yres, res_unit = exif.get(282), exif.get(283), exif.get(296, 2)
        if xres and yres and res_unit in (2, 3):
            factor = 2.54 if res_unit == 3 else 1.0
            x, y = float(xres) * factor, float(yres) * factor
            if 0 < min(x, y) and max(x, y) != float("inf"):
                records.append(("EXIF", x, y))
    except (TypeError, ValueError, ZeroDivisionError, OSError, SyntaxError):
        pass  # a damaged EXIF block records nothing usable
    return tuple(records)


TAIL_BYTES = 4096  # cameras may pad after the marker with zeros


def ends_with_eoi(path: Path) -> bool:
    """True when the JPEG's image ends with its end-of-image marker (FFD9): at the end of the file
    (zero padding allowed), or, when the file goes on, where its segments and scans say the image ends.
    Phones append data after the image: Samsung its "SEFT" trailer, a Pixel's or Xiaomi's motion photo
    a whole MP4; those photos are complete."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - TAIL_BYTES))
        tail = fh.read().rstrip(b"\x00")
        if tail.endswith(b"\xff\xd9"):
            return True  # the usual case, read from 4 KB: the walk below costs a pass over the file
        try:  # only a photo with a trailer, or a cut-short one, is walked
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return image_end(data) is not None
        except (OSError, ValueError):  # cannot be mapped (an empty file): judged by its tail alone
            return False


SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a marker ending a scan's entropy-coded data (T.81 B.1.1.5)


def image_end(data: bytes | mmap.mmap) -> int | None:
    """Where a JPEG's first image ends, just past its EOI marker, found by walking its segments (by
    their lengths) and its scans (to the marker after their entropy-coded data); None when the image is
    cut short before its EOI, or its structure cannot be followed."""
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # a fill byte before a marker
            pos += 1
        elif marker == 0xD9:
            return pos + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # restart markers and TEM stand alone
            pos += 2
        elif pos + 4 > len(data):
            return None
        else:
            end = pos + 2 + struct.unpack_from(">H", data, pos + 2)[0]
            if marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
                hit = SCAN_END.search(data, end)
                if hit is None:
                    return None
                end = hit.start()
            pos = end
    return None


_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_dims(path: Path) -> tuple[int, int] | None:
    """(width, height) from a JPEG's SOF header, read without Pillow (for images Pillow refuses to open)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(2) != b"\xff\xd8":
                return None
            for _ in range(1000):  # segments before the frame header: APPn, COM, DQT, DHT…
                head = fh.read(4)
                if len(head) < 4 or head[0] != 0xFF:
                    return None
                length = struct.unpack(">H", head[2:4])[0]
                if head[1] in _SOF_MARKERS:
                    body = fh.read(5)
                    if len(body) < 5:
                        return None
                    height, width = struct.unpack(">HH", body[1:5])
                    return width, height
                fh.seek(length - 2, 1)
    except OSError:
        return None
    return None
