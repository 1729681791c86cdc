"""What the HTML report costs: `python bench/html_report.py [N=330] [--jobs 2] [--realistic] [--phone]
[--repeat 3] [--out bench/out/batch-N]`.

Times `wuxiao check` of a generated batch (bench/make_batch.py; ``--realistic``: the files other tools
make, progressive JPEGs, an ffmpeg video, a PDF scan) without and with `--report x.html`, the two
alternating ``--repeat`` times (the VM's speed drifts: the medians of interleaved runs compare), then
prints both wall times, the extra share, the report's size and its thumbnails' count and largest size.
With the report the cards are made inside the check's own workers, from the facts the rules read (no
second pass over the files): the extra is the pictures' own decoding (photos at draft scale, a
progressive JPEG from its DC scans, a video keyframe; scans are the pictures D003 decoded). Then the
pictures' cost per kind, measured in this process on one project, and a phone's 12-megapixel photo's
with and without the thumbnail cameras store in EXIF. ``--phone``: the same batch with its photos
swapped for such a phone photo (what clerks receive from workers' phones). The issue's budget: ≤ 20 %
extra time and < 30 MB for 330 projects. Prints figures; asserts nothing.

The light batch's photos and video are random noise (1.7 MB for a 1600×1200 baseline JPEG, a 1.7 MB
keyframe): Huffman-decoding those bytes once is the floor of their pictures (~14 and ~35 ms), whatever
the scale. The realistic batch is what clerks send, and where the shortcuts show.
"""

from __future__ import annotations

import base64
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the check and its workers; 0 where the OS does not say)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    try:
        import resource  # POSIX: the CPU of waited-for children, workers included (less swayed by a busy VM)
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv and argv[0].isdigit() else 330
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2"
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    realistic = "--realistic" in argv
    name = f"batch-{n}-realistic" if realistic else f"batch-{n}"
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPO / "bench" / "out" / name
    if not out.is_dir():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_batch.py"), str(n), str(out),
                        *(["--realistic"] if realistic else [])], check=True)
    if "--phone" in argv:
        out = phone_batch(out)
    report = out.parent / f"report-{n}.html"
    base = ["check", str(out), "--quiet", "--jobs", jobs, "-f", "json", "-o", str(out.parent / f"r-{n}.json")]
    plain, with_html = [], []
    for _ in range(repeat):
        plain.append(timed(base))
        with_html.append(timed([*base, "--report", str(report)]))
    text = report.read_text(encoding="utf-8")
    thumbs = [len(base64.b64decode(b)) for b in re.findall(r'src="data:image/jpeg;base64,([^"]+)"', text)]
    print(f"projects: {n}, jobs: {jobs}, {'realistic' if realistic else 'light'} files"
          f"{', phone photos' if '--phone' in argv else ''}, median of {repeat}")
    for what, i in (("wall", 0), ("CPU", 1)):
        a, b = statistics.median(t[i] for t in plain), statistics.median(t[i] for t in with_html)
        pairs = [100 * (h[i] - c[i]) / max(c[i], 1e-9) for c, h in zip(plain, with_html, strict=True)]
        print(f"{what:4} check: {a:6.1f} s, check + HTML report: {b:6.1f} s  (+{100 * (b - a) / max(a, 1e-9):.0f} %; "
              f"run by run +{statistics.median(pairs):.0f} % median, {', '.join(f'{x:+.0f}' for x in pairs)})  "
              f"[{', '.join(f'{t[i]:.1f}' for t in plain)} | {', '.join(f'{t[i]:.1f}' for t in with_html)}]")
    print(f"report size:         {report.stat().st_size / 1048576:8.2f} MB "
          f"({report.stat().st_size / n / 1024:.0f} KB a project)")
    print(f"thumbnails:          {len(thumbs)}, largest {max(thumbs, default=0) / 1024:.1f} KB, "
          f"mean {sum(thumbs) / max(1, len(thumbs)) / 1024:.1f} KB")
    per_kind(next(p for p in sorted(out.iterdir()) if p.is_dir()))
    phone_photo(out.parent)


