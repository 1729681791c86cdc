"""Audio rules A001–A004 (附件3 第18项) on real MP3/WAV/M4A files, and the MP3 frame walker."""

from __future__ import annotations

import pytest
from mutagen.mp3 import MP3

from tests.factories import (
    make_amr,
    make_id3_only,
    make_id3_tag,
    make_jpeg,
    make_m4a,
    make_mp3,
    make_truncated_mp3,
    make_wav,
)
from tests.media_helpers import check, family, of, put, stored
from wuxiao_cli.media.audio import read_audio, walk_frames

NAME = "audio/成果讲解.mp3"


def sev_files(findings):
    return [(f.severity, f.file) for f in findings]


def test_real_mp3_passes_every_audio_rule(tmp_path):
    put(tmp_path, NAME, "real.mp3", make_mp3)
    assert family(check(tmp_path), "A") == []


def test_real_mp3_with_id3_tag_passes(tmp_path):
    put(tmp_path, NAME, "real-id3.mp3", make_mp3, id3_title="成果讲解")
    assert family(check(tmp_path), "A") == []


# --------------------------------------------------------------------------- A001


def test_a001_no_audio_folder(tmp_path):
    (tmp_path / "photos").mkdir()
    found = of(check(tmp_path), "A001")
    assert sev_files(found) == [("error", None)]
    assert "audio/" in found[0].message


def test_a001_folder_without_audio(tmp_path):
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "讲解稿.txt").write_text("讲解稿", encoding="utf-8")
    found = of(check(tmp_path), "A001")
    assert sev_files(found) == [("error", "audio/")]
    assert "没有音频" in found[0].message and "是空的" not in found[0].message


def test_a001_empty_existing_folder_says_empty_not_create(tmp_path):
    (tmp_path / "audio").mkdir()
    found = of(check(tmp_path), "A001")
    assert sev_files(found) == [("error", "audio/")]
    assert "audio/ 文件夹是空的" in found[0].message
    assert "新建" not in found[0].hint and "audio/" in found[0].hint


# --------------------------------------------------------------------------- A002


@pytest.mark.parametrize(("factory", "shown"), [(make_wav, "WAV"), (make_m4a, "M4A")])
def test_a002_other_audio_named_mp3(tmp_path, factory, shown):
    put(tmp_path, NAME, f"fake-{shown}.bin", factory)
    found = check(tmp_path)
    assert sev_files(of(found, "A002")) == [("error", NAME)]
    assert shown in of(found, "A002")[0].message
    assert of(found, "A003") == [] and of(found, "A001") == []


def _playable_variant(tmp_path, how):
    """A real MP3 as players and ffmpeg still read it: cut mid-frame, after zero bytes, or behind two tags."""
    mp3 = stored("real-20s.mp3", make_mp3, seconds=20).read_bytes()
    if how == "cut-mid-frame":  # a recording whose first kilobyte was lost
        data = mp3[1000:]
    elif how == "leading-zeros":
        data = bytes(512) + mp3
    else:  # Windows Media Player: two ID3v2.3 tags back to back, each with a ~230 KB cover picture
        cover = stored("cover-800.jpg", make_jpeg, width=800, height=800).read_bytes()
        data = make_id3_tag(cover=cover) + make_id3_tag(title="第二个标签", cover=cover) + mp3
    path = tmp_path / NAME
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("how", ["cut-mid-frame", "leading-zeros", "two-tags-with-covers"])
def test_a002_playable_mp3_not_starting_on_a_frame_passes(tmp_path, how):
    path = _playable_variant(tmp_path, how)
    assert family(check(tmp_path), "A") == []
    facts = read_audio(path)
    assert facts.is_mp3 and facts.error is None and 19.5 < facts.duration < 20.5


def test_a002_frames_are_looked_for_only_near_the_start(tmp_path):
    """Bounded read: MP3 frames behind 1 MiB of zero bytes are not searched for (the file is not read whole)."""
    path = tmp_path / NAME
    path.parent.mkdir()
    path.write_bytes(bytes(1 << 20) + stored("real.mp3", make_mp3).read_bytes())
    (found,) = of(check(tmp_path), "A002")
    assert "无法识别的格式" in found.message


def test_a002_lone_sync_words_in_other_bytes_are_not_mp3(tmp_path):
    """A sync word counts only when the next frame header follows where it says."""
    path = tmp_path / NAME
    path.parent.mkdir()
    path.write_bytes(b"\x00\x01" + b"\xff\xfb\x90\x64" + bytes(600) + b"\xff\xfb\x90\x64" + b"\x55" * 2000)
    assert read_audio(path).kind == "unknown"
    assert "无法识别的格式" in of(check(tmp_path), "A002")[0].message


def test_a002_names_a_phone_voice_memo(tmp_path):
    put(tmp_path, "audio/成果讲解.amr", "memo.amr", make_amr)
    (found,) = of(check(tmp_path), "A002")
    assert "AMR" in found.message and "不是 MP3" in found.message


def test_a002_id3_tag_without_frames(tmp_path):
    put(tmp_path, NAME, "id3-only.mp3", make_id3_only)
    found = check(tmp_path)
    assert sev_files(of(found, "A002")) == [("error", NAME)]
    assert "标签" in of(found, "A002")[0].message
    assert of(found, "A003") == []


