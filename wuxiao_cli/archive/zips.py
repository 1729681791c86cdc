"""Zip archives: names decoded as the sender's tool wrote them, entries judged, then streamed out capped."""

from __future__ import annotations

import stat
import time
import zipfile
import zlib
from itertools import pairwise
from pathlib import Path

from wuxiao_cli.archive.guard import (
    RESEND,
    UNSAFE,
    Member,
    Refusal,
    Refused,
    TooMuchData,
    WriteFailed,
    copy_capped,
    damaged,
)
from wuxiao_cli.text import T

UTF8_FLAG = 0x800
LOCAL_HEADER = 30  # fixed part of a local file header; name and extra field follow
# What a zip's reading can raise on damage: bad CRC, unknown method, truncation (a bogus offset raises
# OSError too, caught where the archive is read; failing to write the copy is guard.WriteFailed instead).
READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, RuntimeError,
               KeyError, zlib.error)


def raw_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored: Python decoded flagless names as CP437, which is reversible."""
    return info.orig_filename.encode("utf-8" if info.flag_bits & UTF8_FLAG else "cp437")


def archive_encoding(zf: zipfile.ZipFile) -> str | None:
    """How the sender's tool wrote the archive's flagless names, decided once for all of them: UTF-8
    (macOS writes it without the flag) when every one fits UTF-8, else GBK/CP936 (Windows Explorer,
    360压缩, WinRAR) when every one fits GBK, else None (each name on its own). Per name, some GBK
    names pass for UTF-8: 图片 (CD BC C6 AC) reads ͼƬ, which sent 图片/全貌.jpg to another folder."""
    raws = [raw_name(i) for i in zf.infolist() if not i.flag_bits & UTF8_FLAG]
    raws = [r for r in raws if not r.isascii()]
    for encoding in ("utf-8", "gbk"):
        try:
            for raw in raws:
                raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def decode_name(info: zipfile.ZipInfo, encoding: str | None = None) -> tuple[str, bool]:
    """(name, fits): UTF-8 when flagged; else ASCII, the archive's ``encoding`` (archive_encoding), or,
    without one, UTF-8 or GBK, whichever fits this name; a name that fits none keeps its CP437 reading
    and ``fits`` False."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename, True
    raw = raw_name(info)
    if raw.isascii():
        return raw.decode("ascii"), True
    for candidate in (encoding,) if encoding else ("utf-8", "gbk"):
        try:
            return raw.decode(candidate), True
        except UnicodeDecodeError:
            continue
    return info.filename, False


def stored_date(info: zipfile.ZipInfo) -> float | None:
    """The entry's date (local time, as zips store it) in seconds, or None when the bytes hold no real date."""
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def is_dir(info: zipfile.ZipInfo, name: str) -> bool:
    """A folder entry: ``name/``, or ``name\\`` as PowerShell 5.1's Compress-Archive writes it (ZipInfo.is_dir
    looks only for '/'; written as a file, the entries under it could not be placed)."""
    return info.is_dir() or (name.endswith("\\") and not info.file_size)


def members(zf: zipfile.ZipFile) -> tuple[list[Member], list[str]]:
    """The listing as Members (key: the ZipInfo), and the names that fit no encoding."""
    out, undecodable = [], []
    encoding = archive_encoding(zf)
    for info in zf.infolist():
        name, fits = decode_name(info, encoding)
        if not fits:
            undecodable.append(name)
        out.append(Member(name, info.file_size, info.compress_size, is_dir(info, name), _is_link(info),
                          bool(info.flag_bits & 0x1), info, stored_date(info)))
    return out, undecodable


def overlaps(zf: zipfile.ZipFile) -> list[Refusal]:
    """Entries whose compressed bytes overlap (the "overlapping" zip bomb) or run into the central directory.

    The local header is at least 30 bytes plus the name, so an entry ends no earlier than that plus its
    compressed size; if that passes the next entry's start, the two share bytes.
    """
    infos = sorted((i for i in zf.infolist() if not i.is_dir() or i.compress_size), key=lambda i: i.header_offset)
    out = []
    for info, nxt in pairwise([*infos, None]):  # none at all: an empty zip, or only folders
        end = info.header_offset + LOCAL_HEADER + len(raw_name(info)) + info.compress_size
        limit = nxt.header_offset if nxt is not None else zf.start_dir
        if end > limit:
            name = decode_name(info)[0]
            out.append(Refusal(UNSAFE, T(f"条目「{name}」的压缩数据与其他条目或目录区重叠（疑似重叠式压缩炸弹），未解压",
                                         f"Entry '{name}' overlaps another entry's data (overlapping zip bomb?)"),
                               name))
    return out


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip or raise Refused with one clean reason (not a zip, cut short, bogus central directory, …)."""
    try:
        return zipfile.ZipFile(path)
    except (*READ_ERRORS, OSError) as exc:
        raise Refused([_unopened(path, exc)]) from None


def _unopened(path: Path, exc: BaseException) -> Refusal:
    """Why a zip did not open, in Chinese: another kind of archive, or a zip cut short (no directory at its end)."""
    from wuxiao_cli.sniff import sniff

    en = f"{path.name} is not a readable zip ({exc})"
    try:
        kind = sniff(path)
        with open(path, "rb") as fh:
            starts_as_zip = fh.read(4) == b"PK\x03\x04"
    except OSError:
        kind, starts_as_zip = None, False
    if kind in ("7z", "rar"):
        return Refusal(UNSAFE, T(f"{path.name} 是 {kind} 压缩包，不是 zip：wuxiao verify 只核对 wuxiao pack 生成的 zip，"
                                 "收到的 7z/rar 请用 wuxiao check 检查", en))
    if starts_as_zip:  # the files are there, the directory written last is not: a download cut short
        return Refusal(UNSAFE, T(f"{path.name} 不完整：找不到 zip 末尾的目录区，可能是下载中断了", en), hint=RESEND)
    return Refusal(UNSAFE, T(f"{path.name} 不是可读的 zip 压缩包：文件已损坏，或不是 zip 格式", en), hint=RESEND)


def copy_member(zf: zipfile.ZipFile, member: Member, out, *, hashed: bool = True) -> str:
    """Stream one judged member into ``out`` (None: hash only); damage raises Refused, never a traceback."""
    try:
        with zf.open(member.key) as src:
            return copy_capped(src, out, member.size, hashed=hashed)
    except WriteFailed:
        raise
    except (*READ_ERRORS, OSError, TooMuchData) as exc:  # bad CRC, bogus offsets, unknown method, truncated
        raise Refused([damaged(f"「{member.name}」", exc, member.name)]) from None
