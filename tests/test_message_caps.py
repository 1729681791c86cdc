"""Every user text quoted in a message is capped (text.clip), and every message as a whole (engine.stamp)."""

from __future__ import annotations

import json

from quiz_helpers import HEADER, valid_rows, write_bank
from typer.testing import CliRunner

from wuxiao_cli.cli import app
from wuxiao_cli.text import MESSAGE_CHARS, QUOTE_CHARS, clip

runner = CliRunner()


def test_clip_on_both_sides_of_the_limit():
    assert clip("字" * QUOTE_CHARS) == "字" * QUOTE_CHARS
    assert clip("字" * (QUOTE_CHARS + 1)) == "字" * QUOTE_CHARS + "…"


def test_a_huge_header_cell_does_not_flood_the_report(tmp_path):
    huge = "很长的表头" * 200_000  # one million characters in one cell
    bank = write_bank(tmp_path / "题库.xlsx", valid_rows(20), header=[*HEADER, huge])
    result = runner.invoke(app, ["quiz", "check", str(bank), "--format", "json"])
    assert result.exit_code == 1
    assert len(result.stdout) < 20_000
    messages = [f["message"] for p in json.loads(result.stdout)["projects"] for f in p["findings"]]
    q003 = [m for m in messages if "多出" in m]
    assert q003 and all(len(m) <= MESSAGE_CHARS + 1 for m in messages)
    assert "很长的表头" * 10 in q003[0] and "…" in q003[0]


def test_a_long_answer_is_quoted_clipped(tmp_path):
    rows = valid_rows(20)
    rows[0] = [*rows[0]]
    rows[0][8] = "A" + "，" * 5000  # 正确答案: a single letter drowned in commas
    bank = write_bank(tmp_path / "题库.xlsx", rows)
    result = runner.invoke(app, ["quiz", "check", str(bank), "--format", "json"])
    messages = [f["message"] for p in json.loads(result.stdout)["projects"] for f in p["findings"]]
    assert messages and all(len(m) < 400 for m in messages)
