"""隐藏文字 (a run with <w:vanish/>) in a real .docx is neither counted in 字数 nor read as a field's value:
Word's 字数统计 and a printed PDF leave it out, and templates hide their instructions so (F013, R004)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from form_helpers import docx_rows, findings, form_with, han, labels, load, only, write_docx
from roadshow_helpers import check as roadshow_check
from roadshow_helpers import write_form, write_intro, zi

from wuxiao_cli.wordcount import count_zi

HIDDEN = "（填写说明：不超过一百字，写明姓名单位职务工种荣誉）"  # hidden after the visible text


def _hide_after(path, starts: str, hidden: str, val: str | None = None) -> None:
    """Append a run of ``hidden`` text, formatted 隐藏文字, to the paragraph of ``path`` starting ``starts``."""
    document = docx.Document(str(path))
    paragraphs = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    paragraph = next(p for p in [*document.paragraphs, *paragraphs] if p.text.startswith(starts))
    run = paragraph.add_run(hidden)
    run.font.hidden = True  # <w:vanish/>
    if val is not None:
        run._r.rPr.find(qn("w:vanish")).set(qn("w:val"), val)
    document.save(str(path))


def _national(tmp_path, intro: str):
    folder = tmp_path / "p"
    write_docx(folder / "form.docx", docx_rows(form_with(first_completer_intro=intro)))
    return folder


def test_hidden_text_is_not_counted_or_read(tmp_path):
    visible = han(90)
    folder = _national(tmp_path, visible)
    _hide_after(folder / "form.docx", visible, HIDDEN)
    assert load(folder)["first_completer_intro"] == visible
    assert only(findings(folder), "F013") == []


@pytest.mark.parametrize("val", ["0", "false", "off"])
def test_vanish_turned_off_is_shown_and_counted(tmp_path, val):
    visible = han(90)
    folder = _national(tmp_path, visible)
    _hide_after(folder / "form.docx", visible, HIDDEN, val=val)
    (f,) = only(findings(folder), "F013")
    assert f.message.startswith(f"{labels()['first_completer_intro']} {90 + count_zi(HIDDEN)} 字，超出上限 100 字")


@pytest.mark.parametrize("layout", ["labelled", "table"])
def test_roadshow_intro_leaves_hidden_text_out(tmp_path, layout):
    root = tmp_path / "rs"
    write_form(root)
    mentor = zi(190)
    write_intro(root / "intro.docx", layout, mentor, zi(250))
    _hide_after(root / "intro.docx", mentor if layout == "table" else "导师简介：", HIDDEN)
    assert [f.field for f in roadshow_check(root).findings if f.rule == "R004"] == []
