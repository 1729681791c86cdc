"""Photo rules P001–P011 (附件3 第15项) on real JPEG/PNG/WebP files, both sides of every bound."""

from __future__ import annotations

import pytest

from tests.factories import make_docx_form, make_jpeg, make_png, make_truncated_jpeg, make_webp
from tests.media_helpers import PROFILE, check, family, of, put
from wuxiao_cli import rules

GOOD = dict(width=1600, height=1200, dpi=300)  # 1.0x MB-ish, 300 dpi, 1200 px short side


def good_photo(project, rel, seed=0, **kw):
    """A 1,500,000-byte, 300 dpi, 1600×1200 JPEG: passes every numeric photo rule (``seed``: another picture)."""
    return put(project, rel, f"good-1500000-{seed}.jpg", make_jpeg, target_bytes=1_500_000, seed=seed, **GOOD, **kw)


def three_good(project, names=("正视图.jpg", "侧视图.jpg", "现场应用.jpg")):
    """Three different photos: a byte-for-byte copy would not count towards P002."""
    for seed, name in enumerate(names):
        good_photo(project, f"photos/{name}", seed=seed)


def test_three_good_photos_pass_every_photo_rule(tmp_path):
    three_good(tmp_path)
    assert family(check(tmp_path), "P") == []


# --------------------------------------------------------------------------- P001 / P002


def test_p001_no_photos_folder(tmp_path):
    (tmp_path / "videos").mkdir()
    found = of(check(tmp_path), "P001")
    assert [(f.severity, f.file) for f in found] == [("error", None)]
    assert "photos/" in found[0].message
    assert of(check(tmp_path), "P002") == []  # one finding for one cause


def test_p002_two_photos_fail(tmp_path):
    three_good(tmp_path, names=("正视图.jpg", "侧视图.jpg"))
    found = of(check(tmp_path), "P002")
    assert [(f.severity, f.file) for f in found] == [("error", "photos/")]
    assert "2 张" in found[0].message and "3 张" in found[0].message


def test_p002_three_photos_pass(tmp_path):
    three_good(tmp_path)
    assert of(check(tmp_path), "P002") == []


def test_p002_empty_photos_folder(tmp_path):
    (tmp_path / "photos").mkdir()
    found = of(check(tmp_path), "P002")
    assert [(f.severity, f.file) for f in found] == [("error", "photos/")]
    assert "photos/ 文件夹是空的" in found[0].message and "3 张" in found[0].message
    assert "新建" not in found[0].hint and of(check(tmp_path), "P001") == []


def test_p002_a_copy_of_a_photo_is_not_another_photo(tmp_path):
    """Three files, two of them the same bytes (正视图-副本.jpg sorts before 正视图.jpg): two photos, P002."""
    three_good(tmp_path, names=("正视图.jpg", "现场应用.jpg"))
    good_photo(tmp_path, "photos/正视图-副本.jpg", seed=0)
    (found,) = of(check(tmp_path), "P002")
    assert (found.severity, found.file) == ("error", "photos/")
    assert "正视图-副本.jpg 与 正视图.jpg 内容完全相同" in found.message
    assert "3 个文件" in found.message and "只有 2 张" in found.message and "3 张" in found.message


def test_p002_same_size_different_photos_count(tmp_path):
    """Equal sizes are only where comparing starts: three 1,500,000-byte photos, all different, pass."""
    three_good(tmp_path)
    assert len({p.stat().st_size for p in (tmp_path / "photos").iterdir()}) == 1
    assert of(check(tmp_path), "P002") == []


def test_p002_a_fourth_file_that_is_a_copy_is_not_reported(tmp_path):
    three_good(tmp_path)
    good_photo(tmp_path, "photos/正视图 (1).jpg", seed=0)
    assert of(check(tmp_path), "P002") == []  # three different photos remain


# --------------------------------------------------------------------------- P003 / P004


@pytest.mark.parametrize(("factory", "kind"), [(make_png, "PNG"), (make_webp, "WebP")])
def test_p003_other_format_named_jpg(tmp_path, factory, kind):
    put(tmp_path, "photos/正视图.jpg", f"fake-{kind}.bin", factory)
    found = of(check(tmp_path), "P003")
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.jpg")]
    assert kind in found[0].message
    assert of(check(tmp_path), "P004") == []


