"""Option values converted without pydantic (cli/coercion.py) come out exactly as Typer's own conversion.

Every parameter of every wuxiao command, the help flags included, gets the same values typed on a
command line through both: the same converted value and type, or the same usage error.
"""

from __future__ import annotations

import pytest
import typer

from wuxiao_cli.cli import coercion
from wuxiao_cli.cli.app import command

pytestmark = pytest.mark.skipif(coercion.typer_core is None, reason="this Typer converts values without pydantic")

TYPED = ["5", "0", "-3", "007", "65535", "65536", "1.5", "0.1", "0.05", "-0", "1e3", " 5", "+5", "1_000", "٣",
         "abc", "", "table", "json", "JSON", "zh", "en", "fr", "auto", "never", ".", "examples/good-project",
         "没有这个文件夹", "a\x00b", "--", "true", "yes"]


def parameters():
    """(command path, parameter) for every parameter Typer converts, each command's help flag included."""
    out = []

    def walk(cmd, path):
        help_option = cmd.get_help_option(cmd.context_class(cmd))
        for param in [*cmd.params, *([help_option] if help_option is not None else [])]:
            if getattr(param, "type_descriptor", None) is not None:
                out.append((" ".join(path) or "wuxiao", cmd, param))
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(command(), [])
    return out


PARAMS = parameters()


def convert(runtime, cmd, param, value):
    ctx = cmd.context_class(cmd)
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
        return "value", type(result).__name__, result
    except typer.BadParameter as exc:  # Typer's usage error, as the user reads it
        return "error", exc.format_message()


def test_every_parameter_gets_the_plain_conversion():
    kinds = {type(coercion.runtime_param(param.type_descriptor)).__name__ for _path, _cmd, param in PARAMS}
    assert kinds == {"PlainCoercion"}, kinds
    assert len(PARAMS) > 60


@pytest.mark.parametrize(("where", "cmd", "param"), PARAMS, ids=[f"{p[0]}:{p[2].name}" for p in PARAMS])
def test_typed_values_convert_as_typer_converts_them(where, cmd, param):
    plain = coercion.runtime_param(param.type_descriptor)
    typers = coercion.typer_runtime_param(param.type_descriptor)
    many = param.multiple or param.nargs == -1
    values = [tuple(TYPED[:3]), ("examples", "x"), (), None] if many else [*TYPED, param.default, None]
    for value in values:
        assert convert(plain, cmd, param, value) == convert(typers, cmd, param, value), (where, param.name, value)


def test_the_plain_values_are_the_common_ones_and_errors_are_typers():
    """Not vacuous: plain values never reach Typer's conversion, the rest do."""
    (_, cmd, jobs), = [p for p in PARAMS if p[0] == "check" and p[2].name == "jobs"]
    plain = coercion.runtime_param(jobs.type_descriptor)
    assert plain.convert("4", jobs, None) == 4
    with pytest.raises(coercion.NotPlain):
        plain.convert("abc", jobs, None)
    assert convert(plain, cmd, jobs, "abc")[0] == "error"
