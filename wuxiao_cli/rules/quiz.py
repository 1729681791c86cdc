"""Quiz bank rules (Q) — 附件3 第17项 and 附件5 征集题库整理模板.

第17项: 题库作为单独的文件夹整理，要求对每套题库进行命名；格式要求另附（附件5）；每项成果题库数量不少于
20 道；内容要点：“五小”创新成果文字材料对应的题库、视频对应的题库。
附件5 columns: 题型, 题目内容, 答案A–F, 正确答案, 解析, 试题难度, 来源.

Per-question rules are written as ``def check(q, ctx)`` under ``@per_question``: they all run in one
streaming pass (wuxiao_cli/quiz/scan.py). Every finding names the file, the sheet, the row as Excel
shows it and the column letter, e.g. ``题库!I12``.
"""

from __future__ import annotations

import re
import unicodedata

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.naming import is_default_name
from wuxiao_cli.quiz import BANK_FILE, DIFFICULTIES, HEADER, KINDS, LETTERS, min_questions
from wuxiao_cli.quiz.answers import half_width, parse_choice, parse_judgement, parse_kind
from wuxiao_cli.quiz.loader import column_letter, header_key
from wuxiao_cli.quiz.scan import bank_entries, per_question, scan_project
from wuxiao_cli.quiz.sources import clock, time_ranges
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T, clip

CLAUSE = "附件3 第17项"
TEMPLATE = "附件5"
SAVE_AS = T("用 Excel 打开 → 文件 → 另存为 → 保存类型选“Excel 工作簿(*.xlsx)”；用 WPS 表格打开 → 文件 → 另存为 → "
            "文件类型选“Microsoft Excel 文件(*.xlsx)”。保存为 quizbank.xlsx，再删除原文件",
            "Open it in Excel: File → Save As → 'Excel Workbook (*.xlsx)'; in WPS: 文件 → 另存为 → "
            "'Microsoft Excel 文件(*.xlsx)'. Save as quizbank.xlsx and remove the original")
STRICT_TO_XLSX = T("用 Excel 打开 → 文件 → 另存为 → 保存类型选“Excel 工作簿(*.xlsx)”（不要选“Strict Open XML 电子表格"
                   "(*.xlsx)”）；用 WPS 表格打开 → 文件 → 另存为 → 文件类型选“Microsoft Excel 文件(*.xlsx)”。保存后替换原文件",
                   "Open it in Excel: File → Save As → 'Excel Workbook (*.xlsx)', not 'Strict Open XML Spreadsheet "
                   "(*.xlsx)'; in WPS: 文件 → 另存为 → 'Microsoft Excel 文件(*.xlsx)'. Replace the original with it")
UNLOCK = T("Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密 → 清空密码 → 保存；WPS：文件 → 文档加密 → 密码加密 → "
           "清除打开密码 → 保存",
           "Remove the password: Excel File → Info → Protect Workbook → Encrypt with Password → clear it; "
           "WPS 文件 → 文档加密 → 密码加密 → clear it")
REPAIR = T("用 Excel 或 WPS 打开后另存为新的 .xlsx；打不开就从原始文件重新导出，或用 `wuxiao quiz template` 重建",
           "Open it in Excel or WPS and Save As a new .xlsx, or rebuild it from `wuxiao quiz template`")
_DEFAULT_SET_NAME = re.compile(r"^(工作簿|book|sheet|quizbank|quiz|题库|试题|试卷|套题|新建.*|第.{1,3}套)[\s_\-]*\d*$",
                               re.IGNORECASE)


# ── the files ────────────────────────────────────────────────────────────────────────────────


@rule("Q001", "E", CLAUSE,
      T("没有题库：缺少 quizbank.xlsx，也没有 quizbank/ 文件夹中的 .xlsx", "No quizbank.xlsx and no quizbank/*.xlsx"),
      T("用 `wuxiao quiz template quizbank.xlsx` 生成模板，填写不少于 {min_questions} 道题后放在项目文件夹里",
        "Make one with `wuxiao quiz template quizbank.xlsx`, fill in at least {min_questions} questions, put it in the project"),
      how="项目里要有题库：项目第一层的 quizbank.xlsx，或 quizbank/ 文件夹里的 .xlsx（可以是几套）。都没有为错误；项目第一层有别的 Excel 文件（如 成果题库.xlsx）时，提示改名或移入 quizbank/。")
