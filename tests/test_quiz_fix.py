"""fix_answers: Q016 and Q009-synonym answers normalised in a copy; nothing else changes."""

from __future__ import annotations

import openpyxl
from quiz_helpers import project, question, quiz_findings, rule_ids, split_bank, valid_rows, write_bank

from wuxiao_cli.quiz.fix import fix_answers


def test_fix_normalises_answers_in_a_copy(tmp_path):
    rows = valid_rows(20)
    rows[0] = question("单选", answer="b", n=0)
    rows[1] = question("多选", answer="ｃ，a", n=1)
    rows[2] = question("判断", answer="√", n=2)
    rows[3] = question("单选", answer="AB", n=3)  # wrong, not a spelling: left for the clerk (Q007)
    src = write_bank(tmp_path / "src" / "quizbank.xlsx", rows)
    before = src.read_bytes()
    dst = tmp_path / "dst" / "quizbank.xlsx"
    dst.parent.mkdir()
    lines = fix_answers(src, dst)
    assert src.read_bytes() == before
    assert [line.zh.split(" ", 1)[1] for line in lines] == [
        "题库!I2：正确答案“b”改为“B”", "题库!I3：正确答案“ｃ，a”改为“AC”", "题库!I4：正确答案“√”改为“对”"]
    ws = openpyxl.load_workbook(dst)["题库"]
    assert [ws.cell(r, 9).value for r in (2, 3, 4, 5)] == ["B", "AC", "对", "AB"]
    assert [c.value for c in ws[6]] == [c.value for c in openpyxl.load_workbook(src)["题库"][6]]
    assert rule_ids(quiz_findings(dst.parent)) == {"Q007"}


