"""docs/rules-<profile>.md come from the rules themselves (tools/make_rules_doc.py): each rule's Chinese
判断方法 for clerks and its docstring as the developer's note, stating the boundaries a clerk asks about."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from wuxiao_cli import rules
from wuxiao_cli.profile import builtin_ids, load_profile

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rules-national-2024.md"


def _tool():
    spec = importlib.util.spec_from_file_location("make_rules_doc", ROOT / "tools" / "make_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_doc_lists_every_rule_of_the_profile_with_how_it_is_judged(profile_id):
    tool = _tool()
    path = tool.out_path(profile_id)
    text = path.read_text(encoding="utf-8")
    profile = load_profile(profile_id)
    for r in (r.under(profile) for r in rules.for_profile(profile, scope=None)):
        assert f"## {r.id} — " in text, r.id
        assert f"clause {profile.clause_of(r)} ·" in text, r.id
        assert f"判断方法：{r.how}" in text and r.doc in text, r.id
    assert tool.render(profile_id) == text, f"{path.name} is stale: run python tools/make_rules_doc.py"


def test_doc_and_explain_state_the_new_boundaries():
    text = DOC.read_text(encoding="utf-8")
    for rule_id, phrase in [("P005", "118 dpcm = 299.72 dpi, which rounds to 300"), ("P005", "117 dpcm"),
                            ("F015", "(025)83536240"), ("F015", "0517-83561234转802"),
                            ("F019", "制造业-通用设备制造业-金属加工机械制造"), ("F019", "C34"),
                            ("F016", "宁夏回族自治区教科文卫体工会"), ("F012", "spaces or /"),
                            ("D003", "vector paths")]:
        assert phrase in rules.get(rule_id).doc, (rule_id, phrase)
        assert phrase in text, (rule_id, phrase)
