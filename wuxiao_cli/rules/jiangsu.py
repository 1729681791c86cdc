"""Jiangsu project rules (S, 省级): one project's 提名书 (附件2), media and attachments — profile jiangsu-2023.

The numbers (字数, photo counts, video length, dates, attachment slots) live in the profile and the
form schema; these rules only read them. Clauses cite the 2023 江苏省总工会 notice ("通知") or its 附件.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.forms.none_words import means_none
from wuxiao_cli.jiangsu.slots import sort_into_slots
from wuxiao_cli.jiangsu.stages import stage_named
from wuxiao_cli.media.image import damage, read_image
from wuxiao_cli.media.pdf import read_pdf
from wuxiao_cli.media.scans import missing_library, read_scan, seal_problems
from wuxiao_cli.rules.base import ZISHU, rule
from wuxiao_cli.rules.form import schema_problems
from wuxiao_cli.rules.photos import IMAGE_EXTS, IMAGE_KINDS
from wuxiao_cli.rules.videos import playable, too_long, video_facts
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import T

# ---------------------------------------------------------------- helpers


def text(project, key: str) -> str | None:
    value = project.field(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def label(project, key: str) -> str:
    spec = project.profile.form_schema.fields.get(key)
    return spec.label if spec else key


def fold(value: str) -> str:
    """Full-width/half-width, spaces and quotes folded, for comparing option texts as people type them."""
    return re.sub(r"[\s“”\"']+", "", unicodedata.normalize("NFKC", value))


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?\s*$")


def parse_date(value: str) -> dt.date | None:
    """2022-06-01, 2022/6/1, 2022.6.1, 2022年6月1日, 2022年6月 (→ the 1st), 2022 (→ 1 January)."""
    m = _DATE.match(unicodedata.normalize("NFKC", value))
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def eligibility_date(project, key: str) -> dt.date:
    return dt.date.fromisoformat(project.profile.section("eligibility")[key])


def images_in(project, role: str):
    """(entry, ImageFacts) for pictures in a role's folder, by content or by extension."""
    out = []
    for entry in project.files_in(role, recursive=True):
        facts = project.facts("image", entry, read_image)
        if facts.kind in IMAGE_KINDS or entry.suffix in IMAGE_EXTS:
            out.append((entry, facts))
    return out


def _field_problem(project, key: str, msg: T, hint: T | None = None, severity: str | None = None) -> Problem:
    return Problem(msg, file=project.form.source, field=key, hint=hint, severity=severity)


# ---------------------------------------------------------------- form: formats and options


@rule("S001", "E", "附件2 二",
      T("身份证号不是 18 位，或校验码（第 18 位）不符合 GB 11643", "ID number malformed or its GB 11643 check digit is wrong"),
      T("照身份证逐位核对 18 位号码，末位 X 用大写", "Copy the 18 characters from the ID card; a final X in upper case"),
      how="身份证号须为 18 位（前 17 位数字，末位数字或 X），第 18 位须等于按 GB 11643 由前 17 位算出的校验码，中间的出生日期须是真实日期。例如 11010519491231002X 通过；110105194912310021（校验码应为 X）、11010519491331002X（没有 13 月）、16 位的号码为错误。小写 x 也认。")
def id_number(project):
    """身份证号: 18 characters, the 18th the GB 11643 (ISO 7064 MOD 11-2) check digit, a real birth date.

    PASS: 11010519491231002X (check digit X) — FAIL: 110105194912310021 (check digit should be X);
    11010519491331002X (no 13th month); 1101051949123100 (16 digits).
    """
    yield from schema_problems(project, "S001")
    value = text(project, "id_number")
    if value is None or not re.fullmatch(r"[0-9]{17}[0-9Xx]", value):
        return
    want = id_check_digit(value[:17])
    if value[17].upper() != want:
        yield _field_problem(project, "id_number", T(
            f"身份证号「{value}」校验码错误：第 18 位是 {value[17]}，按 GB 11643 应为 {want}，号码中有数字填错",
            f"ID number {value}: check digit is {value[17]}, GB 11643 gives {want}; a digit is wrong"))
    elif parse_date(f"{value[6:10]}-{value[10:12]}-{value[12:14]}") is None:
        yield _field_problem(project, "id_number", T(
            f"身份证号「{value}」中的出生日期 {value[6:14]} 不是有效日期",
            f"ID number {value}: birth date {value[6:14]} is not a real date"))


@rule("S002", "E", "附件2 二、七",
      T("手机号码或联系电话格式不正确", "Mobile or phone number malformed"),
      T("手机写 11 位数字（如 13812345678），固话写 区号-号码（如 025-83536240）",
        "Mobile: 11 digits; landline: area code-number"),
      how="手机号码须是大陆手机号（1 开头、第二位 3–9，共 11 位）；联系电话可以是手机，也可以是 区号+号码 的固定电话（可带“转”分机）。空格、横线、括号和 +86 不影响，例如 +86 138 1234 5678、（025）83536240 通过。1381234567（10 位）、83536240（没有区号）为错误；把 025-83536240 填在手机号码一栏也为错误。")
def phones(project):
    """手机号码: a mainland mobile, 1[3-9] + 9 digits; 联系电话: a mobile or a landline 区号+号码[转分机].

    Read as F015 reads it: spaces, hyphens, brackets and +86 are layout.
    PASS: 13812345678, +86 138 1234 5678, 025-83536240, （025）83536240 (附件2's own style)
    — FAIL: 1381234567, 83536240 (no 区号), 025-83536240 as a 手机号码.
    """
    yield from schema_problems(project, "S002")


@rule("S003", "E", "附件2 二、七",
      T("电子邮箱格式不正确", "E-mail address malformed"),
      T("写完整的邮箱地址，如 name@163.com", "Write a whole address, e.g. name@163.com"),
      how="电子邮箱须是 名字@域名.后缀 的完整写法。Jszgkjcx@163.com 通过；Jszgkjcx@163（没有后缀）、name#163.com 为错误。选填的邮箱（如工会电子邮箱）填“无”“/”“暂无”等表示没有的，视为未填，不检查。")
