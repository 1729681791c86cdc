"""Check many sources (project folders, received archives): in this process when there are few, else in
a pool of worker processes.

Each source is checked whole where it is taken up (batch.source: an archive is extracted, checked and
removed there; the report's cards are made there too); this process only gathers the results.
A small batch (up to IN_PROCESS_UP_TO sources) or `--jobs 1` runs here, one source after another, each
within its time limit: starting a worker costs more than checking a few projects. A larger one goes to a pebble ProcessPool
on a "spawn" context (the same on Windows, macOS and Linux): its ``jobs`` workers start once and stay
warm, each project gets its own time limit counted from when a worker picks it up, and a project that
runs over it or kills its worker costs only that worker (pebble replaces it) while the other projects
carry on. Only a few projects per worker are handed to the pool ahead of time, so its bookkeeping and
this process's memory stay small however big the batch. Results come back sorted by path.

When archives are among the sources, the workers' temporary files go into one private folder of the
batch, which this process removes at the end: a worker killed mid-extraction leaves nothing behind.

Each worker lives under a memory ceiling (RLIMIT_AS, where the platform has it; `--max-memory`) and
exits by itself when this process dies, so a killed batch leaves no worker behind.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.batch.source import check_source
from wuxiao_cli.batch.spool import Results
from wuxiao_cli.engine import Options, ProjectResult, stamp
from wuxiao_cli.findings import ERROR, Finding, Problem
from wuxiao_cli.ops import OpError
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import nfc
from wuxiao_cli.text import T
from wuxiao_cli.watch import Stopped, Watch

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_GB = 2.0
IN_PROCESS_UP_TO = 6  # projects: ~0.1 s each here, against ~0.5 s to start each worker
STALL_GRACE = 30.0  # seconds past the per-project limit before the pool counts as stuck
IN_FLIGHT_PER_WORKER = 4  # projects handed to the pool ahead of time per worker: keeps workers busy

# Test hooks (acceptance: one project hangs, crashes its worker, or runs out of memory; workers cannot
# start). Read ONLY inside worker processes: a project folder whose name equals WUXIAO_TEST_HANG sleeps
# forever, one equal to WUXIAO_TEST_CRASH kills its worker outright, one equal to WUXIAO_TEST_MEMORY
# asks for 3 GiB at once, as a reader stuck on, crashing on or inflating a pathological file would;
# WUXIAO_TEST_NO_WORKERS=1 makes every worker die as it starts (a frozen build without
# freeze_support). Unset in normal use; the in-process run never reads them.
HANG_HOOK = "WUXIAO_TEST_HANG"
CRASH_HOOK = "WUXIAO_TEST_CRASH"
MEMORY_HOOK = "WUXIAO_TEST_MEMORY"
NO_WORKERS_HOOK = "WUXIAO_TEST_NO_WORKERS"

Progress = Callable[[ProjectResult], None]
Item = tuple[Path, str]  # (source: a project folder or a received archive, display path)

_worker_state: dict = {}


def _init_worker(profile: Profile, options: Options, max_memory: int | None, cards: bool,
                 scratch: str | None) -> None:
    if os.environ.get(NO_WORKERS_HOOK) == "1":
        os._exit(1)
    from wuxiao_cli.batch import ctrlc

    ctrlc.taken_back()
    _worker_state.update(profile=profile, options=options, max_memory=max_memory, cards=cards)
    if scratch:
        import tempfile

        tempfile.tempdir = scratch  # archives extract under the batch's folder, which the parent removes
    _limit_memory(max_memory)
    _exit_with_parent()


def _limit_memory(max_bytes: int | None) -> None:
    """Cap this worker's address space: a runaway reader gets a MemoryError, not the whole machine."""
    if not max_bytes:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, AttributeError, ValueError, OSError):
        pass  # Windows has no RLIMIT_AS and macOS may refuse it: the worker runs without a ceiling


