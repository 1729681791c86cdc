"""Shared fixtures: the repository root and a way to run the real CLI in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_schema import check_cli_json

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m wuxiao_cli ARGS` as a user would run it; the repo is importable from any cwd."""
    env = {**__import__("os").environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or REPO, env=env, timeout=300)
    return check_cli_json(args, proc, cwd or REPO)


@pytest.fixture
def cli():
    return run_cli
