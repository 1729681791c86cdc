"""`pack` and `fix` on what a clerk receives work on the project `check` finds, and refuse a batch by naming it.

Exploration of received archives, defects 2 and 10: an archive holding the project folder and a stray
推荐函.docx, a double wrapper (成果/成果/…) or a bare `__MACOSX/` (7z, RAR) passed `check`, but `pack` and
`fix` worked on the archive's root and refused with six false "缺少…" errors; a batch folder gave the same
six errors where a batch zip gave a usage line.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.archive_helpers import make_rar, project_files, seven_zip, zip_flagless
from tests.conftest import EXAMPLES
from tests.quiz_helpers import loosen_an_answer
from wuxiao_cli.archive import extracted, rar
from wuxiao_cli.cli import app
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
pytestmark = pytest.mark.usefixtures("temp_dir_left_empty")  # conftest: archives leave no temp files
MAC_JUNK = {"__MACOSX/跟刀架成果/._form.docx": b"\0\5\26\7junk", "跟刀架成果/.DS_Store": b"junk"}


def letter() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("推荐函")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def zip_utf8(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (the folder itself when a file) by path, with its SHA-256."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def package_content(out: Path) -> dict[str, tuple[int, int]]:
    """The one package written into ``out``: each entry's name, CRC-32 and size (its bytes, not its time)."""
    (made,) = out.glob("*.zip")
    with zipfile.ZipFile(made) as zf:
        return {i.filename: (i.CRC, i.file_size) for i in zf.infolist()}


