"""Video rules (V) — 附件3 第16项: 独立文件，5 分钟以内，MP4 格式，1920*1080 高清画质，每个视频命名."""

from __future__ import annotations

import math
from fractions import Fraction

from wuxiao_cli.findings import Problem
from wuxiao_cli.media.video import VIDEO_KINDS, minutes, read_video
from wuxiao_cli.naming import is_default_name
from wuxiao_cli.rules.base import rule
from wuxiao_cli.rules.limits import fill_t, limits, size_name
from wuxiao_cli.sniff import describe
from wuxiao_cli.text import T, size_text

CLAUSE = "附件3 第16项"
# A profile's codecs as people write them, folded (upper case, no . - / or spaces) to the name MediaInfo gives
CODEC_NAMES = {"H264": "AVC", "AVC1": "AVC", "X264": "AVC", "H264AVC": "AVC", "MPEG4AVC": "AVC",
               "H265": "HEVC", "HVC1": "HEVC", "HEV1": "HEVC", "X265": "HEVC", "H265HEVC": "HEVC"}
VIDEO_EXTS = {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".3gp", ".mpg", ".mpeg", ".ts"}


def codec_name(name: str) -> str:
    """A codec's one name: "H264", "h.264", "AVC1" and "AVC" are all AVC."""
    folded = "".join(c for c in str(name).upper() if c not in ".-/ _")
    return CODEC_NAMES.get(folded, folded)


def video_facts(project, role: str = "videos"):
    """(entry, VideoFacts) for every video in the role's folder (by content or by extension)."""
    out = []
    for entry in project.files_in(role, recursive=True):
        facts = project.facts("video", entry, read_video)
        if facts.kind in VIDEO_KINDS or entry.suffix in VIDEO_EXTS:
            out.append((entry, facts))
    return out


def playable(project, role: str = "videos"):
    """Videos whose headers read cleanly: the ones the numeric rules judge."""
    return [(e, f) for e, f in video_facts(project, role) if f.error is None and f.container is not None]


def shown_over(seconds: float, limit: float) -> tuple[float, int]:
    """(value, decimals) that show ``seconds`` above ``limit``: one decimal, or as many as it takes for
    300.04 s not to read "300.0" next to a 300 s limit; past the millisecond, rounded up (never down to it)."""
    d = next((d for d in (1, 2, 3) if round(seconds, d) > limit), None)
    return (seconds, d) if d is not None else (math.ceil(seconds * 1000) / 1000, 3)


def too_long(name: str, seconds: float, limit: float) -> tuple[T, T | None]:
    """(message, hint or None for the rule's own) for a video longer than ``limit`` seconds. A fraction of
    a second over is most often a "5:00" export whose sound runs a few AAC frames past the picture."""
    value, d = shown_over(seconds, limit)
    message = T(f"{name} 时长 {minutes(value, d)}（{value:.{d}f} 秒），超过 {minutes(limit)}（{limit:g} 秒）",
                f"{name} runs {value:.{d}f} s; at most {limit:g} s")
    if seconds - limit >= 1:
        return message, None
    od = max(d, 2)  # 0.96 s over reads "0.96", not "1.0" beside "trim less than a second"
    over = f"{max(value - limit, 10 ** -od):.{od}f}"
    why = T("（常见于音轨比画面略长几十毫秒）", " (often the sound runs a few milliseconds past the picture)") \
        if seconds - limit < 0.1 else T("", "")
    return message, T(f"只超出 {over} 秒{why.zh}：在剪辑软件中把结尾剪掉不到 1 秒后重新导出",
                      f"Only {over} s over{why.en}: trim the last fraction of a second and export again")


@rule("V001", "E", CLAUSE,
      T("缺少 {videos_dir}/ 文件夹，或其中没有视频（或多于规则集允许的个数）", "{videos_dir}/ missing or holds no video (or too many)"),
      T("新建 {videos_dir} 文件夹，放入成果视频（MP4，{size}，{max_time}以内）",
        "Create {videos_dir}/ with the video (MP4, {size}, ≤{max_time_en})"),
      how="看项目顶层有没有视频文件夹（{videos_named}），并数其中按内容或扩展名认作视频的文件。没有文件夹、文件夹是空的或一个视频也没有，为错误；全国通知要求至少 {min_videos} 个。规则集定了上限时（如路演只许 1 个），视频多于上限同样为错误，并列出全部视频，由填报人决定保留哪一个。")
