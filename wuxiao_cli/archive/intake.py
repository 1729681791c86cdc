"""Received archives as projects: `check X.zip`, or a folder holding any mix of project folders and archives.

An archive is extracted (safely, privately) while its projects are needed, and is one project, or a
parent of projects when it holds several project folders or project archives (a union's 汇总.zip of 甲.zip,
乙.7z: those are opened too, one level, under the same caps). Findings inside it are shown as
``成果.zip › 照片/正面.jpg`` or ``汇总.zip › 甲.zip › 照片/正面.jpg``: the project's display path is the
archive's, its files are relative to it.
`check` reads each archive inside the worker that checks it (batch.source, through ``received``);
`pack`, `fix` and the app's buttons keep theirs open with an ``Intake``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.archive import Extracted, Limits, archive_kind, extracted
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, MB
from wuxiao_cli.discover import find_projects, looks_like_project
from wuxiao_cli.engine import Options, stamp
from wuxiao_cli.findings import Finding
from wuxiao_cli.ops import OpError
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import nfc
from wuxiao_cli.text import INSIDE as SEP
from wuxiao_cli.text import os_reason
from wuxiao_cli.volumes import volume_set


def archive_findings(x: Extracted, profile: Profile, options: Options) -> list[Finding]:
    """The Z rules on one archive as it was read."""
    return [stamp(r, p, profile, options) for r in rules.for_profile(profile, scope="archive") for p in r.check(x)]


@dataclass
class Inside:
    """One project found in a received archive (``root``), or an archive inside it that could not be read
    (``root`` None); ``findings``: the Z findings of the inner archive it came from, on its first project."""

    root: Path | None
    display: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Received:
    """One archive as it was read: its Z findings and what is inside (nothing when refused)."""

    extracted: Extracted
    findings: list[Finding]
    inside: list[Inside]
    crcs: dict[str, int]  # CRC-32 by path of every file a zip wrote, over both levels (batch.duplicates)

    @property
    def projects(self) -> list[tuple[Path, str]]:
        """(project folder, display path) of each project inside."""
        return [(i.root, i.display) for i in self.inside if i.root is not None]


@contextmanager
def received(path: Path, display: str, profile: Profile, options: Options,
             limits: Limits = DEFAULT_LIMITS) -> Iterator[Received]:
    """Extract ``path`` for the duration of the ``with``, and the project archives directly inside it (a
    union's zip of project zips, Issue 13) under the same caps counted over both levels; no deeper: an
    archive in there is F033's to name. Failing to write a copy is this computer's problem (disk full, no
    permission: guard.WriteFailed), an OpError, never a finding on the archive. An entry its own name keeps
    from being written (too long, a clash) is the archive's: a Z001 on it."""
    with ExitStack() as stack:
        x = _extract_or_fail(stack, path, limits)
        budget = _Budget(limits, x)
        inside = _inside(stack, x, display, profile, options, budget)
        yield Received(x, archive_findings(x, profile, options), inside, budget.crcs)


def _extract_or_fail(stack: ExitStack, path: Path, limits: Limits) -> Extracted:
    try:
        return stack.enter_context(extracted(path, limits))
    except OSError as exc:
        raise OpError(f"无法把 {path} 解压到临时文件夹：{os_reason(exc)}") from None


class _Budget:
    """What the inner archives may still expand to: the outer's caps less what it took already, its total
    also held to max_ratio times the received file's size (a zip of zip bombs gains nothing by nesting)."""

    def __init__(self, limits: Limits, outer: Extracted):
        size = outer.source.stat().st_size
        self.limits, self.crcs = limits, dict(outer.crcs)
        self.bytes_left = min(limits.max_total, max(MB, int(limits.max_ratio * size))) - outer.size
        self.entries_left = limits.max_entries - outer.entries

    def take(self, inner: Extracted) -> None:
        self.bytes_left -= inner.size
        self.entries_left -= inner.entries
        self.crcs.update(inner.crcs)

    def inner_limits(self) -> Limits:
        return replace(self.limits, max_total=max(self.bytes_left, 0), max_entries=max(self.entries_left, 0))


def _inside(stack: ExitStack, x: Extracted, display: str, profile: Profile, options: Options,
            budget: _Budget | None) -> list[Inside]:
    """The projects in ``x``; with a ``budget``, the archives in it are opened too (their projects shown as
    ``汇总.zip › 甲.zip``): a zip of project zips. Beside a project folder an archive counts only when it
    holds a project (乙.zip sent along with 甲/); one that does not (附件.zip) is the folder's attachments,
    not a second project missing everything. Without a budget (the second level) archives stay closed."""
    if x.folder is None:
        return []
    found = find_projects(x.folder, profile)
    beside = any(r.is_dir() for r in found)
    # a split archive's volumes inside are not joined: what they hold stays unread, as at the second level
    found = [r for r in found if r.is_dir() or (budget is not None and volume_set(r) is None)] or [x.folder]
    out: list[Inside] = []
    for r in found:
        shown = display if r == x.folder else f"{display}{SEP}{nfc(r.relative_to(x.folder).as_posix())}"
        if r.is_dir():
            out.append(Inside(r, shown))
            continue
        inner = _extract_or_fail(stack, r, budget.inner_limits())
        budget.take(inner)
        projects = _inside(stack, inner, shown, profile, options, None)
        if beside and inner.folder is not None and not any(looks_like_project(i.root, profile) for i in projects):
            continue
        projects = projects or [Inside(None, shown)]
        projects[0].findings = archive_findings(inner, profile, options)
        out += projects
    return out


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

    def open(self, path: Path, display: str | None = None) -> Received:
        """Extract one archive (and the project archives in it) for the intake's lifetime."""
        return self._stack.enter_context(received(path, display or path.as_posix(), self.profile, self.options,
                                                  self.limits))

    def projects(self, path: Path, display: str | None = None) -> list[tuple[Path, str]]:
        """(project folder, display path) inside one archive; none when it was refused."""
        return self.open(path, display).projects


def is_archive(path: Path) -> bool:
    return archive_kind(path) is not None
