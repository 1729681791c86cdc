"""form.docx is read from its XML (ooxml.word_document + docx_form.table_rows), not through python-docx.

python-docx stays the oracle: the same part is found and parsed the same way, every row gives the same
cells (spans, merges down, cells missing at the start of a row), a damaged package fails the same way,
and a form saved again by LibreOffice reads the same fields.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO
from form_helpers import GOOD, docx_rows, write_docx
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from wuxiao_cli.forms.docx_form import read_docx, table_rows
from wuxiao_cli.ooxml import word_document
from wuxiao_cli.profile import load_profile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SCHEMA = load_profile("national-2024").form_schema
EXAMPLE_DOCX = sorted(REPO.glob("examples/**/*.docx"))


def tables_by_python_docx(path: Path) -> list[list[list[str]]]:
    """Each table's rows as python-docx lists their cells (each merged cell once), by XML path."""
    document = docx.Document(str(path))
    tree = document.element.getroottree()
    out = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if tree.getpath(cell._tc) not in cells:
                    cells.append(tree.getpath(cell._tc))
            rows.append(cells)
        out.append(rows)
    return out


def tables_by_reader(path: Path) -> list[list[list[str]]]:
    root = word_document(path)
    tree = root.getroottree()
    return [[[tree.getpath(tc) for tc in row] for row in table_rows(tbl)]
            for tbl in root.find(f"{{{W}}}body").findall(f"{{{W}}}tbl")]


def outcome(read, path: Path):
    try:
        return read(path)
    except Exception as exc:  # the failure's kind is compared, as F002 names it
        return type(exc).__name__


def same_as_python_docx(path: Path) -> None:
    assert etree.tostring(word_document(path)) == etree.tostring(docx.Document(str(path)).element)
    assert tables_by_reader(path) == tables_by_python_docx(path)


@pytest.mark.parametrize("path", EXAMPLE_DOCX, ids=[f"{p.parent.name}/{p.name}" for p in EXAMPLE_DOCX])
def test_example_documents_read_as_python_docx_reads_them(path):
    same_as_python_docx(path)


@pytest.mark.parametrize(("example", "profile_id"), [("good-project", "national-2024"),
                                                     ("flawed-project", "national-2024"),
                                                     ("roadshow-project", "roadshow-2024")])
def test_example_forms_give_their_fields(example, profile_id):
    values, _media, _embedded, unknown = read_docx(REPO / "examples" / example / "form.docx",
                                                   load_profile(profile_id).form_schema)
    assert len(values) >= 5 and all(isinstance(v, str) for v in values.values())
    assert unknown == []


@pytest.mark.parametrize("layout", [
    {},
    {"hmerge": [(0, 1, 2)]},
    {"vmerge": [(0, 1, 3)]},  # a label merged down over three rows
    {"vmerge": [(1, 0, 2)], "hmerge": [(3, 0, 1)]},
    {"table_in": (1, 1)},
])
def test_merged_and_nested_cells_as_python_docx(tmp_path, layout):
    rows = [[*r, "备注"] for r in docx_rows({k: GOOD[k] for k in ("name", "unit", "phone", "category")})]
    path = write_docx(tmp_path / "form.docx", rows, **layout)
    same_as_python_docx(path)


def test_a_picture_in_a_cell_is_counted(tmp_path):
    from factories import make_jpeg

    picture = make_jpeg(tmp_path / "p.jpg", width=64, height=48)
    path = write_docx(tmp_path / "form.docx", docx_rows({"name": GOOD["name"], "unit": GOOD["unit"]}),
                      picture_in=(0, 1), picture=picture)
    same_as_python_docx(path)
    _values, media, embedded, _unknown = read_docx(path, SCHEMA)
    assert media["name"]["images"] == 1 and embedded == 1


