"""A stamped scan (PDF, JPEG or PNG): what it is, whether it opens, and whether a red seal shows on it.

Used wherever a notice asks for a page 盖章 and scanned: the national 授权书 (D), the Jiangsu 提名书 and
提名函 (S021, J011), the roadshow 上报单位 table (R007, R008). Callers cache ``read_scan`` per file.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from wuxiao_cli.media.image import MAX_PIXELS, read_image
from wuxiao_cli.media.pdf import read_pdf
from wuxiao_cli.media.seal import has_red_seal
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import T

SCAN_KINDS = ("pdf", "jpeg", "png")


def read_scan(path: Path):
    """(kind, facts): PdfFacts with its first images, ImageFacts, or None facts for any other kind."""
    kind = sniff(path)
    if kind == "pdf":
        return kind, read_pdf(path, want_images=True)
    if kind in ("jpeg", "png"):
        return kind, read_image(path)
    return kind, None


def pictures(kind: str, facts, path: Path) -> list[Image.Image]:
    """The pictures a seal may be on: a PDF's embedded images, or the image itself reduced to ~600 px."""
    if kind == "pdf":
        return facts.images
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: guarded below
            with Image.open(path) as im:
                if im.width * im.height > MAX_PIXELS:
                    return []
                im.draft("RGB", (600, 600))
                return [im.convert("RGB")]
    except (OSError, ValueError, SyntaxError, MemoryError, Image.DecompressionBombError):
        return []


def readable(kind: str, facts) -> bool:
    return facts is not None and facts.error is None


def seal_seen(kind: str, facts, path: Path) -> bool:
    """The red-seal heuristic (media.seal) over one readable scan."""
    return readable(kind, facts) and any(has_red_seal(pic) for pic in pictures(kind, facts, path))


def unreadable(name: str, kind: str, facts) -> T | None:
    """Why a scan cannot serve (not a PDF/JPEG/PNG, encrypted, damaged), or None when it opens."""
    if facts is None:
        return T(f"{name} 是 {describe(kind)}，应为 PDF、JPG 或 PNG", f"{name} is {kind}")
    if facts.error == "encrypted":
        return T(f"{name} 是加密的 PDF，无法打开", f"{name} is an encrypted PDF")
    if facts.error is not None:
        return T(f"{name} 无法打开（{facts.error}）", f"{name} cannot be opened ({facts.error})")
    return None


def unsealed(scans: list) -> list:
    """(entry, kind, facts) scans: the readable ones when none of them shows a red seal, else []."""
    ok = [(e, k, f) for e, k, f in scans if readable(k, f)]
    return [] if any(seal_seen(k, f, e.path) for e, k, f in ok) else ok


def no_seal(names: list[str]) -> T:
    listed = "、".join(names)
    return T(f"在 {listed} 中没有找到红色圆形公章（启发式判断，可能误报）",
             f"No red round seal found in {listed} (heuristic; may be wrong)")
