"""Form rules (F): the text fields of 附件3 and the folder's own names."""

from __future__ import annotations

import difflib
import re
import unicodedata

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.forms.industry import IndustryTable
from wuxiao_cli.rules.base import ZISHU, rule
from wuxiao_cli.rules.received import STRICT_TO_DOCX, other_format_forms
from wuxiao_cli.text import T
from wuxiao_cli.unions import fold_union, suggest, union_table


def schema_problems(project, rule_id: str):
    """What the form schema (its limits, options and patterns) says about this rule's field."""
    return project.form_problems.get(rule_id, [])


def _value(project, key: str) -> str | None:
    value = project.field(key)
    return value if isinstance(value, str) else None


_POINT = re.compile(
    r"(?:^|[\s；;。：:，,])\s*(?:\d{1,2}\s*[.、．)）](?![0-9])|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(][一二三四五六七八九十]{1,3}[)）]|[\u2460-\u2487\u2776-\u2793]|第[一二三四五六七八九十]{1,3}[，,、是]"
    r"|[•●▪■◆\-*]\s|首先|其次|再次|最后|[一二三四五六七八九十]是"
    r"|[【“「]?[\u4e00-\u9fff]{2,8}[】”」]?\s*[：:])",
    re.MULTILINE,
)
# ① ⑴ ❶ ➀ ➊: circled/parenthesised numbers, used as point markers (not emoji, though in the dingbat block)
_NUMBER_MARKS = (0x2460, 0x2487), (0x2776, 0x2793)


def has_points(text: str) -> bool:
    """Set out in points: at least two markers like 1. 2. / （1）（2） / 一、二、 / ① ② / 第一，第二，/
    首先 其次 / 一是 二是, or short headings with a colon such as 经济效益：… 社会效益：… (the form
    template's own 分“经济效益”“社会效益”分点介绍).

    A decimal (0.05mm, 3.2) is not a marker: the digit after the point says so.
    """
    return len(_POINT.findall(text)) >= 2


def points_problem(project, key: str) -> Problem | None:
    text = _value(project, key)
    if not text or has_points(text):
        return None
    label = project.profile.form_schema.fields[key].label
    return Problem(
        T(f"{label}没有分点分条（如 1. 2. 3.）", f"{label} is not set out in numbered points"),
        file=project.form.source,
        field=key,
        hint=T(f"把「{label}」改写为分条的形式：1. …… 2. ……", f"Rewrite '{label}' as points: 1. … 2. …"),
        severity=WARNING,
    )


@rule("F001", "E", "附件3",
      T("没有表单文件（form.docx / form.toml / form.json）", "No form file (form.docx / form.toml / form.json)"),
      T("用 `wuxiao init` 生成 form.docx 模板并填写，放在项目文件夹的第一层",
        "Run `wuxiao init` to get a form.docx template, fill it in and put it at the project's top level"),
      how="在项目文件夹第一层找表单文件：form.docx、form.toml、form.json；都没有时，表格里填有表单栏目的任何 Word 文档（如 申报表.docx）也认。一个都没有为错误；表单放在子文件夹里也找不到。只有 .doc、.wps、.odt、.rtf 或 PDF 格式的表单时报 F030（说明如何另存为 .docx），不报这一条。")
def no_form(project):
    """The text fields of 附件3 live in one form file at the top of the project folder.

    PASS: my-project/form.docx or 申报表.docx — FAIL: the form inside a sub-folder, or none at all.
    Only 申报书.doc / .wps / .odt / .rtf / 申报表.pdf is F030 instead, which says how to save it as .docx.
    """
    if not project.form.candidates and not other_format_forms(project):
        names = " / ".join(project.profile.data["form"]["files"])
        yield Problem(T(f"没有找到表单文件（{names}）", f"No form file found ({names})"))


