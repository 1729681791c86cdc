"""来源: video time ranges (Q014) and whether a question comes from the video or the text (Q018)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from wuxiao_cli.quiz.answers import half_width

_DASHES = re.compile(r"\s*(?:[-–—―−~〜]+|至|到)\s*")
_COLON = re.compile(r"\s*[:：]\s*")
_RANGE = re.compile(r"(?<![\d:])(\d+(?::\d+)+)-(\d+(?::\d+)+)(?![\d:])")
_TIME_LIKE = re.compile(r"\d+:\d+")
VIDEO_WORDS = ("视频", "video", "录像", "影片")
TEXT_WORDS = ("简介", "创新点", "背景", "目标", "关键问题", "效益", "名称", "文字", "申报表", "表单", "材料",
              "《", "说明", "教材", "手册", "书", "标准", "规范", "论文", "专利", "form")


@dataclass(frozen=True)
class TimeRange:
    text: str  # as normalised: "0:07-0:35"
    start: int  # seconds
    end: int


def _normalise(source: str) -> str:
    return _DASHES.sub("-", _COLON.sub(":", half_width(source)))


def to_seconds(stamp: str) -> int | None:
    """'1:02:03' → 3723; '0:07' → 7; None when a minute/second part is not two digits under 60."""
    parts = stamp.split(":")
    if len(parts) > 3 or any(not p.isdigit() for p in parts):
        return None
    head, rest = parts[0], parts[1:]
    if any(len(p) != 2 or int(p) >= 60 for p in rest) or len(head) > 3:
        return None
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + int(p)
    return seconds


def time_ranges(source: str) -> tuple[list[TimeRange], list[str]]:
    """The well-formed ranges cited in 来源, and the time-like pieces that are not (malformed)."""
    ranges, bad = _time_ranges(source)
    return list(ranges), list(bad)


@functools.lru_cache(maxsize=4096)  # a bank repeats a handful of 来源 thousands of times
def _time_ranges(source: str) -> tuple[tuple[TimeRange, ...], tuple[str, ...]]:
    text = _normalise(source)
    ranges, bad = [], []
    for m in _RANGE.finditer(text):
        start, end = to_seconds(m.group(1)), to_seconds(m.group(2))
        if start is None or end is None:
            bad.append(m.group(0))
        else:
            ranges.append(TimeRange(m.group(0), start, end))
    leftover = _RANGE.sub(" ", text)
    bad += [m.group(0) for m in re.finditer(r"[\d:]*\d:\d[\d:]*(?:-[\d:]*)?", leftover)]
    return tuple(ranges), tuple(bad)


@functools.lru_cache(maxsize=4096)  # a bank repeats a handful of 来源 thousands of times
def origin(source: str) -> tuple[bool, bool]:
    """(from the video, from the text materials) as 来源 says: a time range or 视频 → video; 简介, 创新点… → text."""
    text = _normalise(source).lower()
    video = any(w in text for w in VIDEO_WORDS) or bool(_TIME_LIKE.search(text))
    return video, any(w in text for w in TEXT_WORDS)


def clock(seconds: float) -> str:
    """Seconds as a player shows them: 20 → 00:20, 3723 → 1:02:03."""
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"
