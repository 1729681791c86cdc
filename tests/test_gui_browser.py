"""`wuxiao gui` end to end in headless Chromium: type a path, see the report, fix, pack, download.

The server is the real one (uvicorn on 127.0.0.1, a free port); the examples are copied first so the
app's outputs (…-修复, packages) land in a temporary folder.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from browser_helpers import chromium
from conftest import REPO, invoke_cli
from openpyxl import load_workbook

from wuxiao_cli.gui.picker import Recent
from wuxiao_cli.gui.server import bind_loopback, make_server

pytestmark = pytest.mark.slow


@pytest.fixture
def app_url(tmp_path):
    sock = bind_loopback(0)
    server, keys = make_server(sock, recent=Recent(tmp_path / "recent.json"), opener=lambda _p: None)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield keys.url()
    server.should_exit = True
    thread.join(10)
    server.wuxiao_app.state.cleanup()
    sock.close()


def wait_for(what, limit: float = 180):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if result := what():
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def downloaded(folder: Path, suffix: str) -> Path:
    """The finished download (Chromium writes .crdownload until it is complete)."""
    return wait_for(lambda: next((p for p in folder.iterdir() if p.suffix == suffix), None), 60)


def check_from_page(driver, base: str, path: Path) -> str:
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    field = driver.find_element(By.ID, "path")
    field.clear()
    field.send_keys(str(path))
    driver.find_element(By.ID, "check").click()
    return wait_for(lambda: driver.find_elements(By.ID, "summary") and driver.find_element(By.ID, "summary").text)


def test_the_app_end_to_end(tmp_path, app_url):
    from selenium.webdriver.common.by import By

    work = tmp_path / "材料"
    for name in ("flawed-project", "good-project", "batch"):
        shutil.copytree(REPO / "examples" / name, work / name)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    base = app_url.split("/?")[0]
    with chromium(downloads) as driver:
        driver.get(app_url)  # the URL the terminal printed, token and all
        assert "开始检查" in driver.page_source and "token" not in driver.current_url

        summary = check_from_page(driver, base, work / "flawed-project")
        assert "1 个不通过" in summary
        driver.switch_to.frame(driver.find_element(By.ID, "report"))
        assert driver.execute_script("return document.querySelectorAll('.thumb img').length") >= 3
        assert driver.execute_script("return [...document.querySelectorAll('.thumb img')].every(i => i.naturalWidth > 0)")
        assert "P0" in driver.find_element(By.TAG_NAME, "body").text  # the findings, with their rule IDs
        driver.switch_to.default_content()
        driver.find_element(By.ID, "fix").click()
        wait_for(lambda: "修复结果写在" in driver.find_element(By.ID, "lines").text)
        assert (work / "五小-输出" / "flawed-project-修复").is_dir()

        assert "1 个通过" in check_from_page(driver, base, work / "good-project")
        driver.find_element(By.ID, "pack").click()
        link = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#files a"))[0]
        link.click()
        package = downloaded(downloads, ".zip")
        assert invoke_cli("verify", str(package)).returncode == 0

        assert "5 个项目" in check_from_page(driver, base, work / "batch")
        driver.find_element(By.ID, "xlsx").click()
        book = load_workbook(downloaded(downloads, ".xlsx"), read_only=True)
        assert len(book.sheetnames) >= 2
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