SAVE_UTF8 = T("用记事本打开 → 文件 → 另存为 → 编码选“UTF-8” → 保存，替换原文件",
              "Open it in Notepad: File → Save As → Encoding 'UTF-8' → Save, replacing the original")
HINTS = {"strict": STRICT_TO_DOCX, "encoding": SAVE_UTF8}  # by FormData.error_kind; else the rule's own


@rule("F002", "E", "附件3",
      T("表单无法读取、不是真正的 docx/TOML/JSON，或有多个表单文件",
        "Form unreadable, not a real docx/TOML/JSON, or more than one form file"),
      T("只保留一个表单文件；Word 文档请用“另存为 → Word 文档 (*.docx)”重新保存",
        "Keep exactly one form file; re-save Word files with Save As → Word Document (*.docx)"),
      how="表单文件必须只有一个，而且能打开。同时有 form.docx 和 form.toml 为错误（不猜用哪个）；.doc 改名为 .docx、不是真正的 Word 文档、TOML/JSON 写法有错、文件打不开，也为错误。Word 另存为时选了“Strict Open XML 文档”的 .docx 读不出表单，也为错误，并说明怎样另存为普通的“Word 文档(*.docx)”。form.toml、form.json 超过 2 MB（正常只有几 KB）时为安全起见不读取，也为错误。")
def unreadable_form(project):
    """Exactly one form file, and it must open: two forms are an error, not a guess (SPEC §2).

    FAIL: form.docx and form.toml side by side; a .doc renamed .docx; a TOML file with a syntax error;
    a Strict Open XML .docx (ISO/IEC 29500 Strict namespaces), named as such with the 另存为 steps.
    """
    form = project.form
    if len(form.candidates) > 1:
        listed = "、".join(form.candidates)
        yield Problem(T(f"有 {len(form.candidates)} 个表单文件：{listed}，只能保留一个",
                        f"{len(form.candidates)} form files: {listed}; keep one"),
                      file=form.candidates[1])
    elif form.error is not None:
        yield Problem(form.error, file=form.source, hint=form.error_hint or HINTS.get(form.error_kind))


@rule("F003", "E", "附件3",
      T("必填项缺失或为空（每项一条）", "A required field is missing or blank (one finding per field)"),
      T("在表单中补填该项", "Fill in the field in the form"),
      how="逐项检查表单的必填栏目是否都有内容（全国通知为附件3 第1–6、8–14、19 项，江苏、路演按各自的表单），每缺一项报一条错误。例如“成果背景”留空、表单里“联系电话”这一行被删掉，都为错误。简介、背景、创新点等必须写内容的栏目只写了“无”“/”“暂无”的，等于没有填写，也为错误；职务、荣誉等“无”本身就是答案的栏目不算。")
def missing_field(project):
    """Every field of 附件3 items 1–6, 8–14 and 19 must be filled in.

    FAIL: 成果背景 left blank; the 联系电话 row deleted from form.docx.
    """
    yield from schema_problems(project, "F003")


@rule("F010", "W", "附件3 第8项",
      T("创新成果名称明显偏离“20 字左右”（少于 {zi_min} 或多于 {zi_max} 字）", "Achievement name far from ~20 字 (<{zi_min} or >{zi_max})"),
      T("把名称调整到 20 字左右，如“小孔大背面结构件自动折叠反刮刀具的开发应用”（21 字）",
        "Make the name about 20 字 long"),
      how="按字数统计创新成果名称（通知要求 20 字左右，通知自己的例子是 21 字）。少于 {zi_min} 字或多于 {zi_max} 字给警告；{zi_min} 字和 {zi_max} 字都通过。例如“刀具改进”4 字给警告。")
def name_length(project):
    """创新成果名称：纯文字，20 字左右 (the notice's own example has 21 字).

    PASS: 小孔大背面结构件自动折叠反刮刀具的开发应用 (21) — WARN: 刀具改进 (4).
    """
    yield from schema_problems(project, "F010")


