"""Form rules F001–F026 (SPEC §5 Form): both sides of every bound, with real form files.

Each test builds a project folder holding form.toml (or form.docx where the rule is about Word)
and only the files its rule needs, and asserts rule ID, severity, file/field and the numbers in
the message.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.factories import make_jpeg, make_mp4
from tests.form_helpers import (
    GOOD,
    benefits_of,
    docx_rows,
    findings,
    han,
    national,
    only,
    points_of,
    project,
    rules_of,
    text_of,
    write_docx,
)
from wuxiao_cli.rules import RULES
from wuxiao_cli.wordcount import count_zi

#: Severity of every form rule as SPEC §5 declares it.
SPEC_SEVERITY = {
    "F001": "E", "F002": "E", "F003": "E", "F010": "W", "F012": "E", "F013": "E", "F014": "W", "F015": "E",
    "F016": "E", "F017": "E", "F018": "E/W", "F019": "E/W", "F020": "W", "F021": "W", "F022": "E/W",
    "F023": "E/W", "F024": "E", "F025": "E/W", "F026": "E", "F027": "E", "F028": "E",
}


def one(tmp_path, rule: str, **changes):
    """The single finding ``rule`` reports for GOOD with ``changes``; no other F rule may fire."""
    found = findings(project(tmp_path, **changes))
    assert rules_of(found) == [rule], [(f.rule, f.message) for f in found]
    return found[0]


def clean(tmp_path, **changes) -> None:
    found = findings(project(tmp_path, **changes))
    assert found == [], [(f.rule, f.message) for f in found]


def assert_finding(f, rule: str, severity: str, field: str | None, *in_message: str, file: str | None = "form.toml"):
    assert (f.rule, f.severity, f.field, f.file) == (rule, severity, field, file)
    for part in in_message:
        assert part in f.message, (part, f.message)
    assert f.hint and f.clause


# --------------------------------------------------------------------------- registry and schema


def test_form_rules_are_registered_with_the_spec_severity():
    assert {r: RULES[r].severity for r in SPEC_SEVERITY} == SPEC_SEVERITY
    for rule_id in SPEC_SEVERITY:
        r = RULES[rule_id]
        assert r.clause and r.title.zh and r.title.en and r.hint.zh and r.doc, rule_id


def test_form_schema_fields_have_label_and_a_registered_rule():
    schema = national().form_schema
    props = schema.schema["properties"]
    assert set(schema.required) <= set(props)
    for key in schema.required:
        assert props[key].get("x-label"), key
        assert props[key].get("x-rule"), key
    for key, prop in props.items():
        if "x-rule" in prop:
            assert prop["x-rule"] in RULES, (key, prop["x-rule"])
            assert RULES[prop["x-rule"]].family == "F"


def test_form_schema_labels_resolve_to_their_own_key():
    schema = national().form_schema
    for key, spec in schema.fields.items():
        assert schema.resolve(spec.label) == key
        for alias in spec.schema.get("x-aliases", ()):
            assert schema.resolve(alias) == key, alias


def test_good_form_passes_every_form_rule(tmp_path):
    clean(tmp_path)


# --------------------------------------------------------------------------- F003


@pytest.mark.parametrize("key", national().form_schema.required)
def test_f003_each_missing_required_field(tmp_path, key):
    f = one(tmp_path, "F003", **{key: None})
    assert_finding(f, "F003", "error", key, national().form_schema.fields[key].label)


@pytest.mark.parametrize("blank", ["", "   ", "\n\u3000\n"])
def test_f003_blank_is_missing(tmp_path, blank):
    assert_finding(one(tmp_path, "F003", background=blank), "F003", "error", "background", "成果背景")


def test_f003_one_finding_per_field(tmp_path):
    found = findings(project(tmp_path, goal=None, phone="", completers=[]))
    assert rules_of(found) == ["F003"] * 3
    assert sorted(f.field for f in found) == ["completers", "goal", "phone"]


def test_f003_optional_craftsmen_may_be_absent(tmp_path):
    clean(tmp_path, craftsmen=None)


def test_f003_row_deleted_from_docx(tmp_path):
    rows = [r for r in docx_rows(GOOD) if r[0] != "联系电话"]
    write_docx(tmp_path / "form.docx", rows)
    found = findings(tmp_path)
    assert rules_of(found) == ["F003"]
    assert_finding(found[0], "F003", "error", "phone", "联系电话", file="form.docx")


# --------------------------------------------------------------------------- 字数 bounds


@pytest.mark.parametrize(("n", "fires"), [(9, True), (10, False), (21, False), (30, False), (31, True)])
def test_f010_name_length(tmp_path, n, fires):
    name = text_of(n)
    assert count_zi(name) == n
    if not fires:
        return clean(tmp_path, name=name)
    f = one(tmp_path, "F010", name=name)
    assert_finding(f, "F010", "warning", "name", f"{n} 字", "30" if n > 30 else "10")


def test_f010_seed_example_passes(tmp_path):
    clean(tmp_path, name="小孔大背面结构件自动折叠反刮刀具的开发应用")


@pytest.mark.parametrize(("n", "fires"), [(1, False), (20, False), (21, True)])
def test_f012_completers_count(tmp_path, n, fires):
    people = [f"完成人{i:02d}" for i in range(n)]
    if not fires:
        return clean(tmp_path, completers=people)
    assert_finding(one(tmp_path, "F012", completers="、".join(people)), "F012", "error", "completers", "21", "20")


_SURNAMES, _GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高", "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def chinese_names(n: int) -> list[str]:
    return [_SURNAMES[i % 20] + _GIVEN[(i * 7) % 20] + ("" if i % 3 else "华") for i in range(n)]


@pytest.mark.parametrize("sep", [" ", "  ", "\u3000", "/", " / ", "／", "|"])
@pytest.mark.parametrize(("n", "fires"), [(20, False), (21, True)])
def test_f012_names_separated_by_spaces_or_slashes_are_counted(tmp_path, sep, n, fires):
    joined = sep.join(chinese_names(n))
    if not fires:
        return clean(tmp_path, completers=joined)
    assert_finding(one(tmp_path, "F012", completers=joined), "F012", "error", "completers", "21", "20")


def test_f012_a_two_character_name_padded_with_spaces_is_one_person():
    from wuxiao_cli.forms.fields import FieldSpec, coerce

    spec = FieldSpec("completers", {"type": "array", "x-split": "names"})
    assert coerce("张建华 王  伟 李明", spec) == ["张建华", "王伟", "李明"]
    assert coerce("Zhang Wei、王伟", spec) == ["Zhang Wei", "王伟"]


def test_f012_names_but_none(tmp_path):
    assert_finding(one(tmp_path, "F012", completers="、 ，、"), "F012", "error", "completers", "为空")


@pytest.mark.parametrize(("n", "fires"), [(100, False), (101, True)])
def test_f013_first_completer_intro(tmp_path, n, fires):
    intro = text_of(n)
    if not fires:
        return clean(tmp_path, first_completer_intro=intro)
    f = one(tmp_path, "F013", first_completer_intro=intro)
    assert_finding(f, "F013", "error", "first_completer_intro", "101 字", "100 字")


@pytest.mark.parametrize(("key", "rule"), [("summary", "F018"), ("innovation", "F022")])
@pytest.mark.parametrize(("n", "fires"), [(500, False), (501, True)])
def test_f018_f022_over_500(tmp_path, key, rule, n, fires):
    text = points_of(n)
    assert count_zi(text) == n
    if not fires:
        return clean(tmp_path, **{key: text})
    assert_finding(one(tmp_path, rule, **{key: text}), rule, "error", key, "501 字", "500 字")


@pytest.mark.parametrize(("key", "rule"), [("summary", "F018"), ("innovation", "F022"), ("benefits", "F023")])
def test_points_missing_is_a_warning(tmp_path, key, rule):
    text = "本成果" + han(60) + "，经济效益和社会效益" + han(60) + "。"
    f = one(tmp_path, rule, **{key: text})
    assert_finding(f, rule, "warning", key, "分点分条")


@pytest.mark.parametrize(
    "text",
    [
        "（1）" + han(20) + "；（2）" + han(20),
        "一、" + han(20) + "\n二、" + han(20),
        "① " + han(20) + " ② " + han(20),
        "第一，" + han(20) + "；第二，" + han(20),
        "1、" + han(20) + "\n2、" + han(20),
        "首先，" + han(20) + "；其次，" + han(20),
        "一是" + han(20) + "，二是" + han(20),
    ],
)
def test_points_in_the_usual_chinese_styles(tmp_path, text):
    clean(tmp_path, summary=text)


@pytest.mark.parametrize("text", [
    "经济效益：" + han(60) + "。社会效益：" + han(60) + "。",  # 分“经济效益”“社会效益”分点介绍, as the template says
    "“经济效益”：" + han(60) + "\n“社会效益”：" + han(60),
    "【经济效益】：" + han(60) + "。【社会效益】：" + han(60),
])
def test_benefits_in_the_templates_own_two_part_style_pass(tmp_path, text):
    clean(tmp_path, benefits=text)


def test_decimals_are_not_numbered_points(tmp_path):
    text = "圆度误差由 0.05mm 降至 0.012mm，粗糙度由 3.2 降到 1.6，" + han(30)
    assert_finding(one(tmp_path, "F018", summary=text), "F018", "warning", "summary", "分点分条")


@pytest.mark.parametrize(("n", "fires"), [(500, False), (501, True)])
def test_f023_over_500(tmp_path, n, fires):
    text = benefits_of(n)
    assert count_zi(text) == n
    if not fires:
        return clean(tmp_path, benefits=text)
    assert_finding(one(tmp_path, "F023", benefits=text), "F023", "error", "benefits", "501 字", "500 字")


@pytest.mark.parametrize("part", ["经济效益", "社会效益"])
def test_f023_lacks_a_part(tmp_path, part):
    other = "社会效益" if part == "经济效益" else "经济效益"
    text = f"{other}：\n1. {han(30)}\n2. {han(30)}"
    assert_finding(one(tmp_path, "F023", benefits=text), "F023", "warning", "benefits", part)


@pytest.mark.parametrize(("n", "fires"), [(49, True), (50, False), (150, False), (151, True)])
def test_f020_background(tmp_path, n, fires):
    if not fires:
        return clean(tmp_path, background=text_of(n))
    f = one(tmp_path, "F020", background=text_of(n))
    assert_finding(f, "F020", "warning", "background", f"{n} 字", "150" if n > 150 else "50")


@pytest.mark.parametrize(("n", "fires"), [(49, True), (50, False), (150, False), (151, True)])
def test_f021_goal_length(tmp_path, n, fires):
    goal = text_of(n, number=True)
    assert count_zi(goal) == n
    if not fires:
        return clean(tmp_path, goal=goal)
    f = one(tmp_path, "F021", goal=goal)
    assert_finding(f, "F021", "warning", "goal", f"{n} 字", "150" if n > 150 else "50")


def test_f021_goal_without_a_number(tmp_path):
    assert_finding(one(tmp_path, "F021", goal=text_of(100)), "F021", "warning", "goal", "数字")


def test_f021_full_width_digits_count_as_data(tmp_path):
    clean(tmp_path, goal=han(98) + "２０")


# --------------------------------------------------------------------------- value rules


@pytest.mark.parametrize("unit", ["徐工集团等", "淮海职业技术学院等单位"])
def test_f014_ends_in_deng(tmp_path, unit):
    assert_finding(one(tmp_path, "F014", unit=unit), "F014", "warning", "unit", unit, "等")


def test_f014_under_4_zi(tmp_path):
    assert_finding(one(tmp_path, "F014", unit="某工厂"), "F014", "warning", "unit", "成果完成单位", "3 字", "4 字")


@pytest.mark.parametrize("unit", ["某某工厂", "江苏省淮海职业技术学院", "平等路小学"])
def test_f014_full_names_pass(tmp_path, unit):
    clean(tmp_path, unit=unit)


@pytest.mark.parametrize("phone", ["13812345678", "19912345678", "025-83456789", "0516-87654321-802",
                                   "010-6512345", "+86 13812345678",
                                   # the forms clerks write (the notice gives no format): 附件 styles and habits
                                   "(025)83536240", "（025）83536240", "02583536240", "025 83536240", "025-8353 6240",
                                   "400-810-8888", "0517-83561234转802", "+86 138 1234 5678", "138-1234-5678",
                                   "１３８１２３４５６７８", "13812345678、025-83536240", "0086 13812345678",
                                   "手机：13812345678（微信同号）", "王老师 025-83536240"])
def test_f015_valid_phones(tmp_path, phone):
    clean(tmp_path, phone=phone)


@pytest.mark.parametrize("phone", ["1281234567", "83456789", "12812345678", "138123456789", "025-834567",
                                   "25-83456789", "（025）834567", "400-810-888", "电话见附件"])
def test_f015_invalid_phones(tmp_path, phone):
    assert_finding(one(tmp_path, "F015", phone=phone), "F015", "error", "phone", phone)


def test_f016_unknown_union_suggests_the_closest(tmp_path):
    f = one(tmp_path, "F016", union="江苏省总工会")
    assert_finding(f, "F016", "error", "union", "江苏省总工会", "附件2")
    assert "江苏省教育科技工会" in f.hint
    suggested = f.hint.split("：", 1)[1]
    assert suggested.startswith("江苏省教育科技工会") and "浙江" not in suggested.split("、")[0]


@pytest.mark.parametrize(("written", "first"), [("浙江省总工会", "浙江省"), ("山东省总工会", "山东省"),
                                                ("新疆生产建设兵团总工会", "新疆生产建设兵团教育工会")])
def test_f016_suggestions_rank_the_same_province_first(tmp_path, written, first):
    f = one(tmp_path, "F016", union=written)
    assert f.hint.split("：", 1)[1].startswith(first)


@pytest.mark.parametrize("union", ["江苏省教育科技工会", "中国检验认证(集团)有限公司工会",
                                   "中国检验认证（集团）有限公司工会", " 中国检验认证 （集团） 有限公司工会",
                                   # full official names and bracket/space variants, kept as aliases in 附件2's table
                                   "宁夏回族自治区教科文卫体工会", "宁夏 教科文卫体工会", "广西教育工会",
                                   "中国检验认证集团有限公司工会", "中国检验认证【集团】有限公司工会", "浙江省卫生健康委员会工会"])
def test_f016_known_unions_pass(tmp_path, union):
    clean(tmp_path, union=union)


@pytest.mark.parametrize("category", ["小发明", "小创造", "小革新", "小设计", "小建议"])
def test_f017_the_five_categories_pass(tmp_path, category):
    clean(tmp_path, category=category)


def test_f017_other_category(tmp_path):
    f = one(tmp_path, "F017", category="技术革新")
    assert_finding(f, "F017", "error", "category", "技术革新", "小发明、小创造、小革新、小设计、小建议")


@pytest.mark.parametrize("industry", ["制造业-通用设备制造业", "制造业－通用设备制造业", "制造业 — 通用设备制造业",
                                      "农、林、牧、渔业-农业", "制造业-石油、煤炭及其他燃料加工业",
                                      # finer levels and GB/T codes, as clerks copy them from the standard
                                      "制造业-通用设备制造业-金属加工机械制造", "C制造业-34通用设备制造业", "C34",
                                      "C 制造业 / 34 通用设备制造业", "D电力、热力、燃气及水生产和供应业-44电力、热力生产和供应业"])
def test_f019_valid_pairs(tmp_path, industry):
    clean(tmp_path, industry=industry)


@pytest.mark.parametrize(("industry", "says"), [
    ("通用设备制造业", "其门类为「制造业」"),  # a 大类 alone: mapped to its 门类, and said so
    ("通用设备制造业-金属加工机械制造", "其门类为「制造业」"),
    ("3421", "其门类为「制造业」"),
    ("机械制造-通用设备制造业", "其门类为「制造业」"),
])
def test_f019_division_alone_is_mapped_to_its_section_with_a_warning(tmp_path, industry, says):
    f = one(tmp_path, "F019", industry=industry)
    assert_finding(f, "F019", "warning", "industry", industry, says)
    assert "制造业-通用设备制造业" in f.hint


@pytest.mark.parametrize(
    ("industry", "says", "hint"),
    [
        ("制造业-电力、热力生产和供应业", "不属于门类「制造业」", "电力、热力、燃气及水生产和供应业-电力、热力生产和供应业"),
        ("制造业", "缺少大类", "制造业-"),
        ("制造业-通用设备", "不是门类「制造业」下的大类", "通用设备制造业"),
    ],
)
def test_f019_section_found_but_pair_is_off_warns(tmp_path, industry, says, hint):
    f = one(tmp_path, "F019", industry=industry)
    assert_finding(f, "F019", "warning", "industry", industry, says)
    assert hint in f.hint


@pytest.mark.parametrize("industry", ["机械制造", "IT服务", "Z99"])
def test_f019_neither_section_nor_division_is_an_error(tmp_path, industry):
    f = one(tmp_path, "F019", industry=industry)
    assert_finding(f, "F019", "error", "industry", industry, "找不到 GB/T 4754-2017 的门类或大类")
    examples = f.hint.split("如：", 1)[1].split("；") if "如：" in f.hint else []
    assert all(len(e.split("-")) == 2 and all(e.split("-")) for e in examples), f.hint  # never a 门类 alone


@pytest.mark.parametrize(("value", "fires"), [("是", False), ("否", False), (True, False), ("属于", True), ("是的", True)])
def test_f024_new_quality(tmp_path, value, fires):
    if not fires:
        return clean(tmp_path, new_quality=value)
    assert_finding(one(tmp_path, "F024", new_quality=value), "F024", "error", "new_quality", value, "是、否")


# --------------------------------------------------------------------------- F025


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("summary", GOOD["summary"] + "\n详见 https://example.com/a.pdf", "网址"),
        ("innovation", GOOD["innovation"] + "\n参见www.example.com", "网址"),
        ("name", GOOD["name"] + "👍", "U+1F44D"),
        ("background", GOOD["background"] + "\u0007", "U+0007"),
        ("goal", GOOD["goal"] + "\u200b", "U+200B"),
    ],
)
def test_f025_url_emoji_control_is_a_warning(tmp_path, key, value, says):
    assert_finding(one(tmp_path, "F025", **{key: value}), "F025", "warning", key, says)


def test_f025_only_plain_text_fields(tmp_path):
    clean(tmp_path, unit=GOOD["unit"] + "\u200b", first_completer_intro=GOOD["first_completer_intro"] + "😀")


def test_f025_circled_numbers_are_text_not_emoji(tmp_path):
    clean(tmp_path, innovation="❶ " + han(30) + "\n❷ " + han(30) + "\n① " + han(10) + "② " + han(10))


@pytest.fixture(scope="module")
def small_jpeg(tmp_path_factory):
    return make_jpeg(tmp_path_factory.mktemp("img") / "pic.jpg", width=64, height=48)


def test_f025_picture_in_a_value_cell_is_an_error(tmp_path, small_jpeg):
    rows = docx_rows(GOOD)
    at = [r[0] for r in rows].index("成果简介")
    write_docx(tmp_path / "form.docx", rows, picture_in=(at, 1), picture=small_jpeg)
    f25 = only(findings(tmp_path), "F025")
    assert len(f25) == 1
    assert_finding(f25[0], "F025", "error", "summary", "成果简介", "图片", file="form.docx")


def test_f025_table_in_a_value_cell_is_an_error(tmp_path):
    rows = docx_rows(GOOD)
    at = [r[0] for r in rows].index("成果创新点")
    write_docx(tmp_path / "form.docx", rows, table_in=(at, 1))
    f25 = only(findings(tmp_path), "F025")
    assert len(f25) == 1
    assert_finding(f25[0], "F025", "error", "innovation", "成果创新点", "表格", file="form.docx")


def test_f025_picture_in_a_non_plain_field_is_not_f025(tmp_path, small_jpeg):
    rows = docx_rows(GOOD)
    at = [r[0] for r in rows].index("第一完成人简介")
    write_docx(tmp_path / "form.docx", rows, picture_in=(at, 1), picture=small_jpeg)
    assert only(findings(tmp_path), "F025") == []


# --------------------------------------------------------------------------- F026

INTRO = "周建国，所在行业：机械制造；工种：车工；现职务：工程训练中心高级技师；所获荣誉：江苏工匠。"
HONOUREE = [{"name": "周建国", "honor": "江苏工匠"}]


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vid")
    return {
        "good": make_mp4(folder / "good.mp4", seconds=0.2, audio=False),
        "small": make_mp4(folder / "small.mp4", width=1280, height=720, seconds=0.2, audio=False),
    }


def craftsman_project(tmp_path, videos, *, intro: str | None = INTRO, video: str | None = "good",
                      folder: bool = True, **changes):
    changes.setdefault("craftsmen", HONOUREE)
    root = project(tmp_path, **changes)
    if folder:
        (root / "craftsman").mkdir()
    if intro is not None:
        (root / "craftsman" / "工匠简介.txt").write_text(intro, encoding="utf-8")
    if video is not None:
        shutil.copy(videos[video], root / "craftsman" / "周建国技能技法.mp4")
    return root


def f26(root):
    found = findings(root)
    assert set(rules_of(found)) <= {"F026"}, [(f.rule, f.message) for f in found]
    return found


def test_f026_all_good(tmp_path, videos):
    assert f26(craftsman_project(tmp_path, videos)) == []


def test_f026_no_craftsman_listed_needs_no_folder(tmp_path):
    clean(tmp_path, craftsmen="")


def test_f026_listed_but_no_folder(tmp_path, videos):
    (f,) = f26(craftsman_project(tmp_path, videos, folder=False, intro=None, video=None))
    assert_finding(f, "F026", "error", "craftsmen", "craftsman/", file=None)


def test_f026_intro_missing(tmp_path, videos):
    (f,) = f26(craftsman_project(tmp_path, videos, intro=None))
    assert_finding(f, "F026", "error", None, "简介", file="craftsman/")


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), INTRO.encode("utf-8")],
                         ids=["doc-renamed", "text-renamed"])
def test_f026_intro_unreadable_docx(tmp_path, videos, content):
    root = craftsman_project(tmp_path, videos, intro=None)
    (root / "craftsman" / "工匠简介.docx").write_bytes(content)
    found = f26(root)
    assert [f.file for f in found] == ["craftsman/工匠简介.docx", "craftsman/"]
    assert all(f.severity == "error" for f in found) and "无法读取" in found[0].message


def test_f026_intro_without_its_topics_is_a_warning_that_names_itself_a_heuristic(tmp_path, videos):
    (f,) = f26(craftsman_project(tmp_path, videos, intro="周建国同志爱岗敬业。"))
    assert_finding(f, "F026", "warning", None, "行业", "工种", "职务", "荣誉", file="craftsman/")
    assert "按关键词查找" in f.message and "启发式" in f.message  # a keyword search says it is one
    assert "行业：" in f.hint


def _intro_docx(path, rows):
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))


@pytest.mark.parametrize("rows", [
    [["姓名", "行业", "工种", "现职务", "所获荣誉"], ["周建国", "机械制造", "车工", "高级技师", "江苏工匠"]],
    [["姓名", "周建国"], ["所在行业", "机械制造"], ["工种", "车工"], ["现职务", "高级技师"], ["所获荣誉", "江苏工匠"]],
], ids=["a-row-a-person", "a-row-an-item"])
def test_f026_intro_written_as_a_table_is_read(tmp_path, videos, rows):
    root = craftsman_project(tmp_path, videos, intro=None)
    _intro_docx(root / "craftsman" / "周建国-工匠简介.docx", rows)
    assert f26(root) == []


def test_f026_a_strict_intro_is_named_with_how_to_save_it_again(tmp_path, videos):
    from tests.factories import make_strict

    root = craftsman_project(tmp_path, videos, intro=None)
    _intro_docx(tmp_path / "plain.docx", [["行业", "机械制造"], ["工种", "车工"]])
    make_strict(tmp_path / "plain.docx", root / "craftsman" / "周建国-工匠简介.docx")
    unread = [f for f in f26(root) if f.file == "craftsman/周建国-工匠简介.docx"]
    assert len(unread) == 1 and "Strict Open XML 文档" in unread[0].message and "另存为" in unread[0].hint


@pytest.mark.parametrize("encoded", [INTRO.encode("utf-16"), b"\xfe\xff" + INTRO.encode("utf-16-be")],
                         ids=["utf-16-le-bom", "utf-16-be-bom"])
def test_f026_utf16_intro_is_read(tmp_path, videos, encoded):
    """Notepad's "Unicode" (and "Unicode big endian") save: UTF-16 with a byte-order mark."""
    root = craftsman_project(tmp_path, videos, intro=None)
    (root / "craftsman" / "工匠简介.txt").write_bytes(encoded)
    assert f26(root) == []


