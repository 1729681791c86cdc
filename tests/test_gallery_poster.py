"""The report's video poster: an MP4/MOV is opened from its header alone (no probing decode), and the
picture is the same as with full probing, for H.264 made by PyAV and HEVC/MOV made by ffmpeg."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import ImageChops

from tests.batch_helpers import mp4_bytes
from wuxiao_cli.report.gallery import THUMB_SIDE, _poster
from wuxiao_cli.sniff import sniff


def pyav_mp4(path):
    path.write_bytes(mp4_bytes(640, 360))
    return path


def ffmpeg_video(path, codec: str):
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    proc = subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=10", "-t", "2",
                           "-c:v", codec, str(path)], capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"ffmpeg cannot encode {codec}")
    return path


@pytest.mark.parametrize("make", [
    lambda d: pyav_mp4(d / "h264.mp4"),
    lambda d: ffmpeg_video(d / "hevc.mp4", "libx265"),
    lambda d: ffmpeg_video(d / "h264.mov", "libx264"),
], ids=["h264-mp4-pyav", "hevc-mp4-ffmpeg", "h264-mov-ffmpeg"])
def test_header_only_open_gives_the_probed_poster(tmp_path, make):
    video = make(tmp_path)
    assert sniff(video) in ("mp4", "mov")
    fast, probed = _poster(video, sniff(video)), _poster(video)
    assert fast is not None and max(fast.size) == THUMB_SIDE
    assert ImageChops.difference(fast.convert("RGB"), probed.convert("RGB")).getbbox() is None
    assert fast.convert("L").getextrema()[1] > 0  # a picture, not a blank frame


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_videos_poster_is_turned_as_players_show_it(tmp_path, rotate):
    """A phone held upright stores its frames sideways with a display rotation: the card shows the frame
    as ffmpeg (and every player) shows it, as V004 judges it, not as stored."""
    import base64
    import io

    from PIL import Image, ImageStat

    from wuxiao_cli.report.gallery import card

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    stored = ffmpeg_video(tmp_path / "stored.mp4", "libx264")  # testsrc: no picture equal to itself turned
    video = tmp_path / "rotated.mp4"  # the display matrix set without re-encoding, as a phone writes it
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(stored), "-c", "copy",  # ffmpeg 5's rotate tag:
                    "-metadata:s:v:0", f"rotate={rotate}", str(video)], check=True)  # clockwise, a display matrix
    shown = tmp_path / "shown.png"  # ffmpeg applies the rotation when it decodes
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(video), "-frames:v", "1", str(shown)], check=True)
    made = card(video, "videos/rotated.mp4", video.stat().st_size)
    thumb = Image.open(io.BytesIO(base64.b64decode(made.thumb.split(",", 1)[1]))).convert("RGB")
    reference = Image.open(shown).convert("RGB").resize(thumb.size)
    assert (thumb.width < thumb.height) == (rotate % 180 == 90)

    def distance(picture):
        return sum(ImageStat.Stat(ImageChops.difference(picture, reference)).mean)

    flipped = thumb.transpose(Image.Transpose.ROTATE_180)
    assert distance(thumb) < distance(flipped) / 2  # the same way up as ffmpeg's, not upside down