@rule("F012", "E", "附件3 第1项",
      T("成果完成人超过 20 人，或一个也没有", "More than 20 completers, or none"),
      T("完成人最多 20 人，姓名之间用“、”分隔", "At most 20 completers, names separated by 、"),
      how="把成果完成人按 、 ， ; / | 或空格拆成一个个姓名后计数（为对齐而写成“王  伟”的仍算一人；姓名后括号里的注明，如“张一（工程训练中心、实训科）”，里面的顿号、逗号不拆，仍算一人）。最多 20 人：20 人通过，21 人为错误，并列出第 21 人起读出的姓名；一个也没有也为错误。")
def completers_count(project):
    """成果完成人：完成人最多不能超过 20 人.

    Names may be separated by 、 ， ; / | or spaces; "王  伟" padded to line up is one person, and so is
    张一（工程训练中心、实训科）: separators inside a bracketed note do not split.
    PASS: 20 names — FAIL: 21 names, whether separated by 、 or by spaces or /; the message quotes the
    names read past the 20th, so the clerk sees how the cell was counted.
    """
    yield from schema_problems(project, "F012")


@rule("F013", "E", "附件3 第2项",
      T("第一完成人简介超过 {zi_max} 字", "First completer's introduction over {zi_max} 字"),
      T("删减到 {zi_max} 字以内：姓名、单位、职务/工种、主要荣誉即可", "Cut to {zi_max} 字: name, unit, post, main honours"),
      how="统计第一完成人简介的字数，不超过 {zi_max} 字：{zi_max} 字通过，{zi_max_more} 字为错误。" + ZISHU)
def first_completer_intro(project):
    """第一完成人简介：不超过 100 字. 100 字 passes, 101 字 fails."""
    yield from schema_problems(project, "F013")


_VAGUE_UNIT = re.compile(r"(等|等单位|等公司|…+|\.{3,})$")


@rule("F014", "W", "附件3 第3项",
      T("成果完成单位像简称或不确切（少于 {zi_min} 字，或以“等”结尾）", "Unit name looks abbreviated or vague"),
      T("填写单位准确全称，如“江苏某某重工机械有限公司”，多个单位只写第一完成单位",
        "Give the unit's exact full name"),
      how="这是启发式判断，只给警告：成果完成单位少于 {zi_min} 个字（如“某厂”），或以“等”“等单位”“等公司”或省略号结尾（如“徐工集团等”），像简称或不确切。")
def vague_unit(project):
    """成果完成单位：请填写单位准确名称. WARN: 某厂 (under the schema's minimum 字数); 徐工集团等."""
    yield from schema_problems(project, "F014")
    unit = _value(project, "unit")
    if unit is not None and _VAGUE_UNIT.search(unit):
        yield Problem(T(f"成果完成单位「{unit}」以“等”结尾，像简称或不确切", f"Unit '{unit}' ends in 等 and looks vague"),
                      file=project.form.source, field="unit")


@rule("F015", "E", "附件3 第4项",
      T("联系电话中读不出有效的手机号或固定电话", "No mainland mobile or landline number can be read in the phone"),
      T("写手机 11 位（如 13812345678），或固话 区号+号码（如 025-83456789、(025)83456789）",
        "Mobile: 11 digits (13812345678); landline: area code + number (025-83456789)"),
      how="在联系电话里找一个可信的大陆号码，通知没有规定写法，空格、横线、括号都不影响。11 位手机号（可带 +86）、区号加号码的固定电话（可带“转”分机）、400/800 热线都通过，可写多个号码；例如 13812345678、(025)83536240、0517-83561234转802 通过。一个可信号码都读不出为错误，如 10 位的 1381234567、没有区号的 83456789。")
