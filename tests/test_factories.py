"""The fixture factories produce what they promise (sizes, dpi, codecs, durations...)."""

from __future__ import annotations

import struct
from pathlib import Path

import docx
import mutagen.mp3
import mutagen.mp4
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops
from pymediainfo import MediaInfo

from tests.factories import (
    HEVC_AVAILABLE,
    _com_segments,
    _jpeg_segments,
    make_docx_form,
    make_id3_only,
    make_jpeg,
    make_m4a,
    make_mp3,
    make_mp4,
    make_pdf_text_only,
    make_pdf_with_image,
    make_plain_scan_jpeg,
    make_png,
    make_red_seal_jpeg,
    make_red_seal_png,
    make_truncated_jpeg,
    make_truncated_mp3,
    make_truncated_mp4,
    make_wav,
    make_webp,
)


def _open_info(path: Path) -> tuple[dict, tuple[int, int]]:
    with Image.open(path) as im:
        im.load()
        return dict(im.info), im.size


def _mi(path: Path) -> MediaInfo:
    return MediaInfo.parse(path)


# --------------------------------------------------------------------------- JPEG


@pytest.mark.parametrize("size", [999_999, 1_048_576, 10_485_761])
def test_jpeg_exact_boundary_sizes(tmp_path: Path, size: int) -> None:
    p = make_jpeg(tmp_path / "a.jpg", target_bytes=size)
    assert p.stat().st_size == size
    info, dims = _open_info(p)
    assert dims == (1600, 1200)
    assert info["dpi"] == (300, 300)
    data = p.read_bytes()
    assert data[:4] == b"\xff\xd8\xff\xe0" and data[-2:] == b"\xff\xd9"


@pytest.mark.parametrize(
    ("kw", "size"),
    [
        ({"dpi_unit": "cm"}, 1_000_000),
        ({"dpi": None, "exif_dpi": 300, "jfif": False}, 10_485_760),
        ({"width": 800, "height": 600}, 50_000),
    ],
)
def test_jpeg_exact_size_keeps_resolution(tmp_path: Path, kw: dict, size: int) -> None:
    p = make_jpeg(tmp_path / "a.jpg", target_bytes=size, **kw)
    assert p.stat().st_size == size
    info, _ = _open_info(p)
    assert info["dpi"] == pytest.approx((300, 300), abs=0.5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=12_000, max_value=700_000))
def test_jpeg_any_target_size_is_exact(tmp_path: Path, size: int) -> None:
    p = make_jpeg(tmp_path / "h.jpg", width=400, height=300, target_bytes=size)
    assert p.stat().st_size == size
    with Image.open(p) as im:
        im.load()


@pytest.mark.parametrize("total", [0, 4, 5, 7, 65536, 65537, 65538, 65539, 65540, 65541, 131074, 131077])
def test_com_padding_is_exact_and_well_formed(total: int) -> None:
    blob = _com_segments(total)
    assert len(blob) == total
    pos = 0
    while pos < total:
        assert blob[pos : pos + 2] == b"\xff\xfe"
        length = struct.unpack(">H", blob[pos + 2 : pos + 4])[0]
        assert 2 <= length <= 65535
        pos += 2 + length
    assert pos == total


def test_jpeg_dpi_inch(tmp_path: Path) -> None:
    info, _ = _open_info(make_jpeg(tmp_path / "a.jpg", dpi=300))
    assert info["dpi"] == (300, 300)
    assert info["jfif_unit"] == 1 and info["jfif_density"] == (300, 300)
    assert "exif" not in info


def test_jpeg_dpi_cm(tmp_path: Path) -> None:
    p = make_jpeg(tmp_path / "a.jpg", dpi=300, dpi_unit="cm")
    assert p.read_bytes()[13:18] == struct.pack(">BHH", 2, 118, 118)
    info, _ = _open_info(p)
    assert info["jfif_unit"] == 2 and info["jfif_density"] == (118, 118)
    assert info["dpi"] == pytest.approx((299.72, 299.72))


