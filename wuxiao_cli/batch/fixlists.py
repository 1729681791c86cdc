"""`--fixlists DIR`: one plain-text 整改清单 per failing project, for the clerk to send back to the worker.

Written only into DIR, never into a project folder. UTF-8 with a BOM and CRLF line ends so that
Windows Notepad (and WeChat's file preview) shows the Chinese correctly.
"""

from __future__ import annotations

import re
from pathlib import Path

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(text: str, limit: int = 80) -> str:
    """A Windows-safe file name stem: illegal characters replaced, trailing dots/spaces dropped."""
    out = _UNSAFE.sub("_", text).strip().rstrip(". ")[:limit].rstrip(". ")
    return out or "项目"


def fixlist_text(project: dict, batch_findings: list[dict], profile) -> str:
    """The 整改清单 of one project (a SPEC §4 project dict): numbered, file/field, problem, fix."""
    lines = [f"《{project['name']}》整改清单", "",
             f"依据：{profile.title}",
             f"项目文件夹：{project['path']}",
             f"检查结果：不通过（错误 {project['errors']} 个，警告 {project['warnings']} 个）", "",
             "请逐条修改后重新提交。标“必须修改”的不改将无法报送；标“建议修改”的改后材料更规范。", ""]
    n = 0
    items = [f for f in project["findings"] if not f.get("waived") and f["severity"] in ("error", "warning")]
    for f in items:
        n += 1
        level = "必须修改" if f["severity"] == "error" else "建议修改"
        where = "、".join(x for x in (f.get("file"), _field_label(f, profile)) if x) or "整个项目"
        lines.append(f"{n}. 【{level}】{where}")
        lines.append(f"   问题：{f['message']}")
        lines.append(f"   修改方法：{f['hint']}")
        lines.append(f"   依据：{f['clause']}（规则 {f['rule']}）")
        lines.append("")
    for b in batch_findings:
        if project["path"] in b.get("projects", ()) and b["severity"] in ("error", "warning") and not b.get("waived"):
            n += 1
            level = "必须修改" if b["severity"] == "error" else "建议修改"
            lines.append(f"{n}. 【{level}】与其他项目的关系")
            lines.append(f"   问题：{b['message']}")
            lines.append(f"   修改方法：{b.get('hint', '')}")
            lines.append(f"   依据：{b.get('clause', '')}（规则 {b['rule']}）")
            lines.append("")
    if fixed := project.get("fixed"):
        lines.append(f"上次检查的问题中已修复 {len(fixed)} 项，谢谢。")
    return "\r\n".join(lines).rstrip() + "\r\n"


def _field_label(f: dict, profile) -> str | None:
    if not f.get("field"):
        return None
    spec = profile.form_schema.fields.get(f["field"])
    return f"栏目「{spec.label if spec else f['field']}」"


def write_fixlists(report: dict, out_dir: Path, profile) -> list[Path]:
    """Write one ``{项目名}-整改清单.txt`` per failing project; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for project in report["projects"]:
        if project["status"] != "fail":
            continue
        stem = safe_filename(project["name"])
        name, i = f"{stem}-整改清单.txt", 2
        while name.lower() in used:  # two projects with the same name (B001) still get a file each
            name, i = f"{stem}-{i}-整改清单.txt", i + 1
        used.add(name.lower())
        path = out_dir / name
        path.write_text(fixlist_text(project, report.get("batch_findings", []), profile),
                        encoding="utf-8-sig", newline="")
        written.append(path)
    return written
