"""`wuxiao init`: a new project folder with the form (every label and its limit as a hint) and empty folders."""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.text import columns, limit_mb, os_reason

ROLES = ("photos", "videos", "audio", "authorization")
HEAD = """\
“五小”创新成果申报材料 —— 填写说明（{title}）

这个文件夹是一项成果的全部申报材料。请按下面放好文件，然后运行
    wuxiao check 本文件夹{option}
检查，按提示改完所有“错误”后，再运行
    wuxiao pack 本文件夹{option}
生成可以直接发送的压缩包。
"""
NAME_WIDTH = 17  # "  " and the name padded to this: every entry's words start in the same column


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
            write_template(root / "quizbank.xlsx", profile)
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


def profile_option(profile: Profile) -> str:
    """What `check` and `pack` need to judge this folder as `init` laid it out: nothing for the default.
    A user's profile file by its absolute path: the command is run from the project folder, or elsewhere."""
    from wuxiao_cli.profile import DEFAULT_PROFILE

    if is_builtin(profile):
        return "" if profile.id == DEFAULT_PROFILE else f" --profile {profile.id}"
    path = str(Path(profile.source).resolve())
    return f' --profile "{path}"' if " " in path else f" --profile {path}"


def is_builtin(profile: Profile) -> bool:
    """Loaded from the package's own file: a user's copy may reuse a built-in id, and needs its path."""
    from wuxiao_cli.profile import builtin_ids, schemas_dir

    own = schemas_dir() / "profiles" / f"{profile.id}.json"
    return profile.id in builtin_ids() and Path(profile.source).resolve() == own.resolve()


def readme_text(profile: Profile) -> str:
    """The worker's instructions, every number and folder from the profile: only what its rules check."""
    lines = HEAD.format(title=profile.title, option=profile_option(profile)).split("\n")
    if not is_builtin(profile):
        lines[-1:-1] = [f"（规则集文件 {Path(profile.source).resolve()} 请保留，不要移动或删除：检查和打包都要用到它。）"]
    for name, words in entries(profile):
        first, *more = words
        lines.append(f"  {name}{' ' * max(NAME_WIDTH - columns(name), 1)}{first}")
        lines += [" " * (NAME_WIDTH + 2) + w for w in more]
    lines += ["", *delivery_lines(profile), ""]
    return "\r\n".join(lines)  # Notepad on old Windows shows bare LF as one line


def delivery_lines(profile: Profile) -> list[str]:
    """Where the materials go, as the notice says (profile `delivery`): an e-mail, a link, or the online system."""
    from wuxiao_cli.package import delivery

    if not delivery.by_email(profile):
        site = profile.data["online"]
        clause = f"（通知 {site['clause']}）" if site.get("clause") else ""
        lines = [f"报送方式：线上填报，不用邮件报送。请登录 {delivery.system(profile)}，按系统要求填报并上传材料{clause}。"]
        if order := delivery.upload_order(profile):
            lines += ["上传顺序：", *(f"  {line}" for line in order)]
        if contact := profile.data.get("contact", {}).get("email"):
            lines.append(f"联系邮箱：{contact}（仅用于咨询，不是报送地址）")
        return lines
    lines = []
    if delivery.kind(profile) == "netdisk":
        lines.append(f"{delivery.netdisk_suggestion(profile)}：可把材料上传网盘，把分享链接用邮件发送。")
    return [*lines, f"报送邮箱：{profile.data['recipient']}"]


def entries(profile: Profile) -> list[tuple[str, list[str]]]:
    """(file or folder/, lines saying what goes there) for the form, each material folder, the quiz bank, the intro."""
    out = [("form.docx", [f"{profile.form_schema.schema.get('title', '申报表')}：逐项填写右侧一栏，左侧灰字是字数和格式要求。",
                          "只写文字，不要插入图片或表格。"])]
    folders = [profile.folder(r) for r in roles(profile)]
    for role in roles(profile):
        folder = profile.folder(role)
        if any(f.startswith(folder + "/") for f in folders):
            continue  # photos/ holding photos/before/ and photos/after/: their lines say what goes in it
        if words := _role_words(profile, role):
            out.append((folder + "/", words))
    if profile.enabled("Q001"):
        from wuxiao_cli.quiz import min_questions

        minimum = min_questions(profile)
        command = "wuxiao quiz template quizbank.xlsx" + profile_option(profile)  # the profile's count, not 20
        out.append(("quizbank.xlsx", [f"成果题库：不少于 {minimum} 道题，按附件5模板填写（可用 `{command}` 生成）。"]))
    if intro := profile.section("intro"):
        labels = "、".join(_field_title(profile, k) for k in intro["fields"])
        out.append((intro["files"][0], [f"{labels}：在各标题下直接写正文。"]))
    return out


