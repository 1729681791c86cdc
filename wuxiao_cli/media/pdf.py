"""PDF facts with pypdf: does it open, is it encrypted, how many pages, and its first embedded images."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

MAX_IMAGES = 6  # enough to find a seal on a scanned page or two


@dataclass(frozen=True)
class PdfFacts:
    pages: int = 0
    encrypted: bool = False
    error: str | None = None
    images: list = field(default_factory=list)  # PIL images, downscaled


def read_pdf(path: Path, *, want_images: bool = False) -> PdfFacts:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        return PdfFacts(encrypted=True, error="encrypted")
                except (PyPdfError, NotImplementedError):
                    return PdfFacts(encrypted=True, error="encrypted")
            pages = len(reader.pages)
            images = []
            if want_images:
                for page in reader.pages[:3]:
                    for img in page.images:
                        pic = img.image
                        pic.thumbnail((600, 600))
                        images.append(pic)
                        if len(images) >= MAX_IMAGES:
                            break
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return PdfFacts(error=f"{type(exc).__name__}: {exc}"[:120])
    if pages == 0:
        return PdfFacts(error="no-pages")
    return PdfFacts(pages=pages, images=images)
