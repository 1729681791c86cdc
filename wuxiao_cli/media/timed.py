"""Run a media reader under a time limit (SPEC §10: a slow read becomes a finding, not a stall).

MediaInfo can spend a minute on one crafted header (an MP4 `stts` claiming 2³¹ entries) and a C call
cannot be interrupted. The read runs in a daemon thread (ctypes releases the GIL, so the check goes on);
past the limit it is abandoned: the file gets a "读取超时" finding and the stray call ends with the
process, which a daemon thread never holds up. Measured on that header: memory stays flat while it
spins. A thread instead of a helper process keeps a one-project check from paying a process start
(~0.5 s) on every video; inside a batch worker the batch's own per-project limit applies as well.
"""

from __future__ import annotations

import os
import threading

TIMEOUT_ENV = "WUXIAO_MEDIA_TIMEOUT"  # seconds; tests and slow network drives may change it
DEFAULT_TIMEOUT = 20.0


class ReadTimeout(Exception):
    """The reader went past its time limit and was abandoned."""

    def __init__(self, seconds: float):
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


def time_limit() -> float:
    try:
        return max(float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)), 0.1)
    except ValueError:
        return DEFAULT_TIMEOUT


def call(fn, *args, timeout: float | None = None, watch=None):
    """``fn(*args)`` within the time limit; raises ReadTimeout, or what ``fn`` raised.
    ``watch`` (wuxiao_cli.watch.Watch): the wait also ends soon after it is stopped, raising Stopped."""
    limit = time_limit() if timeout is None else timeout
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = fn(*args)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    reader = threading.Thread(target=run, daemon=True, name="wuxiao-media-read")
    reader.start()
    if watch is None:
        reader.join(limit)
    else:
        watch.join(reader, limit)
    if reader.is_alive():
        if watch is not None and watch.stopped:
            from wuxiao_cli.watch import Stopped

            raise Stopped
        raise ReadTimeout(limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
