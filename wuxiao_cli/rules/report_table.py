"""Roadshow report table (R007, R008) — 附件4: the 报送表 ends with 上报单位盖章, so its stamped scan is sent.

The scan's folder is the profile's ``report_table`` layout role; a profile without it gets no findings.
"""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.media.scans import read_scan, seal_problems, unreadable
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T

ROLE = "report_table"


def _scans(project):
    return [(e, *project.facts("scan", e, read_scan)) for e in project.files_in(ROLE, recursive=True)]


@rule("R007", "E", "附件4 上报单位盖章",
      T("缺少上报单位盖章的报送表扫描件，或扫描件不是可读的 PDF/JPG/PNG",
        "The stamped report table scan is missing, or not a readable PDF/JPG/PNG"),
      T("把填好的附件4 报送表（上报单位、联系人、课程名称…）打印后由上报单位盖章，彩色扫描为 PDF 或 JPG 放入 report-table/",
        "Print the filled 附件4 table, have the reporting union stamp it, and put the colour scan in report-table/"),
      how="路演项目要有报送表文件夹（report-table/），放上报单位盖章的附件4 报送表扫描件。没有文件夹或文件夹为空为错误；扫描件须是能打开的 PDF（无密码、有页）、JPG 或 PNG，报送表的 .docx 原文件（没有盖章）、加密的 PDF 为错误。")
def report_table_scan(project):
    """附件4 的报送表最后一行是“上报单位盖章”: the table, stamped by the 上报单位 (the provincial industrial union),
    goes with the materials as a scan — PDF, JPG or PNG in ``report-table/``.

    FAIL: no report-table/ folder or an empty one; a .docx of the table (not stamped); a password-protected PDF.
    """
    if not project.profile.data.get("layout", {}).get(ROLE):
        return
    folder = project.profile.folder(ROLE)
    if project.folder_name(ROLE) is None or not project.files_in(ROLE, recursive=True):
        have = f"没有 {folder}/ 文件夹" if project.folder_name(ROLE) is None else f"{folder}/ 文件夹是空的"
        yield Problem(T(f"{have}：缺少上报单位盖章的附件4 报送表扫描件",
                        f"{folder}/ is missing or empty: no stamped report table scan"), file=folder + "/")
        return
    for entry, kind, facts in _scans(project):
        if (why := unreadable(entry.name, kind, facts)) is not None:
            yield Problem(why, file=entry.rel)


@rule("R008", "W", "附件4 上报单位盖章",
      T("报送表扫描件中没有找到红色公章（启发式判断）", "No red seal found on the report table scan (heuristic)"),
      T("确认报送表已由上报单位盖章，并用彩色扫描（黑白扫描看不出红章）",
        "Make sure the reporting union stamped the table and scan it in colour"),
      how="这是启发式判断，只给警告：在 report-table/ 的扫描件和 PDF 里的图片中找红色、大致为圆形的印记，找不到就提醒。黑白扫描的盖章页也会被提醒，因为看不出红色。扫描件过大（像素总数超过 4000 万的 PNG）或 PDF 第 1 页过于复杂、为安全起见没有解码的，不说“没有找到公章”，而是单独说明原因并提醒重新扫描。")
def report_table_seal(project):
    """上报单位盖章: the red-seal heuristic (a red, roughly round mark in the scan or in a PDF's images) over the
    scans in ``report-table/``; a black-and-white scan of a stamped table also warns.
    """
    for message, hint, entry in seal_problems(_scans(project)):
        yield Problem(message, file=entry.rel, hint=hint)


RULES = [report_table_scan, report_table_seal]