# --------------------------------------------------------------------------- A003


def test_two_mp3s_joined_pass(tmp_path):
    """`copy /b 上.mp3+下.mp3`: the second file's ID3 tag sits mid-stream; ffmpeg plays it all, so must we."""
    first = stored("join-a.mp3", make_mp3, id3_title="第一段")
    second = stored("join-b.mp3", make_mp3, id3_title="第二段")
    (tmp_path / "audio").mkdir()
    (tmp_path / NAME).write_bytes(first.read_bytes() + second.read_bytes())
    assert family(check(tmp_path), "A") == []


def test_joined_mp3_with_garbage_between_is_still_corrupt(tmp_path):
    first = stored("join-a.mp3", make_mp3, id3_title="第一段")
    (tmp_path / "audio").mkdir()
    (tmp_path / NAME).write_bytes(first.read_bytes() + b"\x00\x01garbage" * 50 + first.read_bytes())
    assert sev_files(of(check(tmp_path), "A003")) == [("error", NAME)]


def test_a003_truncated_mp3(tmp_path):
    put(tmp_path, NAME, "truncated.mp3", make_truncated_mp3)
    found = check(tmp_path)
    assert sev_files(of(found, "A003")) == [("error", NAME)]
    assert "截断" in of(found, "A003")[0].message
    assert of(found, "A002") == []


def test_a003_truncated_mp3_with_id3_tag(tmp_path):
    put(tmp_path, NAME, "truncated-id3.mp3", make_truncated_mp3, id3_title="成果讲解")
    assert sev_files(of(check(tmp_path), "A003")) == [("error", NAME)]


def test_a003_zero_byte_mp3(tmp_path):
    (tmp_path / "audio").mkdir()
    (tmp_path / NAME).write_bytes(b"")
    found = check(tmp_path)
    assert sev_files(of(found, "A003")) == [("error", NAME)]
    assert "0 字节" in of(found, "A003")[0].message
    assert of(found, "A002") == []


def test_mutagen_alone_does_not_notice_truncation_but_the_walker_does():
    path = stored("truncated.mp3", make_truncated_mp3)
    assert MP3(str(path)).info.length > 0  # mutagen reads the Xing header and is content
    frames, problem = walk_frames(path)
    assert frames > 0 and problem == "truncated"
    assert read_audio(path).error == "truncated"


def test_walker_counts_every_frame_of_a_whole_mp3():
    path = stored("real.mp3", make_mp3)
    frames, problem = walk_frames(path)
    assert problem is None
    facts = read_audio(path)
    assert facts.is_mp3 and facts.error is None and facts.frames == frames
    assert 2.9 < facts.duration < 3.2


def test_walker_accepts_trailing_id3v1_tag(tmp_path):
    path = tmp_path / "a.mp3"
    path.write_bytes(stored("real.mp3", make_mp3).read_bytes() + b"TAG" + b"\x00" * 125)
    assert walk_frames(path)[1] is None


def test_a003_bytes_between_frames_are_told_in_chinese(tmp_path):
    """32 stray bytes inside the audio (ffmpeg: "Header missing"): damaged, said without the reader's token."""
    data = stored("real.mp3", make_mp3).read_bytes()
    path = tmp_path / NAME
    path.parent.mkdir()
    path.write_bytes(data[:20_000] + bytes(range(100, 132)) + data[20_000:])
    (found,) = of(check(tmp_path), "A003")
    assert found.message.startswith("成果讲解.mp3 已损坏（音频数据中夹有无法识别的字节")
    assert "corrupt" not in found.message


def test_walker_reports_garbage_after_frames(tmp_path):
    path = tmp_path / "a.mp3"
    path.write_bytes(stored("real.mp3", make_mp3).read_bytes() + b"garbage that is not a frame")
    assert walk_frames(path)[1] == "corrupt"


# --------------------------------------------------------------------------- A004


@pytest.mark.parametrize("name", ["新录音 3.mp3", "REC0001.mp3", "录音.mp3", "AUDIO_20240501_101010.mp3", "微信语音1.mp3"])
def test_a004_default_names_warn(tmp_path, name):
    put(tmp_path, f"audio/{name}", "real.mp3", make_mp3)
    found = of(check(tmp_path), "A004")
    assert sev_files(found) == [("warning", f"audio/{name}")]
    assert name in found[0].message


def test_a004_meaningful_name_passes(tmp_path):
    put(tmp_path, "audio/自动折叠反刮刀具-讲解.mp3", "real.mp3", make_mp3)
    assert of(check(tmp_path), "A004") == []


@pytest.mark.parametrize("keep", [300, 420])
def test_a003_cut_inside_first_frame_or_next_header(tmp_path, keep):
    """Cut inside the first frame (300 bytes) or 2 bytes into the second header (420): truncated, not 'tag only'."""
    path = tmp_path / NAME
    path.parent.mkdir()
    path.write_bytes(stored("real.mp3", make_mp3).read_bytes()[:keep])
    found = check(tmp_path)
    assert sev_files(of(found, "A003")) == [("error", NAME)]
    assert "截断" in of(found, "A003")[0].message
    assert of(found, "A002") == []
