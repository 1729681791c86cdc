"""A project folder as the rules see it: its files (junk left out), its form, and media facts, each read once."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.text import fold

JUNK_NAMES = {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".localized"}
JUNK_DIRS = {"__macosx", ".git", ".svn"}


def nfc(text: str) -> str:
    """macOS writes names decomposed (NFD); compare and report them composed."""
    return unicodedata.normalize("NFC", text)


def is_junk(rel: str) -> bool:
    """Office lock files, system junk (SPEC §2) and fix backups: ignored everywhere, never packed."""
    parts = rel.split("/")
    name = parts[-1]
    return (
        any(p.lower() in JUNK_DIRS for p in parts[:-1])
        or name.lower() in JUNK_NAMES
        or name.startswith("._")
        or name.startswith("~$")  # Word's and WPS's lock file beside an open document
        or name.startswith(".~lock.") and name.endswith("#")  # LibreOffice's: it names the user and the computer
        or name.endswith(".orig")  # `wuxiao fix --in-place` backups (SPEC §7)
    )


@dataclass(frozen=True)
class Entry:
    """One file of the project: ``rel`` is its NFC, '/'-separated path under the project folder."""

    rel: str
    path: Path
    size: int

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    @property
    def parent(self) -> str:
        return self.rel.rsplit("/", 1)[0] if "/" in self.rel else ""

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass
class Listing:
    files: list[Entry] = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    links_outside: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def list_project(root: Path) -> Listing:
    """Walk ``root`` without following links out of it; never raises on odd entries."""
    out = Listing()
    root_real = Path(os.path.realpath(root))

    def rel_of(p: Path) -> str:
        return nfc(p.relative_to(root).as_posix())

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: nfc(e.name))
        except OSError:
            out.unreadable.append(rel_of(folder) if folder != root else ".")
            return
        for e in entries:
            p = Path(e.path)
            rel = rel_of(p)
            if is_junk(rel):
                out.junk.append(rel)
                continue
            try:
                if e.is_symlink():
                    target = Path(os.path.realpath(p))
                    outside = target != root_real and root_real not in target.parents
                    if outside or not target.exists():  # a broken link is as useless as one leading out
                        out.links_outside.append(rel)
                        continue
                if e.is_dir():
                    if e.is_symlink():
                        out.links_outside.append(rel)  # a linked folder could loop or escape: never follow
                        continue
                    out.dirs.append(rel)
                    walk(p)
                elif e.is_file():
                    if not os.access(p, os.R_OK):
                        out.unreadable.append(rel)
                        continue
                    out.files.append(Entry(rel, p, e.stat().st_size))
            except OSError:
                out.unreadable.append(rel)

    walk(root)
    return out


class Project:
    """One project folder checked against one profile. Everything is read lazily and once."""

    def __init__(self, root: Path, profile: Profile, display: str | None = None, watch=None):
        self.root = root
        self.profile = profile
        self.display = display or root.as_posix()
        self.watch = watch  # wuxiao_cli.watch.Watch of a check the app may stop, told at each file boundary
        self._facts: dict[tuple[str, str], object] = {}

    def checkpoint(self, rel: str | None = None) -> None:
        """A file boundary: the file next read (for the app's progress line); raises Stopped when stopped."""
        if self.watch is not None:
            self.watch(rel)

    @cached_property
    def listing(self) -> Listing:
        return list_project(self.root)

    @property
    def files(self) -> list[Entry]:
        return self.listing.files

    def role_folders(self, role: str) -> list[str]:
        """The folders holding a role's files, by its name or an alias (照片 for photos), case- and
        width-insensitively, the profile's own name first. More than one is F031."""
        wanted = [fold(n).casefold() for n in self.profile.folder_names(role)]
        found = [d for d in self.listing.dirs if fold(d).casefold() in wanted]
        return sorted(found, key=lambda d: wanted.index(fold(d).casefold()))

    def folder_name(self, role: str) -> str | None:
        """The actual name of the role's folder, or None if absent."""
        found = self.role_folders(role)
        return found[0] if found else None

    def files_in(self, role: str, *, recursive: bool = False) -> list[Entry]:
        folder = self.folder_name(role)
        if folder is None:
            return []
        prefix = folder + "/"
        return [
            f for f in self.files
            if f.rel.startswith(prefix) and (recursive or "/" not in f.rel[len(prefix):])
        ]

    def folder_is_empty(self, role: str) -> bool:
        """The role's folder exists and holds no file at all (so the fix is to fill it, not to create it)."""
        return self.folder_name(role) is not None and not self.files_in(role, recursive=True)

    def top_file(self, name: str) -> Entry | None:
        for f in self.files:
            if "/" not in f.rel and f.rel.lower() == name.lower():
                return f
        return None

    def facts(self, kind: str, entry: Entry, reader):
        """Media facts for ``entry``, read by ``reader(path)`` at most once per project."""
        key = (kind, entry.rel)
        if key not in self._facts:
            self.checkpoint(entry.rel)
            self._facts[key] = reader(entry.path)
        return self._facts[key]

    @cached_property
    def form(self):
        from wuxiao_cli.forms import load_form

        return load_form(self)

    @cached_property
    def form_problems(self) -> dict:
        """Violations of the form schema, by rule ID (see wuxiao_cli.forms.validate)."""
        from wuxiao_cli.forms.validate import validate_form

        if self.form.data is None:
            return {}
        return validate_form(self.form.data, self.profile.form_schema, self.form.source)

    def field(self, key: str, default=None):
        data = self.form.data
        return data.get(key, default) if data else default

    @property
    def name(self) -> str:
        """创新成果名称 from the form, else the folder name."""
        key = self.profile.data["form"].get("name_field", "name")
        value = self.field(key)
        return value if isinstance(value, str) and value else nfc(self.root.resolve().name)
