"""Find the quiz bank of a project and stream its rows with openpyxl in read-only mode.

Tolerates what real Excel and WPS files hold: blank rows anywhere, trailing spaces, numbers stored
as numbers, merged title rows above the header (the header is looked for in the first 10 rows of
every sheet), extra sheets (the sheet holding the header is used), wrong <dimension> records.
Nothing is held in memory but the row being read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.quiz import BANK_ROLE, HEADER
from wuxiao_cli.quiz.answers import half_width
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T, fold

HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3  # fewer recognised names than this and the row is not a header
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_XLSX_KINDS = {"xlsx"}


class BankError(Exception):
    """The file cannot be read as an .xlsx quiz bank; ``message`` says why (Q002)."""

    def __init__(self, message: T, kind: str):
        super().__init__(message.zh)
        self.message = message
        self.kind = kind  # content_kind(), or "damaged" for an .xlsx that cannot be parsed


def find_banks(project) -> list:
    """The project's quiz sets: quizbank.xlsx (or another file named quizbank.*, 题库.*, 成果题库.*: the
    profile's aliases) and every file in quizbank/ (or 题库/)."""
    stems = {fold(n).casefold() for n in project.profile.folder_names(BANK_ROLE)}
    found = [f for f in project.files if "/" not in f.rel and fold(Path(f.name).stem).casefold() in stems]
    return found + project.files_in(BANK_ROLE, recursive=True)


def content_kind(path: Path) -> str:
    """What the file really is: xlsx, encrypted (password-protected Office file), ole2 (.xls/.et), ods, csv, html…"""
    kind = sniff(path)
    if kind == "ole2":
        return "encrypted" if _holds(path, _ENCRYPTED_MARK) else "ole2"
    if kind in ("unknown", "text"):
        return _text_kind(path)
    return kind


def _holds(path: Path, needle: bytes, limit: int = 4 << 20) -> bool:
    """Whether the first ``limit`` bytes contain ``needle`` (an OLE2 directory entry name)."""
    try:
        with open(path, "rb") as fh:
            return needle in fh.read(limit)
    except OSError:
        return False


def _text_kind(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return "unreadable"
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return "unknown"
    lower = text.lower()
    if "<html" in lower or "<table" in lower:
        return "html"
    if "<?xml" in lower and "spreadsheet" in lower:
        return "xml-spreadsheet"
    if any(sep in text for sep in (",", "\t", "，")):
        return "csv"
    return "text" if text.strip() else "unknown"


KIND_NAMES = {
    "ole2": "旧版 Excel 97-2003 (.xls) 或 WPS (.et) 文件",
    "encrypted": "设置了打开密码（已加密）的 Office 文件",
    "ods": "OpenDocument 表格 (.ods)",
    "csv": "CSV/纯文本表格",
    "html": "网页 (HTML) 表格（常见于系统导出的“.xls”）",
    "xml-spreadsheet": "Excel 2003 XML 表格",
    "text": "纯文本文件",
    "empty": "空文件（0 字节）",
}


def header_key(value: object) -> str:
    """A header cell as compared with the template: no spaces, half-width, no * marks or colons."""
    text = half_width(cell_text(value))
    return re.sub(r"\s+", "", text).strip("*:").strip()


def cell_text(value: object) -> str:
    """A cell as the text a reader sees: numbers without a spurious .0, TRUE/FALSE, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Bank:
    """An open quiz set: where its header is and what it says. Stream questions with :meth:`rows`."""

    path: Path
    sheet: str
    sheets: list[str]
    header_row: int | None  # 1-based as Excel shows it; None when no header was found
    found: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header text) as written
    columns: dict[str, int] = field(default_factory=dict)  # template name → 0-based column index
    _wb: object = None
    _ws: object = None
    _fh: object = None  # our own handle on the file: closed here whatever openpyxl does

    def letter(self, name: str) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.columns[name] + 1) if name in self.columns else "?"

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(Excel row number, {template name: text}) for every non-blank row below the header."""
        if self.header_row is None:
            return
        items = list(self.columns.items())
        for number, row in enumerate(self._ws.iter_rows(min_row=self.header_row + 1, values_only=True),
                                     start=self.header_row + 1):
            if not row:
                continue
            cells = {name: (cell_text(row[i]) if i < len(row) else "") for name, i in items}
            if any(cells.values()):
                yield number, cells

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._wb = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_bank(path: Path) -> Bank:
    """Open an .xlsx quiz set for streaming. Raises BankError (with a Q002 message) when it is not one."""
    kind = content_kind(path)
    if kind not in _XLSX_KINDS:
        name = KIND_NAMES.get(kind) or _describe(kind)
        raise BankError(T(f"实际是{name}，不是 .xlsx 工作簿", f"it is really {kind}, not an .xlsx workbook"), kind)
    from wuxiao_cli.ooxml import Refused, check_package

    try:  # sizes and compression judged before openpyxl inflates anything (SPEC §10 "Bounds")
        check_package(path, main_part="")
    except Refused as exc:
        what = "过大" if exc.too_large else "格式异常"
        raise BankError(T(f"工作簿异常（{what}）：{exc.why.zh}，未读取", f"abnormal workbook: {exc.why.en}"), "damaged") from None
    import openpyxl

    # openpyxl leaves its zip open when a damaged workbook fails half-way: hand it a file we close.
    fh = open(path, "rb")  # noqa: SIM115 — owned by the Bank, closed in Bank.close()
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or XML raises many types: all mean "cannot be opened"
        fh.close()
        raise BankError(T(f"文件已损坏，无法打开（{type(exc).__name__}）", f"damaged, cannot be opened ({exc})"), "damaged") from None
    try:
        bank = _locate_header(path, wb)
    except Exception as exc:
        wb.close()
        fh.close()
        raise BankError(T(f"文件已损坏，无法读取（{type(exc).__name__}）", f"damaged, cannot be read ({exc})"), "damaged") from None
    bank._fh = fh
    return bank


def _describe(kind: str) -> str:
    from wuxiao_cli.sniff import describe

    return describe(kind)


def find_header(worksheets) -> tuple[object, int, tuple] | None:
    """(sheet, 1-based row, the row's values) of the best header in the first 10 rows of any sheet."""
    best = None  # (matches, ws, row number, values)
    for ws in worksheets:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # WPS and some generators write a wrong <dimension>: read every row
        for number, row in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            matches = len({header_key(v) for v in row} & set(HEADER))
            if matches >= MIN_HEADER_MATCHES and (best is None or matches > best[0]):
                best = (matches, ws, number, tuple(row))
    return best[1:] if best else None


def header_columns(row: tuple) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The header as written [(letter, text)] and the template columns it holds {name: 0-based index}."""
    from openpyxl.utils import get_column_letter

    found, columns = [], {}
    for i, value in enumerate(row):
        text = cell_text(value)
        if not text:
            continue
        found.append((get_column_letter(i + 1), text))
        key = header_key(value)
        if key in HEADER and key not in columns:
            columns[key] = i
    return found, columns


def _locate_header(path: Path, wb) -> Bank:
    sheets = list(wb.sheetnames)
    located = find_header(wb.worksheets)
    if located is None:
        first = wb.worksheets[0] if wb.worksheets else None
        return Bank(path, first.title if first is not None else "", sheets, None, _wb=wb, _ws=first)
    ws, number, row = located
    found, columns = header_columns(row)
    return Bank(path, ws.title, sheets, number, found, columns, _wb=wb, _ws=ws)
