"""docs/rules-national-2024.md comes from the rules' own docstrings (tools/make_rules_doc.py) and
states the boundaries a clerk asks about."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rules-national-2024.md"


def _generated() -> str:
    spec = importlib.util.spec_from_file_location("make_rules_doc", ROOT / "tools" / "make_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render()


def test_doc_lists_every_national_rule_with_its_docstring():
    text = DOC.read_text(encoding="utf-8")
    for r in rules.for_profile(load_profile("national-2024"), scope=None):
        assert f"## {r.id} — " in text, r.id
    assert _generated() == text, "docs are stale: run python tools/make_rules_doc.py"


def test_doc_and_explain_state_the_new_boundaries():
    text = DOC.read_text(encoding="utf-8")
    for rule_id, phrase in [("P005", "118 dpcm = 299.72 dpi, which rounds to 300"), ("P005", "117 dpcm"),
                            ("F015", "(025)83536240"), ("F015", "0517-83561234转802"),
                            ("F019", "制造业-通用设备制造业-金属加工机械制造"), ("F019", "C34"),
                            ("F016", "宁夏回族自治区教科文卫体工会"), ("F012", "spaces or /"),
                            ("D003", "vector paths")]:
        assert phrase in rules.get(rule_id).doc, (rule_id, phrase)
        assert phrase in text, (rule_id, phrase)
