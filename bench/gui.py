"""`wuxiao gui`: time to a usable page, and checking examples/batch from the page against the CLI (issue 15).

    python bench/gui.py [--runs 3]

Starts `python -m wuxiao_cli gui --no-browser` as a user would, reads the printed URL, and times
launch → the first page answered (with the token cookie). Then, on the same server, times a check of
examples/batch from the page (POST, then polling the progress as the page does, until the HTML
report, Excel report and 整改清单 are written) against `wuxiao check examples/batch --report x.html`
run fresh each time. Prints figures (best of --runs); asserts nothing. Targets: page ≤ 1.5 s, page
check ≤ 1.2× the CLI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}


def launch() -> tuple[subprocess.Popen, float, str, str, urllib.request.OpenerDirector]:
    """(the app's process, seconds until its first page answered, its base URL, the page, a browser-like opener)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", "gui", "--no-browser"], env=ENV,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
    proc.stdout.readline()
    url = proc.stdout.readline().strip()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(url, timeout=30) as page:
        html = page.read().decode("utf-8")
    return proc, time.perf_counter() - start, url.split("/?")[0], html, opener


def check_from_page(opener, base: str, csrf: str, folder: Path) -> float:
    start = time.perf_counter()
    body = json.dumps({"path": str(folder), "profile": "national-2024"}).encode("utf-8")
    request = urllib.request.Request(f"{base}/api/check", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Wuxiao-CSRF": csrf})
    with opener.open(request, timeout=30) as r:
        job = json.load(r)["job"]
    while True:
        with opener.open(f"{base}/api/jobs/{job}", timeout=30) as r:
            if json.load(r)["state"] != "running":
                return time.perf_counter() - start
        time.sleep(0.3)  # the page polls at this pace


def check_from_cli(folder: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wuxiao_cli", "check", "--quiet", str(folder), "--report",
                        str(Path(out) / "r.html")], env=ENV, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    batch = REPO / "examples" / "batch"
    page_times, page_checks, cli_checks = [], [], []
    for _ in range(args.runs):
        proc, took, base, html, opener = launch()
        try:
            page_times.append(took)
            csrf = re.search(r'name="csrf" content="([^"]+)"', html).group(1)
            page_checks.append(check_from_page(opener, base, csrf, batch))
        finally:
            stop = urllib.request.Request(f"{base}/api/shutdown", data=b"{}", method="POST",
                                          headers={"Content-Type": "application/json", "X-Wuxiao-CSRF": csrf})
            opener.open(stop, timeout=30).close()  # the page's 关闭 button
            proc.wait(30)
        cli_checks.append(check_from_cli(batch))
    page, from_page, cli = min(page_times), min(page_checks), min(cli_checks)
    print(f"launch → usable page: {page:.2f} s (target ≤ 1.5 s; best of {args.runs})")
    print(f"examples/batch from the page: {from_page:.2f} s (HTML + Excel + 整改清单; progress polled every 0.3 s)")
    print(f"examples/batch with the CLI:  {cli:.2f} s (check --report x.html, including interpreter start)")
    print(f"page / CLI: {from_page / cli:.2f}× (target ≤ 1.2×)")


if __name__ == "__main__":
    main()
