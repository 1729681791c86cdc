"""F026 — craftsman honourees bring an intro and a video (national 附件3 第1项 备注; roadshow 附件4 ⑤).

What the intro must cover and which format the video must have are the profile's data (its ``craftsman``
block: ``width``/``height`` for an MP4 at that size, ``intro_topics``): the national notice states both,
附件4 ⑤ states neither, so under roadshow-2024 only an intro and a readable video are required.
"""

from __future__ import annotations

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.forms.fields import bare_name, people
from wuxiao_cli.ooxml import is_strict
from wuxiao_cli.rules.base import rule
from wuxiao_cli.rules.received import STRICT_DOCX, STRICT_TO_DOCX
from wuxiao_cli.rules.videos import VIDEO_EXTS, _resolution_fault, video_facts
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.text import T, decode_text, size_text

INTRO_EXTS = {".docx", ".txt"}
INTRO_BYTES = 1 << 20  # a .txt intro is read this far: an intro is a few hundred 字


def read_intro(path) -> str | None:
    """Text of a craftsman intro, or None if it cannot be read: a .docx's paragraphs and table rows
    (姓名 | 行业 | 工种 | 现职务 | 所获荣誉 is a common layout), a .txt as text.decode_text reads it
    (UTF-8, GBK, or UTF-16 with its byte-order mark: Notepad's "Unicode").

    A .docx that is not really a Word document (an old .doc renamed, a text file) cannot be read:
    decoding its bytes as text would pass garbage, or text Word would not open, as the intro.
    """
    try:
        kind = sniff(path)
        if kind == "docx":
            from wuxiao_cli.forms.docx_form import document_text

            return document_text(path)
        if path.suffix.lower() == ".docx":
            return None
        with open(path, "rb") as fh:
            raw = fh.read(INTRO_BYTES + 1)
        return decode_text(raw[:INTRO_BYTES], whole=len(raw) <= INTRO_BYTES)
    except Exception:  # a damaged docx raises many kinds; it is reported as unreadable
        return None


@rule("F026", "E", "附件3 第1项 备注",
      T("工匠荣誉获得者缺少文字简介或视频，或视频不合通知的格式，或不在完成人名单中",
        "A craftsman honouree lacks an intro or a video, or the video is not in the notice's format, "
        "or is not among the completers"),
      T("在 craftsman/ 中放入工匠文字简介（如行业、工种、现职务、所获荣誉）和个人宣传类/技能技法类视频",
        "Put an intro (e.g. industry, trade, post, honours) and the videos in craftsman/"),
      how="只在表单写了工匠荣誉获得者时检查；这一栏填“无”“暂无”“没有”“/”“—”等表示没有的写法，视为没有工匠。每位工匠须是成果完成人之一；要有工匠材料文件夹（craftsman/），其中要有能读出的文字简介（.docx 或 .txt），有多位工匠时简介里要写到每个人的名字；还要有视频，每个视频须能读出画面（不是空文件、没有被截断、不是只有声音），时长不限，以上缺一为错误；craftsman/ 里一个视频都没有时才说缺少视频。视频格式和简介要点按通知：全国征集（附件3 第1项 备注）要求视频为 MP4、画面 1920×1080，不是 MP4（如 WMV、MKV、改了扩展名的 .mov）或画面尺寸不对（如竖屏 1080×1920）为错误；简介要写到行业、工种、职务、荣誉，这是按这几个关键词在简介的段落和表格里查找的启发式判断，找不到某个词只给警告。成果路演（附件4 ⑤）只说“请一并提供工匠简介及个人宣传类、技能技法类视频”，没有规定格式和简介内容，所以只查简介和能读出的视频。")
