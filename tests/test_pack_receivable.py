"""`pack` never writes a package its own `verify` refuses, and the caps let a real phone video through.

Big files are sparse (truncate): nothing near their size is written, and the refusals come before writing.
"""

from __future__ import annotations

import json
import os
import zipfile

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import copy_project
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, MB, Limits, Member, judge
from wuxiao_cli.cli import app
from wuxiao_cli.package.receivable import Unreceivable, check_sizes, check_written
from wuxiao_cli.package.zipper import Item

runner = CliRunner()


def test_a_five_minute_phone_video_fits_what_verify_accepts():
    video = 5 * 60 * 50_000_000 // 8  # 5 minutes of 1080p at 50 Mbit/s: 1.875 GB, stored as is
    assert judge([Member("项目/videos/演示.mp4", video, video)], DEFAULT_LIMITS) == []
    assert judge([Member("项目/videos/演示.mp4", 2 * video, 2 * video)], DEFAULT_LIMITS) == []  # at 100 Mbit/s


def test_check_names_a_file_over_verifys_cap_and_pack_refuses_it_before_writing(passing_project, tmp_path):
    root = copy_project(passing_project, tmp_path / "项目")
    (video,) = (root / "videos").iterdir()
    os.truncate(video, DEFAULT_LIMITS.max_entry)  # sparse zeros after the moov: at the cap, every rule passes
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    size = DEFAULT_LIMITS.max_entry + 1
    os.truncate(video, size)
    checked = runner.invoke(app, ["check", str(root), "-f", "json"])
    assert checked.exit_code == 1
    (finding,) = [f for f in json.loads(checked.output)["projects"][0]["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "F034" and finding["file"] == f"videos/{video.name}"
    assert f"{size:,} 字节" in finding["message"] and "4,000 MB" in finding["message"] and "压缩" in finding["hint"]

    out = tmp_path / "out"
    result = runner.invoke(app, ["pack", str(root), "-o", str(out), "--ignore", "F034", "--reason", "照样打包"])
    assert result.exit_code == 2, result.output  # waived, the cap still holds: one line, nothing written
    (said,) = [line for line in result.output.splitlines() if line.strip()]
    assert f"videos/{video.name}" in said and f"{size:,} 字节" in said
    assert f"{DEFAULT_LIMITS.max_entry // MB:,} MB" in said and "压缩" in said
    assert not out.exists()


def test_a_package_over_the_total_or_the_count_is_refused(tmp_path):
    items = [Item(f"photos/{n}.jpg", 0.0, data=b"x" * 600) for n in range(3)]
    with pytest.raises(Unreceivable, match="--split"):
        check_sizes([items], "顶层", Limits(max_total=1000))
    with pytest.raises(Unreceivable, match="3 个文件"):
        check_sizes([items], "顶层", Limits(max_entries=4))
    check_sizes([items], "顶层", Limits(max_total=1800, max_entries=5))


def test_a_written_zip_that_deflates_past_the_ratio_is_refused(tmp_path):
    path = tmp_path / "包.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("顶层/form.toml", b"\0" * (20 * MB))
    with pytest.raises(Unreceivable, match="压缩比"):
        check_written(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("顶层/form.toml", os.urandom(2 * MB))
    check_written(path)
