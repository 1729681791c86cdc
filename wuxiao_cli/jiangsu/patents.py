"""专利号 as clerks write them in the 提名书: which parts of the cell are Chinese patent numbers.

A number is the application number, ZL optional: 12 digits and a check digit since 2003
(ZL202120123456.7), or the older 8 digits and a check digit (ZL98123456.X). The dot may be left out.
Anything else — 无, 暂无, 申请中, N/A, 0 — names no patent, so two such projects share nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Not inside a longer run of digits or letters: a CN…U publication number or an 11-digit phone is no match.
_NUMBER = re.compile(r"(?<![0-9A-Z])(?:ZL|CN)?\s*(\d{12}|\d{8})\s*[.。·]?\s*([0-9X])(?![0-9A-Z])")


def patent_numbers(text: str) -> list[str]:
    """The patent numbers in a 专利号 cell, each as ZL + digits + . + check digit, in order, once each.

    ``ZL202120123456.7``, ``202120123456.7`` and ``zl２０２１２０１２３４５６．７`` all give ZL202120123456.7.
    """
    folded = unicodedata.normalize("NFKC", text).upper()
    found = (f"ZL{digits}.{check}" for digits, check in _NUMBER.findall(folded))
    return list(dict.fromkeys(found))
