"""Windows' refusals to replace, rename or delete a file, simulated on any system by monkeypatching os.

``Held`` is the PermissionError Windows raises (winerror 5: access denied, the antivirus or a read-only
file; 32: a sharing violation, the file open in Excel, WPS or the preview pane). ``WinSim`` applies them:
files whose names end with one of ``locked`` are held for good, the first rename or replace whose source
ends with one of ``scanned`` is held once (Defender scanning what was just written), and with
``read_only`` a file without its write bit cannot be replaced or deleted, as on Windows.
"""

from __future__ import annotations

import os
import stat

from wuxiao_cli import fsops


class Held(PermissionError):
    def __init__(self, winerror: int, filename: str | None = None, filename2: str | None = None):
        super().__init__(13, "另一个程序正在使用此文件，进程无法访问。", filename, None, filename2)
        self.winerror = winerror


class WinSim:
    def __init__(self, monkeypatch, *, locked=(), scanned=(), read_only=False):
        self.locked, self.scanned, self.read_only = list(locked), list(scanned), read_only
        self.refused: list[str] = []
        real = {name: getattr(os, name) for name in ("replace", "rename", "unlink", "remove")}

        def moving(name):
            def move(src, dst, *a, **k):
                self._check_move(os.fsdecode(src), os.fsdecode(dst))
                return real[name](src, dst, *a, **k)
            return move

        def deleting(name):
            def delete(path, *a, **k):
                self._check_delete(os.fsdecode(path), k.get("dir_fd"))
                return real[name](path, *a, **k)
            return delete

        for name in ("replace", "rename"):
            monkeypatch.setattr(os, name, moving(name))
        for name in ("unlink", "remove"):
            monkeypatch.setattr(os, name, deleting(name))
        monkeypatch.setattr(fsops.time, "sleep", lambda _s: None)

    def _refuse(self, winerror: int, path: str, path2: str | None = None):
        self.refused.append(path)
        raise Held(winerror, path, path2)

    def _check_move(self, src: str, dst: str) -> None:
        if any(p.endswith(s) for p in (src, dst) for s in self.locked):
            self._refuse(32, src, dst)
        for s in self.scanned:
            if src.endswith(s):
                self.scanned.remove(s)
                self._refuse(5, src, dst)
        if self.read_only and _read_only(dst):
            self._refuse(5, src, dst)

    def _check_delete(self, path: str, dir_fd) -> None:
        if any(path.endswith(s) for s in self.locked):
            self._refuse(32, path)
        if self.read_only and _read_only(path, dir_fd):
            self._refuse(5, path)


def _read_only(path: str, dir_fd=None) -> bool:
    try:
        st = os.lstat(path, dir_fd=dir_fd)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR
