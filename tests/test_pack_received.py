"""`pack` and `fix` on what a clerk receives work on the project `check` finds.

Exploration of received archives, defect 2: a 7z or RAR holding a bare `__MACOSX/` beside the project
folder passed `check`, but `pack` and `fix` worked on the archive's root and refused with six false
"缺少…" errors.
"""

from __future__ import annotations

import tempfile

import py7zr
import pytest

from tests.archive_helpers import project_files
from tests.conftest import EXAMPLES
from wuxiao_cli.archive import extracted

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


def seven_zip(path, files: dict[str, bytes]):
    with py7zr.SevenZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(data, name)
    return path


def test_bare_macosx_beside_the_folder_of_a_7z_is_junk_not_content(tmp_path):
    """7z and RAR write `__MACOSX/` out (zips leave it out): the one folder beside it is still the wrapper."""
    archive = seven_zip(tmp_path / "mac.7z", {**project_files(GOOD, "跟刀架成果"), **MAC_JUNK})
    with extracted(archive) as x:
        assert x.wrapper == "跟刀架成果" and x.folder.name == "跟刀架成果"