def test_p003_real_jpeg_with_png_extension(tmp_path):
    good_photo(tmp_path, "photos/正视图.png")
    found = of(check(tmp_path), "P003")
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.png")]
    assert ".png" in found[0].message


@pytest.mark.parametrize("name", ["正视图.jpg", "正视图.JPG", "正视图.jpeg"])
def test_p003_jpeg_extensions_pass(tmp_path, name):
    good_photo(tmp_path, f"photos/{name}")
    assert of(check(tmp_path), "P003") == []


def test_p004_truncated_jpeg(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "truncated.jpg", make_truncated_jpeg)
    found = check(tmp_path)
    assert [(f.severity, f.file) for f in of(found, "P004")] == [("error", "photos/正视图.jpg")]
    # a broken file is not judged on density, size or pixels: P004 says it all
    assert [f.rule for f in found if f.rule in ("P003", "P005", "P006", "P009")] == []
    assert of(found, "P004")[0].message == "正视图.jpg 文件不完整（缺少结束标记），可能传输中断"


def test_p004_english_report_keeps_the_readers_words(tmp_path):
    from tests.media_helpers import PROFILE
    from wuxiao_cli.engine import Options, check_project

    put(tmp_path, "photos/正视图.jpg", "truncated.jpg", make_truncated_jpeg)
    (found,) = [f for f in check_project(tmp_path, PROFILE, Options(lang="en")).findings if f.rule == "P004"]
    assert "FFD9" in found.message


def _phone_trailer(kind: str, tmp_path) -> bytes:
    """What phones append after the image: a Pixel's or Xiaomi's motion photo its MP4, Samsung its
    SEFH…SEFT block; some cameras pad with more zeros than a tail read sees."""
    if kind == "motion":
        from tests.factories import make_mp4

        return make_mp4(tmp_path / "motion.mp4", width=320, height=240, seconds=1.0).read_bytes()
    if kind == "samsung":
        return b"\x00\x00\x0a\x01SEFH" + bytes(range(256)) * 4 + b"\x40\x04\x00\x00SEFT"
    return b"\x00" * 8192


@pytest.mark.parametrize("kind", ["motion", "samsung", "zeros"])
@pytest.mark.parametrize("progressive", [False, True])
def test_p004_data_after_the_image_is_not_truncation(tmp_path, kind, progressive):
    import io

    from PIL import Image

    from tests.factories import photo_image

    three_good(tmp_path)
    photo = tmp_path / "photos" / "正视图.jpg"
    buf = io.BytesIO()
    photo_image(1600, 1200, 3).save(buf, "JPEG", quality=95, dpi=(300, 300), progressive=progressive)
    photo.unlink()  # a hard link to the cached good photo
    photo.write_bytes(buf.getvalue() + _phone_trailer(kind, tmp_path / "made"))
    with Image.open(photo) as im:
        assert im.info.get("progressive", 0) == progressive
    assert of(check(tmp_path), "P004") == []


def test_p004_a_cut_short_image_before_a_trailer_still_fails(tmp_path):
    three_good(tmp_path)
    photo = tmp_path / "photos" / "正视图.jpg"
    data = photo.read_bytes()
    photo.unlink()
    photo.write_bytes(data[:-2] + b"\x00" * 8192)  # its EOI lost: zeros are no image's end
    assert [f.file for f in of(check(tmp_path), "P004")] == ["photos/正视图.jpg"]


def test_p004_zero_byte_jpeg(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "正视图.jpg").write_bytes(b"")
    found = of(check(tmp_path), "P004")
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.jpg")]
    assert "0 字节" in found[0].message


# --------------------------------------------------------------------------- P005 density


def _dpi_findings(tmp_path, **kw):
    put(tmp_path, "photos/正视图.jpg", "dpi-" + "-".join(f"{k}={v}" for k, v in sorted(kw.items())) + ".jpg",
        make_jpeg, target_bytes=1_500_000, width=1600, height=1200, **kw)
    return of(check(tmp_path), "P005")


def test_p005_299_dpi_fails(tmp_path):
    found = _dpi_findings(tmp_path, dpi=299)
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.jpg")]
    assert "299 dpi" in found[0].message and "300 dpi" in found[0].message


def test_p005_300_dpi_passes(tmp_path):
    assert _dpi_findings(tmp_path, dpi=300) == []


