"""The report as the app shows it: a clerk who never used a terminal is pointed at the app's buttons.

The rules' hints are written for the command line (`wuxiao fix`, `wuxiao init`, --split …). In the
app's 报告.html each such phrase becomes the button that does the same; tests/test_gui.py checks that
no rule's hint keeps a command once rewritten, so a new hint naming a command must be added here.
"""

from __future__ import annotations

# (as the rules write it, as the app says it): the longer phrase first where one contains another
APP_WORDS: tuple[tuple[str, str], ...] = (
    ("（`wuxiao fix` 可自动改写）", "（可用本页的“修复到副本”自动改写）"),
    ("（`wuxiao fix` 可自动改名并记录）", "（可用本页的“修复到副本”自动改名并记录）"),
    ("用 `wuxiao fix` 把", "用本页的“修复到副本”把"),
    ("，或用 `wuxiao fix` 自动改名；", "，或用本页的“修复到副本”自动改名；"),
    ("用 `wuxiao init --profile roadshow-2024` 生成", "用首页的“新建项目文件夹”（通知选路演项目）生成"),
    ("用 `wuxiao init` 生成", "用首页的“新建项目文件夹”生成"),
    ("用 `wuxiao quiz template quizbank.xlsx` 生成模板", "用首页的“生成题库模板”生成模板"),
    ("从 `wuxiao quiz template` 生成的模板复制", "从首页“生成题库模板”生成的模板复制"),
    ("用 `wuxiao quiz template` 重建", "用首页的“生成题库模板”重建"),
    ("用 `wuxiao pack` 重新打包", "用 wuxiao 的“打包”重新打包"),
    ("用 `wuxiao pack` 打包", "用 wuxiao 的“打包”打包"),
    ("用 --split 分成几个压缩包分别发送，或上传网盘后在邮件中附网盘链接",
     "上传网盘后在邮件中附网盘链接（“打包并生成邮件草稿”超过上限时会写好链接行）"),
    ("；要转交较小的包时用 --split 分卷", ""),  # the app packs whole, at 50 MB (an online notice's zip is only kept)
    ("，或调大 --max-mb", ""),
    ("把全部分卷一起核对：wuxiao verify 第1部分.zip 第2部分.zip …；只想核对手头的分卷时加 --allow-partial",
     "把全部分卷放在同一个文件夹里，检查这个文件夹"),
    ("确实需要时用 --timeout / --max-memory 放宽；", ""),
    ("用 --jobs 1 单独检查该项目", "单独检查该项目"),
)


def app_wording(text: str) -> str:
    text = text.replace("<code>", "`").replace("</code>", "`")  # the HTML report shows `wuxiao fix` as code
    for cli, app in APP_WORDS:
        text = text.replace(cli, app)
    return text
