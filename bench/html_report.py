"""What the HTML report costs: `python bench/html_report.py [N=330] [--jobs 2] [--out bench/out/batch-N]`.

Times `wuxiao check` of a generated batch (bench/make_batch.py) without and with `--report x.html`,
then prints both wall times, the extra share, the report's size and its thumbnails' count and
largest size. The issue's budget: ≤ 20 % extra time and < 30 MB for 330 projects. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv and argv[0].isdigit() else 330
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2"
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPO / "bench" / "out" / f"batch-{n}"
    if not out.is_dir():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_batch.py"), str(n), str(out)], check=True)
    report = out.parent / f"report-{n}.html"
    base = ["check", str(out), "--quiet", "--jobs", jobs, "-f", "json", "-o", str(out.parent / f"r-{n}.json")]
    plain = timed(base)
    with_html = timed([*base, "--report", str(report)])
    text = report.read_text(encoding="utf-8")
    thumbs = [len(base64.b64decode(b)) for b in re.findall(r'src="data:image/jpeg;base64,([^"]+)"', text)]
    print(f"projects: {n}, jobs: {jobs}")
    print(f"check:               {plain:8.1f} s")
    print(f"check + HTML report: {with_html:8.1f} s  (+{100 * (with_html - plain) / plain:.0f} %)")
    print(f"report size:         {report.stat().st_size / 1048576:8.2f} MB "
          f"({report.stat().st_size / n / 1024:.0f} KB a project)")
    print(f"thumbnails:          {len(thumbs)}, largest {max(thumbs, default=0) / 1024:.1f} KB, "
          f"mean {sum(thumbs) / max(1, len(thumbs)) / 1024:.1f} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
