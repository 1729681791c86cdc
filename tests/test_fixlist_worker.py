"""The 整改清单 goes to one worker: only what they can change, wrapped where Notepad shows it whole."""

from __future__ import annotations

import json

from conftest import EXAMPLES, invoke_cli

from wuxiao_cli.report.checklist import WIDTH, cols, wrap


def test_a_fixlist_leaves_out_the_unions_quota(tmp_path):
    """B004 (送检/通过 counts of the union's projects against 附件2) is the clerk's: the worker cannot act on
    it, and it tells them how the other projects did."""
    report = json.loads(invoke_cli("check", EXAMPLES / "batch", "-f", "json", "--fixlists", tmp_path).stdout)
    assert any(b["rule"] == "B004" for b in report["batch_findings"])
    texts = [p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("*-整改清单.txt")]
    assert texts and not any("B004" in t or "送检" in t for t in texts)
    assert any("B001" in t for t in texts)  # a duplicate name is theirs to change


def test_wrapping_never_splits_a_size():
    text = "视" * 31 + "1920×1080 像素"  # "1920×" fits on the first line, "1080" would not
    lines = wrap(text)
    assert any("1920×1080" in line for line in lines) and all(cols(line) <= WIDTH for line in lines), lines


def test_wrapping_keeps_a_clause_mark_whole():
    """A re-test saw 〔附件3 / 第15项〕 split over two lines of the 整改清单."""
    for n in range(20, 34):  # the mark starts at every column near the line's end
        lines = wrap("视" * n + "〔附件3 第15项〕，改后重新检查", first="问题：")
        assert any("〔附件3 第15项〕" in line for line in lines) and all(cols(line) <= WIDTH for line in lines), lines
