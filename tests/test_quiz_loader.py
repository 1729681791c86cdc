"""What real Excel/WPS files hold, and files that are not .xlsx at all: a finding each, never a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import pytest
from quiz_helpers import of, project, quiz_findings, rule_ids, valid_rows, write_bank

from wuxiao_cli.quiz.loader import cell_text, content_kind, open_bank

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def ole2_file(path, streams=("Workbook",)):
    """An OLE2 compound file's header and directory names, as an .xls (or an encrypted .xlsx) starts."""
    body = bytearray(OLE2_MAGIC + b"\x00" * 504)
    for name in ("Root Entry", *streams):
        body += name.encode("utf-16-le").ljust(128, b"\x00")
    path.write_bytes(bytes(body) + b"\x00" * 2048)
    return path


def ods_file(path):
    """A minimal but real OpenDocument spreadsheet (LibreOffice opens it)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="题库"><table:table-row>'
               '<table:table-cell office:value-type="string"><text:p>题型</text:p></table:table-cell>'
               '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path


def q002(tmp_path, make):
    root = project(tmp_path / "p", None)
    make(root / "quizbank.xlsx")
    found = quiz_findings(root)
    assert rule_ids(found) == {"Q002"}, found  # nothing else is judged on a file that cannot be read
    return found[0]


def test_xls_renamed_xlsx(tmp_path):
    f = q002(tmp_path, ole2_file)
    assert ".xls" in f.message and "另存为" in f.hint and "WPS" in f.hint and "Excel 工作簿(*.xlsx)" in f.hint


def test_password_protected_xlsx(tmp_path):
    f = q002(tmp_path, lambda p: ole2_file(p, ("EncryptionInfo", "EncryptedPackage")))
    assert "密码" in f.message and "密码" in f.hint


def test_ods_renamed_xlsx(tmp_path):
    f = q002(tmp_path, ods_file)
    assert ".ods" in f.message and "另存为" in f.hint


def test_strict_open_xml_workbook_is_judged_where_it_can_be_read(tmp_path):
    """Excel's 另存为 "Strict Open XML 电子表格": Excel opens it and the fast reader reads it, so a good bank
    passes; one the exact reader must read (error cells) cannot be (openpyxl knows no Strict), and Q002
    names the format with the steps to save it as an ordinary workbook."""
    from factories import make_strict

    good = write_bank(tmp_path / "src" / "quizbank.xlsx", valid_rows(20))
    root = project(tmp_path / "p", None)
    make_strict(good, root / "quizbank.xlsx")
    assert not of(quiz_findings(root), "Q002")
    rows = valid_rows(20)
    rows[0][1] = "#N/A"  # an error cell: only openpyxl renders it exactly
    bad = write_bank(tmp_path / "src2" / "quizbank.xlsx", rows)
    f = q002(tmp_path / "q", lambda p: make_strict(bad, p))
    assert "Strict Open XML 电子表格" in f.message and f.file == "quizbank.xlsx"
    assert "另存为" in f.hint and "Excel 工作簿(*.xlsx)" in f.hint and "WPS" in f.hint and "Strict" in f.hint


def test_csv_renamed_xlsx(tmp_path):
    rows = "\n".join(",".join(str(c or "") for c in r) for r in valid_rows(20))
    f = q002(tmp_path, lambda p: p.write_text("题型,题目内容,答案A\n" + rows, encoding="utf-8"))
    assert "CSV" in f.message


def test_gbk_csv_and_html_export_renamed_xlsx(tmp_path):
    (tmp_path / "a.xlsx").write_bytes("题型,题目内容\n单选,刀具\n".encode("gbk"))
    (tmp_path / "b.xlsx").write_text("<html><table><tr><td>题型</td></tr></table></html>", encoding="utf-8")
    assert (content_kind(tmp_path / "a.xlsx"), content_kind(tmp_path / "b.xlsx")) == ("csv", "html")


@pytest.mark.parametrize("pad", [0, 1], ids=["cut-after-2-bytes", "cut-after-1-byte"])
def test_a_long_utf8_csv_cut_inside_a_character_is_still_csv(tmp_path, pad):
    """The kind is judged on the first 4 KB; a character cut there must not turn UTF-8 into UTF-16 garbage."""
    text = "题型,题目内容,答案A\n" + "a" * pad + "单选,刀具的前角过大会怎样,崩刃,振动\n" * 200
    (tmp_path / "quizbank.xlsx").write_text(text, encoding="utf-8")
    assert text.encode("utf-8")[4095] >= 0x80  # the 4 KB head ends inside a character
    assert content_kind(tmp_path / "quizbank.xlsx") == "csv"


@pytest.mark.parametrize("damage", ["truncated", "garbage-xml", "empty", "random"])
def test_corrupt_xlsx_is_a_finding(tmp_path, damage):
    def make(path):
        write_bank(path, valid_rows(20))
        data = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif damage == "random":
            path.write_bytes(bytes(range(256)) * 8)
        else:
            with zipfile.ZipFile(path) as src:
                items = {n: src.read(n) for n in src.namelist()}
            items["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>0"
            with zipfile.ZipFile(path, "w") as dst:
                for n, d in items.items():
                    dst.writestr(n, d)
    f = q002(tmp_path, make)
    assert f.file == "quizbank.xlsx" and f.severity == "error"


def test_merged_title_rows_above_the_header(tmp_path):
    rows = valid_rows(20)
    rows[4][10] = "很难"
    root = project(tmp_path / "p", rows, title_rows=("跟刀架成果题库", "江苏省淮海职业技术学院工程训练中心"))
    found = quiz_findings(root)
    assert rule_ids(found) == {"Q012"}
    assert "题库!K8" in found[0].message  # 2 title rows + header + 5th question


def test_thirty_blank_rows_in_the_middle(tmp_path):
    rows = valid_rows(20)
    rows[15][0] = "单选题"
    root = project(tmp_path / "p", rows, blank_after={9: 30})
    found = quiz_findings(root)
    assert rule_ids(found) == {"Q005"} and "题库!A47" in found[0].message  # 1 + 10 + 30 blank + 6th after


def test_header_found_on_a_later_sheet_and_named(tmp_path):
    rows = valid_rows(19)
    root = project(tmp_path / "p", rows, sheet="成果题库", before_sheets=("封面", "说明"))
    [f] = of(quiz_findings(root), "Q004")
    assert "工作表“成果题库”" in f.message


def test_numbers_and_trailing_spaces(tmp_path):
    rows = valid_rows(20)
    rows[0][2:6] = [10, 20.0, 30.5, 40]  # options stored as numbers
    rows[1][0] = "多选 "
    rows[1][8] = "AC\u3000"
    path = write_bank(tmp_path / "b.xlsx", rows)
    with open_bank(path) as bank:
        cells = dict(bank.rows())
    assert [cells[2][k] for k in ("答案A", "答案B", "答案C", "答案D")] == ["10", "20", "30.5", "40"]
    assert (cells[3]["题型"], cells[3]["正确答案"]) == ("多选", "AC")
    assert quiz_findings(project(tmp_path / "p", rows)) == []


def test_wrong_dimension_record_still_reads_every_row(tmp_path):
    path = write_bank(tmp_path / "p" / "quizbank.xlsx", valid_rows(25))
    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n) for n in src.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode("utf-8")
    import re

    items["xl/worksheets/sheet1.xml"] = re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1"', sheet).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for n, d in items.items():
            dst.writestr(n, d)
    assert quiz_findings(tmp_path / "p") == []  # all 25 counted despite the A1 dimension


def test_check_leaves_the_folder_untouched(tmp_path):
    root = project(tmp_path / "p", valid_rows(19))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    quiz_findings(root)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("target", ["xls", "ods"])
def test_real_xls_and_ods_from_libreoffice(tmp_path, target):
    src = write_bank(tmp_path / "bank.xlsx", valid_rows(20))
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                           target, "--outdir", str(tmp_path / "out"), str(src)], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    root = project(tmp_path / "p", None)
    shutil.copy(tmp_path / "out" / f"bank.{target}", root / "quizbank.xlsx")
    [f] = quiz_findings(root)
    assert f.rule == "Q002" and (".xls" in f.message if target == "xls" else ".ods" in f.message)


def test_damaged_part_way_through_reports_where(tmp_path):
    path = write_bank(tmp_path / "p" / "quizbank.xlsx", valid_rows(40))
    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n) for n in src.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"]
    items["xl/worksheets/sheet1.xml"] = sheet[: int(len(sheet) * 0.7)]
    with zipfile.ZipFile(path, "w") as dst:
        for n, d in items.items():
            dst.writestr(n, d)
    found = quiz_findings(tmp_path / "p")
    assert rule_ids(found) == {"Q002"} and "读到第" in found[0].message


def test_a_date_reads_as_openpyxl_shows_it():
    # the fast reader gives a date-formatted whole number as a date, openpyxl as a datetime at 00:00
    assert cell_text(dt.date(2024, 3, 5)) == cell_text(dt.datetime(2024, 3, 5)) == "2024-03-05T00:00:00"
    assert cell_text(dt.datetime(2024, 3, 5, 8, 30)) == "2024-03-05T08:30:00"
