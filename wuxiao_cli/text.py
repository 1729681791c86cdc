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


def listed(names, limit: int) -> str:
    """The first ``limit`` names joined with 、, and 等 when there are more."""
    names = list(names)
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def fold(text: str | None) -> str:
    """A name as people type it, folded for comparison: full-width brackets and digits (NFKC), no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text or "").split())


def decode_text(raw: bytes, *, whole: bool = True) -> str | None:
    """A text file's bytes as Windows programs save them, or None when no encoding fits.

    UTF-16 (little- or big-endian) when a byte-order mark says so: Notepad's "Unicode" / "Unicode big
    endian", Excel's "Unicode 文本". Else UTF-8, with or without its mark; else GB18030 (GBK, what a
    Chinese Windows calls "ANSI"). ``whole=False`` for the first bytes of a longer file: a character
    cut at the end is left out instead of failing the encoding.
    """
    import codecs

    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(raw, final=whole)
        except UnicodeDecodeError:
            continue
    return None


QUOTE_CHARS = 50  # a user's text quoted in a message: enough to recognise it, never a 200 MB cell
MESSAGE_CHARS = 2000  # a whole message or hint: the rule's own words are short, only quoted text grows it


def clip(text: object, limit: int = QUOTE_CHARS) -> str:
    """A user's text as a message quotes it: at most ``limit`` characters, then "…"."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def columns(text: str, *, ambiguous_wide: bool = False) -> int:
    """Display columns of one line: CJK and full-width characters take two (ambiguous ones too, if asked:
    “”、×、° are wide in a CJK font such as Notepad's)."""
    import unicodedata

    wide = "WFA" if ambiguous_wide else "WF"
    return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)


INSIDE = " › "  # a file inside a received archive: 成果.zip › 照片/正面.jpg
_ARCHIVE_ENDINGS = (".zip", ".7z", ".rar")


def file_in(project: str, rel: str) -> str:
    """A project's file as a message names it: ``张三/photos/a.jpg``, or ``成果.zip › photos/a.jpg`` when the
    project is (or is inside) a received archive, so nobody looks for a folder called 成果.zip."""
    inside = project.lower().endswith(_ARCHIVE_ENDINGS) or INSIDE in project
    return f"{project}{INSIDE if inside else '/'}{rel}"
