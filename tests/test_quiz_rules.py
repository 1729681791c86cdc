"""Every Q rule on real .xlsx banks written by openpyxl: the failing side and the passing side."""

from __future__ import annotations

import re

import pytest
from quiz_helpers import PROFILE, of, project, question, quiz_findings, rule_ids, valid_rows, write_bank

from wuxiao_cli.quiz import HEADER

LOCATION = re.compile(r"!([A-L])(\d+)")


def bank(tmp_path, rows, **kw):
    return quiz_findings(project(tmp_path / "p", rows, **kw))


def with_row(row, total=20):
    """``total`` valid questions, the first replaced by ``row`` (so it sits in Excel row 2)."""
    rows = valid_rows(total)
    rows[0] = row
    return rows


def cell(finding):
    """(column letter, Excel row) named in a finding's message."""
    m = LOCATION.search(finding.message)
    return (m.group(1), int(m.group(2))) if m else None


def test_valid_bank_has_no_q_findings(tmp_path):
    assert bank(tmp_path, valid_rows(20)) == []


# Q001
def test_q001_no_bank(tmp_path):
    found = bank(tmp_path, None)
    assert rule_ids(found) == {"Q001"}


def test_q001_hint_names_a_bank_under_another_name(tmp_path):
    root = project(tmp_path / "p", None)
    write_bank(root / "跟刀架-题目汇总.xlsx", valid_rows(20))
    [f] = of(quiz_findings(root), "Q001")
    assert "跟刀架-题目汇总.xlsx" in f.hint and "quizbank.xlsx" in f.hint


@pytest.mark.parametrize("name", ["成果题库.xlsx", "题库.xlsx", "题库/跟刀架.xlsx", "成果题库/跟刀架.xlsx"])
def test_q001_chinese_bank_names_count(tmp_path, name):
    """Issue 13: 题库 / 成果题库 (file or folder) are the profile's aliases of quizbank."""
    root = project(tmp_path / "p", None)
    write_bank(root / name, valid_rows(20))
    assert quiz_findings(root) == []


def test_q001_quizbank_folder_counts_as_a_bank(tmp_path):
    root = project(tmp_path / "p", None)
    write_bank(root / "quizbank" / "跟刀架-结构原理题.xlsx", valid_rows(12))
    write_bank(root / "quizbank" / "跟刀架-视频操作题.xlsx", [question("单选", n=100 + i, source="视频 00:01-00:05")
                                                             for i in range(8)])
    assert quiz_findings(root) == []  # 12 + 8 add up to 20


# Q004: both sides of 20
def test_q004_nineteen_questions_fail(tmp_path):
    [f] = of(bank(tmp_path, valid_rows(19)), "Q004")
    assert "19" in f.message and "20" in f.message and f.file == "quizbank.xlsx"


def test_q004_twenty_questions_pass(tmp_path):
    assert of(bank(tmp_path, valid_rows(20)), "Q004") == []


def test_q004_sets_add_up_and_19_across_sets_fails(tmp_path):
    root = project(tmp_path / "p", None)
    write_bank(root / "quizbank" / "结构原理题.xlsx", valid_rows(10))
    write_bank(root / "quizbank" / "视频操作题.xlsx", [question("单选", n=50 + i) for i in range(9)])
    [f] = of(quiz_findings(root), "Q004")
    assert "共 19 道题" in f.message


def test_q004_counts_a_repeated_question_once(tmp_path):
    """20 rows, the 4th a copy of the 3rd with other spacing and punctuation: 19 questions, and Q004 says why."""
    rows = valid_rows(20)
    rows[3] = list(rows[2])
    rows[3][1] = rows[2][1].replace("：", ":") + " ？"
    found = bank(tmp_path, rows)
    [f] = of(found, "Q004")
    assert "共 20 道题" in f.message and "1 道与前面的题目重复" in f.message and "不重复的只有 19 道" in f.message
    assert "20 道" in f.message and of(found, "Q015")
    rows.append(question("单选", n=99))
    assert of(bank(tmp_path / "21", rows), "Q004") == []  # 20 different questions among 21 rows


def test_one_generic_stem_with_other_options_is_not_a_repeat(tmp_path):
    """关于本成果，下列说法正确的是（ ） asked 20 times, each with its own options: 20 questions, no Q015, no Q004."""
    stem = "关于本成果，下列说法正确的是（ ）"
    rows = [question("单选", text=stem, options=(f"说法{n}甲", f"说法{n}乙", f"说法{n}丙"), answer="B", n=n)
            for n in range(20)]
    found = bank(tmp_path, rows)
    assert of(found, "Q004") == [] and of(found, "Q015") == []
    rows[7] = list(rows[3])  # options and answer alike too: a repeat
    assert len(of(bank(tmp_path / "again", rows), "Q015")) == 1


