"""Shared pieces of the `wuxiao gui` tests: an app with its token, a client that is the page itself."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from starlette.testclient import TestClient

from wuxiao_cli.gui.app import make_app
from wuxiao_cli.gui.guard import Secrets
from wuxiao_cli.gui.picker import Recent

PORT = 48123
HOST = f"127.0.0.1:{PORT}"


class Opened(list):
    """Stands in for the desktop's file manager: records the folders the app asked it to show."""

    def __call__(self, path: Path) -> None:
        self.append(path)


MADE: list = []  # apps made by the running test; conftest closes them after it, as `wuxiao gui` does at exit


def make(tmp_path: Path, **options):
    """(client already holding the token cookie, keys, app, opened folders)."""
    keys = Secrets(PORT)
    opened = Opened()
    options.setdefault("opener", opened)
    options.setdefault("downloads", tmp_path / "下载")  # never the real user's
    options.setdefault("jobs", 1)
    app = make_app(keys, recent=Recent(tmp_path / "state" / "recent.json"), **options)
    MADE.append(app)
    client = TestClient(app, base_url=f"http://{HOST}")
    assert client.get(f"/?token={keys.token}").status_code == 200  # the redirect sets the cookie
    return client, keys, app, opened


def close_all() -> None:
    """Remove the temporary folders (uploads, each check's reports) of every app made so far."""
    while MADE:
        MADE.pop().state.cleanup()


def post(client: TestClient, keys: Secrets, url: str, json=None, **kw):
    """A POST as the page's own JavaScript sends it."""
    headers = {"X-Wuxiao-CSRF": keys.csrf, "Origin": f"http://{HOST}", **kw.pop("headers", {})}
    return client.post(url, json=json if json is not None else {}, headers=headers, **kw)


def wait_done(client: TestClient, job: str, limit: float = 300) -> dict:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        status = client.get(f"/api/jobs/{job}").json()
        if status["state"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("check did not finish")


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256: equal before and after means nothing was changed."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
