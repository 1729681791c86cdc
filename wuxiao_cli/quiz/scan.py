"""One streaming pass over every quiz set of a project.

The per-question checks of rules/quiz.py (declared with :func:`per_question`) all run on each row
as it is read, so a 50,000-row bank is read once and never held in memory. Each check's problems
are kept per rule and per file, the first ``max_findings_per_rule`` in full, then one summary line.
"""

from __future__ import annotations

import functools
import itertools
import math
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from wuxiao_cli.findings import Problem
from wuxiao_cli.quiz import EXAMPLE_MARKS, KINDS, LETTERS, OPTION_COLUMNS
from wuxiao_cli.quiz.answers import parse_kind
from wuxiao_cli.quiz.loader import BankError, find_banks, open_bank
from wuxiao_cli.quiz.sources import origin
from wuxiao_cli.text import T

DEFAULT_MAX_FINDINGS = 20


class Question:
    """One filled row of a quiz set. ``get(name)`` is None when the set has no such column.

    Made once per row and asked by every per-question check (650,000 times for a 50,000-row bank):
    a slotted class whose kind and filled options are worked out once, when it is made.
    """

    __slots__ = ("file", "sheet", "row", "cells", "columns", "kind", "filled")

    def __init__(self, file: str, sheet: str, row: int, cells: dict[str, str], columns: dict[str, str]):
        self.file, self.sheet, self.row = file, sheet, row
        self.cells = cells  # template name → text, for the set's columns only
        self.columns = columns  # template name → column letter
        raw = cells.get("题型", "")
        # 单选题 / 多 选 题 read as the kind they mean (Q005 warns), so the answer checks still apply
        self.kind: str = raw if raw in KINDS else (parse_kind(raw) or (raw,))[0]
        # letters of the filled options among 答案A–F, in order: "ABCD" (a missing column counts as empty)
        self.filled: str = "".join(itertools.compress(LETTERS, map(cells.get, OPTION_COLUMNS, _NO_TEXT)))

    def get(self, name: str) -> str | None:
        return self.cells.get(name)

    def text(self, name: str) -> str:
        return self.cells.get(name, "")

    def at(self, name: str) -> str:
        """Where a cell is, as Excel shows it: 题库!I12."""
        return f"{self.sheet}!{self.columns.get(name, '?')}{self.row}"

    @property
    def is_example(self) -> bool:
        return self.text("题目内容").startswith(EXAMPLE_MARKS)


_NO_TEXT = ("",) * len(OPTION_COLUMNS)


@dataclass
class Context:
    """What per-question checks share: the profile's numbers, the videos' length, questions seen so far."""

    video_limit: int | None = None  # whole seconds a time range may reach; None when no video was measured
    video_names: str = ""
    seen: dict[int, str] = field(default_factory=dict)  # normalised 题目内容 → where it first appeared
    repeats: int = 0  # questions found in ``seen`` already (Q015): Q004 counts the others


