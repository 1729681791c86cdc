"""Helpers for the quiz tests: real .xlsx banks written by openpyxl, a real MP4 by PyAV, and a check runner."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests import factories
from wuxiao_cli.engine import Options, run_rules
from wuxiao_cli.profile import load_profile
from wuxiao_cli.project import Project
from wuxiao_cli.quiz import HEADER

PROFILE = load_profile("national-2024")


def question(kind="单选", text=None, options=None, answer=None, explain="解析文字", level="初级", source="成果简介",
             n=0):
    """One row of 12 cells. Defaults make a valid question of the given kind, numbered ``n`` to keep it unique."""
    if text is None:
        text = f"第{n}题：跟刀架的支承爪数量与作用是什么{'（多选）' if kind == '多选' else ''}"
    if options is None:
        options = () if kind == "判断" else ("一个", "两个", "三个", "四个")
    if answer is None:
        answer = {"单选": "C", "多选": "AC", "判断": "对"}.get(kind, "A")
    cells = list(options) + [None] * (6 - len(options))
    return [kind, text, *cells, answer, explain, level, source]


def valid_rows(count: int, video_every: int = 3) -> list[list]:
    """``count`` valid questions, kinds rotating; every ``video_every``-th cites the video 00:02-00:10."""
    kinds = ("单选", "多选", "判断")
    rows = []
    for i in range(count):
        source = "视频 00:02-00:10" if i % video_every == 0 else "成果简介"
        rows.append(question(kinds[i % 3], n=i, source=source))
    return rows


def write_bank(path: Path, rows, header=HEADER, title_rows=(), sheet="题库", before_sheets=(),
               blank_after: dict[int, int] | None = None, edit=None) -> Path:
    """An .xlsx with optional merged title rows above the header, blank rows inserted, sheets before it;
    ``edit(ws)`` changes the bank's sheet last (merged cells, formulas)."""
    wb = openpyxl.Workbook()
    first = wb.active
    for i, name in enumerate(before_sheets):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = name
        ws.append(["这是另一张表", "与题库无关"])
    ws = wb.create_sheet(sheet) if before_sheets else first
    ws.title = sheet
    for title in title_rows:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    if header:
        ws.append(list(header))
    blank_after = blank_after or {}
    for i, row in enumerate(rows):
        ws.append(list(row))
        for _ in range(blank_after.get(i, 0)):
            ws.append([None])
            ws.cell(ws.max_row, 1).value = None
    if edit is not None:
        edit(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


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


def make_mp4(path: Path, seconds: float, size=(64, 36), fps=5) -> Path:
    """A real H.264 MP4 of the given length (tiny frames: only its duration matters here)."""
    return factories.make_mp4(path, width=size[0], height=size[1], seconds=seconds, fps=fps, audio=False)


def project(root: Path, rows=None, video_seconds: float | None = None, **bank) -> Path:
    """A project folder holding quizbank.xlsx (unless ``rows`` is None) and optionally videos/演示.mp4."""
    root.mkdir(parents=True, exist_ok=True)
    if rows is not None:
        write_bank(root / "quizbank.xlsx", rows, **bank)
    if video_seconds is not None:
        make_mp4(root / "videos" / "跟刀架-现场演示.mp4", video_seconds)
    return root


def quiz_findings(root: Path, profile=PROFILE) -> list:
    """The Q findings of a project (other families are not this suite's business)."""
    return [f for f in run_rules(Project(root, profile), Options()) if f.rule.startswith("Q")]


def rule_ids(findings) -> set[str]:
    return {f.rule for f in findings}


def of(findings, rule_id: str) -> list:
    return [f for f in findings if f.rule == rule_id]


def write_styled_bank(path: Path, rows, title: str = "跟刀架成果题库") -> Path:
    """A bank as Excel/WPS users leave it: a merged, filled title row, bold bordered header, column widths,
    wrapped text, and rich-text shared strings (a bold run inside 题目内容, a red run inside 解析)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].fill = PatternFill("solid", fgColor="FFF2CC")
    ws.append(list(HEADER))
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.font = Font(bold=True, name="宋体")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for i, row in enumerate(rows):
        values = list(row)
        text = values[1]
        if isinstance(text, str) and len(text) > 4 and i % 2 == 0:
            values[1] = CellRichText(TextBlock(InlineFont(b=True), text[:3]), text[3:])
        if isinstance(values[9], str) and values[9]:
            values[9] = CellRichText(values[9], TextBlock(InlineFont(color="FF0000"), "（重点）"))
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJKL", (8, 40, 14, 14, 14, 14, 10, 10, 10, 30, 10, 18), strict=True):
        ws.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def soffice_resave(src: Path, outdir: Path, soffice: str) -> Path:
    """``src`` opened and saved again as .xlsx by LibreOffice Calc (its own styles.xml, shared strings, themes)."""
    import subprocess

    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(outdir / 'lo-profile').as_uri()}",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(src)],
                          capture_output=True, timeout=240)
    out = outdir / (src.stem + ".xlsx")
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"soffice failed: {done.stderr.decode('utf-8', 'replace')[-300:]}")
    return out


def loosen_an_answer(bank: Path) -> Path:
    """Write the first 多选 answer of ``bank`` backwards ("AC" → "CA"): a warning (Q016) `fix` normalises,
    so the project still passes and `fix` has something to copy it for."""
    wb = openpyxl.load_workbook(bank)
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    header = next(r for r in rows if any(c.value == "正确答案" for c in r))
    kind, answer = (next(c.column for c in header if c.value == name) for name in ("题型", "正确答案"))
    row = next(r for r in rows if r[kind - 1].value == "多选")
    row[answer - 1].value = row[answer - 1].value[::-1]
    wb.save(bank)
    return bank