def emails(project):
    """电子邮箱: name@domain.tld. PASS: Jszgkjcx@163.com — FAIL: Jszgkjcx@163, name#163.com."""
    yield from schema_problems(project, "S003")


@rule("S004", "E", "附件2 二、七",
      T("邮政编码不是 6 位数字", "Postcode is not 6 digits"),
      T("写 6 位邮政编码，如南京市中山北路 210009", "Write the 6-digit postcode, e.g. 210009"),
      how="邮政编码须正好 6 位数字。210009 通过；5 位的 21009、7 位的 2100090 为错误。选填的邮编（如工会邮编）填“无”“/”等表示没有的，视为未填，不检查。")
def postcodes(project):
    """邮政编码 / 邮编: exactly 6 digits. PASS: 210009 — FAIL: 21009, 2100090."""
    yield from schema_problems(project, "S004")


@rule("S005", "E/W", "附件2",
      T("选项栏目不是可选值之一（类型、性别、单位性质、是/否等：错误）；学历、学位、技能等级、职称级别读不出对应等级（警告）",
        "An option field holds a value outside its list (E); 学历/学位/技能等级/职称级别 cannot be read as a level (W)"),
      T("从表单提示的可选值中选一个，原样填写", "Pick one of the listed options, spelled as listed"),
      how="提名书里的选项栏目（类型、性别、单位性质、一线职工类别和各个“是/否”声明）只能填列出的可选值，其他写法为错误，例如类型填“技术革新”、单位性质填“国企”；一线职工类别照通知原文写“一线工人（含高级工以上的高技能人才）”认作一线工人，括号全角半角、空格都不影响。学历、学位、技能等级、职称级别是自由填写的，常见写法会认成规范等级（如 本科 → 大学本科、大专 → 大学专科、一级 → 高级技师）；仍认不出的只给警告，如学历填“在职进修”。")
def options(project):
    """Option fields of 提名书: 类型 (小发明/小创造/小革新/小设计/小建议), 性别, 单位性质 (公有制企业/非公企业/事业单位),
    一线职工类别 and every 是/否 declaration are errors outside their lists; 一线职工类别 also takes the notice's own
    wording (一线工人（含高级工以上的高技能人才） → 一线工人, listed in ``x-synonyms``), but not 非一线工人.

    学历 / 学位 / 技能等级 / 职称级别 are free-text cells in the 提名书: known synonyms are read as the canonical
    level (本科 → 大学本科, 大专 → 大学专科, 硕士研究生 → 研究生, 高级工（三级） → 高级工, 一级/高级技师 → 高级技师,
    正高级工程师 → 正高级; the list is the form schema's ``x-synonyms``), and a value that still cannot be read
    is only a warning. FAIL: 类型 = 技术革新; 单位性质 = 国企 — WARN: 学历 = 在职进修.
    """
    yield from schema_problems(project, "S005")


@rule("S006", "E/W", "附件2 四, 通知 二(一)3",
      T("项目团队情况不是可选值，或为“非工会主导或参与建设的团队”（错误）；“其他”（警告，须说明）",
        "Team kind not an option, or not union-built (E); 其他 (W)"),
      T("从附件2 的六个选项中选一；项目须产生于工会建设的创新工作室、创新型班组或工会主导/参与组织的群众性创新活动",
        "Pick one of the six options; the project must come from a union-built studio, team or activity"),
      how="项目团队情况须是附件2 四的六个选项之一。选“非工会主导或参与建设的团队”为错误，因为通知 二(一)3 要求项目出自工会建设或主导、参与组织的团队和活动；填了不在选项里的写法（如“技术中心”）也为错误。选“其他”给警告，要求写明具体团队并确认由工会建设、主导或参与组织。")
def team(project):
    """项目团队情况 (附件2 四) is one of six boxes. 通知 二(一)3: the project comes from a studio or team
    the union built, or a mass innovation activity the union led or joined — so 非工会主导或参与建设的团队
    is not eligible (E); 其他 needs its own words and a reviewer's look (W).

    PASS: 工会主导建设的创新工作室 — FAIL: 非工会主导或参与建设的团队; 技术中心 — WARN: 其他：厂级 QC 小组.
    """
    value = text(project, "team")
    if value is None:
        return
    spec = project.profile.form_schema.fields["team"].schema
    options = spec.get("x-options", [])
    other = spec.get("x-other", "其他")
    folded = fold(value)
    if any(folded == fold(o) for o in spec.get("x-ineligible", [])):
        yield _field_problem(project, "team", T(
            f"项目团队情况为「{value}」：通知 二(一)3 要求项目产生于工会建设的创新工作室、创新型班组或工会主导/参与组织的群众性创新活动，不得被提名",
            f"Team '{value}': not union-built, so not eligible (notice 二(一)3)"))
    elif any(folded == fold(o) for o in options):
        return
    elif folded.startswith(other):
        rest = folded[len(other):].lstrip(":：")
        yield _field_problem(project, "team", T(
            f"项目团队情况为「{value}」：" + ("请写明具体团队" if not rest else "请确认该团队由工会建设、主导或参与组织"),
            f"Team '{value}': say which team and confirm the union built, led or joined it"), severity=WARNING)
    else:
        yield _field_problem(project, "team", T(
            f"项目团队情况「{value}」不是可选值（{'、'.join(options)}、{other}：……）",
            f"Team '{value}' is not one of the options"))


@rule("S007", "E", "附件2 三、四、七",
      T("文字栏目超出字数上限（实施前 150、实施后 300、贡献 300、主要成绩 200、已给予待遇 300、培养计划 200、提名意见 300）",
        "A text field is over its 字数 limit"),
      T("删减到上限以内：保留数字和事实，删去修饰语", "Cut to the limit: keep facts and figures"),
      how="统计各文字栏目的字数，与上限比较：项目实施前的情况 150 字、实施后 300 字、贡献 300 字、主要成绩 200 字、已给予待遇 300 字、培养计划 200 字、提名意见 300 字。等于上限通过，超过 1 字即为错误，例如实施前的情况 150 字通过、151 字不通过。" + ZISHU)
