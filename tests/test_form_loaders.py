"""Form loaders (SPEC §2, §2.1): form.docx, form.toml and form.json give the same dict; bad forms are F001/F002."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from report_schema import loads_report
from typer.testing import CliRunner

from tests.factories import make_docx_form, make_jpeg, make_strict
from tests.form_helpers import (
    GOOD,
    docx_rows,
    findings,
    labels,
    load,
    rules_of,
    toml_text,
    write_docx,
    write_json,
    write_toml,
)
from wuxiao_cli.forms import TEXT_FORM_BYTES
from wuxiao_cli.syntax import JSON_HOW, TOML_HOW

CRAFTSMEN = [{"name": "周建国", "honor": "江苏工匠"}, {"name": "王磊", "honor": "淮安市技术能手"}]

#: The content every loader variant below holds, as SPEC §2.1 keys with list fields as lists.
CONTENT = {**GOOD, "completers": ["周建国", "李晓梅", "王磊", "陈志远"], "craftsmen": CRAFTSMEN}


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict:
    """What form.toml with the plain SPEC keys loads to; every other variant must equal it."""
    folder = tmp_path_factory.mktemp("expected")
    write_toml(folder, CONTENT)
    data = load(folder)
    assert data is not None
    return data


def test_expected_dict_has_every_field_in_its_shape(expected):
    assert set(expected) == set(labels())
    assert expected["completers"] == ["周建国", "李晓梅", "王磊", "陈志远"]
    assert expected["craftsmen"] == CRAFTSMEN
    assert expected["summary"] == GOOD["summary"] and expected["summary"].count("\n") == 4
    assert expected["phone"] == "0517-83561234"


def _by_label(fields: dict) -> dict:
    return {labels()[k]: v for k, v in fields.items()}


def _variant_toml_labels(folder: Path) -> None:
    write_toml(folder, _by_label(CONTENT))


def _variant_toml_strings(folder: Path) -> None:
    """Lists written the way people type them: one string, 、-separated / one 姓名：荣誉 a line."""
    fields = {**CONTENT, "completers": "周建国、李晓梅，王磊; 陈志远",
              "craftsmen": "周建国：江苏工匠\n王磊:淮安市技术能手\n"}
    write_toml(folder, fields)


def _variant_toml_multiline(folder: Path) -> None:
    text = toml_text({k: v for k, v in CONTENT.items() if k != "summary"})
    text += 'summary = """\n' + GOOD["summary"] + '\n"""\n'
    (folder / "form.toml").write_text(text, encoding="utf-8")


def _variant_toml_bom(folder: Path) -> None:
    (folder / "form.toml").write_bytes(b"\xef\xbb\xbf" + toml_text(CONTENT).encode("utf-8"))


def _variant_json_keys(folder: Path) -> None:
    write_json(folder, CONTENT)


def _variant_json_labels(folder: Path) -> None:
    fields = _by_label(CONTENT)
    fields["成果简介（500字以内）"] = fields.pop("成果简介")  # a label with its hint, as copied from the notice
    fields["*联系电话："] = fields.pop("联系电话")
    fields["craftsmen"] = [{"姓名": c["name"], "荣誉": c["honor"]} for c in CRAFTSMEN]
    del fields["工匠荣誉获得者"]
    write_json(folder, fields)


def _variant_docx_plain(folder: Path) -> None:
    make_docx_form(folder / "form.docx", dict(docx_rows(CONTENT)))


def _variant_docx_tolerant(folder: Path) -> None:
    """Labels decorated the way Word forms are: colons, * marks, spaces, hints; extra rows."""
    rows = docx_rows(CONTENT)
    decorate = {
        "创新成果名称": "*创新成果名称：", "成果简介": "成果简介（500字以内）", "联系电话": "联系电话:",
        "成果类别": "成 果 类 别", "第一完成人简介": "＊第一完成人简介（不超过100字）：",
        "成果目标/解决的关键问题": "成果目标/解决的关键问题\n（100字左右，需有技术指标数据）",
        "所属上级工会": "【必填】所属上级工会 ：", "是否为新质生产力": "是否为新质生产力（是/否）",
    }
    rows = [[decorate.get(label, label), value] for label, value in rows]
    rows.insert(0, ["填表说明", "请如实填写，带*为必填项"])
    rows.insert(5, ["", ""])
    rows.append(["备注", "无"])
    make_docx_form(folder / "form.docx", dict(rows))


def _variant_docx_four_columns(folder: Path) -> None:
    """label | value | label | value rows, and long fields in a value cell merged across 3 columns."""
    rows = docx_rows(CONTENT)
    short = [r for r in rows if r[0] in ("联系电话", "成果类别", "所属上级工会", "是否为新质生产力", "成果完成单位")]
    long = [r for r in rows if r not in short]
    grid = [["职工“五小”创新成果申报表", "", "", ""]]
    grid += [[*a, *b] for a, b in zip(short[0::2], short[1::2], strict=False)]
    grid.append([*short[-1], "", ""])
    merges = [(0, 0, 3)]
    for label, value in long:
        merges.append((len(grid), 1, 3))
        grid.append([label, value, "", ""])
    write_docx(folder / "form.docx", grid, hmerge=merges)


def _variant_docx_label_merged_down(folder: Path) -> None:
    """A label cell merged down over two rows, each row holding part of the value."""
    rows = docx_rows({k: v for k, v in CONTENT.items() if k != "benefits"})
    economic, social = GOOD["benefits"].split("\n社会效益：\n")
    at = len(rows)
    rows += [["经济效益和社会效益", economic], ["", "社会效益：\n" + social]]
    write_docx(folder / "form.docx", rows, vmerge=[(0, at, at + 1)])


VARIANTS = {
    "toml-labels": _variant_toml_labels,
    "toml-strings": _variant_toml_strings,
    "toml-multiline": _variant_toml_multiline,
    "toml-bom": _variant_toml_bom,
    "json-keys": _variant_json_keys,
    "json-labels": _variant_json_labels,
    "docx-plain": _variant_docx_plain,
    "docx-tolerant": _variant_docx_tolerant,
    "docx-four-columns": _variant_docx_four_columns,
    "docx-label-merged-down": _variant_docx_label_merged_down,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_form_format_gives_the_same_dict(tmp_path, expected, variant):
    folder = tmp_path / variant
    folder.mkdir()
    VARIANTS[variant](folder)
    assert load(folder) == expected
    assert rules_of(findings(folder)) == ["F026"]  # the craftsmen listed have no craftsman/ folder here


def test_docx_multi_paragraph_cell_keeps_line_breaks(tmp_path):
    make_docx_form(tmp_path / "form.docx", {"成果创新点": "1. 第一条\n\n2. 第二条\n3. 第三条"})
    assert load(tmp_path)["innovation"] == "1. 第一条\n\n2. 第二条\n3. 第三条"


def test_docx_first_filled_row_wins_over_an_empty_duplicate(tmp_path):
    """A template's leftover empty row with the same label must not hide the filled one."""
    make_docx_form(tmp_path / "form.docx", {"创新成果名称": ""}, extra_rows=[("创新成果名称", GOOD["name"])])
    assert load(tmp_path)["name"] == GOOD["name"]


