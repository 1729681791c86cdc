"""Files that go to people print right in LibreOffice (issue 14, acceptance 3). Slow; skipped without soffice."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, invoke_cli
from office_helpers import page_texts, to_pdf
from typer.testing import CliRunner

from tests.pack_helpers import copy_project, write_jpeg
from wuxiao_cli.cli import app

pytestmark = pytest.mark.slow


def test_package_report_lines_are_not_cut(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    write_jpeg(proj / "photos" / "清洗篮正面.jpg", dpi=72, target=1_100_000)
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(app, ["pack", str(proj), "-o", str(tmp_path / "out"), "--ignore", "P005",
                                      "--reason", "原始照片已丢失，经上级工会同意后以现有照片报送"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.zip"))) as zf:
        name = next(n for n in zf.namelist() if n.endswith("/校验报告.txt"))
        report = tmp_path / "校验报告.txt"
        report.write_bytes(zf.read(name))
    def squeeze(text: str) -> list[str]:  # pdftotext spaces CJK from digits; compare without spaces
        return [s for s in ("".join(x.split()) for x in text.splitlines()) if s]

    lines = squeeze(report.read_text(encoding="utf-8-sig"))
    printed = squeeze("\n".join(page_texts(to_pdf(report, tmp_path / "pdf"))))
    assert len(lines) > 15
    # every line of the file comes out as one printed line: nothing wrapped by the page, nothing cut
    assert lines == printed


def test_workbook_summary_is_one_page_wide(tmp_path):
    book = tmp_path / "批量报告.xlsx"
    invoke_cli("check", "--quiet", "examples/batch", "--report", str(book))
    pages = page_texts(to_pdf(book, tmp_path / "pdf"))
    first = pages[0]
    assert "创新成果名称" in first and "项目文件夹" in first  # first and last columns of 汇总 on one page
    assert "examples/batch/05-开关柜闭锁装置" in first.replace("\n", "").replace(" ", "") or "05-开关柜闭锁装置" in first
    headers = [p for p in pages if "问题明细" not in p and "级别" in p and "修改建议" in p]
    details = [p for p in pages if "修改建议" in p]
    assert len(details) == len(headers) >= 1  # 问题明细: the header row is on every page it prints on


THREE_PATENTS = ("ZL202120123456.7", "ZL202220999888.X", "ZL202330111222.3")


def test_letter_keeps_the_patent_number_on_one_line(tmp_path):
    """Three patents joined by 、 used to run on, and LibreOffice cut one (…、Z / L202330111222.3）) at the cell's
    edge; 第一完成人姓名 had 18 mm and printed as three lines."""
    batch = shutil.copytree(EXAMPLES / "jiangsu-batch", tmp_path / "batch")
    _replace(batch / "01-刀具快换夹具" / "form.toml", ('"ZL202120123456.7"', f'"{"、".join(THREE_PATENTS)}"'),
             ("数控车床刀具快速换装夹具的研制与应用", "基于一种新型数控车床刀具快速换装夹具与多工位自动定位检测系统的研制与在批量生产中的推广应用"))
    _replace(batch / "nominator.toml", ("已在本单位公示 5 个工作日", "已在本单位公示 5 个工作日，公示期间无异议；项目已在集团内 12 家单位推广应用"))
    out = tmp_path / "提名函.docx"
    result = CliRunner().invoke(app, ["jiangsu", "letter", str(batch), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    text = "\n".join(page_texts(to_pdf(out, tmp_path / "pdf")))
    for number in (*THREE_PATENTS, "ZL202220765432.1"):
        assert number in text  # whole, not broken over lines
    assert "第一完成人姓名" in text  # the header on one line
    assert "年度江苏省职工“五小”活动项目提名函" in text


def _replace(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_quiz_template_guide_prints_every_row(tmp_path):
    template = tmp_path / "题库模板.xlsx"
    proc = invoke_cli("quiz", "template", str(template))
    assert template.is_file(), proc.stderr
    text = "".join("".join(page_texts(to_pdf(template, tmp_path / "pdf"))).split())
    from wuxiao_cli.profile import load_profile
    from wuxiao_cli.quiz.template import guide_rows

    for _, explanation in guide_rows(load_profile(None)):  # the whole of every explanation is printed: no row clipped
        assert "".join(explanation.split()) in text


def test_helpers_skip_cleanly_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="LibreOffice"):
        to_pdf(Path(tmp_path / "x.txt"), tmp_path)
