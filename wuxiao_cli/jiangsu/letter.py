"""The 提名函 (附件1): the nominator's letter listing its projects in priority order, as a .docx.

Built from the batch folder: nominator.toml (name, date, summary ≤ 400 字, order, notes) and each
project's form (第一完成人姓名, 工作单位 + 职务, 项目名称 + 专利号, 类型). Reading only: the batch
folder is never changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.discover import find_projects, looks_like_project
from wuxiao_cli.engine import ProjectResult
from wuxiao_cli.jiangsu.nominator import Nominator, load_nominator, nominator_path, note_for, priority_order
from wuxiao_cli.project import Project
from wuxiao_cli.wordcount import count_zi

HEADERS = ("序号", "第一完成人姓名", "单位及职务", "项目名称（专利号）", "类型（小发明、小创造、小革新、小设计、小建议）", "备注")
RECIPIENT = "江苏省总工会："
DECLARATION = (
    "经审查，以下 {n} 个“五小”活动项目第一完成人均为一线职工身份，是我省职工。所有项目第一完成单位均依法在我省注册。"
    "所有项目均在我省完成，是在工会主导/参与组织的群众性创新活动中产生的。材料真实、有效，无伪造和虚假成分，无涉密内容，"
    "无违反《关于开展 {year} 年度全省职工“五小”活动省级优秀项目认定工作的通知》要求的情况。"
)


class LetterError(Exception):
    """Why the letter cannot be written: ``usage`` errors exit 2, content errors exit 1."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


@dataclass
class Row:
    number: int
    name: str
    person: str
    unit_and_post: str
    project: str
    category: str
    note: str


@dataclass
class Letter:
    nominator: Nominator
    year: int
    rows: list[Row]
    warnings: list[str]


def collect(batch: Path, profile) -> Letter:
    """Read the batch; raise LetterError when the letter would be wrong or incomplete."""
    if not batch.is_dir():
        raise LetterError(f"{batch} 不是文件夹：请给出装有各项目文件夹和 nominator.toml 的批次文件夹", usage=True)
    nominator = load_nominator(batch, profile)
    if nominator is None:
        name = nominator_path(batch, profile).name
        raise LetterError(f"{batch} 中没有 {name}：请写明提名单位 name、type、summary 和优先次序 order", usage=True)
    if nominator.error is not None:
        raise LetterError(nominator.error.zh, usage=True)
    results = project_results(batch, profile)
    if not results:
        raise LetterError(f"{batch} 中没有项目文件夹（含 form.docx / form.toml / form.json 的子文件夹）", usage=True)
    limit = profile.section("nominators").get("summary_max_zi", 400)
    n_zi = count_zi(nominator.summary)
    if n_zi == 0:
        raise LetterError("nominator.toml 没有填写 summary（推进职工科技创新工作情况，限 400 字）")
    if n_zi > limit:
        raise LetterError(f"提名函工作情况（nominator.toml 的 summary）{n_zi} 字，超出上限 {limit} 字：请删减后再生成")
    ordering = priority_order(nominator, results)
    problems = []
    if ordering.unknown:
        problems.append(f"优先次序中的「{'」「'.join(ordering.unknown)}」不是本批次的项目")
    if ordering.repeated:
        problems.append(f"优先次序重复列出：{'、'.join(ordering.repeated)}")
    if nominator.has_order and ordering.missing:
        problems.append(f"优先次序漏列：{'、'.join(r.path for r in ordering.missing)}")
    if problems:
        raise LetterError("；".join(problems) + "（在 nominator.toml 的 order 中按优先次序列出每个项目各一次）")
    warnings = [] if nominator.has_order else ["nominator.toml 没有 order：项目按文件夹名排序"]
    rows = [_row(i, r, nominator) for i, r in enumerate(ordering.ordered, 1)]
    return Letter(nominator, int(profile.data["dates"]["start"][:4]), rows, warnings)


def project_results(batch: Path, profile) -> list[ProjectResult]:
    """The batch's project folders with their forms as read (no checks run): what the letter and the J rules read."""
    roots = [p for p in find_projects(batch, profile) if p != batch and looks_like_project(p, profile)]
    out = []
    for root in roots:
        project = Project(root, profile, display=root.name)
        out.append(ProjectResult(path=root.name, name=project.name, root=root, fields=dict(project.form.data or {})))
    return out


def _field(result: ProjectResult, key: str) -> str:
    value = result.fields.get(key)
    return value.strip() if isinstance(value, str) else ""


def _row(number: int, result: ProjectResult, nominator: Nominator) -> Row:
    unit = _field(result, "employer") or _field(result, "unit")
    post = _field(result, "position")
    patent = _field(result, "patent")
    name = _field(result, "name") or result.name
    return Row(number, name, _field(result, "completer_name"), "，".join(x for x in (unit, post) if x),
               f"{name}（{patent}）" if patent else name, _field(result, "category"), note_for(nominator, result))


def _date_text(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return "年    月    日"
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def render(letter: Letter):
    """The letter as a python-docx Document, laid out like 附件1."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{letter.year} 年度江苏省职工“五小”活动项目提名函")
    run.bold, run.font.size = True, Pt(16)
    document.add_paragraph(RECIPIENT)
    n = len(letter.rows)
    first_name = letter.rows[0].name if letter.rows else ""
    for text in (f"近年来，{letter.nominator.summary.removeprefix('近年来，').removeprefix('近年来')}",
                 DECLARATION.format(n=n, year=letter.year),
                 f"经遴选，提名《{first_name}》等 {n} 个项目（按优先次序排序）。清单附后。"):
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    for text in (f"提名单位（盖章）：{letter.nominator.name}", _date_text(letter.nominator.date)):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in letter.rows:
        cells = table.add_row().cells
        values = (str(row.number), row.person, row.unit_and_post, row.project, row.category, row.note)
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return document


def write_letter(batch: Path, profile, output: Path, overwrite: bool = False) -> Letter:
    """Collect, render and save atomically (a temp file renamed at the end)."""
    if output.exists() and not overwrite:
        raise LetterError(f"{output} 已存在：换一个文件名，或加 --overwrite 覆盖", usage=True)
    letter = collect(batch, profile)
    document = render(letter)
    tmp = output.with_name(output.name + ".part")
    try:
        document.save(str(tmp))
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise LetterError(f"无法写入 {output}：{exc.strerror or exc}", usage=True) from None
    return letter
