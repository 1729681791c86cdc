"""`wuxiao fix` for the quiz bank: answers normalised (Q016, Q009 synonyms) in a copy of the workbook.

Only the 正确答案 and 题型 cells change, and only to what they already mean: “a c” → AC, “正确” → 对, “单选题” → 单选.
Everything a reviewer reads (questions, options, 解析) stays as it was. When nothing needs
normalising — or the file is not a readable .xlsx (Q002 says so) — ``dst`` is a byte copy of ``src``.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from wuxiao_cli import fsops
from wuxiao_cli.capped import TooLarge
from wuxiao_cli.quiz import EXAMPLE_MARKS
from wuxiao_cli.quiz.answers import parse_choice, parse_judgement, parse_kind
from wuxiao_cli.quiz.loader import (
    cell_text,
    content_kind,
    fill_merged,
    find_headers,
    header_columns,
    is_cell_part,
)
from wuxiao_cli.text import T

# openpyxl holds a whole workbook to write it back, ~17 bytes of memory per byte of its sheets' XML (60 MB
# of sheets took 1 GB and 4 minutes); 16 MB is a 30,000-question bank, a hundred times a real one
FIX_CELL_BYTES = 16 * 1024 * 1024


def normalised_answer(kind: str, raw: str) -> str | None:
    """The answer as it should be written, when it differs from ``raw`` and its meaning is certain."""
    if kind == "判断":
        parsed = parse_judgement(raw)
        return parsed[0] if parsed and not parsed[1] else None
    if kind in ("单选", "多选"):
        choice = parse_choice(raw)
        if choice is None or choice.canonical or (kind == "单选" and choice.written != 1):
            return None
        if kind == "多选" and len(choice.letters) < 2:
            return None
        return choice.letters
    return None


def answer_changes(src: Path) -> list[T]:
    """The lines fix_answers would write for ``src``, read only: `fix` copies a project only when it will change.
    Nothing for a bank past FIX_CELL_BYTES, which fix_answers leaves as it is."""
    try:
        refuse_large(src)
    except TooLarge:
        return []
    return _normalised(src)[1]


def _normalised(src: Path) -> tuple[object, list[T]]:
    """``src`` loaded with 正确答案 normalised in memory, and a line per changed cell; (None, []) when unreadable."""
    if content_kind(src) != "xlsx":
        return None, []
    try:
        import openpyxl

        from wuxiao_cli.ooxml import check_package

        check_package(src, main_part="")  # raises Refused on a bomb: left alone like any unreadable book
        with open(src, "rb") as fh:  # our handle: closed even when openpyxl fails half-way
            wb = openpyxl.load_workbook(fh)
        return wb, _normalise(wb, src.name)
    except Exception:  # a workbook openpyxl cannot read is left alone: Q002 reports it
        return None, []


def fix_answers(src: Path, dst: Path) -> list[T]:
    """Write ``src`` to ``dst`` with 正确答案 normalised; one line per changed cell (``src == dst`` allowed).
    TooLarge, nothing written, for a bank past FIX_CELL_BYTES."""
    refuse_large(src)
    wb, changes = _normalised(src)
    if changes:
        mode = os.stat(src).st_mode  # before the save: ``dst`` may be ``src``
        _save_atomically(wb, dst)
        os.chmod(dst, stat.S_IMODE(mode))  # the saved temporary file is private (0600): keep who may read the bank
    elif Path(src).resolve() != Path(dst).resolve():
        shutil.copyfile(src, dst)
    return changes


def refuse_large(src: Path) -> None:
    """TooLarge when the sheets and shared strings, inflated as the zip declares them (zipfile reads no
    more than that), are over FIX_CELL_BYTES; a zip that cannot be listed is left to openpyxl's failure."""
    import zipfile

    try:
        with zipfile.ZipFile(src) as zf:
            cells = sum(i.file_size for i in zf.infolist() if is_cell_part(i.filename))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if cells > FIX_CELL_BYTES:
        raise TooLarge(cells, FIX_CELL_BYTES, T("工作表解压后共", "its sheets inflate to"))


def _normalise(wb, filename: str) -> list[T]:
    """Every sheet carrying the template's header (a bank split over 选择题 and 判断题 sheets), with a
    题型 merged over several rows read on each of them, as the checker reads it (loader.fill_merged)."""
    from openpyxl.cell.cell import MergedCell  # openpyxl is loaded by fix_answers already

    changes = []
    for ws, header_row, row in find_headers(wb.worksheets):
        _, columns = header_columns(row)
        if not {"题型", "正确答案"} <= columns.keys():
            continue
        width = max(columns.values()) + 1
        merged = [(m.min_row, m.min_col - 1, m.max_row, m.max_col - 1) for m in ws.merged_cells.ranges]
        start = header_row + 1
        rows = enumerate(ws.iter_rows(min_row=start, max_col=width, values_only=True), start)
        for r, values in fill_merged(rows, merged, start, width):
            text = columns.get("题目内容")
            if text is not None and cell_text(values[text]).startswith(EXAMPLE_MARKS):
                continue
            kind = cell_text(values[columns["题型"]])
            if (parsed := parse_kind(kind)) is not None and not parsed[1]:  # 单选题 → 单选 (Q005)
                kind_cell = ws.cell(r, columns["题型"] + 1)
                if not isinstance(kind_cell, MergedCell):  # a merged 题型 is written once, on its first row
                    kind_cell.value = parsed[0]
                    changes.append(T(f"{filename} {ws.title}!{kind_cell.coordinate}：题型“{kind}”改为“{parsed[0]}”",
                                     f"{filename} {ws.title}!{kind_cell.coordinate}: 题型 {kind!r} → {parsed[0]!r}"))
                kind = parsed[0]
            cell = ws.cell(r, columns["正确答案"] + 1)
            raw = cell_text(cell.value)
            new = normalised_answer(kind, raw)
            if new is None or isinstance(cell, MergedCell):  # one answer merged over rows: the clerk decides
                continue
            cell.value = new
            changes.append(T(f"{filename} {ws.title}!{cell.coordinate}：正确答案“{raw}”改为“{new}”",
                             f"{filename} {ws.title}!{cell.coordinate}: answer {raw!r} → {new!r}"))
    return changes


def _save_atomically(wb, dst: Path) -> None:
    """Save beside ``dst`` and rename: an interrupted fix never leaves half a workbook."""
    dst = Path(dst)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=dst.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        fsops.replace(tmp, dst)  # retried while the antivirus scans what was just saved
    finally:
        fsops.unlink(Path(tmp))
