"""A cell written 无, /, 暂无, —, 没有 … says "nothing here" (forms.none_words), on real form.docx files.

An optional field so written is blank: 工匠荣誉获得者 无 is nobody (F026, national and roadshow), an optional
Jiangsu e-mail/postcode/phone 无 is not malformed (S003/S004/S002), and 技术职称 暂无 with 职称级别 无 is no
title at all (S010). A required field keeps what was written: a 成果简介 of 无 is still not filled in.
"""

from __future__ import annotations

import shutil

import docx
import pytest
from form_helpers import docx_rows, findings, form_with, load, only, write_docx
from roadshow_helpers import GOOD_FORM as ROADSHOW_FORM
from roadshow_helpers import check as roadshow_check

from tests.conftest import EXAMPLES
from wuxiao_cli.engine import check_project
from wuxiao_cli.forms.none_words import means_none
from wuxiao_cli.profile import load_profile
from wuxiao_cli.project import Project

NONE_WORDS = ["无", "/", "暂无", "—", "没有", "无。", "－", "-", "N/A", "（无）", "——"]


@pytest.mark.parametrize("text", [*NONE_WORDS, " 无 ", "无职称", "／", "……", "n/a", "NONE"])
def test_none_words(text):
    assert means_none(text)


@pytest.mark.parametrize("text", ["", "  ", "张无忌", "无锡市总工会", "无损检测技师", "吴", "0", "张三", "无锡"])
def test_words_that_are_not_none(text):
    assert not means_none(text)


def _national(tmp_path, **changes):
    folder = tmp_path / "p"
    write_docx(folder / "form.docx", docx_rows(form_with(**changes)))
    return folder


@pytest.mark.parametrize("written", NONE_WORDS)
def test_craftsman_written_none_is_nobody(tmp_path, written):
    folder = _national(tmp_path, craftsmen=written)
    assert "craftsmen" not in load(folder)
    assert only(findings(folder), "F026") == []


def test_a_craftsman_with_a_name_is_still_checked(tmp_path):
    folder = _national(tmp_path, craftsmen="张无忌：省级工匠")
    messages = [f.message for f in only(findings(folder), "F026")]
    assert "工匠「张无忌」不在成果完成人名单中" in messages


def test_a_required_field_written_none_is_reported_as_before(tmp_path):
    """成果简介 无 is not filled in: the none-word does not make a required field blank or pass."""
    folder = _national(tmp_path, summary="无")
    assert load(folder)["summary"] == "无"
    assert [f.field for f in only(findings(folder), "F018")] == ["summary"]


def test_a_none_word_among_the_completers_is_nobody(tmp_path):
    """张三、无 is one person; 成果完成人 written 无 alone names nobody, so the required list is empty (F012),
    not one person called 无."""
    assert load(_national(tmp_path / "a", completers="张三、无"))["completers"] == ["张三"]
    folder = _national(tmp_path / "b", completers="无")
    assert [f.field for f in only(findings(folder), "F012")] == ["completers"]


@pytest.mark.parametrize("written", ["无", "/", "暂无"])
def test_a_required_text_written_none_is_not_filled_in(tmp_path, written):
    """第一完成人简介「无」passed where a blank cell was F003: the profile marks the free-text items whose
    answer 无 cannot be (x-none-is-blank)."""
    (missing,) = only(findings(_national(tmp_path, first_completer_intro=written)), "F003")
    assert missing.field == "first_completer_intro" and f"只写了「{written}」" in missing.message


def test_roadshow_craftsman_written_none_is_nobody(tmp_path):
    folder = tmp_path / "rs"
    write_docx(folder / "form.docx", [*([k, v] for k, v in ROADSHOW_FORM.items()), ["工匠荣誉获得者", "无"]])
    assert [f.rule for f in roadshow_check(folder).findings if f.rule == "F026"] == []


# ---------------------------------------------------------------- Jiangsu 提名书 (form.docx from `init`)

