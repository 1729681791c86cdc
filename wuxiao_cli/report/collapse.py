"""Repeated findings of one rule on one file, told once: ``Q017 解析为空：题库!J3–J21 共 18 行``.

Rules that judge a workbook cell by cell say where in the message (``题库!J13：解析为空``). Rendered
reports (the terminal's Findings, the HTML report's finding dicts) fold a run of such findings into one
line; the JSON keeps every finding as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wuxiao_cli.findings import Finding

_CELL = re.compile(r"^(?:(?P<sheet>[^!：]+)!)?(?P<col>[A-Z]{1,3})(?P<row>\d+)：(?P<rest>.+)$", re.S)
MIN_RUN = 3  # two findings read fine on their own


@dataclass
class Line:
    """One rendered finding: ``count`` > 1 when several cell findings were folded into it."""

    finding: Finding | dict  # the first of the run, as given
    message: str
    count: int = 1
    cells: list[str] = field(default_factory=list)


def _span(col: str, rows: list[int], lang: str) -> str:
    rows = sorted(rows)
    contiguous = rows[-1] - rows[0] + 1 == len(rows)
    if contiguous:
        where = f"{col}{rows[0]}–{col}{rows[-1]}"
    else:
        shown = "、".join(f"{col}{r}" for r in rows[:6]) + ("…" if len(rows) > 6 else "")
        where = shown
    return f"{where} 共 {len(rows)} 行" if lang == "zh" else f"{where} ({len(rows)} rows)"


def collapse(findings: list, lang: str = "zh") -> list[Line]:
    """Fold runs (≥ MIN_RUN) of one rule, file, sheet, column and wording; keep the findings' order.

    ``findings`` are Findings or their report dicts (``Finding.to_dict()``, perhaps with a baseline mark)."""
    keyed = []  # (finding, message, what its run shares or None, cell match)
    for f in findings:
        d = f if isinstance(f, dict) else f.to_dict()
        m = _CELL.match(d["message"])
        key = m and (d["rule"], d["severity"], d.get("waived", False), d.get("file"), d.get("field"),
                     d.get("baseline"), m["sheet"], m["col"], m["rest"])
        keyed.append((f, d["message"], key, m))
    groups: dict[tuple, list[tuple[Finding | dict, re.Match]]] = {}
    for f, _message, key, m in keyed:
        if key:
            groups.setdefault(key, []).append((f, m))
    folded = {k: v for k, v in groups.items() if len(v) >= MIN_RUN}
    out: list[Line] = []
    done: set[tuple] = set()
    for f, message, key, m in keyed:
        if key not in folded:
            out.append(Line(f, message))
            continue
        if key in done:
            continue
        done.add(key)
        run = folded[key]
        sheet = f"{m['sheet']}!" if m["sheet"] else ""
        rows = [int(x["row"]) for _, x in run]
        message = f"{m['rest']}：{sheet}{_span(m['col'], rows, lang)}"
        out.append(Line(f, message, len(run), [f"{sheet}{x['col']}{x['row']}" for _, x in run]))
    return out
