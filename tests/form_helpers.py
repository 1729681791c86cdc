"""Helpers for the form tests: small project folders with a form, and checking only what they need.

``write_toml`` / ``write_json`` write a form file from a dict of SPEC §2.1 keys; ``write_docx``
writes a Word table from rows of cell texts (any number of columns, merges, a picture or nested
table in a cell). ``form_findings`` runs the real engine and keeps the F rules only: a test folder
holds just the files its rule needs, so the photo/video/... rules would only add noise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from tools.example_content import GOOD_FORM
from wuxiao_cli.engine import check_project
from wuxiao_cli.findings import Finding
from wuxiao_cli.profile import Profile, load_profile

#: A national-2024 form that passes every F rule (the good example's text).
GOOD: dict = dict(GOOD_FORM)


@cache
def national() -> Profile:
    return load_profile("national-2024")


def labels() -> dict[str, str]:
    """Field key → docx label, from the form schema."""
    return {k: s.label for k, s in national().form_schema.fields.items()}


# --------------------------------------------------------------------------- form files


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string literal is a TOML basic string


def toml_text(fields: Mapping) -> str:
    return "".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}\n" for k, v in fields.items())


def write_toml(folder: Path, fields: Mapping, name: str = "form.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(toml_text(fields), encoding="utf-8")
    return path


def write_json(folder: Path, fields, name: str = "form.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(fields, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def form_with(**changes) -> dict:
    """GOOD with some fields replaced; a value of None removes the field."""
    out = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def project(tmp_path: Path, folder_name: str = "p", **changes) -> Path:
    """A project folder holding only form.toml: GOOD with ``changes``."""
    folder = tmp_path / folder_name
    write_toml(folder, form_with(**changes))
    return folder


# --------------------------------------------------------------------------- docx


def write_docx(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    hmerge: Iterable[tuple[int, int, int]] = (),
    vmerge: Iterable[tuple[int, int, int]] = (),
    picture_in: tuple[int, int] | None = None,
    picture: Path | None = None,
    table_in: tuple[int, int] | None = None,
    paragraphs_before: Sequence[str] = ("职工“五小”创新成果申报表",),
) -> Path:
    """A Word document with one table; each row a list of cell texts (``\\n`` = a new paragraph).

    ``hmerge`` (row, first col, last col) merges cells across; the merged cell keeps the first
    cell's text. ``vmerge`` (col, first row, last row) merges down, keeping every cell's text
    in the merged cell as python-docx does. ``picture_in`` (row, col) puts ``picture`` inline in
    that cell; ``table_in`` (row, col) nests a 2×2 table in it.
    """
    import docx
    from docx.shared import Cm

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = docx.Document()
    for text in paragraphs_before:
        doc.add_paragraph(text)
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            lines = str(text).split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for r, a, b in hmerge:
        first = table.cell(r, a)
        for c in range(a + 1, b + 1):  # python-docx would join the texts: keep only the first
            table.cell(r, c).text = ""
        merged = first.merge(table.cell(r, b))
        for p in merged.paragraphs[len(str(rows[r][a]).split("\n")):]:
            p._p.getparent().remove(p._p)
    for c, a, b in vmerge:
        table.cell(a, c).merge(table.cell(b, c))
    if picture_in is not None:
        assert picture is not None
        table.cell(*picture_in).add_paragraph().add_run().add_picture(str(picture), width=Cm(3))
    if table_in is not None:
        inner = table.cell(*table_in).add_table(rows=2, cols=2)
        for r, (a, b) in enumerate((("序号", "数据"), ("1", "嵌套表格"))):
            inner.cell(r, 0).text = a
            inner.cell(r, 1).text = b
    doc.save(str(path))
    return path


def docx_rows(fields: Mapping[str, object]) -> list[list[str]]:
    """2-column rows (label | value) for a dict of field keys; lists joined with 、."""
    names = labels()
    out = []
    for key, value in fields.items():
        if isinstance(value, list):
            value = "\n".join(f"{v['name']}：{v['honor']}" for v in value) if value and isinstance(value[0], dict) \
                else "、".join(value)
        out.append([names.get(key, key), str(value)])
    return out


# --------------------------------------------------------------------------- checking


def findings(folder: Path, prefix: str = "F") -> list[Finding]:
    """Findings of the rules whose ID starts with ``prefix`` for the project at ``folder``."""
    return [f for f in check_project(folder, national()).findings if f.rule.startswith(prefix)]


def rules_of(found: Iterable[Finding]) -> list[str]:
    return sorted(f.rule for f in found)


def only(found: Iterable[Finding], rule: str) -> list[Finding]:
    return [f for f in found if f.rule == rule]


def load(folder: Path) -> dict | None:
    """The form dict the loader reads for the project at ``folder``."""
    from wuxiao_cli.project import Project

    return Project(folder, national()).form.data


# --------------------------------------------------------------------------- text of a given 字数


def han(n: int, start: int = 0) -> str:
    """``n`` distinct-looking common Han characters (each 1 字), no digits, no 等 at the end."""
    pool = "改进工艺提高效率降低成本保障安全优化结构减少损耗稳定质量缩短周期便于推广实训教学设备维护"
    return "".join(pool[(start + i) % len(pool)] for i in range(n))


def text_of(n: int, *, number: bool = False) -> str:
    """Plain text of exactly ``n`` 字; with ``number`` its last 字 is the number 20."""
    return han(n - 1) + "20" if number else han(n)


def points_of(n: int, parts: int = 3) -> str:
    """Text of exactly ``n`` 字 set out in ``parts`` numbered points ("1." counts 1 字, as a run)."""
    body = n - parts  # each marker "k." is one run
    sizes = [body // parts + (1 if i < body % parts else 0) for i in range(parts)]
    return "\n".join(f"{i + 1}.{han(s, start=i)}" for i, s in enumerate(sizes))


def benefits_of(n: int) -> str:
    """经济效益 / 社会效益 text of exactly ``n`` 字 in points (each heading is 4 字 + "：")."""
    head = "经济效益：\n1.", "\n社会效益：\n2."
    fixed = 5 + 1 + 5 + 1  # two headings with their colons, two markers
    rest = n - fixed
    a, b = rest // 2, rest - rest // 2
    return f"{head[0]}{han(a)}{head[1]}{han(b, start=3)}"