def test_q004_limit_comes_from_the_profile(tmp_path):
    from wuxiao_cli.profile import Profile

    data = {**PROFILE.data, "quiz": {"min_questions": 5}}
    root = project(tmp_path / "p", valid_rows(5))
    assert of(quiz_findings(root, Profile(data, "test")), "Q004") == []


# Q005
@pytest.mark.parametrize("kind", ["填空", "单项选择", ""])
def test_q005_bad_kind(tmp_path, kind):
    row = question("单选", n=0)
    row[0] = kind
    [f] = of(bank(tmp_path, with_row(row)), "Q005")
    assert cell(f) == ("A", 2) and f.severity == "error"


@pytest.mark.parametrize("style", ["{}题", "{} 题", "{}　题", " {} 题 "])
def test_q005_kind_written_with_题_warns_and_the_question_is_still_checked(tmp_path, style):
    """单选题/多选题/判断题 (spaced, full-width space) are common and unambiguous: a warning saying what to
    write, not an error on every row; each row's answer is judged as its kind's (a 单选题 answered AB is Q007)."""
    rows = valid_rows(20)
    for row in rows:
        row[0] = style.format(row[0])
    found = bank(tmp_path, rows)
    assert rule_ids(found) == {"Q005"}
    assert {f.severity for f in of(found, "Q005")} == {"warning"}
    first = of(found, "Q005")[0]
    assert cell(first) == ("A", 2) and f"应写作“{valid_rows(1)[0][0]}”" in first.message and "wuxiao fix" in first.hint
    single = next(i for i, row in enumerate(valid_rows(20)) if row[0] == "单选")
    rows[single][8] = "AB"
    assert of(bank(tmp_path / "again", rows), "Q007")


def test_q005_kind_with_trailing_spaces_passes(tmp_path):
    row = question("单选", n=0)
    row[0] = "单选  "
    assert of(bank(tmp_path, with_row(row)), "Q005") == []


# Q006
def test_q006_empty_question(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("单选", text="   "))), "Q006")
    assert cell(f) == ("B", 2)


# Q007
@pytest.mark.parametrize("answer", ["AB", "对", "G", "", "AA"])
def test_q007_single_needs_one_letter(tmp_path, answer):
    [f] = of(bank(tmp_path, with_row(question("单选", answer=answer, n=0))), "Q007")
    assert cell(f) == ("I", 2)


def test_q007_one_letter_passes(tmp_path):
    assert of(bank(tmp_path, with_row(question("单选", answer="D", n=0))), "Q007") == []


# Q008
@pytest.mark.parametrize("answer", ["A", "AA", "对", ""])
def test_q008_multi_with_fewer_than_two_letters(tmp_path, answer):
    [f] = of(bank(tmp_path, with_row(question("多选", answer=answer, n=0))), "Q008")
    assert cell(f) == ("I", 2)


def test_q008_two_letters_pass(tmp_path):
    assert of(bank(tmp_path, with_row(question("多选", answer="BD", n=0))), "Q008") == []


# Q009
@pytest.mark.parametrize("answer", ["正确", "√", "T", "错误", "×", "F"])
def test_q009_synonyms_warn(tmp_path, answer):
    [f] = of(bank(tmp_path, with_row(question("判断", answer=answer, n=0))), "Q009")
    assert f.severity == "warning" and cell(f) == ("I", 2)


def test_q009_excel_boolean_true_is_a_synonym(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("判断", answer=True, n=0))), "Q009")
    assert f.severity == "warning" and "TRUE" in f.message


@pytest.mark.parametrize("answer", ["A", "不对吧", ""])
def test_q009_other_answers_fail(tmp_path, answer):
    [f] = of(bank(tmp_path, with_row(question("判断", answer=answer, n=0))), "Q009")
    assert f.severity == "error"


def test_q009_options_filled_in_fail(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("判断", options=("对", "错"), answer="对", n=0))), "Q009")
    assert f.severity == "error" and cell(f) == ("C", 2)


def test_q009_dui_cuo_pass(tmp_path):
    rows = with_row(question("判断", answer="错", n=0))
    assert of(bank(tmp_path, rows), "Q009") == []