def test_docx_text_in_tracked_insertions_and_content_controls_is_read(tmp_path):
    """Word keeps tracked insertions in <w:ins> and form fields in <w:sdt>: both are the cell's text."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    document = docx.Document(str(path))
    rows = {r.cells[0].text: r.cells[1] for r in document.tables[0].rows}
    name_cell, unit_cell = rows["创新成果名称"], rows["成果完成单位"]
    name_cell.paragraphs[0]._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2024-05-01T00:00:00Z"><w:r><w:t>（修订）</w:t></w:r></w:ins>'))
    tc = unit_cell._tc
    for p in list(tc.iterchildren("{*}p")):
        tc.remove(p)
    tc.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>{GOOD["unit"]}</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.save(str(path))
    data = load(tmp_path)
    assert data["name"] == GOOD["name"] + "（修订）"
    assert data["unit"] == GOOD["unit"]


def _in_content_control(element) -> None:
    """Wrap ``element`` (a python-docx oxml table, row or cell) in a content control, where it stands."""
    from docx.oxml import OxmlElement

    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(OxmlElement("w:sdtPr"))
    sdt.append(content)
    element.addprevious(sdt)
    content.append(element)


def _in_layout_table(document, tbl) -> None:
    """Move ``tbl`` into the single cell of a new 1×1 table standing where it stood (a layout table)."""
    outer = document.add_table(rows=1, cols=1)._tbl
    tbl.addprevious(outer)
    outer.tr_lst[0].tc_lst[0].p_lst[0].addprevious(tbl)  # a cell ends with a paragraph, as Word writes it


def test_docx_form_table_in_a_content_control_is_read(tmp_path):
    """Word form templates often lock the whole table in a content control: w:sdt → w:sdtContent → w:tbl."""
    import docx

    path = make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    plain = load(tmp_path)
    document = docx.Document(str(path))
    _in_content_control(document.tables[0]._tbl)
    document.save(str(path))
    assert docx.Document(str(path)).tables == []  # python-docx itself sees no table in the body now
    assert load(tmp_path) == plain
    assert rules_of(findings(tmp_path)) == []


def test_docx_rows_and_cells_in_content_controls_are_read(tmp_path):
    """A repeating section wraps rows in a content control (w:tbl → w:sdt → w:tr), a locked cell its w:tc."""
    import docx

    path = make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    plain = load(tmp_path)
    document = docx.Document(str(path))
    rows = {r.cells[0].text: r for r in document.tables[0].rows}
    section = rows["联系电话"]._tr
    _in_content_control(section)
    section.getparent().append(rows["成果类别"]._tr)  # two rows in one repeating section
    _in_content_control(rows["成果完成单位"].cells[1]._tc)
    _in_content_control(rows["所属上级工会"].cells[0]._tc)  # the label cell
    document.save(str(path))
    assert load(tmp_path) == plain
    assert rules_of(findings(tmp_path)) == []


def test_docx_form_table_nested_in_layout_tables_is_read_to_a_bounded_depth(tmp_path):
    """A form nested in layout tables is read MAX_NESTING levels down, not deeper; a table nested in a
    value cell stays that field's content (F025 counts it) and its rows are not form rows."""
    import docx

    from wuxiao_cli.forms.docx_form import MAX_NESTING

    path = make_docx_form(tmp_path / "form.docx", dict(docx_rows({**GOOD, "phone": ""})))
    plain = load(tmp_path)
    document = docx.Document(str(path))
    rows = {r.cells[0].text: r.cells[1] for r in document.tables[0].rows}
    inner = rows["成果简介"].add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "联系电话", "13812345678"  # not the form's 联系电话 row
    form = document.tables[0]._tbl
    for _ in range(MAX_NESTING):
        _in_layout_table(document, form)
    document.save(str(path))
    assert load(tmp_path) == plain and "phone" not in plain
    _in_layout_table(document, document.tables[0]._tbl)
    document.save(str(path))
    assert load(tmp_path) == {}


