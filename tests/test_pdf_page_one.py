"""Page 1 of a scanned PDF (one JPEG over the whole page, nothing else) is decoded straight from its JPEG
at the render's scale instead of drawn by pdfium (issue 16: ~5 ms against ~16 ms a scan); any other
page is drawn by pdfium, so that a vector or annotation seal is still seen."""

from __future__ import annotations

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from tests.factories import make_pdf_with_image, make_red_seal_jpeg
from wuxiao_cli.media import pdf
from wuxiao_cli.media.pdf import read_pdf, render_page_one
from wuxiao_cli.media.seal import find_red_seal


@pytest.fixture
def scanned(tmp_path):
    return make_pdf_with_image(tmp_path / "授权书.pdf", make_red_seal_jpeg(tmp_path / "scan.jpg"))


def rewritten(source, dest, change):
    writer = PdfWriter(clone_from=str(source))
    change(writer.pages[0])
    writer.write(str(dest))
    return dest


def test_a_scanned_page_is_its_jpeg_and_shows_the_seal_pdfium_shows(scanned):
    [picture] = pdf._scanned_page_one(PdfReader(str(scanned)))
    drawn, _pages = render_page_one(scanned)
    assert max(picture.size) >= 240 and picture.mode == "RGB"  # big enough for the report's thumbnail
    seal, seen = find_red_seal(picture), find_red_seal(drawn)
    assert seal is not None and seen is not None
    assert max(abs(a - b) for a, b in zip(seal, seen, strict=True)) < 0.03  # the same place on the page
    assert read_pdf(scanned, want_images=True).images[0].tobytes() == picture.tobytes()  # the fast path is taken


def test_anything_besides_the_picture_goes_to_pdfium(scanned, tmp_path):
    def vector_mark(page):
        contents = page.get_contents()
        contents.set_data(contents.get_data() + b"\n1 0 0 RG 4 w 100 100 m 160 160 l S\n")
        page.replace_contents(contents)

    def turned(page):
        page[NameObject("/Rotate")] = NumberObject(90)

    for change in (vector_mark, turned):
        other = rewritten(scanned, tmp_path / f"{change.__name__}.pdf", change)
        assert pdf._scanned_page_one(PdfReader(str(other))) == []
        facts = read_pdf(other, want_images=True)
        assert facts.error is None and facts.images  # drawn by pdfium instead
