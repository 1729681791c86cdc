"""The tool's own faults are reported as the tool's: libmediainfo that cannot be loaded stops the
command at start-up with one line (exit 2), and no video is ever blamed for it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "examples" / "good-project"

# Loaded by every interpreter started with this folder on PYTHONPATH, spawned workers included:
# the library load fails as it does on a Linux without the bundled libmediainfo (whoever asks to load it).
BROKEN_LOADER = '''
import ctypes

_load = ctypes.CDLL.__init__


def _no_mediainfo(self, name, *args, **kwargs):
    if "mediainfo" in str(name).lower():
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    _load(self, name, *args, **kwargs)


ctypes.CDLL.__init__ = _no_mediainfo
'''


def run_without_mediainfo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(BROKEN_LOADER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(REPO)]), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=300)


@pytest.mark.parametrize("args", [
    ("check", str(GOOD)),
    ("check", str(GOOD), "--format", "json"),
    ("check", str(REPO / "examples" / "batch"), "--jobs", "2", "--quiet"),
    ("fix", str(GOOD), "-o", "out"),
])
def test_unloadable_mediainfo_is_one_line_exit_2_and_no_finding(tmp_path, args):
    proc = run_without_mediainfo(tmp_path, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "libmediainfo" in lines[0] and "pip install" in lines[0]
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""  # no report, so no V003 "无法读取视频流" on anyone's file
    assert not (tmp_path / "out").exists()


def test_unloadable_mediainfo_stops_pack_before_any_zip(tmp_path):
    proc = run_without_mediainfo(tmp_path, "pack", str(GOOD), "-o", str(tmp_path))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("*.zip")) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses the Linux name of pymediainfo's library")
def test_a_library_that_is_not_mediainfo_is_the_tools_fault_too(tmp_path):
    """pymediainfo's folder holding some other shared library (a damaged install): it loads, but has no
    MediaInfo in it, and that is reported as the tool's fault, as when nothing loads at all."""
    import _ctypes

    package = tmp_path / "hook" / "pymediainfo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(_ctypes.__file__, package / "libmediainfo.so.0")  # a real library, not MediaInfo
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "hook"), str(REPO)]), "PYTHONUTF8": "1"}
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", "check", str(GOOD)], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "libmediainfo" in proc.stderr and proc.stdout == ""


def test_with_mediainfo_the_same_check_runs(tmp_path):
    """The other side of the line: the hook folder without the broken loader changes nothing."""
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", "check", str(GOOD), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"})
    assert proc.returncode == 0, proc.stderr
    assert '"V003"' not in proc.stdout


def test_commands_that_read_no_video_still_run(tmp_path):
    from wuxiao_cli.media.video import mediainfo_loads

    assert mediainfo_loads()  # here the real library loads
    proc = run_without_mediainfo(tmp_path, "rules")
    assert proc.returncode == 0 and "V003" in proc.stdout
