"""Content sniffing (SPEC §2: type by content, never by extension) for every kind the factories make."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from tests.factories import (
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
from tests.media_helpers import stored
from wuxiao_cli.sniff import describe, sniff, sniff_bytes


def _pdf_with_seal(path):
    return make_pdf_with_image(path, stored("seal.png", make_red_seal_png))


def _xlsx(path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["题型", "题目内容"])
    wb.save(path)
    return path


CASES = [
    ("jpeg", "photo.jpg", make_jpeg),
    ("jpeg", "truncated.jpg", make_truncated_jpeg),
    ("jpeg", "seal.jpg", make_red_seal_jpeg),
    ("jpeg", "plain.jpg", make_plain_scan_jpeg),
    ("png", "fake-PNG.bin", make_png),
    ("png", "seal.png", make_red_seal_png),
    ("webp", "fake-WebP.bin", make_webp),
    ("mp4", "sniff-good.mp4", lambda p: make_mp4(p, seconds=0.2)),
    ("mp4", "truncated.mp4", make_truncated_mp4),
    ("mov", "sniff-mov.mp4", lambda p: make_mp4(p, seconds=0.2, container="mov")),
    ("mkv", "sniff-mkv.mp4", lambda p: make_mp4(p, seconds=0.2, container="mkv")),
    ("avi", "sniff-avi.mp4", lambda p: make_mp4(p, seconds=0.2, container="avi")),
    ("mp3", "real.mp3", make_mp3),
    ("mp3", "real-id3.mp3", lambda p: make_mp3(p, id3_title="讲解")),
    ("mp3", "truncated.mp3", make_truncated_mp3),
    ("mp3", "id3-only.mp3", make_id3_only),  # a tag alone sniffs as mp3: the frame walker decides (A002)
    ("wav", "fake-WAV.bin", make_wav),
    ("m4a", "fake-M4A.bin", make_m4a),
    ("pdf", "text.pdf", make_pdf_text_only),
    ("pdf", "sealed.pdf", _pdf_with_seal),
    ("docx", "sniff-form.docx", lambda p: make_docx_form(p, {"创新成果名称": "测试"})),
    ("xlsx", "quiz.xlsx", _xlsx),
]


@pytest.mark.parametrize(("kind", "name", "factory"), CASES, ids=[c[1] for c in CASES])
def test_sniff_factory_files(kind, name, factory):
    path = stored(name, factory)
    assert sniff(path) == kind
    assert describe(kind) != kind  # every kind has a human name for the messages


@pytest.mark.parametrize(("kind", "name", "factory"), CASES[:8], ids=[c[1] for c in CASES[:8]])
def test_extension_does_not_matter(tmp_path, kind, name, factory):
    path = tmp_path / "改名.mp3"
    path.write_bytes(stored(name, factory).read_bytes())
    assert sniff(path) == kind


def test_empty_and_missing(tmp_path):
    empty = tmp_path / "空.jpg"
    empty.write_bytes(b"")
    assert sniff(empty) == "empty"
    assert sniff(tmp_path / "不存在.jpg") == "unreadable"


def test_unknown_bytes(tmp_path):
    path = tmp_path / "x.jpg"
    path.write_bytes(b"\x00\x01\x02\x03 just some bytes")
    assert sniff(path) == "unknown"


def test_zip_kinds(tmp_path):
    junk = tmp_path / "junk.docx"
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("a.bin", b"\x00")
    assert sniff(junk) == "zip"
    ods = tmp_path / "q.xlsx"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    assert sniff(ods) == "ods"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert sniff(broken) == "zip"


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
    (b"GIF89a\x01\x00", "gif"),
    (b"II*\x00\x08\x00", "tiff"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", "heic"),
    (b"\x00\x00\x00\x18ftypmif1\x00\x00", "heic"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00", "mov"),
    (b"\x00\x00\x00\x18ftypisom\x00\x00", "mp4"),
    (b"\x00\x00\x00\x18ftypM4A \x00\x00", "m4a"),
    (b"\x00\x00\x00\x08wide\x00\x00", "mov"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "ole2"),
    (b"\xff\xfb\x90\x00", "mp3"),
    (b"\xff\xf1\x50\x80", "aac"),
    (b"fLaC\x00", "flac"),
    (b"OggS\x00", "ogg"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "wav"),
    (b"\x1a\x45\xdf\xa3\x01", "mkv"),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa", "asf"),
    (b"FLV\x01\x05\x00\x00\x00\x09", "flv"),
    (b"\x00\x00\x01\xba\x21\x00\x01", "mpeg-ps"),
    (b"#!AMR\n<\xb3", "amr"),
    (b"\x02#!SILK_V3\xa8q", "silk"),
    (b"", "empty"),
])
def test_sniff_bytes_signatures(head, kind):
    assert sniff_bytes(head) == kind


def _joined_mp3(path):
    """Two real MP3s, each with its own ID3v2 tag, joined byte for byte (`copy /b a.mp3+b.mp3`)."""
    first, second = stored("join-a.mp3", lambda p: make_mp3(p, id3_title="第一段")), stored(
        "join-b.mp3", lambda p: make_mp3(p, id3_title="第二段"))
    path.write_bytes(first.read_bytes() + second.read_bytes())
    return path


def test_joined_mp3s_are_one_whole_mp3(tmp_path):
    from wuxiao_cli.media.audio import read_audio, walk_frames

    joined = _joined_mp3(tmp_path / "合并.mp3")
    one, _ = walk_frames(stored("join-a.mp3", lambda p: make_mp3(p, id3_title="第一段")))
    frames, problem = walk_frames(joined)
    assert sniff(joined) == "mp3"
    assert (frames, problem) == (2 * one, None)  # the second tag is skipped, not "corrupt"
    assert read_audio(joined).error is None


def test_joined_mp3_cut_short_is_still_truncated(tmp_path):
    from wuxiao_cli.media.audio import walk_frames

    joined = _joined_mp3(tmp_path / "合并.mp3")
    data = joined.read_bytes()
    joined.write_bytes(data[: len(data) - 300])
    assert walk_frames(joined)[1] == "truncated"


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                                           (b"\xef\xbb\xbf", "utf-8")])
def test_text_with_byte_order_mark_is_text_not_audio(tmp_path, bom, codec):
    path = tmp_path / "说明.mp3"  # Notepad's "Unicode" is UTF-16LE with FF FE: an MPEG sync word lookalike
    path.write_bytes(bom + "讲解词：自动折叠反刮刀具\r\n".encode(codec))
    assert sniff(path) == "text"


def test_mpeg_sync_without_bom_is_still_audio():
    assert sniff_bytes(b"\xff\xfb\x90\x64") == "mp3"
    assert sniff_bytes(b"\xff\xfe\x8b\x8b") == "text"  # UTF-16LE BOM then 讋


@pytest.mark.parametrize(("container", "kind"), [("wmv", "asf"), ("flv", "flv"), ("mpg", "mpeg-ps"), ("ts", "mpeg-ts")])
def test_other_video_containers_by_content(tmp_path, container, kind):
    """WMV, FLV, MPEG-PS and MPEG-TS from ffmpeg's own muxers, all named .mp4."""
    from tests.factories import make_mp4

    path = make_mp4(tmp_path / "成果演示.mp4", container=container, seconds=1, width=320, height=180, audio=False)
    assert sniff(path) == kind


