"""Batch rules (B): facts that only show across the projects of one `wuxiao check`.

Their check takes an engine.Batch (profile, results sorted by path, root) and yields BatchProblems,
except B005, which the batch runner itself reports on a project whose check crashed or hung, and
B006, on a project whose wuxiao.toml cannot be used.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from wuxiao_cli.batch.duplicates import identical_groups, media_files, sizes_shared
from wuxiao_cli.batch.quota import quota_rows
from wuxiao_cli.findings import INFO, WARNING, BatchProblem
from wuxiao_cli.project import Project
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T, file_in

SIMILAR = 0.9  # SequenceMatcher ratio from which two names count as "very similar"
_PUNCT_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


def _shown(result, batch) -> str:
    """The name as the form writes it, for messages: NFKC (for comparing) turns （第3版） into (第3版)."""
    value = result.fields.get(batch.profile.data["form"].get("name_field", "name"))
    return value.strip() if isinstance(value, str) else ""


def _name(result, batch) -> str:
    """The name as compared: full-width and half-width written alike (NFKC)."""
    return unicodedata.normalize("NFKC", _shown(result, batch)).strip()


def _bare(name: str) -> str:
    """The name without punctuation or spaces: 「XX装置（改进型）」 and 「XX装置 改进型」 compare equal."""
    return _PUNCT_SPACE.sub("", name).lower()


def _list(paths) -> str:
    return "、".join(paths)


@rule("B001", "E", "附件3 第8项",
      T("两个项目的创新成果名称相同", "Two projects share the same 创新成果名称"),
      T("同一成果只能申报一次：删去重复的项目，或确认确为不同成果后改用能区分它们的名称",
        "Submit each achievement once: drop the duplicate, or rename them so they can be told apart"),
      scope="batch",
      how="检查一批项目时，把各项目的创新成果名称统一全角半角写法、去掉首尾空格后比较。两个及以上项目名称完全相同为错误，例如两个项目都叫「数控车床快速对刀装置」；「数控车床快速对刀装置」和「数控铣床快速对刀装置」通过。同名的是一个压缩包和旁边同名的文件夹（如 跟刀架成果.zip 和 跟刀架成果/），文件不全相同、但有相同的照片、视频或音频时，多半是同一份材料解压后又改过：仍为错误，提示只保留一份、删去较旧的那份（文件完全相同的只检查一次，见 F032）。")
def same_name(batch):
    """所报项目不允许重复申报: two projects of one batch with the same 创新成果名称 are an error.

    Names are compared after Unicode (NFKC) normalisation and trimming. X.zip beside X/ whose files differ
    (twins.archive_and_folder) but share a photo, video or recording is worded as one submission kept
    before and after an edit: keep one.
    FAIL: p1 and p2 both 「数控车床快速对刀装置」. PASS: 「数控车床快速对刀装置」 and 「数控铣床快速对刀装置」.
    """
    groups: dict[str, list[str]] = {}
    for r in batch.results:
        if name := _name(r, batch):
            groups.setdefault(name, []).append(r.path)
    from wuxiao_cli.twins import archive_and_folder

    for name, paths in groups.items():
        if len(paths) < 2:
            continue
        if (pair := archive_and_folder(tuple(paths))) and _share_a_file(batch, pair):  # one submission kept twice
            archive, folder = pair
            older = archive.rsplit("/", 1)[-1]
            yield BatchProblem(T(f"{archive} 和 {folder}/ 的创新成果名称都是「{name}」，看来是同一份材料解压前后的"
                                 "两份（解压后又改过，文件已不相同），按重复申报计",
                                 f"{archive} and {folder}/ are both named '{name}': the same submission before and "
                                 "after an edit (their files differ), counted as a duplicate"),
                               projects=tuple(paths),
                               hint=T(f"只保留一份：确认哪份是改好的，删去较旧的那份（多半是 {older}）后重新检查",
                                      f"Keep one: find the edited one and delete the older (usually {older}), then check again"))
            continue
        yield BatchProblem(T(f"{len(paths)} 个项目的创新成果名称都是「{name}」：{_list(paths)}",
                             f"{len(paths)} projects are all named '{name}': {_list(paths)}"),
                           projects=tuple(paths))


def _share_a_file(batch, paths: tuple[str, ...]) -> bool:
    """Whether these projects hold a byte-identical photo, video or recording (as B003 compares them)."""
    media = [m for r in batch.results if r.path in paths for m in (r.media or ())]
    return bool(identical_groups(media))


@rule("B002", "W", "附件3 第8项",
      T("两个项目的创新成果名称几乎相同", "Two projects have near-duplicate names"),
      T("核对是否为同一成果重复申报；若不是，修改名称使其明显不同",
        "Check that this is not the same achievement twice; if not, make the names clearly different"),
      scope="batch",
      how="这是启发式判断，只给警告：把名称去掉标点和空格后相同，或逐字比较相似度达到 90% 的两个项目，提醒核对是否同一成果重复申报。例如「刀具的开发应用」与「刀具的开发与应用」、「装置（改进型）」与「装置 改进型」给警告；「数控车床快速对刀装置」与「高压开关柜带电显示闭锁装置」通过。几个名称彼此相近的（如「…（第1版）」到「…（第6版）」）合成一条，列出全部。名称完全相同的归 B001，不在此重复。")
def similar_names(batch):
    """Near-duplicate 创新成果名称: equal once punctuation and spaces are removed, or very similar
    (difflib ratio ≥ 0.9). Exactly equal names are B001, not repeated here. A province's 2,000 names
    take about a second: rapidfuzz picks the candidate pairs, difflib measures them. Names linked by
    such pairs (six editions of one title: 15 pairs) are one finding that lists them all, each name as
    its form writes it (full-width brackets kept).

    WARN: 「刀具的开发应用」 and 「刀具的开发与应用」; 「装置（改进型）」 and 「装置 改进型」.
    PASS: 「数控车床快速对刀装置」 and 「高压开关柜带电显示闭锁装置」.
    """
    named = [(r.path, n, _bare(n), _shown(r, batch)) for r in batch.results if (n := _name(r, batch))]
    pairs = {}
    for i, j in _candidate_pairs([b for _, _, b, _ in named]):
        (_p1, n1, b1, _), (_p2, n2, b2, _) = named[i], named[j]
        if n1 == n2 or not b1 or not b2:
            continue
        ratio = 1.0 if b1 == b2 else difflib.SequenceMatcher(None, b1, b2, autojunk=False).ratio()
        if ratio >= SIMILAR:
            pairs[i, j] = "去掉标点空格后相同" if b1 == b2 else f"相似度 {ratio:.0%}"
    for group in _linked(pairs):
        if len(group) == 2:
            (p1, _, _, s1), (p2, _, _, s2) = (named[k] for k in group)
            how = pairs[tuple(group)]
            en = "same without punctuation" if how.startswith("去掉") else how.replace("相似度 ", "") + " similar"
            yield BatchProblem(T(f"创新成果名称几乎相同（{how}）：{p1}「{s1}」与 {p2}「{s2}」",
                                 f"Near-duplicate names ({en}): {p1} '{s1}' and {p2} '{s2}'"),
                               projects=(p1, p2))
            continue
        members = [named[k] for k in group]
        listed = "、".join(f"{p}「{s}」" for p, _, _, s in members)
        yield BatchProblem(T(f"{len(members)} 个项目的创新成果名称彼此几乎相同（去掉标点空格后相同，或相似度 ≥ 90%）：{listed}",
                             f"{len(members)} projects have near-duplicate names: "
                             + ", ".join(f"{p} '{s}'" for p, _, _, s in members)),
                           projects=tuple(p for p, _, _, _ in members))


def _linked(pairs) -> list[list[int]]:
    """The groups of indices that ``pairs`` link, directly or through others, each in order, in the order
    of their first index."""
    group_of: dict[int, list[int]] = {}
    for i, j in pairs:
        a, b = group_of.setdefault(i, [i]), group_of.setdefault(j, [j])
        if a is not b:
            a += b
            for k in b:
                group_of[k] = a
    groups = {id(g): sorted(g) for g in group_of.values()}
    return sorted(groups.values())


def _candidate_pairs(bares: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) that may reach SIMILAR, found by rapidfuzz in compiled code.

    Its ratio counts the longest common subsequence, difflib's only the matching blocks it finds (a
    common subsequence too), so rapidfuzz's is never lower: no pair difflib would pass is dropped,
    and difflib still decides. 2,000 names: ~1 s instead of 78 s for every pair in difflib.
    """
    from rapidfuzz import fuzz, process

    cutoff = SIMILAR * 100 - 1e-6
    pairs = []
    for i, b in enumerate(bares[:-1]):
        if not b:
            continue
        hits = process.extract(b, bares[i + 1:], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        pairs += sorted((i, i + 1 + k) for _choice, _score, k in hits)
    return pairs


@rule("B003", "W", "附件3 第15、16、18项",
      T("同一个照片/视频/音频文件出现在多个项目中", "The same photo/video/audio file is in more than one project"),
      T("每个项目使用自己成果的原始材料；若确为不同成果，换上各自的照片、视频和音频",
        "Each project must use its own materials; replace the shared file with the project's own"),
      scope="batch",
      how="比较一批项目的照片、视频、音频文件的内容（不管文件名）：先比大小，再比文件首尾各 64 KB，仍相同的再比全文。两个项目里有内容完全相同的文件给警告，例如 p1 的 正面.jpg 与 p2 的 整体.jpg 逐字节相同。只是提醒可能重复申报或拷错材料。")
def shared_media(batch):
    """The same media file (byte-identical content, whatever its name) in two or more projects
    suggests one achievement submitted twice or materials copied by mistake.

    Sizes are compared first, then a hash of the first and last 64 KiB, and only files still tied
    are compared whole (their CRC-32), so large videos are rarely read whole.
    WARN: p1/photos/正面.jpg and p2/photos/整体.jpg with the same bytes. PASS: every file different.
    """
    def media():
        for r in batch.results:
            if r.media is not None:  # gathered where the project was checked (an archive's files are gone now)
                yield from r.media
            elif r.root is not None:
                yield from media_files(Project(r.root, batch.profile, r.path))

    for group in identical_groups(sizes_shared(media)):
        where = _list(file_in(p, rel) for p, rel, _ in group)
        projects = tuple(sorted({p for p, _, _ in group}))
        yield BatchProblem(T(f"{len(projects)} 个项目中有内容完全相同的文件：{where}",
                             f"Identical file in {len(projects)} projects: {where}"),
                           projects=projects)


@rule("B004", "I/W", "附件2",
      T("各上级工会通过检查的项目数与附件2分配的最低数量", "Passing projects per union against 附件2's minimum"),
      T("不足的工会请补充推荐项目，或先修改未通过的项目", "Add projects for a union that is short, or fix its failing ones"),
      scope="batch",
      how="按所属上级工会统计一批项目中通过检查（没有错误，警告不影响）的项目数，与附件2 分配的最低数量比较（工会名的全角半角括号和常用简称都认）。不足最低数量给警告，说明还差几个；达到则给提示。例如某工会最低 10 个、通过 7 个给警告，通过 10 个为提示。没有项目填写的工会不列出。")
def quota(batch):
    """附件2 数量分配表: each 上级工会 is allocated a minimum number of achievements (330 in all).

    Counts the projects of the batch that pass, per 所属上级工会 (full-width/half-width brackets and
    the table's aliases accepted). Short of the minimum → warning; met → info. Unions no project names
    are not listed; a name not in 附件2 is F016's business.
    WARN: 江苏省教育科技工会 with 7 passing of 10. INFO: 10 or more passing.
    """
    for row in quota_rows(batch.results, batch.profile):
        if row.minimum is None:
            continue
        passed = len(row.passed)
        if row.shortfall:
            yield BatchProblem(
                T(f"{row.union}：送检 {row.submitted} 个，通过 {passed} 个，附件2 最低 {row.minimum} 个，还差 {row.shortfall} 个",
                  f"{row.union}: {row.submitted} checked, {passed} pass, 附件2 minimum {row.minimum}, short by {row.shortfall}"),
                projects=tuple(sorted(row.passed + row.failed)), severity=WARNING)
        else:
            yield BatchProblem(
                T(f"{row.union}：送检 {row.submitted} 个，通过 {passed} 个，达到附件2 最低 {row.minimum} 个",
                  f"{row.union}: {row.submitted} checked, {passed} pass, meets 附件2 minimum {row.minimum}"),
                projects=tuple(sorted(row.passed + row.failed)), severity=INFO)


@rule("B005", "E", "wuxiao 检查过程（非通知条款）",
      T("项目检查未能完成：超时、内存不足或检查进程崩溃", "The project could not be checked: timeout, out of memory or a crash"),
      T("超时或内存不足多半是某个文件异常巨大：换成正常大小的文件，确实需要时用 --timeout / --max-memory 放宽；"
        "检查进程崩溃是 wuxiao 的故障：用 --jobs 1 单独检查该项目，并把消息反馈给开发者",
        "A timeout or running out of memory usually means one abnormally large file: replace it, or raise "
        "--timeout / --max-memory; a crashed checking process is a wuxiao fault: check the project alone with "
        "--jobs 1 and report the message"),
      scope="batch",
      how="不是检查文件得出的，而是批量检查时某个项目没有查完：超过每个项目的时间上限（--timeout，默认 120 秒）、超过内存上限（--max-memory，默认 2 GB，仅 Linux/macOS），或检查进程两次意外退出。前两种多半是某个文件异常巨大或损坏；进程崩溃是本工具的故障，不怪材料。其他项目照常检查和报告。")
def check_incomplete(batch):
    """Reported by the batch runner, not found by looking at files: the project's check went past the
    per-project time limit (`--timeout`, default 120 s), needed more than the per-project memory ceiling
    (`--max-memory`, default 2 GB, Linux/macOS), or its worker process died twice (a fault of wuxiao,
    never blamed on the files). The other projects of the batch are still checked and reported.

    FAIL: a video whose damaged header sends the reader into an endless loop. PASS: every project finishes.
    """
    return iter(())


@rule("B006", "E", "wuxiao 豁免设置（非通知条款）",
      T("项目的 wuxiao.toml（豁免设置）无法使用，该项目按没有豁免检查",
        "The project's wuxiao.toml (waivers) cannot be used; the project was checked without them"),
      T("按消息改正 wuxiao.toml 中指出的那一处（或删去这个文件）后重新检查",
        "Correct wuxiao.toml where the message says (or delete it) and check again"),
      scope="batch",
      how="不是检查材料得出的：批量检查时，某个项目文件夹里的 wuxiao.toml 有语法错误、写了不存在的规则编号或缺少理由。这个项目照常检查，但不使用其中的豁免，并记这条错误；其他项目照常检查和报告。只检查一个项目文件夹时，这种情况直接作为用法错误提示（退出码 2）。")
def waivers_unusable(batch):
    """Reported by the batch, not found in the files: one project's wuxiao.toml cannot be read, so that
    project is checked without its waivers and fails; the other projects are checked as usual (a clerk
    checking 50 workers' folders gets a report, not one line about one file).

    FAIL: a wuxiao.toml with `[[waiver]` (syntax). PASS: no wuxiao.toml, or one that reads.
    """
    return iter(())


RULES = [same_name, similar_names, shared_media, quota, check_incomplete, waivers_unusable]
