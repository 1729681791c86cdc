"""Bounded memory and time on hostile files (issue 11): each reproduction runs the real CLI under a
1 GB address-space limit and a 30 s wall limit (tests/hostile.py), and ends in a finding."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests import factories
from tests.hostile import assert_clean, rewrite_document_xml, run_limited, with_bzip2_bomb
from tests.pack_helpers import copy_project
from wuxiao_cli.ooxml import Caps, Refused, check_package

FIELDS = {"创新成果名称": "手术器械清洗篮自动翻转装置的研制与应用", "成果完成单位": "北京市第一人民医院设备科"}


def check_json(proj: Path) -> tuple[list[dict], str]:
    proc = run_limited("check", proj, "--format", "json")
    assert_clean(proc)
    return json.loads(proc.stdout)["projects"][0]["findings"], proc.stderr


def with_docx_form(passing_project: Path, dest: Path) -> Path:
    proj = copy_project(passing_project, dest)
    (proj / "form.toml").unlink()
    factories.make_docx_form(proj / "form.docx", FIELDS)
    return proj


def f002(findings: list[dict]) -> list[str]:
    return [f["message"] for f in findings if f["rule"] == "F002"]


def test_bzip2_bomb_named_jpg_in_photos(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    fake = proj / "photos" / "侧视图.jpg"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    with_bzip2_bomb(fake)
    findings, _ = check_json(proj)
    assert any(f["rule"] == "P003" and f["file"] == "photos/侧视图.jpg" for f in findings)


def test_bzip2_bomb_member_in_form_docx(passing_project, tmp_path):
    proj = with_docx_form(passing_project, tmp_path / "p")
    with_bzip2_bomb(proj / "form.docx")
    findings, _ = check_json(proj)
    assert any("表单文件异常（格式异常）" in m and "压缩方式" in m for m in f002(findings))


def test_bzip2_bomb_member_in_quizbank(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    with_bzip2_bomb(proj / "quizbank.xlsx")
    check_json(proj)  # a verdict, not a blow-up (the quiz reader never opens the bomb member)


def test_grid_span_of_two_billion_is_f002(passing_project, tmp_path):
    proj = with_docx_form(passing_project, tmp_path / "p")
    rewrite_document_xml(proj / "form.docx",
                         lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2147483647"/>', 1))
    findings, _ = check_json(proj)
    assert any("表单文件异常（过大）" in m and "2147483647" in m for m in f002(findings))


def test_ordinary_grid_span_is_read(passing_project, tmp_path):
    proj = with_docx_form(passing_project, tmp_path / "p")
    rewrite_document_xml(proj / "form.docx",
                         lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2"/>', 1))
    check_package(proj / "form.docx")  # under every cap


def test_paragraph_flood_is_f002(passing_project, tmp_path):
    """document.xml inflating to ~120 MB of <w:p/> (a few hundred KB on disk)."""
    proj = with_docx_form(passing_project, tmp_path / "p")
    form = proj / "form.docx"
    with zipfile.ZipFile(form) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            if name != "word/document.xml":
                zf.writestr(name, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            with zf.open(name, "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                for _ in range(120):
                    out.write(b"<w:p/>" * 174_763)  # ~1 MB
                out.write(tail)
    assert form.stat().st_size < 2_000_000
    findings, _ = check_json(proj)
    assert any("表单文件异常（过大）" in m for m in f002(findings))


def _docx_with(tmp_path: Path, body: str) -> Path:
    path = factories.make_docx_form(tmp_path / "f.docx", FIELDS)
    return rewrite_document_xml(path, lambda xml: re.sub(rb"<w:body>.*</w:body>", f"<w:body>{body}</w:body>".encode(),
                                                         xml, flags=re.S))


@pytest.mark.parametrize(("what", "element"), [("paragraphs", "<w:p/>"), ("rows", "<w:tbl><w:tr/></w:tbl>"),
                                               ("cells", "<w:tbl><w:tr><w:tc/></w:tr></w:tbl>")])
def test_count_caps_on_both_sides(tmp_path, what, element):
    caps = Caps(**{what: 10})
    check_package(_docx_with(tmp_path, element * 10), caps=caps)
    with pytest.raises(Refused):
        check_package(_docx_with(tmp_path, element * 11), caps=caps)


def test_span_cap_on_both_sides(tmp_path):
    cell = '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{}"/></w:tcPr></w:tc></w:tr></w:tbl>'
    check_package(_docx_with(tmp_path, cell.format(64)))
    with pytest.raises(Refused):
        check_package(_docx_with(tmp_path, cell.format(65)))


def test_declared_part_size_cap(tmp_path):
    path = factories.make_docx_form(tmp_path / "f.docx", FIELDS)
    check_package(path, caps=Caps(part=1 << 20))
    with pytest.raises(Refused):
        check_package(path, caps=Caps(part=100))


def _stts_bomb(path: Path) -> Path:
    """A real H.264 MP4 whose stts box claims 0x7FFFFFFF entries (MediaInfo then works for a minute)."""
    factories.make_mp4(path, seconds=1.0, width=320, height=180)
    data = bytearray(path.read_bytes())
    at = data.find(b"stts")
    assert at > 0
    data[at + 8:at + 12] = (0x7FFFFFFF).to_bytes(4, "big")  # after type (4) and version/flags (4)
    path.write_bytes(bytes(data))
    return path


def test_slow_media_read_becomes_a_timeout_finding(passing_project, tmp_path):
    proj = copy_project(passing_project, tmp_path / "p")
    _stts_bomb(proj / "videos" / "装置演示.mp4")
    proc = run_limited("check", proj, "--format", "json", env={"WUXIAO_MEDIA_TIMEOUT": "4"})
    assert_clean(proc)
    findings = json.loads(proc.stdout)["projects"][0]["findings"]
    assert any(f["rule"] == "V003" and "读取超时" in f["message"] and f["file"] == "videos/装置演示.mp4"
               for f in findings), findings


def test_ordinary_video_is_read_within_the_limit(passing_project, tmp_path):
    proc = run_limited("check", passing_project, "--format", "json", env={"WUXIAO_MEDIA_TIMEOUT": "4"})
    assert_clean(proc)
    findings = json.loads(proc.stdout)["projects"][0]["findings"]
    assert not any(f["rule"] == "V003" for f in findings)


def test_bzip2_bomb_as_shared_strings_in_quizbank(passing_project, tmp_path):
    """The member openpyxl really reads, compressed with bzip2 and inflating to 2 GiB."""
    proj = copy_project(passing_project, tmp_path / "p")
    bank = proj / "quizbank.xlsx"
    with zipfile.ZipFile(bank) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist() if i.filename != "xl/sharedStrings.xml"]
    with zipfile.ZipFile(bank, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    with_bzip2_bomb(bank, "xl/sharedStrings.xml")
    findings, _ = check_json(proj)
    assert any(f["rule"] == "Q002" and "工作簿异常" in f["message"] for f in findings), findings
    fixed = run_limited("fix", proj, "-o", tmp_path / "out")
    assert_clean(fixed)