def videos_present(project):
    """视频作为单独的文件夹整理: at least one video in videos/.

    FAIL: no videos/ folder (create it), or an empty one (fill it; the message says which).
    """
    need = project.profile.section("videos").get("min_count", 1)
    found = video_facts(project)
    if project.folder_name("videos") is None:
        yield Problem(T(f"缺少 {project.profile.folder('videos')}/ 文件夹", f"No {project.profile.folder('videos')}/ folder"))
    elif len(found) < need:
        folder = project.folder_name("videos")
        what = "是空的" if project.folder_is_empty("videos") else f"中有 {len(found)} 个视频"
        yield Problem(T(f"{folder}/ 文件夹{what}，要求至少 {need} 个视频", f"{len(found)} videos in {folder}/; {need} needed"),
                      file=folder + "/",
                      hint=fill_t(T(f"在已有的 {folder}/ 文件夹中放入成果视频（MP4，{{size}}，{{max_time}}以内）",
                                    f"Put the video (MP4, {{size}}, ≤{{max_time_en}}) in {folder}/"), limits(project.profile)))
    most = project.profile.section("videos").get("max_count")
    if most is not None and len(found) > most:
        # which one is the real video only the clerk knows (a copy may sort first): all are named
        folder = project.folder_name("videos")
        names = "、".join(e.rel[len(folder) + 1:] for e, _ in found)
        yield Problem(T(f"{folder}/ 中有 {len(found)} 个视频：{names}，只能有 {most} 个",
                        f"{len(found)} videos in {folder}/ ({names}); only {most} allowed"),
                      file=folder + "/", hint=T(f"保留其中 {most} 个，其余移出 {folder}/", f"Keep {most} of them; move the rest out"))


@rule("V002", "E", CLAUSE,
      T("容器格式不是 MP4（QuickTime .mov、MKV、AVI 等改了扩展名）", "Container is not MPEG-4"),
      T("用格式工厂、剪映或 HandBrake 导出为 MP4（H.264 编码）", "Export as MP4 (H.264) with HandBrake, 剪映 or similar"),
      how="按文件内容判断容器格式，不看扩展名。内容是 MPEG-4（MP4）通过；手机拍的 QuickTime .mov 改名为 .mp4、MKV、AVI、WMV、FLV、MPG、录屏软件的 MPEG-TS 等为错误。空文件和认不出的文件归 V003。")
def mp4_container(project):
    """MP4 格式, decided by content: a phone's .mov renamed .mp4 fails, so does an MKV, AVI, WMV, FLV, MPG or MPEG-TS."""
    for entry, facts in video_facts(project):
        if facts.kind in ("empty", "unreadable", "unknown"):
            continue  # V003
        if facts.kind != "mp4" or (facts.container not in (None, "MPEG-4")):
            shown = facts.container if facts.container and facts.kind == "mp4" else describe(facts.kind)
            yield Problem(T(f"{entry.name} 的实际格式是 {shown}，不是 MP4", f"{entry.name} is {shown}, not MP4"),
                          file=entry.rel)


@rule("V003", "E", CLAUSE,
      T("视频无法读取或不完整", "Unreadable or truncated video"),
      T("重新导出或重新拷贝视频，确认能在电脑上完整播放", "Export or copy the video again and play it to the end"),
      how="只读视频的文件头（不读整个视频）确认它是完整的视频。0 字节空文件、认不出是视频的、拷贝中断被截断的、读不出视频流的为错误；文件头异常、在限定秒数内读不完的，停止读取并报错。")
def readable_video(project):
    """The file must be a whole video: a copy cut off mid-transfer or a 0-byte file fails."""
    for entry, facts in video_facts(project):
        if facts.kind == "empty":
            yield Problem(T(f"{entry.name} 是空文件（0 字节）", f"{entry.name} is empty"), file=entry.rel)
        elif facts.kind in ("unreadable", "unknown"):
            yield Problem(T(f"{entry.name} 无法识别为视频（{describe(facts.kind)}）", f"{entry.name} is not a video"),
                          file=entry.rel)
        elif facts.error == "truncated":
            yield Problem(T(f"{entry.name} 不完整（文件被截断，{size_text(facts.size).zh}）",
                            f"{entry.name} is truncated ({size_text(facts.size).en})"),
                          file=entry.rel)
        elif (facts.error or "").startswith("timeout:"):
            seconds = facts.error.split(":", 1)[1]
            yield Problem(T(f"{entry.name} 读取超时：{seconds} 秒内没有读完文件头，已停止（文件头可能异常）",
                            f"{entry.name}: reading timed out after {seconds} s (its header may be malformed)"),
                          file=entry.rel)
        elif facts.error == "audio-only":
            yield Problem(T(f"{entry.name} 只有声音，没有视频画面", f"{entry.name} holds audio only, no video stream"),
                          file=entry.rel, hint=T(f"放入带画面的成果视频；讲解录音放在音频文件夹（{project.profile.folder('audio')}/）",
                                                 f"Put the video itself here; narration belongs in {project.profile.folder('audio')}/"))
        elif facts.error == "no-video-stream":
            yield Problem(T(f"{entry.name} 读不到视频画面（文件中没有视频流）", f"{entry.name}: no video stream"),
                          file=entry.rel)
        elif facts.error is not None:
            yield Problem(T(f"{entry.name} 无法读取（文件头无法解析）", f"{entry.name}: unreadable ({facts.error})"),
                          file=entry.rel)