def bank_present(project):
    """成果题库 is required (第17项). PASS: quizbank.xlsx, or quizbank/工艺原理题.xlsx + quizbank/视频操作题.xlsx.
    FAIL: neither; an Excel file under another name at the top (成果题库.xlsx) is named in the hint."""
    if bank_entries(project):
        return
    others = [f.name for f in getattr(project, "files", []) if "/" not in f.rel and f.suffix in (".xlsx", ".xls", ".et")]
    hint = None
    if others:
        names = "、".join(others)
        hint = T(f"项目里有 {names}：如果这就是题库，请改名为 {BANK_FILE}，或放进 quizbank/ 文件夹",
                 f"Found {names}: if it is the quiz bank, rename it {BANK_FILE} or move it into quizbank/")
    yield Problem(T(f"没有找到题库 {BANK_FILE}（或 quizbank/ 文件夹中的 .xlsx）",
                    f"No quiz bank: {BANK_FILE} or quizbank/*.xlsx"), hint=hint)


@rule("Q002", "E", CLAUSE,
      T("题库不是真正的 .xlsx（旧版 .xls、.ods、CSV 等改了扩展名），或已加密、损坏", "Not a real .xlsx workbook"),
      SAVE_AS,
      how="按内容而不是扩展名判断题库是不是真正的 .xlsx。旧版 .xls、WPS 的 .et、.ods、CSV 或网页改了扩展名为错误，并说明在 Excel、WPS 里怎样另存为 .xlsx；Excel 另存为时选了“Strict Open XML 电子表格”的照常检查，只有其中含 #N/A 等错误值、必须逐格精确读取而读不了时才为错误，并说明怎样另存为普通的“Excel 工作簿(*.xlsx)”；设了打开密码或已损坏的工作簿也为错误。")
def real_xlsx(project):
    """The bank is judged by content, not by its extension: an Excel 97-2003 .xls, a WPS .et, an .ods,
    a CSV or an HTML export renamed .xlsx FAILS and the hint says how to 另存为 .xlsx in Excel and WPS.
    A password-protected workbook (no reviewer can open it) and a damaged one FAIL too. A Strict Open XML
    workbook (ISO/IEC 29500 Strict namespaces) is judged like any other when the fast reader reads it (Excel
    opens it); only one that needs the exact reader (error cells), which openpyxl cannot read, FAILS, named
    as such with the steps to save it as an ordinary 'Excel 工作簿(*.xlsx)'."""
    for s in scan_project(project).sets:
        if s.error is None:
            continue
        hint = {"encrypted": UNLOCK, "damaged": REPAIR, "strict": STRICT_TO_XLSX}.get(s.kind, SAVE_AS)
        yield Problem(T(f"{s.rel} {s.error.zh}", f"{s.rel}: {s.error.en}"), file=s.rel, hint=hint)


@rule("Q019", "W", CLAUSE,
      T("quizbank/ 中的题库没有命名（默认文件名）", "A quiz set in quizbank/ is not meaningfully named"),
      T("按内容给每套题库命名，如“跟刀架-结构原理题.xlsx”“跟刀架-视频操作题.xlsx”",
        "Name each set by its content"),
      how="quizbank/ 里每套题库的文件名要说明内容。题库1.xlsx、新建 Microsoft Excel 工作表.xlsx、工作簿1.xlsx 等默认名给警告；刀具结构题.xlsx 通过。项目第一层单独一个 quizbank.xlsx 不报。")
def set_names(project):
    """要求对每套题库进行命名. WARN: quizbank/题库1.xlsx, quizbank/新建 Microsoft Excel 工作表.xlsx,
    quizbank/工作簿1.xlsx. PASS: quizbank/刀具结构题.xlsx (and a single quizbank.xlsx, named by the template)."""
    for entry in bank_entries(project):
        if "/" not in entry.rel:
            continue
        stem = entry.name.rsplit(".", 1)[0].strip()
        if is_default_name(entry.name) or _DEFAULT_SET_NAME.match(stem):
            yield Problem(T(f"{entry.rel} 是默认文件名，没有说明这套题的内容", f"{entry.rel} is a default name"),
                          file=entry.rel)


