"""Nominator materials (J010–J015): what a Jiangsu 提名单位 submits about itself, beside its projects.

Batch scope, like rules/nominator.py: each check takes an engine.Batch whose ``root`` holds nominator.toml
and the ``nominator/`` folder, and stays silent without a batch folder or nominator.toml (J001 says so).
"""

from __future__ import annotations

import datetime as dt

from wuxiao_cli.findings import WARNING, BatchProblem
from wuxiao_cli.forms.fields import FormSchema, coerce
from wuxiao_cli.forms.validate import validate_form
from wuxiao_cli.jiangsu.nominator import load_nominator
from wuxiao_cli.jiangsu.slots import sort_into_slots
from wuxiao_cli.jiangsu.workdays import load_calendar
from wuxiao_cli.media.scans import read_scan, seal_problems, unreadable
from wuxiao_cli.project import list_project
from wuxiao_cli.rules.base import rule
from wuxiao_cli.rules.jiangsu import parse_date
from wuxiao_cli.sniff import describe, ole2_kind, sniff
from wuxiao_cli.text import T


def _nominator(batch):
    """The batch's usable nominator.toml, or None (no batch folder, no file, or J001's error)."""
    nominator = load_nominator(batch.root, batch.profile)
    return None if nominator is None or nominator.error is not None else nominator


