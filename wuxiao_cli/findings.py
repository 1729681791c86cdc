"""What a rule reports (a Problem) and what the report shows (a Finding)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from wuxiao_cli.text import T

ERROR, WARNING, INFO = "error", "warning", "info"
ALL = "*"  # Problem.replaces: every other finding of the project
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One violation as a rule sees it. The engine stamps rule ID, clause and severity.

    ``severity`` is set only by rules with a split level (E/W): the softer part says ``WARNING``.
    ``hint`` replaces the rule's general fix when the rule knows something more specific.
    ``replaces``: rule IDs whose whole-project findings this one stands for (one problem, one finding: F033's
    视频.zip says what V001's "缺少 videos/" would, with the right fix), or ALL (every other finding: the
    place is no project at all); the engine drops those unless this one is waived.
    """

    message: T
    file: str | None = None
    field: str | None = None
    hint: T | None = None
    severity: str | None = None
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report (SPEC §4).

    Slotted, and unpickled with its rule's constant texts (hint, clause) shared: a batch's parent holds
    thousands of findings sent back by its workers, mostly repeating a few dozen such texts.
    """

    rule: str
    severity: str
    message: str
    hint: str
    clause: str
    file: str | None = None
    field: str | None = None
    waived: bool = False
    reason: str | None = None  # the waiver's reason, when waived

    def to_dict(self) -> dict:
        d = {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "clause": self.clause,
        }
        if self.waived:
            d["waived"] = True
            if self.reason:
                d["reason"] = self.reason
        return d

    def __reduce__(self):
        return _unpickle_finding, (self.rule, self.severity, self.message, self.hint, self.clause, self.file,
                                   self.field, self.waived, self.reason)

    def sort_key(self) -> tuple:
        """Errors first, then by rule; a rule's own order (form order, file order) is kept (stable sort)."""
        return (self.waived, SEVERITY_ORDER[self.severity], self.rule)


def _unpickle_finding(rule, severity, message, hint, clause, *rest) -> Finding:
    return Finding(sys.intern(rule), sys.intern(severity), message, sys.intern(hint), sys.intern(clause), *rest)


@dataclass(frozen=True)
class BatchProblem:
    """A violation across projects (batch-scope rules: B, J): which projects it concerns and why."""

    message: T
    projects: tuple[str, ...] = ()
    hint: T | None = None
    severity: str | None = None
