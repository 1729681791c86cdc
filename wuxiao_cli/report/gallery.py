"""What the HTML report shows beside the findings: a small picture and the measured facts of each file.

Cards are made where each project is checked (batch.source), from the facts its rules already read
(pixels, dpi, MediaInfo, the picture of a scan D003 decoded and the seal it found there): only photos
and videos are new work. They are reduced while decoding (a camera's photo from the thumbnail stored
in its EXIF, Pillow's JPEG draft mode down to 1/8, a progressive JPEG from its DC scans alone,
pypdfium2 rendering PDF page 1 at thumbnail scale, one video keyframe where PyAV is installed), turned
upright as photo viewers show them, and saved as JPEG of at most THUMB_BYTES, so a 330-project batch
stays a file one can e-mail. Every reader is bounded; a file that cannot be read simply has no picture
(its findings already say why)."""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from wuxiao_cli.media.image import (
    MAX_PIXELS,
    UPRIGHT,
    WHOLE_DECODE_PIXELS,
    read_image,
    reduced,
    too_big_to_decode,
    whole_dpi,
)
from wuxiao_cli.media.scans import SCAN_KINDS, read_scan, seal_box
from wuxiao_cli.media.video import VIDEO_KINDS, minutes
from wuxiao_cli.project import Project
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import human_size
from wuxiao_cli.wordcount import count_zi

THUMB_SIDE = 240  # px, the longest side at most
THUMB_MIN = 160  # px: a photo is decoded at the smallest JPEG scale (down to 1/8) still this long (shown at 120)
THUMB_BYTES = 20_000
PICTURE_KINDS = ("jpeg", "png", "gif", "bmp", "tiff", "webp")


@dataclass
class Card:
    """One file as the report shows it."""

    file: str
    kind: str
    facts: list[str] = field(default_factory=list)
    thumb: str | None = None  # a data: URI
    seal: tuple[float, float, float, float] | None = None  # fractions of the thumbnail


@dataclass
class Bar:
    """A form field's 字数 against its limit."""

    label: str
    count: int
    low: int | None
    high: int | None


Read = Callable[[str, Callable], object]  # (kind, reader) → one file's facts: Project.facts, read once


def gallery(project: Project, lang: str = "zh") -> list[Card]:
    """A card for every file of the project (junk left out), in folder order, made from the facts its
    check already read (Project.facts: each media reader runs once per file).

    Seals are looked for only in the authorization folder (the scans), as D003 does.
    """
    scans = project.folder_name("authorization")
    prefix = f"{scans}/" if scans else None
    cards = []
    for e in project.files:
        project.checkpoint(e.rel)
        cards.append(card(e.path, e.rel, e.size, lang, seal=bool(prefix) and e.rel.startswith(prefix),
                          read=lambda kind, reader, e=e: project.facts(kind, e, reader)))
    return cards


def card(path: Path, rel: str, size: int, lang: str = "zh", *, seal: bool = False, read: Read | None = None) -> Card:
    """One file's card; ``seal``: an authorization scan (its facts are D002/D003's, its seal outlined)."""
    read = read or (lambda _kind, reader: reader(path))
    kind = sniff(path)
    if kind == "unknown" and _plain_text(path):  # a form.toml/json: sniff names no kind for BOM-less text
        kind = "text"
    out = Card(rel, kind, [f"{describe(kind)}", human_size(size)])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind in PICTURE_KINDS:
                _picture(path, out, lang, seal, read)
            elif kind == "pdf":
                _pdf(out, lang, seal, read)
            elif kind in VIDEO_KINDS:
                _video(path, out, lang, read)
    except Exception:  # a picture is a courtesy: an odd file gets its facts and findings, no thumbnail
        return out
    return out


