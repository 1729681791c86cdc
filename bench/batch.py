"""Time `wuxiao check` on a generated batch, and exiftool + mediainfo reading the same media metadata.

    python bench/batch.py [N=330] [--jobs 2] [--out bench/out/batch-N]

Generates the batch with bench/make_batch.py if it is not there, installs exiftool and mediainfo from
Debian's packages if they are missing (apt-get; skipped with a note when that is not possible), then
prints: wall time of the check, per-project cost, peak RSS of the parent and of each worker (sampled
from /proc: Linux only), and the external tools' time and the ratio. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def ensure_tools() -> bool:
    if shutil.which("exiftool") and shutil.which("mediainfo"):
        return True
    if shutil.which("apt-get"):
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "libimage-exiftool-perl", "mediainfo"]):
            subprocess.run(cmd, check=False, capture_output=True)
    return bool(shutil.which("exiftool") and shutil.which("mediainfo"))


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
            out += [int(x) for x in text.split()]
    except OSError:
        pass
    return out


def _hwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_sampled(cmd: list[str]) -> tuple[float, int, dict[int, int], subprocess.CompletedProcess]:
    """Run ``cmd``; sample the peak RSS (VmHWM) of it and of every descendant while it runs."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            todo = [proc.pid]
            while todo:
                pid = todo.pop()
                if (hwm := _hwm_kib(pid)) is not None:
                    peaks[pid] = max(peaks.get(pid, 0), hwm)
                todo += _children(pid)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    parent = peaks.pop(proc.pid, 0)
    return wall, parent, peaks, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 330
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2"
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPO / "bench" / "out" / f"batch-{n}"
    if not out.is_dir() or len([p for p in out.iterdir() if p.is_dir()]) != n:
        from bench.make_batch import make_batch

        t = time.perf_counter()
        make_batch(n, out)
        print(f"generated {n} projects in {time.perf_counter() - t:.1f} s: {out}")
    files = [p for p in out.rglob("*") if p.is_file()]
    media = [p for p in files if p.suffix.lower() in (".jpg", ".mp4", ".mp3")]
    print(f"batch: {n} projects, {len(files)} files, {sum(p.stat().st_size for p in files) / 1e9:.2f} GB, "
          f"{len(media)} media files; cpu cores: {os.cpu_count()}; --jobs {jobs}")

    # warm the page cache so both sides read from memory
    for p in media:
        with p.open("rb") as fh:
            while fh.read(1 << 22):
                pass

    report = out.parent / "report.json"
    cmd = [sys.executable, "-m", "wuxiao_cli", "check", str(out), "--jobs", jobs, "--format", "json",
           "--output", str(report), "--quiet"]
    wall, parent_kib, worker_kib, proc = run_sampled(cmd)
    data = json.loads(report.read_text(encoding="utf-8"))
    s = data["summary"]
    print(f"wuxiao check: {wall:.2f} s wall (exit {proc.returncode}); {wall / n * 1000:.1f} ms per project; "
          f"{s['passed']} passed, {s['failed']} failed, {len(data['batch_findings'])} batch findings")
    workers = sorted(worker_kib.values(), reverse=True)
    print(f"peak RSS: parent {parent_kib / 1024:.0f} MiB; workers ({len(workers)}) "
          + ", ".join(f"{k / 1024:.0f}" for k in workers[:8]) + " MiB")

    if not ensure_tools():
        print("exiftool/mediainfo not available (apt-get failed): external comparison skipped")
        return 0
    av = [str(p) for p in media if p.suffix.lower() in (".mp4", ".mp3")]
    t_exif = timed(["exiftool", "-json", "-q", "-r", "-ext", "jpg", "-ext", "mp4", "-ext", "mp3", str(out)])
    t_mi = 0.0
    for i in range(0, len(av), 200):  # stay well under the command-line length limit
        t_mi += timed(["mediainfo", "--Output=JSON", *av[i:i + 200]])
    ext = t_exif + t_mi
    print(f"exiftool -json (jpg+mp4+mp3): {t_exif:.2f} s; mediainfo --Output=JSON (mp4+mp3): {t_mi:.2f} s; "
          f"together {ext:.2f} s (single-threaded each)")
    print(f"ratio wuxiao check / (exiftool + mediainfo): {wall / ext:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
