"""--report FILE.xlsx (SPEC §4): 汇总 (a row a project), 问题明细 (a row a finding), 配额 (B004, for a batch
checked under a profile that applies it).

Each sheet: bold frozen header, auto-filter, error rows red, warning rows amber, columns sized to
content up to MAX_WIDTH and wrapped beyond; printed A4 landscape, one page wide, header repeated.
Written from the report dict, so it shows exactly what the JSON shows. Reporters never judge.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from wuxiao_cli.batch.baseline import LABELS as BASELINE_ZH
from wuxiao_cli.clauses import clause_title
from wuxiao_cli.report.xlsx_print import a4, display_width, fit_rows
from wuxiao_cli.text import safe

RED = PatternFill("solid", fgColor="FFC7CE")
AMBER = PatternFill("solid", fgColor="FFEB9C")
GREEN = PatternFill("solid", fgColor="C6EFCE")
HEAD = PatternFill("solid", fgColor="D9D9D9")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"pass": "通过", "fail": "不通过"}
MAX_WIDTH = 40  # columns; longer text wraps (a 汇总 of 7 columns stays readable on one landscape page)


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[tuple[list, PatternFill | None]]):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD
    for values, fill in rows:
        ws.append([safe(v) if isinstance(v, str) else v for v in values])  # ESC in a name: \x1b, not a broken cell
        if fill is not None:
            for cell in ws[ws.max_row]:
                cell.fill = fill
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"
    for i, _ in enumerate(header, start=1):
        letter = get_column_letter(i)
        widest = max(display_width(c.value) for c in ws[letter])
        ws.column_dimensions[letter].width = min(MAX_WIDTH, widest + 4)  # + room for the filter button
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    fit_rows(ws)
    a4(ws, landscape=True)
    return ws


def _fill(severity_or_status: str) -> PatternFill | None:
    return {"error": RED, "fail": RED, "warning": AMBER}.get(severity_or_status)


def write_xlsx(report: dict, quota: list[dict], path: Path, profile=None) -> None:
    """Write the workbook; ``quota`` rows are QuotaRow.to_dict() (union, minimum, submitted, passed, shortfall).
    ``profile``: the one checked under (its form's labels head the columns), else the report's built-in one."""
    from wuxiao_cli.report.columns import column_labels, field_label

    name_label, unit_label, union_label = column_labels(profile, report.get("profile"))

    def label(f: dict) -> str:
        return field_label(f["field"], profile, report.get("profile")) if f.get("field") else ""

    wb = Workbook()
    wb.remove(wb.active)
    has_baseline = "baseline" in report["summary"]
    projects = sorted(report["projects"], key=lambda p: (p["status"] == "pass", p["path"]))
    batch_by_project: dict[str, list[dict]] = {}
    for b in report.get("batch_findings", []):
        for p in b.get("projects", []):
            batch_by_project.setdefault(p, []).append(b)

    header = [name_label, unit_label, union_label, "结果", "错误数", "警告数", "项目文件夹"]
    if has_baseline:
        header.append("已修复")
    rows = []
    for p in projects:
        values = [p["name"], p.get("unit", ""), p.get("union", ""), STATUS_ZH.get(p["status"], p["status"]),
                  p["errors"], p["warnings"], p["path"]]
        if has_baseline:
            values.append(len(p.get("fixed", [])))
        rows.append((values, _fill(p["status"])))
    _sheet(wb, "汇总", header, rows)

    header = ["项目文件夹", name_label, "级别", "规则", "文件", "栏目", "问题", "修改建议", "依据"]
    has_waivers = any(f.get("waived") for p in projects for f in p["findings"]) or any(
        b.get("waived") for b in report.get("batch_findings", []))
    if has_waivers:
        header.append("豁免理由")
    if has_baseline:
        header.append("对比上次")
    rows = []
    for p in projects:
        for f in p["findings"]:
            level = SEVERITY_ZH.get(f["severity"], f["severity"]) + ("（已豁免）" if f.get("waived") else "")
            values = [p["path"], p["name"], level, f["rule"], f.get("file") or "", label(f),
                      f["message"], f.get("hint", ""), clause_title(f.get("clause", ""))]
            if has_waivers:
                values.append((f.get("reason") or "未说明理由") if f.get("waived") else "")
            if has_baseline:
                values.append(BASELINE_ZH.get(f.get("baseline"), ""))
            rows.append((values, None if f.get("waived") else _fill(f["severity"])))
        for f in p.get("fixed", []):
            values = [p["path"], p["name"], SEVERITY_ZH.get(f.get("severity"), ""), f.get("rule"),
                      f.get("file") or "", label(f), f.get("message"), "", ""]
            rows.append(([*values, *([""] if has_waivers else []), BASELINE_ZH["fixed"]], GREEN))
    for b in report.get("batch_findings", []):
        level = SEVERITY_ZH.get(b["severity"], b["severity"]) + ("（已豁免）" if b.get("waived") else "")
        values = ["、".join(b.get("projects", [])), "（整个批次）", level, b["rule"], "", "", b["message"],
                  b.get("hint", ""), clause_title(b.get("clause", ""))]
        if has_waivers:
            values.append((b.get("reason") or "未说明理由") if b.get("waived") else "")
        if has_baseline:
            values.append(BASELINE_ZH.get(b.get("baseline"), ""))
        rows.append((values, None if b.get("waived") else _fill(b["severity"])))
    _sheet(wb, "问题明细", header, rows)

    if "quota" not in report:  # 附件2 quotas are the national collection's (B004): no empty sheet for the others
        wb.save(path)
        return
    header = ["所属上级工会", "附件2最低数量", "送检项目数", "通过数", "缺口"]
    rows = []
    for q in quota:
        minimum = q["minimum"] if q["minimum"] is not None else "（不在附件2中）"
        fill = AMBER if q["shortfall"] else (None if q["minimum"] is None else GREEN)
        rows.append(([q["union"], minimum, q["submitted"], q["passed"], q["shortfall"]], fill))
    _sheet(wb, "配额", header, rows)
    wb.save(path)
