"""`wuxiao jiangsu letter`: the 提名函 lists exactly the batch's projects in priority order."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from jiangsu_helpers import make_project, write_nominator
from typer.testing import CliRunner

from wuxiao_cli.cli import app
from wuxiao_cli.rules.jiangsu import id_check_digit

REPO = Path(__file__).parents[1]
EXAMPLE = REPO / "examples" / "jiangsu-batch"


def invoke(*args):
    return CliRunner().invoke(app, ["jiangsu", "letter", *map(str, args)])


@pytest.fixture()
def batch(tmp_path):
    root = tmp_path / "batch"
    people = (("a", "甲项目改进", "张一"), ("b", "乙项目改进", "李二"), ("c", "丙项目（二期）改进", "王三"))
    for i, (folder, name, person) in enumerate(people):
        id17 = f"1101051949123100{i}"  # three people, three ID numbers (J006 would refuse the letter otherwise)
        make_project(root / folder, {"name": name, "completer_name": person, "patent": None,
                                     "id_number": id17 + id_check_digit(id17)}, before=1, after=1,
                     portraits=0, work=0, video_seconds=None, attachments=())
    write_nominator(root, order=["c", "甲项目改进", "b"], notes={"b": "已公示"})
    return root


def table_rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    return [[c.text for c in row.cells] for row in document.tables[0].rows]


def test_letter_lists_projects_in_priority_order(batch, tmp_path):
    out = tmp_path / "提名函.docx"
    result = invoke(batch, "-o", out)
    assert result.exit_code == 0, result.output
    rows = table_rows(out)
    assert rows[0][:4] == ["序号", "第一完成人姓名", "单位及职务", "项目名称（专利号）"]
    assert [r[:2] + [r[3], r[5]] for r in rows[1:]] == [
        ["1", "王三", "丙项目（二期）改进", ""], ["2", "张一", "甲项目改进", ""], ["3", "李二", "乙项目改进", "已公示"]]
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "提名《丙项目（二期）改进》等 3 个项目（按优先次序排序）" in text
    assert "以下 3 个“五小”活动项目" in text and "提名单位（盖章）：无锡市总工会" in text
    assert "2023 年 8 月 20 日" in text


def test_example_batch_letter_refused_while_quotas_break_and_written_with_force(tmp_path):
    out = tmp_path / "l.docx"
    refused = invoke(EXAMPLE, "-o", out)
    assert refused.exit_code == 1 and not out.exists()
    assert [rid for rid in ("J002", "J003", "J005") if f"[{rid}]" in refused.output] == ["J002", "J003", "J005"]
    assert "--force" in refused.output
    forced = invoke(EXAMPLE, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert "[J003]" in forced.output and "按 --force 生成" in forced.output
    rows = table_rows(out)
    assert len(rows) - 1 == len([p for p in EXAMPLE.iterdir() if (p / "form.toml").is_file()])
    assert rows[1][3] == "配电柜红外巡检记录仪改进" and rows[2][3].endswith("（ZL202120123456.7）")


@pytest.mark.parametrize("n_projects, refused", [(4, False), (5, True)])
def test_letter_refused_over_the_per_category_quota(batch, tmp_path, n_projects, refused):
    for i in range(3, n_projects):
        id17 = f"1101051949123100{i}"
        make_project(batch / f"p{i}", {"name": f"项目{i}", "completer_name": f"职工{i}", "patent": None,
                                       "id_number": id17 + id_check_digit(id17)}, before=1, after=1, portraits=0,
                     work=0, video_seconds=None, attachments=())
    write_nominator(batch)  # 设区市总工会: 4 小革新 allowed, the 5th breaks J002
    result = invoke(batch, "-o", tmp_path / "x.docx")
    assert (result.exit_code, (tmp_path / "x.docx").exists()) == ((1, False) if refused else (0, True))
    assert ("[J002]" in result.output) is refused


@pytest.mark.parametrize("n, code", [(400, 0), (401, 1)])
def test_summary_400_zi_slot(batch, tmp_path, n, code):
    write_nominator(batch, order=["a", "b", "c"], summary="字" * n)
    out = tmp_path / "x.docx"
    result = invoke(batch, "-o", out)
    assert result.exit_code == code
    assert out.exists() is (code == 0)
    if code:
        assert "401 字，超出上限 400 字" in result.output


def test_bad_order_refused(batch, tmp_path):
    write_nominator(batch, order=["a", "b"])
    result = invoke(batch, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and "漏列" in result.output


def test_no_order_falls_back_to_folder_order_with_a_note(batch, tmp_path):
    write_nominator(batch)
    result = invoke(batch, "-o", tmp_path / "x.docx")
    assert result.exit_code == 0 and "按文件夹名排序" in result.output
    assert [r[1] for r in table_rows(tmp_path / "x.docx")[1:]] == ["张一", "李二", "王三"]


def test_usage_errors_exit_2_and_leave_nothing(batch, tmp_path):
    (batch / "nominator.toml").unlink()
    assert invoke(batch, "-o", tmp_path / "x.docx").exit_code == 2
    assert invoke(tmp_path / "nowhere", "-o", tmp_path / "x.docx").exit_code == 2
    write_nominator(batch, order=["a", "b", "c"])
    existing = tmp_path / "old.docx"
    existing.write_bytes(b"keep")
    assert invoke(batch, "-o", existing).exit_code == 2 and existing.read_bytes() == b"keep"
    assert invoke(batch, "-o", existing, "--overwrite").exit_code == 0
    assert not list(tmp_path.glob("*.part"))


def test_each_patent_number_is_a_line_of_its_own(batch, tmp_path):
    write_nominator(batch, order=["a", "b", "c"])
    form = batch / "a" / "form.toml"
    form.write_text(form.read_text(encoding="utf-8") + 'patent = "ZL202120123456.7、ZL202220999888.X，ZL202330111222.3"\n',
                    encoding="utf-8")
    out = tmp_path / "x.docx"
    assert invoke(batch, "-o", out).exit_code == 0
    assert table_rows(out)[1][3].split("\n") == [
        "甲项目改进", "（ZL202120123456.7、", "ZL202220999888.X、", "ZL202330111222.3）"]
    cell = docx.Document(str(out)).tables[0].rows[1].cells[3]
    assert len(cell.paragraphs) == 1  # w:br line breaks inside one paragraph


def test_columns_fit_a_short_header_and_the_longest_patent_line():
    """第一完成人姓名 (7 字) whole on one line; the project column as wide as its longest line when there is room."""
    from wuxiao_cli.jiangsu.letter import CELL_PAD_MM, HEADERS, XIAOSI, column_widths_mm, project_lines

    zi = XIAOSI * 0.3528  # mm per CJK character
    rows = [HEADERS, ("1", "张伟", "无锡某某机床有限公司，数控车工班组长", project_lines("刀具快换夹具", "ZL202120123456.7、ZL202220999888.X"),
                      "小革新", "已在本单位公示 5 个工作日，公示期间无异议；项目已在集团内 12 家单位推广应用")]
    widths = column_widths_mm(rows)
    assert widths[1] >= 7 * zi + 2 * CELL_PAD_MM
    assert widths[3] >= 10 * zi + 2 * CELL_PAD_MM  # （ZL202120123456.7、: 16 half-width + 2 full-width = 10 字
    assert sum(widths) <= 297 - 25 - 25 + 0.5


def test_help_names_the_profile_the_letter_runs_under():
    """No -p means jiangsu-2023 (the national profile has no nominators): the help must not say national-2024."""
    shown = " ".join(CliRunner().invoke(app, ["jiangsu", "letter", "--help"], terminal_width=200).output.split())
    assert "national-2024" not in shown and "jiangsu-2023" in shown


def test_letter_into_a_missing_folder_says_why_in_chinese(batch, tmp_path):
    write_nominator(batch, order=["a", "b", "c"])
    result = invoke(batch, "-o", tmp_path / "nope" / "x.docx")
    assert result.exit_code == 2
    assert "文件夹不存在" in result.output and "No such file" not in result.output


def test_batch_folder_unchanged(batch, tmp_path):
    before = sorted((p.relative_to(batch), p.stat().st_mtime_ns) for p in batch.rglob("*"))
    invoke(batch, "-o", tmp_path / "x.docx")
    assert sorted((p.relative_to(batch), p.stat().st_mtime_ns) for p in batch.rglob("*")) == before


def _writer_available() -> bool:
    """soffice alone is not enough: without the Writer module (libreoffice-writer) no .docx loads."""
    soffice = shutil.which("soffice")
    return soffice is not None and any(Path(soffice).resolve().parent.glob("libswlo.so*"))


@pytest.mark.skipif(not _writer_available(), reason="LibreOffice Writer (soffice + libreoffice-writer) not installed")
def test_letter_opens_in_libreoffice(batch, tmp_path):
    out = tmp_path / "提名函.docx"
    assert invoke(batch, "-o", out).exit_code == 0
    profile_dir = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile_dir.as_posix()}", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path / "txt"), str(out)],
        capture_output=True, text=True, timeout=120, check=False)
    converted = tmp_path / "txt" / "提名函.txt"
    assert done.returncode == 0 and converted.exists(), done.stderr
    text = converted.read_text(encoding="utf-8-sig")
    assert text.index("丙项目（二期）改进") < text.index("甲项目改进") < text.index("乙项目改进")


def test_cli_runs_as_a_module(batch, tmp_path):
    done = subprocess.run([sys.executable, "-m", "wuxiao_cli", "jiangsu", "letter", str(batch), "-o",
                           str(tmp_path / "m.docx")], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_letter_is_laid_out_as_an_official_letter(tmp_path):
    """GB/T 9704 style: 仿宋_GB2312 三号 body (宋体 as the declared fallback), 方正小标宋 title, 公文 margins;
    the list on a landscape page, its header row repeated, the project column wide enough for a patent number."""
    from docx.shared import Mm, Pt

    from wuxiao_cli.jiangsu.letter import XIAOSI

    out = tmp_path / "l.docx"
    assert invoke(EXAMPLE, "-o", out, "--force").exit_code == 0  # the example batch breaks quotas on purpose
    document = docx.Document(str(out))
    normal = document.styles["Normal"]
    assert normal.font.name == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    letter, listing = document.sections
    assert (round(letter.top_margin.mm), round(letter.left_margin.mm)) == (37, 28)
    assert listing.page_width > listing.page_height  # landscape
    with __import__("zipfile").ZipFile(out) as zf:
        fonts = zf.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="宋体"/>' in fonts
    table = document.tables[0]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated on every page
    patent_mm = len("（ZL202120123456.7）") * XIAOSI * 0.3528 / 2
    assert table.columns[3].width > Mm(patent_mm)
    assert table.columns[3].width > table.columns[0].width * 3  # fitted, not six equal columns


def test_a_letter_open_in_word_is_named_with_what_to_do(batch, tmp_path, monkeypatch):
    """--overwrite of a letter open in Word (Windows refuses to replace it): one line naming it and saying
    to close it, the old letter and no .part left; held only a moment (the antivirus), it is written."""
    from tests.win_helpers import WinSim

    out = tmp_path / "提名函.docx"
    out.write_bytes(b"old")
    WinSim(monkeypatch, locked=[str(out)])
    result = invoke(batch, "-o", out, "--overwrite")
    assert result.exit_code == 2, result.output
    assert str(out) in result.output and "关闭" in result.output and "Word" in result.output, result.output
    assert out.read_bytes() == b"old" and not list(tmp_path.glob("*.part"))
    monkeypatch.undo()
    win = WinSim(monkeypatch, scanned=[".part"])
    assert invoke(batch, "-o", out, "--overwrite").exit_code == 0
    assert win.refused and out.read_bytes() != b"old"