def test_jpeg_exif_only(tmp_path: Path) -> None:
    p = make_jpeg(tmp_path / "a.jpg", dpi=None, exif_dpi=300, jfif=False)
    data = p.read_bytes()
    assert data[2:4] == b"\xff\xe1" and b"JFIF\x00" not in data[:200]
    info, _ = _open_info(p)
    assert "jfif" not in info and "jfif_unit" not in info
    assert info["dpi"] == (300.0, 300.0)
    with Image.open(p) as im:
        exif = im.getexif()
    assert exif[0x0128] == 2 and float(exif[0x011A]) == 300.0


def test_jpeg_no_dpi(tmp_path: Path) -> None:
    p = make_jpeg(tmp_path / "a.jpg", dpi=None)
    info, _ = _open_info(p)
    assert "dpi" not in info and "exif" not in info
    assert info["jfif_unit"] == 0 and info["jfif_density"] == (1, 1)


def test_jpeg_is_deterministic_and_segments_parse(tmp_path: Path) -> None:
    a = make_jpeg(tmp_path / "a.jpg", seed=3).read_bytes()
    b = make_jpeg(tmp_path / "b.jpg", seed=3).read_bytes()
    c = make_jpeg(tmp_path / "c.jpg", seed=4).read_bytes()
    assert a == b and a != c
    assert _jpeg_segments(a)[-1][0] == 0xFFDA


def test_truncated_jpeg(tmp_path: Path) -> None:
    full = make_jpeg(tmp_path / "full.jpg").stat().st_size
    p = make_truncated_jpeg(tmp_path / "t.jpg")
    assert p.stat().st_size == int(full * 0.6)
    with Image.open(p) as im, pytest.raises(OSError):
        im.load()


@pytest.mark.parametrize(
    ("factory", "fmt", "magic"), [(make_png, "PNG", b"\x89PNG"), (make_webp, "WEBP", b"RIFF")]
)
def test_renamed_images(tmp_path: Path, factory, fmt: str, magic: bytes) -> None:
    p = factory(tmp_path / "photo.jpg")
    assert p.read_bytes().startswith(magic)
    with Image.open(p) as im:
        assert im.format == fmt and im.size == (800, 600)


# --------------------------------------------------------------------------- video


@pytest.fixture(scope="module")
def default_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mp4(tmp_path_factory.mktemp("v") / "a.mp4")


def test_mp4_default(default_mp4: Path) -> None:
    mi = _mi(default_mp4)
    g, v = mi.general_tracks[0], mi.video_tracks[0]
    assert g.format == "MPEG-4" and g.format_profile == "Base Media"
    assert g.duration == pytest.approx(2000, abs=50)
    assert g.isstreamable == "Yes"
    assert (v.format, v.width, v.height) == ("AVC", 1920, 1080)
    assert float(v.frame_rate) == 25.0 and v.rotation == "0.000"
    [a] = mi.audio_tracks
    assert (a.format, a.channel_s, a.sampling_rate) == ("AAC", 2, 44100)


@pytest.mark.parametrize("seconds", [299.9, 300.1])
def test_mp4_long_duration_is_exact_and_fast(tmp_path: Path, seconds: float) -> None:
    # audio only on one of them to keep the suite quick (audio dominates the cost)
    p = make_mp4(tmp_path / "long.mp4", seconds=seconds, audio=seconds > 300)
    mi = _mi(p)
    assert mi.general_tracks[0].duration == pytest.approx(seconds * 1000, abs=50)
    assert mi.video_tracks[0].duration == pytest.approx(seconds * 1000, abs=50)
    assert (mi.video_tracks[0].width, mi.video_tracks[0].height) == (1920, 1080)
    assert p.stat().st_size < 2_000_000
    for a in mi.audio_tracks:
        assert a.duration == pytest.approx(seconds * 1000, abs=50)


def test_mp4_rotation(tmp_path: Path) -> None:
    p = make_mp4(tmp_path / "r.mp4", width=640, height=360, rotation=90, audio=False)
    v = _mi(p).video_tracks[0]
    assert v.rotation == "90.000"
    assert (v.width, v.height) == (640, 360)  # stored size; display is portrait


@pytest.mark.parametrize("target", [1_500_000, 3_000_000])
def test_mp4_bitrate(tmp_path: Path, target: int) -> None:
    p = make_mp4(tmp_path / "b.mp4", width=1280, height=720, bitrate=target)
    g = _mi(p).general_tracks[0]
    assert g.overall_bit_rate == pytest.approx(target, rel=0.05)


