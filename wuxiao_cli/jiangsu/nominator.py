"""nominator.toml: who nominates a batch (提名单位 and its type), the 提名函 summary, and the priority order.

    name = "无锡市总工会"
    type = "设区市总工会"          # 设区市总工会 / 省产业工会 / 省级社会组织 / 其他社会组织
    date = 2023-08-20             # optional: the 提名函 date
    summary = \"\"\"近年来，……\"\"\"     # 提名函: 推进职工科技创新工作情况，限 400 字
    order = ["项目文件夹或项目名称", …]   # priority order, highest first
    [notes]                       # optional 备注 per project (folder or project name)
    "项目文件夹" = "……"
    [publicity]                   # optional: the 公示 period (通知 五1, ≥ 3 working days)
    start = 2023-08-01
    end = 2023-08-03
    [filing]                      # a 省级社会组织's 备案申请表 (附件4): keys of forms/jiangsu-filing-2023.schema.json

Loading never raises: problems come back as ``error`` for rule J001 and the letter command.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.syntax import toml_error
from wuxiao_cli.text import T, fold

FILE_NAME = "nominator.toml"
# A name, a 400-字 summary, an order and notes for some dozens of projects: tens of KB at the most
NOMINATOR_BYTES = 1024 * 1024


@dataclass
class Nominator:
    path: Path
    name: str = ""
    kind: str | None = None  # the profile's type name, aliases resolved
    kind_given: str = ""
    date: str = ""
    summary: str = ""
    order: list[str] = field(default_factory=list)
    has_order: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    publicity: dict = field(default_factory=dict)
    filing: dict | None = None
    error: T | None = None
    error_hint: T | None = None  # a fix as particular as the error (the line of a syntax error)


def nominator_path(root: Path | None, profile) -> Path | None:
    if root is None:
        return None
    return root / profile.section("nominators").get("file", FILE_NAME)


def resolve_kind(given: str, profile) -> str | None:
    types = profile.section("nominators").get("types", {})
    folded = fold(given)
    for name, spec in types.items():
        if folded in {fold(n) for n in (name, *spec.get("aliases", ()))}:
            return name
    return None


def load_nominator(root: Path | None, profile) -> Nominator | None:
    """The batch's nominator.toml, or None when there is no batch folder or no such file."""
    path = nominator_path(root, profile)
    if path is None or not path.is_file():
        return None
    out = Nominator(path)
    try:
        data = tomllib.loads(read_capped(path, NOMINATOR_BYTES).decode("utf-8-sig"))
    except TooLarge as exc:
        out.error = T(f"{path.name} 过大：{exc.why.zh}，为安全起见未读取", f"{path.name} is too large: {exc.why.en}; not read")
        out.error_hint = T(f"{path.name} 只需写提名单位、类型、工作情况和优先次序，通常只有几 KB：用记事本打开它，"
                           "删去误粘贴的大段内容后保存", f"{path.name} needs only a few KB: remove what was pasted into it")
        return out
    except UnicodeDecodeError:
        out.error = T(f"{path.name} 不是 UTF-8 编码", f"{path.name} is not UTF-8")
        out.error_hint = T(f"用记事本打开 {path.name}，“另存为”时编码选 UTF-8 后保存", f"Save {path.name} as UTF-8")
        return out
    except tomllib.TOMLDecodeError as exc:
        out.error, out.error_hint = toml_error(path.name, str(exc))
        return out
    except (RecursionError, MemoryError):  # a = [[[… nested 100,000 deep: the user's file, not our fault
        out.error = T(f"{path.name} 文件异常（结构嵌套过深）：方括号或花括号一层套一层，为安全起见未读取",
                      f"{path.name} is abnormal (nested too deep); not read")
        out.error_hint = T(f"用记事本打开 {path.name}，按“键 = 值”逐行写，不要把 [ ] 或 {{ }} 层层嵌套",
                           f"Write {path.name} as key = value lines; do not nest [ ] or {{ }}")
        return out
    except OSError as exc:
        out.error = T(f"{path.name} 无法读取：{exc.strerror or exc}", f"{path.name} cannot be read")
        out.error_hint = T(f"关闭正在使用 {path.name} 的程序，确认有权读取它后重新检查", f"Make {path.name} readable")
        return out
    out.name = str(data.get("name", "")).strip()
    out.kind_given = str(data.get("type", "")).strip()
    out.kind = resolve_kind(out.kind_given, profile) if out.kind_given else None
    out.date = str(data.get("date", "")).strip()
    out.summary = str(data.get("summary", "")).strip()
    order = data.get("order")
    out.has_order = isinstance(order, list)
    out.order = [str(x).strip() for x in order] if isinstance(order, list) else []
    notes = data.get("notes", {})
    out.notes = {str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {}
    publicity = data.get("publicity", {})
    out.publicity = publicity if isinstance(publicity, dict) else {}
    filing = data.get("filing")
    out.filing = filing if isinstance(filing, dict) else None
    out.error, out.error_hint = _blanks(out, profile)
    return out


def _blanks(out: Nominator, profile) -> tuple[T | None, T | None]:
    """What the file lacks, and a fix for exactly that: the file exists (often just made by
    `init --nominator`), so the fix is a line to fill in, never "create nominator.toml"."""
    name = out.path.name
    types = list(profile.section("nominators").get("types", {}))
    listed, example = "、".join(types), types[0] if types else "设区市总工会"
    fill_type = f"type = \"{example}\"（可选：{listed}）"
    if not out.name:
        fill = "name = \"某某市总工会\"（提名单位全称）" + ("" if out.kind else f"和 {fill_type}")
        return (T(f"{name} 没有写提名单位名称（name = \"…\"）", f"{name} names no nominator (name = …)"),
                T(f"在 {name} 中填写 {fill}", f"Fill in name{'' if out.kind else ' and type'} in {name}"))
    if out.kind is None and out.kind_given:
        return (T(f"{name} 的提名单位类型「{out.kind_given}」不是可选类型（{listed}）",
                  f"{name}: nominator type is not one of {listed}"),
                T(f"把 {name} 中的 type = \"{out.kind_given}\" 改为可选类型之一（{listed}），如 type = \"{example}\"",
                  f"Change type in {name} to one of {listed}"))
    if out.kind is None:
        return (T(f"{name} 没有写提名单位类型（type = \"…\"，可选：{listed}）", f"{name}: nominator type missing"),
                T(f"在 {name} 中填写 {fill_type}", f"Fill in type in {name}"))
    return None, None


def _keys(result) -> set[str]:
    """The names an order entry may use for a project: its folder name, its project name."""
    keys = {fold(result.name)} if result.name else set()
    if result.root is not None:
        keys.add(fold(unicodedata.normalize("NFC", Path(result.root).name)))
    keys.add(fold(Path(result.path).name))
    return keys


@dataclass
class Ordering:
    ordered: list  # ProjectResults, highest priority first (unlisted ones appended in folder order)
    unknown: list[str]  # order entries matching no project
    missing: list  # projects the order does not list
    repeated: list[str]  # entries listed twice


def priority_order(nominator: Nominator | None, results: list) -> Ordering:
    if nominator is None or not nominator.has_order:
        return Ordering(list(results), [], [], [])
    ordered, unknown, repeated, used = [], [], [], set()
    for entry in nominator.order:
        match = next((i for i, r in enumerate(results) if fold(entry) in _keys(r)), None)
        if match is None:
            unknown.append(entry)
        elif match in used:
            repeated.append(entry)
        else:
            used.add(match)
            ordered.append(results[match])
    missing = [r for i, r in enumerate(results) if i not in used]
    return Ordering(ordered + missing, unknown, missing, repeated)


def note_for(nominator: Nominator | None, result) -> str:
    if nominator is None:
        return ""
    keys = _keys(result)
    return next((v for k, v in nominator.notes.items() if fold(k) in keys), "")
