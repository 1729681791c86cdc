"""What the gui's buttons write, and where: several tabs at once, a received zip, a second press."""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import invoke_cli
from gui_helpers import make, post, tree_digest, wait_done
from openpyxl import load_workbook
from quiz_helpers import loosen_an_answer

from wuxiao_cli.package.zipper import Item, ZipExists, staged, write_zip


def test_two_threads_writing_one_zip_never_share_a_temporary_file(tmp_path):
    """Two writers of the same zip in one process (two tabs of the gui), interleaved the worst way: A is
    half-way when B writes and publishes the whole zip. B's zip stays whole; A is told it exists."""
    dest = tmp_path / "包.zip"
    both_in = threading.Barrier(2, timeout=30)
    a_half, b_done = threading.Event(), threading.Event()
    data = {"A": os.urandom(3 << 20), "B": os.urandom(2 << 20)}  # stored (.jpg), of different sizes
    outcome: dict[str, object] = {}

    def trailer_of(tag):
        def trailer(_hashes):
            if tag == "A":
                a_half.set()
                b_done.wait(30)
            return [Item("尾.txt", 0.0, data=tag.encode())]
        return trailer

    def write(tag: str) -> None:
        try:
            with staged([dest]) as (tmp,):
                both_in.wait()  # both have their temporary name
                if tag == "B":
                    a_half.wait(30)
                write_zip(tmp, "包", [Item("大.jpg", 0.0, data=data[tag])], trailer_of(tag))
            outcome[tag] = "written"
        except ZipExists:
            outcome[tag] = "exists"
        except Exception as exc:  # noqa: BLE001 — what a torn write raises is the point of the test
            outcome[tag] = repr(exc)
        finally:
            if tag == "B":
                b_done.set()

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome == {"A": "exists", "B": "written"}
    with zipfile.ZipFile(dest) as zf:
        assert zf.testzip() is None
        assert zf.read("包/尾.txt") == b"B"
        assert zf.read("包/大.jpg") == data["B"]
    assert [p.name for p in tmp_path.iterdir()] == ["包.zip"]  # no temporary file left


# --- the buttons, through the page's own requests, on copies of the examples -------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OUT = "五小-输出"


def check(client, keys, path, profile="national-2024"):
    r = post(client, keys, "/api/check", {"path": str(path), "profile": profile})
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    assert wait_done(client, job)["state"] == "done"
    return job


def attachment(eml: Path) -> bytes:
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    (part,) = list(msg.iter_attachments())
    return part.get_content()


def whole_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert any(n.endswith("/manifest-sha256.txt") for n in zf.namelist())


@pytest.fixture
def good(tmp_path):
    shutil.copytree(EXAMPLES / "good-project", tmp_path / "in" / "good-project")
    return tmp_path / "in" / "good-project"


def test_three_tabs_pack_with_drafts_at_once_every_draft_attaches_the_whole_package(tmp_path, good):
    client, keys, _, _ = make(tmp_path)
    before = tree_digest(good)
    jobs = [check(client, keys, good), check(client, keys, good)]  # two tabs of one check, and another check
    start = threading.Barrier(3, timeout=60)
    replies = []

    def press(job):
        start.wait()
        replies.append(post(client, keys, f"/api/jobs/{job}/pack", {"eml": True}))

    threads = [threading.Thread(target=press, args=(job,)) for job in (jobs[0], jobs[0], jobs[1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in replies] == [200] * 3, [r.text for r in replies]
    out = good.parent / OUT
    (package,) = out.glob("*.zip")
    whole_zip(package)
    (draft,) = out.glob("*.eml")
    assert attachment(draft) == package.read_bytes()
    for r in replies:
        lines = r.json()["lines"]
        assert not any(line.startswith("✗") for line in lines), lines
        assert {f["name"] for f in r.json()["files"]} == {package.name, draft.name}
    assert sorted(p.name for p in out.iterdir()) == sorted([package.name, draft.name])  # no temporary file left
    assert tree_digest(good) == before


def test_three_tabs_fix_at_once_each_gets_a_whole_copy(tmp_path):
    shutil.copytree(EXAMPLES / "flawed-project", tmp_path / "in" / "flawed-project")
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, tmp_path / "in" / "flawed-project")
    start = threading.Barrier(3, timeout=60)
    replies = []

    def press():
        start.wait()
        replies.append(post(client, keys, f"/api/jobs/{job}/fix"))

    threads = [threading.Thread(target=press) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in replies] == [200] * 3, [r.text for r in replies]
    assert all(r.json()["lines"][0].startswith("修复结果写在") for r in replies)
    copies = sorted(p.name for p in (tmp_path / "in" / OUT).iterdir())
    assert copies == ["flawed-project-修复", "flawed-project-修复（2）", "flawed-project-修复（3）"]
    digests = [tree_digest(tmp_path / "in" / OUT / name) for name in copies]
    assert all(d.keys() == digests[0].keys() for d in digests)
    for rel in digests[0]:  # the fixed workbook carries the time it was saved: it only has to open
        if rel.endswith(".xlsx"):
            assert all(load_workbook(tmp_path / "in" / OUT / name / rel, read_only=True).sheetnames for name in copies)
        else:
            assert len({d[rel] for d in digests}) == 1, rel


def test_a_refused_zip_and_a_moved_folder_say_why_and_write_nothing(tmp_path, good):
    bad = tmp_path / "in" / "损坏.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for p in sorted(good.rglob("*")):
            if p.is_file():
                zf.write(p, "损坏/" + p.relative_to(good).as_posix())
        zf.writestr("../逃出去.txt", "x")  # an entry that would land outside the folder: refused (Z001)
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, bad)
    for button, body in (("fix", {}), ("pack", {"eml": False}), ("pack", {"eml": True})):
        r = post(client, keys, f"/api/jobs/{job}/{button}", body)
        assert r.status_code == 200, r.text
        (line,) = r.json()["lines"]
        assert "压缩包有错误（Z001）" in line and "请发送方重新压缩" in line
    moved = check(client, keys, good)
    good.rename(good.with_name("改了名"))
    for button in ("fix", "pack"):
        (line,) = post(client, keys, f"/api/jobs/{moved}/{button}", {"eml": True}).json()["lines"]
        assert "已移动、改名或删除" in line and "请重新检查" in line
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["损坏.zip", "改了名"]  # no empty folder


