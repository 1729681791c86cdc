"""Acceptance: `pip install .` (not editable) into a new venv, then check the examples from another folder.

The venv borrows this environment's dependencies (no download), but wuxiao itself comes only from
the freshly built wheel, installed into the venv's own site-packages: this proves schemas/ ship inside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.report_schema import loads_report


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip()[-300:]}")
    wheel = next(wheels.glob("wuxiao-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    own_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--force-reinstall", "-q", str(wheel)], check=True)
    # Then borrow this environment's dependencies (after the venv's own site-packages, so wuxiao
    # itself still comes from the wheel even where this environment has it installed too).
    (Path(own_site) / "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    assert (bindir / ("wuxiao.exe" if os.name == "nt" else "wuxiao")).exists()
    return wheel, bindir


def test_wheel_carries_schemas(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "wuxiao_cli/schemas/profiles/national-2024.json" in names
    assert "wuxiao_cli/schemas/reference/unions-2024.json" in names
    assert "wuxiao_cli/schemas/report.schema.json" in names  # the published JSON contract ships


def test_installed_command_checks_examples_from_elsewhere(installed, tmp_path):
    _, bindir = installed
    exe = str(bindir / ("wuxiao.exe" if os.name == "nt" else "wuxiao"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    good = subprocess.run([exe, "check", str(EXAMPLES / "good-project"), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env)
    assert good.returncode == 0, good.stderr
    report = loads_report(good.stdout)  # the installed tool writes the published shape
    assert report["summary"]["errors"] == 0 and report["projects"][0]["status"] == "pass"
    flawed = subprocess.run([exe, "check", str(EXAMPLES / "flawed-project"), "--format", "json"],
                            capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env)
    assert flawed.returncode == 1
    assert len({f["rule"] for f in loads_report(flawed.stdout)["projects"][0]["findings"]}) >= 15
