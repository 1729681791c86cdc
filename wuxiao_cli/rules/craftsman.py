"""F026 — 附件3 第1项 备注: craftsman honourees bring an intro and a video."""

from __future__ import annotations

from wuxiao_cli.findings import WARNING, Problem
from wuxiao_cli.ooxml import is_strict
from wuxiao_cli.rules.base import rule
from wuxiao_cli.rules.received import STRICT_DOCX, STRICT_TO_DOCX
from wuxiao_cli.rules.videos import playable
from wuxiao_cli.sniff import sniff
from wuxiao_cli.text import T, decode_text

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
      T("工匠荣誉获得者缺少文字简介或视频（MP4，1920×1080），或不在完成人名单中",
        "A craftsman honouree lacks an intro or a 1920×1080 MP4 video, or is not among the completers"),
      T("在 craftsman/ 中放入工匠文字简介（行业、工种、现职务、所获荣誉）和个人宣传类/技能技法类视频",
        "Put an intro (industry, trade, post, honours) and a 1920×1080 MP4 video in craftsman/"),
      how="只在表单写了工匠荣誉获得者时检查。每位工匠须是成果完成人之一；要有工匠材料文件夹（craftsman/），其中要有能读出的文字简介（.docx 或 .txt），有多位工匠时简介里要写到每个人的名字；还要有视频，每个视频须是 MP4、画面 1920×1080，时长不限。以上缺一为错误。简介是否写到行业、工种、职务、荣誉，是按这几个关键词在简介的段落和表格里查找的启发式判断：找不到某个词只给警告。")
def craftsman_materials(project):
    """如完成人成员中有各级工匠荣誉获得者，请一并提供个人宣传类、技能技法类视频及工匠文字简介.

    视频：时长不限，MP4 格式，1920*1080; 文字简介：包含工匠所在行业、工种，现职务信息，所获荣誉.

    Whether the intro covers those items is a keyword search (the profile's intro_topics: 行业, 工种,
    职务, 荣誉) over its paragraphs and table rows, a heuristic: a missing word WARNS, and says so.
    """
    honourees = project.field("craftsmen") or []
    if not honourees:
        return
    source = project.form.source
    completers = set(project.field("completers") or [])
    for person in honourees:
        if completers and person["name"] not in completers:
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
    want = (limits.get("width", 1920), limits.get("height", 1080))
    videos = playable(project, "craftsman")
    good = [e for e, f in videos if f.kind == "mp4" and f.container == "MPEG-4" and f.display_size == want]
    for entry, facts in videos:
        if entry not in good:
            size = "×".join(map(str, facts.display_size or ("?", "?")))
            yield Problem(T(f"工匠视频 {entry.name} 须为 MP4、{want[0]}×{want[1]}，实际 {facts.container} {size}",
                            f"Craftsman video {entry.name} must be MP4 {want[0]}×{want[1]}"), file=entry.rel)
    if not videos:
        yield Problem(T("craftsman/ 中没有工匠视频（MP4）", "No craftsman video (MP4)"), file=folder + "/")


RULES = [craftsman_materials]
