"""Factories that write real media / office files for the wuxiao test-suite.

Every factory writes a genuine file produced by a real library (Pillow, PyAV/FFmpeg,
mutagen, python-docx) and returns the ``Path`` it wrote.  Content is deterministic
for a given ``seed`` where a seed is offered.  Nothing here depends on pytest.

Facts the readers can rely on (measured with the pinned venv):

* ``make_jpeg(dpi=300)``                -> Pillow ``info["dpi"] == (300, 300)``, ``jfif_unit == 1``.
* ``make_jpeg(dpi=300, dpi_unit="cm")`` -> JFIF unit 2, density 118; Pillow ``info["dpi"]`` is
  ``(299.72, 299.72)`` (118 * 2.54, a float), ``jfif_unit == 2``, ``jfif_density == (118, 118)``.
* ``make_jpeg(dpi=None, exif_dpi=300, jfif=False)`` -> no ``jfif*`` keys; Pillow ``info["dpi"]``
  is ``(300.0, 300.0)`` (floats, derived from EXIF) and ``info["exif"]`` is present.
* ``make_jpeg(dpi=None)`` -> JFIF unit 0, density 1:1; no ``"dpi"`` key at all in ``info``.
"""

from __future__ import annotations

import io
import math
import random
import shutil
import struct
import subprocess
from collections.abc import Iterable, Mapping
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw, TiffImagePlugin

__all__ = [
    "HEVC_AVAILABLE",
    "make_docx_form",
    "make_amr",
    "make_id3_only",
    "make_id3_tag",
    "make_jpeg",
    "make_m4a",
    "make_mp3",
    "make_mp4",
    "make_pdf_aes256",
    "make_pdf_text_only",
    "make_pdf_with_image",
    "make_plain_scan_jpeg",
    "make_png",
    "make_red_seal_jpeg",
    "make_red_seal_png",
    "make_strict",
    "make_truncated_jpeg",
    "make_truncated_mp3",
    "make_truncated_mp4",
    "make_wav",
    "make_webp",
    "photo_image",
]

PathLike = str | Path


def _encoder_available(name: str) -> bool:
    try:
        av.Codec(name, "w")
    except Exception:  # any failure means "not usable"
        return False
    return True


#: True when PyAV's bundled FFmpeg can encode HEVC (libx265).  When False,
#: ``make_mp4(codec="hevc")`` falls back to MPEG-4 Part 2 so a non-AVC codec still exists.
HEVC_AVAILABLE: bool = _encoder_available("libx265")


def _prepare(path: PathLike) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _truncate(path: Path, keep: int) -> Path:
    data = path.read_bytes()
    keep = max(1, min(keep, len(data) - 1))
    path.write_bytes(data[:keep])
    return path


# --------------------------------------------------------------------------- images


def photo_image(width: int, height: int, seed: int = 0) -> Image.Image:
    """Return a deterministic, photo-like RGB image (soft colour blobs + gradient + grain)."""
    rng = random.Random(seed)
    sw, sh = max(2, width // 96), max(2, height // 96)
    base = Image.frombytes("RGB", (sw, sh), rng.randbytes(sw * sh * 3))
    base = base.resize((width, height), Image.Resampling.BICUBIC)
    ramp = Image.linear_gradient("L")
    grad = Image.merge(
        "RGB",
        (
            ramp.rotate(90).resize((width, height)),
            ramp.resize((width, height)),
            ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM).resize((width, height)),
        ),
    )
    img = Image.blend(base, grad, 0.35)
    grain = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    return Image.blend(img, Image.merge("RGB", (grain, grain, grain)), 0.12)


def _jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of every marker segment from SOI up to and including SOS."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    segs = [(0xFFD8, 0, 2)]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError(f"bad marker at {pos}")
        marker = 0xFF00 | data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segs.append((marker, pos, pos + 2 + length))
        pos += 2 + length
        if marker == 0xFFDA:
            break
    return segs


_COM_MAX_PAYLOAD = 65533  # segment length field (incl. itself) is at most 65535
_COM_MIN_TOTAL = 4  # FFFE + 2-byte length, empty payload
_PAD_TEXT = b"wuxiao test padding "


