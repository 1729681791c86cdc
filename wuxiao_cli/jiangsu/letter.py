"""The 提名函 (附件1): the nominator's letter listing its projects in priority order, as a .docx.

Built from the batch folder: nominator.toml (name, date, summary ≤ 400 字, order, notes) and each
project's form (第一完成人姓名, 工作单位 + 职务, 项目名称 + 专利号, 类型). Reading only: the batch
folder is never changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli import fsops
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
               project_lines(name, patent), _field(result, "category"), note_for(nominator, result))


_PATENT_SEPARATORS = re.compile(r"[、，,；;\s]+")


def project_lines(name: str, patent: str) -> str:
    """项目名称（专利号）as lines: the name, then one patent number a line. Run on as ZL…、ZL…, LibreOffice
    finds no break between them and cuts a number in two at the cell's edge."""
    numbers = [n for n in _PATENT_SEPARATORS.split(patent.strip("（）() ")) if n]
    if not numbers:
        return name
    listed = [f"{n}、" for n in numbers[:-1]] + [numbers[-1]]
    listed[0] = f"（{listed[0]}"
    listed[-1] = f"{listed[-1]}）"  # after the line above: with one number both are the same line
    return "\n".join([name, *listed])


def _date_text(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return "年    月    日"
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


BODY_FONT, TITLE_FONT, FALLBACK = "仿宋_GB2312", "方正小标宋简体", "宋体"  # GB/T 9704; 宋体 where they are missing
SANHAO, ERHAO, XIAOSI = 16, 22, 12  # 三号 body, 二号 title, 小四 in the table (points)
CELL_PAD_MM = 2.4  # Word's default cell margins, both sides
TABLE_WIDTH_MM = 297 - 25 - 25  # the list is on an A4 landscape page with 25 mm margins


def render(letter: Letter):
    """The letter as a python-docx Document: an official letter (GB/T 9704 style) and the list on a landscape page."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    _font(document.styles["Normal"], BODY_FONT, SANHAO)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    document.styles["Normal"].paragraph_format.line_spacing = Pt(28)  # 公文: 22 lines a page at 三号
    _declare_fallbacks(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"{letter.year} 年度江苏省职工“五小”活动项目提名函", TITLE_FONT, ERHAO)
    document.add_paragraph()
    document.add_paragraph(RECIPIENT)
    n = len(letter.rows)
    first_name = letter.rows[0].name if letter.rows else ""
    for text in (f"近年来，{letter.nominator.summary.removeprefix('近年来，').removeprefix('近年来')}",
                 DECLARATION.format(n=n, year=letter.year),
                 f"经遴选，提名《{first_name}》等 {n} 个项目（按优先次序排序）。清单附后。"):
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(2 * SANHAO)
    document.add_paragraph()
    for text in (f"提名单位（盖章）：{letter.nominator.name}", _date_text(letter.nominator.date)):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(landscape, side, Mm(25))
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, "提名项目清单（按优先次序排序）", TITLE_FONT, SANHAO)
    values = [(str(r.number), r.person, r.unit_and_post, r.project, r.category, r.note) for r in letter.rows]
    widths = column_widths_mm([HEADERS, *values])
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # w:gridCol, which LibreOffice lays out by
    _repeat_header(table.rows[0])
    for row_values, bold in ((HEADERS, True), *((v, False) for v in values)):
        cells = table.rows[0].cells if bold else table.add_row().cells
        for cell, text, width in zip(cells, row_values, widths, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].paragraph_format.line_spacing = 1.0
            cell.paragraphs[0].paragraph_format.first_line_indent = Pt(0)
            _lines(cell.paragraphs[0], text, BODY_FONT, XIAOSI, bold=bold)
    return document


# What no line may be broken inside: a Latin run with the brackets and 、，） that hold on to it, or one CJK
# character with its closing punctuation (no line starts with 、 or ）).
_UNBREAKABLE = re.compile(r"[（(“]*(?:[\x21-\x7e]+|[^\x21-\x7e\s])[、，；。）)”]*")


def column_widths_mm(rows: list[tuple[str, ...]]) -> list[float]:
    """Widths that fit the content on TABLE_WIDTH_MM: each column at least its longest unbreakable run
    (a patent number ZL202120123456.7 never breaks), then the spare width shared out smallest wish first,
    so a short column (第一完成人姓名) is whole on one line before the long ones (备注) split what is left."""
    half_em = XIAOSI * 0.3528 / 2  # mm per display column (an ASCII digit is half a CJK character)
    count = len(rows[0])
    least, wanted = [0.0] * count, [0.0] * count
    for row in rows:
        for i, text in enumerate(row):
            for line in text.split("\n"):
                runs = _UNBREAKABLE.findall(line) or [""]
                least[i] = max(least[i], max(_width(r) for r in runs) * half_em + 2 * CELL_PAD_MM + 1)
                wanted[i] = max(wanted[i], _width(line) * half_em + 2 * CELL_PAD_MM + 1)
    least = [max(x, 4 * half_em + 2 * CELL_PAD_MM) for x in least]  # two CJK characters at the least
    spare = TABLE_WIDTH_MM - sum(least)
    if spare < 0:
        return [round(x * TABLE_WIDTH_MM / sum(least), 1) for x in least]
    give = _share(spare, [max(0.0, w - lo) for w, lo in zip(wanted, least, strict=True)])
    return [round(lo + g, 1) for lo, g in zip(least, give, strict=True)]


def _width(text: str) -> int:
    from wuxiao_cli.text import columns

    return columns(text, ambiguous_wide=True)  # “” and 、 are full width in 仿宋


def _share(spare: float, wishes: list[float]) -> list[float]:
    """``spare`` split over ``wishes`` smallest first: each gets all it asks for or an even share of what is left."""
    give = [0.0] * len(wishes)
    order = sorted(range(len(wishes)), key=wishes.__getitem__)
    for n, i in enumerate(order):
        give[i] = min(wishes[i], spare / (len(order) - n))
        spare -= give[i]
    return give


def _lines(paragraph, text: str, font: str, points: int, bold: bool = False) -> None:
    """``text`` in one paragraph, its \\n as line breaks (w:br): the lines stay one cell's text."""
    first, *rest = text.split("\n")
    run = _run(paragraph, first, font, points, bold=bold)
    for line in rest:
        run.add_break()
        run = _run(paragraph, line, font, points, bold=bold)


def _font(style, name: str, points: int) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = name
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    style.font.size = Pt(points)


def _run(paragraph, text: str, font: str, points: int, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold = font, Pt(points), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _repeat_header(row) -> None:
    """w:tblHeader: Word and LibreOffice repeat this row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _declare_fallbacks(document) -> None:
    """List the GB/T 9704 fonts in the font table with 宋体 as their w:altName, for machines without them."""
    part = next(p for p in document.part.package.iter_parts() if p.partname.endswith("/fontTable.xml"))
    entries = "".join(f'<w:font w:name="{name}"><w:altName w:val="{FALLBACK}"/><w:charset w:val="86"/>'
                      f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>' for name in (BODY_FONT, TITLE_FONT))
    xml = part.blob.decode("utf-8").replace("</w:fonts>", entries + "</w:fonts>")
    part._blob = xml.encode("utf-8")


def write_letter(batch: Path, profile, output: Path, overwrite: bool = False) -> Letter:
    """Collect, render and save atomically (a temp file renamed at the end)."""
    if output.exists() and not overwrite:
        raise LetterError(f"{output} 已存在：换一个文件名，或加 --overwrite 覆盖", usage=True)
    letter = collect(batch, profile)
    document = render(letter)
    tmp = output.with_name(output.name + ".part")
    try:
        document.save(str(tmp))
        fsops.replace(tmp, output)
    except OSError as exc:
        fsops.unlink(tmp)
        raise LetterError(f"无法写入 {output}：{fsops.why_not(exc, output)}", usage=True) from None
    return letter
