"""`wuxiao verify`: is a received package intact and safe, and does its content pass the profile's rules?

Nothing is extracted until every entry has been judged safe: no ``../``, no absolute or drive paths,
no symlinks, one top folder, and declared sizes under the caps (zip bombs). Extraction goes to a
temporary folder only, hashing as it writes and stopping at the declared size. The guards and the
zip reading are wuxiao_cli.archive's, shared with `check` on received archives.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from wuxiao_cli.archive import zips
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, Limits, Member, Refused, judge
from wuxiao_cli.discover import find_projects
from wuxiao_cli.engine import Options, ProjectResult, check_project
from wuxiao_cli.findings import Finding
from wuxiao_cli.package.build import package_findings
from wuxiao_cli.package.facts import MB, PackageFacts
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME, Manifest, parse_manifest
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import is_junk, nfc
from wuxiao_cli.rules.names import name_collisions
from wuxiao_cli.text import INSIDE, T

MAX_PARTS = 999  # `pack --split` numbers parts 第1部分…; a label beyond this is damage, not a package


@dataclass
class Opened:
    """One zip after the safety pass: its entries by path under the top folder, or why it is refused."""

    path: Path
    top: str | None = None
    entries: dict[str, Member] = field(default_factory=dict)
    facts: PackageFacts = field(default_factory=PackageFacts)
    manifest: Manifest | None = None


@dataclass
class VerifyOutcome:
    results: list[ProjectResult] = field(default_factory=list)
    notes: list[T] = field(default_factory=list)
    waivers: list = field(default_factory=list)  # waivers.Waiver from the manifests
    profiles: list[str] = field(default_factory=list)  # the IDs of the rule sets the content was checked under


class ProfileConflict(Exception):
    """The rule set given by the user is not the one the package was packed under (one line, for a usage error)."""


def open_safely(path: Path, limits: Limits) -> tuple[Opened, zipfile.ZipFile | None]:
    """Judge every entry before anything is extracted. Returns the zip open only when it is safe."""
    opened = Opened(path)
    problems = opened.facts.integrity
    try:
        zf = zips.open_zip(path)
    except Refused as exc:
        problems.extend((r.message, r.name) for r in exc.refusals)
        return opened, None
    members, _undecodable = zips.members(zf)
    problems.extend((r.message, r.name) for r in [*judge(members, limits, path.stat().st_size), *zips.overlaps(zf)])
    refused = {name for _m, name in problems}
    # (entry, its '/'-separated name): PowerShell 5.1's Compress-Archive writes '\'; junk (__MACOSX/ …) is
    # ignored everywhere, as in a project folder
    kept = [(m, m.name.replace("\\", "/")) for m in members if m.name not in refused]
    kept = [(m, name) for m, name in kept if not is_junk(name if not m.is_dir else name.rstrip("/") + "/")]
    tops = {name.partition("/")[0] for _m, name in kept}
    sealed = any(name.partition("/")[2] == MANIFEST_NAME or name == MANIFEST_NAME for _m, name in kept)
    wrapped = len(tops) == 1 and all(m.is_dir or name.partition("/")[2] for m, name in kept)
    # `pack` puts everything in one top folder, beside the manifest; a worker's own zip may hold the
    # folder's content without one (zip -r, 7-Zip or Explorer run inside the folder)
    _lay_out(opened, kept, tops, under_top=sealed or wrapped)
    if not kept:
        problems.append((T(f"{path.name} 是空压缩包", f"{path.name} is an empty zip"), None))
    if problems:
        zf.close()
        return opened, None
    return opened, zf


def _lay_out(opened: Opened, kept: list[tuple[Member, str]], tops: set[str], under_top: bool) -> None:
    """The entries by their path in the project (``under_top``: under the one top folder, anything else
    is K003)."""
    problems = opened.facts.integrity
    for member, name in kept:
        rel = name.partition("/")[2] if under_top else name
        if member.is_dir:
            continue
        if not rel:
            problems.append((T(f"条目「{name}」不在顶层文件夹里", f"Entry '{name}' is outside the top folder"), name))
        elif rel in opened.entries:
            problems.append((T(f"条目「{name}」重复出现", f"Entry '{name}' appears twice"), name))
        else:
            opened.entries[rel] = member
    if under_top and len(tops) > 1:
        problems.append((T(f"压缩包有多个顶层文件夹：{'、'.join(sorted(tops))}", f"Several top folders: {sorted(tops)}"),
                         None))
    opened.top = next(iter(tops)) if under_top and len(tops) == 1 else None


def extract_and_hash(opened: Opened, zf: zipfile.ZipFile, dest: Path) -> dict[str, str]:
    """Extract the project files under ``dest`` (the manifest and report are only hashed); return hashes."""
    problems = opened.facts.integrity
    hashes: dict[str, str] = {}
    root = dest.resolve()
    for rel, info in sorted(opened.entries.items()):
        try:
            if rel in (MANIFEST_NAME, REPORT_NAME):
                hashes[rel] = zips.copy_member(zf, info, None)
                continue
            target = dest.joinpath(*PurePosixPath(rel).parts)
            if root not in target.resolve().parents:  # belt and braces after unsafe_reason
                problems.append((T(f"条目「{rel}」会写到临时文件夹之外", f"Entry '{rel}' escapes"), rel))
                continue
            if target.exists():
                problems.append((T(f"「{rel}」在多个分卷中重复出现", f"'{rel}' is in more than one part"), rel))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                hashes[rel] = zips.copy_member(zf, info, out)
        except Refused as exc:
            problems.extend((r.message, rel) for r in exc.refusals)
        except OSError as exc:
            problems.append((T(f"「{rel}」无法写入临时文件夹（{exc}）", f"'{rel}' cannot be written ({exc})"), rel))
    return hashes


def compare_manifest(opened: Opened, hashes: dict[str, str]) -> None:
    problems = opened.facts.integrity
    if MANIFEST_NAME not in opened.entries:  # a worker's plain zip: nothing to compare, its content is still checked
        return
    manifest = opened.manifest
    for number in manifest.bad_lines:
        problems.append((T(f"{MANIFEST_NAME} 第 {number} 行格式不对", f"{MANIFEST_NAME} line {number} is malformed"),
                         MANIFEST_NAME))
    for rel, digest in sorted(hashes.items()):
        if rel == MANIFEST_NAME:
            continue
        if rel not in manifest.hashes:
            problems.append((T(f"「{rel}」不在清单中（多出的文件）", f"'{rel}' is not in the manifest (extra file)"), rel))
        elif manifest.hashes[rel] != digest:
            problems.append((T(f"「{rel}」的 SHA-256 与清单不符（文件被改动或损坏）",
                               f"'{rel}' does not match its manifest hash (changed or damaged)"), rel))
    for rel in sorted(set(manifest.hashes) - set(hashes)):
        problems.append((T(f"清单中的「{rel}」在压缩包里找不到（缺文件）", f"'{rel}' is in the manifest but missing"), rel))


def report_collisions(opened: Opened) -> None:
    """Entries that are one file on Windows/macOS (case or NFC/NFD only): unzipped there, one is lost."""
    for group in name_collisions(opened.entries):
        shown = "」「".join(group)
        opened.facts.integrity.append((T(f"条目「{shown}」只差大小写或 Unicode 写法，在 Windows/macOS 上解压后只剩一个",
                                         f"Entries '{', '.join(group)}' differ only in case or Unicode form"),
                                       group[0]))


def _read_manifest(zf: zipfile.ZipFile, opened: Opened) -> None:
    info = opened.entries.get(MANIFEST_NAME)
    if info is None:
        return
    try:
        with zf.open(info.key) as src:
            opened.manifest = parse_manifest(src.read(16 * MB).decode("utf-8", errors="replace"))
    except (*zips.READ_ERRORS, OSError) as exc:
        opened.facts.integrity.append((T(f"{MANIFEST_NAME} 无法读取（{exc}）", f"{MANIFEST_NAME} unreadable"),
                                       MANIFEST_NAME))


PART_NAME = re.compile(r"-第(\d{1,3})部分\.zip$", re.IGNORECASE)  # as `pack --split` names its parts


def part_label(opened: Opened) -> tuple[int, int | None] | None:
    """(n, of) when the manifest or the file name says this zip is one part of a split package."""
    if opened.manifest is not None and opened.manifest.part is not None:
        return opened.manifest.part
    if m := PART_NAME.search(opened.path.name):
        return int(m[1]), None
    return None


def verify_packages(paths: list[Path], profile: Profile, options: Options, limits: Limits = DEFAULT_LIMITS,
                    allow_partial: bool = False, given: bool = True) -> VerifyOutcome:
    """Verify each zip on its own, except the parts of one split package (named or labelled as parts,
    same top folder), which are checked together.

    A package made by `pack` records its rule set in its manifest. ``given``: ``profile`` was chosen by
    the user, and a package recorded under another one raises ProfileConflict before any content is
    checked; otherwise each package is checked under its own (a plain zip under ``profile``)."""
    outcome = VerifyOutcome()
    groups: dict[tuple, list[Opened]] = {}
    folders: dict[tuple, Path] = {}  # each group extracts into a folder of its own
    # a file the antivirus still scans cannot be deleted on Windows: left in %TEMP%, the verdict still shown
    with tempfile.TemporaryDirectory(prefix="wuxiao-verify-", ignore_cleanup_errors=True) as tmp:
        for n, path in enumerate(paths):
            opened, zf = open_safely(path, limits)
            if zf is None:
                outcome.results.append(_result(opened.path.name, opened, profile, options))
                continue
            report_collisions(opened)
            with zf:
                _read_manifest(zf, opened)
                key = ("parts", opened.top) if part_label(opened) else ("zip", n)
                folder = folders.setdefault(key, Path(tmp) / str(len(folders)) / _folder_name(opened))
                hashes = extract_and_hash(opened, zf, folder)
            compare_manifest(opened, hashes)
            groups.setdefault(key, []).append(opened)
        singles = [members[0].path.name for key, members in groups.items() if key[0] == "zip"]
        if len(singles) > 1:
            outcome.notes.append(T(f"{'、'.join(singles)} 的文件名和清单都没有标明是分卷，已作为各自独立的包分别核对",
                                   f"{', '.join(singles)} are not marked as parts (name or manifest): "
                                   "each was verified on its own"))
        chosen = {key: _group_profile(members, profile, given, outcome) for key, members in groups.items()}
        for key, members in groups.items():
            used = chosen[key]
            if used.id not in outcome.profiles:
                outcome.profiles.append(used.id)
            outcome.results.extend(_check_group(folders[key], members, used, options, outcome, allow_partial))
    if not outcome.profiles:
        outcome.profiles.append(profile.id)
    return outcome


def _group_profile(members: list[Opened], profile: Profile, given: bool, outcome: VerifyOutcome) -> Profile:
    """The rule set one package is checked under: the one its manifest records, unless the user chose one."""
    from wuxiao_cli.profile import ProfileError, builtin_ids, load_profile

    named = sorted({m.manifest.profile for m in members if m.manifest and m.manifest.profile})
    display = "、".join(m.path.name for m in members)
    if len(named) > 1:
        members[0].facts.integrity.append((T(f"各分卷记录的规则集不一致：{'、'.join(named)}",
                                             f"The parts record different rule sets: {', '.join(named)}"),
                                           MANIFEST_NAME))
        return profile
    if not named or named[0] == profile.id:
        return profile
    recorded = named[0]
    if given:
        raise ProfileConflict(f"{display} 是按规则集 {recorded} 打包的（见其中的 {MANIFEST_NAME}），"
                              f"与 --profile {profile.id} 不一致：去掉 --profile 即按 {recorded} 核对")
    if recorded not in builtin_ids():
        outcome.notes.append(T(f"{display} 记录的规则集 {recorded} 不是内置规则集，已按 {profile.id} 核对"
                               f"（可用 --profile 指定规则集文件）",
                               f"{display} records rule set {recorded}, which is not built in: "
                               f"verified under {profile.id} (use --profile)"))
        return profile
    try:
        return load_profile(recorded)
    except ProfileError:  # a built-in ID always loads; belt and braces
        return profile


def _parts_problem(members: list[Opened], merged: PackageFacts) -> tuple[int, list[int]] | None:
    """Validate the part labels; return (of, missing part numbers) for an incomplete set, else None.

    Numbers are judged before anything is built from them: `1/1000000000` allocates nothing.
    """
    labels = [(m, part_label(m)) for m in members]
    labelled = [(m, lab) for m, lab in labels if lab is not None]
    if not labelled:
        return None
    totals = {lab[1] for _, lab in labelled if lab[1] is not None}
    for m, (n, of) in labelled:
        if of is not None and not 1 <= n <= of <= MAX_PARTS or of is None and not 1 <= n <= MAX_PARTS:
            merged.integrity.append((T(f"{m.path.name} 的分卷编号 {n}/{of if of is not None else '?'} 不合理"
                                       f"（应为 1 到 {MAX_PARTS} 之间，且不大于总数）",
                                       f"{m.path.name}: part number {n}/{of} is out of range (1..{MAX_PARTS})"),
                                     None))
    if len(totals) > 1:
        merged.integrity.append((T(f"分卷的总数不一致：{'、'.join(map(str, sorted(totals)))}",
                                   f"The parts disagree on how many parts there are: {sorted(totals)}"), None))
    numbers = [lab[0] for _, lab in labelled]
    for dup in sorted({x for x in numbers if numbers.count(x) > 1}):
        merged.integrity.append((T(f"第 {dup} 部分给了不止一次", f"Part {dup} was given more than once"), None))
    if merged.integrity:
        return None
    of = max(totals, default=max(numbers))
    missing = sorted(set(range(1, of + 1)) - set(numbers))  # of ≤ MAX_PARTS: bounded
    return (of, missing) if missing else None


def _check_group(folder: Path, members: list[Opened], profile, options: Options, outcome: VerifyOutcome,
                 allow_partial: bool = False) -> list[ProjectResult]:
    """The results of one package (or of the given parts of one); a worker's own zip holding several
    project folders gives one result for each, named ``成果.zip › 子文件夹`` as `check` names them."""
    display = "、".join(m.path.name for m in members)
    merged = PackageFacts(integrity=[p for m in members for p in m.facts.integrity],
                          no_manifest=[m.path.name for m in members if MANIFEST_NAME not in m.entries])
    incomplete = _parts_problem(members, merged)
    waivers = [w for m in members if m.manifest for w in m.manifest.waivers if w.rule[0] != "K"]
    outcome.waivers.extend(w for w in waivers if w not in outcome.waivers)
    opened = Opened(members[0].path, facts=merged)
    if merged.integrity:
        return [_result(display, opened, profile, options)]
    if incomplete is not None:
        of, missing = incomplete
        given = sorted(part_label(m)[0] for m in members)
        merged.partial = (given, of, missing, allow_partial)
        return [_result(display, opened, profile, options)]
    content_options = replace(options, waivers=(*options.waivers, *waivers))
    roots = [folder]
    if merged.no_manifest and len(members) == 1:  # archives inside are not opened, as `check` does not
        roots = [r for r in find_projects(folder, profile) if r.is_dir()] or [folder]
    results = [check_project(r, profile, content_options, display=display if r == folder else
                             f"{display}{INSIDE}{nfc(r.relative_to(folder).as_posix())}") for r in roots]
    first = results[0]
    first.findings = sorted([*package_findings(profile, merged, options), *first.findings], key=Finding.sort_key)
    return results


def _folder_name(opened: Opened) -> str:
    """The project folder's name: the package's top folder, else the zip's own name (short: Windows
    paths stop at 260 characters)."""
    return opened.top or nfc(opened.path.stem)[:40].strip() or "package"


def _result(display: str, opened: Opened, profile, options: Options) -> ProjectResult:
    return ProjectResult(path=display, name=opened.top or display,
                         findings=sorted(package_findings(profile, opened.facts, options), key=Finding.sort_key))
