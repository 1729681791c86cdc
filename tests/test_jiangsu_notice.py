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


@pytest.mark.parametrize("written, kind", [
    ("一线工人（含高级工以上的高技能人才）", "一线工人"),  # the form's hint and 通知 二(二)2, word for word
    ("一线工人(含高级工以上的高技能人才)", "一线工人"), ("一线工人 （含高级工以上的 高技能人才）", "一线工人"),
    ("一线工人（一线技术工人）", "一线工人"), ("一线技术人员", "一线专业技术人员"),
])
def test_frontline_takes_the_notices_own_wording(tmp_path, written, kind):
    result = form_only(tmp_path, frontline=written)
    assert findings_of(result, "S005") == []
    assert result.fields["frontline"] == kind  # J004 counts 一线工人 projects by this value


@pytest.mark.parametrize("written", ["非一线工人", "一线工人（含高级工以上的高技能人才）或一线专业技术人员", "管理人员"])
def test_frontline_is_still_a_closed_choice(tmp_path, written):
    found = findings_of(form_only(tmp_path, frontline=written), "S005")
    assert [f.severity for f in found] == ["error"] and written in found[0].message


@pytest.mark.parametrize("key, value", [("category", "技术革新"), ("unit_nature", "国企"), ("gender", "男性")])
def test_closed_option_fields_stay_errors(tmp_path, key, value):
    assert [f.severity for f in findings_of(form_only(tmp_path, **{key: value}), "S005")] == ["error"]


# ---------------------------------------------------------------- S014 over the other completers (二(二)2)

@pytest.mark.parametrize("post, warned", [("车工", False), ("副厂长", False), ("厂长", True), ("总经理助理", True)])
def test_other_completers_posts_get_the_job_title_heuristic(tmp_path, post, warned):
    others = [{"name": "李强", "gender": "男", "post": "车工", "work": "试制加工"},
              {"name": "王刚", "gender": "男", "post": post, "work": "工艺验证"}]
    found = findings_of(form_only(tmp_path, others=others), "S014")
    assert [f.severity for f in found] == (["warning"] if warned else [])
    if warned:
        assert "第 2 行" in found[0].message and "王刚" in found[0].message and "启发式" in found[0].message


# ---------------------------------------------------------------- S021 the stamped 提名书 (七(三)3)

def test_nomination_scan_with_a_red_seal_passes_and_a_plain_one_warns(tmp_path):
    from tests import factories

    root = make_project(tmp_path / "p", attachments=("2-一线证明及证书.pdf",))
    sealed = factories.make_red_seal_jpeg(tmp_path / "sealed.jpg")
    factories.make_pdf_with_image(root / "attachments" / "1-提名书.pdf", sealed)
    assert findings_of(check(root), "S021") == []
    plain = factories.make_plain_scan_jpeg(tmp_path / "plain.jpg")
    factories.make_pdf_with_image(root / "attachments" / "1-提名书.pdf", plain)
    found = findings_of(check(root), "S021")
    assert [(f.severity, f.file) for f in found] == [("warning", "attachments/1-提名书.pdf")]
    assert "启发式" in found[0].message


def test_nomination_seal_is_silent_when_the_scan_is_missing_or_broken(tmp_path):
    root = make_project(tmp_path / "p", attachments=("2-一线证明及证书.pdf",))
    assert findings_of(check(root), "S021") == []  # S018 reports the missing attachment
    (root / "attachments" / "1-提名书.pdf").write_bytes(b"%PDF-1.4 cut off")
    assert findings_of(check(root), "S021") == []  # S019 reports the broken one


# ---------------------------------------------------------------- S022 别名雅号（非荣誉称号）

@pytest.mark.parametrize("value, warned", [("刀具巧匠", False), ("焊花达人", False), ("江苏工匠", True),
                                           ("五一劳动奖章获得者", True), ("岗位能手", True), ("老劳模", True)])
def test_nickname_is_not_an_honour_title(tmp_path, value, warned):
    found = findings_of(form_only(tmp_path, nickname=value), "S022")
    assert [f.severity for f in found] == (["warning"] if warned else [])


# ---------------------------------------------------------------- F025 under Jiangsu: move the picture

def test_a_picture_in_the_before_cell_is_a_warning_saying_where_it_goes(tmp_path):
    from form_helpers import write_docx

    from tests import factories
    from tests.jiangsu_helpers import GOOD_FIELDS

    root = make_project(tmp_path / "p")
    (root / "form.toml").unlink()
    labels = {k: f.label for k, f in load_profile("jiangsu-2023").form_schema.fields.items()}
    rows = [[labels[k], str(v)] for k, v in GOOD_FIELDS.items() if isinstance(v, str)]
    at = [r[0] for r in rows].index("项目实施前的情况")
    picture = factories.make_red_seal_jpeg(tmp_path / "pic.jpg")
    write_docx(root / "form.docx", rows, picture_in=(at, 1), picture=picture, paragraphs_before=("提名书",))
    found = findings_of(check(root), "F025")
    assert [(f.severity, f.field) for f in found] == [("warning", "before")]
    assert "photos/before/" in found[0].hint and found[0].clause == "附件2 三(一)(二)"
