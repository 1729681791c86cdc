"""专利号 as clerks write them in the 提名书: which parts of the cell are Chinese patent numbers.

A number is the application number, ZL optional: 12 digits and a check digit since 2003
(ZL202120123456.7), or the older 8 digits and a check digit (ZL98123456.X). The dot may be left out.
Anything else — 无, 暂无, 申请中, N/A, 0 — names no patent, so two such projects share nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Not inside a longer run of digits or letters (an 11-digit phone is no match). The check digit may be left
# out of a 12-digit number (ZL202120123456); the older 8-digit form needs it, or a phone's last 8 digits match.
_APPLICATION = re.compile(r"(?<![0-9A-Z])(?:ZL|CN)?(?:(\d{12})(?:[.。·]?([0-9X]))?|(\d{8})[.。·]?([0-9X]))(?![0-9A-Z])")
# A publication (grant) number, CN213456789U: another number for a patent, compared as written.
_PUBLICATION = re.compile(r"(?<![0-9A-Z])CN(\d{9})([A-Z]\d?)(?![0-9A-Z])")
_INNER_SPACE = re.compile(r"(?<=[0-9L.。·])\s+(?=[0-9.。·X])")  # ZL 2021 2012 3456.7, as printed certificates space it


def patent_numbers(text: str) -> list[str]:
    """The patent numbers in a 专利号 cell, each as ZL + digits (+ . + check digit when written) or as its
    CN publication number, in order, once each.

    ``ZL202120123456.7``, ``202120123456.7``, ``ZL 2021 2012 3456.7`` and ``zl２０２１２０１２３４５６．７`` all give
    ZL202120123456.7; compare them with ``patent_key`` (ZL202120123456 is the same patent).
    """
    folded = _INNER_SPACE.sub("", unicodedata.normalize("NFKC", text).upper())
    found = [m for m in (*_APPLICATION.finditer(folded), *_PUBLICATION.finditer(folded))]
    shown = []
    for m in sorted(found, key=lambda m: m.start()):
        if m.re is _PUBLICATION:
            shown.append(f"CN{m.group(1)}{m.group(2)}")
        else:
            digits, check = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            shown.append(f"ZL{digits}.{check}" if check else f"ZL{digits}")
    return list(dict.fromkeys(shown))


def patent_key(number: str) -> str:
    """What two spellings of one patent share: the application number without its check digit."""
    return number.split(".", 1)[0]
