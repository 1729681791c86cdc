"""`wuxiao init`: a new project folder with the form (every label and its limit as a hint) and empty folders."""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.text import os_reason

ROLES = ("photos", "videos", "audio", "authorization")
README = """\
“五小”创新成果申报材料 —— 填写说明（{title}）

这个文件夹是一项成果的全部申报材料。请按下面放好文件，然后运行
    wuxiao check 本文件夹
检查，按提示改完所有“错误”后，再运行
    wuxiao pack 本文件夹
生成可以直接发送的压缩包。

  form.docx        申报表：逐项填写右侧一栏，左侧灰字是字数和格式要求。只写文字，不要插入图片或表格。
  {photos}/          成果照片：JPG 格式，不少于 {min_photos} 张；每张 1–10 MB，分辨率不小于 {dpi} dpi；
                   按内容命名（如“刀具-正视图.jpg”）。请用相机或手机原图，不要用微信压缩过的图片。
  {videos}/          成果视频：MP4 格式，1920×1080 横屏，{max_minutes:g} 分钟以内，按内容命名。
  {audio}/           成果音频：MP3 格式，对成果从生产到应用的讲解，按内容命名。
  {authorization}/   附件1 创新成果授权书和成果真实性承诺书：所在单位工会盖章后扫描（PDF 或 JPG，彩色）。
  quizbank.xlsx    成果题库：不少于 {min_questions} 道题，按附件5模板填写（可用 `wuxiao quiz template` 生成）。
  {craftsman}/       仅当完成人中有工匠荣誉获得者时需要：工匠文字简介（行业、工种、现职务、所获荣誉）
                   和个人宣传类、技能技法类视频（MP4，1920×1080，时长不限）。

报送邮箱：{recipient}
"""


README_MARK = "申报材料 —— 填写说明"  # on the first line of README; how pack knows the file is ours


def is_scaffold_readme(rel: str, path: Path) -> bool:
    """The README.txt `init` wrote (instructions for the worker): never sent with the materials."""
    if rel.lower() != "readme.txt":
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(400).decode("utf-8-sig", errors="ignore")
    except OSError:
        return False
    return README_MARK in head.split("\n", 1)[0]


class ScaffoldError(Exception):
    pass


def scaffold(root: Path, profile: Profile) -> list[str]:
    """Create the project at ``root``, or add to a folder that already holds materials what it lacks
    (照片/ counts as photos/, 申报表.docx as the form); return what was written. Nothing is overwritten."""
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} 是文件，不是文件夹；请给出项目文件夹的路径")
    have = present(root, profile) if root.exists() else set()
    try:
        root.mkdir(parents=True, exist_ok=True)
        written = []
        for role in roles(profile):
            if role not in have:
                (root / profile.folder(role)).mkdir(parents=True, exist_ok=True)
                written.append(profile.folder(role) + "/")
        if "form" not in have:
            write_form_docx(root / "form.docx", profile)
            written.append("form.docx")
        intro = profile.section("intro")
        if intro and not (root / intro["files"][0]).exists():
            write_intro_docx(root / intro["files"][0], profile)
            written.append(intro["files"][0])
        if not (root / "README.txt").exists():
            (root / "README.txt").write_text(readme_text(profile), encoding="utf-8-sig")
            written.append("README.txt")
        try:
            from wuxiao_cli.quiz.template import write_template
        except ImportError:
            write_template = None
        if write_template is not None and profile.enabled("Q001") and "quizbank" not in have:
            write_template(root / "quizbank.xlsx")
            written.append("quizbank.xlsx")
    except OSError as exc:
        raise ScaffoldError(f"无法在 {root} 创建文件：{os_reason(exc)}") from None
    if not written:
        raise ScaffoldError(f"{root} 已有全部材料文件夹、表单和说明，没有需要补充的内容（已有文件不会被覆盖）")
    return written


def present(root: Path, profile: Profile) -> set[str]:
    """What a folder already holds, as `check` sees it: role folders (by any alias), a form (any name or
    format, even one to re-save), a quiz bank."""
    from wuxiao_cli.project import Project
    from wuxiao_cli.quiz.loader import find_banks
    from wuxiao_cli.rules.received import other_format_forms

    project = Project(root, profile)
    have = {role for role in roles(profile) if project.folder_name(role) is not None}
    if project.form.candidates or other_format_forms(project) or (root / "form.docx").exists():
        have.add("form")
    if find_banks(project) or (root / "quizbank.xlsx").exists():
        have.add("quizbank")
    return have


