"""Where each entry of a received archive is written in the temporary folder, under a name this computer keeps.

Windows cannot store every name a zip can hold: ':' opens a hidden stream (the photo seems to vanish),
? * < > | " are refused, a trailing dot or space is dropped, CON, NUL… are devices, and two names that
differ only in case are one file (macOS too). Such an entry is written under a stand-in name (as
`wuxiao fix` would rename it) and its own name is remembered (``own_rel``): F027 and F029 then report
the name the sender gave, every other rule still reads the file, and the verdict is Linux's.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from wuxiao_cli.archive.guard import UNSAFE, Refusal, Refused, placing_failed
from wuxiao_cli.project import nfc
from wuxiao_cli.text import T

# A stand-in's path → the entry's own name, for this process's open extractions (removed with them).
_OWN: dict[str, str] = {}


def storable(name: str) -> bool:
    """Whether this computer's file system keeps ``name`` as given (tests give Windows' answer)."""
    if os.name != "nt":
        return True
    from wuxiao_cli.rules.names import name_problem

    return name_problem(name) is None


def folds_case(folder: Path) -> bool:
    """Whether the file system holding ``folder`` takes Name and name for one (Windows, macOS): asked of
    the folder itself, whose name has letters (wx-…)."""
    return folder.name != folder.name.swapcase() and (folder.parent / folder.name.swapcase()).exists()


def own_rel(root: Path, rel: str) -> str:
    """``rel`` (under ``root``) with each stand-in put back to the entry's own name."""
    if not _OWN:
        return rel
    here, parts = root, []
    for part in rel.split("/"):
        here = here / part
        parts.append(_OWN.get(str(here), part))
    return "/".join(parts)


def forget(folder: Path) -> None:
    """The stand-ins of an extraction folder being removed."""
    inside = str(folder) + os.sep
    for key in [k for k in _OWN if k.startswith(inside)]:
        del _OWN[key]


class Placer:
    """Places the entries of one archive under ``dest``: each path once, each name one this computer keeps."""

    def __init__(self, dest: Path):
        self.dest, self.folds = dest, folds_case(dest.parent)
        self._chosen: dict[tuple[Path, str], Path] = {}  # (folder on disk, own name) → its path on disk
        self._used: dict[Path, set[str]] = {}  # folder on disk → the names in it, as its file system compares them
        self._files: set[Path] = set()
        self._dirs: set[Path] = set()

    def place(self, name: str) -> Path:
        """Where the entry ``name`` goes (its folders made); refuses a name seen twice or escaping."""
        parts = PurePosixPath(nfc(name).replace("\\", "/")).parts
        here = self.dest
        for part in parts:
            here = self._child(here, part)
        if self.dest.resolve() not in here.resolve().parents:  # belt and braces after guard.unsafe_reason
            raise Refused([Refusal(UNSAFE, T(f"条目「{name}」会写到临时文件夹之外", f"Entry '{name}' escapes"), name)])
        if here in self._files:
            raise Refused([Refusal(UNSAFE, T(f"条目「{name}」在压缩包中重复出现", f"Entry '{name}' appears twice"), name)])
        if here in self._dirs:  # what Linux says; Windows would say "access denied", this computer's fault
            raise placing_failed(name, FileExistsError(errno.EEXIST, "File exists"))
        try:
            here.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise placing_failed(name, exc, here) from None
        self._files.add(here)
        self._dirs.update(p for p in here.parents if self.dest in p.parents)
        return here

    def open(self, name: str):
        """(path, file open for writing) of a new entry; an error is the entry's (Refused) or this computer's."""
        target = self.place(name)
        try:
            return target, open(target, "xb")
        except OSError as exc:
            raise placing_failed(name, exc, target) from None

    def _key(self, name: str) -> str:
        return name.lower() if self.folds else name

    def _child(self, folder: Path, part: str) -> Path:
        if (folder, part) in self._chosen:
            return self._chosen[(folder, part)]
        used = self._used.setdefault(folder, set())
        name = part
        if not storable(part) or self._key(part) in used:
            name = self._stand_in(part, used)
            _OWN[str(folder / name)] = part
        used.add(self._key(name))
        path = self._chosen[(folder, part)] = folder / name
        return path

    def _stand_in(self, part: str, used: set[str]) -> str:
        """The name `wuxiao fix` would give it, numbered (侧视图_2.jpg) past the names already in its folder;
        a trailing dot or space becomes '_' rather than going, so 正面.jpg. still has no .jpg extension (P003)."""
        from wuxiao_cli.package.naming import safe_component

        kept = part.rstrip(" .")
        name = safe_component(kept + "_" * (len(part) - len(kept)), max_chars=100, fallback="文件")
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        n = 2
        while self._key(name) in used or not storable(name):
            name, n = f"{stem}_{n}{dot}{ext}", n + 1
        return name
