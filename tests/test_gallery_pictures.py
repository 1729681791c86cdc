"""The report's pictures are decoded once and small (issue 14, speed): a photo at the smallest JPEG
scale still THUMB_MIN long (a progressive one from its DC scans alone, media.jpeg_dc; a camera's from
the thumbnail in its EXIF), a scan from the picture its seal rule looked at, a video poster from one
keyframe, and nothing but a missing picture for a hostile file."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from factories import make_jpeg, make_red_seal_jpeg, make_red_seal_png, photo_image
from PIL import ExifTags, Image, ImageChops, ImageStat

from wuxiao_cli.media import seal
from wuxiao_cli.media.image import reduced
from wuxiao_cli.media.jpeg_dc import dc_jpeg, dc_picture
from wuxiao_cli.media.scans import read_scan, seal_box, unsealed
from wuxiao_cli.report.gallery import THUMB_MIN, THUMB_SIDE, _poster, card

IMAGEMAGICK = "/usr/bin/convert" if Path("/usr/bin/convert").exists() else shutil.which("magick")


def _whole_at_eighth(path: Path) -> Image.Image:
    """What the whole file gives at 1/8 scale."""
    return _eighth(path.read_bytes())


def _progressive_by_imagemagick(path: Path, source: Path) -> Path:
    if IMAGEMAGICK is None:
        pytest.skip("ImageMagick is not installed")
    proc = subprocess.run([IMAGEMAGICK, str(source), "-interlace", "Plane", "-quality", "92", str(path)],
                          capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"ImageMagick cannot write a progressive JPEG: {proc.stderr[:200]!r}")
    return path


def _eighth(data: bytes, mode: str = "RGB") -> Image.Image:
    """libjpeg's own 1/8-scale decode of a JPEG's bytes."""
    with Image.open(io.BytesIO(data)) as im:
        im.draft(mode, (im.width // 8, im.height // 8))
        return im.convert(mode)


def _levels(a: Image.Image, b: Image.Image) -> tuple[int, float]:
    """(the largest, the mean) difference of two pictures in levels, over all their channels."""
    diff = ImageChops.difference(a, b)
    return max(hi for _lo, hi in diff.getextrema()) if diff.mode != "L" else diff.getextrema()[1], \
        max(ImageStat.Stat(diff).mean)


@pytest.mark.parametrize("maker", ["imagemagick", "pillow"])
def test_progressive_photo_from_its_dc_scans_has_the_whole_files_brightness(tmp_path, maker):
    source = make_jpeg(tmp_path / "src.jpg", width=1600, height=1200)
    if maker == "imagemagick":
        photo = _progressive_by_imagemagick(tmp_path / "p.jpg", source)
    else:
        photo = tmp_path / "p.jpg"
        photo_image(1600, 1200, seed=3).save(photo, "JPEG", quality=92, progressive=True)
    with Image.open(photo) as im:
        assert im.info.get("progressive")
    fast, whole = dc_picture(photo.read_bytes()), _whole_at_eighth(photo)
    assert fast is not None and fast.size == whole.size == (200, 150)
    small, data = dc_jpeg(photo.read_bytes()), photo.read_bytes()
    assert len(small) < len(data) / 20
    assert data.index(small[-200:-2]) < len(data) / 10  # taken from the file's start: no further read
    # brightness from DC alone either way, without the DC's last bit: within a level or two
    most, mean = _levels(_eighth(small, "YCbCr").getchannel("Y"), _eighth(data, "YCbCr").getchannel("Y"))
    assert most <= 4 and mean < 1
    # the 4:2:0 colour from its DC alone, at half the thumbnail's resolution: a few levels off on average
    # (another photo of the same kind is ~40 off)
    assert _levels(fast, whole)[1] < 4
    assert reduced(photo, THUMB_MIN).tobytes() == fast.tobytes()  # the card's path takes it


def test_progressive_dc_picture_is_not_smoothed(tmp_path):
    """Without its AC scans libjpeg would guess the AC coefficients (block smoothing) and blur the
    picture; zero AC steps keep each 8×8 block its own flat DC level, as the whole file at 1/8."""
    photo = tmp_path / "edges.jpg"
    picture = Image.new("L", (1600, 1200), 0)
    for x in range(0, 1600, 16):  # 8 px bars: blocks alternately black and white
        picture.paste(255, (x, 0, x + 8, 1200))
    picture.save(photo, "JPEG", quality=95, progressive=True)
    fast, whole = dc_picture(photo.read_bytes()), _whole_at_eighth(photo).convert("RGB")
    assert fast is not None
    assert _levels(fast, whole)[0] <= 4  # smoothed, the bars would run into each other (~100 levels off)


def test_grey_progressive_jpeg_is_the_same_picture_within_a_level(tmp_path):
    photo = tmp_path / "grey.jpg"
    photo_image(1600, 1200, seed=5).convert("L").save(photo, "JPEG", quality=90, progressive=True)
    fast = dc_picture(photo.read_bytes())
    assert fast is not None
    most, mean = _levels(fast, _whole_at_eighth(photo).convert("RGB"))
    assert most <= 4 and mean < 1


def test_baseline_and_damaged_jpegs_are_decoded_as_usual(tmp_path):
    baseline = make_jpeg(tmp_path / "b.jpg", width=1600, height=1200)
    assert dc_picture(baseline.read_bytes()) is None  # no DC scans to take: libjpeg's draft decode
    picture = reduced(baseline, THUMB_MIN)
    assert picture.size == (200, 150)  # 1/8 scale: still THUMB_MIN long
    assert ImageChops.difference(picture, _whole_at_eighth(baseline)).getbbox() is None

    restart = tmp_path / "r.jpg"  # restart markers inside the DC scan are copied with it
    photo_image(1600, 1200).save(restart, "JPEG", progressive=True, restart_marker_blocks=4)
    fast = dc_picture(restart.read_bytes())
    assert fast is not None and _levels(fast, _whole_at_eighth(restart))[1] < 4

    progressive = tmp_path / "p.jpg"
    photo_image(1600, 1200).save(progressive, "JPEG", progressive=True)
    data = progressive.read_bytes()
    first_scan = data.index(b"\xff\xda")
    for cut in (data[:2], data[:100], data[:first_scan], data[:first_scan + 2000]):  # before or inside the DC
        assert dc_picture(cut) is None
    # cut later, in its AC scans: the DC is whole, so is the picture (P004 reports the cut)
    assert dc_picture(data[: len(data) // 2]) is not None


def test_smaller_photos_are_not_decoded_below_the_thumbnail_minimum(tmp_path):
    for width, height, expect in ((1200, 900, (300, 225)), (1279, 959, (320, 240)), (1280, 960, (160, 120))):
        photo = make_jpeg(tmp_path / f"{width}.jpg", width=width, height=height)
        assert reduced(photo, THUMB_MIN).size == expect
    photo = tmp_path / "small-progressive.jpg"
    photo_image(1000, 750).save(photo, "JPEG", progressive=True)
    assert reduced(photo, THUMB_MIN).size == (250, 188)  # 1/4: DC scans alone would give 125 px


def _with_exif_thumbnail(photo: Path, thumb: bytes) -> Path:
    """``photo`` with ``thumb`` as its EXIF thumbnail (IFD1), written by exiftool as cameras store it."""
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        pytest.skip("exiftool is not installed")
    source = photo.with_name(photo.stem + "-thumb.bin")
    source.write_bytes(thumb)
    subprocess.run([exiftool, "-q", "-overwrite_original", f"-ThumbnailImage<={source}", str(photo)], check=True)
    with Image.open(photo) as im:  # it is there: exiftool quietly refuses what it cannot take for a JPEG
        assert im.getexif().get_ifd(ExifTags.IFD.IFD1).get(0x0202) == len(thumb)
    return photo


def _jpeg_of(picture: Image.Image) -> bytes:
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def test_a_cameras_exif_thumbnail_is_the_photos_picture(tmp_path):
    """A phone's or camera's photo carries a small JPEG of itself: that is the card's picture, not 30 ms
    of decoding 12 megapixels. It shows the same scene as the photo at 1/8."""
    photo = make_jpeg(tmp_path / "手机.jpg", width=1600, height=1200, exif_dpi=300)
    whole = _whole_at_eighth(photo)  # 200×150
    _with_exif_thumbnail(photo, _jpeg_of(whole.resize((160, 120), Image.Resampling.LANCZOS)))
    picture = reduced(photo, THUMB_MIN)
    assert picture.size == (160, 120) and picture.mode == "RGB"
    assert max(ImageStat.Stat(ImageChops.difference(picture, whole.resize((160, 120)))).mean) < 4
    made = card(photo, "photos/手机.jpg", photo.stat().st_size)
    assert _shown(made).size == (160, 120)
    assert "300 dpi" in made.facts and "1600×1200 像素" in made.facts  # the facts are still the photo's


@pytest.mark.parametrize("thumbnail", ["square", "too-small", "too-big", "cut-short", "garbled"])
def test_a_thumbnail_that_will_not_do_leaves_the_photo_decoded(tmp_path, thumbnail):
    """A stale one (a crop left it square), one below THUMB_MIN, one far bigger than any camera's (a
    2000×1500 picture squeezed into EXIF's 64 KB), a damaged one: the photo itself is decoded at 1/8,
    as if there were none."""
    photo = make_jpeg(tmp_path / "p.jpg", width=1600, height=1200)
    small = _whole_at_eighth(photo)
    big = io.BytesIO()
    small.resize((2000, 1500)).save(big, "JPEG", quality=5)
    data = {"square": _jpeg_of(small.resize((160, 160))), "too-small": _jpeg_of(small.resize((120, 90))),
            "too-big": big.getvalue(),
            "cut-short": _jpeg_of(small.resize((160, 120)))[:400],
            "garbled": _jpeg_of(small.resize((160, 120)))[:200] + bytes(range(256)) * 8}[thumbnail]
    _with_exif_thumbnail(photo, data)
    picture = reduced(photo, THUMB_MIN)
    assert picture.size == (200, 150)
    assert ImageChops.difference(picture, _whole_at_eighth(photo)).getbbox() is None


def _shown(made) -> Image.Image:
    """The picture a card shows (its data URI decoded)."""
    with Image.open(io.BytesIO(base64.b64decode(made.thumb.split(",", 1)[1]))) as shown:
        return shown.convert("RGB")


@pytest.mark.parametrize("stored_thumbnail", [False, True])
def test_a_photo_taken_upright_is_shown_upright(tmp_path, stored_thumbnail):
    """A phone held upright stores its pixels sideways and says so in EXIF (Orientation 6: turn 90°
    clockwise); viewers turn it, and so does the card. Its size is given as shown, noting the stored one."""
    upright = photo_image(1200, 1600, seed=7)  # the scene as the worker saw it: portrait
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "竖拍.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(photo, "JPEG", quality=90, exif=exif.tobytes())
    if stored_thumbnail:  # the camera's thumbnail is stored sideways too
        _with_exif_thumbnail(photo, _jpeg_of(_whole_at_eighth(photo).resize((160, 120))))
    made = card(photo, "photos/竖拍.jpg", photo.stat().st_size)
    picture = _shown(made)
    assert picture.size == ((120, 160) if stored_thumbnail else (150, 200))
    expected = upright.resize(picture.size, Image.Resampling.BOX)
    assert max(ImageStat.Stat(ImageChops.difference(picture, expected)).mean) < 8
    wrong_way = picture.transpose(Image.Transpose.ROTATE_180)  # turned 90° the other way: not the scene
    assert max(ImageStat.Stat(ImageChops.difference(wrong_way, expected)).mean) > 12
    assert "1200×1600 像素（竖拍，存储为 1600×1200）" in made.facts  # as the upright thumbnail beside it
    landscape = tmp_path / "横拍.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(landscape, "JPEG", quality=90)  # no Orientation: as stored
    assert "1600×1200 像素" in card(landscape, "photos/横拍.jpg", landscape.stat().st_size).facts


def test_a_seal_box_follows_its_picture_through_every_turn():
    """The seal outline drawn over a turned scan lands where the seal went."""
    from wuxiao_cli.media.image import UPRIGHT
    from wuxiao_cli.report.gallery import turned_box

    picture = Image.new("L", (400, 300))
    picture.paste(255, (40, 210, 120, 270))  # the seal, near the bottom left
    box = (40 / 400, 210 / 300, 120 / 400, 270 / 300)
    for turn in UPRIGHT.values():
        turned = picture.transpose(turn)
        left, top, right, bottom = turned.getbbox()
        expected = (left / turned.width, top / turned.height, right / turned.width, bottom / turned.height)
        assert turned_box(box, turn) == pytest.approx(expected), turn


def _count_seal_searches(monkeypatch) -> list:
    calls: list = []

    def counted(picture):
        calls.append(picture.size)
        return seal.find_red_seal(picture)

    monkeypatch.setattr("wuxiao_cli.media.scans.find_red_seal", counted)
    return calls


@pytest.mark.parametrize("make", [make_red_seal_jpeg, make_red_seal_png], ids=["jpeg", "png"])
def test_a_scans_card_shows_the_picture_and_seal_the_rule_found(tmp_path, monkeypatch, make):
    path = make(tmp_path / "授权书.img")
    calls = _count_seal_searches(monkeypatch)
    kind, facts = read_scan(path)
    assert len(facts.images) == 1
    picture = facts.images[0]
    decoded_size = picture.size
    assert not unsealed([(None, kind, facts)])  # the rule sees the seal …
    made = card(path, "authorization/授权书", path.stat().st_size, seal=True, read=lambda _k, _r: (kind, facts))
    assert made.seal == seal_box(facts) == seal.find_red_seal(picture)  # … the card outlines what it found
    assert len(calls) == 1  # looked for once, on the one decoded picture
    assert facts.images[0] is picture and picture.size == decoded_size  # the card made its own, smaller copy
    left, top, right, bottom = made.seal
    assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
    raw = io.BytesIO(base64.b64decode(made.thumb.split(",", 1)[1]))
    with Image.open(raw) as thumb:
        assert max(thumb.size) == THUMB_SIDE


def test_an_authorization_photographed_upright_is_shown_upright_with_its_seal(tmp_path):
    """A 授权书 photographed with a phone held upright: stored sideways, Orientation 6. The card shows
    the page upright and its seal outline where the seal is on it, as for the same page scanned."""
    scanned = make_red_seal_jpeg(tmp_path / "扫描.jpg")
    exif = Image.Exif()
    exif[0x0112] = 6
    photographed = tmp_path / "拍照.jpg"
    with Image.open(scanned) as page:
        page.transpose(Image.Transpose.ROTATE_90).save(photographed, "JPEG", quality=90, subsampling=0,
                                                       exif=exif.tobytes())
    cards = [card(p, f"authorization/{p.name}", p.stat().st_size, seal=True) for p in (scanned, photographed)]
    assert _shown(cards[1]).size == _shown(cards[0]).size
    # the heuristic outlines a smaller part of the seal on the sideways pixels; turned, it lies on the seal
    left, top, right, bottom = cards[0].seal
    turned = cards[1].seal
    assert left <= turned[0] < turned[2] <= right and top <= turned[1] < turned[3] <= bottom


def test_a_jpeg_scan_is_decoded_no_smaller_than_the_seal_heuristic_needs(tmp_path):
    _, facts = read_scan(make_red_seal_jpeg(tmp_path / "s.jpg"))  # 1240×1754 at 150 dpi
    assert min(facts.images[0].size) >= 600 and max(facts.images[0].size) < 1754  # reduced while decoding


def _ffmpeg_h264(path: Path) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    proc = subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
                           "-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "-c:v", "libx264",
                           "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                          capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip("ffmpeg cannot encode H.264")
    return path


def test_poster_of_an_ffmpeg_h264_mp4_with_b_frames(tmp_path):
    video = _ffmpeg_h264(tmp_path / "演示.mp4")
    made = card(video, "videos/演示.mp4", video.stat().st_size)
    assert made.thumb is not None and "1280×720" in made.facts
    raw = io.BytesIO(base64.b64decode(made.thumb.split(",", 1)[1]))
    with Image.open(raw) as thumb:
        assert thumb.size == (THUMB_SIDE, 135)
        assert thumb.convert("L").getextrema()[1] > 0


@pytest.mark.parametrize("container", ["wmv", "flv", "ts"])
def test_videos_in_other_containers_get_their_facts_and_duration_to_the_hundredth(tmp_path, container):
    """WMV, FLV and MPEG-TS (V002 names them) get a card with their size and length like an MP4; the length
    is given to 0.01 s, so a 300.04 s video beside its V005 does not read 5 分 00.0 秒."""
    from factories import make_mp4

    video = make_mp4(tmp_path / f"演示.{container}", container=container, seconds=1.25, width=320, height=180,
                     audio=False)
    made = card(video, f"videos/演示.{container}", video.stat().st_size)
    assert "320×180" in made.facts, made.facts
    assert any(f.startswith("0 分 01.2") and f.endswith(" 秒") and len(f.split()[2]) == 5 for f in made.facts), made.facts


@pytest.mark.parametrize("hostile", ["garbage", "header-only"])
def test_hostile_videos_get_no_poster_and_no_traceback(tmp_path, hostile):
    video = tmp_path / "坏.mp4"
    if hostile == "garbage":  # an MP4 signature, then noise
        video.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 400)
    else:  # an ffmpeg MP4 cut after 2 KB: no frame to decode
        video.write_bytes(_ffmpeg_h264(tmp_path / "ok.mp4").read_bytes()[:2000])
    made = card(video, "videos/坏.mp4", video.stat().st_size)
    assert made.file == "videos/坏.mp4" and made.thumb is None


def test_sound_headers_over_zeroed_frames_give_no_poster(tmp_path):
    """MediaInfo reads the header (1280×720, H.264), the decoder gets only zeros: no picture, within the
    packet cap, and no traceback."""
    video = _ffmpeg_h264(tmp_path / "ok.mp4")
    data = bytearray(video.read_bytes())
    pos = 0
    while data[pos + 4:pos + 8] != b"mdat":  # top-level boxes: size, type
        pos += int.from_bytes(data[pos:pos + 4], "big")
    size = int.from_bytes(data[pos:pos + 4], "big")
    data[pos + 8:pos + size] = bytes(size - 8)
    zeroed = tmp_path / "坏.mp4"
    zeroed.write_bytes(bytes(data))
    assert _poster(zeroed, "mp4") is None
    made = card(zeroed, "videos/坏.mp4", zeroed.stat().st_size)
    assert "1280×720" in made.facts and made.thumb is None
