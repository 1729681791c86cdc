"""Files that go to people: 校验报告.txt in the package and the 整改清单 read like a list, not a terminal dump."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from typer.testing import CliRunner

from tests.pack_helpers import copy_project, write_jpeg
from wuxiao_cli import __version__
from wuxiao_cli.cli import app
from wuxiao_cli.profile import load_profile
from wuxiao_cli.report.checklist import NO_LINE_START, WIDTH, cols, wrap
from wuxiao_cli.scaffold import readme_text

runner = CliRunner()


def _pack(proj, out, *args):
    out.mkdir(exist_ok=True)
    result = runner.invoke(app, ["pack", str(proj), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return next(out.glob("*.zip"))


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    return zf.read(next(n for n in zf.namelist() if n.endswith("/" + name)))


def test_package_report_is_a_bom_crlf_list_of_70_columns(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)  # P005, waived below
    z = _pack(proj, tmp_path / "out", "--ignore", "P005", "--reason", "原始照片已丢失，经上级工会同意后以现有照片报送")
    with zipfile.ZipFile(z) as zf:
        raw = _member(zf, "校验报告.txt")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 10  # CRLF only
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert max(cols(line) for line in lines) <= WIDTH
    assert f"检查日期：{dt.date.today().isoformat()}" in text
    assert f"检查工具：wuxiao {__version__}" in text and "规则集：national-2024" in text
    assert "【已豁免】photos/清洗篮正面.jpg" in text
    assert "   问题：" in text and "   修改方法：" in text and "   依据：附件3 第15项（规则 P005）" in text
    assert "豁免 P005：原始照片已丢失" in text


def test_scaffold_readme_is_never_packed_but_a_workers_own_is(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    (proj / "README.txt").write_text(readme_text(load_profile("national-2024")), encoding="utf-8-sig")
    (tmp_path / "o1").mkdir()
    result = runner.invoke(app, ["pack", str(proj), "-o", str(tmp_path / "o1")])
    assert result.exit_code == 0, result.output
    assert "K001" in result.output and "README.txt" in result.output  # told it was left out
    with zipfile.ZipFile(next((tmp_path / "o1").glob("*.zip"))) as zf:
        assert not any(n.endswith("/README.txt") for n in zf.namelist())
    (proj / "README.txt").write_text("本成果的补充说明：装置已在三个车间使用。", encoding="utf-8")
    with zipfile.ZipFile(_pack(proj, tmp_path / "o2")) as zf:
        assert any(n.endswith("/README.txt") for n in zf.namelist())  # not ours: the worker's file goes


def test_wrap_keeps_every_line_within_the_width_on_both_sides_of_the_line():
    exactly = "字" * 35  # 70 columns: fits
    assert wrap(exactly) == [exactly]
    over = "字" * 36  # 72 columns: one character goes to the next line, under the text
    assert wrap(over) == ["字" * 35, "       字"]
    words = wrap("see https://example.com/a-very-long-path " * 4, "   依据：")
    assert all(cols(line) <= WIDTH for line in words)
    assert "".join(line.strip() for line in words).count("https://example.com/a-very-long-path") == 4


def test_wrap_never_cuts_a_number_or_opens_a_line_with_a_closing_mark():
    """A closing mark that does not fit takes the text before it along: a whole number ("00:03）", not
    "00:0" / "3）") and never a closing mark alone ("秒）" / "，", not "），" at a line's start)."""
    message = "时间段 00:02-00:05 的终点 00:05 超出视频时长（成果视频.mp4（3.0 秒），最长到 00:03）"
    for width in range(24, 90):
        lines = wrap(message, "   问题：", width=width)
        assert all(cols(line) <= width for line in lines), width
        assert not any(line.strip()[0] in NO_LINE_START for line in lines[1:]), (width, lines)
        words = [w for line in lines for w in re.findall(r"[!-~]+", line)]
        assert words == re.findall(r"[!-~]+", message), (width, lines)  # every ASCII word on one line


def test_workbook_prints_a4_landscape_one_page_wide_with_headers_repeated(tmp_path):
    from openpyxl import load_workbook

    from tests.conftest import invoke_cli

    book = tmp_path / "r.xlsx"
    invoke_cli("check", "--quiet", "examples/batch", "--report", str(book))
    wb = load_workbook(book)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", int(ws.PAPERSIZE_A4))
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert all(d.width <= 44 for d in ws.column_dimensions.values())  # capped (40 + filter button room)
    details = wb["问题明细"]
    long_rows = [c for c in details["G"][1:] if c.value and len(c.value) > 25]  # 问题 wider than its column
    assert long_rows and all(c.alignment.wrap_text for c in long_rows)
    assert all(details.row_dimensions[c.row].height and details.row_dimensions[c.row].height > 15 for c in long_rows)


def test_quiz_guide_rows_are_as_tall_as_their_text(tmp_path):
    from openpyxl import load_workbook

    from wuxiao_cli.quiz.template import write_template

    write_template(tmp_path / "t.xlsx")
    guide = load_workbook(tmp_path / "t.xlsx")["填写说明"]
    assert guide.page_setup.orientation == "portrait" and guide.page_setup.fitToWidth == 1
    assert guide.column_dimensions["A"].width + guide.column_dimensions["B"].width <= 90  # one A4 width
    heights = {r: guide.row_dimensions[r].height for r in range(2, guide.max_row + 1)}
    longest = max(range(2, guide.max_row + 1), key=lambda r: len(guide.cell(r, 2).value))
    assert heights[longest] >= 30  # a two-line (or longer) explanation gets two lines of height