def test_draft_after_pack_of_a_received_zip_uses_the_same_zip(tmp_path, good):
    """D6: 打包 then 打包并生成邮件草稿 on an unchanged 汇总.zip, each after its own check, is the same package
    (the files keep the zip's dates, not the time of extracting), not "已更新 … 项目有改动"."""
    import time

    received = tmp_path / "in" / "汇总.zip"
    with zipfile.ZipFile(received, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(good.rglob("*")):
            if p.is_file():
                zf.writestr(zipfile.ZipInfo(f"good-project/{p.relative_to(good).as_posix()}", (2024, 5, 1, 10, 20, 30)),
                            p.read_bytes())
    shutil.rmtree(good)
    client, keys, _, _ = make(tmp_path)
    first = post(client, keys, f"/api/jobs/{check(client, keys, received)}/pack", {"eml": False}).json()
    assert "已生成" in first["lines"][0], first
    time.sleep(2.1)  # past a zip date's 2-second step
    again = check(client, keys, received)  # checked again (another tab, or the next day): extracted afresh
    then = post(client, keys, f"/api/jobs/{again}/pack", {"eml": True}).json()
    assert "直接使用" in then["lines"][0] and "已更新" not in then["lines"][0], then


def test_draft_after_pack_uses_the_same_zip_and_a_changed_project_replaces_it(tmp_path, good):
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, good)
    first = post(client, keys, f"/api/jobs/{job}/pack", {"eml": False}).json()
    (package,) = (good.parent / OUT).glob("*.zip")
    made = package.read_bytes()
    then = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True}).json()
    assert "直接使用" in then["lines"][0], then
    assert {f["name"] for f in then["files"]} == {package.name, package.with_suffix(".eml").name}
    assert package.read_bytes() == made and attachment(package.with_suffix(".eml")) == made
    assert client.get(f"/jobs/{job}/files/{package.name}").content == made
    (good / "说明.txt").write_text("补充说明", encoding="utf-8")  # the project changed after the first pack
    again = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True}).json()
    assert "旧的压缩包已替换" in again["lines"][0], again
    whole_zip(package)
    assert package.read_bytes() != made and attachment(package.with_suffix(".eml")) == package.read_bytes()
    assert first["files"][0]["name"] == package.name


def test_outputs_never_turn_the_inbox_into_a_failing_batch(tmp_path):
    inbox = tmp_path / "收件箱"
    shutil.copytree(EXAMPLES / "good-project", inbox / "甲")
    shutil.copytree(EXAMPLES / "flawed-project", inbox / "乙")
    loosen_an_answer(inbox / "甲" / "quizbank.xlsx")  # a warning 修复到副本 fixes: it makes the copy
    client, keys, _, _ = make(tmp_path)
    before = client.get(f"/jobs/{check(client, keys, inbox)}").text
    assert "2 个项目：1 个通过" in before
    job = check(client, keys, inbox / "甲")
    post(client, keys, f"/api/jobs/{job}/fix")
    assert post(client, keys, f"/api/jobs/{job}/pack", {"eml": True}).json()["files"]
    assert sorted(p.name for p in (inbox / OUT).iterdir() if p.is_dir()) == ["甲-修复"]
    again = check(client, keys, inbox)
    assert "2 个项目：1 个通过" in client.get(f"/jobs/{again}").text
    packed = post(client, keys, f"/api/jobs/{again}/pack", {"eml": False}).json()
    assert any(line.startswith("✓") for line in packed["lines"]), packed
    assert not any("重复申报" in line for line in packed["lines"])
    cli = json.loads(invoke_cli("check", str(inbox), "-f", "json").stdout)
    assert len(cli["projects"]) == 2 and not [f for f in cli["batch_findings"] if f["rule"] == "B001"]


