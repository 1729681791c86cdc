"""Benchmark: `wuxiao quiz check` on banks of 20, 1,000 and 50,000 rows — wall time, CPU and peak RSS.

Run from the repository root: ``python bench/quiz.py [--libreoffice] [ROWS ...]``. Each check runs in a
fresh process so its peak RSS is its own. Prints figures; asserts nothing. Cost should grow linearly
with rows and memory stay flat (one pass for all Q rules). CPU seconds are printed too: the machine
may be shared. "read s" is the part of the check spent reading cells (opening the bank and streaming
its rows, timed again after the check); the rest is the Q rules. ``--libreoffice`` also checks each
bank as LibreOffice Calc saves it (shared strings, its own styles), as clerks' banks are.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's wuxiao_cli, not an installed one
CHILD = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from wuxiao_cli.engine import Options, run_rules
from wuxiao_cli.profile import load_profile
from wuxiao_cli.quiz.standalone import BankOnly
t1, c1 = time.perf_counter(), time.process_time()
findings = run_rules(BankOnly(Path(sys.argv[1]), load_profile(None)), Options())
t2, c2 = time.perf_counter(), time.process_time()
try:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux → MiB
except ImportError:
    rss = None
from wuxiao_cli.quiz.loader import open_bank
t3 = time.perf_counter()
with open_bank(Path(sys.argv[1])) as bank:
    rows = sum(1 for _ in bank.rows())
read = time.perf_counter() - t3
print(json.dumps({"import": t1 - t0, "check": t2 - t1, "cpu": c2 - c1, "read": read, "rss_mb": rss,
                  "findings": len(findings)}))
"""


def make_bank(path: Path, rows: int) -> None:
    """A realistic bank, written with openpyxl's write-only mode; every 100th answer is lower case (Q016)."""
    from openpyxl import Workbook

    from wuxiao_cli.quiz import HEADER

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("题库")
    ws.append(HEADER)
    kinds = ("单选", "多选", "判断")
    for i in range(rows):
        kind = kinds[i % 3]
        options = [] if kind == "判断" else ["三个滚动支承爪", "弹簧预紧", "刻度盘微调 0.01 mm", "焊接固定"]
        answer = {"单选": "c" if i % 100 == 0 else "C", "多选": "ABC", "判断": "对"}[kind]
        source = "视频 00:02-00:10" if i % 4 == 0 else "成果创新点"
        ws.append([kind, f"第 {i} 题：关于可调式防振跟刀架的结构与应用，下列说法正确的是", *options,
                   *[None] * (6 - len(options)), answer, "圆度误差由 0.05 mm 降至 0.012 mm。", "中级", source])
    wb.save(path)


def libreoffice_copy(path: Path) -> Path | None:
    """``path`` opened and saved again by LibreOffice Calc, or None when soffice is missing or fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    outdir = path.parent / "libreoffice"
    profile = (path.parent / "lo-profile").as_uri()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)], capture_output=True, timeout=600)
    out = outdir / path.name
    return out if out.is_file() else None


def check(label: str, path: Path) -> None:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", check=True)
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    wall = time.perf_counter() - start - stats["read"]  # the process as a user runs it: without the second read
    rss = f"{stats['rss_mb']:.1f}" if stats["rss_mb"] is not None else "n/a"
    print(f"{label:>14} {path.stat().st_size / 1024:>9.0f} {wall:>8.2f} {stats['check']:>8.2f} {stats['cpu']:>12.2f} "
          f"{stats['read']:>7.2f} {rss:>12} {stats['findings']:>9}")


def main(sizes: list[int], libreoffice: bool) -> None:
    print(f"{'rows':>14} {'file KB':>9} {'wall s':>8} {'check s':>8} {'check CPU s':>12} {'read s':>7} {'peak RSS MB':>12} "
          f"{'findings':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = Path(tmp) / f"bank-{rows}.xlsx"
            make_bank(path, rows)
            check(str(rows), path)
            if libreoffice:
                saved = libreoffice_copy(path)
                if saved is None:
                    print(f"{rows:>8} (LO) LibreOffice (soffice) is missing or failed: not measured")
                else:
                    check(f"{rows} (LO)", saved)


if __name__ == "__main__":
    args = sys.argv[1:]
    main([int(a) for a in args if a != "--libreoffice"] or [20, 1_000, 50_000], "--libreoffice" in args)
