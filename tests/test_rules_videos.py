"""Video rules V001–V009 (附件3 第16项) on real MP4/MOV/MKV/AVI files made with PyAV."""

from __future__ import annotations

import pytest

from tests.factories import HEVC_AVAILABLE, make_m4a, make_mp4, make_truncated_mp4
from tests.media_helpers import check, family, of, put

NAME = "videos/现场应用演示.mp4"
LONG = dict(width=320, height=180, audio=False)  # duration alone matters for V005: small and quick to make


def video(project, key, rel=NAME, **kw):
    """Place the cached video ``key`` (made by make_mp4(**kw)) at ``rel``."""
    return put(project, rel, f"{key}.mp4", make_mp4, **kw)


def good(project, rel=NAME):
    """1920×1080 H.264 + AAC, 1 s, ~3 Mbit/s: passes every video rule."""
    return video(project, "good-3mbit", rel, seconds=1, bitrate=3_000_000)


def sev_files(findings):
    return [(f.severity, f.file) for f in findings]


def test_good_video_passes_every_video_rule(tmp_path):
    good(tmp_path)
    assert family(check(tmp_path), "V") == []


# --------------------------------------------------------------------------- V001


def test_v001_no_videos_folder(tmp_path):
    (tmp_path / "photos").mkdir()
    found = of(check(tmp_path), "V001")
    assert sev_files(found) == [("error", None)]
    assert "videos/" in found[0].message


def test_v001_folder_without_video(tmp_path):
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "说明.txt").write_text("稍后补充", encoding="utf-8")
    found = of(check(tmp_path), "V001")
    assert sev_files(found) == [("error", "videos/")]
    assert "0 个" in found[0].message and "1 个" in found[0].message
    assert "是空的" not in found[0].message  # it holds a file, just no video


def test_v001_empty_existing_folder_says_empty_not_create(tmp_path):
    (tmp_path / "videos").mkdir()
    found = of(check(tmp_path), "V001")
    assert sev_files(found) == [("error", "videos/")]
    assert "videos/ 文件夹是空的" in found[0].message
    assert "新建" not in found[0].hint and "videos/" in found[0].hint


# --------------------------------------------------------------------------- V002 container


@pytest.mark.parametrize(("container", "shown"), [("mov", "QuickTime"), ("mkv", "Matroska"), ("avi", "AVI")])
def test_v002_other_container_named_mp4(tmp_path, container, shown):
    video(tmp_path, f"container-{container}", container=container, seconds=1)
    found = check(tmp_path)
    assert sev_files(of(found, "V002")) == [("error", NAME)]
    assert shown in of(found, "V002")[0].message
    assert of(found, "V003") == []


@pytest.mark.parametrize(("container", "shown"), [("wmv", "WMV"), ("flv", "FLV"), ("mpg", "MPEG-PS"), ("ts", "MPEG-TS")])
def test_v002_playable_video_in_another_container_is_not_mp4_not_unreadable(tmp_path, container, shown):
    """A screen recorder's MPEG-TS named .mp4 plays: it is "not MP4" (V002), not "not a video" (V003)."""
    video(tmp_path, f"container-{container}", container=container, seconds=1, width=320, height=180, audio=False)
    found = check(tmp_path)
    assert sev_files(of(found, "V002")) == [("error", NAME)]
    assert shown in of(found, "V002")[0].message and "不是 MP4" in of(found, "V002")[0].message
    assert of(found, "V003") == []
    assert "320×180" in of(found, "V004")[0].message  # its headers were read: the other rules judge it too


def test_v002_real_mp4_passes(tmp_path):
    good(tmp_path)
    assert of(check(tmp_path), "V002") == []


# --------------------------------------------------------------------------- V003 readable


def test_v003_truncated_mp4(tmp_path):
    put(tmp_path, NAME, "truncated.mp4", make_truncated_mp4)
    found = check(tmp_path)
    assert sev_files(of(found, "V003")) == [("error", NAME)]
    assert "截断" in of(found, "V003")[0].message
    assert f"{(tmp_path / NAME).stat().st_size:,} 字节" in of(found, "V003")[0].message  # exact, not "0.04 MB" alone
    assert of(found, "V002") == [] and of(found, "V001") == []


