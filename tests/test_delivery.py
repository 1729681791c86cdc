"""Where the materials go, as each notice says: the `profiles` listing, the `init` README, `pack --eml` and the
app's draft button, on real packs of the examples.

Jiangsu (通知 七(三)1–3): “通过线上填报材料并完成提名” in the 江苏工会服务网 (www.jsghfw.com) 提名系统; Jszgkjcx@163.com
is only the contact of 七(三)4. Roadshow (附件4 ⑥): “材料建议以百度网盘链接的形式发送至邮箱” — a suggestion.
"""

from __future__ import annotations

import email
import shutil
from email import policy
from pathlib import Path

from conftest import EXAMPLES, invoke_cli
from gui_helpers import make, post, wait_done

JIANGSU = next((EXAMPLES / "jiangsu-batch").glob("02-*"))
ROADSHOW = EXAMPLES / "roadshow-project"


def _draft(path: Path) -> tuple[email.message.EmailMessage, str]:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return msg, msg.get_body(("plain",)).get_content()


# --- #2 Jiangsu: online submission, the address is a contact --------------------------------------------------

def test_profiles_says_jiangsu_is_filled_in_online_with_the_address_as_contact():
    out = invoke_cli("profiles")
    assert out.returncode == 0
    jiangsu = out.stdout[out.stdout.index("jiangsu-2023"):].split("\n")
    line = next(s for s in jiangsu if "报送：" in s)
    assert line.strip() == "报送：江苏工会服务网 www.jsghfw.com 线上填报（联系邮箱 Jszgkjcx@163.com）"


def test_init_readme_for_jiangsu_says_upload_to_the_system_in_the_notices_order(tmp_path):
    assert invoke_cli("init", str(tmp_path / "p1"), "--profile", "jiangsu-2023").returncode == 0
    readme = (tmp_path / "p1" / "README.txt").read_text(encoding="utf-8")
    assert "网盘" not in readme and "报送邮箱" not in readme
    assert "江苏工会服务网（www.jsghfw.com）提名系统" in readme and "七(三)" in readme
    first = readme.index("第一个附件：江苏省职工“五小”活动项目提名书签字盖章扫描版")
    second = readme.index("第二个附件：", first)
    third = readme.index("第三个附件：能够证明项目的其他材料", second)
    assert "最高技能等级、最高职称证书" in readme[second:third]
    assert "联系邮箱：Jszgkjcx@163.com（仅用于咨询，不是报送地址）" in readme


def test_pack_eml_for_jiangsu_refuses_in_one_line_and_writes_nothing(tmp_path):
    out = invoke_cli("pack", str(JIANGSU), "--profile", "jiangsu-2023", "-o", str(tmp_path / "out"), "--eml")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert lines[0].startswith("wuxiao: 本通知为线上填报，不用邮件报送：请在 江苏工会服务网（www.jsghfw.com）提名系统 上传")
    assert "去掉 --eml" in lines[0] and "Jszgkjcx" not in lines[0]
    assert not (tmp_path / "out").exists()


def test_pack_without_eml_still_packs_a_jiangsu_project(tmp_path):
    out = invoke_cli("pack", str(JIANGSU), "--profile", "jiangsu-2023", "-o", str(tmp_path), "-q")
    assert out.returncode == 0, out.stderr
    assert len(list(tmp_path.glob("*.zip"))) == 1 and not list(tmp_path.glob("*.eml"))


def test_app_draft_button_for_jiangsu_packs_and_says_why_no_draft(tmp_path):
    shutil.copytree(JIANGSU, tmp_path / "in" / JIANGSU.name)
    client, keys, _, _ = make(tmp_path)
    r = post(client, keys, "/api/check", {"path": str(tmp_path / "in" / JIANGSU.name), "profile": "jiangsu-2023"})
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    assert wait_done(client, job)["state"] == "done"
    r = post(client, keys, f"/api/jobs/{job}/pack", {"eml": True})
    assert r.status_code == 200, r.text
    names = [f["name"] for f in r.json()["files"]]
    assert [n for n in names if n.endswith(".zip")] and not [n for n in names if n.endswith(".eml")]
    said = "\n".join(r.json()["lines"])
    assert "本通知为线上填报，不用邮件报送" in said and "江苏工会服务网" in said and "Traceback" not in said


# --- #6 roadshow: the netdisk link is suggested, and the limit is not the reason ------------------------------

