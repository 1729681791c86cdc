"""Which folders are projects: a folder with a form or a media folder is one; a folder of such folders is a batch.

A received archive (zip, 7z, RAR, by content) beside project folders is a project too; the caller opens it.
A split archive's volumes are one source, its first volume (wuxiao_cli.volumes); an archive beside the
folder extracted from it is none (wuxiao_cli.twins).
"""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.project import is_junk, nfc
from wuxiao_cli.text import fold

ROLES = ("photos", "videos", "audio", "authorization")
OUTPUT_DIR = "五小-输出"  # where `pack`, `fix` and `wuxiao gui` write copies and packages: never a project of a batch


def output_folder(beside: Path) -> Path:
    """The 五小-输出 folder in ``beside`` (the folder a project or received archive is in), or ``beside``
    itself when it is one: a copy fixed there is packed beside itself, not into a nested 五小-输出."""
    return beside if beside.name == OUTPUT_DIR else beside / OUTPUT_DIR


def inside(folder: Path, project: Path) -> bool:
    """Whether ``folder`` is ``project`` or in it: no output may be, or the next pack packs the last one.
    A drive or share root (E:\\, \\\\server\\share) is its own parent, so 五小-输出 "beside" it is in it."""
    folder, project = folder.resolve(), project.resolve()
    return folder == project or project in folder.parents


def looks_like_project(folder: Path, profile: Profile) -> bool:
    try:
        names = {nfc(p.name).lower() for p in folder.iterdir()}
    except OSError:
        return False
    markers = {n.lower() for n in profile.data["form"]["files"]}
    markers |= {fold(n).casefold() for r in ROLES for n in profile.folder_names(r)}
    return bool({fold(n).casefold() for n in names} & markers)


def is_nominator_batch(folder: Path, profile: Profile) -> bool:
    """A Jiangsu nominator's batch folder (`wuxiao init BATCH --nominator`): the profile's nominator file
    (nominator.toml) or its materials folder (nominator/) is in it, so it is a batch, not a project, even
    while it holds no project folder yet."""
    spec = profile.section("nominators")
    if not spec:
        return False
    try:
        return ((folder / spec.get("file", "nominator.toml")).is_file()
                or (folder / spec.get("folder", "nominator")).is_dir())
    except OSError:
        return False


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted((p for p in folder.iterdir() if p.is_dir() and not is_junk(p.name) and p.name != OUTPUT_DIR),
                      key=lambda p: nfc(p.name))
    except OSError:
        return []


def _archives(folder: Path) -> list[Path]:
    """The received archives in ``folder``: each by content, and each split archive once, by its first
    volume found (wuxiao_cli.volumes; none of its volumes is an archive to check on its own)."""
    from wuxiao_cli.archive import archive_kind
    from wuxiao_cli.volumes import volume_sets

    try:
        files = [p for p in folder.iterdir() if p.is_file() and not is_junk(p.name)]
    except OSError:
        return []
    sets = volume_sets(files)
    volumes = {p for s in sets for p in s.parts}
    found = [p for p in files if p not in volumes and archive_kind(p)] + [s.first for s in sets]
    return sorted(found, key=lambda p: nfc(p.name))


def find_projects(folder: Path, profile: Profile, *, empty_batch: bool = False) -> list[Path]:
    """[folder] if it is a project; else its sub-folders that are projects and its archives (a batch);
    else, for a province's folder of union folders, those one level further down; else [folder].

    ``empty_batch``: a nominator's batch folder with no project yet (is_nominator_batch) is [] rather
    than [folder] (`check` says so, and checks the nominator's own files; a batch is not a project)."""
    if looks_like_project(folder, profile):
        return [folder]
    subs = _subfolders(folder)
    projects = [p for p in subs if looks_like_project(p, profile)] + _archives(folder)
    if not projects:
        projects = [p for s in subs for p in [*_subfolders(s), *_archives(s)]
                    if p.is_file() or looks_like_project(p, profile)]
    if not projects and empty_batch and is_nominator_batch(folder, profile):
        return []
    return _without_twins(projects) or [folder]


def _without_twins(found: list[Path]) -> list[Path]:
    """Leave out an archive whose extracted folder is beside it with the same files (wuxiao_cli.twins):
    one submission, checked once, as the folder (rule F032 tells the clerk)."""
    from wuxiao_cli.twins import EXTS, archive_twin

    names = {(p.parent, nfc(p.name).casefold()) for p in found if p.is_file()}
    twins = {t for p in found if p.is_dir() and any((p.parent, nfc(p.name).casefold() + e) in names for e in EXTS)
             if (t := archive_twin(p)) is not None}
    return [p for p in found if p not in twins]
