"""`wuxiao --version` and `--help` start without the rule engine or any file reader (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, run_cli

from wuxiao_cli import __version__
from wuxiao_cli.profile import ProfileError, builtin_ids, load_profile, validate_profile
from wuxiao_cli.resources import schemas_dir

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
         "mutagen", "rich.table", "pydantic", "wuxiao_cli.rules", "wuxiao_cli.engine", "wuxiao_cli.profile",
         "wuxiao_cli.project")
# What checking a good project does not need: option values are converted without pydantic (cli/coercion.py),
# the form is read without python-docx (ooxml.word_document), a valid form and a built-in profile are judged
# without jsonschema, the quiz bank is read without openpyxl, and there is no PDF. The video is read by
# calling libmediainfo, not through pymediainfo (whose import reads package metadata); there is no TOML
# (form.toml, waivers) to parse and no finding to lay out in a rich table; a one-project check runs in
# this process (no pool, no scratch folder); and the national profile's check loads only its own
# families' rules, not the Jiangsu, nominator, roadshow, package or archive ones.
NOT_FOR_A_GOOD_PROJECT = ("pydantic", "docx", "jsonschema", "openpyxl", "pypdf", "pypdfium2", "py7zr", "av",
                          "pymediainfo", "importlib.metadata", "importlib.resources", "tomllib", "rich.table",
                          "wuxiao_cli.report.collapse", "multiprocessing", "tempfile",
                          "wuxiao_cli.rules.jiangsu", "wuxiao_cli.rules.nominator", "wuxiao_cli.rules.roadshow",
                          "wuxiao_cli.rules.report_table", "wuxiao_cli.rules.package", "wuxiao_cli.rules.archive")


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
    assert loaded(modules, "wuxiao_cli.rules") and loaded(modules, "lxml") and loaded(modules, "PIL")
    assert loaded(modules, "python_calamine") and loaded(modules, "mutagen")


def test_checking_a_good_project_loads_only_the_readers_it_needs():
    out, modules = imported("check", str(REPO / "examples" / "good-project"))
    assert "✓" in out
    assert [m for m in NOT_FOR_A_GOOD_PROJECT if loaded(modules, m)] == []


def test_the_families_a_profile_applies_are_the_rules_loaded():
    """The other side: the Jiangsu profile's check does load its S rules, and a check with findings its table."""
    out, modules = imported("check", str(REPO / "examples" / "good-project"), "--profile", "jiangsu-2023")
    assert "✗" in out and loaded(modules, "wuxiao_cli.rules.jiangsu") and loaded(modules, "rich.table")
    assert not loaded(modules, "wuxiao_cli.rules.quiz")  # Q is no Jiangsu family


def test_version_through_python_m():
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"wuxiao {__version__}"


# --------------------------------------------------------------------------- profiles
# load_profile validates a user's profile against profile.schema.json but not the built-in ones (jsonschema
# costs tens of milliseconds to import): the built-ins are validated here instead.


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_every_builtin_profile_is_valid_against_the_schema(profile_id):
    path = schemas_dir() / "profiles" / f"{profile_id}.json"
    validate_profile(json.loads(path.read_text(encoding="utf-8")), str(path))


def test_a_users_invalid_profile_is_still_refused_in_one_line(tmp_path):
    data = json.loads((schemas_dir() / "profiles" / "national-2024.json").read_text(encoding="utf-8"))
    data["id"] = "mine-2024"  # a built-in's ID is refused for a user's profile
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_profile(str(mine)).id == "mine-2024"
    del data["families"]
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProfileError, match="不符合 profile.schema.json"):
        load_profile(str(mine))
    done = run_cli("check", str(REPO / "examples" / "good-project"), "--profile", str(mine))
    assert done.returncode == 2 and "不符合 profile.schema.json" in done.stderr and "Traceback" not in done.stderr


def test_a_named_command_is_built_alone_and_helps_as_the_whole_app_does():
    """`wuxiao check …` builds only `check` (Typer would build every command's options): same help, same errors."""
    from wuxiao_cli.cli.app import command

    assert list(command("check").commands) == ["check"] and list(command("quiz").commands) == ["quiz"]
    assert len(command().commands) > 8
    whole = ("import sys, wuxiao_cli.cli.app; app = sys.modules[\"wuxiao_cli.cli.app\"]; "
             "app._named = lambda args: None; app.main()")  # the whole app, as before
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    for args in (["check", "--help"], ["pack", "--help"], ["quiz", "--help"], ["check", "--jobs", "x", "."],
                 ["check", str(REPO / "examples" / "good-project")]):
        expected = subprocess.run([sys.executable, "-c", whole, *args], capture_output=True, text=True,
                                  encoding="utf-8", cwd=REPO, env=env, timeout=120)
        alone = run_cli(*args)
        assert (alone.stdout, alone.stderr, alone.returncode) == \
            (expected.stdout, expected.stderr, expected.returncode), args
