"""`wuxiao verify`: is a received package intact and safe, and does its content pass the profile's rules?

Nothing is extracted until every entry has been judged safe: no ``../``, no absolute or drive paths,
no symlinks, one top folder, and declared sizes under the caps (zip bombs). Extraction goes to a
temporary folder only, hashing as it writes and stopping at the declared size.
"""

from __future__ import annotations

import hashlib
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from wuxiao_cli.engine import Options, ProjectResult, check_project
from wuxiao_cli.findings import Finding
from wuxiao_cli.package.build import package_findings
from wuxiao_cli.package.facts import MB, PackageFacts
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME, Manifest, parse_manifest
from wuxiao_cli.profile import Profile
from wuxiao_cli.text import T

CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    max_total: int = 4000 * MB  # declared uncompressed bytes of the whole zip
    max_ratio: float = 200.0  # uncompressed / compressed, for entries over 1 MB
    max_entries: int = 20000


@dataclass
class Opened:
    """One zip after the safety pass: its entries by path under the top folder, or why it is refused."""

    path: Path
    top: str | None = None
    entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    facts: PackageFacts = field(default_factory=PackageFacts)
    manifest: Manifest | None = None


@dataclass
class VerifyOutcome:
    results: list[ProjectResult] = field(default_factory=list)
    notes: list[T] = field(default_factory=list)
    waivers: list = field(default_factory=list)  # waivers.Waiver from the manifests


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its writer meant it: names without the UTF-8 flag are usually GBK (Windows tools)."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def unsafe_reason(name: str) -> T | None:
    """Why an entry name could write outside the folder it is extracted to, or None."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return T(f"条目「{name}」是绝对路径", f"Entry '{name}' is an absolute path")
    parts = name.replace("\\", "/").rstrip("/").split("/")
    if ".." in parts:
        return T(f"条目「{name}」含 ../，会写到文件夹之外", f"Entry '{name}' climbs out with ../")
    if any(p in ("", ".") for p in parts) or "\x00" in name:
        return T(f"条目「{name}」的路径不规范", f"Entry '{name}' has a malformed path")
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def open_safely(path: Path, limits: Limits) -> tuple[Opened, zipfile.ZipFile | None]:
    """Judge every entry before anything is extracted. Returns the zip open only when it is safe."""
    opened = Opened(path)
    problems = opened.facts.integrity
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        problems.append((T(f"{path.name} 不是可读的 zip 压缩包（{exc}）", f"{path.name} is not a readable zip ({exc})"),
                         None))
        return opened, None
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > limits.max_entries:
        problems.append((T(f"压缩包有 {len(infos)} 个条目，超过上限 {limits.max_entries}",
                           f"{len(infos)} entries, over the cap of {limits.max_entries}"), None))
    if total > limits.max_total:
        problems.append((T(f"解压后共 {total / MB:.1f} MB，超过上限 {limits.max_total / MB:.1f} MB（疑似压缩炸弹），未解压",
                           f"Declares {total / MB:.1f} MB uncompressed, over the {limits.max_total / MB:.1f} MB cap "
                           "(zip bomb?); nothing extracted"), None))
    tops = set()
    for info in infos:
        name = entry_name(info)
        if (why := unsafe_reason(name)) is not None:
            problems.append((why, name))
            continue
        if _is_symlink(info):
            problems.append((T(f"条目「{name}」是符号链接，拒绝解压", f"Entry '{name}' is a symlink"), name))
            continue
        if info.flag_bits & 0x1:
            problems.append((T(f"条目「{name}」已加密，无法核对", f"Entry '{name}' is encrypted"), name))
            continue
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            problems.append((T(f"条目「{name}」压缩比 {info.file_size / max(info.compress_size, 1):.0f}:1，"
                               f"超过上限 {limits.max_ratio:.0f}:1（疑似压缩炸弹）",
                               f"Entry '{name}' compresses {info.file_size / max(info.compress_size, 1):.0f}:1, "
                               f"over {limits.max_ratio:.0f}:1 (zip bomb?)"), name))
            continue
        top, _, rel = name.partition("/")
        tops.add(top)
        if info.is_dir():
            continue
        if not rel:
            problems.append((T(f"条目「{name}」不在顶层文件夹里", f"Entry '{name}' is outside the top folder"), name))
        elif rel in opened.entries:
            problems.append((T(f"条目「{name}」重复出现", f"Entry '{name}' appears twice"), name))
        else:
            opened.entries[rel] = info
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


def _copy_hashing(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out) -> str:
    """Stream one entry, hashing it; refuse to write more than its declared size."""
    digest = hashlib.sha256()
    written = 0
    with zf.open(info) as src:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise zipfile.BadZipFile("more data than declared")
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return digest.hexdigest()


def extract_and_hash(opened: Opened, zf: zipfile.ZipFile, dest: Path) -> dict[str, str]:
    """Extract the project files under ``dest`` (the manifest and report are only hashed); return hashes."""
    problems = opened.facts.integrity
    hashes: dict[str, str] = {}
    root = dest.resolve()
    for rel, info in sorted(opened.entries.items()):
        try:
            if rel in (MANIFEST_NAME, REPORT_NAME):
                hashes[rel] = _copy_hashing(zf, info, None)
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
                hashes[rel] = _copy_hashing(zf, info, out)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            problems.append((T(f"「{rel}」无法解压（{exc}），文件已损坏", f"'{rel}' cannot be extracted ({exc})"), rel))
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
        with zf.open(info) as src:
            opened.manifest = parse_manifest(src.read(16 * MB).decode("utf-8", errors="replace"))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        opened.facts.integrity.append((T(f"{MANIFEST_NAME} 无法读取（{exc}）", f"{MANIFEST_NAME} unreadable"),
                                       MANIFEST_NAME))


def verify_packages(paths: list[Path], profile: Profile, options: Options, limits: Limits = Limits()) -> VerifyOutcome:
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
    waivers = [w for m in members if m.manifest for w in m.manifest.waivers if w.rule[0] != "K"]
    outcome.waivers.extend(w for w in waivers if w not in outcome.waivers)
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
    content_options = replace(options, waivers=(*options.waivers, *waivers))
    result = check_project(folder, profile, content_options, display=display)
    result.findings = sorted([*package_findings(profile, merged, options), *result.findings], key=Finding.sort_key)
    return result


def _result(display: str, opened: Opened, profile, options: Options) -> ProjectResult:
    return ProjectResult(path=display, name=opened.top or display,
                         findings=sorted(package_findings(profile, opened.facts, options), key=Finding.sort_key))
