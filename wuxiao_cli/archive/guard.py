"""The safety rules every archive passes before anything is written: judged on the listing, enforced while writing.

Whatever wrote the archive, its listing is judged first: no ``../``, no absolute or drive paths, no
links, at most ``max_entries`` entries, no entry over ``max_entry`` bytes, no more than ``max_total``
bytes in all, and no entry (or archive) that expands more than ``max_ratio`` times (zip bombs).
Writing then stops at each entry's declared size, so a lying header cannot get past the caps.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.caps import MAX_FILE
from wuxiao_cli.text import T

MB = 1_000_000
CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")

UNSAFE = "unsafe"  # the archive is refused: escapes, links, bombs, damage
ENCRYPTED = "encrypted"
EMPTY = "empty"  # no file at all (an empty zip, or only folders)


@dataclass(frozen=True)
class Limits:
    # A real submission fits: a 5-minute 1080p phone video at 50 Mbit/s is ~1.9 GB, at 100 Mbit/s ~3.8 GB.
    # Extraction streams (copy_capped), so these bound the temporary disk used, never memory.
    max_total: int = 10_000 * MB  # declared uncompressed bytes of the whole archive
    max_entry: int = MAX_FILE  # one entry
    max_ratio: float = 200.0  # uncompressed / compressed, for entries (and archives) over 1 MB
    max_entries: int = 20000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Member:
    """One entry of an archive as its listing declares it; ``key`` is the reader's own handle."""

    name: str  # decoded, '/'-separated as written
    size: int
    packed: int  # compressed bytes, 0 when the format does not say
    is_dir: bool = False
    is_link: bool = False
    encrypted: bool = False
    key: object = None
    mtime: float | None = None  # the date stored for the entry (seconds since the epoch), where the format gives one


@dataclass(frozen=True)
class Refusal:
    kind: str  # UNSAFE, ENCRYPTED, EMPTY, …
    message: T
    name: str | None = None
    hint: T | None = None  # a fix for this case, where the rule's general one does not fit


class Refused(Exception):
    """An archive (or one entry) that cannot be extracted safely; carries the reasons."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__("; ".join(r.message("en") for r in refusals))
        self.refusals = refusals


# The dates a zip can store (zipper.zip_time): an extracted file keeps its entry's date within them.
_EARLIEST = time.mktime((1980, 1, 1, 0, 0, 0, 0, 0, -1))
_LATEST = time.mktime((2107, 12, 31, 23, 59, 58, 0, 0, -1))


def keep_date(path: Path, mtime: float | None) -> None:
    """Give an extracted file its entry's stored date, not the time of extracting: a package made from a
    received archive is then the same bytes every time (SPEC §6). No date, or one the system refuses: left as is."""
    if mtime is None:
        return
    when = min(max(mtime, _EARLIEST), _LATEST)
    try:
        os.utime(path, (when, when))
    except (OSError, OverflowError, ValueError):
        pass


RESEND = T("请重新下载或让对方重新发送；仍然不行，请发送方重新压缩（右键 → 发送到 → 压缩(zipped)文件夹）后发送",
           "Download it again or ask for it again; if that fails, ask the sender to zip the folder again")
_RECOMPRESS = T("请发送方用系统自带的压缩功能（右键 → 发送到 → 压缩(zipped)文件夹）或 7-Zip 的默认设置重新压缩后发送",
                "Ask the sender to zip the folder again with the system's own zip or 7-Zip's defaults")


def _likely_cause(exc: BaseException) -> tuple[str, T]:
    """What a reader's error (in the library's English) most likely means, in the clerk's words, and the fix."""
    kind, said = type(exc).__name__, str(exc).lower()
    if "crc" in kind.lower() or "crc" in said:
        return "数据校验不符（CRC 错误）：文件在下载或拷贝中损坏了", RESEND
    if "unsupported" in kind.lower() or isinstance(exc, NotImplementedError) or "method" in said:
        return "用了本程序不支持的压缩方式", _RECOMPRESS
    if kind == "TooMuchData":
        return "解压出的数据比压缩包目录中写的多（压缩包已被改动或损坏）", RESEND
    return "压缩包不完整或已损坏，可能是下载中断了", RESEND


def damaged(what: str, exc: BaseException, name: str | None = None) -> Refusal:
    """A read error (bad CRC, bogus offsets, unsupported method) as a clean refusal, never a traceback: in
    Chinese its likely cause; the library's own words only in English (--lang en, JSON with it)."""
    why, fix = _likely_cause(exc)
    return Refusal(UNSAFE, T(f"{what} 无法解压：{why}",
                             f"{what} cannot be extracted ({type(exc).__name__}: {exc}): damaged or unsupported"),
                   name, fix)