def test_f026_txt_intro_is_read_to_a_bound(tmp_path, videos, monkeypatch):
    """Only the first INTRO_BYTES are read; a UTF-8 character cut there does not turn the text into GBK."""
    from wuxiao_cli.rules import craftsman

    cap = len(INTRO.encode("utf-8")) + 1  # the cut falls inside the 。 that follows
    monkeypatch.setattr(craftsman, "INTRO_BYTES", cap)
    root = craftsman_project(tmp_path, videos, intro=INTRO + "。" * 10)
    assert f26(root) == []
    (root / "craftsman" / "工匠简介.txt").write_text("周建国。" * cap + INTRO, encoding="utf-8")
    (f,) = f26(root)
    assert f.severity == "warning" and "行业" in f.message  # the topics lie past the bound


def test_f026_gbk_intro_is_read(tmp_path, videos):
    root = craftsman_project(tmp_path, videos, intro=None)
    (root / "craftsman" / "工匠简介.txt").write_bytes(INTRO.encode("gbk"))
    assert f26(root) == []


def test_f026_video_missing(tmp_path, videos):
    (f,) = f26(craftsman_project(tmp_path, videos, video=None))
    assert_finding(f, "F026", "error", None, "视频", file="craftsman/")


def test_f026_video_not_1920x1080(tmp_path, videos):
    (f,) = f26(craftsman_project(tmp_path, videos, video="small"))
    assert_finding(f, "F026", "error", None, "1280×720", "1920×1080", file="craftsman/周建国技能技法.mp4")


