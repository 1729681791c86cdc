"""Received archives as projects: `check X.zip`, or a folder holding any mix of project folders and archives.

An archive is extracted (safely, privately) while its projects are needed, and is one project, or a
parent of projects when it holds several project folders. Findings inside it are shown as
``成果.zip › 照片/正面.jpg``: the project's display path is the archive's, its files are relative to it.
`check` reads each archive inside the worker that checks it (batch.source, through ``received``);
`pack`, `fix` and the app's buttons keep theirs open with an ``Intake``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.archive import Extracted, Limits, archive_kind, extracted
from wuxiao_cli.archive.guard import DEFAULT_LIMITS
from wuxiao_cli.discover import find_projects
from wuxiao_cli.engine import Options, stamp
from wuxiao_cli.findings import Finding
from wuxiao_cli.ops import OpError
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import nfc
from wuxiao_cli.text import INSIDE as SEP
from wuxiao_cli.text import os_reason


def archive_findings(x: Extracted, profile: Profile, options: Options) -> list[Finding]:
    """The Z rules on one archive as it was read."""
    return [stamp(r, p, profile, options) for r in rules.for_profile(profile, scope="archive") for p in r.check(x)]


@dataclass
class Received:
    """One archive as it was read: its Z findings and the project folders inside (none when refused)."""

    extracted: Extracted
    findings: list[Finding]
    projects: list[tuple[Path, str]]  # (project folder, display path)


@contextmanager
def received(path: Path, display: str, profile: Profile, options: Options,
             limits: Limits = DEFAULT_LIMITS) -> Iterator[Received]:
    """Extract ``path`` for the duration of the ``with``; failing to write the copy is this computer's
    problem (disk full, no permission: guard.WriteFailed), an OpError, never a finding on the archive.
    An entry its own name keeps from being written (too long, a clash) is the archive's: a Z001 on it."""
    with ExitStack() as stack:
        try:
            x = stack.enter_context(extracted(path, limits))
        except OSError as exc:
            raise OpError(f"无法把 {path} 解压到临时文件夹：{os_reason(exc)}") from None
        yield Received(x, archive_findings(x, profile, options), _projects_in(x, display, profile))


def _projects_in(x: Extracted, display: str, profile: Profile) -> list[tuple[Path, str]]:
    if x.folder is None:
        return []
    # archives inside an archive are not opened: one level of intake, bounded work
    inner = [r for r in find_projects(x.folder, profile) if not r.is_file()] or [x.folder]
    return [(r, display if r == x.folder else f"{display}{SEP}{nfc(r.relative_to(x.folder).as_posix())}")
            for r in inner]


class Intake:
    """Archives kept extracted until ``close()``, for commands that work on the files afterwards."""

    def __init__(self, profile: Profile, options: Options, limits: Limits = DEFAULT_LIMITS):
        self.profile, self.options, self.limits = profile, options, limits
        self._stack = ExitStack()

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def open(self, path: Path) -> tuple[Extracted, list[Finding]]:
        """Extract one archive for the intake's lifetime: what was read, and its Z findings."""
        got = self._stack.enter_context(received(path, path.as_posix(), self.profile, self.options, self.limits))
        return got.extracted, got.findings

    def projects(self, path: Path, display: str | None = None) -> list[tuple[Path, str]]:
        """(project folder, display path) inside one archive; none when it was refused."""
        got = self._stack.enter_context(received(path, display or path.as_posix(), self.profile, self.options,
                                                 self.limits))
        return got.projects


def is_archive(path: Path) -> bool:
    return archive_kind(path) is not None