# ── the sheet ────────────────────────────────────────────────────────────────────────────────


@rule("Q003", "E", TEMPLATE,
      T("表头与附件5模板不一致（缺少、多出或顺序不对）", "Header row differs from the 附件5 template"),
      T("表头一行依次为：" + "、".join(HEADER) + "。可从 `wuxiao quiz template` 生成的模板复制",
        "The header must read: " + ", ".join(HEADER)),
      how="在每个工作表的前 10 行找表头（上面有合并的标题行也可以），对照附件5 模板：题型、题目内容、答案A–答案F、正确答案、解析、试题难度、来源，顺序不能变，且从 A 列开始。缺列、多列、顺序不对为错误，例如删了 答案E/答案F、把 答案A 写成 选项A；“答案 A”这样带空格或全角字母的可以。")
def header(project):
    """附件5 fixes the columns: 题型, 题目内容, 答案A–F, 正确答案, 解析, 试题难度, 来源 — in this order.
    The header may sit below merged title rows (it is looked for in the first 10 rows of every sheet);
    spaces (“答案 A”) and full-width letters are tolerated. FAIL: 答案E/答案F deleted, 选项A for 答案A,
    正确答案 before 答案A. Rows are still read by column name, so other findings stay accurate."""
    for s in scan_project(project).sets:
        if s.error is not None:
            continue
        if s.header_row is None:
            yield Problem(T(f"{s.rel}：在每个工作表（{'、'.join(s.sheets)}）的前 10 行都没有找到表头"
                            f"（{'、'.join(HEADER[:3])}…）", f"{s.rel}: no header row in the first 10 rows of any sheet"),
                          file=s.rel)
            continue
        named = [(letter, header_key(text)) for letter, text in s.found]
        missing = [h for h in HEADER if h not in s.columns]
        extra = [f"{letter}列“{clip(text)}”" for (letter, text), (_, key) in zip(s.found, named, strict=True)
                 if key not in HEADER]
        present = [key for _, key in named if key in HEADER]
        wrong_order = present != [h for h in HEADER if h in present]
        position = [letter for letter, key in named if key in HEADER]
        shifted = not missing and not wrong_order and position != [_col(i) for i in range(len(position))]
        parts = []
        if missing:
            parts.append("缺少 " + "、".join(missing))
        if extra:
            parts.append("多出 " + "、".join(extra))
        if wrong_order:
            parts.append("顺序不对（现为 " + "、".join(present) + "）")
        if shifted:
            parts.append(f"不是从 A 列开始（{position[0]} 列起）")
        if parts:
            where = f"工作表“{s.sheet}”第 {s.header_row} 行"
            yield Problem(T(f"{s.rel} {where}表头与附件5模板不一致：{'；'.join(parts)}",
                            f"{s.rel} sheet {s.sheet} row {s.header_row}: header differs from 附件5 "
                            f"(missing {missing}, extra {extra}, order {'wrong' if wrong_order else 'ok'})"),
                          file=s.rel)


def _col(index: int) -> str:
    return column_letter(index + 1)


@rule("Q004", "E", CLAUSE,
      T("题目少于 {min_questions} 道", "Fewer than {min_questions} questions in all"),
      T("补足题目：文字材料和视频各出一部分题，合计不少于 {min_questions} 道", "Add questions from the text and the video: {min_questions} at least"),
      how="把所有题库（quizbank/ 里的几套加在一起；一套分在几个带表头的工作表里，如 选择题、判断题，也都计入）的题目数相加，空行和模板示例行不算，与前面重复的题（按 Q015 的办法：题目、选项和正确答案统一全角半角、去掉空格和标点后都相同）也只算一道。少于 {min_questions} 道为错误：{min_questions_less} 道不通过，{min_questions} 道通过。题库都读不出时不报这一条（由 Q002/Q003 说明原因）。")
