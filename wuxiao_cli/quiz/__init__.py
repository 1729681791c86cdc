"""The quiz bank (成果题库, 附件5): finding and streaming it, normalising answers, the template, and fixes."""

from __future__ import annotations

# 附件5 征集题库整理模板, in this order (the notice prints "答案 A"; spaces are tolerated when reading).
HEADER = ("题型", "题目内容", "答案A", "答案B", "答案C", "答案D", "答案E", "答案F", "正确答案", "解析", "试题难度", "来源")
OPTION_COLUMNS = HEADER[2:8]
LETTERS = "ABCDEF"
KINDS = ("单选", "多选", "判断")
DIFFICULTIES = ("初级", "中级", "高级")
BANK_FILE = "quizbank.xlsx"
BANK_ROLE = "quizbank"  # the folder of several named sets: quizbank/*.xlsx
EXAMPLE_MARKS = ("(例)", "（例）")


def min_questions(profile) -> int:
    """How many questions ``profile`` asks for in all (Q004's figure; 附件3: 不少于 20 道)."""
    return profile.section("quiz").get("min_questions", 20)


def how_to_fill(profile) -> str:
    """What to do with a template just made, as `quiz template` and the app's button say it."""
    return f"删除三行“(例)”示例后，每行填写一道题（不少于 {min_questions(profile)} 道）"
