"""Archives inside a project or inside a received archive (explore-archives #7): one F033 finding names
them and says to extract them; an archive kept beside complete materials is no finding."""

from __future__ import annotations

import shutil
import zipfile

from tests.archive_helpers import project_files
from tests.batch_helpers import make_project, run_json

NAME = "数控车床细长轴加工可调式防振跟刀架的研制与应用"


def f033(report: dict) -> list[dict]:
    return [f for p in report["projects"] for f in p["findings"] if f["rule"] == "F033"]


def test_video_zip_in_place_of_the_folder(tmp_path):
    root = make_project(tmp_path / "跟刀架成果", NAME)
    shutil.make_archive(str(root / "视频"), "zip", root / "videos")
    shutil.rmtree(root / "videos")
    code, report = run_json(str(root))
    assert code == 1
    [finding] = f033(report)
    assert finding["file"] == "视频.zip" and "视频/" in finding["hint"] and "解压" in finding["hint"]


def test_zip_of_project_zips(tmp_path):
    inner = tmp_path / "各项目"
    inner.mkdir()
    for n, who in enumerate(("甲", "乙")):
        folder = make_project(tmp_path / "src" / who, f"{NAME}{n}")
        with zipfile.ZipFile(inner / f"{who}.zip", "w") as zf:
            for rel, data in project_files(folder, who).items():
                zf.writestr(rel, data)
    outer = tmp_path / "汇总.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        for p in sorted(inner.iterdir()):
            zf.write(p, p.name)
    code, report = run_json(str(outer))
    assert code == 1
    [finding] = f033(report)
    assert "甲.zip" in finding["message"] and "乙.zip" in finding["message"] and "汇总包" in finding["message"]


def test_backup_zip_beside_complete_materials_is_no_finding(tmp_path):
    root = make_project(tmp_path / "跟刀架成果", NAME)
    shutil.make_archive(str(tmp_path / "备份"), "zip", root)
    shutil.move(str(tmp_path / "备份.zip"), root / "备份.zip")
    code, report = run_json(str(root))
    assert f033(report) == []
