"""The PyInstaller build (packaging/wuxiao.spec): a clerk's double-click executable must give the same
verdicts as the installed package, for one project and for a batch run by worker processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, REPO, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    pytest.importorskip("PyInstaller", reason="PyInstaller is a test extra")
    if sys.platform == "win32":
        pytest.skip("the frozen build is tested on Linux here; the workflow builds Windows/macOS")
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        pytest.skip("PyInstaller needs objdump on Linux (Debian: binutils)")
    work = tmp_path_factory.mktemp("pyinstaller")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(REPO / "packaging" / "wuxiao.spec")],
        capture_output=True, text=True, cwd=REPO, timeout=900,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    exe = work / "dist" / "wuxiao" / "wuxiao"
    assert exe.is_file()
    return exe


def frozen_json(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([str(exe), *args, "--format", "json"], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=300)
    return done


def comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("version",)}


def test_frozen_build_checks_the_good_example_like_the_package(frozen, tmp_path):
    done = frozen_json(frozen, "check", str(EXAMPLES / "good-project"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    package = run_cli("check", str(EXAMPLES / "good-project"), "--format", "json")
    assert comparable(json.loads(done.stdout)) == comparable(json.loads(package.stdout))


def test_frozen_build_runs_a_batch_in_worker_processes(frozen, tmp_path):
    """Five projects with --jobs 2: spawned workers re-run the executable (freeze_support)."""
    batch = tmp_path / "batch"
    shutil.copytree(EXAMPLES / "batch", batch)
    done = frozen_json(frozen, "check", str(batch), "--jobs", "2", cwd=tmp_path)
    package = run_cli("check", str(batch), "--jobs", "2", "--format", "json")
    assert done.returncode == package.returncode == 1  # the example batch holds a duplicate name (B001)
    assert "multiprocessing" not in done.stderr and "No such option" not in done.stderr
    frozen_report, package_report = json.loads(done.stdout), json.loads(package.stdout)
    assert frozen_report["summary"]["projects"] == 5
    assert comparable(frozen_report) == comparable(package_report)


def test_double_clicked_frozen_build_opens_the_app(frozen, tmp_path):
    """No arguments: the app starts (uvicorn and the templates are in the bundle) and 关闭 stops it."""
    import re
    import urllib.request

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(BROWSER="true", XDG_CONFIG_HOME=str(tmp_path / "config"))  # "opens" the browser with /bin/true
    proc = subprocess.Popen([str(frozen)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", cwd=tmp_path, env=env)
    try:
        assert "图形界面已启动" in proc.stdout.readline()
        url = proc.stdout.readline().strip()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(url, timeout=30) as page:
            html = page.read().decode("utf-8")
        assert "开始检查" in html
        csrf = re.search(r'name="csrf" content="([^"]+)"', html)[1]
        stop = urllib.request.Request(url.split("/?")[0] + "/api/shutdown", data=b"{}", method="POST",
                                      headers={"Content-Type": "application/json", "X-Wuxiao-CSRF": csrf})
        browser.open(stop, timeout=30).close()
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err
