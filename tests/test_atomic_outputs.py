"""Nothing partial (issue 11): pack --split / --eml and fix -o killed at random points leave no output,
and the next run leaves no temporary file; a file changing while packed stops the pack (K006);
--eml judges the encoded size; long names are cut by bytes; -o never overwrites an input."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.pack_helpers import FORM_TOML, REPO_ROOT, copy_project, write_jpeg
from wuxiao_cli.cli import app
from wuxiao_cli.package import build
from wuxiao_cli.package.facts import MESSAGE_OVERHEAD, encoded_size, zip_budget
from wuxiao_cli.package.zipper import TEMP_SUFFIX, FileChanged, Item, write_zip

runner = CliRunner()
KILL_POINTS = 10
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def big_project(passing_project, tmp_path_factory):
    """The passing project plus 9 MB of incompressible data: a write long enough to be killed within
    (the kill times are drawn from a measured run), in 3 pieces that --split puts in separate parts."""
    proj = copy_project(passing_project, tmp_path_factory.mktemp("big") / "big")
    (proj / "资料").mkdir()
    rng = random.Random(11)
    for n in range(3):
        (proj / "资料" / f"测量数据{n + 1}.bin").write_bytes(rng.randbytes(3 << 20))
    return proj


def _start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "wuxiao_cli", *map(str, args)], cwd=REPO_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_until_started(proc: subprocess.Popen, out: Path, started) -> None:
    deadline = time.monotonic() + 120
    while not started(out) and proc.poll() is None:
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.002)


def _write_time(args, out: Path, started) -> float:
    """Seconds from ``started(out)`` to the end of one complete run; its output is cleared again."""
    proc = _start(*args)
    _wait_until_started(proc, out, started)
    began = time.monotonic()
    proc.wait(timeout=300)
    elapsed = time.monotonic() - began
    for p in out.iterdir():
        p.unlink() if p.is_file() else shutil.rmtree(p)
    return max(elapsed, 0.05)


def _kill_at_random_points(args, out: Path, started, partial, seed: int) -> int:
    """Run ``args`` KILL_POINTS times, each SIGKILLed a random time after ``started(out)`` is true.
    After every kill ``partial(out)`` (what is there but incomplete) must be empty; a complete output
    (the kill came after the final rename) is removed before the next round. Returns the kills made.

    The kill times are drawn within the write as this machine does it (one unkilled run measures it
    first), so a fast machine is not left with runs that finish before any kill."""
    rng = random.Random(seed)
    window = _write_time(args, out, started)
    killed = 0
    for _ in range(KILL_POINTS):
        proc = _start(*args)
        _wait_until_started(proc, out, started)
        time.sleep(rng.uniform(0, 0.9 * window))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            killed += 1
        else:
            assert proc.returncode in (0, 1)
        assert partial(out) == [], "a killed run left a partial output behind"
        for p in out.iterdir():
            if not p.name.endswith(TEMP_SUFFIX):  # leftovers of a killed run stay for the next run to clear
                p.unlink() if p.is_file() else shutil.rmtree(p)
    return killed


def _split_partial(out: Path) -> list[Path]:
    """Parts present without all their siblings: a set is complete only when verify accepts it together."""
    parts = sorted(out.glob("*.zip"))
    if not parts or runner.invoke(app, ["verify", *map(str, parts)]).exit_code == 0:
        return []
    return parts


def _eml_partial(out: Path) -> list[Path]:
    import email
    from email import policy

    bad = []
    for draft in out.glob("*.eml"):
        msg = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        attached = [part.get_content() for part in msg.iter_attachments()]
        zips = sorted(out.glob("*.zip"))
        if len(attached) != 1 or attached[0] != zips[0].read_bytes():
            bad.append(draft)
    return bad


def _fix_partial(source: Path):
    def partial(out: Path) -> list[Path]:
        copy = out / source.name
        if not copy.exists():
            return []
        want = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
        have = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
        return [] if have == want else [copy]
    return partial


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


@posix_only
@pytest.mark.slow  # 10 kills of a 9 MB write each
def test_killed_split_pack_leaves_no_part(big_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    args = ["pack", big_project, "-o", out, "--split", "--max-mb", "4"]
    killed = _kill_at_random_points(args, out, lambda o: bool(_temps(o)), _split_partial, 111)
    assert killed >= KILL_POINTS // 2
    done = subprocess.run([sys.executable, "-m", "wuxiao_cli", *map(str, args)], cwd=REPO_ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert _temps(out) == []
    parts = sorted(out.glob("*.zip"))
    assert len(parts) >= 3
    assert runner.invoke(app, ["verify", *map(str, parts)]).exit_code == 0


@posix_only
@pytest.mark.slow  # 10 kills of a 9 MB write each
def test_killed_eml_leaves_no_draft(big_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    args = ["pack", big_project, "-o", out, "--eml", "--max-mb", "200", "--overwrite"]
    killed = _kill_at_random_points(args, out, lambda o: bool(list(o.glob("*.zip"))), _eml_partial, 222)
    assert killed >= 1
    done = subprocess.run([sys.executable, "-m", "wuxiao_cli", *map(str, args)], cwd=REPO_ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert _temps(out) == []
    [draft] = out.glob("*.eml")
    assert b"Content-Disposition: attachment" in draft.read_bytes()[-200_000_000:]


@posix_only
@pytest.mark.slow  # 10 kills of a 9 MB write each
def test_killed_fix_copy_leaves_no_copy(big_project, tmp_path):
    proj = copy_project(big_project, tmp_path / "big")
    write_jpeg(next((proj / "photos").glob("*.jpg")), dpi=72)  # something to fix: else no copy is made
    out = tmp_path / "out"
    out.mkdir()
    args = ["fix", proj, "-o", out]
    killed = _kill_at_random_points(args, out, lambda o: any(o.iterdir()), _fix_partial(proj), 333)
    assert killed >= KILL_POINTS // 2
    done = subprocess.run([sys.executable, "-m", "wuxiao_cli", *map(str, args)], cwd=REPO_ROOT, capture_output=True)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert _temps(out) == []
    assert (out / proj.name / "form.toml").read_text(encoding="utf-8") == FORM_TOML


@posix_only
def test_fix_copy_failure_is_one_line(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(next((proj / "photos").glob("*.jpg")), dpi=72)  # something to fix: else no copy is tried
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(proj / "photos" / "s"))
    except OSError:
        pytest.skip("no unix sockets here")
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "wuxiao_cli", "fix", str(proj), "-o", str(out)], cwd=REPO_ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    sock.close()
    assert result.returncode == 2
    assert "修复失败" in result.stderr and "Traceback" not in result.stderr and "[(" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
    assert list(out.iterdir()) == []


def test_file_changed_while_read_is_refused(tmp_path):
    src = tmp_path / "v.bin"
    src.write_bytes(b"x" * 5000)
    for snapshot in (4999, 5001):
        with pytest.raises(FileChanged):
            write_zip(tmp_path / "a.zip", "top", [Item("v.bin", 0.0, source=src, snapshot=snapshot)], lambda h: [])
    hashes = write_zip(tmp_path / "a.zip", "top", [Item("v.bin", 0.0, source=src, snapshot=5000)], lambda h: [])
    assert set(hashes) == {"v.bin"}


def test_pack_stops_with_k006_when_a_file_grows(passing_project, tmp_path, monkeypatch):
    proj = copy_project(passing_project, tmp_path / "p")
    grown = proj / "audio" / "成果介绍.mp3"
    real = build.list_project

    def listing_then_append(root):
        listed = real(root)
        with open(grown, "ab") as fh:  # a recorder still writing after the folder was listed
            fh.write(b"\0" * 4096)
        return listed

    monkeypatch.setattr(build, "list_project", listing_then_append)
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["pack", str(proj), "-o", str(out), "--format", "json"])
    assert result.exit_code == 1
    k006 = [f for p in json.loads(result.stdout)["projects"] for f in p["findings"] if f["rule"] == "K006"]
    assert [f["file"] for f in k006] == ["audio/成果介绍.mp3"]
    assert list(out.iterdir()) == []


def test_eml_limit_is_the_encoded_size(passing_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    first = runner.invoke(app, ["pack", str(passing_project), "-o", str(out)])
    assert first.exit_code == 0
    zip_size = next(out.glob("*.zip")).stat().st_size
    mail = encoded_size(zip_size) + MESSAGE_OVERHEAD
    between = (zip_size + mail) / 2 / (1 << 20)  # the zip fits, the e-mail does not
    over = runner.invoke(app, ["pack", str(passing_project), "-o", str(out), "--eml", "--overwrite",
                               "--max-mb", f"{between:.6f}"])
    assert over.exit_code == 0, over.output
    assert "编码后约" in over.stderr and "未作附件" in over.stderr
    assert b"Content-Disposition: attachment" not in next(out.glob("*.eml")).read_bytes()
    fits = runner.invoke(app, ["pack", str(passing_project), "-o", str(out), "--eml", "--overwrite",
                               "--max-mb", f"{(mail + 1000) / (1 << 20):.6f}"])
    assert fits.exit_code == 0 and "已作附件" in fits.stderr
    draft = next(out.glob("*.eml")).read_bytes()
    assert b"Content-Disposition: attachment" in draft and len(draft) <= mail + 1000


@pytest.mark.parametrize("limit", [100_000, 5_000_000, 50_000_000])
def test_zip_budget_is_the_largest_zip_whose_mail_fits(limit):
    n = zip_budget(limit)
    assert encoded_size(n) + MESSAGE_OVERHEAD <= limit < encoded_size(n + 1) + MESSAGE_OVERHEAD


def test_split_for_eml_makes_every_message_fit(passing_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    limit = 2_600_000  # each part's zip is then ~1.9 MB at most
    result = runner.invoke(app, ["pack", str(passing_project), "-o", str(out), "--split", "--eml",
                                 "--max-mb", f"{limit / (1 << 20)}"])
    assert result.exit_code == 0, result.output
    drafts = sorted(out.glob("*.eml"))
    assert len(drafts) >= 2 and all(d.stat().st_size <= limit for d in drafts)
    assert all(b"Content-Disposition: attachment" in d.read_bytes() for d in drafts)


def test_long_names_are_cut_by_bytes(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    unit = "北京市第一人民医院设备科" * 5  # 60 characters: 180 bytes on its own
    form = proj / "form.toml"
    form.write_text(form.read_text(encoding="utf-8").replace("北京市第一人民医院设备科", unit), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["pack", str(proj), "-o", str(out), "--ignore", "F014", "--reason", "测试"])
    assert result.exit_code == 0, result.output
    [made] = out.glob("*.zip")
    assert len(made.name.encode("utf-8")) <= 255 - 21 and "…" in made.name
    assert made.name.startswith("北京市教育工会-北京市第一人民医院设备科")
    with zipfile.ZipFile(made) as zf:
        assert {n.split("/")[0] for n in zf.namelist()} == {made.stem}
    assert runner.invoke(app, ["verify", str(made)]).exit_code == 0


def test_short_names_are_kept_whole(passing_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert runner.invoke(app, ["pack", str(passing_project), "-o", str(out)]).exit_code == 0
    [made] = out.glob("*.zip")
    assert made.name == "北京市教育工会-北京市第一人民医院设备科-手术器械清洗篮自动翻转装置的研制与应用.zip"


def test_check_output_refuses_an_input_file(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    before = (proj / "form.toml").read_bytes()
    result = runner.invoke(app, ["check", str(proj), "-o", str(proj / "form.toml")])
    assert result.exit_code == 2 and (proj / "form.toml").read_bytes() == before
    bank = proj / "quizbank.xlsx"
    bank_before = bank.read_bytes()
    result = runner.invoke(app, ["quiz", "check", str(bank), "-o", str(bank)])
    assert result.exit_code == 2 and bank.read_bytes() == bank_before


def test_check_output_elsewhere_is_written(passing_project, tmp_path):
    result = runner.invoke(app, ["check", str(passing_project), "-o", str(tmp_path / "报告.txt")])
    assert result.exit_code == 0 and (tmp_path / "报告.txt").stat().st_size > 0
    assert os.path.exists(tmp_path / "报告.txt")


def test_a_text_report_opens_in_any_notepad_and_a_json_one_in_any_reader(tmp_path):
    """Like the 整改清单: UTF-8 with a BOM and CRLF (an old Notepad shows UTF-8 without a BOM as 乱码);
    JSON stays plain UTF-8, as its readers expect."""
    runner.invoke(app, ["check", str(REPO_ROOT / "examples" / "flawed-project"), "-o", str(tmp_path / "报告.txt")])
    raw = (tmp_path / "报告.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert "错误" in raw.decode("utf-8-sig")
    runner.invoke(app, ["check", str(REPO_ROOT / "examples" / "flawed-project"), "-f", "json", "-o", str(tmp_path / "报告.json")])
    raw = (tmp_path / "报告.json").read_bytes()
    assert raw.startswith(b"{") and json.loads(raw)["projects"]