def _com_segments(total: int) -> bytes:
    """COM segments whose combined size is exactly ``total`` bytes (``total`` >= 4 or 0)."""
    out = bytearray()
    full = _COM_MAX_PAYLOAD + 4
    while total > 0:
        take = min(total, full)
        rest = total - take
        if 0 < rest < _COM_MIN_TOTAL:  # keep the last segment large enough to exist
            take -= _COM_MIN_TOTAL - rest
        payload_len = take - 4
        payload = (_PAD_TEXT * (payload_len // len(_PAD_TEXT) + 1))[:payload_len]
        out += b"\xff\xfe" + struct.pack(">H", payload_len + 2) + payload
        total -= take
    return bytes(out)


def _insert_padding(data: bytes, extra: int) -> bytes:
    """Insert ``extra`` bytes of COM segments after SOI and the leading APPn segments."""
    if extra == 0:
        return data
    pos = 2
    for marker, _start, end in _jpeg_segments(data)[1:]:
        if 0xFFE0 <= marker <= 0xFFEF:
            pos = end
        else:
            break
    return data[:pos] + _com_segments(extra) + data[pos:]


def _encode_jpeg(
    img: Image.Image,
    *,
    quality: int,
    dpi: float | None,
    dpi_unit: str,
    exif_dpi: float | None,
    jfif: bool,
) -> bytes:
    kwargs: dict[str, object] = {"quality": quality}
    if exif_dpi is not None:
        exif = Image.Exif()
        exif[0x011A] = TiffImagePlugin.IFDRational(exif_dpi)  # XResolution
        exif[0x011B] = TiffImagePlugin.IFDRational(exif_dpi)  # YResolution
        exif[0x0128] = 2  # ResolutionUnit = inches
        kwargs["exif"] = exif.tobytes()
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    data = bytearray(buf.getvalue())

    app0 = next((s for s in _jpeg_segments(bytes(data)) if s[0] == 0xFFE0), None)
    if app0 is None or data[app0[1] + 4 : app0[1] + 9] != b"JFIF\x00":
        raise RuntimeError("Pillow did not write a JFIF APP0 segment")
    start, end = app0[1], app0[2]
    if not jfif:
        return bytes(data[:start] + data[end:])
    # JFIF APP0: FFE0 len(2) 'JFIF\0' ver(2) unit(1) Xdensity(2) Ydensity(2) thumbW thumbH
    if dpi is None:
        unit, density = 0, 1
    elif dpi_unit == "inch":
        unit, density = 1, round(dpi)
    elif dpi_unit == "cm":
        unit, density = 2, round(dpi / 2.54)
    else:
        raise ValueError(f"dpi_unit must be 'inch' or 'cm', not {dpi_unit!r}")
    if not 0 <= density <= 0xFFFF:
        raise ValueError(f"density {density} does not fit in JFIF")
    data[start + 11 : start + 16] = struct.pack(">BHH", unit, density, density)
    return bytes(data)


_QUALITY_LADDER = (95, 90, 85, 80, 75, 70, 60, 50, 40, 30, 22, 15, 10, 6, 3, 1)


def make_jpeg(
    path: PathLike,
    *,
    width: int = 1600,
    height: int = 1200,
    dpi: float | None = 300,
    dpi_unit: str = "inch",
    target_bytes: int | None = None,
    exif_dpi: float | None = None,
    jfif: bool = True,
    quality: int = 90,
    seed: int = 0,
) -> Path:
    """Write a photo-like JPEG.

    ``dpi=None``: JFIF density unit 0 (aspect 1:1) and no EXIF resolution.
    ``dpi_unit="cm"``: JFIF unit 2 with density ``round(dpi / 2.54)``.
    ``exif_dpi``: also write EXIF X/YResolution (ResolutionUnit=inch).
    ``jfif=False``: no APP0/JFIF segment at all.
    ``target_bytes``: file is exactly that size (COM padding after the APPn segments);
    if even quality 1 is too big the image is scaled down (aspect kept) until it fits.
    """
    p = _prepare(path)
    opts = {"dpi": dpi, "dpi_unit": dpi_unit, "exif_dpi": exif_dpi, "jfif": jfif}
    img = photo_image(width, height, seed)
    if target_bytes is None:
        p.write_bytes(_encode_jpeg(img, quality=quality, **opts))
        return p

    ladder = [quality] + [q for q in _QUALITY_LADDER if q < quality]
    while True:
        for q in ladder:
            data = _encode_jpeg(img, quality=q, **opts)
            slack = target_bytes - len(data)
            if slack == 0 or slack >= _COM_MIN_TOTAL:
                p.write_bytes(_insert_padding(data, slack))
                return p
        if min(img.size) <= 16:
            raise ValueError(f"cannot make a JPEG as small as {target_bytes} bytes")
        img = img.resize((max(8, img.width * 7 // 10), max(8, img.height * 7 // 10)), Image.Resampling.BOX)


def make_truncated_jpeg(path: PathLike, **kw: object) -> Path:
    """A valid ``make_jpeg`` file cut to ~60 % of its bytes (no EOI, partial scan)."""
    p = make_jpeg(path, **kw)  # type: ignore[arg-type]
    return _truncate(p, int(p.stat().st_size * 0.6))


def make_png(path: PathLike, width: int = 800, height: int = 600, *, seed: int = 0) -> Path:
    """A real PNG, whatever the file name says (e.g. ``photo.jpg``)."""
    p = _prepare(path)
    photo_image(width, height, seed).save(p, "PNG")
    return p


def make_webp(path: PathLike, width: int = 800, height: int = 600, *, seed: int = 0) -> Path:
    """A real WebP, whatever the file name says."""
    p = _prepare(path)
    photo_image(width, height, seed).save(p, "WEBP", quality=80)
    return p


# --------------------------------------------------------------------------- scans / seals / pdf

_A4_150DPI = (1240, 1754)
SEAL_RED = (220, 30, 30)


def _scan_page(size: tuple[int, int] = _A4_150DPI, seed: int = 0) -> Image.Image:
    """White page with black 'text lines' (bars of word-like blocks)."""
    rng = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    margin = w // 10
    # title
    d.rectangle((w // 2 - w // 5, margin, w // 2 + w // 5, margin + 36), fill=(20, 20, 20))
    y = margin + 110
    while y < h - margin:
        x = margin + (60 if rng.random() < 0.2 else 0)
        right = w - margin - (rng.randrange(0, w // 3) if rng.random() < 0.15 else 0)
        while x < right:
            word = rng.randrange(18, 70)
            d.rectangle((x, y, min(x + word, right), y + 20), fill=(25, 25, 25))
            x += word + rng.randrange(8, 20)
        y += 46
    return img


def _star(cx: float, cy: float, r_out: float, r_in: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def _sealed_page() -> Image.Image:
    img = _scan_page()
    w, h = img.size
    d = ImageDraw.Draw(img)
    cx, cy, r = int(w * 0.72), int(h * 0.80), 170
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL_RED, width=12)
    d.polygon(_star(cx, cy, 62, 24), fill=SEAL_RED)
    # "characters" along the ring
    for i in range(14):
        a = math.radians(200 + i * 10)
        x, y = cx + (r - 42) * math.cos(a), cy + (r - 42) * math.sin(a)
        d.rectangle((x - 11, y - 11, x + 11, y + 11), fill=SEAL_RED)
    d.rectangle((cx - 70, cy + 80, cx + 70, cy + 100), fill=SEAL_RED)
    return img


def make_red_seal_png(path: PathLike) -> Path:
    """A4-ish (1240x1754) white scan with black text lines and a red circular stamp, as PNG."""
    p = _prepare(path)
    _sealed_page().save(p, "PNG", dpi=(150, 150))
    return p


def make_red_seal_jpeg(path: PathLike) -> Path:
    """Same page as :func:`make_red_seal_png`, saved as JPEG (150 dpi, 4:4:4 so the red stays crisp)."""
    p = _prepare(path)
    _sealed_page().save(p, "JPEG", quality=90, dpi=(150, 150), subsampling=0)
    return p


def make_plain_scan_jpeg(path: PathLike) -> Path:
    """A scanned-looking page with black text only (no red pixels at all)."""
    p = _prepare(path)
    _scan_page().save(p, "JPEG", quality=90, dpi=(150, 150))
    return p


def make_pdf_with_image(path: PathLike, image_path: PathLike, *, resolution: float = 150.0) -> Path:
    """One-page PDF (written by Pillow) whose page is the given image."""
    p = _prepare(path)
    with Image.open(image_path) as im:
        im.convert("RGB").save(p, "PDF", resolution=resolution)
    return p


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf_text_only(path: PathLike, text: str = "Wuxiao innovation application - text only") -> Path:
    """A minimal valid one-page A4 PDF with a Helvetica text line and no images.

    Hand-assembled with a correct xref table; ``text`` must be Latin-1 encodable.
    """
    return _write_one_page_pdf(path, f"BT /F1 18 Tf 72 770 Td ({_pdf_escape(text)}) Tj ET\n")


def _circle_path(cx: float, cy: float, r: float) -> str:
    """A PDF path operator string for a circle: four cubic Béziers (k = 0.5523)."""
    k = 0.5523 * r
    return (f"{cx + r} {cy} m {cx + r} {cy + k} {cx + k} {cy + r} {cx} {cy + r} c "
            f"{cx - k} {cy + r} {cx - r} {cy + k} {cx - r} {cy} c {cx - r} {cy - k} {cx - k} {cy - r} {cx} {cy - r} c "
            f"{cx + k} {cy - r} {cx + r} {cy - k} {cx + r} {cy} c ")


def make_pdf_vector_seal(path: PathLike, *, color: str = "0.86 0.08 0.12") -> Path:
    """An A4 letter whose seal is vector paths in the content stream (an electronic seal): a red ring,
    an inner ring and a filled five-pointed star, no image at all. ``color`` as PDF RGB ("0 0 0": black)."""
    star = [(460 + 28 * math.cos(math.pi / 2 + i * 4 * math.pi / 5), 170 + 28 * math.sin(math.pi / 2 + i * 4 * math.pi / 5))
            for i in range(5)]
    star_path = f"{star[0][0]:.2f} {star[0][1]:.2f} m " + " ".join(f"{x:.2f} {y:.2f} l" for x, y in star[1:]) + " h "
    content = (
        "BT /F1 14 Tf 72 770 Td (Authorization and statement of authenticity) Tj ET\n"
        "BT /F1 11 Tf 72 740 Td (The achievement is authorised for publication and is genuine.) Tj ET\n"
        f"q {color} RG {color} rg 5 w {_circle_path(460, 170, 70)}S 1.5 w {_circle_path(460, 170, 60)}S "
        f"{star_path}f Q\n"
    )
    return _write_one_page_pdf(path, content)


#: qpdf writes AES-256 (R6) PDFs, which pypdf cannot even open without ``cryptography`` (no dependency of wuxiao).
QPDF: str | None = shutil.which("qpdf")


def make_pdf_aes256(path: PathLike, source: PathLike, *, user_password: str = "") -> Path:
    """``source`` encrypted with AES-256 by qpdf. With no user password it opens without asking, as a
    PDF saved with Acrobat's "restrict editing" (only an owner password, "owner" here) does."""
    p = _prepare(path)
    subprocess.run([QPDF or "qpdf", "--encrypt", user_password, "owner", "256", "--", str(source), str(p)],
                   check=True, capture_output=True, timeout=60)
    return p


def _write_one_page_pdf(path: PathLike, content: str) -> Path:
    """A minimal valid one-page A4 PDF with a Helvetica font and the given content stream (Latin-1)."""
    p = _prepare(path)
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
    ]
    p.write_bytes(pdf_bytes(objects))
    return p


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the first the catalog) with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------- audio helpers

_SR = 44100
_TONE_PERIOD = 100  # 441 Hz at 44.1 kHz: exactly 441 periods per second


def _tone_second(channels: int = 2, amplitude: int = 8000) -> bytes:
    """One second of a 441 Hz sine tone, interleaved s16le."""
    period = [int(amplitude * math.sin(2 * math.pi * j / _TONE_PERIOD)) for j in range(_TONE_PERIOD)]
    frame = [v for v in period for _ in range(channels)]
    return struct.pack(f"<{len(frame)}h", *frame) * (_SR // _TONE_PERIOD)


def _tone_packets(stream: av.AudioStream, samples: int) -> list[av.Packet]:
    """Encode exactly ``samples`` samples of tone with ``stream``'s encoder (flushed)."""
    layout = stream.layout.name
    channels = stream.layout.nb_channels
    second = _tone_second(channels)
    packets: list[av.Packet] = []
    done = 0
    while done < samples:
        n = min(_SR, samples - done)
        frame = av.AudioFrame(format="s16", layout=layout, samples=n)
        frame.planes[0].update(second[: n * 2 * channels])
        frame.sample_rate = _SR
        frame.pts = done
        frame.time_base = Fraction(1, _SR)
        packets.extend(stream.encode(frame))
        done += n
    packets.extend(stream.encode(None))
    return packets


def _encode_tone(container: av.container.OutputContainer, stream: av.AudioStream, seconds: float) -> None:
    """Encode ``seconds`` of tone (sample-exact) into ``stream`` and mux it."""
    for pkt in _tone_packets(stream, round(seconds * _SR)):
        container.mux(pkt)


def _add_aac(container: av.container.OutputContainer, bit_rate: int, fast: bool) -> av.AudioStream:
    stream = container.add_stream("aac", rate=_SR, layout="stereo")
    stream.bit_rate = bit_rate
    if fast:  # ~40 % quicker for long clips; still a normal AAC-LC stream
        stream.codec_context.options = {
            "aac_coder": "fast",
            "aac_pns": "0",
            "aac_tns": "0",
            "aac_is": "0",
            "aac_ms": "0",
        }
    return stream


# --------------------------------------------------------------------------- video

_CONTAINER_FORMATS = {"mp4": "mp4", "mov": "mov", "mkv": "matroska", "avi": "avi",
                      "wmv": "asf", "flv": "flv", "mpg": "mpeg", "ts": "mpegts"}
_LONG_VIDEO_SECONDS = 30.0
_AAC_PRIMING = 1024  # samples of encoder delay the FFmpeg AAC encoder adds


def _video_frames(width: int, height: int, count: int) -> list[av.VideoFrame]:
    """``count`` yuv420p frames: a colour gradient with a white box that moves."""
    ramp = Image.linear_gradient("L")
    bg = Image.merge(
        "RGB",
        (
            ramp.resize((width, height)),
            ramp.rotate(90).resize((width, height)),
            Image.new("L", (width, height), 96),
        ),
    )
    frames = []
    box = max(8, min(width, height) // 6)
    for i in range(count):
        img = bg.copy()
        x = (width - box) * i // max(1, count)
        y = (height - box) // 2
        ImageDraw.Draw(img).rectangle((x, y, x + box, y + box), fill=(240, 240, 240))
        frames.append(av.VideoFrame.from_image(img).reformat(format="yuv420p"))
    return frames


def make_mp4(
    path: PathLike,
    *,
    width: int = 1920,
    height: int = 1080,
    seconds: float = 2.0,
    fps: float | None = None,
    codec: str = "h264",
    audio: bool = True,
    rotation: int = 0,
    bitrate: int | None = None,
    container: str = "mp4",
    faststart: bool = True,
    pix_fmt: str = "yuv420p",
) -> Path:
    """Write a real video with PyAV (libx264 ultrafast by default).

    ``fps=None`` means 25 fps for clips up to 30 s and ~1 fps for longer ones (fast to make,
    tiny file).  The frame count is ``round(seconds * fps)`` and the exact (CFR) frame rate is
    ``frames / seconds``, so the duration is exact to the millisecond
    (e.g. 299.9 s -> 300 frames at 3000/2999 fps; 2 s at 25 fps -> 50 frames at exactly 25).
    ``codec``: "h264" (AVC), "hevc" (libx265, or MPEG-4 Part 2 if unavailable), "mpeg4", "mpeg2video" (a DVD's .mpg).
    ``audio``: AAC stereo 44.1 kHz 441 Hz tone (128 kbit/s; 32 kbit/s for clips > 30 s).
    ``rotation``: clockwise display rotation written as a display matrix (MediaInfo "90.000").
    ``bitrate``: target *overall* bit/s; the audio is encoded first and the video gets
    CBR (x264 nal-hrd=cbr with filler) at ``bitrate`` minus the measured audio/container bits.
    ``container``: "mp4", "mov", "mkv", "avi", "wmv" (ASF), "flv", "mpg" (MPEG-PS) or "ts" (MPEG-TS),
    regardless of the file extension.
    ``faststart``: moov before mdat (mp4/mov only).
    ``pix_fmt``: the coded pixel format, e.g. "yuv420p10le" for a 10-bit (High 10) H.264.
    """
    p = _prepare(path)
    if container not in _CONTAINER_FORMATS:
        raise ValueError(f"unknown container {container!r}")
    if seconds <= 0:
        raise ValueError("seconds must be > 0")
    long_clip = seconds > _LONG_VIDEO_SECONDS
    if fps is None:
        fps = 1 if long_clip else 25
    n_frames = max(1, round(seconds * fps))
    rate = Fraction(n_frames) / Fraction(str(seconds)).limit_denominator(1000)  # ms precision
    if codec == "hevc":
        enc = "libx265" if HEVC_AVAILABLE else "mpeg4"
    elif codec in ("h264", "avc"):
        enc = "libx264"
    elif codec in ("mpeg4", "mpeg2video"):
        enc = codec
    else:
        raise ValueError(f"unknown codec {codec!r}")

    audio_rate = 32_000 if long_clip else 128_000
    options = {"movflags": "+faststart"} if faststart and container in ("mp4", "mov") else {}
    with av.open(str(p), "w", format=_CONTAINER_FORMATS[container], options=options) as out:
        vs = out.add_stream(enc, rate=rate)
        vs.width, vs.height, vs.pix_fmt = width, height, pix_fmt
        vs.time_base = 1 / rate
        vs.codec_context.time_base = 1 / rate
        if rotation:
            vs.set_display_rotation(-rotation)  # PyAV takes counter-clockwise degrees

        # Audio first (not yet muxed) so that its real size is known for the bitrate target.
        audio_packets: list[av.Packet] = []
        if audio:
            astream = _add_aac(out, audio_rate, fast=long_clip)
            samples = round(seconds * _SR)
            if container in ("mkv", "avi"):  # these keep AAC's 1024 priming samples in the duration
                samples = max(_AAC_PRIMING, samples - _AAC_PRIMING)
            audio_packets = _tone_packets(astream, samples)

        opts: dict[str, str] = {}
        video_bitrate = None
        if bitrate is not None:
            audio_bits = 8 * sum(pkt.size for pkt in audio_packets)
            overhead_bits = 8 * (2048 + 16 * (n_frames + len(audio_packets)))
            video_bitrate = max(50_000, round(bitrate - (audio_bits + overhead_bits) / seconds))
            vb = str(video_bitrate)
            opts.update({"b": vb, "maxrate": vb, "minrate": vb, "bufsize": vb})
        if enc == "libx264":
            opts["preset"] = "ultrafast"
            if video_bitrate is not None:  # HRD CBR: x264 pads with filler NAL units
                opts["x264-params"] = "nal-hrd=cbr:force-cfr=1:vbv-init=1"
            else:  # constant QP: static frames become ~25-byte skip frames, even at ~1 fps
                opts["qp"] = "26"
        elif enc == "libx265":
            opts["preset"] = "ultrafast"
            x265 = "log-level=error"
            if video_bitrate is not None:
                kbps = video_bitrate // 1000
                x265 += f":vbv-maxrate={kbps}:vbv-bufsize={kbps}:strict-cbr=1"
            opts["x265-params"] = x265
        elif video_bitrate is None:  # mpeg4 part 2 or MPEG-2, constant quantiser
            opts["qscale"] = "4"
        vs.codec_context.options = opts
        if video_bitrate is not None:
            vs.bit_rate = video_bitrate

        # Long clips: one static frame (all-skip P frames, tiny and fast); short: a moving box.
        frames = _video_frames(width, height, 1 if long_clip else min(n_frames, 8))
        for i in range(n_frames):
            frame = frames[i % len(frames)]
            frame.pts = i
            frame.time_base = vs.codec_context.time_base
            for pkt in vs.encode(frame):
                pkt.duration = 1
                out.mux(pkt)
        for pkt in vs.encode(None):
            pkt.duration = 1
            out.mux(pkt)
        for pkt in audio_packets:
            out.mux(pkt)
    return p


def make_truncated_mp4(path: PathLike, **kw: object) -> Path:
    """A faststart MP4 (moov first) cut to ~50 % of its bytes; the mdat is incomplete."""
    kw.setdefault("faststart", True)
    p = make_mp4(path, **kw)  # type: ignore[arg-type]
    return _truncate(p, p.stat().st_size // 2)


# --------------------------------------------------------------------------- audio files


def make_mp3(
    path: PathLike,
    *,
    seconds: float = 3.0,
    bitrate: int = 128_000,
    id3_title: str | None = None,
) -> Path:
    """MP3 (libmp3lame via PyAV, 44.1 kHz stereo, CBR, Xing/LAME Info frame).

    With ``id3_title`` the file starts with an ID3v2.4 tag holding TIT2; otherwise no tag at all.
    """
    p = _prepare(path)
    options = {} if id3_title else {"id3v2_version": "0"}
    with av.open(str(p), "w", format="mp3", options=options) as out:
        if id3_title:
            out.metadata["title"] = id3_title
        stream = out.add_stream("libmp3lame", rate=_SR, layout="stereo")
        stream.bit_rate = bitrate
        stream.codec_context.options = {"compression_level": "7"}  # LAME -q 7: fast, still CBR
        _encode_tone(out, stream, seconds)
    return p


def make_truncated_mp3(path: PathLike, **kw: object) -> Path:
    """``make_mp3`` output cut mid-frame at 70 % + 13 bytes."""
    p = make_mp3(path, **kw)  # type: ignore[arg-type]
    return _truncate(p, int(p.stat().st_size * 0.7) + 13)


def make_wav(path: PathLike, *, seconds: float = 2.0) -> Path:
    """16-bit PCM stereo 44.1 kHz WAV."""
    p = _prepare(path)
    with av.open(str(p), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=_SR, layout="stereo")
        _encode_tone(out, stream, seconds)
    return p


def make_m4a(path: PathLike, *, seconds: float = 2.0, bitrate: int = 128_000, muxer: str = "ipod") -> Path:
    """AAC-LC stereo in an MPEG-4 container: the iPod/M4A brand, or with ``muxer="mp4"`` the isom brand."""
    p = _prepare(path)
    with av.open(str(p), "w", format=muxer) as out:
        stream = _add_aac(out, bitrate, fast=False)
        _encode_tone(out, stream, seconds)
    return p


def make_amr(path: PathLike, *, seconds: float = 2.0) -> Path:
    """AMR-NB 8 kHz mono ("#!AMR" magic): a phone recorder's voice memo. Encoded by opencore-amr through
    PyAV where its wheel has that encoder (PyAV 18.1.1's has not); else written as RFC 4867 §5 stores it,
    12.2 kbit/s frames of seeded speech bits, which ffmpeg's own AMR decoder plays."""
    p = _prepare(path)
    rate, step = 8000, 160  # one 20 ms AMR frame
    if "libopencore_amrnb" not in av.codecs_available:
        bits = random.Random(7)
        frames = (b"\x3c" + bits.randbytes(31) for _ in range(round(seconds * rate / step)))  # TOC: mode 7, Q=1
        p.write_bytes(b"#!AMR\n" + b"".join(frames))
        return p
    with av.open(str(p), "w", format="amr") as out:
        stream = out.add_stream("libopencore_amrnb", rate=rate, layout="mono")
        stream.bit_rate = 12_200
        tone = [int(6000 * math.sin(2 * math.pi * j / 20)) for j in range(step)]  # 400 Hz
        for k in range(round(seconds * rate / step)):
            frame = av.AudioFrame(format="s16", layout="mono", samples=step)
            frame.planes[0].update(struct.pack(f"<{step}h", *tone))
            frame.sample_rate, frame.pts, frame.time_base = rate, k * step, Fraction(1, rate)
            for pkt in stream.encode(frame):
                out.mux(pkt)
        for pkt in stream.encode(None):
            out.mux(pkt)
    return p


def make_id3_tag(*, title: str = "成果讲解", cover: bytes = b"", version: int = 3) -> bytes:
    """The bytes of one ID3v2 tag written by mutagen (v2.3 by default, as Windows writes), with ``cover``
    as its front-cover picture (APIC) when given."""
    import tempfile

    from mutagen.id3 import APIC, ID3, TIT2

    tag = ID3()
    tag.add(TIT2(encoding=1, text=[title]))
    if cover:
        tag.add(APIC(encoding=0, mime="image/jpeg", type=3, desc="", data=cover))
    with tempfile.TemporaryDirectory() as tmp:
        holder = Path(tmp) / "tag.mp3"
        holder.write_bytes(b"")
        tag.save(holder, v2_version=version, padding=lambda info: 0)
        return holder.read_bytes()


def make_id3_only(path: PathLike, *, title: str = "仅有标签") -> Path:
    """A file holding an ID3v2 tag (written by mutagen) and no MPEG audio frames."""
    from mutagen.id3 import ID3, TIT2

    p = _prepare(path)
    p.write_bytes(b"")
    tag = ID3()
    tag.add(TIT2(encoding=3, text=[title]))
    tag.save(p)
    return p


# --------------------------------------------------------------------------- docx


def make_docx_form(
    path: PathLike,
    fields: Mapping[str, str],
    *,
    extra_rows: Iterable[tuple[str, str]] = (),
    image: PathLike | None = None,
    table_in_cell: bool = False,
    title: str = "职工“五小”创新成果申报表",
) -> Path:
    """A python-docx form: heading + 2-column table (label | value), one row per item.

    Rows come from ``fields`` (in order) then ``extra_rows``.  Values containing ``\\n``
    become separate paragraphs in the cell.  ``image`` is embedded (inline picture) in a
    paragraph below the table.  ``table_in_cell`` nests a 2x2 table in the first value cell.
    """
    import docx
    from docx.shared import Cm

    p = _prepare(path)
    doc = docx.Document()
    doc.add_heading(title, level=1)
    rows = list(fields.items()) + [(str(k), str(v)) for k, v in extra_rows]
    if not rows:
        rows = [("", "")]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        lines = str(value).split("\n")
        cells[1].paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cells[1].add_paragraph(line)
    if table_in_cell:
        inner = table.rows[0].cells[1].add_table(rows=2, cols=2)
        for r, (a, b) in enumerate((("序号", "内容"), ("1", "嵌套表格"))):
            inner.cell(r, 0).text = a
            inner.cell(r, 1).text = b
    if image is not None:
        doc.add_paragraph().add_run().add_picture(str(image), width=Cm(8))
    doc.save(str(p))
    return p


#: Transitional → Strict (ISO/IEC 29500) namespaces: what Word's "Strict Open XML 文档" and Excel's
#: "Strict Open XML 电子表格" save types rename. Relationship types follow, as they start with these too.
STRICT_NAMESPACES = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def make_strict(src: PathLike, dst: PathLike, *, parts: Iterable[str] | None = None) -> Path:
    """A copy of the .docx/.xlsx ``src`` (written by python-docx/openpyxl) in Strict Open XML: every XML
    part's namespaces renamed as STRICT_NAMESPACES says, or only those of ``parts`` when given."""
    import zipfile

    out = _prepare(dst)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")) and (parts is None or info.filename in parts):
                for old, new in STRICT_NAMESPACES.items():
                    data = data.replace(old, new)
            zout.writestr(info.filename, data)
    return out