def _files(content: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return {k: v for k, v in content.items() if k.rsplit("/", 1)[-1] not in (REPORT_NAME, MANIFEST_NAME)}


def pack_into(source: Path, out: Path) -> dict[str, tuple[int, int]]:
    result = runner.invoke(app, ["pack", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "缺少" not in result.output and "__MACOSX" not in result.output, result.output
    return package_content(out)


@pytest.fixture(scope="module")
def unzipped_package(tmp_path_factory) -> dict[str, tuple[int, int]]:
    """The package of the unzipped project folder: what every received form of it must give."""
    return pack_into(GOOD, tmp_path_factory.mktemp("reference"))


LAYOUTS = {  # (folder, project) → the project received in that form
    "letter-beside": lambda d, g: zip_utf8(d / "收到.zip", {**project_files(g, "跟刀架成果"), "推荐函.docx": letter()}),
    "letter-beside-gbk": lambda d, g: zip_flagless(d / "收到.zip", {**project_files(g, "跟刀架成果"),
                                                                    "推荐函.docx": letter()}, "gbk"),
    "double-wrapper": lambda d, g: zip_utf8(d / "收到.zip", project_files(g, "跟刀架成果/跟刀架成果")),
    "7z-macosx": lambda d, g: seven_zip(d / "收到.7z", {**project_files(g, "跟刀架成果"), **MAC_JUNK}),
    "rar-macosx": lambda d, g: make_rar(d / "收到.rar", {**project_files(g, "跟刀架成果"), **MAC_JUNK}),
}


@pytest.mark.parametrize("layout", [*(k for k in LAYOUTS if k != "rar-macosx"),
                                    pytest.param("rar-macosx", marks=pytest.mark.skipif(
                                        rar.find_tool() is None, reason="no RAR extractor"))])
def test_pack_and_fix_use_the_project_check_finds(tmp_path, unzipped_package, layout):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    archive = LAYOUTS[layout](inbox, GOOD)
    before = snapshot(inbox)
    checked = runner.invoke(app, ["check", str(archive), "-q", "--jobs", "1"])
    assert checked.exit_code == 0, checked.output

    packed = pack_into(archive, tmp_path / "发送")
    if "macosx" in layout:  # the report inside (and so the manifest) also lists the .DS_Store left out (K001)
        packed, unzipped_package = _files(packed), _files(unzipped_package)
    assert packed == unzipped_package  # the same package, the letter not in it

    # fix checks the same project, which passes with nothing to fix: no copy, nothing left to do
    fixed = runner.invoke(app, ["fix", str(archive), "-o", str(tmp_path / "修复")])
    assert fixed.exit_code == 0, fixed.output
    assert "未生成副本" in fixed.output and "未能自动修复" not in fixed.output
    assert not (tmp_path / "修复").exists()
    assert snapshot(inbox) == before  # the archive itself only read

    loose = shutil.copytree(GOOD, tmp_path / "loose")
    loosen_an_answer(loose / "quizbank.xlsx")  # something to fix: the copy is of the project alone
    (tmp_path / "收件2").mkdir()
    archive = LAYOUTS[layout](tmp_path / "收件2", loose)
    fixed = runner.invoke(app, ["fix", str(archive), "-o", str(tmp_path / "修复")])
    assert fixed.exit_code == 0, fixed.output
    copy = tmp_path / "修复" / archive.stem
    assert (copy / "form.docx").is_file() and (copy / "photos").is_dir()
    assert not (copy / "推荐函.docx").exists() and not (copy / "跟刀架成果").exists()


def test_bare_macosx_beside_the_folder_of_a_7z_is_junk_not_content(tmp_path):
    """7z and RAR write `__MACOSX/` out (zips leave it out): the one folder beside it is still the wrapper."""
    archive = seven_zip(tmp_path / "mac.7z", {**project_files(GOOD, "跟刀架成果"), **MAC_JUNK})
    with extracted(archive) as x:
        assert x.wrapper == "跟刀架成果" and x.folder.name == "跟刀架成果"


def _batch(tmp_path: Path, kind: str) -> tuple[Path, list[str]]:
    batch = tmp_path / "市总工会汇总"
    if kind == "folders":
        for name in ("甲项目", "乙项目"):
            shutil.copytree(GOOD, batch / name)
        return batch, ["乙项目", "甲项目"]  # in check's order, by name
    batch.mkdir()
    zip_utf8(batch / "甲.zip", project_files(GOOD, "甲"))
    seven_zip(batch / "乙.7z", project_files(GOOD, "乙"))
    return batch, ["乙.7z", "甲.zip"]


@pytest.mark.parametrize("kind", ["folders", "archives"])
@pytest.mark.parametrize("command", ["pack", "fix"])
def test_batch_folder_is_one_usage_line_naming_its_projects(tmp_path, command, kind):
    batch, names = _batch(tmp_path, kind)
    before = snapshot(batch)
    result = runner.invoke(app, [command, str(batch)])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "缺少" not in line and f"里面有 2 个项目（{'、'.join(names)}）" in line
    assert f"wuxiao {command} {(batch / names[0]).as_posix()}" in line
    assert "请逐个打包" in line if command == "pack" else "请逐个修复" in line
    assert snapshot(batch) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["systmp", "市总工会汇总"]  # no package, no copy


def test_folder_holding_one_project_names_it(tmp_path):
    shutil.copytree(GOOD, tmp_path / "收件" / "跟刀架成果")
    result = runner.invoke(app, ["pack", str(tmp_path / "收件")])
    assert result.exit_code == 2 and "缺少" not in result.output
    assert f"wuxiao pack {(tmp_path / '收件' / '跟刀架成果').as_posix()}" in result.stderr


def test_batch_archive_names_its_projects(tmp_path):
    archive = zip_utf8(tmp_path / "汇总.zip", {**project_files(GOOD, "汇总/张三"), **project_files(GOOD, "汇总/李四")})
    result = runner.invoke(app, ["pack", str(archive)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "2 个项目文件夹（张三、李四）" in line and "解压" in line


def test_batch_as_the_current_folder_shows_a_command_to_type_there(tmp_path, monkeypatch):
    batch, names = _batch(tmp_path, "folders")
    monkeypatch.chdir(batch)
    result = runner.invoke(app, ["pack"])
    assert result.exit_code == 2
    assert result.stderr.startswith("wuxiao: 当前文件夹 不是一个项目文件夹") and f"wuxiao pack {names[0]}" in result.stderr


def _zip_of(path: Path, inner: list[Path]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for p in inner:
            zf.write(p, p.name)
    return path


@pytest.mark.parametrize("command", ["pack", "fix"])
def test_zip_of_project_archives_is_one_usage_line(tmp_path, command):
    """A union's 汇总.zip of 甲.zip (Windows Explorer, CP936 names) and 乙.7z: a batch, not a project
    missing everything."""
    batch, _names = _batch(tmp_path, "archives")
    zip_flagless(batch / "甲.zip", project_files(GOOD, "甲"), "gbk")
    outer = _zip_of(tmp_path / "汇总.zip", sorted(batch.iterdir()))
    result = runner.invoke(app, [command, str(outer), "-o", str(tmp_path / "输出")])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "缺少" not in result.output and "汇总.zip 里有 2 个项目（乙.7z、甲.zip）" in line and "解压" in line
    assert not (tmp_path / "输出").exists()



STORED = (2024, 5, 1, 10, 20, 30)  # the date every entry of the received archives below carries


def _dated_zip(folder: Path, project: Path) -> Path:
    with zipfile.ZipFile(folder / "收到.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in project_files(project, "跟刀架成果").items():
            zf.writestr(zipfile.ZipInfo(name, STORED), data)
    return folder / "收到.zip"


def _dated_7z(folder: Path, project: Path) -> Path:
    import py7zr

    when = time.mktime((*STORED, 0, 0, -1))
    staged = shutil.copytree(project, folder / "staged" / "跟刀架成果")
    for p in staged.rglob("*"):
        os.utime(p, (when, when))
    with py7zr.SevenZipFile(folder / "收到.7z", "w") as z:
        z.writeall(staged, "跟刀架成果")  # py7zr stores each file's own modification time
    shutil.rmtree(folder / "staged")
    return folder / "收到.7z"


@pytest.mark.parametrize("make", [_dated_zip, _dated_7z], ids=["zip", "7z"])
def test_packing_a_received_archive_twice_gives_the_same_bytes(tmp_path, make):
    """SPEC §6: the files keep the archive's dates, not the time they were extracted, so two packs of one
    archive (and the gui's 打包 then 打包并生成邮件草稿) are byte-identical."""
    (tmp_path / "收件").mkdir()
    archive = make(tmp_path / "收件", GOOD)
    digests = []
    for n in (1, 2):
        pack_into(archive, tmp_path / f"发送{n}")
        (made,) = (tmp_path / f"发送{n}").glob("*.zip")
        with zipfile.ZipFile(made) as zf:
            dates = {i.date_time for i in zf.infolist() if i.filename.rsplit("/", 1)[-1] not in (REPORT_NAME, MANIFEST_NAME)}
        assert dates == {STORED}
        digests.append(hashlib.sha256(made.read_bytes()).hexdigest())
        if n == 1:
            time.sleep(2.1)  # past the zip's 2-second step: without the stored dates, the packs would differ
    assert digests[0] == digests[1]
