"""`wuxiao pack`: check, then write the package (SPEC §6). Never prints; the CLI renders the outcome."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.engine import Options, ProjectResult, check_project, stamp
from wuxiao_cli.findings import Finding
from wuxiao_cli.package import delivery
from wuxiao_cli.package.facts import MB, PackageFacts, zip_budget
from wuxiao_cli.package.manifest import MANIFEST_NAME, REPORT_NAME, render_manifest
from wuxiao_cli.package.naming import package_name
from wuxiao_cli.package.receivable import check_sizes, check_written
from wuxiao_cli.package.split import plan_parts
from wuxiao_cli.package.zipper import TEMP_SUFFIX, FileChanged, Item, ZipExists, staged, write_zip
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import list_project
from wuxiao_cli.report import Report
from wuxiao_cli.report.checklist import package_report_text
from wuxiao_cli.scaffold import is_scaffold_readme
from wuxiao_cli.text import readable, undecodable
from wuxiao_cli.waivers import PROJECT_FILE, project_waivers

BACKUP_SUFFIX = ".orig"  # `wuxiao fix --in-place` backups: kept in the folder, never sent


@dataclass(frozen=True)
class PackSettings:
    out_dir: Path
    options: Options = Options()
    strict: bool = False
    max_mb: float = 50
    split: bool = False
    gbk_names: bool = False
    overwrite: bool = False
    protect: frozenset[Path] = frozenset()  # never replaced, even with overwrite: the archive being packed
    eml: bool = False  # the parts must fit the encoded e-mail, not just the zip limit


@dataclass
class PackOutcome:
    report: Report
    top: str = ""
    zips: list[Path] = field(default_factory=list)
    hashes: list[dict[str, str]] = field(default_factory=list)  # per zip: rel → sha256
    facts: PackageFacts = field(default_factory=PackageFacts)
    written: bool = False
    kept: list[Path] = field(default_factory=list)  # zips already there with the very bytes this pack made

    @property
    def result(self) -> ProjectResult:
        return self.report.projects[0]


def package_junk(rel: str) -> bool:
    """Left out beyond the check's own junk: fix backups, our temp files, an older package's report/manifest."""
    name = rel.rsplit("/", 1)[-1]
    return (name.endswith(BACKUP_SUFFIX) or name.endswith(TEMP_SUFFIX)
            or rel in (REPORT_NAME, MANIFEST_NAME) or rel.lower() == PROJECT_FILE)


def package_findings(profile: Profile, facts: PackageFacts, options: Options) -> list[Finding]:
    out = []
    for r in rules.for_profile(profile, scope="package"):
        out.extend(stamp(r, p, profile, options) for p in r.check(facts))
    return out


def report_text(report: Report, profile: Profile) -> bytes:
    """校验报告.txt: the 整改清单-style text (report.checklist), UTF-8 with a BOM for Notepad."""
    return package_report_text(report.to_dict(), profile).encode("utf-8-sig")


def pack_project(root: Path, profile: Profile, settings: PackSettings) -> PackOutcome:
    """Check ``root``; if it passes, write its zip(s) into ``settings.out_dir``. Raises ZipExists / OSError, or
    Unreceivable for a package the receiver's `verify` would refuse by its caps."""
    options = settings.options
    result = check_project(root, profile, options)
    top = package_name(profile, result.fields, result.union, result.unit, fallback=result.name)
    result.path = top  # the report inside the zip names the package, not this machine's folders
    listing = list_project(root)
    left_out = [e for e in listing.files if package_junk(e.rel) or is_scaffold_readme(e.rel, e.path)]
    files = [e for e in listing.files if e not in left_out]
    facts = PackageFacts(junk=sorted([*listing.junk, *(e.rel for e in left_out)]),
                         limit=int(settings.max_mb * MB), split=settings.split, eml=settings.eml,
                         online="" if delivery.by_email(profile) else delivery.system(profile))
    result.findings.extend(package_findings(profile, facts, options))
    # Colliding names lose a file when unzipped on Windows/macOS, and a name that is not text cannot be
    # written into a zip at all: no waiver can make either safe.
    not_text = {readable(rel) for rel in [*listing.dirs, *(e.rel for e in listing.files)] if undecodable(rel)}
    result.findings = [replace(f, waived=False, reason=None)
                       if f.rule == "F029" or (f.rule == "F027" and f.file in not_text) else f
                       for f in result.findings]
    waivers = [*options.all_waivers(), *project_waivers(root, top)]  # the CLI has refused a broken wuxiao.toml
    report = Report(profile.id, [result], strict=settings.strict, lang=options.lang, waivers=waivers)
    outcome = PackOutcome(report, top, facts=facts)
    if not report.ok:
        return outcome

    items = [Item(e.rel, e.path.stat().st_mtime, source=e.path, snapshot=e.size) for e in files]
    stamp_time = max((i.mtime for i in items), default=0.0)  # generated entries: deterministic, not "now"
    report_bytes = report_text(report, profile)
    if settings.split:
        reserve = len(report_bytes) + 200 * (len(items) + 4) + 4096
        plan = plan_parts(items, top, zip_budget(facts.limit) if settings.eml else facts.limit, reserve)
        facts.oversize_files = [(i.rel, i.size) for i in plan.oversize]
        parts = plan.parts
        names = [f"{top}-第{n}部分.zip" for n in range(1, len(parts) + 1)] if len(parts) > 1 else [f"{top}.zip"]
        facts.oversize_zips = [name for name, part in zip(names, parts, strict=True)
                               if len(part) == 1 and part[0] in plan.oversize]
    else:
        parts, names = [items], [f"{top}.zip"]

    check_sizes(parts, top)  # nothing the receiver's verify refuses (raises Unreceivable)
    dests = [settings.out_dir / name for name in names]
    for dest in dests:
        if dest.exists() and dest.resolve() in settings.protect:
            raise ZipExists(str(dest))
    settings.out_dir.mkdir(parents=True, exist_ok=True)  # -o may be new: made only now there is a zip for it
    try:
        with staged(dests, overwrite=settings.overwrite, kept=outcome.kept) as temps:  # every part, or none of them
            for n, (part, tmp) in enumerate(zip(parts, temps, strict=True), 1):
                label = (n, len(parts)) if len(parts) > 1 else None

                def trailer(hashes, label=label):
                    report_item = Item(REPORT_NAME, stamp_time, data=report_bytes)
                    hashes = {**hashes, REPORT_NAME: hashlib.sha256(report_bytes).hexdigest()}
                    manifest = render_manifest(hashes, profile.id, waivers, label).encode("utf-8")
                    return [report_item, Item(MANIFEST_NAME, stamp_time, data=manifest)]

                outcome.hashes.append(write_zip(tmp, top, part, trailer, gbk_names=settings.gbk_names))
                check_written(tmp)
    except FileChanged as exc:
        facts.changed.append((exc.rel, exc.before, exc.after))
        result.findings.extend(f for f in package_findings(profile, facts, options) if f.rule == "K006")
        outcome.hashes.clear()
        return outcome
    for name, dest in zip(names, dests, strict=True):
        outcome.zips.append(dest)
        facts.zips.append((name, dest.stat().st_size))
    outcome.written = True
    k002 = [f for f in package_findings(profile, facts, options) if f.rule == "K002"]
    result.findings.extend(k002)  # known only now that the zips exist
    return outcome