# Q010
def test_q010_letter_points_to_empty_option(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("单选", options=("甲", "乙", "丙"), answer="D", n=0))), "Q010")
    assert cell(f) == ("I", 2) and "题库!F2 为空" in f.message


def test_q010_letter_with_its_option_passes(tmp_path):
    rows = with_row(question("单选", options=("甲", "乙", "丙", "丁"), answer="D", n=0))
    assert of(bank(tmp_path, rows), "Q010") == []


# Q011
def test_q011_gap_a_b_d(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("单选", options=("甲", "乙", None, "丁"), answer="A", n=0))), "Q011")
    assert cell(f) == ("E", 2) and "C" in f.message


def test_q011_one_option(tmp_path):
    [f] = of(bank(tmp_path, with_row(question("单选", options=("甲",), answer="A", n=0))), "Q011")
    assert "1 个选项" in f.message


def test_q011_two_options_pass(tmp_path):
    assert of(bank(tmp_path, with_row(question("单选", options=("甲", "乙"), answer="A", n=0))), "Q011") == []


# Q012
@pytest.mark.parametrize("level", ["简单", "", "高"])
def test_q012_bad_difficulty(tmp_path, level):
    [f] = of(bank(tmp_path, with_row(question("单选", level=level, n=0))), "Q012")
    assert cell(f) == ("K", 2)


# Q013, Q017
def test_q013_source_empty_warns_and_q017_explanation_empty_is_info(tmp_path):
    found = bank(tmp_path, with_row(question("单选", source=None, explain=None, n=0)))
    [q13], [q17] = of(found, "Q013"), of(found, "Q017")
    assert (q13.severity, cell(q13)) == ("warning", ("L", 2))
    assert (q17.severity, cell(q17)) == ("info", ("J", 2))


# Q014: the video is 20.0 s long
@pytest.mark.parametrize("source", ["视频 00:00-00:20", "0:07–0:15", "00:19-00:20"])
def test_q014_ranges_inside_the_video_pass(tmp_path, source):
    assert of(bank(tmp_path, with_row(question("单选", source=source, n=0)), video_seconds=20.0), "Q014") == []


@pytest.mark.parametrize("source,words", [
    ("视频 00:00-00:21", "超出视频时长"),
    ("1:02:03-1:02:10", "超出视频时长"),
    ("00:15-00:07", "起点不早于终点"),
    ("00:7-00:35", "格式不对"),
    ("00:75-01:00", "格式不对"),
])
def test_q014_bad_ranges_warn(tmp_path, source, words):
    [f] = of(bank(tmp_path, with_row(question("单选", source=source, n=0)), video_seconds=20.0), "Q014")
    assert words in f.message and cell(f) == ("L", 2) and f.severity == "warning"


def test_q014_hour_range_passes_a_long_enough_video():
    from wuxiao_cli.quiz.sources import time_ranges

    [r], bad = time_ranges("视频 1:02:03-1:02:10")
    assert (r.start, r.end, bad) == (3723, 3730, [])


# Q015
def test_q015_duplicates_after_normalising(tmp_path):
    rows = valid_rows(21)
    rows[20] = question("单选", text=rows[0][1].replace("：", ": ") + "？", n=99)
    [f] = of(bank(tmp_path, rows), "Q015")
    assert cell(f) == ("B", 22) and "B2" in f.message


def test_q015_full_width_letters_and_spaces_are_the_same_question(tmp_path):
    rows = valid_rows(22)
    rows[20] = question("单选", text="第1题：ＣＮＣ　车床的Ｘ轴", n=98)
    rows[21] = question("单选", text="第1题 cnc车床的x轴？", n=99)
    [f] = of(bank(tmp_path, rows), "Q015")
    assert cell(f) == ("B", 23) and "B22" in f.message


def test_q015_duplicates_across_sets(tmp_path):
    root = project(tmp_path / "p", None)
    write_bank(root / "quizbank" / "结构原理题.xlsx", valid_rows(10))
    write_bank(root / "quizbank" / "视频操作题.xlsx", valid_rows(10))
    assert len(of(quiz_findings(root), "Q015")) == 10


# Q016: the forms
@pytest.mark.parametrize("answer", ["ａｃ", "A,C", "CA", "a c", "Ａ、Ｃ", "A.C", "Ａ．Ｃ", "c.a"])
def test_q016_forms_of_ac_warn_and_nothing_else(tmp_path, answer):
    found = bank(tmp_path, with_row(question("多选", answer=answer, n=0)))
    [f] = of(found, "Q016")
    assert "AC" in f.message and cell(f) == ("I", 2)
    assert rule_ids(found) == {"Q016"}


