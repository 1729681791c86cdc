"""Option values converted without pydantic.

Typer (0.2x) converts every option value through a pydantic TypeAdapter: importing pydantic and
building the adapters costs about 100 ms on each run, more than checking a whole project. The
values wuxiao's options take — text, paths, whole and decimal numbers, choices, lists of these — are
converted here as Typer converts them, with Typer's own choice and path checks. Anything else, and
every value that is not plainly valid, goes to Typer's own conversion, so odd inputs and every error
message stay Typer's.

``install`` replaces ``typer.core.build_runtime_param``, which Typer calls on a parameter's first
value, with ``runtime_param`` (same contract). With a Typer that has no such function (older or
newer), it does nothing and Typer converts as it always did.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

try:  # Typer 0.2x: a conversion layer over pydantic, with these helpers of its own
    from typer import core as typer_core
    from typer._coercion import build_runtime_param as typer_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # another Typer: it converts the values itself
    typer_core = typer_runtime_param = None

_INT = re.compile(r"-?[0-9]{1,15}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?")


class NotPlain(Exception):
    """A value left to Typer's own conversion."""


def install() -> None:
    """Make Typer use ``runtime_param`` for every parameter it converts from now on (once per process)."""
    if typer_core is not None and getattr(typer_core, "build_runtime_param", None) is typer_runtime_param:
        typer_core.build_runtime_param = runtime_param


def runtime_param(descriptor):
    """Typer's ``build_runtime_param``: the plain conversion for this parameter where one fits, else Typer's."""
    convert = _converter(descriptor.annotation, descriptor.parameter_info)
    return typer_runtime_param(descriptor) if convert is None else PlainCoercion(convert, descriptor)


class PlainCoercion:
    """Typer's RuntimeParam contract (``coerce``) for one parameter: plain values here, the rest to Typer."""

    def __init__(self, convert, descriptor):
        self.convert = convert
        self.descriptor = descriptor

    def coerce(self, value, param, ctx):
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        try:
            if many and isinstance(value, str):
                raise NotPlain
            return self.convert(value, param, ctx)
        except NotPlain:
            return typer_runtime_param(self.descriptor).coerce(value, param=param, ctx=ctx)


def _converter(annotation, info):
    """``convert(value, param, ctx)`` for the annotation, or None to leave the parameter to Typer."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if getattr(annotation, "__origin__", None) is list:
        (item,) = annotation.__args__
        leaf = _converter(item, info)
        if leaf is None:
            return None
        return lambda value, param, ctx: [leaf(v, param, ctx) for v in _sequence(value)]
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation in (int, float) and not info.clamp:
        return _number(annotation, info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, info)
    if annotation is Path and info.path_type is None and not info.allow_dash and not info.resolve_path:
        return _path(info)
    return None


def _sequence(value) -> tuple | list:
    if not isinstance(value, tuple | list):
        raise NotPlain
    return value


def _text(value, param, ctx) -> str:
    if not isinstance(value, str):
        raise NotPlain
    return value


def _flag(value, param, ctx) -> bool:
    if not isinstance(value, bool):
        raise NotPlain
    return value


def _number(kind: type, low, high):
    pattern = _INT if kind is int else _DECIMAL

    def convert(value, param, ctx):
        if isinstance(value, str) and pattern.fullmatch(value):
            number = kind(value)
        elif type(value) is int or (kind is float and type(value) is float):
            number = kind(value)
        else:
            raise NotPlain
        if (low is not None and number < low) or (high is not None and number > high):
            raise NotPlain  # Typer says what the limit is
        return number

    return convert


def _choice(enum: type[Enum], info):
    def convert(value, param, ctx):
        try:
            return coerce_cli_choice(value, choices=list(enum), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            raise NotPlain from None

    return convert


def _path(info):
    def convert(value, param, ctx):
        if isinstance(value, str) and value and "\x00" not in value:
            value = Path(value)
        if not isinstance(value, Path):
            raise NotPlain
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)  # Typer's existence checks

    return convert
