"""Names as clerks receive them (F030–F031): the form saved in another format, two folders for one material."""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.rules.base import rule
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T

OTHER_FORMATS = {".doc": "Word 97-2003", ".wps": "WPS 文字", ".odt": "OpenDocument 文本 (.odt)",
                 ".rtf": "RTF 富文本", ".pdf": "PDF"}
FORM_WORDS = ("申报", "表", "form")  # a PDF counts as the form only if its name says so
SAVE_AS_DOCX = T("用 Word 打开 → 文件 → 另存为 → 保存类型选“Word 文档(*.docx)”；用 WPS 打开 → 文件 → 另存为 → "
                 "文件类型选“Microsoft Word 文件(*.docx)”；用 LibreOffice 打开 → 文件 → 另存为 → 文件类型选"
                 "“Word 2007-365 (.docx)”，提示保留格式时选“使用 Word 2007-365!”。保存后删除原来的文件。"
                 "PDF 无法还原为表格：请找到原始的 Word 文件另存为 .docx",
                 "In Word: File → Save As → 'Word Document (*.docx)'; in WPS: 文件 → 另存为 → "
                 "'Microsoft Word 文件(*.docx)'; in LibreOffice: File → Save As → 'Word 2007-365 (.docx)', then "
                 "'Use Word 2007-365!'. Delete the old file afterwards. A PDF cannot become the form: "
                 "re-save the original Word file")
STRICT_TO_DOCX = T("用 Word 打开 → 文件 → 另存为 → 保存类型选“Word 文档(*.docx)”（不要选“Strict Open XML 文档(*.docx)”）；"
                   "或用 WPS 打开 → 文件 → 另存为 → 文件类型选“Microsoft Word 文件(*.docx)”。保存后替换原文件",
                   "In Word: File → Save As → 'Word Document (*.docx)', not 'Strict Open XML Document (*.docx)'; "
                   "or in WPS: 文件 → 另存为 → 'Microsoft Word 文件(*.docx)'. Replace the original with it")
STRICT_DOCX = T("是 Word 的“Strict Open XML 文档”格式（ISO/IEC 29500 严格格式），不是常用的“Word 文档 (*.docx)”格式，读不出内容",
                "is a Word 'Strict Open XML Document' (ISO/IEC 29500 Strict), not an ordinary 'Word Document (*.docx)': "
                "its text cannot be read")  # after a file's name; the form's own message says more (forms._strict)
ROLES = ("photos", "videos", "audio", "authorization", "craftsman", "quizbank")


@rule("F030", "E", "附件3",
      T("表单是 .doc / .wps / .odt / .rtf / PDF，需另存为 .docx", "The form is a .doc / .wps / .odt / .rtf / PDF; save it as .docx"),
      SAVE_AS_DOCX,
      how="没有能读取的表单时，看项目第一层有没有 .doc、.wps、.odt（LibreOffice 或 WPS 另存的开放文档格式）、.rtf 文件，或名字像表单的 PDF（如 申报表.pdf）。有则为错误，并说明怎样在 Word、WPS 或 LibreOffice 中另存为 .docx；例如只有 申报表.doc（Word 97-2003 格式）或 form.odt。其实是 .docx 只是扩展名写错的文件归 F002。")
def form_in_other_format(project):
    """The form's fields are read from a .docx (or form.toml / form.json). A top-level .doc, .wps, .odt or
    .rtf, or a PDF named like the form (申报表.pdf), sent in its place is named here with the 另存为 steps.

    PASS: 申报表.docx. FAIL: 申报表.doc (Word 97-2003) or form.odt (LibreOffice) with no .docx beside it.
    """
    for entry, kind in other_format_forms(project):
        yield Problem(T(f"{entry.rel} 是 {kind} 格式，表单需要 .docx 才能读取",
                        f"{entry.rel} is {kind}; the form must be a .docx"), file=entry.rel)


def other_format_forms(project) -> list:
    """(entry, format) of top-level files sent in the form's place when there is no readable form."""
    if project.form.candidates:
        return []
    out = []
    for entry in project.files:
        if "/" in entry.rel or entry.suffix not in OTHER_FORMATS:
            continue
        if entry.suffix == ".pdf" and not any(w in entry.name.lower() for w in FORM_WORDS):
            continue
        if sniff(entry.path) != "docx":  # a real .docx merely misnamed .doc is F002's business
            out.append((entry, OTHER_FORMATS[entry.suffix]))
    return out


@rule("F031", "E", "附件3",
      T("同一类材料放在了两个文件夹里", "One kind of material is in two folders"),
      T("把文件合并到一个文件夹（如都放进“照片”），删除另一个", "Merge them into one folder and delete the other"),
      how="每类材料只能有一个文件夹，按标准名或常用中文名认：照片（photos/、照片/、成果照片/、图片/、相片/）、视频（视频/、成果视频/）、音频（音频/、成果音频/、录音/）、授权书（授权书/、承诺书/）、工匠材料（工匠/）、题库（题库/、成果题库/）。同一类有两个文件夹为错误，只按第一个检查；例如 photos/ 和 照片/ 并存。只有 照片/ 或只有 photos/ 都通过。")
def two_folders_for_one_role(project):
    """Each material has one folder, by its own name or one people use (photos ← 照片、成果照片、图片、相片;
    videos ← 视频; audio ← 音频、录音; authorization ← 授权书、承诺书; craftsman ← 工匠). Two of them
    for one material would leave the checker guessing which to count.

    PASS: 照片/ alone, or photos/ alone. FAIL: photos/ and 照片/ side by side.
    """
    for role in ROLES:
        found = project.role_folders(role)
        if len(found) > 1:
            listed = "、".join(f"{d}/" for d in found)
            yield Problem(T(f"{listed} 都是放{_LABELS[role]}的文件夹，只按 {found[0]}/ 检查",
                            f"{listed} all hold {role}; only {found[0]}/ was checked"), file=found[1])


_LABELS = {"photos": "照片", "videos": "视频", "audio": "音频", "authorization": "授权书", "craftsman": "工匠材料",
           "quizbank": "题库"}


RULES = [form_in_other_format, two_folders_for_one_role]