def question_count(project):
    """每项成果题库数量不少于 20 道: the sets of quizbank/ add up; blank rows, the template's example rows
    and repeats of an earlier question (as Q015 finds them) do not count. 19 FAILS, 20 PASSES; 20 rows of
    which one repeats another FAIL, and say so. Not reported when no set could be read (Q002/Q003 say why)."""
    scan = scan_project(project)
    readable = [s for s in scan.sets if s.readable]
    need = min_questions(project.profile)
    distinct = scan.total - scan.repeats
    if not readable or distinct >= need:
        return
    detail = "；".join(f"{s.rel} 工作表“{sheet}” {n} 道" for s in readable for sheet, n in (s.per_sheet or {s.sheet: 0}).items())
    skipped = len(scan.sets) - len(readable)
    note = f"；另有 {skipped} 个文件无法读取，未计入" if skipped else ""
    repeated = T(f"，其中 {scan.repeats} 道与前面的题目重复（见 Q015），不重复的只有 {distinct} 道",
                 f", {scan.repeats} repeating an earlier one (Q015): {distinct} distinct") if scan.repeats else T("", "")
    yield Problem(T(f"题库共 {scan.total} 道题（{detail}{note}）{repeated.zh}，要求不少于 {need} 道",
                    f"{scan.total} questions{repeated.en}; at least {need} required"), file=readable[0].rel)


@rule("Q020", "E", TEMPLATE,
      T("题库中留有模板的示例行（题目内容以“(例)”开头）", "Template example rows left in"),
      T("删除题目内容以“(例)”开头的三行示例，再填写自己的题目", "Delete the example rows marked (例)"),
      how="模板里题目内容以“(例)”或“（例）”开头的三行是附件5 的示例，不计入题目数；没删掉为错误，列出这些行。")
def examples_left(project):
    """The template's three rows marked (例)/（例） are examples from 附件5, not questions of this
    achievement: they are not counted, and leaving them in FAILS."""
    for s in scan_project(project).sets:
        if s.examples:
            yield Problem(T(f"{s.rel} 中仍有 {len(s.examples)} 行模板示例：{'、'.join(s.examples)}",
                            f"{s.rel}: {len(s.examples)} example rows left: {', '.join(s.examples)}"), file=s.rel)


# ── each question ────────────────────────────────────────────────────────────────────────────


@rule("Q005", "E/W", TEMPLATE,
      T("题型不是 单选/多选/判断（写成 单选题/多选题/判断题 为警告）", "题型 is not 单选/多选/判断 (单选题 etc. warn)"),
      T("题型一栏只填 单选、多选 或 判断（模板中有下拉列表）", "Write 单选, 多选 or 判断 (the template has a dropdown)"),
      how="题型一栏应为 单选、多选、判断 三者之一。写成“单选题”“多选题”“判断题”（含全角、中间有空格的写法）能看懂，只给警告，照常检查这道题的答案，修复命令可自动改写；“填空”、空白等其他写法为错误，能看出本意的会提示改成什么。")
@per_question
def question_type(q, ctx):
    """附件5 题型: 单选, 多选 or 判断. WARN: 单选题, 多 选 题, 判断题 (understood; `wuxiao fix` rewrites them).
    FAIL: 填空, 单项选择, an empty cell."""
    raw = q.get("题型")
    if raw is None or raw in KINDS:
        return
    if raw and (parsed := parse_kind(raw)) is not None:
        yield Problem(T(f"{q.at('题型')}：题型写作“{clip(raw)}”，应写作“{parsed[0]}”",
                        f"{q.at('题型')}: write {parsed[0]} instead of {raw!r}"),
                      hint=T(f"改为“{parsed[0]}”（`wuxiao fix` 可自动改写）", f"Write {parsed[0]} (`wuxiao fix` does it)"),
                      severity=WARNING)
        return
    guess = next((k for k in KINDS if raw.startswith(k) or raw.replace("择", "").startswith(k)), None)
    hint = T(f"把“{raw}”改为“{guess}”", f"Write {guess}") if guess else None
    shown = f"“{clip(raw)}”" if raw else "空白"
    yield Problem(T(f"{q.at('题型')}：题型为{shown}，应为 单选、多选 或 判断", f"{q.at('题型')}: 题型 is {raw!r}"),
                  hint=hint)


