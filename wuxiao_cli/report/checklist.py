"""Plain-text lists people print or read in Notepad: the 整改清单 (--fixlists) and the package's 校验报告.txt.

Both number each finding with 问题 / 修改方法 / 依据, wrap at WIDTH display columns (a CJK character
takes two) with a hanging indent, and are written as UTF-8 with a BOM and CRLF line ends so Windows
Notepad and WeChat's preview show the Chinese correctly.
"""

from __future__ import annotations

import datetime as dt
import re

from wuxiao_cli import __version__
from wuxiao_cli.clauses import clause_title
from wuxiao_cli.report.columns import column_labels, field_label
from wuxiao_cli.text import columns, heading, safe

WIDTH = 70
HANG = "       "  # continuation lines start under the text, not under the label
LEVELS = {"error": "必须修改", "warning": "建议修改", "info": "供参考"}
# Batch findings for the clerk's summary only: B004 compares a union's passes with 附件2's quota, which the
# worker cannot change and which tells them how the other projects did
CLERKS = frozenset({"B004"})
NO_LINE_START = set("，。、；：？！）」』”’》〕】%,.;:?!)")  # closing marks stay with the text before them
NO_LINE_END = set("（「『“‘《〔【(")  # opening marks go with the text after them
# A short clause mark such as 〔附件3 第15项〕 stays whole, an ASCII word too, and so does a size such as
# 1920×1080; CJK may break anywhere
_MARK = r"〔[^〔〕]{1,20}〕"
_TOKEN = re.compile(_MARK + r"|[\x21-\x7e×]+|\s+|.", re.S)
_MARK_AT_END = re.compile(_MARK + "$")


def cols(text: str) -> int:
    return columns(text, ambiguous_wide=True)  # Notepad shows “”× in a CJK font: wide


def wrap(text: str, first: str = "", rest: str = HANG, width: int = WIDTH) -> list[str]:
    """``first`` + text, broken into lines of at most ``width`` columns; later lines start with ``rest``."""
    lines, line = [], first
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            if cols(line) < width and line.strip():
                line += " "
            continue
        while cols(line) + cols(token) > width:
            room = width - cols(line)
            if line.strip() and line not in (first, rest) and cols(token) <= width - cols(rest):
                carry, kept = "", line.rstrip()
                if token[0] in NO_LINE_START or kept[-1] in NO_LINE_END:
                    size = _carry(kept, len(first))
                    carry, line = kept[len(kept) - size:], kept[:len(kept) - size]
                lines.append(line.rstrip())
                line = rest + carry
                continue
            cut = _fit(token, room)  # a word longer than a line (a path, a URL): split it
            lines.append((line + token[:cut]).rstrip())
            line, token = rest, token[cut:]
        line += token
    lines.append(line.rstrip())
    return lines


def _carry(kept: str, floor: int) -> int:
    """How many characters at the end of ``kept`` go to the next line with the mark that does not fit:
    one, or a whole ASCII word ("00:03）" is not cut as "00:0" / "3）"), and never a closing mark alone
    ("秒）" / "，" rather than "），" opening a line), or a clause mark whole. 0 when that would leave
    nothing past ``floor``."""
    if (mark := _MARK_AT_END.search(kept)) and mark.start() > floor:
        return len(mark.group())
    size = 1
    while size < len(kept) - floor and (kept[-size] in NO_LINE_START
                                        or _is_word(kept[-size - 1]) and _is_word(kept[-size])):
        size += 1
    return size if size < len(kept) - floor else 0


def _is_word(c: str) -> bool:
    return "!" <= c <= "~"


def _fit(token: str, room: int) -> int:
    used = 0
    for i, c in enumerate(token):
        used += cols(c)
        if used > room:
            return max(1, i)
    return len(token)


def entry(n: int, level: str, where: str, message: str, hint: str, basis: str) -> list[str]:
    """One numbered finding: 【level】where, then 问题 / 修改方法 / 依据, each wrapped."""
    out = wrap(f"{n}. 【{level}】{where}", rest="   ")
    out += wrap(message, "   问题：")
    if hint:
        out += wrap(hint, "   修改方法：")
    out += wrap(basis, "   依据：")
    return out + [""]


