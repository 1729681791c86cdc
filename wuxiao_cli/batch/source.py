"""One source of a batch checked whole, where it is checked (a warm worker, or this process).

A source is a project folder or a received archive. An archive is extracted into a private temporary
folder, its Z rules run, the project folder(s) inside are checked (several results, shown as
``成果.zip › 子文件夹``), and the folder is removed before the results go back. Each project's results
also carry what later steps need from its files while they are at hand: B003's list of media (with
their digests when the files will be gone) and, only when an HTML report is asked for, the report's
cards, made from the facts the rules already read.
"""

from __future__ import annotations

import re
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.batch.duplicates import media_files
from wuxiao_cli.engine import Options, ProjectResult, check_project, stamp
from wuxiao_cli.findings import ERROR, Finding, Problem
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import Project, nfc
from wuxiao_cli.text import INSIDE as SEP
from wuxiao_cli.text import T
from wuxiao_cli.waivers import WaiverError, project_waivers

PACK_PARTS = re.compile(r"第\d+部分\.zip$", re.IGNORECASE)


def check_source(path: Path, display: str, profile: Profile, options: Options, *,
                 cards: bool = False, watch=None) -> list[ProjectResult]:
    """The results of one source, by display path; an archive that cannot be extracted here (disk full)
    raises OpError: this computer's to fix, not a finding. A broken wuxiao.toml is its project's B006.
    ``watch``: told at each file boundary (wuxiao_cli.watch), in this process only."""
    if path.is_dir():
        return [_check_folder(path, display, profile, options, cards, watch=watch)]
    from wuxiao_cli.volumes import volume_set

    if (volumes := volume_set(path)) is not None:
        return _check_volumes(volumes, display, profile, options)
    from wuxiao_cli.archive.intake import received

    with received(path, display, profile, options) as got:
        if not got.inside:  # refused (encrypted, a bomb, unreadable): its Z findings are the result
            return [ProjectResult(path=display, name=nfc(path.stem), findings=got.findings)]
        results = []
        for i in got.inside:  # a project, or an archive inside that was refused (its Z findings alone)
            if i.root is not None:
                r = _check_folder(i.root, i.display, profile, options, cards, archive_crcs=got.crcs, watch=watch)
            else:
                r = ProjectResult(path=i.display, name=nfc(Path(i.display.rsplit(SEP, 1)[-1]).stem), findings=[])
            r.findings = sorted([*i.findings, *r.findings], key=Finding.sort_key)
            results.append(r)
    first = results[0]
    first.findings = sorted([*got.findings, *first.findings], key=Finding.sort_key)
    return results


def _check_volumes(volumes, display: str, profile: Profile, options: Options) -> list[ProjectResult]:
    """A split archive: `pack --split`'s own parts are verified together, as `wuxiao verify` does with
    them all given (its caps, its manifests); any other set is one Z006 finding, its content unread."""
    if volumes.kind == "pack":
        from wuxiao_cli.package.verify import verify_packages

        # each set under the rule set its manifests record, as `verify` without --profile
        results = verify_packages(list(volumes.parts), profile, options, given=False).results
        numbers = volumes.numbers
        shown = PACK_PARTS.sub(f"第{numbers[0]}～{numbers[-1]}部分.zip", display) if len(numbers) > 1 else display
        joined = "、".join(nfc(p.name) for p in volumes.parts)
        for r in results:
            r.path = shown + r.path[len(joined):] if r.path.startswith(joined) else shown
        return results
    from wuxiao_cli import rules
    from wuxiao_cli.engine import stamp

    z006 = rules.get("Z006")
    findings = [stamp(z006, p, profile, options) for p in z006.check(volumes)] if profile.enabled("Z006") else []
    return [ProjectResult(path=display, name=nfc(volumes.stem), findings=findings)]


def _check_folder(root: Path, display: str, profile: Profile, options: Options, cards: bool,
                  archive_crcs: dict[str, int] | None = None, watch=None) -> ProjectResult:
    """``archive_crcs``: the folder is an archive's, removed after this check, and these are the CRC-32s
    its extraction checked, by path; None for a folder that stays."""
    project = Project(root, profile, display, watch=watch)
    result = check_project(root, profile, options, display, project=project)  # without waivers it cannot read
    try:
        project_waivers(root, display)
    except WaiverError as exc:  # one worker's broken file fails that project, not the batch (B006)
        broken = stamp(rules.get("B006"), Problem(T(str(exc), str(exc)), severity=ERROR), profile, options)
        result.findings = sorted([broken, *result.findings], key=Finding.sort_key)
    result.media = media_files(project, digested=archive_crcs is not None, crcs=archive_crcs or {})
    if cards:
        from wuxiao_cli.report.gallery import gallery, zishu_bars

        result.cards = gallery(project, options.lang)
        result.bars = zishu_bars(result.fields, profile.form_schema)
    return result
