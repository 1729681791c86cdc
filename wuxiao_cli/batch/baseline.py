"""`--baseline OLD.json`: compare a report with an earlier one, finding by finding.

A finding is matched by (project, rule, file, field): its message may change as numbers move
(a photo still too small, but less so) and it is still the same problem. Repeated keys are matched
by count. New findings are marked ``new`` (新增), matched ones ``persisting`` (仍存在); old ones with no
match are fixed (已修复), listed per project and in the summary. Batch findings match by (rule, projects).
The JSON keys are ASCII; the rendered reports show the Chinese LABELS. Only the old report's
projects and findings are read, so reports written before the keys became ASCII still work.
A project is the one with the same path, else the one whose path ends in the most of the same folder
names: the batch checked again by a relative path, from another folder, or on a copy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from wuxiao_cli.capped import TooLarge, read_capped

NEW, STILL = "new", "persisting"
# A 330-project batch's JSON report is a few MB; json holds ~4 times a file's size while parsing it
BASELINE_BYTES = 64 * 1024 * 1024
LABELS = {"new": "新增", "persisting": "仍存在", "fixed": "已修复"}


class BaselineError(Exception):
    """The earlier report cannot be used: unreadable, not JSON, or not a wuxiao report."""


def load_baseline(path: Path) -> dict:
    try:
        data = json.loads(read_capped(path, BASELINE_BYTES).decode("utf-8-sig"))
    except TooLarge as exc:
        raise BaselineError(f"基线报告 {path} 过大：{exc.why.zh}，未读取；请给出 `wuxiao check --format json -o 文件` "
                            "生成的报告") from None
    except OSError as exc:
        raise BaselineError(f"无法读取基线报告 {path}：{exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"基线报告 {path} 不是有效的 JSON：{exc}") from None
    except (RecursionError, MemoryError, ValueError):  # [[[… nested 100,000 deep: the user's file, not our fault
        data = None
    if not isinstance(data, dict) or data.get("tool") != "wuxiao" or not isinstance(data.get("projects"), list):
        raise BaselineError(f"{path} 不是 wuxiao 的 JSON 报告（请用 `wuxiao check --format json -o 文件` 生成）")
    return data


def _parts(path: str) -> tuple[str, ...]:
    """A project's path as its folder names, however it was typed (/ or \\, relative, NFC or NFD)."""
    return tuple(p for p in re.split(r"[\\/]+", unicodedata.normalize("NFC", path)) if p not in ("", "."))


def _shared_tail(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def match_projects(new: list[str], old: list[str]) -> dict[str, str]:
    """Each new project path → its old one: the same path; else the old path that ends in the most of the
    same folder names (at least the project's own), when no other old path ends in as many; else, when
    both reports hold one project, that one (`check .` then `check D:\\五小\\成果`)."""
    matched = {p: p for p in new if p in set(old)}
    by_name = defaultdict(list)
    for q in old:
        if q not in matched.values():
            by_name[_parts(q)[-1:]].append(q)
    for p in new:
        if p in matched:
            continue
        parts = _parts(p)
        scored = [(_shared_tail(parts, _parts(q)), q) for q in by_name.get(parts[-1:], ()) if q not in matched.values()]
        best = max((score for score, _ in scored), default=0)
        if best and [score for score, _ in scored].count(best) == 1:
            matched[p] = next(q for score, q in scored if score == best)
    if len(new) == len(old) == 1 and not matched:
        matched[new[0]] = old[0]
    return matched


def _key(f: dict) -> tuple:
    return (f.get("rule"), f.get("file"), f.get("field"))


def _batch_key(b: dict) -> tuple:
    return (b.get("rule"), tuple(b.get("projects") or ()))


def _mark(new_items: list[dict], old_items: list[dict], key) -> list[dict]:
    """Stamp each new item NEW/STILL; return the old items that are gone (fixed)."""
    remaining = Counter(key(o) for o in old_items)
    for item in new_items:
        k = key(item)
        if remaining[k] > 0:
            remaining[k] -= 1
            item["baseline"] = STILL
        else:
            item["baseline"] = NEW
    fixed = []
    for o in old_items:
        if remaining[key(o)] > 0:
            remaining[key(o)] -= 1
            fixed.append(o)
    return fixed


def _fixed_entry(f: dict) -> dict:
    return {"rule": f.get("rule"), "severity": f.get("severity"), "file": f.get("file"),
            "field": f.get("field"), "message": f.get("message")}


def apply_baseline(report: dict, old: dict, source: str) -> dict:
    """Annotate ``report`` (a SPEC §4 dict) in place against ``old``; returns it."""
    old_projects = {p.get("path"): p for p in old.get("projects", []) if isinstance(p, dict)}
    projects = report["projects"]
    now = [p["path"] for p in projects]
    was = match_projects(now, [q for q in old_projects if isinstance(q, str)])

    def mark(project: dict) -> None:
        before = old_projects.get(was.get(project["path"])) or {}
        old_findings = [f for f in before.get("findings", []) if isinstance(f, dict)]
        project["fixed"] = [_fixed_entry(f) for f in _mark(project["findings"], old_findings, _key)]

    if isinstance(projects, list):
        for project in projects:
            mark(project)
    else:  # a batch's ProjectDicts, made afresh on each read: every read is marked
        projects.mark(mark)
    counts = Counter()
    fixed_all = []
    here = set()
    for project in projects:
        here.add(project["path"])
        fixed_all.extend({"project": project["path"], **f} for f in project["fixed"])
        counts.update(f["baseline"] for f in project["findings"])
    # Projects no longer in the batch: what they had is not "fixed", it is gone with them.
    gone = sorted(p for p in old_projects if isinstance(p, str) and p not in was.values())
    renamed = {q: p for p, q in was.items()}  # old batch findings name the projects by their old paths
    old_batch = [{**b, "projects": [renamed.get(q, q) for q in b.get("projects") or () if isinstance(q, str)]}
                 for b in old.get("batch_findings", []) if isinstance(b, dict)]
    fixed_batch = _mark(report.get("batch_findings", []), old_batch, _batch_key)
    counts.update(b["baseline"] for b in report.get("batch_findings", []))
    report["summary"]["baseline"] = {
        "against": source,
        NEW: counts[NEW], STILL: counts[STILL], "fixed_count": len(fixed_all) + len(fixed_batch),
        "fixed": fixed_all,
        "fixed_batch": [{"rule": b.get("rule"), "projects": b.get("projects"), "message": b.get("message")}
                        for b in fixed_batch],
        "projects_gone": gone,
    }
    return report
