"""附件4 ③: intro.docx read three ways, and R001–R004/R006 with the 200/201 and 300/301 字 bounds."""

from __future__ import annotations

import zipfile

import pytest
from roadshow_helpers import check, findings, rule_ids, write_form, write_intro, zi

from wuxiao_cli.forms.intro_docx import read_intro
from wuxiao_cli.profile import load_profile

LAYOUTS = ("headings", "labelled", "table")
KEYS = ["mentor_intro", "video_intro"]


@pytest.fixture(scope="module")
def schema():
    return load_profile("roadshow-2024").form_schema


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reader_finds_both_sections_whatever_the_layout(tmp_path, schema, layout):
    mentor, video = zi(150), zi(250)
    path = write_intro(tmp_path / "intro.docx", layout, mentor, video)
    got = read_intro(path, schema, KEYS)
    assert got.found == set(KEYS)
    assert "".join(got.values["mentor_intro"].split()) == mentor
    assert "".join(got.values["video_intro"].split()) == video


def test_reader_labelled_paragraph_continues_and_numbered_headings(tmp_path, schema):
    import docx

    document = docx.Document()
    document.add_paragraph("一、导师简介：张伟，高级技师。")
    document.add_paragraph("从事焊接二十年。")
    document.add_paragraph("（二）视频简介（300字以内）")
    document.add_paragraph("视频展示焊接夹具。")
    document.add_heading("附：其他说明", level=2)
    document.add_paragraph("这一段不属于视频简介。")
    path = tmp_path / "intro.docx"
    document.save(str(path))
    got = read_intro(path, schema, KEYS)
    assert got.values == {"mentor_intro": "张伟，高级技师。\n从事焊接二十年。", "video_intro": "视频展示焊接夹具。"}


def test_reader_ignores_body_text_that_merely_mentions_a_label(tmp_path, schema):
    path = write_intro(tmp_path / "intro.docx", "labelled", "我的导师简介写在下面：不算标签", None)
    got = read_intro(path, schema, KEYS)
    assert "video_intro" not in got.found
    assert got.values["mentor_intro"].startswith("我的导师简介")


def _project(tmp_path, layout, mentor, video, **form):
    root = tmp_path / "p"
    write_form(root, **form)
    write_intro(root / "intro.docx", layout, mentor, video)
    return root


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("mentor_n", "video_n", "over"), [
    (200, 300, []), (201, 300, ["mentor_intro"]), (200, 301, ["video_intro"]), (201, 301, ["mentor_intro", "video_intro"]),
])
def test_r004_bounds(tmp_path, layout, mentor_n, video_n, over):
    result = check(_project(tmp_path, layout, zi(mentor_n), zi(video_n)))
    hits = findings(result, "R004")
    assert [f.field for f in hits] == over
    assert all(f.file == "intro.docx" and f.severity == "error" and f.clause == "附件4 ③" for f in hits)
    for f in hits:
        n, limit = (201, 200) if f.field == "mentor_intro" else (301, 300)
        assert f"{n} 字" in f.message and f"上限 {limit} 字" in f.message
    assert [r for r in rule_ids(result, "R") if r != "R004"] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_good_intro_gives_no_r_findings(tmp_path, layout):
    assert rule_ids(check(_project(tmp_path, layout, zi(120), zi(260))), "R") == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_r003_section_absent(tmp_path, layout):
    hits = findings(check(_project(tmp_path, layout, zi(120), None)), "R003")
    assert [(f.field, f.file) for f in hits] == [("video_intro", "intro.docx")]
    assert "没有找到「视频简介」" in hits[0].message


@pytest.mark.parametrize("layout", LAYOUTS)
def test_r003_section_blank(tmp_path, layout):
    hits = findings(check(_project(tmp_path, layout, "", zi(100))), "R003")
    assert [f.field for f in hits] == ["mentor_intro"]
    assert "为空" in hits[0].message


def test_r001_no_intro_anywhere_and_lookalike_hint(tmp_path):
    root = tmp_path / "p"
    write_form(root)
    result = check(root)
    assert [(f.rule, f.file) for f in result.findings if f.rule.startswith("R")] == [("R001", None)]
    (root / "导师简介和视频简介.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    hit = findings(check(root), "R001")[0]
    assert "导师简介和视频简介.doc" in hit.hint and "intro.docx" in hit.hint


def test_intro_in_the_form_instead_of_intro_docx(tmp_path):
    root = tmp_path / "p"
    write_form(root, 导师简介=zi(200), 视频简介=zi(300))
    assert rule_ids(check(root), "R") == []
    write_form(root, 导师简介=zi(201), 视频简介=zi(300))
    hits = findings(check(root), "R004")
    assert [(f.field, f.file) for f in hits] == [("mentor_intro", "form.json")]


def test_r003_form_holds_one_intro_and_there_is_no_intro_docx(tmp_path):
    root = tmp_path / "p"
    write_form(root, 导师简介=zi(50))
    result = check(root)
    assert rule_ids(result, "R") == ["R003"]
    assert findings(result, "R003")[0].field == "video_intro"


def test_r002_renamed_and_damaged_intro(tmp_path):
    root = tmp_path / "p"
    write_form(root)
    (root / "intro.docx").write_text("导师简介：张伟", encoding="utf-8")
    result = check(root)
    assert rule_ids(result, "R") == ["R002"]  # R001/R003 stay quiet: R002 says why nothing was read
    assert "不是真正的 Word .docx" in findings(result, "R002")[0].message
    good = write_intro(tmp_path / "good.docx", "labelled", zi(10), zi(10))
    data = good.read_bytes()
    with zipfile.ZipFile(good) as z:
        assert "word/document.xml" in z.namelist()
    # Keep the zip signature but cut the central directory: sniffed as a zip, unopenable by python-docx.
    (root / "intro.docx").write_bytes(data[: len(data) // 2])
    result = check(root)
    assert rule_ids(result, "R") == ["R002"]
    assert findings(result, "R002")[0].file == "intro.docx"


def test_r006_differing_copies_warn(tmp_path):
    root = _project(tmp_path, "labelled", zi(120), zi(200), 导师简介=zi(119))
    hits = findings(check(root), "R006")
    assert [(f.field, f.severity) for f in hits] == [("mentor_intro", "warning")]
    same = _project(tmp_path / "same", "labelled", zi(120), zi(200), 导师简介=zi(120))
    assert findings(check(same), "R006") == []


def test_r002_a_strict_intro_is_named_with_how_to_save_it_again(tmp_path):
    from factories import make_strict

    root = tmp_path / "p"
    write_form(root)
    make_strict(write_intro(tmp_path / "good.docx", "labelled", zi(10), zi(10)), root / "intro.docx")
    result = check(root)
    (f,) = findings(result, "R002")
    assert "Strict Open XML 文档" in f.message and "损坏" not in f.message and "Strict" in f.hint
