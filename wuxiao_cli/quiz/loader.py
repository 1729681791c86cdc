"""Find the quiz bank of a project and read its rows.

Tolerates what real Excel and WPS files hold: blank rows anywhere, trailing spaces, numbers stored
as numbers, merged title rows above the header (the header is looked for in the first 10 rows of
every sheet), extra sheets (every sheet holding the header is read, e.g. 选择题 and 判断题; an
instructions sheet without it is not), wrong <dimension> records.

Two readers give the same cells and the same Excel row numbers. The fast one (python-calamine, a
compiled reader: ~25× faster than openpyxl on a LibreOffice-saved bank) serves every ordinary bank.
The exact one (openpyxl, read-only, streaming) takes the banks the fast one cannot render alike:
error cells such as #N/A (the fast reader shows them empty) and damaged XML (openpyxl reads up to
the damage, so Q002 can say where it stopped). Before either reads, every sheet and the shared
strings are measured by decompressing them in chunks: a part over MAX_PART_BYTES is refused, so a
200 MB shared string is never held or copied.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.ooxml import Caps
from wuxiao_cli.quiz import BANK_ROLE, HEADER
from wuxiao_cli.quiz.answers import half_width
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T, decode_text, fold

HEADER_SEARCH_ROWS = 10
MAX_PART_BYTES = Caps().part  # one sheet or the shared strings, as inflated (ooxml judges what is declared); a 50,000-row bank is ~25 MB
_CHUNK = 1 << 20
_ERROR_CELLS = (b't="e"', b"t='e'")  # <c t="e">: a formula error (#N/A, #DIV/0!…)
_FORMULAS = (b"<f>", b"<f ", b":f>", b":f ")  # <f>: a formula (its result, if ever calculated, is in <v>)
MAX_UNCALCULATED = 10_000  # formula cells without a result remembered per sheet; more are read as blank
MIN_HEADER_MATCHES = 3  # fewer recognised names than this and the row is not a header
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_XLSX_KINDS = {"xlsx"}


class BankError(Exception):
    """The file cannot be read as an .xlsx quiz bank; ``message`` says why (Q002)."""

    def __init__(self, message: T, kind: str):
        super().__init__(message.zh)
        self.message = message
        self.kind = kind  # content_kind(), "damaged" for an .xlsx that cannot be parsed, "strict" for Strict Open XML


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
    text = decode_text(head, whole=False)  # the first 4 KB: a character may be cut at the end
    if text is None:
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
    if isinstance(value, dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.date):  # the fast reader's date-formatted whole number: a datetime at 00:00 to openpyxl
        return dt.datetime.combine(value, dt.time()).isoformat()
    return str(value).strip()


def column_letter(index: int) -> str:
    """Excel's column letter for a 1-based index: 1 → A, 27 → AA (without importing openpyxl)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    """column_letter's inverse, 0-based: A → 0, AA → 26."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


_REF = r"([A-Z]{1,3})(\d{1,7})"  # a cell: column letters, row number
_CELL, _RANGE = re.compile(_REF), re.compile(f"{_REF}:{_REF}")


RowReader = Callable[[int], Iterator[Sequence]]  # rows from this 1-based row number on, as value tuples


