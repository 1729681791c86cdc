"""A syntax error in a hand-written TOML/JSON file (form.toml, nominator.toml), in the clerk's words.

tomllib and json say what is wrong in English; the clerk needs the line to correct and, for the few
mistakes people make by hand (a line break inside "…", a missing =), what it is. Any other error keeps
the parser's English after the line and column.
"""

from __future__ import annotations

import re

from wuxiao_cli.text import T

TOML_HOW = T("每项写成 键 = \"文字\"，文字用一对英文双引号括起，要换行的长文字用三个双引号 \"\"\"…\"\"\" 括起",
             'key = "text"; a text that spans lines goes in triple quotes')
JSON_HOW = T("每项写成 \"键\": \"文字\"，项与项之间用英文逗号隔开", '"key": "text", items separated by commas')
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_UNCLOSED = "字符串没有闭合：引号不成对，或 \"…\" 中间换了行"

# tomllib's messages (their start), most common hand-made mistakes first
_TOML_REASONS = (
    ("Illegal character '\\n'", _UNCLOSED),
    ("Unterminated string", _UNCLOSED),
    ("Expected \"'\"", _UNCLOSED),
    ("Illegal character", "有不允许的字符（如制表符或控制字符）"),
    ("Expected '=' after a key", "缺少“=”：每项应写成 键 = 值"),
    ("Expected newline or end of document after a statement", "一行只能写一项，值的后面多了内容"),
    ("Invalid value", "值的写法不对：文字要用一对英文双引号括起"),
    ("Invalid statement", "这一行不是“键 = 值”的写法"),
    ("Unclosed array", "方括号 [ ] 没有闭合"),
    ("Unclosed inline table", "花括号 { } 没有闭合"),
    ("Unescaped '\\' in a string", "文字中有反斜杠 \\：改成 \\\\，或把文字改用单引号括起"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表写了两次"),
    ("Expected ']' at the end of a table declaration", "表头缺少“]”"),
    ("Expected ']]' at the end of an array declaration", "表头 [[…]] 缺少“]]”"),
)


def toml_error(name: str, detail: str) -> tuple[T, T]:
    """A tomllib error (``str(exc)``) in ``name`` as (message, fix hint)."""
    m = _TOML_AT.search(detail)
    what = detail[:m.start()] if m else detail
    line, col = (int(m[1]), int(m[2])) if m and m[1] else (None, None)
    reason = next((zh for start, zh in _TOML_REASONS if what.startswith(start)), None)
    return _message(name, detail, reason or what, line, col, at_end=bool(m and not m[1])), _hint(name, line, TOML_HOW)


def json_error(name: str, exc) -> tuple[T, T]:
    """A json.JSONDecodeError in ``name`` as (message, fix hint): json's reason is kept (rarely hand-written)."""
    return _message(name, str(exc), exc.msg, exc.lineno, exc.colno), _hint(name, exc.lineno, JSON_HOW)


def _message(name: str, detail: str, reason: str, line: int | None, col: int | None, at_end: bool = False) -> T:
    where = f"第 {line} 行第 {col} 列，" if line else ("文件末尾，" if at_end else "")
    return T(f"{name} 语法错误：{where}{reason}", f"{name} has a syntax error: {detail}")


def _hint(name: str, line: int | None, how: T) -> T:
    at = (f"第 {line} 行", f"line {line}") if line else ("出错处", "where the error is")
    return T(f"改正 {name} {at[0]}的写法：{how.zh}；改好后重新检查", f"Correct {name} at {at[1]}: {how.en}")
