"""Roadshow rules (R) — 附件4: the intro document (③) and the frontline declaration (①).

The fields, files and limits come from the profile (its ``intro`` and ``declaration`` blocks) and
the form schema (labels, ``zishu``): a profile without those blocks gets no R findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from wuxiao_cli.findings import ERROR, WARNING, Problem
from wuxiao_cli.ooxml import is_strict
from wuxiao_cli.rules.base import ZISHU, rule
from wuxiao_cli.rules.received import STRICT_DOCX, STRICT_TO_DOCX
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import T
from wuxiao_cli.wordcount import count_zi

INTRO_CLAUSE = "附件4 ③"
DECLARATION_CLAUSE = "附件4 ①"


@dataclass(frozen=True)
class IntroRead:
    """One intro document as read: its sections, or why it could not be read."""

    values: dict
    found: frozenset
    error: T | None = None
    hint: T | None = None  # how to make it readable, where the rule's own hint would not say


def _read(path, schema, keys) -> IntroRead:
    kind = sniff(path)
    if kind != "docx":
        return IntroRead({}, frozenset(), T(f"不是真正的 Word .docx 文件，实际是：{describe(kind)}",
                                            f"not a real Word .docx file; its content is: {kind}"))
    from wuxiao_cli.forms.intro_docx import read_intro

    try:
        text = read_intro(path, schema, keys)
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        if is_strict(path):  # Word's other .docx, not damage
            return IntroRead({}, frozenset(), STRICT_DOCX, STRICT_TO_DOCX)
        return IntroRead({}, frozenset(), T(f"无法作为 Word 文档打开（{type(exc).__name__}），文件可能已损坏",
                                            f"cannot be opened as a Word document ({type(exc).__name__})"))
    return IntroRead(text.values, frozenset(text.found))


def intro_fields(project) -> list[str]:
    return list(project.profile.section("intro").get("fields", []))


def intro_file(project):
    """(entry, IntroRead) for the profile's intro document, or None when there is none."""
    keys = intro_fields(project)
    for name in project.profile.section("intro").get("files", []):
        entry = project.top_file(name)
        if entry is not None:
            reader = partial(_read, schema=project.profile.form_schema, keys=keys)
            return entry, project.facts("intro", entry, reader)
    return None


def sources(project) -> list[tuple[str, str, str]]:
    """(key, file, text) for every non-blank intro section, from the form and from the intro document."""
    out = []
    for key in intro_fields(project):
        value = project.field(key)
        if isinstance(value, str) and value.strip():
            out.append((key, project.form.source, value))
    found = intro_file(project)
    if found is not None and found[1].error is None:
        entry, read = found
        out.extend((key, entry.rel, read.values[key]) for key in intro_fields(project) if key in read.values)
    return out


def _label(project, key: str) -> str:
    spec = project.profile.form_schema.fields.get(key)
    return spec.label if spec else key


def _labels(project) -> str:
    return "和".join(_label(project, k) for k in intro_fields(project))


def _intro_name(project) -> str:
    return (project.profile.section("intro").get("files") or ["intro.docx"])[0]


@rule("R001", "E", INTRO_CLAUSE,
      T("缺少 intro.docx（导师简介和视频简介），表单中也没有这两项", "No intro.docx (mentor and video intros), nor in the form"),
      T("用 `wuxiao init --profile roadshow-2024` 生成 intro.docx，在“导师简介”“视频简介”标题下填写，放在项目文件夹第一层",
        "Run `wuxiao init --profile roadshow-2024` for an intro.docx, fill in both sections, put it at the top level"),
      how="路演项目要有导师简介和视频简介：项目第一层有 intro.docx，或表单里填了这两项之一即通过。两处都没有为错误；只有 导师简介.doc 之类旧格式文件时，提示另存为 intro.docx。")
def intro_missing(project):
    """附件4 ③：word 文档：导师简介 200 字以内和视频简介 300 字以内.

    PASS: intro.docx at the top of the folder, or the form holding 导师简介 and 视频简介.
    FAIL: no intro.docx and neither field in the form; only 导师简介.doc (old Word) — save it as intro.docx.
    """
    keys = intro_fields(project)
    if not keys or intro_file(project) is not None:
        return
    if any(isinstance(project.field(k), str) and project.field(k).strip() for k in keys):
        return
    name = _intro_name(project)
    lookalikes = [f.rel for f in project.files if "/" not in f.rel and f.rel != project.form.source
                  and f.suffix in (".doc", ".docx", ".wps", ".txt", ".pdf") and ("简介" in f.name or "intro" in f.name.lower())]
    hint = None
    if lookalikes:
        shown = "、".join(lookalikes)
        hint = T(f"找到 {shown}：请另存为 Word 文档 (*.docx)，文件名改为 {name}",
                 f"Found {shown}: save it as a Word document (*.docx) named {name}")
    yield Problem(T(f"缺少 {name}（{_labels(project)}），表单中也没有这两项",
                    f"No {name} ({', '.join(keys)}), and the form holds neither"), hint=hint)


