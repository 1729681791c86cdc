"""wuxiao pack: a zip every tool opens, names right, manifest matching, byte-identical twice (acceptance 1, 4, 5)."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import shutil
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import copy_project, write_jpeg
from wuxiao_cli.cli import app
from wuxiao_cli.package.manifest import parse_manifest

runner = CliRunner()
TOP = "北京市教育工会-北京市第一人民医院设备科-手术器械清洗篮自动翻转装置的研制与应用"


def pack(*args) -> object:
    return runner.invoke(app, ["pack", *map(str, args)])


def test_pack_zip_opens_everywhere_with_manifest(passing_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (passing_project.parent / "scratch").mkdir(exist_ok=True)
    result = pack(passing_project, "-o", out)
    assert result.exit_code == 0, result.output
    zips = list(out.glob("*.zip"))
    assert [z.name for z in zips] == [f"{TOP}.zip"]
    z = zips[0]
    with zipfile.ZipFile(z) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert all(n.startswith(TOP + "/") for n in names)
        assert f"{TOP}/photos/清洗篮正面.jpg" in names and f"{TOP}/校验报告.txt" in names
        infos = {i.filename: i for i in zf.infolist()}
        assert infos[f"{TOP}/photos/清洗篮正面.jpg"].compress_type == zipfile.ZIP_STORED
        assert infos[f"{TOP}/form.toml"].compress_type == zipfile.ZIP_DEFLATED
        assert all(i.flag_bits & 0x800 for i in infos.values())
        manifest = parse_manifest(zf.read(f"{TOP}/manifest-sha256.txt").decode("utf-8"))
        files = {n[len(TOP) + 1:]: zf.read(n) for n in names if not n.endswith("manifest-sha256.txt")}
    assert set(manifest.hashes) == set(files)
    for rel, data in files.items():
        assert manifest.hashes[rel] == hashlib.sha256(data).hexdigest(), rel
    # every project file is in, byte for byte
    for rel, data in files.items():
        if rel != "校验报告.txt":
            assert (passing_project / rel).read_bytes() == data
    if shutil.which("unzip"):
        t = subprocess.run(["unzip", "-t", str(z)], capture_output=True)
        assert t.returncode == 0
        listing = subprocess.run(["unzip", "-Z1", str(z)], capture_output=True).stdout.decode("utf-8")
        assert f"{TOP}/photos/清洗篮正面.jpg" in listing.splitlines()


@pytest.mark.skipif(shutil.which("7z") is None, reason="7z (p7zip-full) not installed")
def test_7z_accepts_and_names(passing_project, tmp_path):
    assert pack(passing_project, "-o", tmp_path).exit_code == 0
    z = next(tmp_path.glob("*.zip"))
    assert subprocess.run(["7z", "t", str(z)], capture_output=True).returncode == 0
    out = subprocess.run(["7z", "l", "-slt", "-sccUTF-8", str(z)], capture_output=True).stdout.decode("utf-8")
    assert f"Path = {TOP}/photos/清洗篮正面.jpg" in out.replace("\\", "/")


def test_two_packs_are_byte_identical_and_source_unchanged(passing_project, tmp_path):
    from tests.pack_helpers import tree_digest

    before = tree_digest(passing_project)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert pack(passing_project, "-o", a).exit_code == 0
    assert pack(passing_project, "-o", b).exit_code == 0
    assert (a / f"{TOP}.zip").read_bytes() == (b / f"{TOP}.zip").read_bytes()
    assert tree_digest(passing_project) == before


def test_refuses_existing_zip_without_overwrite(passing_project, tmp_path):
    """SPEC §6: never overwritten without --overwrite. The same bytes again are no conflict (G: a second pack,
    or pack --eml after pack, of an unchanged project): the zip is left as it was and said to be the same."""
    out = tmp_path / "out"
    assert pack(passing_project, "-o", out).exit_code == 0
    zip_path = out / f"{TOP}.zip"
    first = zip_path.stat()
    again = pack(passing_project, "-o", out)
    assert again.exit_code == 0, again.output
    assert "已存在，与这次打包的内容完全相同，未改动" in again.output
    assert zip_path.stat().st_ino == first.st_ino and zip_path.stat().st_mtime_ns == first.st_mtime_ns
    drafted = pack(passing_project, "-o", out, "--eml")
    assert drafted.exit_code == 0 and (out / f"{TOP}.eml").exists(), drafted.output
    changed = copy_project(passing_project, tmp_path / "changed")
    (changed / "photos" / "现场使用.jpg").write_bytes((changed / "photos" / "现场使用.jpg").read_bytes() + b"\0")
    zip_path.write_bytes(zip_path.read_bytes()[:-1] + b"!")  # not this pack's bytes: someone else's zip
    for project in (passing_project, changed):
        before = zip_path.read_bytes()
        refused = pack(project, "-o", out)
        assert refused.exit_code == 2 and "--overwrite" in refused.output and "内容与这次打包的不同" in refused.output
        assert zip_path.read_bytes() == before and [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert pack(passing_project, "-o", out, "--overwrite").exit_code == 0


def test_a_missing_output_folder_is_made_parents_too(passing_project, tmp_path):
    """The README's own `wuxiao pack 我的成果 -o 发送`: -o names a folder that need not exist yet,
    but never one inside the project (SPEC §2: pack does not modify the project folder)."""
    from tests.pack_helpers import tree_digest

    out = tmp_path / "发送" / "第一批"
    result = pack(passing_project, "-o", out)
    assert result.exit_code == 0, result.output
    assert [z.name for z in out.glob("*.zip")] == [f"{TOP}.zip"]
    before = tree_digest(passing_project)
    inside = pack(passing_project, "-o", passing_project / "发送")
    assert inside.exit_code == 2 and "项目文件夹里面" in inside.stderr
    assert tree_digest(passing_project) == before and not (passing_project / "发送").exists()


def test_a_new_output_folder_is_not_made_when_nothing_is_packed(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "flawed")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)  # P005 error
    result = pack(proj, "-o", tmp_path / "发送")
    assert result.exit_code == 1 and not (tmp_path / "发送").exists()


@pytest.mark.parametrize("where", ["a file", "under a file", "a zip's name"])
def test_output_that_is_no_folder_is_refused(passing_project, tmp_path, where):
    afile = tmp_path / "说明.txt"
    afile.write_text("不是文件夹", encoding="utf-8")
    out = {"a file": afile, "under a file": afile / "发送", "a zip's name": tmp_path / "成果.zip"}[where]
    result = pack(passing_project, "-o", out)
    assert result.exit_code == 2 and "不存在" not in result.stderr and "Traceback" not in result.output
    assert ("压缩包的文件名" if where == "a zip's name" else "是一个文件，不是文件夹") in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["说明.txt"] and afile.read_text(encoding="utf-8") == "不是文件夹"


def test_quiet_pack_says_only_the_report(passing_project, tmp_path):
    result = pack(passing_project, "-o", tmp_path, "--eml", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and "通过" in result.stdout
    assert len(list(tmp_path.glob("*.zip"))) == 1 and len(list(tmp_path.glob("*.eml"))) == 1


def test_flawed_project_exits_1_and_writes_no_zip(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "flawed")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)  # P005 error
    out = tmp_path / "out"
    out.mkdir()
    result = pack(proj, "-o", out)
    assert result.exit_code == 1
    assert "P005" in result.output
    assert list(out.iterdir()) == []


def test_waiver_packs_and_is_recorded(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "waived")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)
    out = tmp_path / "out"
    out.mkdir()
    result = pack(proj, "-o", out, "--ignore", "P005", "--reason", "原始照片已丢失，经上级工会同意")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next(out.glob("*.zip"))) as zf:
        manifest = zf.read(f"{TOP}/manifest-sha256.txt").decode("utf-8")
        report = zf.read(f"{TOP}/校验报告.txt").decode("utf-8")
    assert "# waiver: P005 原始照片已丢失，经上级工会同意" in manifest
    assert "P005" in report and "原始照片已丢失" in report
    verified = runner.invoke(app, ["verify", str(next(out.glob("*.zip")))])
    assert verified.exit_code == 0, verified.output


def test_the_tools_own_clause_reads_in_chinese_in_every_report(passing_project, tmp_path):
    """K001 and F027 cite the tool's packaging requirement: a reader sees its Chinese title, never "packaging"."""
    from openpyxl import load_workbook

    proj = copy_project(passing_project, tmp_path / "junky")
    (proj / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # K001: left out of the package
    out = tmp_path / "out"
    out.mkdir()
    result = pack(proj, "-o", out)
    assert result.exit_code == 0, result.output
    assert "〔打包要求（本工具）〕" in result.output and "packaging" not in result.output
    with zipfile.ZipFile(next(out.glob("*.zip"))) as zf:
        report = zf.read(f"{TOP}/校验报告.txt").decode("utf-8")
    assert "依据：打包要求（本工具）（规则 K001）" in report and "packaging" not in report

    (proj / "photos" / "清洗篮:侧面.jpg").write_bytes((proj / "photos" / "清洗篮正面.jpg").read_bytes())  # F027
    checked = runner.invoke(app, ["check", str(proj), "--report", str(tmp_path / "r.xlsx"), "-f", "json"])
    findings = json.loads(checked.stdout)["projects"][0]["findings"]
    clauses = {f["clause"] for f in findings if f["rule"] == "F027"}
    assert clauses == {"packaging"}  # the JSON report's clause ID is a stable interface
    ws = load_workbook(tmp_path / "r.xlsx")["问题明细"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [row[-1] for row in rows if row[3] == "F027"] == ["打包要求（本工具）"]
    html = runner.invoke(app, ["check", str(proj), "--report", str(tmp_path / "r.html")])
    assert html.exit_code == 1
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "依据：打包要求（本工具）" in text and "packaging" not in text


def test_junk_left_out_and_listed(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "junky")
    (proj / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (proj / "~$form.docx").write_bytes(b"lock")
    # LibreOffice's lock beside an open form names the user and the computer: never sent
    (proj / ".~lock.form.docx#").write_text("LibreOffice,张三,DESKTOP-7Q2,07.12.2026 13:00,"
                                            "file:///C:/Users/zhangsan/AppData/Roaming/LibreOffice/4;", encoding="utf-8")
    result = pack(proj, "-o", tmp_path)
    assert result.exit_code == 0
    assert "K001" in result.output and ".DS_Store" in result.output and ".~lock.form.docx#" in result.output
    with zipfile.ZipFile(next(tmp_path.glob("*.zip"))) as zf:
        assert not any(".DS_Store" in n or "~$" in n or "lock" in n for n in zf.namelist())


def test_gbk_names(passing_project, tmp_path):
    assert pack(passing_project, "-o", tmp_path, "--gbk-names").exit_code == 0
    z = next(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(z) as zf:
        info = zf.infolist()[0]
        assert not info.flag_bits & 0x800
        assert info.filename.encode("cp437").decode("gbk").startswith(TOP)
    assert runner.invoke(app, ["verify", str(z)]).exit_code == 0


def test_over_limit_warns_k002(passing_project, tmp_path):
    result = pack(passing_project, "-o", tmp_path, "--max-mb", "1", "--format", "json")
    assert result.exit_code == 0
    (k002,) = [f["message"] for f in json.loads(result.stdout)["projects"][0]["findings"] if f["rule"] == "K002"]
    # the zip and the limit in one unit, --max-mb's MB of 1,048,576 bytes, rounded down as every size is
    size = next(tmp_path.glob("*.zip")).stat().st_size
    shown = f"{size * 100 // (1 << 20) / 100:.2f}".rstrip("0").rstrip(".")
    assert k002.endswith(f"大小 {shown} MB（{size:,} 字节），超过附件上限 1 MB（1,048,576 字节）")


def test_k002_a_file_that_fits_only_unencoded_says_the_e_mail_is_what_does_not_fit():
    """--split --eml: a 1.72 MB video against a 2 MB limit is over it only as base64 in an e-mail; saying
    "1.72 MB, over 2 MB" alone would be a message no clerk can act on."""
    from wuxiao_cli.package.facts import PackageFacts
    from wuxiao_cli.rules.package import over_limit

    facts = PackageFacts(limit=2 << 20, split=True, eml=True, oversize_files=[("videos/演示.mp4", 1_722_231)])
    (p,) = over_limit.check(facts)
    assert "单个文件 1.64 MB（1,722,231 字节），作为邮件附件编码后约 2.3" in p.message.zh
    assert "超过上限 2 MB（2,097,152 字节）" in p.message.zh
    plain = PackageFacts(limit=2 << 20, split=True, oversize_files=[("videos/演示.mp4", 2_500_000)])
    assert "编码后" not in next(iter(over_limit.check(plain))).message.zh  # over the limit as it is


def test_one_file_is_one_size_in_the_pack_line_k002_and_the_draft(passing_project, tmp_path):
    """D5: the zip's size in 已生成, in K002 and in the draft's line is one figure, MB of 1,048,576 bytes
    (as Windows Explorer and the mail services show it), the limit counted in the same MB."""
    import re

    result = pack(passing_project, "-o", tmp_path, "--eml", "--max-mb", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    z = next(tmp_path.glob("*.zip"))
    size = z.stat().st_size
    mb = f"{size * 100 // (1 << 20) / 100:.2f}".rstrip("0").rstrip(".")
    (k002,) = [f["message"] for f in json.loads(result.stdout)["projects"][0]["findings"] if f["rule"] == "K002"]
    assert f"大小 {mb} MB（{size:,} 字节）" in k002 and "上限 1 MB（1,048,576 字节）" in k002
    assert f"已生成 {z}（{mb} MB）" in result.stderr
    assert f"压缩包 {mb} MB（{size:,} 字节），作为附件编码后约 " in result.stderr
    mail_k002 = re.search(r"编码后约 ([\d.]+ MB)", k002).group(1)
    assert f"作为附件编码后约 {mail_k002}" in result.stderr  # the e-mail's size too: one figure in both
    body = email.message_from_bytes(z.with_suffix(".eml").read_bytes(), policy=email.policy.default)
    assert f"（{mb} MB，SHA-256 " in body.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("name", "said", "not_said"), [
    ("photos/实施前-1.jpg", "把这张照片压缩到 2 MB 以内（降低分辨率", "码率"),
    ("videos/演示.mp4", "降低码率重新压缩到 2 MB 以内", "照片"),
    ("audio/成果介绍.mp3", "降低码率", "照片"),
    ("申报书.pdf", "另存或压缩到 2 MB 以内", "码率"),
])
def test_k002_hint_for_one_oversized_file_fits_its_kind(name, said, not_said):
    """D9: a photo is not told to lower its video bitrate."""
    from wuxiao_cli.package.facts import PackageFacts
    from wuxiao_cli.rules.package import over_limit

    for online in ("", "江苏工会服务网提名系统"):
        facts = PackageFacts(limit=2 << 20, split=True, online=online, oversize_files=[(name, 3_000_000)])
        (p,) = over_limit.check(facts)
        assert said in p.hint.zh and not_said not in p.hint.zh, p.hint.zh


def test_k002_one_oversized_file_is_one_finding(passing_project, tmp_path):
    """D9: with --split, each file too big for any part is said once, not again for the part it fills alone."""
    result = pack(passing_project, "-o", tmp_path, "--split", "--max-mb", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    k002 = [f for f in json.loads(result.stdout)["projects"][0]["findings"] if f["rule"] == "K002"]
    big = sorted(p.relative_to(passing_project).as_posix() for p in passing_project.rglob("*")
                 if p.is_file() and p.stat().st_size > 1 << 20)
    assert big and sorted(f["file"] for f in k002) == big, [f["message"] for f in k002]
    photos = [f for f in k002 if f["file"].startswith("photos/")]
    assert photos and all("码率" not in f["hint"] and "照片" in f["hint"] for f in photos)


def test_eml_under_limit_attaches_zip(passing_project, tmp_path):
    assert pack(passing_project, "-o", tmp_path, "--eml").exit_code == 0
    z = next(tmp_path.glob("*.zip"))
    msg = email.message_from_bytes(z.with_suffix(".eml").read_bytes(), policy=email.policy.default)
    assert msg["To"] == "JKWWTWXCXCG@163.com"
    assert msg["Subject"] == f"五小创新成果申报-{TOP}"
    assert "=?utf-8?" in z.with_suffix(".eml").read_bytes().decode("ascii").split("Subject:", 1)[1][:40].lower()
    body = msg.get_body(("plain",)).get_content()
    assert "材料清单" in body and "检查通过" in body and "成果照片" in body
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_filename() == z.name
    assert attachments[0].get_content() == z.read_bytes()


def test_eml_over_limit_has_netdisk_line_and_no_attachment(passing_project, tmp_path):
    result = pack(passing_project, "-o", tmp_path, "--eml", "--max-mb", "1")
    assert result.exit_code == 0
    z = next(tmp_path.glob("*.zip"))
    msg = email.message_from_bytes(z.with_suffix(".eml").read_bytes(), policy=email.policy.default)
    assert list(msg.iter_attachments()) == []
    assert "网盘链接" in msg.get_body(("plain",)).get_content()
    # the draft's size line: zip, e-mail and limit in one unit with their bytes, as K002 says them
    assert f"（{z.stat().st_size:,} 字节），作为附件编码后约 " in result.stderr
    assert "上限 1 MB（1,048,576 字节），未作附件" in result.stderr


def test_split_parts_under_limit_each_verify_and_cover_every_file(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "big")
    for n in range(8):  # 8 × 1.7 MB of photos on top of the base ≈ 23 MB in all
        write_jpeg(proj / "photos" / f"现场照片{n + 1}.jpg", target=1_700_000, seed=n + 5)
    write_jpeg(proj / "photos" / "全景大图.jpg", target=6_000_000, seed=99)  # over 5 MB alone
    total = sum(p.stat().st_size for p in proj.rglob("*") if p.is_file())
    assert 22_000_000 < total < 26_000_000
    out = tmp_path / "out"
    out.mkdir()
    result = pack(proj, "-o", out, "--split", "--max-mb", "5")
    assert result.exit_code == 0, result.output
    assert "K002" in result.output and "全景大图.jpg" in result.output
    parts = sorted(out.glob("*.zip"))
    assert len(parts) >= 5
    seen: list[str] = []
    for part in parts:
        assert "部分" in part.name
        if "全景大图" not in str(zipfile.ZipFile(part).namelist()):
            assert part.stat().st_size < 5 << 20, part.name
        alone = runner.invoke(app, ["verify", str(part)])  # a lone part proves itself only (issue 11)
        assert alone.exit_code == 1 and "K005" in alone.output, alone.output
        one = runner.invoke(app, ["verify", str(part), "--allow-partial"])
        assert one.exit_code == 0, one.output
        with zipfile.ZipFile(part) as zf:
            seen += [n.split("/", 1)[1] for n in zf.namelist() if not n.endswith(("manifest-sha256.txt", "校验报告.txt"))]
    expected = sorted(p.relative_to(proj).as_posix() for p in proj.rglob("*") if p.is_file())
    assert sorted(seen) == expected  # every file exactly once
    together = runner.invoke(app, ["verify", *map(str, parts)])
    assert together.exit_code == 0, together.output