def craftsman_materials(project):
    """如完成人成员中有各级工匠荣誉获得者，请一并提供个人宣传类、技能技法类视频及工匠文字简介.

    工匠荣誉获得者 written 无, /, 暂无, — (forms.none_words) lists nobody: nothing is asked.

    视频：时长不限，MP4 格式，1920*1080; 文字简介：包含工匠所在行业、工种，现职务信息，所获荣誉.

    Each video in craftsman/ is judged on its own and named with what is wrong (empty, unrecognisable,
    truncated, not MP4, the displayed size with 竖屏 said); "no video" only when there is none at all.
    FAIL: a moov-at-end MP4 cut short; a WMV; a 1920×1080 MP4 rotated 90° (竖屏 1080×1920).

    Whether the intro covers those items is a keyword search (the profile's intro_topics: 行业, 工种,
    职务, 荣誉) over its paragraphs and table rows, a heuristic: a missing word WARNS, and says so.

    Format and topics are profile data: a profile whose craftsman block has no width/height (roadshow-2024:
    附件4 ⑤ names no format) checks only that each video is readable; no intro_topics, no keyword search.
    PASS (roadshow): a 1280×720 MP4 and an intro of one sentence.
    """
    honourees = project.field("craftsmen") or []
    if not honourees:
        return
    source = project.form.source
    completers = {p for n in project.field("completers") or [] for p in people(n)}  # 张一（执笔） is 张一
    for person in honourees:
        if completers and bare_name(person["name"]) not in completers:
            yield Problem(T(f"工匠「{person['name']}」不在成果完成人名单中", f"Craftsman {person['name']} is not a completer"),
                          file=source, field="craftsmen",
                          hint=T("工匠须是成果完成人之一：核对姓名或补入完成人名单", "Add them to the completers"))
    folder = project.folder_name("craftsman")
    if folder is None:
        yield Problem(T(f"表单列出了工匠荣誉获得者，但缺少 {project.profile.folder('craftsman')}/ 文件夹",
                        "Craftsmen are listed but there is no craftsman/ folder"), field="craftsmen")
        return
    intros = [(e, read_intro(e.path)) for e in project.files_in("craftsman", recursive=True) if e.suffix in INTRO_EXTS]
    texts = [t for _, t in intros if t and t.strip()]
    for entry, text in intros:
        if text is None and entry.suffix == ".docx" and is_strict(entry.path):  # Word's other .docx: how to re-save
            yield Problem(T(f"工匠简介 {entry.name} {STRICT_DOCX.zh}", f"Craftsman intro {entry.name} {STRICT_DOCX.en}"),
                          file=entry.rel, hint=STRICT_TO_DOCX)
        elif text is None:
            yield Problem(T(f"工匠简介 {entry.name} 无法读取", f"Craftsman intro {entry.name} cannot be read"), file=entry.rel)
    if not texts:
        yield Problem(T("craftsman/ 中没有工匠文字简介（.docx 或 .txt）", "No craftsman intro (.docx/.txt)"),
                      file=folder + "/")
    else:
        body = "\n".join(texts)
        for person in honourees:
            if len(honourees) > 1 and person["name"] not in body:
                yield Problem(T(f"工匠简介中没有「{person['name']}」的介绍", f"No intro mentions {person['name']}"),
                              file=folder + "/")
        topics = project.profile.section("craftsman").get("intro_topics", [])
        if missing := [t for t in topics if t not in body]:  # a keyword search, not reading: only a warning
            yield Problem(T(f"按关键词查找，工匠简介中没有找到：{'、'.join(missing)}（启发式判断，可能误报）",
                            f"Searched by keyword, the intro does not mention: {', '.join(missing)} "
                            "(heuristic; may be wrong)"),
                          file=folder + "/", severity=WARNING,
                          hint=T(f"在简介里写明{'、'.join(missing)}，并写出这些词，如“{missing[0]}：……”",
                                 f"State each with its word, e.g. “{missing[0]}：……”"))
    limits = project.profile.section("craftsman")
    want = (limits["width"], limits["height"]) if limits.get("width") and limits.get("height") else None
    videos = video_facts(project, "craftsman")
    for entry, facts in videos:
        if (fault := video_fault(entry, facts, want)) is not None:
            what, hint = fault
            yield Problem(T(f"工匠视频 {entry.name} {what.zh}", f"Craftsman video {entry.name} {what.en}"),
                          file=entry.rel, hint=hint)
    if not videos:
        kind = "（MP4）" if want else ""
        yield Problem(T(f"craftsman/ 中没有工匠视频{kind}", f"No craftsman video{' (MP4)' if want else ''}"),
                      file=folder + "/")