def test_fix_rewrites_单选题_as_单选_and_then_its_answer(tmp_path):
    rows = valid_rows(20)
    rows[0] = question("单选", answer="b", n=0)
    rows[0][0] = "单选题"
    rows[1] = question("判断", answer="对", n=1)
    rows[1][0] = "判 断 题"
    src = write_bank(tmp_path / "src" / "quizbank.xlsx", rows)
    dst = tmp_path / "dst" / "quizbank.xlsx"
    dst.parent.mkdir()
    lines = fix_answers(src, dst)
    assert [line.zh.split(" ", 1)[1] for line in lines] == [
        "题库!A2：题型“单选题”改为“单选”", "题库!I2：正确答案“b”改为“B”", "题库!A3：题型“判 断 题”改为“判断”"]
    ws = openpyxl.load_workbook(dst)["题库"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["单选", "判断"]
    assert quiz_findings(dst.parent) == []


def test_fix_without_changes_is_a_byte_copy(tmp_path):
    src = write_bank(tmp_path / "a.xlsx", valid_rows(20))
    assert fix_answers(src, tmp_path / "b.xlsx") == []
    assert (tmp_path / "b.xlsx").read_bytes() == src.read_bytes()


def test_fix_in_place_and_unreadable_files_left_alone(tmp_path):
    rows = valid_rows(20)
    rows[0] = question("多选", answer="CA", n=0)
    src = write_bank(tmp_path / "a.xlsx", rows)
    src.chmod(0o644)
    assert len(fix_answers(src, src)) == 1
    assert src.stat().st_mode & 0o777 == 0o644  # not the temporary file's private 0600
    assert fix_answers(src, src) == []
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert fix_answers(broken, tmp_path / "copy.xlsx") == []
    assert (tmp_path / "copy.xlsx").read_bytes() == broken.read_bytes()


def test_fix_keeps_template_dropdowns(tmp_path):
    from wuxiao_cli.quiz.template import write_template

    path = tmp_path / "p" / "quizbank.xlsx"
    path.parent.mkdir()
    write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["题库"]
    ws.delete_rows(2, 3)
    rows = valid_rows(20)
    rows[4][8] = "a,c"  # rows[4] is a 多选
    for row in rows:
        ws.append(row)
    wb.save(path)
    assert len(fix_answers(path, path)) == 1
    assert len(openpyxl.load_workbook(path)["题库"].data_validations.dataValidation) == 3
    assert quiz_findings(project(path.parent)) == []


def test_fix_says_it_cannot_fix_a_strict_open_xml_bank(tmp_path):
    """check reads a Strict bank (the fast reader), openpyxl cannot write it back: fix says so, and with
    nothing else to fix makes no copy."""
    from factories import make_strict

    from wuxiao_cli.fix.run import fix_project
    from wuxiao_cli.profile import load_profile

    rows = valid_rows(20)
    rows[0] = question("多选", answer="CA", n=0)  # what fix would normalise in an ordinary workbook
    root = project(tmp_path / "p", None)
    make_strict(write_bank(tmp_path / "src" / "quizbank.xlsx", rows), root / "quizbank.xlsx")
    before = (root / "quizbank.xlsx").read_bytes()
    out = fix_project(root, load_profile("national-2024"), tmp_path / "fixed")
    assert any("Strict Open XML" in t.zh and "另存为" in t.zh for t in out.not_fixed), out.not_fixed
    assert not (tmp_path / "fixed").exists() and not out.copied and out.changed == []
    assert (root / "quizbank.xlsx").read_bytes() == before


def test_fix_normalises_every_sheet_and_merged_question_types(tmp_path):
    """A bank split over 选择题 and 判断题 sheets, and a 题型 merged over four rows as WPS leaves it, are
    read by `check` that way; `fix` normalises their answers the same way (it used to fix only the best
    sheet, and rows under a merged 题型 had no type to judge by)."""
    rows = valid_rows(30)
    choices = [r for r in rows if r[0] != "判断"][:17]
    judgements = [r for r in rows if r[0] == "判断"][:5]
    judgements[0] = question("判断", answer="√", n=90)
    src = split_bank(tmp_path / "split.xlsx", {"选择题": choices, "判断题": judgements})
    lines = fix_answers(src, tmp_path / "split-fixed.xlsx")
    assert [line.zh.split(" ", 1)[1] for line in lines] == ["判断题!I2：正确答案“√”改为“对”"]

    def merge(ws):
        ws.merge_cells("A3:A6")

    merged = [question("多选" if 1 <= i <= 4 else "判断", answer="c a" if i == 3 else None, n=i) for i in range(20)]
    src = write_bank(tmp_path / "merged.xlsx", merged, edit=merge)
    lines = fix_answers(src, tmp_path / "merged-fixed.xlsx")
    assert [line.zh.split(" ", 1)[1] for line in lines] == ["题库!I5：正确答案“c a”改为“AC”"]
    assert openpyxl.load_workbook(tmp_path / "merged-fixed.xlsx")["题库"]["A4"].value is None  # merge kept


def test_fix_leaves_a_bank_too_large_to_hold_whole_and_says_why(tmp_path):
    """openpyxl holds the whole workbook to write it back (60 MB of sheets: 1 GB, 4 minutes): a bank whose
    sheets inflate past FIX_CELL_BYTES is left as it was, said with the size and the limit."""
    import zipfile

    from wuxiao_cli.fix.run import fix_project
    from wuxiao_cli.profile import load_profile
    from wuxiao_cli.quiz.fix import FIX_CELL_BYTES

    rows = valid_rows(20)
    rows[0] = question("多选", answer="CA", n=0)  # what fix would normalise in a smaller workbook
    root = project(tmp_path / "p", None)
    small = write_bank(tmp_path / "src" / "quizbank.xlsx", rows)
    with zipfile.ZipFile(small) as zin, zipfile.ZipFile(root / "quizbank.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # blank space between rows, as XML allows
                data = data.replace(b"</sheetData>", b" " * FIX_CELL_BYTES + b"</sheetData>")
            zout.writestr(info, data)
    before = (root / "quizbank.xlsx").read_bytes()
    out = fix_project(root, load_profile("national-2024"), tmp_path / "fixed")
    said = [t.zh for t in out.not_fixed if "quizbank.xlsx" in t.zh]
    assert len(said) == 1 and "工作表解压后共 16" in said[0] and "超过上限 16 MB（16,777,216 字节），题库未自动修复" in said[0]
    # nothing else to fix: no copy is made, and the bank is left as it was
    assert not (tmp_path / "fixed").exists() and out.changed == [] and not out.copied
    assert (root / "quizbank.xlsx").read_bytes() == before
