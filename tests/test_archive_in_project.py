"""Archives inside a project or inside a received archive (explore-archives #7): one F033 finding names
them and says to extract them; an archive kept beside complete materials is no finding."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from tests.archive_helpers import make_rar, project_files, seven_zip, zip_flagless
from tests.batch_helpers import make_project, run_json
from tests.conftest import EXAMPLES

NAME = "数控车床细长轴加工可调式防振跟刀架的研制与应用"
pytestmark = pytest.mark.usefixtures("temp_dir_left_empty")  # conftest: archives leave no temp files


def f033(report: dict) -> list[dict]:
    return [f for p in report["projects"] for f in p["findings"] if f["rule"] == "F033"]


def rules(report: dict) -> list[str]:
    return sorted(f["rule"] for p in report["projects"] for f in p["findings"] if f["severity"] != "info")


def good_copy(tmp_path):
    """examples/good-project, which passes with no error or warning."""
    return shutil.copytree(EXAMPLES / "good-project", tmp_path / "跟刀架成果")


def test_video_zip_in_place_of_the_folder(tmp_path):
    root = good_copy(tmp_path)
    shutil.make_archive(str(root / "视频"), "zip", root / "videos")
    shutil.rmtree(root / "videos")
    code, report = run_json(str(root))
    assert code == 1
    [finding] = f033(report)
    assert finding["file"] == "视频.zip" and "视频/" in finding["hint"] and "解压" in finding["hint"]
    assert rules(report) == ["F033"]  # one problem, one finding: no V001 "新建 videos 文件夹" beside it


def _zip_cp936(path, files):
    return zip_flagless(path, files, "gbk")  # as Windows Explorer writes it


@pytest.mark.parametrize(("role", "stand_in", "write", "replaced"), [
    ("photos", "照片.zip", _zip_cp936, "P001"),
    ("audio", "音频.7z", seven_zip, "A001"),
    ("authorization", "授权书.rar", lambda path, files: make_rar(path, files), "D001"),
])
def test_an_archive_in_place_of_a_role_folder_is_one_finding(tmp_path, role, stand_in, write, replaced):
    root = good_copy(tmp_path)
    write(root / stand_in, {p.name: p.read_bytes() for p in sorted((root / role).iterdir())})
    shutil.rmtree(root / role)
    code, report = run_json(str(root))
    assert code == 1 and rules(report) == ["F033"], rules(report)
    assert stand_in in f033(report)[0]["message"] and replaced not in rules(report)


def test_waived_f033_leaves_the_missing_folder_said(tmp_path):
    root = good_copy(tmp_path)
    shutil.make_archive(str(root / "视频"), "zip", root / "videos")
    shutil.rmtree(root / "videos")
    code, report = run_json(str(root), "--ignore", "F033", "--reason", "视频另行寄送")
    assert code == 1 and rules(report) == ["F033", "V001"]


@pytest.mark.parametrize("profile", ["national-2024", "jiangsu-2023"])
def test_zip_of_project_zips_at_the_third_level(tmp_path, profile):
    """汇总.zip › 市.zip › 甲.zip, 乙.zip: the second level is opened (test_archive_nested), the third is not;
    市.zip holds only archives, so it is no project and F033 is its one finding, under any profile."""
    inner = tmp_path / "各项目"
    inner.mkdir()
    for n, who in enumerate(("甲", "乙")):
        folder = make_project(tmp_path / "src" / who, f"{NAME}{n}")
        with zipfile.ZipFile(inner / f"{who}.zip", "w") as zf:
            for rel, data in project_files(folder, who).items():
                zf.writestr(rel, data)
    city = tmp_path / "市.zip"
    with zipfile.ZipFile(city, "w") as zf:
        for p in sorted(inner.iterdir()):
            zf.write(p, p.name)
    outer = tmp_path / "汇总.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(city, city.name)
    code, report = run_json(str(outer), "--profile", profile)
    assert code == 1
    [finding] = f033(report)
    assert "甲.zip" in finding["message"] and "乙.zip" in finding["message"] and "汇总包" in finding["message"]
    assert rules(report) == ["F033"]  # not a project: no six false "缺少…"


def test_backup_zip_beside_complete_materials_is_no_finding(tmp_path):
    root = make_project(tmp_path / "跟刀架成果", NAME)
    shutil.make_archive(str(tmp_path / "备份"), "zip", root)
    shutil.move(str(tmp_path / "备份.zip"), root / "备份.zip")
    code, report = run_json(str(root))
    assert f033(report) == []
