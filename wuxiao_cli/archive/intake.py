"""Received archives as projects: `check X.zip`, or a folder holding any mix of project folders and archives.

Each archive is extracted (safely, privately) for as long as the intake is open, and is one project, or a
parent of projects when it holds several project folders. Findings inside it are shown as
``成果.zip › 照片/正面.jpg``: the project's display path is the archive's, its files are relative to it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.archive import Extracted, Limits, archive_kind, extracted
from wuxiao_cli.archive.guard import DEFAULT_LIMITS
from wuxiao_cli.discover import find_projects
from wuxiao_cli.engine import Options, ProjectResult, stamp
from wuxiao_cli.findings import Finding
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import nfc
from wuxiao_cli.text import INSIDE as SEP


def archive_findings(x: Extracted, profile: Profile, options: Options) -> list[Finding]:
    """The Z rules on one archive as it was read."""
    return [stamp(r, p, profile, options) for r in rules.for_profile(profile, scope="archive") for p in r.check(x)]


class Intake:
    """Projects to check from the paths given; archives stay extracted until ``close()``."""

    def __init__(self, profile: Profile, options: Options, limits: Limits = DEFAULT_LIMITS):
        self.profile, self.options, self.limits = profile, options, limits
        self.refused: list[ProjectResult] = []  # archives that gave nothing to check
        self._findings: dict[str, list[Finding]] = {}  # Z findings for a checked project, by display path
        self._stack = ExitStack()

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def projects(self, path: Path) -> list[tuple[Path, str]]:
        """(project folder, display path) for a folder (a project or a batch) or an archive."""
        found = find_projects(path, self.profile) if path.is_dir() else [path]
        opened = dict(zip((a for a in found if a.is_file()), self.open_many([a for a in found if a.is_file()]),
                          strict=True))
        out = []
        for r in found:
            out.extend(self._projects_in(r, *opened[r]) if r.is_file() else [(r, r.as_posix())])
        return out

    def open(self, path: Path) -> tuple[Extracted, list[Finding]]:
        """Extract one archive for the intake's lifetime: what was read, and its Z findings."""
        return self.open_many([path])[0]

    def open_many(self, paths: list[Path]) -> list[tuple[Extracted, list[Finding]]]:
        """Extract archives side by side (decompression and writing release the GIL), kept for the
        intake's lifetime; every one that was opened is removed at close, even if another failed."""
        def enter(path: Path):
            manager = extracted(path, self.limits)
            return manager, manager.__enter__()

        with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1) or 1) as pool:
            futures = [pool.submit(enter, p) for p in paths]
        for f in futures:
            if f.exception() is None:
                self._stack.push(f.result()[0].__exit__)
        return [(f.result()[1], archive_findings(f.result()[1], self.profile, self.options)) for f in futures]

    def _projects_in(self, path: Path, x: Extracted, findings: list[Finding]) -> list[tuple[Path, str]]:
        display = path.as_posix()
        if x.folder is None:
            self.refused.append(ProjectResult(path=display, name=nfc(path.stem), findings=findings))
            return []
        # archives inside an archive are not opened: one level of intake, bounded work
        inner = [r for r in find_projects(x.folder, self.profile) if not r.is_file()] or [x.folder]
        out = [(r, display if r == x.folder else f"{display}{SEP}{nfc(r.relative_to(x.folder).as_posix())}")
               for r in inner]
        self._findings[out[0][1]] = findings
        return out

    def merge(self, results: list[ProjectResult]) -> list[ProjectResult]:
        """The checked results with each archive's Z findings added, and the refused archives, by path."""
        for result in results:
            if extra := self._findings.get(result.path):
                result.findings = sorted([*extra, *result.findings], key=Finding.sort_key)
        return sorted([*results, *self.refused], key=lambda r: r.path)


def is_archive(path: Path) -> bool:
    return archive_kind(path) is not None