# One row of a random table: cells missing at its start (gridBefore), and cells that span columns
# (0 included: python-docx leaves such a cell out) or continue a merge from the row above ("bare":
# <w:vMerge/> without a value, which means continue). Most such tables do not line up (python-docx
# raises ValueError, and so must the reader), so regular grids with merges down are drawn as well.
MERGE = st.sampled_from([None, None, None, "restart", "continue", "bare"])
CELL = st.tuples(st.sampled_from([1, 1, 1, 2, 3, 0]), MERGE)
ROW = st.tuples(st.sampled_from([0, 0, 0, 1, 2]), st.lists(CELL, min_size=1, max_size=4))
TABLE = st.one_of(
    st.lists(ROW, min_size=1, max_size=5),
    st.integers(1, 4).flatmap(lambda width: st.lists(
        st.tuples(st.just(0), st.lists(st.tuples(st.just(1), MERGE), min_size=width, max_size=width)),
        min_size=1, max_size=5)).map(lambda rows: [(0, [(1, None)] * len(rows[0][1])), *rows]),
)


def table_xml(rows) -> str:
    out = []
    for r, (before, cells) in enumerate(rows):
        tcs = []
        for c, (span, merge) in enumerate(cells):
            props = (f'<w:gridSpan w:val="{span}"/>' if span != 1 else "") + \
                    {None: "", "bare": "<w:vMerge/>"}.get(merge, f'<w:vMerge w:val="{merge}"/>')
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{r}-{c}</w:t></w:r></w:p></w:tc>")
        trpr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
        out.append(f"<w:tr>{trpr}{''.join(tcs)}</w:tr>")
    return f'<w:tbl xmlns:w="{W}"><w:tblPr/><w:tblGrid/>{"".join(out)}</w:tbl>'