def word_limits(project):
    """限 N 字 as Word counts 字数 (SPEC §2.2): 150 字 passes 项目实施前的情况, 151 fails."""
    yield from schema_problems(project, "S007")


# a line written without ｜: 2020年，无锡市技术能手，无锡市人社局 (Chinese or Latin commas, 、, or a wide gap)
_LOOSE_CELLS = re.compile(r"\s*[，,、]\s*|\s{2,}")


def _loose_cells(row: dict) -> list[str]:
    """A whole line read as its 年份 (no ｜ or tab in it), split on ，, 、 or a wide gap."""
    if set(row) != {"year"}:
        return []
    return [c for c in _LOOSE_CELLS.split(str(row["year"]).strip()) if c]


def _award_rows(project, key: str):
    rows = project.field(key) or []
    this_year = eligibility_date(project, "implemented_by").year + 1
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            continue
        if len(cells := _loose_cells(row)) > 1:  # the whole line landed in 年份: no ｜ between the three
            if len(cells) != 3 or parse_date(cells[0]) is None:  # which part is which is a guess: say so
                yield _field_problem(project, key, T(
                    f"{label(project, key)} 第 {i} 项「{row['year']}」没有用“｜”分隔年份、奖项名称、授奖单位"
                    "（应写成 2021｜奖项名称｜授奖单位）",
                    f"{key} item {i}: no ｜ separating year, award and grantor"))
                continue
            row = dict(zip(("year", "award", "grantor"), cells, strict=True))
        missing = [name for col, name in (("year", "年份"), ("award", "奖项名称"), ("grantor", "授奖单位")) if not row.get(col)]
        if missing:
            yield _field_problem(project, key, T(f"{label(project, key)} 第 {i} 项缺少{'、'.join(missing)}",
                                                 f"{key} item {i}: missing {', '.join(missing)}"))
            continue
        year = str(row["year"])
        when = parse_date(year)  # 2021, 2021年, 2021.05, 2021年5月: the table asks for a 年份, not a format
        if when is None or not 1900 <= when.year <= this_year:
            yield _field_problem(project, key, T(f"{label(project, key)} 第 {i} 项的年份「{year}」不是有效年份（如 2021）",
                                                 f"{key} item {i}: '{year}' is not a year"))


@rule("S008", "E", "附件2 四",
      T("个人荣誉超过 2 项或团队获奖超过 1 项，或某项缺少年份/奖项名称/授奖单位",
        "Over 2 personal honours or 1 team award, or an item lacks year/award/grantor"),
      T("个人荣誉最多填 2 项、团队获奖 1 项，选最高级别的；每项写 年份｜奖项名称｜授奖单位",
        "At most 2 personal honours and 1 team award, each as year | award | grantor"),
      how="个人荣誉及获奖情况最多 2 项，团队获奖情况最多 1 项，超过为错误。每项都要有年份、奖项名称和授奖单位，缺一为错误；三栏之间用“｜”分隔，写成“2020年，无锡市技术能手，无锡市人社局”这样用逗号、顿号或空格隔开、恰好三段且第一段是年份的也可以，其他没有“｜”的写法为错误；年份写 2021、2021年、2021.05 都可以，但要是 1900 至 2023 年之间的年份，例如“21年”为错误。")
def awards(project):
    """个人荣誉及获奖情况（最多 2 项）; 团队获奖情况（1 项）; each row 年份 / 奖项名称 / 授奖单位.

    The 年份 may be written 2021, 2021年 or 2021.05 (the form gives no format).
    PASS: 2 honours — FAIL: 3 honours; a row 江苏工匠｜江苏省总工会 with no year; 年份 21年.
    """
    yield from schema_problems(project, "S008")
    yield from _award_rows(project, "honors")
    yield from _award_rows(project, "team_award")


@rule("S009", "E", "附件2 四",
      T("其他完成人表中某行缺少姓名或负责的工作内容，性别不是男/女，或重复列入第一完成人",
        "An other-completer row lacks name or work, has a bad gender, or repeats the first completer"),
      T("每行一人：姓名｜性别｜单位职务｜技能等级｜职称｜学历｜学位｜负责本项目具体工作内容",
        "One row a person: name | gender | post | skill | title | education | degree | work"),
      how="逐行检查其他完成人表：每行须有姓名和负责本项目的具体工作内容；性别填了就只能是 男 或 女；不能把第一完成人本人再列一遍。不符合的行为错误，例如只写了“李四”的一行。")
def other_completers(project):
    """其他完成人情况: each row names the person and what they did on the project; the first completer
    is not listed again. FAIL: a row with only 李四; a row for the first completer himself.
    """
    first = text(project, "completer_name")
    for i, row in enumerate(project.field("others") or [], 1):
        if not isinstance(row, dict):
            continue
        name = row.get("name", "")
        if not name or not row.get("work"):
            what = "姓名" if not name else "负责本项目具体工作内容"
            yield _field_problem(project, "others", T(f"其他完成人第 {i} 行缺少{what}", f"Other completer row {i}: no {what}"))
        if row.get("gender") and row["gender"] not in ("男", "女"):
            yield _field_problem(project, "others", T(f"其他完成人第 {i} 行（{name}）性别「{row['gender']}」应为 男 或 女",
                                                      f"Row {i}: gender must be 男 or 女"))
        if first and name == first:
            yield _field_problem(project, "others", T(f"其他完成人第 {i} 行是第一完成人 {first} 本人，请删去",
                                                      f"Row {i} repeats the first completer {first}"))


@rule("S010", "E", "附件2 二, 通知 七(二)3",
      T("填了技能等级或职称，却没有填对应的证书编号", "A skill level or title without its certificate number"),
      T("填写最高技能等级、最高职称证书上的编号，证书扫描件放入附件 2", "Give the certificate numbers; scan the certificates"),
      how="填了技能等级（且不是“无”），就要填技能等级证书编号；填了职称或职称级别（且不是“无”），就要填职称证书编号。缺编号为错误，例如技能等级为“技师”而证书编号空着；技能等级填“无”不需要编号。“暂无”“没有”“无职称”“/”“—”等表示没有的写法都按“无”看待，技术职称填“暂无”、职称级别填“无”不算矛盾。技术职称填“无”而职称级别填了级别（或反过来）、又没有编号时，指出两栏相互矛盾：没有职称就两栏都填“无”，有职称就两栏都写明并填编号。")