def test_results_of_a_dropped_zip_stay_in_the_downloads_folder_after_closing(tmp_path, good):
    loosen_an_answer(good / "quizbank.xlsx")  # a warning 修复到副本 fixes: it makes the copy
    client, keys, app, opened = make(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(good.rglob("*")):
            if p.is_file():
                zf.write(p, "跟刀架/" + p.relative_to(good).as_posix())
    r = post(client, keys, "/api/upload?name=跟刀架成果.zip", content=buf.getvalue(), json=None,
             headers={"Content-Type": "application/octet-stream"})
    job = check(client, keys, Path(r.json()["path"]))
    out = tmp_path / "下载" / OUT
    fixed = post(client, keys, f"/api/jobs/{job}/fix").json()["lines"]
    assert fixed[0] == f"拖入的压缩包：结果保存在 {out}（关闭工具后仍在；可点“打开所在文件夹”）"
    assert fixed[1] == f"修复结果写在 {out / '跟刀架成果-修复'}"
    packed = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True}).json()
    assert str(out) in packed["lines"][0] and len(packed["files"]) == 2
    assert post(client, keys, f"/api/jobs/{job}/open").status_code == 200 and opened == [out]
    app.state.cleanup()  # 关闭
    assert not app.state.uploads.exists()
    (package,) = out.glob("*.zip")
    whole_zip(package)
    assert attachment(package.with_suffix(".eml")) == package.read_bytes()
    assert (out / "跟刀架成果-修复" / "form.docx").is_file()


def test_second_batch_pack_reports_every_project_and_links_every_file(tmp_path):
    batch = tmp_path / "in" / "jiangsu-batch"
    shutil.copytree(EXAMPLES / "jiangsu-batch", batch)
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, batch, "jiangsu-2023")
    page = client.get(f"/jobs/{job}").text  # filled in online: no draft button to press
    assert 'id="pack"' in page and 'id="pack-eml"' not in page and "邮件草稿" not in page
    first = post(client, keys, f"/api/jobs/{job}/pack", {"eml": False}).json()
    target = tmp_path / "in" / OUT / "jiangsu-batch-打包"
    zips = sorted(target.glob("*.zip"))
    assert len(zips) == len(first["files"]) >= 2
    zips[0].unlink()
    again = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True})
    assert again.status_code == 200, again.text
    lines, files = again.json()["lines"], {f["name"] for f in again.json()["files"]}
    assert sum("直接使用" in line for line in lines) == len(zips) - 1
    assert sum(line.startswith("✓ 已生成 ") for line in lines) == 1
    # Jiangsu is filled in online (通知 七(三)1–3): asked for a draft anyway, the API packs and says why not
    assert files == {z.name for z in zips} and not list(target.glob("*.eml"))
    assert sum(line.startswith("ℹ 本通知为线上填报，不用邮件报送") for line in lines) == 1
    for z in zips:
        whole_zip(z)


def test_discovery_never_counts_the_output_folder(tmp_path, good):
    """The original moved away after 修复到副本 and 打包: a check of the inbox finds no project in the
    app's own outputs (its fixed copy and its package would be one achievement sent twice, B001)."""
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, good)
    post(client, keys, f"/api/jobs/{job}/fix")
    post(client, keys, f"/api/jobs/{job}/pack", {"eml": False})
    good.rename(tmp_path / "已处理")
    proc = invoke_cli("check", str(tmp_path / "in"), "-f", "json")  # nothing but the outputs: where to look
    assert proc.returncode == 2 and proc.stdout == "" and str(tmp_path / "in" / OUT) in proc.stderr, proc.stderr
    outputs = json.loads(invoke_cli("check", str(tmp_path / "in" / OUT), "-f", "json").stdout)
    assert [p["path"].endswith(".zip") for p in outputs["projects"]] == [True]  # asked for, the package is checked


def test_a_batch_failing_only_as_a_whole_is_never_shown_green(tmp_path):
    """Every project passes, the nominator's 公示 is too short: the page's summary is not green, and says
    where its error is (the command line's summary line does the same)."""
    from tests.test_jiangsu_batch_edges import NOMINATOR, set_field

    root = tmp_path / "in" / "batch"
    shutil.copytree(EXAMPLES / "jiangsu-batch", root, ignore=shutil.ignore_patterns("06-*"))
    set_field(root / "03-配电柜巡检", "title", "工程师")
    set_field(root / "03-配电柜巡检", "title_level", "中级")
    short = NOMINATOR.replace("start = 2023-08-14", "start = 2023-08-18").replace("end = 2023-08-18", "end = 2023-08-21")
    (root / "nominator.toml").write_text(short, encoding="utf-8")
    client, keys, _, _ = make(tmp_path)
    job = check(client, keys, root, "jiangsu-2023")
    page = client.get(f"/jobs/{job}").text
    kind, said = re.search(r'<p class="summary (\w+)" id="summary">\s*(.*?)</p>', page, re.S).groups()
    assert kind == "fail" and "5 个通过，0 个不通过" in said and "错误 1 条（其中整个批次 1 条）" in said, said