def _role_words(profile: Profile, role: str) -> list[str] | None:
    if group := profile.section("photo_groups").get(role):
        return [f"{group.get('label', role)}：{_how_many(group)}。"]
    describe = {"photos": _photo_words, "videos": _video_words, "attachments": _attachment_words,
                "craftsman": _craftsman_words}.get(role)
    if describe is not None:
        return describe(profile)
    return {"audio": ["成果音频：MP3 格式，对成果从生产到应用的讲解，按内容命名。"],
            "authorization": ["附件1 创新成果授权书和成果真实性承诺书：所在单位工会盖章后扫描（PDF 或 JPG，彩色）。"],
            "report_table": ["附件4 报送表：由上报单位盖章后彩色扫描（PDF、JPG 或 PNG）。"]}.get(role)


def _how_many(limits: dict, unit: str = "张") -> str:
    lo, hi = limits.get("min_count", 0), limits.get("max_count")
    if hi is None:
        return f"不少于 {lo} {unit}"
    return f"{hi} {unit}" if lo == hi else f"{lo}–{hi} {unit}" if lo else f"最多 {hi} {unit}"


def _photo_words(profile: Profile) -> list[str]:
    """Only what this profile's photo rules check: P002 count, P003 JPEG, P005 dpi, P006/P007 size, P008 names."""
    limits, on = profile.section("photos"), profile.enabled
    facts = ["JPG 格式"] if on("P003") else []
    if on("P002"):
        facts.append(_how_many(limits))
    lo = limits.get("min_bytes") if on("P006") else None
    hi = limits.get("max_bytes") if on("P007") else None
    if lo and hi:  # as the limits are written (P006/P007's titles): 0.5 MB, 20 MB, never rounded to whole MB
        facts.append(f"每张 {limit_mb(lo).removesuffix(' MB')}–{limit_mb(hi)}")
    elif lo or hi:
        facts.append(f"每张不小于 {limit_mb(lo)}" if lo else f"每张不大于 {limit_mb(hi)}")
    if on("P005") and limits.get("min_dpi"):
        facts.append(f"分辨率不小于 {limits['min_dpi']:g} dpi")
    words = ["成果照片：" + "，".join(facts) + "。"]
    if on("P008"):
        words.append("按内容命名（如“刀具-正视图.jpg”）。")
    if lo or on("P005"):
        words.append("请用相机或手机原图，不要用微信压缩过的图片。")
    return words


def _video_words(profile: Profile) -> list[str]:
    """Only what this profile's video rules check: V002 MP4, V004 frame size, the length and count, V007 names."""
    from wuxiao_cli.rules.limits import duration_words

    limits, on = profile.section("videos"), profile.enabled
    facts = ["MP4 格式"] if on("V002") else []
    if on("V004") and limits.get("width"):
        facts.append(f"{limits['width']}×{limits['height']} 横屏")
    if limits.get("max_seconds"):
        facts.append(f"{duration_words(limits['max_seconds'])[0]}以内")
    if limits.get("max_count") == 1:
        facts.append("只能放 1 个")
    if on("V007"):
        facts.append("按内容命名")
    return ["视频：" + "，".join(facts) + "。"]


_KIND_NAMES = {"jpeg": "JPG", "docx": "Word（.docx）"}


def _attachment_words(profile: Profile) -> list[str]:
    """One line a numbered slot (Jiangsu 附件2 八), as S018/S019 sort and check them."""
    items = profile.section("attachments").get("items", [])
    if not items:
        return ["附件。"]
    first = items[0]
    example = f"{first['number']}-{(first.get('keywords') or ['附件'])[0]}.{first.get('kinds', ['pdf'])[0]}"
    words = [f"附件：文件名以序号开头（如 {example}），每项一个文件。"]
    for item in items:
        kinds = "、".join(_KIND_NAMES.get(k, k.upper()) for k in item.get("kinds", ["pdf"]))
        words.append(f"{item['number']}- {item['label']}（{'必须' if item.get('required') else '可选'}，{kinds}）")
    return words


def _craftsman_words(profile: Profile) -> list[str]:
    """What the profile's notice asks of a craftsman: the national one a format and the intro's topics,
    the roadshow's (附件4 ⑤) only an intro and the two kinds of video."""
    asked = profile.section("craftsman")
    topics = "、".join(asked.get("intro_topics") or ())
    video = f"（MP4，{asked['width']}×{asked['height']}，时长不限）" if asked.get("width") else ""
    return [f"仅当完成人中有工匠荣誉获得者时需要：工匠文字简介{f'（{topics}）' if topics else ''}",
            f"和个人宣传类、技能技法类视频{video}。"]


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
    # starred: what F003 requires, and a declaration the profile's own rule requires (roadshow's R005)
    required = {*profile.form_schema.required, profile.section("declaration").get("field")}
    for key, spec in fields.items():
        row = table.add_row()
        label_cell, _value_cell = row.cells
        label_cell.paragraphs[0].add_run(("* " if key in required else "") + spec.label).bold = True
        if spec.hint:
            hint = label_cell.add_paragraph().add_run(spec.hint)
            hint.font.size = Pt(8)
            hint.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    document.save(str(path))