def test_p005_118_dots_per_cm_is_299_7_dpi_and_passes(tmp_path):
    """Photoshop "300 像素/英寸" saved in centimetre mode: JFIF holds 118 dpcm = 299.72 dpi, rounds to 300."""
    path = tmp_path / "photos" / "正视图.jpg"
    assert _dpi_findings(tmp_path, dpi=300, dpi_unit="cm") == []
    from PIL import Image

    with Image.open(path) as im:  # a real JFIF with unit 2 (dots/cm) and density 118
        assert (im.info["jfif_unit"], im.info["jfif_density"]) == (2, (118, 118))


def test_p005_117_dots_per_cm_fails(tmp_path):
    found = _dpi_findings(tmp_path, dpi=117 * 2.54, dpi_unit="cm")  # 297.18 dpi
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.jpg")]
    assert "297.1 dpi" in found[0].message and "300" in found[0].message


def test_p005_exif_only_300_passes(tmp_path):
    assert _dpi_findings(tmp_path, dpi=None, exif_dpi=300, jfif=False) == []


def test_p005_exif_only_299_fails(tmp_path):
    found = _dpi_findings(tmp_path, dpi=None, exif_dpi=299, jfif=False)
    assert [(f.severity, "299 dpi" in f.message) for f in found] == [("error", True)]


def test_p005_exif_299_5_rounds_to_300_and_passes(tmp_path):
    assert _dpi_findings(tmp_path, dpi=None, exif_dpi=299.5, jfif=False) == []


def test_p005_exif_299_4_rounds_to_299_and_fails(tmp_path):
    found = _dpi_findings(tmp_path, dpi=None, exif_dpi=299.4, jfif=False)
    assert [f.severity for f in found] == ["error"]
    assert "299.4 dpi" in found[0].message


def test_p005_hint_offers_fix_only_with_enough_pixels(tmp_path):
    put(tmp_path, "photos/大图.jpg", "dpi72-1600.jpg", make_jpeg, width=1600, height=1200, dpi=72)
    put(tmp_path, "photos/小图.jpg", "dpi72-1280.jpg", make_jpeg, width=1280, height=960, dpi=72)
    found = {f.file: f for f in of(check(tmp_path), "P005")}
    assert "wuxiao fix" in found["photos/大图.jpg"].hint
    small = found["photos/小图.jpg"].hint
    assert "wuxiao fix" not in small and "原图" in small and "1280×960" in small


def test_p005_jfif_aspect_only_falls_back_to_exif(tmp_path):
    assert _dpi_findings(tmp_path, dpi=None, exif_dpi=300) == []  # JFIF unit 0, EXIF 300


def test_p005_no_density_at_all_fails(tmp_path):
    found = _dpi_findings(tmp_path, dpi=None)
    assert [(f.severity, f.file) for f in found] == [("error", "photos/正视图.jpg")]
    assert "没有记录分辨率" in found[0].message and "300 dpi" in found[0].message


def test_p005_jfif_72_with_exif_300_warns_and_names_both(tmp_path):
    """Photoshop and ImageMagick show EXIF's 300, Pillow-based readers JFIF's 72: never an error, a warning."""
    found = _dpi_findings(tmp_path, dpi=72, exif_dpi=300)
    assert [(f.severity, f.file) for f in found] == [("warning", "photos/正视图.jpg")]
    assert "JFIF 记为 72 dpi" in found[0].message and "EXIF 记为 300 dpi" in found[0].message
    assert "wuxiao fix" in found[0].hint


def test_p005_jfif_300_with_exif_72_warns_too(tmp_path):
    """What a "在线改 DPI" byte patch leaves: JFIF says 300, EXIF still 72, which Photoshop shows."""
    found = _dpi_findings(tmp_path, dpi=300, exif_dpi=72)
    assert [f.severity for f in found] == ["warning"]
    assert "JFIF 记为 300 dpi" in found[0].message and "EXIF 记为 72 dpi" in found[0].message


def test_p005_every_record_under_300_fails_naming_both(tmp_path):
    found = _dpi_findings(tmp_path, dpi=72, exif_dpi=96)
    assert [f.severity for f in found] == ["error"]
    assert "JFIF 记为 72 dpi" in found[0].message and "EXIF 记为 96 dpi" in found[0].message


def test_p005_records_that_differ_above_300_say_nothing(tmp_path):
    assert _dpi_findings(tmp_path, dpi=300, exif_dpi=350) == []


