"""The desktop: its folder dialog (tkinter), its file manager, and the folders chosen before.

The dialog runs in a spawned child process: Tk wants its own main thread (macOS insists), and the
server's threads must not wait on a window. Where there is no display (a server, SSH) it is not offered.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from wuxiao_cli.ops import OpError

RECENT_KEPT = 8
OPEN_WAIT = 5.0  # seconds: a file-manager launcher still running by then is taken to have shown the folder


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _ask_directory() -> str:
    import tkinter
    from tkinter import filedialog

    root = tkinter.Tk()
    root.withdraw()
    root.attributes("-topmost", True)  # in front of the browser that asked for it
    try:
        return filedialog.askdirectory(title="选择项目文件夹或批次文件夹", mustexist=True) or ""
    finally:
        root.destroy()


def pick_folder() -> str:
    """The folder chosen in the dialog, or "" when it was cancelled."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_ask_directory).result()


def open_folder(path: Path) -> None:
    """Show a folder in the desktop's file manager (Explorer, Finder, or the freedesktop default).

    OpError, naming the folder to open by hand, when the folder is gone or the file manager cannot start
    or reports failure; the launcher child is always waited for, so none is left defunct."""
    manager = "资源管理器" if sys.platform == "win32" else "文件管理器"
    if not path.is_dir():
        raise OpError(f"无法打开文件夹 {path}：它已不存在（被移动、改名或删除？），请重新检查")
    cannot = OpError(f"无法打开文件夹 {path}，请在{manager}中打开：{path}")
    try:
        if sys.platform == "win32":
            os.startfile(path)  # noqa: S606 (a folder the user chose, opened for them)
            return
        launcher = "open" if sys.platform == "darwin" else "xdg-open"
        child = subprocess.Popen([launcher, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    except OSError:
        raise cannot from None
    try:
        code = child.wait(OPEN_WAIT)
    except subprocess.TimeoutExpired:  # it stays up (a file manager run in the foreground): reaped when it ends
        threading.Thread(target=child.wait, name="open-folder", daemon=True).start()
        return
    if code != 0:
        raise cannot


def state_dir() -> Path:
    """This user's settings folder for wuxiao (the only place the app writes on its own)."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home()) / "wuxiao"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "wuxiao"


class Recent:
    """The last few folders and archives checked, newest first, kept in a small UTF-8 JSON file."""

    def __init__(self, path: Path | None):
        self.path = path

    def load(self) -> list[str]:
        """The list, without what has since been moved, renamed or deleted."""
        if self.path is None:
            return []
        try:
            items = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(items, list):
            return []
        return [s for s in items if isinstance(s, str) and Path(s).exists()][:RECENT_KEPT]

    def add(self, folder: Path) -> None:
        if self.path is None:
            return
        text = str(folder)
        items = [text, *[s for s in self.load() if s != text]][:RECENT_KEPT]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only profile folder only costs the list, not the check