def test_docx_tables_read_are_capped(tmp_path, monkeypatch):
    """At most MAX_TABLES tables are read: the form after that many tables is not looked for."""
    import docx

    from wuxiao_cli.forms import docx_form

    monkeypatch.setattr(docx_form, "MAX_TABLES", 3)
    path = make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    document = docx.Document(str(path))
    form = document.tables[0]._tbl
    for _ in range(2):
        form.addprevious(document.add_table(rows=1, cols=1)._tbl)
    _in_content_control(form)
    document.save(str(path))
    assert load(tmp_path)["name"] == GOOD["name"]  # the third table, inside a content control
    form.getparent().getparent().addprevious(document.add_table(rows=1, cols=1)._tbl)
    document.save(str(path))
    assert load(tmp_path) == {}


def test_unknown_docx_labels_are_collected(tmp_path):
    from tests.form_helpers import national
    from wuxiao_cli.project import Project

    make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)), extra_rows=[("填表日期", "2024年5月")])
    assert Project(tmp_path, national()).form.unknown_labels == ["填表日期"]


def test_scalar_values_in_toml_become_text(tmp_path):
    write_toml(tmp_path, {**GOOD, "phone": 13812345678, "new_quality": True})
    data = load(tmp_path)
    assert data["phone"] == "13812345678" and data["new_quality"] == "是"
    assert "F015" not in rules_of(findings(tmp_path))


