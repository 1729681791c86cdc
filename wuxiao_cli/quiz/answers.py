"""Answer normalising: what a clerk types in 正确答案 and 题型 and what it means (Q007–Q010, Q016, Q009, Q005).

Choice answers: letters A–F in any case, half- or full-width (ＡＣ, ａｃ), in any order, separated or
not by spaces, commas, 、 ; / | or a full stop between two letters (A.B, Ａ．Ｃ) — all mean the same sorted upper-case letters. Anything else
(another letter, a digit, a word) is not an answer; nor is a letter with a stop beside it alone (A., .A),
which might be an option's label rather than an answer. 判断 answers are 对/错; the usual synonyms
(正确/错误, √/×, T/F, TRUE/FALSE) are understood but should be written 对/错.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from wuxiao_cli.quiz import KINDS, LETTERS

SEPARATORS = frozenset(" \t\r\n,;/|、，；／｜　")
_FULL_WIDTH_OFFSET = 0xFEE0  # Ａ (U+FF21) - A (U+0041): the full-width ASCII block
TRUE_WORDS = frozenset({"对", "正确", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "是"})
FALSE_WORDS = frozenset({"错", "错误", "×", "✗", "✘", "╳", "F", "FALSE", "N", "NO", "否", "X"})


@dataclass(frozen=True)
class ChoiceAnswer:
    letters: str  # distinct letters, sorted, upper case: "AC"
    written: int  # letters as typed, repeats included ("AA" is 2)
    canonical: bool  # typed exactly as ``letters`` (surrounding spaces aside)


_HALF_WIDTH = {code: code - _FULL_WIDTH_OFFSET for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")
_STOP_BETWEEN = re.compile(r"(?<=[A-Fa-f])\.(?=[A-Fa-f])")  # A.B.C (Ａ．Ｂ once half-width): a separator


def half_width(text: str) -> str:
    """Full-width ASCII (Ａ，１) to half-width; the ideographic space to a space. Nothing else changes.

    Only the full-width runs are translated: str.translate looks every character of a Chinese
    sentence up in a dict (~4 µs a question), the regex skips them in C."""
    return text if text.isascii() else _FULL_WIDTH_RUN.sub(_translate_run, text)


def _translate_run(match: re.Match) -> str:
    return match.group().translate(_HALF_WIDTH)


@functools.lru_cache(maxsize=4096)  # a bank repeats a handful of answers thousands of times
def parse_choice(raw: str) -> ChoiceAnswer | None:
    """The letters of a 单选/多选 answer, or None when it is not made only of A–F and separators."""
    text = raw.strip()
    letters = []
    for ch in _STOP_BETWEEN.sub(" ", half_width(text)):
        if ch in SEPARATORS or ch.isspace():
            continue
        up = ch.upper()
        if len(up) != 1 or up not in LETTERS:
            return None
        letters.append(up)
    if not letters:
        return None
    distinct = "".join(sorted(set(letters)))
    return ChoiceAnswer(distinct, len(letters), canonical=(text == distinct))


def normalize_choice(raw: str) -> str | None:
    """Sorted upper-case distinct letters ("ａ，c" → "AC"), or None if ``raw`` is not a choice answer."""
    parsed = parse_choice(raw)
    return parsed.letters if parsed else None


@functools.lru_cache(maxsize=256)  # a handful of spellings, asked for every 判断 row
def parse_judgement(raw: str) -> tuple[str, bool] | None:
    """("对"|"错", written exactly so) for a 判断 answer, or None when it means neither."""
    text = raw.strip()
    if text in ("对", "错"):
        return text, True
    key = half_width(text).strip().upper()
    if key in TRUE_WORDS:
        return "对", False
    if key in FALSE_WORDS:
        return "错", False
    return None


@functools.lru_cache(maxsize=256)  # a handful of spellings, asked for every row
def parse_kind(raw: str) -> tuple[str, bool] | None:
    """(单选|多选|判断, written exactly so) for a 题型 cell, or None when it is none of them. Quiz banks
    often write 单选题, 多 选 题 or full-width variants: understood, but 附件5 writes 单选."""
    text = raw.strip()
    if text in KINDS:
        return text, True
    key = "".join(half_width(text).split())
    key = key[:-1] if key.endswith("题") else key
    return (key, False) if key in KINDS else None