@dataclass
class Bank:
    """An open quiz set: where its header is and what it says. Stream questions with :meth:`rows`."""

    path: Path
    sheet: str
    sheets: list[str]
    header_row: int | None  # 1-based as Excel shows it; None when no header was found
    found: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header text) as written
    columns: dict[str, int] = field(default_factory=dict)  # template name → 0-based column index
    _read: RowReader | None = None
    _close: Callable[[], None] | None = None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col), rows 1-based, cols 0-based
    uncalculated: dict[int, set[int]] = field(default_factory=dict)  # row → 0-based columns: formulas never calculated
    more: list[Bank] = field(default_factory=list)  # further sheets with the template's header, in workbook order

    @property
    def tables(self) -> list[Bank]:
        """Every sheet carrying the template's header, in workbook order: a bank may be split over 选择题
        and 判断题 sheets. This Bank is the sheet whose header matches best."""
        order = {name: i for i, name in enumerate(self.sheets)}
        return sorted([self, *self.more], key=lambda t: order.get(t.sheet, len(order)))

    def letter(self, name: str) -> str:
        return column_letter(self.columns[name] + 1) if name in self.columns else "?"

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(Excel row number, {template name: text}) for every non-blank row below the header."""
        if self.header_row is None or self._read is None or not self.columns:
            return
        import operator

        names, indices = tuple(self.columns), tuple(self.columns.values())
        width = max(indices) + 1
        take = operator.itemgetter(*indices) if len(indices) > 1 else lambda row: (row[indices[0]],)
        numbered = enumerate(self._read(self.header_row + 1), start=self.header_row + 1)
        if self.merged:
            numbered = fill_merged(numbered, self.merged, self.header_row + 1, width)
        for number, row in numbered:
            if not row:
                continue
            if len(row) < width:  # openpyxl may end a row at its last filled cell
                row = (*row, *[None] * (width - len(row)))
            values = take(row)
            try:  # most rows are all text: strip them in one C-level pass
                texts = list(map(str.strip, values))
            except TypeError:  # a number, a date, None: those go through cell_text
                texts = [v.strip() if v.__class__ is str else cell_text(v) for v in values]
            if any(texts):
                yield number, dict(zip(names, texts, strict=True))

    def uncalculated_names(self, row: int) -> list[str]:
        """The template columns of this row holding a formula with no result (read as blank)."""
        cols = self.uncalculated.get(row)
        return [name for name, i in self.columns.items() if i in cols] if cols else []

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_bank(path: Path) -> Bank:
    """Open an .xlsx quiz set for reading. Raises BankError (with a Q002 message) when it is not one."""
    kind = content_kind(path)
    if kind not in _XLSX_KINDS:
        name = KIND_NAMES.get(kind) or _describe(kind)
        raise BankError(T(f"实际是{name}，不是 .xlsx 工作簿", f"it is really {kind}, not an .xlsx workbook"), kind)
    from wuxiao_cli.ooxml import Refused, check_package, is_strict

    try:  # sizes and compression judged before openpyxl inflates anything (SPEC §10 "Bounds")
        check_package(path, main_part="")
    except Refused as exc:
        what = "过大" if exc.too_large else "格式异常"
        raise BankError(T(f"工作簿异常（{what}）：{exc.why.zh}，未读取", f"abnormal workbook: {exc.why.en}"), "damaged") from None
    formulas: set[str] = set()
    if _fast_reader_fits(path, formulas):
        try:
            return _uncalculated(_open_fast(path), path, formulas)
        except Exception:  # damaged XML or zip: the exact reader says what and where
            pass
    if is_strict(path):  # Excel opens it and the fast reader read most; openpyxl, the exact reader, cannot
        raise BankError(T("实际是 Excel 的“Strict Open XML 电子表格”格式（ISO/IEC 29500 严格格式，命名空间为 "
                          "purl.oclc.org/ooxml），不是附件5 模板的“Excel 工作簿(*.xlsx)”格式",
                          "it is an Excel 'Strict Open XML Spreadsheet' (ISO/IEC 29500 Strict), not an "
                          "'Excel Workbook (*.xlsx)' as the 附件5 template is"), "strict")
    return _uncalculated(_open_exact(path), path, formulas)


def _fast_reader_fits(path: Path, formulas: set[str] | None = None) -> bool:
    """Measure the sheets and shared strings (refusing any over MAX_PART_BYTES) and say whether the
    fast reader renders this bank exactly and within bounds: False for error cells, for parts that add
    up to more than MAX_PART_BYTES (it holds every sheet; openpyxl streams them), or when the zip
    cannot be measured. The sheets holding formulas are added to ``formulas``."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = [i for i in zf.infolist() if is_cell_part(i.filename)]
            for info in parts:
                if info.file_size > MAX_PART_BYTES:
                    raise _too_large(info.filename, info.file_size)
            errors, total = False, 0
            for info in parts:
                size, errors_here, formulas_here = _measure(zf, info, look_for_errors="worksheets/" in info.filename.lower())
                if size > MAX_PART_BYTES:
                    raise _too_large(info.filename, size)
                errors |= errors_here
                if formulas_here and formulas is not None:
                    formulas.add(info.filename)
                total += size
            return not errors and total <= MAX_PART_BYTES
    except BankError:
        raise
    except Exception:  # not a readable zip: the exact reader reports it as before
        return False