def test_p005_horizontal_300_vertical_72_warns(tmp_path):
    import struct

    path = put(tmp_path, "photos/正视图.jpg", "dpi-300.jpg", make_jpeg, copy=True, target_bytes=1_500_000, **GOOD)
    data = bytearray(path.read_bytes())
    app0 = data.index(b"JFIF\x00")  # version(2) unit(1) Xdensity(2) Ydensity(2)
    data[app0 + 8:app0 + 12] = struct.pack(">HH", 300, 72)
    path.write_bytes(bytes(data))
    (found,) = of(check(tmp_path), "P005")
    assert found.severity == "warning" and "水平 300 dpi、垂直 72 dpi" in found.message


# --------------------------------------------------------------------------- P006 / P007 bytes


@pytest.mark.parametrize(("size", "p006", "p007"), [
    (999_999, "error", None),
    (1_000_000, "warning", None),
    (1_048_575, "warning", None),
    (1_048_576, None, None),
    (10_000_000, None, None),
    (10_000_001, None, "warning"),
    (10_485_760, None, "warning"),
    (10_485_761, None, "error"),
])
def test_p006_p007_byte_bounds(tmp_path, size, p006, p007):
    put(tmp_path, "photos/正视图.jpg", f"bytes-{size}.jpg", make_jpeg, target_bytes=size, **GOOD)
    assert (tmp_path / "photos/正视图.jpg").stat().st_size == size
    found = check(tmp_path)
    for rule, want in (("P006", p006), ("P007", p007)):
        got = of(found, rule)
        assert [(f.severity, f.file) for f in got] == ([(want, "photos/正视图.jpg")] if want else []), rule
        if want:
            assert f"{size:,}" in got[0].message  # the measured number …
            limit = {("P006", "error"): "1,000,000", ("P006", "warning"): "1,048,576",
                     ("P007", "error"): "10,485,760", ("P007", "warning"): "10,000,000"}[rule, want]
            assert limit in got[0].message  # … and the limit it is measured against
    # the size rules do not spill over into others: the photo is otherwise good
    assert {f.rule for f in found if f.rule.startswith("P")} <= {"P002", "P006", "P007"}


@pytest.mark.parametrize(("size", "rule", "measured", "limit"), [
    (999_999, "P006", "0.95 MB（999,999 字节）", "1 MB（按十进制，1,000,000 字节）"),  # the notice's decimal floor
    (1_000_000, "P006", "0.95 MB（1,000,000 字节）", "1 MB（1,048,576 字节）"),  # as Windows counts
    (10_000_001, "P007", "9.54 MB（10,000,001 字节）", "10 MB（10,000,000 字节）"),
    (10_485_761, "P007", "10.01 MB（10,485,761 字节）", "10 MB（10,485,760 字节）"),  # 10 MB as Windows counts
])
def test_p006_p007_size_in_explorer_mb_and_limit_as_set(tmp_path, size, rule, measured, limit):
    """The size in MB of 1,048,576 bytes, as Explorer shows it, never rounded onto the limit; the limit as
    its author set it, with its bytes and, for the decimal floor, the word 按十进制."""
    put(tmp_path, "photos/正视图.jpg", f"bytes-{size}.jpg", make_jpeg, target_bytes=size, **GOOD)
    (found,) = of(check(tmp_path), rule)
    assert measured in found.message and limit in found.message


def test_p006_p007_mb_figures_never_run_backwards(tmp_path):
    """Across both limits a bigger photo never shows fewer MB (999,999 bytes showed 0.99 MB and
    1,000,000 bytes 0.95 MB; 10,485,760 showed 10.48 MB and 10,485,761 10.01 MB)."""
    import re

    shown = []
    for size in (999_999, 1_000_000, 1_048_575, 10_000_001, 10_485_760, 10_485_761):
        project = tmp_path / str(size)
        put(project, "photos/正视图.jpg", f"bytes-{size}.jpg", make_jpeg, target_bytes=size, **GOOD)
        (found,) = [f for f in check(project) if f.rule in ("P006", "P007")]
        shown.append(float(re.search(rf"([\d.]+) MB（{size:,} 字节）", found.message).group(1)))
    assert shown == sorted(shown), shown
    assert "每 MB 为 1,048,576 字节" in rules.get("P006").under(PROFILE).how


