"""Start-up cost: `wuxiao --version`, `--help`, `check` of the good and the flawed example, best and median.

    python bench/startup.py [--against OTHER_CHECKOUT] [--runs N] [--only NAME] [--top N]

For each command: wall time (the issue 16 target: check ≤ 0.4 s), the CPU time the process used (less
disturbed than wall time on a shared machine), and `-X importtime`'s total (the sum of every module's
own import time, best of the runs) with the number of modules imported: the least noisy figure.
With --against, the same commands run from another checkout (e.g. `git worktree add /tmp/base c25179a`)
interleaved with this one, so both see the same machine load, and the ratios are printed. --runs sets
the runs per command (default 15), --only one command by the start of its name (e.g. `--only check good`),
--top the N imports of this checkout that take longest, with what they import (best of the runs).
Bytecode is cached (as a pip install has it) under bench/out/pycache. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = {"--version": ["--version"], "--help": ["--help"],
         "check good-project": ["check", str(REPO / "examples" / "good-project"), "--quiet"],
         "check flawed-project": ["check", str(REPO / "examples" / "flawed-project"), "--quiet"]}
RUNS = 15


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the child


def run(tree: Path, args: list[str], *extra: str) -> tuple[Run, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    env["PYTHONPYCACHEPREFIX"] = str(REPO / "bench" / "out" / "pycache" / tree.name)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *extra, "-m", "wuxiao_cli", *args], cwd=tree, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime), done.stderr


def import_times(stderr: str) -> dict[str, tuple[int, int]]:
    """-X importtime's lines: module (indented under the one importing it) → (own µs, with what it imports)."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, cumulative, name = line.split(":", 1)[1].split("|")
            out[name.rstrip()] = int(own), int(cumulative)
    return out


def import_total(times: dict[str, tuple[int, int]]) -> tuple[float, int]:
    """(seconds spent importing, modules imported)."""
    return sum(own for own, _ in times.values()) / 1e6, len(times)


def top_imports(runs: list[dict[str, tuple[int, int]]], n: int) -> list[str]:
    """The ``n`` imports taking longest with what they import, best of the runs (least disturbed)."""
    best: dict[str, tuple[int, int]] = {}
    for times in runs:
        for name, (own, cumulative) in times.items():
            was = best.get(name, (own, cumulative))
            best[name] = min(was[0], own), min(was[1], cumulative)
    longest = sorted(best, key=lambda name: best[name][1], reverse=True)[:n]
    return [f"{best[name][1] / 1000:7.1f} ms  (own {best[name][0] / 1000:4.1f})  {name}" for name in longest]


def main(argv: list[str]) -> int:
    trees = [REPO]
    if "--against" in argv:
        trees.append(Path(argv[argv.index("--against") + 1]).resolve())
    runs_each = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else RUNS
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 0
    print(f"load average {os.getloadavg()[0]:.1f}; {runs_each} runs each, interleaved")
    for name, args in CASES.items():
        if not name.startswith(only):
            continue
        for tree in trees:
            run(tree, args)  # compile and cache bytecode, warm the page cache
        runs: dict[Path, list[Run]] = {tree: [] for tree in trees}
        imports: dict[Path, list[dict[str, tuple[int, int]]]] = {tree: [] for tree in trees}
        for _ in range(runs_each):
            for tree in trees:
                runs[tree].append(run(tree, args)[0])
                imports[tree].append(import_times(run(tree, args, "-X", "importtime")[1]))
        print(f"{name}:")
        for tree in trees:
            walls, cpus = [r.wall for r in runs[tree]], [r.cpu for r in runs[tree]]
            seconds, modules = min(import_total(times) for times in imports[tree])
            print(f"  {tree.name:>12}: wall median {statistics.median(walls):.3f} s (best {min(walls):.3f}), "
                  f"CPU median {statistics.median(cpus):.3f} s, imports {seconds:.3f} s / {modules} modules")
        if len(trees) == 2:
            ratio = statistics.median(r.wall for r in runs[trees[1]]) / statistics.median(r.wall for r in runs[REPO])
            imported = min(import_total(t) for t in imports[trees[1]])[0] / min(import_total(t) for t in imports[REPO])[0]
            print(f"  {'ratio':>12}: wall {ratio:.2f}x, imports {imported:.2f}x ({trees[1].name} / {REPO.name})")
        if top:
            print(f"  longest imports of {REPO.name} (cumulative, best of {runs_each}):")
            print("\n".join(f"    {line}" for line in top_imports(imports[REPO], top)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