def is_cell_part(name: str) -> bool:
    name = name.lower()
    return name == "xl/sharedstrings.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _measure(zf: zipfile.ZipFile, info: zipfile.ZipInfo, look_for_errors: bool) -> tuple[int, bool, bool]:
    """(decompressed bytes, up to just past the limit; whether it holds an error cell; whether it holds a
    formula), in 1 MiB chunks."""
    size, tail, errors, formulas = 0, b"", False, False
    with zf.open(info) as fh:
        while size <= MAX_PART_BYTES and (chunk := fh.read(_CHUNK)):
            size += len(chunk)
            if look_for_errors and not errors:  # (only sheets hold cells; the shared strings need no search)
                seam = tail + chunk
                errors = any(mark in seam for mark in _ERROR_CELLS)
            if look_for_errors and not formulas:
                seam = tail + chunk
                formulas = any(mark in seam for mark in _FORMULAS)
            tail = chunk[-8:]
    return size, errors, formulas


def _too_large(part: str, size: int) -> BankError:
    mb, limit = size / (1 << 20), MAX_PART_BYTES / (1 << 20)  # MiB, as file managers show it
    return BankError(T(f"题库文件异常（过大）：{part} 解压后超过 {limit:.0f} MB（至少 {mb:.0f} MB），不予读取；"
                       "请在 Excel/WPS 中检查是否有超长单元格，另存为新的 .xlsx",
                       f"abnormally large: {part} inflates past {limit:.0f} MB (at least {mb:.0f} MB) and is not read; "
                       "look for an overlong cell in Excel/WPS and save as a new .xlsx"), "damaged")


def _open_fast(path: Path) -> Bank:
    import itertools

    from python_calamine import CalamineWorkbook, SheetTypeEnum

    wb = CalamineWorkbook.from_path(str(path))
    try:
        names = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        sheets = {name: wb.get_sheet_by_name(name) for name in names}

        def read(name: str, start: int = 1) -> Iterator[list]:
            # iter_rows() starts at row 1 but at the first used column: put the columns before it back
            # (dates come as dt.date where openpyxl gives a datetime at 00:00, and empty cells as "" where
            # openpyxl has None: cell_text shows both alike)
            sheet = sheets[name]
            pad = [None] * (sheet.start[1] if sheet.start else 0)
            rows = itertools.islice(sheet.iter_rows(), start - 1, None)
            return (pad + row for row in rows) if pad else rows

        located = all_headers((name, read(name)) for name in names)
        bank = _bank(path, list(wb.sheet_names), located, names[0] if names else "")
    except Exception:
        wb.close()
        raise
    for table in bank.tables:
        table._read = functools.partial(read, table.sheet)
        merged = getattr(sheets[table.sheet], "merged_cell_ranges", None) or []
        table.merged = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in merged]
    bank._close = wb.close
    return bank


def _open_exact(path: Path) -> Bank:
    import openpyxl

    # openpyxl leaves its zip open when a damaged workbook fails half-way: hand it a file we close.
    fh = open(path, "rb")  # noqa: SIM115 — closed by the Bank's close()
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or XML raises many types: all mean "cannot be opened"
        fh.close()
        raise BankError(T(f"文件已损坏，无法打开（{type(exc).__name__}）", f"damaged, cannot be opened ({exc})"), "damaged") from None

    def close() -> None:
        wb.close()
        fh.close()

    try:
        located = find_headers(wb.worksheets)
        first = wb.worksheets[0].title if wb.worksheets else ""
        bank = _bank(path, list(wb.sheetnames), [(ws.title, *rest) for ws, *rest in located], first)
    except Exception as exc:
        close()
        raise BankError(T(f"文件已损坏，无法读取（{type(exc).__name__}）", f"damaged, cannot be read ({exc})"), "damaged") from None
    by_title = {ws.title: ws for ws, *_ in located}
    for table in bank.tables if located else ():
        ws = by_title[table.sheet]
        table._read = functools.partial(_openpyxl_rows, ws)
        table.merged = _xml_merged(path, getattr(ws, "_worksheet_path", "") or "")
    bank._close = close
    return bank


