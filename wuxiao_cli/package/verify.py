"""`wuxiao verify`: is a received package intact and safe, and does its content pass the profile's rules?

Nothing is extracted until every entry has been judged safe: no ``../``, no absolute or drive paths,
no symlinks, one top folder, and declared sizes under the caps (zip bombs). Extraction goes to a
temporary folder only, hashing as it writes and stopping at the declared size. The guards and the
zip reading are wuxiao_cli.archive's, shared with `check` on received archives.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wuxiao_cli.archive import zips
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, Limits, Member, Refused, judge
from wuxiao_cli.engine import Options, ProjectResult, check_project
from wuxiao_cli.findings import Finding
from wuxiao_cli.package.build import package_findings
from wuxiao_cli.package.facts import MB, PackageFacts
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME, Manifest, parse_manifest
from wuxiao_cli.profile import Profile
from wuxiao_cli.text import T


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
    waivers: dict[str, str] = field(default_factory=dict)


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
    tops = set()
    for member in members:
        name = member.name
        if name in refused:
            continue
        top, _, rel = name.partition("/")
        tops.add(top)
        if member.is_dir:
            continue
        if not rel:
            problems.append((T(f"条目「{name}」不在顶层文件夹里", f"Entry '{name}' is outside the top folder"), name))
        elif rel in opened.entries:
            problems.append((T(f"条目「{name}」重复出现", f"Entry '{name}' appears twice"), name))
        else:
            opened.entries[rel] = member
    if len(tops) > 1:
        problems.append((T(f"压缩包有多个顶层文件夹：{'、'.join(sorted(tops))}", f"Several top folders: {sorted(tops)}"),
                         None))
    if not tops:
        problems.append((T(f"{path.name} 是空压缩包", f"{path.name} is an empty zip"), None))
    opened.top = next(iter(tops)) if len(tops) == 1 else None
    if problems:
        zf.close()
        return opened, None
    return opened, zf


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
    if MANIFEST_NAME not in opened.entries:
        problems.append((T(f"压缩包中没有 {MANIFEST_NAME}，无法核对文件", f"No {MANIFEST_NAME} in the package"), None))
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


def verify_packages(paths: list[Path], profile: Profile, options: Options, limits: Limits = DEFAULT_LIMITS) -> VerifyOutcome:
    """Verify each zip; parts of one split package (same top folder) are checked together when all are given."""
    outcome = VerifyOutcome()
    groups: dict[str, list[Opened]] = {}
    with tempfile.TemporaryDirectory(prefix="wuxiao-verify-") as tmp:
        for n, path in enumerate(paths):
            opened, zf = open_safely(path, limits)
            if zf is None:
                outcome.results.append(_result(opened.path.name, opened, profile, options))
                continue
            with zf:
                _read_manifest(zf, opened)
                dest = Path(tmp) / str(n if opened.top is None else opened.top)
                hashes = extract_and_hash(opened, zf, dest)
            compare_manifest(opened, hashes)
            groups.setdefault(opened.top, []).append(opened)
        for top, members in groups.items():
            outcome.results.append(_check_group(Path(tmp) / top, members, profile, options, outcome))
    return outcome


def _check_group(folder: Path, members: list[Opened], profile, options: Options, outcome: VerifyOutcome):
    display = "、".join(m.path.name for m in members)
    merged = PackageFacts(integrity=[p for m in members for p in m.facts.integrity])
    labels = {m.manifest.part for m in members if m.manifest is not None}
    expected = max((p[1] for p in labels if p), default=1)
    have = {p[0] for p in labels if p}
    waivers = {r: why for m in members if m.manifest for r, why in m.manifest.waivers.items() if r[0] != "K"}
    outcome.waivers.update(waivers)
    opened = Opened(members[0].path, facts=merged)
    if merged.integrity:
        return _result(display, opened, profile, options)
    if expected > 1 and have != set(range(1, expected + 1)):
        missing = sorted(set(range(1, expected + 1)) - have)
        outcome.notes.append(T(
            f"{display}：清单核对通过；这是分卷包，缺第 {'、'.join(map(str, missing))} 部分，"
            "内容规则需把全部分卷一起核对（wuxiao verify 第1部分.zip 第2部分.zip …）",
            f"{display}: manifest OK; parts {missing} not given, so content rules were not run "
            "(verify all parts together)"))
        return _result(display, opened, profile, options)
    content_options = Options(ignore=options.ignore | frozenset(waivers), reason=options.reason, lang=options.lang)
    result = check_project(folder, profile, content_options, display=display)
    result.findings = sorted([*package_findings(profile, merged, options), *result.findings], key=Finding.sort_key)
    return result


def _result(display: str, opened: Opened, profile, options: Options) -> ProjectResult:
    return ProjectResult(path=display, name=opened.top or display,
                         findings=sorted(package_findings(profile, opened.facts, options), key=Finding.sort_key))
