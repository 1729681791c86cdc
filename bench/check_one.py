"""Time `wuxiao check` on the good example and on projects whose video is 10 MB, 100 MB and 1 GB.

Checking reads headers only, so wall time and peak memory should stay flat as the video grows.
The big videos are real faststart MP4s (moov first) followed by a large `free` box written as a
sparse region: a player and MediaInfo see a valid MP4 of that size. Nothing is written in the repo.

    python bench/check_one.py            # prints one line per case
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.factories import make_mp4  # noqa: E402

GOOD = ROOT / "examples" / "good-project"


def pad_with_free_box(path: Path, total_bytes: int) -> None:
    """Grow an MP4 to ``total_bytes`` with a trailing `free` box (sparse on disk)."""
    size = path.stat().st_size
    box = total_bytes - size
    with open(path, "r+b") as fh:
        fh.seek(size)
        fh.write(box.to_bytes(4, "big") + b"free")
        fh.truncate(total_bytes)


CHILD = """
import contextlib, io, resource, sys, time
from pathlib import Path
from wuxiao_cli.cli import app
t = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    try:
        app([\"check\", sys.argv[1], \"--format\", \"json\"], standalone_mode=False)
    except SystemExit:
        pass
wall = time.perf_counter() - t
io_stats = dict(line.split(": ") for line in Path(\"/proc/self/io\").read_text().splitlines()) \
    if Path(\"/proc/self/io\").exists() else {}
print(wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, io_stats.get(\"rchar\", \"-1\"))
"""


def run_check(project: Path) -> tuple[float, int, int]:
    """(wall seconds of the check, peak RSS in MB, bytes read by the process) — Linux figures."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(project)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    wall, rss_kb, rchar = out.stdout.split()
    return float(wall), int(rss_kb) // 1024, int(rchar)


def main() -> None:
    print(f"{'case':<24}{'video bytes':>15}{'check s':>9}{'peak RSS MB':>13}{'bytes read':>14}")
    wall, rss, read = run_check(GOOD)
    print(f"{'examples/good-project':<24}{'-':>15}{wall:>9.2f}{rss:>13}{read:>14,}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, size in (("10 MB video", 10 * 2**20), ("100 MB video", 100 * 2**20), ("1 GB video", 2**30)):
            project = Path(tmp) / label.replace(" ", "-")
            shutil.copytree(GOOD, project)
            for old in (project / "videos").iterdir():
                old.unlink()
            video = make_mp4(project / "videos" / "跟刀架-现场演示.mp4", seconds=20.0)
            pad_with_free_box(video, size)
            wall, rss, read = run_check(project)
            print(f"{label:<24}{video.stat().st_size:>15,}{wall:>9.2f}{rss:>13}{read:>14,}")


if __name__ == "__main__":
    main()
