"""Workbooks that print: A4, fit to the page width, header rows repeated, and rows tall enough for their text.

openpyxl writes no row heights, and Excel/LibreOffice do not grow a row for wrapped text on their own
when printing a file they did not lay out; so the height is set from the text's display width.
"""

from __future__ import annotations

import math

from wuxiao_cli.text import columns

LINE_POINTS = 15.0  # one line of 11-pt text with leading


def display_width(value) -> int:
    """Columns the text needs in its widest line: CJK and full-width characters take two."""
    text = "" if value is None else str(value)
    return max((columns(line) for line in text.split("\n")), default=0)


def a4(ws, *, landscape: bool, title_rows: str | None = "1:1") -> None:
    """A4, one page wide (as many pages long as it takes), the header rows on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: no limit on the number of pages down
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows


def fit_rows(ws, first_row: int = 1) -> None:
    """Give each row the height its wrapped cells need at their column widths."""
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
            text = str(cell.value)
            lines = max(lines, sum(max(1, math.ceil(display_width(part) / max(1.0, width - 1)))
                                   for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = LINE_POINTS * lines
