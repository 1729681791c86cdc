"""Waivers as data: which rule is waived, why, and optionally for which file only.

Written in a project's ``wuxiao.toml`` (that project only) or a file given with ``--waivers`` (every
project checked), one ``[[waiver]]`` table each::

    [[waiver]]
    rule = "P005"
    reason = "原始照片已丢失，经上级工会同意以现有照片报送"
    file = "photos/装置全貌.jpg"   # optional: only this file's P005

``--ignore RULE --reason TEXT`` still works and makes the same kind of waiver for the whole rule.
A waived finding stays in every report, marked, with its reason; the package manifest lists them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.text import os_reason

PROJECT_FILE = "wuxiao.toml"
# A waiver is an exception someone approved: a project has a few, a --waivers file for a batch some dozens.
# 1,000 entries of a long reason fit in 1 MB; past either the file is not one a person wrote (100,000
# entries took 14 s and made a 12 MB report).
MAX_WAIVERS = 1000
WAIVERS_BYTES = 1024 * 1024


class WaiverError(Exception):
    """The waiver file cannot be used; the message says which file and what to change."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    file: str | None = None  # '/'-separated, relative to the project folder
    source: str = "--ignore"

    def covers(self, rule_id: str, file: str | None) -> bool:
        if rule_id != self.rule:
            return False
        return self.file is None or (file is not None and _same_path(file, self.file))

    def to_dict(self) -> dict:
        out = {"rule": self.rule, "reason": self.reason}
        if self.file is not None:
            out["file"] = self.file
        if self.source != "--ignore":
            out["source"] = self.source
        return out


def _same_path(a: str, b: str) -> bool:
    def norm(p: str) -> str:
        return unicodedata.normalize("NFC", p.replace("\\", "/").strip("/")).casefold()

    return norm(a) == norm(b)


def parse_waivers(text: str, source: str) -> list[Waiver]:
    """The ``[[waiver]]`` tables of a TOML text; raises WaiverError naming the entry at fault."""
    import tomllib  # only when there are waivers: not on every check

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from wuxiao_cli.syntax import toml_error

        message, hint = toml_error(source, str(exc))
        raise WaiverError(f"{message.zh}；{hint.zh}") from None
    except (RecursionError, MemoryError):  # a = [[[… nested 100,000 deep: the user's file, not our fault
        raise WaiverError(f"无法读取豁免文件 {source}：方括号或花括号嵌套过深；豁免应写成 [[waiver]] 表"
                          "（每条一个 rule 和 reason）") from None
    entries = data.get("waiver", [])
    if set(data) - {"waiver"} or not isinstance(entries, list):
        raise WaiverError(f"{source}：豁免应写成 [[waiver]] 表（每条一个 rule 和 reason）")
    if len(entries) > MAX_WAIVERS:
        raise WaiverError(f"{source} 有 {len(entries):,} 条 [[waiver]]，超过上限 {MAX_WAIVERS:,} 条：豁免只用于个别经批准的例外；"
                          "同一规则的多条豁免请合并为一条不写 file 的整条规则豁免")
    out = []
    for n, entry in enumerate(entries, 1):
        where = f"{source} 第 {n} 条 [[waiver]]"
        if isinstance(entry, dict) and (unknown := set(entry) - {"rule", "reason", "file"}):
            raise WaiverError(f"{where} 有不认识的键 {'、'.join(sorted(unknown))}：只能写 rule、reason、file")
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise WaiverError(f"{where} 没有 rule（规则编号，如 rule = \"P005\"）")
        try:
            rule_id = rules.get(entry["rule"].strip()).id
        except rules.UnknownRule:
            raise WaiverError(f"{where}：没有编号为 {entry['rule']} 的规则（`wuxiao rules` 列出全部规则）") from None
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise WaiverError(f"{where}（{rule_id}）没有写 reason：每条豁免都要写明理由")
        file = entry.get("file")
        if file is not None and (not isinstance(file, str) or not file.strip()):
            raise WaiverError(f"{where}（{rule_id}）的 file 应为项目文件夹内的相对路径，如 \"photos/a.jpg\"")
        out.append(Waiver(rule_id, " ".join(reason.split()), file.strip() if file else None, source))
    return list(dict.fromkeys(out))  # an entry written twice is one waiver, listed once in every report


def load_waivers(path: Path, source: str | None = None) -> list[Waiver]:
    try:
        text = read_capped(path, WAIVERS_BYTES).decode("utf-8-sig")
    except TooLarge as exc:
        raise WaiverError(f"豁免文件 {source or path} 过大：{exc.why.zh}，未读取；豁免文件通常只有几 KB，请检查是否选错了文件") from None
    except OSError as exc:
        raise WaiverError(f"无法读取豁免文件 {path}：{os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise WaiverError(f"{path} 不是 UTF-8 文本：请用记事本“另存为 UTF-8”") from None
    return parse_waivers(text, source or path.as_posix())


def project_waivers(root: Path, display: str | None = None) -> list[Waiver]:
    """The waivers in ``root/wuxiao.toml``, or none when the project has no such file."""
    path = root / PROJECT_FILE
    if not path.is_file():
        return []
    return load_waivers(path, f"{display or root.as_posix()}/{PROJECT_FILE}")
