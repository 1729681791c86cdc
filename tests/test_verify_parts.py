"""verify: a part proves only itself (K005), part numbers are bounded, unrelated zips are verified
one by one, and a worker's plain zip (no manifest) gets its content checked (K004 info)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.hostile import assert_clean, run_limited
from wuxiao_cli.cli import app

runner = CliRunner()


def verify(*args) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["verify", *map(str, args), "--format", "json"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def rules_of(report: dict) -> list[tuple[str, str]]:
    return [(f["rule"], f["severity"]) for p in report["projects"] for f in p["findings"]]


def lone_part(path: Path, label: str) -> Path:
    readme = b"hello"
    manifest = (f"# wuxiao manifest\n# part: {label}\n"
                f"{hashlib.sha256(readme).hexdigest()}  README.txt\n").encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("包/README.txt", readme)
        zf.writestr("包/manifest-sha256.txt", manifest)
    return path


@pytest.fixture(scope="module")
def packed(passing_project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packed")
    assert runner.invoke(app, ["pack", str(passing_project), "-o", str(out)]).exit_code == 0
    return next(out.glob("*.zip"))


def test_lone_part_does_not_pass(tmp_path):
    code, report, _ = verify(lone_part(tmp_path / "x.zip", "1/2"))
    assert code == 1
    assert ("K005", "error") in rules_of(report)


def test_lone_part_with_allow_partial_is_an_info(tmp_path):
    result = runner.invoke(app, ["verify", str(lone_part(tmp_path / "x.zip", "1/2")), "--allow-partial",
                                 "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert ("K005", "info") in rules_of(report)
    assert any("第 1 部分（共 2 部分）" in f["message"] and "内容未检查" in f["message"]
               for p in report["projects"] for f in p["findings"])


@pytest.mark.parametrize("label", ["1/1000000000", "1/10000000", "0/2", "3/2", "1/1000", "1/" + "9" * 5000])
def test_part_numbers_out_of_range_are_k003(tmp_path, label):
    """Under 1 GB of address space and 30 s: nothing is built in proportion to the number."""
    proc = run_limited("verify", lone_part(tmp_path / "x.zip", label), "--format", "json")
    assert_clean(proc)
    code, report, stderr = proc.returncode, json.loads(proc.stdout), proc.stderr
    assert code == 1
    messages = [f["message"] for p in report["projects"] for f in p["findings"] if f["rule"] == "K003"]
    assert any("分卷编号" in m for m in messages), messages
    assert len(stderr) < 2000 and len(json.dumps(report)) < 5000  # nothing proportional to the number


def test_part_numbers_in_range_are_accepted(tmp_path):
    code, report, _ = verify(lone_part(tmp_path / "x.zip", "1/999"))
    assert code == 1 and ("K005", "error") in rules_of(report)
    assert not any(r == "K003" for r, _ in rules_of(report))


def test_two_unrelated_zips_are_verified_each_on_its_own(packed, tmp_path):
    first = shutil.copy(packed, tmp_path / "第一次报送.zip")
    second = shutil.copy(packed, tmp_path / "更正后重新报送.zip")
    code, report, stderr = verify(first, second)
    assert code == 0, report
    assert [p["path"] for p in report["projects"]] == ["第一次报送.zip", "更正后重新报送.zip"]
    assert "分别核对" in stderr


def test_quiet_verify_keeps_the_report_and_drops_the_notes(packed, tmp_path):
    first = shutil.copy(packed, tmp_path / "第一次报送.zip")
    second = shutil.copy(packed, tmp_path / "更正后重新报送.zip")
    code, report, stderr = verify(first, second, "--quiet")
    assert code == 0 and len(report["projects"]) == 2
    assert stderr == ""


def test_plain_zip_without_manifest_is_checked_for_content(passing_project, tmp_path):
    plain = tmp_path / "成果.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        for p in sorted(passing_project.rglob("*")):
            if p.is_file():
                zf.write(p, "成果/" + p.relative_to(passing_project).as_posix())
    code, report, _ = verify(plain)
    assert code == 0, report
    found = rules_of(report)
    assert ("K004", "info") in found and not any(r == "K003" for r, _ in found)


def test_plain_zip_content_errors_are_reported(passing_project, tmp_path):
    plain = tmp_path / "成果.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        for p in sorted(passing_project.rglob("*")):
            if p.is_file() and "photos" not in p.parts:
                zf.write(p, "成果/" + p.relative_to(passing_project).as_posix())
    code, report, _ = verify(plain)
    assert code == 1
    assert ("P001", "error") in rules_of(report) and ("K004", "info") in rules_of(report)


def _worker_zip(project: Path, dest: Path, name) -> Path:
    """``project``'s files zipped by hand, each entry named ``name(rel)`` (None: left out)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(project.rglob("*")):
            if p.is_file() and (entry := name(p.relative_to(project).as_posix())) is not None:
                zf.write(p, entry)
    return dest


