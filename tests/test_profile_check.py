"""A user's profile is checked whole when it is loaded: one Chinese line naming the file, the place and the
fix, instead of an internal error in every project or a limit that silently never applies."""

from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLES, REPO
from profile_helpers import write_profile

from wuxiao_cli.profile import ProfileError, builtin_ids, load_profile
from wuxiao_cli.profile_check import FORM_PROBLEM_RULES, contents, validate


def econ(form, **spec):
    """The tester's new field 经济效益（万元）, required, with the given keywords."""
    form["properties"]["econ_value"] = {"x-label": "经济效益（万元）", "type": "string", **spec}
    form["required"].append("econ_value")


FORM_MISTAKES = [
    (lambda f: f["properties"]["summary"].update(zishu={"mn": 300, "mx": 600}), "summary.zishu：“mn” 不是可用的键，是不是 “min”"),
    (lambda f: f["properties"]["summary"].update(zishu={"min": "300"}), 'summary.zishu.min："300" 不是字数'),
    (lambda f: f["properties"]["summary"].update(zishu={"min": 600, "max": 300}), "min 600 大于 max 300"),
    (lambda f: econ(f, pattern="^[0-9]+$", **{"x-rule": "F099"}), "econ_value.x-rule：F099 不是已有规则"),
    (lambda f: econ(f, pattern="^[0-9]+$"), "econ_value：有 pattern 要求但没有 x-rule"),
    (lambda f: econ(f, pattern="^[0-9]+$", **{"x-rule": "P002"}), "规则 P002 不报告表单要求"),
    (lambda f: econ(f, pattern="^[0-9+(\\.[0-9]+)?$", **{"x-rule": "F003"}), "econ_value.pattern：“^[0-9+(\\.[0-9]+)?$” 不是有效的正则表达式"),
    (lambda f: f["required"].append("econ_valu"), "required 中的 econ_valu 在 properties 里没有"),
    (lambda f: f["properties"]["summary"].update(type="strin"), "summary.type：\"strin\" 不是 JSON Schema 的类型，是不是 “string”"),
]


@pytest.mark.parametrize(("change_form", "said"), FORM_MISTAKES)
def test_a_mistake_in_the_profiles_form_schema_is_one_line_at_load_time(tmp_path, change_form, said):
    path = write_profile(tmp_path, change_form=change_form)
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    message = str(caught.value)
    assert said in message and "forms/national-2025.schema.json" in message and "\n" not in message


@pytest.mark.parametrize(("encode", "said"), [
    (lambda t: t.encode("gbk"), "national-2025.schema.json 第 4 行不是 UTF-8 编码（可能是 GBK/ANSI）：请用 UTF-8 另存"),
    (lambda t: t.encode("utf-16"), "是 UTF-16 编码（记事本的“Unicode”）：请用 UTF-8 另存"),
    (lambda t: t[:200].encode(), "第 5 行第 18 列不是有效的 JSON：字符串缺少结尾的英文双引号"),
])
def test_a_form_schema_file_that_is_not_utf8_json_says_so_with_its_line(tmp_path, encode, said):
    path = write_profile(tmp_path, form_bytes=encode)
    with pytest.raises(ProfileError, match=re.escape(said)):
        load_profile(str(path))


def test_a_form_schema_with_a_bom_is_read_as_the_profile_is(tmp_path):
    path = write_profile(tmp_path, form_bytes=lambda t: b"\xef\xbb\xbf" + t.encode())
    assert load_profile(str(path)).form_schema.fields["summary"].schema["zishu"]["min"] == 300


