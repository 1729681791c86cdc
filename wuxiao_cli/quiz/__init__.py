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