def _exit_with_parent() -> None:
    """Leave as soon as the batch's process dies (killed, crashed), even in the middle of a project.

    multiprocessing's parent sentinel is a pipe end (a process handle on Windows) that becomes
    ready when the parent is gone; a daemon thread waits on it.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        os._exit(3)

    threading.Thread(target=watch, name="wuxiao-parent-watch", daemon=True).start()


def _check_in_worker(root: Path, display: str) -> list[ProjectResult]:
    name = nfc(root.name)
    if name and os.environ.get(HANG_HOOK) == name:
        while True:
            time.sleep(3600)
    if name and os.environ.get(CRASH_HOOK) == name:
        # A real crash comes while reading a file, not in the instant the worker takes the project: dying
        # before pebble has seen its acknowledgement leaves the task on a dead worker, and pebble then
        # reports a time-out instead of ProcessExpired (the race behind noxdafox/pebble#153).
        time.sleep(1.0)
        os._exit(70)
    profile, options = _worker_state["profile"], _worker_state["options"]
    if name and os.environ.get(MEMORY_HOOK) == name:
        try:
            bytearray(3 << 30)
        except MemoryError:
            return [_out_of_memory(root, display, profile, options, _worker_state["max_memory"])]
    return _check_safely(root, profile, options, display, _worker_state["cards"], _worker_state["max_memory"])


def _check_safely(root: Path, profile: Profile, options: Options, display: str, cards: bool,
                  max_memory: int | None = None, watch: Watch | None = None) -> list[ProjectResult]:
    try:
        return check_source(root, display, profile, options, cards=cards, watch=watch)
    except OpError:  # the user's or this computer's to fix (a broken wuxiao.toml, a full disk): stops the batch
        raise
    except MemoryError:
        return [_out_of_memory(root, display, profile, options, max_memory)]
    except Exception as exc:  # outside any rule (listing, form loading): still one project's finding
        return [incomplete(root, display, profile, options, T(
            f"检查时程序出错：{type(exc).__name__}: {exc}", f"The check failed: {type(exc).__name__}: {exc}"))]


def _out_of_memory(root: Path, display: str, profile: Profile, options: Options, max_memory: int | None) -> ProjectResult:
    if max_memory:
        gb = f"{max_memory / (1 << 30):g}"
        why = T(f"内存不足：检查此项目需要超过每个项目 {gb} GB 的内存上限，已停止。多半是某个文件异常巨大"
                f"（如超高分辨率照片）：换成正常大小的文件；确需检查时用 --max-memory 放宽上限",
                f"Out of memory: checking this project needed more than the {gb} GB per-project ceiling and was "
                f"stopped. Usually one abnormally large file (e.g. a huge photo): replace it, or raise --max-memory")
    else:
        why = T("内存不足：检查此项目时系统内存用尽，已停止。请关闭其他程序，或用 --jobs 1 单独检查此项目",
                "Out of memory: the system ran out of memory checking this project. Close other programs or "
                "check it alone with --jobs 1")
    return incomplete(root, display, profile, options, why)


def _over_time(timeout: float) -> T:
    return T(f"检查超过 {timeout:g} 秒仍未完成，已停止（某个文件可能异常巨大或格式异常）；文件确实很大时可用 --timeout 放宽时限",
             f"The check took more than {timeout:g} s and was stopped (a file may be huge or malformed); raise "
             "--timeout if the files really are that large")


def incomplete(root: Path, display: str, profile: Profile, options: Options, why: T) -> ProjectResult:
    """The result of a source whose check did not finish: one B005 finding saying why."""
    finding: Finding = stamp(rules.get("B005"), Problem(why, severity=ERROR), profile, options)
    name = Path(os.path.abspath(root)).stem if root.is_file() else Path(os.path.abspath(root)).name
    return ProjectResult(path=display, name=nfc(name), findings=[finding], root=root if root.is_dir() else None)


def run_batch(roots: list[Item], profile: Profile, options: Options, *, jobs: int = 1,
              timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None,
              max_memory_gb: float | None = DEFAULT_MAX_MEMORY_GB, cards: bool = False,
              watch: Watch | None = None) -> Results:
    """Check each (source, display) and return the results sorted by display path (kept in a temporary
    file as they come: batch.spool); ``progress`` is told once per source. ``cards``: make the HTML
    report's cards too.

    ``max_memory_gb`` is each worker's ceiling (None or 0: none); the in-process run has none, but keeps
    the time limit: each source is checked in a thread it waits ``timeout`` for (media.timed.call); one that
    runs over gets B005 and is abandoned (a C reader cannot be interrupted; it ends with the process).

    ``watch`` (the app's 停止检查): once stopped, raises Stopped soon after: the in-process check at its next
    file boundary, the pool by ending its workers (pebble terminates them: no signal Windows lacks).
    """
    results = Results()

    def keep(got: list[ProjectResult]) -> None:
        for r in got:
            results.add(r)
        if progress is not None and got:
            progress(got[-1])

    if jobs <= 1 or len(roots) <= IN_PROCESS_UP_TO:
        from wuxiao_cli.media.timed import ReadTimeout, call

        for root, display in roots:  # each within the time limit too, as a stuck reader is left behind
            try:
                keep(call(_check_safely, root, profile, options, display, cards, None, watch,
                          timeout=timeout, watch=watch))
            except ReadTimeout:
                keep([incomplete(root, display, profile, options, _over_time(timeout))])
    else:
        max_memory = int(max_memory_gb * (1 << 30)) if max_memory_gb else None
        _run_pool(roots, profile, options, min(jobs, len(roots)), timeout, max_memory, cards, keep, watch)
    results.sort()
    return results


def _run_pool(roots: list[Item], profile: Profile, options: Options, jobs: int, timeout: float,
              max_memory: int | None, cards: bool, keep: Callable[[list[ProjectResult]], None],
              watch: Watch | None = None) -> None:
    import tempfile
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired  # the pool's modules load only for a pool

    from wuxiao_cli.batch import ctrlc
    from wuxiao_cli.batch.pool import Pool

    waiting: deque[tuple[Item, int]] = deque((item, 1) for item in roots)  # (source, attempt)
    inflight: dict = {}  # future → (source, attempt)
    window = jobs * IN_FLIGHT_PER_WORKER  # the pool's own bookkeeping stays this small, however big the batch
    scratch = tempfile.mkdtemp(prefix="wuxiao-batch-") if any(not r.is_dir() for r, _ in roots) else None

    def new_pool() -> Pool:
        return Pool(max_workers=jobs, initializer=_init_worker,
                    initargs=(profile, options, max_memory, cards, scratch),
                    context=ctrlc.QuietStartContext())  # spawn; Ctrl+C while a worker starts: no traceback

    pool = new_pool()

    def finish(item: Item, why: T | None = None, results: list[ProjectResult] | None = None) -> None:
        keep(results if why is None else [incomplete(*item, profile, options, why)])

    try:
        while waiting or inflight:
            while waiting and len(inflight) < window:
                item, attempt = waiting.popleft()
                try:
                    inflight[pool.schedule(_check_in_worker, args=item, timeout=timeout)] = (item, attempt)
                except RuntimeError as exc:  # the pool broke (its workers cannot start): the tool's fault
                    finish(item, _tool_fault(exc))
            # A running project ends or times out within ``timeout``: when none has for longer, the pool lost
            # a task (pebble can, when a worker dies at the wrong moment: noxdafox/pebble#153). Start afresh.
            ready = _first_done(inflight, timeout + STALL_GRACE, watch)
            if not ready:
                pool.stop()
                pool.join()
                for item, attempt in inflight.values():
                    if attempt == 1:
                        waiting.appendleft((item, 2))
                    else:
                        finish(item, _tool_fault(RuntimeError(f"no answer from the worker pool in {timeout + STALL_GRACE:g} s")))
                inflight.clear()
                pool = new_pool()
                continue
            for future in ready:
                item, attempt = inflight.pop(future)
                try:
                    finish(item, results=future.result())
                except FutureTimeout:
                    finish(item, _over_time(timeout))
                except ProcessExpired as exc:
                    if attempt == 1:  # once more in a fresh worker: a one-off (the system's OOM killer) passes
                        waiting.append((item, 2))
                    else:
                        finish(item, _worker_died(exc.exitcode))
                except OpError:
                    raise
                except Exception as exc:  # a broken pool, a result that would not pickle: the tool's fault
                    finish(item, _tool_fault(exc))
    finally:
        pool.stop()
        pool.join()
        if scratch:
            from wuxiao_cli.archive import remove_tree

            remove_tree(Path(scratch))


def _first_done(inflight: dict, limit: float, watch: Watch | None) -> set:
    """The futures done within ``limit`` s (empty: none was); raises Stopped soon after ``watch`` is stopped."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from wuxiao_cli.watch import POLL

    if watch is None:
        return wait(inflight, timeout=limit, return_when=FIRST_COMPLETED).done
    waited = 0.0
    while waited < limit:
        if watch.stopped:
            raise Stopped
        done = wait(inflight, timeout=min(POLL, limit - waited), return_when=FIRST_COMPLETED).done
        if done:
            return done
        waited += POLL
    return set()


def _worker_died(exitcode: int | None) -> T:
    oom = exitcode == -9  # SIGKILL: on Linux almost always the system's out-of-memory killer
    cause_zh = "（被系统终止，多半是内存不足）" if oom else f"（退出码 {exitcode}）"
    cause_en = " (killed by the system, most likely out of memory)" if oom else f" (exit code {exitcode})"
    return T(f"检查进程意外退出，重试仍然如此{cause_zh}。这是 wuxiao 的故障，不是说明您的文件有问题："
             "请用 --jobs 1 单独检查此项目，并把本消息反馈给开发者",
             f"The checking process died unexpectedly, twice{cause_en}. This is a fault of wuxiao, not a sign "
             "that your files are damaged: check this project alone with --jobs 1 and report this message")


def _tool_fault(exc: BaseException) -> T:
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return T(f"wuxiao 的检查进程出错（{what}），此项目未能检查。这是 wuxiao 的故障，不是您文件的问题："
             "请用 --jobs 1 重新检查，并把本消息反馈给开发者",
             f"wuxiao's checking process failed ({what}) and this project was not checked. This is a fault "
             "of wuxiao, not of your files: check again with --jobs 1 and report this message")
