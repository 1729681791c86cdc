"""Shared fixtures: the repository root and two ways to run the CLI: in a subprocess as a user does
(``run_cli``), and in this process (``invoke_cli``, the ``cli`` fixture) where the process is not the point."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_schema import check_cli_json

# Registered here, once: a session fixture imported into each test module is a fixture of each module,
# and the project was built again for every module that used it.
from tests.pack_helpers import passing_project_fixture  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

# The `python -m wuxiao_cli` subprocesses use cached bytecode, as an installed wuxiao does: a machine that
# sets PYTHONDONTWRITEBYTECODE (CI's does) makes each of them compile the package again, ~13 % of the
# suite. The cache lives in the system's temp folder, outside the checkout.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "wuxiao-tests-pycache"))


@pytest.fixture(autouse=True)
def _gui_apps_closed():
    """Apps a gui test made are closed after it, as `wuxiao gui` closes its app at exit: their
    temporary folders (uploads, reports) must not pile up in the system's temp folder."""
    yield
    if (helpers := sys.modules.get("gui_helpers")) is not None:
        helpers.close_all()


@pytest.fixture
def temp_dir_left_empty(tmp_path, monkeypatch):
    """Temporary files go under a folder we watch, which must be empty after the test (archives extracted
    for a command are always removed)."""
    watched = tmp_path / "systmp"
    watched.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(watched))
    yield watched
    assert list(watched.iterdir()) == [], "temporary files left behind"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m wuxiao_cli ARGS` as a user would run it; the repo is importable from any cwd."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or REPO, env=env, timeout=300)
    return check_cli_json(args, proc, cwd or REPO)


def invoke_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The same command through the same entry point (``wuxiao_cli.__main__.main``: its exit codes, its
    one-line errors) in this process: no interpreter start and import per call (~0.6 s each)."""
    from wuxiao_cli.__main__ import main

    args = tuple(map(str, args))
    before, argv = Path.cwd(), sys.argv
    with CliRunner().isolation(env=env) as (out, err, _):
        os.chdir(cwd or REPO)
        sys.argv = ["wuxiao", *args]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            sys.argv = argv
            os.chdir(before)
    proc = subprocess.CompletedProcess(["wuxiao", *args], code, out.getvalue().decode("utf-8"),
                                       err.getvalue().decode("utf-8"))
    return check_cli_json(args, proc, cwd or REPO)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files that hold a slow test (frozen build, kill tests, browsers, LibreOffice) run first, in their
    usual order: under xdist (addopts) each worker starts on one of them while the other worker works
    through the rest, instead of the longest files starting last and running on alone."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


@pytest.fixture
def cli():
    return invoke_cli
