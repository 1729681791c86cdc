"""The 附件5 quiz template (`wuxiao quiz template`, and the quizbank.xlsx that `wuxiao init` writes).

Sheet 题库: the header, the three example rows of 附件5 marked (例) (Q020 fails a bank that keeps
them), dropdowns for 题型, 正确答案 and 试题难度, a frozen header and readable column widths.
Sheet 填写说明 explains each column; a hidden sheet 下拉选项 holds the answer list the dropdown uses.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from wuxiao_cli.quiz import DIFFICULTIES, HEADER, KINDS, LETTERS, min_questions

SHEET = "题库"
LAST_ROW = 2000  # dropdowns reach this far down
EXAMPLES = (
    ("单选", "(例) 下列关于我国疆域的叙述，正确的是", "陆地面积 852 平方千米", "我国共有 34 个省级行政区域",
     "陆上与 6 个国家接壤", "领土最南端在黑龙江省", None, None, "B", None, "初级", "如：**视频 00:07-00:35"),
    ("多选", "(例) 糖尿病肾病综合征常可发生的眼部改变有", "糖尿病性白内障", "双侧瞳孔明显缩小",
     "视网膜出血、渗出、微细动脉瘤", "眼睑、眉毛痉挛抽动", None, None, "AC", None, "中级", "如：视频简介"),
    ("判断", "(例) 昆虫是世界上种类和数量最多、分布最广的动物。", None, None, None, None, None, None, "对", None,
     "高级", "如：《**》（书籍名称）"),
)
WIDTHS = {"题型": 8, "题目内容": 44, "正确答案": 10, "解析": 30, "试题难度": 10, "来源": 24}
OPTION_WIDTH = 18
GUIDE = (
    ("题型", "只填 单选、多选 或 判断（下拉选择）。"),
    ("题目内容", "题干。每行一道题，不要合并单元格。题目应出自本成果的文字材料（成果简介、创新点、效益等）或成果视频。"),
    ("答案A–答案F", "选项内容。单选、多选题从答案A起连续填写，至少两个，中间不留空；用不到的选项留空。判断题全部留空。"),
    ("正确答案", "单选填一个大写字母，如 B；多选按顺序连写大写字母，如 AC（不要写成 A,C 或 ca）；判断填 对 或 错。"),
    ("解析", "说明为什么选这个答案，可留空，建议填写。"),
    ("试题难度", "只填 初级、中级 或 高级（下拉选择）。"),
    ("来源", "题目出处：出自视频的写“视频 分:秒-分:秒”，如“视频 00:07-00:35”，时间段须在视频时长之内；"
             "出自文字材料的写栏目名，如“成果简介”“成果创新点”“经济效益和社会效益”。"),
    ("示例行", "题目内容以“(例)”开头的三行是附件5的示例，填写前请删除，否则检查不通过（Q020）。"),
    ("数量", "每项成果不少于 {minimum} 道题；文字材料和视频都要出题。多套题库可放在 quizbank 文件夹中，每套按内容命名。"),
    ("检查", "填好后运行：wuxiao check 项目文件夹{option}（或 wuxiao quiz check quizbank.xlsx{option}）。"),
)


def answer_choices() -> list[str]:
    """Every answer the 正确答案 dropdown offers: A–F, each sorted combination of 2–6 letters, 对, 错."""
    combos = ["".join(c) for n in range(1, len(LETTERS) + 1) for c in combinations(LETTERS, n)]
    return combos + ["对", "错"]


def guide_rows(profile) -> list[tuple[str, str]]:
    """The 填写说明 rows with ``profile``'s question count and the check command for it."""
    from wuxiao_cli.scaffold import profile_option

    said = {"minimum": min_questions(profile), "option": profile_option(profile)}
    return [(name, text.format(**said)) for name, text in GUIDE]


def write_template(path: Path, profile=None) -> None:
    """Write the 附件5 template workbook to ``path`` (overwriting it); 填写说明 gives ``profile``'s question
    count and the check command for it (default: the default profile)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from wuxiao_cli.profile import load_profile
    from wuxiao_cli.report.xlsx_print import a4, fit_rows

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADER)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    grey = Font(italic=True, color="808080")
    for example in EXAMPLES:
        ws.append(example)
        for cell in ws[ws.max_row]:
            cell.font = grey
    for i, name in enumerate(HEADER, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, OPTION_WIDTH)
    ws.freeze_panes = "A2"

    def column(name: str) -> str:
        letter = get_column_letter(HEADER.index(name) + 1)
        return f"{letter}2:{letter}{LAST_ROW}"

    lists = wb.create_sheet("下拉选项")
    choices = answer_choices()
    for value in choices:
        lists.append([value])
    lists.sheet_state = "hidden"
    rules = (
        ("题型", '"' + ",".join(KINDS) + '"', "题型只能是 单选、多选 或 判断"),
        ("试题难度", '"' + ",".join(DIFFICULTIES) + '"', "试题难度只能是 初级、中级 或 高级"),
        ("正确答案", f"'下拉选项'!$A$1:$A${len(choices)}", "单选填一个大写字母，多选按顺序连写（如 AC），判断填 对 或 错"),
    )
    for name, formula, message in rules:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="请从下拉列表中选择", error=message)
        dv.add(column(name))
        ws.add_data_validation(dv)

    guide = wb.create_sheet("填写说明")
    guide.append(["栏目", "填写说明"])
    for cell in guide[1]:
        cell.font, cell.fill = bold, fill
    for row in guide_rows(profile or load_profile(None)):
        guide.append(row)
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 70  # with A, one A4 portrait page wide
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(guide)  # rows as tall as their text: nothing clipped on paper
    a4(guide, landscape=False)
    a4(ws, landscape=True)
    wb.save(path)
