"""wuxiao verify refuses damaged and unsafe packages with K003, writing nothing outside its temp dir (acceptance 3)."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuxiao_cli.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def packed(passing_project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packed")
    assert runner.invoke(app, ["pack", str(passing_project), "-o", str(out)]).exit_code == 0
    return next(out.glob("*.zip"))


def rewrite(src: Path, dest: Path, change) -> Path:
    """Copy a zip entry by entry; ``change(name, data)`` returns (name, data), or None to drop the entry."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            kept = change(info.filename, zin.read(info))
            if kept is not None:
                zout.writestr(kept[0], kept[1])
    return dest


def verify_json(*zips: Path, extra=()) -> tuple[int, dict]:
    result = runner.invoke(app, ["verify", *map(str, zips), "--format", "json", *extra])
    return result.exit_code, json.loads(result.stdout)


def k003(report: dict) -> list[dict]:
    return [f for p in report["projects"] for f in p["findings"] if f["rule"] == "K003"]


def test_fresh_pack_verifies(packed):
    code, report = verify_json(packed)
    assert code == 0 and report["summary"]["passed"] == 1 and not k003(report)


def test_tampered_file(packed, tmp_path):
    bad = rewrite(packed, tmp_path / "t.zip",
                  lambda n, d: (n, d + b"x") if n.endswith("form.toml") else (n, d))
    code, report = verify_json(bad)
    assert code == 1
    assert [f["file"] for f in k003(report)] == ["form.toml"]


def test_missing_file(packed, tmp_path):
    bad = rewrite(packed, tmp_path / "m.zip", lambda n, d: None if n.endswith("成果介绍.mp3") else (n, d))
    code, report = verify_json(bad)
    assert code == 1 and [f["file"] for f in k003(report)] == ["audio/成果介绍.mp3"]


def test_extra_file(packed, tmp_path):
    top = zipfile.ZipFile(packed).namelist()[0].split("/")[0]

    def add(n, d):
        return (n, d)

    bad = rewrite(packed, tmp_path / "e.zip", add)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr(f"{top}/photos/多出来.jpg", b"extra")
    code, report = verify_json(bad)
    assert code == 1 and [f["file"] for f in k003(report)] == ["photos/多出来.jpg"]


def no_escape(tmp_path: Path, name: str) -> None:
    """Nothing of the zip landed beside or above where we are (the cwd is the repo; check tmp)."""
    assert not (tmp_path / name).exists() and not (tmp_path.parent / name).exists()


@pytest.mark.parametrize("entry", ["../evil.txt", "/tmp/wuxiao-evil-abs.txt", "C:/evil.txt", "top/../../evil.txt"])
def test_escaping_entries(packed, tmp_path, entry):
    bad = rewrite(packed, tmp_path / "x.zip", lambda n, d: (n, d))
    with zipfile.ZipFile(bad, "a") as zf:
        info = zipfile.ZipInfo("placeholder")
        info.filename = entry  # ZipInfo() would strip the leading '/'; set the raw name
        zf.writestr(info, b"evil")
    code, report = verify_json(bad)
    assert code == 1
    assert any(entry in f["message"] for f in k003(report))
    no_escape(tmp_path, "evil.txt")
    assert not Path("/tmp/wuxiao-evil-abs.txt").exists()
    assert report["projects"][0]["findings"] and all(f["rule"][0] == "K" for f in report["projects"][0]["findings"])


def test_symlink_entry(packed, tmp_path):
    top = zipfile.ZipFile(packed).namelist()[0].split("/")[0]
    bad = rewrite(packed, tmp_path / "s.zip", lambda n, d: (n, d))
    with zipfile.ZipFile(bad, "a") as zf:
        info = zipfile.ZipInfo(f"{top}/photos/link.jpg")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    code, report = verify_json(bad)
    assert code == 1 and any("符号链接" in f["message"] for f in k003(report))


def test_declared_size_over_cap(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("p/zeros.bin", b"\0" * 3_000_000)
    code, report = verify_json(bomb, extra=["--max-total-mb", "2"])
    assert code == 1
    assert any("压缩炸弹" in f["message"] for f in k003(report))
    # the ratio cap alone catches it too, whatever the total cap
    code, report = verify_json(bomb)
    assert code == 1 and any("压缩比" in f["message"] for f in k003(report))


def test_just_under_total_cap_passes_the_size_check(tmp_path):
    ok = tmp_path / "ok.zip"
    with zipfile.ZipFile(ok, "w") as zf:
        zf.writestr("p/data.bin", b"\1" * 1_900_000)
    code, report = verify_json(ok, extra=["--max-total-mb", "2"])
    assert not any("压缩炸弹" in f["message"] for f in k003(report))
    # no manifest: not refused any more (issue 13), its content is checked and K004 says so
    assert any(f["rule"] == "K004" for p in report["projects"] for f in p["findings"])


def test_not_a_zip(tmp_path):
    fake = tmp_path / "fake.zip"
    fake.write_text("hello", encoding="utf-8")
    code, report = verify_json(fake)
    assert code == 1 and k003(report)
