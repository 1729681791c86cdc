"""`wuxiao gui` is a server: only the page this launch opened may use it, and only from this computer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO
from gui_helpers import HOST, PORT, make, post
from starlette.testclient import TestClient

from wuxiao_cli.gui.server import bind_loopback, make_server

EXAMPLES = REPO / "examples"


def test_no_token_or_a_wrong_one_is_refused_everywhere(tmp_path):
    client, keys, app, _ = make(tmp_path)
    stranger = TestClient(app, base_url=f"http://{HOST}")
    for url in ("/", "/static/app.js", "/api/jobs/x", "/jobs/x", "/?token=wrong"):
        r = stranger.get(url, follow_redirects=False)
        assert r.status_code == 403, url
        assert "令牌" in r.text
    assert stranger.get(f"/?token={keys.token}").status_code == 200  # the printed URL works


def test_token_moves_into_a_strict_httponly_cookie(tmp_path):
    _, keys, app, _ = make(tmp_path)
    fresh = TestClient(app, base_url=f"http://{HOST}")
    r = fresh.get(f"/?token={keys.token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert keys.token in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:1", f"192.168.1.5:{PORT}", ""])
def test_a_foreign_host_header_is_refused_even_with_the_token(tmp_path, host):
    """DNS rebinding: a site whose name now points at 127.0.0.1 still sends its own name as Host."""
    client, keys, _, _ = make(tmp_path)
    r = client.get(f"/?token={keys.token}", headers={"Host": host}, follow_redirects=False)
    assert r.status_code == 403 and "Host" in r.text
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("headers", [
    {},  # a plain cross-site form post: no CSRF header
    {"X-Wuxiao-CSRF": "guess"},
    {"X-Wuxiao-CSRF": "CSRF", "Origin": "http://evil.example"},
    {"X-Wuxiao-CSRF": "CSRF", "Origin": f"http://evil.example:{PORT}"},
    {"X-Wuxiao-CSRF": "CSRF", "Sec-Fetch-Site": "cross-site"},
])
def test_a_cross_site_post_is_refused_and_changes_nothing(tmp_path, headers):
    client, keys, app, _ = make(tmp_path)
    headers = {k: (keys.csrf if v == "CSRF" else v) for k, v in headers.items()}
    target = tmp_path / "new-project"
    for url, body in (("/api/init", {"path": str(target)}), ("/api/quiz-template", {"path": str(tmp_path / "q.xlsx")}),
                      ("/api/check", {"path": str(EXAMPLES / "good-project")}), ("/api/shutdown", {})):
        r = client.post(url, json=body, headers=headers)
        assert r.status_code == 403, (url, r.text)
    assert not target.exists() and not (tmp_path / "q.xlsx").exists()
    assert app.state.jobs.get("x") is None and not app.state.jobs._jobs  # no check was started
    assert post(client, keys, "/api/init", {"path": str(target)}).status_code == 200  # the page itself may


def test_other_methods_are_refused_and_gets_change_nothing(tmp_path):
    client, keys, _, _ = make(tmp_path)
    for method in ("PUT", "DELETE", "PATCH"):
        assert client.request(method, "/api/init", headers={"X-Wuxiao-CSRF": keys.csrf}).status_code == 403
    assert client.get("/api/init").status_code == 405
    assert client.get("/api/shutdown").status_code == 405


def test_no_route_reads_a_path_from_the_request(tmp_path):
    """Only files the app's own jobs wrote are served; traversal and listing find nothing."""
    client, keys, _, _ = make(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("私密", encoding="utf-8")
    job = post(client, keys, "/api/check", {"path": str(EXAMPLES / "good-project")}).json()["job"]
    for url in (f"/jobs/{job}/files/..%2F..%2Fsecret.txt", f"/jobs/{job}/files/{secret}", "/static/../app.py",
                "/static/", f"/jobs/{job}/files/", "/static/%2e%2e/app.py"):
        r = client.get(url)
        assert r.status_code == 404 and "私密" not in r.text, url


def _own_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses (the test connects to nothing else)."""
    psutil = pytest.importorskip("psutil")
    return [a.address for addrs in psutil.net_if_addrs().values() for a in addrs
            if a.family == socket.AF_INET and not a.address.startswith("127.")]


def test_the_real_server_listens_on_loopback_only(tmp_path):
    sock = bind_loopback(0)
    server, keys = make_server(sock, jobs=1)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        host, port = sock.getsockname()
        assert host == "127.0.0.1"
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the token cookie
        with browser.open(keys.url(), timeout=10) as page:
            assert page.status == 200 and "开始检查" in page.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
        refused.value.close()
        for address in _own_addresses():
            with pytest.raises(OSError):  # refused: nothing listens there
                socket.create_connection((address, port), timeout=2).close()
    finally:
        server.should_exit = True
        thread.join(10)
        server.wuxiao_app.state.cleanup()
        sock.close()
    assert not thread.is_alive()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT (Ctrl+C) to a child: POSIX only")
def test_ctrl_c_stops_the_app_in_one_line_and_cleans_up(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1", "TMPDIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", "gui", "--no-browser"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert "图形界面已启动" in proc.stdout.readline()
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        assert "Ctrl+C" in proc.stdout.readline()
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130) and "Traceback" not in err
    assert not list(Path(tmp_path).glob("wuxiao-*"))  # its temporary folders went with it


def test_a_busy_port_is_a_one_line_error(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        r = cli("gui", "--no-browser", "--port", str(busy.getsockname()[1]))
    assert r.returncode == 2 and "无法在 127.0.0.1" in r.stderr and "Traceback" not in r.stderr


def test_double_clicked_frozen_exe_opens_the_app_but_a_terminal_gets_help(monkeypatch):
    import wuxiao_cli.__main__ as entry
    import wuxiao_cli.cli as cli_module

    seen = []
    monkeypatch.setattr(cli_module, "main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["wuxiao"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    entry.main()
    monkeypatch.setattr(sys, "argv", ["wuxiao"])
    monkeypatch.delattr(sys, "frozen")
    entry.main()
    assert seen == [["wuxiao", "gui"], ["wuxiao"]]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows binds exclusively (SO_EXCLUSIVEADDRUSE) instead")
def test_the_port_can_be_used_again_right_after_the_app_stops():
    """`wuxiao gui --port N` again after 关闭: the server closed its connections, which wait in TIME_WAIT."""
    sock = bind_loopback(0)
    port = sock.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = sock.accept()
    conn.close()  # the server closes first, as uvicorn does at exit: its side is left in TIME_WAIT
    client.recv(1)
    client.close()
    sock.close()
    again = bind_loopback(port)
    assert again.getsockname() == ("127.0.0.1", port)
    again.close()
