"""Validate form values against the form's JSON Schema, with custom ``zishu`` and ``phone`` keywords (SPEC §2.2).

Each violation becomes a Problem for the rule named by the field's ``x-rule``; a missing
required field is F003. The numbers live in the schema, the wording here.

jsonschema takes tens of milliseconds to import, more than checking a form, so a plain check of the
keywords the form schemas use goes first: a form it finds certainly valid needs nothing more. Any
violation, unknown keyword or doubt goes to jsonschema, which finds and describes the problems.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.forms.fields import FieldSpec, FormSchema
from wuxiao_cli.forms.none_words import means_none
from wuxiao_cli.forms.phone import readable_phone
from wuxiao_cli.text import T
from wuxiao_cli.wordcount import count_zi

if TYPE_CHECKING:
    from jsonschema import ValidationError

REQUIRED_RULE = "F003"


def _zishu_ok(instance, limits: dict) -> bool:
    if not isinstance(instance, str):
        return True
    n = count_zi(instance)
    lo, hi = limits.get("min"), limits.get("max")
    return not ((lo is not None and n < lo) or (hi is not None and n > hi))


def _phone_ok(instance, kind: str) -> bool:
    return not isinstance(instance, str) or readable_phone(instance, kind)


def _zishu(validator, limits, instance, schema):
    from jsonschema import ValidationError

    if not _zishu_ok(instance, limits):
        n = count_zi(instance)
        lo, hi = limits.get("min"), limits.get("max")
        yield ValidationError(f"{n} 字 not in [{lo}, {hi}]", validator="zishu", validator_value=limits)


def _phone(validator, kind, instance, schema):
    from jsonschema import ValidationError

    if not _phone_ok(instance, kind):
        yield ValidationError(f"no {kind} number readable", validator="phone", validator_value=kind)


@cache
def _form_validator():
    import jsonschema

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"zishu": _zishu, "phone": _phone})


_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "default", "examples"}
_TYPES = {"string": str, "array": list, "object": dict, "boolean": bool}  # as jsonschema checks them


def plainly_valid(value, schema) -> bool:
    """True only when ``value`` certainly meets ``schema`` (JSON Schema 2020-12 with zishu/phone).

    False says "ask jsonschema": a violation, or a keyword or shape this check does not know.
    """
    if not isinstance(schema, dict):
        return False
    try:
        return all(key in _ANNOTATIONS or key.startswith("x-") or _meets(key, limit, value)
                   for key, limit in schema.items())
    except (TypeError, AttributeError, re.error):  # a malformed schema: jsonschema says what it makes of it
        return False


def _meets(keyword: str, limit, value) -> bool:
    """One keyword, applied to the instance types JSON Schema applies it to."""
    text, items, fields = isinstance(value, str), isinstance(value, list), isinstance(value, dict)
    match keyword:
        case "type":
            return isinstance(limit, str) and limit in _TYPES and isinstance(value, _TYPES[limit])
        case "enum":
            return any(type(value) is type(option) and value == option for option in limit)
        case "pattern":
            return not text or re.search(limit, value) is not None
        case "minLength":
            return not text or len(value) >= limit
        case "maxLength":
            return not text or len(value) <= limit
        case "minItems":
            return not items or len(value) >= limit
        case "maxItems":
            return not items or len(value) <= limit
        case "items":
            return not items or all(plainly_valid(v, limit) for v in value)
        case "required":
            return not fields or all(key in value for key in limit)
        case "properties":
            return not fields or all(plainly_valid(value[k], sub) for k, sub in limit.items() if k in value)
        case "zishu":
            return _zishu_ok(value, limit)
        case "phone":
            return _phone_ok(value, limit)
    return False


def validate_form(data: dict, schema: FormSchema, source: str) -> dict[str, list[Problem]]:
    """Problems by rule ID for the form ``data`` read from ``source``."""
    out: dict[str, list[Problem]] = defaultdict(list)
    for key in schema.required:  # 第一完成人简介「无」: where the profile says 无 is no answer (x-none-is-blank)
        spec, value = schema.fields.get(key), data.get(key)
        if spec is not None and spec.schema.get("x-none-is-blank") and isinstance(value, str) and means_none(value):
            out[REQUIRED_RULE].append(_missing(spec, source, written=value))
    if plainly_valid(data, schema.schema):
        return out
    for error in _form_validator()(schema.schema).iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            key = error.message.split("'")[1]
            out[REQUIRED_RULE].append(_missing(schema.fields[key], source))
            continue
        if not error.absolute_path:
            continue
        key = error.absolute_path[0]
        spec = schema.fields.get(key)
        if spec is not None and spec.rule is None and error.validator == "minItems" and key in schema.required:
            out[REQUIRED_RULE].append(_missing(spec, source))  # a required list of no names (、、) is as blank as an empty cell
            continue
        if spec is None or spec.rule is None:
            continue
        # A free-text cell (学历, 职称级别…) that cannot be read as an option is a warning: the person wrote what is true.
        severity = WARNING if spec.schema.get("x-free-text") and error.validator == "enum" else None
        out[spec.rule].append(Problem(_message(error, spec, data[key]), file=source, field=key, hint=_hint(spec),
                                      severity=severity))
    return out


def _missing(spec: FieldSpec, source: str, written: str | None = None) -> Problem:
    item = f"（附件3 第{spec.item}项）" if spec.item else ""
    said = T(f"必填项「{spec.label}」{item}只写了「{written}」，等于没有填写",
             f"Required field '{spec.label}' ({spec.key}) says only '{written}'") if written else None
    return Problem(
        said or T(f"缺少必填项「{spec.label}」{item}", f"Required field '{spec.label}' ({spec.key}) is missing or blank"),
        file=source,
        field=spec.key,
        hint=T(f"在 {source} 中填写「{spec.label}」。{spec.hint}", f"Fill in '{spec.label}' in {source}."),
    )


SHOWN_BEYOND = 5  # names quoted past the cap: enough to see what was counted, short enough to read


def _beyond(value: list, limit: int, unit: str) -> str:
    """；第 21 人起是：张子、张丑 — the names counted past the cap, so the clerk sees how the cell was read."""
    over = [v for v in value[limit:] if isinstance(v, str)]
    if not over:
        return ""
    more = f" 等 {len(over)} {unit}" if len(over) > SHOWN_BEYOND else ""
    return f"；第 {limit + 1} {unit}起是：{'、'.join(over[:SHOWN_BEYOND])}{more}"


def _hint(spec: FieldSpec) -> T | None:
    return T(f"按要求修改「{spec.label}」：{spec.hint}", f"Revise '{spec.label}': {spec.hint}") if spec.hint else None


_BOUNDS = {"minimum": "不能小于", "maximum": "不能大于", "exclusiveMinimum": "应大于", "exclusiveMaximum": "应小于"}


def _message(error: ValidationError, spec: FieldSpec, value) -> T:
    label, kind, limit = spec.label, error.validator, error.validator_value
    if kind == "zishu":
        n = count_zi(value)
        lo, hi = limit.get("min"), limit.get("max")
        if hi is not None and n > hi:
            bound = f"（宜 {lo}–{hi} 字）" if lo is not None else ""
            return T(f"{label} {n} 字，超出上限 {hi} 字{bound}", f"{label}: {n} characters, over the limit of {hi}")
        bound = f"（宜 {lo}–{hi} 字）" if hi is not None else ""
        return T(f"{label} 只有 {n} 字，少于 {lo} 字{bound}", f"{label}: {n} characters, under {lo}")
    shown = value if isinstance(value, str) else "、".join(map(str, value)) if isinstance(value, list) else value
    if kind == "enum":
        options = "、".join(map(str, limit))
        return T(f"{label}「{shown}」不是可选值（{options}）", f"{label} '{shown}' is not one of: {options}")
    if kind == "phone":
        what = "手机号" if limit == "mobile" else "手机号或固定电话"
        return T(f"{label}「{shown}」中读不出有效的{what}", f"{label} '{shown}': no mainland {limit} number can be read")
    if kind == "pattern":
        spaced = isinstance(shown, str) and any(c.isspace() for c in shown.strip())  # 320203 19850312 009X
        why = T("：其中有空格，请去掉", ": it has spaces") if spaced else T("", "")
        return T(f"{label}「{shown}」格式不正确{why.zh}", f"{label} '{shown}' has the wrong format{why.en}")
    if kind == "type" and limit in ("number", "integer"):
        what = "整数" if limit == "integer" else "数字"
        return T(f"{label}「{shown}」不是{what}：只填阿拉伯数字，如 12.5，不写“约”“左右”或其他单位",
                 f"{label} '{shown}' is not a {limit}")
    if kind in _BOUNDS:
        unit = spec.schema.get("x-unit", "")
        return T(f"{label} {shown}{unit}，{_BOUNDS[kind]} {limit}{unit}", f"{label}: {shown}, {kind} {limit}")
    unit = spec.schema.get("x-unit", "项")
    if kind == "maxItems":
        return T(f"{label}共 {len(value)} {unit}，超过上限 {limit} {unit}{_beyond(value, limit, unit)}",
                 f"{label}: {len(value)}, over {limit}")
    if kind == "minItems":
        return T(f"{label}为空，至少需要 {limit} {unit}", f"{label}: needs at least {limit}")
    return T(f"{label}「{shown}」不符合要求：{error.message}", f"{label}: {error.message}")
