"""`wuxiao gui` in process: the page's buttons do what the CLI does, on copies of the examples."""

from __future__ import annotations

import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, invoke_cli
from gui_helpers import HOST, make, post, tree_digest, wait_done
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
    assert 'id="pack-eml"' in page  # the national notice has materials e-mailed: its draft button is there
    report = client.get(f"/jobs/{job}/files/报告.html")
    assert report.headers["content-security-policy"].endswith("sandbox")
    assert "data:image/jpeg;base64," in report.text  # thumbnails
    assert "`wuxiao" not in report.text and "可用本页的“修复到副本”自动改写" in report.text  # buttons, not commands
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



def test_fix_to_copy_with_nothing_to_fix_copies_nothing(tmp_path, work):
    """It used to copy the whole folder (969 MB of /usr/share) and then say there was nothing to fix."""
    client, keys, _, _ = make(tmp_path)
    job, _ = check(client, keys, work / "good-project")
    lines = post(client, keys, f"/api/jobs/{job}/fix").json()["lines"]
    assert lines[0] == f"{work / 'good-project'}：没有需要自动修复的内容，未生成副本（原文件夹没有改动）", lines
    assert not any("修复结果写在" in line for line in lines)
    assert not (work / "五小-输出").exists()


def test_fix_to_copy_refuses_a_folder_too_big_to_be_a_project(tmp_path, work, monkeypatch):
    from wuxiao_cli.fix import run

    monkeypatch.setattr(run, "COPY_FILES", 5)  # the flawed project has more, and something to fix
    client, keys, _, _ = make(tmp_path)
    before = tree_digest(work / "flawed-project")
    job, _ = check(client, keys, work / "flawed-project")
    lines = post(client, keys, f"/api/jobs/{job}/fix").json()["lines"]
    assert len(lines) == 1 and lines[0].startswith(f"✗ {work / 'flawed-project'}：") and "超过修复副本的上限" in lines[0]
    assert not (work / "五小-输出").exists() and tree_digest(work / "flawed-project") == before

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
    assert all("未生成压缩包" in line and "整个批次" in line for line in r.json()["lines"])
    assert not any(p.suffix == ".zip" for p in work.rglob("*"))


def test_batch_progress_excel_and_fixlists(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    job, status = check(client, keys, work / "batch")
    assert status["state"] == "done" and status["done"] == status["total"] == 5
    xlsx = client.get(f"/jobs/{job}/files/检查报告.xlsx")
    assert xlsx.status_code == 200
    # saved as what was checked: a second check's report does not arrive as 检查报告 (1).xlsx
    assert "filename*=utf-8''%E6%A3%80%E6%9F%A5%E6%8A%A5%E5%91%8A-batch.xlsx" in xlsx.headers["content-disposition"]
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
    page = client.get(f"/jobs/{job}").text
    assert status["state"] == "done" and "1 个项目：1 个通过" in page
    assert '<p class="given">收到的.zip</p>' in page and str(app.state.uploads) not in page  # its name, not our temp path
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


def launcher(folder: Path, script: str) -> str:
    """A PATH whose only xdg-open runs ``script`` (sh)."""
    folder.mkdir()
    (folder / "xdg-open").write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    (folder / "xdg-open").chmod(0o755)
    return str(folder)


@pytest.mark.skipif(__import__("sys").platform != "linux", reason="xdg-open is the freedesktop opener")
def test_open_folder_says_where_to_look_when_the_file_manager_cannot_start(tmp_path, monkeypatch):
    import subprocess

    from wuxiao_cli.gui import picker
    from wuxiao_cli.ops import OpError

    sleep = shutil.which("sleep")
    started = []
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **kw: started.append(real(*a, **kw)) or started[-1])
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))  # no xdg-open at all
    with pytest.raises(OpError, match=f"无法打开文件夹 .*请在文件管理器中打开：{tmp_path}$"):
        picker.open_folder(tmp_path)
    monkeypatch.setenv("PATH", launcher(tmp_path / "fails", "exit 3"))  # xdg-open found nothing to run
    with pytest.raises(OpError, match="无法打开文件夹"):
        picker.open_folder(tmp_path)
    monkeypatch.setenv("PATH", launcher(tmp_path / "works", "exit 0"))
    picker.open_folder(tmp_path)
    monkeypatch.setenv("PATH", launcher(tmp_path / "stays", f"{sleep} 0.3"))  # a file manager in the foreground
    monkeypatch.setattr(picker, "OPEN_WAIT", 0.05)
    picker.open_folder(tmp_path)
    deadline = time.monotonic() + 10
    while started[-1].returncode is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [child.returncode for child in started] == [3, 0, 0]  # every child waited for: none left defunct
    with pytest.raises(OpError, match="已不存在"):
        picker.open_folder(tmp_path / "moved")


