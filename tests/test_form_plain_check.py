"""The plain form check in front of jsonschema (forms/validate.py) says "valid" exactly when jsonschema does.

It exists so that a valid form is judged without importing jsonschema; a wrong "valid" would hide
F-rule findings. Every field of every built-in form schema is tried with values that keep and
break its constraints, and the two judges must agree on each.
"""

from __future__ import annotations

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from wuxiao_cli.forms.validate import _form_validator, plainly_valid, validate_form
from wuxiao_cli.profile import builtin_ids, load_profile
from wuxiao_cli.project import Project

# A loaded, valid form of each built-in profile: what validate_form sees for an example project.
EXAMPLES = {"national-2024": REPO / "examples" / "good-project",
            "roadshow-2024": REPO / "examples" / "roadshow-project",
            "jiangsu-2023": REPO / "examples" / "jiangsu-batch" / "01-刀具快换夹具"}

# Values people put in a field: blanks, short and long Chinese text, numbers as text, phone numbers,
# option-like words, lists of names and objects, and JSON scalars of the wrong type.
ZI = st.text(alphabet="创新成果技术改进装置提高效率车间班组工人", min_size=0, max_size=700)
TEXT = st.one_of(ZI, st.sampled_from(["", " ", "13812345678", "025-83536240", "12345", "小发明", "是", "否",
                                       "本科", "高级技师", "320102199001011234", "abc@example.com"]),
                 st.text(max_size=30))
VALUE = st.recursive(
    st.one_of(TEXT, st.integers(-5, 40), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=25), st.dictionaries(st.sampled_from(["name", "honor", "x"]),
                                                                           inner, max_size=3)),
    max_leaves=30)


def example_form(profile_id: str) -> tuple[dict, dict]:
    profile = load_profile(profile_id)
    data = Project(EXAMPLES[profile_id], profile).form.data
    assert data, f"the {profile_id} example's form did not load"
    return dict(data), profile.form_schema.schema


def jsonschema_valid(data: dict, schema: dict) -> bool:
    return not any(_form_validator()(schema).iter_errors(data))


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_every_builtin_example_form_is_plainly_valid(profile_id):
    """The point of the check: a valid form goes without jsonschema."""
    data, schema = example_form(profile_id)
    assert jsonschema_valid(data, schema)
    assert plainly_valid(data, schema)


@pytest.mark.parametrize("profile_id", builtin_ids())
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_plain_check_agrees_with_jsonschema_field_by_field(profile_id, data):
    form, schema = example_form(profile_id)
    keys = sorted(schema["properties"])
    key = data.draw(st.sampled_from(keys))
    action = data.draw(st.sampled_from(["set", "drop", "cut", "grow"]))
    old = form.get(key)
    if action == "drop":
        form.pop(key, None)
    elif action == "cut" and isinstance(old, str | list):  # a shorter text or list: crosses minimums
        form[key] = old[: data.draw(st.integers(0, len(old)))]
    elif action == "grow" and isinstance(old, str | list):  # a longer one: crosses maximums
        form[key] = old + old[: data.draw(st.integers(0, len(old)))] * data.draw(st.integers(1, 30))
    else:
        form[key] = data.draw(VALUE)
    assert plainly_valid(form, schema) == jsonschema_valid(form, schema), (key, form.get(key))


@pytest.mark.parametrize(("schema", "value", "valid"), [
    ({"type": "string", "zishu": {"min": 4}}, "无锡机床厂", True),
    ({"type": "string", "zishu": {"min": 4}}, "机床厂", False),  # 3 字: one under the line
    ({"type": "string", "zishu": {"max": 4}}, "无锡机床", True),
    ({"type": "string", "zishu": {"max": 4}}, "无锡机床厂", False),
    ({"type": "array", "maxItems": 2, "items": {"type": "string", "minLength": 1}}, ["张伟", "李强"], True),
    ({"type": "array", "maxItems": 2, "items": {"type": "string", "minLength": 1}}, ["张伟", "李强", "王芳"], False),
    ({"type": "array", "items": {"type": "string", "minLength": 1}}, ["张伟", ""], False),
    ({"type": "string", "phone": "mobile"}, "13812345678", True),
    ({"type": "string", "phone": "mobile"}, "1381234567", False),
    ({"type": "string", "enum": ["是", "否"]}, "是", True),
    ({"type": "string", "enum": ["是", "否"]}, "不是", False),
    ({"type": "string", "pattern": "^[0-9]{6}$"}, "214000", True),
    ({"type": "string", "pattern": "^[0-9]{6}$"}, "21400", False),
    ({"type": "object", "required": ["name"]}, {"name": "张伟"}, True),
    ({"type": "object", "required": ["name"]}, {}, False),
])
def test_each_keyword_on_both_sides_of_its_line(schema, value, valid):
    assert jsonschema_valid(value, schema) is valid
    assert plainly_valid(value, schema) is valid


@pytest.mark.parametrize("schema", [
    {"type": "string", "format": "email"},  # a keyword the plain check does not know
    {"type": "integer"},  # integer/number follow jsonschema's own rules (1.0 is an integer)
    {"type": ["string", "null"]},
    {"anyOf": [{"type": "string"}]},
    {"type": "string", "enum": 5},  # a malformed schema
    {"type": "array", "items": True},
])
def test_anything_unknown_goes_to_jsonschema(schema):
    assert plainly_valid("x", schema) is False
    assert plainly_valid(1, schema) is False


def test_a_form_with_problems_still_gets_jsonschemas_findings():
    data, schema = example_form("national-2024")
    data["category"] = "小发现"
    data["unit"] = "某厂"
    problems = validate_form(data, load_profile("national-2024").form_schema, "form.toml")
    assert sorted(problems) == ["F014", "F017"]
    assert "小发现" in problems["F017"][0].message("zh")
    assert "2 字" in problems["F014"][0].message("zh")