@rule("V004", "E", CLAUSE,
      T("画面不是 {size}（按旋转后的显示方向）", "Not {size} as displayed"),
      T("按 {export_size}横屏导出", "Export landscape at {size}"),
      how="按播放时看到的方向量画面尺寸（计入旋转标记）：正好 {size} 通过，其余为错误。例如 {size} 但带 90° 旋转的是竖屏，{size_examples}，提示会说明是哪一种。非方形像素的视频播放时会被拉伸（如 1440×1080 拉伸成 1920×1080，1920×1080 拉伸成 2560×1080），也为错误，提示按方形像素重新导出。")
def resolution(project):
    """1920*1080 高清画质 as displayed: a 1920×1080 stream with 90° rotation is a portrait video and fails.

    The message says what is wrong: 竖屏 (portrait), 分辨率太低 (a landscape 1280×720 or 320×180),
    or larger than 1080p (a 4K export).
    """
    limits = project.profile.section("videos")
    want = (limits.get("width", 1920), limits.get("height", 1080))
    for entry, facts in playable(project):
        shown = facts.display_size
        if shown is None:
            continue
        # Pixels first: HDV's 1440×1080 is stretched to 16:9, and 1920×1080 with 4:3 pixels to 2560×1080
        if abs(facts.pixel_aspect - 1) > 0.01:
            wide = round(shown[0] * Fraction(facts.pixel_aspect).limit_denominator(100))  # MediaInfo's 1.333 is 4:3
            yield Problem(T(f"{entry.name} 存储为 {shown[0]}×{shown[1]} 像素（非方形像素，播放时拉伸成 {wide}×{shown[1]}），"
                            f"要求 {want[0]}×{want[1]} 像素",
                            f"{entry.name} stores {shown[0]}×{shown[1]} non-square pixels (stretched to {wide}×{shown[1]}); "
                            f"{want[0]}×{want[1]} pixels required"),
                          file=entry.rel, hint=T(f"按 {want[0]}×{want[1]}、方形像素（像素宽高比 1:1）重新导出",
                                                 f"Export again at {want[0]}×{want[1]} with square pixels (1:1)"))
            continue
        if shown == want:
            continue
        what, hint = _resolution_fault(shown, want)
        rotated = f"，含 {facts.rotation}° 旋转" if facts.rotation else ""
        yield Problem(T(f"{entry.name} 显示为 {shown[0]}×{shown[1]}（{what.zh}）{rotated}，要求 {want[0]}×{want[1]}",
                        f"{entry.name} displays {shown[0]}×{shown[1]} ({what.en}); {want[0]}×{want[1]} required"),
                      file=entry.rel, hint=hint)


def _resolution_fault(shown: tuple[int, int], want: tuple[int, int]) -> tuple[T, T]:
    """(what is wrong, how to fix it) for a display size that is not the one wanted."""
    size, name = f"{want[0]}×{want[1]}", size_name(*want)
    if shown[0] < shown[1]:
        return T("竖屏", "portrait"), T(f"竖屏视频需要重新剪辑为横屏，按 {size} 导出",
                                        f"Re-edit the portrait video as landscape, {size}")
    if shown[0] < want[0] or shown[1] < want[1]:
        return T("分辨率太低", "resolution too low"), T(
            f"分辨率低于 {name}：用原始素材按 {size} 重新导出；素材本身不足 {name} 时请用 {name} 重新拍摄",
            f"Export again at {size} from the original footage; re-shoot at {name} if the footage is smaller")
    return T(f"超过 {name}", f"larger than {name}"), T(f"导出时把分辨率设为 {size}", f"Export at {size}")


@rule("V005", "E", CLAUSE,
      T("视频超过 {max_time_exact}", "Longer than {max_time_en}"),
      T("剪辑到 {max_time}以内：保留实物展示和实际应用效果", "Cut it to {max_time_en}: keep the demo and the result in use"),
      how="读视频文件头里的时长（精确到毫秒），超过 {max_seconds} 秒{max_minutes}为错误。{seconds_under} 秒、正好 {seconds_exact} 秒通过；{seconds_over_ms} 秒、{seconds_over} 秒不通过。只超出零点几秒时，提示会把超出的部分显示出来，剪掉结尾不到 1 秒即可。")
