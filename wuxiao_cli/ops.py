"""The operations both faces call (the `wuxiao` command line and `wuxiao gui`): plain functions that take
settings, return data, and raise OpError with a one-line Chinese message for what the user must change.

They print nothing and never exit: the CLI turns OpError into exit 2, the app into a message on the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.text import human_size, os_reason, size_against


class OpError(Exception):
    """A problem with what the user asked for (missing path, unwritable folder), said in one line."""


def file_size(path: Path) -> str:
    """A written file's size the way people read it: ``54 KB``, ``3.20 MB``."""
    try:
        return human_size(path.stat().st_size)
    except OSError:
        return "?"


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class Checked:
    """One `check` run: the report's dict (its projects made as they are read), the results behind it
    (batch.spool.Results: in a temporary file, read one at a time), and the batch's quota rows."""

    data: dict
    results: Sequence
    report: object
    quota: list[dict] = field(default_factory=list)
    is_batch: bool = False


def gather_projects(given: list[Path], prof) -> list[tuple[Path, str]]:
    """(source, display path) for every project folder and received archive in ``given``, each once.

    Archives are only recognised here (by content); each is opened where it is checked (batch.source).
    """
    from wuxiao_cli.discover import OUTPUT_DIR, find_projects, looks_like_project

    roots: list[tuple[Path, str]] = []
    seen = set()
    for path in given:
        if not path.exists():
            raise OpError(f"找不到路径 {path}")
        if path.is_dir():
            found = find_projects(path, prof, empty_batch=True)  # a nominator's batch with none yet: []
            if found == [path] and (path / OUTPUT_DIR).is_dir() and not looks_like_project(path, prof):
                raise OpError(f"{path} 中没有找到项目，只有 wuxiao 写出的 {OUTPUT_DIR} 文件夹（打包和修复的结果，不作为项目检查）："
                              f"要检查这些结果，请检查 {path / OUTPUT_DIR}")
        else:
            from wuxiao_cli.archive import archive_kind
            from wuxiao_cli.volumes import volume_set

            if (volumes := volume_set(path)) is not None:  # one volume given: the whole set, once
                found = [volumes.first]
            elif archive_kind(path) is None:
                raise OpError(f"{path} 既不是文件夹也不是压缩包（zip/7z/rar）：请给出项目文件夹或收到的压缩包")
            else:
                found = [path]
        for r in found:
            if (key := r.resolve()) not in seen:
                seen.add(key)
                roots.append((r, r.as_posix()))
    return roots


def check_projects(roots: list[tuple[Path, str]], given: list[Path], prof, options, *, strict: bool = False,
                   jobs: int | None = None, timeout: float = 120.0, max_memory_gb: float = 2.0,
                   progress: Callable | None = None, cards: bool = False, watch=None) -> Checked:
    """Check the sources ``gather_projects`` found in ``given``; ``progress(result)`` is told after each.

    ``cards``: also make the HTML report's pictures (``html_report``) while each project's files are at hand.
    ``watch``: the app's progress line and 停止检查 (wuxiao_cli.watch; raises Stopped once stopped).
    The projects' own waivers (wuxiao.toml) are listed in the report beside the run's. A broken one, or
    an archive that cannot be extracted on this computer, raises OpError.
    """
    from wuxiao_cli.batch.cross import run_batch_rules
    from wuxiao_cli.batch.quota import quota_rows
    from wuxiao_cli.batch.runner import run_batch
    from wuxiao_cli.discover import is_nominator_batch
    from wuxiao_cli.engine import Batch
    from wuxiao_cli.report import Report

    results = run_batch(roots, prof, options, jobs=jobs or default_jobs(), timeout=timeout, progress=progress,
                        max_memory_gb=max_memory_gb, cards=cards, watch=watch)
    # a nominator's batch folder is a batch whatever it holds (none, one or many projects): its nominator
    # findings (J001…) apply; a folder given that is itself the one project is not one
    nominator = (len(given) == 1 and is_nominator_batch(given[0], prof)
                 and all(root.resolve() != given[0].resolve() for root, _ in roots))
    is_batch = len(results) > 1 or nominator
    batch_root = given[0] if len(given) == 1 and is_batch else None
    batch_findings = run_batch_rules(Batch(prof, results, batch_root), options) if is_batch else []
    report = Report(prof.id, results, strict=strict, lang=options.lang, batch_findings=batch_findings,
                    waivers=[*options.all_waivers(), *(w for r in results for w in r.waivers)])
    data = report.to_dict(lazy=True)  # the projects' dicts are made as each reporter reads them
    with_quota = is_batch and prof.enabled("B004")  # 附件2 quotas: only profiles that apply B004
    quota = [q.to_dict() for q in quota_rows(results, prof)] if with_quota else []
    if with_quota:
        data["quota"] = quota
    return Checked(data, results, report, quota, is_batch)


