"""Issue 13 acceptance 3: Chinese folder names and any form file name are not mistakes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.factories import make_pdf_text_only
from wuxiao_cli.cli import app

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
CHINESE = {"photos": "照片", "videos": "视频", "audio": "音频", "authorization": "授权书及承诺书", "quizbank.xlsx": "题库.xlsx"}


def check(folder: Path) -> list[dict]:
    result = runner.invoke(app, ["check", str(folder), "-f", "json", "-q", "--jobs", "1"])
    return json.loads(result.stdout)["projects"][0]["findings"]


def rules_of(findings: list[dict]) -> list[str]:
    return [f["rule"] for f in findings if f["severity"] != "info"]


@pytest.fixture
def chinese(tmp_path) -> Path:
    """examples/good-project as a worker names it: Chinese folders, the form as 申报表.docx."""
    folder = tmp_path / "跟刀架"
    shutil.copytree(GOOD, folder)
    for old, new in CHINESE.items():
        (folder / old).rename(folder / new)
    (folder / "form.docx").rename(folder / "申报表.docx")
    return folder


def test_chinese_folders_and_any_form_name_pass(chinese):
    assert rules_of(check(chinese)) == []


def test_form_named_after_its_author_passes(chinese):
    (chinese / "申报表.docx").rename(chinese / "成果申报表-张三.docx")
    assert rules_of(check(chinese)) == []


def test_case_and_width_do_not_matter(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(GOOD, folder)
    (folder / "photos").rename(folder / "ＰＨＯＴＯＳ")  # full-width capitals
    (folder / "videos").rename(folder / "Videos")
    assert rules_of(check(folder)) == []


def test_photos_and_zhaopian_side_by_side_is_one_finding(chinese):
    shutil.copytree(chinese / "照片", chinese / "photos")
    found = check(chinese)
    assert rules_of(found) == ["F031"]
    assert "photos/" in found[0]["message"] and "照片/" in found[0]["message"]


def test_two_labelled_docx_are_named(chinese):
    shutil.copy(chinese / "申报表.docx", chinese / "申报表-修改版.docx")
    found = check(chinese)
    assert rules_of(found) == ["F002"]
    assert "申报表.docx" in found[0]["message"] and "申报表-修改版.docx" in found[0]["message"]


def test_unrelated_docx_is_not_the_form(chinese, tmp_path):
    from docx import Document

    (chinese / "申报表.docx").unlink()
    doc = Document()
    doc.add_paragraph("工作总结：本年度完成车间改造。")
    doc.save(str(chinese / "工作总结.docx"))
    assert "F001" in rules_of(check(chinese))


@pytest.mark.parametrize("name", ["申报表.pdf", "申报表.wps"])
def test_form_sent_as_pdf_or_wps_is_f030(chinese, name):
    (chinese / "申报表.docx").unlink()
    if name.endswith(".pdf"):
        make_pdf_text_only(chinese / name)
    else:
        (chinese / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))  # WPS 文字 saves OLE2
    found = check(chinese)
    assert [f["rule"] for f in found if f["rule"].startswith("F")] == ["F030"]
    assert name in found[0]["message"] and "另存为" in found[0]["hint"]


def test_a_pdf_not_named_like_the_form_is_not_f030(chinese):
    make_pdf_text_only(chinese / "专利证书.pdf")
    assert "F030" not in rules_of(check(chinese))


def test_init_into_a_folder_with_materials_adds_only_what_is_missing(tmp_path):
    folder = tmp_path / "收到的材料"
    shutil.copytree(GOOD / "photos", folder / "照片")
    shutil.copy(GOOD / "form.docx", folder / "申报表.docx")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert {rel: (folder / rel).read_bytes() for rel in before} == before  # nothing overwritten
    assert not (folder / "photos").exists() and not (folder / "form.docx").exists()
    for added in ("videos", "audio", "authorization", "craftsman"):
        assert (folder / added).is_dir()
    assert (folder / "README.txt").is_file() and (folder / "quizbank.xlsx").is_file()
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 2 and "没有需要补充" in again.output
