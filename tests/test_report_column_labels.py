"""The batch table and the xlsx label the name/unit/union columns as the profile's own form does: the
Jiangsu 提名书 has 项目名称 and 工会全称 (the unit's own union), no 所属上级工会; the JSON keys stay."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.conftest import EXAMPLES, invoke_cli

CASES = [("jiangsu-batch", "jiangsu-2023", ["项目名称", "第一完成单位名称", "工会全称"]),
         ("batch", "national-2024", ["创新成果名称", "成果完成单位", "所属上级工会"])]


@pytest.mark.parametrize("folder,profile,labels", CASES)
def test_batch_columns_carry_the_profiles_form_labels(tmp_path, folder, profile, labels):
    xlsx = tmp_path / "检查报告.xlsx"
    result = invoke_cli("check", str(EXAMPLES / folder), "--profile", profile, "--report", str(xlsx),
                        env={"COLUMNS": "240"})
    header = next(line for line in result.stdout.splitlines() if line.strip().startswith("结果"))
    wb = openpyxl.load_workbook(xlsx)
    assert [c.value for c in wb["汇总"][1]][:3] == labels
    assert [c.value for c in wb["问题明细"][1]][1] == labels[0]
    # 附件2's quotas (B004) are the national collection's: the Jiangsu workbook has no 配额 sheet to puzzle over
    assert wb.sheetnames == (["汇总", "问题明细"] if profile == "jiangsu-2023" else ["汇总", "问题明细", "配额"])
    if profile == "jiangsu-2023":
        assert "所属上级工会" not in header and "创新成果名称" not in header
        assert "项目名称" in header and "工会全称" in header
    else:
        assert "创新成果名称" in header and "所属上级工会" in header
    data = json.loads(invoke_cli("check", str(EXAMPLES / folder), "--profile", profile, "-f", "json").stdout)
    assert {"name", "unit", "union"} <= set(data["projects"][0])


def test_the_field_column_of_the_findings_sheet_is_the_forms_label(tmp_path):
    xlsx = tmp_path / "检查报告.xlsx"
    invoke_cli("check", str(EXAMPLES / "flawed-project"), "--report", str(xlsx))
    sheet = openpyxl.load_workbook(xlsx)["问题明细"]
    column = [c.value for c in sheet[1]].index("栏目")
    shown = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]}
    assert {"联系电话", "成果简介", "第一完成人简介"} <= shown and not any(v.isascii() for v in shown), shown