@pytest.mark.parametrize(
    ("container", "fmt", "profile"),
    [("mov", "MPEG-4", "QuickTime"), ("mkv", "Matroska", None), ("avi", "AVI", None)],
)
def test_renamed_containers(tmp_path: Path, container: str, fmt: str, profile: str | None) -> None:
    p = make_mp4(tmp_path / "clip.mp4", width=640, height=360, container=container)
    mi = _mi(p)
    assert mi.general_tracks[0].format == fmt
    assert mi.general_tracks[0].format_profile == profile
    assert mi.video_tracks[0].format == "AVC"
    assert len(mi.audio_tracks) == 1
    assert mi.general_tracks[0].duration == pytest.approx(2000, abs=50)


def test_hevc(tmp_path: Path) -> None:
    p = make_mp4(tmp_path / "h.mp4", width=640, height=360, codec="hevc", audio=False)
    mi = _mi(p)
    assert mi.video_tracks[0].format == ("HEVC" if HEVC_AVAILABLE else "MPEG-4 Visual")
    assert mi.audio_tracks == []


def test_mp4_without_faststart(tmp_path: Path) -> None:
    p = make_mp4(tmp_path / "n.mp4", width=320, height=240, faststart=False)
    assert _mi(p).general_tracks[0].isstreamable == "No"


def test_truncated_mp4(tmp_path: Path) -> None:
    p = make_truncated_mp4(tmp_path / "t.mp4", width=640, height=360)
    g = _mi(p).general_tracks[0]
    assert g.istruncated == "Yes"
    assert g.format == "MPEG-4"


# --------------------------------------------------------------------------- audio


def test_mp3(tmp_path: Path) -> None:
    p = make_mp3(tmp_path / "a.mp3")
    m = mutagen.mp3.MP3(p)
    assert m.info.length == pytest.approx(3.0, abs=0.1)
    # mutagen derives the bitrate from the Xing/Info frame (bytes / length): 127999
    assert m.info.bitrate == pytest.approx(128_000, rel=0.01)
    assert (m.info.sample_rate, m.info.channels) == (44100, 2)
    assert m.info.bitrate_mode == mutagen.mp3.BitrateMode.CBR
    assert m.tags is None
    a = _mi(p).audio_tracks[0]
    assert (a.format, a.bit_rate, a.bit_rate_mode) == ("MPEG Audio", 128_000, "CBR")


def test_mp3_id3_title(tmp_path: Path) -> None:
    p = make_mp3(tmp_path / "a.mp3", id3_title="五小测试", bitrate=64_000)
    assert p.read_bytes()[:3] == b"ID3"
    m = mutagen.mp3.MP3(p)
    assert str(m.tags["TIT2"]) == "五小测试"
    assert m.info.bitrate == pytest.approx(64_000, rel=0.01)


def test_id3_only_is_not_an_mp3(tmp_path: Path) -> None:
    p = make_id3_only(tmp_path / "x.mp3")
    assert p.read_bytes()[:3] == b"ID3"
    with pytest.raises(mutagen.mp3.HeaderNotFoundError):
        mutagen.mp3.MP3(p)


def test_truncated_mp3(tmp_path: Path) -> None:
    full = make_mp3(tmp_path / "full.mp3").stat().st_size
    p = make_truncated_mp3(tmp_path / "t.mp3")
    assert p.stat().st_size == int(full * 0.7) + 13
    assert _mi(p).general_tracks[0].istruncated == "Yes"


def test_wav_and_m4a(tmp_path: Path) -> None:
    w = _mi(make_wav(tmp_path / "a.wav"))
    assert (w.general_tracks[0].format, w.audio_tracks[0].format) == ("Wave", "PCM")
    m4a = make_m4a(tmp_path / "a.m4a")
    mi = _mi(m4a)
    assert (mi.general_tracks[0].format, mi.audio_tracks[0].format) == ("MPEG-4", "AAC")
    assert mi.general_tracks[0].duration == pytest.approx(2000, abs=50)
    assert mutagen.mp4.MP4(m4a).info.channels == 2


