"""pebble's ProcessPool, stopping its workers before it unlinks the pool's semaphores.

pebble 5.2.1 and later close the pool's channels, which unlinks their named semaphores, and only then
stop the workers. A worker still starting at that moment (the replacement of one that crashed or timed
out, or a slow starter whose share the others finished) can no longer open them and prints a traceback
on the clerk's screen. Here the pool's manager is joined first, so no worker starts after that, and the
workers are stopped before the channels close. It reaches into pebble's internals: pyproject pins the
minor version, and the batch runner's crash and start-failure tests exercise this path.
"""

from __future__ import annotations

from pebble import ProcessPool


class Pool(ProcessPool):
    def _stop_pool(self) -> None:
        if self._pool_manager_loop is not None:
            self._pool_manager_loop.join()
        self._pool_manager.worker_manager.force_stop_workers()
        super()._stop_pool()