def duration(project):
    """时长 5 分钟以内: 299.9 s passes, 300.04 s fails and is shown as 300.04 s, never as "300.0"."""
    limit = project.profile.section("videos").get("max_seconds", 300)
    for entry, facts in playable(project):
        if facts.duration is not None and facts.duration > limit:
            message, hint = too_long(entry.name, facts.duration, limit)
            yield Problem(message, file=entry.rel, hint=hint)


@rule("V006", "W", CLAUSE,
      T("视频编码不是 H.264/AVC（HEVC 等在很多办公电脑上无法播放）", "Video codec is not H.264/AVC"),
      T("导出时选择 H.264 编码", "Export with the H.264 codec"),
      how="读视频的编码格式和位深。不是 H.264（AVC）的给警告，例如 HEVC（H.265）在很多办公电脑上放不出来；"
          "10 位的 H.264（High 10，部分手机和相机的 HDR 模式）同样放不出来，也给警告。通知没有规定编码，这只是提醒。")
def codec(project):
    """Not in the notice, but an HEVC video will not play on many office PCs: H.264 is the safe choice.
    So is 8-bit: a 10-bit H.264 (High 10, a phone's HDR mode) does not play in Windows' own player either."""
    allowed = {codec_name(c) for c in project.profile.section("videos").get("codecs", ["AVC"])}
    for entry, facts in playable(project):
        if facts.codec and codec_name(facts.codec) not in allowed:
            yield Problem(T(f"{entry.name} 的视频编码是 {facts.codec}，建议 H.264 (AVC)",
                            f"{entry.name} uses {facts.codec}; H.264 recommended"), file=entry.rel)
        elif codec_name(facts.codec or "") == "AVC" and (facts.bit_depth or 8) > 8:
            yield Problem(T(f"{entry.name} 是 {facts.bit_depth} 位的 H.264（High 10 之类），很多电脑和 Windows 自带播放器放不出来",
                            f"{entry.name} is {facts.bit_depth}-bit H.264 (High 10), which many players cannot play"),
                          file=entry.rel,
                          hint=T("导出时选择 8 位 H.264（关闭 HDR / 10 位色深），或用格式工厂、剪映转为普通 H.264 MP4",
                                 "Export as 8-bit H.264 (HDR / 10-bit off)"))


@rule("V007", "W", CLAUSE,
      T("视频没有命名（设备默认文件名）", "Video not meaningfully named"),
      T("按内容命名，如“自动折叠反刮刀具-现场应用.mp4”", "Name it by content"),
      how="看视频文件名是不是设备或聊天软件自动起的名字，如 VID_20240501_101010.mp4、微信视频开头的文件。是默认名只给警告；按内容起名即通过。")
def video_names(project):
    """要求对每个视频进行命名. WARN: VID_20240501_101010.mp4, 微信视频….mp4."""
    for entry, _facts in video_facts(project):
        if is_default_name(entry.name):
            yield Problem(T(f"{entry.name} 是默认文件名，没有说明视频内容", f"{entry.name} is a default name"),
                          file=entry.rel)


@rule("V008", "W", CLAUSE,
      T("视频没有音轨", "No audio track"),
      T("为视频配上讲解或现场声音后重新导出", "Add narration or live sound and export again"),
      how="看视频里有没有音轨。没有声音的给警告：演示视频最好配讲解或现场声音。")
def has_audio(project):
    """A demonstration without sound is hard to follow; the collection expects explained videos."""
    for entry, facts in playable(project):
        if not facts.has_audio:
            yield Problem(T(f"{entry.name} 没有声音（无音轨）", f"{entry.name} has no audio track"), file=entry.rel)


@rule("V009", "W", CLAUSE,
      T("码率低于 {min_mbit} Mbit/s，达不到 {size_name}“高清画质”", "Bitrate under {min_mbit} Mbit/s"),
      T("导出时把码率设为 {bitrate_advice}", "Export at {bitrate_advice_en}"),
      how="读视频的平均码率，低于 {min_mbit} Mbit/s 给警告（{size_name} 画面会明显模糊，微信压缩过的视频常见）；{min_mbit} Mbit/s 及以上通过。读不到码率时不判断。")
def bitrate(project):
    """高清画质: a 1080p video under 2 Mbit/s is visibly blocky (WeChat-compressed copies often are)."""
    floor = project.profile.section("videos").get("min_bitrate", 2_000_000)
    for entry, facts in playable(project):
        if facts.bitrate is not None and facts.bitrate < floor:
            yield Problem(T(f"{entry.name} 码率 {facts.bitrate / 1e6:.2f} Mbit/s，低于 {floor / 1e6:g} Mbit/s",
                            f"{entry.name} is {facts.bitrate / 1e6:.2f} Mbit/s; under {floor / 1e6:g}"),
                          file=entry.rel)


RULES = [videos_present, mp4_container, readable_video, resolution, duration, codec, video_names, has_audio, bitrate]