@rule("Q006", "E", TEMPLATE,
      T("题目内容为空", "题目内容 empty"),
      T("填写题目内容，或删除这一整行", "Write the question or delete the row"),
      how="有内容的每一行都要有题目内容。只填了选项和答案、题目内容为空的行为错误。")
@per_question
def question_text(q, ctx):
    """Every filled row needs its question. FAIL: a row with options and an answer but no 题目内容."""
    if q.get("题目内容") == "":
        yield Problem(T(f"{q.at('题目内容')}：题目内容为空", f"{q.at('题目内容')}: no question text"))


def _options_text(q) -> str:
    return "、".join(q.filled) if q.filled else "无"


@rule("Q007", "E", TEMPLATE,
      T("单选题的正确答案不是恰好一个字母", "单选: 正确答案 is not exactly one letter"),
      T("单选题的正确答案只填一个字母，如 B；有几个正确选项就改为多选", "One letter, e.g. B; several → make it 多选"),
      how="单选题的正确答案必须恰好是 A–F 中的一个字母。B 通过（小写 b、全角 Ｂ 也认，但另给 Q016 警告）；AB、对、G、空白为错误。")
@per_question
def single_answer(q, ctx):
    """单选: exactly one of A–F. PASS: B, b, Ｂ (the last two also warn Q016). FAIL: AB, 对, G, empty."""
    if q.kind != "单选" or q.get("正确答案") is None:
        return
    raw = q.text("正确答案")
    parsed = parse_choice(raw)
    if parsed is None or parsed.written != 1:
        yield Problem(T(f"{q.at('正确答案')}：单选题的正确答案为“{clip(raw)}”，应为 A–F 中的一个字母（已填选项：{_options_text(q)}）",
                        f"{q.at('正确答案')}: 单选 answer {raw!r} is not one letter"))


@rule("Q008", "E", TEMPLATE,
      T("多选题的正确答案少于两个不同的字母", "多选: fewer than two distinct letters"),
      T("多选题的正确答案写两个或以上字母，如 AC；只有一个正确选项就改为单选",
        "Two letters or more, e.g. AC; one → make it 单选"),
      how="多选题的正确答案必须是 A–F 中至少两个不同的字母。AC 通过（“A,C”“c a”也认，但另给 Q016 警告）；A、AA、对、空白为错误。")
@per_question
def multiple_answer(q, ctx):
    """多选: at least two distinct letters of A–F. PASS: AC, “A,C”, “c a” (the last two warn Q016).
    FAIL: A, AA, 对, empty."""
    if q.kind != "多选" or q.get("正确答案") is None:
        return
    raw = q.text("正确答案")
    parsed = parse_choice(raw)
    if parsed is None or len(parsed.letters) < 2:
        yield Problem(T(f"{q.at('正确答案')}：多选题的正确答案为“{clip(raw)}”，应为两个或以上不同字母，如 AC",
                        f"{q.at('正确答案')}: 多选 answer {raw!r} has fewer than two letters"))


@rule("Q009", "E/W", TEMPLATE,
      T("判断题的正确答案不是 对/错，或填了选项", "判断: 正确答案 not 对/错, or options filled in"),
      T("判断题的正确答案只填 对 或 错，答案A–F 留空", "Write 对 or 错 and leave 答案A–F empty"),
      how="判断题的正确答案应为“对”或“错”，答案A–F 留空。写成 正确/错误、√/×、T/F、TRUE/FALSE 能看懂，只给警告（修复命令可自动改写）；其他写法为错误，判断题填了选项也为错误。")
@per_question
def judgement_answer(q, ctx):
    """判断: 正确答案 is 对 or 错 and 答案A–F stay empty (附件5's example). 正确/错误, √/×, T/F, TRUE/FALSE
    are understood but WARN (`wuxiao fix` rewrites them); anything else, or a filled option, FAILS."""
    if q.kind != "判断":
        return
    if q.get("正确答案") is not None:
        raw = q.text("正确答案")
        parsed = parse_judgement(raw)
        if parsed is None:
            yield Problem(T(f"{q.at('正确答案')}：判断题的正确答案为“{clip(raw)}”，应为 对 或 错",
                            f"{q.at('正确答案')}: 判断 answer {raw!r} is not 对/错"))
        elif not parsed[1]:
            yield Problem(T(f"{q.at('正确答案')}：判断题的正确答案写作“{clip(raw)}”，应写作“{parsed[0]}”",
                            f"{q.at('正确答案')}: write {parsed[0]} instead of {raw!r}"),
                          hint=T(f"改为“{parsed[0]}”（`wuxiao fix` 可自动改写）", f"Write {parsed[0]} (`wuxiao fix` does it)"),
                          severity=WARNING)
    filled = list(q.filled)
    if filled:
        yield Problem(T(f"{q.at('答案' + filled[0])}：判断题不应填写选项（已填 {'、'.join(filled)}）",
                        f"{q.at('答案' + filled[0])}: 判断 with options {filled}"))


