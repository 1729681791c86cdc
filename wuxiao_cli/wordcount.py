"""Counting 字数 the way Word's word-count statistic does (SPEC §2.2).

Every CJK character (Han, kana, hangul) and every full-width or CJK punctuation mark counts 1;
every maximal run of other non-whitespace characters (an English word, ``1765``, ``r/min``,
``≥410r/min``) counts 1; whitespace counts 0. Invisible format characters (a BOM, zero-width
space or joiner, soft hyphen) count 0 and do not split a run: Word shows nothing there.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

_WIDE_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。「」…)
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3190, 0x31FF),  # Kanbun, Bopomofo ext, CJK strokes, Katakana ext
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK ext A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo ext A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo ext B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants
    (0xFF01, 0xFFDC),  # full-width ASCII variants and punctuation; half-width CJK punctuation, katakana, hangul
    (0xFFE0, 0xFFE6),  # full-width signs
    (0x1AFF0, 0x1B16F),  # kana extensions and supplement
    (0x20000, 0x3FFFF),  # CJK ext B onwards
)
# General punctuation that Chinese text uses as its own marks: “ ” ‘ ’ — … ·
_CJK_PUNCT = set("\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2015\u2025")


@cache  # a form repeats the same few hundred characters: look each up once
def is_wide(ch: str) -> bool:
    """True for a character Word counts on its own: CJK, kana, hangul, full-width or CJK punctuation."""
    if ch in _CJK_PUNCT:
        return True
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _WIDE_RANGES)


def count_zi(text: str | None) -> int:
    """Count 字数 of ``text`` (SPEC §2.2). ``None`` counts 0."""
    return _count(text) if text else 0


@lru_cache(maxsize=256)  # a form's field is counted by its rule, the rule's message and the report's bar
def _count(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    total = 0
    in_run = False
    for ch in text:
        if ch.isspace():  # includes the ideographic space U+3000
            in_run = False
        elif unicodedata.category(ch) == "Cf":
            continue
        elif is_wide(ch):
            total += 1
            in_run = False
        elif not in_run:
            total += 1
            in_run = True
    return total
