"""A user's profile checked whole when it is loaded: its JSON Schema in Chinese, the files it names, and
what a schema cannot say (min ≤ max, rule IDs that exist, real dates, subject fields).

Each check raises ProfileError with one line: the file, the place (a JSON path) and the fix. A mistake in
next year's profile must stop `--profile` at once, not become an internal error in every project or a
limit that silently never applies. Built-in profiles skip this at run time (tests/test_profile_check.py
runs it on them).
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import string
from pathlib import Path

from wuxiao_cli.profile import Profile, ProfileError
from wuxiao_cli.resources import load_json, schemas_dir

# Rules whose check yields the form schema's problems for their x-rule (rules/*.py: schema_problems(project, ID));
# a constrained field whose x-rule is another ID would never be reported
FORM_PROBLEM_RULES = frozenset({"F003", "F010", "F012", "F013", "F014", "F015", "F017", "F018", "F020", "F021",
                                "F022", "F023", "F024", "S001", "S002", "S003", "S004", "S005", "S007", "S008"})
# Keywords that judge what a person wrote (items/properties only shape what x-split makes of a cell; a required
# list that splits into no names, 、、, is reported as missing (F003) like an empty cell, whatever its x-rule)
VALUE_KEYWORDS = ("pattern", "enum", "const", "zishu", "phone", "minimum", "maximum", "exclusiveMinimum",
                  "exclusiveMaximum", "minLength", "maxLength", "maxItems", "format")
# Layout roles the code reads (a photo_groups key is a role too)
LAYOUT_ROLES = ("photos", "videos", "audio", "authorization", "craftsman", "attachments", "report_table", "quizbank")
# Profile blocks with lower/upper bounds that must not cross
BOUNDS = (("min_count", "max_count"), ("min_bytes", "max_bytes"), ("soft_min_bytes", "soft_max_bytes"))
_TYPES_ZH = {"string": "文本", "integer": "整数", "number": "数字", "object": "对象 {…}", "array": "列表 […]",
             "boolean": "true 或 false", "null": "null"}
_JSON_ZH = {"Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
            "Expecting value": "缺少值（或多了逗号、写了注释）",
            "Expecting property name enclosed in double quotes": "键名要用英文双引号（或最后一项后多了逗号）",
            "Unterminated string starting at": "字符串缺少结尾的英文双引号",
            "Invalid control character at": "字符串里有换行或制表符（换行写 \\n）",
            "Extra data": "JSON 结束后还有多余的内容", "Invalid \\escape": "反斜杠 \\ 要写成 \\\\"}


def check(profile: Profile) -> None:
    """Everything a user's profile names and means, in the order a reader would check it."""
    builtin_id(profile.data, profile.source)
    contents(profile)


def contents(profile: Profile) -> None:
    """What a built-in profile must pass as well (tests/test_profile_check.py)."""
    data, src = profile.data, profile.source
    known_keys(data, src)
    bounds(data, src)
    rule_ids(data, src)
    dates(data, src)
    subject(data, src)
    form = companion(profile, data["form"]["schema"], "form.schema")
    own_rules = set(data.get("intro", {}).get("fields", []))  # the roadshow intro's 字数: R rules read them by key
    form_schema(form, f"{src} 的表单 {data['form']['schema']}", form_rules=True, read_by_key=own_rules)
    filing = data.get("nominators", {}).get("filing")
    if filing:
        where = "nominators.filing.schema"
        form_schema(companion(profile, filing["schema"], where), f"{src} 的表单 {filing['schema']}", form_rules=False)
    tables = {key: companion(profile, rel, f"reference.{key}") for key, rel in data.get("reference", {}).items()}
    if "clauses" in tables:
        clause_ids(data, src, tables["clauses"])


def fail(source: str, where: str, what: str) -> ProfileError:
    return ProfileError(f"规则集 {source}：{where}：{what}" if where else f"规则集 {source}：{what}")


def near(word: str, options) -> str:
    """'，是不是 “min_count”？' for a near miss, else ''."""
    guess = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f"，是不是 “{guess[0]}”？" if guess else ""


# --- the files a profile names -----------------------------------------------------------------------------

