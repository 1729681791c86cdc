"""`wuxiao gui` end to end in headless Chromium: type a path, see the report, fix, pack, download.

The server is the real one (uvicorn on 127.0.0.1, a free port); the examples are copied first so the
app's outputs (…-修复, packages) land in a temporary folder.
"""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_helpers import chromium
from conftest import REPO, invoke_cli
from openpyxl import load_workbook

from wuxiao_cli.gui.picker import Recent
from wuxiao_cli.gui.server import bind_loopback, make_server

pytestmark = pytest.mark.slow


@contextmanager
def serving(tmp_path, **app_options):
    """The URL (with token) of a real server on a free port, stopped and cleaned up afterwards."""
    sock = bind_loopback(0)
    app_options.setdefault("opener", lambda _p: None)
    server, keys = make_server(sock, recent=Recent(tmp_path / "recent.json"), **app_options)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield keys.url()
    finally:
        server.should_exit = True
        thread.join(10)
        server.wuxiao_app.state.cleanup()
        sock.close()


@pytest.fixture
def app_url(tmp_path):
    with serving(tmp_path) as url:
        yield url


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


LAPTOP = "1366,768"  # the clerk's laptop: the browser's own bars leave about 625 px of page


def in_view(driver, element) -> bool:
    """Shown, with text, and wholly inside the window without scrolling."""
    return bool(element.is_displayed() and element.text.strip() and driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;", element))


def test_a_failing_button_says_why_inside_the_laptop_window(tmp_path):
    """The message of a failed press is next to the button, not below the report or the next section,
    and the earlier press's lines are gone."""
    from selenium.webdriver.common.by import By

    from wuxiao_cli.ops import OpError

    def opener(path):
        raise OpError(f"无法打开文件夹，请在资源管理器中打开：{path}")

    shutil.copytree(REPO / "examples" / "good-project", tmp_path / "good-project")
    with serving(tmp_path, opener=opener) as url, chromium(size=LAPTOP) as driver:
        base = url.split("/?")[0]
        driver.get(url)
        field = driver.find_element(By.ID, "path")
        field.send_keys(str(tmp_path / "没有这个文件夹"))
        driver.find_element(By.ID, "check").click()
        message = wait_for(lambda: "找不到" in driver.find_element(By.ID, "msg-check").text
                           and driver.find_element(By.ID, "msg-check"))
        assert in_view(driver, message), message.rect

        driver.execute_script("scrollTo(0, document.body.scrollHeight)")  # the lower section, as a clerk scrolls
        driver.find_element(By.ID, "quiz-path").send_keys(str(tmp_path / "题库.txt"))
        driver.find_element(By.ID, "quiz").click()
        message = wait_for(lambda: "xlsx" in driver.find_element(By.ID, "msg-new").text
                           and driver.find_element(By.ID, "msg-new"))
        assert in_view(driver, message) and "error" in message.get_attribute("class")
        assert driver.find_element(By.ID, "msg-check").text == ""  # the earlier message went

        check_from_page(driver, base, tmp_path / "good-project")
        driver.find_element(By.ID, "open").click()
        message = wait_for(lambda: "无法打开文件夹" in driver.find_element(By.ID, "msg-job").text
                           and driver.find_element(By.ID, "msg-job"))
        assert in_view(driver, message), message.rect
        assert str(tmp_path) in message.text and "工具已关闭" not in message.text


def test_a_stopped_or_restarted_tool_is_said_in_chinese(tmp_path):
    from selenium.webdriver.common.by import By

    with chromium(size=LAPTOP) as driver:
        with serving(tmp_path) as url:
            driver.get(url)
            port = url.split(":")[2].split("/")[0]
            driver.add_cookie({"name": f"wuxiao_token_{port}", "value": "an-earlier-launch"})  # as after a restart
            driver.find_element(By.ID, "check").click()
            message = wait_for(lambda: "重新启动" in driver.find_element(By.ID, "msg-check").text
                               and driver.find_element(By.ID, "msg-check"))
            assert message.text == "工具已重新启动：请用启动窗口里的新网址打开" and in_view(driver, message)
        driver.find_element(By.ID, "check").click()  # the tool has stopped
        message = wait_for(lambda: "连接不上" in driver.find_element(By.ID, "msg-check").text
                           and driver.find_element(By.ID, "msg-check"))
        assert "重新双击 wuxiao 启动" in message.text and "Failed" not in message.text


def test_enter_starts_the_check_and_the_drop_zone_offers_a_file_chooser(tmp_path, app_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    project = tmp_path / "good-project"
    shutil.copytree(REPO / "examples" / "good-project", project)
    archive = Path(shutil.make_archive(str(tmp_path / "收到的成果"), "zip", tmp_path, "good-project"))
    base = app_url.split("/?")[0]
    with chromium(size=LAPTOP) as driver:
        driver.get(app_url)
        driver.find_element(By.ID, "path").send_keys(str(project) + Keys.ENTER)
        assert "1 个通过" in wait_for(lambda: driver.find_elements(By.ID, "summary")
                                      and driver.find_element(By.ID, "summary").text)

        driver.get(base + "/")
        chooser = driver.find_element(By.ID, "archive")
        assert chooser.get_attribute("accept") == ".zip,.7z,.rar"
        driver.execute_script("arguments[0].addEventListener('click', (e) => { window.chose = true; e.preventDefault(); })",
                              chooser)
        driver.find_element(By.ID, "drop").click()
        assert driver.execute_script("return window.chose") is True  # a click on the zone opens the chooser
        chooser.send_keys(str(archive))  # what the clerk picks in it
        assert "1 个通过" in wait_for(lambda: driver.find_elements(By.ID, "summary")
                                      and driver.find_element(By.ID, "summary").text)
        assert "收到的成果.zip" in driver.find_element(By.CSS_SELECTOR, ".given").text


def test_phone_width_keeps_the_new_project_buttons_readable(app_url):
    """390 px: each button stays on one line (it was squeezed to a column of single characters)."""
    from selenium.webdriver.common.by import By

    with chromium(size="390,844") as driver:
        # headless Chromium keeps windows at least 500 px wide: the phone's width is emulated
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.get(app_url)
        assert driver.execute_script("return innerWidth") == 390
        for button in ("init", "quiz", "check"):
            element = driver.find_element(By.ID, button)
            lines = driver.execute_script(  # one rectangle per line the button's text takes
                "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                "return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;", element)
            assert lines == 1, (button, element.size)
        assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth")


def test_stop_a_check_of_the_wrong_folder_from_the_laptop_window(tmp_path, monkeypatch):
    """The progress line names the file being read; 停止检查 is in view, and the stopped page offers
    重新检查 and 返回首页 in view too."""
    from selenium.webdriver.common.by import By

    from wuxiao_cli.report import gallery

    folder = shutil.copytree(REPO / "examples" / "good-project", tmp_path / "主目录")
    (folder / "资料").mkdir()
    for n in range(300):
        (folder / "资料" / f"记录{n:03}.txt").write_text("会议记录", encoding="utf-8")
    card = gallery.card
    monkeypatch.setattr(gallery, "card", lambda *a, **kw: (time.sleep(0.05), card(*a, **kw))[1])  # 15 s in all
    with serving(tmp_path) as url, chromium(size=LAPTOP) as driver:
        driver.get(url)
        driver.find_element(By.ID, "path").send_keys(str(folder))
        driver.find_element(By.ID, "check").click()
        current = wait_for(lambda: next((e for e in driver.find_elements(By.ID, "current")  # none until the page loads
                                         if "正在读取 资料/" in e.text), None), 60)
        assert in_view(driver, current)
        stop = driver.find_element(By.ID, "stop")
        assert in_view(driver, stop) and stop.text == "停止检查"
        stop.click()
        said = wait_for(lambda: driver.find_elements(By.ID, "outcome") and driver.find_element(By.ID, "outcome"), 10)
        assert "已停止检查" in said.text and in_view(driver, said)
        for button in ("again", "home"):
            assert in_view(driver, driver.find_element(By.ID, button))
        driver.find_element(By.ID, "again").click()
        assert wait_for(lambda: next((e.get_attribute("value") for e in driver.find_elements(By.ID, "path")), None)) == str(folder)


def test_the_page_makes_a_quiz_template_and_a_project_under_the_chosen_profile_file(tmp_path):
    """`wuxiao gui --profile 2025.json`: the page's 新建 buttons send the notice chosen above them, so a
    2025 notice asking 30 questions gets a template and a project that say 30, not 2024's 20."""
    from selenium.webdriver.common.by import By
    from test_own_profile_offered import profile_2025

    own = profile_2025(tmp_path / "规则")
    data = own.read_text(encoding="utf-8").replace('"min_questions": 20', '"min_questions": 30')
    assert data != own.read_text(encoding="utf-8")
    own.write_text(data, encoding="utf-8")
    with serving(tmp_path, own_profiles=(str(own.resolve()),)) as url, chromium(size=LAPTOP) as driver:
        driver.get(url)
        driver.find_element(By.ID, "quiz-path").send_keys(str(tmp_path / "题库.xlsx"))
        driver.find_element(By.ID, "quiz").click()
        wait_for(lambda: "已生成题库模板" in driver.find_element(By.ID, "lines").text)
        assert "不少于 30 道" in driver.find_element(By.ID, "lines").text
        guide = load_workbook(tmp_path / "题库.xlsx")["填写说明"]
        assert any("不少于 30 道" in str(c.value) for row in guide.iter_rows() for c in row)

        driver.find_element(By.ID, "init-path").send_keys(str(tmp_path / "新成果"))
        driver.find_element(By.ID, "init").click()
        wait_for(lambda: "已创建项目文件夹" in driver.find_element(By.ID, "lines").text)
        assert "不少于 30 道" in (tmp_path / "新成果" / "README.txt").read_text(encoding="utf-8")
