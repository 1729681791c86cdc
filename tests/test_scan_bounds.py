"""Scans are decoded within bounds (SPEC §10): a huge PNG is refused with a warning, a kept picture is
small, a PDF page too complex to draw is not drawn, an oversized image is not called damaged."""

from __future__ import annotations

from PIL import Image, PngImagePlugin

from tests.media_helpers import check, of
from wuxiao_cli.media.image import read_image
from wuxiao_cli.media.scans import SCAN_MAX_PIXELS, SEAL_SIDE, read_scan


def png(path, size, mode="1"):
    """A PNG of zeros: ``size`` pixels that compress to a few KB (mode "1" keeps the writer's memory small)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size).save(path)
    return path


def test_a_png_scan_over_the_pixel_budget_is_not_decoded_and_says_so(tmp_path):
    scan = png(tmp_path / "authorization/授权书.png", (8000, 6000))  # 48 MP, over the 40 MP budget
    assert 8000 * 6000 > SCAN_MAX_PIXELS
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
    assert len(facts.images) == 1 and max(facts.images[0].size) == SEAL_SIDE
    assert facts.images[0].mode == "RGB"


def test_reading_a_png_header_does_not_decode_its_pixels(tmp_path, monkeypatch):
    scan = png(tmp_path / "a.png", (3000, 3000))
    decoded = []
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: decoded.append(self.size))
    facts = read_image(scan)
    assert (facts.width, facts.error, decoded) == (3000, None, [])
