"""Where the built-in schemas live: inside the installed wheel, or beside the package in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path


@cache
def schemas_dir() -> Path:
    # The package's own folder, as importlib.resources.files("wuxiao_cli") gives it for an installed wheel
    # or a frozen wuxiao.exe, without importing importlib.resources (~5 ms of every start)
    package = Path(__file__).parent
    packaged = package / "schemas"
    if packaged.is_dir():
        return packaged
    return package.resolve().parent / "schemas"


@cache
def load_json(relpath: str) -> dict:
    """A JSON file under schemas/ (e.g. ``reference/unions-2024.json``), read once."""
    return json.loads((schemas_dir() / relpath).read_text(encoding="utf-8"))