def test_roadshow_draft_says_the_notice_suggests_a_link_and_the_limit_is_not_the_reason(tmp_path):
    out = invoke_cli("pack", str(ROADSHOW), "--profile", "roadshow-2024", "-o", str(tmp_path), "--eml")
    assert out.returncode == 0, out.stderr
    msg, body = _draft(next(tmp_path.glob("*.eml")))
    assert msg["To"] == "JKWWTWXCXCG@163.com"
    assert "按通知要求" not in body and "要求以网盘" not in body
    link = next(line for line in body.splitlines() if line.startswith("网盘链接："))
    assert "通知建议以百度网盘链接报送，附件4 ⑥" in link and "压缩包未作附件" in link
    assert "不便使用网盘时，也可把压缩包直接作为附件发送。" in body  # 0.9 MB: attaching it is allowed too
    assert list(msg.iter_attachments()) == []
    said = next(line for line in out.stderr.splitlines() if line.startswith("已生成邮件草稿"))
    assert "通知建议以百度网盘链接报送（附件4 ⑥），未作附件" in said
    assert "上限" not in said and "50 MB" not in said  # a 0.9 MB zip is not held back by the 50 MB limit


def test_roadshow_draft_over_the_limit_still_gives_the_sizes(tmp_path):
    out = invoke_cli("pack", str(ROADSHOW), "--profile", "roadshow-2024", "-o", str(tmp_path), "--eml",
                     "--max-mb", "0.5")
    assert out.returncode == 0, out.stderr
    said = next(line for line in out.stderr.splitlines() if line.startswith("已生成邮件草稿"))
    assert "上限 0.5 MB" in said and "通知建议以百度网盘链接报送" in said
    _, body = _draft(next(tmp_path.glob("*.eml")))
    assert "不便使用网盘时" not in body  # over the limit: attaching is no option


# --- #5 the drafts that remain: a Chinese label for every folder, a filled 联系人 line ----------------------

def test_national_and_roadshow_drafts_label_every_folder_in_chinese_and_name_the_contact(tmp_path):
    for project, profile, contact in ((EXAMPLES / "good-project", "national-2024", "联系人：周建国  联系电话：0517-83561234"),
                                      (ROADSHOW, "roadshow-2024", "联系人：王芳  联系电话：025-83456789")):
        out = tmp_path / profile
        done = invoke_cli("pack", str(project), "--profile", profile, "-o", str(out), "--eml", "-q")
        assert done.returncode == 0, done.stderr
        _, body = _draft(next(out.glob("*.eml")))
        listed = body[body.index("材料清单："):].split("\n\n")[0].splitlines()[1:]
        folders = [line for line in listed if line.endswith("个文件")]
        assert folders, body
        for line in folders:  # “  - 成果照片（photos/）：3 个文件”: a label before the folder, not the folder again
            label, folder = line.strip("- ").split("（", 1)
            assert folder.split("/")[0] != label and not label.isascii(), line
        assert contact in body.splitlines()


def test_a_jiangsu_package_over_the_size_limit_is_not_told_to_go_by_e_mail(tmp_path):
    """K002 under an online notice: the zip is only kept or handed on, so its hint names the upload system, never
    an e-mail or a netdisk link, and it is a note (profile severity), not a warning; the national hint is unchanged."""
    import json
    import os

    from PIL import Image

    from wuxiao_cli.package.facts import PackageFacts
    from wuxiao_cli.rules.package import over_limit

    project = shutil.copytree(JIANGSU, tmp_path / "in" / JIANGSU.name)
    photo = next((project / "photos" / "before").glob("*.jpg"))
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(photo, quality=95)  # ~0.3 MB, incompressible
    for split in ([], ["--split"]):
        out = invoke_cli("pack", str(project), "--profile", "jiangsu-2023", "--out-dir", str(tmp_path / f"out{len(split)}"),
                         "--max-mb", "0.1", "-f", "json", *split)
        assert out.returncode == 0, out.stderr
        k002 = [f for f in json.loads(out.stdout)["projects"][0]["findings"] if f["rule"] == "K002"]
        assert k002 and {f["severity"] for f in k002} == {"info"}
        for f in k002:
            assert "江苏工会服务网（www.jsghfw.com）提名系统" in f["hint"], f
            assert not any(w in f["hint"] for w in ("邮件中", "网盘", "分别发送")), f["hint"]
    national = PackageFacts(limit=1_000_000, zips=[("a.zip", 2_000_000)], split=False)
    (p,) = over_limit.check(national)
    assert p.hint.zh == "用 --split 分成几个压缩包分别发送，或上传网盘后在邮件中附网盘链接"