@pytest.mark.parametrize("kind, answer, rule_id", [("单选", "A.", "Q007"), ("单选", ".B", "Q007"), ("多选", "A.", "Q008"),
                                                  ("多选", "A..C", "Q008")])
def test_a_stop_not_between_two_letters_is_still_not_an_answer(tmp_path, kind, answer, rule_id):
    found = bank(tmp_path, with_row(question(kind, answer=answer, n=0)))
    assert rule_ids(found) == {rule_id}, found


def test_q016_canonical_passes(tmp_path):
    assert of(bank(tmp_path, with_row(question("多选", answer="AC", n=0))), "Q016") == []


def test_q016_lower_case_single(tmp_path):
    assert len(of(bank(tmp_path, with_row(question("单选", answer="b", n=0))), "Q016")) == 1


# Q018
def test_q018_no_video_question(tmp_path):
    rows = [question(("单选", "多选", "判断")[i % 3], n=i, source="成果简介") for i in range(20)]
    [f] = of(bank(tmp_path, rows), "Q018")
    assert "视频" in f.message


def test_q018_no_text_question(tmp_path):
    rows = [question(("单选", "多选", "判断")[i % 3], n=i, source="视频 00:01-00:05") for i in range(20)]
    [f] = of(bank(tmp_path, rows), "Q018")
    assert "文字材料" in f.message


def test_q018_one_of_each_passes(tmp_path):
    rows = valid_rows(20, video_every=20)  # exactly one video question
    assert of(bank(tmp_path, rows), "Q018") == []


# Q019
@pytest.mark.parametrize("name,warns", [("题库1.xlsx", True), ("新建 Microsoft Excel 工作表.xlsx", True),
                                        ("工作簿1.xlsx", True), ("跟刀架-结构原理题.xlsx", False)])
def test_q019_set_names(tmp_path, name, warns):
    root = project(tmp_path / "p", None)
    write_bank(root / "quizbank" / name, valid_rows(20))
    assert bool(of(quiz_findings(root), "Q019")) is warns


# Q020
def test_q020_example_rows_fail_and_do_not_count(tmp_path):
    rows = valid_rows(19) + [question("单选", text="(例) 下列关于我国疆域的叙述，正确的是", n=0),
                             question("判断", text="（例）昆虫是世界上种类最多的动物。", n=1)]
    found = bank(tmp_path, rows)
    [f] = of(found, "Q020")
    assert "B21" in f.message and "B22" in f.message
    assert len(of(found, "Q004")) == 1  # 19 real questions


# Q003
def test_q003_missing_extra_and_order(tmp_path):
    header = ["题型", "题目内容", "选项A", "答案B", "答案C", "答案D", "正确答案", "解析", "来源", "试题难度"]
    [f] = of(bank(tmp_path, [], header=header), "Q003")
    assert "缺少 答案A、答案E、答案F" in f.message and "C列“选项A”" in f.message and "顺序不对" in f.message


def test_q003_header_with_spaces_as_in_the_notice_passes(tmp_path):
    header = [h.replace("答案", "答案 ") for h in HEADER]
    assert of(bank(tmp_path, valid_rows(20), header=header), "Q003") == []


def test_q003_no_header_anywhere(tmp_path):
    found = bank(tmp_path, valid_rows(20), header=None)
    assert rule_ids(found) == {"Q003"}
    assert "前 10 行" in of(found, "Q003")[0].message


def test_q003_columns_read_by_name_when_out_of_order(tmp_path):
    order = list(HEADER)
    order[10], order[11] = order[11], order[10]
    rows = [[r[HEADER.index(h)] for h in order] for r in valid_rows(20)]
    rows[3][order.index("试题难度")] = "很难"
    found = bank(tmp_path, rows, header=order)
    assert rule_ids(found) == {"Q003", "Q012"}
    assert cell(of(found, "Q012")[0]) == ("L", 5)


# many bad rows: the first N in full, the rest summed up
def test_findings_are_capped_per_rule_with_a_summary(tmp_path):
    rows = [question("单选", n=i, level="简单", source="视频 00:01-00:02" if i == 0 else "成果简介") for i in range(60)]
    q12 = of(bank(tmp_path, rows), "Q012")
    assert len(q12) == 21 and "另有 40 行" in q12[-1].message