def html_report(checked: Checked, lang: str) -> str:
    """The picture report (thumbnails, measured numbers, word-count bars) as one HTML page; the pictures
    are those ``check_projects(..., cards=True)`` made."""
    from wuxiao_cli.report.gallery import collect
    from wuxiao_cli.report.html_report import render_html

    cards, bars = collect(checked.results)
    return render_html(checked.data, cards, bars, lang)


def video_reader_problem(prof) -> str | None:
    """Why videos cannot be judged on this computer (libmediainfo missing), or None: the tool's fault."""
    from wuxiao_cli.media.video import mediainfo_loads

    if "V" in prof.families and not mediainfo_loads():
        return ("无法加载读取视频所需的 libmediainfo 库（是 wuxiao 的安装问题，不是您的文件有问题）："
                "请运行 pip install --force-reinstall pymediainfo；Linux 也可 sudo apt install libmediainfo0v5")
    return None


def init_project(path: Path, prof, nominator: bool = False) -> list[str]:
    """`init`: the new (or partly filled) project folder's files, relative paths of those written."""
    from wuxiao_cli.jiangsu.scaffold import scaffold_nominator
    from wuxiao_cli.scaffold import ScaffoldError, scaffold

    try:
        return (scaffold_nominator if nominator else scaffold)(path, prof)
    except ScaffoldError as exc:
        raise OpError(str(exc)) from None


def quiz_template(out: Path, overwrite: bool = False, profile=None) -> None:
    """`quiz template`: the 附件5 workbook, never over an existing file unless asked."""
    from wuxiao_cli.quiz.template import write_template

    if out.suffix.lower() != ".xlsx":
        raise OpError(f"{out} 的扩展名不是 .xlsx：题库必须是 Excel 工作簿，如 quizbank.xlsx")
    if out.exists() and not overwrite:
        raise Exists(f"{out} 已存在；为避免覆盖，请换一个文件名")  # the command line adds its --overwrite
    try:
        write_template(out, profile)
    except OSError as exc:
        raise OpError(f"无法写入 {out}：{os_reason(exc)}") from None


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_drafts(prof, outcome) -> list[tuple[Path, str]]:
    """`pack --eml`: one mail draft per package (per part when split); (draft, what it says about the size)."""
    from wuxiao_cli.package import delivery
    from wuxiao_cli.package.eml import PackageInfo, build_eml, write_eml

    if not delivery.by_email(prof):  # uploaded online (Jiangsu 七(三)): there is nobody to address
        raise OpError(delivery.refusal(prof, then=""))
    files = sorted({rel for h in outcome.hashes for rel in h} - {"校验报告.txt", "manifest-sha256.txt"})
    zips = outcome.zips
    groups = [[z] for z in zips] if len(zips) > 1 else [zips]
    written = []
    for n, group in enumerate(groups, 1):
        info = PackageInfo(group, [z.stat().st_size for z in group], files, outcome.facts.limit,
                           [sha256_file(z) for z in group], part=(n, len(zips)) if len(zips) > 1 else None)
        dest = group[0].with_suffix(".eml")
        try:
            write_eml(dest, build_eml(prof, outcome.result, info))
        except OSError as exc:
            raise OpError(f"写邮件草稿失败：{os_reason(exc)}（{getattr(exc, 'filename', '') or dest}）") from None
        zipped, _ = size_against(sum(info.sizes), info.limit)
        mail, limit = size_against(info.encoded, info.limit)  # in --max-mb's MB, as K002 and file_size say it
        sizes = f"压缩包 {zipped.zh}，作为附件编码后约 {mail.zh}，上限 {limit.zh}"
        if delivery.kind(prof) == "netdisk":  # the notice suggests a link (附件4 ⑥): that, not the limit, is why
            said = f"{delivery.netdisk_suggestion(prof)}，未作附件，请在邮件中填网盘链接"
            written.append((dest, f"压缩包 {zipped.zh}；{said}" if info.attachable else f"{sizes}；{said}"))
        else:
            how = "已作附件" if info.attachable else "未作附件，请在邮件中填网盘链接"
            written.append((dest, f"{sizes}，{how}"))
    return written


