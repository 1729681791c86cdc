"""Reading 成果所属行业分类 against GB/T 4754-2017 the way a reviewer would.

Clerks write the pair in many shapes: 制造业-通用设备制造业 (the template's 门类-大类), finer
levels after it (制造业-通用设备制造业-金属加工机械制造), code prefixes (C制造业-34通用设备制造业,
C34, 3421), or the 大类 alone (通用设备制造业). The table has 门类 and 大类 only, so a finer level
is accepted as written; what counts is that a 门类 or a 大类 can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEVELS = re.compile(r"\s*(?:[-－—–/／>＞→]+|\s{2,})\s*")
_CODED = re.compile(r"^(?P<letter>[A-Ta-t](?![A-Za-z]))?\s*(?P<digits>\d{2,4})?\s*[.、．]?\s*(?P<name>.*)$")


@dataclass(frozen=True)
class Reading:
    section: str | None  # the 门类 name found, or None
    division: str | None  # the 大类 name found, or None
    section_given: str  # the first level as written (for messages)
    division_section: str | None = None  # the 门类 the 大类 belongs to


class IndustryTable:
    def __init__(self, ref: dict):
        self.sections = {s["name"]: [d["name"] for d in s["divisions"]] for s in ref["sections"]}
        self.by_letter = {s["code"]: s["name"] for s in ref["sections"]}
        self.by_code = {d["code"]: d["name"] for s in ref["sections"] for d in s["divisions"]}
        self.section_of = {d: s for s, ds in self.sections.items() for d in ds}

    def read(self, value: str) -> Reading:
        levels = [p for p in _LEVELS.split(value.strip()) if p]
        section = division = None
        for level in levels:
            m = _CODED.match(level)
            letter, digits, name = (m.group("letter") or "").upper(), m.group("digits"), m.group("name").strip()
            section = section or (name if name in self.sections else self.by_letter.get(letter))
            division = division or self._division(name, digits)
        first = levels[0] if levels else value
        return Reading(section, division, first, self.section_of.get(division) if division else None)

    def _division(self, name: str, digits: str | None) -> str | None:
        if name in self.section_of:
            return name
        if digits and digits[:2] in self.by_code and (not name or name not in self.sections):
            return self.by_code[digits[:2]]  # 34, 3421 (a 中类/小类 code starts with its 大类's)
        return None
