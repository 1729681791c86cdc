"""A file name that is not UTF-8 (GBK bytes from a Windows zip unpacked unconverted): F027, and no output crashes."""

from __future__ import annotations

import json
import os
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import copy_project
from wuxiao_cli.cli import app
from wuxiao_cli.text import readable, safe, undecodable

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                                reason="Windows and macOS file systems cannot hold a name that is not Unicode")

runner = CliRunner()
GBK_VIDEO = "跟刀架.mp4".encode("gbk")  # b'\xb8\xfa\xb5\xb6\xbc\xdc.mp4'
SHOWN = "videos/\\xb8\\xfa\\xb5\\xb6\\xbc\\xdc.mp4"


def cli(*args):
    return runner.invoke(app, [*map(str, args)])


@pytest.fixture
def gbk_named(tmp_path, passing_project):
    """The passing project with its video renamed to the GBK bytes of 跟刀架.mp4, as `unzip` leaves it."""
    root = copy_project(passing_project, tmp_path / "项目")
    videos = os.fsencode(root / "videos")
    (video,) = os.listdir(videos)
    os.rename(os.path.join(videos, video), os.path.join(videos, GBK_VIDEO))
    return root


def test_undecodable_bytes_show_as_the_byte():
    name = os.fsdecode(b"\xb8\xfa.mp4")
    assert undecodable(name) and not undecodable("跟刀架.mp4")
    assert readable(name) == safe(name) == "\\xb8\\xfa.mp4"
    assert safe(safe(name)) == safe(name)
    readable(name).encode("utf-8")  # writable anywhere


def test_check_reports_the_name_as_f027_with_the_bytes_and_a_rename(gbk_named):
    result = cli("check", gbk_named, "-f", "json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.output)["projects"][0]["findings"]
    (f027,) = [f for f in found if f["rule"] == "F027"]
    assert f027["severity"] == "error" and f027["file"] == SHOWN
    assert "\\xb8\\xfa" in f027["message"] and "UTF-8" in f027["message"]
    assert "跟刀架.mp4" in f027["hint"] and "改名" in f027["hint"]
    table = cli("check", gbk_named)
    assert table.exception is None or isinstance(table.exception, SystemExit), table.output
    assert "\\xb8\\xfa" in table.output


@pytest.mark.parametrize("suffix", [".html", ".xlsx"])
def test_reports_and_fixlists_are_written(gbk_named, tmp_path, suffix):
    out = tmp_path / f"报告{suffix}"
    result = cli("check", gbk_named, "--report", out, "--fixlists", tmp_path / "清单")
    assert result.exit_code == 1, result.output
    assert "内部错误" not in result.output and out.stat().st_size > 0
    if suffix == ".html":
        assert "\\xb8\\xfa" in out.read_text(encoding="utf-8")
    (checklist,) = (tmp_path / "清单").iterdir()
    assert "\\xb8\\xfa" in checklist.read_text(encoding="utf-8-sig")


def test_pack_refuses_even_with_the_rule_waived(gbk_named, tmp_path):
    waivers = tmp_path / "豁免.toml"
    waivers.write_text('[[waiver]]\nrule = "F027"\nreason = "试一下"\n', encoding="utf-8")
    out = tmp_path / "out"
    for extra in ([], ["--waivers", waivers]):
        result = cli("pack", gbk_named, "-o", out, *extra)
        assert result.exit_code == 1, result.output
        assert "内部错误" not in result.output and "F027" in result.output
        assert not out.exists() or not list(out.iterdir())


def test_fix_renames_it_to_its_gbk_reading_and_the_copy_packs(gbk_named, tmp_path):
    before = sorted(os.listdir(os.fsencode(gbk_named / "videos")))
    result = cli("fix", gbk_named, "-o", tmp_path / "修复")
    assert result.exit_code == 0, result.output
    assert SHOWN in result.output and "videos/跟刀架.mp4" in result.output
    assert sorted(os.listdir(os.fsencode(gbk_named / "videos"))) == before  # the user's folder is untouched
    fixed = tmp_path / "修复" / "项目"
    assert os.listdir(fixed / "videos") == ["跟刀架.mp4"]
    packed = cli("pack", fixed, "-o", tmp_path / "包")
    assert packed.exit_code == 0, packed.output
    (zip_path,) = (tmp_path / "包").glob("*.zip")
    assert any(n.endswith("/videos/跟刀架.mp4") for n in zipfile.ZipFile(zip_path).namelist())


def test_a_project_folder_named_in_gbk_is_readable_in_the_json_file(gbk_named, tmp_path):
    batch = tmp_path / "全省"
    batch.mkdir()
    os.rename(os.fsencode(gbk_named), os.fsencode(batch) + b"/" + "甲".encode("gbk"))
    out = tmp_path / "结果.json"
    result = cli("check", batch, "-f", "json", "-o", out)
    assert result.exit_code == 1, result.output
    (project,) = json.loads(out.read_text(encoding="utf-8"))["projects"]
    assert project["path"].endswith("/\\xbc\\xd7")


def test_the_batch_table_written_to_a_file_shows_the_bytes(gbk_named, tmp_path, passing_project):
    batch = tmp_path / "全省"
    copy_project(passing_project, batch / "乙")  # the same achievement twice: B001 names both folders
    os.rename(os.fsencode(gbk_named), os.fsencode(batch) + b"/" + "甲".encode("gbk"))
    out = tmp_path / "结果.txt"
    result = cli("check", batch, "-o", out)
    assert result.exit_code == 1, result.output
    assert "\\xbc\\xd7" in out.read_text(encoding="utf-8")


def test_a_console_in_any_encoding_shows_the_bytes():
    from wuxiao_cli.cli.streams import ERRORS

    name = os.fsdecode(b"\xbc\xd7.mp4")
    for encoding in ("utf-8", "gbk", "ascii"):
        assert name.encode(encoding, ERRORS) == b"\\xbc\\xd7.mp4"


def test_a_console_without_an_accent_shows_a_macos_name_without_a_question_mark():
    from wuxiao_cli.cli.streams import ERRORS

    assert "Cafe\u0301-型夹具 ✓".encode("gbk", ERRORS) == "Cafe-型夹具 √".encode("gbk")
    assert "Cafe\u0301".encode("ascii", ERRORS) == b"Cafe"
