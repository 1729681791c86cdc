"""--format json: exactly the SPEC §4 shape (plus additive keys such as batch quotas and baselines)."""

from __future__ import annotations

import json


def render_json(data: dict) -> str:
    """``data`` is ``Report.to_dict()``, possibly with additive keys."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
