"""The registry of rules by stable ID. Families are listed here explicitly: no discovery magic.

A family is the first letter of its rules' IDs; its rules are in the modules named below, each listing
its own in a ``RULES`` list at its end. A family's modules are imported the first time one of its rules
is asked for, so a check loads only the families its profile applies (a national check never imports
the Jiangsu, nominator or roadshow rules). To add a rule: write it with ``@rule(...)`` in its family's
module and add it to that module's ``RULES``. IDs are stable interfaces (SPEC §5): add, never rename.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from wuxiao_cli.rules.base import Rule

# Family letter: the scope every one of its rules has, and the rule modules (wuxiao_cli.rules.*) holding them
FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "F": ("project", ("form", "craftsman", "names", "received")),  # the form, and the folder as received
    "P": ("project", ("photos",)),
    "V": ("project", ("videos",)),
    "A": ("project", ("audio",)),
    "D": ("project", ("authorization",)),
    "R": ("project", ("roadshow", "report_table")),  # roadshow courses (profile roadshow-2024)
    "Q": ("project", ("quiz",)),
    "S": ("project", ("jiangsu",)),  # Jiangsu projects (profile jiangsu-2023)
    "J": ("batch", ("nominator", "nominator_materials")),  # a Jiangsu nominator's batch
    "B": ("batch", ("batch",)),
    "K": ("package", ("package",)),
    "Z": ("archive", ("archive", "volumes")),  # received archives (check, pack, fix on a zip/7z/rar)
}


class UnknownRule(KeyError):
    pass


@cache
def family(letter: str) -> dict[str, Rule]:
    """A family's rules by ID, its modules imported on first use (none for a letter that is no family)."""
    scope, modules = FAMILIES.get(letter, ("", ()))
    found = [r for name in modules for r in import_module(f"{__name__}.{name}").RULES]
    by_id = {r.id: r for r in sorted(found, key=lambda r: r.id)}
    assert len(by_id) == len(found), f"duplicate rule ID in family {letter}"
    assert all(r.family == letter and r.scope == scope for r in found), f"a rule out of its family {letter}"
    return by_id


def get(rule_id: str) -> Rule:
    """The rule with this ID; fails loudly on an unknown one."""
    try:
        return family(rule_id[:1].upper())[rule_id.upper()]
    except KeyError:
        raise UnknownRule(rule_id) from None


def for_profile(profile, scope: str | None = "project") -> list[Rule]:
    """The rules a profile applies, in ID order; ``scope=None`` lists every scope (for `wuxiao rules`).
    Only the families the profile applies in that scope are loaded."""
    letters = sorted(f for f, (in_scope, _) in FAMILIES.items() if profile.applies(f) and scope in (None, in_scope))
    return [r for f in letters for r in family(f).values() if profile.enabled(r.id)]


def __getattr__(name: str):
    """``rules.RULES``: every rule by ID, in ID order (loads every family)."""
    if name == "RULES":
        return {rid: r for f in sorted(FAMILIES) for rid, r in family(f).items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