def crlf(lines: list[str]) -> str:
    return "\r\n".join(lines).rstrip() + "\r\n"


def _basis(f: dict) -> str:
    return f"{clause_title(f.get('clause', ''))}（规则 {f['rule']}）"


def _field_label(f: dict, profile) -> str | None:
    return f"栏目「{field_label(f['field'], profile)}」" if f.get("field") else None


def _where(f: dict, profile) -> str:
    return "、".join(x for x in (f.get("file") and safe(f["file"]), _field_label(f, profile)) if x) or "整个项目"


def fixlist_text(project: dict, batch_findings: list[dict], profile) -> str:
    """The 整改清单 of one project (a SPEC §4 project dict): what the worker must and should change."""
    related = [b for b in batch_findings if project["path"] in b.get("projects", ()) and b["rule"] not in CLERKS
               and b["severity"] in ("error", "warning") and not b.get("waived")]
    warnings = project["warnings"] + sum(b["severity"] == "warning" for b in related)  # its errors count them already
    lines = [f"《{heading(project['name'])}》整改清单", "",
             *wrap(f"依据：{profile.title}"),
             *wrap(f"项目文件夹：{safe(project['path'])}"),
             f"检查结果：不通过（错误 {project['errors']} 个，警告 {warnings} 个）", "",
             *wrap("请逐条修改后重新提交。标“必须修改”的不改将无法报送；标“建议修改”的改后材料更规范。", rest=""), ""]
    from wuxiao_cli.report.collapse import collapse

    n = 0
    to_change = [f for f in project["findings"] if not f.get("waived") and f["severity"] in ("error", "warning")]
    for line in collapse(to_change):  # 18 empty 来源 cells: one entry naming L3–L20, not 18
        f = line.finding
        n += 1
        lines += entry(n, LEVELS[f["severity"]], _where(f, profile), line.message, f["hint"], _basis(f))
    for b in related:
        n += 1
        lines += entry(n, LEVELS[b["severity"]], "与其他项目的关系", b["message"], b.get("hint", ""), _basis(b))
    waived = [f for f in project["findings"] if f.get("waived")]
    if waived:  # the worker sees what was let through, and why, as the package's manifest records it
        lines.append("以下问题已经豁免，不需要修改：")
        for f in waived:
            lines += wrap(f"{f['rule']} {_where(f, profile)}：{f.get('reason') or '未说明理由'}", "  · ")
        lines.append("")
    if fixed := project.get("fixed"):
        lines.append(f"上次检查的问题中已修复 {len(fixed)} 项，谢谢。")
    return crlf(lines)


def package_report_text(data: dict, profile, today: dt.date | None = None) -> str:
    """校验报告.txt inside the package: the check this package passed, every finding and every waiver."""
    today = today or dt.date.today()
    project = data["projects"][0]
    infos = sum(1 for f in project["findings"] if f["severity"] == "info")
    status = "通过" if project["status"] == "pass" else "不通过"
    lines = ["“五小”创新成果申报材料校验报告", "",
             *wrap(f"{column_labels(profile)[0]}：{heading(project['name'])}"),
             *wrap(f"压缩包：{safe(project['path'])}"),
             *wrap(f"规则集：{data['profile']}（{profile.title}）"),
             f"检查工具：wuxiao {data.get('version', __version__)}",
             f"检查日期：{today.isoformat()}",
             f"检查结果：{status}（错误 {project['errors']} 个，警告 {project['warnings']} 个，提示 {infos} 个）", ""]
    for w in data.get("waivers", []):
        target = f"（{safe(w['file'])}）" if w.get("file") else ""
        lines += wrap(f"豁免 {w['rule']}{target}：{safe(w.get('reason') or '未说明理由')}")
    if data.get("waivers"):
        lines.append("")
    if not project["findings"]:
        lines.append("没有发现问题。")
    for n, f in enumerate(project["findings"], 1):
        level = "已豁免" if f.get("waived") else LEVELS[f["severity"]]
        lines += entry(n, level, _where(f, profile), f["message"], f["hint"], _basis(f))
    return crlf(lines)