def certificates(project):
    """技能等级证书编号 and 职称等级证书编号 go with the 最高技能等级 and 最高职称 the nominator must verify.

    PASS: 技能等级 高级技师 + 证书编号 — FAIL: 技能等级 技师, 证书编号 blank. 技能等级 无 needs no number.
    Any none-word is 无 here (forms.none_words): 技能等级 /, or 技术职称 暂无 with 职称级别 无, needs no number.
    技术职称 无 with 职称级别 高级工程师 and no number is named as the contradiction it is, not as a missing number.
    """
    skill = text(project, "skill_level")
    if skill and not means_none(skill) and not text(project, "skill_cert_no"):
        yield _field_problem(project, "skill_cert_no", T(f"技能等级为「{skill}」，但没有填技能等级证书编号",
                                                         f"Skill level {skill} without certificate number"))
    if not text(project, "title_cert_no"):
        yield from _title_without_number(project)


def _title_without_number(project):
    """No 职称证书编号: say which of 技术职称 / 职称级别 claims a title, and whether the other one denies it."""
    written = {key: text(project, key) or project.form.none_written.get(key) for key in ("title", "title_level")}
    claimed = [(key, value) for key, value in written.items() if value and not means_none(value)]
    if not claimed:
        return
    title, level = text(project, "title"), text(project, "title_level")
    denied = next((key for key, value in written.items() if value and means_none(value)), None)
    if denied is None:
        shown = "、".join(f"{label(project, key)}「{value}」" for key, value in claimed)
        yield _field_problem(project, "title_cert_no", T(f"填了{shown}，但没有填职称证书编号",
                                                         f"Title {title or level} without certificate number"))
        return
    (key, value), = claimed
    yield _field_problem(project, denied, T(
        f"{label(project, denied)}填的是「{written[denied]}」，{label(project, key)}却是「{value}」，两栏相互矛盾，"
        "也没有职称证书编号", f"{denied} says {written[denied]} but {key} says {value}, and no certificate number"), hint=T(
        f"没有职称：把{label(project, key)}也改为“无”；有职称：{label(project, denied)}写明"
        f"{'职称名称（如 高级工程师）' if denied == 'title' else '级别（正高级、副高级、中级、初级）'}，并填写职称证书编号",
        "No title: write 无 in both; a title: fill in both and give the certificate number"))


# ---------------------------------------------------------------- eligibility (通知 二)


@rule("S011", "E", "通知 二(一)4",
      T("应用实施时间晚于 2022-12-31，或不是可识别的日期", "Put into use after 2022-12-31, or not a date"),
      T("填写项目实际应用实施的日期，如 2022-06-01；2023 年才实施的项目本年度不能提名",
        "Give the date the project was put into use, e.g. 2022-06-01"),
      how="通知要求项目于 2022 年 12 月 31 日前应用实施。把应用实施时间读成日期（2022-06-01、2022年6月 等写法都认）后比较：2022-12-31 通过，2023-01-01 为错误；读不出日期的写法（如“去年”）也为错误。")
def implemented(project):
    """“五小”活动项目必须于 2022 年 12 月 31 日前应用实施，并已取得成效.

    PASS: 2022-12-31, 2022年6月 — FAIL: 2023-01-01, 去年.
    """
    value = text(project, "implemented_on")
    if value is None:
        return
    limit = eligibility_date(project, "implemented_by")
    when = parse_date(value)
    if when is None:
        yield _field_problem(project, "implemented_on", T(f"应用实施时间「{value}」不是可识别的日期（如 2022-06-01）",
                                                          f"Implementation date '{value}' is not a date"))
    elif when > limit:
        yield _field_problem(project, "implemented_on", T(
            f"应用实施时间 {when.isoformat()} 晚于 {limit.isoformat()}：项目须在此前应用实施",
            f"Put into use on {when.isoformat()}, after {limit.isoformat()}"))


@rule("S012", "E", "通知 二(一)2, 二(二)1",
      T("第一完成人劳动关系不在省内，且在省内全职工作晚于 2021-01-01 或未填；或第一完成单位不在我省注册",
        "First completer neither employed in Jiangsu nor full-time there since 2021-01-01; or unit not registered there"),
      T("劳动（人事）关系不在省内的，填写 2021-01-01 或更早的省内全职工作起始日期", "Give the full-time start date"),
      how="第一完成单位须在我省依法注册：填“否”为错误。第一完成人的劳动（人事）关系不在省内时，须填在省内全职工作的起始日期，且不晚于 2021-01-01：2021-01-01 通过，2021-01-02 为错误，没有填或不是日期也为错误。劳动关系在省内的不看起始日期。")
def in_jiangsu(project):
    """第一完成人劳动（人事）关系在省内单位，或 2021 年 1 月 1 日至今在省内全职工作; 第一完成单位在我省依法注册.

    PASS: 劳动关系在省内 = 是; 否 + 起始 2021-01-01 — FAIL: 否 + 起始 2021-01-02; 否 + no date.
    """
    if text(project, "unit_registered_js") == "否":
        yield _field_problem(project, "unit_registered_js", T("第一完成单位不在我省依法注册，项目不得被提名",
                                                              "The first unit is not registered in Jiangsu"))
    if text(project, "labour_in_jiangsu") != "否":
        return
    limit = eligibility_date(project, "fulltime_since")
    value = text(project, "fulltime_since")
    when = parse_date(value) if value else None
    if value is None:
        yield _field_problem(project, "fulltime_since", T(
            f"劳动（人事）关系不在省内，但没有填写在省内全职工作起始日期（须 {limit.isoformat()} 或更早）",
            f"Not employed in Jiangsu and no full-time start date (must be {limit.isoformat()} or earlier)"))
    elif when is None:
        yield _field_problem(project, "fulltime_since", T(f"在省内全职工作起始日期「{value}」不是可识别的日期",
                                                          f"Full-time start '{value}' is not a date"))
    elif when > limit:
        yield _field_problem(project, "fulltime_since", T(
            f"劳动（人事）关系不在省内，省内全职工作自 {when.isoformat()} 起，晚于 {limit.isoformat()}",
            f"Full-time in Jiangsu since {when.isoformat()}, after {limit.isoformat()}"))