def _describe(kind: str) -> str:
    from wuxiao_cli.sniff import describe

    return describe(kind)


def find_header(worksheets) -> tuple[object, int, tuple] | None:
    """(sheet, 1-based row, the row's values) of the best header in the first 10 rows of any openpyxl sheet."""
    located = find_headers(worksheets)
    return located[0] if located else None


def find_headers(worksheets) -> list[tuple[object, int, tuple]]:
    """:func:`all_headers` of openpyxl sheets."""
    for ws in worksheets:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # WPS and some generators write a wrong <dimension>: read every row
    return all_headers((ws, ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)) for ws in worksheets)


def all_headers(candidates: Iterable[tuple[object, Iterable[Sequence]]]) -> list[tuple[object, int, tuple]]:
    """(sheet, 1-based row, values) of each sheet's header — its row matching most template names (at least
    MIN_HEADER_MATCHES) among its first 10 rows. The best-matching sheet comes first (the earliest on a
    tie), then the others in workbook order; a sheet without such a row (instructions) is left out."""
    found = []  # (matches, sheet, row number, values), one per sheet
    for sheet, rows in candidates:
        best = None
        for number, row in zip(range(1, HEADER_SEARCH_ROWS + 1), rows, strict=False):
            matches = len({header_key(v) for v in row} & set(HEADER))
            if matches >= MIN_HEADER_MATCHES and (best is None or matches > best[0]):
                best = (matches, sheet, number, tuple(row))
        if best is not None:
            found.append(best)
    if not found:
        return []
    first = max(range(len(found)), key=lambda i: (found[i][0], -i))
    return [found[first][1:], *(f[1:] for i, f in enumerate(found) if i != first)]


def header_columns(row: tuple) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The header as written [(letter, text)] and the template columns it holds {name: 0-based index}."""
    found, columns = [], {}
    for i, value in enumerate(row):
        text = cell_text(value)
        if not text:
            continue
        found.append((column_letter(i + 1), text))
        key = header_key(value)
        if key in HEADER and key not in columns:
            columns[key] = i
    return found, columns


def fill_merged(numbered: Iterable[tuple[int, Sequence]], merged: Sequence[tuple[int, int, int, int]], start: int,
                width: int) -> Iterator[tuple[int, Sequence]]:
    """(row number, values) with each merged range's value (its top-left cell's) in every cell of the range,
    as Excel and WPS show it: 题型 merged over A12:A15 reads 单选 on all four rows. Only the ranges reaching
    the rows read and the first ``width`` columns are kept; a range starting above ``start`` has no value here."""
    pending = sorted((r0, c0, r1, min(c1, width - 1)) for r0, c0, r1, c1 in merged if r1 >= start and r0 >= start
                     and c0 < width and (r1 > r0 or c1 > c0))
    active: list[tuple[int, int, int, object]] = []  # (first col, last col, last row, value)
    nxt = 0
    for number, row in numbered:
        if active:
            active = [a for a in active if a[2] >= number]
        while nxt < len(pending) and pending[nxt][0] < number:
            nxt += 1  # a blank top row that was never yielded: nothing to fill with
        starting = []
        while nxt < len(pending) and pending[nxt][0] == number:
            starting.append(pending[nxt])
            nxt += 1
        if not active and not starting:
            yield number, row
            continue
        values = list(row) + [None] * (width - len(row)) if len(row) < width else list(row)
        for _, c0, r1, c1 in starting:
            value = values[c0]
            if value is not None and value != "":
                active.append((c0, c1, r1, value))
        for c0, c1, _r1, value in active:
            for c in range(c0, c1 + 1):
                if values[c] is None or values[c] == "":
                    values[c] = value
        yield number, values


def _merge_ranges(refs: Iterable[str]) -> list[tuple[int, int, int, int]]:
    """"A12:A15" → (12, 0, 15, 0); malformed references are skipped."""
    ranges = []
    for ref in refs:
        m = _RANGE.fullmatch(ref.upper().replace("$", ""))
        if m:
            c0, r0, c1, r1 = m.groups()
            ranges.append((int(r0), _column_index(c0), int(r1), _column_index(c1)))
    return ranges


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']([A-Za-z0-9$:]+)[\"']")


def _xml_merged(path: Path, part: str) -> list[tuple[int, int, int, int]]:
    """The <mergeCell ref> ranges of one sheet part, read in chunks (the part was measured: at most
    MAX_PART_BYTES) for openpyxl's read-only sheets, which do not keep them."""
    refs, tail = [], b""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
            while chunk := fh.read(_CHUNK):
                seam = tail + chunk
                cut = seam.rfind(b"<")  # a tag cut by the chunk's end is read with the next one
                cut = cut if cut > len(seam) - 512 else len(seam)
                refs += [m.decode("ascii") for m in _MERGE_CELL.findall(seam, 0, cut)]
                tail = seam[cut:]
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    return _merge_ranges(refs)