def test_v003_truncated_mp4_moov_at_end(tmp_path):
    """The most common cut copy: ffmpeg's default (index at the end) stopped mid-download. It says 截断 in Chinese."""
    put(tmp_path, NAME, "truncated-moov-last.mp4", make_truncated_mp4, faststart=False)
    (found,) = of(check(tmp_path), "V003")
    assert sev_files([found]) == [("error", NAME)]
    assert "不完整（文件被截断" in found.message and "no-video-stream" not in found.message


def test_v003_audio_only_mp4_says_there_is_no_picture(tmp_path):
    put(tmp_path, NAME, "audio-only.mp4", make_m4a, muxer="mp4")  # AAC alone in an isom MP4, as ffmpeg -vn writes
    (found,) = of(check(tmp_path), "V003")
    assert found.message == "现场应用演示.mp4 只有声音，没有视频画面"
    assert "audio/" in found.hint


def test_v003_zero_byte_mp4(tmp_path):
    (tmp_path / "videos").mkdir()
    (tmp_path / NAME).write_bytes(b"")
    found = check(tmp_path)
    assert sev_files(of(found, "V003")) == [("error", NAME)]
    assert "0 字节" in of(found, "V003")[0].message
    assert of(found, "V002") == []


# --------------------------------------------------------------------------- V004 resolution


def test_v004_1280x720_fails(tmp_path):
    video(tmp_path, "720p", width=1280, height=720, seconds=1)
    found = of(check(tmp_path), "V004")
    assert sev_files(found) == [("error", NAME)]
    assert "1280×720" in found[0].message and "1920×1080" in found[0].message
    assert "分辨率太低" in found[0].message and "竖屏" not in found[0].message + found[0].hint


def test_v004_small_landscape_says_resolution_too_low_not_portrait(tmp_path):
    video(tmp_path, "320x180", width=320, height=180, seconds=1)
    (f,) = of(check(tmp_path), "V004")
    assert "320×180（分辨率太低）" in f.message
    assert "竖屏" not in f.message + f.hint and "1080p" in f.hint


def test_v004_1920x1080_rotated_90_is_portrait(tmp_path):
    video(tmp_path, "rot90", rotation=90, seconds=1)
    found = of(check(tmp_path), "V004")
    assert sev_files(found) == [("error", NAME)]
    assert "1080×1920" in found[0].message and "竖屏" in found[0].message and "90°" in found[0].message
    assert "横屏" in found[0].hint


def test_v004_rotated_180_is_still_landscape(tmp_path):
    video(tmp_path, "rot180", rotation=180, seconds=1)
    assert of(check(tmp_path), "V004") == []


def test_v004_1920x1080_with_wide_pixels_is_judged_as_displayed(tmp_path):
    """1920×1080 stored with 4:3 pixels plays at 2560×1080: not 1920×1080 as displayed (SPEC V004)."""
    import shutil
    import subprocess

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    out = tmp_path / NAME
    out.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25", "-t", "1",
                    "-vf", "setsar=4/3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
                   check=True)
    (f,) = of(check(tmp_path), "V004")
    assert f.severity == "error" and "播放时拉伸成 2560×1080" in f.message
    assert "方形像素" in f.hint


def test_v004_anamorphic_1440x1080_says_its_stored_pixels(tmp_path):
    """HDV's 1440×1080 with 4:3 pixels plays at 16:9: the message names the stored pixels and the stretch,
    not a "resolution too low" display that the player never shows."""
    import shutil
    import subprocess

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    out = tmp_path / "videos" / NAME
    out.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1440x1080:rate=25", "-t", "1",
                    "-vf", "setsar=4/3", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(out)], check=True)
    (f,) = of(check(tmp_path), "V004")
    assert "存储为 1440×1080 像素" in f.message and "1920×1080" in f.message and "分辨率太低" not in f.message
    assert "方形像素" in f.hint


# --------------------------------------------------------------------------- V005 duration


def test_v005_299_9_seconds_passes(tmp_path):
    video(tmp_path, "299.9s", seconds=299.9, **LONG)
    assert of(check(tmp_path), "V005") == []


def test_v005_300_1_seconds_fails(tmp_path):
    video(tmp_path, "300.1s", seconds=300.1, **LONG)
    found = of(check(tmp_path), "V005")
    assert sev_files(found) == [("error", NAME)]
    assert "300.1 秒" in found[0].message and "300 秒" in found[0].message


