"""What a clerk on Windows meets outside the checks: a pipe closed early (its EINVAL), a folder dropped
onto wuxiao.exe, and the console window a double-click opens (simulated here: Windows' part injected)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

# The child of the pipe tests: stdout on a pipe whose reader is gone, written through a file that fails
# as Windows' C runtime does (EINVAL, not EPIPE); cli.streams is told it runs on Windows.
WINDOWS_PIPE = textwrap.dedent("""
    import errno, io, os, sys

    class WindowsCrtFile(io.FileIO):
        def write(self, data):
            try:
                return super().write(data)
            except BrokenPipeError:
                raise OSError(errno.EINVAL, "Invalid argument") from None

    read_end, write_end = os.pipe()
    if sys.argv[1] == "closed":
        os.close(read_end)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(WindowsCrtFile(write_end, "w")), encoding="utf-8")
    import importlib
    from wuxiao_cli.cli import streams
    app = importlib.import_module("wuxiao_cli.cli.app")  # the module (the package names its Typer app `app`)
    streams.WINDOWS = True
    if sys.argv[2] == "fails":  # an EINVAL of the command's own (a bad name on Windows): not the pipe's
        def failing(*args, **kwargs):
            raise OSError(errno.EINVAL, "Invalid argument", "a?b.txt")
        app.command = lambda name=None: failing
    sys.argv = ["wuxiao", "rules"]
    app.main()
""")


def windows_pipe(*how: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-c", WINDOWS_PIPE, *how], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_a_pipe_closed_on_windows_is_the_quiet_141_not_an_internal_error():
    """`wuxiao rules | more`, `more` quit: Windows says EINVAL where POSIX says EPIPE."""
    done = windows_pipe("closed", "rules")
    assert (done.returncode, done.stderr) == (141, "")


def test_another_einval_on_windows_is_still_reported():
    done = windows_pipe("open", "fails")
    assert done.returncode == 2 and "内部错误 OSError" in done.stderr and "a?b.txt" in done.stderr
    done = windows_pipe("closed", "fails")  # even with the pipe closed: this EINVAL is not the pipe's
    assert done.returncode == 2 and "内部错误 OSError" in done.stderr
