"""The batch's process pool stops cleanly while a worker is still starting (batch/pool.py).

pebble 5.2.1+ unlinks the pool's semaphores before it stops the workers; a replacement worker still
importing the package then fails to open them and prints a traceback into the clerk's console. The
script below makes that moment certain: its workers take 0.3 s to import (as wuxiao's do on a slow
laptop), one task kills its worker so pebble starts a replacement, and the pool is stopped at once
while the other worker takes 0.5 s to exit. With pebble's own ProcessPool it printed the traceback
in 10 runs of 10; with ours, in none.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import multiprocessing, multiprocessing.util, os, sys, time
sys.path.insert(0, {repo!r})
from wuxiao_cli.batch.pool import Pool

if __name__ == "__mp_main__":
    time.sleep(0.3)  # a worker importing a big package

def slow_exit():
    multiprocessing.util.Finalize(None, time.sleep, (0.5,), exitpriority=10)

def crash():
    time.sleep(0.3)
    os._exit(70)

if __name__ == "__main__":
    pool = Pool(max_workers=2, initializer=slow_exit, context=multiprocessing.get_context("spawn"))
    try:
        pool.schedule(crash).result()
    except Exception as exc:
        print(type(exc).__name__)
    pool.stop()
    pool.join()
    print("stopped", [p.pid for p in multiprocessing.active_children()])
"""


def test_stopping_while_a_replacement_worker_starts_prints_no_traceback(tmp_path):
    script = tmp_path / "pool_race.py"
    script.write_text(SCRIPT.format(repo=str(REPO)), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.split() == ["ProcessExpired", "stopped", "[]"]  # the crash was seen; no worker left
