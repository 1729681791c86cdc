"""`pack`, `verify`, the app's buttons and the Jiangsu letter on Windows: the antivirus holding a zip just
written, a zip open in the preview pane, a file in verify's temporary folder that cannot be deleted, a
project at a drive root. Windows' refusals are simulated (win_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import copy_project
from tests.win_helpers import WinSim
from wuxiao_cli.cli import app
from wuxiao_cli.discover import OUTPUT_DIR
from wuxiao_cli.gui import actions
from wuxiao_cli.ops import OpError
from wuxiao_cli.profile import load_profile

runner = CliRunner()


def _pack(proj: Path, out: Path, *more: str):
    return runner.invoke(app, ["pack", str(proj), "-o", str(out), *more])


def test_pack_waits_out_the_antivirus_holding_the_new_zip(passing_project, tmp_path, monkeypatch):
    """Defect 6: the zip's final rename is held once (Defender scanning it): pack waits, then writes it."""
    proj = copy_project(passing_project, tmp_path / "p")
    win = WinSim(monkeypatch, scanned=[".wuxiao-part"])
    result = _pack(proj, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert len(win.refused) == 1 and len(list((tmp_path / "out").glob("*.zip"))) == 1


def test_a_zip_open_in_the_preview_pane_is_named_with_what_to_do(passing_project, tmp_path, monkeypatch):
    """Defect 10: --overwrite of a zip held for good names the zip itself (not .….wuxiao-part) and says to
    close it; no temporary file is left beside it."""
    proj = copy_project(passing_project, tmp_path / "p")
    assert _pack(proj, tmp_path / "out").exit_code == 0
    (package,) = (tmp_path / "out").glob("*.zip")
    WinSim(monkeypatch, locked=[str(package)])
    result = _pack(proj, tmp_path / "out", "--overwrite")
    assert result.exit_code == 2, result.output
    line = result.output.strip().splitlines()[-1]
    assert f"（{package}）" in line and "预览窗格" in line and "关闭" in line and "wuxiao-part" not in line, line
    assert list((tmp_path / "out").iterdir()) == [package]


def test_verify_shows_its_verdict_when_a_temporary_file_cannot_be_deleted(passing_project, tmp_path, monkeypatch):
    """Defect 5: the antivirus still scans the extracted video when verify cleans up: the verdict is shown,
    not 内部错误 NotADirectoryError."""
    proj = copy_project(passing_project, tmp_path / "p")
    assert _pack(proj, tmp_path / "out").exit_code == 0
    (package,) = (tmp_path / "out").glob("*.zip")
    win = WinSim(monkeypatch, locked=[".mp4"])
    result = runner.invoke(app, ["verify", str(package)])
    assert result.exit_code == 0, result.output
    assert win.refused and "内部错误" not in result.output and "错误 0" in result.output


def test_the_app_at_a_drive_root_writes_outside_the_project(tmp_path):
    """Defect 9: E:\\ is its own parent, so 五小-输出 beside it would be inside it (the next pack would pack
    the last zip): the app writes to 下载\\五小-输出 instead, as for a dropped archive."""
    downloads = tmp_path / "下载"
    root = Path(Path.cwd().anchor)  # "/" here, "E:\\" on Windows
    assert actions.output_folder(root, False, downloads) == downloads / OUTPUT_DIR
    project = tmp_path / "项目"
    assert actions.output_folder(project, False, downloads) == tmp_path / OUTPUT_DIR


def test_the_app_names_a_zip_it_cannot_replace(passing_project, tmp_path, monkeypatch):
    """Defects 6 and 10 in the app: replacing a package open elsewhere is the project's ✗ line naming the zip,
    not an error escaping the button."""
    proj = copy_project(passing_project, tmp_path / "p")
    prof = load_profile("national-2024")
    target = tmp_path / OUTPUT_DIR
    target.mkdir()
    _, (package,) = actions._pack_one(proj, prof, target, False, frozenset({proj}))
    (proj / "说明.txt").write_text("补充说明", encoding="utf-8")  # changed since: the zip is to be replaced
    WinSim(monkeypatch, locked=[str(package)])
    with pytest.raises(OpError) as caught:
        actions._pack_one(proj, prof, target, False, frozenset({proj}))
    assert str(package) in str(caught.value) and "预览窗格" in str(caught.value)
    assert list(target.iterdir()) == [package]


def test_packing_an_unchanged_project_again_waits_out_the_antivirus(passing_project, tmp_path, monkeypatch):
    """The same bytes are already there, so the new zip is deleted, but the antivirus holds it a moment:
    pack says the zip is unchanged and leaves no temporary file (it failed before)."""
    proj = copy_project(passing_project, tmp_path / "p")
    assert _pack(proj, tmp_path / "out").exit_code == 0
    (package,) = (tmp_path / "out").glob("*.zip")
    win = WinSim(monkeypatch)
    real = win._check_delete

    def once(path, dir_fd):  # the first delete of our temporary zip is refused, as Defender does
        if path.endswith(".wuxiao-part") and not win.refused:
            win._refuse(5, path)
        real(path, dir_fd)

    monkeypatch.setattr(win, "_check_delete", once)
    result = _pack(proj, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert win.refused and "完全相同" in result.output and list((tmp_path / "out").iterdir()) == [package]