def decode_json(raw: bytes, shown: str) -> object:
    """JSON from a file's bytes (UTF-8, BOM or not), or ProfileError saying in Chinese what is wrong where."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ProfileError(f"{shown} 是 UTF-16 编码（记事本的“Unicode”）：请用 UTF-8 另存")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ProfileError(f"{shown} 第 {line} 行不是 UTF-8 编码（可能是 GBK/ANSI）：请用 UTF-8 另存") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = next((zh for en, zh in _JSON_ZH.items() if exc.msg.startswith(en)), exc.msg)
        raise ProfileError(f"{shown} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON：{what}") from None
    except (RecursionError, MemoryError):  # [[[… nested 100,000 deep
        raise ProfileError(f"{shown} 不是有效的规则集：方括号或花括号嵌套过深") from None


def companion(profile: Profile, rel: str, where: str):
    """A file the profile names: its own beside it, else the built-in one; read and parsed or ProfileError."""
    path = profile.own_file(rel) or schemas_dir() / rel
    if not path.is_file():
        beside = f"（相对于 {profile.base_dir}）" if profile.base_dir is not None else ""
        raise fail(profile.source, where, f"找不到文件 {rel}{beside}：把它放在规则集文件旁的 {Path(rel).parent}/ 中")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(profile.source, where, f"无法读取 {path}：{exc.strerror or exc}") from None
    try:
        return decode_json(raw, f"文件 {rel}")
    except ProfileError as exc:
        raise fail(profile.source, where, str(exc)) from None


# --- the profile's own keys and numbers -------------------------------------------------------------------

def builtin_id(data: dict, src: str) -> None:
    from wuxiao_cli.profile import builtin_ids

    if data.get("id") in builtin_ids():
        raise fail(src, "id", f"“{data['id']}” 是内置规则集的 ID：请改用新的 ID（如 {data['id'].rsplit('-', 1)[0]}-2025），"
                              "否则打包清单和 verify 会当作内置规则集")


def known_keys(data: dict, src: str) -> None:
    """A layout or alias role one letter off a role the code reads ("photo") would fall back to the default
    folder name. A role far from all of them may be the profile's own (init creates its folder): allowed."""
    roles = (*LAYOUT_ROLES, *data.get("photo_groups", {}))
    for block in ("layout", "aliases", "role_labels"):
        for key in data.get(block, {}):
            if key not in roles and (guess := near(key, roles)):
                raise fail(src, f"{block}.{key}", f"“{key}” 不是 wuxiao 读取的文件夹角色{guess}")


def bounds(data: dict, src: str) -> None:
    blocks = [(name, data.get(name, {})) for name in ("photos", "videos")]
    blocks += [(f"photo_groups.{k}", v) for k, v in data.get("photo_groups", {}).items()]
    for name, block in blocks:
        for lo, hi in BOUNDS:
            if lo in block and hi in block and block[lo] > block[hi]:
                raise fail(src, name, f"{lo} {block[lo]} 大于 {hi} {block[hi]}，没有文件能通过：改小 {lo} 或改大 {hi}")


def rule_ids(data: dict, src: str) -> None:
    from wuxiao_cli import rules

    for letter in data.get("families", []):
        if letter not in rules.FAMILIES:
            raise fail(src, "families", f"“{letter}” 不是规则族（可用：{'、'.join(rules.FAMILIES)}）")
    named = [("disabled", r) for r in data.get("disabled", [])]
    named += [(block, r) for block in ("severity", "clauses") for r in data.get(block, {})]
    for block, rule_id in named:
        if not exists(rule_id):
            raise fail(src, block, f"{rule_id} 不是已有规则：用 `wuxiao rules` 查看规则编号")


def exists(rule_id: str) -> bool:
    from wuxiao_cli import rules

    try:
        rules.get(rule_id)
    except rules.UnknownRule:
        return False
    return True


def clause_ids(data: dict, src: str, table: dict) -> None:
    from wuxiao_cli.clauses import quoted

    known = quoted(table) if isinstance(table, dict) else {}
    for rule_id, clause in data.get("clauses", {}).items():
        if clause not in known:
            raise fail(src, f"clauses.{rule_id}", f"条款 “{clause}” 不在 {data['reference']['clauses']} 的 clauses 中"
                                                  f"{near(clause, known)}：先在条款文件中加入它的原文")