def phone_format(project):
    """联系电话 (the notice gives no format): any usual way of writing a mainland number passes.

    Spaces, hyphens and brackets are layout; +86/0086, 转/分机 extensions and several numbers
    separated by 、 are fine; 400/800 hotlines count as landlines.
    PASS: 13812345678, 138-1234-5678, +86 138 1234 5678, 025-83456789, (025)83536240,
    （025）83536240, 02583536240, 025-8353 6240, 0517-83561234转802, 400-810-8888.
    FAIL (no plausible number at all): 1381234567 (10 digits), 83456789 (no 区号), 025-834567.
    """
    yield from schema_problems(project, "F015")


@rule("F016", "E", "附件3 第5项, 附件2",
      T("所属上级工会不是附件2中的工会", "Parent union is not one of the unions in 附件2"),
      T("照附件2分配表填写工会全称", "Use a union's full name exactly as in 附件2"),
      how="把所属上级工会（路演规则集为上报单位）与附件2 分配表中的工会对照，常见简称也算（如“宁夏教科文卫体工会”即“宁夏回族自治区教科文卫体工会”），括号和空格不影响。对不上为错误，并列出最接近的工会名称供选择；例如“江苏省总工会”不在表中，会建议“江苏省教育科技工会”。")
def union_known(project):
    """所属上级工会：附件2 分配表中的工会之一; the message suggests the closest names.

    A union's full official name and common short forms are aliases in the reference data
    (宁夏回族自治区教科文卫体工会 for 宁夏教科文卫体工会); brackets and spaces do not matter.
    Suggestions rank unions of the province the name mentions first.
    PASS: 江苏省教育科技工会, 宁夏回族自治区教科文卫体工会 — FAIL: 江苏省总工会 (suggests 江苏省教育科技工会).
    """
    key = project.profile.data["form"].get("union_field", "union")  # 上报单位 in roadshow-2024
    union = _value(project, key)
    if union is None or not project.profile.has_ref("unions"):
        return
    spec = project.profile.form_schema.fields.get(key)
    label = spec.label if spec else "所属上级工会"
    if fold_union(union) in union_table(project.profile):
        return
    close = suggest(project.profile, union)
    suggestion = "、".join(close)
    hint = T(f"是否应为：{suggestion}？" if close else "照附件2分配表填写工会全称",
             f"Did you mean: {suggestion}?" if close else "Use a union's full name from 附件2")
    yield Problem(T(f"{label}「{union}」不在附件2分配表中", f"{label} '{union}' is not in 附件2"),
                  file=project.form.source, field=key, hint=hint)


@rule("F017", "E", "附件3 第6项",
      T("成果类别不是 小发明/小创造/小革新/小设计/小建议", "Category is not one of the five kinds"),
      T("从“小发明、小创造、小革新、小设计、小建议”中选择一类", "Pick one of 小发明/小创造/小革新/小设计/小建议"),
      how="成果类别只能是 小发明、小创造、小革新、小设计、小建议 之一，其他写法为错误，如“技术革新”。")
def category_known(project):
    """成果类别：请从“小发明、小创造、小革新、小建议、小设计”中选择一类. FAIL: 技术革新."""
    yield from schema_problems(project, "F017")


@rule("F018", "E/W", "附件3 第9项",
      T("成果简介超过 {zi_max} 字（错误）；未分点分条（警告）", "Summary over {zi_max} 字 (E); not in numbered points (W)"),
      T("控制在 {zi_max} 字以内，按“1. 适用领域 2. 解决的问题 3. 创新点 4. 效益”分条写",
        "Keep it within {zi_max} 字, in numbered points"),
      how="统计成果简介的字数：{zi_max} 字通过，{zi_max_more} 字为错误；另外看是否分点分条：至少要有两处 1. 2.、（1）（2）、一、二、、①②、首先/其次 或“小标题：”这样的标记，没有则给警告。" + ZISHU)
def summary(project):
    """成果简介：纯文字，500 字以内，请分点分条进行介绍. 500 字 passes, 501 字 fails."""
    yield from schema_problems(project, "F018")
    if (p := points_problem(project, "summary")) is not None:
        yield p


