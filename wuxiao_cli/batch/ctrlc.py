"""Ctrl+C while the batch's workers are still starting: no Python traceback from each of them.

A console's Ctrl+C reaches every process attached to it. A spawned worker imports for half a second or
more (the frozen build longer) before pebble's worker code sets SIGINT to "ignore"; a Ctrl+C in that
time ended each starting worker with a KeyboardInterrupt traceback on the clerk's screen. So a worker is
born with Ctrl+C held off: the thread that starts it holds it off meanwhile, and the child inherits that
(POSIX: SIGINT blocked in the starting thread, a mask that survives exec, as multiprocessing's own
resource tracker is started; Windows: the console's "ignore Ctrl+C" flag, which child processes
inherit). This process still takes Ctrl+C (POSIX: a moment late; Windows: not while a worker starts)
and stops the pool, which ends the workers. A ready worker gives back what it inherited (taken_back).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import SpawnContext, SpawnProcess

WINDOWS = os.name == "nt"


def _console_ignores_ctrl_c(ignore: bool) -> None:
    import ctypes

    ctypes.WinDLL("kernel32").SetConsoleCtrlHandler(None, ignore)  # NULL handler: the inherited flag


@contextmanager
def held_off() -> Iterator[None]:
    """Ctrl+C held off for what this thread starts meanwhile."""
    if WINDOWS:
        _console_ignores_ctrl_c(True)
        try:
            yield
        finally:
            _console_ignores_ctrl_c(False)
    elif hasattr(signal, "pthread_sigmask"):
        before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a Ctrl+C meanwhile is delivered now
    else:
        yield


def taken_back() -> None:
    """In a ready worker, where pebble ignores SIGINT by now: the inherited hold is undone (a Ctrl+C
    held meanwhile is dropped), so the tools the worker runs do not inherit it."""
    if WINDOWS:
        _console_ignores_ctrl_c(False)
    elif hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _QuietStartProcess(SpawnProcess):
    def start(self) -> None:
        with held_off():
            super().start()


class QuietStartContext(SpawnContext):
    """The "spawn" context whose processes are born with Ctrl+C held off (pebble starts its workers,
    and their replacements, through it)."""

    Process = _QuietStartProcess
