"""A stamped scan (PDF, JPEG or PNG): what it is, whether it opens, and whether a red seal shows on it.

Used wherever a notice asks for a page 盖章 and scanned: the national 授权书 (D), the Jiangsu 提名书 and
提名函 (S021, J011), the roadshow 上报单位 table (R007, R008). Callers cache ``read_scan`` per file.
A scan is decoded once, small, by ``read_scan``: the seal heuristic and the HTML report's card both
look at that picture, and a seal found on it is found once (``seal_box``).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

from PIL import Image

from wuxiao_cli.media.image import (
    MAX_PIXELS,
    WHOLE_DECODE_PIXELS,
    damage,
    oversized,
    read_image,
    too_big_to_decode,
)
from wuxiao_cli.media.pdf import read_pdf
from wuxiao_cli.media.seal import find_red_seal
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import T

SCAN_KINDS = ("pdf", "jpeg", "png")
SEAL_SIDE = 600  # px: the short side of a scan's kept picture, as a JPEG's draft decodes it (the seal
# heuristic works at 200, the card at 240); its long side is kept within 4 × SEAL_SIDE
# A PNG (no reduced decode like a JPEG's draft) is decoded whole only within WHOLE_DECODE_PIXELS
# (media.image.too_big_to_decode), and freed once reduced to SEAL_SIDE


def read_scan(path: Path):
    """(kind, facts): PdfFacts with its first pictures, ImageFacts with the scan itself as its picture,
    or None facts for any other kind."""
    kind = sniff(path)
    if kind == "pdf":
        return kind, read_pdf(path, want_images=True)
    if kind in ("jpeg", "png"):
        facts = read_image(path)
        if facts.error:
            return kind, facts
        if too_big_to_decode(facts):
            return kind, replace(facts, unsearched=f"too-large:{facts.width}x{facts.height}")
        return kind, replace(facts, images=_picture(path))
    return kind, None


def _picture(path: Path) -> list[Image.Image]:
    """The scan as the seal heuristic sees it, ~SEAL_SIDE px on its short side: a JPEG reduced while
    decoding (libjpeg's 1/2–1/8 scales), a PNG (read_scan keeps it within WHOLE_DECODE_PIXELS) decoded whole
    and reduced at once. Only the reduced picture is kept: the facts live as long as the project's check."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: guarded below
            with Image.open(path) as im:
                if im.width * im.height > MAX_PIXELS:
                    return []
                im.draft("RGB", (SEAL_SIDE, SEAL_SIDE))
                picture = im.convert("RGB")
            if (scale := SEAL_SIDE / min(picture.size)) < 1:  # a PNG: the size a JPEG's draft gives
                picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                                         Image.Resampling.BOX)
            picture.thumbnail((4 * SEAL_SIDE, 4 * SEAL_SIDE), Image.Resampling.BOX)  # a long strip, too
            return [picture]
    except (OSError, ValueError, SyntaxError, MemoryError, Image.DecompressionBombError):
        return []


def seal_box(facts, index: int = 0) -> tuple[float, float, float, float] | None:
    """The seal outline (media.seal) on a scan's picture ``index``, looked for once: the seal rules
    and the report's card ask alike."""
    if index not in facts.seals:
        facts.seals[index] = find_red_seal(facts.images[index])
    return facts.seals[index]


def readable(kind: str, facts) -> bool:
    return facts is not None and facts.error is None


def seal_seen(kind: str, facts) -> bool:
    """The red-seal heuristic (media.seal) over one readable scan."""
    return readable(kind, facts) and any(seal_box(facts, i) is not None for i in range(len(facts.images)))


