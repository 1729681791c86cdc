"""Checking received archives vs the same projects unpacked, and peak memory against archive size (issue 13).

    python bench/archives.py [N=40] [--jobs 2] [--repeat 3] [--stored] [--out bench/out/archives-N]

Generates N projects with bench/make_batch.py, zips each one as a worker would (deflate, one top folder;
``--stored``: no compression, as some archivers keep JPEG and MP4), then times `wuxiao check` on the
folder of projects and on the folder of zips, alternating ``--repeat`` times, and prints the medians
of both walls, their ratio and peak RSS. Each zip is extracted, checked and removed inside the worker
that checks it (B003's digests of its media taken there). Then what one zip costs on its own in this
process: inflating it alone (zlib, nothing written: the floor of any reader, since every byte of a
photo, video or recording is read by some rule and deflate cannot skip), extracting and removing it,
and the digests, beside the check of its project. Then one project zipped
with an extra incompressible file of 10 MB and of 300 MB: the parent's peak RSS while checking each
(extraction streams 1 MB chunks, so it should not grow with the archive). Prints figures; asserts
nothing. Peak RSS is sampled from /proc: Linux only.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.batch import run_sampled  # noqa: E402  (the repository root must be on sys.path first)


def zip_folder(folder: Path, dest: Path, extra: tuple[str, int] | None = None,
               method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(dest, "w", method) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, f"{folder.name}/{p.relative_to(folder).as_posix()}")
        if extra:
            name, size = extra
            with zf.open(f"{folder.name}/{name}", "w", force_zip64=True) as out:
                for _ in range(size >> 20):
                    out.write(os.urandom(1 << 20))
    return dest


def _cpu() -> float:
    import resource  # POSIX only, as is /proc sampling: this benchmark runs on Linux

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(target: Path, jobs: str) -> tuple[float, int, int, float]:
    """Wall seconds, peak RSS (KiB) of the parent and largest worker, CPU seconds of the whole process tree."""
    cmd = [sys.executable, "-m", "wuxiao_cli", "check", str(target), "--jobs", jobs, "--format", "json",
           "--output", os.devnull, "--quiet"]
    before = _cpu()
    wall, parent_kib, workers, _proc = run_sampled(cmd)
    return wall, parent_kib, max(workers.values(), default=0), _cpu() - before


def per_project(folder: Path, archive: Path) -> None:
    """CPU milliseconds, in this process, of checking one project and of what its zip adds."""
    import time

    from wuxiao_cli.archive import extracted
    from wuxiao_cli.batch.duplicates import media_files
    from wuxiao_cli.engine import check_project
    from wuxiao_cli.profile import load_profile
    from wuxiao_cli.project import Project

    def inflate_only() -> None:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                with zf.open(info) as src:
                    while src.read(1 << 20):
                        pass

    def extract_and_remove() -> None:
        with extracted(archive):
            pass

    def digests_in_worker() -> float:  # as a worker takes them: the zip's CRC-32s, the edges read again
        with extracted(archive) as x:
            start = time.process_time()
            media_files(Project(x.folder, prof), digested=True, crcs=x.crcs)
            return 1000 * (time.process_time() - start)

    prof = load_profile(None)
    check_project(folder, prof)  # imports and caches warmed
    figures = {}
    for label, work in (("check", lambda: check_project(folder, prof)), ("inflate only", inflate_only),
                        ("extract + remove", extract_and_remove),
                        ("B003 digests (folder, all tied)", lambda: media_files(Project(folder, prof), digested=True))):
        start = time.process_time()
        work()
        figures[label] = 1000 * (time.process_time() - start)
    figures["B003 digests (zip)"] = digests_in_worker()
    print(f"one project ({archive.stat().st_size / 1e6:.1f} MB zipped), CPU: "
          + ", ".join(f"{k} {v:.0f} ms" for k, v in figures.items()))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 40
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2"
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPO / "bench" / "out" / f"archives-{n}"
    stored = "--stored" in argv
    projects, zips = out / "projects", out / ("zips-stored" if stored else "zips")
    if not projects.is_dir() or len([p for p in projects.iterdir() if p.is_dir()]) != n:
        from bench.make_batch import make_batch

        shutil.rmtree(out, ignore_errors=True)
        make_batch(n, projects)
    if not zips.is_dir():
        zips.mkdir(parents=True)
        for p in sorted(projects.iterdir()):
            if p.is_dir():
                zip_folder(p, zips / f"{p.name}.zip", method=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    size = sum(p.stat().st_size for p in zips.glob("*.zip"))
    print(f"{n} projects; {'stored' if stored else 'deflated'} zips {size / 1e6:.0f} MB in all; "
          f"cpu cores {os.cpu_count()}; --jobs {jobs}")
    for folder in (projects, zips):  # warm the page cache for both sides
        for p in folder.rglob("*"):
            if p.is_file():
                p.read_bytes()
    runs = [(check(projects, jobs), check(zips, jobs)) for _ in range(repeat)]  # interleaved: the VM drifts
    unpacked, archived = (tuple(statistics.median(r[side][i] for r in runs) for i in range(4)) for side in (0, 1))
    print(f"median of {repeat} interleaved runs; wall ratios run by run: "
          + ", ".join(f"{z[0] / u[0]:.2f}" for u, z in runs))
    for label, (wall, parent, worker, cpu) in (("unpacked folders", unpacked), ("zips", archived)):
        print(f"check {label:17}: {wall:6.2f} s wall, {cpu:6.2f} s CPU; peak RSS parent {parent / 1024:.0f} MiB, "
              f"largest worker {worker / 1024:.0f} MiB")
    print(f"ratio zips / unpacked: wall {archived[0] / unpacked[0]:.2f}, CPU {archived[3] / unpacked[3]:.2f} "
          "(target at most 1.3; wall depends on the machine's load, CPU much less)")
    per_project(sorted(projects.iterdir())[1], sorted(zips.glob("*.zip"))[1])

    one = next(p for p in sorted(projects.iterdir()) if p.is_dir())
    sizes = out / "sizes"
    sizes.mkdir(exist_ok=True)
    for mb in (10, 300):
        archive = sizes / f"{mb}MB.zip"
        if not archive.exists():
            zip_folder(one, archive, (f"附件/extra-{mb}MB.bin", mb << 20))
        solo = sizes / f"only-{mb}"
        solo.mkdir(exist_ok=True)
        target = solo / archive.name
        if not target.exists():
            os.link(archive, target) if hasattr(os, "link") else shutil.copy(archive, target)
        wall, parent, _worker, _cpu_s = check(target, "1")
        print(f"one zip of {archive.stat().st_size / 1e6:5.0f} MB: {wall:5.2f} s; peak RSS {parent / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
