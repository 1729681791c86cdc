"""Issue 13: received archives are checked as projects, safely, and leave nothing behind (acceptance 1, 2, 4)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import py7zr
import pytest
from typer.testing import CliRunner

from tests.archive_helpers import deflated_zeros, make_rar, project_files, zip_flagless, zip_raw
from tests.conftest import EXAMPLES
from tests.quiz_helpers import loosen_an_answer
from tests.report_schema import loads_report
from wuxiao_cli.archive import extracted, rar
from wuxiao_cli.archive.intake import archive_findings
from wuxiao_cli.cli import app
from wuxiao_cli.engine import Options
from wuxiao_cli.profile import load_profile

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
pytestmark = pytest.mark.usefixtures("temp_dir_left_empty")  # conftest: archives leave no temp files


def check_json(*paths: Path, extra=()) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *map(str, paths), "-f", "json", "-q", "--jobs", "1", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, loads_report(result.stdout)


def rules_of(report: dict, index: int = 0) -> list[str]:
    return [f["rule"] for f in report["projects"][index]["findings"] if f["severity"] != "info"]


def zip_utf8(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- acceptance 1: real archives as workers send them -------------------------------------------------

def test_windows_explorer_zip_cp936_names_without_flag(tmp_path):
    archive = zip_flagless(tmp_path / "成果.zip", project_files(GOOD, "跟刀架成果"), "gbk")
    assert not zipfile.ZipFile(archive).infolist()[0].flag_bits & 0x800  # really flagless
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == []
    assert report["projects"][0]["path"] == archive.as_posix()


def test_gbk_names_that_pass_for_utf8_are_read_as_the_rest_of_the_zip(tmp_path):
    """图片 in GBK (CD BC C6 AC) is valid UTF-8 (ͼƬ): decided name by name, 图片/全貌.jpg went to a folder
    of its own and P002 counted 2 photos. The archive's names are read in one encoding."""
    files = {n.replace("photos/", "图片/"): b for n, b in project_files(GOOD).items()}  # zipped inside the folder
    files["图片/全貌.jpg"] = files.pop(min(n for n in files if n.startswith("图片/")))
    assert "图片/全貌.jpg".encode("gbk").decode("utf-8") != "图片/全貌.jpg"  # the trap
    archive = zip_flagless(tmp_path / "成果.zip", files, "gbk")
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == [], rules_of(report)


def test_zip_with_utf8_flag_and_no_wrapping_folder(tmp_path):
    archive = zip_utf8(tmp_path / "成果.zip", project_files(GOOD))
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == []


def test_macos_zip_nfd_names_without_flag_and_macosx_junk(tmp_path):
    files = {unicodedata.normalize("NFD", k): v for k, v in project_files(GOOD, "成果").items()}
    files["__MACOSX/成果/._form.docx"] = b"\0\5\26\7junk"
    files["成果/.DS_Store"] = b"junk"
    archive = zip_flagless(tmp_path / "mac.zip", files, "utf-8")
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == []


def test_7z(tmp_path):
    archive = tmp_path / "成果.7z"
    with py7zr.SevenZipFile(archive, "w") as z:
        z.writeall(GOOD, "成果")
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == []


def test_undecodable_name_is_a_warning_not_a_crash(tmp_path):
    files = project_files(GOOD, "p")
    archive = zip_flagless(tmp_path / "odd.zip", {**files, "p/README-x.txt": b"x"}, "gbk")
    raw = archive.read_bytes().replace(b"README-x.txt", b"README\xff\xfe.txt")  # fits no encoding
    archive.write_bytes(raw)
    code, report = check_json(archive)
    assert rules_of(report) == ["Z004"] and code == 0