def _wmv(path):
    """A real Windows Media video (ASF container, WMV2 picture), as an old camera or Windows Movie Maker makes."""
    import av

    from tests.factories import _video_frames

    with av.open(str(path), "w", format="asf") as out:
        stream = out.add_stream("wmv2", rate=25)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        for i, frame in enumerate(_video_frames(1920, 1080, 5)):
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


@pytest.fixture(scope="module")
def faulty_videos(tmp_path_factory):
    """Craftsman videos that are there but wrong: the rule must name each, not say there is none."""
    from tests.factories import make_truncated_mp4

    folder = tmp_path_factory.mktemp("faulty")
    cut = make_mp4(folder / "moov-end.mp4", seconds=0.5, audio=False, faststart=False)
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])  # a phone copy cut short: moov at the end is lost
    return {
        "truncated": make_truncated_mp4(folder / "cut.mp4", seconds=0.5, audio=False),
        "moov-end-cut": cut,
        "wmv": _wmv(folder / "a.wmv"),
        "mkv": make_mp4(folder / "a.mkv", seconds=0.2, audio=False, container="mkv"),
        "portrait": make_mp4(folder / "portrait.mp4", seconds=0.2, audio=False, rotation=90),
    }


@pytest.mark.parametrize("kind, name, said", [
    ("truncated", "周建国技能技法.mp4", ["不完整：文件被截断"]),
    ("moov-end-cut", "周建国技能技法.mp4", ["不完整：文件被截断"]),
    ("wmv", "周建国技能技法.wmv", ["不是 MP4"]),
    ("mkv", "周建国技能技法.mp4", ["是 Matroska/WebM 视频，不是 MP4"]),
    ("portrait", "周建国技能技法.mp4", ["画面 1080×1920（竖屏，含 90° 旋转），要求 1920×1080"]),
])
def test_f026_a_faulty_video_is_named_with_what_is_wrong(tmp_path, videos, faulty_videos, kind, name, said):
    root = craftsman_project(tmp_path, videos, video=None)
    shutil.copy(faulty_videos[kind], root / "craftsman" / name)
    (f,) = f26(root)
    assert f.severity == "error" and f.file == f"craftsman/{name}", f.message
    assert f.message.startswith(f"工匠视频 {name} ") and "没有工匠视频" not in f.message
    assert all(words in f.message for words in said), f.message
    assert "MPEG-4" not in f.message  # "须为 MP4 … 实际 MPEG-4" read as a contradiction
    assert f.hint


