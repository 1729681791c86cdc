"""Renames and removals that Windows makes fail for a moment, or for good on a read-only file.

An antivirus scanning a file just written, the search indexer or Explorer's preview pane holds it open, and
Windows refuses to rename, replace or delete it (WinError 5 or 32) for a fraction of a second: pip and git
retry, and so do we, briefly, before reporting. A file with the read-only attribute (copied from a CD, some
extractors, document systems) cannot be replaced or deleted until the attribute is cleared.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import time
from pathlib import Path

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)  # seconds; 1.55 s in all before the error is reported
_HELD = (5, 32)  # ERROR_ACCESS_DENIED (antivirus, read-only), ERROR_SHARING_VIOLATION (open elsewhere)


def held(exc: OSError) -> bool:
    """True for Windows' "in use / access denied" refusal, the kind that passes when the holder lets go."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in _HELD


def replace(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """os.replace, retried while Windows says the file is held; a read-only destination is made writable.
    The error, when it still fails, names ``dst``: the file the user asked for, not our temporary ``src``."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(src, dst)
            return
        except OSError as exc:
            if delay is None or not held(exc):
                exc.filename, exc.filename2 = os.fspath(dst), None
                raise
            make_writable(Path(dst))
            time.sleep(delay)


def open_elsewhere(exc: OSError, path: Path) -> str:
    """What to do after Windows refused to write ``path`` (the file the user asked for, never our temporary
    one): a file open in Excel/WPS, the preview pane or a mail client, or one the antivirus is still scanning."""
    if exc.errno not in (errno.EACCES, errno.EPERM):
        return ""
    if Path(path).is_file():
        return "（文件是否正在 Excel、Word、WPS、预览窗格或其他程序中打开？请关闭它，或稍等片刻后重新运行）"
    if held(exc):  # not there yet (a copy being renamed into place): something in it is still held
        return "（可能正被杀毒软件扫描或在其他程序中打开：请稍等片刻后重新运行；仍不行请换一个可写的文件夹）"
    return ""  # a folder that cannot be written: os_reason says so


def why_not(exc: OSError, path: Path) -> str:
    """Why ``path`` could not be written, in short Chinese, and what to do where Windows held it."""
    from wuxiao_cli.text import os_reason

    return f"{os_reason(exc)}{open_elsewhere(exc, path)}"


def remove_tree(path: Path) -> None:
    """Remove a folder we made, read-only files included; what still cannot go is left (never an error)."""

    def again(func, name, _exc) -> None:
        make_writable(Path(name))  # Windows: the file's own read-only attribute
        make_writable(Path(name).parent)  # POSIX: the folder's
        try:
            func(name)
        except OSError:
            pass

    handler = {"onexc": again} if sys.version_info >= (3, 12) else {"onerror": again}
    try:
        shutil.rmtree(path, **handler)
    except OSError:
        pass


def unlink(path: Path) -> None:
    """Remove a temporary file of ours if it is there, read-only or not, retried while Windows holds it;
    one still held is left (never an error): the next run removes it."""
    make_writable(path)
    for delay in (*RETRY_DELAYS, None):
        try:
            path.unlink(missing_ok=True)
            return
        except OSError as exc:
            if delay is None or not held(exc):
                return
            time.sleep(delay)


def make_writable(path: Path) -> None:
    """Clear the read-only attribute (Windows) or add the owner's write bit (POSIX); silent when it cannot."""
    try:
        mode = path.stat().st_mode
        if not mode & stat.S_IWRITE:
            os.chmod(path, mode | stat.S_IWRITE)
    except OSError:
        pass
