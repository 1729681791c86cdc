"""The fast quiz-bank reader (python-calamine) gives exactly what the exact one (openpyxl) gives, and
neither holds an oversized part: same cells, header, sheet names and Excel row numbers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from quiz_helpers import quiz_findings, soffice_resave, valid_rows, write_bank, write_styled_bank

from wuxiao_cli.quiz import loader
from wuxiao_cli.quiz.loader import BankError, open_bank

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def read(opener, path):
    with opener(path) as bank:
        return (bank.sheet, bank.sheets, bank.header_row, bank.found, bank.columns, list(bank.rows()))


def assert_same(path):
    fast = read(loader._open_fast, path)
    assert fast == read(loader._open_exact, path)
    return fast


def rewrite(path, part, edit):
    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n) for n in src.namelist()}
    items[part] = edit(items[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, d in items.items():
            dst.writestr(n, d)


def test_mixed_values_blank_rows_title_rows_and_later_sheet(tmp_path):
    rows = valid_rows(12)
    rows[0][2:6] = [10, 20.0, 30.5, True]
    rows[1][9] = dt.datetime(2024, 3, 5)
    rows[2][9] = dt.datetime(2024, 3, 5, 8, 30, 15)
    rows[3][9] = dt.time(7, 45)
    rows[4][0] = "多选 "
    path = write_bank(tmp_path / "b.xlsx", rows, title_rows=("标题",), sheet="成果题库", before_sheets=("封面",),
                      blank_after={5: 7})
    sheet, sheets, header, _found, _cols, got = assert_same(path)
    assert (sheet, sheets, header) == ("成果题库", ["封面", "成果题库"], 2)
    by_row = dict(got)
    assert by_row[3]["答案C"] == "30.5" and by_row[3]["答案D"] == "TRUE"
    assert by_row[4]["解析"] == "2024-03-05T00:00:00" and by_row[6]["解析"] == "07:45:00"
    assert max(by_row) == 3 + 12 + 7 - 1  # the Excel row of the last question, past 7 blank rows


def test_header_not_in_column_a(tmp_path):
    path = write_bank(tmp_path / "b.xlsx", [[None, *r] for r in valid_rows(5)], header=(None, *loader.HEADER))
    rewrite(path, "xl/worksheets/sheet1.xml", lambda s: s)  # a plain round trip: still openpyxl's layout
    *_, found, columns, got = assert_same(path)
    assert found[0][0] == "B" and columns["题型"] == 1 and len(got) == 5


def test_rich_text_and_styles(tmp_path):
    path = write_styled_bank(tmp_path / "styled.xlsx", valid_rows(30))
    with zipfile.ZipFile(path) as zf:
        assert b"<rPr>" in zf.read("xl/worksheets/sheet1.xml")  # openpyxl writes rich text inline
    _s, _ss, header, _f, _c, got = assert_same(path)
    assert header == 2 and got[0][1]["题目内容"] == valid_rows(1)[0][1]
    assert got[0][1]["解析"] == "解析文字（重点）"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_bank_saved_by_libreoffice(tmp_path):
    rows = valid_rows(40)
    rows[7][10] = "很难"  # a Q012 to compare
    src = write_styled_bank(tmp_path / "src" / "bank.xlsx", rows)
    saved = soffice_resave(src, tmp_path / "lo", SOFFICE)
    with zipfile.ZipFile(saved) as zf:
        assert b"<rPr>" in zf.read("xl/sharedStrings.xml")  # LibreOffice moves the runs to shared strings
    _s, _ss, header, _f, _c, got = assert_same(saved)
    assert header == 2 and len(got) == 40
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(saved, root / "quizbank.xlsx")
    assert [f.rule for f in quiz_findings(root)] == ["Q012"]


def test_error_cell_takes_the_exact_reader(tmp_path):
    rows = valid_rows(20)
    path = write_bank(tmp_path / "p" / "quizbank.xlsx", rows)
    # the answer of the 3rd question becomes a formula error, as a broken VLOOKUP leaves it
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda s: re.sub(r'<c r="I4"[^>]*>.*?</c>', '<c r="I4" t="e"><f>VLOOKUP(1,Z1:Z2,2)</f><v>#N/A</v></c>', s))
    assert not loader._fast_reader_fits(path)
    with open_bank(path) as bank:
        assert dict(bank.rows())[4]["正确答案"] == "#N/A"
    assert any("#N/A" in f.message for f in quiz_findings(tmp_path / "p"))


def test_ordinary_bank_takes_the_fast_reader(tmp_path):
    path = write_bank(tmp_path / "b.xlsx", valid_rows(5))
    assert loader._fast_reader_fits(path)


def test_parts_adding_up_past_the_limit_take_the_streaming_reader(tmp_path, monkeypatch):
    path = write_bank(tmp_path / "b.xlsx", valid_rows(5), before_sheets=("封面", "说明"))
    sizes = [i.file_size for i in zipfile.ZipFile(path).infolist() if i.filename.startswith("xl/worksheets/")]
    monkeypatch.setattr(loader, "MAX_PART_BYTES", sum(sizes))
    assert loader._fast_reader_fits(path)
    monkeypatch.setattr(loader, "MAX_PART_BYTES", sum(sizes) - 1)  # each part fits, all together do not
    assert max(sizes) <= loader.MAX_PART_BYTES and not loader._fast_reader_fits(path)
    with open_bank(path) as bank:
        assert bank.sheet == "题库" and len(list(bank.rows())) == 5


SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def huge_header_bank(path, megabytes):
    """A bank whose header cell A1 (题型) is a shared string of ``megabytes`` MB, streamed into the zip."""
    write_bank(path, valid_rows(3))
    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n).decode("utf-8") for n in src.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"]
    items["xl/worksheets/sheet1.xml"] = re.sub(r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="s"><v>0</v></c>', sheet)
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST}"/></Types>')
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="rIdSST" Type="{SST_REL}" Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, d in items.items():
            dst.writestr(n, d)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                     b'uniqueCount="1"><si><t>')
            chunk = ("题" * (1 << 20)).encode()  # 3 MiB of UTF-8
            for _ in range(max(1, megabytes // 3)):
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    return path


CHILD = """
import sys
from pathlib import Path
from wuxiao_cli.quiz.loader import BankError, open_bank
try:
    open_bank(Path(sys.argv[1]))
    print("opened")
