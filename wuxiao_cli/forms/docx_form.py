"""Read form.docx: a table of label | value rows, found by label wherever they are."""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.forms.fields import FormSchema

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Containers whose paragraphs belong to something else: a nested table, a text box, deleted text,
# and the fallback copy of a drawing (mc:Fallback repeats a text box's content).
_NOT_THIS_CELL = {f"{_W}tbl", f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom",
                  "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def read_docx(path: Path, schema: FormSchema):
    """Return (raw values by key, per-key {'images','tables'} counts, embedded image count, unknown labels).

    Raises whatever python-docx raises on a broken file; the caller turns it into F002.
    A label cell merged down over several rows collects the value of each of those rows, and a
    label repeated further down (a template's leftover row) only fills a value still blank.
    """
    from wuxiao_cli.ooxml import open_docx  # python-docx, after the size caps; imported here for speed

    document = open_docx(path)
    values: dict[str, str] = {}
    media: dict[str, dict[str, int]] = {}
    label_tc: dict[str, object] = {}  # the label cell each key was read from
    unknown: list[str] = []
    for table in document.tables:
        for row in table.rows:
            cells = unique_cells(row)
            i = 0
            while i < len(cells) - 1:
                label_text = _cell_text(cells[i]._tc)
                key = schema.resolve(label_text)
                if key is None:
                    label = label_text.strip().split("\n", 1)[0]
                    if label and i == 0 and len(cells) == 2:
                        unknown.append(label)
                    i += 1
                    continue
                value_cell = cells[i + 1]
                text = _cell_text(value_cell._tc)
                counts = {"images": _count_images(value_cell._tc), "tables": len(value_cell.tables)}
                if key in values and label_tc[key] is cells[i]._tc:  # the same label, merged down
                    if text and value_cell._tc is not cells[i]._tc:
                        values[key] = f"{values[key]}\n{text}" if values[key] else text
                        media[key] = {k: media[key][k] + counts[k] for k in counts}
                elif key not in values or not values[key]:
                    values[key] = text
                    media[key] = counts
                    label_tc[key] = cells[i]._tc
                i += 2
    embedded = _count_images(document.element.body)
    return values, media, embedded, unknown


def unique_cells(row) -> list:
    """Merged cells appear once per grid column in python-docx; keep each cell once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _cell_text(tc) -> str:
    """The cell's paragraphs joined by line breaks, as Word shows them.

    Reads text python-docx's ``cell.text`` misses: tracked insertions (<w:ins>), content
    controls (<w:sdt>), smart tags and simple fields. Leaves out nested tables (F025 reports
    them), text boxes, and deleted text.
    """
    lines = []
    for p in tc.iter(f"{_W}p"):
        if _inside_other(p, tc):
            continue
        parts = []
        for r in p.iter(f"{_W}r"):
            if _inside_other(r, p):
                continue
            for child in r:
                if child.tag in _RUN_TEXT:
                    parts.append(child.text or "" if _RUN_TEXT[child.tag] is None else _RUN_TEXT[child.tag])
        lines.append("".join(parts).rstrip())
    return "\n".join(lines).strip()


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
