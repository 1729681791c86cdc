"""A received archive of project archives (a union's 汇总.zip of 甲.zip, 乙.7z): opened one more level, under the
same caps counted over both levels, its temporary folders always removed; a third level stays closed and F033
names it (explore-archives #7, Issue 13: an archive holding several projects is a parent of projects)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import py7zr
import pytest
from typer.testing import CliRunner

from tests.archive_helpers import deflated_zeros, project_files, seven_zip, zip_flagless, zip_raw
from tests.conftest import EXAMPLES
from tests.quiz_helpers import loosen_an_answer
from tests.report_schema import loads_report
from wuxiao_cli.archive import Limits
from wuxiao_cli.archive.intake import received
from wuxiao_cli.cli import app
from wuxiao_cli.engine import Options
from wuxiao_cli.profile import load_profile

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
pytestmark = pytest.mark.usefixtures("temp_dir_left_empty")  # conftest: archives leave no temp files


def check_json(path: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(path), "-f", "json", "-q", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, loads_report(result.stdout)


def by_project(report: dict) -> dict[str, list[str]]:
    """Each project's path (from the archive's name on) → its non-info rules."""
    return {p["path"].rsplit("/", 1)[-1]: [f["rule"] for f in p["findings"] if f["severity"] != "info"]
            for p in report["projects"]}


def zip_of(path: Path, members: list[Path], method: int = zipfile.ZIP_STORED) -> Path:
    """A zip of these files, as a clerk selects them and chooses "发送到 → 压缩(zipped)文件夹"."""
    with zipfile.ZipFile(path, "w", method) as zf:
        for p in members:
            zf.write(p, p.name)
    return path


def union_zip(tmp_path: Path) -> Path:
    """汇总.zip holding 甲.zip (Windows Explorer: CP936 names, no UTF-8 flag, a wrapping folder) and 乙.7z (flat)."""
    src = tmp_path / "各项目"
    src.mkdir()
    inner = [zip_flagless(src / "甲.zip", project_files(GOOD, "跟刀架成果"), "gbk"),
             seven_zip(src / "乙.7z", project_files(GOOD))]
    return zip_of(tmp_path / "汇总.zip", inner)


def test_the_batch_table_names_each_inner_archive_in_80_columns(tmp_path):
    """The folder column shows what tells the rows apart, the inner archive's own name, not "汇总.zip › …" twice."""
    from tests.conftest import invoke_cli

    out = invoke_cli("check", str(union_zip(tmp_path)), env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    rows = [line for line in out.splitlines() if "通过" in line and line.rstrip().endswith((".zip", ".7z"))]
    assert sorted(line.split()[-1] for line in rows) == ["乙.7z", "甲.zip"], out


def test_zip_of_project_archives_is_a_parent_of_projects(tmp_path):
    code, report = check_json(union_zip(tmp_path))
    assert by_project(report) == {"汇总.zip › 甲.zip": [], "汇总.zip › 乙.7z": []}  # no F033, no six "缺少…"
    batch = [b["rule"] for b in report["batch_findings"]]
    assert code == 1 and "B001" in batch  # the same example twice: a duplicate, as for a folder of the two
    shared = " ".join(b["message"] for b in report["batch_findings"] if b["rule"] == "B003")
    assert "汇总.zip › 甲.zip › photos/跟刀架-正视图.jpg" in shared


def test_a_finding_inside_names_both_archives(tmp_path):
    src = tmp_path / "各项目"
    src.mkdir()
    files = {k: v for k, v in project_files(GOOD, "跟刀架成果").items() if "photos/跟刀架-侧视图" not in k}
    zip_flagless(src / "甲.zip", files, "gbk")
    code, report = check_json(zip_of(tmp_path / "汇总.zip", [src / "甲.zip"]))
    [project] = report["projects"]
    assert code == 1 and project["path"].endswith("汇总.zip › 甲.zip")
    assert [(f["rule"], f["file"]) for f in project["findings"] if f["severity"] == "error"] == [("P002", "photos/")]


def test_an_unreadable_archive_inside_is_its_own_finding_the_others_are_checked(tmp_path):
    src = tmp_path / "各项目"
    src.mkdir()
    with py7zr.SevenZipFile(src / "加密.7z", "w", password="secret", header_encryption=True) as z:
        z.writeall(GOOD / "photos", "photos")
    bomb = zip_raw(src / "炸弹.zip", [("p/zeros.bin", 0)], deflated_zeros(50_000_000), size=50_000_000)
    good = seven_zip(src / "乙.7z", project_files(GOOD))
    code, report = check_json(zip_of(tmp_path / "汇总.zip", [src / "加密.7z", bomb, good]))
    assert by_project(report) == {"汇总.zip › 乙.7z": [], "汇总.zip › 加密.7z": ["Z002"], "汇总.zip › 炸弹.zip": ["Z001"]}
    assert code == 1


def test_a_third_level_stays_closed_and_f033_names_it(tmp_path):
    src = tmp_path / "各项目"
    src.mkdir()
    deepest = zip_flagless(src / "跟刀架成果.zip", project_files(GOOD, "跟刀架成果"), "gbk")
    middle = zip_of(src / "甲.zip", [deepest])
    code, report = check_json(zip_of(tmp_path / "汇总.zip", [middle]))
    [project] = report["projects"]
    assert code == 1 and project["path"].endswith("汇总.zip › 甲.zip")
    [f033] = project["findings"]  # alone: no six false "缺少…" beside it
    assert f033["rule"] == "F033" and "跟刀架成果.zip" in f033["message"]


def _received_projects(outer: Path, limits: Limits) -> dict[str, list[str]]:
    profile = load_profile("national-2024")
    with received(outer, outer.name, profile, Options(), limits) as got:
        return {i.display: [f.rule for f in i.findings] for i in got.inside}


def test_caps_count_both_levels_bytes(tmp_path):
    """Each level fits the byte cap alone; all together they do not: the archive opened last (甲.zip, after
    乙.7z by name) is refused, never written."""
    outer = union_zip(tmp_path)
    declared = sum(i.file_size for i in zipfile.ZipFile(outer).infolist())
    with zipfile.ZipFile(outer) as zf, zf.open("甲.zip") as inner:
        jia = sum(i.file_size for i in zipfile.ZipFile(inner).infolist())
    yi = sum(p.stat().st_size for p in GOOD.rglob("*") if p.is_file())
    everything = declared + yi + jia
    assert _received_projects(outer, Limits(max_total=everything)) == {"汇总.zip › 乙.7z": [], "汇总.zip › 甲.zip": []}
    assert _received_projects(outer, Limits(max_total=everything - 1)) == {"汇总.zip › 乙.7z": [],
                                                                          "汇总.zip › 甲.zip": ["Z001"]}


def test_caps_count_both_levels_entries(tmp_path):
    outer = union_zip(tmp_path)
    per_project = len(project_files(GOOD))
    got = _received_projects(outer, Limits(max_entries=2 + per_project + per_project // 2))
    assert got == {"汇总.zip › 乙.7z": [], "汇总.zip › 甲.zip": ["Z001"]}  # 乙 (opened first) fits, 甲 is too many


def test_ratio_counts_both_levels(tmp_path):
    """Each level expands 1:1 alone, both levels together 2:1 the received file's size: a cap of 1.5:1
    refuses the inner archive (a zip of zip bombs gains nothing by nesting), 2.5:1 lets it through."""
    import random

    src = tmp_path / "各项目"
    src.mkdir()
    noise = random.Random(0).randbytes
    with zipfile.ZipFile(src / "甲.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(4):
            zf.writestr(f"甲/photos/{i}.jpg", noise(400_000))
    outer = zip_of(tmp_path / "汇总.zip", [src / "甲.zip"], zipfile.ZIP_DEFLATED)
    assert _received_projects(outer, Limits(max_ratio=2.5)) == {"汇总.zip › 甲.zip": []}
    assert _received_projects(outer, Limits(max_ratio=1.5)) == {"汇总.zip › 甲.zip": ["Z001"]}


def test_pack_and_fix_on_a_project_zip_zipped_again_use_the_project_inside(tmp_path):
    loose = shutil.copytree(GOOD, tmp_path / "src")
    loosen_an_answer(loose / "quizbank.xlsx")  # something to fix, so fix makes its copy
    inner = zip_flagless(tmp_path / "跟刀架成果.zip", project_files(loose, "跟刀架成果"), "gbk")
    outer = zip_of(tmp_path / "转发.zip", [inner])
    packed = runner.invoke(app, ["pack", str(outer), "-o", str(tmp_path / "发送"), "-q"])
    assert packed.exit_code == 0 and "缺少" not in packed.output, packed.output
    [made] = (tmp_path / "发送").glob("*.zip")
    with zipfile.ZipFile(made) as zf:
        assert any(n.endswith("photos/跟刀架-正视图.jpg") for n in zf.namelist())
    fixed = runner.invoke(app, ["fix", str(outer), "-o", str(tmp_path / "修复")])
    assert fixed.exit_code == 0 and (tmp_path / "修复" / "转发" / "form.docx").is_file(), fixed.output


def test_an_archive_beside_the_project_folder_stays_closed(tmp_path):
    """A worker's zip of the project folder and 附件.zip beside it: one project, not a second one missing
    everything (the attachments are no project)."""
    src = tmp_path / "src"
    src.mkdir()
    extra = zip_of(src / "附件.zip", [GOOD / "authorization" / "授权书及真实性承诺书-盖章扫描.jpg"])
    outer = tmp_path / "成果.zip"
    zip_flagless(outer, {**project_files(GOOD, "跟刀架成果"), "附件.zip": extra.read_bytes()}, "gbk")
    code, report = check_json(outer)
    assert code == 0 and by_project(report) == {"成果.zip › 跟刀架成果": []}


def test_a_project_archive_beside_a_project_folder_is_checked_too(tmp_path):
    """A union's zip holding 甲/ and 乙.zip: both are projects. 乙.zip was skipped, so a failing project
    passed unseen and the clerk sent on an incomplete batch (a tester's false pass)."""
    flawed = zip_flagless(tmp_path / "乙.zip", project_files(EXAMPLES / "flawed-project", "乙"), "gbk")
    outer = tmp_path / "混合.zip"
    zip_flagless(outer, {**project_files(GOOD, "甲"), "乙.zip": flawed.read_bytes()}, "gbk")
    code, report = check_json(outer)
    found = by_project(report)
    assert code == 1 and set(found) == {"混合.zip › 甲", "混合.zip › 乙.zip"}, found
    assert found["混合.zip › 甲"] == [] and "P002" in found["混合.zip › 乙.zip"]

