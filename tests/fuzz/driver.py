"""Fuzz driver: check many mutated one-file projects in this process and print one JSON line per case.

Run by tests/fuzz/test_fuzz.py in a subprocess under RLIMIT_AS and a wall limit; by hand:

    PYTHONPATH=. python -m tests.fuzz.driver BASE_DIR --cases 2000 --seed 7

BASE_DIR holds the real files to mutate (base.jpg, base.mp4, base.mp3, base.xlsx, base.docx, base.pdf).
A case is bad when check_project raises, a rule reports an internal error, or memory runs out.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from tests.fuzz import mutate
from tests.hostile import bzip2_zeros

# Where each kind of file sits in a project, and the mutations that apply to it.
PLACES = {"jpg": "photos/正面.jpg", "mp4": "videos/演示.mp4", "mp3": "audio/介绍.mp3", "xlsx": "quizbank.xlsx",
          "docx": "form.docx", "pdf": "authorization/授权书.pdf"}
GENERIC = [mutate.bit_flips, mutate.truncation]
INTERNAL = ("程序出错", "Internal error")


def mutations(deflate, bzip2) -> dict[str, list]:
    ooxml = [*GENERIC, mutate.extreme_ooxml, partial(mutate.bomb_member, bomb=deflate),
             partial(mutate.bomb_member, bomb=bzip2, method=12)]
    return {"jpg": [*GENERIC, mutate.extreme_jpeg], "mp4": [*GENERIC, mutate.extreme_mp4],
            "mp3": [*GENERIC, mutate.extreme_mp3], "xlsx": ooxml, "docx": ooxml,
            "pdf": [*GENERIC, mutate.extreme_pdf, partial(mutate.flate_bomb_pdf, bomb=deflate)]}


def cases(count: int, seed: int, table: dict[str, list]):
    """(case number, kind, mutation) for ``count`` cases, round-robin over kinds and mutations."""
    rng = random.Random(seed)
    kinds = sorted(table)
    for n in range(count):
        kind = kinds[n % len(kinds)]
        yield n, kind, table[kind][(n // len(kinds)) % len(table[kind])], rng.getrandbits(32)


def run_case(base: Path, kind: str, mutation, case_seed: int, work: Path, profile) -> dict:
    from wuxiao_cli.engine import check_project

    data = (base / f"base.{kind}").read_bytes()
    mutated = mutation(data, random.Random(case_seed))
    project = work / "项目"
    shutil.rmtree(project, ignore_errors=True)
    target = project / PLACES[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(mutated)
    name = getattr(mutation, "func", mutation).__name__
    out = {"kind": kind, "mutation": name, "seed": case_seed, "bytes": len(mutated)}
    started = time.monotonic()
    try:
        result = check_project(project, profile)
        out["internal"] = [f.message for f in result.findings if any(w in f.message for w in INTERNAL)]
    except MemoryError:
        out["error"] = "MemoryError"
    except Exception as exc:  # noqa: BLE001 — exactly what the fuzz looks for
        out["error"] = f"{type(exc).__name__}: {exc}"[:500]
    out["seconds"] = round(time.monotonic() - started, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    from wuxiao_cli.profile import load_profile

    profile = load_profile(None)
    table = mutations(mutate.deflate_bomb(), bzip2_zeros(2 << 30))
    with tempfile.TemporaryDirectory(prefix="wuxiao-fuzz-") as tmp:
        for n, kind, mutation, case_seed in cases(args.cases, args.seed, table):
            record = {"case": n, **run_case(args.base, kind, mutation, case_seed, Path(tmp), profile)}
            print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
