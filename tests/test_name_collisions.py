"""F029: names that are one file on Windows/macOS (case or NFC/NFD only) fail check, block pack, show in verify."""

from __future__ import annotations

import json
import os
import unicodedata
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import copy_project
from wuxiao_cli.cli import app
from wuxiao_cli.engine import check_project
from wuxiao_cli.profile import load_profile
from wuxiao_cli.rules.names import name_collisions

runner = CliRunner()


def f029(root: Path) -> list:
    return [f for f in check_project(root, load_profile(None)).findings if f.rule == "F029"]


def with_case_twins(passing_project: Path, dest: Path) -> Path:
    """The passing project plus 侧视图A.jpg and 侧视图a.jpg (skips where the file system cannot hold both)."""
    proj = copy_project(passing_project, dest)
    src = proj / "photos" / "清洗篮正面.jpg"
    (proj / "photos" / "侧视图A.jpg").write_bytes(src.read_bytes())
    (proj / "photos" / "侧视图a.jpg").write_bytes(src.read_bytes())
    if len(list((proj / "photos").iterdir())) < 5:
        pytest.skip("case-insensitive file system: the two names cannot both exist here")
    return proj


def test_case_only_names_collide(passing_project, tmp_path):
    proj = with_case_twins(passing_project, tmp_path / "p")
    [finding] = f029(proj)
    assert finding.severity == "error"
    assert "侧视图A.jpg" in finding.message and "侧视图a.jpg" in finding.message


def test_different_names_do_not_collide(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    src = proj / "photos" / "清洗篮正面.jpg"
    (proj / "photos" / "侧视图A.jpg").write_bytes(src.read_bytes())
    (proj / "photos" / "侧视图B.jpg").write_bytes(src.read_bytes())
    (proj / "photos" / "Straße.jpg").write_bytes(src.read_bytes())  # ß is not ss on Windows: two files
    (proj / "photos" / "Strasse.jpg").write_bytes(src.read_bytes())
    assert f029(proj) == []


def test_nfc_and_nfd_names_collide(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    src = proj / "photos" / "清洗篮正面.jpg"
    composed = unicodedata.normalize("NFC", "Café侧视图.jpg")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    (proj / "photos" / composed).write_bytes(src.read_bytes())
    (proj / "photos" / decomposed).write_bytes(src.read_bytes())
    if len(os.listdir(proj / "photos")) < 5:
        pytest.skip("normalisation-insensitive file system: both forms cannot exist here")
    [finding] = f029(proj)
    assert composed in finding.message and "NFC/NFD" in finding.message


def test_pack_refuses_collisions_even_when_waived(passing_project, tmp_path):
    proj = with_case_twins(passing_project, tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["pack", str(proj), "-o", str(out), "--ignore", "F029", "--reason", "x",
                                 "--format", "json"])
    assert result.exit_code == 1
    assert list(out.iterdir()) == []
    report = json.loads(result.stdout)
    assert [f["waived"] if "waived" in f else False for p in report["projects"] for f in p["findings"]
            if f["rule"] == "F029"] == [False]


def test_verify_reports_case_folded_duplicates(tmp_path):
    bad = tmp_path / "dup.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("包/photos/侧视图A.jpg", b"a")
        zf.writestr("包/photos/侧视图a.jpg", b"b")
        zf.writestr("包/photos/" + unicodedata.normalize("NFD", "Café.jpg"), b"c")
        zf.writestr("包/photos/" + unicodedata.normalize("NFC", "Café.jpg"), b"d")
    result = runner.invoke(app, ["verify", str(bad), "--format", "json"])
    assert result.exit_code == 1
    k003 = [f["message"] for p in json.loads(result.stdout)["projects"] for f in p["findings"] if f["rule"] == "K003"]
    assert any("侧视图A.jpg" in m and "侧视图a.jpg" in m for m in k003)
    assert any("Café.jpg" in unicodedata.normalize("NFC", m) and "Unicode" in m for m in k003)


def test_name_collisions_groups():
    assert name_collisions(["a/B.jpg", "a/b.jpg", "a/c.jpg"]) == [["a/B.jpg", "a/b.jpg"]]
    assert name_collisions(["x.jpg", "y.jpg"]) == []
