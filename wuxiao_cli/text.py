"""Bilingual message text: every user-facing string is written in Chinese and English side by side."""

from __future__ import annotations

from typing import NamedTuple

LANGS = ("zh", "en")


class T(NamedTuple):
    """A message in Simplified Chinese (default) and English."""

    zh: str
    en: str = ""

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" and self.en else self.zh


def mb(n_bytes: int) -> str:
    """Bytes as MB the way a clerk reads them (1 MB = 1,048,576 bytes), two decimals."""
    return f"{n_bytes / 1048576:.2f}"


def fold(text: str | None) -> str:
    """A name as people type it, folded for comparison: full-width brackets and digits (NFKC), no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text or "").split())


def columns(text: str, *, ambiguous_wide: bool = False) -> int:
    """Display columns of one line: CJK and full-width characters take two (ambiguous ones too, if asked:
    “”、×、° are wide in a CJK font such as Notepad's)."""
    import unicodedata

    wide = "WFA" if ambiguous_wide else "WF"
    return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)
