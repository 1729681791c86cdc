"""What a clerk on Windows meets outside the checks: a pipe closed early (its EINVAL), a folder dropped
onto wuxiao.exe, and the console window a double-click opens (simulated here: Windows' part injected)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

from tests.conftest import EXAMPLES, REPO, invoke_cli
from wuxiao_cli.__main__ import PRESS_ENTER, console_processes, holds_window, window_is_ours

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


# The frozen wuxiao.exe as Explorer starts it: sys.frozen set, argv[0] the exe, and Windows' answer to
# "how many processes share this console" given (1: Explorer's window, ours alone; 2: cmd and us).
FROZEN = textwrap.dedent("""
    import sys
    sys.frozen = True
    import wuxiao_cli.__main__ as entry
    sharing = int(sys.argv[1])
    entry.console_processes = lambda: sharing
    sys.argv = ["C:\\\\wuxiao\\\\wuxiao.exe", *sys.argv[2:]]
    entry.main()
""")


def frozen(sharing: int, *args: str, cwd=REPO) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    return subprocess.Popen([sys.executable, "-c", FROZEN, str(sharing), *map(str, args)], cwd=cwd, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")


def waits_for_enter(proc: subprocess.Popen) -> tuple[int, str, str]:
    """The prompt comes, the process is still there until Enter; then its exit code and output."""
    lines = []
    while (line := proc.stderr.readline()) and PRESS_ENTER not in line:
        lines.append(line)
    assert PRESS_ENTER in line, "".join(lines)
    time.sleep(0.3)
    assert proc.poll() is None, "the window would have closed without waiting"
    out, err = proc.communicate("\n", timeout=60)
    return proc.returncode, out, "".join(lines) + err


def test_a_folder_dropped_on_the_exe_is_checked_and_the_window_waits():
    code, out, err = waits_for_enter(frozen(1, EXAMPLES / "good-project"))
    assert code == 0 and "通过" in out and "没有命令" not in err


def test_two_folders_dropped_are_checked_together_and_the_window_waits():
    code, out, _ = waits_for_enter(frozen(1, EXAMPLES / "good-project", EXAMPLES / "flawed-project"))
    assert code == 1 and "共 2 个项目：1 个通过，1 个不通过" in out


def test_an_error_after_a_double_click_waits_before_the_window_closes():
    code, _, err = waits_for_enter(frozen(1, "chek"))
    assert code == 2 and "没有命令 chek，是要用 check 吗？" in err


def test_run_from_cmd_or_powershell_the_exe_never_waits():
    for sharing in (2, 0):  # cmd + wuxiao; no console at all (or not Windows)
        proc = frozen(sharing, EXAMPLES / "good-project")
        out, err = proc.communicate(timeout=120)  # stdin stays open: a wait would never end
        assert proc.returncode == 0 and "通过" in out and PRESS_ENTER not in err


def test_the_app_closed_normally_or_ctrl_c_does_not_hold_the_window():
    assert not holds_window(["gui"], 0) and not holds_window(["gui"], None)
    assert holds_window(["gui"], 2)  # the app could not start: its message stays readable
    assert holds_window(["check", "项目"], 0) and holds_window(["项目"], 1)
    assert not holds_window(["项目"], 130) and not holds_window(["gui"], 130)  # Ctrl+C: asked to stop


def test_this_os_is_not_asked_for_windows_consoles():
    if os.name != "nt":
        assert console_processes() == 0 and not window_is_ours()


def test_wuxiao_with_a_path_checks_it_and_a_mistyped_command_is_still_an_error(tmp_path):
    good = str(EXAMPLES / "good-project")
    assert invoke_cli(good).stdout == invoke_cli("check", good).stdout
    both = invoke_cli(good, str(EXAMPLES / "flawed-project"), "--format", "json")
    assert both.returncode == 1 and len(json.loads(both.stdout)["projects"]) == 2
    typo = invoke_cli("chek", cwd=tmp_path)
    assert typo.returncode == 2 and "没有命令 chek，是要用 check 吗？" in typo.stderr
    (tmp_path / "rules").mkdir()  # a folder named like a command: the command wins
    assert "P005" in invoke_cli("rules", cwd=tmp_path).stdout
    for missing in ("./不存在的文件夹", "成果.zip"):  # written as a path, mistyped: where it is not, not 没有命令
        gone = invoke_cli(missing, cwd=tmp_path)
        assert gone.returncode == 2 and "找不到路径" in gone.stderr and "没有命令" not in gone.stderr, gone.stderr


def test_powershell_users_are_told_to_save_a_report_with_o_not_a_redirect():
    """PowerShell 5.1 re-encodes a program's output through the console code page: `>` stores mojibake."""
    help_text = " ".join(invoke_cli("check", "--help").stdout.split())
    assert "PowerShell" in help_text and "不要用 > 重定向" in help_text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`-o 报告.txt`" in readme and "PowerShell 5.1" in readme and "cmd.exe 里的 `>` 没有这个问题" in readme