@rule("R002", "E", INTRO_CLAUSE,
      T("intro.docx 无法读取：不是真正的 .docx（如 .doc、WPS 文件改了扩展名）或已损坏",
        "intro.docx unreadable: not a real .docx (a renamed .doc or WPS file) or damaged"),
      T("用 Word 或 WPS 打开后“另存为 → Word 文档 (*.docx)”", "Open it and Save As → Word Document (*.docx)"),
      how="按内容判断 intro.docx 是不是真正的 Word .docx 文件并能读出。旧版 .doc 或 WPS 文件改了扩展名、文件损坏，为错误。")
def intro_unreadable(project):
    """The intro must be a real Word document (附件4 ③ “word 文档”): an old .doc renamed .docx fails."""
    found = intro_file(project)
    if found is not None and found[1].error is not None:
        entry, read = found
        yield Problem(T(f"{entry.rel} {read.error.zh}", f"{entry.rel}: {read.error.en}"), file=entry.rel, hint=read.hint)


@rule("R003", "E", INTRO_CLAUSE,
      T("导师简介或视频简介没有找到或为空", "Mentor intro or video intro not found or blank"),
      T("在 intro.docx 中写“导师简介”“视频简介”两个标题，标题下写正文（或写成“导师简介：……”）",
        "Give intro.docx the two headings 导师简介 and 视频简介 with text under each (or 导师简介：… lines)"),
      how="在 intro.docx（标题加正文、“导师简介：……”一行或表格一行都认）和表单中找导师简介、视频简介两段文字。任一段找不到或标题下没有正文为错误，例如只写了导师简介、没有视频简介。")
def intro_section_missing(project):
    """Both texts of 附件4 ③ must be there, as a heading with paragraphs, a ``导师简介：…`` line or a table row.

    FAIL: intro.docx holds 导师简介 but no 视频简介; the heading 视频简介 with nothing under it.
    """
    found = intro_file(project)
    readable = found is not None and found[1].error is None
    form_has = {k for k in intro_fields(project) if isinstance(project.field(k), str) and project.field(k).strip()}
    if not readable and not form_has:
        return  # R001 or R002 already says why nothing could be read
    have = {key for key, _file, _text in sources(project)}
    for key in intro_fields(project):
        if key in have:
            continue
        label = _label(project, key)
        if readable and key in found[1].found:
            where, why = found[0].rel, T(f"{found[0].rel} 中的「{label}」为空", f"'{label}' in {found[0].rel} is blank")
        elif readable:
            where, why = found[0].rel, T(f"{found[0].rel} 中没有找到「{label}」", f"No '{label}' section in {found[0].rel}")
        else:
            where, why = project.form.source, T(f"缺少「{label}」（表单中没有，也没有 {_intro_name(project)}）",
                                                f"No '{label}' in the form and no {_intro_name(project)}")
        yield Problem(why, file=where, field=key)


@rule("R004", "E", INTRO_CLAUSE,
      T("导师简介超过 200 字，或视频简介超过 300 字", "Mentor intro over 200 字, or video intro over 300 字"),
      T("删减到限定字数以内：导师简介写姓名、单位、岗位和主要荣誉；视频简介写项目解决的问题和效果",
        "Cut to the limit: the mentor's name, unit, post and honours; the problem the project solves and its effect"),
      how="统计导师简介和视频简介的字数：导师简介 200 字通过、201 字为错误；视频简介 300 字通过、301 字为错误。" + ZISHU)
def intro_length(project):
    """导师简介 200 字以内和视频简介 300 字以内, counted as Word's 字数 (SPEC §2.2); limits from the form schema.

    PASS: 导师简介 200 字, 视频简介 300 字 — FAIL: 201 字, 301 字.
    """
    fields = project.profile.form_schema.fields
    for key, file, text in sources(project):
        spec = fields.get(key)
        limit = (spec.schema.get("zishu") or {}).get("max") if spec else None
        n = count_zi(text)
        if limit is not None and n > limit:
            yield Problem(T(f"{spec.label} {n} 字，超出上限 {limit} 字", f"{spec.label}: {n} characters, over {limit}"),
                          file=file, field=key)