def test_open_folder_on_windows_when_explorer_refuses(tmp_path, monkeypatch):
    from wuxiao_cli.gui import picker
    from wuxiao_cli.ops import OpError

    def startfile(path):
        raise FileNotFoundError(2, "The system cannot find the file specified", str(path))

    monkeypatch.setattr(picker.sys, "platform", "win32")
    monkeypatch.setattr(picker.os, "startfile", startfile, raising=False)
    with pytest.raises(OpError, match=f"请在资源管理器中打开：{re.escape(str(tmp_path))}$"):
        picker.open_folder(tmp_path)


def test_a_failing_opener_or_a_bug_is_one_chinese_line_not_a_dead_server(tmp_path, work):
    def no_file_manager(path):
        raise FileNotFoundError(2, "No such file or directory", "xdg-open")

    client, keys, _, _ = make(tmp_path, opener=no_file_manager)
    job, _ = check(client, keys, work / "good-project")
    r = post(client, keys, f"/api/jobs/{job}/open")
    folder = work.resolve()
    assert r.status_code == 400 and r.json() == {"error": f"无法打开文件夹 {folder}，请在资源管理器中打开：{folder}"}

    def bug(path):
        raise KeyError("oops")

    client, keys, _, _ = make(tmp_path, opener=bug)
    job, _ = check(client, keys, work / "good-project")
    r = post(client, keys, f"/api/jobs/{job}/open")
    assert r.status_code == 500 and r.json()["error"].startswith("内部错误 KeyError") and "已打开" not in r.text