def test_f026_honouree_not_a_completer(tmp_path, videos):
    root = craftsman_project(tmp_path, videos, intro=INTRO.replace("周建国", "赵六"),
                             craftsmen=[{"name": "赵六", "honor": "江苏工匠"}])
    (f,) = f26(root)
    assert_finding(f, "F026", "error", "craftsmen", "赵六", "完成人")


def test_f026_from_docx_lines(tmp_path, videos):
    root = tmp_path / "p"
    write_docx(root / "form.docx", docx_rows({**GOOD, "craftsmen": "周建国：江苏工匠"}))
    (root / "craftsman").mkdir()
    (root / "craftsman" / "简介.txt").write_text(INTRO, encoding="utf-8")
    shutil.copy(videos["good"], root / "craftsman" / "周建国.mp4")
    assert f26(root) == []
    shutil.rmtree(root / "craftsman")
    assert [f.rule for f in findings(root)] == ["F026"]


# --------------------------------------------------------------------------- messages


def test_messages_say_what_was_measured_in_english_too(tmp_path):
    from wuxiao_cli.engine import Options, check_project

    root = project(tmp_path, summary=points_of(523))
    (f,) = [f for f in check_project(root, national(), Options(lang="en")).findings if f.rule == "F018"]
    assert re.search(r"\b523\b", f.message) and re.search(r"\b500\b", f.message)