@pytest.mark.skipif(shutil.which("7z") is None, reason="7z (p7zip-full) not installed")
def test_encrypted_zip_one_finding(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(GOOD, src / "成果")
    archive = tmp_path / "加密.zip"
    subprocess.run(["7z", "a", "-tzip", "-pSECRET", "-bd", "-bso0", str(archive), "成果"], cwd=src, check=True)
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z002"]


def test_encrypted_7z_one_finding(tmp_path):
    archive = tmp_path / "加密.7z"
    with py7zr.SevenZipFile(archive, "w", password="secret", header_encryption=True) as z:
        z.writeall(GOOD / "photos", "photos")
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z002"]


def test_zip_bomb_refused_before_writing(tmp_path, temp_dir_left_empty):
    archive = zip_raw(tmp_path / "bomb.zip", [("p/zeros.bin", 0)], deflated_zeros(50_000_000), size=50_000_000)
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z001"]
    assert "压缩炸弹" in report["projects"][0]["findings"][0]["message"]


def test_many_1mb_entries_refused_by_total_cap(tmp_path):
    """10,100 entries of 1 MB each: none is over the per-entry ratio threshold, the total cap refuses them."""
    data = deflated_zeros(1_000_000)
    archive = zip_raw(tmp_path / "many.zip", [(f"p/f{i}.bin", i) for i in range(10_100)], data, size=1_000_000)
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z001"]
    assert "10100.0 MB，超过上限 10000.0 MB" in report["projects"][0]["findings"][0]["message"]
    code, report = verify_json(archive)
    assert code == 1 and any("超过上限 10000.0 MB" in f["message"] for f in report["projects"][0]["findings"])


def verify_json(*zips: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["verify", *map(str, zips), "--format", "json"])
    return result.exit_code, loads_report(result.stdout)


def test_overlapping_entries_refused(tmp_path):
    archive = zip_raw(tmp_path / "overlap.zip", [("p/a.bin", 0), ("p/b.bin", 0)], deflated_zeros(1000), size=1000)
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z001"]
    assert "重叠" in report["projects"][0]["findings"][0]["message"]
    code, report = verify_json(archive)
    assert code == 1 and any("重叠" in f["message"] for f in report["projects"][0]["findings"])


@pytest.mark.parametrize("entry", ["../evil.txt", "/tmp/wuxiao-evil-intake.txt", "p/../../evil.txt"])
def test_path_escape_refused(tmp_path, entry):
    archive = zip_utf8(tmp_path / "x.zip", project_files(GOOD / "photos", "p"))
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("placeholder")
        info.filename = entry
        zf.writestr(info, b"evil")
    code, report = check_json(archive)
    assert code == 1 and "Z001" in rules_of(report)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    assert not Path("/tmp/wuxiao-evil-intake.txt").exists()


def _patch(path: Path, change) -> Path:
    raw = bytearray(path.read_bytes())
    change(raw)
    path.write_bytes(bytes(raw))
    return path


def _stored(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("p/photos/a.txt", b"hello world " * 100)
    return path


@pytest.mark.parametrize("damage", ["crc", "method", "offset"])
def test_damage_is_a_clean_archive_error(tmp_path, damage):
    """Bad CRC, an unknown compression method, a bogus central-directory offset: Z001 / K003, never a crash."""
    archive = _stored(tmp_path / f"{damage}.zip")
    if damage == "crc":
        _patch(archive, lambda raw: raw.__setitem__(raw.index(b"hello") + 3, ord("X")))
    elif damage == "method":
        def method(raw):
            for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
                struct.pack_into("<H", raw, raw.index(sig) + at, 99)
        _patch(archive, method)
    else:
        _patch(archive, lambda raw: struct.pack_into("<I", raw, raw.rindex(b"PK\x05\x06") + 16, 999_999))
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z001"]
    assert "内部错误" not in json.dumps(report, ensure_ascii=False)
    code, report = verify_json(archive)
    assert code == 1 and "K003" in [f["rule"] for f in report["projects"][0]["findings"]]
    assert all(f["rule"][0] == "K" for f in report["projects"][0]["findings"])


def _rar_tools():
    return [t for t in rar.TOOLS if rar.find_tool((t,))] or [pytest.param("none", marks=pytest.mark.skip("no extractor"))]


@pytest.mark.parametrize("tool", _rar_tools())
def test_rar_with_each_installed_extractor(tmp_path, monkeypatch, tool):
    archive = make_rar(tmp_path / "成果.rar", project_files(GOOD, "成果"))
    monkeypatch.setattr(rar, "TOOLS", (tool,))
    with extracted(archive, rar_tools=(tool,)) as x:
        assert x.refusals == [] and x.wrapper == "成果"
        assert sorted(p.name for p in (x.folder / "photos").iterdir()) == sorted(p.name for p in (GOOD / "photos").iterdir())
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == []


def test_an_extractor_printing_past_its_cap_is_stopped_not_collected():
    """lsar lists millions of tiny entries in gigabytes of JSON: what a tool prints is capped, the tool stopped."""
    import sys

    flood = "import sys\nfor _ in range(80): sys.stdout.buffer.write(b'x' * (1 << 20))"  # 80 MB
    proc = rar._run([sys.executable, "-c", flood])
    assert (proc.returncode, proc.stdout) == (rar.TOO_MUCH, b"")
    said = rar._run([sys.executable, "-c", "import sys; sys.stdout.write('ok'); sys.stderr.write('warn')"])
    assert (said.returncode, said.stdout, said.stderr) == (0, b"ok", b"warn")


@pytest.mark.parametrize("tool", _rar_tools())
def test_a_rar_listing_past_the_output_cap_is_refused_unextracted(tmp_path, monkeypatch, tool):
    archive = make_rar(tmp_path / "成果.rar", project_files(GOOD, "成果"))
    monkeypatch.setattr(rar, "TOOLS", (tool,))
    monkeypatch.setattr(rar, "MAX_OUTPUT", 200)  # as the listing of millions of entries would pass 64 MB
    with extracted(archive, rar_tools=(tool,)) as x:
        assert x.folder is None or not any(x.folder.iterdir())
        [refusal] = x.refusals
        assert refusal.message.zh.startswith("成果.rar 的文件列表超过 ")
        assert refusal.message.zh.endswith("MB（条目远多于上限 20000），为安全起见未解压")


def test_rar_without_extractor_says_how_to_resave(tmp_path):
    archive = make_rar(tmp_path / "成果.rar", {"成果/form.toml": b'name = "x"\n'})
    with extracted(archive, rar_tools=()) as x:
        findings = archive_findings(x, load_profile(None), Options())
    assert [f.rule for f in findings] == ["Z003"] and "zip" in findings[0].message


# --- acceptance 2: a clerk's inbox is one batch --------------------------------------------------------

def test_folder_of_folders_and_archives_is_one_batch(tmp_path):
    inbox = tmp_path / "收件"
    shutil.copytree(GOOD, inbox / "张三项目")
    shutil.copytree(GOOD, inbox / "李四项目")
    zip_flagless(inbox / "王五.zip", project_files(GOOD, "王五"), "gbk")
    bad = project_files(GOOD, "赵六")
    bad = {k: v for k, v in bad.items() if "/photos/" not in k}
    zip_utf8(inbox / "赵六.zip", bad)
    with py7zr.SevenZipFile(inbox / "钱七.7z", "w") as z:
        z.writeall(GOOD, "钱七")
    xlsx = tmp_path / "报告.xlsx"
    code, report = check_json(inbox, extra=["--report", str(xlsx)])
    paths = [p["path"] for p in report["projects"]]
    assert len(paths) == 5 and code == 1
    by_path = {p["path"]: p for p in report["projects"]}
    assert by_path[(inbox / "赵六.zip").as_posix()]["status"] == "fail"
    assert "P001" in [f["rule"] for f in by_path[(inbox / "赵六.zip").as_posix()]["findings"]]
    wangwu = by_path[(inbox / "王五.zip").as_posix()]
    assert [f for f in wangwu["findings"] if f["severity"] == "error"] == []  # its own files are fine…
    assert wangwu["status"] == "fail"  # …but all five are copies of one achievement: B001 fails each (issue 10)
    assert {b["rule"] for b in report["batch_findings"] if b["severity"] == "error"} == {"B001"}
    cells = {str(c.value) for ws in openpyxl.load_workbook(xlsx) for row in ws.iter_rows() for c in row if c.value}
    for name in ("王五.zip", "赵六.zip", "钱七.7z"):
        assert any(name in c for c in cells), name


# --- acceptance 4: the archive itself is never touched -------------------------------------------------

def test_check_leaves_archive_byte_identical(tmp_path):
    archive = zip_flagless(tmp_path / "成果.zip", project_files(GOOD, "成果"), "gbk")
    before = sha(archive)
    check_json(archive)
    assert sha(archive) == before and sorted(p.name for p in tmp_path.iterdir()) == ["systmp", "成果.zip"]


def test_not_a_folder_nor_archive_is_a_usage_error(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("hi", encoding="utf-8")
    result = runner.invoke(app, ["check", str(text)])
    assert result.exit_code == 2 and "压缩包" in result.output


def test_pack_and_fix_on_an_archive_write_beside_it_and_leave_it_identical(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    good = shutil.copytree(GOOD, tmp_path / "good")
    loosen_an_answer(good / "quizbank.xlsx")  # a warning fix corrects: it makes the copy
    archive = zip_flagless(inbox / "成果.zip", project_files(good, "成果"), "gbk")
    before = sha(archive)
    packed = runner.invoke(app, ["pack", str(archive)])
    assert packed.exit_code == 0, packed.output
    again = runner.invoke(app, ["pack", str(archive), "--overwrite"])
    assert again.exit_code == 0, again.output
    fixed = runner.invoke(app, ["fix", str(archive)])
    assert fixed.exit_code == 0, fixed.output
    assert sha(archive) == before
    out = inbox / "五小-输出"  # beside the archive, in the folder a later check of the inbox skips
    assert sorted(p.name for p in inbox.iterdir()) == ["五小-输出", "成果.zip"]
    made = sorted(p.name for p in out.iterdir())
    assert "成果-修复" in made and len([n for n in made if n.endswith(".zip")]) == 1
    assert (out / "成果-修复" / "photos").is_dir()
    code, report = verify_json(*out.glob("*.zip"))
    assert code == 0, report
    in_place = runner.invoke(app, ["fix", str(archive), "--in-place"])
    assert in_place.exit_code == 2 and sha(archive) == before


def test_pack_never_replaces_the_archive_it_was_given(tmp_path):
    archive = zip_utf8(tmp_path / "x.zip", project_files(GOOD, "成果"))
    first = runner.invoke(app, ["pack", str(archive)])
    assert first.exit_code == 0
    made = next((tmp_path / "五小-输出").glob("*.zip"))
    before = sha(made)
    again = runner.invoke(app, ["pack", str(made), "--overwrite"])  # its own package name: must not replace it
    assert again.exit_code == 2 and "已存在" in again.output and sha(made) == before


def test_pack_refused_archive_shows_its_finding(tmp_path):
    archive = zip_raw(tmp_path / "bomb.zip", [("p/zeros.bin", 0)], deflated_zeros(5_000_000), size=5_000_000)
    result = runner.invoke(app, ["pack", str(archive)])
    assert result.exit_code == 1 and "Z001" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.zip", "systmp"]


def test_archive_of_several_projects_is_a_batch_with_baseline_and_fixlists(tmp_path):
    files = {**project_files(GOOD, "汇总/张三"), **project_files(GOOD / "photos", "汇总/李四/photos")}
    archive = zip_utf8(tmp_path / "汇总.zip", files)
    before = sha(archive)
    first = tmp_path / "first.json"
    fixlists = tmp_path / "整改"
    result = runner.invoke(app, ["check", str(archive), "-f", "json", "-q", "--jobs", "1", "-o", str(first),
                                 "--fixlists", str(fixlists)])
    assert result.exit_code == 1
    report = loads_report(first.read_text(encoding="utf-8"))
    paths = {p["path"] for p in report["projects"]}
    assert paths == {f"{archive.as_posix()} › 李四", f"{archive.as_posix()} › 张三"}
    assert any(fixlists.iterdir())
    code, again = check_json(archive, extra=["--baseline", str(first)])
    baseline = again["summary"]["baseline"]
    assert code == 1 and baseline["new"] == 0 and baseline["persisting"] > 0 and baseline["projects_gone"] == []
    assert sha(archive) == before


@pytest.mark.parametrize("tool", _rar_tools())
def test_damaged_rar_is_a_clean_finding(tmp_path, tool):
    archive = make_rar(tmp_path / "坏.rar", {"成果/form.toml": b'name = "x"\n' * 50})
    archive.write_bytes(archive.read_bytes()[:60])  # cut short, as an interrupted download
    with extracted(archive, rar_tools=(tool,)) as x:
        findings = archive_findings(x, load_profile(None), Options())
    assert [f.rule for f in findings] == ["Z001"] and x.folder is None
    said = f"{findings[0].message} {findings[0].hint}"
    assert "下载中断" in said and _english_prose(said) == [], said  # the tool's own English only with --lang en


def test_truncated_7z_is_a_clean_finding(tmp_path):
    archive = tmp_path / "坏.7z"
    with py7zr.SevenZipFile(archive, "w") as z:
        z.writeall(GOOD / "photos", "photos")
    archive.write_bytes(archive.read_bytes()[:5000])
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z001"]


def test_disk_full_while_extracting_is_this_computers_problem(tmp_path, monkeypatch):
    """Failing to write the temporary copy is a one-line error about this computer, not a finding on the archive."""
    from wuxiao_cli.archive import place

    def no_space(path, mode):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(place, "open", no_space, raising=False)  # creating each entry's file
    src = zip_utf8(tmp_path / "成果.zip", project_files(GOOD / "photos", "p"))
    result = runner.invoke(app, ["check", str(src)])
    assert result.exit_code == 2 and "磁盘已满" in result.output and "Traceback" not in result.output


def test_disk_full_while_writing_an_entry_is_not_the_archives_fault(tmp_path, monkeypatch):
    """A write that fails mid-entry (ENOSPC) is not mistaken for a damaged entry."""
    from wuxiao_cli.archive import zips

    class Full:
        def write(self, chunk):
            raise OSError(28, "No space left on device")

    real = zips.copy_member
    monkeypatch.setattr(zips, "copy_member", lambda zf, member, out, **kw: real(zf, member, Full(), **kw))
    src = zip_utf8(tmp_path / "成果.zip", project_files(GOOD / "photos", "p"))
    result = runner.invoke(app, ["check", str(src)])
    assert result.exit_code == 2 and "磁盘已满" in result.output and "Z001" not in result.output


@pytest.mark.parametrize("tool", [t for t in ("unar", "7z") if rar.find_tool((t,))]
                         or [pytest.param("none", marks=pytest.mark.skip("neither unar nor 7z installed"))])
def test_encrypted_rar_one_finding(tmp_path, tool):
    """The RAR header's password flag, as lsar and 7-Zip list it (bsdtar lists no such flag)."""
    archive = make_rar(tmp_path / "加密.rar", {"成果/form.toml": b'name = "x"\n'}, encrypted=True)
    with extracted(archive, rar_tools=(tool,)) as x:
        findings = archive_findings(x, load_profile(None), Options())
    assert [f.rule for f in findings] == ["Z002"] and x.folder is None


def test_shared_file_inside_archives_is_named_with_the_archive(tmp_path):
    """B003 across two received zips names each file as 张三.zip › photos/…, not as a folder path."""
    inbox = tmp_path / "收件"
    shutil.copytree(GOOD, inbox / "李四")
    zip_utf8(inbox / "张三.zip", project_files(GOOD, "张三"))
    _code, report = check_json(inbox)
    [shared] = [b for b in report["batch_findings"] if b["rule"] == "B003" and "跟刀架-正视图.jpg" in b["message"]]
    assert "张三.zip › photos/跟刀架-正视图.jpg" in shared["message"]
    assert "李四/photos/跟刀架-正视图.jpg" in shared["message"]


# --- archives whose content, not this computer, stops them being read ---------------------------------

def _folders_only_7z(path: Path, tmp_path: Path) -> Path:
    skeleton = tmp_path / "skeleton"
    for sub in ("成果/照片", "成果/视频"):
        (skeleton / sub).mkdir(parents=True)
    with py7zr.SevenZipFile(path, "w") as z:
        z.writeall(skeleton / "成果", "成果")
    return path


@pytest.mark.parametrize("kind", ["empty", "folders", "folders-7z"])
def test_empty_archive_is_one_finding_not_a_crash(tmp_path, kind):
    """An empty zip crashed every command (zips.overlaps); one of folders only said six materials were missing."""
    archive = tmp_path / ("空.7z" if kind == "folders-7z" else "空.zip")
    if kind == "folders-7z":
        _folders_only_7z(archive, tmp_path)
    else:
        with zipfile.ZipFile(archive, "w") as zf:
            for folder in ("成果/", "成果/照片/", "成果/视频/") if kind == "folders" else ():
                zf.writestr(folder, "")
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z005"], rules_of(report)
    assert "是空的" in report["projects"][0]["findings"][0]["message"]
    result = runner.invoke(app, ["pack", str(archive), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1 and "Z005" in result.output and "内部错误" not in result.output
    result = runner.invoke(app, ["fix", str(archive), "-o", str(tmp_path / "fixed")])
    assert result.exit_code == 1 and "内部错误" not in result.output, result.output
    if kind == "empty":
        code, report = verify_json(archive)
        assert code == 1 and any("空压缩包" in f["message"] for f in report["projects"][0]["findings"])


def test_powershell_backslash_folder_entries_are_folders(tmp_path):
    """PowerShell 5.1 writes `跟刀架成果\\` folder entries: taken for empty files, the entries under them
    could not be written and the whole check stopped."""
    files = {"跟刀架成果\\": b""}
    for name, data in project_files(GOOD, "跟刀架成果").items():
        parts = name.split("/")
        for depth in range(2, len(parts)):
            files.setdefault("\\".join(parts[:depth]) + "\\", b"")
        files[name.replace("/", "\\")] = data
    archive = zip_flagless(tmp_path / "ps51.zip", files, "gbk")
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == [], rules_of(report)


LONG_NAME = "数控车床细长轴加工可调式防振跟刀架的研制与应用现场" * 3 + "照片" * 10 + ".jpg"  # 95 汉字: > 255 bytes


def _with_entry(path: Path, name: str, data: bytes = b"x") -> Path:
    zip_utf8(path, project_files(GOOD, "成果"))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(name, data)
    return path


@pytest.mark.parametrize("case", ["too-long", "file-then-folder", "too-long-7z"])
def test_entry_that_cannot_be_written_is_a_finding_and_the_batch_goes_on(tmp_path, case):
    """A name too long for this file system, or a file where a folder should be: the archive's problem,
    a Z001 on it; the batch's other projects are still checked (it used to stop with exit 2)."""
    inbox = tmp_path / "收件"
    shutil.copytree(GOOD, inbox / "张三项目")
    if case == "too-long":
        _with_entry(inbox / "李四.zip", f"成果/photos/{LONG_NAME}")
    elif case == "file-then-folder":
        with zipfile.ZipFile(inbox / "李四.zip", "w") as zf:
            zf.writestr("成果/photos", b"a file named like the folder")
            for name, data in project_files(GOOD, "成果").items():
                zf.writestr(name, data)
    else:
        with py7zr.SevenZipFile(inbox / "李四.7z", "w") as z:
            z.writeall(GOOD, "成果")
            z.writestr(b"x", f"成果/photos/{LONG_NAME}")
    code, report = check_json(inbox)
    assert code == 1
    by_path = {Path(p["path"]).name: p for p in report["projects"]}
    assert by_path["张三项目"]["status"] == "pass"
    [archive] = [p for name, p in by_path.items() if name.startswith("李四")]
    [finding] = [f for f in archive["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "Z001"
    assert ("文件名或路径太长" if case != "file-then-folder" else "同名") in finding["message"], finding
    assert "改" in finding["hint"] and "不要转发来路不明" not in finding["hint"]


# --- damaged archives: the likely cause in Chinese, the library's words in English --------------------

def _messages(report: dict) -> list[str]:
    return [f"{f['message']} {f['hint']}" for p in report["projects"] for f in p["findings"]]


def _english_prose(text: str) -> list[str]:
    """ASCII words outside file names (成果.zip) and the program names a clerk can act on."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"「[^」]*」|[\w./-]*[./][\w./-]*|`[^`]*`", " ", text))
            if w not in {"zip", "zipped", "Zip", "WinRAR", "RAR", "wuxiao", "unar", "bsdtar", "CRC"}]


@pytest.mark.parametrize("kind", ["zip", "7z"])
def test_truncated_archive_says_download_cut_short_in_chinese(tmp_path, kind):
    """'File is not a zip file', 'Bad7zFile: next header size …' were printed inside the Chinese message
    and the 整改清单; Chinese says the likely cause, English keeps the library's text."""
    whole = tmp_path / f"whole.{kind}"
    if kind == "zip":
        zip_utf8(whole, project_files(GOOD, "成果"))
    else:
        with py7zr.SevenZipFile(whole, "w") as z:
            z.writeall(GOOD, "成果")
    archive = tmp_path / f"断.{kind}"
    archive.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # an interrupted download
    fixlists = tmp_path / "整改"
    code, report = check_json(archive, extra=["--fixlists", str(fixlists)])
    assert code == 1 and rules_of(report) == ["Z001"]
    [said] = _messages(report)
    assert "下载中断" in said and "重新下载" in said and _english_prose(said) == [], said
    sheet = "\n".join(p.read_text(encoding="utf-8") for p in fixlists.iterdir())
    assert "下载中断" in sheet and "Bad7zFile" not in sheet and "not a zip" not in sheet
    code, report = check_json(archive, extra=["--lang", "en"])
    assert ("File is not a zip file" if kind == "zip" else "Bad7zFile") in _messages(report)[0]


def test_bad_crc_says_damaged_in_transit(tmp_path):
    archive = _patch(_stored(tmp_path / "坏.zip"), lambda raw: raw.__setitem__(raw.index(b"hello") + 3, ord("X")))
    code, report = check_json(archive)
    [said] = _messages(report)
    assert code == 1 and "校验不符" in said and "Bad CRC" not in said and _english_prose(said) == [], said


def test_verify_on_a_7z_says_it_is_a_7z_not_an_unreadable_zip(tmp_path):
    archive = tmp_path / "成果.7z"
    with py7zr.SevenZipFile(archive, "w") as z:
        z.writeall(GOOD / "photos", "photos")
    code, report = verify_json(archive)
    said = " ".join(_messages(report))
    assert code == 1 and "是 7z 压缩包" in said and "File is not" not in said


@pytest.mark.parametrize("headers", [True, False])
def test_encrypted_7z_says_whole_archive_when_its_listing_is_encrypted(tmp_path, headers):
    """A 7z with encrypted names read '已加密（1 个条目需要密码）': no entry can be seen, the whole archive is locked."""
    archive = tmp_path / "加密.7z"
    with py7zr.SevenZipFile(archive, "w", password="secret", header_encryption=headers) as z:
        z.writeall(GOOD / "photos", "photos")
    code, report = check_json(archive)
    [said] = _messages(report)
    assert code == 1 and rules_of(report) == ["Z002"]
    if headers:
        assert "整个压缩包设置了密码" in said and "1 个条目" not in said, said
    else:
        assert f"{len(list((GOOD / 'photos').iterdir()))} 个条目需要密码：photos/" in said, said


# --- RAR names in GBK, and 7-Zip where Windows installs it ---------------------------------------------

CHINESE_FOLDERS = {"photos/": "照片/", "videos/": "视频/", "audio/": "音频/", "authorization/": "授权书/",
                   "quizbank.xlsx": "题库.xlsx"}


def chinese_project() -> dict[str, bytes]:
    """The good project with the Chinese folder names (题库.xlsx sorts last: an .xlsx is a zip)."""
    out = {}
    for name, data in project_files(GOOD).items():
        for english, chinese in CHINESE_FOLDERS.items():
            name = name.replace(english, chinese) if name.startswith(english) else name
        out[f"张三-跟刀架/{name}"] = data
    return out


def only_on_path(tmp_path: Path, monkeypatch, *tools: str) -> None:
    """PATH with just these tools on it (as links), so one extractor is the one found."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in tools:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bin_dir))


@pytest.mark.parametrize("tool", _rar_tools())
def test_rar_with_gbk_names_with_each_extractor(tmp_path, monkeypatch, tool):
    """A RAR with legacy GBK names (WinRAR 4, 好压): bsdtar and 7-Zip garbled them (and bsdtar, given the
    file, read the .xlsx stored last as the archive), so every material seemed missing."""
    archive = make_rar(tmp_path / "张三.rar", chinese_project(), legacy="gbk")
    only_on_path(tmp_path, monkeypatch, *(("unar", "lsar") if tool == "unar" else (tool,)))
    assert rar.find_tool() == tool
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == [], rules_of(report)


@pytest.mark.parametrize("tool", [t for t in ("7z", "bsdtar") if shutil.which(t)]
                         or [pytest.param("none", marks=pytest.mark.skip("neither 7z nor bsdtar"))])
def test_rar_names_that_stay_garbled_are_z004_not_six_missing(tmp_path, monkeypatch, tool):
    """Names in no encoding this computer reads (here bytes that are neither UTF-8 nor GBK) come out as
    ???? or bytes: one Z004 error on the archive, not A001 D001 F001 P001 Q001 V001."""
    files = {n.replace("张三-跟刀架/", "\udcb0\udca1\udcff\udcfe/"): b for n, b in chinese_project().items()}
    archive = make_rar(tmp_path / "乱码.rar", files, legacy="gbk")
    only_on_path(tmp_path, monkeypatch, tool)
    code, report = check_json(archive)
    assert code == 1 and rules_of(report) == ["Z004"], rules_of(report)
    [finding] = report["projects"][0]["findings"]
    assert finding["severity"] == "error" and "WinRAR" in finding["hint"]


def test_7zip_found_where_its_windows_installer_puts_it(tmp_path, monkeypatch):
    """7-Zip's installer does not add 7z.exe to PATH: 'install 7-Zip and retry' must then work."""
    if not shutil.which("7z"):
        pytest.skip("7z not installed")
    program_files = tmp_path / "Program Files"
    (program_files / "7-Zip").mkdir(parents=True)
    exe = program_files / "7-Zip" / "7z.exe"
    exe.write_text(f'#!/bin/sh\nexec "{shutil.which("7z")}" "$@"\n')
    exe.chmod(0o755)
    archive = make_rar(tmp_path / "成果.rar", project_files(GOOD, "成果"))
    only_on_path(tmp_path, monkeypatch)
    assert rar.find_tool() is None
    monkeypatch.setenv("ProgramFiles", str(program_files))
    assert rar.find_tool() == "7z" and rar.executable("7z") == str(exe)
    code, report = check_json(archive)
    assert code == 0 and rules_of(report) == [], rules_of(report)


def test_no_extractor_message_names_no_unix_tools_for_the_clerk(tmp_path, monkeypatch):
    archive = make_rar(tmp_path / "成果.rar", project_files(GOOD, "成果"))
    only_on_path(tmp_path, monkeypatch)
    monkeypatch.delenv("ProgramFiles", raising=False)
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    monkeypatch.delenv("ProgramW6432", raising=False)
    code, report = check_json(archive)
    [finding] = report["projects"][0]["findings"]
    first_sentence = finding["message"].split("（Linux")[0]
    assert code == 1 and finding["rule"] == "Z003"
    assert "unar" not in first_sentence and "bsdtar" not in first_sentence and "7-Zip" in first_sentence
