"""Run a profile's rules over a project folder and collect the findings. Never prints, never raises."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.findings import ALL, ERROR, WARNING, Finding, Problem
from wuxiao_cli.profile import Profile
from wuxiao_cli.project import Project
from wuxiao_cli.text import MESSAGE_CHARS, T, clip, readable, safe
from wuxiao_cli.waivers import Waiver, WaiverError, project_waivers


@dataclass(frozen=True)
class Options:
    """What the user asked for, beyond the profile: waivers and language.

    ``ignore``/``reason`` are the --ignore/--reason options; ``waivers`` come from files (wuxiao.toml,
    --waivers, a package manifest).
    """

    ignore: frozenset[str] = frozenset()
    reason: str = ""
    lang: str = "zh"
    waivers: tuple[Waiver, ...] = ()

    def all_waivers(self) -> list[Waiver]:
        return [*(Waiver(r, self.reason) for r in sorted(self.ignore)), *self.waivers]

    def waiver_for(self, rule_id: str, file: str | None) -> Waiver | None:
        return next((w for w in self.all_waivers() if w.covers(rule_id, file)), None)


@dataclass
class ProjectResult:
    path: str
    name: str
    findings: list[Finding] = field(default_factory=list)
    unit: str = ""
    union: str = ""
    root: Path | None = None
    fields: dict = field(default_factory=dict)  # the form as loaded: batch rules read it, JSON leaves it out
    batch_errors: int = 0  # error-level batch findings (B001 …) naming this project: it fails like any error
    waivers: list[Waiver] = field(default_factory=list)  # the project's own (wuxiao.toml), as applied
    media: list | None = None  # batch.duplicates.MediaFile per photo/video/audio, for B003 (None: not gathered)
    cards: list | None = None  # report.gallery.Card per file, made only when an HTML report is asked for
    bars: list | None = None  # report.gallery.Bar per form field with a 字数 limit, made with the cards

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR and not f.waived) + self.batch_errors

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING and not f.waived)

    def passed(self, strict: bool = False) -> bool:
        return self.errors == 0 and (not strict or self.warnings == 0)

    def to_dict(self, strict: bool = False) -> dict:
        return {
            "path": self.path,
            "name": self.name,
            "unit": self.unit,
            "union": self.union,
            "status": "pass" if self.passed(strict) else "fail",
            "errors": self.errors,
            "warnings": self.warnings,
            "batch_errors": self.batch_errors,
            "findings": [f.to_dict() for f in self.findings],
        }


def stamp(rule: rules.Rule, problem: Problem, profile: Profile, options: Options) -> Finding:
    severity = profile.severity_for(rule.id) or problem.severity or rule.default_severity
    hint = problem.hint or rule.hint_under(profile)  # the rule's own, with this profile's numbers
    waiver = options.waiver_for(rule.id, problem.file)
    return Finding(
        rule=rule.id,
        severity=severity,
        message=clip(safe(problem.message(options.lang)), MESSAGE_CHARS),  # a quoted text never floods the report,
        hint=clip(safe(hint(options.lang)), MESSAGE_CHARS),  # nor drives the terminal: ESC in a name shows as \x1b
        clause=profile.clause_of(rule),
        file=readable(problem.file) if problem.file else problem.file,  # a non-UTF-8 name: bytes as \xb8
        field=problem.field,
        waived=waiver is not None,
        reason=safe(waiver.reason) if waiver and waiver.reason else None,
    )


def run_rules(project: Project, options: Options) -> list[Finding]:
    findings: list[Finding] = []
    replaced: set[str] = set()  # rule IDs another finding stands for (Problem.replaces)
    whole: list[Finding] = []  # findings that stand for all the others
    for rule in rules.for_profile(project.profile):
        project.checkpoint()
        try:
            problems = list(rule.check(project))
        except MemoryError:  # not this rule's bug: the batch runner reports the project as out of memory
            raise
        except Exception as exc:  # a rule bug must not hide the other findings: report it as a finding
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problems = [Problem(
                T(f"检查 {rule.id} 时程序出错：{type(exc).__name__}: {exc}（{Path(where.filename).name}:{where.lineno}）",
                  f"Internal error while checking {rule.id}: {type(exc).__name__}: {exc}"),
                hint=T("这是 wuxiao 的缺陷，请把此信息反馈给开发者", "This is a wuxiao bug; please report it"),
                severity=ERROR,
            )]
        for p in problems:
            findings.append(found := stamp(rule, p, project.profile, options))
            if not found.waived:
                replaced.update(p.replaces)
                if ALL in p.replaces:
                    whole.append(found)
    if ALL in replaced:  # no project at all: only what said so, the rest would all be false
        kept = [f for f in findings if f in whole]
    else:
        kept = [f for f in findings if not (f.rule in replaced and f.file is None)]
    return sorted(kept, key=Finding.sort_key)


def check_project(root: Path, profile: Profile, options: Options = Options(), display: str | None = None,
                  project: Project | None = None) -> ProjectResult:
    """Check one project folder; every problem, including unreadable files, comes back as a finding.

    The project's own wuxiao.toml waivers apply here (the CLI refuses a broken one before checking).
    ``project``: the caller's Project of ``root``, whose facts read here it reuses afterwards (report cards).
    """
    try:
        own = project_waivers(root, display)
    except WaiverError:
        own = []
    if own:
        options = replace(options, waivers=(*options.waivers, *own))
    project = project or Project(root, profile, display)
    findings = run_rules(project, options)
    form = profile.data["form"]
    return ProjectResult(
        path=project.display,
        name=project.name,
        findings=findings,
        unit=_text(project.field(form.get("unit_field", "unit"))),
        union=_text(project.field(form.get("union_field", "union"))),
        root=root,
        fields=dict(project.form.data or {}),
        waivers=own,
    )


@dataclass
class Batch:
    """What batch-scope rules (B, J) see: the profile, the parent folder if one was given, every result."""

    profile: Profile
    results: list[ProjectResult]
    root: Path | None = None


def _text(value) -> str:
    return value if isinstance(value, str) else ""