_EXCLUSIONS = ("excl_secret", "excl_ip_dispute", "excl_drug", "excl_gov_rnd", "excl_award", "excl_recognized")


@rule("S013", "E/W", "通知 二(一)6",
      T("声明了 二(一)6 的排除情形（涉密、知识产权争议、药品类、政府投资或研发机构开发、已获省级及以上奖项、已被认定）",
        "An exclusion of 二(一)6 is declared present"),
      T("有任一排除情形的项目不得被提名；如填错，改为“否”", "A project with any exclusion cannot be nominated"),
      how="通知 二(一)6 列出的排除情形（涉及国家机密、存在知识产权争议、药品类、政府投资或企业研发机构开发、已获省级及以上奖项、主要创新技术已被认定过），每项声明为“是”即为错误，这样的项目不得被提名。“本人项目曾获省‘五小’优秀认定”为“是”只给警告，请核实本项目的主要技术没有被认定过。")
def exclusions(project):
    """涉及国家机密的，存在知识产权争议的，药品类的，政府投资或企业研发机构开发的，已获省级及以上奖项的，
    包含的主要创新技术已在其他项目中被认定为省级优秀“五小”项目的，不得被提名. Each is declared 是/否
    (blank is F003); 是 is an error. 本人项目曾获省“五小”优秀认定 = 是 is a warning: the nominator must
    make sure this project's main technology is not the one recognised before.
    """
    for key in _EXCLUSIONS:
        if text(project, key) == "是":
            yield _field_problem(project, key, T(f"「{label(project, key)}」为“是”：通知 二(一)6 规定此类项目不得被提名",
                                                 f"'{key}' is 是: such projects cannot be nominated"))
    if text(project, "recognized_before") == "是":
        yield _field_problem(project, "recognized_before", T(
            "第一完成人的项目曾获省“五小”优秀认定：请核实本项目的主要创新技术未被认定过",
            "The completer had a project recognised before: check this one's main technology was not"),
            severity=WARNING)


_HEAD = re.compile(r"(?<!副)(董事长|总经理|总裁|厂长|院长|校长|局长|法定代表人|党委书记|总工程师)")


@rule("S014", "E/W", "通知 二(二)2",
      T("第一完成人是企事业单位负责人（错误）；第一完成人或其他完成人的职务像单位负责人（警告）",
        "First completer is a unit head (E); the first or another completer's post looks like one (W)"),
      T("第一完成人及其他主要完成人须为一线职工，不是企事业单位负责人；如职务写法有误请改为实际岗位",
        "The first and the other main completers must be frontline workers, not unit heads"),
      how="“是否企事业单位负责人”填“是”为错误：第一完成人须为一线职工。另有启发式判断，只给警告：第一完成人的职务或其他完成人的单位职务中含有 董事长、总经理、总裁、厂长、院长、校长、局长、法定代表人、党委书记、总工程师 等（前面不是“副”字），像是单位负责人。例如“总经理”给警告，“副厂长”“数控车工班长”通过。")
def frontline(project):
    """第一完成人及其他主要完成人为一线职工…即工作在生产科研一线岗位，且不是企事业单位负责人.

    The 是否企事业单位负责人 declaration covers the first completer only (E). The job-title heuristic — a
    post naming 董事长/总经理/厂长/院长… not preceded by 副 — warns for the first completer's 职务 and for
    each 其他完成人 row's 单位职务. FAIL: 是否企事业单位负责人 = 是 — WARN: 职务 = 总经理; 其他完成人 李强,
    单位职务 = 厂长 — PASS: 数控车工班长, 副厂长 (not the head).
    """
    if text(project, "unit_head") == "是":
        yield _field_problem(project, "unit_head", T("第一完成人是企事业单位负责人，不符合一线职工条件",
                                                     "The first completer is a unit head"))
        return
    position = text(project, "position")
    if position and (m := _HEAD.search(position)):
        yield _field_problem(project, "position", T(
            f"第一完成人职务「{position}」含“{m.group(1)}”，像是单位负责人（职务名称启发式判断）：请核实是否为一线职工",
            f"Position '{position}' looks like a unit head (job-title heuristic)"), severity=WARNING)
    for i, row in enumerate(project.field("others") or [], 1):
        post = row.get("post", "") if isinstance(row, dict) else ""
        if isinstance(post, str) and (m := _HEAD.search(post)):
            yield _field_problem(project, "others", T(
                f"其他完成人第 {i} 行（{row.get('name', '')}）单位职务「{post}」含“{m.group(1)}”，像是单位负责人"
                "（职务名称启发式判断）：通知要求其他主要完成人也为一线职工，请核实",
                f"Other completer row {i}: post '{post}' looks like a unit head (job-title heuristic)"), severity=WARNING)


_HONOURS = re.compile(r"(工匠|劳模|劳动模范|五一|奖章|标兵|能手|模范|先进工作者|先进个人|状元|技能大师|首席技师|拔尖人才)")


@rule("S022", "W", "附件2 四",
      T("别名雅号像荣誉称号（启发式判断）", "The 别名雅号 looks like an honour title (heuristic)"),
      T("别名雅号写同事对他的称呼，如“xx 巧匠”“xx 达人”；荣誉称号填在“个人荣誉及获奖情况”中",
        "Write a nickname such as xx 巧匠 / xx 达人; honours go in 个人荣誉及获奖情况"),
      how="这是启发式判断，只给警告：别名雅号中含有 工匠、劳模、劳动模范、五一、奖章、标兵、能手、模范、先进工作者、先进个人、状元、技能大师、首席技师、拔尖人才 等词，像荣誉称号。附件2 要求别名雅号不是荣誉称号：“刀具巧匠”“焊花达人”通过，“江苏工匠”“岗位能手”给警告。")
