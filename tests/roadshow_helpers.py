"""Real files for the roadshow tests: forms, intro.docx written three ways, small MP4s (PyAV)."""

from __future__ import annotations

import json
from pathlib import Path

from tests import factories
from wuxiao_cli.engine import check_project
from wuxiao_cli.profile import load_profile
from wuxiao_cli.wordcount import count_zi

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "roadshow-project"

GOOD_FORM = {
    "上报单位": "江苏省教育科技工会",
    "联系人": "王芳",
    "联系电话": "025-83456789",
    "课程名称": "数控车床刀具快速对刀装置的制作与使用",
    "提交单位": "江苏省某某职业技术学院",
    "完成人": "李强、赵敏",
    "完成人联系电话": "13812345678",
    "是否为一线职工生产项目": "是",
}
_PHRASE = "导师从事数控加工教学与生产多年主持完成多项技术革新成果获得省级职工技术创新奖"


def zi(n: int) -> str:
    """Chinese text of exactly ``n`` 字 (SPEC §2.2), with a number and punctuation in it when long enough."""
    head = "2024年，" if n >= 6 else ""  # "2024" counts 1, 年 1, ， 1
    body = (_PHRASE * (n // len(_PHRASE) + 1))[: n - count_zi(head)] if n > count_zi(head) else ""
    text = head + body if head else _PHRASE[:n]
    assert count_zi(text) == n, (text, count_zi(text), n)
    return text


def write_report_table(root: Path) -> Path:
    """report-table/报送表.jpg: the 附件4 table stamped by the 上报单位 (R007/R008), as the example has it."""
    path = root / "report-table" / "报送表.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((EXAMPLE / "report-table" / "上报单位盖章报送表.jpg").read_bytes())
    return path


def write_form(root: Path, drop: tuple[str, ...] = (), **changes: str) -> Path:
    """form.json with labels as keys (the loader resolves labels); ``drop`` leaves rows out.

    The stamped report table goes beside it, so a project made of a form and an intro is otherwise complete.
    """
    data = {k: v for k, v in GOOD_FORM.items() if k not in drop}
    data.update(changes)
    root.mkdir(parents=True, exist_ok=True)
    write_report_table(root)
    path = root / "form.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def write_intro(path: Path, layout: str, mentor: str | None, video: str | None) -> Path:
    """intro.docx as people write it: ``headings``, ``labelled`` paragraphs, or ``table`` rows.

    A ``None`` text leaves the section out; ``""`` writes the label with nothing under it.
    """
    import docx

    document = docx.Document()
    document.add_heading("导师简介和视频简介", level=1)
    sections = [(label, text) for label, text in (("导师简介", mentor), ("视频简介", video)) if text is not None]
    if layout == "headings":
        for i, (label, text) in enumerate(sections):
            document.add_heading(f"{'一二'[i]}、{label}（{200 if label == '导师简介' else 300}字以内）", level=2)
            if text:
                half = len(text) // 2  # two paragraphs: the reader joins them
                document.add_paragraph(text[:half])
                document.add_paragraph(text[half:])
    elif layout == "labelled":
        for label, text in sections:
            document.add_paragraph(f"{label}：{text}")
    elif layout == "table":
        table = document.add_table(rows=0, cols=2)
        for label, text in sections:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, text
    else:
        raise ValueError(layout)
    document.add_paragraph("")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_mp4(path: Path, seconds: int, width: int = 64, height: int = 36, fps: int = 1) -> Path:
    """A real H.264 MP4 (no audio) of ``seconds``; tiny frames so long durations stay cheap."""
    return factories.make_mp4(path, width=width, height=height, seconds=seconds, fps=fps, audio=False)


def check(root: Path, profile="roadshow-2024"):
    prof = profile if not isinstance(profile, str) else load_profile(profile)
    return check_project(root, prof)


def rule_ids(result, family: str | None = None) -> list[str]:
    return [f.rule for f in result.findings if family is None or f.rule.startswith(family)]


def findings(result, rule_id: str):
    return [f for f in result.findings if f.rule == rule_id]
