"""--format json: exactly the SPEC §4 shape."""

from __future__ import annotations

import json

from wuxiao_cli.report import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