def nickname(project):
    """附件2 四 别名雅号: 例如：xx 巧匠、xx 达人等。（非荣誉称号）. A word list (工匠, 劳模, 劳动模范, 五一, 奖章,
    标兵, 能手, 模范, 先进工作者, 状元, 技能大师, 首席技师…) flags names that read like an honour, as a warning.

    PASS: 刀具巧匠, 焊花达人 — WARN: 江苏工匠, 五一劳动奖章获得者, 岗位能手.
    """
    value = text(project, "nickname")
    if value and (m := _HONOURS.search(value)):
        yield _field_problem(project, "nickname", T(
            f"别名雅号「{value}」含“{m.group(1)}”，像是荣誉称号（词表启发式判断）：附件2 要求别名雅号不是荣誉称号",
            f"Nickname '{value}' contains '{m.group(1)}', like an honour title (word-list heuristic)"))


# ---------------------------------------------------------------- 附件3 领域类别

_PREFIX = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")


def field_table(project) -> dict[str, dict]:
    """一级 name without its printed prefix → {"name": printed name, "level2": {name: [level3…]}}."""
    out = {}
    for cat in project.profile.load_ref("fields")["categories"]:
        out[fold(_PREFIX.sub("", cat["level1"]))] = {
            "name": cat["level1"], "level2": {fold(x["name"]): x.get("level3", []) for x in cat["level2"]},
            "names": [x["name"] for x in cat["level2"]]}
    return out


@rule("S015", "E/W", "附件3",
      T("所属领域 一级/二级 不是附件3 中的组合（错误）；三级不在该二级之下（警告）",
        "Field category level 1/2 not a pair of 附件3 (E); level 3 not under level 2 (W)"),
      T("照附件3 填写：一级如“五、先进制造与重大装备”（序号可省），二级为该一级下的类别，如“装备制造”",
        "Use 附件3: level 1 (numbering optional) and a level 2 under it"),
      how="所属领域按附件3 核对：一级须是附件3 的一级类别（前面的“五、”之类序号可写可不写），二级须在该一级之下，不对为错误，例如“能源与节能 / 装备制造”。三级若填了，却不在附件3 为该二级列举的类别中，只给警告。")
def field_category(project):
    """“五小”活动项目所属领域专业类别 (附件3): 一级 with or without its printed number, and an 二级 under it.

    PASS: 五、先进制造与重大装备 / 装备制造; 先进制造与重大装备 / 仪器仪表 — FAIL: 能源与节能 / 装备制造.
    """
    l1, l2, l3 = text(project, "field_level1"), text(project, "field_level2"), text(project, "field_level3")
    if l1 is None:
        return
    table = field_table(project)
    cat = table.get(fold(_PREFIX.sub("", l1)))
    if cat is None:
        names = "、".join(c["name"] for c in table.values())
        yield _field_problem(project, "field_level1", T(f"所属领域一级「{l1}」不在附件3 中（可选：{names}）",
                                                        f"Level 1 '{l1}' is not in 附件3"))
        return
    if l2 is None:
        return
    level3 = cat["level2"].get(fold(l2))
    if level3 is None and fold(l2).rstrip("等") + "等" in cat["level2"]:
        level3 = cat["level2"][fold(l2).rstrip("等") + "等"]
    if level3 is None:
        owner = [c["name"] for c in table.values() if fold(l2) in c["level2"]]
        where = f"；它属于「{owner[0]}」" if owner else ""
        yield _field_problem(project, "field_level2", T(
            f"所属领域二级「{l2}」不在一级「{cat['name']}」之下（可选：{'、'.join(cat['names'])}）{where}",
            f"Level 2 '{l2}' is not under '{cat['name']}'"))
        return
    if l3 and level3 and not any(fold(l3) in fold(x) or fold(x) in fold(l3) for x in level3):
        yield _field_problem(project, "field_level3", T(
            f"所属领域三级「{l3}」不在二级「{l2}」的列举中（如：{'、'.join(level3[:5])}）",
            f"Level 3 '{l3}' is not listed under '{l2}'"), severity=WARNING)


# ---------------------------------------------------------------- media


def _group_problems(project, role: str, over: str | None = None, named: tuple = ()):
    """Count and readability of a photo group: its folder's pictures plus ``named``, those put straight in the
    parent folder whose name says they belong here (S016)."""
    spec = project.profile.section("photo_groups").get(role, {})
    name = spec.get("label", role)
    folder = project.profile.folder(role)
    found = images_in(project, role) + list(named)
    where = f"{folder}/" + (f" 及 {project.profile.folder('photos')}/ 中文件名写明的" if named else "")
    lo, hi = spec.get("min_count", 0), spec.get("max_count")
    if len(found) < lo:
        have = "没有这个文件夹" if project.folder_name(role) is None and not named else f"只有 {len(found)} 张"
        yield Problem(T(f"{name}：{where} {have}，要求{'' if hi == lo else '至少 '} {lo} 张",
                        f"{name}: {len(found)} photos in {folder}/; {lo} required"), file=folder + "/")
    if hi is not None and len(found) > hi:
        extra = "、".join(e.name for e, _ in found[hi:])
        yield Problem(T(f"{name}：{where} 有 {len(found)} 张，限 {hi} 张；多出：{extra}",
                        f"{name}: {len(found)} photos in {folder}/; at most {hi}"), file=found[hi][0].rel,
                      hint=T(f"只保留最能说明问题的 {hi} 张", f"Keep the best {hi}"), severity=over)
    for entry, facts in found:
        if facts.kind not in IMAGE_KINDS:
            yield Problem(T(f"{entry.name} 不是可识别的图片（实际是 {describe(facts.kind)}）",
                            f"{entry.name} is not a picture ({facts.kind})"), file=entry.rel)
        elif facts.error is not None and not facts.error.startswith("too-large"):
            yield Problem(T(f"{entry.name} {damage(facts.error)}", f"{entry.name} is damaged ({facts.error})"),
                          file=entry.rel)


STAGES = ("photos_before", "photos_after")


