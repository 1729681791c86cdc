"""One core, two faces: the command modules share cli.common and the operations, never each other."""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "wuxiao_cli" / "cli"
GUI = CLI.parent / "gui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_command_modules_import_only_the_common_module_of_the_cli():
    modules = sorted(p for p in CLI.glob("*.py") if p.stem not in ("__init__", "app", "common"))
    assert {p.stem for p in modules} >= {"check", "info", "init", "pack", "quiz", "jiangsu", "gui", "zh"}
    for path in modules:
        others = {m for m in imported_modules(path)
                  if m.startswith("wuxiao_cli.cli") and not m.startswith("wuxiao_cli.cli.common")}
        assert not others, (path.name, others)


def test_common_and_the_app_face_do_not_import_the_command_line_back():
    assert not {m for m in imported_modules(CLI / "common.py") if m.startswith("wuxiao_cli.cli")}
    for path in [CLI.parent / "ops.py", *GUI.glob("*.py")]:
        assert not {m for m in imported_modules(path) if m.startswith("wuxiao_cli.cli")}, path.name


def test_the_entry_point_import_paths_still_work():
    from wuxiao_cli.cli import app, main
    from wuxiao_cli.cli.app import app as same

    assert app is same and callable(main)
