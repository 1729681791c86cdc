"""Each K rule quotes its own tool requirement (not F027's file-name clause), under every profile; the
roadshow Q018 hint does not cite the national 附件3 第17项."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from tests.conftest import EXAMPLES, invoke_cli

PROFILES = ["national-2024", "roadshow-2024", "jiangsu-2023"]
F027_WORDS = "文件名须能在 Windows"


def _quote(rule: str, profile: str) -> str:
    result = invoke_cli("explain", rule, "--profile", profile)
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("条款原文："))


@pytest.mark.parametrize("profile", PROFILES)
def test_each_k_rule_quotes_its_own_requirement(profile):
    quotes = {rule: _quote(rule, profile) for rule in ["K001", "K002", "K003", "K004", "K005", "K006"]}
    assert len(set(quotes.values())) == 6, quotes
    assert not [r for r, q in quotes.items() if F027_WORDS in q]
    assert "清单" in quotes["K003"] and "大小上限" in quotes["K002"] and "分卷" in quotes["K005"]
    assert F027_WORDS in _quote("F027", profile)  # F027 keeps the file-name clause


def test_roadshow_q018_hint_does_not_cite_the_national_item(tmp_path):
    project = shutil.copytree(EXAMPLES / "roadshow-project", tmp_path / "路演")
    bank = project / "quizbank.xlsx"
    wb = openpyxl.load_workbook(bank)
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 12).value:
            ws.cell(row, 12).value = "成果简介"
    wb.save(bank)
    result = invoke_cli("check", str(project), "--profile", "roadshow-2024", "--format", "json")
    findings = [f for p in json.loads(result.stdout)["projects"] for f in p["findings"] if f["rule"] == "Q018"]
    assert findings, result.stdout[-1500:]
    assert all("第17项" not in f["hint"] for f in findings), findings
    assert "第17项" not in invoke_cli("explain", "Q018", "--profile", "roadshow-2024").stdout
