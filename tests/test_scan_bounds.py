"""Scans are decoded within bounds (SPEC §10): a huge PNG is refused with a warning, a kept picture is
small, a PDF page too complex to draw is not drawn, an oversized image is not called damaged."""

from __future__ import annotations

import io
import struct
import threading
import zlib

import pytest
from PIL import Image, PngImagePlugin

from tests.factories import pdf_bytes
from tests.media_helpers import check, of
from wuxiao_cli.media import pdf as pdf_module
from wuxiao_cli.media.image import WHOLE_DECODE_PIXELS, read_image
from wuxiao_cli.media.pdf import MAX_CONTENT_BYTES, read_pdf, render_page_one
from wuxiao_cli.media.scans import SEAL_SIDE, read_scan
from wuxiao_cli.report.gallery import card


def png(path, size, mode="1"):
    """A PNG of zeros: ``size`` pixels that compress to a few KB (mode "1" keeps the writer's memory small)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size).save(path)
    return path


def test_a_png_scan_over_the_pixel_budget_is_not_decoded_and_says_so(tmp_path):
    scan = png(tmp_path / "authorization/授权书.png", (8000, 6000))  # 48 MP, over the 40 MP budget
    assert 8000 * 6000 > WHOLE_DECODE_PIXELS
    kind, facts = read_scan(scan)
    assert (kind, facts.error, facts.images) == ("png", None, [])  # readable, but not decoded
    found = of(check(tmp_path), "D003")
    assert [(f.severity, f.file) for f in found] == [("warning", "authorization/授权书.png")]
    assert "像素尺寸过大（8000×6000" in found[0].message and "无法查找公章" in found[0].message
    assert "300 dpi" in str(found[0].hint)
    assert of(check(tmp_path), "D002") == []


def test_a_png_scan_within_the_budget_keeps_only_a_reduced_picture(tmp_path):
    scan = png(tmp_path / "a.png", (2480, 3508), "RGB")  # A4 at 300 dpi
    facts = read_scan(scan)[1]
    assert len(facts.images) == 1 and facts.images[0].size == (SEAL_SIDE, 849)  # short side, as a JPEG's draft
    assert facts.images[0].mode == "RGB"


def test_reading_a_png_header_does_not_decode_its_pixels(tmp_path, monkeypatch):
    scan = png(tmp_path / "a.png", (3000, 3000))
    decoded = []
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: decoded.append(self.size))
    facts = read_image(scan)
    assert (facts.width, facts.error, decoded) == (3000, None, [])


def flate_pdf(path, content: bytes, form: bytes | None = None):
    """A one-page A4 PDF whose content stream (and, with ``form``, a form XObject it draws) is Flate:
    a stream of repeated operators compresses a thousandfold."""
    path.parent.mkdir(parents=True, exist_ok=True)
    packed = zlib.compress(content, 9)
    resources = b"/Resources << /XObject << /Fm0 6 0 R >> >>" if form is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + resources + b" /Contents 5 0 R >>",
        b"<< >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    if form is not None:
        packed_form = zlib.compress(form, 9)
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Filter /FlateDecode >>"
                       b"\nstream\n" % len(packed_form) + packed_form + b"\nendstream")
    path.write_bytes(pdf_bytes(objects))
    return path


def assert_not_drawn(project, scan):
    facts = read_pdf(scan, want_images=True)
    assert (facts.pages, facts.error, facts.images, facts.unsearched) == (1, None, [], "complex")
    assert render_page_one(scan) is None  # the report's thumbnail does not draw it either
    found = check(project)
    assert of(found, "D002") == []
    [d003] = of(found, "D003")
    assert d003.severity == "warning" and "PDF 第 1 页内容过于复杂，未渲染，无法查找公章" in d003.message
    assert "重新扫描" in str(d003.hint)


def test_a_pdf_page_of_too_many_operators_is_not_drawn(tmp_path):
    ops = b"0 0 m 595 842 l S\n" * 100_000  # 300,000 operators in 1.8 MB: under the byte cap, over the count
    assert len(ops) < MAX_CONTENT_BYTES
    assert_not_drawn(tmp_path, flate_pdf(tmp_path / "authorization/授权书.pdf", ops))


def test_a_pdf_page_drawing_a_form_of_64_mb_is_not_drawn(tmp_path):
    bomb = b" " * (64 * 2**20)  # 64 MB of spaces, 64 KB compressed, in a form the page draws
    assert_not_drawn(tmp_path, flate_pdf(tmp_path / "authorization/授权书.pdf", b"/Fm0 Do\n", bomb))


def test_an_ordinary_vector_page_is_weighed_and_drawn(tmp_path):
    ops = b"0.86 0.08 0.12 RG 5 w 100 100 m 200 200 l S\n" * 1000
    facts = read_pdf(flate_pdf(tmp_path / "a.pdf", b"/Fm0 Do\n", ops), want_images=True)
    assert (facts.unsearched, len(facts.images)) == (None, 1)


def test_a_page_one_render_past_the_time_limit_is_abandoned(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "_abandoned", [])  # the abandoned render stops pdfium for this process only
    monkeypatch.setenv("WUXIAO_MEDIA_TIMEOUT", "0.2")
    gate = threading.Event()
    monkeypatch.setattr(pdf_module, "_render", lambda path, side: gate.wait(10))  # pdfium stuck on a page
    try:
        facts = read_pdf(flate_pdf(tmp_path / "a.pdf", b"0 0 m 10 10 l S\n"), want_images=True)
    finally:
        gate.set()
    assert (facts.error, facts.images, facts.unsearched) == (None, [], "complex")


def huge_dims_jpeg(path):
    """A small JPEG whose frame header claims 65535×65535 pixels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = b"\xff\xff\xff\xff"  # height, width
    path.write_bytes(bytes(data))
    return path


