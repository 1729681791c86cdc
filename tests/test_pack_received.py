"""`pack` and `fix` on what a clerk receives work on the project `check` finds.

Exploration of received archives, defect 2: an archive holding the project folder and a stray
推荐函.docx, a double wrapper (成果/成果/…) or a bare `__MACOSX/` (7z, RAR) passed `check`, but `pack` and
`fix` worked on the archive's root and refused with six false "缺少…" errors.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

import py7zr
import pytest
from typer.testing import CliRunner

from tests.archive_helpers import make_rar, project_files, zip_flagless
from tests.conftest import EXAMPLES
from wuxiao_cli.archive import extracted, rar
from wuxiao_cli.cli import app
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
MAC_JUNK = {"__MACOSX/跟刀架成果/._form.docx": b"\0\5\26\7junk", "跟刀架成果/.DS_Store": b"junk"}


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """Archives are extracted under a temp dir we watch: it must be empty after every command."""
    watched = tmp_path / "systmp"
    watched.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(watched))
    yield watched
    assert list(watched.iterdir()) == [], "temporary files left behind"


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


def seven_zip(path: Path, files: dict[str, bytes]) -> Path:
    with py7zr.SevenZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(data, name)
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


LAYOUTS = {
    "letter-beside": lambda d: zip_utf8(d / "收到.zip", {**project_files(GOOD, "跟刀架成果"), "推荐函.docx": letter()}),
    "letter-beside-gbk": lambda d: zip_flagless(d / "收到.zip", {**project_files(GOOD, "跟刀架成果"),
                                                                 "推荐函.docx": letter()}, "gbk"),
    "double-wrapper": lambda d: zip_utf8(d / "收到.zip", project_files(GOOD, "跟刀架成果/跟刀架成果")),
    "7z-macosx": lambda d: seven_zip(d / "收到.7z", {**project_files(GOOD, "跟刀架成果"), **MAC_JUNK}),
    "rar-macosx": lambda d: make_rar(d / "收到.rar", {**project_files(GOOD, "跟刀架成果"), **MAC_JUNK}),
}


@pytest.mark.parametrize("layout", [*(k for k in LAYOUTS if k != "rar-macosx"),
                                    pytest.param("rar-macosx", marks=pytest.mark.skipif(
                                        rar.find_tool() is None, reason="no RAR extractor"))])
def test_pack_and_fix_use_the_project_check_finds(tmp_path, unzipped_package, layout):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    archive = LAYOUTS[layout](inbox)
    before = snapshot(inbox)
    checked = runner.invoke(app, ["check", str(archive), "-q", "--jobs", "1"])
    assert checked.exit_code == 0, checked.output

    packed = pack_into(archive, tmp_path / "发送")
    if "macosx" in layout:  # the report inside (and so the manifest) also lists the .DS_Store left out (K001)
        packed, unzipped_package = _files(packed), _files(unzipped_package)
    assert packed == unzipped_package  # the same package, the letter not in it

    fixed = runner.invoke(app, ["fix", str(archive), "-o", str(tmp_path / "修复")])
    assert fixed.exit_code == 0, fixed.output
    copy = tmp_path / "修复" / archive.stem
    assert (copy / "form.docx").is_file() and (copy / "photos").is_dir()
    assert not (copy / "推荐函.docx").exists() and not (copy / "跟刀架成果").exists()
    assert snapshot(inbox) == before  # the archive itself only read


def test_bare_macosx_beside_the_folder_of_a_7z_is_junk_not_content(tmp_path):
    """7z and RAR write `__MACOSX/` out (zips leave it out): the one folder beside it is still the wrapper."""
    archive = seven_zip(tmp_path / "mac.7z", {**project_files(GOOD, "跟刀架成果"), **MAC_JUNK})
    with extracted(archive) as x:
        assert x.wrapper == "跟刀架成果" and x.folder.name == "跟刀架成果"
