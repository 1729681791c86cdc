"""Bad input never ends in a traceback and never touches the folder (SPEC §2, §3).

Each case builds a project, runs the real CLI on it (`python -m wuxiao_cli check … --format json`)
and requires: exit code 0 or 1, valid JSON on stdout, no "Traceback" on stderr, the expected
findings, and every file's bytes, size, mtime and mode unchanged.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import invoke_cli
from tests.factories import (
    make_jpeg,
    make_mp3,
    make_mp4,
    make_pdf_text_only,
    make_png,
    make_red_seal_png,
    make_truncated_jpeg,
    make_truncated_mp3,
    make_truncated_mp4,
    make_wav,
)
from tests.media_helpers import REPO, check, of, put, snapshot

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_check(project: Path) -> dict:
    """Run `wuxiao check PROJECT --format json`; assert the contract; return the project's report."""
    before = snapshot(project)
    proc = invoke_cli("check", str(project), "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
    report = json.loads(proc.stdout)
    assert snapshot(project) == before, "check modified the project folder"
    assert len(report["projects"]) == 1
    result = report["projects"][0]
    assert proc.returncode == (1 if result["errors"] else 0)
    assert not [f for f in result["findings"] if "程序出错" in f["message"]], "a rule crashed"
    return result


def pairs(result: dict) -> set[tuple[str, str, str | None]]:
    return {(f["rule"], f["severity"], f["file"]) for f in result["findings"]}


def bomb_jpeg(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A 16×16 JPEG whose SOF0 header claims ``width``×``height``: tiny on disk, a bomb if decoded."""
    make_jpeg(path, width=16, height=16)
    data = bytearray(path.read_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    path.write_bytes(bytes(data))
    return path


# --------------------------------------------------------------------------- the CLI cases


def test_zero_byte_files_in_every_folder(tmp_path):
    for rel in ("form.docx", "quizbank.xlsx", "photos/正视图.jpg", "videos/现场演示.mp4", "audio/成果讲解.mp3",
                "authorization/授权书.pdf", "craftsman/工匠简介.docx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    found = pairs(run_check(tmp_path))
    assert {
        ("F002", "error", "form.docx"),
        ("P004", "error", "photos/正视图.jpg"),
        ("V003", "error", "videos/现场演示.mp4"),
        ("A003", "error", "audio/成果讲解.mp3"),
        ("D002", "error", "authorization/授权书.pdf"),
    } <= found


def test_truncated_files(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "truncated.jpg", make_truncated_jpeg)
    put(tmp_path, "videos/现场演示.mp4", "truncated.mp4", make_truncated_mp4)
    put(tmp_path, "audio/成果讲解.mp3", "truncated.mp3", make_truncated_mp3)
    pdf = make_pdf_text_only(tmp_path / "authorization" / "授权书.pdf")
    pdf.write_bytes(pdf.read_bytes()[:200])
    found = pairs(run_check(tmp_path))
    assert {
        ("P004", "error", "photos/正视图.jpg"),
        ("V003", "error", "videos/现场演示.mp4"),
        ("A003", "error", "audio/成果讲解.mp3"),
        ("D002", "error", "authorization/授权书.pdf"),
    } <= found


def test_renamed_files(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "fake-PNG.bin", make_png)
    put(tmp_path, "videos/手机拍摄.mp4", "bad-mov.mp4", make_mp4, seconds=0.2, container="mov")
    put(tmp_path, "videos/剪映导出.mp4", "bad-mkv.mp4", make_mp4, seconds=0.2, container="mkv")
    put(tmp_path, "audio/成果讲解.mp3", "fake-WAV.bin", make_wav)
    found = pairs(run_check(tmp_path))
    assert {
        ("P003", "error", "photos/正视图.jpg"),
        ("V002", "error", "videos/手机拍摄.mp4"),
        ("V002", "error", "videos/剪映导出.mp4"),
        ("A002", "error", "audio/成果讲解.mp3"),
    } <= found


@pytest.mark.skipif(sys.platform == "win32", reason="chmod(0) only sets the read-only flag on Windows")
def test_file_without_read_permission(tmp_path):
    photo = put(tmp_path, "photos/正视图.jpg", "good-1500000.jpg", make_jpeg, copy=True,
                target_bytes=1_500_000, width=1600, height=1200)
    mode = photo.stat().st_mode
    photo.chmod(0)
    try:
        found = pairs(run_check(tmp_path))
    finally:
        photo.chmod(stat.S_IMODE(mode))
    if IS_ROOT:  # root reads anything: the photo is judged as the good JPEG it is
        assert not {p for p in found if p[2] == "photos/正视图.jpg"}
    else:
        assert ("P004", "error", "photos/正视图.jpg") in found


def test_unreadable_file_in_process(tmp_path, monkeypatch):
    """The same case without relying on the OS (root reads anything): every reader's open() is refused."""
    put(tmp_path, "photos/正视图.jpg", "good-1500000.jpg", make_jpeg, target_bytes=1_500_000, width=1600, height=1200)
    put(tmp_path, "videos/现场演示.mp4", "sniff-good.mp4", make_mp4, seconds=0.2)
    put(tmp_path, "audio/成果讲解.mp3", "real.mp3", make_mp3)
    put(tmp_path, "authorization/授权书.png", "seal.png", make_red_seal_png)

    def refuse(*_args, **_kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("wuxiao_cli.sniff.open", refuse, raising=False)
    found = {(f.rule, f.severity, f.file) for f in check(tmp_path)}
    assert {
        ("P004", "error", "photos/正视图.jpg"),
        ("V003", "error", "videos/现场演示.mp4"),
        ("A003", "error", "audio/成果讲解.mp3"),
        ("D002", "error", "authorization/授权书.png"),
    } <= found


def test_unreadable_folder_in_process(tmp_path, monkeypatch):
    (tmp_path / "photos").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "photos":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("wuxiao_cli.project.os.scandir", scandir)
    assert [(f.severity, f.file) for f in of(check(tmp_path), "F028")] == [("error", "photos")]


def test_folder_named_like_a_file(tmp_path):
    (tmp_path / "photos" / "正面.jpg").mkdir(parents=True)
    (tmp_path / "videos" / "演示.mp4").mkdir(parents=True)
    (tmp_path / "audio" / "讲解.mp3").mkdir(parents=True)
    (tmp_path / "authorization" / "授权书.pdf").mkdir(parents=True)
    found = pairs(run_check(tmp_path))
    assert {
        ("P002", "error", "photos/"),
        ("P011", "warning", "photos/正面.jpg/"),
        ("V001", "error", "videos/"),
        ("A001", "error", "audio/"),
        ("D001", "error", "authorization/"),
    } <= found


def test_symlink_pointing_outside(tmp_path):
    outside = tmp_path / "elsewhere"
    put(outside, "机密.jpg", "good-1500000.jpg", make_jpeg, target_bytes=1_500_000, width=1600, height=1200)
    project = tmp_path / "project"
    (project / "photos").mkdir(parents=True)
    try:
        (project / "photos" / "正视图.jpg").symlink_to(outside / "机密.jpg")
        (project / "videos").symlink_to(outside, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks on this system")
    found = pairs(run_check(project))
    assert {("F028", "error", "photos/正视图.jpg"), ("F028", "error", "videos")} <= found
    assert not any(p[2] == "photos/正视图.jpg" for p in found if p[0].startswith("P"))


def test_windows_illegal_names(tmp_path):
    names = ["photos/正面:前.jpg", "photos/侧面?.jpg", "photos/CON.jpg", "photos/俯视图.jpg ", "audio/讲解|终版.mp3"]
    for rel in names:
        if ".jpg" in rel:
            put(tmp_path, rel, "good-1500000.jpg", make_jpeg, target_bytes=1_500_000, width=1600, height=1200)
        else:
            put(tmp_path, rel, "real.mp3", make_mp3)
    found = pairs(run_check(tmp_path))
    assert {("F027", "error", rel) for rel in names} <= found


def test_docx_that_is_a_zip_of_junk(tmp_path):
    for rel in ("form.docx", "authorization/授权书.docx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp_path / rel, "w") as zf:
            zf.writestr("junk.bin", os.urandom(64))
    found = pairs(run_check(tmp_path))
    assert {("F002", "error", "form.docx"), ("D002", "error", "authorization/授权书.docx")} <= found


@pytest.mark.parametrize("side", [11000, 20000])  # 121 MP: over our limit, Pillow only warns; 400 MP: Pillow refuses
def test_decompression_bomb_jpeg(tmp_path, side):
    bomb = bomb_jpeg(tmp_path / "photos" / "正视图.jpg", side, side)
    assert bomb.stat().st_size < 2000
    if side == 20000:
        with pytest.raises(Image.DecompressionBombError):
            Image.open(bomb)
    result = run_check(tmp_path)
    p004 = [f for f in result["findings"] if f["rule"] == "P004"]
    assert [(f["severity"], f["file"]) for f in p004] == [("error", "photos/正视图.jpg")]
    assert f"{side}×{side}" in p004[0]["message"]
    assert "120,000,000" in p004[0]["message"]


def test_decompression_bomb_png_in_authorization(tmp_path):
    """A scan that claims 20000×20000: D002 (cannot be opened safely), not a crash or a 1.2 GB decode."""
    png = tmp_path / "authorization" / "授权书.png"
    png.parent.mkdir(parents=True)
    make_red_seal_png(png)
    data = bytearray(png.read_bytes())
    data[16:24] = struct.pack(">II", 20000, 20000)  # IHDR width/height (CRC now wrong too)
    png.write_bytes(bytes(data))
    found = pairs(run_check(tmp_path))
    assert ("D002", "error", "authorization/授权书.png") in found


# --------------------------------------------------------------------------- never modifies


def test_check_leaves_a_full_project_untouched(tmp_path):
    """Hash every file (path, size, sha256, mtime, mode) before and after a check of a busy project."""
    for i, name in enumerate(("正视图", "侧视图", "IMG_1234")):
        put(tmp_path, f"photos/{name}.jpg", "good-1500000.jpg", make_jpeg, target_bytes=1_500_000,
            width=1600, height=1200)
        os.utime(tmp_path / f"photos/{name}.jpg", (1_600_000_000 + i, 1_600_000_000 + i))
    put(tmp_path, "photos/改名的.jpg", "fake-PNG.bin", make_png)
    put(tmp_path, "videos/现场演示.mp4", "sniff-good.mp4", make_mp4, seconds=0.2)
    put(tmp_path, "audio/成果讲解.mp3", "truncated.mp3", make_truncated_mp3)
    put(tmp_path, "authorization/授权书.png", "seal.png", make_red_seal_png)
    (tmp_path / "photos" / "Thumbs.db").write_bytes(b"\x00junk")
    (tmp_path / "~$form.docx").write_bytes(b"lock")
    (tmp_path / "form.toml").write_text('name = "自动折叠反刮刀具的开发应用"\n', encoding="utf-8")
    before = snapshot(tmp_path)
    assert len(before) > 10
    run_check(tmp_path)
    check(tmp_path)  # in-process too
    assert snapshot(tmp_path) == before


EXAMPLES = sorted(p for p in (REPO / "examples").glob("*") if p.is_dir()) if (REPO / "examples").is_dir() else []


@pytest.mark.skipif(not EXAMPLES, reason="examples/ not present")
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_check_leaves_examples_untouched(example):
    before = snapshot(example)
    proc = invoke_cli("check", str(example), "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    json.loads(proc.stdout)
    assert snapshot(example) == before
