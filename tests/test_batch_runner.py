"""The batch runner's pool (issues 10, 11, 16): small batches in process, a per-project memory ceiling,
a dead worker reported as the tool's fault, and a killed batch that leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from tests.batch_helpers import REPO_ROOT, UNIONS, make_project, run_json
from wuxiao_cli.batch.runner import IN_PROCESS_UP_TO

N = IN_PROCESS_UP_TO + 2  # enough to go to the pool


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("runner")
    for i in range(N):
        make_project(root / f"项目{i:02d}", f"第{i}号快速对刀装置的研制", union=UNIONS[i % len(UNIONS)])
    return root


def by_name(report: dict, name: str) -> dict:
    return next(p for p in report["projects"] if p["path"].endswith(name))


def b005(project: dict) -> str:
    [finding] = [f for f in project["findings"] if f["rule"] == "B005"]
    return finding["message"]


def test_up_to_the_threshold_runs_in_process_and_above_it_in_workers(batch):
    # The crash hook is read only by workers: in process it does nothing.
    env = {"WUXIAO_TEST_CRASH": "项目01"}
    few = [batch / f"项目{i:02d}" for i in range(IN_PROCESS_UP_TO)]
    _, report = run_json(*few, "--jobs", "2", env=env)
    assert len(report["projects"]) == IN_PROCESS_UP_TO
    assert all(f["rule"] != "B005" for p in report["projects"] for f in p["findings"])
    # --timeout 20: should the pool lose a task as the worker dies, it is replaced within 50 s, not 150 s
    _, report = run_json(*few, batch / f"项目{IN_PROCESS_UP_TO:02d}", "--jobs", "2", "--timeout", "20", env=env)
    assert "意外退出" in b005(by_name(report, "项目01"))


def test_a_dying_worker_is_the_tools_fault_and_costs_no_other_project(batch):
    code, report = run_json(batch, "--jobs", "2", "--timeout", "20", env={"WUXIAO_TEST_CRASH": "项目03"})
    _, normal = run_json(batch, "--jobs", "2")
    message = b005(by_name(report, "项目03"))
    assert "wuxiao 的故障" in message and "--jobs 1" in message and "退出码 70" in message
    assert "损坏" not in message
    assert code == 1 and [p for p in report["projects"] if not p["path"].endswith("项目03")] == \
        [p for p in normal["projects"] if not p["path"].endswith("项目03")]


def test_workers_that_cannot_start_are_the_tools_fault(batch):
    code, report = run_json(batch, "--jobs", "2", env={"WUXIAO_TEST_NO_WORKERS": "1"})
    assert code == 1 and len(report["projects"]) == N
    for project in report["projects"]:
        message = b005(project)
        assert "wuxiao 的故障" in message and "--jobs 1" in message and "损坏" not in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_ceiling_gives_one_clear_finding_and_the_option_moves_it(batch):
    env = {"WUXIAO_TEST_MEMORY": "项目02"}  # that worker asks for 3 GiB at once
    _, report = run_json(batch, "--jobs", "2", env=env)
    message = b005(by_name(report, "项目02"))
    assert message.startswith("内存不足") and "2 GB" in message and "--max-memory" in message
    assert sum(f["rule"] == "B005" for p in report["projects"] for f in p["findings"]) == 1
    _, raised = run_json(batch, "--jobs", "2", "--max-memory", "4", env=env)  # 3 GiB fits under 4 GB
    assert all(f["rule"] != "B005" for f in by_name(raised, "项目02")["findings"])
    _, none = run_json(batch, "--jobs", "2", "--max-memory", "0", env=env)  # no ceiling at all
    assert all(f["rule"] != "B005" for f in by_name(none, "项目02")["findings"])


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_a_killed_batch_leaves_no_worker(batch):
    env = {**os.environ, "WUXIAO_TEST_HANG": "项目00", "WUXIAO_TEST_CRASH": "", "WUXIAO_TEST_MEMORY": ""}
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", "check", str(batch), "--jobs", "2", "--quiet",
                             "--timeout", "600", "--format", "json"], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    everyone: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline and len(workers) < 2:  # both workers up (one hung on 项目00)
            workers = [p for p in descendants(proc.pid) if "resource_tracker" not in " ".join(p.cmdline())]
            time.sleep(0.2)
        assert len(workers) >= 2, "the pool never started"
        everyone = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        proc.wait(timeout=30)
        _gone, alive = psutil.wait_procs(everyone, timeout=20)
        assert alive == []
    finally:  # whatever happened, leave nothing running
        for p in everyone + descendants(proc.pid):
            if p.is_running():
                p.kill()
        if proc.poll() is None:
            proc.kill()


class _LosingPool:
    """Stands in for the batch's pebble pool (batch.pool.Pool): the first pool never answers for its
    tasks (a lost task, noxdafox/pebble#153), every later one answers at once with an empty result."""

    made = 0
    always = False  # every pool loses its tasks

    def __init__(self, **_kw):
        type(self).made += 1
        self.loses = type(self).always or type(self).made == 1

    def schedule(self, _fn, args, timeout):
        from concurrent.futures import Future

        from wuxiao_cli.engine import ProjectResult

        future = Future()
        if not self.loses:
            future.set_result([ProjectResult(path=args[1], name=args[0].name)])
        return future

    def stop(self):
        pass

    def join(self):
        pass


def test_a_pool_that_loses_tasks_is_replaced_and_the_projects_checked(monkeypatch, tmp_path):
    from wuxiao_cli.batch import pool, runner
    from wuxiao_cli.engine import Options
    from wuxiao_cli.profile import load_profile

    monkeypatch.setattr(pool, "Pool", _LosingPool)
    monkeypatch.setattr(runner, "STALL_GRACE", 0.2)
    _LosingPool.made = 0
    roots = [(tmp_path / f"p{i}", f"p{i}") for i in range(3)]
    for root, _ in roots:
        root.mkdir()
    done = []
    runner._run_pool(roots, load_profile("national-2024"), Options(), 2, 0.1, None, False, done.extend)
    assert _LosingPool.made == 2  # stuck for 0.1 + 0.2 s, then a fresh pool
    assert sorted(r.path for r in done) == ["p0", "p1", "p2"]
    assert all(not r.findings for r in done)  # checked by the second pool, not reported as B005


def test_a_project_lost_twice_is_the_tools_fault_not_a_hang(monkeypatch, tmp_path):
    from wuxiao_cli.batch import pool, runner
    from wuxiao_cli.engine import Options
    from wuxiao_cli.profile import load_profile

    monkeypatch.setattr(pool, "Pool", _LosingPool)
    monkeypatch.setattr(_LosingPool, "always", True)
    monkeypatch.setattr(runner, "STALL_GRACE", 0.2)
    _LosingPool.made = 0
    (tmp_path / "p0").mkdir()
    done = []
    runner._run_pool([(tmp_path / "p0", "p0")], load_profile("national-2024"), Options(), 2, 0.1, None, False, done.extend)
    (result,) = done
    (finding,) = result.findings
    assert finding.rule == "B005" and "wuxiao 的故障" in finding.message and "不是您文件的问题" in finding.message


def test_the_time_limit_holds_in_process_too(monkeypatch, batch):
    """One project or a small batch is checked in this process: a reader stuck past --timeout still
    becomes that project's B005 and the command ends with its report (it used to wait forever)."""
    import threading

    from typer.testing import CliRunner

    from wuxiao_cli.batch import runner
    from wuxiao_cli.cli import app

    stuck = threading.Event()
    real = runner.check_source

    def slow(path, display, *args, **kw):
        if path.name == "项目01":
            stuck.wait(60)  # as a C reader that never returns; released at the end of the test
        return real(path, display, *args, **kw)

    monkeypatch.setattr(runner, "check_source", slow)
    try:
        result = CliRunner().invoke(app, ["check", str(batch / "项目00"), str(batch / "项目01"), "--jobs", "1",
                                          "--timeout", "1", "--format", "json", "-q"])
    finally:
        stuck.set()
    import json

    report = json.loads(result.stdout)
    assert "超过 1 秒仍未完成" in b005(by_name(report, "项目01"))
    assert not any(f["rule"] == "B005" for f in by_name(report, "项目00")["findings"])