def test_v005_a_fraction_over_shows_the_breach(tmp_path):
    """A "5:00" export 40 ms long (the sound runs past the picture) still fails, as SPEC says, but its
    numbers show why: 300.04 s, not "300.0 s, over 300 s"; the hint says to trim the last fraction."""
    from tests.media_helpers import PROFILE
    from wuxiao_cli.engine import Options, check_project

    video(tmp_path, "300.04s", seconds=300.04, **LONG)
    (found,) = of(check(tmp_path), "V005")
    assert found.message == "现场应用演示.mp4 时长 5 分 00.04 秒（300.04 秒），超过 5 分 00.0 秒（300 秒）"
    assert "只超出 0.04 秒" in found.hint and "剪掉" in found.hint
    (en,) = [f for f in check_project(tmp_path, PROFILE, Options(lang="en")).findings if f.rule == "V005"]
    assert "300.04 s" in en.message and "fraction of a second" in en.hint


@pytest.mark.parametrize(("seconds", "shown", "over"), [(300.04, "300.04", "0.04"), (300.0004, "300.001", "0.001"),
                                                         (300.96, "301.0", "0.96"), (360.0, "360.0", None)])
def test_v005_shown_number_is_never_the_limit(seconds, shown, over):
    from wuxiao_cli.rules.videos import too_long

    message, hint = too_long("a.mp4", seconds, 300)
    assert f"（{shown} 秒）" in message.zh and f"{shown} s" in message.en
    assert (hint is None) if over is None else (f"只超出 {over} 秒" in hint.zh)


# --------------------------------------------------------------------------- V006 codec


def test_v006_hevc_warns(tmp_path):
    video(tmp_path, "hevc", codec="hevc", seconds=0.4)
    found = check(tmp_path)
    assert sev_files(of(found, "V006")) == [("warning", NAME)]
    assert ("HEVC" if HEVC_AVAILABLE else "MPEG-4 Visual") in of(found, "V006")[0].message
    assert of(found, "V002") == []  # still an MP4


def test_v006_h264_passes(tmp_path):
    good(tmp_path)
    assert of(check(tmp_path), "V006") == []


def test_v006_ten_bit_h264_warns_with_its_own_fix(tmp_path):
    """A re-test found High 10 H.264 (a phone's HDR mode) passing, though Windows' player cannot play it."""
    video(tmp_path, "h264-10bit", pix_fmt="yuv420p10le", width=320, height=180, seconds=0.4, audio=False)
    found = of(check(tmp_path), "V006")
    assert sev_files(found) == [("warning", NAME)]
    assert "10 位的 H.264" in found[0].message and "8 位 H.264" in found[0].hint


# --------------------------------------------------------------------------- V007 names


@pytest.mark.parametrize("name", ["VID_20240501_101010.mp4", "微信视频_20240501.mp4", "video1.mp4", "DJI_0001.MP4"])
def test_v007_default_names_warn(tmp_path, name):
    good(tmp_path, f"videos/{name}")
    assert sev_files(of(check(tmp_path), "V007")) == [("warning", f"videos/{name}")]


def test_v007_meaningful_name_passes(tmp_path):
    good(tmp_path, "videos/自动折叠反刮刀具-现场应用.mp4")
    assert of(check(tmp_path), "V007") == []


# --------------------------------------------------------------------------- V008 audio


def test_v008_no_audio_track_warns(tmp_path):
    video(tmp_path, "mute", audio=False, seconds=1)
    assert sev_files(of(check(tmp_path), "V008")) == [("warning", NAME)]


def test_v008_with_audio_passes(tmp_path):
    good(tmp_path)
    assert of(check(tmp_path), "V008") == []


# --------------------------------------------------------------------------- V009 bitrate


def test_v009_1_5_mbit_warns(tmp_path):
    video(tmp_path, "1.5mbit", seconds=1, bitrate=1_500_000)
    found = of(check(tmp_path), "V009")
    assert sev_files(found) == [("warning", NAME)]
    assert "1.50 Mbit/s" in found[0].message and "2 Mbit/s" in found[0].message


def test_v009_3_mbit_passes(tmp_path):
    good(tmp_path)
    assert of(check(tmp_path), "V009") == []