def test_transport_stream_needs_sync_bytes_packet_after_packet():
    packet = b"\x47" + bytes(187)
    assert sniff_bytes(packet * 5) == "mpeg-ts"
    assert sniff_bytes(b"\x00" * 4 + (b"\x47" + bytes(191)) * 5) == "mpeg-ts"  # 192-byte packets of a camcorder .mts
    assert sniff_bytes(packet) == "unknown"  # one 'G' is not a stream
    assert sniff_bytes(packet * 2 + b"\x00" * 200) == "unknown"  # the third packet has no sync byte
    assert sniff_bytes("GB/T 讲解词".encode() + bytes(400)) == "unknown"


# ---------------------------------------------------------------- OLE2: a Word document or an Excel workbook

def test_ole2_kind_tells_word_from_excel(tmp_path):
    """Saved by LibreOffice as Word 97-2003 and Excel 97-2003: both sniff as ole2; their first stream tells them apart."""
    from openpyxl import Workbook

    from tests.office_helpers import convert
    from wuxiao_cli.sniff import ole2_kind

    doc = convert(make_docx_form(tmp_path / "证明.docx", {"项目名称": "刀具快换夹具"}), tmp_path / "out", "doc")
    wb = Workbook()
    wb.active["A1"] = "公示名单"
    wb.save(tmp_path / "名单.xlsx")
    xls = convert(tmp_path / "名单.xlsx", tmp_path / "out", "xls")
    assert sniff(doc) == sniff(xls) == "ole2"
    assert (ole2_kind(doc), ole2_kind(xls)) == ("doc", "xls")
    assert describe("doc") == "Word 97-2003 / WPS 文档 (.doc/.wps)"
    not_ole = tmp_path / "x.doc"
    not_ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ole2_kind(not_ole) == "ole2"


def _packaged_documents(folder):
    """Zip-based documents a clerk keeps beside the projects, packaged as their standards say: an ODF
    presentation (mimetype stored first), a PowerPoint deck (OPC), an OFD 版式文档 (GB/T 33190: OFD.xml)."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "讲稿.odp", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        zf.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(folder / "汇报.pptx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<p:presentation/>")
    with zipfile.ZipFile(folder / "通知.ofd", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", '<ofd:OFD Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                               "</ofd:DocBody></ofd:OFD>")
        zf.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return [folder / "讲稿.odp", folder / "汇报.pptx", folder / "通知.ofd"]


def test_packaged_documents_are_documents_not_archives(tmp_path):
    """An OFD notice or a slide deck is a zip inside, but no received archive: a batch folder holding one
    beside the projects checked it as a project missing everything (six false errors)."""
    from tests.conftest import EXAMPLES, invoke_cli
    from wuxiao_cli.archive import archive_kind

    odp, pptx, ofd = _packaged_documents(tmp_path / "收件")
    assert [sniff(p) for p in (odp, pptx, ofd)] == ["zipdoc", "zipdoc", "ofd"]
    assert [archive_kind(p) for p in (odp, pptx, ofd)] == [None, None, None]
    shutil.copytree(EXAMPLES / "good-project", tmp_path / "收件" / "跟刀架成果")
    result = invoke_cli("check", str(tmp_path / "收件"), "-f", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and [p["path"].rsplit("/", 1)[-1] for p in report["projects"]] == ["跟刀架成果"]
