"""--report FILE.html: one self-contained page a clerk reads in a browser, on a phone, or on paper.

``render_html`` is a pure function from the report dict (SPEC §4) and the gallery (report.gallery)
to HTML text: no network, no external files (pictures are data: URIs), no scripts. The local web
app of a later release shows the same page. Reporters never judge.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter

from wuxiao_cli.clauses import clause_title
from wuxiao_cli.report.collapse import collapse
from wuxiao_cli.report.gallery import Bar, Card
from wuxiao_cli.text import heading, safe

WORDS = {
    "zh": {"lang": "zh", "title": "“五小”创新成果材料检查报告", "pass": "通过", "fail": "不通过", "error": "错误",
           "warning": "警告", "info": "提示", "projects": "项目", "first": "先改这几件事",
           "more": "另有 {n} 个错误，见下文各项目", "batch": "整个批次", "whole": "整个项目与表单",
           "files": "文件", "fields": "表单字数", "clause": "依据", "fix": "修改方法", "waived": "已豁免",
           "waivers": "豁免", "reason": "豁免理由：", "limit": "上限", "at_least": "下限", "zi": "字", "none": "没有问题",
           "baseline": {"new": "新增", "persisting": "仍存在", "fixed": "已修复"}, "fixed_list": "上次的问题已修复",
           "made": "生成于 {when}，wuxiao {version}，规则集 {profile}"},
    "en": {"lang": "en", "title": "五小 submission check report", "pass": "pass", "fail": "fail", "error": "error",
           "warning": "warning", "info": "info", "projects": "projects", "first": "Fix these first",
           "more": "{n} more error(s) below, per project", "batch": "Whole batch", "whole": "Project and form",
           "files": "Files", "fields": "Form 字数", "clause": "clause", "fix": "fix", "waived": "waived",
           "waivers": "Waivers", "reason": "Waived because: ", "limit": "max", "at_least": "min", "zi": "字", "none": "no problems",
           "baseline": {"new": "new", "persisting": "still there", "fixed": "fixed"}, "fixed_list": "Fixed since last time",
           "made": "Made {when} by wuxiao {version}, profile {profile}"},
}
FIRST_FIXES = 10

CSS = """
:root{--red:#b42318;--amber:#a15c07;--green:#067647;--line:#d0d5dd;--soft:#f2f4f7}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;max-width:1100px;
padding:12px;color:#101828;line-height:1.5;font-size:15px}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:0 0 6px}h3{font-size:15px;margin:12px 0 6px}
.meta{color:#475467;font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:bold;font-size:13px}
.b-pass{background:var(--green)}.b-fail{background:var(--red)}
.b-error{background:var(--red)}.b-warning{background:var(--amber)}.b-info{background:#475467}
.b-waived{background:#98a2b3}.b-base{background:#344054}
.counts{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0}
.count{border:1px solid var(--line);border-radius:8px;padding:6px 12px;min-width:90px}
.count b{display:block;font-size:22px}
section{border:1px solid var(--line);border-radius:10px;padding:12px;margin:12px 0}
ol.first li{margin:4px 0}
ul.findings{list-style:none;padding:0;margin:6px 0}
ul.findings li{border-left:4px solid var(--line);padding:2px 8px;margin:4px 0;background:var(--soft)}
li.s-error{border-color:var(--red)!important}li.s-warning{border-color:var(--amber)!important}
.hint{display:block}.hint code{font-family:Consolas,Menlo,monospace;background:#f2f4f7;padding:0 3px;border-radius:3px}.clause{color:#475467;font-size:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px;display:flex;flex-direction:column;gap:6px}
.card-head{display:flex;gap:8px}
.thumb{position:relative;flex:0 0 auto;width:120px;align-self:flex-start}
.thumb img{display:block;width:120px;height:auto;border:1px solid var(--line)}
.seal{position:absolute;border:3px solid #12b76a;border-radius:50%}
.file{font-weight:bold;word-break:break-all}.facts{color:#475467;font-size:13px}
.bar{display:grid;grid-template-columns:9em 1fr 9em;gap:8px;align-items:center;margin:3px 0}
.track{background:var(--soft);border:1px solid var(--line);height:12px;border-radius:6px;overflow:hidden}
.fill{height:100%;background:var(--green)}.fill.over{background:var(--red)}
@media (max-width:600px){body{font-size:14px;padding:6px}.cards{grid-template-columns:1fr}
.bar{grid-template-columns:6em 1fr 6em}}
@media print{@page{size:A4;margin:12mm}body{max-width:none;font-size:11pt}
section.project{break-before:page}li,.bar,.card-head{break-inside:avoid}.card-head{break-after:avoid}
.cards{display:block}.card{margin-bottom:8px}
.badge,.fill,.b-pass,.b-fail{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def escape(text: object) -> str:
    """Text as the page shows it: markup escaped, and a name's ESC or U+202E visible (text.safe), not acted on."""
    return html.escape(safe(text))


def render_html(data: dict, cards: dict[str, list[Card]], bars: dict[str, list[Bar]], lang: str = "zh",
                when: dt.datetime | None = None) -> str:
    """The page for a report dict; ``cards``/``bars`` are keyed by project path (missing: none shown)."""
    w = WORDS.get(lang, WORDS["zh"])
    when = when or dt.datetime.now().astimezone()
    s = data["summary"]
    projects = sorted(data["projects"], key=lambda p: p["path"])  # read once: a batch's are loaded on demand
    ok = s["failed"] == 0 and not any(b["severity"] == "error" and not b.get("waived") for b in data["batch_findings"])
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(w['title'])}</title>", f"<style>{CSS}</style>", "</head>", "<body>", "<header>",
           f"<h1>{escape(w['title'])} {_badge('pass' if ok else 'fail', w)}</h1>",
           f'<p class="meta">{escape(w["made"].format(when=when.strftime("%Y-%m-%d %H:%M"), version=data["version"], profile=data["profile"]))}</p>',
           "</header>", _summary(data, w), _first_fixes(projects, data["batch_findings"], w)]
    if data["batch_findings"]:
        out.append(f"<section><h2>{escape(w['batch'])}</h2>{_findings(data['batch_findings'], w)}</section>")
    if data.get("waivers"):
        items = "".join(f"<li>{escape(x['rule'])}{'（' + escape(x['file']) + '）' if x.get('file') else ''}："
                        f"{escape(x['reason'])}</li>" for x in data["waivers"])
        out.append(f"<section><h2>{escape(w['waivers'])}</h2><ul>{items}</ul></section>")
    naming: dict[str, list[dict]] = {}  # each project's batch findings (B001 …), shown in its section too
    for b in data["batch_findings"]:
        for path in b.get("projects", ()):
            naming.setdefault(path, []).append(b)
    for p in sorted(projects, key=lambda p: p["status"] == "pass"):  # failed first, each group by path
        out.append(_project(p, cards.get(p["path"], []), bars.get(p["path"], []), w, naming.get(p["path"], [])))
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _badge(key: str, w: dict) -> str:
    return f'<span class="badge b-{key}">{escape(w[key])}</span>'


def _summary(data: dict, w: dict) -> str:
    s = data["summary"]
    boxes = [(w["projects"], s["projects"]), (w["pass"], s["passed"]), (w["fail"], s["failed"]),
             (w["error"], s["errors"]), (w["warning"], s["warnings"])]
    base = s.get("baseline")
    if base:
        boxes += [(w["baseline"][k], base.get(n, 0)) for k, n in
                  (("new", "new"), ("persisting", "persisting"), ("fixed", "fixed_count"))]
    inner = "".join(f'<div class="count">{escape(label)}<b>{n}</b></div>' for label, n in boxes)
    return f'<div class="counts">{inner}</div>'


def _first_fixes(projects: list[dict], batch: list[dict], w: dict) -> str:
    """The errors in the order a worker fixes them: those between projects first (a duplicate decides
    which project is sent at all), then project by project (``projects`` by folder path), each in report
    order."""
    errors = [(None, b) for b in batch if b["severity"] == "error" and not b.get("waived")]
    errors += [(p, f) for p in projects for f in p["findings"] if f["severity"] == "error" and not f.get("waived")]
    if not errors:
        return ""
    many = len(projects) > 1
    names = Counter(p["name"] for p in projects)
    items = []
    for p, f in errors[:FIRST_FIXES]:
        # a project by its name; by its folder too where two share a name (B001's pair)
        who = p and (heading(p["name"]) if names[p["name"]] == 1 else f"{heading(p['name'])}（{p['path'].rsplit('/', 1)[-1]}）")
        where = w["batch"] if p is None else " · ".join(x for x in (who if many else None, f.get("file")) if x)
        items.append(f"<li><b>{escape(where)}</b> {escape(f['message'])}"
                     f'<span class="hint">→ {_hint(f["hint"])}</span></li>')
    more = len(errors) - FIRST_FIXES
    tail = f'<p class="meta">{escape(w["more"].format(n=more))}</p>' if more > 0 else ""
    return f'<section><h2>{escape(w["first"])}</h2><ol class="first">{"".join(items)}</ol>{tail}</section>'


def _hint(text: str) -> str:
    """A fix, escaped; a command written `wuxiao fix` shown as code, not with its backticks."""
    return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", escape(text))


def _findings(findings: list[dict], w: dict) -> str:
    if not findings:
        return ""
    items = []
    for line in collapse(findings, w["lang"]):  # 18 empty 解析 cells: one line, J3–J21 共 18 行
        f = line.finding
        label = _badge(f["severity"], w) + (" " + _badge("waived", w) if f.get("waived") else "")
        if f.get("baseline") in w["baseline"]:
            label += f' <span class="badge b-base">{escape(w["baseline"][f["baseline"]])}</span>'
        items.append(f'<li class="s-{escape(f["severity"])}">{label} <b>{escape(f["rule"])}</b> {escape(line.message)}'
                     f'<span class="hint">→ {_hint(f.get("hint", ""))}</span>'
                     + (f'<span class="hint">{escape(w["reason"])}{escape(f["reason"])}</span>' if f.get("reason") else "")
                     + f'<span class="clause">{escape(w["clause"])}：{escape(clause_title(f.get("clause", ""), w["lang"]))}</span></li>')
    return f'<ul class="findings">{"".join(items)}</ul>'


def _project(p: dict, cards: list[Card], bars: list[Bar], w: dict, batch: list[dict] = ()) -> str:
    """One project's section; ``batch``: the batch findings naming it (its errors count them)."""
    by_file: dict[str, list[dict]] = {}
    for f in p["findings"]:
        by_file.setdefault(f.get("file") or "", []).append(f)
    shown = {c.file for c in cards}
    loose = [f for key, group in by_file.items() if key not in shown for f in group]
    warnings = p["warnings"] + sum(b["severity"] == "warning" and not b.get("waived") for b in batch)  # errors count them
    counts = f"{w['error']} {p['errors']} · {w['warning']} {warnings}"
    out = ['<section class="project">',
           f"<h2>{_badge(p['status'], w)} {escape(heading(p['name']))}</h2>",
           f'<p class="meta">{escape(p["path"])} · {escape(counts)}'
           f'{" · " + escape(p["unit"]) if p.get("unit") else ""}{" · " + escape(p["union"]) if p.get("union") else ""}</p>']
    if loose:
        out.append(f"<h3>{escape(w['whole'])}</h3>{_findings(loose, w)}")
    if batch:
        out.append(f"<h3>{escape(w['batch'])}</h3>{_findings(list(batch), w)}")
    if bars:
        out.append(f"<h3>{escape(w['fields'])}</h3>" + "".join(_bar(b, w) for b in bars))
    if cards:
        out.append(f"<h3>{escape(w['files'])}</h3><div class=\"cards\">")
        out += [_card(c, by_file.get(c.file, []), w) for c in cards]
        out.append("</div>")
    if not p["findings"] and not batch:
        out.append(f"<p>{escape(w['none'])}</p>")
    if p.get("fixed"):
        out.append(f"<h3>{escape(w['fixed_list'])}</h3><ul>"
                   + "".join(f"<li>{escape(f.get('rule') or '')} {escape(f.get('message') or '')}</li>" for f in p["fixed"])
                   + "</ul>")
    out.append("</section>")
    return "\n".join(out)


def _card(c: Card, findings: list[dict], w: dict) -> str:
    thumb = ""
    if c.thumb:
        seal = ""
        if c.seal:
            left, top, right, bottom = (round(v * 100, 1) for v in c.seal)
            seal = (f'<div class="seal" style="left:{left}%;top:{top}%;width:{round(right - left, 1)}%;'
                    f'height:{round(bottom - top, 1)}%"></div>')
        thumb = f'<div class="thumb"><img src="{c.thumb}" alt="{escape(c.file)}">{seal}</div>'
    facts = " · ".join(escape(x) for x in c.facts)
    return (f'<div class="card"><div class="card-head">{thumb}<div><div class="file">{escape(c.file)}</div>'
            f'<div class="facts">{facts}</div></div></div>{_findings(findings, w)}</div>')


def _bar(b: Bar, w: dict) -> str:
    top = b.high or max(b.count, b.low or 1)
    share = min(100, round(100 * b.count / max(top, 1)))
    bad = (b.high is not None and b.count > b.high) or (b.low is not None and b.count < b.low)
    if b.low is not None and b.high is not None:  # both named: a red bar under the upper limit is too short
        limit = f"{b.low}–{b.high}"
    else:
        limit = f"{w['limit']} {b.high}" if b.high is not None else f"{w['at_least']} {b.low}"
    return (f'<div class="bar"><span>{escape(b.label)}</span><div class="track"><div class="fill{" over" if bad else ""}" '
            f'style="width:{share}%"></div></div><span>{b.count} / {escape(limit)} {escape(w["zi"])}</span></div>')
