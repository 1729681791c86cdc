"""A video's Chinese name is read in every locale: MediaInfo gets the bytes from Python, not the name."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_a_chinese_named_mp4_is_read_under_a_c_locale(locale):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "PYTHONUTF8")}
    env.update({"PYTHONPATH": str(REPO), "LC_ALL": locale})
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", "check", "examples/good-project", "-f", "json"],
                          cwd=REPO, env=env, capture_output=True, timeout=300)
    report = json.loads(proc.stdout.decode("utf-8"))
    rules = [f["rule"] for p in report["projects"] for f in p["findings"]]
    assert "V003" not in rules and proc.returncode == 0, rules