# --------------------------------------------------------------------------- F001 / F002


def _junk_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "not a Word document")


def _broken_docx_xml(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><unclosed>")


BROKEN = {
    "zip-of-junk.docx": ("form.docx", _junk_zip, "ZIP"),
    "ole2-doc-renamed.docx": (
        "form.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)), "旧版 Office"),
    "zero-byte.docx": ("form.docx", lambda p: p.write_bytes(b""), "0 字节"),
    "broken-xml.docx": ("form.docx", _broken_docx_xml, "无法作为 Word 文档打开"),
    "toml-syntax-error": ("form.toml", lambda p: p.write_text('name = "未闭合\nunit = 1\n', encoding="utf-8"),
                          "语法错误"),
    "json-list": ("form.json", lambda p: p.write_text(json.dumps([GOOD], ensure_ascii=False), encoding="utf-8"),
                  "顶层"),
    "json-syntax-error": ("form.json", lambda p: p.write_text("{'name': 1}", encoding="utf-8"), "语法错误"),
    "zero-byte.json": ("form.json", lambda p: p.write_bytes(b""), "语法错误"),
    "gbk-toml": ("form.toml", lambda p: p.write_bytes(toml_text(GOOD).encode("gbk")), "GBK"),
    "utf16-toml": ("form.toml", lambda p: p.write_text(toml_text(GOOD), encoding="utf-16"), "UTF-16"),  # Notepad's "Unicode"
    "deeply-nested-json": ("form.json", lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "嵌套过深"),
    "toml-nested-too-deep": ("form.toml", lambda p: p.write_text("a = " + "[" * 100_000 + "]" * 100_000), "嵌套过深"),
}


@pytest.mark.parametrize("name", ["form.json", "form.toml"])
def test_a_form_nested_too_deep_is_said_in_chinese_with_a_hint_for_its_format(tmp_path, name):
    """200,000 [ deep: the file's structure is refused, in the clerk's words and with how to write the format,
    not "无法读取（RecursionError）" with the hint for a Word document."""
    text = "[" * 200_000 + "]" * 200_000
    (tmp_path / name).write_text(text if name.endswith("json") else f"a = {text}\n", encoding="utf-8")
    (f,) = findings(tmp_path)
    assert f.rule == "F002" and f.message.startswith(f"{name} 表单文件异常（结构嵌套过深）")
    assert "RecursionError" not in f.message and "Word" not in f.hint and "docx" not in f.hint
    assert (JSON_HOW if name.endswith("json") else TOML_HOW).zh in f.hint and f"用记事本打开 {name}" in f.hint


@pytest.mark.parametrize("case", list(BROKEN))
def test_unreadable_form_is_f002_without_traceback(tmp_path, case):
    name, write, says = BROKEN[case]
    write(tmp_path / name)
    found = findings(tmp_path)
    assert rules_of(found) == ["F002"], [(f.rule, f.message) for f in found]
    (f,) = found
    assert f.severity == "error" and f.file == name
    assert says in f.message
    assert "Traceback" not in f.message and "程序出错" not in f.message
    if case.endswith("-toml"):  # an encoding: how to save it as UTF-8
        assert "UTF-8" in f.hint and "另存为" in f.hint


@pytest.mark.parametrize("text, line, says", [
    ('name = "未闭合\nunit = 1\n', 1, "第 12 列，字符串没有闭合"),
    ('name = "甲"\nunit\n', 2, "第 5 列，缺少“=”"),
    ('name = "甲"\nunit = 单位\n', 2, "第 8 列，值的写法不对"),
    ('name = "甲"\nname = "乙"\n', 2, "第 11 列，同一个键写了两次"),
])
def test_form_toml_syntax_error_is_told_in_chinese_with_its_line(tmp_path, text, line, says):
    (tmp_path / "form.toml").write_text(text, encoding="utf-8")
    (f,) = findings(tmp_path)
    assert f.rule == "F002" and f.message.startswith(f"form.toml 语法错误：第 {line} 行{says}")
    assert f"改正 form.toml 第 {line} 行" in f.hint and "另存为" not in f.hint


@pytest.mark.parametrize("parts", [None, ("word/document.xml",)], ids=["as-word-saves-it", "main-part-only"])
def test_strict_open_xml_form_is_f002_naming_the_format_and_how_to_save_again(tmp_path, parts):
    """Word's 另存为 "Strict Open XML 文档": the package relationships (or only the main part's root)
    in purl.oclc.org/ooxml namespaces. Not "may be damaged": the format and the steps to save it again."""
    good = make_docx_form(tmp_path / "src" / "form.docx", dict(docx_rows(GOOD)))
    make_strict(good, tmp_path / "p" / "form.docx", parts=parts)
    (f,) = findings(tmp_path / "p")
    assert (f.rule, f.severity, f.file) == ("F002", "error", "form.docx")
    assert "Strict Open XML 文档" in f.message and "损坏" not in f.message
    assert "另存为" in f.hint and "Word 文档(*.docx)" in f.hint and "WPS" in f.hint


def test_a_strict_form_under_another_name_is_f002_not_no_form(tmp_path):
    """申报表.docx saved as Strict: its labels cannot be read, but it is there; F001 "no form" would send
    the worker looking for a file they have. A readable labelled .docx beside it is the form."""
    good = make_docx_form(tmp_path / "src" / "form.docx", dict(docx_rows(GOOD)))
    make_strict(good, tmp_path / "p" / "申报表.docx")
    (f,) = findings(tmp_path / "p")
    assert (f.rule, f.file) == ("F002", "申报表.docx") and "Strict Open XML 文档" in f.message
    shutil.copyfile(good, tmp_path / "p" / "成果申报表-张三.docx")
    assert findings(tmp_path / "p") == []


def test_unreadable_form_exits_1_with_a_report_not_a_traceback(tmp_path):
    from wuxiao_cli.cli import app

    (tmp_path / "form.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = loads_report(result.stdout)
    assert "F002" in [f["rule"] for f in report["projects"][0]["findings"]]


def test_two_form_files_are_f002_not_a_guess(tmp_path):
    write_toml(tmp_path, GOOD)
    make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    found = findings(tmp_path)
    assert rules_of(found) == ["F002"]
    assert "2 个表单文件" in found[0].message
    assert "form.docx" in found[0].message and "form.toml" in found[0].message
    assert load(tmp_path) is None


def test_three_form_files_are_one_f002(tmp_path):
    write_toml(tmp_path, GOOD)
    write_json(tmp_path, GOOD)
    make_docx_form(tmp_path / "form.docx", dict(docx_rows(GOOD)))
    found = findings(tmp_path)
    assert rules_of(found) == ["F002"] and "3 个表单文件" in found[0].message


def test_no_form_is_f001_only(tmp_path):
    write_toml(tmp_path / "sub", GOOD)  # a form in a sub-folder is not the project's form
    found = findings(tmp_path)
    assert rules_of(found) == ["F001"]
    assert found[0].severity == "error" and "form.docx" in found[0].message


def test_doc_in_the_forms_place_is_f030_only(tmp_path):
    (tmp_path / "申报书.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    found = findings(tmp_path)
    assert rules_of(found) == ["F030"] and "申报书.doc" in found[0].message
    assert found[0].severity == "error" and "另存为" in found[0].hint


@pytest.mark.parametrize("target, name, said", [("odt", "form.odt", "OpenDocument 文本 (.odt)"),
                                                ("odt", "申报表.odt", "OpenDocument 文本 (.odt)"),
                                                ("rtf", "form.rtf", "RTF 富文本")])
def test_form_saved_as_odt_or_rtf_is_f030_not_f001(tmp_path, target, name, said):
    """The good form.docx saved by LibreOffice as .odt / .rtf (a clerk's 另存为 in LibreOffice or WPS)."""
    from tests.office_helpers import convert

    made = convert(make_docx_form(tmp_path / "src" / "form.docx", dict(docx_rows(GOOD))), tmp_path / "lo", target)
    project = tmp_path / "p"
    project.mkdir()
    made.rename(project / name)
    found = findings(project)
    assert rules_of(found) == ["F030"] and found[0].file == name
    assert found[0].message == f"{name} 是 {said} 格式，表单需要 .docx 才能读取"
    assert "LibreOffice" in found[0].hint and "Word 2007-365 (.docx)" in found[0].hint


def test_office_lock_file_is_ignored(tmp_path):
    write_toml(tmp_path, GOOD)
    (tmp_path / "~$form.docx").write_bytes(b"\x00lock")
    assert rules_of(findings(tmp_path)) == []
    (tmp_path / "form.toml").unlink()
    assert rules_of(findings(tmp_path)) == ["F001"]


def test_form_file_name_is_matched_case_insensitively(tmp_path):
    write_toml(tmp_path, GOOD, name="Form.TOML")
    assert load(tmp_path) is not None
    assert rules_of(findings(tmp_path)) == []


def test_picture_and_table_counts_are_kept_per_field(tmp_path):
    from tests.form_helpers import national
    from wuxiao_cli.project import Project

    pic = make_jpeg(tmp_path / "src" / "pic.jpg", width=64, height=48)
    rows = docx_rows(GOOD)
    at = [r[0] for r in rows].index("成果简介")
    write_docx(tmp_path / "p" / "form.docx", rows, picture_in=(at, 1), picture=pic,
               table_in=(at + 2, 1))
    form = Project(tmp_path / "p", national()).form
    assert form.cell_media["summary"] == {"images": 1, "tables": 0}
    assert form.cell_media["background"] == {"images": 0, "tables": 1}
    assert form.embedded_images == 1
    assert form.data["summary"] == GOOD["summary"]


@pytest.mark.parametrize("name", ["form.toml", "form.json"])
def test_a_text_form_over_its_size_cap_is_f002_too_large_and_not_parsed(tmp_path, name):
    """A 3 MB form.toml/json (one field pasted over and over) is refused before parsing: the size, the
    limit and a fix, not 20 s of parsing and F020 on a 14-million-字 field."""
    fields = {**GOOD, "background": "成果背景" * 260_000}  # 3 MB of UTF-8
    (write_toml if name == "form.toml" else write_json)(tmp_path, fields, name)
    size = (tmp_path / name).stat().st_size
    assert size > TEXT_FORM_BYTES
    found = findings(tmp_path)
    assert rules_of(found) == ["F002"], [(f.rule, f.message) for f in found]  # not parsed: no F020 on 成果背景
    (f,) = found
    assert f.severity == "error" and f.file == name
    assert f.message.startswith(f"{name} 表单文件异常（过大）：文件 {size * 100 // 2**20 / 100:.2f} MB（{size:,} 字节），"
                                "超过上限 2 MB（2,097,152 字节），未读取")
    assert f"用记事本打开 {name}" in f.hint and "Word" not in f.hint


def test_a_text_form_just_under_the_cap_is_read(tmp_path):
    fields = {**GOOD, "background": "背景" * 300_000}  # 1.8 MB: over every 字数 limit, but a form
    write_toml(tmp_path, fields)
    assert (tmp_path / "form.toml").stat().st_size < TEXT_FORM_BYTES
    assert "F002" not in rules_of(findings(tmp_path))
