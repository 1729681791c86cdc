"""Names as clerks receive them (F030–F031): the form saved in another format, two folders for one material."""

from __future__ import annotations

from wuxiao_cli.findings import ALL, Problem
from wuxiao_cli.project import nfc
from wuxiao_cli.rules.base import rule
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T, counted, fold

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
      how="每类材料只能有一个文件夹，按标准名或常用中文名认：照片（{photos_dir}/、照片/、成果照片/、图片/、相片/）、视频（视频/、成果视频/）、音频（音频/、成果音频/、录音/）、授权书（授权书/、承诺书/）、工匠材料（工匠/）、题库（题库/、成果题库/）。同一类有两个文件夹为错误，只按第一个检查；例如 {photos_dir}/ 和 照片/ 并存。只有 照片/ 或只有 {photos_dir}/ 都通过。")
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


@rule("F032", "I", "收件（压缩包）",
      T("旁边的同名压缩包就是这个文件夹，只检查了一次", "The archive beside the folder is the same submission; checked once"),
      T("无需处理；报送时交文件夹或压缩包其中一份即可", "Nothing to do; send either the folder or the archive"),
      how="项目文件夹旁边有同名的 .zip 或 .7z（如 跟刀架成果/ 和 跟刀架成果.zip，Windows“全部解压”后常见），且里面的文件路径、大小都相同（1 MB 以内的文件还比较校验值），就是同一份材料：批量检查时只检查文件夹，不把两者算作重复申报（B001），并给出此提示。内容不同的（如解压后又改过表单）仍按两个项目检查。")
def extracted_archive_beside(project):
    """A clerk who receives 跟刀架成果.zip and uses Windows "全部解压" keeps 跟刀架成果/ beside it. When the
    archive holds the same files (paths and sizes; small files by CRC-32), discovery checks the folder
    only and this note names the archive, instead of B001 charging a duplicate submission.

    INFO: 跟刀架成果/ beside the 跟刀架成果.zip it came from. PASS: a folder with no archive of its name beside it;
    one whose archive differs (it is checked as a second project).
    """
    from wuxiao_cli.twins import archive_twin

    if (twin := archive_twin(project.root)) is not None:
        yield Problem(T(f"旁边的 {nfc(twin.name)} 与此文件夹的文件相同，是它的压缩包（或由它解压出此文件夹）：只检查了文件夹，"
                        "不算重复申报",
                        f"{nfc(twin.name)} beside this folder holds the same files: only the folder was checked, "
                        "not as a duplicate"))


@rule("F033", "E", "收件（压缩包）",
      T("项目里有没解压的压缩包，缺少的材料可能在里面", "The project holds an archive not extracted; missing material may be inside"),
      T("把压缩包解压（右键 → 全部解压），解压出的文件夹按材料命名（照片、视频、音频、授权书）放在项目文件夹第一层，删除压缩包后再检查",
        "Extract the archive, name the folder after its material (photos, videos, audio, authorization) and check again"),
      how="项目缺少表单或某类材料文件夹、而第一层有 .zip/.7z/.rar 压缩包（扩展名和内容都是压缩包）时为错误，点名这些压缩包：例如用 视频.zip 代替了 视频/ 文件夹，提示解压为 视频/，不再另报“缺少 {videos_dir}/ 文件夹”；项目里既没有表单也没有任何材料文件夹、只有压缩包的，多半是装着几个项目压缩包的汇总包，提示先解压外层再检查，不再另报缺少表单和各类材料（一个问题只报一条）。收到的压缩包里直接装着的项目压缩包会再打开一层逐个检查（如 汇总.zip › 甲.zip）；项目文件夹里的压缩包、以及更深一层的压缩包不会被自动打开。")
def archive_in_project(project):
    """Archives inside a project are not opened, nor those a level below a received archive's project
    archives (intake opens two levels: bounded work). When a role folder or the form is missing and the
    project's first level holds archives (by content), they are named here: 视频.zip sent in place of 视频/,
    or a zip of project zips at the third level, checked as one project.

    One problem, one finding: the role's missing-folder finding (V001 for 视频.zip) is replaced by this one,
    and a place holding only archives gets this finding alone (it is no project; "缺少…" would all be false).

    FAIL: 视频.zip beside form.docx and no videos/; a zip holding 甲.zip, 乙.7z. PASS: a complete project
    that also keeps a backup zip.
    """
    enabled = project.profile.enabled
    missing = [r for r, rid in MISSING_RULES.items() if enabled(rid) and not project.role_folders(r)]
    no_form = enabled("F001") and not project.form.candidates
    if not missing and not no_form:
        return
    named = [e for e in project.files if "/" not in e.rel and e.suffix in (".zip", ".7z", ".rar")]
    if not named:
        return
    # only now: a complete project never loads the archive readers
    from wuxiao_cli.archive import archive_kind

    archives = [e for e in named if archive_kind(e.path)]
    if not archives:
        return
    names = counted(e.name for e in archives)
    if _only_archives(project, archives):  # not a project at all: its "缺少…" would all be false
        what = "项目压缩包又被压缩了一层" if len(archives) == 1 else "装着几个项目压缩包的汇总包"
        yield Problem(T(f"这里只有压缩包 {names}，没有表单和材料文件夹：多半是{what}，里面的压缩包没有打开",
                        f"Only archives here ({names}), no form or material folders: likely a bundle of project archives"),
                      hint=T("先把这个压缩包解压成文件夹，再检查解压出的文件夹（wuxiao 会逐个检查其中的项目压缩包）",
                             "Extract this archive first, then check the extracted folder (each project archive in it is checked)"),
                      replaces=(ALL,))
        return
    aliases = {r: [fold(n).casefold() for n in project.profile.folder_names(r)] for r in missing}
    stood_in = False
    for e in archives:
        stem = fold(e.name.rsplit(".", 1)[0]).casefold()
        role = next((r for r, names_ in aliases.items() if stem in names_), None)
        if role is not None:  # 视频.zip in place of 视频/: this says it, not V001's "新建 videos 文件夹"
            stood_in = True
            folder = e.name.rsplit(".", 1)[0]
            yield Problem(T(f"项目里有 {e.name}，但没有 {folder}/ 文件夹：{_LABELS[role]}可能在这个压缩包里，没有解压",
                            f"{e.name} is here but no {folder}/ folder: the {role} may be inside, not extracted"),
                          file=e.rel, hint=T(f"把 {e.name} 解压为 {folder}/ 文件夹（右键 → 全部解压），删除压缩包后再检查",
                                             f"Extract {e.name} as the folder {folder}/ and check again"),
                          replaces=(MISSING_RULES[role],))
            del aliases[role]
    if stood_in:
        return
    shown = "、".join(f"{project.profile.folder(r)}/" for r in missing) or "表单"
    yield Problem(T(f"项目里有压缩包 {names}，没有解压；缺少的 {shown} 可能在里面",
                    f"Archives here ({names}) are not extracted; the missing {shown} may be inside"), file=archives[0].rel)


def _only_archives(project, archives: list) -> bool:
    """No form, no material folder, no file but these archives: a bundle, not a project."""
    return (not project.form.candidates and not any(project.role_folders(r) for r in MISSING_RULES)
            and len(archives) == len(project.files))


MISSING_RULES = {"photos": "P001", "videos": "V001", "audio": "A001", "authorization": "D001"}
_LABELS = {"photos": "照片", "videos": "视频", "audio": "音频", "authorization": "授权书", "craftsman": "工匠材料",
           "quizbank": "题库"}


RULES = [form_in_other_format, two_folders_for_one_role, extracted_archive_beside, archive_in_project]
