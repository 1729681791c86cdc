"""Banks as people really lay them out in Excel/WPS: split over several sheets, merged cells, formulas
never calculated. Real .xlsx files written by openpyxl, read by both readers."""

from __future__ import annotations

import openpyxl
import pytest
from quiz_helpers import of, question, quiz_findings, rule_ids, split_bank, valid_rows, write_bank

from wuxiao_cli.quiz import loader

READERS = [pytest.param(loader._open_fast, id="fast"), pytest.param(loader._open_exact, id="exact")]


def choice_and_judgement(choices: int, judgements: int):
    rows = valid_rows(3 * max(choices, judgements) + 3)
    picked = [r for r in rows if r[0] != "判断"][:choices]
    tf = [r for r in rows if r[0] == "判断"][:judgements]
    return picked, tf


def test_bank_split_over_two_sheets_counts_both(tmp_path):
    picked, tf = choice_and_judgement(17, 5)
    split_bank(tmp_path / "p" / "quizbank.xlsx", {"选择题": picked, "判断题": tf})
    found = quiz_findings(tmp_path / "p")
    assert "Q004" not in rule_ids(found), found
    assert not [f for f in found if f.severity == "error"], found


def test_q004_names_each_sheet_with_its_count(tmp_path):
    picked, tf = choice_and_judgement(15, 3)
    split_bank(tmp_path / "p" / "quizbank.xlsx", {"选择题": picked, "判断题": tf})
    (f,) = of(quiz_findings(tmp_path / "p"), "Q004")
    assert "共 18 道" in f.message and "工作表“选择题” 15 道" in f.message and "工作表“判断题” 3 道" in f.message
    assert "填写说明" not in f.message  # the instructions sheet has no header: not a part of the bank


def test_findings_on_the_second_sheet_name_it(tmp_path):
    picked, tf = choice_and_judgement(17, 5)
    tf[1] = question("判断", n=99, answer="也许")
    split_bank(tmp_path / "p" / "quizbank.xlsx", {"选择题": picked, "判断题": tf})
    (f,) = of(quiz_findings(tmp_path / "p"), "Q009")
    assert "判断题!I3" in f.message, f.message


@pytest.mark.parametrize("opener", READERS)
def test_both_readers_give_every_sheet_with_a_header(tmp_path, opener):
    picked, tf = choice_and_judgement(4, 2)
    path = split_bank(tmp_path / "b.xlsx", {"选择题": picked, "判断题": tf})
    with opener(path) as bank:
        tables = [(t.sheet, t.header_row, [n for n, _ in t.rows()]) for t in bank.tables]
    assert tables == [("选择题", 1, [2, 3, 4, 5]), ("判断题", 1, [2, 3])]


def merged_bank(path):
    """Ten questions; 题型 merged over A3:A6 (four 单选 in a row) and 试题难度 over K2:K3, as WPS leaves them."""
    def merge(ws):
        ws.merge_cells("A3:A6")  # openpyxl empties A4:A6, as Excel does
        ws.merge_cells("K2:K3")

    return write_bank(path, [question("单选" if 1 <= i <= 4 else "判断", n=i) for i in range(10)], edit=merge)


@pytest.mark.parametrize("opener", READERS)
def test_merged_cells_read_as_their_value_in_both_readers(tmp_path, opener):
    path = merged_bank(tmp_path / "m.xlsx")
    with opener(path) as bank:
        rows = dict(bank.rows())
    assert [rows[n]["题型"] for n in (3, 4, 5, 6)] == ["单选"] * 4
    assert rows[3]["试题难度"] == "初级" and rows[7]["题型"] == "判断"


def test_merged_cells_are_not_reported_blank(tmp_path):
    merged_bank(tmp_path / "p" / "quizbank.xlsx")
    found = quiz_findings(tmp_path / "p")
    assert not of(found, "Q005") and not of(found, "Q012"), found


def test_fill_merged_keeps_to_the_rows_read_and_the_width():
    rows = [(2, ("单选", "x")), (3, ("", "y")), (4, ("", "z")), (5, ("判断", ""))]
    merged = [(2, 0, 3, 0), (1, 0, 1, 11), (4, 1, 1_048_576, 16_383)]
    filled = list(loader.fill_merged(iter(rows), merged, 2, 2))
    assert filled == [(2, ["单选", "x"]), (3, ["单选", "y"]), (4, ["", "z"]), (5, ["判断", "z"])]


def formula_bank(path):
    """Twenty questions, one answer and one difficulty written as formulas by a program: no cached result."""
    def formulas(ws):
        ws["A3"], ws["I3"] = "单选", '=UPPER("c")'
        ws["K4"] = '="初"&"级"'

    return write_bank(path, valid_rows(20), edit=formulas)


@pytest.mark.parametrize("reader", ["fast", "exact"])
def test_formula_without_a_result_says_so(tmp_path, monkeypatch, reader):
    if reader == "exact":
        monkeypatch.setattr(loader, "_open_fast", lambda path: (_ for _ in ()).throw(ValueError("use the exact reader")))
    formula_bank(tmp_path / "p" / "quizbank.xlsx")
    found = quiz_findings(tmp_path / "p")
    (q007,) = of(found, "Q007")
    (q012,) = of(found, "Q012")
    for f, cell in ((q007, "题库!I3"), (q012, "题库!K4")):
        assert cell in f.message and "公式未计算，请在 Excel/WPS 中打开并保存一次" in f.hint and cell in f.hint, f


def test_a_blank_cell_beside_a_formula_keeps_the_rule_hint(tmp_path):
    path = formula_bank(tmp_path / "p" / "quizbank.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["K5"] = None
    wb.save(path)
    found = of(quiz_findings(tmp_path / "p"), "Q012")
    plain = [f for f in found if "题库!K5" in f.message]
    assert plain and "公式" not in plain[0].hint
