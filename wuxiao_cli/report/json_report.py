"""--format json: exactly the SPEC §4 shape (plus additive keys such as batch quotas and baselines)."""

from __future__ import annotations

import json
from typing import TextIO


def dump_json(data: dict, out: TextIO) -> None:
    """Write ``data`` (``Report.to_dict()``, possibly with additive keys) to ``out`` piece by piece.

    json.dump hands ``out`` small chunks as it goes; building the whole text first (json.dumps) would
    hold a 3,300-project batch's report several times over in memory.
    """
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
