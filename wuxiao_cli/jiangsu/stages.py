"""Which photo group a photo put straight in photos/ belongs to, by its name: ``实施前-换刀现场.jpg`` is a
before photo, ``改造后-快换夹具.jpg`` an after one. The notice only asks for “图片一组(限4张)” before and after
(附件2 三(一)(二)) and names no folders, so a name that says the stage is as good as the folder.

The words are profile data (``photo_groups.<role>.name_words``).
"""

from __future__ import annotations

import re
import unicodedata


def stage_named(name: str, groups: dict[str, dict]) -> str | None:
    """The role whose words the name holds, or None when it holds none or several groups' words.

    A word run on into another group's last character says both (“实施前后对比”), so it names no group.
    """
    name = unicodedata.normalize("NFKC", name).casefold()
    ends = {w[-1].casefold(): role for role, spec in groups.items() for w in spec.get("name_words", [])}
    said = set()
    for role, spec in groups.items():
        for word in spec.get("name_words", []):
            for m in re.finditer(re.escape(word.casefold()), name):
                said.add(role)
                said.add(ends.get(name[m.end():m.end() + 1], role))
    return said.pop() if len(said) == 1 else None