@rule("F019", "E/W", "附件3 第10项",
      T("行业分类中找不到 GB/T 4754-2017 的门类或大类（错误）；不是规范的“门类-大类”（警告）",
        "Industry names no GB/T 4754-2017 section or division (E); not a proper section-division pair (W)"),
      T("写成“门类-大类”，如“制造业-通用设备制造业”", "Write 门类-大类, e.g. 制造业-通用设备制造业"),
      how="在《国民经济行业分类》（GB/T 4754-2017）中查门类和大类。“制造业-通用设备制造业”通过，后面写更细的分类或带代码（如 C34）也通过。只写大类、大类不属于所写门类、或只写门类没写大类，给警告并给出正确写法；门类和大类都找不到（如“机械制造”）才为错误。")
def industry(project):
    """成果所属行业分类：《国民经济行业分类》(GB/T 4754-2017) 的 门类-大类.

    Finer levels after the pair (制造业-通用设备制造业-金属加工机械制造) and code prefixes
    (C制造业-34通用设备制造业, C34) pass. A 大类 given alone (通用设备制造业, or its code 3421) is
    mapped to its 门类 and warned about; so is a 大类 under the wrong 门类, or a 门类 without a 大类.
    FAIL only when neither a 门类 nor a 大类 can be found: 机械制造.
    """
    value = _value(project, "industry")
    if value is None or not project.profile.has_ref("industries"):
        return
    table = IndustryTable(project.profile.load_ref("industries"))
    got = table.read(value)
    source, field = project.form.source, "industry"
    if got.section is None and got.division is None:
        names = [*table.sections, *table.section_of]
        close = difflib.get_close_matches(got.section_given, names, n=3, cutoff=0.3)

        def pair(name: str) -> str:  # every example a whole 门类-大类: a 门类 alone would be told 缺少大类 next
            if name in table.section_of:
                return f"{table.section_of[name]}-{name}"
            nearest = difflib.get_close_matches(got.section_given, table.sections[name], n=1, cutoff=0)
            return f"{name}-{nearest[0]}" if nearest else name

        listed = "；".join(dict.fromkeys(map(pair, close)))  # 门类 names hold 、 themselves
        yield Problem(T(f"行业分类「{value}」中找不到 GB/T 4754-2017 的门类或大类",
                        f"Industry '{value}': no GB/T 4754-2017 section or division found"),
                      file=source, field=field,
                      hint=T(f"写成“门类-大类”{('，如：' + listed) if listed else '，如：制造业-通用设备制造业'}",
                             "Write 门类-大类, e.g. 制造业-通用设备制造业"))
        return
    if got.division is None:
        divisions = table.sections[got.section]
        rest = value.split(got.section_given, 1)[-1].strip(" -－—–/／")
        close = difflib.get_close_matches(rest, divisions, n=3, cutoff=0.2) if rest else []
        what = f"「{rest}」不是门类「{got.section}」下的大类" if rest else "缺少大类"
        listed = "、".join(close or divisions[:5])
        yield Problem(T(f"行业分类「{value}」{what}", f"Industry '{value}': no division of '{got.section}'"),
                      file=source, field=field, severity=WARNING,
                      hint=T(f"写成“{got.section}-大类”，如：{listed}", f"Write '{got.section}-<division>', e.g. {listed}"))
        return
    pair = f"{got.division_section}-{got.division}"
    if got.section is None:
        yield Problem(T(f"行业分类「{value}」只写了大类「{got.division}」，按 GB/T 4754-2017 其门类为「{got.division_section}」",
                        f"Industry '{value}': division '{got.division}' belongs to section '{got.division_section}'"),
                      file=source, field=field, severity=WARNING,
                      hint=T(f"写成“{pair}”", f"Write '{pair}'"))
    elif got.section != got.division_section:
        yield Problem(T(f"行业分类「{value}」的大类「{got.division}」不属于门类「{got.section}」，"
                        f"而属于「{got.division_section}」",
                        f"Industry '{value}': division '{got.division}' is in '{got.division_section}', "
                        f"not '{got.section}'"),
                      file=source, field=field, severity=WARNING, hint=T(f"写成“{pair}”", f"Write '{pair}'"))


