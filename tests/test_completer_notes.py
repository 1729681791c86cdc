"""成果完成人 with a note in brackets, 张一（工程训练中心、实训科）, is one person (F012, 附件3 第1项), on a real
form.docx; and when F012 fires, its message quotes the names read past the 20th."""

from __future__ import annotations

import pytest
from form_helpers import docx_rows, findings, form_with, load, only, write_docx

NAMES = [f"张{c}" for c in "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"]


def _project(tmp_path, completers: str, **changes):
    folder = tmp_path / "p"
    write_docx(folder / "form.docx", docx_rows(form_with(completers=completers, **changes)))
    return folder


@pytest.mark.parametrize("first", ["张一（工程训练中心、实训科）", "张一(高级技师，执笔)", "张一【外聘；兼职】",
                                   "张一[技师/组长]"])
def test_a_note_in_brackets_does_not_split_a_name(tmp_path, first):
    folder = _project(tmp_path, "、".join([first, *NAMES[1:20]]))
    assert len(load(folder)["completers"]) == 20
    assert only(findings(folder), "F012") == []


def test_a_space_after_a_note_separates_names(tmp_path):
    folder = _project(tmp_path, " ".join(["张一（外聘）", *NAMES[1:20]]))
    assert load(folder)["completers"][:2] == ["张一（外聘）", "张二"] and len(load(folder)["completers"]) == 20


def test_twenty_one_names_quote_the_one_past_the_cap(tmp_path):
    (f,) = only(findings(_project(tmp_path, "、".join(["张一（工程训练中心、实训科）", *NAMES[1:21]]))), "F012")
    assert f.message == "成果完成人共 21 人，超过上限 20 人；第 21 人起是：张子"


def test_many_past_the_cap_are_quoted_five_and_counted(tmp_path):
    (f,) = only(findings(_project(tmp_path, "、".join(NAMES))), "F012")
    assert f.message == "成果完成人共 26 人，超过上限 20 人；第 21 人起是：张子、张丑、张寅、张卯、张辰 等 6 人"


def test_a_craftsman_with_a_noted_completer_is_that_completer(tmp_path):
    folder = _project(tmp_path, "张一（高级技师，执笔）、张二", craftsmen="张一：江苏工匠")
    assert [f.message for f in only(findings(folder), "F026") if "不在成果完成人名单" in f.message] == []


def test_a_craftsman_named_in_a_team_bracket_is_a_completer(tmp_path):
    """一组（张一、张二）、二组（张三、李四）: 张三 is among the completers, not a false F026; 王五 still is not."""
    teams = "一组（张一、张二）、二组（张三、李四）"
    folder = _project(tmp_path, teams, craftsmen="张三：江苏工匠")
    assert [f.message for f in only(findings(folder), "F026") if "不在成果完成人名单" in f.message] == []
    folder = _project(tmp_path / "b", teams, craftsmen="王五：江苏工匠")
    assert "工匠「王五」不在成果完成人名单中" in [f.message for f in only(findings(folder), "F026")]
