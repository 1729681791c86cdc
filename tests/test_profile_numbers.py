"""A form field typed as a number in a user's profile (经济效益（万元）, ≥ 0, ≤ 10000) is compared as a number,
however the clerk wrote it, and a value that is no number is told in Chinese."""

from __future__ import annotations

import pytest
from form_helpers import docx_rows, form_with, project, write_docx
from profile_helpers import write_profile

from wuxiao_cli.engine import check_project
from wuxiao_cli.forms.fields import FieldSpec, number
from wuxiao_cli.profile import load_profile

ECON = {"x-label": "经济效益（万元）", "x-rule": "F003", "x-unit": "万元", "type": "number", "minimum": 0,
        "maximum": 10000, "x-hint": "填写数字，单位万元，如 12.5"}


def econ_profile(tmp_path):
    def add(form):
        form["properties"]["econ_value"] = ECON
        form["required"].append("econ_value")

    return load_profile(str(write_profile(tmp_path / "profile", change_form=add)))


def f003(folder, profile) -> list[str]:
    return [f.message for f in check_project(folder, profile).findings if f.rule == "F003"]


@pytest.mark.parametrize("written", [12.5, 12, "12.5", "１２．５", " 12.5 万元", "12.5万元", "1,250", "0"])
def test_a_number_however_written_passes(tmp_path, written):
    assert f003(project(tmp_path, econ_value=written), econ_profile(tmp_path)) == []


@pytest.mark.parametrize(("written", "said"), [
    ("约十二万元", "经济效益（万元）「约十二万元」不是数字：只填阿拉伯数字"),
    ("12.5亿元", "「12.5亿元」不是数字"),
    ("-3", "经济效益（万元） -3万元，不能小于 0万元"),
    ("12,000", "经济效益（万元） 12000万元，不能大于 10000万元"),
    (20000.5, "20000.5万元，不能大于 10000万元"),
])
def test_a_value_that_is_no_number_or_out_of_range_is_one_chinese_finding(tmp_path, written, said):
    messages = f003(project(tmp_path, econ_value=written), econ_profile(tmp_path))
    assert len(messages) == 1 and said in messages[0] and "is not" not in messages[0]


def test_a_number_in_form_docx_is_read_as_a_number(tmp_path):
    profile = econ_profile(tmp_path)
    labels = {k: s.label for k, s in profile.form_schema.fields.items()}
    fields = {labels.get(k, k): v for k, v in form_with(econ_value="１２.５万元").items()}
    write_docx(tmp_path / "p" / "form.docx", docx_rows(fields))
    assert f003(tmp_path / "p", profile) == []


def test_number_reads_only_one_number_in_the_fields_own_unit():
    spec = FieldSpec("econ_value", ECON)
    assert [number(v, spec) for v in ("12.5万元", "１２．５", "1,250.5", "7", True)] == [12.5, 12.5, 1250.5, 7, "是"]
    assert number("10-20", spec) == "10-20" and number("  ", spec) is None