def test_a_dropped_check_is_a_chinese_page_with_a_way_to_check_again(tmp_path, work):
    """After more than KEPT newer checks the old page, its downloads and its buttons say what happened (no
    restart happened) in a page with 重新检查, never raw JSON or mojibake."""
    from wuxiao_cli.gui.jobs import KEPT, CheckJob

    client, keys, app, _ = make(tmp_path)
    store = app.state.jobs
    old = CheckJob([work / "good-project"], "national-2024", state="done")
    store._jobs[old.id] = old
    for _ in range(KEPT):
        newer = CheckJob([work / "batch"], "national-2024", state="done")
        store._jobs[newer.id] = newer
    store.start([tmp_path / "没有"], "national-2024")
    assert store.get(old.id) is None
    for url in (f"/jobs/{old.id}", f"/jobs/{old.id}/files/报告.html", f"/jobs/{old.id}/files/检查报告.xlsx?download=1"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"] == "text/html; charset=utf-8", url
        assert f"只保留最近 {KEPT} 次检查" in r.text and "重新启动" not in r.text
        again = re.search(r'id="again" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
        assert str(work / "good-project") in client.get(again).text  # 重新检查 comes back with the path filled in
    r = post(client, keys, f"/api/jobs/{old.id}/pack", {"eml": False})
    assert r.status_code == 404 and "已清理" in r.json()["error"] and "重新启动" not in r.json()["error"]
    unknown = client.get("/jobs/0123456789abcdef")
    assert unknown.status_code == 404 and "没有这个检查任务" in unknown.text and 'id="home"' in unknown.text
    assert "重新启动" not in unknown.text


def test_every_text_answer_says_utf8(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    job, _ = check(client, keys, work / "good-project")
    for url in ("/", f"/jobs/{job}", "/jobs/nope", "/jobs/nope/files/报告.html", f"/jobs/{job}/files/没有.txt",
                f"/jobs/{job}/files/报告.html", f"/jobs/{job}/files/报告.html?download=1", "/no/such/page",
                "/static/app.js", "/static/app.css"):
        r = client.get(url)
        kind = r.headers["content-type"]
        assert kind.startswith(("text/", "application/javascript")) and kind.endswith("charset=utf-8"), (url, kind)
        if r.status_code >= 400:
            assert re.search(r"[\u4e00-\u9fff]", r.text), url  # said in Chinese


def test_a_page_from_an_earlier_launch_is_told_the_tool_restarted(tmp_path):
    from starlette.testclient import TestClient

    _, _, app, _ = make(tmp_path)
    earlier = TestClient(app, base_url=f"http://{HOST}", cookies={"wuxiao_token_48123": "an-earlier-launch"})
    r = earlier.get("/")
    assert r.status_code == 403 and "已重新启动" in r.text and r.headers["content-type"].endswith("charset=utf-8")


@pytest.mark.parametrize(("url", "typed"), [("/api/check", "good-project"), ("/api/init", "新成果C"),
                                            ("/api/quiz-template", "题库2.xlsx"), ("/api/init", "./新成果C")])
def test_a_relative_path_is_refused_not_made_in_the_programs_folder(tmp_path, work, monkeypatch, url, typed):
    """A double-clicked wuxiao.exe runs in its own folder: 新成果C would land there, where no clerk looks."""
    client, keys, _, _ = make(tmp_path)
    monkeypatch.chdir(work)
    before = sorted(p.name for p in work.iterdir())
    r = post(client, keys, url, {"path": typed, "profile": "national-2024"})
    assert r.status_code == 400 and r.json()["error"].startswith("请填写完整路径，如 D:\\五小\\")
    assert sorted(p.name for p in work.iterdir()) == before


def test_what_was_made_is_named_by_its_full_path(tmp_path):
    client, keys, _, _ = make(tmp_path)
    typed = tmp_path / "上级" / ".." / "新成果"
    r = post(client, keys, "/api/init", {"path": str(typed), "profile": "national-2024"})
    assert r.status_code == 200 and r.json()["lines"][0] == f"已创建项目文件夹 {tmp_path / '新成果'}："
    r = post(client, keys, "/api/quiz-template", {"path": str(tmp_path / "新成果" / "题库.xlsx")})
    assert r.json()["lines"][0].startswith(f"已生成题库模板 {tmp_path / '新成果' / '题库.xlsx'}：")


def test_recent_keeps_only_what_was_checked_and_is_still_there(tmp_path, work):
    client, keys, _, _ = make(tmp_path)
    (work / "a.txt").write_text("x", encoding="utf-8")
    job = post(client, keys, "/api/check", {"path": str(work / "a.txt")}).json()["job"]
    assert wait_done(client, job)["state"] == "failed"
    check(client, keys, work / "good-project")
    page = client.get("/").text
    assert str((work / "good-project").resolve()) in page and "a.txt" not in page
    (work / "good-project").rename(work / "改名了")
    assert "good-project" not in client.get("/").text  # moved: no longer offered


def test_a_failed_check_offers_the_way_back(tmp_path):
    client, keys, _, _ = make(tmp_path)
    (tmp_path / "form.docx").write_bytes(b"x")
    job = post(client, keys, "/api/check", {"path": str(tmp_path / "form.docx")}).json()["job"]
    assert wait_done(client, job)["state"] == "failed"
    page = client.get(f"/jobs/{job}").text
    again = re.search(r'id="again" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert 'id="home" href="/"' in page and 'value="' + str(tmp_path / "form.docx") in client.get(again).text


def _rule_texts_naming_commands() -> list[str]:
    """Every Chinese text the rules' modules can show a clerk (a finding's message or hint) that names a
    command or an option: string literals, f-string parts too, but not how= (the `explain` command's)."""
    import ast

    out = []
    for source in sorted((REPO / "wuxiao_cli" / "rules").glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        skip = {id(kw.value) for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords
                if kw.arg == "how"}
        skip |= {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))
                 and n.body and isinstance(n.body[0], ast.Expr)}  # docstrings
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and re.search(r"[\u4e00-\u9fff]", node.value) and re.search(r"`wuxiao |wuxiao verify| --[a-z]", node.value):
                out.append(node.value)
    return out


def test_the_apps_report_names_buttons_not_commands(tmp_path):
    """Clerks in the app never type commands: each rule text naming one is said as the button doing it."""
    from wuxiao_cli.gui.wording import app_wording

    texts = _rule_texts_naming_commands()
    assert len(texts) >= 8  # the scan finds them (Q016's, F001's, K002's …)
    left = [t for t in texts if re.search(r"`wuxiao |wuxiao verify| --[a-z]", app_wording(t))]
    assert left == [], left
    shown = app_wording("正确答案写成大写半角字母并按顺序连写，如 AC（`wuxiao fix` 可自动改写）")
    assert shown.endswith("（可用本页的“修复到副本”自动改写）")


def chosen_profile(page: str) -> str:
    """The notice (规则集) the home page has selected."""
    return re.search(r'name="profile" value="([^"]+)" checked', page).group(1)


def follow_again(client, page: str) -> str:
    again = re.search(r'id="again" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    return client.get(again).text


def test_check_again_keeps_the_notice_it_was_started_with(tmp_path, work):
    """D8: 重新检查 after 停止检查, after a failed check and from a dropped check's page comes back with the
    Jiangsu notice selected, not national-2024 (whose rules give a Jiangsu batch a page of false errors)."""
    from wuxiao_cli.gui.jobs import KEPT, CheckJob

    client, keys, app, _ = make(tmp_path)
    store = app.state.jobs
    stopped = CheckJob([work / "batch"], "jiangsu-2023", state="stopped", message="已停止检查")
    store._jobs[stopped.id] = stopped
    home = follow_again(client, client.get(f"/jobs/{stopped.id}").text)
    assert chosen_profile(home) == "jiangsu-2023" and 'value="' + str(work / "batch") in home
    (tmp_path / "form.docx").write_bytes(b"x")
    failed, status = check(client, keys, tmp_path / "form.docx", profile="jiangsu-2023")
    assert status["state"] == "failed"
    assert chosen_profile(follow_again(client, client.get(f"/jobs/{failed}").text)) == "jiangsu-2023"
    for _ in range(KEPT):
        newer = CheckJob([work / "batch"], "national-2024", state="done")
        store._jobs[newer.id] = newer
    store.start([tmp_path / "没有"], "national-2024")
    gone = client.get(f"/jobs/{stopped.id}")
    assert gone.status_code == 404 and chosen_profile(follow_again(client, gone.text)) == "jiangsu-2023"


def test_home_page_ignores_an_unknown_notice_in_its_address(tmp_path):
    client, _, _, _ = make(tmp_path)
    assert chosen_profile(client.get("/").text) == "national-2024"
    assert chosen_profile(client.get("/?profile=roadshow-2024").text) == "roadshow-2024"
    page = client.get("/?profile=%3Cscript%3E&path=D%3A%5C%E4%BA%94%E5%B0%8F")
    assert page.status_code == 200 and chosen_profile(page.text) == "national-2024" and "<script>" not in page.text
