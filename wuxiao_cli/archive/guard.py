"""The safety rules every archive passes before anything is written: judged on the listing, enforced while writing.

Whatever wrote the archive, its listing is judged first: no ``../``, no absolute or drive paths, no
links, at most ``max_entries`` entries, no entry over ``max_entry`` bytes, no more than ``max_total``
bytes in all, and no entry (or archive) that expands more than ``max_ratio`` times (zip bombs).
Writing then stops at each entry's declared size, so a lying header cannot get past the caps.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from wuxiao_cli.text import T

MB = 1_000_000
CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")

UNSAFE = "unsafe"  # the archive is refused: escapes, links, bombs, damage
ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class Limits:
    max_total: int = 2000 * MB  # declared uncompressed bytes of the whole archive
    max_entry: int = 1000 * MB  # one entry
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


@dataclass(frozen=True)
class Refusal:
    kind: str  # UNSAFE or ENCRYPTED
    message: T
    name: str | None = None


class Refused(Exception):
    """An archive (or one entry) that cannot be extracted safely; carries the reasons."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__("; ".join(r.message("en") for r in refusals))
        self.refusals = refusals


def damaged(what: str, exc: BaseException, name: str | None = None) -> Refusal:
    """A read error (bad CRC, bogus offsets, unsupported method) as a clean refusal, never a traceback."""
    return Refusal(UNSAFE, T(f"{what} 无法解压（{type(exc).__name__}: {exc}），文件已损坏或格式不受支持",
                             f"{what} cannot be extracted ({type(exc).__name__}: {exc}): damaged or unsupported"),
                   name)


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