@rule("F020", "W", "附件3 第11项",
      T("成果背景明显偏离“100 字左右”（少于 {zi_min} 或多于 {zi_max} 字）", "Background far from ~100 字 (<{zi_min} or >{zi_max})"),
      T("写 100 字左右：国内外现状、已有成果、实际难点痛点", "About 100 字: state of the art, existing work, pain points"),
      how="统计成果背景的字数（通知要求 100 字左右）：{zi_min} 至 {zi_max} 字通过，{zi_min_less} 字或 {zi_max_more} 字给警告。" + ZISHU)
def background_length(project):
    """成果背景：纯文字，100 字左右. 50 and 150 字 pass; 49 or 151 warn."""
    yield from schema_problems(project, "F020")


@rule("F021", "W", "附件3 第12项",
      T("成果目标少于 {zi_min} 或多于 {zi_max} 字，或没有技术指标数据", "Goal under {zi_min} / over {zi_max} 字, or no indicator data"),
      T("写 100 字左右，并给出技术指标数据（如“效率提高 20%”“扭矩 ≥850Nm”）",
        "About 100 字 with technical indicator numbers"),
      how="统计成果目标的字数（100 字左右）：少于 {zi_min} 或多于 {zi_max} 字给警告。另外看有没有技术指标数据：一个数字也没有（如只写“大幅提高效率”）给警告，写出“效率提高 20%”即通过。")
def goal(project):
    """成果目标/解决的关键问题：100 字左右，需要有相关技术指标数据 (at least one number)."""
    yield from schema_problems(project, "F021")
    text = _value(project, "goal")
    if text and not re.search(r"[0-9０-９]", text):
        yield Problem(T("成果目标中没有技术指标数据（没有任何数字）", "The goal holds no indicator data (no number)"),
                      file=project.form.source, field="goal")


@rule("F022", "E/W", "附件3 第13项",
      T("成果创新点超过 {zi_max} 字（错误）；未分点分条（警告）", "Innovation over {zi_max} 字 (E); not in points (W)"),
      T("控制在 {zi_max} 字以内，分条写创新性、及时性、实用性", "Within {zi_max} 字, in numbered points"),
      how="统计成果创新点的字数：{zi_max} 字通过，{zi_max_more} 字为错误；没有分点分条（至少两处 1. 2. 之类的标记）给警告。" + ZISHU)
def innovation(project):
    """成果创新点：纯文字，500 字以内，请分点分条进行介绍."""
    yield from schema_problems(project, "F022")
    if (p := points_problem(project, "innovation")) is not None:
        yield p


@rule("F023", "E/W", "附件3 第14项",
      T("经济效益和社会效益超过 {zi_max} 字（错误）；未分点或缺少经济效益/社会效益之一（警告）",
        "Benefits over {zi_max} 字 (E); not in points, or lacks 经济效益 or 社会效益 (W)"),
      T("按“经济效益：1. … 社会效益：1. …”分两部分分条写，{zi_max} 字以内",
        "Two parts, 经济效益 and 社会效益, each in points, within {zi_max} 字"),
      how="统计经济效益和社会效益的字数：{zi_max} 字通过，{zi_max_more} 字为错误。没有分点分条给警告；文中没有出现“经济效益”或“社会效益”字样（少了其中一部分）也给警告。" + ZISHU)