@rule("S016", "E/W", "附件2 三(一)(二)",
      T("项目实施前/实施后的图片：缺少或超过 4 张（错误）；照片直接放在 {photos_dir}/ 且文件名看不出是实施前还是实施后（警告）",
        "Before/after photos missing or over 4 each (E); a photo outside before/ and after/ whose name says neither (W)"),
      T("实施前的照片放 {photos_dir}/before/，实施后的放 {photos_dir}/after/（或在文件名里写明“实施前”“实施后”），各 1–4 张",
        "Put 1–4 photos each in {photos_dir}/before/ and {photos_dir}/after/, or say 实施前/实施后 in their names"),
      how="项目实施前、实施后的图片分别放 {photos_dir}/before/ 和 {photos_dir}/after/，各至少 1 张、最多 4 张：缺少或超过为错误，例如 before/ 里有 5 张、after/ 是空的。直接放在 {photos_dir}/ 里的照片，文件名写明阶段的（如“实施前-换刀现场.jpg”“改造后-夹具.jpg”，也认改造、改进、改善、优化、使用前/后）计入该组，同样受 1–4 张限制；文件名看不出是实施前还是实施后的（如“现场.jpg”“实施前后对比.jpg”），给警告。图片须能识别和读取，否则为错误。通知对图片大小和分辨率没有要求，不检查。")
def before_after_photos(project):
    """项目实施前的情况 图片一组(限4张); 项目实施后的情况 图片一组(限4张). The notice names no folders, so a photo
    in photos/ named 实施前-….jpg counts as a before photo. It sets no size or dpi minimum, so none is checked.
    PASS: 4 + 3; photos/实施前-1.jpg + photos/实施后-1.jpg — FAIL: 5 in photos/before/; photos/after/ empty.
    """
    groups = {role: project.profile.section("photo_groups").get(role, {}) for role in STAGES}
    named: dict[str, list] = {role: [] for role in STAGES}
    top = project.folder_name("photos")
    for entry, facts in [(e, f) for e, f in images_in(project, "photos") if e.parent == top]:
        if (role := stage_named(entry.name, groups)) is not None:
            named[role].append((entry, facts))
            continue
        yield Problem(T(f"{entry.name} 直接放在 {project.profile.folder('photos')}/ 中，文件名看不出是实施前还是实施后",
                        f"{entry.name} is neither in before/ nor after/, and its name says neither"),
                      file=entry.rel, severity=WARNING,
                      hint=T("移入 photos/before/ 或 photos/after/，或在文件名开头写明“实施前”“实施后”",
                             "Move it into photos/before/ or photos/after/, or start its name with 实施前 or 实施后"))
    for role in STAGES:
        yield from _group_problems(project, role, named=tuple(named[role]))


@rule("S017", "E", "附件2 三(三)",
      T("项目视频不是 1 个，或超过 3 分钟", "Not exactly one project video, or longer than 3 minutes"),
      T("只放 1 个视频，剪辑到 3 分钟以内", "Keep one video, cut to 3 minutes"),
      how="项目视频须正好 1 个，时长不超过 180 秒（3 分钟）：180.0 秒通过，180.1 秒为错误；没有视频或多于 1 个也为错误。")
def project_video(project):
    """项目视频(1个,3分钟内): exactly one video in videos/, 180.0 s or shorter. 180.0 s passes, 180.1 s fails."""
    limits = project.profile.section("videos")
    found = video_facts(project)
    want, limit = limits.get("max_count", 1), limits.get("max_seconds", 180)
    folder = project.profile.folder("videos")
    if not found:
        yield Problem(T(f"{folder}/ 中没有项目视频（要求 1 个，3 分钟内）", f"No video in {folder}/"), file=folder + "/")
    elif len(found) > want:
        names = "、".join(e.name for e, _ in found)
        yield Problem(T(f"{folder}/ 有 {len(found)} 个视频（{names}），只能有 {want} 个", f"{len(found)} videos; {want} allowed"),
                      file=found[want][0].rel)
    for entry, facts in playable(project):
        if facts.duration is not None and facts.duration > limit:
            message, hint = too_long(entry.name, facts.duration, limit)
            yield Problem(message, file=entry.rel, hint=hint)


# ---------------------------------------------------------------- attachments (附件2 八)

def attachment_slots(project) -> tuple[dict[str, list], list]:
    """Files of the attachments folder by slot key (numbered 1-…, 附件2-…, or by keyword), and the unmatched."""
    items = project.profile.section("attachments").get("items", [])
    return sort_into_slots(project.files_in("attachments", recursive=True), items)


@rule("S018", "E/W", "附件2 八, 通知 七(三)3",
      T("缺少必须上传的附件（提名书签字盖章扫描版、一线证明及证书），或同一附件有多个文件（错误）；认不出是哪项附件（警告）",
        "A required attachment is missing or split into several files (E); an unrecognised file (W)"),
      T("附件放在 attachments/，文件名以序号开头：1-提名书.pdf、2-一线证明及证书.pdf、4-媒体宣传….pdf、5-其他证明材料.pdf",
        "Name attachments 1-提名书.pdf, 2-一线证明及证书.pdf, 4-…, 5-… in attachments/"),
      how="附件放在 attachments/，按文件名开头的序号（如 1-、2-）或关键词（提名书、一线、职称、媒体、其他等）认出是哪一项。第 1 项（提名书签字盖章扫描版）和第 2 项（一线证明及证书）必须有，缺少为错误；要求合并成一个 PDF 的附件有多个文件（如 2-证明.pdf 和 2-证书.pdf）为错误。认不出是哪一项的文件给警告。")