@dataclass
class SetResult:
    """One quiz set (file) as read."""

    rel: str
    kind: str = "xlsx"
    error: T | None = None  # why it cannot be read (Q002)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_row: int | None = None
    found: list[tuple[str, str]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    questions: int = 0
    per_sheet: dict[str, int] = field(default_factory=dict)  # sheet title → questions, every sheet with a header
    examples: list[str] = field(default_factory=list)  # locations of template example rows (Q020)

    @property
    def readable(self) -> bool:
        return self.error is None and self.header_row is not None


@dataclass
class ProjectScan:
    sets: list[SetResult] = field(default_factory=list)
    problems: dict[Callable, list[Problem]] = field(default_factory=dict)
    from_video: int = 0
    from_text: int = 0
    repeats: int = 0  # questions that repeat an earlier one, as Q015 compares them

    @property
    def total(self) -> int:
        return sum(s.questions for s in self.sets)


QuestionCheck = Callable[[Question, Context], Iterable[Problem]]
ROW_CHECKS: list[QuestionCheck] = []
_SCANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def per_question(check: QuestionCheck):
    """Turn a per-question check into a rule check: ``@rule(...)`` then ``@per_question`` on ``def f(q, ctx)``."""
    ROW_CHECKS.append(check)

    @functools.wraps(check)
    def rule_check(project):
        yield from scan_project(project).problems.get(check, [])

    return rule_check


def bank_entries(project) -> list:
    """The sets to read: a standalone bank (``wuxiao quiz check``) names its own; a project finds them."""
    own = getattr(project, "bank_entries", None)
    return list(own) if own is not None else find_banks(project)


def scan_project(project) -> ProjectScan:
    """The scan of this project's quiz sets, made once however many rules ask."""
    if project not in _SCANS:
        _SCANS[project] = _scan(project)
    return _SCANS[project]


def _video_context(project) -> Context:
    if getattr(project, "bank_entries", None) is not None:
        return Context()  # a bank checked on its own has no videos to compare with
    from wuxiao_cli.rules.videos import playable

    measured = [(e, f.duration) for e, f in playable(project) if f.duration]
    if not measured:
        return Context()
    # time ranges are written in whole seconds: a 20.0 s video may be cited up to 00:20, a 20.3 s one to 00:21
    limit = max(math.ceil(d - 0.05) for _, d in measured)
    return Context(video_limit=limit, video_names="、".join(f"{e.name}（{d:.1f} 秒）" for e, d in measured))


def _scan(project) -> ProjectScan:
    scan = ProjectScan()
    ctx = _video_context(project)
    cap = project.profile.section("quiz").get("max_findings_per_rule", DEFAULT_MAX_FINDINGS)
    for entry in bank_entries(project):
        result = SetResult(entry.rel)
        scan.sets.append(result)
        try:
            bank = open_bank(entry.path)
        except BankError as exc:
            result.error, result.kind = exc.message, exc.kind
            continue
        with bank:
            result.sheet, result.sheets, result.header_row = bank.sheet, bank.sheets, bank.header_row
            result.found = bank.found
            result.columns = {name: bank.letter(name) for name in bank.columns}
            _scan_rows(bank, result, scan, ctx, cap)
    scan.repeats = ctx.repeats
    return scan


def _scan_rows(bank, result: SetResult, scan: ProjectScan, ctx: Context, cap: int) -> None:
    """Every sheet of the set that carries the template's header, in workbook order, as one set."""
    counts: dict[Callable, int] = {}
    overflow: dict[Callable, list[tuple[str, int]]] = {}
    for table in bank.tables:
        if not _scan_table(table, result, scan, ctx, cap, counts, overflow):
            break
    for check, rows in overflow.items():
        sheets = list(dict.fromkeys(sheet for sheet, _ in rows))
        shown = "、".join(str(r) if len(sheets) == 1 else f"{s}!{r}" for s, r in rows[:10]) + ("…" if len(rows) > 10 else "")
        where = f"工作表“{sheets[0]}”第 {shown} 行" if len(sheets) == 1 else f"第 {shown} 行"
        scan.problems[check].append(Problem(
            T(f"{result.rel}：另有 {len(rows)} 行同样的问题（{where}）",
              f"{result.rel}: {len(rows)} more rows with the same problem (rows {shown})"),
            file=result.rel, severity=scan.problems[check][-1].severity))


def _formula_hint(problem: Problem, cells: list[str]) -> Problem:
    """A finding on a cell that holds a formula never calculated says so: the cell is not really blank."""
    named = [c for c in cells if c in problem.message.zh]
    if not named:
        return problem
    where = "、".join(named)
    return replace(problem, hint=T(f"{where} 是公式，没有计算结果（公式未计算，请在 Excel/WPS 中打开并保存一次）",
                                   f"{where} holds a formula that was never calculated: open the file in Excel/WPS "
                                   "and save it once"))


def _scan_table(table, result: SetResult, scan: ProjectScan, ctx: Context, cap: int,
                counts: dict[Callable, int], overflow: dict[Callable, list[tuple[str, int]]]) -> bool:
    """One sheet's questions; False when the file is damaged part-way (the rest is not read)."""
    number = table.header_row or 0
    columns = {name: table.letter(name) for name in table.columns}
    result.per_sheet.setdefault(table.sheet, 0)
    rows = table.rows()
    while True:
        try:
            number, cells = next(rows)
        except StopIteration:
            return True
        except Exception as exc:  # XML damaged part-way through: report what was read and where it stopped
            result.kind = "damaged"
            where = f"工作表“{table.sheet}”" if len(result.per_sheet) > 1 else ""
            result.error = T(f"读到{where}第 {number} 行后文件损坏，无法继续读取（{type(exc).__name__}）",
                             f"damaged after row {number} of sheet {table.sheet} ({exc})")
            return False
        q = Question(result.rel, table.sheet, number, cells, columns)
        if q.is_example:
            result.examples.append(q.at("题目内容"))
            continue
        result.questions += 1
        result.per_sheet[table.sheet] += 1
        video, text = origin(q.text("来源"))
        scan.from_video += video
        scan.from_text += text
        blank_formulas = [q.at(name) for name in table.uncalculated_names(number)] if table.uncalculated else ()
        for check in ROW_CHECKS:
            for problem in check(q, ctx):
                if blank_formulas:
                    problem = _formula_hint(problem, blank_formulas)
                counts[check] = counts.get(check, 0) + 1
                if counts[check] <= cap:
                    scan.problems.setdefault(check, []).append(
                        problem if problem.file else replace(problem, file=result.rel))
                else:
                    overflow.setdefault(check, []).append((table.sheet, number))
