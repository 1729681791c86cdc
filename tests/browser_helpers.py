"""Headless Chromium through Debian's chromedriver, for the tests that need a real browser."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

# Debian's name first (.ci/run installs Debian's chromium, so CI finds it); the others are what Ubuntu and
# Google Chrome install on a developer's machine, so the browser tests run there too
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")


@contextmanager
def chromium(downloads: Path | None = None, size: str = "1100,1400"):
    """A fresh headless browser (own profile, no network extras); files it downloads go to ``downloads``."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("no Chromium/chromedriver installed (.ci/run installs Debian's chromium)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as profile:
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                    f"--window-size={size}", "--hide-scrollbars"):
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        if downloads is not None:
            opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                   "download.prompt_for_download": False})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        try:
            if downloads is not None:
                driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
            yield driver
        finally:
            driver.quit()
