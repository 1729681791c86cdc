"""The HTML report in a real browser: headless Chromium loads it without console errors and draws the thumbnails."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from browser_helpers import chromium
from conftest import invoke_cli
from PIL import Image, ImageStat

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def _thumbs_drawn(driver) -> int:
    """Scroll each thumbnail into view, screenshot it, and count those with real (non-blank) pixels."""
    from selenium.webdriver.common.by import By

    drawn = 0
    for img in driver.find_elements(By.CSS_SELECTOR, ".thumb img"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0
        with Image.open(io.BytesIO(img.screenshot_as_png)) as shot:
            stat = ImageStat.Stat(shot.convert("L"))
            if shot.width >= 60 and stat.stddev[0] > 8:  # a blank or broken image is one flat colour
                drawn += 1
    return drawn


@pytest.mark.parametrize("example, projects", [("examples/flawed-project", 1), ("examples/batch", 5)])
def test_report_renders_with_thumbnails_and_no_console_errors(browser, tmp_path, example, projects):
    out = tmp_path / "报告.html"
    proc = invoke_cli("check", "--quiet", example, "--report", str(out))
    assert out.is_file(), proc.stderr
    browser.get(Path(out).resolve().as_uri())
    assert browser.execute_script("return document.querySelectorAll('section.project').length") == projects
    thumbs = browser.execute_script("return document.querySelectorAll('.thumb img').length")
    assert thumbs >= 3 * projects
    assert _thumbs_drawn(browser) == thumbs
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_phone_width_has_no_sideways_scroll(browser, tmp_path):
    out = tmp_path / "r.html"
    invoke_cli("check", "--quiet", "examples/flawed-project", "--report", str(out))
    browser.set_window_size(390, 844)
    try:
        browser.get(out.resolve().as_uri())
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        browser.set_window_size(1100, 1400)
