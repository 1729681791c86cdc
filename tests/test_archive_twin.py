"""A received zip (or 7z) and the folder extracted from it side by side (explore-archives #6): one
submission, checked once as the folder with an F032 note, never a B001 duplicate; two different
projects that share a name still get B001, and a pair that differs only after an edit gets a B001
that says so (keep one)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from tests.archive_helpers import project_files, zip_flagless
from tests.batch_helpers import make_project, run_json

NAME = "数控车床细长轴加工可调式防振跟刀架的研制与应用"


def rules_by_project(report: dict) -> dict[str, list[str]]:
    return {p["path"].rsplit("/", 1)[-1]: [f["rule"] for f in p["findings"]] for p in report["projects"]}


def batch_rules(report: dict) -> list[str]:
    return [b["rule"] for b in report.get("batch_findings", [])]


def test_gbk_zip_and_its_extracted_folder_are_one_submission(tmp_path):
    inbox = tmp_path / "收件"
    folder = make_project(inbox / "跟刀架成果", NAME)
    zip_flagless(inbox / "跟刀架成果.zip", project_files(folder, "跟刀架成果"), "gbk")  # Windows Explorer's zip
    make_project(inbox / "另一个项目", "快速对刀装置的研制与推广应用")
    code, report = run_json(str(inbox))
    found = rules_by_project(report)
    assert set(found) == {"跟刀架成果", "另一个项目"}
    assert "F032" in found["跟刀架成果"] and "B001" not in batch_rules(report) and "B003" not in batch_rules(report)
    [note] = [f for f in report["projects"][0]["findings"] + report["projects"][1]["findings"] if f["rule"] == "F032"]
    assert note["severity"] == "info" and "跟刀架成果.zip" in note["message"]


def test_7z_and_its_flat_extracted_folder(tmp_path):
    py7zr = pytest.importorskip("py7zr")
    inbox = tmp_path / "收件"
    folder = make_project(inbox / "跟刀架成果", NAME)
    with py7zr.SevenZipFile(inbox / "跟刀架成果.7z", "w") as sz:
        sz.writeall(folder, ".")
    code, report = run_json(str(inbox))
    assert list(rules_by_project(report)) == ["跟刀架成果"] and "B001" not in batch_rules(report)


def test_a_different_project_of_the_same_name_is_still_a_duplicate(tmp_path):
    inbox = tmp_path / "收件"
    folder = make_project(inbox / "跟刀架成果", NAME)
    other = make_project(tmp_path / "别人的" / "跟刀架成果", NAME, tag="别人的")  # same name, other photos
    with zipfile.ZipFile(inbox / "跟刀架成果.zip", "w") as zf:
        for rel, data in project_files(other, "跟刀架成果").items():
            zf.writestr(rel, data)
    assert folder.exists()
    code, report = run_json(str(inbox))
    assert code == 1 and len(report["projects"]) == 2 and "B001" in batch_rules(report)
    assert not any("F032" in rules for rules in rules_by_project(report).values())


def test_form_edited_after_extracting_is_two_projects(tmp_path):
    inbox = tmp_path / "收件"
    folder = make_project(inbox / "跟刀架成果", NAME)
    shutil.make_archive(str(inbox / "跟刀架成果"), "zip", folder)
    form = folder / "form.toml"
    form.write_text(form.read_text(encoding="utf-8").replace("研制", "研发"), encoding="utf-8")  # same size in bytes
    code, report = run_json(str(inbox))
    assert len(report["projects"]) == 2


def test_archive_and_its_folder_edited_after_extracting_say_keep_one(tmp_path):
    """X.zip beside X/ whose form changed after extracting (the name did not): still B001, an error that fails
    the batch, but worded as one submission kept twice, with the fix to keep one."""
    inbox = tmp_path / "收件"
    folder = make_project(inbox / "跟刀架成果", NAME)
    zip_flagless(inbox / "跟刀架成果.zip", project_files(folder), "gbk")  # Windows Explorer's zip, CP936 names
    form = folder / "form.toml"
    form.write_text(form.read_text(encoding="utf-8").replace("13912345678", "13912345679"), encoding="utf-8")
    code, report = run_json(str(inbox))
    assert code == 1 and len(report["projects"]) == 2
    [b001] = [b for b in report["batch_findings"] if b["rule"] == "B001"]
    assert b001["severity"] == "error"
    assert "跟刀架成果.zip 和" in b001["message"] and "跟刀架成果/" in b001["message"] and "解压" in b001["message"]
    assert "只保留一份" in b001["hint"] and "删去较旧的那份" in b001["hint"]


def test_two_workers_under_one_folder_name_keep_the_plain_duplicate_wording(tmp_path):
    inbox = tmp_path / "收件"
    make_project(inbox / "跟刀架成果", NAME)
    other = make_project(tmp_path / "别人的" / "跟刀架成果", NAME, tag="别人的")  # same name, none of the same files
    zip_flagless(inbox / "跟刀架成果.zip", project_files(other, "跟刀架成果"), "gbk")
    code, report = run_json(str(inbox))
    [b001] = [b for b in report["batch_findings"] if b["rule"] == "B001"]
    assert code == 1 and b001["message"].startswith("2 个项目的创新成果名称都是") and "解压" not in b001["message"]
