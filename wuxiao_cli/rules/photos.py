"""Photo rules (P) — 附件3 第15项: 独立文件，JPG，≥300dpi，1M–10M，不少于三张，每张命名."""

from __future__ import annotations

import math
import re

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.media.image import MAX_PIXELS, damage, read_image, whole_dpi
from wuxiao_cli.naming import is_default_name
from wuxiao_cli.rules.base import rule
from wuxiao_cli.sniff import describe
from wuxiao_cli.text import DECIMAL_MB, MIB, T, limit_mb, limit_unit, size_against

CLAUSE = "附件3 第15项"
IMAGE_KINDS = {"jpeg", "png", "gif", "bmp", "tiff", "webp", "heic"}
IMAGE_EXTS = {".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
JPEG_EXTS = {".jpg", ".jpeg"}


def photo_facts(project):
    """(entry, ImageFacts) for every picture in photos/ (by content or by extension)."""
    out = []
    for entry in project.files_in("photos", recursive=True):
        facts = project.facts("image", entry, read_image)
        if facts.kind in IMAGE_KINDS or entry.suffix in IMAGE_EXTS:
            out.append((entry, facts))
    return out


def jpegs(project):
    """Real, fully readable JPEGs in photos/: the ones the numeric rules judge."""
    return [(e, f) for e, f in photo_facts(project) if f.kind == "jpeg" and f.error is None]


@rule("P001", "E", CLAUSE,
      T("缺少 {photos_dir}/ 文件夹", "{photos_dir}/ folder missing"),
      T("新建 {photos_dir} 文件夹，放入至少 {min_photos} 张成果照片（JPG）", "Create {photos_dir}/ with at least {min_photos} JPEG photos"),
      how="看项目文件夹顶层有没有照片文件夹（{photos_named}）。没有这个文件夹即为错误；照片散放在项目根目录或嵌在表单里都不算。")
def photos_folder(project):
    """照片作为单独的文件夹整理：a photos/ folder at the top of the project."""
    if project.folder_name("photos") is None:
        yield Problem(T(f"缺少 {project.profile.folder('photos')}/ 文件夹", f"No {project.profile.folder('photos')}/ folder"))


@rule("P002", "E", CLAUSE,
      T("照片少于 {min_photos} 张", "Fewer than {min_photos} photos"),
      T("补充照片：成果的三视图视角照片、实际应用照片", "Add photos: three views of the result and it in use"),
      how="数 {photos_dir}/ 里（含子文件夹）的图片张数，按内容或扩展名认作图片的都算。全国通知要求不少于 {min_photos} 张：{min_photos_less} 张为错误，{min_photos} 张通过；文件夹是空的也报这一条。规则集另定了上限时，超过上限同样为错误。")
def photo_count(project):
    """数量标准：图片不少于三张. 2 photos fail, 3 pass; a byte-for-byte copy (正视图-副本.jpg) is not another
    photo, so 正视图.jpg + its copy + 现场.jpg fail, and the message says which file is the copy."""
    if project.folder_name("photos") is None:
        return
    need = project.profile.section("photos").get("min_count", 3)
    pictures = [entry for entry, _ in photo_facts(project)]
    have = len(pictures)
    if have < need:
        folder = project.folder_name("photos")
        what = f"{folder}/ 文件夹是空的" if project.folder_is_empty("photos") else f"照片只有 {have} 张"
        yield Problem(T(f"{what}，要求不少于 {need} 张", f"{have} photos in {folder}/; at least {need} required"),
                      file=folder + "/")
    elif have - len(copied := copies(project, pictures)) < need:
        folder = project.folder_name("photos")
        named = "；".join(f"{copy} 与 {first} 内容完全相同" for copy, first in copied.items())
        distinct = have - len(copied)
        yield Problem(T(f"照片有 {have} 个文件，但 {named}，不同的照片只有 {distinct} 张，要求不少于 {need} 张",
                        f"{have} files in {folder}/ but only {distinct} different photos ({named}); at least {need} required"),
                      file=folder + "/",
                      hint=T("删去重复的副本，补充不同的照片：成果的三视图视角照片、实际应用照片",
                             "Remove the copy and add different photos: three views and the result in use"))
    most = project.profile.section("photos").get("max_count")
    if most is not None and have > most:
        yield Problem(T(f"照片有 {have} 张，最多 {most} 张", f"{have} photos; at most {most}"),
                      file=project.folder_name("photos") + "/",
                      hint=T(f"只保留最能说明成果的 {most} 张", f"Keep the best {most}"))


COMPARE_BYTES = 64 * 1024 * 1024  # a photo is ≤10 MB (P007): bigger files are never read whole to compare them
_COPY_MARK = re.compile(r"副本|拷贝|复件|复制|copy|[(（]\d+[)）]\s*$", re.IGNORECASE)


def copies(project, pictures) -> dict[str, str]:
    """Copy name → the name of the photo it repeats byte for byte. Only files of equal size are read
    (a SHA-256 of each, kept per project); the copy is the one whose name says so (正视图-副本.jpg,
    正视图 (1).jpg), else the later by name."""
    by_size: dict[int, list] = {}
    for entry in pictures:
        if 0 < entry.size <= COMPARE_BYTES:
            by_size.setdefault(entry.size, []).append(entry)
    out = {}
    for same_size in by_size.values():
        if len(same_size) < 2:
            continue
        by_digest: dict[str, list] = {}
        for entry in same_size:
            digest = project.facts("sha256", entry, _digest)
            if digest is not None:
                by_digest.setdefault(digest, []).append(entry)
        for group in by_digest.values():
            first, *rest = sorted(group, key=lambda e: (_COPY_MARK.search(e.name.rsplit(".", 1)[0]) is not None, e.rel))
            out.update((e.name, first.name) for e in rest)
    return out


def _digest(path) -> str | None:
    from wuxiao_cli.ops import sha256_file

    try:
        return sha256_file(path)
    except OSError:  # unreadable: P004 says so, and it counts as a photo of its own
        return None


@rule("P003", "E", CLAUSE,
      T("不是真正的 JPEG（PNG/HEIC/WebP 改了扩展名，或扩展名不是 .jpg）", "Not a real JPEG"),
      T("用图片软件“另存为 JPEG (*.jpg)”；苹果手机在 设置 → 相机 → 格式 选“兼容性最佳”",
        "Save As JPEG (*.jpg); on iPhone choose Settings → Camera → Formats → Most Compatible"),
      how="按文件内容而不是扩展名判断格式。内容不是 JPEG 的为错误，例如 PNG 改名为 正面.jpg、苹果手机的 HEIC 照片；内容是 JPEG 但扩展名不是 .jpg/.jpeg（如 正面.png）也为错误，改扩展名即可。")
def real_jpeg(project):
    """JPG 格式：decided by content. FAIL: a PNG renamed 正面.jpg; a HEIC from an iPhone; 正面.png."""
    for entry, facts in photo_facts(project):
        if facts.kind in ("empty", "unreadable"):
            continue  # P004
        if facts.kind != "jpeg":
            yield Problem(T(f"{entry.name} 实际是 {describe(facts.kind)}，不是 JPEG",
                            f"{entry.name} is {facts.kind}, not JPEG"), file=entry.rel)
        elif entry.suffix not in JPEG_EXTS:
            yield Problem(T(f"{entry.name} 是 JPEG 图片，但扩展名是 {entry.suffix or '（无）'}",
                            f"{entry.name} is a JPEG named {entry.suffix}"), file=entry.rel,
                          hint=T("把扩展名改为 .jpg", "Rename it to .jpg"))


@rule("P004", "E", CLAUSE,
      T("JPEG 无法读取或不完整（截断、损坏）", "Unreadable or truncated JPEG"),
      T("从相机或手机重新导出原图；微信传输请选“原图”", "Export the original again; in WeChat send as 原图"),
      how="读取每张 JPEG 的文件头，并查看图像是否以结束标记（FFD9）收尾，不必解码全部像素。0 字节的空文件、传输中断被截断的、损坏的照片为错误；手机在图像之后附加的数据（三星的附加信息、动态照片里的视频）不算截断。文件因权限或被占用读不到时也报在这里。像素总数超过 1.2 亿的安全上限的照片为防内存耗尽不解码，同样报错，请缩小后另存。")
def readable_jpeg(project):
    """确保能够印刷清晰：the whole image must decode. FAIL: a photo cut off mid-download, a 0-byte file."""
    for entry, facts in photo_facts(project):
        if facts.kind == "empty":
            yield Problem(T(f"{entry.name} 是空文件（0 字节）", f"{entry.name} is empty (0 bytes)"), file=entry.rel)
        elif facts.kind == "unreadable":
            yield Problem(T(f"{entry.name} 无法读取（权限不足或被占用）", f"{entry.name} cannot be read"), file=entry.rel)
        elif facts.kind == "jpeg" and facts.error is not None:
            if facts.error.startswith("too-large"):
                dims = facts.error.partition(":")[2].replace("x", "×") or "尺寸未知"
                msg = T(f"{entry.name} 像素尺寸过大（{dims}，上限 {MAX_PIXELS:,} 像素），为安全起见未解码",
                        f"{entry.name} is too large to decode safely ({dims}; limit {MAX_PIXELS:,} pixels)")
                hint = T("缩小到 6000 像素以内后另存为 JPEG", "Resize to at most 6000 px a side")
                yield Problem(msg, file=entry.rel, hint=hint)
            else:
                yield Problem(T(f"{entry.name} {damage(facts.error)}", f"{entry.name} is damaged or truncated ({facts.error})"),
                              file=entry.rel)


@rule("P005", "E/W", CLAUSE,
      T("分辨率低于 {min_dpi} dpi（按四舍五入到整数判断），或没有记录分辨率；JFIF 与 EXIF 两处记录不一致（警告）",
        "Resolution under {min_dpi} dpi (judged rounded to a whole number), or none recorded; JFIF and EXIF disagree (warning)"),
      T("像素足够（短边 ≥{short_side}）时用 `wuxiao fix` 把分辨率标记改为 {min_dpi} dpi（不改变画面）；像素不够请换用相机/手机原图",
        "If the photo has the pixels (short side ≥{short_side}), `wuxiao fix` sets {min_dpi} dpi without re-encoding; "
        "otherwise use the original photo"),
      how="读取照片文件头里记录的分辨率：JFIF 密度和 EXIF 的水平、垂直分辨率都读，换算成每英寸点数后四舍五入到整数。{dpi_examples}按记录中最高的一个判断：不小于 {min_dpi} 即通过，全都低于 {min_dpi} 为错误；微信图片、截图常见的 72 dpi、96 dpi，以及没有记录分辨率的，都为错误。两处记录（或水平与垂直）不一致、较低的一个不足 {min_dpi} 时给警告：有的软件（如 Photoshop）显示 EXIF，有的显示 JFIF，评审看到的可能是较低的那个；`wuxiao fix` 会把两处都改为 {min_dpi} dpi。")
def resolution(project):
    """分辨率不小于 300dpi: JFIF density (dots per cm converted) and EXIF X/YResolution, both read.

    Judged on the dpi rounded to a whole number: JFIF stores whole dots per centimetre, so a photo
    saved as "300 像素/英寸" in centimetre mode holds 118 dpcm = 299.72 dpi, which rounds to 300 and
    passes; 117 dpcm (297.18 dpi) fails. Likewise EXIF 299.5 passes and 299.4 fails.

    The highest record decides, so a photo is never failed for a figure that another record, or a
    program the clerk checks it in, shows as 300; when a record (or one direction) is lower, a warning
    names both, since a reviewer's program may show the low one. An error names every record too.
    The warning is P005's own (the clause, the measure and the fix are the same), not a new rule.

    FAIL: 72 dpi (WeChat, screenshots), 96 dpi, no density at all. WARN: JFIF 300 with EXIF 72.
    The hint offers `wuxiao fix` only when the photo has the pixels to print at 300 dpi (P009);
    relabelling a small photo would hide, not cure, the problem.
    """
    need = project.profile.section("photos").get("min_dpi", 300)
    for entry, facts in jpegs(project):
        hint = None if has_print_pixels(project, facts) else T(
            f"{entry.name} 只有 {facts.width}×{facts.height} 像素，改分辨率标记也印不清晰：请换用相机/手机原图",
            f"{entry.name} has only {facts.width}×{facts.height} pixels; relabelling will not help: use the original")
        records = facts.dpi_records
        if not records:
            yield Problem(T(f"{entry.name} 没有记录分辨率（dpi），要求不小于 {need} dpi",
                            f"{entry.name} records no resolution; {need} dpi required"), file=entry.rel, hint=hint)
            continue
        best = max(max(x, y) for _, x, y in records)
        low = min(min(x, y) for _, x, y in records)
        if whole_dpi(best) < need:
            shown = recorded(records)
            yield Problem(T(f"{entry.name} 分辨率 {shown.zh}（取整后低于 {need}），要求不小于 {need} dpi",
                            f"{entry.name} is {shown.en}; at least {need} required (rounded)"),
                          file=entry.rel, hint=hint)
        elif whole_dpi(low) < need:
            shown = recorded(records)
            yield Problem(T(f"{entry.name}：{shown.zh}。按较高的 {show_dpi(best)} dpi 判断合格，"
                            f"但有的软件显示 {show_dpi(low)} dpi",
                            f"{entry.name} records disagree: {shown.en}; passes on {show_dpi(best)} dpi, "
                            f"but some programs show {show_dpi(low)}"),
                          file=entry.rel, severity=WARNING,
                          hint=T(f"用 `wuxiao fix` 把各处记录都改为 {need} dpi（只改文件头，不改变画面）",
                                 f"`wuxiao fix` sets every record to {need} dpi (header only)"))


def recorded(records) -> T:
    """The densities as a message names them: "72 dpi" when all agree, else each record and direction,
    "JFIF 记为 72 dpi，EXIF 记为 300 dpi" or "JFIF 记为水平 300 dpi、垂直 72 dpi"."""
    values = {show_dpi(v) for _, x, y in records for v in (x, y)}
    if len(values) == 1:
        return T(f"{values.pop()} dpi", f"{show_dpi(records[0][1])} dpi")
    zh, en = [], []
    for where, x, y in records:
        if show_dpi(x) == show_dpi(y):
            zh.append(f"{where} 记为 {show_dpi(x)} dpi")
            en.append(f"{where} {show_dpi(x)} dpi")
        else:
            zh.append(f"{where} 记为水平 {show_dpi(x)} dpi、垂直 {show_dpi(y)} dpi")
            en.append(f"{where} {show_dpi(x)} x {show_dpi(y)} dpi")
    agree = "两处不一致" if len(records) > 1 else "水平与垂直不一致"
    return T("，".join(zh) + f"，{agree}", "; ".join(en))


def has_print_pixels(project, facts) -> bool:
    """Enough pixels for a 300 dpi print (P009's short-side limit)."""
    return min(facts.width, facts.height) >= project.profile.section("photos").get("min_short_side_px", 1200)


def show_dpi(dpi: float) -> str:
    """Dots per inch to one decimal, rounded down: 299.96 shows as 299.9, never as a passing 300."""
    return f"{math.floor(dpi * 10) / 10:g}"


MB_SHOWN = "消息里的大小按 Windows 资源管理器的算法折成 MB（每 MB 为 1,048,576 字节），并附上准确的字节数。"


def photo_size(n_bytes: int, limit: int) -> T:
    """A photo's size as P006/P007 show it: always in MB of 1,048,576 bytes, as Explorer shows it, so that a
    bigger file never reads smaller (999,999 bytes was 0.99 MB against the decimal floor, 1,000,000 bytes
    0.95 MB against the binary one); rounded away from ``limit`` only where it would read as the limit."""
    return size_against(n_bytes, limit, unit=MIB)[0]


def photo_limit(limit: int) -> T:
    """A limit as its author set it, with its bytes: "10 MB（10,485,760 字节）", "1 MB（按十进制，1,000,000 字节）"."""
    decimal = limit_unit(limit) == DECIMAL_MB
    return T(f"{limit_mb(limit)}（{'按十进制，' if decimal else ''}{limit:,} 字节）",
             f"{limit_mb(limit)} ({'decimal, ' if decimal else ''}{limit:,} bytes)")


@rule("P006", "E/W", CLAUSE,
      T("照片小于 {min_mb}（低于 {min_bytes} 字节为错误；{min_bytes}–{soft_min_last} 字节为警告）", "Photo under {min_mb}"),
      T("使用相机/手机原图，不要用微信压缩过的图片；不要放大小图凑大小", "Send the original photo, not a WeChat copy"),
      how="按字节数判断照片是否不低于 {min_mb}。少于 {min_bytes} 字节为错误；{min_bytes} 至 {soft_min_last} 字节只在十进制下算 {min_mb}，给警告；{soft_min_bytes} 字节及以上通过。例如 {min_bytes_less} 字节为错误，{min_bytes} 字节为警告。" + MB_SHOWN)
def too_small(project):
    """大小不低于 1M: under 1,000,000 bytes fails; 1,000,000–1,048,575 counts as 1 MB only in decimal units (warning)."""
    limits = project.profile.section("photos")
    hard, soft = limits.get("min_bytes", 1_000_000), limits.get("soft_min_bytes", 1_048_576)
    for entry, facts in jpegs(project):
        if facts.size < hard:
            size, limit = photo_size(facts.size, hard), photo_limit(hard)
            yield Problem(T(f"{entry.name} 只有 {size.zh}，要求不低于 {limit.zh}",
                            f"{entry.name} is {size.en}; at least {limit.en} required"),
                          file=entry.rel)
        elif facts.size < soft:
            size, limit = photo_size(facts.size, soft), photo_limit(soft)
            floor = f"{limit_mb(hard)} = {hard:,}"  # the notice's figure, as it counts it
            yield Problem(T(f"{entry.name} 为 {size.zh}，不足 {limit.zh}：只有按 {floor} 字节算才够",
                            f"{entry.name} is {size.en}, under {limit.en}: enough only counting {floor} bytes"),
                          file=entry.rel, severity=WARNING)


@rule("P007", "E/W", CLAUSE,
      T("照片大于 {max_mb}（超过 {max_bytes} 字节为错误；{soft_max_first}–{max_bytes} 字节为警告）", "Photo over {max_mb}"),
      T("用图片软件以较低质量（如 90%）另存为 JPEG，保持原像素尺寸", "Re-save as JPEG at ~90% quality, same pixel size"),
      how="按字节数判断照片是否不高于 {max_mb}。超过 {max_bytes} 字节为错误；{soft_max_first} 至 {max_bytes} 字节只在十进制下超过 {max_mb}，给警告；{soft_max_bytes} 字节及以下通过。例如 {max_bytes} 字节为警告，{max_bytes_more} 字节为错误。" + MB_SHOWN)
def too_large(project):
    """大小不高于 10M: over 10,485,760 bytes fails; 10,000,001–10,485,760 is over 10 MB only in decimal units (warning)."""
    limits = project.profile.section("photos")
    hard, soft = limits.get("max_bytes", 10_485_760), limits.get("soft_max_bytes", 10_000_000)
    for entry, facts in jpegs(project):
        if facts.size > hard:
            size, limit = photo_size(facts.size, hard), photo_limit(hard)
            yield Problem(T(f"{entry.name} 有 {size.zh}，超过 {limit.zh}",
                            f"{entry.name} is {size.en}; at most {limit.en}"), file=entry.rel)
        elif facts.size > soft:
            size = photo_size(facts.size, soft)
            yield Problem(T(f"{entry.name} 为 {size.zh}，按十进制（1 MB = 1,000,000 字节）已超过 {limit_mb(soft)}（{soft:,} 字节）",
                            f"{entry.name} is {size.en}: over {limit_mb(soft)} ({soft:,} bytes) in decimal units"),
                          file=entry.rel, severity=WARNING)


@rule("P008", "W", CLAUSE,
      T("照片没有命名（相机或聊天软件的默认文件名）", "Photo not meaningfully named"),
      T("按内容命名，如“自动折叠反刮刀具-正视图.jpg”", "Name it by content, e.g. 反刮刀具-正视图.jpg"),
      how="看照片文件名是不是相机、手机或聊天软件自动起的名字，如 IMG_1234.jpg、DSC01234.jpg、微信图片_20240501.jpg、mmexport 开头的文件。是默认名只给警告；按内容起名（如 反刮刀具-正视图.jpg）即通过。")
def photo_names(project):
    """要求对每张照片进行命名. WARN: IMG_1234.jpg, DSC01234.jpg, 微信图片_20240501.jpg, mmexport….jpg."""
    for entry, _facts in photo_facts(project):
        if is_default_name(entry.name):
            yield Problem(T(f"{entry.name} 是默认文件名，没有说明照片内容", f"{entry.name} is a default name"),
                          file=entry.rel)


@rule("P009", "W", CLAUSE,
      T("像素尺寸太小，{min_dpi} dpi 印刷不清晰（短边不足 {short_side} 像素）", "Too few pixels to print at {min_dpi} dpi (<{short_side} px)"),
      T("使用相机/手机原图（通常短边 3000 像素以上），不要截图或压缩", "Use the original photo, not a screenshot"),
      how="量照片的像素尺寸，取短边。按 {min_dpi} dpi 印刷，{short_side} 像素约 {print_cm} 厘米：短边不足 {short_side} 像素给警告（如 1080×720 的截图），达到 {short_side} 像素通过。只是提醒可能印不清晰，不是错误。")
def pixel_size(project):
    """确保能够印刷清晰: at 300 dpi a 1200 px side prints 10 cm. WARN: 1080×720 screenshots."""
    need = project.profile.section("photos").get("min_short_side_px", 1200)
    for entry, facts in jpegs(project):
        short = min(facts.width, facts.height)
        if not has_print_pixels(project, facts):
            yield Problem(T(f"{entry.name} 为 {facts.width}×{facts.height} 像素，短边 {short} 不足 {need}",
                            f"{entry.name} is {facts.width}×{facts.height}; short side under {need}"), file=entry.rel)


@rule("P010", "W", CLAUSE,
      T("照片嵌入在表单文档中（“请不要嵌入文档中”）", "Photos embedded in the form document"),
      T("把图片从 form.docx 中删除，原图单独放进 {photos_dir}/", "Delete pictures from form.docx; put originals in {photos_dir}/"),
      how="数表单文档（form.docx）里嵌入的图片。有一张及以上就给警告：通知要求照片单独成文件夹，不要嵌入文档。")
def embedded_photos(project):
    """照片作为单独的文件夹整理，请不要嵌入文档中."""
    n = project.form.embedded_images
    if n:
        yield Problem(T(f"{project.form.source} 中嵌入了 {n} 张图片", f"{n} pictures embedded in {project.form.source}"),
                      file=project.form.source)


@rule("P011", "W", CLAUSE,
      T("{photos_dir}/ 中有不是图片的文件", "A non-image file in {photos_dir}/"),
      T("{photos_dir}/ 只放成果照片（JPG），其他文件移出", "Keep only JPEG photos in {photos_dir}/"),
      how="查看 {photos_dir}/ 里每个文件：按内容和扩展名都不是图片的（如 说明.docx、视频.mp4）给警告；名字像照片的文件夹（如名为 正面.jpg 的文件夹）也给警告。")
def stray_files(project):
    """photos/ holds photos only: a 说明.docx or 视频.mp4 there is misplaced; so is a folder named 正面.jpg."""
    pictures = {e.rel for e, _ in photo_facts(project)}
    for entry in project.files_in("photos", recursive=True):
        if entry.rel not in pictures:
            yield Problem(T(f"{entry.name} 不是照片，不应放在照片文件夹", f"{entry.name} is not a photo"), file=entry.rel)
    folder = project.folder_name("photos")
    if folder is None:
        return
    for rel in project.listing.dirs:
        name = rel.rsplit("/", 1)[-1]
        if rel.startswith(folder + "/") and "." + name.rsplit(".", 1)[-1].lower() in IMAGE_EXTS:
            yield Problem(T(f"{name} 是一个文件夹，不是照片文件", f"{name} is a folder, not a photo"), file=rel + "/",
                          hint=T(f"把照片本身放进 {folder}/，删除这个同名文件夹", f"Put the photo itself in {folder}/"))


RULES = [photos_folder, photo_count, real_jpeg, readable_jpeg, resolution, too_small, too_large, photo_names,
         pixel_size, embedded_photos, stray_files]
