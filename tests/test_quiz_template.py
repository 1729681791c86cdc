"""The 附件5 template: examples marked, dropdowns, frozen header, 填写说明; filled in correctly it passes."""

from __future__ import annotations

import csv
import shutil
import subprocess

import openpyxl
import pytest
from quiz_helpers import PROFILE, of, quiz_findings, rule_ids, valid_rows
from typer.testing import CliRunner

from wuxiao_cli.cli import app
from wuxiao_cli.quiz import HEADER
from wuxiao_cli.quiz.template import answer_choices

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
runner = CliRunner()


@pytest.fixture
def template(tmp_path):
    out = tmp_path / "p" / "quizbank.xlsx"
    out.parent.mkdir()
    result = runner.invoke(app, ["quiz", "template", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_template_layout(template):
    wb = openpyxl.load_workbook(template)
    ws = wb["题库"]
    assert [c.value for c in ws[1]] == list(HEADER)
    assert [ws.cell(r, 2).value[:3] for r in (2, 3, 4)] == ["(例)"] * 3
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["单选", "多选", "判断"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["A2:A2000"] == '"单选,多选,判断"' and lists["K2:K2000"] == '"初级,中级,高级"'
    assert lists["I2:I2000"].startswith("'下拉选项'!")
    assert "填写说明" in wb.sheetnames and wb["下拉选项"].sheet_state == "hidden"
    guide = " ".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row)
    assert all(word in guide for word in ("题型", "正确答案", "来源", "(例)", "20 道"))


def test_answer_dropdown_lists_every_sorted_combination():
    choices = answer_choices()
    assert len(choices) == 63 + 2 and "AC" in choices and "CA" not in choices and "ABCDEF" in choices


def test_template_with_examples_left_fails_only_q020_and_q004(template):
    assert rule_ids(quiz_findings(template.parent)) == {"Q020", "Q004"}


def fill(template, rows, delete_examples=True):
    wb = openpyxl.load_workbook(template)
    ws = wb["题库"]
    if delete_examples:
        ws.delete_rows(2, 3)
    for row in rows:
        ws.append(row)
    wb.save(template)


def test_filled_template_without_examples_has_no_q_errors(template):
    fill(template, valid_rows(20))
    found = quiz_findings(template.parent)
    assert [f for f in found if f.severity == "error"] == []
    assert found == []


def test_filled_template_with_examples_left_gives_q020(template):
    fill(template, valid_rows(20), delete_examples=False)
    found = quiz_findings(template.parent)
    assert rule_ids(found) == {"Q020"}
    assert "题库!B2、题库!B3、题库!B4" in of(found, "Q020")[0].message


def test_template_refuses_to_overwrite_and_wrong_suffix(tmp_path, template):
    again = runner.invoke(app, ["quiz", "template", str(template)])
    assert again.exit_code == 2 and "已存在" in again.output and "--overwrite" in again.output
    assert runner.invoke(app, ["quiz", "template", str(tmp_path / "t.xls")]).exit_code == 2
    assert runner.invoke(app, ["quiz", "template", str(template), "--overwrite"]).exit_code == 0


def test_template_into_a_missing_folder_says_why_in_chinese(tmp_path):
    result = runner.invoke(app, ["quiz", "template", str(tmp_path / "nope" / "q.xlsx")])
    assert result.exit_code == 2
    assert "文件夹不存在" in result.output and "No such file" not in result.output


def test_init_writes_the_template(tmp_path):
    from wuxiao_cli.scaffold import scaffold

    written = scaffold(tmp_path / "new", PROFILE)
    assert "quizbank.xlsx" in written
    assert rule_ids(quiz_findings(tmp_path / "new")) == {"Q020", "Q004"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_template_opens_in_libreoffice(tmp_path, template):
    out = tmp_path / "csv"
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
                           str(template)], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with (out / "quizbank.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(HEADER) and rows[1][1].startswith("(例)")
