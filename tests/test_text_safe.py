"""A user's text never drives the terminal, Notepad or the browser: control characters and bidi overrides in
file names, form values and project names are shown as text (text.safe), and a project's name in a heading
is capped like a quoted text (text.heading)."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from conftest import REPO, invoke_cli
from form_helpers import form_with, write_toml
from test_terminal import _in_pty

from wuxiao_cli.text import NAME_CHARS, heading, safe

GOOD = REPO / "examples" / "good-project"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colour codes
HOSTILE = "\x1b[31mRED\x1b]0;title\x07"
RAW = ("\x1b", "\x07", "\u202e", "\x9b")

posix_names = pytest.mark.skipif(sys.platform == "win32", reason="Windows allows no control characters in names")


def test_safe_shows_controls_and_bidi_as_text_and_is_idempotent():
    assert safe("a\x1b[2J\x07.jpg") == "a\\x1b[2J\\x07.jpg"
    assert safe("x\n  F999.jpg") == "x\\n  F999.jpg"
    assert safe("a\u202egpj.exe") == "aU+202Egpj.exe"
    assert safe("\x7f\x9b\u2066") == "\\x7f\\x9bU+2066"
    assert safe("路径\\x1b 与 U+202E 已是文字") == "路径\\x1b 与 U+202E 已是文字"  # nothing escaped twice
    for text in ("a\x1b[2J", "x\n y", "a\u202eb"):
        assert safe(safe(text)) == safe(text)
    assert heading("名" * 5000) == "名" * NAME_CHARS + "…"


def _hostile_project(tmp_path):
    """The good example with ESC, BEL, a newline and U+202E in file names and in form.toml's values."""
    folder = tmp_path / "p"
    shutil.copytree(GOOD, folder, ignore=shutil.ignore_patterns("form.docx"))
    write_toml(folder, form_with(name=HOSTILE + "数控车床跟刀架", unit="\x1b[2J某公司", phone="\x1b[41m1380013"))
    photo = next((folder / "photos").glob("*.jpg"))
    shutil.copy(photo, folder / "photos" / f"a{HOSTILE}.jpg")
    shutil.copy(photo, folder / "photos" / "x\n  F999 伪造的错误行.jpg")
    shutil.copy(photo, folder / "photos" / "侧视\u202egpj.exe.jpg")
    (folder / "videos" / "<b>\x1b[2J.mp4").write_bytes(b"notjpg")
    return folder


@posix_names
def test_no_raw_control_reaches_the_table(tmp_path):
    folder = _hostile_project(tmp_path)
    plain = invoke_cli("check", folder, "--color", "never").stdout
    assert not any(c in plain for c in RAW)
    assert "photos/a\\x1b[31mRED\\x1b]0;title\\x07.jpg" in plain  # the name, shown as text
    assert "photos/x\\n  F999 伪造的错误行.jpg" in plain
    assert not any(line.lstrip().startswith("F999") for line in plain.splitlines())  # no forged line
    assert "\\x1b[41m1380013" in plain  # F015 quotes the phone number as text

    coloured = _in_pty("check", str(folder), "--color", "always")
    assert "\x1b[" in coloured  # rich colours the terminal…
    assert "\x1b" not in SGR.sub("", coloured.replace("\x1b[31mRED", ""))  # …and nothing else does
    assert "\x1b[31mRED" not in coloured and "\x1b[2J" not in coloured and "\x1b]0;" not in coloured
    assert not any(c in coloured for c in RAW[1:])


@posix_names
def test_no_raw_control_reaches_the_fixlist_html_or_xlsx(tmp_path):
    import openpyxl

    folder = _hostile_project(tmp_path)
    lists, page, book = tmp_path / "lists", tmp_path / "r.html", tmp_path / "r.xlsx"
    assert invoke_cli("check", folder, "--fixlists", lists).returncode == 1
    assert invoke_cli("check", folder, "--report", page).returncode == 1
    assert invoke_cli("check", folder, "--report", book).returncode == 1
    [fixlist] = lists.glob("*.txt")
    for text in (fixlist.read_text(encoding="utf-8-sig"), page.read_text(encoding="utf-8")):
        assert not any(c in text for c in RAW)
        assert "a\\x1b[31mRED\\x1b]0;title\\x07.jpg" in text
    assert "侧视U+202Egpj.exe.jpg" in page.read_text(encoding="utf-8")  # its card, named as text
    assert "\n  F999" not in fixlist.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    cells = [c.value for ws in openpyxl.load_workbook(book) for row in ws.iter_rows() for c in row]
    texts = [v for v in cells if isinstance(v, str)]
    assert any("\\x1b[2J.mp4" in v for v in texts)
    assert not any(ch in v for v in texts for ch in RAW)


def test_a_huge_project_name_is_capped_in_the_header_and_fixlist(tmp_path):
    folder = tmp_path / "p"
    write_toml(folder, form_with(name="名" * 50_000))
    result = invoke_cli("check", folder, "--color", "never", "--fixlists", tmp_path / "lists")
    header = result.stdout.split("(")[0].replace("\n", "")  # the project line, however it wraps
    assert "名" * NAME_CHARS + "…" in header and "名" * (NAME_CHARS + 1) not in header
    assert len(result.stdout) < 20_000
    [fixlist] = (tmp_path / "lists").glob("*.txt")
    assert len(fixlist.read_text(encoding="utf-8-sig")) < 20_000


@posix_names
def test_json_keeps_file_names_as_they_are(tmp_path):
    """JSON is for programs: a file's name is kept exactly (json escapes controls itself); messages are text."""
    import json

    folder = _hostile_project(tmp_path)
    data = json.loads(invoke_cli("check", folder, "--format", "json").stdout)
    files = {f.get("file") for p in data["projects"] for f in p["findings"]}
    assert f"photos/a{HOSTILE}.jpg" in files
    assert not any("\x1b" in f["message"] for p in data["projects"] for f in p["findings"])
