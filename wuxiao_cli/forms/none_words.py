"""What Chinese forms write for "nothing here": 无, 暂无, 没有, /, —, N/A … (one notion for every profile).

An optional field written so is blank (forms.load_form); a free-text option whose list has 无 reads it as 无
(fields.canonical); a required field keeps what was written, so a 成果简介 of "无" is still not filled in.
"""

from __future__ import annotations

import re
import unicodedata

NONE = "无"  # the option the Jiangsu 提名书 lists for "none" (学位, 技能等级, 职称级别)

# Folded (NFKC, no spaces, lower case, an end mark and enclosing brackets gone) as _fold leaves them.
NONE_WORDS = frozenset({
    "无", "暂无", "尚无", "目前无", "没有", "暂没有", "空", "不适用", "无此项", "本项无",
    "无职称", "无等级", "无技能等级", "无学位",
    "n/a", "na", "none", "nil", "null",
})
_END_MARKS = re.compile(r"[。.，,；;！!]+$")
_ENCLOSED = re.compile(r"^[（(【\[「“\"'](.*)[）)】\]」”\"']$")


def _fold(text: str) -> str:
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()
    folded = _END_MARKS.sub("", folded)
    m = _ENCLOSED.match(folded)
    return m.group(1) if m else folded


def means_none(value) -> bool:
    """True for a cell that says "nothing here": a none-word (无, 暂无, 无。, （无）, N/A) or only
    dashes, slashes and other marks (/, —, －, -, ——, ……). Blank text is not a none-word: it is blank."""
    if isinstance(value, list):
        return bool(value) and all(means_none(v) for v in value)
    if not isinstance(value, str) or not value.strip():
        return False
    text = re.sub(r"\s+", "", value)
    if all(unicodedata.category(c).startswith("P") for c in text):  # / — － - …: a struck-through cell
        return True
    return _fold(value) in NONE_WORDS
