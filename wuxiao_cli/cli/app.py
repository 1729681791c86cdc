"""The `wuxiao` command line: the Typer app, its commands (one module per group) and the entry point.

The commands only turn options into settings, call wuxiao_cli.ops (or the package code) and render;
they share cli.common and never import each other or this module.
"""

from __future__ import annotations

import copy
import os
import sys
from functools import cache
from typing import Annotated

import typer

from wuxiao_cli import __version__
from wuxiao_cli.cli import check, coercion, gui, info, init, jiangsu, pack, quiz, streams, zh
from wuxiao_cli.cli.common import command_group

app = command_group("wuxiao", "职工“五小”创新成果申报材料离线检查与打包工具。")
coercion.install()  # option values converted without importing pydantic


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本号")] = False,
) -> None:
    if version:
        typer.echo(f"wuxiao {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Entry point: output any console can show (cli.streams), and no traceback ever reaches the user."""
    streams.configure()
    args = _dropped(sys.argv[1:])
    try:
        code = command(_named(args))(args=args, prog_name="wuxiao", standalone_mode=False)
    except KeyboardInterrupt:
        sys.stderr.write("wuxiao: 已中断\n")
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click's exit on EPIPE
            _reader_gone()
        raise
    except BrokenPipeError:
        _reader_gone()
    except Exception as exc:
        if not _is_click_error(exc):
            _internal_error(exc)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `wuxiao` alone: the help (in Chinese), exit 2
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "Abort":
            sys.stderr.write("wuxiao: 已中止\n")
            sys.exit(1)
        from wuxiao_cli.cli.zh import usage_error

        ctx = getattr(exc, "ctx", None)
        where = f"（`{ctx.command_path} --help` 查看用法）" if ctx is not None else "（`wuxiao --help` 查看用法）"
        sys.stderr.write(f"wuxiao: {usage_error(exc.format_message())}{where}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


@cache
def command(name: str | None = None):
    """The Click command Typer builds from ``app``; with ``name``, the group holding only that command.

    Typer builds every command's options on each run (~20 ms); a run that names its command needs only
    that one, and parses, helps and fails the same way. An unknown name gets the whole app (and its
    "no such command"). Each is built once, not again on each ``app()`` call.
    """
    source = app
    if name is not None:
        source = copy.copy(app)
        source.registered_commands = [c for c in app.registered_commands if _name(c) == name]
        source.registered_groups = [g for g in app.registered_groups if g.name == name]
    return typer.main.get_command(source)


def _name(info) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _named(args: list[str]) -> str | None:
    """The command the command line names first, if the app has one by that name."""
    names = {_name(c) for c in app.registered_commands} | {g.name for g in app.registered_groups}
    return args[0] if args and args[0] in names else None


def _dropped(args: list[str]) -> list[str]:
    """Folders or archives dropped onto wuxiao.exe (Explorer runs `wuxiao.exe 路径…`), or `wuxiao 项目` typed:
    checked as `wuxiao check 路径…` would. A first word that is neither a command nor an existing path
    (a mistyped command) still gets the usage error."""
    if args and _named(args) is None and not args[0].startswith("-") and (os.path.exists(args[0]) or _path_like(args[0])):
        return ["check", *args]  # a path that is not there: check says 找不到路径, not 没有命令
    return args


def _path_like(word: str) -> bool:
    """Written as a path (./项目, D:\\收件\\甲, 成果.zip), though nothing is there."""
    return any(sep in word for sep in ("/", "\\")) or word.lower().endswith((".zip", ".7z", ".rar"))


def _is_click_error(exc: Exception) -> bool:
    """Click's usage errors and Abort (Typer vendors Click, so they are recognised by shape, not import)."""
    return (hasattr(exc, "format_message") and hasattr(exc, "exit_code")) or type(exc).__name__ == "Abort"


# The reader of a pipe closed it (`wuxiao rules | head -3`): not "有错误" (1) nor a usage error (2), but the
# shell's own code for a writer stopped by a closed pipe (128 + SIGPIPE), on Windows too
PIPE_CLOSED = 141


def _reader_gone() -> None:
    """Nothing more can be shown: leave quietly (the interpreter's last flush goes nowhere, not to an error)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(PIPE_CLOSED)


def _internal_error(exc: Exception) -> None:
    """The last line of defence: a bug, reported in one line, never a traceback."""
    sys.stderr.write(f"wuxiao: 内部错误 {type(exc).__name__}: {exc}（请反馈给开发者）\n")
    sys.exit(2)


for _module in (check, info, init, pack, quiz, jiangsu, gui):  # the order `wuxiao --help` lists them in
    _module.register(app)
zh.install()
