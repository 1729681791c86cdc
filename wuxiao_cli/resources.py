"""Where the built-in schemas live: inside the installed wheel, or beside the package in a checkout."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def schemas_dir() -> Path:
    packaged = Path(str(resources.files("wuxiao_cli"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"


@cache
def load_json(relpath: str) -> dict:
    """A JSON file under schemas/ (e.g. ``reference/unions-2024.json``), read once."""
    return json.loads((schemas_dir() / relpath).read_text(encoding="utf-8"))
