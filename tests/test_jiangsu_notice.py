"""Issue 12, Jiangsu project side: free-text levels read as levels, other completers, 提名书 seal, 别名雅号."""

from __future__ import annotations

import pytest
from jiangsu_helpers import check, findings_of, make_project

from wuxiao_cli.forms.fields import canonical
from wuxiao_cli.profile import load_profile


def form_only(tmp_path, **overrides):
    return check(make_project(tmp_path / "p", overrides))


def spec(key):
    return load_profile("jiangsu-2023").form_schema.fields[key]


# ---------------------------------------------------------------- S005: free-text cells of the 提名书

@pytest.mark.parametrize("key, written, level", [
    ("education", "本科", "大学本科"), ("education", "大专", "大学专科"), ("education", "硕士研究生", "研究生"),
    ("education", "中专", "中等专科"), ("education", "大学本科", "大学本科"),
    ("degree", "工学学士", "学士"), ("degree", "硕士", "硕士"),
    ("skill_level", "高级工（三级）", "高级工"), ("skill_level", "一级/高级技师", "高级技师"), ("skill_level", "二级", "技师"),
    ("title_level", "正高级工程师", "正高级"), ("title_level", "高级工程师", "副高级"), ("title_level", "工程师", "中级"),
    ("title_level", "助理研究员", "中级"), ("title_level", "副高", "副高级"),
])
def test_synonyms_are_read_as_the_canonical_level(tmp_path, key, written, level):
    assert canonical(written, spec(key)) == level
    result = form_only(tmp_path, **{key: written})
    assert findings_of(result, "S005") == []
    assert result.fields[key] == level  # the ratio rules (J005) read the canonical level


@pytest.mark.parametrize("key, written", [("education", "在职进修"), ("skill_level", "技术员"), ("title_level", "高级")])
def test_an_unreadable_level_is_only_a_warning(tmp_path, key, written):
    found = findings_of(form_only(tmp_path, **{key: written}), "S005")
    assert [f.severity for f in found] == ["warning"]
    assert written in found[0].message


@pytest.mark.parametrize("key, value", [("category", "技术革新"), ("unit_nature", "国企"), ("gender", "男性")])
def test_closed_option_fields_stay_errors(tmp_path, key, value):
    assert [f.severity for f in findings_of(form_only(tmp_path, **{key: value}), "S005")] == ["error"]
