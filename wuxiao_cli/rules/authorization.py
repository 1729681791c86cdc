"""Authorization rules (D) — 附件1 and 附件3 第7项: the stamped 授权书 and 真实性承诺书 scans."""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.media.scans import read_scan, seal_problems, unreadable
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T

CLAUSE = "附件1, 附件3 第7项"


def scans(project):
    """(entry, kind, facts) for each file in authorization/; facts is PdfFacts, ImageFacts or None."""
    return [(entry, *project.facts("scan", entry, read_scan))  # D002 and D003 both ask: read once
            for entry in project.files_in("authorization", recursive=True)]


@rule("D001", "E", CLAUSE,
      T("缺少 {authorization_dir}/ 文件夹，或其中没有文件", "{authorization_dir}/ missing or empty"),
      T("下载附件1，填写创新成果授权书和成果真实性承诺书，由所在单位工会盖章后扫描放入 {authorization_dir}/",
        "Fill in 附件1, have the union stamp it, and put the scan in {authorization_dir}/"),
      how="看项目顶层有没有授权书文件夹（{authorization_named}），以及其中（含子文件夹）有没有文件。没有文件夹或文件夹是空的，为错误。")
def authorization_present(project):
    """下载附件1，所在单位工会盖章后上传: the stamped scan must be in the package."""
    folder = project.folder_name("authorization")
    if folder is None:
        named = project.profile.folder("authorization")
        yield Problem(T(f"缺少 {named}/ 文件夹", f"No {named}/ folder"))
    elif not project.files_in("authorization", recursive=True):
        yield Problem(T(f"{folder}/ 文件夹是空的", f"{folder}/ is empty"), file=folder + "/")


@rule("D002", "E", CLAUSE,
      T("授权书扫描件不是可读的 PDF/JPEG/PNG", "A scan is not a readable PDF/JPEG/PNG"),
      T("用扫描仪或手机扫描 App 导出为 PDF 或 JPG；不要加密码", "Export the scan as PDF or JPG without a password"),
      how="逐个打开授权书扫描件：PDF 要能打开、没有密码、至少有一页；JPEG、PNG 要能读出图片。Word 文档（.doc）、HEIC 照片、0 字节的 PDF 等为错误。")
def readable_scans(project):
    """The scan must open: PDF (not password-protected, with pages), JPEG or PNG. FAIL: a .doc, a HEIC, a 0-byte PDF."""
    for entry, kind, facts in scans(project):
        if (why := unreadable(entry.name, kind, facts)) is not None:
            yield Problem(why, file=entry.rel)


@rule("D003", "W", CLAUSE,
      T("扫描件中没有找到红色公章（启发式判断）", "No red seal found in any scan (heuristic)"),
      T("确认授权书已由所在单位工会盖章，并用彩色扫描（黑白扫描看不出红章）",
        "Make sure the union's seal is on it and scan in colour"),
      how="这是启发式判断，只给警告：在 JPEG/PNG 扫描件、PDF 里的图片以及低分辨率渲染的 PDF 第 1 页中找红色、大致为圆形的印记，一个都找不到就提醒。黑白扫描的盖章页也会被提醒，因为看不出红色；电子章或画在文档里的印章在渲染出的第 1 页上也能找到。像素总数超过 4000 万的 PNG 扫描件为防内存耗尽不解码，第 1 页内容过于复杂（解压后超过 8 MB 或约 20 万个绘图指令）或渲染超时的 PDF 不渲染，都单独提醒重新扫描。")
def red_seal(project):
    """所在单位工会盖章: looks for a red, roughly circular mark in the JPEG/PNG scans, in images inside
    PDFs, and on page 1 of a PDF rendered at low resolution (an electronic seal or a Word letter's
    stamp drawn as vector paths is no image, only pixels show it).

    A heuristic: a black-and-white scan of a stamped page also warns.
    """
    for message, hint, entry in seal_problems(scans(project)):
        yield Problem(message, file=entry.rel, hint=hint)


RULES = [authorization_present, readable_scans, red_seal]