def dates(data: dict, src: str) -> None:
    found = {f"dates.{k}": v for k, v in data.get("dates", {}).items()}
    found |= {f"eligibility.{k}": v for k, v in data.get("eligibility", {}).items()}
    if by := data.get("nominators", {}).get("filing", {}).get("by"):
        found["nominators.filing.by"] = by
    parsed = {}
    for where, text in found.items():
        try:
            parsed[where] = datetime.date.fromisoformat(text)
        except (TypeError, ValueError):
            raise fail(src, where, f"“{text}” 不是真实的日期：写成 YYYY-MM-DD，如 2025-06-30") from None
    start, end = parsed.get("dates.start"), parsed.get("dates.end")
    if start and end and start > end:
        raise fail(src, "dates", f"start {start} 晚于 end {end}：对调两个日期")


def subject(data: dict, src: str) -> None:
    from wuxiao_cli.package.eml import SUBJECT_FIELDS

    pattern = data.get("subject")
    if pattern is None:
        return
    usable = "、".join(f"{{{f}}}" for f in SUBJECT_FIELDS)
    try:
        names = [name for _, name, spec, conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        raise fail(src, "subject", f"花括号不成对：字段写成 {usable}，其他地方不要用花括号") from None
    for name in names:
        if name not in SUBJECT_FIELDS:
            raise fail(src, "subject", f"{{{name}}} 不是可用的字段{near(name, SUBJECT_FIELDS)}（可用 {usable}）")


# --- a form schema ----------------------------------------------------------------------------------------

def form_schema(schema, shown: str, form_rules: bool, read_by_key=frozenset()) -> None:
    """The form's JSON Schema: the keywords wuxiao adds, then JSON Schema itself (with its metaschema)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        raise ProfileError(f"规则集 {shown}：不是表单的 JSON Schema：要有 \"properties\": {{字段: {{…}}}}")
    props = schema["properties"]
    for key in schema.get("required", []) if isinstance(schema.get("required"), list) else []:
        if key not in props:
            raise ProfileError(f"规则集 {shown}：required 中的 {key} 在 properties 里没有{near(key, props)}")
    for key, spec in props.items():
        if isinstance(spec, dict):
            field(key, spec, shown, form_rules and key not in read_by_key)
    patterns(schema, shown, "")
    import jsonschema

    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    error = jsonschema.exceptions.best_match(meta.iter_errors(schema))
    if error is not None:
        raise ProfileError(f"规则集 {shown}：{schema_message(error)}")


def field(key: str, spec: dict, shown: str, form_rules: bool) -> None:
    where = f"规则集 {shown}：properties.{key}"
    if "zishu" in spec:
        zishu(spec["zishu"], f"{where}.zishu")
    if not form_rules:
        return
    rule_id = spec.get("x-rule")
    constrained = [k for k in spec if k in VALUE_KEYWORDS]
    if rule_id is None and constrained:
        raise ProfileError(f"{where}：有 {'、'.join(constrained)} 要求但没有 x-rule，不符合时不会报告："
                           f"加上 \"x-rule\"（如 F003）")
    if rule_id is not None and not exists(str(rule_id)):
        raise ProfileError(f"{where}.x-rule：{rule_id} 不是已有规则：用 `wuxiao rules` 查看规则编号")
    if rule_id is not None and constrained and rule_id not in FORM_PROBLEM_RULES:
        raise ProfileError(f"{where}.x-rule：规则 {rule_id} 不报告表单要求，不符合时不会报告："
                           f"改用 {'、'.join(sorted(FORM_PROBLEM_RULES))} 之一（通常 F003）")


def zishu(limits, where: str) -> None:
    if not isinstance(limits, dict):
        raise ProfileError(f"{where}：应为 {{\"min\": 下限, \"max\": 上限}}")
    for key, value in limits.items():
        if key not in ("min", "max"):
            raise ProfileError(f"{where}：“{key}” 不是可用的键{near(key, ('min', 'max'))}（可用 min、max）")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{where}.{key}：{json.dumps(value, ensure_ascii=False)} 不是字数：写成不带引号的整数，如 300")
    if limits.get("min", 0) > limits.get("max", limits.get("min", 0)):
        raise ProfileError(f"{where}：min {limits['min']} 大于 max {limits['max']}，没有文字能通过：对调两个数")


def patterns(node, shown: str, where: str) -> None:
    """Every pattern in the schema compiles (a broken one would fail each project's check)."""
    if isinstance(node, dict):
        for key, value in node.items():
            place = f"{where}.{key}" if where else key
            if key == "pattern" and isinstance(value, str):
                try:
                    re.compile(value)
                except re.error as exc:
                    raise ProfileError(f"规则集 {shown}：{place}：“{value}” 不是有效的正则表达式"
                                       f"（第 {(exc.pos or 0) + 1} 个字符：{exc.msg}）") from None
            else:
                patterns(value, shown, place)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            patterns(value, shown, f"{where}[{i}]")


# --- JSON Schema's findings in Chinese ------------------------------------------------------------------

def validate(data: dict, source: str) -> None:
    """The profile against schemas/profile.schema.json; an unknown key is told before what it leaves missing."""
    import jsonschema

    errors = list(jsonschema.Draft202012Validator(load_json("profile.schema.json")).iter_errors(data))
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    error = min(unknown, key=lambda e: len(e.absolute_path)) if unknown else jsonschema.exceptions.best_match(errors)
    if error is not None:
        raise ProfileError(f"规则集文件 {source} 不符合 profile.schema.json：{schema_message(error)}")


def place(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "（顶层）"


def schema_message(error) -> str:
    """'photos.min_cout：“min_cout” 不是可用的键，是不是 “min_count”？' — the common validators, else jsonschema's."""
    where, value, limit, kind = place(error.absolute_path), error.instance, error.validator_value, error.validator
    shown = json.dumps(value, ensure_ascii=False)
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in value if k not in allowed and not any(re.search(p, k) for p in error.schema.get("patternProperties", {}))]
        if extra:
            listed = f"（可用：{'、'.join(allowed)}）" if len(allowed) <= 12 else ""
            return f"{place([*error.absolute_path, extra[0]])}：“{extra[0]}” 不是可用的键{near(extra[0], allowed)}{listed}"
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"{where}：缺少 “{missing}”"
    if kind == "type":
        wanted = "或".join(_TYPES_ZH.get(t, t) for t in ([limit] if isinstance(limit, str) else limit))
        return f"{where}：应为{wanted}（不带引号的数字不要写成 \"5\"），现为 {shown}"
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        word = {"minimum": "不能小于", "exclusiveMinimum": "要大于", "maximum": "不能大于", "exclusiveMaximum": "要小于"}[kind]
        return f"{where}：{shown} {word} {limit}"
    if kind == "enum":
        return f"{where}：{shown} 不是可选值（可选：{'、'.join(map(str, limit))}）{near(value, map(str, limit))}"
    if kind == "pattern":
        return f"{where}：{shown} 格式不对：{_PATTERN_ZH.get(limit, f'应符合 {limit}')}"
    if kind in ("minItems", "minLength"):
        return f"{where}：不能为空" if limit == 1 else f"{where}：至少 {limit} 项"
    if kind == "uniqueItems":
        return f"{where}：有重复项"
    if kind == "anyOf" and error.absolute_path and error.absolute_path[-1] == "type":
        return f"{where}：{shown} 不是 JSON Schema 的类型{near(value, _TYPES_ZH)}（可用：{'、'.join(_TYPES_ZH)}）"
    if kind is False or kind == "false" or error.validator_value is False:
        return f"{where}：这里不能写这个键"
    return f"{where}：{error.message}"


_PATTERN_ZH = {"^[A-Z][0-9]{3}$": "规则编号是 1 个大写字母加 3 位数字，如 P002",
               "^\\d{4}-\\d{2}-\\d{2}$": "日期写成 YYYY-MM-DD，如 2025-06-30",
               "^[^@\\s]+@[^@\\s]+$": "应为电子邮箱地址，如 name@example.com",
               "^[a-z0-9][a-z0-9-]*$": "只用小写字母、数字和连字符，如 national-2025"}