@rule("Q010", "E", TEMPLATE,
      T("正确答案指向一个空选项", "An answer letter points to an empty option"),
      T("补上该选项的内容，或改正正确答案的字母", "Fill in that option or correct the letter"),
      how="单选、多选题正确答案里的每个字母都要对应一个有内容的选项。例如正确答案为 D 而 答案D 为空，为错误。")
@per_question
def answer_exists(q, ctx):
    """Each letter of 正确答案 must name a filled 答案 column. FAIL: 正确答案 D with 答案D empty."""
    if q.kind not in ("单选", "多选"):
        return
    parsed = parse_choice(q.text("正确答案"))
    if parsed is None:
        return
    empty = [letter for letter in parsed.letters if letter not in q.filled]
    if empty:
        yield Problem(T(f"{q.at('正确答案')}：正确答案“{clip(q.text('正确答案'))}”中的 {'、'.join(empty)} 没有选项内容"
                        f"（{'、'.join(q.at('答案' + e) for e in empty)} 为空）",
                        f"{q.at('正确答案')}: answer {'/'.join(empty)} points to an empty option"))


@rule("Q011", "E", TEMPLATE,
      T("单选/多选题的选项少于两个，或选项中间有空缺（如 A、B、D）", "Fewer than two options, or gaps (A, B, D)"),
      T("从 答案A 起连续填写选项，中间不留空列", "Fill options from 答案A on with no gap"),
      how="单选、多选题至少要有两个选项，并从 答案A 起连续填写。只填了 答案A 为错误；填了 A、B、D 而 C 空着为错误；A–D 有内容、E 和 F 空着通过。")
@per_question
def options_filled(q, ctx):
    """单选/多选 need at least two options, filled from 答案A with no gap. FAIL: only 答案A;
    答案A, 答案B, 答案D with 答案C empty. PASS: A–D filled, E and F empty."""
    if q.kind not in ("单选", "多选") or q.get("答案A") is None:
        return
    filled = q.filled
    if len(filled) < 2:
        yield Problem(T(f"{q.at('答案A')}：{q.kind}题只有 {len(filled)} 个选项（{_options_text(q)}），至少需要 2 个",
                        f"{q.at('答案A')}: {len(filled)} options; at least 2"))
        return
    gaps = [letter for letter in LETTERS[:LETTERS.index(filled[-1])] if letter not in filled]
    if gaps:
        yield Problem(T(f"{q.at('答案' + gaps[0])}：选项 {'、'.join(gaps)} 为空，但后面的 {filled[-1]} 有内容"
                        f"（已填 {'、'.join(filled)}）", f"{q.at('答案' + gaps[0])}: gap at {gaps} before {filled[-1]}"))


@rule("Q012", "E", TEMPLATE,
      T("试题难度不是 初级/中级/高级", "试题难度 is not 初级/中级/高级"),
      T("试题难度只填 初级、中级 或 高级（模板中有下拉列表）", "Write 初级, 中级 or 高级"),
      how="试题难度只能是 初级、中级、高级 之一。“简单”“难”“一般”、空白为错误。")
@per_question
def difficulty(q, ctx):
    """附件5 试题难度: 初级, 中级 or 高级. FAIL: 简单, 难, 一般, empty."""
    value = q.get("试题难度")
    if value is not None and value not in DIFFICULTIES:
        shown = f"“{clip(value)}”" if value else "空白"
        yield Problem(T(f"{q.at('试题难度')}：试题难度为{shown}，应为 初级、中级 或 高级",
                        f"{q.at('试题难度')}: difficulty {value!r}"))


