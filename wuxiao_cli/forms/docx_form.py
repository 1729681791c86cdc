"""Read form.docx: a table of label | value rows, found by label wherever they are."""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.forms.fields import FormSchema


def read_docx(path: Path, schema: FormSchema):
    """Return (raw values by key, per-key {'images','tables'} counts, embedded image count, unknown labels).

    Raises whatever python-docx raises on a broken file; the caller turns it into F002.
    """
    import docx  # python-docx: imported here so `wuxiao rules` stays fast

    document = docx.Document(str(path))
    values: dict[str, str] = {}
    media: dict[str, dict[str, int]] = {}
    unknown: list[str] = []
    for table in document.tables:
        for row in table.rows:
            cells = _unique_cells(row)
            i = 0
            while i < len(cells) - 1:
                key = schema.resolve(cells[i].text)
                if key is None:
                    label = cells[i].text.strip().split("\n", 1)[0]
                    if label and i == 0 and len(cells) == 2:
                        unknown.append(label)
                    i += 1
                    continue
                value_cell = cells[i + 1]
                if key not in values:
                    values[key] = _cell_text(value_cell)
                    media[key] = {"images": _count_images(value_cell._tc), "tables": len(value_cell.tables)}
                i += 2
    embedded = _count_images(document.element.body)
    return values, media, embedded, unknown


def _unique_cells(row) -> list:
    """Merged cells appear once per grid column in python-docx; keep each cell once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _cell_text(cell) -> str:
    """Paragraphs joined by line breaks; nested tables ignored here (reported by F025)."""
    return "\n".join(p.text.rstrip() for p in cell.paragraphs).strip()


def _count_images(element) -> int:
    return len(element.xpath(".//*[local-name()='drawing' or local-name()='pict' or local-name()='object']"))
