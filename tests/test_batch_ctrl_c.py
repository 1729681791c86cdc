"""Ctrl+C while the batch's worker processes are still starting: exit 130, and no Python traceback from
each starting worker (batch.ctrlc)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch_helpers import make_project
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="POSIX process groups, /proc")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("ctrlc")
    for i in range(9):  # more than IN_PROCESS_UP_TO: a pool of workers
        make_project(root / f"项目{i}", f"第{i}号快速对刀装置的研制")
    return root


def _starting_workers(parent: int) -> list[int]:
    """The spawned workers of ``parent`` (their command line still names spawn_main)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"--multiprocessing-fork" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("late", [0.1, 0.25])  # s after the first worker is born: workers importing
def test_ctrl_c_while_workers_start_prints_no_traceback(batch, late):
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", "check", str(batch), "--jobs", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=batch,
                            start_new_session=True)  # a group of its own, as a console window is
    try:
        deadline = time.monotonic() + 60
        while not _starting_workers(proc.pid):
            assert proc.poll() is None and time.monotonic() < deadline, "no worker was started"
            time.sleep(0.002)
        time.sleep(late)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C reaches every process of the console
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = err.decode("utf-8", "replace")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode == 130