def text_bomb_png(path):
    """A valid small PNG with a zTXt chunk that inflates to 16 MB (Pillow refuses past 1 MB)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buf, "PNG")
    data = buf.getvalue()
    body = b"zTXt" + b"Comment\x00\x00" + zlib.compress(b"\x00" * (16 * 2**20), 9)
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    after_header = 8 + 25  # signature, IHDR
    path.write_bytes(data[:after_header] + chunk + data[after_header:])
    return path


def test_an_oversized_or_bomb_scan_is_said_to_be_so_not_damaged(tmp_path):
    huge_dims_jpeg(tmp_path / "authorization/huge.jpg")
    text_bomb_png(tmp_path / "authorization/bomb.png")
    found = {f.file: f.message for f in of(check(tmp_path), "D002")}
    assert set(found) == {"authorization/huge.jpg", "authorization/bomb.png"}
    assert "像素尺寸过大（65535×65535" in found["authorization/huge.jpg"]
    for message in found.values():
        assert "为安全起见未读取" in message and "损坏" not in message and "传输中断" not in message


# The Jiangsu and roadshow seal rules say why as D003 does (media.scans.seal_problems), not "没有找到公章"

def _says_unsearched(message: str, hint) -> None:
    assert "无法查找公章" in message and "没有找到红色圆形公章" not in message, message
    assert "重新扫描" in str(hint) or "300 dpi" in str(hint), hint


def test_jiangsu_s021_on_a_nomination_pdf_too_complex_to_draw(tmp_path):
    from tests.jiangsu_helpers import check as check_jiangsu
    from tests.jiangsu_helpers import make_project

    root = make_project(tmp_path / "p")
    flate_pdf(root / "attachments" / "1-提名书.pdf", b"0 0 m 595 842 l S\n" * 100_000)
    [s021] = [f for f in check_jiangsu(root).findings if f.rule == "S021"]
    assert (s021.severity, s021.file) == ("warning", "attachments/1-提名书.pdf")
    _says_unsearched(s021.message, s021.hint)


def test_jiangsu_j011_on_a_letter_png_over_the_pixel_budget(tmp_path):
    from tests.jiangsu_helpers import profile, run_batch, write_nominator
    from wuxiao_cli.engine import Batch

    write_nominator(tmp_path)
    png(tmp_path / "nominator" / "1-提名函.png", (8000, 6000))
    [(severity, problem)] = [(s, p) for rid, s, p in run_batch(Batch(profile(), [], tmp_path)) if rid == "J011"]
    assert severity == "warning" and "nominator/1-提名函.png 像素尺寸过大（8000×6000" in problem.message.zh
    _says_unsearched(problem.message.zh, problem.hint)


def test_roadshow_r008_on_a_report_table_png_over_the_pixel_budget(tmp_path):
    import shutil

    from tests.roadshow_helpers import EXAMPLE
    from tests.roadshow_helpers import check as check_roadshow

    root = shutil.copytree(EXAMPLE, tmp_path / "p")
    shutil.rmtree(root / "report-table")
    png(root / "report-table" / "报送表.png", (8000, 6000))
    result = check_roadshow(root)
    [r008] = [f for f in result.findings if f.rule == "R008"]
    assert (r008.severity, r008.file) == ("warning", "report-table/报送表.png")
    _says_unsearched(r008.message, r008.hint)
    assert [f for f in result.findings if f.rule == "R007"] == []


def test_a_png_photo_over_the_pixel_budget_gets_no_thumbnail_and_says_why(tmp_path, monkeypatch):
    photo = png(tmp_path / "photos/big.png", (10950, 10950))  # 120 MP, 36 KB: ~480 MB once decoded to RGB
    decoded = []
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: decoded.append(self.size))
    made = card(photo, "photos/big.png", photo.stat().st_size)
    assert (made.thumb, decoded) == (None, [])
    assert "10950×10950 像素" in made.facts
    assert "图片过大（超过 40 百万像素），为安全起见未生成预览；另存为 JPG 即可预览" in made.facts
    scan = card(photo, "authorization/big.png", photo.stat().st_size, seal=True)  # a scan's card says the same
    assert (scan.thumb, decoded) == (None, []) and made.facts == scan.facts


@pytest.mark.parametrize("mode", ["RGB", "P", "RGBA"])
def test_a_png_photo_within_the_budget_still_gets_its_thumbnail(tmp_path, mode):
    photo = png(tmp_path / "photos/a.png", (3000, 2000), mode)
    made = card(photo, "photos/a.png", photo.stat().st_size)
    assert made.thumb and made.thumb.startswith("data:image/jpeg;base64,")
    assert not any("未生成预览" in fact for fact in made.facts)
