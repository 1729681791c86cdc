"""Benchmark: `wuxiao pack` on a generated ~1 GB project against `zip -0 -r` (Info-ZIP) on the same folder.

Prints wall times, their ratio and each run's peak RSS. Never asserts. Usage: python bench/pack.py [GB]
The project is generated in a temporary folder outside the repository and deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.pack_helpers import build_passing_project, write_jpeg  # noqa: E402


def fill(path: Path, size: int) -> None:
    """A large file of incompressible bytes named .mp4 (stored, as real video is)."""
    with open(path, "wb") as fh:
        left = size
        while left:
            n = min(left, 8 << 20)
            fh.write(os.urandom(n))
            left -= n


def build(root: Path, gb: float) -> int:
    build_passing_project(root)
    for n in range(20):  # a clerk's photo folder: 20 × ~5 MB
        write_jpeg(root / "photos" / f"现场照片{n + 1:02d}.jpg", target=5_000_000, seed=n + 10)
    left = int(gb * 1e9) - sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    big = root / "大文件"  # outside videos/: the check judges real videos only, this is raw bulk
    big.mkdir()
    n = 0
    while left > 0:
        size = min(left, 250_000_000)
        fill(big / f"现场录像{n + 1}.mp4", size)
        left -= size
        n += 1
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)"
)


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, return code) of ``cmd`` alone, measured by a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True)
    wall, rss_kb, code = out.stdout.split()
    return float(wall), int(rss_kb) // 1024, int(code)


def main() -> None:
    gb = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory(prefix="wuxiao-bench-") as tmp:
        root = Path(tmp) / "project"
        total = build(root, gb)
        print(f"project: {total / 1e9:.2f} GB, {sum(1 for p in root.rglob('*') if p.is_file())} files")
        out = Path(tmp) / "out"
        out.mkdir()
        subprocess.run(["sync"], check=False)
        results = {}
        if shutil.which("zip"):
            wall, rss, _ = timed(["zip", "-0", "-r", "-q", str(out / "info-zip.zip"), "project"], Path(tmp))
            results["zip -0 -r"] = (wall, rss)
        wall, rss, code = timed([sys.executable, "-m", "wuxiao_cli", "pack", str(root), "-o", str(out)], REPO)
        results["wuxiao pack"] = (wall, rss)
        for name, (wall, rss) in results.items():
            print(f"{name:12s} wall {wall:7.2f} s   peak RSS {rss} MB")
        if "zip -0 -r" in results:
            print(f"ratio wuxiao/zip: {results['wuxiao pack'][0] / results['zip -0 -r'][0]:.2f}x")
        for z in out.glob("*.zip"):
            print(f"  {z.name}: {z.stat().st_size / 1e9:.3f} GB")


if __name__ == "__main__":
    main()