def _uncalculated(bank: Bank, path: Path, formulas: set[str]) -> Bank:
    """Mark the cells holding a formula without a result: a program wrote =UPPER("a") and nobody opened
    the file in Excel or WPS, so there is no value to read. Only sheets seen holding formulas are parsed."""
    if not formulas or bank.header_row is None:
        return bank
    try:
        parts = _sheet_parts(path)
        for table in bank.tables:
            part = parts.get(table.sheet)
            if part in formulas:
                table.uncalculated = _formula_cells(path, part, table.header_row + 1)
    except Exception:  # noqa: BLE001 — a hint only: the cells read as blank as before
        pass
    return bank


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title → its part (xl/worksheets/sheet1.xml), from xl/workbook.xml and its relationships."""
    import posixpath
    from xml.etree import ElementTree as ET

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as zf:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] == "sheet" and sheet.get(rel_ns) in targets:
            target = targets[sheet.get(rel_ns)]
            parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return parts


def _formula_cells(path: Path, part: str, start: int) -> dict[int, set[int]]:
    """row → 0-based columns of the cells from row ``start`` on with an <f> and no (or an empty) <v>."""
    from xml.etree import ElementTree as ET

    found: dict[int, set[int]] = {}
    count = 0
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        for _, elem in ET.iterparse(fh, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "c":
                kids = {k.tag.rsplit("}", 1)[-1]: k for k in elem}
                value = kids.get("v")
                if "f" in kids and (value is None or not (value.text or "").strip()) and "is" not in kids:
                    m = _CELL.fullmatch(elem.get("r", ""))
                    if m and int(m.group(2)) >= start:
                        found.setdefault(int(m.group(2)), set()).add(_column_index(m.group(1)))
                        count += 1
                        if count >= MAX_UNCALCULATED:
                            break
                elem.clear()
            elif tag == "row":
                elem.clear()
    return found



def _openpyxl_rows(ws, start: int) -> Iterator[tuple]:
    return ws.iter_rows(min_row=start, values_only=True)


def _bank(path: Path, sheets: list[str], located: list[tuple[str, int, tuple]], first: str) -> Bank:
    """The Bank for headers found at [(sheet title, row, values)], the best first, or for none (named
    after the first sheet). The other sheets with a header become ``more``, in workbook order."""
    if not located:
        return Bank(path, first, sheets, None)
    tables = []
    for title, number, row in located:
        found, columns = header_columns(row)
        tables.append(Bank(path, title, sheets, number, found, columns))
    bank, bank.more = tables[0], tables[1:]
    return bank
