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
import time
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


def run_check(project: Path) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB of the check process, exit code)."""
    code = (
        "import resource, subprocess, sys, time;"
        "t=time.perf_counter();"
        f"r=subprocess.run([sys.executable,'-m','wuxiao_cli','check',{str(project)!r},'--format','json'],"
        "stdout=subprocess.DEVNULL);"
        "w=time.perf_counter()-t;"
        "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    wall, rss_kb, rc = out.stdout.split()
    return float(wall), int(rss_kb) // 1024, int(rc)


def main() -> None:
    print(f"{'case':<28}{'video bytes':>15}{'wall s':>9}{'peak RSS MB':>13}{'exit':>6}")
    wall, rss, rc = run_check(GOOD)
    print(f"{'examples/good-project':<28}{'-':>15}{wall:>9.2f}{rss:>13}{rc:>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, size in (("10 MB video", 10 * 2**20), ("100 MB video", 100 * 2**20), ("1 GB video", 2**30)):
            project = Path(tmp) / label.replace(" ", "-")
            shutil.copytree(GOOD, project)
            for old in (project / "videos").iterdir():
                old.unlink()
            video = make_mp4(project / "videos" / "跟刀架-现场演示.mp4", seconds=20.0)
            pad_with_free_box(video, size)
            wall, rss, rc = run_check(project)
            print(f"{label:<28}{video.stat().st_size:>15,}{wall:>9.2f}{rss:>13}{rc:>6}")


if __name__ == "__main__":
    main()