@settings(max_examples=60, deadline=None)
@given(rows=TABLE)
def test_any_merge_layout_gives_python_docxs_cells(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("layout") / "form.docx"
    document = docx.Document()
    document.element.body.insert(0, etree.fromstring(table_xml(rows)))
    document.save(str(path))
    assert outcome(tables_by_reader, path) == outcome(tables_by_python_docx, path)


def _rewrite(src: Path, dst: Path, change) -> Path:
    """``src`` with its members passed through ``change(name, data)`` (None drops the member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


DAMAGE = {
    "a Word template, not a document": lambda n, d: d.replace(b"document.main+xml", b"template.main+xml"),
    "no package relationships": lambda n, d: None if n == "_rels/.rels" else d,
    "main part missing": lambda n, d: None if n == "word/document.xml" else d,
    "main part not XML": lambda n, d: b"<w:document><unclosed>" if n == "word/document.xml" else d,
    "no content types": lambda n, d: None if n == "[Content_Types].xml" else d,
    "main part outside the package": lambda n, d: d.replace(b'Target="word/document.xml"',
                                                            b'Target="http://x.invalid/d.xml" TargetMode="External"'),
    "two main parts": lambda n, d: d if n != "_rels/.rels" else d.replace(
        b"</Relationships>", b'<Relationship Id="rX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_package_fails_as_with_python_docx(tmp_path, damage):
    good = write_docx(tmp_path / "good.docx", docx_rows({"name": GOOD["name"]}))
    bad = _rewrite(good, tmp_path / "form.docx", DAMAGE[damage])
    expected = outcome(lambda p: docx.Document(str(p)), bad)
    assert isinstance(expected, str), "python-docx read the damaged file"
    assert outcome(lambda p: read_docx(p, SCHEMA), bad) == expected


def test_a_form_saved_again_by_libreoffice_reads_the_same(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    rows = [[*r, "备注"] for r in docx_rows({k: GOOD[k] for k in ("name", "unit", "phone", "summary")})]
    original = write_docx(tmp_path / "in" / "form.docx", rows, vmerge=[(0, 2, 3)], hmerge=[(0, 1, 2)])
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(original)],
                          capture_output=True, timeout=240, check=False)
    resaved = tmp_path / "out" / "form.docx"
    if not resaved.is_file() and b"no export filter" in (done.stdout + done.stderr).lower():
        pytest.skip("LibreOffice Writer is not installed")
    assert resaved.is_file(), done.stderr.decode("utf-8", "replace")
    same_as_python_docx(resaved)
    assert read_docx(resaved, SCHEMA) == read_docx(original, SCHEMA)
    assert read_docx(original, SCHEMA)[0]["unit"] == GOOD["unit"]


def _renamed_main_part(good: Path, dst: Path, body: bytes | None = None) -> Path:
    """``good`` with its main part stored as word/document2.xml (as some Word versions name it)."""
    renames = {b'Target="word/document.xml"': b'Target="word/document2.xml"',
               b'"/word/document.xml"': b'"/word/document2.xml"'}
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/document.xml":
                name, data = "word/document2.xml", data if body is None else body
            for old, new in renames.items():
                data = data.replace(old, new) if name in ("_rels/.rels", "[Content_Types].xml") else data
            zout.writestr(name, data)
    return dst


def test_a_main_part_under_another_name_is_found_and_held_to_the_caps(tmp_path):
    from wuxiao_cli.ooxml import Refused

    good = write_docx(tmp_path / "good.docx", docx_rows({"name": GOOD["name"], "unit": GOOD["unit"]}))
    renamed = _renamed_main_part(good, tmp_path / "renamed.docx")
    same_as_python_docx(renamed)
    assert read_docx(renamed, SCHEMA)[0] == read_docx(good, SCHEMA)[0]
    flood = (f'<w:document xmlns:w="{W}"><w:body>'.encode() + b"<w:p/>" * 100_001 + b"</w:body></w:document>")
    with pytest.raises(Refused):
        read_docx(_renamed_main_part(good, tmp_path / "flood.docx", flood), SCHEMA)


def test_a_label_merged_down_thousands_of_rows_is_read_in_one_pass(tmp_path):
    """Bounded: merges are resolved from the row above, not by walking up (python-docx recurses, and fails)."""
    rows = [(0, [(1, "restart"), (1, None)])] + [(0, [(1, "continue"), (1, None)])] * 4999
    xml = table_xml(rows).replace("<w:t>0-0</w:t>", "<w:t>成果完成单位</w:t>")
    document = docx.Document()
    document.element.body.insert(0, etree.fromstring(xml))
    document.save(str(tmp_path / "form.docx"))
    values = read_docx(tmp_path / "form.docx", SCHEMA)[0]
    assert values["unit"].split("\n") == [f"{r}-1" for r in range(5000)]


def test_strict_open_xml_is_told_from_a_bounded_read(tmp_path, monkeypatch):
    """is_strict reads the package relationships and the start of the main part, no more: a Strict root
    pushed past ROOT_BYTES, or relationships over RELS_BYTES, are not looked for (False, not a hang)."""
    from factories import make_strict

    from wuxiao_cli.ooxml import RELS_BYTES, ROOT_BYTES, is_strict

    good = write_docx(tmp_path / "good.docx", docx_rows({"name": GOOD["name"]}))
    assert not is_strict(good)
    assert is_strict(make_strict(good, tmp_path / "strict.docx"))
    root_only = make_strict(good, tmp_path / "root-only.docx", parts=["word/document.xml"])
    assert is_strict(root_only)
    pushed = _rewrite(root_only, tmp_path / "pushed.docx", lambda n, d: d.replace(
        b"?>", b"?>" + b"<!--" + b" " * ROOT_BYTES + b"-->", 1) if n == "word/document.xml" else d)
    assert not is_strict(pushed)
    padded = _rewrite(tmp_path / "strict.docx", tmp_path / "big-rels.docx", lambda n, d: d.replace(
        b"<Relationships", b"<!--" + b" " * RELS_BYTES + b"--><Relationships", 1) if n == "_rels/.rels" else d)
    assert not is_strict(padded)
    monkeypatch.setattr("wuxiao_cli.ooxml.ROOT_BYTES", 2 * ROOT_BYTES)
    monkeypatch.setattr("wuxiao_cli.ooxml.RELS_BYTES", 2 * RELS_BYTES)
    assert is_strict(pushed) and is_strict(padded)  # the same files, read further
    assert not is_strict(_rewrite(good, tmp_path / "no-rels.docx", lambda n, d: None if n == "_rels/.rels" else d))
