"""Split archives (explore-archives #9, #5): a volume set is one source with one Z006 finding, never
"damaged" or "not an archive"; `pack --split`'s own parts checked together are one project, as `verify`."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.archive_helpers import make_rar, project_files
from tests.batch_helpers import make_project, run_cli, run_json
from tests.conftest import invoke_cli

VOLUME = 64 * 1024


def project_zip(tmp: Path, dest: Path) -> Path:
    """A zip of a complete project folder (with one incompressible file, so that it spans volumes)."""
    root = make_project(tmp / "src" / "跟刀架成果", "数控车床细长轴加工可调式防振跟刀架的研制与应用")
    (root / "photos" / "附图.bin").write_bytes(os.urandom(4 * VOLUME))
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in project_files(root, root.name).items():
            zf.writestr(name, data)
    return dest


def split_bytes(archive: Path, folder: Path, name: str) -> list[Path]:
    """Cut ``archive`` into ``name.001``, ``name.002`` … as 7-Zip's "分卷大小" does (a plain byte split)."""
    folder.mkdir(parents=True, exist_ok=True)
    data, out = archive.read_bytes(), []
    for n, at in enumerate(range(0, len(data), VOLUME), 1):
        out.append(folder / f"{name}.{n:03d}")
        out[-1].write_bytes(data[at:at + VOLUME])
    return out


def z_rules(report: dict) -> list[list[str]]:
    return [[f["rule"] for f in p["findings"]] for p in report["projects"]]


def test_7z_volumes_are_one_finding(tmp_path):
    py7zr = pytest.importorskip("py7zr")
    root = make_project(tmp_path / "src" / "跟刀架成果", "数控车床细长轴加工可调式防振跟刀架的研制与应用")
    (root / "photos" / "附图.bin").write_bytes(os.urandom(4 * VOLUME))
    with py7zr.SevenZipFile(tmp_path / "成果.7z", "w") as sz:
        sz.writeall(root, root.name)
    parts = split_bytes(tmp_path / "成果.7z", tmp_path / "收件", "成果.7z")
    assert len(parts) >= 4
    code, report = run_json(str(tmp_path / "收件"))
    assert code == 1 and z_rules(report) == [["Z006"]]
    [finding] = report["projects"][0]["findings"]
    assert f"共 {len(parts)} 卷" in finding["message"] or f"这里有 {len(parts)} 卷" in finding["message"]
    assert "成果.7z.001" in finding["hint"] and "7-Zip" in finding["hint"]
    assert "损坏" not in finding["message"] + finding["hint"] and "重新发送" not in finding["hint"]
    # one volume given by itself: the same set, once
    code, alone = run_json(str(parts[2]))
    assert z_rules(alone) == [["Z006"]] and alone["projects"][0]["path"].endswith("成果.7z.001")


def test_zip_volumes_and_a_missing_one(tmp_path):
    parts = split_bytes(project_zip(tmp_path, tmp_path / "成果.zip"), tmp_path / "收件", "成果.zip")
    parts[1].unlink()
    code, report = run_json(str(tmp_path / "收件"))
    assert code == 1 and z_rules(report) == [["Z006"]]
    [finding] = report["projects"][0]["findings"]
    assert "缺少第 2 卷" in finding["message"] and "补发" in finding["hint"]
    assert "不是可读的 zip" not in finding["message"]


@pytest.mark.skipif(shutil.which("zip") is None, reason="Info-ZIP's zip is not installed")
def test_infozip_split_set_and_its_last_volume_alone(tmp_path):
    project_zip(tmp_path, tmp_path / "whole.zip")
    src = tmp_path / "src"
    inbox = tmp_path / "收件"
    inbox.mkdir()
    subprocess.run(["zip", "-qr", "-s", "64k", str(inbox / "成果.zip"), "跟刀架成果"], cwd=src, check=True)
    assert (inbox / "成果.z01").exists()
    code, report = run_json(str(inbox))
    assert code == 1 and z_rules(report) == [["Z006"]]
    assert "打开 成果.zip" in report["projects"][0]["findings"][0]["hint"]
    # the last volume alone, as `check 成果.zip`: recognised by its end record, never "not an archive"
    alone = tmp_path / "只有最后一卷"
    alone.mkdir()
    shutil.copy(inbox / "成果.zip", alone / "成果.zip")
    proc = invoke_cli("check", str(alone / "成果.zip"))
    assert proc.returncode == 1 and "既不是文件夹也不是压缩包" not in proc.stdout + proc.stderr
    code, report = run_json(str(alone / "成果.zip"))
    assert z_rules(report) == [["Z006"]] and "缺少" in report["projects"][0]["findings"][0]["message"]


