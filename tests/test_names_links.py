"""F027 (names that break on Windows or in a zip) and F028 (links out of the project), on real folders."""

from __future__ import annotations

import os
import sys

import pytest

from tests.form_helpers import GOOD, findings, only, write_toml
from wuxiao_cli.rules.names import MAX_PATH_CHARS, name_problem
from wuxiao_cli.text import safe


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "p"
    write_toml(folder, GOOD)
    return folder


def touch(root, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")


def f27(root):
    found = findings(root)
    assert {f.rule for f in found} <= {"F027"}, [(f.rule, f.message) for f in found]
    for f in found:
        assert f.severity == "error"
    return found


needs_posix_names = pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot create these names")


@needs_posix_names
@pytest.mark.parametrize(
    ("rel", "says"),
    [
        ("photos/照片:正面.jpg", ":"),
        ("photos/a*b.jpg", "*"),
        ("photos/what?.jpg", "?"),
        ('photos/say"hi".jpg', '"'),
        ("photos/<a>.jpg", "<"),
        ("photos/a|b.jpg", "|"),
        ("photos/a\\b.jpg", "\\"),
        ("photos/tab\there.jpg", "\\t"),
        ("photos/bell\x07.jpg", "\\x07"),
        ("photos/trailing dot.", "句点"),
        ("photos/trailing space.jpg ", "空格"),
        ("photos/CON.jpg", "保留名"),
        ("photos/con", "保留名"),
        ("NUL.txt", "保留名"),
        ("audio/com1.mp3", "保留名"),
        ("photos/LPT9.jpg", "保留名"),
    ],
)
def test_f027_unsafe_file_names(root, rel, says):
    touch(root, rel)
    (f,) = f27(root)
    assert f.file == rel
    assert says in f.message and safe(rel.rsplit("/", 1)[-1]) in f.message  # a control character shown as text


@needs_posix_names
def test_f027_unsafe_folder_name(root):
    touch(root, "photos:2024/a.jpg")
    found = f27(root)
    assert [f.file for f in found] == ["photos:2024"]


@pytest.mark.parametrize("name", ["CONSOLE.jpg", "NULL.txt", "com10.mp3", "正面 照片.jpg", "a.b.c.jpg", "照片（1）.jpg"])
def test_f027_safe_names(root, name):
    touch(root, f"photos/{name}")
    assert f27(root) == []


@pytest.mark.parametrize(("length", "fires"), [(MAX_PATH_CHARS, False), (MAX_PATH_CHARS + 1, True)])
def test_f027_path_length(root, length, fires):
    prefix = "photos/" + "d" * 120 + "/"
    rel = prefix + "f" * (length - len(prefix) - 4) + ".jpg"
    assert len(rel) == length
    touch(root, rel)
    found = f27(root)
    if not fires:
        assert found == []
        return
    (f,) = found
    assert f.file == rel and f"{length}" in f.message and f"{MAX_PATH_CHARS}" in f.message


def test_f027_chinese_path_counts_characters_not_bytes(root):
    rel = "photos/" + "照" * 60 + "/" + "片" * 60 + "/" + "图" * 67 + ".jpg"  # 200 characters, 572 bytes
    assert len(rel) == MAX_PATH_CHARS
    touch(root, rel)
    assert f27(root) == []
    touch(root, rel[:-4] + "长.jpg")
    assert [f.file for f in f27(root)] == [rel[:-4] + "长.jpg"]


def test_f027_junk_is_not_judged(root):
    touch(root, "photos/._a:b.jpg")
    touch(root, "__MACOSX/photos/CON.jpg")
    assert f27(root) == []


def test_name_problem_unit():
    assert name_problem("正面.jpg") is None
    assert "保留名" in name_problem("aux.tar.gz")
    assert "空格" in name_problem("a ")


# --------------------------------------------------------------------------- F028

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32",
                                    reason="no symlinks without privileges on this platform")


@needs_symlinks
def test_f028_file_link_outside(tmp_path, root):
    outside = tmp_path / "资料" / "视频.mp4"
    outside.parent.mkdir()
    outside.write_bytes(b"x")
    (root / "videos").mkdir()
    os.symlink(outside, root / "videos" / "成果视频.mp4")
    found = findings(root)
    (f,) = only(found, "F028")
    assert (f.severity, f.file) == ("error", "videos/成果视频.mp4")
    assert "项目文件夹之外" in f.message


@needs_symlinks
def test_f028_folder_link_outside(tmp_path, root):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "photos", target_is_directory=True)
    (f,) = only(findings(root), "F028")
    assert f.file == "photos"


@needs_symlinks
def test_f028_relative_link_escaping(tmp_path, root):
    (tmp_path / "secret.txt").write_text("x")
    os.symlink("../secret.txt", root / "note.txt")
    (f,) = only(findings(root), "F028")
    assert f.file == "note.txt"


@needs_symlinks
def test_f028_link_inside_the_project_is_fine(root):
    touch(root, "photos/正面.jpg")
    os.symlink("正面.jpg", root / "photos" / "正面副本.jpg")
    assert only(findings(root), "F028") == []


@needs_symlinks
def test_f028_link_to_the_form_outside_is_not_read_as_the_form(tmp_path):
    write_toml(tmp_path / "real", GOOD)
    (tmp_path / "p").mkdir()
    os.symlink(tmp_path / "real" / "form.toml", tmp_path / "p" / "form.toml")
    rules = sorted(f.rule for f in findings(tmp_path / "p"))
    assert rules == ["F001", "F028"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_f028_unreadable_folder(root):
    (root / "photos").mkdir()
    os.chmod(root / "photos", 0)
    try:
        (f,) = only(findings(root), "F028")
        assert f.file == "photos" and "无法读取" in f.message
    finally:
        os.chmod(root / "photos", 0o755)