# --------------------------------------------------------------------------- docx


def test_docx_form(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "p.jpg", width=400, height=300)
    p = make_docx_form(
        tmp_path / "f.docx",
        {"项目名称": "智能巡检小车", "创新内容": "第一行\n第二行\n第三行"},
        extra_rows=[("备注", "无")],
        image=photo,
        table_in_cell=True,
    )
    d = docx.Document(str(p))
    assert d.paragraphs[0].text == "职工“五小”创新成果申报表"
    [table] = d.tables
    assert [r.cells[0].text for r in table.rows] == ["项目名称", "创新内容", "备注"]
    assert [para.text for para in table.rows[1].cells[1].paragraphs] == ["第一行", "第二行", "第三行"]
    nested = table.rows[0].cells[1].tables
    assert len(nested) == 1 and nested[0].cell(1, 1).text == "嵌套表格"
    assert len(d.inline_shapes) == 1
    blobs = [rel.target_part.blob for rel in d.part.rels.values() if "image" in rel.reltype]
    assert blobs == [photo.read_bytes()]


def test_docx_form_plain(tmp_path: Path) -> None:
    d = docx.Document(str(make_docx_form(tmp_path / "f.docx", {"姓名": "张三"})))
    assert [c.text for c in d.tables[0].rows[0].cells] == ["姓名", "张三"]
    assert len(d.inline_shapes) == 0 and d.tables[0].rows[0].cells[1].tables == []


# --------------------------------------------------------------------------- scans / pdf


def _red_pixels(path: Path) -> int:
    with Image.open(path) as im:
        r, g, b = im.convert("RGB").split()
    mask = ImageChops.multiply(
        r.point(lambda x: 255 if x > 150 else 0),
        ImageChops.multiply(
            g.point(lambda x: 255 if x < 100 else 0), b.point(lambda x: 255 if x < 100 else 0)
        ),
    )
    return mask.histogram()[255]


@pytest.mark.parametrize("factory", [make_red_seal_png, make_red_seal_jpeg])
def test_red_seal(tmp_path: Path, factory) -> None:
    p = factory(tmp_path / "seal.img")
    with Image.open(p) as im:
        assert im.size == (1240, 1754)
    assert _red_pixels(p) > 10_000


def test_plain_scan_has_no_red(tmp_path: Path) -> None:
    p = make_plain_scan_jpeg(tmp_path / "scan.jpg")
    assert _red_pixels(p) == 0
    with Image.open(p) as im:
        dark = im.convert("L").point(lambda x: 255 if x < 80 else 0).histogram()[255]
    assert dark > 50_000


def test_pdfs(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    seal = make_red_seal_jpeg(tmp_path / "seal.jpg")
    with_image = pypdf.PdfReader(make_pdf_with_image(tmp_path / "a.pdf", seal))
    assert len(with_image.pages) == 1 and len(with_image.pages[0].images) == 1
    text_only = pypdf.PdfReader(make_pdf_text_only(tmp_path / "b.pdf"))
    assert len(text_only.pages) == 1 and len(text_only.pages[0].images) == 0
    assert "text only" in text_only.pages[0].extract_text()


@pytest.mark.parametrize("encoder", [True, False])
def test_amr_memo_plays_for_two_seconds_with_or_without_the_encoder(tmp_path: Path, monkeypatch, encoder: bool) -> None:
    """make_amr's file is a real AMR-NB stream whichever way it was made: ffmpeg's decoder plays 2 s of it."""
    import av

    from tests.factories import make_amr

    if encoder and "libopencore_amrnb" not in av.codecs_available:
        pytest.skip("this PyAV wheel has no opencore-amr encoder")
    if not encoder:
        monkeypatch.setattr(av, "codecs_available", av.codecs_available - {"libopencore_amrnb"})
    memo = make_amr(tmp_path / "memo.amr")
    assert memo.read_bytes().startswith(b"#!AMR\n")
    with av.open(str(memo)) as c:
        stream = c.streams.audio[0]
        samples = sum(f.samples for f in c.decode(stream))
    assert (stream.codec_context.name, stream.rate) == ("amrnb", 8000) and abs(samples / 8000 - 2.0) < 0.05