except BankError as exc:
    print(exc.message.zh)
# VmHWM, not getrusage: ru_maxrss survives exec and would report the (pytest) parent's peak
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) // 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak RSS read from /proc/self/status (Linux)")
def test_200_mb_shared_string_header_is_refused_without_being_held(tmp_path):
    path = huge_header_bank(tmp_path / "quizbank.xlsx", 200)
    assert path.stat().st_size < 5_000_000
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, cwd=loader.Path(loader.__file__).parents[2])
    message, peak_mb = done.stdout.strip().splitlines()
    assert "过大" in message and "xl/sharedStrings.xml" in message and f"{loader.MAX_PART_BYTES >> 20} MB" in message
    assert int(peak_mb) < 150  # the 200 MB string was never held, let alone copied


def test_part_just_under_the_limit_is_read(tmp_path, monkeypatch):
    path = huge_header_bank(tmp_path / "quizbank.xlsx", 3)
    size = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml").file_size
    monkeypatch.setattr(loader, "MAX_PART_BYTES", size)
    with open_bank(path) as bank:  # read whole: the other 11 names still make the header
        assert bank.header_row == 1 and "题型" not in bank.columns and "题目内容" in bank.columns
    monkeypatch.setattr(loader, "MAX_PART_BYTES", size - 1)
    with pytest.raises(BankError, match="过大"):
        open_bank(path)