def as_date(value) -> dt.date | None:
    """A TOML date, or a date written as text (2023-08-01, 2023年8月1日)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


# ---------------------------------------------------------------- the nominator's uploads (七(三)3)

def uploads(batch):
    """(folder name, slots by key with (entry, kind, facts), unmatched entries), or None without the folder."""
    spec = batch.profile.section("nominators")
    name = spec.get("folder", "nominator")
    folder = batch.root / name
    if not folder.is_dir():
        return None
    # a file or a subfolder per slot: nominator/3-现场照片/*.jpg belongs to slot 3 whatever the photos are called
    slots, unmatched = sort_into_slots(list_project(folder).files, spec.get("uploads", []),
                                       name=lambda entry: entry.rel.split("/")[0])
    scanned = {key: [(e, *read_scan(e.path)) for e in entries] for key, entries in slots.items()}
    return name, scanned, unmatched


@rule("J010", "E/W", "通知 七(三)3",
      T("提名单位材料（nominator/）缺少提名函盖章扫描版、公示及无异议证明或现场照片，或文件打不开（错误）；"
        "没有 nominator/ 文件夹（警告）",
        "The nominator's uploads lack the stamped letter, the 公示 proof or on-site photos, or a file will not open (E); "
        "no nominator/ folder (W)"),
      T("在批次文件夹中建 nominator/，放入：1-提名函（盖章扫描）.pdf、2-公示及无异议证明.pdf、3-现场照片（或网页截图）.jpg"
        "（可多张），可选 4-工作开展情况.pdf",
        "Make nominator/ in the batch folder with 1-提名函.pdf, 2-公示及无异议证明.pdf, 3-现场照片.jpg (optional 4-…)"),
      scope="batch",
      how="查看批次文件夹里的 nominator/，按文件名开头的序号或关键词认出各项材料：1 提名函盖章扫描版、2 公示及无异议证明、3 现场照片或网页截图（可多张）必须有，4 工作开展情况资料可选。缺少必须的一项，或文件打不开（0 字节、认不出是什么文件、已损坏、加密）为错误；通知没有规定这些材料的格式，能打开但不是常用格式的文件由 J015 提醒。认不出是哪一项的文件给警告。整个 nominator/ 文件夹都没有只给警告（材料可能另存别处，此时不检查）。")
def nominator_uploads(batch):
    """通知 七(三)3: 提名单位将提名函盖章扫描版，本级公示及无异议证明材料电子版、现场照片（或网页截图）、证明提名
    单位工作开展情况的其他资料等通过系统提交. These live in the batch folder's ``nominator/``, one slot each by a
    leading number or a keyword (the slots are the profile's ``nominators.uploads``):

        nominator/1-提名函.pdf   2-公示及无异议证明.pdf   3-现场照片-1.jpg …   4-工作开展情况.pdf (optional)

    The clause names no format for any of them: a file that opens but is not of the slot's usual ``kinds``
    (a HEIC photo, a .doc proof, a TIFF scan) is J015's warning, not an error here.

    FAIL: no 2-… in nominator/; a 2-公示.pdf cut short; a 0-byte or unrecognisable file — WARN: no nominator/
    folder at all (the materials may be kept elsewhere; they are then not checked).
    """
    if _nominator(batch) is None:
        return
    found = uploads(batch)
    items = batch.profile.section("nominators").get("uploads", [])
    if found is None:
        name = batch.profile.section("nominators").get("folder", "nominator")
        wanted = "、".join(i["label"] for i in items if i.get("required"))
        yield BatchProblem(T(f"批次文件夹中没有 {name}/：提名单位须通过系统提交{wanted}；放入 {name}/ 可一并检查",
                             f"No {name}/ in the batch folder: the nominator's own uploads are not checked"),
                           severity=WARNING)
        return
    name, slots, unmatched = found
    for item in items:
        files = slots[item["key"]]
        if not files and item.get("required"):
            yield BatchProblem(T(f"{name}/ 中缺少{item['label']}（文件名以“{item['number']}-”开头）",
                                 f"{name}/ lacks {item['label']} (name it {item['number']}-…)"))
        for entry, kind, facts in files:
            if (why := cannot_open(f"{name}/{entry.rel}", entry.path, kind, facts)) is not None:
                yield BatchProblem(why)
    for entry in unmatched:
        yield BatchProblem(T(f"认不出 {name}/{entry.rel} 是哪一项提名单位材料", f"Cannot tell what {name}/{entry.rel} is"),
                           severity=WARNING)


OTHER_IMAGES = ("gif", "bmp", "tiff", "webp", "heic")  # read_scan gives no facts for these: media.image reads them
NOT_A_FILE = ("empty", "unreadable", "unknown")


def cannot_open(where: str, path, kind: str, facts) -> T | None:
    """Why an upload will not open (J010), or None when it does, whatever its kind (J015 judges the kind)."""
    if kind in NOT_A_FILE:
        return T(f"{where} 是 {describe(kind)}，打不开；请重新扫描、导出或复制一份能打开的文件",
                 f"{where} will not open ({kind}); scan, export or copy it again")
    if facts is not None:  # a PDF, JPEG or PNG read as a scan
        return unreadable(where, kind, facts)
    if kind in OTHER_IMAGES and not _image_opens(path, kind):
        return T(f"{where} 是 {describe(kind)}，但已损坏或不完整，打不开；请重新导出或复制一份",
                 f"{where} is a damaged {kind} image; export or copy it again")
    if kind == "zip" and not _zip_opens(path):  # sniff calls a damaged docx/xlsx "zip"
        return T(f"{where} 是损坏的压缩文件（可能是损坏的 Word/Excel 文件），打不开；请重新保存或复制一份",
                 f"{where} is a damaged zip-based file; save or copy it again")
    return None


def _image_opens(path, kind: str) -> bool:
    """A WebP, TIFF, GIF or BMP decoded whole (a nominator's few uploads; verify() misses a TIFF cut short)
    within media.image's whole-decode budget; past it, and a HEIC (Pillow has no HEIF decoder), by its
    header alone."""
    import warnings

    from PIL import Image

    from wuxiao_cli.media.image import read_image, too_big_to_decode

    facts = read_image(path)
    if facts.error is not None:
        return False
    if kind == "heic" or too_big_to_decode(facts):  # past the budget: its header read, its pixels not decoded
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                im.load()
    except (OSError, SyntaxError, ValueError, MemoryError, Image.DecompressionBombError):
        return False
    return True


def _zip_opens(path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return bool(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# The usual extensions of a kind: a readable upload of an unusual kind whose extension says otherwise is told so
EXTENSIONS = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg", ".jpe"), "png": (".png",), "docx": (".docx",),
              "doc": (".doc", ".wps"), "xls": (".xls", ".et"), "odt": (".odt",), "xlsx": (".xlsx",),
              "heic": (".heic", ".heif"), "webp": (".webp",), "tiff": (".tif", ".tiff"), "gif": (".gif",),
              "bmp": (".bmp",)}
PHOTO_KINDS = ("heic", "webp", "tiff", "gif", "bmp")
DOCUMENT_KINDS = ("doc", "ole2", "odt", "docx", "xls", "xlsx", "ods", "ppt", "text")


def convert_hint(kind: str, usual: list[str]) -> T:
    """How to turn an upload of this kind into one of the usual ones, in the tools a clerk has."""
    if kind == "heic":
        return T("在 iPhone 上把照片分享到微信或邮件（会转为 JPEG），或在电脑上用“照片”应用打开 → 另存为 JPEG；"
                 "以后可在“设置 → 相机 → 格式”选“兼容性最佳”，直接拍 JPEG",
                 "Share it from the iPhone by WeChat or mail (sent as JPEG), or open it in Photos and save as JPEG; "
                 "Settings → Camera → Formats → Most Compatible takes JPEGs")
    if kind in PHOTO_KINDS:
        return T("用“画图”或“照片”打开 → 另存为 JPEG 或 PNG；多页的 TIFF 扫描件可在扫描软件中另存为 PDF",
                 "Open it in Paint or Photos and save as JPEG or PNG; save a multi-page TIFF scan as PDF")
    if kind in DOCUMENT_KINDS:
        return T("用 Word 打开 → 文件 → 另存为 → 保存类型选“PDF”；WPS：文件 → 输出为 PDF；"
                 "LibreOffice：文件 → 导出为 PDF。盖章页请扫描成 PDF",
                 "Word: File → Save As → PDF; WPS: 文件 → 输出为 PDF; LibreOffice: File → Export as PDF. "
                 "Scan stamped pages to PDF")
    wanted = "、".join(k.upper() for k in usual)
    return T(f"转换为 {wanted} 后再放入", f"Convert it to {wanted}")


@rule("J015", "W", "通知 七(三)3",
      T("提名单位材料能打开，但不是常用格式（如 HEIC 照片、.doc 文档、TIFF 扫描件）：提名系统可能不接受",
        "A nominator upload opens but is not of a usual format (HEIC photo, .doc, TIFF scan): the system may refuse it"),
      T("转换为常用格式后再上传：照片另存为 JPEG 或 PNG，文档另存为 PDF",
        "Convert it before uploading: photos to JPEG or PNG, documents to PDF"),
      scope="batch",
      how="通知 七(三)3 只说提名函盖章扫描版、公示及无异议证明材料电子版、现场照片（或网页截图）通过系统提交，没有规定格式。常用格式是：提名函 PDF、JPEG、PNG；公示及无异议证明 PDF、JPEG、PNG、docx；现场照片 JPEG、PNG、PDF。能打开但不是这些格式的文件（如苹果手机的 HEIC 照片、WebP 截图、Word 97-2003 或 WPS 的 .doc/.wps、.odt、TIFF 扫描件）只给警告，并说明怎样转换：系统不一定接受。打不开的文件归 J010。")
def unusual_upload_format(batch):
    """通知 七(三)3 names no format for the 提名函盖章扫描版, the 公示及无异议证明材料电子版 or the 现场照片（或网页截图）;
    the profile's ``nominators.uploads[].kinds`` are the formats the submission system is known to take. An upload
    that opens (J010 has those that do not) but is of another kind is named, with what it is and how to convert it.

    WARN: 3-现场照片/公示现场.heic (iPhone HEIC); 2-公示及无异议证明.doc (Word 97-2003) or .wps or .odt; 1-提名函.tif.
    PASS: 1-提名函.pdf, 2-公示.docx, 3-现场照片/a.jpg. Silent on a file J010 finds will not open.
    """
    if _nominator(batch) is None or (found := uploads(batch)) is None:
        return
    name, slots, _ = found
    for item in batch.profile.section("nominators").get("uploads", []):
        usual = item.get("kinds", ["pdf"])
        for entry, kind, facts in slots[item["key"]]:
            where = f"{name}/{entry.rel}"
            if kind in usual or cannot_open(where, entry.path, kind, facts) is not None:
                continue
            if kind == "ole2":
                kind = ole2_kind(entry.path)
            wanted = "、".join(k.upper() for k in usual)
            exts = EXTENSIONS.get(kind)
            named = f"（扩展名 {entry.suffix or '（无）'} 与内容不符）" if exts and entry.suffix not in exts else ""
            yield BatchProblem(T(f"{where} 是 {describe(kind)}{named}，不是{item['label']}常用的 {wanted}："
                                 f"通知没有规定格式，但提名系统不一定接受，建议转换后上传",
                                 f"{where} is {kind}, not the usual {wanted}; the system may not accept it"),
                               hint=convert_hint(kind, usual))


@rule("J011", "W", "通知 七(三)3",
      T("提名函盖章扫描版中没有找到红色公章（启发式判断）", "No red seal found on the stamped 提名函 scan (heuristic)"),
      T("提名函须由提名单位盖章后彩色扫描（黑白扫描看不出红章）", "Have the letter stamped and scan it in colour"),
      scope="batch",
      how="这是启发式判断，只给警告：在 nominator/ 中提名函盖章扫描版的图片里找红色、大致为圆形的印记，找不到就提醒。黑白扫描的盖章页也会被提醒，因为看不出红色。扫描件过大（像素总数超过 4000 万的 PNG）或 PDF 第 1 页过于复杂、为安全起见没有解码的，不说“没有找到公章”，而是单独说明原因并提醒重新扫描。")
def letter_seal(batch):
    """通知 七(三)3 提名函盖章扫描版; 附件1 提名单位（盖章）. The red-seal heuristic (a red, roughly round mark)
    over nominator/1-提名函…; a black-and-white scan of a stamped letter also warns.
    """
    if _nominator(batch) is None or (found := uploads(batch)) is None:
        return
    name, slots, _ = found
    for message, hint, _entry in seal_problems(slots.get("letter", []), name=lambda e: f"{name}/{e.rel}"):
        yield BatchProblem(message, hint=hint)


# ---------------------------------------------------------------- 公示 (五1)

@rule("J012", "E/W", "通知 五1",
      T("公示不足 3 个工作日，或公示起止日期不是日期、结束早于开始（错误）；公示日期超出节假日日历（警告）",
        "公示 shorter than 3 working days, or its dates are not dates (E); dates outside the holiday calendar (W)"),
      T("在 nominator.toml 的 [publicity] 中写 start、end（如 2023-08-01、2023-08-03）；公示期须含至少 3 个工作日",
        "Give [publicity] start and end in nominator.toml; the period needs at least 3 working days"),
      scope="batch",
      how="按 2023 年国家节假日安排数 nominator.toml 里 [publicity] 公示起止日期之间的工作日（起止两天都算；周末和法定节假日不算，调休上班的周末算），须不少于 3 个。例如 2023-08-04（周五）至 08-07（周一）只有 2 个，为错误；至 08-08 为 3 个，通过。日期读不出或结束早于开始为错误；日期超出日历覆盖范围时只按周一至周五计并给警告。没写公示日期时不检查。")
def publicity_days(batch):
    """公示时间不少于3个工作日: nominator.toml's optional ``[publicity] start / end`` (both days included) counted
    in working days by the 2023 official calendar (schemas/reference/workdays-cn-2023.json): weekends and
    法定节假日 off, 调休 weekends worked. Fri 2023-08-04 – Mon 08-07 is 2 (fails), – Tue 08-08 is 3 (passes);
    2023-09-27 – 10-07 is 3 (27, 28 and the 调休 Saturday 7 October). Silent when no dates are given.
    """
    nominator = _nominator(batch)
    if nominator is None or not nominator.publicity:
        return
    start, end = as_date(nominator.publicity.get("start")), as_date(nominator.publicity.get("end"))
    if start is None or end is None:
        yield BatchProblem(T("nominator.toml 的 [publicity] 须写公示开始（start）和结束（end）日期，如 2023-08-01",
                             "[publicity] needs start and end dates"))
        return
    if end < start:
        yield BatchProblem(T(f"公示结束日期 {end} 早于开始日期 {start}", f"公示 ends ({end}) before it starts ({start})"))
        return
    calendar = load_calendar(batch.profile)
    need = batch.profile.section("nominators").get("publicity_min_workdays", 3)
    worked = calendar.working_days(start, end)
    listed = "、".join(_md(d) for d in worked) or "无"
    if not calendar.covers(start, end):
        yield BatchProblem(T(f"公示 {start} 至 {end} 超出节假日日历（{calendar.start} 至 {calendar.end}）：按周一至周五和已知节假日计 "
                             f"{len(worked)} 个工作日，请自行核对",
                             f"公示 {start}–{end} is outside the holiday calendar; {len(worked)} working days by weekdays"),
                           severity=WARNING)
    elif len(worked) < need:
        yield BatchProblem(T(f"公示 {start} 至 {end} 只有 {len(worked)} 个工作日（{listed}；周末和法定节假日不计，调休上班日计入），"
                             f"要求不少于 {need} 个工作日",
                             f"公示 {start}–{end} has {len(worked)} working days; at least {need} required"))


# ---------------------------------------------------------------- 备案 of a 省级社会组织 (四, 七(三)3, 附件4)

def filing_form(batch, nominator, spec: dict, schema: FormSchema):
    """(raw values, where they came from, why they could not be read): nominator.toml's [filing], else the
    filled 附件4 form as a .docx in the batch folder (label | value cells, as form.docx is read)."""
    if nominator.filing is not None:
        return nominator.filing, f"{nominator.path.name} [filing]", None
    for name in spec.get("files", []):
        path = batch.root / name
        if not path.is_file():
            continue
        if (kind := sniff(path)) != "docx":
            return None, name, T(f"{name} 不是真正的 Word .docx 文件，实际是：{describe(kind)}", f"{name} is not a .docx ({kind})")
        from wuxiao_cli.forms.docx_form import read_docx

        try:
            values, *_ = read_docx(path, schema)
        except Exception as exc:  # python-docx raises many kinds on a damaged package
            return None, name, T(f"{name} 无法作为 Word 文档打开（{type(exc).__name__}），文件可能已损坏",
                                 f"{name} cannot be opened as a Word document ({type(exc).__name__})")
        return values, name, None
    return None, "", None


@rule("J013", "E", "通知 四、七(三)3, 附件4",
      T("省级社会组织没有备案申请表数据，或其中缺项、格式不对、简介超过 500 字、填表时间晚于 7 月 15 日",
        "A 省级社会组织 gives no 备案 data, or it lacks fields, is malformed, has an over-500-字 summary or is after 15 July"),
      T("在 nominator.toml 中写 [filing]：附件4 备案申请表各项（社会组织全称、组织机构代码、填表时间、联系人、"
        "近三年开展职工科技创新活动情况简介 限 500 字 等），并于 7 月 15 日前报送盖章纸质版",
        "Write the 附件4 filing form as [filing] in nominator.toml; file it by 15 July"),
      scope="batch",
      how="只在提名单位类型为省级社会组织时检查：须在 nominator.toml 的 [filing] 中（或批次文件夹里填好的 备案申请表.docx 中）给出附件4 备案申请表各项，如社会组织全称、组织机构代码、填表时间、联系人、手机号码、电子邮箱、邮编、近三年活动情况简介。缺项、格式不对（如邮编 21000）、简介超过 500 字（500 字通过、501 字不通过）、填了已成立工会却没写工会全称、填表时间晚于 2023-07-15（7 月 15 日通过、16 日不通过），均为错误。")
def filing(batch):
    """通知 四: 开展职工科技创新工作的省级社会组织，经备案后可作为提名单位; 七(三)3: 于7月15日前报送备案申请表.
    When the nominator type is 省级社会组织, nominator.toml's ``[filing]`` — or, without it, the filled 附件4 form
    saved as 备案申请表.docx in the batch folder — holds 附件4's fields (keys and labels in
    schemas/forms/jiangsu-filing-2023.schema.json): 社会组织全称, 是否在我省注册, 组织机构代码, 填表时间, 通讯地址,
    邮编, 联系人, 手机号码, 电子邮箱, 是否成立工会组织 (and then 工会组织全称), 近三年开展职工科技创新活动情况简介.

    PASS: 简介 of 500 字, 填表时间 2023-07-15 — FAIL: 501 字; 2023-07-16; no [filing]; 邮编 21000.
    """
    spec = batch.profile.section("nominators").get("filing")
    nominator = _nominator(batch)
    if spec is None or nominator is None or nominator.kind not in spec["types"]:
        return
    schema = FormSchema(batch.profile.load_json(spec["schema"]))
    raw, source, error = filing_form(batch, nominator, spec, schema)
    if error is not None:
        yield BatchProblem(error)
        return
    if raw is None:
        files = "或".join(spec.get("files", []))
        yield BatchProblem(T(f"{nominator.kind}须经备案后才能提名：{nominator.path.name} 中没有备案申请表数据（[filing]）"
                             + (f"，批次文件夹中也没有 {files}" if files else ""),
                             f"A {nominator.kind} must have filed: no [filing] in {nominator.path.name}"))
        return
    data = {}
    for key, value in raw.items():
        key = schema.resolve(str(key)) or str(key)
        if (value := coerce(value, schema.fields[key]) if key in schema.fields else value) is not None:
            data[key] = value
    for problems in validate_form(data, schema, source).values():
        for p in problems:
            yield BatchProblem(p.message, hint=p.hint)
    if data.get("has_union") == "是" and not data.get("union_name"):
        yield BatchProblem(T(f"{source}：已成立工会组织，但没有填写工会组织全称", f"{source}: union formed but not named"))
    by = spec.get("by")
    filled = data.get("filled_on")
    when = as_date(filled)
    if filled and when is None:
        yield BatchProblem(T(f"{source}：填表时间「{filled}」不是可识别的日期（如 2023-07-10）", f"{source}: '{filled}' is not a date"))
    elif when is not None and by and when > dt.date.fromisoformat(by):
        limit = dt.date.fromisoformat(by)
        yield BatchProblem(T(f"{source}：填表时间 {when} 晚于 {_md(limit)}：备案申请表须于 {_md(limit)}前报送",
                             f"{source}: filled on {when}, after {limit}"))


# ---------------------------------------------------------------- 填报时间 (七(三)1)

@rule("J014", "W", "通知 七(三)1",
      T("提名日期（nominator.toml 的 date）不在填报时间 2023-05-15 至 08-31 内，或不是日期",
        "The nomination date is outside 2023-05-15 – 08-31, or not a date"),
      T("在填报时间内完成提名，并把 nominator.toml 的 date 改为实际提名日期",
        "Nominate within the filing window and give that date in nominator.toml"),
      scope="batch",
      how="把 nominator.toml 里的提名日期（date）与填报时间 2023-05-15 至 2023-08-31 比较，起止两天都算在内。在此之外（如 2023-09-01）或读不出日期给警告。没写日期时不检查。")
def filing_window(batch):
    """请于 2023 年 5 月 15 日-8 月 31 日，通过线上填报材料并完成提名: the 提名函 date (nominator.toml ``date``)
    should lie in the profile's ``dates``. 2023-05-15 and 2023-08-31 pass; 2023-09-01 warns. Silent with no date.
    """
    nominator = _nominator(batch)
    if nominator is None or not nominator.date:
        return
    start, end = (dt.date.fromisoformat(batch.profile.data["dates"][k]) for k in ("start", "end"))
    when = as_date(nominator.date)
    if when is None:
        yield BatchProblem(T(f"nominator.toml 的 date「{nominator.date}」不是可识别的日期（如 2023-08-20）",
                             f"date '{nominator.date}' is not a date"))
    elif not start <= when <= end:
        yield BatchProblem(T(f"提名日期 {when} 不在填报时间 {start} 至 {end} 内", f"Nominated on {when}, outside {start} – {end}"))


RULES = [nominator_uploads, letter_seal, publicity_days, filing, filing_window, unusual_upload_format]