EXPORT_MP4 = T("用格式工厂、剪映或 HandBrake 导出为 MP4（H.264 编码，1920×1080）",
               "Export as MP4 (H.264, 1920×1080) with HandBrake, 剪映 or similar")
COPY_AGAIN = T("重新导出或重新拷贝视频，确认能在电脑上完整播放", "Export or copy the video again and play it to the end")


def video_fault(entry, facts, want: tuple[int, int] | None) -> tuple[T, T] | None:
    """(what is wrong with one craftsman video, how to fix it), or None for an MP4 shown at ``want``:
    unreadable, truncated, another container than MP4, and the displayed size (竖屏 said as such).
    With ``want`` None (the notice names no format) only a readable video is asked for."""
    if facts.kind == "empty":
        return T("是空文件（0 字节）", "is empty (0 bytes)"), COPY_AGAIN
    if facts.kind in ("unreadable", "unknown"):
        if want is None:
            return (T(f"无法识别为视频（{describe(facts.kind)}）", f"is not a recognisable video ({facts.kind})"),
                    COPY_AGAIN)
        named = f"，扩展名 {entry.suffix}" if entry.suffix in VIDEO_EXTS and entry.suffix != ".mp4" else ""
        return (T(f"无法识别为视频（{describe(facts.kind)}{named}），须为 MP4",
                  f"is not a recognisable video ({facts.kind}); MP4 required"), EXPORT_MP4)
    held = size_text(facts.size)
    if facts.error == "truncated":
        return (T(f"不完整：文件被截断，只有 {held.zh}", f"is truncated ({held.en})"), COPY_AGAIN)
    if facts.error == "no-video-stream":  # a moov-at-end MP4 cut short has lost the index naming its streams
        return (T(f"读不出视频画面：文件只有 {held.zh}，可能被截断，或只有声音没有画面",
                  f"has no readable video stream: truncated ({held.en}), or sound only"), COPY_AGAIN)
    if facts.error == "audio-only":
        return T("只有声音，没有视频画面", "holds audio only"), EXPORT_MP4 if want else COPY_AGAIN
    if (facts.error or "").startswith("timeout:"):
        return (T("读取超时，文件头可能异常", "timed out while reading its header"), COPY_AGAIN)
    if facts.error is not None or facts.container is None:
        return T("无法读取（读不出视频画面）", f"cannot be read ({facts.error})"), COPY_AGAIN
    if want is None:  # the notice names no format: a readable video is all that is asked
        return None
    faults, hints = [], []
    if facts.kind != "mp4" or facts.container != "MPEG-4":
        shown = facts.container if facts.kind == "mp4" else describe(facts.kind)
        faults.append(T(f"是 {shown}，不是 MP4", f"is {shown}, not MP4"))
        hints.append(EXPORT_MP4)
    size = facts.display_size
    if size != want:
        if size is None:
            faults.append(T("读不出画面尺寸", "has no readable frame size"))
            hints.append(EXPORT_MP4)
        else:
            what, hint = _resolution_fault(size, want)
            turned = f"，含 {facts.rotation}° 旋转" if facts.rotation else ""
            faults.append(T(f"画面 {size[0]}×{size[1]}（{what.zh}{turned}），要求 {want[0]}×{want[1]}",
                            f"displays {size[0]}×{size[1]} ({what.en}); {want[0]}×{want[1]} required"))
            hints.append(hint)
    if not faults:
        return None
    return (T("；".join(f.zh for f in faults), "; ".join(f.en for f in faults)),
            T("；".join(h.zh for h in hints), "; ".join(h.en for h in hints)))


RULES = [craftsman_materials]