def _plain_text(path: Path) -> bool:
    """Whether the file starts as UTF-8 text: no control characters but tab and line ends."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the 4,096th byte
            return False
        text = head[:exc.start].decode("utf-8")
    except OSError:
        return False
    return bool(text) and all(c >= " " or c in "\t\r\n" for c in text)


def _dpi(facts) -> str:
    """The density as P005 reads it: a range where JFIF and EXIF (or x and y) disagree, so the card does not
    show 72 dpi beside a warning that judged the photo by its 300."""
    values = [v for _where, x, y in facts.dpi_records for v in (x, y)]
    low, high = whole_dpi(min(values)), whole_dpi(max(values))
    return f"{low} dpi" if low == high else f"{low}–{high} dpi"


def _picture(path: Path, out: Card, lang: str, seal: bool, read: Read) -> None:
    scan = seal and out.kind in SCAN_KINDS
    facts = read("scan", read_scan)[1] if scan else read("image", read_image)
    if facts.width:
        out.facts.append(_pixels(facts, lang))
    if facts.dpi:
        out.facts.append(_dpi(facts))
    if facts.error or not facts.width or facts.width * facts.height > MAX_PIXELS:
        return
    if too_big_to_decode(facts):  # a PNG has no reduced decode: past the budget it is not decoded at all
        out.facts.append(f"图片过大（超过 {WHOLE_DECODE_PIXELS // 1_000_000} 百万像素），为安全起见未生成预览；另存为 JPG 即可预览"
                         if lang == "zh" else f"too large to preview safely (over {WHOLE_DECODE_PIXELS // 1_000_000} MP); "
                         "save it as JPG to preview it")
        return
    if scan:
        _scan_thumb(out, facts)
    else:
        _set_thumb(out, reduced(path, THUMB_MIN), None, facts.orientation)


SIDEWAYS = (5, 6, 7, 8)  # EXIF orientations whose upright picture swaps width and height


def _pixels(facts, lang: str) -> str:
    """The size as the thumbnail beside it shows the picture, upright (as a video card gives its displayed
    size); a photo stored sideways says so: "2000×3000 像素（竖拍，存储为 3000×2000）"."""
    width, height = facts.width, facts.height
    if getattr(facts, "orientation", 1) not in SIDEWAYS:
        return f"{width}×{height} {'像素' if lang == 'zh' else 'px'}"
    if lang == "zh":
        return f"{height}×{width} 像素（{'竖拍' if width > height else '横拍'}，存储为 {width}×{height}）"
    return f"{height}×{width} px (stored turned, {width}×{height})"


def _pdf(out: Card, lang: str, seal: bool, read: Read) -> None:
    if seal:  # D003 drew page 1 already (its first picture; an embedded one if pdfium could not draw)
        facts = read("scan", read_scan)[1]
        pages = facts.pages
        _scan_thumb(out, facts)
    else:
        from wuxiao_cli.media.pdf import render_page_one

        pages = 0
        if rendered := read("page1", lambda p: render_page_one(p, THUMB_SIDE * 2)):
            _set_thumb(out, rendered[0], None)
            pages = rendered[1]
    if pages:
        out.facts.append(f"{pages} {'页' if lang == 'zh' else 'page(s)'}")


def _scan_thumb(out: Card, facts) -> None:
    """A scan shows the picture its seal rule looked at (read_scan decodes it once) and the seal found there."""
    if facts.images:  # pdfium draws a PDF page upright (its /Rotate applied); a photographed page may be turned
        _set_thumb(out, facts.images[0], seal_box(facts), getattr(facts, "orientation", 1))


def _video(path: Path, out: Card, lang: str, read: Read) -> None:
    from wuxiao_cli.media.video import read_video

    facts = read("video", read_video)
    if size := facts.display_size:
        out.facts.append(f"{size[0]}×{size[1]}")
    if facts.duration is not None:
        # two decimals: a 300.04 s video beside its V005 must not read "5 分 00.0 秒"
        out.facts.append(minutes(facts.duration, 2) if lang == "zh" else f"{facts.duration:.2f} s")
    if facts.codec:
        out.facts.append(facts.codec)
    if facts.error is None:  # turned as players turn it: a phone held upright stores its frames sideways
        _set_thumb(out, _poster(path, out.kind), None, ROTATION_AS_EXIF.get(facts.rotation, 1))


# A video's display rotation (clockwise degrees, as MediaInfo states the display matrix's) as the EXIF
# Orientation that turns a picture the same way (UPRIGHT)
ROTATION_AS_EXIF = {90: 6, 180: 3, 270: 8}
POSTER_PACKETS = 120  # a keyframe is due within a few seconds of video; give up after that
# An MP4/MOV states its streams in its header (moov): probing decodes no frame to learn them. Halves the
# poster's cost (1080p H.264: ~70 → ~38 ms CPU, the same picture); other containers are probed as usual.
# skip_frame reaches only the probe's own decoders (the poster's decoder is a fresh one): without it the
# probe still decodes frames of a B-frame H.264 to learn its delay (ffmpeg's x264: 13 → 7 ms a poster).
HEADER_ONLY_PROBE = {"probesize": "32", "analyzeduration": "0", "fpsprobesize": "0", "skip_frame": "all"}


def _poster(path: Path, kind: str = "") -> Image.Image | None:
    """The first keyframe, where PyAV is installed, scaled while converting; never reads the whole video."""
    try:
        import av
    except ImportError:
        return None
    with av.open(str(path), options=HEADER_ONLY_PROBE if kind in ("mp4", "mov") else {}) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"  # decode keyframes only: the first one is the poster
        for n, packet in enumerate(container.demux(stream)):
            if n >= POSTER_PACKETS:
                break
            if not (packet.is_keyframe and packet.size):
                continue
            # HEVC decoders hold frames back for reordering: flushing hands over the keyframe now
            frames = list(packet.decode()) or list(stream.codec_context.decode(None))
            if frames:
                frame = frames[0]
                scale = THUMB_SIDE / max(frame.width, frame.height, 1)
                # AREA: swscale's area averaging, meant for a large reduction (1080p: 1.0 → 0.7 ms)
                return frame.to_image(width=max(1, round(frame.width * scale)),
                                      height=max(1, round(frame.height * scale)), interpolation="AREA")
    return None


def _set_thumb(out: Card, picture: Image.Image | None, seal: tuple | None, orientation: int = 1) -> None:
    """The picture as a small JPEG data URI, turned upright as its EXIF ``orientation`` asks (as photo
    viewers show it: a phone held upright stores its pixels sideways); ``seal``: the outline found on
    it, as fractions."""
    if picture is None:
        return
    scale = THUMB_SIDE / max(picture.size)
    if scale < 1:  # a new image: a scan's picture is the facts' own, shared with the seal rules
        # BOX: area averaging, right for shrinking and 2.3× faster than BICUBIC (a 282×400 page: 1.6 → 0.7 ms)
        picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                                 Image.Resampling.BOX)
    if (turn := UPRIGHT.get(orientation)) is not None:
        picture = picture.transpose(turn)
        seal = seal and turned_box(seal, turn)
    out.seal = seal
    for quality in (70, 50, 30):
        buf = io.BytesIO()
        picture.save(buf, "JPEG", quality=quality, optimize=True)
        if buf.tell() <= THUMB_BYTES:
            break
    out.thumb = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


# Where a point (x, y), as fractions of the picture, lands once the picture is turned
_TURNED = {Image.Transpose.FLIP_LEFT_RIGHT: lambda x, y: (1 - x, y),
           Image.Transpose.FLIP_TOP_BOTTOM: lambda x, y: (x, 1 - y),
           Image.Transpose.ROTATE_180: lambda x, y: (1 - x, 1 - y),
           Image.Transpose.ROTATE_90: lambda x, y: (y, 1 - x),  # a quarter turn anticlockwise
           Image.Transpose.ROTATE_270: lambda x, y: (1 - y, x),  # clockwise
           Image.Transpose.TRANSPOSE: lambda x, y: (y, x),
           Image.Transpose.TRANSVERSE: lambda x, y: (1 - y, 1 - x)}


def turned_box(box: tuple[float, float, float, float], turn: Image.Transpose) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom fractions) on the picture turned by ``turn``."""
    xs, ys = zip(*(_TURNED[turn](x, y) for x in (box[0], box[2]) for y in (box[1], box[3])), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def zishu_bars(fields: dict, schema) -> list[Bar]:
    """Text fields with a 字数 limit in the form schema, in the form's order."""
    out = []
    for key, spec in schema.fields.items():
        limit = spec.schema.get("zishu")
        value = fields.get(key)
        if limit and isinstance(value, str):
            out.append(Bar(spec.label, count_zi(value), limit.get("min"), limit.get("max")))
    return out


def collect(results) -> tuple[dict[str, list[Card]], dict[str, list[Bar]]]:
    """Cards and 字数 bars of every checked project, keyed by its report path, from a batch's results
    (batch.spool.Results).

    Both were made where each project was checked (batch.source, asked with ``cards=True``), while its
    files, the facts its rules read from them and its form were at hand.
    """
    cards, bars = {}, {}
    for path, project_cards, project_bars in results.pictures():
        if project_cards:
            cards[path] = project_cards
        bars[path] = project_bars or []
    return cards, bars
