"""Nominator rules (J): one 提名单位's batch of Jiangsu nominations — quotas, ratios, duplicates, the 提名函.

Batch scope: each check takes an engine.Batch (profile, results, root = the batch folder holding
nominator.toml) and yields BatchProblems. They read the form dicts (``result.fields``) and never
assume a field is there: a missing value is simply not counted (the project's own F003 reports it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from fractions import Fraction

from wuxiao_cli.findings import WARNING, BatchProblem
from wuxiao_cli.jiangsu.nominator import load_nominator, nominator_path, priority_order
from wuxiao_cli.jiangsu.patents import patent_key, patent_numbers
from wuxiao_cli.rules.base import ZISHU, rule
from wuxiao_cli.text import T
from wuxiao_cli.wordcount import count_zi

SENIOR_LEVELS = ("正高级", "副高级")
LEVELS = (*SENIOR_LEVELS, "中级", "初级", "无")  # 职称级别 as the form schema lists them
_SENIOR_TITLE = re.compile(r"(正高|副高|教授|(?<!助理)研究员|高级(?!技师|工(?!程)))")


def _value(result, key: str) -> str:
    value = result.fields.get(key) if isinstance(result.fields, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _paths(results) -> tuple[str, ...]:
    return tuple(r.path for r in results)


def _names(results) -> str:
    return "、".join(f"《{r.name}》" for r in results)


def _nominator(batch):
    return load_nominator(batch.root, batch.profile)


def is_frontline_worker(result) -> bool:
    return _value(result, "frontline") == "一线工人"


def is_senior_technician(result) -> bool:
    """一线技术人员中职称为高级的: 职称级别 正高级/副高级, or (no level given) a 高级 title such as 高级工程师."""
    if _value(result, "frontline") != "一线专业技术人员":
        return False
    level = _value(result, "title_level")
    if level in LEVELS:
        return level in SENIOR_LEVELS
    return any(_SENIOR_TITLE.search(_value(result, key)) for key in ("title", "title_level"))


@rule("J001", "E", "通知 四、七(二)1",
      T("批次文件夹中没有 nominator.toml，或其中没有写提名单位名称及类型", "No nominator.toml, or it lacks name or type"),
      T("在批次文件夹中新建 nominator.toml：name = \"某某市总工会\"，type = \"设区市总工会\""
        "（或 省产业工会 / 省级社会组织 / 其他社会组织）",
        "Create nominator.toml in the batch folder with name and type"),
      scope="batch",
      how="检查江苏提名批次时，批次文件夹里要有 nominator.toml，写明提名单位名称（name）和类型（type：设区市总工会、省产业工会、省级社会组织或其他社会组织），因为提名限额取决于提名单位类型。没有这个文件、文件不是 UTF-8 编码、写法有错或超过 1 MB、没写名称，或类型不是这四种之一（如“市总”），为错误。没有指定批次文件夹时不检查。")
def nominator_file(batch):
    """The quotas depend on who nominates (通知 七(二)1), so the batch folder names its 提名单位:

        name = "无锡市总工会"
        type = "设区市总工会"

    FAIL: no nominator.toml; type = "市总" (not a type). Silent when no batch folder was given.
    """
    if batch.root is None:
        return
    nominator = _nominator(batch)
    if nominator is None:
        where = nominator_path(batch.root, batch.profile)
        yield BatchProblem(T(f"没有找到 {where.name}（批次文件夹 {batch.root.as_posix()}），无法核对提名限额",
                             f"No {where.name} in {batch.root.as_posix()}: quotas cannot be checked"),
                           _paths(batch.results))
    elif nominator.error is not None:
        yield BatchProblem(nominator.error, _paths(batch.results), hint=nominator.error_hint)


def _quota(batch):
    nominator = _nominator(batch)
    if nominator is None or nominator.kind is None:
        return None, None
    return nominator, batch.profile.section("nominators")["types"][nominator.kind]


def _beyond_quota(nominator, batch, limit: int, category: str | None = None) -> list:
    """The projects past the quota in the nominator's priority order (batch order without one), of one 类型 or
    of all: those are the ones to drop, the others pass."""
    ordered = priority_order(nominator, batch.results).ordered
    if category is not None:
        ordered = [r for r in ordered if _value(r, "category") == category]
    return ordered[limit:]


@rule("J002", "E", "通知 七(二)1",
      T("某一类型的提名项目数超过该提名单位类型的限额（设区市总工会各 4 项、省产业工会各 2 项、省级社会组织各 1 项）",
        "More projects of one 类型 than the nominator type allows"),
      T("按优先次序只保留限额内的项目", "Keep only the top projects within the quota"),
      scope="batch",
      how="按项目类型（小发明、小创造、小革新、小设计、小建议）分别数提名项目，与提名单位类型的每类限额比较：设区市总工会每类 4 项、省产业工会 2 项、省级社会组织 1 项。超过为错误，并按优先次序列出该类超出限额的项目，只有这些项目不通过：例如设区市总工会提名 4 项小革新通过；提名 5 项时，优先次序排第 5 的那一项不通过。其他社会组织只有总数限额，见 J003。")
def quota_per_category(batch):
    """设区市总工会可提名“五小”活动项目5个类别各4项，省产业工会各2项，省级社会组织各1项.

    PASS: a 设区市总工会 with 4 小革新 — FAIL: 5 小革新, and only the fifth in priority order (as J003).
    (其他社会组织 has a total only: J003.)
    """
    nominator, spec = _quota(batch)
    if spec is None or "per_category" not in spec:
        return
    limit = spec["per_category"]
    counts = defaultdict(int)
    for r in batch.results:
        if kind := _value(r, "category"):
            counts[kind] += 1
    for kind, n in counts.items():
        if n > limit:
            over = _beyond_quota(nominator, batch, limit, kind)
            yield BatchProblem(T(f"{nominator.kind}「{nominator.name}」提名{kind} {n} 项，每类限 {limit} 项；"
                                 f"按优先次序超出的是：{_names(over)}",
                                 f"{n} {kind} projects; {nominator.kind} may nominate {limit} per 类型"),
                               _paths(over))


@rule("J003", "E", "通知 七(二)1",
      T("提名项目总数超过限额（设区市总工会 20、省产业工会 10、省级社会组织 5、其他社会组织 2）",
        "More projects in all than the nominator type allows"),
      T("按优先次序只保留限额内的项目", "Keep only the top projects within the quota"),
      scope="batch",
      how="数批次中全部提名项目，与总数限额比较：设区市总工会 20 项、省产业工会 10 项、省级社会组织 5 项、其他社会组织 2 项。超过为错误，并按优先次序列出超出的项目；例如其他社会组织提名 2 项通过、3 项不通过。")
def quota_total(batch):
    """共 20 项 / 10 项 / 5 项; 其他社会组织可提名共 2 项. PASS: 其他社会组织 with 2 — FAIL: with 3."""
    nominator, spec = _quota(batch)
    if spec is None:
        return
    n, limit = len(batch.results), spec["total"]
    if n > limit:
        over = _beyond_quota(nominator, batch, limit)
        yield BatchProblem(T(f"{nominator.kind}「{nominator.name}」共提名 {n} 项，限 {limit} 项；"
                             f"按优先次序超出的是：{_names(over)}",
                             f"{n} projects; {nominator.kind} may nominate {limit} in all"),
                           _paths(over))


@rule("J004", "E", "通知 七(二)2",
      T("第一完成人为一线工人的项目不足 60%", "Under 60 % of projects have a frontline worker as first completer"),
      T("提高一线工人项目的比例：增加一线工人项目或减少其他项目", "Nominate more frontline workers' projects, or fewer others"),
      scope="batch",
      how="数一线职工类别为“一线工人”的项目占全部提名项目的比例，须不低于 60%（含 60%）：5 项中 3 项（60%）通过，2 项（40%）为错误。一线职工类别没有填的项目不算一线工人。")
def frontline_share(batch):
    """一线工人“五小”活动项目提名比例须在60%（含）以上: 3 of 5 (60 %) passes, 2 of 5 (40 %) fails.
    The share is of all the batch's nominations; a project whose 一线职工类别 is blank counts as not a worker.
    """
    n = len(batch.results)
    if n == 0:
        return
    share = Fraction(str(batch.profile.section("nominators").get("frontline_worker_min", 0.6)))
    workers = [r for r in batch.results if is_frontline_worker(r)]
    if Fraction(len(workers), n) < share:
        need = math.ceil(share * n)
        others = [r for r in batch.results if not is_frontline_worker(r)]
        yield BatchProblem(T(f"一线工人项目 {len(workers)} 项，占全部 {n} 项的 {len(workers) / n:.0%}，"
                             f"要求不低于 {float(share):.0%}（至少 {need} 项）",
                             f"{len(workers)} of {n} projects ({len(workers) / n:.0%}) are frontline workers'; "
                             f"at least {float(share):.0%} ({need}) required"),
                           _paths(others))


@rule("J005", "E/W", "通知 七(二)2",
      T("第一完成人为高级职称一线技术人员的项目超过 10%（错误）；恰好 10%（警告：“以下”是否含本数有歧义）",
        "Over 10 % of projects by senior-titled technicians (E); exactly 10 % (W: ambiguous)"),
      T("减少高级职称技术人员的项目，或增加其他项目", "Nominate fewer senior-titled technicians' projects"),
      scope="batch",
      how="数第一完成人为高级职称一线专业技术人员（职称级别为正高级、副高级，读不出级别时看职称名称，如“高级工程师”）的项目占全部提名项目的比例。超过 10% 为错误，例如 18 项中 2 项（11.1%）；11 项中 1 项（9.1%）通过。恰好 10%（如 10 项中 1 项）给警告：通知写“10%以下”而没写“（含）”，是否允许有歧义，请向省总工会确认。")
def senior_share(batch):
    """一线技术人员中职称为高级的，提名比例须在10%以下 (of all the batch's nominations): 1 of 11 (9.1 %)
    passes; 2 of 18 (11.1 %) fails. Exactly 10 % (1 of 10) is a warning: the notice writes “（含）” for the
    60 % bound and not here, while 以下 in Chinese law includes the number itself — ask the 省总工会.
    高级 = 职称级别 正高级/副高级, or a title such as 高级工程师 when the level cannot be read.
    """
    n = len(batch.results)
    if n == 0:
        return
    cap = Fraction(str(batch.profile.section("nominators").get("senior_title_below", 0.1)))
    seniors = [r for r in batch.results if is_senior_technician(r)]
    share = Fraction(len(seniors), n)
    if not seniors or share < cap:
        return
    allowed = math.ceil(cap * n) - 1
    exact = share == cap
    yield BatchProblem(T(f"高级职称一线技术人员的项目 {len(seniors)} 项（{_names(seniors)}），占全部 {n} 项的 "
                         f"{float(share):.1%}，" + (f"恰好 {float(cap):.0%}：通知写“{float(cap):.0%}以下”而未写“（含）”，"
                                                   f"是否允许恰好 {float(cap):.0%} 有歧义，请向省总工会确认" if exact else
                                                   f"要求在 {float(cap):.0%} 以下（最多 {allowed} 项）"),
                         f"{len(seniors)} of {n} projects ({float(share):.1%}) by senior-titled technicians; "
                         + (f"exactly {float(cap):.0%} is ambiguous (以下 without （含）)" if exact else
                            f"must be under {float(cap):.0%} (at most {allowed})")),
                       _paths(seniors), severity=WARNING if exact else None)


def _person_key(result) -> str | None:
    if id_number := _value(result, "id_number").upper():
        return id_number
    name = _value(result, "completer_name")
    return f"{name}@{_value(result, 'employer') or _value(result, 'unit')}" if name else None


@rule("J006", "E", "通知 二(二)4",
      T("同一人作为第一完成人被提名多次", "The same person is first completer of more than one project"),
      T("每人作为第一完成人只能被提名 1 次：只保留其中一项", "Keep one project per first completer"),
      scope="batch",
      how="同一人作为第一完成人只能被提名 1 次。按身份证号认人（没填身份证号时按姓名加单位），批次中同一人是两个及以上项目的第一完成人为错误。")
def completer_once(batch):
    """本次活动作为第一完成人，只能被提名 1 次. Same person = same 身份证号 (or, without one, same name and unit)."""
    groups = defaultdict(list)
    for r in batch.results:
        if key := _person_key(r):
            groups[key].append(r)
    for results in groups.values():
        if len(results) > 1:
            who = _value(results[0], "completer_name") or "（未填姓名）"
            yield BatchProblem(T(f"{who} 作为第一完成人被提名 {len(results)} 次：{_names(results)}",
                                 f"{who} is first completer of {len(results)} projects"), _paths(results))


def _project_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name)).lower()


@rule("J007", "E", "通知 二(一)5",
      T("同一项目在批次中出现多次（名称相同或专利号相同）", "The same project appears more than once (same name or patent)"),
      T("每个项目只能由一个提名单位提名一次：核对这些文件夹是否为同一项目，是则只保留其中一项提名",
        "Nominate each project once: if these folders are one project, keep one nomination"),
      scope="batch",
      how="每个项目只能提名一次：批次中两个文件夹的项目名称相同（不计空格和标点），或写有同一个专利号，为错误。例如《数控刀具快换装置》出现在两个文件夹中。专利号只比较号码本身（ZL 可有可无，12 位数字、校验位可省，或旧的 8 位数字加校验位；数字间的空格不计；CN 开头的公告号照写比较），所以 ZL202120123456.7、202120123456.7 与 ZL 2021 2012 3456.7 是同一专利；“无”“暂无”“申请中”等不是专利号，不比较。")
def project_once(batch):
    """每个项目只能由一个提名单位提名 — within the batch: the same 项目名称 (ignoring spaces and punctuation)
    or the same 专利号 twice. FAIL: 《数控刀具快换装置》 in two folders; ZL202120123456.7 and 202120123456.7.
    PASS: two projects whose 专利号 is 无 (most 五小 projects have no patent).
    """
    seen = set()
    by_name, by_patent = defaultdict(list), defaultdict(list)
    for r in batch.results:
        if key := _project_key(r.name):
            by_name[key].append(r)
        for key, number in {patent_key(n): n for n in patent_numbers(_value(r, "patent"))}.items():
            by_patent[key].append((number, r))
    groups = [("项目名称相同", "Same 项目名称", results) for results in by_name.values()]
    for written in by_patent.values():  # quoted as written with its check digit, where one project gave it
        number = max((n for n, _r in written), key=len)
        groups.append((f"专利号 {number} 相同", f"Same patent {number}", [r for _n, r in written]))
    for zh, en, results in groups:
        paths = _paths(results)
        if len(results) > 1 and paths not in seen:
            seen.add(paths)
            yield BatchProblem(T(f"{zh}的项目出现 {len(results)} 次：{'、'.join(paths)}",
                                 f"{en} in {len(results)} folders"), paths)


@rule("J008", "E/W", "附件1",
      T("优先次序（nominator.toml 的 order）列出了不存在的项目、漏列或重复列出项目（错误）；没有给出次序（警告）",
        "The priority order lists unknown projects, misses or repeats some (E); no order given (W)"),
      T("在 nominator.toml 中写 order = [\"项目文件夹名\", …]，按优先次序列出每个项目各一次",
        "Write order = [\"folder\", …] in nominator.toml, each project once, highest priority first"),
      scope="batch",
      how="提名函要按优先次序列出项目：nominator.toml 的 order 须把每个项目（文件夹名或项目名称）各列一次。列了不存在的项目、重复列出或漏列为错误；没写 order 只给警告，提名函将按文件夹名排序。")
def priority(batch):
    """提名函 lists the projects 按优先次序排序: nominator.toml's ``order`` names each project (folder or
    project name) once. Without it the letter falls back to folder order (warning).
    """
    nominator = _nominator(batch)
    if nominator is None or nominator.error is not None:
        return
    if not nominator.has_order:
        yield BatchProblem(T("nominator.toml 没有写优先次序（order），提名函将按文件夹名排序",
                             "nominator.toml gives no order; the letter uses folder order"), severity=WARNING)
        return
    ordering = priority_order(nominator, batch.results)
    if ordering.unknown:
        yield BatchProblem(T(f"优先次序中的「{'」「'.join(ordering.unknown)}」不是本批次的项目",
                             f"Order entries match no project: {', '.join(ordering.unknown)}"))
    if ordering.repeated:
        yield BatchProblem(T(f"优先次序中重复列出：{'、'.join(ordering.repeated)}", "Order lists a project twice"))
    if ordering.missing:
        yield BatchProblem(T(f"优先次序漏列了 {len(ordering.missing)} 个项目：{_names(ordering.missing)}",
                             f"Order misses {len(ordering.missing)} projects"), _paths(ordering.missing))


@rule("J009", "E/W", "附件1",
      T("提名函的工作情况（summary）超过 400 字（错误）；没有填写（警告）", "Letter summary over 400 字 (E); empty (W)"),
      T("在 nominator.toml 的 summary 中写推进职工科技创新工作情况，限 400 字",
        "Write the work summary in nominator.toml, at most 400 字"),
      scope="batch",
      how="统计 nominator.toml 中 summary（提名函里推进职工科技创新工作情况）的字数，上限 400 字：400 字通过，401 字为错误；没有填写给警告。" + ZISHU)
def letter_summary(batch):
    """附件1: 近年来，（推进职工科技创新工作情况，包括创新型班组建设、给予提名项目和职工的待遇荣誉等支持，限 400 字）.
    400 字 passes, 401 fails.
    """
    nominator = _nominator(batch)
    if nominator is None or nominator.error is not None:
        return
    limit = batch.profile.section("nominators").get("summary_max_zi", 400)
    n = count_zi(nominator.summary)
    if n == 0:
        yield BatchProblem(T("nominator.toml 没有填写提名函的工作情况（summary）", "No summary in nominator.toml"),
                           severity=WARNING)
    elif n > limit:
        yield BatchProblem(T(f"提名函工作情况 {n} 字，超出上限 {limit} 字", f"Letter summary: {n} 字, over {limit}"))


RULES = [nominator_file, quota_per_category, quota_total, frontline_share, senior_share, completer_once,
         project_once, priority, letter_summary]
