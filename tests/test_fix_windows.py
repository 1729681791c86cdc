"""`wuxiao fix` on Windows: the antivirus holding what was just written, the 题库 open in Excel, read-only
files (from a CD, some extractors) and Office's lock files. Windows' refusals are simulated (win_helpers)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quiz_helpers import question, valid_rows, write_bank
from typer.testing import CliRunner

from tests.pack_helpers import copy_project, write_jpeg
from tests.win_helpers import WinSim
from wuxiao_cli.cli import app

runner = CliRunner()
PHOTO = Path("photos") / "清洗篮正面.jpg"


def _flawed(passing_project: Path, tmp_path: Path) -> Path:
    """A project with a 72 dpi photo and a bank answer to normalise: two files fix rewrites."""
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / PHOTO, dpi=72, target=1_100_000)
    rows = valid_rows(20)
    rows[1] = question("多选", answer="ca", n=1)
    write_bank(proj / "quizbank.xlsx", rows)
    return proj


def _read_only(*paths: Path) -> None:
    for p in paths:
        os.chmod(p, stat.S_IREAD)


def _left_behind(folder: Path) -> list[str]:
    """Our temporary files and folders, wherever they are under ``folder``."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".wuxiao-tmp", ".wuxiao-part"))
                  or p.name.startswith("tmp") and p.suffix == ".xlsx")


def test_fix_waits_out_the_antivirus_holding_what_it_just_wrote(passing_project, tmp_path, monkeypatch):
    """Defect 6: the photo's rewrite and the copy's final rename are each held once: fix waits, then succeeds."""
    proj = _flawed(passing_project, tmp_path)
    win = WinSim(monkeypatch, scanned=[".wuxiao-tmp", ".wuxiao-part"])
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert len(win.refused) == 2 and "修复结果写在" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p"]


def test_a_copy_held_for_good_is_named_with_what_to_do_and_nothing_is_left(passing_project, tmp_path, monkeypatch):
    """Defects 6 and 8: the copy cannot be renamed into place; the message names the copy the user asked
    for and says to wait, and the temporary copy (read-only files included) is removed."""
    proj = _flawed(passing_project, tmp_path)
    _read_only(proj / "form.toml", proj / "audio" / "成果介绍.mp3")
    WinSim(monkeypatch, locked=[".wuxiao-part"], read_only=True)
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"（{tmp_path / 'out' / 'p'}）" in result.output and "稍等片刻后重新运行" in result.output
    assert "wuxiao-part" not in result.output and len(result.output.strip().splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []


def test_the_fixed_copy_of_read_only_files_is_writable(passing_project, tmp_path, monkeypatch):
    """Defect 8: the copy does not carry the read-only attribute onto the files fix rewrites, or any other."""
    proj = _flawed(passing_project, tmp_path)
    _read_only(proj / PHOTO, proj / "quizbank.xlsx", proj / "form.toml")
    WinSim(monkeypatch, read_only=True)
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert "300 dpi" in result.output and "正确答案“ca”改为“AC”" in result.output
    copy = tmp_path / "out" / "p"
    assert all(p.stat().st_mode & stat.S_IWUSR for p in copy.rglob("*") if p.is_file())
    assert _left_behind(tmp_path) == []


def test_fixing_read_only_files_in_place_works_and_leaves_no_temporary_file(passing_project, tmp_path, monkeypatch):
    """Defect 8: --in-place on a read-only photo and bank: both fixed, .orig kept, no .wuxiao-tmp left."""
    proj = _flawed(passing_project, tmp_path)
    _read_only(proj / PHOTO, proj / "quizbank.xlsx")
    WinSim(monkeypatch, read_only=True)
    result = runner.invoke(app, ["fix", str(proj), "--in-place"])
    assert result.exit_code in (0, 1), result.output
    assert "300 dpi" in result.output and "正确答案“ca”改为“AC”" in result.output
    assert (proj / "quizbank.xlsx.orig").is_file() and (proj / "photos" / "清洗篮正面.jpg.orig").is_file()
    assert _left_behind(proj) == []


def test_a_bank_open_in_excel_is_named_with_the_fix_and_gets_no_backup(passing_project, tmp_path, monkeypatch):
    """Defect 7: --in-place with quizbank.xlsx open in Excel: a Chinese line naming it and what to do, no
    English class name, no .orig beside the unchanged bank; the photo is still fixed."""
    proj = _flawed(passing_project, tmp_path)
    before = (proj / "quizbank.xlsx").read_bytes()
    WinSim(monkeypatch, locked=["quizbank.xlsx"])
    result = runner.invoke(app, ["fix", str(proj), "--in-place"])
    (line,) = [s for s in result.output.splitlines() if "quizbank.xlsx：" in s]
    assert "Excel、Word、WPS" in line and "关闭" in line and "Error" not in line, line
    assert "300 dpi" in result.output
    assert (proj / "quizbank.xlsx").read_bytes() == before and not (proj / "quizbank.xlsx.orig").exists()
    assert _left_behind(proj) == []


def test_junk_is_not_copied_into_the_fixed_copy(passing_project, tmp_path):
    """Defect 16: Office and LibreOffice lock files, Thumbs.db, .DS_Store are ignored everywhere (SPEC §2):
    the copy leaves them out (Office may even refuse to let them be read)."""
    proj = _flawed(passing_project, tmp_path)
    junk = ["~$quizbank.xlsx", ".~lock.quizbank.xlsx#", "Thumbs.db", ".DS_Store", "photos/Thumbs.db", "__MACOSX/._a.jpg"]
    for rel in junk:
        (proj / rel).parent.mkdir(exist_ok=True)
        (proj / rel).write_bytes(b"junk")
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    copy = tmp_path / "out" / "p"
    assert [rel for rel in junk if (copy / rel).exists()] == [] and not (copy / "__MACOSX").exists()
    assert (copy / "quizbank.xlsx").is_file() and (copy / PHOTO).is_file()


def test_an_unsafe_name_is_renamed_after_the_antivirus_lets_go(passing_project, tmp_path, monkeypatch):
    """Defect 6: the photo just copied is still being scanned when fix renames it (F027): fix waits."""
    proj = copy_project(passing_project, tmp_path / "p")
    (proj / "photos" / "现场使用.jpg").rename(proj / "photos" / "现场:使用?.jpg")
    win = WinSim(monkeypatch, scanned=["现场:使用?.jpg"])
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert win.refused and (tmp_path / "out" / "p" / "photos" / "现场_使用_.jpg").is_file()


def test_a_file_that_cannot_be_copied_is_named_in_chinese_with_what_to_do(passing_project, tmp_path, monkeypatch):
    """Defect 16: a document Word holds open refuses to be read: one Chinese line naming it, without the
    OS's raw "[Errno 13] …: '…'", and nothing left in the output folder."""
    import shutil

    proj = _flawed(passing_project, tmp_path)
    (proj / "补充说明.docx").write_bytes(b"x")
    real = shutil.copy2

    def copy2(src, dst, **kw):
        if str(src).endswith("补充说明.docx"):
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(src))
        return real(src, dst, **kw)

    monkeypatch.setattr(shutil, "copy2", copy2)
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert f"无法复制 {proj / '补充说明.docx'}：没有权限或文件正被占用（文件是否正在" in line, line
    assert line.endswith("重新运行）") and "[Errno" not in line and list((tmp_path / "out").iterdir()) == []
