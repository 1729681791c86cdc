"""A check seen from outside while it runs: the file it is reading, and a way to stop it (the app's 停止检查).

The check calls its Watch at each file boundary (Project.checkpoint): that records the file and, once
``stop()`` was asked, raises Stopped there, so the check unwinds through its own ``with`` blocks and an
archive's temporary folder goes with them. Stopped is a BaseException: no ``except Exception`` of a rule
or reader turns it into a finding. Nothing here sends a signal: the same on Windows.
"""

from __future__ import annotations

import threading

POLL = 0.1  # seconds between looks at the stop request while waiting for a check
GRACE = 2.0  # seconds a stopped check gets to reach its next file boundary and clean up


class Stopped(BaseException):
    """The user stopped the check: neither a finding nor a bug."""


class Watch:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self.reading = ""  # the file being read, relative to its project: set by the check's thread only

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def __call__(self, rel: str | None = None) -> None:
        """A file boundary of the check: raises Stopped once stopping was asked; ``rel`` is the file next read."""
        if self._stop.is_set():
            raise Stopped
        if rel is not None:
            self.reading = rel

    def join(self, thread: threading.Thread, limit: float) -> None:
        """Wait up to ``limit`` s for ``thread``, a check running in this process; when stopped, give it
        GRACE s to unwind and return, alive or not (a C reader cannot be interrupted: it ends with the process)."""
        waited = 0.0
        while thread.is_alive() and waited < limit:
            thread.join(min(POLL, limit - waited))
            waited += POLL
            if self.stopped:
                thread.join(GRACE)
                return
