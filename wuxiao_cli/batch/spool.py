"""A batch's results, kept in a temporary file rather than in this process's memory.

Each project's result (findings, form fields, B003's media list, the report's pictures) is 5–100 KB;
a province's 3,300 projects would hold all of them in the batch's process until the reports are
written. Here each result is pickled into a temporary file as it arrives (held in memory up to
IN_MEMORY bytes, so a small batch never touches the disk) and only a short entry stays per project:
its path and where its result starts. Rules and reporters read the results one at a time, in path
order, as many times as they need; reading one back costs ~0.1 ms.

The results are read-only once added, with one exception: an error-level batch finding charges the
projects it names (``charge``), and every later read of those projects counts it.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from wuxiao_cli.engine import ProjectResult
from wuxiao_cli.lazy import Mapped

IN_MEMORY = 1 << 20  # bytes of pickled results held in memory (~100 projects) before the file goes to disk


class _Entry(NamedTuple):
    path: str
    offset: int
    pictures: int  # where its HTML report pictures (cards, 字数 bars) start; -1: none were made


class Results(Mapped[_Entry, ProjectResult]):
    """The results of a batch, sorted by path once ``sort`` is called; a Sequence like a list."""

    def __init__(self):
        self._file: io.BytesIO | io.BufferedRandom = io.BytesIO()  # a temporary file past IN_MEMORY
        self._entries: list[_Entry] = []
        super().__init__(self._entries, self._load)
        self._charged: Counter[str] = Counter()

    def add(self, result: ProjectResult) -> None:
        """Keep ``result``; its report pictures apart, so that the batch rules' many reads skip them."""
        self._file.seek(0, 2)
        offset, pictures = self._file.tell(), -1
        pickle.dump(dataclasses.replace(result, cards=None, bars=None), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        if result.cards is not None or result.bars is not None:
            pictures = self._file.tell()
            pickle.dump((result.cards, result.bars), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._entries.append(_Entry(result.path, offset, pictures))
        if isinstance(self._file, io.BytesIO) and self._file.tell() > IN_MEMORY:
            import tempfile  # here: a one-project check never needs it

            held, self._file = self._file, tempfile.TemporaryFile()  # removed by the system once closed
            self._file.write(held.getbuffer())
            held.close()

    @property
    def on_disk(self) -> bool:
        return not isinstance(self._file, io.BytesIO)

    def sort(self) -> None:
        self._entries.sort(key=lambda e: e.path)

    def pictures(self) -> Iterator[tuple[str, list | None, list | None]]:
        """(path, cards, 字数 bars) of each project that has them, in path order: read by the HTML report
        alone (a 330-project batch's thumbnails are 6 MB, which every other read would load again)."""
        for entry in self._entries:
            if entry.pictures >= 0:
                self._file.seek(entry.pictures)
                yield (entry.path, *pickle.load(self._file))

    def charge(self, paths: Iterable[str]) -> None:
        """Count one error-level batch finding against each project named in ``paths``."""
        named = set(paths)
        self._charged.update(e.path for e in self._entries if e.path in named)

    def close(self) -> None:
        self._file.close()

    __del__ = close  # the file goes with the results (the app keeps a job's results while it shows them)

    def _load(self, entry: _Entry) -> ProjectResult:
        self._file.seek(entry.offset)
        result: ProjectResult = pickle.load(self._file)
        result.batch_errors += self._charged[entry.path]
        return result
