"""A rule: a stable ID, its clause, a one-line title, a fix, how it is judged, and a check that yields Problems.

Rules read their numbers from the profile and never print. The engine stamps the ID, clause
and severity onto what they yield (severity is policy: the profile may override it).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from wuxiao_cli.findings import ERROR, INFO, WARNING, Problem
from wuxiao_cli.text import T

SEVERITY_CODES = {"E": ERROR, "W": WARNING, "I": INFO}

# What a rule's check receives: one Project (run by `check`), the list of a batch's project
# results (run after a batch), a package being written or verified (run by `pack`/`verify`), or a
# received archive as it was read (run by `check`/`pack`/`fix` on a zip, 7z or RAR).
SCOPES = ("project", "batch", "package", "archive")
# How 字数 are counted (wordcount.py, SPEC §2.2), in the words every 判断方法 with a 字数 limit ends on
ZISHU = "字数按 Word 的“字数统计”算：每个汉字和中文标点算 1 个字，一串连续的英文或数字（如 1765、r/min）算 1 个字，空格和设为“隐藏文字”的内容不算。"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # as in SPEC §5: "E", "W", "I", or split "E/W", "I/W"
    clause: str
    title: T
    hint: T
    check: Callable[..., Iterable[Problem]]
    scope: str = "project"
    # 判断方法 for a clerk, in Chinese: what is measured, where the line falls, an example (`wuxiao explain`).
    # The docstring stays the developer's note (algorithm, PASS/FAIL cases), shown by `explain --dev`.
    how: str = ""

    @property
    def family(self) -> str:
        return self.id[0]

    @property
    def default_severity(self) -> str:
        """The level of a Problem that does not set its own: the first of a split E/W."""
        return SEVERITY_CODES[self.severity[0]]

    def under(self, profile) -> Rule:
        """This rule with the numbers its texts name (``{min_photos}``…) filled in from ``profile`` (rules.limits)."""
        from wuxiao_cli.rules.limits import fill, fill_t, limits

        values = limits(profile, self.id)
        return replace(self, title=fill_t(self.title, values), hint=fill_t(self.hint, values), how=fill(self.how, values))

    def hint_under(self, profile) -> T:
        """The default hint alone under ``profile``, as each finding without its own hint takes it: the
        profile's numbers are worked out only for a hint that names one."""
        from wuxiao_cli.rules.limits import PLACEHOLDER, fill_t, limits

        if not (PLACEHOLDER.search(self.hint.zh) or PLACEHOLDER.search(self.hint.en)):
            return self.hint
        return fill_t(self.hint, limits(profile, self.id))

    @property
    def doc(self) -> str:
        """The check's docstring: the developer's note on the rule (`wuxiao explain --dev`, `--lang en`)."""
        return inspect.getdoc(self.check) or ""


def rule(rule_id: str, severity: str, clause: str, title: T, hint: T, scope: str = "project",
         how: str = "") -> Callable:
    """Declare a rule: ``@rule("P005", "E", "附件3 第15项", T(...), T(...), how="…")`` on its check."""
    assert scope in SCOPES, scope

    def wrap(check: Callable[..., Iterable[Problem]]) -> Rule:
        return Rule(rule_id, severity, clause, title, hint, check, scope, how)

    return wrap
