"""Waivers as data: wuxiao.toml in a project or --waivers FILE; rule, reason, optional file; in every report."""

from __future__ import annotations

import json
import shutil
import zipfile

from conftest import EXAMPLES, invoke_cli
from typer.testing import CliRunner

from tests.pack_helpers import copy_project, write_jpeg
from wuxiao_cli.cli import app
from wuxiao_cli.waivers import MAX_WAIVERS, WAIVERS_BYTES

TOML = """\
[[waiver]]
rule = "P005"
reason = "原始照片已丢失，经上级工会同意"
file = "photos/IMG_1234.jpg"

[[waiver]]
rule = "A004"
reason = "音频文件名由录音笔生成，内容见表单"
"""


def _flawed(tmp_path, toml: str | None = TOML):
    root = tmp_path / "项目"
    shutil.copytree(EXAMPLES / "flawed-project", root)
    if toml is not None:
        (root / "wuxiao.toml").write_text(toml, encoding="utf-8")
    return root


def test_project_waivers_apply_to_their_rule_and_file_only(tmp_path):
    root = _flawed(tmp_path)
    proc = invoke_cli("check", str(root), "--format", "json")
    data = json.loads(proc.stdout)
    found = {(f["rule"], f["file"]): f for f in data["projects"][0]["findings"]}
    p005 = found[("P005", "photos/IMG_1234.jpg")]
    assert p005["waived"] is True and p005["reason"] == "原始照片已丢失，经上级工会同意"
    assert "waived" not in found[("P006", "photos/IMG_1234.jpg")]  # another rule on that file: not waived
    assert found[("A004", "audio/新录音 3.mp3")]["waived"] is True
    sources = {w["rule"]: w for w in data["waivers"]}
    assert sources["P005"]["file"] == "photos/IMG_1234.jpg" and sources["P005"]["source"].endswith("wuxiao.toml")
    assert data["summary"]["errors"] == 25  # one of the 26 errors is waived
    table = invoke_cli("check", str(root)).stdout
    assert "豁免理由：原始照片已丢失，经上级工会同意" in table


def test_a_file_waiver_does_not_cover_another_file(tmp_path):
    root = _flawed(tmp_path, TOML.replace("photos/IMG_1234.jpg", "photos/别的照片.jpg"))
    data = json.loads(invoke_cli("check", str(root), "--format", "json").stdout)
    p005 = [f for f in data["projects"][0]["findings"] if f["rule"] == "P005"]
    assert p005 and not any(f.get("waived") for f in p005)


def test_waivers_file_applies_to_every_project_of_a_batch(tmp_path):
    waivers = tmp_path / "豁免.toml"
    waivers.write_text('[[waiver]]\nrule = "B003"\nreason = "两个项目共用一张全景照片，经核实为不同成果"\n', encoding="utf-8")
    data = json.loads(invoke_cli("check", "examples/batch", "--format", "json", "--waivers", str(waivers)).stdout)
    b003 = [b for b in data["batch_findings"] if b["rule"] == "B003"]
    assert b003 and all(b["waived"] and b["reason"].startswith("两个项目共用") for b in b003)
    html = tmp_path / "r.html"
    invoke_cli("check", "--quiet", "examples/batch", "--waivers", str(waivers), "--report", str(html))
    assert "两个项目共用一张全景照片" in html.read_text(encoding="utf-8")