@pytest.mark.parametrize("layout", [
    "flat",  # zip -r, 7-Zip or Explorer run inside the folder: no wrapping folder
    "mac",  # Finder: a wrapping folder beside __MACOSX/ and its ._ files
    "backslash",  # PowerShell 5.1's Compress-Archive: '\' separators
])
def test_a_workers_own_zip_verifies_as_check_reads_it(passing_project, tmp_path, layout):
    if layout == "flat":
        plain = _worker_zip(passing_project, tmp_path / "成果.zip", lambda rel: rel)
    elif layout == "mac":
        plain = _worker_zip(passing_project, tmp_path / "成果.zip", lambda rel: f"成果/{rel}")
        with zipfile.ZipFile(plain, "a") as zf:
            zf.writestr("__MACOSX/", b"")
            zf.writestr("__MACOSX/成果/._form.toml", b"\0\5\26\7 Mac OS X")
            zf.writestr("成果/.DS_Store", b"\0\0\0\1Bud1")
    else:
        plain = _worker_zip(passing_project, tmp_path / "成果.zip", lambda rel: "成果\\" + rel.replace("/", "\\"))
    code, report, _ = verify(plain)
    assert code == 0 and report["summary"]["errors"] == 0, report
    assert ("K004", "info") in rules_of(report) and not any(r == "K003" for r, _ in rules_of(report))


def test_a_flat_zip_from_the_7z_tool_verifies(passing_project, tmp_path):
    seven = shutil.which("7z")
    if seven is None:
        pytest.skip("7z not installed (.ci/run installs p7zip-full)")
    import subprocess

    subprocess.run([seven, "a", "-tzip", "-bd", str(tmp_path / "成果.zip"), "."], cwd=passing_project,
                   check=True, capture_output=True)
    code, report, _ = verify(tmp_path / "成果.zip")
    assert code == 0 and ("K004", "info") in rules_of(report), report


def test_a_package_keeps_its_one_top_folder(passing_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert runner.invoke(app, ["pack", str(passing_project), "-o", str(out)]).exit_code == 0
    package = next(out.glob("*.zip"))
    with zipfile.ZipFile(package, "a") as zf:  # sealed by its manifest: an entry beside the folder is foreign
        zf.writestr("多出来.txt", b"x")
    code, report, _ = verify(package)
    messages = [f["message"] for p in report["projects"] for f in p["findings"] if f["rule"] == "K003"]
    assert code == 1 and any("多出来.txt" in m and "顶层文件夹" in m for m in messages), report


@pytest.mark.parametrize("wrapped", [False, True], ids=["flat", "in-one-folder"])
def test_a_workers_zip_of_several_projects_is_verified_project_by_project(passing_project, tmp_path, wrapped):
    """A clerk zips two project folders together (no manifest): each is checked as `check` reads them,
    named 成果.zip › 甲, not one project whose files sit two folders down."""
    prefix = "两项成果/" if wrapped else ""
    plain = tmp_path / "成果.zip"
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder in ("甲", "乙"):
            for p in sorted(passing_project.rglob("*")):
                if p.is_file():
                    zf.write(p, f"{prefix}{folder}/{p.relative_to(passing_project).as_posix()}")
    code, report, _ = verify(plain)
    assert sorted(p["path"] for p in report["projects"]) == ["成果.zip › 乙", "成果.zip › 甲"], report
    assert code == 0 and report["summary"]["errors"] == 0
    assert ("K004", "info") in rules_of(report)
