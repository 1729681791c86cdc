"""Issues 13 and 14: each source of a batch (a project folder or a received archive) is checked whole
where it is taken up; a worker extracts the archive, checks it, gathers B003's facts and the report's
cards, and removes its copy. Same findings as in process, nothing left in the temporary folder."""

from __future__ import annotations

import base64
import json
import re
import shutil
import zipfile

import pytest

from tests.archive_helpers import project_files
from tests.batch_helpers import make_project, mp4_bytes, run_json
from tests.quiz_helpers import loosen_an_answer
from wuxiao_cli.batch.duplicates import EDGE
from wuxiao_cli.batch.runner import IN_PROCESS_UP_TO


def zip_folder(folder, dest):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in project_files(folder, folder.name).items():
            zf.writestr(name, data)
    shutil.rmtree(folder)
    return dest


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """Seven sources (enough for the pool): four folders, a zip of one project, a zip of two projects,
    and a zip sharing a photo with a folder; two zips share a video of more than 2 × EDGE bytes, a
    third holds one of the same size and edges that differs inside."""
    root = tmp_path_factory.mktemp("inbox") / "收件"
    for i in range(4):
        make_project(root / f"项目{i}", f"第{i}号快速对刀装置的研制")
    video = mp4_bytes(640, 360, 1.0, bitrate=3_000_000)
    assert len(video) > 4 * EDGE
    other = bytearray(video)
    other[len(video) // 2] ^= 0xFF  # same size, same first and last 64 KiB: not the same file
    for folder, name, data in (("张三", "张三的输液架移动挂钩", video), ("汇总/李四", "李四的图书自动分拣推车", video),
                               ("汇总/王五", "王五的电缆剥皮辅助工具", bytes(other))):
        make_project(root / folder, name)
        (root / folder / "videos" / "成果演示.mp4").write_bytes(data)
    zip_folder(root / "张三", root / "张三.zip")
    zip_folder(root / "汇总", root / "汇总.zip")
    make_project(root / "赵六", "赵六的舞台灯光快速吊挂装置")
    shutil.copy(root / "项目1" / "photos" / "装置全貌2.jpg", root / "赵六" / "photos" / "吊挂全景.jpg")
    zip_folder(root / "赵六", root / "赵六.zip")
    assert len([p for p in root.iterdir()]) == IN_PROCESS_UP_TO + 1
    return root


def test_archives_checked_in_workers_match_in_process_and_leave_no_temp_folder(inbox, tmp_path):
    watched = tmp_path / "systmp"
    watched.mkdir()
    code1, one = run_json(inbox, "--jobs", "1", env={"TMPDIR": str(watched)})
    code2, two = run_json(inbox, "--jobs", "2", env={"TMPDIR": str(watched)})
    assert code1 == code2 == 1
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    paths = [p["path"] for p in two["projects"]]
    assert len(paths) == 8 and f"{inbox.as_posix()}/汇总.zip › 李四" in paths and f"{inbox.as_posix()}/张三.zip" in paths
    assert all(f["rule"] != "B005" for p in two["projects"] for f in p["findings"])
    assert list(watched.iterdir()) == []


def test_b003_across_zips_and_folders_is_exact(inbox):
    _, report = run_json(inbox, "--jobs", "2")
    shared = [b["message"] for b in report["batch_findings"] if b["rule"] == "B003"]
    photo = [m for m in shared if "吊挂全景.jpg" in m]
    assert len(photo) == 1 and "项目1/photos/装置全貌2.jpg" in photo[0] and "赵六.zip › photos/吊挂全景.jpg" in photo[0]
    videos = [m for m in shared if "成果演示.mp4" in m]  # the zips' copies, read whole only inside their workers
    assert len(videos) == 1 and "张三.zip › videos/成果演示.mp4" in videos[0] and "汇总.zip › 李四" in videos[0]
    assert "王五" not in videos[0]  # same size and edges, different inside: not reported


def test_html_report_of_a_batch_shows_the_zips_thumbnails(inbox, tmp_path):
    html = tmp_path / "报告.html"
    run_json(inbox, "--jobs", "2", "--report", str(html))
    sections = html.read_text(encoding="utf-8").split('<section class="project">')[1:]
    [zhao] = [s for s in sections if "赵六.zip · " in s.split("</p>")[0]]  # its heading and path line
    thumbs = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', zhao)
    assert len(thumbs) >= 5  # three photos, the authorization scan, the video's poster frame
    assert all(base64.b64decode(t)[:2] == b"\xff\xd8" for t in thumbs)
    assert "吊挂全景.jpg" in zhao


def test_app_buttons_work_on_a_checked_zip(tmp_path):
    """The check no longer keeps archives extracted: the app's 打包/修复 extract a checked zip when pressed."""
    from gui_helpers import make, post, wait_done

    from tests.conftest import EXAMPLES

    inbox = tmp_path / "in"
    inbox.mkdir()
    received = inbox / "收到的.zip"
    good = shutil.copytree(EXAMPLES / "good-project", tmp_path / "good-project")
    loosen_an_answer(good / "quizbank.xlsx")  # something 修复到副本 fixes: else it makes no copy
    with zipfile.ZipFile(received, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in project_files(good, "good-project").items():
            zf.writestr(name, data)
    before = received.read_bytes()
    client, keys, _, _ = make(tmp_path)
    job = post(client, keys, "/api/check", {"path": str(received), "profile": "national-2024"}).json()["job"]
    assert wait_done(client, job)["state"] == "done"
    packed = post(client, keys, f"/api/jobs/{job}/pack", {"eml": False})
    assert packed.status_code == 200, packed.text
    assert [f["name"] for f in packed.json()["files"] if f["name"].endswith(".zip")]
    fixed = post(client, keys, f"/api/jobs/{job}/fix")
    assert fixed.status_code == 200 and (inbox / "五小-输出" / "收到的-修复").is_dir(), fixed.text
    assert received.read_bytes() == before
