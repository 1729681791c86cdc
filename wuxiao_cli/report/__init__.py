"""The report of a check (SPEC §4) and the reporters that render it. Reporters never judge."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wuxiao_cli import __version__
from wuxiao_cli.lazy import Mapped

if TYPE_CHECKING:  # the engine loads every rule: `wuxiao --help` renders through report.checklist without it
    from wuxiao_cli.engine import ProjectResult

SCHEMA_VERSION = 1  # of schemas/report.schema.json: bumped when keys are added


@dataclass
class Report:
    profile_id: str
    projects: Sequence[ProjectResult]  # a list, or a batch's spooled Results (batch.spool)
    strict: bool = False
    lang: str = "zh"
    batch_findings: list[dict] = field(default_factory=list)
    waivers: list = field(default_factory=list)  # waivers.Waiver: --ignore, --waivers, wuxiao.toml, a manifest

    def summary(self) -> dict:
        """SPEC §4 ``summary``, counted in one pass over the projects (a batch's are read back one by one):
        the findings not waived, each once, a batch finding too (B001 fails both projects it names, but is
        one error)."""
        out = {"projects": 0, "passed": 0, "failed": 0, "errors": 0, "warnings": 0}
        for p in self.projects:
            out["projects"] += 1
            out["passed" if p.passed(self.strict) else "failed"] += 1
            out["errors"] += p.errors - p.batch_errors  # the project's own; its batch findings are counted below
            out["warnings"] += p.warnings
        for b in self.batch_findings:
            if not b.get("waived") and b["severity"] in ("error", "warning"):
                out[b["severity"] + "s"] += 1
        return out

    @property
    def ok(self) -> bool:
        batch_errors = any(b["severity"] == "error" and not b.get("waived") for b in self.batch_findings)
        return not batch_errors and all(p.passed(self.strict) for p in self.projects)

    def to_dict(self, *, lazy: bool = False) -> dict:
        """The report as SPEC §4's dict; ``lazy``: its projects a ProjectDicts, made one at a time when read
        (a batch's reporters read them in turn, and the whole list never sits in memory)."""
        projects = ProjectDicts(self.projects, self.strict)
        out = {
            "tool": "wuxiao",
            "schema_version": SCHEMA_VERSION,
            "version": __version__,
            "profile": self.profile_id,
            "summary": self.summary(),
            "projects": projects if lazy else list(projects),
            "batch_findings": self.batch_findings,
        }
        if self.waivers:
            out["waivers"] = [w.to_dict() for w in self.waivers]
        return out


class ProjectDicts(Mapped["ProjectResult", dict]):
    """The report dicts of ``results`` (``ProjectResult.to_dict``), made afresh on each read; ``mark``
    adds a step every read then applies (the baseline's marks), as a list's dicts would keep them."""

    def __init__(self, results: Sequence[ProjectResult], strict: bool):
        super().__init__(results, self._made)
        self._strict, self._marks = strict, []

    def mark(self, step: Callable[[dict], object]) -> None:
        self._marks.append(step)

    def _made(self, result: ProjectResult) -> dict:
        out = result.to_dict(self._strict)
        for step in self._marks:
            step(out)
        return out