@rule("Q013", "W", TEMPLATE,
      T("来源为空", "来源 empty"),
      T("注明出处：视频题写“视频 00:07-00:35”，文字题写“成果简介”“成果创新点”等",
        "Cite the source: '视频 00:07-00:35' or the form section"),
      how="来源一栏为空给警告：附件5 要求注明答案出处，如“视频 00:07-00:35”“视频简介”或书名。")
@per_question
def source_given(q, ctx):
    """附件5 来源 says where the answer is found (如：**视频 00:07-00:35；视频简介；《书名》). WARN: empty."""
    if q.get("来源") == "":
        yield Problem(T(f"{q.at('来源')}：来源为空", f"{q.at('来源')}: no source"))


@rule("Q014", "W", TEMPLATE,
      T("来源中的视频时间段格式不对、起止颠倒，或超出视频时长", "来源 video time range malformed, reversed or too late"),
      T("时间段写成 分:秒-分:秒（如 00:07-00:35），并落在视频时长之内", "Write mm:ss-mm:ss within the video"),
      how="检查来源里的视频时间段（如 00:07-00:35、视频 0:07–0:35、1:02:03-1:02:10）：格式要对、秒数在 00–59 之间、起点早于终点、终点不超过 {videos_dir}/ 里最长视频的时长（按整秒算：20.0 秒的视频最多写到 00:20，写 00:21 给警告）。不符合的给警告。单独检查题库（quiz check）时没有视频，不比时长。")
@per_question
def source_times(q, ctx):
    """Time ranges in 来源 — 00:07-00:35, 0:07–0:35, 视频 00:07-00:35, 1:02:03-1:02:10 — must be well
    formed (seconds 00–59), start before end, and end within the longest video in videos/ (whole seconds:
    a 20.0 s video may be cited up to 00:20; 00:21 WARNS). Not checked by `wuxiao quiz check` (no videos)."""
    source = q.text("来源")
    if not source or q.get("来源") is None:
        return
    ranges, bad = time_ranges(source)
    for piece in bad:
        yield Problem(T(f"{q.at('来源')}：时间段“{piece}”格式不对，应为 分:秒-分:秒（如 00:07-00:35）",
                        f"{q.at('来源')}: malformed time range {piece!r}"))
    for r in ranges:
        if r.start >= r.end:
            yield Problem(T(f"{q.at('来源')}：时间段 {r.text} 起点不早于终点", f"{q.at('来源')}: {r.text} is reversed"))
        elif ctx.video_limit is not None and r.end > ctx.video_limit:
            yield Problem(T(f"{q.at('来源')}：时间段 {r.text} 的终点 {clock(r.end)} 超出视频时长"
                            f"（{ctx.video_names}，最长到 {clock(ctx.video_limit)}）",
                            f"{q.at('来源')}: {r.text} ends after every video ({ctx.video_limit} s)"))


_PUNCT = re.compile(r"[\W_]+")


@rule("Q015", "W", TEMPLATE,
      T("题目重复（题目、选项和正确答案去掉空格和标点后都相同）", "Duplicate questions"),
      T("删除或改写重复的题目，另出新题", "Delete or rewrite the duplicate"),
      how="把题目内容、各选项和正确答案统一全角半角、去掉空格和标点后比较，所有题库之间也比。三者都相同的题目在后出现的那一道上给警告，并指出与哪一道重复。题干相同而选项不同的（如几道都问“关于本成果，下列说法正确的是（ ）”）是不同的题，不算重复。")
@per_question
def duplicates(q, ctx):
    """The same question twice — 题目内容, options and 正确答案 all alike after removing spaces and
    punctuation, full-/half-width alike, in any set of quizbank/ — WARNS on the later copy and names the
    first. A generic stem (关于本成果，下列说法正确的是) with other options is another question."""
    text = q.text("题目内容")
    if not text:
        return
    whole = "\x1f".join([text, *(q.text("答案" + letter) for letter in LETTERS), q.text("正确答案")])
    # NFKC maps full-width forms exactly as half_width does; made half-width first, most questions pass
    # NFKC's quick check instead of being recomposed (~5 µs a question, the costliest step of a scan)
    key = hash(_PUNCT.sub("", unicodedata.normalize("NFKC", half_width(whole)).casefold()))
    here = f"{q.file} {q.at('题目内容')}"
    first = ctx.seen.setdefault(key, here)
    if first != here:
        ctx.repeats += 1  # Q004 counts distinct questions
        yield Problem(T(f"{q.at('题目内容')}：与 {first} 的题目重复", f"{q.at('题目内容')}: same question as {first}"))


