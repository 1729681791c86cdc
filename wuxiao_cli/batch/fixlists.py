"""`--fixlists DIR`: one plain-text 整改清单 per failing project, for the clerk to send back to the worker.

Written only into DIR, never into a project folder; the text itself is report.checklist's.
"""

from __future__ import annotations

import re
from pathlib import Path

from wuxiao_cli.report.checklist import fixlist_text
from wuxiao_cli.text import NAME_CHARS

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]')


def safe_filename(text: str, limit: int = NAME_CHARS) -> str:
    """A Windows-safe file name stem: illegal characters, controls and bidi overrides (text.safe's) replaced,
    trailing dots/spaces dropped; 60 Chinese characters are 180 bytes, under the 255 a Linux name may take."""
    out = _UNSAFE.sub("_", text).strip().rstrip(". ")[:limit].rstrip(". ")
    return out or "项目"


def write_fixlists(report: dict, out_dir: Path, profile) -> list[Path]:
    """Write one ``{项目名}-整改清单.txt`` per failing project; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for project in report["projects"]:
        if project["status"] != "fail":
            continue
        stem = safe_filename(project["name"])
        name, i = f"{stem}-整改清单.txt", 2
        while name.lower() in used:  # two projects with the same name (B001) still get a file each
            name, i = f"{stem}-{i}-整改清单.txt", i + 1
        used.add(name.lower())
        path = out_dir / name
        path.write_bytes(fixlist_text(project, report.get("batch_findings", []), profile).encode("utf-8-sig"))
        written.append(path)
    return written