def attachments_present(project):
    """附件2 八: *1 提名书签字盖章扫描版 and *2 一线证明、最高技能等级、最高职称证书（合并成一个 PDF）are required;
    4 媒体宣传文稿 and 5 其他材料（合并成一个 PDF）are optional. (*3, the completer's photos, is S020.)

    PASS: attachments/1-提名书.pdf, attachments/2-一线证明及证书.pdf — FAIL: no 2-…; 2-证明.pdf + 2-证书.pdf.
    """
    folder = project.profile.folder("attachments")
    slots, unmatched = attachment_slots(project)
    for item in project.profile.section("attachments").get("items", []):
        files = slots[item["key"]]
        if not files and item.get("required"):
            yield Problem(T(f"缺少必须上传的附件 {item['number']}：{item['label']}（放入 {folder}/，文件名以“{item['number']}-”开头）",
                            f"Required attachment {item['number']} missing: {item['label']}"), file=folder + "/")
        elif len(files) > 1 and item.get("kinds") == ["pdf"]:
            names = "、".join(e.name for e in files)
            yield Problem(T(f"附件 {item['number']}（{item['label']}）有 {len(files)} 个文件：{names}，须合并成一个 PDF",
                            f"Attachment {item['number']} is {len(files)} files; merge them into one PDF"),
                          file=files[1].rel)
    for entry in unmatched:
        yield Problem(T(f"认不出 {entry.name} 是哪一项附件", f"Cannot tell which attachment {entry.name} is"),
                      file=entry.rel, severity=WARNING)


@rule("S019", "E", "附件2 八, 通知 七(三)3",
      T("附件不是要求的格式，或 PDF 打不开（加密、损坏、空文件或没有页面）",
        "An attachment is the wrong kind, or its PDF is encrypted, damaged or empty"),
      T("用扫描软件或 WPS“输出为 PDF”重新生成，不要设置打开密码", "Re-create the PDF without a password"),
      how="逐个打开附件：按内容判断格式，第 1、2、5 项须是 PDF，第 4 项可以是 PDF、docx、JPEG 或 PNG，格式不对为错误。PDF 设了密码、已损坏、没有页面或是 0 字节空文件，也为错误。")
def attachments_readable(project):
    """Attachments are opened for real: a PDF that asks for a password, is cut off, or has no page
    fails; so does a JPEG where one PDF is asked for. FAIL: 1-提名书.pdf protected by a password.
    """
    items = {i["key"]: i for i in project.profile.section("attachments").get("items", [])}
    slots, _ = attachment_slots(project)
    for key, files in slots.items():
        kinds = items[key].get("kinds", ["pdf"])
        for entry in files:
            kind = sniff(entry.path)
            if kind == "empty":
                yield Problem(T(f"{entry.name} 是空文件（0 字节）", f"{entry.name} is empty"), file=entry.rel)
            elif kind not in kinds:
                wanted = "、".join(k.upper() for k in kinds)
                yield Problem(T(f"{entry.name} 实际是 {describe(kind)}，要求 {wanted}", f"{entry.name} is {kind}; {wanted} required"),
                              file=entry.rel)
            elif kind == "pdf":
                facts = project.facts("pdf", entry, read_pdf)
                if facts.encrypted:
                    yield Problem(T(f"{entry.name} 设置了密码（加密），审核方无法打开", f"{entry.name} is encrypted"),
                                  file=entry.rel)
                elif facts.error == "missing-library":
                    yield Problem(missing_library(entry.name, facts.missing), file=entry.rel)
                elif facts.error == "no-pages":
                    yield Problem(T(f"{entry.name} 没有任何页面", f"{entry.name} has no pages"), file=entry.rel)
                elif facts.error is not None:
                    yield Problem(T(f"{entry.name} 无法作为 PDF 打开，文件可能已损坏（可能传输中断）",
                                    f"{entry.name} cannot be opened as a PDF ({facts.error})"), file=entry.rel)


@rule("S021", "W", "通知 七(三)3",
      T("提名书签字盖章扫描版中没有找到红色公章（启发式判断）", "No red seal found on the signed and stamped 提名书 scan (heuristic)"),
      T("提名书须下载打印、盖章签字后彩色扫描成一个 PDF（黑白扫描看不出红章）",
        "Print the 提名书, have it stamped and signed, and scan it in colour into one PDF"),
      how="这是启发式判断，只给警告：在第 1 项附件（提名书签字盖章扫描版）的图片中找红色、大致为圆形的印记，找不到就提醒。黑白扫描的盖章页也会被提醒，因为看不出红色。扫描件过大（像素总数超过 4000 万的 PNG）或 PDF 第 1 页过于复杂、为安全起见没有解码的，不说“没有找到公章”，而是单独说明原因并提醒重新扫描。")
def nomination_seal(project):
    """通知 七(三)3: 在线填写提名书后，下载打印，盖章签字，扫描成一个 PDF，须作为第一个附件上传. The red-seal
    heuristic (a red, roughly round mark in the scan's images) runs on attachment 1; a black-and-white scan of a
    stamped page also warns. Missing or unreadable attachments are S018/S019.
    """
    slots, _ = attachment_slots(project)
    scans = [(e, *project.facts("scan", e, read_scan)) for e in slots.get("nomination", [])]
    for message, hint, entry in seal_problems(scans):
        yield Problem(message, file=entry.rel, hint=hint)


@rule("S020", "E/W", "附件2 八 第3项",
      T("第一完成人照片不是 2 张形象照 + 2 张工作场景照（少于为错误，多于为警告），或图片无法读取",
        "First completer photos are not 2 portraits + 2 work scenes, or unreadable"),
      T("形象照（正面站立或端坐）2 张放 completer/portrait/，工作场景照 2 张放 completer/work/",
        "Two portraits in completer/portrait/, two work scenes in completer/work/"),
      how="第一完成人照片：completer/portrait/ 放形象照 2 张，completer/work/ 放工作场景照 2 张。少于 2 张为错误；多于 2 张给警告；图片无法识别或已损坏为错误。")
def completer_photos(project):
    """*3 第一完成人正面站立或端坐形象照（2张）、工作场景照（2张）.

    PASS: 2 + 2 — FAIL: 1 portrait; no completer/work/ — WARN: 3 portraits.
    """
    for role in ("portraits", "work_photos"):
        yield from _group_problems(project, role, over=WARNING)


RULES = [id_number, phones, emails, postcodes, options, team, word_limits, awards, other_completers, certificates,
         implemented, in_jiangsu, exclusions, frontline, field_category, before_after_photos, project_video,
         attachments_present, attachments_readable, nomination_seal, completer_photos, nickname]
