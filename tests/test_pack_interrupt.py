"""Killing pack midway leaves no .zip and an unchanged source folder; the next run succeeds (acceptance 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.pack_helpers import REPO_ROOT, copy_project, tree_digest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def big_project(passing_project, tmp_path_factory):
    """The passing project plus 80 MB of incompressible data (deflated: slow enough to interrupt)."""
    proj = copy_project(passing_project, tmp_path_factory.mktemp("big") / "big")
    data_dir = proj / "资料"
    data_dir.mkdir()
    for n in range(2):
        with open(data_dir / f"测量数据{n + 1}.bin", "wb") as fh:
            for _ in range(40):
                fh.write(os.urandom(1 << 20))
    return proj


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_pack_leaves_no_zip(big_project, tmp_path, sig):
    before = tree_digest(big_project)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", "pack", str(big_project), "-o", str(out)],
                            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob("*.wuxiao-part")):
        assert proc.poll() is None, "pack ended before its temporary file was seen"
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.005)
    time.sleep(0.2)  # well inside the write
    assert proc.poll() is None
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert list(out.glob("*.zip")) == []
    if sig == signal.SIGINT:
        assert list(out.iterdir()) == []  # the temporary file is removed on Ctrl+C
    assert tree_digest(big_project) == before
    again = subprocess.run([sys.executable, "-m", "wuxiao_cli", "pack", str(big_project), "-o", str(out)],
                           cwd=REPO_ROOT, capture_output=True)
    assert again.returncode == 0, again.stderr.decode("utf-8", "replace")
    assert len(list(out.glob("*.zip"))) == 1
    assert list(out.glob("*.wuxiao-part")) == []  # a killed run's leftover is cleared by the next one
    assert tree_digest(big_project) == before
