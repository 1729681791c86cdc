"""Every JSON report the suite produces is checked against the shipped schemas/report.schema.json.

The CLI runners of the test helpers pass their results through ``check_cli_json``; tests that read a
report in-process use ``loads_report``. A report that drifts from the published contract fails there.
"""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
Draft202012Validator.check_schema(SCHEMA)
VALIDATOR = Draft202012Validator(SCHEMA)


def assert_valid_report(data: dict) -> dict:
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "report does not match schemas/report.schema.json:\n" + "\n".join(
        f"  {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])
    return data


def loads_report(text: str) -> dict:
    return assert_valid_report(json.loads(text))


def _value(args: list[str], *names: str) -> str | None:
    for i, a in enumerate(args):
        for n in names:
            if a == n and i + 1 < len(args):
                return args[i + 1]
            if a.startswith(n + "="):
                return a.split("=", 1)[1]
    return None


def check_cli_json(args, proc, cwd: Path | None = None):
    """If the command asked for ``--format json`` and ran (exit 0 or 1), validate the report it wrote."""
    args = [str(a) for a in args]
    if _value(args, "--format", "-f") != "json" or proc.returncode not in (0, 1):
        return proc
    target = _value(args, "--output", "-o")
    if target is None:
        loads_report(proc.stdout)
    else:
        path = Path(target) if Path(target).is_absolute() else (cwd or REPO) / target
        loads_report(path.read_text(encoding="utf-8"))
    return proc
