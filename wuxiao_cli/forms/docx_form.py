"""Read form.docx: a table of label | value rows, found by label wherever they are."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from wuxiao_cli.forms.fields import FormSchema

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Containers whose paragraphs belong to something else: a nested table, a text box, deleted text,
# and the fallback copy of a drawing (mc:Fallback repeats a text box's content).
_NOT_THIS_CELL = {f"{_W}tbl", f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom",
                  "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# What Word wraps around a table, a row or a cell without changing what it is: a content control
# (w:sdt → w:sdtContent: a form template's locked table, a repeating section's rows) and custom XML.
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}
MAX_WRAPPERS = 8  # content controls inside content controls: Word nests a few, never dozens
MAX_TABLES = 200  # tables read in one document: a form has one to three, a layout table adds one
MAX_NESTING = 3  # a table in a cell of a table in a cell…: a layout table holds the form one level down


def read_docx(path: Path, schema: FormSchema):
    """Return (raw values by key, per-key {'images','tables'} counts, embedded image count, unknown labels).

    Raises what a damaged package raises (KeyError, ValueError, lxml's XMLSyntaxError…); the caller turns
    it into F002. A label cell merged down over several rows collects the value of each of those rows,
    and a label repeated further down (a template's leftover row) only fills a value still blank.
    Rows are looked for in every table document_tables finds: in the body, in content controls, and
    nested in the cells of a layout table. The document XML is read directly (ooxml.word_document):
    python-docx would cost more than the check.
    """
    from wuxiao_cli.ooxml import word_document  # lxml, after the size caps; imported here for speed

    body = word_document(path).find(f"{_W}body")
    values: dict[str, str] = {}
    media: dict[str, dict[str, int]] = {}
    label_tc: dict[str, object] = {}  # the label cell each key was read from
    unknown: list[str] = []
    value_cells: set = set()  # a table nested in a value cell is the field's content (F025), not the form
    def take(key: str, label_cell, value_cell, text: str) -> None:
        counts = {"images": _count_images(value_cell), "tables": sum(1 for _ in _children(value_cell, f"{_W}tbl"))}
        if key in values and label_tc[key] is label_cell:  # the same label, merged down (or a header's next row)
            if text and value_cell is not label_cell:
                values[key] = f"{values[key]}\n{text}" if values[key] else text
                media[key] = {k: media[key][k] + counts[k] for k in counts}
        elif key not in values or not values[key]:
            values[key] = text
            media[key] = counts
            label_tc[key] = label_cell

    for rows in document_tables(body, value_cells.__contains__):
        header: list | None = None  # (label cell, key) by column of a header row, for the value rows below it
        for cells in rows:
            texts = [visible_text(tc) for tc in cells]
            labels = [schema.label_of_cell(t) for t in texts]
            if len(cells) >= 2 and all(labels) and len(set(labels)) == len(labels):
                # a header row (附件4: 课程名称 | 提交单位 | 完成人 | 联系电话): its values are in the rows below
                beside = set(labels)
                header = [(tc, schema.column_key(t, beside)) for tc, t in zip(cells, texts, strict=True)]
                continue
            if header is not None and len(cells) == len(header) and not any(labels):
                for (label_cell, key), tc, text in zip(header, cells, texts, strict=True):
                    value_cells.add(tc)
                    take(key, label_cell, tc, text)
                continue
            header = None
            i = 0
            while i < len(cells) - 1:
                key = schema.resolve(texts[i])
                if key is None:
                    label = texts[i].strip().split("\n", 1)[0]
                    if label and i == 0 and len(cells) == 2:
                        unknown.append(label)
                    i += 1
                    continue
                if labels[i + 1] is not None:  # the next cell is another label, never this one's value
                    i += 1
                    continue
                value_cells.add(cells[i + 1])
                take(key, cells[i], cells[i + 1], texts[i + 1])
                i += 2
    embedded = _count_images(body)
    return values, media, embedded, unknown


def document_text(path: Path) -> str:
    """A Word document's text, for a keyword search: its paragraphs, then a line for each row of each
    table document_tables finds, the row's cells joined by tabs. Raises as read_docx does."""
    from wuxiao_cli.ooxml import word_document

    body = word_document(path).find(f"{_W}body")
    lines = [visible_text(body)]  # the paragraphs outside tables (and text boxes), as in a cell
    for rows in document_tables(body):
        lines += ("\t".join(visible_text(tc) for tc in cells) for cells in rows)
    return "\n".join(line for line in lines if line.strip())


def document_tables(body, skip_cell: Callable[[object], bool] = lambda tc: False) -> Iterator[list[list]]:
    """The rows (as table_rows gives them) of each table of the document, breadth first.

    First the tables in the body, also those Word puts in content controls; then the tables nested in
    their cells (a layout table holding the form), MAX_NESTING levels deep. A cell is looked into once
    its table's rows have been used, unless ``skip_cell(tc)`` says not to. At most MAX_TABLES tables.
    """
    queue = deque((tbl, 0) for tbl in _children(body, f"{_W}tbl"))
    read = 0
    while queue and read < MAX_TABLES:
        tbl, depth = queue.popleft()
        read += 1
        rows = table_rows(tbl)
        yield rows
        if depth == MAX_NESTING:
            continue
        cells = {tc: None for row in rows for tc in row}  # once each: a cell merged down comes in each of its rows
        for tc in cells:
            if read + len(queue) >= MAX_TABLES:  # the rest would never be read: do not even queue them
                break
            if not skip_cell(tc):
                queue.extend((inner, depth + 1) for inner in _children(tc, f"{_W}tbl"))


def _children(parent, tag: str, depth: int = 0) -> Iterator:
    """``parent``'s ``tag`` children, in order, also those inside content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS and depth < MAX_WRAPPERS:
            yield from _children(child, tag, depth + 1)


def table_rows(tbl) -> list[list]:
    """Each row's distinct cells (``w:tc``), left to right, as python-docx's ``row.cells`` gives them.

    A cell spanning several grid columns comes once; a cell merged down from the row above
    (``vMerge`` continue) is the cell where the merge starts. Like python-docx, a cell spanning no
    column (gridSpan 0) is left out, and a continued merge with no cell starting above it raises
    ValueError. Unlike python-docx, rows and cells Word wraps in a content control (a repeating
    section, a locked row) are there too. One pass with the grid offsets of the row above: linear in
    the cells, whatever the merges.
    """
    rows: list[list] = []
    above: dict[int, object] = {}  # grid offset → the cell (merge resolved) starting there in the row above
    for tr in _children(tbl, f"{_W}tr"):
        starts: dict[int, object] = {}
        cells, seen = [], set()
        offset = _number(tr, f"{_W}trPr/{_W}gridBefore") or 0
        for tc in _children(tr, f"{_W}tc"):
            if _v_merge(tc) == "continue":
                if offset not in above:
                    raise ValueError(f"no `tc` element at grid_offset={offset} in the row above")
                cell = above[offset]
            else:
                cell = tc
            starts.setdefault(offset, cell)  # after a 0-column cell, the first starting here (as python-docx)
            if _span(cell) > 0 and id(cell) not in seen:
                seen.add(id(cell))
                cells.append(cell)
            offset += _span(tc)
        rows.append(cells)
        above = starts
    return rows


def _v_merge(tc) -> str | None:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return None if merge is None else merge.get(f"{_W}val", "continue")


def _number(element, path: str) -> int | None:
    """The ``w:val`` of the first ``path`` below ``element`` (w:tcPr/w:gridSpan…), or None."""
    found = element.find(path)
    return None if found is None else int(found.get(f"{_W}val"))


def _span(tc) -> int:
    span = _number(tc, f"{_W}tcPr/{_W}gridSpan")
    return 1 if span is None else span


def visible_text(tc) -> str:
    """The cell's (or one paragraph's) paragraphs joined by line breaks, as Word shows them.

    Reads text python-docx's ``cell.text`` misses: tracked insertions (<w:ins>), content
    controls (<w:sdt>), smart tags and simple fields. Leaves out nested tables (F025 reports
    them), text boxes, deleted text, and hidden text (隐藏文字: a run's own <w:vanish/>).
    """
    lines = []
    for p in tc.iter(f"{_W}p"):
        if _inside_other(p, tc):
            continue
        parts = []
        for r in p.iter(f"{_W}r"):
            if _inside_other(r, p) or _hidden(r):
                continue
            for child in r:
                if child.tag in _RUN_TEXT:
                    parts.append(child.text or "" if _RUN_TEXT[child.tag] is None else _RUN_TEXT[child.tag])
        lines.append("".join(parts).rstrip())
    return "\n".join(lines).strip()


_OFF = {"0", "false", "off"}


def _hidden(run) -> bool:
    """True for a run formatted 隐藏文字 (<w:vanish/>): Word's 字数统计 and a printed PDF leave it out, and
    templates hide their instructions so. Only the run's own property: a character or paragraph style
    that hides text is not resolved (the reader reads document.xml alone, not styles.xml)."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true").lower() not in _OFF


def _inside_other(element, stop) -> bool:
    """True when ``element`` sits in a nested table, text box or deleted text below ``stop``."""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _NOT_THIS_CELL:
            return True
        parent = parent.getparent()
    return False


def _count_images(element) -> int:
    return len(element.xpath(".//*[local-name()='drawing' or local-name()='pict' or local-name()='object']"))