def benefits(project):
    """经济效益和社会效益：500 字以内，分点分条；the notice's example has both a 经济效益 and a 社会效益 part."""
    yield from schema_problems(project, "F023")
    if (p := points_problem(project, "benefits")) is not None:
        yield p
    text = _value(project, "benefits")
    if text:
        for part in ("经济效益", "社会效益"):
            if part not in text:
                yield Problem(T(f"经济效益和社会效益中没有写“{part}”部分", f"No '{part}' part in the benefits"),
                              file=project.form.source, field="benefits", severity=WARNING)


@rule("F024", "E", "附件3 第19项",
      T("是否为新质生产力 不是“是”或“否”", "New-quality productivity is not 是 or 否"),
      T("只填“是”或“否”", "Write 是 or 否"),
      how="是否为新质生产力只能填“是”或“否”，其他写法为错误，如“属于”。")
def new_quality(project):
    """是否为新质生产力：填写“是”或“否”. FAIL: 属于."""
    yield from schema_problems(project, "F024")


_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


def _odd_chars(text: str) -> list[str]:
    odd = []
    for ch in text:
        cp = ord(ch)
        if ch in "\n\t\r":
            continue
        if any(lo <= cp <= hi for lo, hi in _NUMBER_MARKS):
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Co") or 0x1F000 <= cp <= 0x1FAFF or 0x2700 <= cp <= 0x27BF:
            odd.append(f"U+{cp:04X}")
    return odd


def _picture_hint(project, spec) -> T | None:
    """Where a cell's pictures belong when the form names a photo folder for it (Jiangsu 实施前/后 图片一组)."""
    role = spec.schema.get("x-photos")
    if role is None:
        return None
    folder = project.profile.folder(role)
    return T(f"把「{spec.label}」中的图片另存为 JPG，放入 {folder}/，单元格里只写文字",
             f"Save the pictures of '{spec.label}' as JPEG files in {folder}/ and keep the cell text only")


@rule("F025", "E/W", "附件3 第8–14项",
      T("“纯文字”栏目里有图片或表格（错误），或有网址、表情符号、控制字符（警告）",
        "A plain-text field holds a picture or table (E), or a URL/emoji/control character (W)"),
      T("这些栏目只写文字：图片放 {photos_dir}/，表格改写成文字，删除网址和表情符号",
        "Text only: pictures go in {photos_dir}/, tables become sentences; remove URLs and emoji"),
      how="检查要求“纯文字”的栏目（全国通知为附件3 第8–14项）：单元格里有图片或表格为错误；有网址（http://、www. 开头）、表情符号或看不见的控制字符给警告。①②这类带圈序号不算表情符号。")
def plain_text(project):
    """附件3 items 8–14 say 形式要求：纯文字: no pictures or tables in the cell, no links or emoji."""
    fields = project.profile.form_schema.fields
    source = project.form.source
    for key, spec in fields.items():
        if not spec.schema.get("x-plain"):
            continue
        media = project.form.cell_media.get(key, {})
        if media.get("images") or media.get("tables"):
            what = "图片" if media.get("images") else "表格"
            yield Problem(T(f"「{spec.label}」要求纯文字，但单元格里有{what}", f"'{spec.label}' must be text only"),
                          file=source, field=key, hint=_picture_hint(project, spec) if media.get("images") else None)
        text = _value(project, key)
        if not text:
            continue
        if (m := _URL.search(text)) is not None:
            yield Problem(T(f"「{spec.label}」中有网址 {m.group(0)[:40]}", f"'{spec.label}' holds a URL"),
                          file=source, field=key, severity=WARNING)
        if odd := _odd_chars(text):
            shown = "、".join(sorted(set(odd))[:5])
            yield Problem(T(f"「{spec.label}」中有表情符号或不可见控制字符（{shown}）",
                            f"'{spec.label}' holds emoji or control characters ({shown})"),
                          file=source, field=key, severity=WARNING)


RULES = [no_form, unreadable_form, missing_field, name_length, completers_count, first_completer_intro, vague_unit,
         phone_format, union_known, category_known, summary, industry, background_length, goal, innovation, benefits,
         new_quality, plain_text]
