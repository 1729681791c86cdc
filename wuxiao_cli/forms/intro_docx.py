"""Read a Word document that holds a few form fields as sections (附件4 ③: 导师简介, 视频简介).

People lay such a document out in three ways; all three are read:
  - a heading line (``导师简介``, ``一、导师简介（200字以内）``) followed by paragraphs;
  - a labelled paragraph (``导师简介：张伟，高级技师……``), possibly continued by more paragraphs;
  - a table row (``导师简介 | 张伟，高级技师……``).
A section runs until the next label or the next Word heading. Labels are matched like the
form's (tolerant of numbering, colons, spaces and bracketed hints) against the fields' labels
and aliases in the form schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.forms.docx_form import table_rows, visible_text
from wuxiao_cli.forms.fields import FormSchema, normalise_label

# 一、 / 1. / （一） / (1) / 第一部分： at the start of a heading line
_NUMBERING = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十\d]{1,3}\s*[、.．)）])\s*")
_COLON = re.compile(r"[:：]")
MAX_LABEL_CHARS = 20  # a labelled paragraph's label sits in its first few characters


@dataclass
class IntroText:
    """The sections found, by field key; ``found`` also holds sections whose text is blank."""

    values: dict[str, str] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)


class _Labels:
    def __init__(self, schema: FormSchema, keys: list[str]):
        self.keys = set(keys)
        self.schema = schema

    def match(self, text: str) -> str | None:
        key = self.schema.resolve(_NUMBERING.sub("", text, count=1))
        return key if key in self.keys else None

    def split(self, text: str) -> tuple[str, str] | None:
        """(key, rest) for a heading (``导师简介``) or a labelled line (``导师简介：……``), else None."""
        line = text.strip()
        if not line:
            return None
        first_line = line.split("\n", 1)[0]
        if len(normalise_label(first_line)) <= MAX_LABEL_CHARS + 4 and (key := self.match(first_line)):
            if not _COLON.search(first_line) or _COLON.split(first_line, maxsplit=1)[1].strip() == "":
                return key, line[len(first_line):].strip()
        m = _COLON.search(line)
        if m and m.start() <= MAX_LABEL_CHARS and (key := self.match(line[: m.start()])):
            return key, line[m.end():].strip()
        return None


def read_intro(path: Path, schema: FormSchema, keys: list[str]) -> IntroText:
    """The sections of ``path`` named by ``keys``. Raises whatever python-docx raises on a broken file."""
    from wuxiao_cli.ooxml import open_docx  # python-docx, after the size caps; imported here for speed

    document = open_docx(path)
    labels = _Labels(schema, keys)
    out = IntroText()
    _read_paragraphs(document.paragraphs, labels, out)
    for table in document.tables:
        _read_table(table, labels, out)
    return out


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.lower().startswith(("heading", "title", "标题"))


def _read_paragraphs(paragraphs, labels: _Labels, out: IntroText) -> None:
    current: str | None = None
    parts: list[str] = []

    def close() -> None:
        if current is not None and current not in out.found:
            out.found.add(current)
            text = "\n".join(p for p in parts if p).strip()
            if text:
                out.values[current] = text

    for paragraph in paragraphs:
        text = visible_text(paragraph._p)  # not python-docx's .text: that keeps 隐藏文字
        hit = labels.split(text)
        if hit is not None:
            close()
            current, parts = hit[0], [hit[1]]
        elif _is_heading(paragraph) and text:
            close()
            current, parts = None, []
        elif current is not None:
            parts.append(text)
    close()


def _read_table(table, labels: _Labels, out: IntroText) -> None:
    for row in table_rows(table._tbl):  # each merged cell once, as in the form
        for i, tc in enumerate(row):
            text = visible_text(tc)
            if (key := labels.match(text.split("\n", 1)[0])) is not None and key not in out.found:
                if i + 1 < len(row):
                    value = "\n".join(line.strip() for line in visible_text(row[i + 1]).split("\n") if line.strip())
                    out.found.add(key)
                    if value:
                        out.values[key] = value
                break
            if (hit := labels.split(text)) is not None and hit[0] not in out.found:
                out.found.add(hit[0])  # one cell holding 导师简介：……
                if hit[1]:
                    out.values[hit[0]] = hit[1]
