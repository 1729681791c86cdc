"""wuxiao fix: 72 dpi → 300 dpi with identical scan data and pixels; renames with a log; --in-place keeps .orig."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from tests.pack_helpers import copy_project, jpeg_bytes, write_jpeg
from tests.report_schema import loads_report
from wuxiao_cli.cli import app
from wuxiao_cli.fix.jpeg_density import segments, set_density

runner = CliRunner()


def scan_data(data: bytes) -> bytes:
    """Everything from the start-of-scan marker on: the compressed picture (found by walking the segments,
    since padding bytes may contain FF DA)."""
    sos = [start for marker, start, _ in segments(data) if marker == 0xDA]
    assert len(sos) == 1
    return data[sos[0]:]


def dpi_of(data: bytes):
    with Image.open(io.BytesIO(data)) as im:
        return im.info.get("dpi")


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        return im.tobytes()


def test_jfif_density_rewritten_in_place():
    before = jpeg_bytes(800, 600, dpi=72)
    after = set_density(before, 300)
    assert len(after) == len(before)
    assert scan_data(after) == scan_data(before)
    assert pixels(after) == pixels(before)
    assert tuple(round(v) for v in dpi_of(after)) == (300, 300)


def test_exif_only_resolution_rewritten():
    im = Image.new("RGB", (400, 300), (10, 200, 30))
    exif = Image.Exif()
    exif[282], exif[283], exif[296] = 72.0, 72.0, 2
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes())
    before = buf.getvalue()
    after = set_density(before, 300)
    assert scan_data(after) == scan_data(before)
    with Image.open(io.BytesIO(after)) as out:
        assert float(out.getexif()[282]) == 300 and float(out.getexif()[283]) == 300


def test_no_density_gets_jfif_segment():
    im = Image.new("RGB", (200, 100), "white")
    buf = io.BytesIO()
    im.save(buf, "JPEG")
    raw = buf.getvalue()
    start = raw.index(b"\xff\xe0")  # drop Pillow's JFIF APP0 entirely
    before = raw[:start] + raw[start + 2 + int.from_bytes(raw[start + 2:start + 4], "big"):]
    assert dpi_of(before) is None
    after = set_density(before, 300)
    assert scan_data(after) == scan_data(before) and pixels(after) == pixels(before)
    assert tuple(round(v) for v in dpi_of(after)) == (300, 300)


def test_fix_command_then_check_passes_p005(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    original = write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000).read_bytes()
    check = runner.invoke(app, ["check", str(proj), "--format", "json"])
    assert "P005" in check.stdout
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "300 dpi" in result.output
    fixed = (tmp_path / "out" / "p" / "photos" / "清洗篮正面.jpg").read_bytes()
    assert scan_data(fixed) == scan_data(original) and pixels(fixed) == pixels(original)
    assert (proj / "photos" / "清洗篮正面.jpg").read_bytes() == original  # the source is untouched
    after = loads_report(runner.invoke(app, ["check", str(tmp_path / "out" / "p"), "--format", "json"]).stdout)
    assert not [f for p in after["projects"] for f in p["findings"] if f["rule"] == "P005"]
    assert after["summary"]["failed"] == 0


def test_fix_rewrites_both_records_when_only_exif_is_low(passing_project, tmp_path):
    """JFIF 300 with EXIF 72 passes P005 with a warning that says `wuxiao fix` writes both: it does."""
    from tests import factories
    from wuxiao_cli.media.image import read_image

    proj = copy_project(passing_project, tmp_path / "p")
    factories.make_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=300, exif_dpi=72, target_bytes=1_100_000)
    assert [r[0] for r in read_image(proj / "photos" / "清洗篮正面.jpg").dpi_records] == ["JFIF", "EXIF"]
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    fixed = read_image(tmp_path / "out" / "p" / "photos" / "清洗篮正面.jpg")
    assert [(where, round(x), round(y)) for where, x, y in fixed.dpi_records] == [("JFIF", 300, 300), ("EXIF", 300, 300)]
    after = loads_report(runner.invoke(app, ["check", str(tmp_path / "out" / "p"), "--format", "json"]).stdout)
    assert not [f for p in after["projects"] for f in p["findings"] if f["rule"] == "P005"]


def test_in_place_keeps_orig_backup(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    original = write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000).read_bytes()
    result = runner.invoke(app, ["fix", str(proj), "--in-place"])
    assert result.exit_code == 0, result.output
    assert (proj / "photos" / "清洗篮正面.jpg.orig").read_bytes() == original
    assert tuple(round(v) for v in dpi_of((proj / "photos" / "清洗篮正面.jpg").read_bytes())) == (300, 300)
    again = runner.invoke(app, ["fix", str(proj), "--in-place"])  # nothing left: the backup stays the original
    assert (proj / "photos" / "清洗篮正面.jpg.orig").read_bytes() == original
    assert "P005" not in again.output


def test_unsafe_names_renamed_with_log(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    (proj / "photos" / "现场使用.jpg").rename(proj / "photos" / "现场:使用?.jpg")
    check = runner.invoke(app, ["check", str(proj)])
    assert "F027" in check.stdout
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "p" / "photos" / "现场_使用_.jpg").is_file()
    log = (tmp_path / "out" / "p-重命名记录.txt").read_text(encoding="utf-8")
    assert "photos/现场:使用?.jpg" in log and "photos/现场_使用_.jpg" in log
    assert (proj / "photos" / "现场:使用?.jpg").is_file()


def test_what_fix_cannot_do_gets_a_hint(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", target=900_000)  # under 1 MB: never upscaled
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "P006" in result.output and "→" in result.output


def test_fix_relabels_a_small_photo_but_p009_still_fires(passing_project, tmp_path):
    """1280×960 at 72 dpi: fix relabels it (P005 passes), yet it still lacks the pixels to print at 300 dpi."""
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", width=1280, height=960, dpi=72, target=1_100_000)
    before = loads_report(runner.invoke(app, ["check", str(proj), "--format", "json"]).stdout)
    p005 = [f for p in before["projects"] for f in p["findings"] if f["rule"] == "P005"]
    assert len(p005) == 1 and "wuxiao fix" not in p005[0]["hint"] and "原图" in p005[0]["hint"]
    assert runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")]).exit_code in (0, 1)
    after = loads_report(runner.invoke(app, ["check", str(tmp_path / "out" / "p"), "--format", "json"]).stdout)
    rules = [f["rule"] for p in after["projects"] for f in p["findings"]]
    assert "P005" not in rules and rules.count("P009") == 1


def test_fix_leaves_a_118_dpcm_photo_alone_but_relabels_117(passing_project, tmp_path):
    """fix and P005 agree on the line: 118 dpcm rounds to 300 dpi (untouched), 117 dpcm does not."""
    from tests.factories import make_jpeg

    proj = copy_project(passing_project, tmp_path / "p")
    ok = make_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=300, dpi_unit="cm", target_bytes=1_100_000).read_bytes()
    make_jpeg(proj / "photos" / "现场使用.jpg", dpi=117 * 2.54, dpi_unit="cm", target_bytes=1_100_000)
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "p" / "photos" / "清洗篮正面.jpg").read_bytes() == ok
    fixed = (tmp_path / "out" / "p" / "photos" / "现场使用.jpg").read_bytes()
    assert tuple(round(v) for v in dpi_of(fixed)) == (300, 300)


def test_a_photo_over_the_fix_cap_is_not_read_whole_and_says_why(passing_project, tmp_path):
    """A 72 dpi JPEG padded to 65 MB (sparse zeros after its image): relabelling it would hold it twice in
    memory; it is left alone, said with its size and the limit."""
    from wuxiao_cli.fix.run import DENSITY_FIX_BYTES

    proj = copy_project(passing_project, tmp_path / "p")
    photo = write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)
    with open(photo, "r+b") as fh:
        fh.truncate(DENSITY_FIX_BYTES + 1)
    result = runner.invoke(app, ["fix", str(proj), "--in-place"])
    assert "清洗篮正面.jpg：文件 64.01 MB（67,108,865 字节），超过上限 64 MB（67,108,864 字节），未改分辨率" in result.output
    assert not (proj / "photos" / "清洗篮正面.jpg.orig").exists()
    with Image.open(photo) as im:
        assert im.info["dpi"] == (72, 72)  # untouched


def test_fix_with_nothing_to_fix_makes_no_copy_and_keeps_its_exit_code(passing_project, tmp_path):
    """A copy only when something will change: a passing project gives exit 0 and no folder at all; one whose
    errors fix cannot mend (P006) still exits 1, with what to do by hand, and no copy either."""
    result = runner.invoke(app, ["fix", str(passing_project), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "没有需要自动修复的内容，未生成副本" in result.output and "修复结果写在" not in result.output
    assert not (tmp_path / "out").exists()
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", target=900_000)  # under 1 MB: nothing fix can do
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["fix", str(proj)])
    assert result.exit_code == 1 and "P006" in result.output and "未生成副本" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no p-修复 beside it


def test_fix_refuses_to_copy_a_folder_bigger_than_an_archive_may_be(passing_project, tmp_path, monkeypatch):
    """A folder past the received-archive limits (a home folder picked by mistake) is not copied: one line
    with its size and the limit. The limits are lowered here rather than writing 2 GB."""
    from wuxiao_cli.fix import run

    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)  # something to fix
    monkeypatch.setattr(run, "COPY_BYTES", 1_000_000)
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "超过修复副本的上限（20000 个或 1 MB" in result.output and re.search(r"共 [\d.]+ MB", result.output)
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(run, "COPY_BYTES", 2000 * 1_000_000)  # pinned: the message quotes it
    monkeypatch.setattr(run, "COPY_FILES", 5)
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "个文件和文件夹" in result.output and "上限（5 个或 2000 MB" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_what_is_left_names_each_file_once(passing_project, tmp_path):
    """D10: "[P006] photos/x.jpg x.jpg 只有 0.86 MB" said the file twice; its path in the project now leads
    the message that began with its name."""
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", target=900_000)
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    (line,) = [s for s in result.output.splitlines() if "[P006]" in s]
    assert line == "  ✗ 错误 [P006] photos/清洗篮正面.jpg 只有 0.85 MB（900,000 字节），要求不低于 1 MB（按十进制，1,000,000 字节）"


def test_fix_refuses_an_out_dir_that_is_a_file_before_copying(passing_project, tmp_path):
    """D10: -o afile (an ordinary file, or a folder under it) is one line naming afile, before anything is
    copied, never the OS's words about a temporary .….wuxiao-part of ours."""
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(next((proj / "photos").glob("*.jpg")), dpi=72)  # something to fix: else no copy is tried
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for out in ("afile", "afile/sub"):
        result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / out)])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            f"wuxiao: {tmp_path / 'afile'} 是一个文件，不是文件夹：-o 要写修复副本所在的文件夹，如 -o 修复"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "p"]


def test_a_failed_copy_names_the_copy_the_user_asked_for(passing_project, tmp_path, monkeypatch):
    """The disk fills while copying: the error names out/p/…, not the temporary .p.123-1.wuxiao-part."""
    import errno
    import shutil

    from wuxiao_cli.fix import run

    def full(src, dst, **kw):
        Path(dst).mkdir()
        raise OSError(errno.ENOSPC, "No space left on device", str(Path(dst) / "photos" / "a.jpg"))

    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(next((proj / "photos").glob("*.jpg")), dpi=72)
    monkeypatch.setattr(run.shutil, "copytree", full)
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "out")])
    monkeypatch.setattr(run.shutil, "copytree", shutil.copytree)
    assert result.exit_code == 2, result.output
    assert str(tmp_path / "out" / "p" / "photos" / "a.jpg") in result.output, result.output
    assert "wuxiao-part" not in result.output and list((tmp_path / "out").iterdir()) == []
