"""Renames retried while Windows holds a file (antivirus, preview pane), and folders removed with read-only files.

Windows' refusals are simulated: a PermissionError carrying the winerror Windows gives (5 or 32).
"""

from __future__ import annotations

import os
import stat

import pytest

from tests.win_helpers import Held, WinSim
from wuxiao_cli import fsops


@pytest.fixture
def no_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr(fsops.time, "sleep", slept.append)
    return slept


def _failing_replace(monkeypatch, errors: list[OSError]):
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if errors:
            raise errors.pop(0)
        real(src, dst)

    monkeypatch.setattr(fsops.os, "replace", replace)
    return calls


def test_a_file_held_for_a_moment_is_replaced_after_retries(tmp_path, monkeypatch, no_sleep):
    src, dst = tmp_path / "新.zip.part", tmp_path / "新.zip"
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    calls = _failing_replace(monkeypatch, [Held(32), Held(5)])
    fsops.replace(src, dst)
    assert dst.read_bytes() == b"new" and not src.exists()
    assert len(calls) == 3 and no_sleep == list(fsops.RETRY_DELAYS[:2])


def test_a_file_held_for_good_is_reported_after_the_last_retry(tmp_path, monkeypatch, no_sleep):
    src = tmp_path / "a.part"
    src.write_bytes(b"x")
    calls = _failing_replace(monkeypatch, [Held(32)] * 10)
    with pytest.raises(PermissionError) as caught:
        fsops.replace(src, tmp_path / "a")
    assert len(calls) == len(fsops.RETRY_DELAYS) + 1 and src.exists()
    assert caught.value.filename == str(tmp_path / "a")  # what the user asked for, not our temporary name


def test_a_plain_permission_error_is_not_retried(tmp_path, monkeypatch, no_sleep):
    src = tmp_path / "a.part"
    src.write_bytes(b"x")
    calls = _failing_replace(monkeypatch, [PermissionError(13, "Permission denied")])
    with pytest.raises(PermissionError):
        fsops.replace(src, tmp_path / "a")
    assert len(calls) == 1 and no_sleep == []


def test_a_read_only_destination_is_made_writable_between_tries(tmp_path, monkeypatch, no_sleep):
    src, dst = tmp_path / "b.part", tmp_path / "b"
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    os.chmod(dst, stat.S_IREAD)
    _failing_replace(monkeypatch, [Held(5)])  # what Windows says for a read-only destination
    fsops.replace(src, dst)
    assert dst.read_bytes() == b"new"


def test_remove_tree_removes_read_only_files_and_never_raises(tmp_path, monkeypatch):
    tree = tmp_path / "副本" / "photos"
    tree.mkdir(parents=True)
    (tree / "正面.jpg").write_bytes(b"x")
    os.chmod(tree / "正面.jpg", stat.S_IREAD)
    real_unlink, refused = os.unlink, []

    def unlink(path, *args, **kwargs):  # Windows refuses to delete a read-only file, once per file here
        if not refused:
            refused.append(path)
            raise PermissionError(13, "拒绝访问。")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    fsops.remove_tree(tmp_path / "副本")
    assert refused and not (tmp_path / "副本").exists()
    fsops.remove_tree(tmp_path / "不存在")  # nothing there: no error


def test_the_error_names_the_destination_not_the_temporary_file(tmp_path, monkeypatch, no_sleep):
    src, dst = tmp_path / ".成果.zip.1-1.wuxiao-part", tmp_path / "成果.zip"
    src.write_bytes(b"x")
    _failing_replace(monkeypatch, [Held(32, str(src), str(dst))] * 10)
    with pytest.raises(OSError) as caught:
        fsops.replace(src, dst)
    assert caught.value.filename == str(dst) and caught.value.filename2 is None
    assert "wuxiao-part" not in str(caught.value)


def test_open_elsewhere_says_what_to_do_only_for_a_refusal(tmp_path):
    book = tmp_path / "汇总.xlsx"
    book.write_bytes(b"x")
    refused = PermissionError(13, "拒绝访问。")
    assert "Excel、Word、WPS" in fsops.open_elsewhere(refused, book) and "关闭" in fsops.open_elsewhere(refused, book)
    assert "稍等" in fsops.open_elsewhere(Held(32), tmp_path / "副本")  # a copy not renamed yet: antivirus
    assert fsops.open_elsewhere(refused, tmp_path / "new.xlsx") == ""  # an unwritable folder: nothing open
    assert fsops.open_elsewhere(OSError(28, "No space left on device"), book) == ""


def test_unlink_removes_a_read_only_temporary_file_and_never_raises(tmp_path, monkeypatch):
    win = WinSim(monkeypatch, read_only=True, locked=["held.tmp"])
    tmp = tmp_path / "quizbank.xlsx.wuxiao-tmp"
    tmp.write_bytes(b"x")
    os.chmod(tmp, stat.S_IREAD)
    fsops.unlink(tmp)
    assert not tmp.exists()
    (tmp_path / "held.tmp").write_bytes(b"x")
    fsops.unlink(tmp_path / "held.tmp")  # still scanned: left, no error
    fsops.unlink(tmp_path / "不存在")
    assert win.refused == [str(tmp_path / "held.tmp")] * (len(fsops.RETRY_DELAYS) + 1)