PROFILE_MISTAKES = [
    (lambda d: d["quiz"].update(min_question=30), "quiz.min_question：“min_question” 不是可用的键，是不是 “min_questions”"),
    (lambda d: d["layout"].update(photo="photos"), "layout.photo：“photo” 不是 wuxiao 读取的文件夹角色，是不是 “photos”"),
    (lambda d: d["dates"].update(ending="2025-06-30"), "dates.ending"),
    (lambda d: d["form"].update(shema="x"), "form.shema：“shema” 不是可用的键，是不是 “schema”"),
    (lambda d: d["reference"].update(clause="x"), "是不是 “clauses”"),
    (lambda d: d.update(recipent=d.pop("recipient")), "recipent：“recipent” 不是可用的键，是不是 “recipient”"),
    (lambda d: d.update(截止日期="2025-06-30"), "截止日期：“截止日期” 不是可用的键"),
    (lambda d: d["photos"].update(min_count="5"), "photos.min_count：应为整数"),
    (lambda d: d["photos"].update(min_bytes=20_000_000, max_bytes=10_485_760), "photos：min_bytes 20000000 大于 max_bytes 10485760"),
    (lambda d: d["photos"].update(min_count=5, max_count=2), "min_count 5 大于 max_count 2"),
    (lambda d: d["photos"].update(soft_min_bytes=500, soft_max_bytes=200), "soft_min_bytes 500 大于 soft_max_bytes 200"),
    (lambda d: d.update(disabled=["P099"]), "disabled：P099 不是已有规则"),
    (lambda d: d.update(severity={"X123": "warning"}), "severity：X123 不是已有规则"),
    (lambda d: d["families"].append("X"), "families：“X” 不是规则族"),
    (lambda d: d.update(clauses={"P002": "附件3 第99项"}), "clauses.P002：条款 “附件3 第99项” 不在 reference/clauses-2024.json"),
    (lambda d: d["dates"].update(end="2025-13-45"), "dates.end：“2025-13-45” 不是真实的日期"),
    (lambda d: d["dates"].update(start="2025-09-01", end="2025-07-15"), "dates：start 2025-09-01 晚于 end 2025-07-15"),
    (lambda d: d.update(subject="五小-{unoin}-{name}"), "subject：{unoin} 不是可用的字段，是不是 “union”？（可用 {union}、{unit}、{name}）"),
    (lambda d: d.update(subject="五小-{union-{name}"), "subject：花括号不成对"),
    (lambda d: d["reference"].update(clauses="reference/nope.json"), "reference.clauses：找不到文件 reference/nope.json"),
    (lambda d: d["form"].update(schema="forms/nope.schema.json"), "form.schema：找不到文件 forms/nope.schema.json"),
    (lambda d: d.update(id="national-2024"), "id：“national-2024” 是内置规则集的 ID：请改用新的 ID"),
]


@pytest.mark.parametrize(("change", "said"), PROFILE_MISTAKES)
def test_a_mistake_in_the_profile_is_one_line_at_load_time(tmp_path, change, said):
    path = write_profile(tmp_path, change=change)
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert said in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize(("encode", "said"), [
    (lambda t: t.encode("gbk"), "第 4 行不是 UTF-8 编码（可能是 GBK/ANSI）：请用 UTF-8 另存"),
    (lambda t: t.encode("utf-16"), "UTF-16 编码"),
    (lambda t: t.replace('"families"', "families"), "不是有效的 JSON：键名要用英文双引号"),
])
def test_a_profile_file_that_is_not_utf8_json_says_how_to_save_it(tmp_path, encode, said):
    path = write_profile(tmp_path)
    text = path.read_text(encoding="utf-8")
    raw = encode(text)
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
    with pytest.raises(ProfileError, match=re.escape(said)):
        load_profile(str(path))


def test_check_refuses_a_broken_profile_in_one_line_with_exit_2(cli, tmp_path):
    path = write_profile(tmp_path, change_form=lambda f: econ(f, pattern="^[0-9]+$", **{"x-rule": "F099"}))
    result = cli("check", str(EXAMPLES / "good-project"), "--profile", str(path))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "F099 不是已有规则" in lines[0] and result.stdout == ""


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_the_builtin_profiles_pass_the_checks_a_users_profile_gets(profile_id):
    profile = load_profile(profile_id)
    validate(profile.data, profile.source)
    contents(profile)


def test_form_problem_rules_are_the_rules_that_report_the_form_schemas_problems():
    read = set()
    for path in (REPO / "wuxiao_cli/rules").glob("*.py"):
        read |= set(re.findall(r'schema_problems\(project, "([A-Z]\d{3})"\)', path.read_text(encoding="utf-8")))
    assert read == FORM_PROBLEM_RULES


def test_a_good_2025_profile_loads(tmp_path):
    path = write_profile(tmp_path, change_form=lambda f: econ(f, pattern="^[0-9.]+$", **{"x-rule": "F003"}))
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == load_profile(str(path)).id == "national-2025"


def test_a_builtin_profile_named_by_its_path_is_the_builtin(tmp_path):
    from wuxiao_cli.resources import schemas_dir

    assert load_profile(str(schemas_dir() / "profiles" / "national-2024.json")).base_dir is None
