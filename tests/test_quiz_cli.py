"""`wuxiao quiz check FILE.xlsx`: the Q rules on one file, exit codes as `check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from quiz_helpers import question, valid_rows, write_bank
from typer.testing import CliRunner

from wuxiao_cli import rules
from wuxiao_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_quiz_check_passes_a_good_bank(tmp_path):
    path = write_bank(tmp_path / "跟刀架题库.xlsx", valid_rows(20))
    result = runner.invoke(app, ["quiz", "check", str(path)])
    assert result.exit_code == 0, result.output


def test_quiz_check_json_fails_and_skips_q014(tmp_path):
    rows = valid_rows(20)
    rows[0] = question("单选", answer="AB", source="视频 09:00-09:30", n=0)
    path = write_bank(tmp_path / "bank.xlsx", rows)
    result = runner.invoke(app, ["quiz", "check", str(path), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)["projects"][0]["findings"]
    assert [(f["rule"], f["file"]) for f in findings] == [("Q007", "bank.xlsx")]


def test_quiz_check_usage_errors(tmp_path):
    missing = runner.invoke(app, ["quiz", "check", str(tmp_path / "nope.xlsx")])
    assert missing.exit_code == 2 and "找不到" in missing.output
    assert runner.invoke(app, ["quiz", "check", str(tmp_path)]).exit_code == 2


def test_quiz_check_corrupt_file_through_the_real_cli(tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    done = subprocess.run([sys.executable, "-m", "wuxiao_cli", "quiz", "check", str(path)], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 1 and "Q002" in done.stdout and "Traceback" not in done.stderr


def test_every_q_rule_is_registered_documented_and_in_the_profile():
    from wuxiao_cli.profile import load_profile

    profile = load_profile("national-2024")
    q_rules = [r for r in rules.for_profile(profile) if r.family == "Q"]
    assert [r.id for r in q_rules] == [f"Q{n:03d}" for n in range(1, 21)]
    for r in q_rules:
        assert r.clause and r.title.zh and r.title.en and r.hint.zh and len(r.doc) > 40, r.id


def test_explain_a_q_rule():
    result = runner.invoke(app, ["explain", "Q014"])
    assert result.exit_code == 0 and "1:02:03-1:02:10" in result.output and "附件5" in result.output
