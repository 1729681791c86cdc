"""`--help`, usage errors, `explain` and `rules` speak Chinese, Click's own strings and placeholders included."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli

from wuxiao_cli.cli.zh import usage_error
from wuxiao_cli.text import columns

ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message and exit.", "[default:", "<list[",
           "<str>", "<int>", "<float>", "<path>", "<Path>", "[OPTIONS]", "COMMAND")
COMMANDS = (["check"], ["rules"], ["explain"], ["profiles"], ["init"], ["pack"], ["verify"], ["fix"], ["gui"],
            ["quiz"], ["quiz", "template"], ["quiz", "check"], ["jiangsu"], ["jiangsu", "letter"])
# Words that may stand in a help page: command lines, option names, file names and the like
NOT_PROSE = re.compile(r"^用法：.*$|wuxiao(?: [a-z]+)*|[\w.~$@+:-]*[./@_][\w.~$@+:/-]*|--?[\w-]+|`[^`]*`", re.MULTILINE)


@pytest.mark.parametrize("command", [[], *COMMANDS], ids=lambda c: " ".join(c) or "wuxiao")
def test_help_is_chinese_and_fits_80_columns(command):
    proc = run_cli(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert text.startswith("用法：wuxiao") and "选项：" in text and "显示本帮助并退出。" in text
    assert [w for w in ENGLISH if w in text] == []
    assert re.findall(r"[A-Za-z]{3,} [A-Za-z]{2,}", NOT_PROSE.sub(" ", text)) == []  # no English phrase
    usage = text.splitlines()[0]
    assert re.findall(r"[\[{][a-z_]+[\]}]", usage) == [], usage  # arguments named in Chinese
    assert max(columns(line) for line in text.splitlines()) <= 80


def test_defaults_and_placeholders_read_in_chinese():
    text = run_cli("check", "--help").stdout
    assert "<路径…>" in text and "-j, --jobs <整数>" in text and "[默认：table]" in text


@pytest.mark.parametrize("args, says", [
    (["check", "--bogus"], "没有选项 --bogus"),
    (["check", "--jobs", "x"], "--jobs / -j 的值应为整数"),
    (["check", "--format", "xml"], "--format / -f 的值“xml”不是可选值（table、json）"),
    (["explain"], "缺少参数"),
    (["nosuch"], "没有命令 nosuch"),
    (["pack", "--max-mb", "0"], "--max-mb 的值应不小于 0.1"),
])
def test_usage_errors_are_one_chinese_line(args, says):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("wuxiao: ") and says in proc.stderr and "--help" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Error" not in proc.stderr and "Try " not in proc.stderr


def test_bare_command_shows_the_chinese_help():
    proc = run_cli()
    assert proc.returncode == 2 and "用法：wuxiao" in proc.stderr and "命令：" in proc.stderr


def test_unknown_click_messages_are_kept_rather_than_lost():
    assert usage_error("Something new from a later Click") == "Something new from a later Click"


def test_explain_and_rules_are_chinese_by_default():
    text = run_cli("explain", "P005").stdout
    labels = [line.split("：", 1)[0] for line in text.splitlines()[1:] if "：" in line]
    assert labels == ["级别", "依据", "条款原文", "判断方法", "修改方法"]
    assert "级别：错误" in text and "依据：附件3 第15项" in text
    assert "118 点/厘米 = 299.72 dpi，取整为 300，通过" in text  # the boundary, told in Chinese
    assert "JFIF density" not in text and "开发者说明" not in text  # the English docstring is the developer's
    rules = run_cli("rules").stdout.splitlines()
    assert rules and all("\t" in line for line in rules)
    assert "P005\tE/W\t附件3 第15项\t分辨率低于 300 dpi" in "\n".join(rules)
    assert "F027\tE\t打包要求（本工具）\t" in "\n".join(rules)


def test_explain_dev_adds_the_developer_note_after_the_fix():
    text = run_cli("explain", "P005", "--dev").stdout
    assert "判断方法：" in text and "JFIF density" in text and "118 dpcm = 299.72 dpi" in text
    assert text.index("修改方法：") < text.index("开发者说明（英文）：") < text.index("JFIF density")
    english = run_cli("explain", "P005", "--lang", "en").stdout
    assert "Severity: E" in english and "JFIF density" in english and "判断方法" not in english


def test_os_errors_read_in_chinese_with_the_os_words_as_fallback(tmp_path):
    import errno

    from wuxiao_cli.fsops import open_elsewhere as _open_elsewhere
    from wuxiao_cli.text import os_reason

    assert os_reason(OSError(errno.EACCES, "Permission denied")) == "没有权限或文件正被占用"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘已满"
    assert os_reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    open_book = tmp_path / "r.xlsx"
    open_book.write_bytes(b"")
    assert "Excel、Word、WPS" in _open_elsewhere(OSError(errno.EACCES, "denied"), open_book)  # Windows: open in Excel
    assert _open_elsewhere(OSError(errno.EACCES, "denied"), tmp_path / "new.xlsx") == ""
    assert _open_elsewhere(OSError(errno.ENOENT, "missing"), open_book) == ""
