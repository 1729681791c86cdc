"""Time `wuxiao check` on a generated batch, and exiftool + mediainfo reading the same media metadata.

    python bench/batch.py [N=330] [--jobs 1,2] [--out DIR]          light files
    python bench/batch.py --realistic 330 --jobs 1,2 [--out DIR]    files made by other tools
    ... --repeat 3                                                  each --jobs value 3 times, interleaved

On a shared machine wall times swing with the other load: --repeat runs the --jobs values in turn
and the ratios use the best wall time of each (the CPU seconds are printed for every run).

Generates the batch with bench/make_batch.py if it is not there, installs exiftool and mediainfo from
Debian's packages if they are missing (apt-get; skipped with a note when that is not possible), then
prints, for each --jobs value in one run: wall time of the check, per-project cost, peak RSS of the
parent and of each worker (sampled from /proc: Linux only); then the external tools' time on the same
media, and the ratios. Python may cache bytecode (as a pip install does) even under
PYTHONDONTWRITEBYTECODE, in bench/out/pycache. Prints figures; asserts nothing.
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


def children_cpu() -> float:
    """User + system CPU seconds of every finished child process so far (and the workers they reaped)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(cmd: list[str]) -> tuple[float, int, dict[int, int], subprocess.CompletedProcess]:
    """Run ``cmd``; sample the peak RSS (VmHWM) of it and of every descendant while it runs."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
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


def child_env() -> dict:
    """This environment, but with bytecode cached (bench/out/pycache) as an installed package has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONPYCACHEPREFIX", str(REPO / "bench" / "out" / "pycache"))
    return env


def check_once(out: Path, n: int, jobs: str) -> float:
    report = out.parent / f"report-{out.name}-j{jobs}.json"
    cmd = [sys.executable, "-m", "wuxiao_cli", "check", str(out), "--jobs", jobs, "--format", "json",
           "--output", str(report), "--quiet"]
    cpu = children_cpu()
    wall, parent_kib, worker_kib, proc = run_sampled(cmd)
    cpu = children_cpu() - cpu
    if not report.is_file():
        print(f"--jobs {jobs}: no report (exit {proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-300:]}")
        return wall
    data = json.loads(report.read_text(encoding="utf-8"))
    s = data["summary"]
    workers = sorted(worker_kib.values(), reverse=True)
    print(f"--jobs {jobs}: {wall:.2f} s wall, {cpu:.2f} s CPU in all processes (exit {proc.returncode}); "
          f"{wall / n * 1000:.1f} ms wall and {cpu / n * 1000:.1f} ms CPU per project; "
          f"{s['passed']} passed, {s['failed']} failed, {len(data['batch_findings'])} batch findings; "
          f"peak RSS parent {parent_kib / 1024:.0f} MiB, workers ({len(workers)}) "
          + (", ".join(f"{k / 1024:.0f}" for k in workers[:8]) + " MiB" if workers else "none (in process)"))
    return wall


def external(out: Path, media: list[Path]) -> float | None:
    """exiftool -fast over the photos, videos, audio and PDF scans, then mediainfo over the videos and audio."""
    if not ensure_tools():
        print("exiftool/mediainfo not available (apt-get failed): external comparison skipped")
        return None
    av = [str(p) for p in media if p.suffix.lower() in (".mp4", ".mp3")]
    t_exif = timed(["exiftool", "-json", "-fast", "-q", "-r", "-ext", "jpg", "-ext", "mp4", "-ext", "mp3", "-ext", "pdf",
                    str(out)])
    t_mi = 0.0
    for i in range(0, len(av), 200):  # stay well under the command-line length limit
        t_mi += timed(["mediainfo", "--Output=JSON", *av[i:i + 200]])
    print(f"exiftool -json -fast (jpg+mp4+mp3+pdf): {t_exif:.2f} s; mediainfo --Output=JSON (mp4+mp3): {t_mi:.2f} s; "
          f"together {t_exif + t_mi:.2f} s (single-threaded each)")
    return t_exif + t_mi


def main(argv: list[str]) -> int:
    realistic = "--realistic" in argv
    if realistic:
        argv = [a for a in argv if a != "--realistic"]
    n = int(argv[0]) if argv and argv[0].isdigit() else 330
    jobs_list = (argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2").split(",")
    kind = "realistic" if realistic else "batch"
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPO / "bench" / "out" / f"{kind}-{n}"
    if not out.is_dir() or len([p for p in out.iterdir() if p.is_dir()]) != n:
        from bench.make_batch import make_batch

        t = time.perf_counter()
        make_batch(n, out, realistic=realistic)
        print(f"generated {n} {kind} projects in {time.perf_counter() - t:.1f} s: {out}")
    files = [p for p in out.rglob("*") if p.is_file()]
    media = [p for p in files if p.suffix.lower() in (".jpg", ".mp4", ".mp3", ".pdf")]
    print(f"{kind}: {n} projects, {len(files)} files, {sum(p.stat().st_size for p in files) / 1e9:.2f} GB, "
          f"{len(media)} media files; cpu cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")

    # warm the page cache so both sides read from memory
    for p in media:
        with p.open("rb") as fh:
            while fh.read(1 << 22):
                pass
    subprocess.run([sys.executable, "-m", "wuxiao_cli", "--help"], cwd=REPO, env=child_env(), capture_output=True)
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    walls: dict[str, float] = {}
    for _ in range(repeat):
        for jobs in jobs_list:
            wall = check_once(out, n, jobs)
            walls[jobs] = min(wall, walls.get(jobs, wall))
    ext = min((t for t in [external(out, media) for _ in range(repeat)] if t), default=None)
    first = jobs_list[0]
    for jobs, wall in walls.items():
        ratios = [f"{walls[first] / wall:.2f}x the speed of --jobs {first}"] if jobs != first else []
        if ext:
            ratios.append(f"{wall / ext:.2f}x the time of exiftool + mediainfo")
        if ratios:
            print(f"--jobs {jobs}: " + "; ".join(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
