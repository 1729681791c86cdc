"""Numbered upload slots (附件 1, 2, 4 … of a project; the nominator's 提名函, 公示 proof, photos) and the files in them.

A file goes to a slot by its leading number (``1-提名书.pdf``, ``附件2_证书.pdf``, ``05.其他.pdf``) or, failing
that, by a keyword of the slot in its name. The slots (key, number, label, keywords, kinds, required) are
profile data.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^(?:附件)?\s*0*(\d{1,2})(?:[-_.、．\s）)]|$)")


def sort_into_slots(entries, items: list[dict], name=lambda entry: entry.name) -> tuple[dict[str, list], list]:
    """Entries by slot key, and those no slot claims; ``name`` is what is matched (the file name by default)."""
    slots: dict[str, list] = {i["key"]: [] for i in items}
    unmatched = []
    for entry in entries:
        called = name(entry)
        m = _NUMBERED.match(called)
        item = next((i for i in items if m and int(m.group(1)) == i["number"]), None)
        if item is None:
            item = next((i for i in items if any(k in called for k in i.get("keywords", []))), None)
        if item is None:
            unmatched.append(entry)
        else:
            slots[item["key"]].append(entry)
    return slots, unmatched
