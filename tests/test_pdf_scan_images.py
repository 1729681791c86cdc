"""A PDF scan's JPEG page is decoded at thumbnail scale (issue 16) and judged as pypdf's full decode is."""

from __future__ import annotations

from PIL import Image
from pypdf import PdfReader

from tests.factories import make_pdf_with_image, make_plain_scan_jpeg, make_red_seal_png
from wuxiao_cli.media import pdf as pdf_module
from wuxiao_cli.media.pdf import _plain_jpeg, read_pdf
from wuxiao_cli.media.seal import has_red_seal


def both_decodes(pdf):
    page = PdfReader(str(pdf)).pages[0]
    [key] = page.images.keys()
    fast = _plain_jpeg(page, key)
    full = page.images[key].image
    return fast, full


def test_sealed_and_plain_scans_judged_alike(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "_render_first_page", lambda path: ([], None))  # the embedded-image path itself
    for maker, sealed in ((make_red_seal_png, True), (make_plain_scan_jpeg, False)):
        pdf = make_pdf_with_image(tmp_path / f"{sealed}.pdf", maker(tmp_path / f"{sealed}-page"))
        fast, full = both_decodes(pdf)
        assert fast is not None and fast.mode == "RGB"
        assert has_red_seal(fast) == has_red_seal(full) == sealed
        [seen] = read_pdf(pdf, want_images=True).images
        assert max(seen.size) <= 600 and abs(seen.width / seen.height - full.width / full.height) < 0.02


def test_other_images_go_to_pypdf(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "_render_first_page", lambda path: ([], None))  # the embedded-image path itself
    page = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(page, "JPEG")
    pdf = tmp_path / "cmyk.pdf"
    with Image.open(page) as im:
        im.save(pdf, "PDF", resolution=150)
    reader_page = PdfReader(str(pdf)).pages[0]
    [key] = reader_page.images.keys()
    assert _plain_jpeg(reader_page, key) is None  # CMYK: not the fast path
    assert len(read_pdf(pdf, want_images=True).images) == 1  # still decoded, by pypdf


def test_a_rendered_first_page_is_not_decoded_twice(tmp_path):
    """pdfium draws page 1 (its scanned picture included): the picture is not decoded again by pypdf."""
    pdf = make_pdf_with_image(tmp_path / "sealed.pdf", make_red_seal_png(tmp_path / "sealed-page"))
    [seen] = read_pdf(pdf, want_images=True).images
    assert max(seen.size) <= 600 and has_red_seal(seen)
