"""What the HTML report shows beside the findings: a small picture and the measured facts of each file.

Pictures are reduced while decoding (Pillow's JPEG draft mode, pypdfium2 rendering PDF page 1 at
thumbnail scale, one video frame where PyAV is installed) and saved as JPEG of at most THUMB_BYTES,
so a 330-project batch stays a file one can e-mail. Every reader is bounded; a file that cannot be
read simply has no picture (its findings already say why).
"""

from __future__ import annotations

import base64
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from wuxiao_cli.media.image import MAX_PIXELS, read_image
from wuxiao_cli.media.seal import find_red_seal
from wuxiao_cli.project import list_project
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import mb
from wuxiao_cli.wordcount import count_zi

THUMB_SIDE = 240  # px, the longest side
THUMB_BYTES = 20_000
PICTURE_KINDS = ("jpeg", "png", "gif", "bmp", "tiff", "webp")
VIDEO_KINDS = ("mp4", "mov", "mkv", "avi", "riff", "mpeg-ts")


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


def gallery(root: Path, lang: str = "zh", seal_folder: str = "authorization") -> list[Card]:
    """A card for every file of the project folder (junk left out), in folder order.

    Seals are looked for only in ``seal_folder`` (the authorization scans), as D003 does.
    """
    prefix = seal_folder.lower() + "/"
    return [card(e.path, e.rel, e.size, lang, seal=e.rel.lower().startswith(prefix)) for e in list_project(root).files]


def card(path: Path, rel: str, size: int, lang: str = "zh", *, seal: bool = False) -> Card:
    kind = sniff(path)
    out = Card(rel, kind, [f"{describe(kind)}", f"{mb(size)} MB"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind in PICTURE_KINDS:
                _picture(path, out, lang, seal)
            elif kind == "pdf":
                _pdf(path, out, lang, seal)
            elif kind in VIDEO_KINDS:
                _video(path, out, lang)
    except Exception:  # a picture is a courtesy: an odd file gets its facts and findings, no thumbnail
        return out
    return out


def _picture(path: Path, out: Card, lang: str, seal: bool) -> None:
    facts = read_image(path)
    if facts.width:
        out.facts.append(f"{facts.width}×{facts.height} {'像素' if lang == 'zh' else 'px'}")
    if facts.dpi:
        out.facts.append(f"{facts.dpi:.0f} dpi")
    if facts.error or not facts.width or facts.width * facts.height > MAX_PIXELS:
        return
    with Image.open(path) as im:
        im.draft("RGB", (THUMB_SIDE, THUMB_SIDE))  # JPEG: decode at 1/2…1/8 scale, no smaller than the thumbnail
        picture = im.convert("RGB")
    _set_thumb(out, picture, seal=seal)


def _pdf(path: Path, out: Card, lang: str, seal: bool) -> None:
    from wuxiao_cli.media.pdf import render_page_one

    rendered = render_page_one(path, THUMB_SIDE * 2)
    if rendered is None:
        return
    picture, pages = rendered
    out.facts.append(f"{pages} {'页' if lang == 'zh' else 'page(s)'}")
    _set_thumb(out, picture, seal=seal)


def _video(path: Path, out: Card, lang: str) -> None:
    from wuxiao_cli.media.video import read_video

    facts = read_video(path)
    if size := facts.display_size:
        out.facts.append(f"{size[0]}×{size[1]}")
    if facts.duration is not None:
        minutes, seconds = divmod(facts.duration, 60)
        out.facts.append(f"{int(minutes)} 分 {seconds:04.1f} 秒" if lang == "zh" else f"{facts.duration:.1f} s")
    if facts.codec:
        out.facts.append(facts.codec)
    if facts.error is None:
        _set_thumb(out, _poster(path), seal=False)


POSTER_PACKETS = 120  # a keyframe is due within a few seconds of video; give up after that


def _poster(path: Path) -> Image.Image | None:
    """The first keyframe, where PyAV is installed, scaled while converting; never reads the whole video."""
    try:
        import av
    except ImportError:
        return None
    with av.open(str(path)) as container:
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
                return frame.to_image(width=max(1, round(frame.width * scale)),
                                      height=max(1, round(frame.height * scale)))
    return None


def _set_thumb(out: Card, picture: Image.Image | None, *, seal: bool) -> None:
    if picture is None:
        return
    picture.thumbnail((THUMB_SIDE, THUMB_SIDE))
    if seal:
        out.seal = find_red_seal(picture)
    for quality in (70, 50, 30):
        buf = io.BytesIO()
        picture.save(buf, "JPEG", quality=quality, optimize=True)
        if buf.tell() <= THUMB_BYTES:
            break
    out.thumb = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def zishu_bars(fields: dict, schema) -> list[Bar]:
    """Text fields with a 字数 limit in the form schema, in the form's order."""
    out = []
    for key, spec in schema.fields.items():
        limit = spec.schema.get("zishu")
        value = fields.get(key)
        if limit and isinstance(value, str):
            out.append(Bar(spec.label, count_zi(value), limit.get("min"), limit.get("max")))
    return out


def collect(results, profile, lang: str = "zh", jobs: int = 1) -> tuple[dict[str, list[Card]], dict[str, list[Bar]]]:
    """Cards and 字数 bars of every checked project (ProjectResult), keyed by its report path.

    With ``jobs`` > 1 the pictures are made in that many spawned processes (as the check itself is).
    """
    bars = {r.path: zishu_bars(r.fields, profile.form_schema) for r in results}
    todo = [(r.path, r.root, lang, profile.folder("authorization")) for r in results
            if r.root is not None and r.root.is_dir()]
    if jobs > 1 and len(todo) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            cards = dict(pool.map(_project_cards, todo, chunksize=4))
    else:
        cards = dict(map(_project_cards, todo))
    return cards, bars


def _project_cards(job: tuple) -> tuple[str, list[Card]]:
    path, root, lang, seal_folder = job
    return path, gallery(root, lang, seal_folder)