JIANGSU = EXAMPLES / "jiangsu-batch" / "01-刀具快换夹具"


def _jiangsu(tmp_path, **changes):
    """The example project with its form written into a real form.docx (one label | value row a field)."""
    profile = load_profile("jiangsu-2023")
    data = {**Project(JIANGSU, profile).form.data, **changes}
    root = shutil.copytree(JIANGSU, tmp_path / "01-刀具快换夹具")
    (root / "form.toml").unlink()
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    columns = {k: s.schema.get("x-columns", []) for k, s in profile.form_schema.fields.items()}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = "\n".join("｜".join(r.get(c, "") for c in columns[key]) for r in value)
        cells = table.add_row().cells
        cells[0].text, cells[1].text = profile.form_schema.fields[key].label, str(value)
    document.save(str(root / "form.docx"))
    return check_project(root, profile)


def _of(result, *rules):
    return [(f.rule, f.field, f.message) for f in result.findings if f.rule in rules]


def test_the_jiangsu_docx_helper_reads_as_the_example(tmp_path):
    assert _of(_jiangsu(tmp_path), "S002", "S003", "S004", "S005", "S010") == []


@pytest.mark.parametrize("title", ["暂无", "/", "—", "无职称", "没有"])
def test_no_title_written_two_ways_is_no_contradiction(tmp_path, title):
    assert _of(_jiangsu(tmp_path, title=title, title_level="无", title_cert_no=None), "S005", "S010") == []


@pytest.mark.parametrize("level", ["/", "暂无", "—"])
def test_a_title_level_written_none_is_the_option(tmp_path, level):
    assert _of(_jiangsu(tmp_path, title="暂无", title_level=level, title_cert_no=None), "S005", "S010") == []


def test_a_real_contradiction_quotes_the_none_word_written(tmp_path):
    (found,) = _of(_jiangsu(tmp_path, title="暂无", title_level="高级工程师", title_cert_no=None), "S010")
    assert found[1] == "title" and "技术职称填的是「暂无」" in found[2] and "矛盾" in found[2]


@pytest.mark.parametrize("skill", ["/", "暂无", "—", "无"])
def test_no_skill_level_needs_no_certificate(tmp_path, skill):
    assert _of(_jiangsu(tmp_path, skill_level=skill, skill_cert_no=None), "S005", "S010") == []


def test_a_skill_level_still_needs_its_certificate(tmp_path):
    assert [r for r, _, _ in _of(_jiangsu(tmp_path, skill_cert_no=None), "S010")] == ["S010"]


@pytest.mark.parametrize("key, written", [
    ("union_email", "无"), ("unit_contact_email", "/"), ("nominator_email", "暂无"),
    ("union_postcode", "无"), ("nominator_postcode", "—"), ("nominator_phone", "无"),
])
def test_optional_contact_fields_written_none_are_blank(tmp_path, key, written):
    assert _of(_jiangsu(tmp_path, **{key: written}), "S002", "S003", "S004") == []


def test_a_required_email_written_none_is_still_malformed(tmp_path):
    assert _of(_jiangsu(tmp_path, email="无"), "S003") == [("S003", "email", "电子邮箱「无」格式不正确")]


@pytest.mark.parametrize("written", ["无", "/", "暂无", "无学位"])
def test_an_optional_option_list_with_none_takes_it_as_the_answer(tmp_path, written):
    """学位 (optional) lists 无 as an option: written so, it is that answer, not a blank."""
    result = _jiangsu(tmp_path, degree=written)
    assert result.fields["degree"] == "无" and _of(result, "S005") == []


def test_a_required_field_whose_answer_can_be_none_is_not_called_blank(tmp_path):
    """Jiangsu's 职务 and 已经给予的…荣誉 are required, and 无 is a true answer there: no F003."""
    assert _of(_jiangsu(tmp_path, position="无", treatment="无"), "F003") == []
