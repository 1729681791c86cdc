"""--format json: exactly the SPEC §4 shape (plus additive keys such as batch quotas and baselines)."""

from __future__ import annotations

import json
from typing import TextIO

from wuxiao_cli.text import SURROGATE, readable

_PLACE = "\x00projects\x00"  # where the projects go in the text of the rest of the report


def _dumps(data) -> str:
    """json.dumps, with a name's undecodable bytes as the text \\xb8 (text.readable), so any file holds it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return SURROGATE.sub(lambda m: readable(m.group()).replace("\\", "\\\\"), text)


def dump_json(data: dict, out: TextIO) -> None:
    """Write ``data`` (``Report.to_dict()``, possibly with additive keys) to ``out`` piece by piece.

    A batch's projects (``to_dict(lazy=True)``) are written one at a time as they are made, and the
    text is the same as json.dump's of the whole: a 3,300-project report never sits in memory.
    """
    projects = data.get("projects")
    if not projects:  # none to write one at a time (a dict that is not a report, or an empty batch)
        out.write(_dumps(data if projects is None else {**data, "projects": []}))
    else:
        head, tail = _dumps({**data, "projects": [_PLACE]}).split(
            "    " + json.dumps(_PLACE))
        out.write(head)
        for i, project in enumerate(projects):
            out.write(",\n    " if i else "    ")
            out.write(_dumps(project).replace("\n", "\n    "))
        out.write(tail)
    out.write("\n")
