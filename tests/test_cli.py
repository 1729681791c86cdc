"""The command line as a clerk uses it: exit codes, report shapes, options, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, REPO

GOOD = EXAMPLES / "good-project"
FLAWED = EXAMPLES / "flawed-project"


def test_good_example_passes_with_json_shape(cli, tmp_path):
    result = cli("check", str(GOOD), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert {"tool", "version", "profile", "summary", "projects", "batch_findings"} <= report.keys()
    assert report["tool"] == "wuxiao" and report["profile"] == "national-2024"
    assert report["summary"] == {"projects": 1, "passed": 1, "failed": 0, "errors": 0,
                                 "warnings": report["summary"]["warnings"]}
    project = report["projects"][0]
    assert project["status"] == "pass" and project["errors"] == 0
    assert project["name"] == "数控车床细长轴加工可调式防振跟刀架的研制与应用"


def test_flawed_example_fails_with_many_rules(cli):
    result = cli("check", str(FLAWED), "--format", "json")
    assert result.returncode == 1
    project = json.loads(result.stdout)["projects"][0]
    ids = {f["rule"] for f in project["findings"]}
    assert len(ids) >= 15, ids
    for finding in project["findings"]:
        assert set(finding) >= {"rule", "severity", "file", "field", "message", "hint", "clause"}
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["message"] and finding["hint"] and finding["clause"]
        assert finding["file"] is None or "\\" not in finding["file"]


def test_table_report_groups_and_summarises(cli):
    result = cli("check", str(FLAWED))
    assert result.returncode == 1
    assert "✗ 不通过" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("共 1 个项目：0 个通过，1 个不通过")
    first_warning = result.stdout.find(" 警告 ")
    assert result.stdout.find(" 错误 ") < first_warning  # errors first


def test_english_messages(cli):
    result = cli("check", str(FLAWED), "--lang", "en", "--format", "json")
    messages = [f["message"] for f in json.loads(result.stdout)["projects"][0]["findings"]]
    assert any("dpi" in m and "required" in m for m in messages)


def test_output_file_is_utf8(cli, tmp_path):
    out = tmp_path / "报告.json"
    result = cli("check", str(GOOD), "--format", "json", "--output", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["passed"] == 1


def test_strict_fails_on_warnings(cli, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    photo = next((project / "photos").iterdir())
    photo.rename(photo.with_name("IMG_0001.jpg"))  # P008 warning only
    assert cli("check", str(project)).returncode == 0
    assert cli("check", str(project), "--strict").returncode == 1


def test_ignore_waives_and_records(cli, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    shutil.rmtree(project / "audio")  # A001 error
    assert cli("check", str(project)).returncode == 1
    result = cli("check", str(project), "--ignore", "A001", "--reason", "音频另行提交", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    waived = [f for f in report["projects"][0]["findings"] if f["rule"] == "A001"]
    assert waived and all(f["waived"] for f in waived)
    assert report["waivers"] == [{"rule": "A001", "reason": "音频另行提交"}]


@pytest.mark.parametrize("args", [
    ("check", "no/such/folder"),
    ("check", str(GOOD / "form.docx")),
    ("check", str(GOOD), "--profile", "no-such-profile"),
    ("check", str(GOOD), "--ignore", "Z999"),
    ("check", str(GOOD), "--format", "xml"),
    ("explain", "Z999"),
])
def test_usage_errors_exit_2_in_one_line(cli, args):
    result = cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


@pytest.mark.parametrize("name", ["报告.pdf", "报告.json", "报告.xls", "报告"])
def test_report_with_an_unknown_extension_is_a_usage_error(cli, tmp_path, name):
    """--report's format is its extension: a workbook is never written under another name (it was, as .pdf)."""
    out = tmp_path / name
    result = cli("check", str(GOOD), "--quiet", "--report", str(out))
    assert result.returncode == 2 and not out.exists() and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert all(ext in line for ext in (".html", ".htm", ".xlsx")) and "--format json" in line


def test_invalid_profile_file_names_the_schema_error(cli, tmp_path):
    profile = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    profile["photos"]["min_dpi"] = "300"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    result = cli("check", str(GOOD), "--profile", str(path))
    assert result.returncode == 2
    assert "photos.min_dpi：应为数字" in result.stderr


def test_user_profile_numbers_are_followed(cli, tmp_path):
    profile = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    profile["id"] = "stricter"
    profile["photos"]["min_count"] = 4
    path = tmp_path / "stricter.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    result = cli("check", str(GOOD), "--profile", str(path), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["projects"][0]["findings"]
    assert [f["message"] for f in findings if f["rule"] == "P002"] == ["照片只有 3 张，要求不少于 4 张"]


def test_rules_lists_every_rule(cli):
    result = cli("rules")
    assert result.returncode == 0
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(cols) == 4 and all(c.strip() for c in cols) for cols in lines)
    assert {"F001", "P005", "V004", "A002", "D003"} <= {cols[0] for cols in lines}


def test_explain_prints_clause_text_and_fix(cli):
    result = cli("explain", "P005")
    assert result.returncode == 0
    assert "附件3 第15项" in result.stdout and "分辨率不小于 300dpi" in result.stdout
    assert "修改方法" in result.stdout and "wuxiao fix" in result.stdout


def test_profiles_lists_notice_dates_recipient(cli):
    result = cli("profiles")
    assert result.returncode == 0
    assert "national-2024" in result.stdout and "JKWWTWXCXCG@163.com" in result.stdout
    assert "2024-04-08" in result.stdout


def test_init_scaffolds_and_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "我的成果"
    result = cli("init", str(target))
    assert result.returncode == 0, result.stderr
    for folder in ("photos", "videos", "audio", "authorization", "craftsman"):
        assert (target / folder).is_dir()
    readme = (target / "README.txt").read_text(encoding="utf-8-sig")
    assert "photos/" in readme and "300 dpi" in readme
    import docx

    labels = [row.cells[0].text for row in docx.Document(str(target / "form.docx")).tables[0].rows]
    assert any(label.startswith("* 成果简介") and "500 字以内" in label for label in labels)
    assert any("第一完成人简介" in label and "100 字" in label for label in labels)
    assert cli("init", str(target)).returncode == 2  # never overwrites
    check = cli("check", str(target), "--format", "json")
    assert check.returncode == 1
    assert "F003" in {f["rule"] for f in json.loads(check.stdout)["projects"][0]["findings"]}


@pytest.mark.parametrize("args", [("rules",), ("explain", "P005"), ("check", "examples/good-project")])
def test_a_reader_closing_the_pipe_is_no_error_exit(args):
    """`wuxiao rules | head -3`: the reader is gone before the output is; exit quietly, never 1 (有错误) or 2."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before it writes: its first write meets a closed pipe
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) in (0, 141) and err == b"", err
