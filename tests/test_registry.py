"""Every registered rule documents itself: ID, severity, clause, title, fix hint and docstring (STYLE §6)."""

import re

import pytest

from wuxiao_cli import rules
from wuxiao_cli.clauses import clause_text
from wuxiao_cli.profile import builtin_ids, load_profile

ALL = list(rules.RULES.values())


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_is_documented(rule):
    assert re.fullmatch(r"[A-Z]\d{3}", rule.id)
    assert rule.severity in {"E", "W", "I", "E/W", "I/W", "W/E"}
    assert rule.clause.strip()
    assert rule.title.zh.strip() and rule.title.en.strip()
    assert rule.hint.zh.strip() and rule.hint.en.strip()
    assert len(rule.doc) > 20, f"{rule.id} needs a docstring saying what it enforces"
    assert rule.scope in {"project", "batch", "package", "archive"}


def test_clauses_of_national_rules_have_their_text():
    national = load_profile("national-2024")
    missing = [r.id for r in rules.for_profile(national) if clause_text(r.clause) is None]
    assert missing == []


def test_unknown_rule_fails_loudly():
    with pytest.raises(rules.UnknownRule):
        rules.get("Z999")
    assert rules.get("p005").id == "P005"


def test_spec_rule_ids_are_all_registered():
    spec_ids = (
        [f"F{n:03d}" for n in (1, 2, 3, 10, *range(12, 28))]
        + [f"P{n:03d}" for n in range(1, 12)]
        + [f"V{n:03d}" for n in range(1, 10)]
        + [f"A{n:03d}" for n in range(1, 5)]
        + [f"D{n:03d}" for n in range(1, 4)]
    )
    assert [i for i in spec_ids if i not in rules.RULES] == []


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_builtin_profiles_load(profile_id):
    profile = load_profile(profile_id)
    assert profile.id == profile_id
    assert profile.form_schema.fields