def test_rar_part_volumes_beside_a_project(tmp_path):
    inbox = tmp_path / "收件"
    make_project(inbox / "甲项目", "数控车床细长轴加工可调式防振跟刀架的研制与应用")
    for n in (1, 2, 3):
        make_rar(inbox / f"乙.part{n}.rar", {f"乙/{n}.txt": b"x" * 10})
    code, report = run_json(str(inbox))
    by_path = {p["path"].rsplit("/", 1)[-1]: [f["rule"] for f in p["findings"]] for p in report["projects"]}
    assert by_path["乙.part1.rar"] == ["Z006"] and len(by_path) == 2
    assert not any(r.startswith("Z") for r in by_path["甲项目"])
    [finding] = [f for p in report["projects"] for f in p["findings"] if f["rule"] == "Z006"]
    assert "WinRAR" in finding["hint"] and "3 卷" in finding["message"]


def test_ordinary_archives_are_not_volumes(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    project_zip(tmp_path, inbox / "成果.zip")
    shutil.copy(inbox / "成果.zip", inbox / "成果-第1部分.zip")  # named like a part by the clerk, no manifest
    code, report = run_json(str(inbox))
    assert len(report["projects"]) == 2
    assert not any(r in ("Z006", "K003", "K005") for rules in z_rules(report) for r in rules)


@pytest.fixture(scope="module")
def split_parts(passing_project, tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("parts")
    proc = invoke_cli("pack", str(passing_project), "-o", str(out), "--split", "--max-mb", "2", "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    parts = sorted(out.glob("*部分.zip"))
    assert len(parts) >= 3
    return parts


def test_pack_split_parts_are_checked_together(split_parts, tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for p in split_parts:
        shutil.copy(p, inbox / p.name)
    code, report = run_json(str(inbox))
    assert code == 0, report
    [project] = report["projects"]
    assert project["status"] == "pass" and f"第1～{len(split_parts)}部分.zip" in project["path"]
    assert not [f for f in project["findings"] if f["severity"] == "error"]


def test_pack_split_part_missing_says_which(split_parts, tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for p in split_parts[:-1]:
        shutil.copy(p, inbox / p.name)
    code, report = run_json(str(inbox))
    assert code == 1
    [project] = report["projects"]
    messages = " ".join(f["message"] for f in project["findings"])
    assert f"第 {len(split_parts)} 部分" in messages or f"{len(split_parts)}" in messages
    assert not any(f["rule"] in ("F001", "P001", "V001", "A001", "D001", "Q001") for f in project["findings"])
    proc = run_cli("check", str(inbox))
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["pack", "fix", "verify"])
def test_pack_fix_verify_on_one_volume_say_split_archive_not_damaged(tmp_path, command):
    """One volume given to pack, fix or verify: a usage line in Z006's words (how to extract the set),
    not "damaged"; nothing is written beside it."""
    volumes = split_bytes(project_zip(tmp_path, tmp_path / "成果.zip"), tmp_path / "收件", "成果.zip")
    before = sorted(p.name for p in volumes[0].parent.iterdir())
    proc = invoke_cli(command, str(volumes[1]))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line = proc.stderr.strip()
    assert "分卷压缩包" in line and "成果.zip.001" in line and "损坏" not in line and len(line.splitlines()) == 1
    assert sorted(p.name for p in volumes[0].parent.iterdir()) == before
