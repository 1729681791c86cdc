"""Audio rules (A) — 附件3 第18项: 独立文件，时长不限，MP3 格式，每个音频命名."""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.media.audio import read_audio
from wuxiao_cli.naming import is_default_name
from wuxiao_cli.rules.base import rule
from wuxiao_cli.sniff import describe
from wuxiao_cli.text import T

CLAUSE = "附件3 第18项"
AUDIO_KINDS = {"mp3", "wav", "m4a", "aac", "flac", "ogg", "mpeg-audio", "amr", "silk"}
AUDIO_EXTS = {".mp3", ".wav", ".m4a", ".aac", ".flac", ".ogg", ".wma", ".amr", ".opus"}


def audio_facts(project):
    out = []
    for entry in project.files_in("audio", recursive=True):
        facts = project.facts("audio", entry, read_audio)
        if facts.kind in AUDIO_KINDS or entry.suffix in AUDIO_EXTS:
            out.append((entry, facts))
    return out


@rule("A001", "E", CLAUSE,
      T("缺少 {audio_dir}/ 文件夹，或其中没有音频", "{audio_dir}/ missing or holds no audio"),
      T("新建 {audio_dir} 文件夹，放入对成果从生产到应用的讲解录音（MP3）", "Create {audio_dir}/ with an MP3 narration"),
      how="看项目顶层有没有音频文件夹（{audio_named}），并数其中的音频。没有文件夹、文件夹是空的或其中没有音频，为错误；至少要有 {min_audio} 个讲解录音。")
def audio_present(project):
    """音频作为单独的文件夹整理: an MP3 narration explaining the result from production to use.

    FAIL: no audio/ folder (create it), or an empty one (fill it; the message says which).
    """
    need = project.profile.section("audio").get("min_count", 1)
    if project.folder_name("audio") is None:
        yield Problem(T(f"缺少 {project.profile.folder('audio')}/ 文件夹", f"No {project.profile.folder('audio')}/ folder"))
    elif len(audio_facts(project)) < need:
        folder = project.folder_name("audio")
        what = "是空的" if project.folder_is_empty("audio") else "中没有音频"
        yield Problem(T(f"{folder}/ 文件夹{what}", f"{folder}/ holds no audio"), file=folder + "/",
                      hint=T(f"在已有的 {folder}/ 文件夹中放入讲解录音（MP3）", f"Put an MP3 narration in {folder}/"))


@rule("A002", "E", CLAUSE,
      T("不是真正的 MP3（WAV/AAC/M4A 改了扩展名，或只有标签没有音频）", "Not real MP3"),
      T("用格式工厂、Audacity 等“导出为 MP3”", "Export as MP3 (Audacity, 格式工厂…)"),
      how="按文件内容判断是不是 MP3（MPEG 第三层音频帧），不看扩展名。手机的 .m4a 改名为 .mp3、WAV 文件为错误；只有标签信息、没有音频数据的文件也为错误。")
def real_mp3(project):
    """MP3 格式 by content: MPEG audio layer III frames. FAIL: a phone's .m4a renamed .mp3, a WAV, a tag alone."""
    for entry, facts in audio_facts(project):
        if facts.kind in ("empty", "unreadable"):
            continue  # A003
        if facts.kind != "mp3":
            yield Problem(T(f"{entry.name} 实际是 {describe(facts.kind)}，不是 MP3", f"{entry.name} is {facts.kind}"),
                          file=entry.rel)
        elif facts.error == "no-frames":
            yield Problem(T(f"{entry.name} 只有标签信息，没有 MP3 音频数据", f"{entry.name} has a tag but no MP3 frames"),
                          file=entry.rel)


@rule("A003", "E", CLAUSE,
      T("MP3 无法读取或不完整", "Unreadable or truncated MP3"),
      T("重新导出或重新拷贝音频，确认能完整播放", "Export or copy the audio again and play it to the end"),
      how="检查 MP3 是否完整可读。0 字节空文件、读不到的文件、最后一帧被截断或数据损坏的 MP3 为错误。")
def readable_mp3(project):
    """A narration cut off mid-copy or damaged fails; so does a 0-byte file."""
    for entry, facts in audio_facts(project):
        if facts.kind == "empty":
            yield Problem(T(f"{entry.name} 是空文件（0 字节）", f"{entry.name} is empty"), file=entry.rel)
        elif facts.kind == "unreadable":
            yield Problem(T(f"{entry.name} 无法读取", f"{entry.name} cannot be read"), file=entry.rel)
        elif facts.kind == "mp3" and facts.error not in (None, "no-frames"):
            yield Problem(T(f"{entry.name} {_DAMAGE.get(facts.error.partition(':')[0], '已损坏')}",
                            f"{entry.name} is {facts.error}"), file=entry.rel)


# What the MP3 reader's error says (media.audio.AudioFacts.error, up to its first colon), for the clerk
_DAMAGE = {
    "truncated": "被截断（最后一帧不完整）",
    "corrupt": "已损坏（音频数据中夹有无法识别的字节，播放时会出现杂音或中断）",
    "header": "已损坏（读不出时长等文件信息）",
    "unreadable": "无法读取（权限不足或被占用）",
}


@rule("A004", "W", CLAUSE,
      T("音频没有命名（设备默认文件名）", "Audio not meaningfully named"),
      T("按内容命名，如“自动折叠反刮刀具-讲解.mp3”", "Name it by content"),
      how="看音频文件名是不是录音设备自动起的名字，如 新录音 3.mp3、REC0001.mp3。是默认名只给警告；按内容起名（如 反刮刀具-讲解.mp3）即通过。")
def audio_names(project):
    """要求对每个音频进行命名. WARN: 新录音 3.mp3, REC0001.mp3."""
    for entry, _facts in audio_facts(project):
        if is_default_name(entry.name):
            yield Problem(T(f"{entry.name} 是默认文件名，没有说明音频内容", f"{entry.name} is a default name"),
                          file=entry.rel)


RULES = [audio_present, real_mp3, readable_mp3, audio_names]
