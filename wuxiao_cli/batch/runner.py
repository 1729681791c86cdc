"""Check many project folders: in parallel worker processes, each project under a time limit.

`--jobs 1` (or a single project) runs in this process, simply, one project after another.
Otherwise a ProcessPoolExecutor on a "spawn" context (the same on Windows, macOS and Linux) checks
up to ``jobs`` projects at once. Only ``jobs`` projects are ever in flight, so each one's clock
starts when it is handed to a worker. A project that goes past the time limit, or whose worker
dies, becomes a B005 finding on that project; the pool is rebuilt and the batch goes on.
Results come back sorted by path, whatever the scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.engine import Options, ProjectResult, check_project, stamp
from wuxiao_cli.findings import ERROR, Finding, Problem
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import nfc
from wuxiao_cli.text import T

DEFAULT_TIMEOUT = 120.0
POLL = 0.25  # seconds between looks at the clock while waiting for workers

# Test hooks (acceptance: one project hangs or crashes its worker). Read ONLY inside worker
# processes: a project folder whose name equals WUXIAO_TEST_HANG sleeps forever, one equal to
# WUXIAO_TEST_CRASH kills its worker process outright, as a reader stuck on or crashing on a
# pathological file would. Unset in normal use; `--jobs 1` (in-process) never reads them.
HANG_HOOK = "WUXIAO_TEST_HANG"
CRASH_HOOK = "WUXIAO_TEST_CRASH"

Progress = Callable[[ProjectResult], None]

_worker_state: dict = {}


def _init_worker(profile: Profile, options: Options) -> None:
    _worker_state["profile"] = profile
    _worker_state["options"] = options


def _check_in_worker(root: Path, display: str) -> ProjectResult:
    name = nfc(root.name)
    if name and os.environ.get(HANG_HOOK) == name:
        while True:
            time.sleep(3600)
    if name and os.environ.get(CRASH_HOOK) == name:
        os._exit(70)
    return _check_safely(root, _worker_state["profile"], _worker_state["options"], display)


def _check_safely(root: Path, profile: Profile, options: Options, display: str) -> ProjectResult:
    try:
        return check_project(root, profile, options, display=display)
    except Exception as exc:  # outside any rule (listing, form loading): still one project's finding
        return incomplete(root, display, profile, options, T(
            f"检查时程序出错：{type(exc).__name__}: {exc}", f"The check failed: {type(exc).__name__}: {exc}"))


def incomplete(root: Path, display: str, profile: Profile, options: Options, why: T) -> ProjectResult:
    """The result of a project whose check did not finish: one B005 finding saying why."""
    finding: Finding = stamp(rules.get("B005"), Problem(why, severity=ERROR), profile, options)
    return ProjectResult(path=display, name=nfc(Path(os.path.abspath(root)).name), findings=[finding], root=root)


def run_batch(roots: list[tuple[Path, str]], profile: Profile, options: Options, *, jobs: int = 1,
              timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None) -> list[ProjectResult]:
    """Check each (root, display) and return the results sorted by display path."""
    tick = progress or (lambda _r: None)
    if jobs <= 1 or len(roots) <= 1:
        results = []
        for root, display in roots:
            results.append(_check_safely(root, profile, options, display))
            tick(results[-1])
    else:
        results = _run_parallel(roots, profile, options, min(jobs, len(roots)), timeout, tick)
    return sorted(results, key=lambda r: r.path)


def _new_pool(jobs: int, profile: Profile, options: Options) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(profile, options))


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now: a hung one never returns. (Python 3.14 has terminate_workers().)"""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_parallel(roots, profile, options, jobs, timeout, tick) -> list[ProjectResult]:
    done: list[ProjectResult] = []
    pending = list(roots)
    suspects: list[tuple[Path, str]] = []  # in flight when a worker died: re-run one by one

    def finish(result: ProjectResult) -> None:
        done.append(result)
        tick(result)

    def on_timeout(item) -> None:
        finish(incomplete(*item, profile, options, T(
            f"检查超过 {timeout:g} 秒仍未完成，已停止（某个文件可能损坏或异常巨大）",
            f"The check took more than {timeout:g} s and was stopped (a file may be damaged or huge)")))

    def on_crash(item) -> None:
        finish(incomplete(*item, profile, options, T(
            "检查进程意外退出（读取某个文件时崩溃，文件可能已损坏）",
            "The checking process died (a reader crashed on a file, which may be damaged)")))

    # Phase 1: the whole batch, `jobs` at a time.
    while pending:
        broken = _drain(pending, jobs, profile, options, timeout, finish, on_timeout)
        if broken:
            if len(broken) == 1:
                on_crash(broken[0])
            else:
                suspects.extend(broken)
    # Phase 2: projects that were in flight when a worker died, each alone, to find the culprit.
    for item in suspects:
        if _drain([item], 1, profile, options, timeout, finish, on_timeout):
            on_crash(item)
    return done


def _drain(pending: list, jobs: int, profile, options, timeout, finish, on_timeout) -> list:
    """Run ``pending`` (consumed in place) in one pool until it is empty or the pool breaks.

    A project over its time limit is reported and the pool rebuilt by returning early with the
    other in-flight projects put back. Returns the projects in flight when a worker died.
    """
    pool = _new_pool(jobs, profile, options)
    inflight: dict[Future, tuple[tuple[Path, str], float]] = {}
    try:
        while pending or inflight:
            while pending and len(inflight) < jobs:
                item = pending.pop(0)
                inflight[pool.submit(_check_in_worker, *item)] = (item, time.monotonic())
            ready, _ = wait(inflight, timeout=POLL, return_when=FIRST_COMPLETED)
            broken = []
            for fut in ready:
                item, _started = inflight.pop(fut)
                try:
                    finish(fut.result())
                except BrokenProcessPool:
                    broken.append(item)
                except Exception as exc:  # e.g. a result that would not pickle: that project's finding
                    finish(incomplete(*item, profile, options, T(
                        f"检查结果无法传回：{type(exc).__name__}: {exc}",
                        f"The result could not be passed back: {type(exc).__name__}: {exc}")))
            if broken:
                broken.extend(item for item, _ in inflight.values())
                inflight.clear()
                return sorted(broken, key=lambda it: it[1])
            now = time.monotonic()
            late = [f for f, (_, started) in inflight.items() if now - started > timeout]
            if late:
                for fut in late:
                    on_timeout(inflight.pop(fut)[0])
                pending[:0] = [item for item, _ in inflight.values()]  # start again in a fresh pool
                inflight.clear()
                _kill(pool)
                pool = _new_pool(jobs, profile, options)
        return []
    finally:
        if inflight:
            _kill(pool)
        else:
            pool.shutdown(wait=True)