@rule("Q016", "W", TEMPLATE,
      T("正确答案的写法不规范（小写、全角、带分隔符或未排序）", "Answer letters needed normalising"),
      T("正确答案写成大写半角字母并按顺序连写，如 AC（`wuxiao fix` 可自动改写）",
        "Write upper-case letters in order, e.g. AC (`wuxiao fix` does it)"),
      how="单选、多选题的正确答案能看懂，但没有按模板写成大写半角字母、按顺序连写时给警告。例如 ａｃ、A,C、A.C、CA、a c 都当作 AC，给警告；写 AC 通过。修复命令可自动改写。")
@per_question
def answer_form(q, ctx):
    """The answer is understood, but write it as the template does: upper-case half-width letters in
    order with nothing between. WARN: ａｃ, A,C, CA, a c (each means AC). PASS: AC."""
    if q.kind not in ("单选", "多选"):
        return
    raw = q.text("正确答案")
    parsed = parse_choice(raw)
    if parsed is not None and not parsed.canonical and (q.kind == "多选" or parsed.written == 1):
        yield Problem(T(f"{q.at('正确答案')}：正确答案写作“{clip(raw)}”，应写作“{parsed.letters}”",
                        f"{q.at('正确答案')}: write {parsed.letters} instead of {raw!r}"))


@rule("Q017", "I", TEMPLATE,
      T("解析为空", "解析 empty"),
      T("写一两句解析，说明为什么选这个答案", "Add a line explaining the answer"),
      how="解析一栏为空时给提示（附件5 允许留空，模板的示例也留空），写一两句解析对学习者更有帮助。")
@per_question
def explanation(q, ctx):
    """附件5 解析 may be left empty (the template's examples do), but a line of explanation helps learners."""
    if q.get("解析") == "":
        yield Problem(T(f"{q.at('解析')}：解析为空", f"{q.at('解析')}: no explanation"))


# ── the bank as a whole ───────────────────────────────────────────────────────────────────────


@rule("Q018", "W", CLAUSE,
      T("没有出自视频的题，或没有出自文字材料的题", "No question from the video, or none from the text"),
      T("题库要对应文字材料和视频：两类都要出题，并在来源中注明（如“视频 00:07-00:35”“成果简介”）",
        "Write questions on both the text and the video, and cite them in 来源"),
      how="按来源判断每道题出自哪里：写了时间段或“视频”的算出自视频；写了成果简介、创新点、背景、效益、名称、文字等的算出自文字材料。全部题目中一道视频题也没有，或一道文字题也没有，给警告。")
def both_origins(project):
    """第17项 内容要点: 文字材料对应的题库 and 视频对应的题库. Judged by 来源: a time range or 视频 counts
    as the video; 成果简介, 创新点, 背景, 效益, 名称, 文字… count as the text. WARN when either kind is absent."""
    scan = scan_project(project)
    readable = [s for s in scan.sets if s.readable]
    if not readable or scan.total == 0:
        return
    where = readable[0].rel
    if scan.from_video == 0:
        yield Problem(T(f"{scan.total} 道题中没有一道注明出自视频（来源写“视频 分:秒-分:秒”）",
                        f"none of {scan.total} questions cites the video"), file=where)
    if scan.from_text == 0:
        yield Problem(T(f"{scan.total} 道题中没有一道注明出自文字材料（来源写“成果简介”“成果创新点”等）",
                        f"none of {scan.total} questions cites the text materials"), file=where)


RULES = [bank_present, real_xlsx, header, question_count, question_type, question_text, single_answer,
         multiple_answer, judgement_answer, answer_exists, options_filled, difficulty, source_given, source_times,
         duplicates, answer_form, explanation, both_origins, set_names, examples_left]