def test_p006_tiny_photo_in_bytes_not_zero_mb(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "bytes-983.jpg", make_jpeg, target_bytes=983, **GOOD)
    (found,) = of(check(tmp_path), "P006")
    assert "只有 983 字节，要求不低于 1 MB（按十进制，1,000,000 字节）" in found.message
    assert "0.00" not in found.message


# --------------------------------------------------------------------------- P008 names


@pytest.mark.parametrize("name", [
    "IMG_1234.jpg", "IMG_20240501_101010.jpg", "DSC01234.JPG", "微信图片_20240501101010.jpg",
    "mmexport1714567890123.jpg", "Screenshot_2024-05-01-10-10-10.jpg", "未命名-1.jpg", "IMG_1234(1).jpg",
    "微信图片_20240501101010(2).jpg", "Screenshot_20240501-101010_WeChat.jpg", "Screen Shot 2024-05-01 at 10.10.10 PM.jpg",
    "屏幕截图 2024-05-01 101010.jpg", "新建 BMP 图像.jpg",
])
def test_p008_default_names_warn(tmp_path, name):
    good_photo(tmp_path, f"photos/{name}")
    found = of(check(tmp_path), "P008")
    assert [(f.severity, f.file) for f in found] == [("warning", f"photos/{name}")]
    assert name in found[0].message


@pytest.mark.parametrize("name", ["自动折叠反刮刀具-正视图.jpg", "侧视图.jpg", "改造后现场应用2.jpg", "IMG改造前.jpg",
                                  # an app's word the worker went on from: the rest describes the photo
                                  "微信图片编辑-跟刀架安装位置说明.jpg", "新建厂房全貌.jpg", "截图-控制面板参数.jpg"])
def test_p008_meaningful_names_pass(tmp_path, name):
    good_photo(tmp_path, f"photos/{name}")
    assert of(check(tmp_path), "P008") == []


# --------------------------------------------------------------------------- P009 pixels


def test_p009_short_side_1199_warns(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "px-1199.jpg", make_jpeg, width=1600, height=1199, target_bytes=1_500_000)
    found = of(check(tmp_path), "P009")
    assert [(f.severity, f.file) for f in found] == [("warning", "photos/正视图.jpg")]
    assert "1600×1199" in found[0].message and "1200" in found[0].message


def test_p009_short_side_1200_passes(tmp_path):
    put(tmp_path, "photos/正视图.jpg", "px-1200.jpg", make_jpeg, width=1200, height=1800, target_bytes=1_500_000)
    assert of(check(tmp_path), "P009") == []


# --------------------------------------------------------------------------- P010 / P011


def test_p010_picture_embedded_in_form_docx(tmp_path):
    three_good(tmp_path)
    make_docx_form(tmp_path / "form.docx", {"创新成果名称": "自动折叠反刮刀具的开发应用"},
                   image=tmp_path / "photos" / "正视图.jpg")
    found = of(check(tmp_path), "P010")
    assert [(f.severity, f.file) for f in found] == [("warning", "form.docx")]
    assert "1 张" in found[0].message


def test_p010_form_without_pictures_passes(tmp_path):
    three_good(tmp_path)
    make_docx_form(tmp_path / "form.docx", {"创新成果名称": "自动折叠反刮刀具的开发应用"})
    assert of(check(tmp_path), "P010") == []


def test_p011_stray_file_in_photos(tmp_path):
    three_good(tmp_path)
    (tmp_path / "photos" / "说明.txt").write_text("照片说明", encoding="utf-8")
    found = of(check(tmp_path), "P011")
    assert [(f.severity, f.file) for f in found] == [("warning", "photos/说明.txt")]


def test_p011_junk_is_ignored(tmp_path):
    three_good(tmp_path)
    for junk in ("Thumbs.db", ".DS_Store", "._正视图.jpg", "desktop.ini"):
        (tmp_path / "photos" / junk).write_bytes(b"\x00junk")
    assert family(check(tmp_path), "P") == []


def test_p011_folder_named_like_a_photo(tmp_path):
    three_good(tmp_path)
    (tmp_path / "photos" / "正面.jpg").mkdir()
    found = of(check(tmp_path), "P011")
    assert [(f.severity, f.file) for f in found] == [("warning", "photos/正面.jpg/")]
    assert "文件夹" in found[0].message


def test_p011_plain_subfolder_is_not_flagged(tmp_path):
    three_good(tmp_path)
    (tmp_path / "photos" / "改造前").mkdir()
    assert of(check(tmp_path), "P011") == []
