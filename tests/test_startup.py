"""`wuxiao --version` and `--help` start without the rule engine or any file reader (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, run_cli

from wuxiao_cli import __version__

# Run the real entry point, then list what it imported (a SystemExit from Typer included).
CHILD = """
import sys
sys.argv = ["wuxiao", *sys.argv[1:]]
from wuxiao_cli.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n".join(sorted(sys.modules)))
"""
HEAVY = ("openpyxl", "docx", "PIL", "pymediainfo", "pypdf", "pypdfium2", "python_calamine", "jsonschema", "av",
         "mutagen", "rich.table", "wuxiao_cli.rules", "wuxiao_cli.engine", "wuxiao_cli.profile", "wuxiao_cli.project")


def imported(*args: str) -> tuple[str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=REPO, env=env, timeout=120)
    return done.stdout, set(done.stderr.split())


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_version_imports_nothing_heavy_and_not_typer():
    out, modules = imported("--version")
    assert out.strip().startswith("wuxiao ")
    assert [m for m in HEAVY if loaded(modules, m)] == []
    assert not loaded(modules, "typer")  # answered before the command line is built
    assert len(modules) < 150, len(modules)


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("pack", "--help")])
def test_help_loads_no_rule_engine_or_reader(args):
    out, modules = imported(*args)
    assert "用法" in out
    assert [m for m in HEAVY if loaded(modules, m)] == []


def test_check_itself_still_loads_the_engine(tmp_path):
    """The counting above is not vacuous: a real check pulls in the engine and the readers."""
    _out, modules = imported("check", str(REPO / "examples" / "good-project"), "-q")
    assert loaded(modules, "wuxiao_cli.rules") and loaded(modules, "docx") and loaded(modules, "PIL")


def test_version_through_python_m():
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"wuxiao {__version__}"
