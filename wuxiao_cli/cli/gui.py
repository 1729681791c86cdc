"""`wuxiao gui`: the same checks in a browser window (wuxiao_cli.gui), for colleagues who do not use a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def gui(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="端口（默认自动选一个空闲端口）")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器，只显示网址")] = False,
    profile: Annotated[list[Path] | None, typer.Option(
        "--profile", metavar="文件", help="另外提供的规则集文件（如明年通知的 .json），可写多次；页面上排在最前并默认选中")] = None,
) -> None:
    """打开图形界面：在本机浏览器里选择文件夹或压缩包、检查、看图文报告、修复、打包（只在本机 127.0.0.1，不联网）。"""
    from wuxiao_cli.cli.common import fail_usage
    from wuxiao_cli.profile import ProfileError, builtin_ids, load_profile

    own = []
    for path in profile or []:
        if str(path) in builtin_ids():
            continue  # a built-in id: the page offers it anyway
        try:
            load_profile(str(path))  # checked now, in one line, not when a clerk has chosen it
        except ProfileError as exc:
            raise fail_usage(str(exc)) from None
        own.append(str(path.resolve()))

    try:
        from wuxiao_cli.gui.server import serve
    except ImportError as exc:  # an install without the web parts: the tool's fault, said so
        raise fail_usage(f"图形界面缺少组件 {exc.name}（是 wuxiao 的安装问题）：请重新安装 wuxiao") from None
    try:
        serve(port, open_browser=not no_browser, echo=typer.echo, own_profiles=tuple(dict.fromkeys(own)))
    except OSError as exc:
        raise fail_usage(f"无法在 127.0.0.1:{port} 上启动：{exc.strerror or exc}（端口被占用？去掉 --port 自动选择）") from None


def register(app: typer.Typer) -> None:
    app.command()(gui)
