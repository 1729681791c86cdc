"""Run the batch-scope rules (B…) over a batch's results and stamp what they find as report dicts."""

from __future__ import annotations

import traceback
from pathlib import Path

from wuxiao_cli import rules
from wuxiao_cli.engine import Batch, Options
from wuxiao_cli.findings import ERROR, SEVERITY_ORDER, BatchProblem
from wuxiao_cli.text import MESSAGE_CHARS, T, clip, safe


def run_batch_rules(batch: Batch, options: Options) -> list[dict]:
    """SPEC §4 ``batch_findings``: rule, severity, projects, message (+ hint, clause, waived).

    A project named in an error-level batch finding fails like any error: its result counts it
    (``batch_errors``), so the totals, the 汇总 sheet, the quota and the 整改清单 all follow. Error
    rules run first, so that B004 counts only projects that really pass.
    """
    out = []
    ordered = sorted(rules.for_profile(batch.profile, scope="batch"),
                     key=lambda r: (batch.profile.severity_for(r.id) or r.default_severity) != ERROR)
    for r in ordered:
        try:
            problems = list(r.check(batch))
        except Exception as exc:  # a rule bug becomes a finding, never a traceback
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problems = [BatchProblem(
                T(f"检查 {r.id} 时程序出错：{type(exc).__name__}: {exc}（{Path(where.filename).name}:{where.lineno}）",
                  f"Internal error while checking {r.id}: {type(exc).__name__}: {exc}"),
                hint=T("这是 wuxiao 的缺陷，请把此信息反馈给开发者", "This is a wuxiao bug; please report it"),
                severity=ERROR)]
        for p in problems:
            severity = batch.profile.severity_for(r.id) or p.severity or r.default_severity
            item = {"rule": r.id, "severity": severity, "projects": list(p.projects),
                    "message": clip(safe(p.message(options.lang)), MESSAGE_CHARS),  # as engine.stamp
                    "hint": clip(safe((p.hint or r.hint)(options.lang)), MESSAGE_CHARS),
                    "clause": batch.profile.clause_of(r)}
            if (waiver := options.waiver_for(r.id, None)) is not None:
                item["waived"] = True
                if waiver.reason:
                    item["reason"] = safe(waiver.reason)
            elif severity == ERROR:
                _charge(batch.results, item["projects"])
            out.append(item)
    return sorted(out, key=lambda b: (b.get("waived", False), SEVERITY_ORDER[b["severity"]], b["rule"]))


def _charge(results, paths) -> None:
    """Count an error-level batch finding against every project it names (a batch's spooled Results
    keep the count beside the results, which are read-only once spooled)."""
    if hasattr(results, "charge"):
        results.charge(paths)
        return
    for result in results:
        if result.path in paths:
            result.batch_errors += 1
