"""`python -m wuxiao_cli` and the `wuxiao` command.

`wuxiao --version` is answered here before the command line (Typer, which builds every option) is
imported: it is what installers and scripts call to see that the tool runs, and it should be instant.

The frozen wuxiao.exe is a console program. Started from Explorer (a double-click, or folders dropped
onto it), Windows opens a console window for it alone and closes that window the moment it exits: the
clerk would see the report, or an error, only as a flash. So there it waits for Enter first; started
from cmd or PowerShell it never does (the window is theirs and stays).
"""

import os
import sys

PRESS_ENTER = "按回车键关闭窗口"


def main() -> None:
    if not getattr(sys, "frozen", False):
        _run()
        return
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen wuxiao.exe: its batch workers must not re-run the CLI
    if len(sys.argv) == 1:  # double-clicked, not typed: open the app (a terminal `wuxiao` shows help)
        sys.argv.append("gui")
    alone = window_is_ours()  # asked first: the batch's workers share the console while they run
    code: object = 1
    try:
        _run()
        code = 0
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        if alone and holds_window(sys.argv[1:], code):
            wait_for_enter()


def _run() -> None:
    if sys.argv[1:] == ["--version"]:
        from wuxiao_cli import __version__

        print(f"wuxiao {__version__}")
        return
    from wuxiao_cli.cli import main as cli_main

    cli_main()


def console_processes() -> int:
    """How many processes share this console (Windows' GetConsoleProcessList); 0 elsewhere or on failure."""
    if os.name != "nt":
        return 0
    import ctypes

    pids = (ctypes.c_uint32 * 4)()
    try:
        return int(ctypes.WinDLL("kernel32").GetConsoleProcessList(pids, len(pids)))
    except (OSError, AttributeError):
        return 0


def window_is_ours() -> bool:
    """This process alone uses its console: Explorer opened the window for it, and closes it as it exits.
    From cmd or PowerShell the shell shares it (2 or more); the onedir build runs in one process."""
    return console_processes() == 1


def holds_window(args: list[str], code: object) -> bool:
    """Wait after a report or any error; not after Ctrl+C (asked to stop), nor when the app (double-click)
    was closed normally."""
    return code != 130 and not (args == ["gui"] and code in (0, None))


def wait_for_enter() -> None:
    try:
        sys.stdout.flush()
        sys.stderr.write(f"\n{PRESS_ENTER}\n")
        sys.stderr.flush()
        sys.stdin.readline()
    except (OSError, ValueError, AttributeError, EOFError, KeyboardInterrupt):  # no console left, or Ctrl+C
        pass


if __name__ == "__main__":
    main()
