"""`wuxiao gui` while a check runs: the file being read is shown, and 停止检查 ends the check promptly,
leaving no temporary file and nothing in the user's folder, on a page with 重新检查 and 返回首页."""

from __future__ import annotations

import multiprocessing
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from gui_helpers import make, post, tree_digest, wait_done

from wuxiao_cli.report import gallery

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SLOW = 0.05  # seconds per file's card: a project of 300 files takes 15 s, like a big folder picked by mistake


@pytest.fixture
def big(tmp_path, monkeypatch):
    """The good project plus 300 notes, each card made slowly (in this process: the app's one-project check)."""
    project = shutil.copytree(EXAMPLES / "good-project", tmp_path / "in" / "大文件夹")
    (project / "资料").mkdir()
    for n in range(300):
        (project / "资料" / f"记录{n:03}.txt").write_text("会议记录", encoding="utf-8")
    card = gallery.card

    def slow_card(*args, **kw):
        time.sleep(SLOW)
        return card(*args, **kw)

    monkeypatch.setattr(gallery, "card", slow_card)
    return project


def start(client, keys, path) -> str:
    r = post(client, keys, "/api/check", {"path": str(path), "profile": "national-2024"})
    assert r.status_code == 200, r.text
    return r.json()["job"]


def reading(client, job: str, limit: float = 60) -> str:
    """The progress line once it names a file of the project being read."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        status = client.get(f"/api/jobs/{job}").json()
        assert status["state"] == "running", status
        if status["current"].startswith("正在读取 资料/"):
            return status["current"]
        time.sleep(0.05)
    raise AssertionError("no file named while the check ran")


def stop(client, keys, job: str) -> tuple[dict, float]:
    began = time.monotonic()
    assert post(client, keys, f"/api/jobs/{job}/stop").status_code == 200
    status = wait_done(client, job, limit=30)
    return status, time.monotonic() - began


def test_one_large_project_shows_the_file_being_read_and_stops_promptly(tmp_path, big, temp_dir_left_empty):
    client, keys, app, _ = make(tmp_path)
    before = tree_digest(big.parent)
    job = start(client, keys, big)
    page = client.get(f"/jobs/{job}").text
    assert 'id="stop"' in page and "停止检查" in page
    assert re.fullmatch(r"正在读取 资料/记录\d{3}\.txt", reading(client, job))
    status, took = stop(client, keys, job)
    assert status["state"] == "stopped" and took < 3, (status, took)
    page = client.get(f"/jobs/{job}").text
    assert "已停止检查" in page and 'id="again"' in page and 'id="home" href="/"' in page and 'id="stop"' not in page
    assert "报告.html" not in app.state.jobs.get(job).files  # no report of half a check
    assert tree_digest(big.parent) == before and sorted(p.name for p in big.parent.iterdir()) == ["大文件夹"]
    time.sleep(0.5)  # the abandoned thread, if any, reaches its next file boundary
    app.state.cleanup()
    assert list(temp_dir_left_empty.iterdir()) == []


def test_stopping_a_received_archive_removes_its_extracted_files(tmp_path, big, temp_dir_left_empty):
    archive = tmp_path / "收件" / "大文件夹.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(big.rglob("*")):
            if p.is_file():
                zf.write(p, "大文件夹/" + p.relative_to(big).as_posix())
    client, keys, app, _ = make(tmp_path)
    job = start(client, keys, archive)
    reading(client, job)
    assert any(temp_dir_left_empty.iterdir())  # extracted while it runs
    status, took = stop(client, keys, job)
    assert status["state"] == "stopped" and took < 3, (status, took)
    app.state.cleanup()
    assert list(temp_dir_left_empty.iterdir()) == []
    assert sorted(p.name for p in archive.parent.iterdir()) == ["大文件夹.zip"]  # nothing written beside it


@pytest.mark.slow  # starts worker processes
def test_stopping_a_batch_ends_its_workers(tmp_path, monkeypatch):
    """A batch runs in worker processes: 停止检查 ends them (one is stuck for good here), not only the wait."""
    batch = tmp_path / "in" / "汇总"
    for n in range(8):
        shutil.copytree(EXAMPLES / "good-project", batch / f"项目{n:02}")
    monkeypatch.setenv("WUXIAO_TEST_HANG", "项目00")  # read by the workers only: this project never ends
    client, keys, app, _ = make(tmp_path, jobs=2)
    job = start(client, keys, batch)
    end = time.monotonic() + 120
    while client.get(f"/api/jobs/{job}").json()["done"] < 2:  # the workers are up and one is stuck
        assert time.monotonic() < end
        time.sleep(0.1)
    status, took = stop(client, keys, job)
    assert status["state"] == "stopped" and took < 10, (status, took)
    assert multiprocessing.active_children() == []
    assert not (batch.parent / "五小-输出").exists()