def unsafe_reason(name: str) -> T | None:
    """Why an entry name could write outside the folder it is extracted to, or None."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return T(f"条目「{name}」是绝对路径", f"Entry '{name}' is an absolute path")
    parts = name.replace("\\", "/").rstrip("/").split("/")
    if ".." in parts:
        return T(f"条目「{name}」含 ../，会写到文件夹之外", f"Entry '{name}' climbs out with ../")
    if any(p in ("", ".") for p in parts) or "\x00" in name:
        return T(f"条目「{name}」的路径不规范", f"Entry '{name}' has a malformed path")
    return None


def _ratio(size: int, packed: int) -> float:
    return size / max(packed, 1)


def judge(members: list[Member], limits: Limits, archive_bytes: int = 0) -> list[Refusal]:
    """Every reason, from the listing alone, not to extract this archive (empty: safe to extract).

    The whole archive's ratio uses its file size (``archive_bytes``) when given: solid 7z and RAR
    archives do not say what each entry compresses to.
    """
    out: list[Refusal] = []
    total = sum(m.size for m in members)
    packed = archive_bytes or sum(m.packed for m in members)
    if len(members) > limits.max_entries:
        out.append(Refusal(UNSAFE, T(f"压缩包有 {len(members)} 个条目，超过上限 {limits.max_entries}",
                                     f"{len(members)} entries, over the cap of {limits.max_entries}")))
    if total > limits.max_total:
        out.append(Refusal(UNSAFE, T(
            f"解压后共 {total / MB:.1f} MB，超过上限 {limits.max_total / MB:.1f} MB（疑似压缩炸弹），未解压",
            f"Declares {total / MB:.1f} MB uncompressed, over the {limits.max_total / MB:.1f} MB cap "
            "(zip bomb?); nothing extracted")))
    for m in members:
        if (why := unsafe_reason(m.name)) is not None:
            out.append(Refusal(UNSAFE, why, m.name))
        elif m.is_link:
            out.append(Refusal(UNSAFE, T(f"条目「{m.name}」是符号链接，拒绝解压", f"Entry '{m.name}' is a symlink"), m.name))
        elif m.encrypted:
            out.append(Refusal(ENCRYPTED, T(f"条目「{m.name}」已加密，无法核对", f"Entry '{m.name}' is encrypted"),
                               m.name))
        elif m.size > limits.max_entry:
            out.append(Refusal(UNSAFE, T(f"条目「{m.name}」解压后 {m.size / MB:.1f} MB，超过单个文件上限 "
                                         f"{limits.max_entry / MB:.0f} MB",
                                         f"Entry '{m.name}' is {m.size / MB:.1f} MB, over the "
                                         f"{limits.max_entry / MB:.0f} MB cap"), m.name))
        elif m.packed and m.size > MB and _ratio(m.size, m.packed) > limits.max_ratio:
            out.append(Refusal(UNSAFE, T(f"条目「{m.name}」压缩比 {_ratio(m.size, m.packed):.0f}:1，"
                                         f"超过上限 {limits.max_ratio:.0f}:1（疑似压缩炸弹）",
                                         f"Entry '{m.name}' compresses {_ratio(m.size, m.packed):.0f}:1, "
                                         f"over {limits.max_ratio:.0f}:1 (zip bomb?)"), m.name))
    if not out and packed and total > MB and _ratio(total, packed) > limits.max_ratio:  # many small entries
        out.append(Refusal(UNSAFE, T(
            f"整个压缩包压缩比 {_ratio(total, packed):.0f}:1，超过上限 {limits.max_ratio:.0f}:1（疑似压缩炸弹）",
            f"The archive expands {_ratio(total, packed):.0f}:1, over {limits.max_ratio:.0f}:1 (zip bomb?)")))
    return out


class WriteFailed(OSError):
    """Writing the temporary copy failed (disk full, no permission): this computer's problem, not the archive's."""


# What the OS says when an entry's *name* cannot be written here, whatever the disk: the archive's to fix
# (a name over 255 bytes, a file where a folder should be, a name this file system refuses).
_NAME_ERRNOS = {errno.ENAMETOOLONG: ("文件名或路径太长", "请发送方把这个文件名改短（如 30 个字以内）后重新压缩发送"),
                errno.EEXIST: ("它或它所在的文件夹与另一个条目同名（如一个文件和一个文件夹同名）", "请发送方检查压缩包里的同名文件或文件夹，改名后重新压缩发送"),
                errno.ENOTDIR: ("它的上一级在压缩包里是一个文件而不是文件夹",
                                "请发送方在 Windows 里“全部解压”确认内容，再用右键 → 发送到 → 压缩(zipped)文件夹 重新压缩"),
                errno.EISDIR: ("与一个文件夹同名", "请发送方检查压缩包里的同名文件或文件夹，改名后重新压缩发送"),
                errno.EINVAL: ("文件名含本机不允许的字符", "请发送方把文件名中的 \\ / : * ? \" < > | 等字符去掉后重新压缩发送"),
                errno.EILSEQ: ("文件名的编码本机不认识", "请发送方用 7-Zip 或系统自带的压缩功能重新压缩后发送")}


# Windows without long paths (the default) refuses a file path of MAX_PATH (260) characters or more, its
# NUL included, and a folder path of MAX_PATH - 12: ERROR_PATH_NOT_FOUND or ERROR_FILENAME_EXCED_RANGE
# (winerror 3, 206) from CreateDirectory, a bare ENOENT from open (the C runtime keeps no winerror).
WINDOWS = os.name == "nt"
WINDOWS_MAX_PATH = 260


def _past_max_path(exc: OSError) -> bool:
    """Creating an entry in a folder made a moment ago said "not found": on Windows, the path is too long."""
    return getattr(exc, "winerror", None) in (3, 206) or (WINDOWS and exc.errno == errno.ENOENT)


def placing_failed(name: str, exc: OSError, target: Path | None = None) -> OSError | Refused:
    """What to raise when writing the entry ``name`` (to ``target``) failed with ``exc``: a refusal of the
    archive when its name is the cause (too long, a clash), else WriteFailed (disk full, no permission:
    this computer's)."""
    if isinstance(exc, WriteFailed):
        return exc
    if _past_max_path(exc):
        return _path_too_long(name, target)
    if exc.errno in _NAME_ERRNOS:
        why, fix = _NAME_ERRNOS[exc.errno]
        if exc.errno == errno.ENAMETOOLONG:
            longest = max(name.replace("\\", "/").split("/"), key=lambda p: len(p.encode("utf-8")))
            why += (f"（最长的一段 {len(longest)} 个字符、{len(longest.encode('utf-8'))} 字节；"
                    "本机的文件名一般最长 255 字节，约 85 个汉字）")
        return Refused([Refusal(UNSAFE, T(f"条目「{name}」无法解压：{why}", f"Entry '{name}' cannot be written "
                                          f"here ({exc.strerror or exc})"), name, T(fix, "Ask the sender to "
                                          "rename it and zip the folder again"))])
    return WriteFailed(exc.errno, exc.strerror or str(exc))


def _path_too_long(name: str, target: Path | None) -> Refused:
    length = f"解压到本机临时文件夹后路径长 {len(str(target))} 个字符，" if target is not None else ""
    return Refused([Refusal(UNSAFE, T(
        f"条目「{name}」无法解压：路径太长，{length}超过这台电脑的上限（文件 {WINDOWS_MAX_PATH - 1} 个、"
        f"文件夹 {WINDOWS_MAX_PATH - 13} 个字符，Windows 没有开启长路径支持时的限制）",
        f"Entry '{name}' cannot be written here: its path is over Windows' {WINDOWS_MAX_PATH - 1} characters"),
        name, T(f"把压缩包放到短路径的文件夹（如 D:\\收件\\）里“全部解压”，再检查解压出的文件夹；或请发送方把文件夹名和"
                f"文件名改短（这个条目的路径 {len(name)} 个字符）后重新压缩发送",
                "Extract it into a short folder (such as D:\\in\\) and check that folder, or ask the sender "
                "to shorten the folder and file names"))])


def write_or_fail(out, chunk: bytes) -> None:
    try:
        out.write(chunk)
    except OSError as exc:
        raise WriteFailed(exc.errno, exc.strerror or str(exc)) from exc


class TooMuchData(Exception):
    """An entry produced more bytes than its header declared."""


def copy_capped(src, out, declared: int, *, hashed: bool = True) -> str:
    """Stream ``src`` into ``out`` (None: only hash), refusing more than ``declared`` bytes; the SHA-256
    (``verify`` compares it with the manifest), or "" when not ``hashed``."""
    digest = hashlib.sha256() if hashed else None
    written = 0
    while chunk := src.read(CHUNK):
        written += len(chunk)
        if written > declared:
            raise TooMuchData(f"more data than the {declared} bytes declared")
        if digest is not None:
            digest.update(chunk)
        if out is not None:
            write_or_fail(out, chunk)
    return digest.hexdigest() if digest is not None else ""
