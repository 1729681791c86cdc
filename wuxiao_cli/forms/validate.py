"""Validate form values against the form's JSON Schema, with custom ``zishu`` and ``phone`` keywords (SPEC §2.2).

Each violation becomes a Problem for the rule named by the field's ``x-rule``; a missing
required field is F003. The numbers live in the schema, the wording here.
"""

from __future__ import annotations

from collections import defaultdict

import jsonschema
from jsonschema import ValidationError

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.forms.fields import FieldSpec, FormSchema
from wuxiao_cli.forms.phone import readable_phone
from wuxiao_cli.text import T
from wuxiao_cli.wordcount import count_zi

REQUIRED_RULE = "F003"


def _zishu(validator, limits, instance, schema):
    if not isinstance(instance, str):
        return
    n = count_zi(instance)
    lo, hi = limits.get("min"), limits.get("max")
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        yield ValidationError(f"{n} 字 not in [{lo}, {hi}]", validator="zishu", validator_value=limits)


def _phone(validator, kind, instance, schema):
    if isinstance(instance, str) and not readable_phone(instance, kind):
        yield ValidationError(f"no {kind} number readable", validator="phone", validator_value=kind)


FormValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"zishu": _zishu, "phone": _phone})


def validate_form(data: dict, schema: FormSchema, source: str) -> dict[str, list[Problem]]:
    """Problems by rule ID for the form ``data`` read from ``source``."""
    out: dict[str, list[Problem]] = defaultdict(list)
    for error in FormValidator(schema.schema).iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            key = error.message.split("'")[1]
            out[REQUIRED_RULE].append(_missing(schema.fields[key], source))
            continue
        if not error.absolute_path:
            continue
        key = error.absolute_path[0]
        spec = schema.fields.get(key)
        if spec is None or spec.rule is None:
            continue
        # A free-text cell (学历, 职称级别…) that cannot be read as an option is a warning: the person wrote what is true.
        severity = WARNING if spec.schema.get("x-free-text") and error.validator == "enum" else None
        out[spec.rule].append(Problem(_message(error, spec, data[key]), file=source, field=key, hint=_hint(spec),
                                      severity=severity))
    return out


def _missing(spec: FieldSpec, source: str) -> Problem:
    item = f"（附件3 第{spec.item}项）" if spec.item else ""
    return Problem(
        T(f"缺少必填项「{spec.label}」{item}", f"Required field '{spec.label}' ({spec.key}) is missing or blank"),
        file=source,
        field=spec.key,
        hint=T(f"在 {source} 中填写「{spec.label}」。{spec.hint}", f"Fill in '{spec.label}' in {source}."),
    )


def _hint(spec: FieldSpec) -> T | None:
    return T(f"按要求修改「{spec.label}」：{spec.hint}", f"Revise '{spec.label}': {spec.hint}") if spec.hint else None


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
        return T(f"{label}「{shown}」格式不正确", f"{label} '{shown}' has the wrong format")
    unit = spec.schema.get("x-unit", "项")
    if kind == "maxItems":
        return T(f"{label}共 {len(value)} {unit}，超过上限 {limit} {unit}", f"{label}: {len(value)}, over {limit}")
    if kind == "minItems":
        return T(f"{label}为空，至少需要 {limit} {unit}", f"{label}: needs at least {limit}")
    return T(f"{label}「{shown}」不符合要求：{error.message}", f"{label}: {error.message}")
