"""The report of a check (SPEC §4) and the reporters that render it. Reporters never judge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wuxiao_cli import __version__

if TYPE_CHECKING:  # the engine loads every rule: `wuxiao --help` renders through report.checklist without it
    from wuxiao_cli.engine import ProjectResult

SCHEMA_VERSION = 1  # of schemas/report.schema.json: bumped when keys are added


@dataclass
class Report:
    profile_id: str
    projects: list[ProjectResult]
    strict: bool = False
    lang: str = "zh"
    batch_findings: list[dict] = field(default_factory=list)
    waivers: list = field(default_factory=list)  # waivers.Waiver: --ignore, --waivers, wuxiao.toml, a manifest

    @property
    def failed(self) -> list[ProjectResult]:
        return [p for p in self.projects if not p.passed(self.strict)]

    @property
    def ok(self) -> bool:
        batch_errors = any(b["severity"] == "error" and not b.get("waived") for b in self.batch_findings)
        return not self.failed and not batch_errors

    def to_dict(self) -> dict:
        out = {
            "tool": "wuxiao",
            "schema_version": SCHEMA_VERSION,
            "version": __version__,
            "profile": self.profile_id,
            "summary": {
                "projects": len(self.projects),
                "passed": len(self.projects) - len(self.failed),
                "failed": len(self.failed),
                "errors": sum(p.errors for p in self.projects),
                "warnings": sum(p.warnings for p in self.projects),
            },
            "projects": [p.to_dict(self.strict) for p in self.projects],
            "batch_findings": self.batch_findings,
        }
        if self.waivers:
            out["waivers"] = [w.to_dict() for w in self.waivers]
        return out