def test_waivers_reach_the_excel_report_and_the_fixlists(tmp_path):
    """The clerk's workbook and the worker's 整改清单 say what was let through, and why."""
    import openpyxl

    root = _flawed(tmp_path)
    xlsx, lists = tmp_path / "r.xlsx", tmp_path / "整改"
    invoke_cli("check", "--quiet", str(root), "--report", str(xlsx), "--fixlists", str(lists))
    sheet = openpyxl.load_workbook(xlsx)["问题明细"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    p005 = [r for r in rows if r["规则"] == "P005" and r["文件"] == "photos/IMG_1234.jpg"]
    assert p005 and p005[0]["豁免理由"] == "原始照片已丢失，经上级工会同意"
    assert all(not r["豁免理由"] for r in rows if r["规则"] == "P006")
    [fixlist] = lists.iterdir()
    text = fixlist.read_text(encoding="utf-8-sig")
    assert "已经豁免" in text and "P005 photos/IMG_1234.jpg：原始照片已丢失，经上级工会同意" in text


def test_broken_waivers_are_one_line_usage_errors(tmp_path):
    cases = {
        'rule = "P005"': "[[waiver]]",
        '[[waiver]]\nrule = "P999"\nreason = "x"\n': "没有编号为 P999 的规则",
        '[[waiver]]\nrule = "P005"\n': "没有写 reason",
        '[[waiver]\nrule = "P005"': "语法错误：第 1 行第 9 列，表头 [[…]] 缺少“]]”",  # in Chinese, with its line
        "a = " + "[" * 100_000 + "]" * 100_000: "嵌套过深",  # the user's file, not an internal error
    }
    for n, (text, says) in enumerate(cases.items()):
        root = _flawed(tmp_path / str(n), text)
        proc = invoke_cli("check", str(root))
        assert proc.returncode == 2 and says in proc.stderr and "wuxiao.toml" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_pack_records_file_waivers_in_the_manifest_and_verify_honours_them(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)  # P005 on this file only
    (proj / "wuxiao.toml").write_text(
        '[[waiver]]\nrule = "P005"\nreason = "原始照片已丢失"\nfile = "photos/清洗篮正面.jpg"\n', encoding="utf-8")
    (tmp_path / "out").mkdir()
    runner = CliRunner()
    result = runner.invoke(app, ["pack", str(proj), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    z = next((tmp_path / "out").glob("*.zip"))
    with zipfile.ZipFile(z) as zf:
        names = zf.namelist()
        manifest = zf.read(next(n for n in names if n.endswith("manifest-sha256.txt"))).decode("utf-8")
        report = zf.read(next(n for n in names if n.endswith("校验报告.txt"))).decode("utf-8-sig")
    assert "# waiver: P005 [photos/清洗篮正面.jpg] 原始照片已丢失" in manifest
    assert not any(n.endswith("/wuxiao.toml") for n in names)  # the tool's settings are not material
    assert "豁免 P005（photos/清洗篮正面.jpg）：原始照片已丢失" in report
    verified = runner.invoke(app, ["verify", str(z), "--format", "json"])
    assert verified.exit_code == 0, verified.output
    data = json.loads(verified.stdout)
    assert [w["rule"] for w in data["waivers"]] == ["P005"] and data["waivers"][0]["file"] == "photos/清洗篮正面.jpg"


def test_one_broken_wuxiao_toml_fails_its_project_not_the_batch(tmp_path):
    """A clerk checking 50 workers' folders gets a report: the project with a broken wuxiao.toml fails
    with B006 (checked without its waivers), the others are checked as usual. A folder and an archive."""
    batch = tmp_path / "收件箱"
    broken = shutil.copytree(_flawed(tmp_path / "src", '[[waiver]\nrule = "P005"'), batch / "坏豁免")
    shutil.copytree(EXAMPLES / "good-project", batch / "好项目")
    with zipfile.ZipFile(batch / "压缩包.zip", "w") as zf:
        for p in sorted(broken.rglob("*")):
            if p.is_file():
                zf.write(p, f"压缩包/{p.relative_to(broken).as_posix()}")
    proc = invoke_cli("check", str(batch), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    by_name = {p["path"].rsplit("/", 1)[-1]: p for p in data["projects"]}
    assert set(by_name) == {"坏豁免", "好项目", "压缩包.zip"}
    assert by_name["好项目"]["status"] == "pass"
    for name in ("坏豁免", "压缩包.zip"):
        b006 = [f for f in by_name[name]["findings"] if f["rule"] == "B006"]
        assert len(b006) == 1 and "wuxiao.toml" in b006[0]["message"] and "第 1 行" in b006[0]["message"], b006
        assert by_name[name]["errors"] > 1  # checked, and nothing waived


def _entries(n: int, rule: str = "P005") -> str:
    return "".join(f'[[waiver]]\nrule = "{rule}"\nreason = "经上级工会同意"\nfile = "photos/{i}.jpg"\n\n' for i in range(n))


def test_too_many_or_too_large_waivers_are_one_line_usage_errors(tmp_path):
    """100,000 entries took 14 s and made a 12 MB report: past 1,000 entries, or 1 MB, the file is refused
    with its count or size and the limit."""
    many, big = tmp_path / "many.toml", tmp_path / "big.toml"
    many.write_text(_entries(MAX_WAIVERS + 1), encoding="utf-8")
    big.write_text(_entries(1) + "# " + "注" * 400_000 + "\n", encoding="utf-8")
    assert many.stat().st_size < WAIVERS_BYTES < big.stat().st_size
    for path, says in ((many, f"{many} 有 1,001 条 [[waiver]]，超过上限 1,000 条"),
                       (big, f"豁免文件 {big} 过大：文件 1.14 MB（{big.stat().st_size:,} 字节），超过上限 1 MB")):
        proc = invoke_cli("check", "examples/good-project", "--waivers", path)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert says in proc.stderr and "Traceback" not in proc.stderr
    root = _flawed(tmp_path, _entries(MAX_WAIVERS + 1))  # the project's own wuxiao.toml alike
    proc = invoke_cli("check", str(root))
    assert proc.returncode == 2 and "wuxiao.toml 有 1,001 条 [[waiver]]" in proc.stderr


def test_a_waiver_written_many_times_is_recorded_once(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text('[[waiver]]\nrule = "P005"\nreason = "经上级工会同意"\n\n' * MAX_WAIVERS, encoding="utf-8")
    data = json.loads(invoke_cli("check", "examples/good-project", "--waivers", path, "--format", "json").stdout)
    assert data["waivers"] == [{"rule": "P005", "reason": "经上级工会同意", "source": path.as_posix()}]