def unreadable(name: str, kind: str, facts) -> T | None:
    """Why a scan cannot serve (not a PDF/JPEG/PNG, encrypted, damaged), or None when it opens."""
    if facts is None:
        return T(f"{name} 是 {describe(kind)}，应为 PDF、JPG 或 PNG", f"{name} is {kind}")
    if facts.error == "encrypted":
        return T(f"{name} 是加密的 PDF，无法打开", f"{name} is an encrypted PDF")
    if facts.error == "missing-library":
        return missing_library(name, facts.missing)
    if facts.error == "no-pages":
        return T(f"{name} 是没有页面的 PDF（0 页）", f"{name} is a PDF with no pages")
    if facts.error is not None and kind != "pdf" and (why := oversized(facts.error)) is not None:
        return T(f"{name} {why}", f"{name} is too large or abnormal to read safely ({facts.error})")
    if facts.error is not None:
        what = "PDF 文件已损坏或不完整" if kind == "pdf" else damage(facts.error)
        return T(f"{name} 无法打开：{what}", f"{name} cannot be opened ({facts.error})")
    return None


def unsearched(name: str, kind: str, facts) -> tuple[T, T] | None:
    """(message, hint) for a readable scan whose seal was not looked for because it is too large or too
    complex to decode safely (SPEC §10), or None."""
    why = getattr(facts, "unsearched", None) if readable(kind, facts) else None
    if why is None:
        return None
    if why.startswith("too-large"):
        dims = why.partition(":")[2]
        width, height = (int(v) for v in dims.split("x"))
        return (T(f"{name} 像素尺寸过大（{width}×{height}，约 {width * height / 1e6:.0f} 百万像素，"
                  f"上限 {WHOLE_DECODE_PIXELS // 1_000_000} 百万），为安全起见未解码，无法查找公章",
                  f"{name} is too large to decode safely ({width}x{height}); the seal was not looked for"),
                T("用扫描仪以 300 dpi 彩色重新扫描（A4 约 2480×3508 像素），或另存为 JPG",
                  "Rescan in colour at 300 dpi (A4 is about 2480x3508 px), or save as JPG"))
    return (T(f"{name}：PDF 第 1 页内容过于复杂，未渲染，无法查找公章",
              f"{name}: page 1 of the PDF is too complex to render; the seal was not looked for"),
            T("请重新扫描，或用“导出为 PDF/打印为 PDF”导出为普通 PDF",
              "Rescan it, or export/print it again as a plain PDF"))


def missing_library(name: str, library: str) -> T:
    """A file wuxiao could not read for want of one of its own libraries: said to be the install's fault,
    never the user's file (media.pdf)."""
    return T(f"{name} 未能检查：wuxiao 缺少读取它所需的组件 {library}（是 wuxiao 的安装问题，不是您的文件有问题）；"
             f"请运行 pip install --force-reinstall {library}，或重新安装 wuxiao",
             f"{name} could not be checked: wuxiao lacks {library} to read it (an install problem, not your file); "
             f"run pip install --force-reinstall {library}, or reinstall wuxiao")


def unsealed(scans: list) -> list:
    """(entry, kind, facts) scans: the readable ones when none of them shows a red seal, else []."""
    ok = [(e, k, f) for e, k, f in scans if readable(k, f)]
    return [] if any(seal_seen(k, f) for _, k, f in ok) else ok


def seal_problems(scans: list, name=lambda entry: entry.name) -> list[tuple[T, T | None, object]]:
    """What a seal rule (D003, S021, J011, R008) says of its (entry, kind, facts) scans when none shows a seal:
    (message, hint or None, entry) — each scan too large or complex to look into, with why and how to rescan,
    then one no_seal over those looked at. ``name`` is how a message names a file."""
    out, looked = [], []
    for entry, kind, facts in unsealed(scans):
        if (why := unsearched(name(entry), kind, facts)) is not None:
            out.append((why[0], why[1], entry))
        else:
            looked.append(entry)
    if looked:
        out.append((no_seal([name(e) for e in looked]), None, looked[0]))
    return out


def no_seal(names: list[str]) -> T:
    listed = "、".join(names)
    return T(f"在 {listed} 中没有找到红色圆形公章（启发式判断，可能误报）",
             f"No red round seal found in {listed} (heuristic; may be wrong)")
