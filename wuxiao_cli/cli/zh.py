"""`--help` and usage errors in Chinese, Click's own strings included.

Typer/Click write their help through ``Context.formatter_class``: a subclass translates the headings,
the usage prefix, the type placeholders (``<list[Path]>`` → ``<路径…>``) and ``[default: …]`` before
the layout is computed, so the columns stay aligned. Usage errors are caught in ``cli.main`` and
reworded by ``usage_error``.
"""

from __future__ import annotations

import re

from wuxiao_cli.report.checklist import wrap
from wuxiao_cli.text import columns

HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]", "[参数]"))
PLACEHOLDERS = {"str": "文本", "text": "文本", "int": "整数", "integer": "整数", "float": "数字", "path": "路径",
                "Path": "路径", "file": "文件", "bool": "是/否", "list[Path]": "路径…", "list[str]": "文本…",
                "list[path]": "路径…", "float range": "数字", "int range": "整数"}
EXTRAS = ((re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"), (re.compile(r"\[required\]"), "[必填]"),
          (re.compile(r"\[env var: (.*?)\]"), r"[环境变量：\1]"))
HELP_TEXT = {"Show this message and exit.": "显示本帮助并退出。"}
_PLACEHOLDER = re.compile(r"<([^<>|]+)>")

ERRORS = (
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such command '?(.+?)'?\.$", "没有命令 {0}"),
    (r"No such command '(.+?)'\. Did you mean '(.+?)'\?$", "没有命令 {0}，是要用 {1} 吗？"),
    (r"Missing argument '(.+)'\.$", "缺少参数 {0}"),
    (r"Missing option '(.+)'\.$", "缺少选项 {0}"),
    (r"Missing command\.$", "缺少命令"),
    (r"Option '(.+)' requires an argument\.$", "选项 {0} 后面要写一个值"),
    (r"Option '(.+)' does not take a value\.$", "选项 {0} 不带值"),
    (r"Got unexpected extra arguments? \((.+)\)$", "多余的参数：{0}"),
)
VALUES = (  # what follows "Invalid value for '--x':"
    (r".*?'(.+)' is not one of (.+?)\.?$", "“{0}”不是可选值（{1}）"),
    (r".*valid integer.*", "应为整数"),
    (r".*valid (?:number|float).*", "应为数字"),
    (r".*greater than or equal to (\S+)", "应不小于 {0}"),
    (r".*less than or equal to (\S+)", "应不大于 {0}"),
    (r".*greater than (\S+)", "应大于 {0}"),
    (r".*less than (\S+)", "应小于 {0}"),
)


def _placeholder(match: re.Match) -> str:
    return f"<{PLACEHOLDERS.get(match[1], match[1])}>"


def translate_help(text: str) -> str:
    text = _PLACEHOLDER.sub(_placeholder, text)
    for pattern, repl in EXTRAS:
        text = pattern.sub(repl, text)
    return HELP_TEXT.get(text, text)


def chinese_formatter(base: type) -> type:
    """Click's HelpFormatter (``base``) with Chinese headings, usage prefix, placeholders and defaults."""

    class ChineseHelpFormatter(base):
        chinese = True

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, chinese in USAGE_WORDS:
                args = args.replace(english, chinese)
            super().write_usage(prog, _PLACEHOLDER.sub(_placeholder, args), "用法：" if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

        def write_text(self, text: str) -> None:
            indent = " " * self.current_indent
            paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
            self.write("\n\n".join("\n".join(wrap(p, indent, indent, self.width)) for p in paragraphs) + "\n")

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
            """Two columns measured in display width (Click counts characters, and 中文 is two wide)."""
            rows = [(translate_help(a), translate_help(b)) for a, b in rows]
            first = min(col_max, max((columns(a) for a, _ in rows), default=0))
            indent = " " * self.current_indent
            hang = indent + " " * (first + col_spacing)
            for term, text in rows:
                if columns(term) > first:
                    self.write(f"{indent}{term}\n")
                    lead = hang
                else:
                    lead = indent + term + " " * (first - columns(term) + col_spacing)
                lines = wrap(text, lead, hang, max(self.width, columns(hang) + 20)) if text else [lead.rstrip()]
                self.write("\n".join(lines) + "\n")

    return ChineseHelpFormatter


def install() -> None:
    """Every help page goes through the Chinese formatter (set on the Context class Typer's commands use)."""
    from typer.core import TyperGroup

    context = TyperGroup.context_class
    if not getattr(context.formatter_class, "chinese", False):
        context.formatter_class = chinese_formatter(context.formatter_class)


def usage_error(message: str) -> str:
    """A Click usage message reworded in Chinese; unknown ones are kept as they are."""
    message = " ".join(message.split())
    if m := re.match(r"Invalid value for (.+?): (.+)$", message):
        name = " / ".join(re.findall(r"'([^']+)'", m[1])) or m[1]
        for pattern, template in VALUES:
            if v := re.match(pattern, m[2]):
                groups = [g.replace("'", "").replace(", ", "、") for g in v.groups()]
                return f"{name} 的值" + template.format(*groups, all=m[2])
        return f"{name} 的值无效：{m[2]}"
    for pattern, template in ERRORS:
        if m := re.match(pattern, message):
            return template.format(*m.groups())
    return message
