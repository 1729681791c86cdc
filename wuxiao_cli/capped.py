"""Small text files the user writes (form.toml/json, wuxiao.toml, nominator.toml, --waivers, --baseline),
read whole only up to a cap (SPEC §10 "Bounds"): their parsers hold everything in memory at once, and a
50 MB form.toml took 20 s and 270 MB to say nothing useful."""

from __future__ import annotations

import os
from pathlib import Path

from wuxiao_cli.text import T, size_against

THE_FILE = T("文件", "the file is")


class TooLarge(ValueError):
    """The file is over its cap; ``why`` gives its size against the limit, in the limit's unit."""

    too_large = True  # as ooxml.Refused: the form's F002 says "过大"

    def __init__(self, size: int, limit: int, what: T = THE_FILE):
        shown, cap = size_against(size, limit)
        self.size, self.limit = size, limit
        self.why = T(f"{what.zh} {shown.zh}，超过上限 {cap.zh}", f"{what.en} {shown.en}, over {cap.en}")
        super().__init__(self.why.en)


def read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, or TooLarge without reading them when it is over ``limit``: judged by its size
    first, then by what a read gives (a device or a file still growing says 0 or less than it holds)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(size, limit)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(max(size, len(data)), limit)
    return data