@rule("R005", "E/W", DECLARATION_CLAUSE,
      T("附件4 ① 的声明（一线职工生产项目，非国家重点项目、非研发团队攻关项目、非企业宣传片）填了“否”，或没有填“是”",
        "The 附件4 ① declaration (frontline project, not a national key / R&D team / corporate promo) says 否, or not 是"),
      T("确认视频聚焦一线职工生产项目后，在表单“是否为一线职工生产项目”一栏填“是”；不符合的项目不能报送",
        "If the video is a frontline project, write 是 in the declaration row; otherwise it cannot be submitted"),
      how="看表单“是否为一线职工生产项目”一栏。附件4 ① 要求视频内容“聚焦一线职工生产项目，非国家重点项目、非研发团队公关项目、非企业宣传片”，但附件4 的报送表里没有这一栏，是本工具模板加的声明，便于核对。填“是”通过；填“否”为错误（自己声明不符合附件4 ①，该视频不能作为路演项目报送）；没有这一栏、留空或其他写法（如“不确定”）只给警告。")
def declaration(project):
    """附件4 ①：视频内容须符合“五小”内容，聚焦一线职工生产项目，非国家重点项目、非研发团队公关项目、非企业宣传片.

    ① is a requirement on the video, not a form row: the 附件4 table has no declaration, the tool's
    template adds one. So only a declared 否 is an error; a missing row or another answer WARNS.
    PASS: 是 — WARN: the row left out or blank; 不确定 — FAIL: 否.
    """
    block = project.profile.section("declaration")
    key = block.get("field")
    if not key or project.form.data is None:
        return  # no declaration in this profile; or no readable form (F001/F002)
    accept = block.get("accept", ["是"])
    label = _label(project, key)
    value = project.field(key)
    text = value.strip() if isinstance(value, str) else ""
    wanted = "、".join(f"“{a}”" for a in accept)
    if not text:
        yield Problem(T(f"表单没有填声明「{label}」（附件4 的报送表没有这一栏，建议填{wanted}，说明视频符合附件4 ①）",
                        f"The declaration '{label}' is not filled (not in the 附件4 table; {', '.join(accept)} suggested)"),
                      file=project.form.source, field=key, severity=WARNING)
    elif text in accept:
        return
    elif text == "否":
        yield Problem(T(f"「{label}」填的是“否”：不符合附件4 ①，该视频不能作为路演项目报送",
                        f"'{label}' says 否: the video does not qualify under 附件4 ①"),
                      file=project.form.source, field=key, severity=ERROR)
    else:
        yield Problem(T(f"「{label}」填的是“{text}”，应填{wanted}", f"'{label}' is '{text}'; expected {', '.join(accept)}"),
                      file=project.form.source, field=key, severity=WARNING)


@rule("R006", "W", INTRO_CLAUSE,
      T("导师简介或视频简介在表单和 intro.docx 中都有，但内容不同", "An intro is in both the form and intro.docx, and they differ"),
      T("只保留一处（建议写在 intro.docx），或把两处改成一致", "Keep one copy (intro.docx), or make both the same"),
      how="导师简介或视频简介在表单和 intro.docx 中各有一份时，去掉空白后比较。两份内容不同给警告，因为评审不知道以哪份为准；只写在一处即通过。")
def intro_conflict(project):
    """Two differing copies of the same text leave the reviewer guessing which one counts.

    PASS: 导师简介 only in intro.docx — WARN: the form's 导师简介 differs from intro.docx's.
    """
    by_key: dict[str, list[tuple[str, str]]] = {}
    for key, file, text in sources(project):
        by_key.setdefault(key, []).append((file, text))
    for key, copies in by_key.items():
        texts = {"".join(t.split()) for _f, t in copies}
        if len(copies) > 1 and len(texts) > 1:
            files = "、".join(f for f, _t in copies)
            yield Problem(T(f"「{_label(project, key)}」在 {files} 中各有一份，内容不同",
                            f"'{_label(project, key)}' differs between {files}"),
                          file=copies[-1][0], field=key)


_TABLE_HEAD = ("课程名称", "提交单位", "完成人", "联系电话")


def course_table(fields: dict) -> str:
    """The 附件4 table as plain-text lines, for the e-mail body: the reporting union, then the course row.

    ``fields`` is the roadshow form as loaded (keys of schemas/forms/roadshow-2024.schema.json).
    """
    def show(key: str) -> str:
        value = fields.get(key)
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        text = " ".join(str(value).split()) if value not in (None, "") else ""
        return text or "（未填）"

    lines = [
        f"上报单位：{show('union')}",
        f"联系人：{show('contact')}",
        f"联系电话：{show('phone')}",
        " | ".join(_TABLE_HEAD),
        " | ".join(show(k) for k in ("course", "unit", "completers", "completer_phone")),
    ]
    return "\n".join(lines) + "\n"


RULES = [intro_missing, intro_unreadable, intro_section_missing, intro_length, declaration, intro_conflict]