def roles(profile: Profile) -> tuple[str, ...]:
    """The material folders to create: the profile's layout, or every role when it lists none."""
    return tuple(profile.data.get("layout") or ()) or (*ROLES, "craftsman")


def readme_text(profile: Profile) -> str:
    photos = profile.section("photos")
    videos = profile.section("videos")
    text = README.format(
        title=profile.title,
        min_photos=photos.get("min_count", 3),
        dpi=photos.get("min_dpi", 300),
        max_minutes=videos.get("max_seconds", 300) / 60,
        min_questions=profile.section("quiz").get("min_questions", 20),
        recipient=profile.data["recipient"],
        **{role: profile.folder(role) for role in (*ROLES, "craftsman")},
    )
    # Keep only the lines for materials this profile asks for (a role's line runs until the next entry).
    wanted = set(roles(profile)) | ({"quizbank.xlsx"} if profile.enabled("Q001") else set())
    keep, lines = True, []
    for line in text.split("\n"):
        if line.startswith("  ") and not line.startswith("   "):
            entry = line.split()[0].rstrip("/")
            named = {profile.folder(r): r for r in (*ROLES, "craftsman")}
            keep = entry == "form.docx" or named.get(entry, entry) in wanted
        elif not line.startswith("   "):
            keep = True
        if keep:
            lines.append(line)
    extra = []
    if intro := profile.section("intro"):
        labels = "、".join(_field_title(profile, k) for k in intro["fields"])
        extra.append(f"  {intro['files'][0]}       {labels}：在各标题下直接写正文。")
    if "report_table" in roles(profile):
        extra.append(f"  {profile.folder('report_table')}/     附件4 报送表：由上报单位盖章后彩色扫描（PDF、JPG 或 PNG）。")
    if videos.get("max_count") == 1 and "videos" in roles(profile):
        extra.append(f"  {profile.folder('videos')}/ 中只能放 1 个视频。")
    if profile.data.get("delivery") == "netdisk":
        extra.append("材料较大，请上传网盘（如百度网盘），把分享链接用邮件发送。")
    at = next((i for i, line in enumerate(lines) if line.startswith("报送邮箱")), len(lines) + 1) - 1
    lines[at:at] = extra
    return "\r\n".join(lines)  # Notepad on old Windows shows bare LF as one line


def _field_title(profile: Profile, key: str) -> str:
    """A field's label with its 字数 limit, e.g. 导师简介（200 字以内）."""
    spec = profile.form_schema.fields.get(key)
    if spec is None:
        return key
    limit = (spec.schema.get("zishu") or {}).get("max")
    return f"{spec.label}（{limit} 字以内）" if limit else spec.label


def write_intro_docx(path: Path, profile: Profile) -> None:
    """One heading per intro field, carrying its limit (the reader ignores the bracketed hint), and a blank line."""
    import docx

    intro = profile.section("intro")
    document = docx.Document()
    document.add_heading(intro.get("title", "简介"), level=1)
    for key in intro["fields"]:
        document.add_heading(_field_title(profile, key), level=2)
        document.add_paragraph("")
    document.save(str(path))


def write_form_docx(path: Path, profile: Profile) -> None:
    """A 2-column table: label (with its limit as a grey hint) | empty value cell."""
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.add_heading(profile.title, level=1)
    note = document.add_paragraph("请在右侧一栏填写；左侧灰字为要求。所有栏目只写文字，不要插入图片或表格。")
    note.runs[0].font.size = Pt(9)
    fields = profile.form_schema.fields
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    required = set(profile.form_schema.required)
    for key, spec in fields.items():
        row = table.add_row()
        label_cell, _value_cell = row.cells
        label_cell.paragraphs[0].add_run(("* " if key in required else "") + spec.label).bold = True
        if spec.hint:
            hint = label_cell.add_paragraph().add_run(spec.hint)
            hint.font.size = Pt(8)
            hint.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    document.save(str(path))
