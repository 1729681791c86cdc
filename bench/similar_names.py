"""Time B002 (near-duplicate names) over a province's worth of names: `python bench/similar_names.py [N=2000] [--old]`.

Names come from tests/test_batch_similar_names.py's generator (shared stems, one-character slips).
``--old`` also times every pair in difflib (the rule before rapidfuzz picked candidates) and checks
both find the same pairs. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from tests.test_batch_rules import run  # noqa: E402
from tests.test_batch_similar_names import all_pairs, names  # noqa: E402  (repository root first)
from wuxiao_cli.engine import ProjectResult  # noqa: E402


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 2000
    named = [(f"p{i:05d}", name) for i, name in enumerate(names(n, seed=16))]
    results = [ProjectResult(path=p, name=p, findings=[], fields={"name": name}) for p, name in named]
    start = time.perf_counter()
    found = run("B002", results)
    new = time.perf_counter() - start
    print(f"B002 over {n} names: {new:.2f} s, {len(found)} pairs")
    if "--old" in argv:
        start = time.perf_counter()
        expected = all_pairs(named)
        old = time.perf_counter() - start
        same = [p.projects for p in found] == [(a, b) for a, b, _ in expected]
        print(f"every pair in difflib: {old:.2f} s, {len(expected)} pairs; same pairs: {same}; {old / new:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