def per_kind(root: Path) -> None:
    """CPU milliseconds of the check and of each card of one project, the facts already read."""
    from wuxiao_cli.engine import check_project
    from wuxiao_cli.profile import load_profile
    from wuxiao_cli.project import Project
    from wuxiao_cli.report.gallery import card

    prof = load_profile(None)
    for _pass in (1, 2):  # the first pass loads the decoders, as each worker does once
        project = Project(root, prof, root.as_posix())
        start = time.process_time()
        check_project(root, prof, project=project)
        figures = [f"check {1000 * (time.process_time() - start):.0f} ms"]
        for e in project.files:
            start = time.process_time()
            made = card(e.path, e.rel, e.size, seal=e.rel.startswith("authorization/"),
                        read=lambda kind, reader, e=e, p=project: p.facts(kind, e, reader))
            if made.thumb:
                figures.append(f"{e.rel} {1000 * (time.process_time() - start):.0f} ms")
    print("one project, CPU:    " + "; ".join(figures))


def make_phone_photos(work: Path) -> tuple[Path, Path] | None:
    """A phone's photo, 12 megapixels and baseline (ImageMagick), without and with the thumbnail phones
    store in EXIF (exiftool); None without those tools."""
    import shutil

    from PIL import Image

    magick = "/usr/bin/convert" if Path("/usr/bin/convert").exists() else shutil.which("magick")
    if not (magick and shutil.which("exiftool")):
        return None
    bare, camera, thumb = work / "phone-bare.jpg", work / "phone-camera.jpg", work / "phone-thumb.jpg"
    if not camera.exists():
        subprocess.run([magick, "-size", "4000x3000", "plasma:fractal", "-blur", "0x1", "-quality", "92",
                        "-density", "300", "-units", "PixelsPerInch", str(bare)], check=True)
        with Image.open(bare) as im:
            im.resize((160, 120)).save(thumb, "JPEG", quality=80)
        shutil.copyfile(bare, camera)
        subprocess.run(["exiftool", "-q", "-overwrite_original", f"-ThumbnailImage<={thumb}", str(camera)],
                       check=True)
    return bare, camera


def phone_batch(out: Path) -> Path:
    """``out`` with its photos swapped for a phone's (make_phone_photos; the planted flawed photos kept),
    each made distinct; the other files hard-linked, not copied."""
    import os
    import shutil

    from tests.batch_helpers import tagged_jpeg

    phone = out.with_name(out.name + "-phone")
    made = make_phone_photos(out.parent)
    if made is None:
        sys.exit("--phone needs ImageMagick and exiftool")
    if not phone.is_dir():
        shutil.copytree(out, phone, copy_function=os.link)
        data = made[1].read_bytes()
        for photo in sorted(phone.glob("*/photos/*.jpg")):
            if photo.stat().st_size > 1_000_000:
                photo.unlink()  # a hard link: the realistic batch keeps its own
                photo.write_bytes(tagged_jpeg(data, photo.relative_to(phone).as_posix()))
    return phone


def phone_photo(work: Path) -> None:
    """The card's picture of a phone's photo: decoded from the photo at 1/8, and taken from its EXIF
    thumbnail."""
    from wuxiao_cli.media.image import reduced
    from wuxiao_cli.report.gallery import THUMB_MIN

    if (made := make_phone_photos(work)) is None:
        print("phone photo:         skipped (ImageMagick and exiftool needed)")
        return
    figures = []
    for label, path in zip(("decoded at 1/8", "from its EXIF thumbnail"), made, strict=True):
        reduced(path, THUMB_MIN)
        start = time.process_time()
        for _ in range(10):
            reduced(path, THUMB_MIN)
        figures.append(f"{label} {100 * (time.process_time() - start):.1f} ms")
    print(f"phone photo ({made[0].stat().st_size / 1e6:.1f} MB, 4000×3000), CPU: " + "; ".join(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
