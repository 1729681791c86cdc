"""Does a batch 10× larger cost 10× the time, with the parent's memory flat? `python bench/scale.py [N=330] [--jobs 2]`

Generates N and 10·N small projects (tests/batch_helpers.make_project: real but tiny media, a form.toml,
a quiz bank) with distinct random names and media sizes, so that the batch rules do their ordinary amount of work, and
checks each in one run: wall and CPU seconds, per-project cost, parent and worker peak RSS. The media
are tiny on purpose: this measures what grows with the number of projects, not reading big files
(bench/batch.py --realistic does that). Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.batch import check_once  # noqa: E402  (the repository root must be on sys.path first)
from tests.batch_helpers import UNIONS, make_project, mp3_bytes  # noqa: E402

HANZI = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def make_small_batch(n: int, out: Path) -> None:
    """Each project's photos, video and recording are a few bytes longer than the last one's, as real
    files' sizes differ: same-size files are what B003 has to keep and hash (a worst case of its own)."""
    rng = random.Random(n)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name = "".join(rng.choice(HANZI) for _ in range(10)) + "装置的研制"
        make_project(out / f"{i:05d}", name, union=UNIONS[i % len(UNIONS)], tag=f"{i:05d}" + "·" * i,
                     audio=mp3_bytes() + bytes(i))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 330
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "2"
    walls = {}
    for size in (n, 10 * n):
        out = REPO / "bench" / "out" / f"scale-{size}"
        if not out.is_dir() or len([p for p in out.iterdir() if p.is_dir()]) != size:
            t = time.perf_counter()
            make_small_batch(size, out)
            print(f"generated {size} small projects in {time.perf_counter() - t:.1f} s")
        print(f"{size} projects:", end=" ")
        walls[size] = check_once(out, size, jobs)
    print(f"{10 * n} vs {n} projects: {walls[10 * n] / walls[n]:.1f}x the time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
