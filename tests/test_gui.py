"""`wuxiao gui` in process: the page's buttons do what the CLI does, on copies of the examples."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import invoke_cli
from gui_helpers import make, post, tree_digest, wait_done
from openpyxl import load_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def work(tmp_path):
    for name in ("good-project", "flawed-project", "batch"):
        shutil.copytree(EXAMPLES / name, tmp_path / "in" / name)
    return tmp_path / "in"


def check(client, keys, path, profile="national-2024"):
    r = post(client, keys, "/api/check", {"path": str(path), "profile": profile})
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    return job, wait_done(client, job)


def test_home_page_offers_every_profile_with_its_title_and_no_outside_assets(tmp_path):
    client, keys, _, _ = make(tmp_path)
    page = client.get("/").text
    for pid in ("national-2024", "roadshow-2024", "jiangsu-2023"):
        assert f'value="{pid}"' in page
    assert "江苏省" in page and keys.csrf in page
    assert "http://" not in page and "https://" not in page  # no CDN: every asset is served from the wheel
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_flawed_project_shows_errors_thumbnails_and_same_numbers_as_cli(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    before = tree_digest(work / "flawed-project")
    job, status = check(client, keys, work / "flawed-project")
    assert status["state"] == "done" and status["total"] == status["done"] == 1
    page = client.get(f"/jobs/{job}").text
    cli = json.loads(invoke_cli("check", str(work / "flawed-project"), "-f", "json").stdout)["summary"]
    assert f"错误 {cli['errors']} 条，警告 {cli['warnings']} 条" in page
    report = client.get(f"/jobs/{job}/files/报告.html")
    assert report.headers["content-security-policy"].endswith("sandbox")
    assert "data:image/jpeg;base64," in report.text  # thumbnails
    assert tree_digest(work / "flawed-project") == before  # checking only reads


def test_fix_to_copy_writes_only_the_copy_into_the_output_folder(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    before = tree_digest(work / "flawed-project")
    job, _ = check(client, keys, work / "flawed-project")
    r = post(client, keys, f"/api/jobs/{job}/fix")
    assert r.status_code == 200, r.text
    assert "修复结果写在" in r.json()["lines"][0]
    assert (work / "五小-输出" / "flawed-project-修复").is_dir()
    assert tree_digest(work / "flawed-project") == before
    assert sorted(p.name for p in work.iterdir()) == ["batch", "flawed-project", "good-project", "五小-输出"]
    again = post(client, keys, f"/api/jobs/{job}/fix")  # never over an earlier copy: it may have been edited
    assert again.status_code == 200 and "之前的 flawed-project-修复 保留不动" in again.json()["lines"][0]
    assert sorted(p.name for p in (work / "五小-输出").iterdir()) == ["flawed-project-修复", "flawed-project-修复（2）"]


def test_pack_good_project_gives_a_zip_verify_accepts_and_a_mail_draft(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    job, status = check(client, keys, work / "good-project")
    assert status["state"] == "done"
    r = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True})
    assert r.status_code == 200, r.text
    names = [f["name"] for f in r.json()["files"]]
    zips = [n for n in names if n.endswith(".zip")]
    assert len(zips) == 1 and any(n.endswith(".eml") for n in names)
    got = client.get(f"/jobs/{job}/files/{zips[0]}")
    assert got.status_code == 200
    downloaded = tmp_path / zips[0]
    downloaded.write_bytes(got.content)
    assert invoke_cli("verify", str(downloaded)).returncode == 0


def test_pack_refuses_a_project_with_errors(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    job, _ = check(client, keys, work / "flawed-project")
    r = post(client, keys, f"/api/jobs/{job}/pack", {"eml": False})
    assert r.status_code == 200 and r.json()["files"] == []
    assert "未生成压缩包" in r.json()["lines"][0]


def test_pack_refuses_a_pair_that_only_the_batch_fails(tmp_path, work):
    """Two copies of a passing project: each passes on its own, B001 fails both in the batch (one
    achievement sent twice). The page said 不通过; 打包 must not send them."""
    pair = work / "重复"
    for name in ("甲", "乙"):
        shutil.copytree(work / "good-project", pair / name)
    client, keys, _, _ = make(tmp_path)
    job, status = check(client, keys, pair)
    assert status["state"] == "done"
    r = post(client, keys, f"/api/jobs/{job}/pack", {"eml": False})
    assert r.status_code == 200 and r.json()["files"] == [], r.json()
    assert all("未生成压缩包" in line and "多个项目之间" in line for line in r.json()["lines"])
    assert not any(p.suffix == ".zip" for p in work.rglob("*"))


def test_batch_progress_excel_and_fixlists(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    job, status = check(client, keys, work / "batch")
    assert status["state"] == "done" and status["done"] == status["total"] == 5
    xlsx = client.get(f"/jobs/{job}/files/检查报告.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert len(book.sheetnames) >= 2
    lists = client.get(f"/jobs/{job}/files/整改清单.zip")
    assert lists.status_code == 200
    assert all(n.endswith("-整改清单.txt") for n in zipfile.ZipFile(io.BytesIO(lists.content)).namelist())


def test_dropped_zip_is_checked_from_a_private_copy(tmp_path, work):
    client, keys, app, _ = make(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for p in sorted((work / "good-project").rglob("*")):
            if p.is_file():
                z.write(p, "good-project/" + p.relative_to(work / "good-project").as_posix())
    r = post(client, keys, "/api/upload?name=" + "../../收到的.zip", content=buf.getvalue(),
             json=None, headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 200, r.text
    path = Path(r.json()["path"])
    assert path.name == "收到的.zip" and app.state.uploads in path.parents  # the name only, never a path
    job, status = check(client, keys, path)
    assert status["state"] == "done" and "1 个项目：1 个通过" in client.get(f"/jobs/{job}").text
    not_archive = post(client, keys, "/api/upload?name=a.exe", content=b"MZ", json=None)
    assert not_archive.status_code == 400


def test_recent_folders_listed_and_open_folder_uses_the_desktop(tmp_path, work):
    client, keys, _, opened = make(tmp_path)
    job, _ = check(client, keys, work / "good-project")
    assert str((work / "good-project").resolve()) in client.get("/").text
    assert post(client, keys, f"/api/jobs/{job}/open").status_code == 200
    assert opened == [work.resolve()]


def test_init_and_quiz_template_from_the_page(tmp_path):
    client, keys, _, _ = make(tmp_path)
    r = post(client, keys, "/api/init", {"path": str(tmp_path / "新成果"), "profile": "national-2024"})
    assert r.status_code == 200 and (tmp_path / "新成果" / "form.docx").is_file()
    r = post(client, keys, "/api/quiz-template", {"path": f'"{tmp_path / "题库.xlsx"}"'})  # pasted with quotes
    assert r.status_code == 200 and (tmp_path / "题库.xlsx").is_file()
    r = post(client, keys, "/api/quiz-template", {"path": str(tmp_path / "题库.xlsx")})
    assert r.status_code == 400 and "已存在" in r.json()["error"] and "--" not in r.json()["error"]  # no CLI flags here


def test_bad_paths_are_one_line_messages(tmp_path):
    client, keys, _, _ = make(tmp_path)
    missing = post(client, keys, "/api/check", {"path": str(tmp_path / "没有")})
    assert missing.status_code == 400 and "找不到" in missing.json()["error"]
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    job = post(client, keys, "/api/check", {"path": str(tmp_path / "a.txt")}).json()["job"]
    status = wait_done(client, job)
    assert status["state"] == "failed" and "既不是文件夹也不是压缩包" in status["message"]
    assert post(client, keys, "/api/check", {"path": ""}).status_code == 400
    assert client.get("/api/jobs/nope").status_code == 404


def test_picker_answers_only_where_there_is_a_display(tmp_path, monkeypatch):
    client, keys, _, _ = make(tmp_path, pick=lambda: "/chosen")
    monkeypatch.setattr("wuxiao_cli.gui.picker.has_display", lambda: False)
    assert post(client, keys, "/api/pick").status_code == 400
    monkeypatch.setattr("wuxiao_cli.gui.picker.has_display", lambda: True)
    assert post(client, keys, "/api/pick").json() == {"path": "/chosen"}


def test_old_finished_checks_are_dropped_with_their_files(tmp_path):
    from wuxiao_cli.gui.jobs import KEPT, CheckJob, Jobs

    store = Jobs(1)
    old = [CheckJob([tmp_path], "national-2024", state="done") for _ in range(KEPT + 5)]
    for job in old:
        store._jobs[job.id] = job
    store.start([tmp_path / "没有"], "national-2024")
    assert len(store._jobs) == KEPT
    assert not any(j.work.exists() for j in old[:6]) and all(j.work.exists() for j in old[6:])
    store.close()
    assert not any(j.work.exists() for j in old)


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="Windows does not allow < > in folder names")
def test_paths_shown_on_the_page_are_escaped(tmp_path):
    client, keys, _, _ = make(tmp_path)
    odd = tmp_path / "<script>alert(1)</script>"
    shutil.copytree(EXAMPLES / "good-project", odd)
    job, _ = check(client, keys, odd)
    for page in (client.get("/").text, client.get(f"/jobs/{job}").text):
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
