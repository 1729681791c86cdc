"""Banks as people really lay them out in Excel/WPS: split over several sheets, merged cells, formulas
never calculated. Real .xlsx files written by openpyxl, read by both readers."""

from __future__ import annotations

import openpyxl
import pytest
from quiz_helpers import of, question, quiz_findings, rule_ids, valid_rows

from wuxiao_cli.quiz import HEADER, loader

READERS = [pytest.param(loader._open_fast, id="fast"), pytest.param(loader._open_exact, id="exact")]


def split_bank(path, sheets: dict[str, list[list]], instructions: str | None = "填写说明"):
    """One workbook: an instructions sheet first (no header), then each named sheet with the template header."""
    wb = openpyxl.Workbook()
    first = wb.active
    if instructions:
        first.title = instructions
        first.append(["填写说明：题型只填 单选、多选、判断"])
        first.append(["每项成果题库数量不少于 20 道"])
    for i, (name, rows) in enumerate(sheets.items()):
        ws = first if not instructions and i == 0 else wb.create_sheet(name)
        ws.title = name
        ws.append(list(HEADER))
        for row in rows:
            ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


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
