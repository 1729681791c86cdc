"""Decide a file's type by its first bytes, never by its extension (SPEC §2)."""

from __future__ import annotations

import zipfile
from pathlib import Path

HEAD_BYTES = 1024  # enough for five MPEG-TS packets (192 bytes each in a camcorder's .mts)
MIME_BYTES = 100

# ISO base media brands: QuickTime's own vs. MPEG-4 family vs. still images / audio-only
_QT_BRANDS = {b"qt  "}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}
_ASF_GUID = b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"  # the ASF header object: WMV and WMA
_TS_PACKETS = 5  # MPEG-TS: a 0x47 sync byte must start this many packets in a row (at least 3 when shorter)


def sniff_bytes(head: bytes) -> str:
    """The kind of file these first bytes start: jpeg, png, mp4, mov, mp3, pdf, zip, ole2, … or 'unknown'."""
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:2] == b"BM":
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"WEBP": "webp", b"AVI ": "avi", b"WAVE": "wav"}.get(head[8:12], "riff")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "mkv"
    if head.startswith(_ASF_GUID):
        return "asf"
    if head.startswith(b"FLV\x01"):
        return "flv"
    if head.startswith(b"\x00\x00\x01\xba"):
        return "mpeg-ps"  # an MPEG program stream pack header: .mpg, .vob, DVD camcorders
    if _is_transport_stream(head):
        return "mpeg-ts"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _QT_BRANDS:
            return "mov"
        if brand in _HEIF_BRANDS:
            return "heic"
        if brand in _AUDIO_BRANDS:
            return "m4a"
        return "mp4"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "mov"  # QuickTime files from old cameras start with an atom but no ftyp
    if head.startswith(b"ID3"):
        return "mp3"  # an ID3v2 tag: the audio reader decides whether MPEG frames follow
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return "amr"
    if head.startswith((b"\x02#!SILK_V3", b"#!SILK_V3")):
        return "silk"  # WeChat voice messages
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "text"  # a UTF-16/UTF-8 byte-order mark; FF FE would otherwise pass for an MPEG sync word
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        layer = (head[1] >> 1) & 0x03
        return "mp3" if layer == 0b01 else "aac" if layer == 0b00 else "mpeg-audio"
    if head[:5] == b"<?xml" or head[:1] in (b"{", b"["):
        return "text"
    return "unknown"


def _is_transport_stream(head: bytes) -> bool:
    """MPEG-TS: a 0x47 sync byte every 188 bytes (broadcast, screen recorders), or every 192 with a
    4-byte timestamp first (Blu-ray/AVCHD camcorders' .m2ts/.mts)."""
    for first, step in ((0, 188), (4, 192)):
        starts = range(first, min(len(head), first + _TS_PACKETS * step), step)
        if len(starts) >= 3 and all(head[i] == 0x47 for i in starts):
            return True
    return False


def sniff(path: Path) -> str:
    """Kind of the file at ``path`` by content; zip containers are told apart (docx, xlsx, ods)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return "unreadable"
    kind = sniff_bytes(head)
    return _zip_kind(path) if kind == "zip" else kind


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            info = zf.getinfo("mimetype") if "mimetype" in names else None
            # ODF stores its mimetype uncompressed and tiny: read nothing else (a bzip2 "mimetype" bomb)
            if info is not None and info.compress_type == zipfile.ZIP_STORED and info.file_size <= MIME_BYTES:
                with zf.open(info) as fh:
                    mime = fh.read(MIME_BYTES)
                if b"opendocument.spreadsheet" in mime:
                    return "ods"
                if b"opendocument.text" in mime:
                    return "odt"
                return "zipdoc"  # any other packaged document (Impress, Draw, StarOffice .sxd, EPUB)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "zip"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zipdoc"  # PowerPoint, Visio, …: Office Open XML, a document, not an archive
    if "OFD.xml" in names:
        return "ofd"  # GB/T 33190 版式文档 (e-invoices, official documents): a zip inside, not an archive
    return "zip"


# OLE2 compound files (sniff's "ole2") by the stream their application writes first: its directory entry
# holds the name in UTF-16LE at a 128-byte boundary (directory sectors are 512 or 4096 bytes)
OLE2_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"), ("PowerPoint Document", "ppt"))
OLE2_SCAN_BYTES = 4 << 20


def ole2_kind(path: Path) -> str:
    """doc (Word 97-2003, also WPS 文字 .wps), xls (Excel 97-2003, WPS 表格 .et), ppt, or ole2 when none is found in
    the first OLE2_SCAN_BYTES (as quiz.loader looks for an encrypted package)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(OLE2_SCAN_BYTES)
    except OSError:
        return "ole2"
    for name, kind in OLE2_STREAMS:
        needle = (name + "\0").encode("utf-16-le")
        at = data.find(needle)
        while at != -1:
            if at % 128 == 0:
                return kind
            at = data.find(needle, at + 1)
    return "ole2"


KIND_NAMES = {
    "jpeg": "JPEG 图片", "png": "PNG 图片", "gif": "GIF 图片", "bmp": "BMP 图片", "tiff": "TIFF 图片",
    "webp": "WebP 图片", "heic": "HEIC/HEIF 图片（苹果手机格式）", "pdf": "PDF 文档", "zip": "ZIP 压缩包",
    "7z": "7z 压缩包", "rar": "RAR 压缩包",
    "docx": "Word 文档 (.docx)", "xlsx": "Excel 工作簿 (.xlsx)", "ods": "OpenDocument 表格 (.ods)",
    "odt": "OpenDocument 文本 (.odt)", "ole2": "旧版 Office 文件 (.doc/.xls)", "avi": "AVI 视频",
    "doc": "Word 97-2003 / WPS 文档 (.doc/.wps)", "xls": "Excel 97-2003 / WPS 表格 (.xls/.et)",
    "ppt": "PowerPoint 97-2003 演示文稿 (.ppt)",
    "wav": "WAV 音频", "mkv": "Matroska/WebM 视频", "mov": "QuickTime 视频 (.mov)", "mp4": "MP4 视频",
    "m4a": "M4A/AAC 音频", "mp3": "MP3 音频", "aac": "AAC 音频", "flac": "FLAC 音频", "ogg": "Ogg 音频",
    "mpeg-audio": "MPEG 音频（非 MP3）", "text": "文本文件", "empty": "空文件（0 字节）",
    "unreadable": "无法读取的文件", "unknown": "无法识别的格式", "riff": "RIFF 文件",
    "asf": "WMV/WMA（Windows Media）", "flv": "FLV 视频（Flash）", "mpeg-ps": "MPEG-PS 视频（.mpg/.vob）",
    "mpeg-ts": "MPEG-TS 视频（.ts/.mts）", "amr": "AMR 语音（手机录音）", "silk": "微信语音（SILK 格式）",
    "ofd": "OFD 版式文档", "zipdoc": "打包的文档（演示文稿、EPUB 等）",
}


def describe(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)