class Exists(OpError):
    """An output that is already there; each face says how to avoid it (--overwrite, another folder).
    ``differs``: it was compared with what would be written and is not the same."""

    def __init__(self, path: str, differs: bool = False):
        super().__init__(path)
        self.differs = differs


def pack(root: Path, prof, settings):
    """`pack`: check, then write the package(s) when nothing unwaived fails; the outcome says which."""
    from wuxiao_cli.package.build import pack_project
    from wuxiao_cli.package.receivable import Unreceivable
    from wuxiao_cli.package.zipper import ZipExists

    try:
        return pack_project(root, prof, settings)
    except ZipExists as exc:
        raise Exists(str(exc), exc.differs) from None
    except Unreceivable as exc:
        raise OpError(str(exc)) from None
    except OSError as exc:
        raise OpError(_write_failed("写压缩包失败", exc, settings.out_dir)) from None


def _write_failed(what: str, exc: OSError, fallback: Path) -> str:
    """One line: what failed, why, the file (the one the user asked for) and, when Windows held it, what to do."""
    from wuxiao_cli.fsops import open_elsewhere

    path = Path(getattr(exc, "filename", "") or fallback)
    return f"{what}：{os_reason(exc)}（{path}）{open_elsewhere(exc, path)}"


@dataclass
class Fixed:
    """`fix`: what was changed (``outcome``) and what a check of the result still finds (``left``)."""

    outcome: object
    left: list

    def to_do(self, lang: str = "zh") -> list[str]:
        """What the clerk must still do by hand, errors (✗) before warnings (!), each with its fix."""
        zh = lang == "zh"
        whole = "（整个项目）" if zh else "(whole project)"  # as the table says it: a field's key is no place
        lines = [f"  ✗ {line(lang)}" for line in self.outcome.not_fixed]
        for severity, mark, word in (("error", "✗", "错误" if zh else "error"), ("warning", "!", "警告" if zh else "warning")):
            for f in (f for f in self.left if f.severity == severity):
                lines.append(f"  {mark} {word} [{f.rule}] {_file_once(f, whole)}\n      → {f.hint}")
        head = "未能自动修复（请按提示手工处理）：" if zh else "Not fixed (do it by hand):"
        return [head, *lines] if lines else []


def _file_once(f, whole: str) -> str:
    """The finding's file and message, the file said once: a message mostly begins with the file's own name
    ("跟刀架-侧视图.jpg 只有 0.75 MB"), which becomes its path in the project rather than being repeated."""
    if not f.file:
        return f"{whole} {f.message}"
    name = f.file.rsplit("/", 1)[-1]
    for said in (f.file, name):
        rest = f.message[len(said):]
        if f.message.startswith(said) and rest[:1] in ("", " ", "：", ":", "，", ",", "（", "("):
            return f.file + rest
    return f"{f.file} {f.message}"


NOTHING_TO_FIX = "没有需要自动修复的内容，未生成副本（原文件夹没有改动）"


def fix(root: Path, prof, dest: Path | None, lang: str = "zh") -> Fixed:
    """Fix ``root`` losslessly into ``dest`` (None: in place, keeping .orig backups), then check the result.
    With nothing to fix no copy is made (``outcome.copied`` False): the original is what is checked."""
    from wuxiao_cli.engine import Options, check_project
    from wuxiao_cli.fix.run import CopyFailed, TooBig, fix_project

    try:
        outcome = fix_project(root, prof, dest)
    except TooBig as exc:
        raise OpError(str(exc)) from None
    except CopyFailed as exc:  # names the file and why already
        raise OpError(f"修复失败：{exc}") from None
    except OSError as exc:
        raise OpError(_write_failed("修复失败", exc, root)) from None
    left = [f for f in check_project(outcome.target, prof, Options(lang=lang)).findings if f.severity != "info"]
    return Fixed(outcome, left)
