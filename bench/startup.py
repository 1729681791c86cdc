"""Start-up cost: `wuxiao --version`, `--help` and `check examples/good-project`, best and median of 7.

    python bench/startup.py [--against OTHER_CHECKOUT]

With --against, the same commands run from another checkout (e.g. `git worktree add /tmp/base c25179a`)
interleaved with this one, so both see the same machine load, and the ratios are printed. Bytecode is
cached (as a pip install has it) under bench/out/pycache. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = {"--version": ["--version"], "--help": ["--help"],
         "check good-project": ["check", str(REPO / "examples" / "good-project"), "--quiet"]}
RUNS = 7


def timed(tree: Path, args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    env["PYTHONPYCACHEPREFIX"] = str(REPO / "bench" / "out" / "pycache" / tree.name)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], cwd=tree, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    trees = [REPO]
    if "--against" in argv:
        trees.append(Path(argv[argv.index("--against") + 1]).resolve())
    print(f"load average {os.getloadavg()[0]:.1f}; {RUNS} runs each, interleaved")
    for name, args in CASES.items():
        for tree in trees:
            timed(tree, args)  # compile and cache bytecode, warm the page cache
        times: dict[Path, list[float]] = {tree: [] for tree in trees}
        for _ in range(RUNS):
            for tree in trees:
                times[tree].append(timed(tree, args))
        line = [f"{name:>20}:"]
        for tree in trees:
            line.append(f"{tree.name} best {min(times[tree]):.3f} s, median {statistics.median(times[tree]):.3f} s")
        if len(trees) == 2:
            line.append(f"ratio (median) {statistics.median(times[trees[1]]) / statistics.median(times[REPO]):.1f}x")
        print("  ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
