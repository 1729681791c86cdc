"""Run a media reader in a helper process under a time limit (SPEC §10: a slow read becomes a finding).

MediaInfo can spend a minute on one crafted header (an MP4 `stts` claiming 2³¹ entries) and a C call
cannot be interrupted in-process. One helper process (spawn: the same on Windows, macOS and Linux)
is started on the first call and reused; a call over its limit kills it, and the next call starts
a fresh one. The limit is per file; inside a batch worker (a child process) the batch's own
per-project limit already applies, so the reader runs there directly, with no helper of its own.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

TIMEOUT_ENV = "WUXIAO_MEDIA_TIMEOUT"  # seconds; tests and slow network drives may change it
DEFAULT_TIMEOUT = 20.0

_pool: list[ProcessPoolExecutor] = []


class ReadTimeout(Exception):
    """The reader went past its time limit and was stopped."""

    def __init__(self, seconds: float):
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


class ReaderDied(Exception):
    """The helper process died (out of memory, a crash in the library): the tool's fault, not the file's."""


def time_limit() -> float:
    try:
        return max(float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)), 0.1)
    except ValueError:
        return DEFAULT_TIMEOUT


def _exit_with_parent() -> None:
    """In the helper: leave as soon as the process that started it is gone (killed, crashed), so a
    killed `wuxiao` never leaves a helper behind holding its terminal or pipes."""
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="wuxiao-parent-watch").start()


def _executor() -> ProcessPoolExecutor:
    if not _pool:
        _pool.append(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_exit_with_parent))
        # Stop the helper before multiprocessing joins its children at exit (a batch worker would
        # otherwise wait forever for an idle helper); atexit does not run in multiprocessing children.
        multiprocessing.util.Finalize(None, _discard, exitpriority=10)
    return _pool[0]


def _discard() -> None:
    """Kill the helper now (a stuck C call never returns) and forget it."""
    if not _pool:
        return
    pool = _pool.pop()
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def call(fn, *args, timeout: float | None = None):
    """``fn(*args)`` in the helper process; raises ReadTimeout or ReaderDied, or what ``fn`` raised."""
    if multiprocessing.parent_process() is not None:
        return fn(*args)  # already a worker (a batch's): its parent holds it to a time limit and kills it
    limit = time_limit() if timeout is None else timeout
    future = _executor().submit(fn, *args)
    try:
        return future.result(timeout=limit)
    except FutureTimeout:
        _discard()
        raise ReadTimeout(limit) from None
    except BrokenProcessPool:
        _discard()
        raise ReaderDied() from None
