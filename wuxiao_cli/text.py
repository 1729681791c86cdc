"""Bilingual message text: every user-facing string is written in Chinese and English side by side."""

from __future__ import annotations

import codecs
import errno
import re
from typing import NamedTuple

LANGS = ("zh", "en")


class T(NamedTuple):
    """A message in Simplified Chinese (default) and English."""

    zh: str
    en: str = ""

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" and self.en else self.zh


# 1 MB as Windows Explorer and the mail services (163.com's "50 MB") count it, and so every size shown to
# the user, --max-mb included; the photo ceiling 10,485,760 bytes is 10 of them
MIB = 1 << 20
DECIMAL_MB = 1_000_000  # 1 MB in decimal units: only where a notice's limit is set in them (the photo floor 1,000,000 bytes)


def human_size(n_bytes: int) -> str:
    """A file's size where no limit is in view, the same figure size_text gives: "3.2 MB", "54 KB", "983 字节"."""
    if n_bytes >= MIB:
        return f"{mb_figure(n_bytes)} MB"
    return f"{round(n_bytes / 1024)} KB" if n_bytes >= 1024 else f"{n_bytes} 字节"


def mb_unit(limit: int) -> int:
    """The MB a byte limit is set in: 1,000,000 bytes where it is a whole number of those and not of 1,048,576
    (a notice's decimal limit: the photo floor 1,000,000), else 1,048,576 (--max-mb 50, the photo ceiling
    10,485,760). A size against a limit is shown in the limit's unit."""
    return DECIMAL_MB if limit and limit % DECIMAL_MB == 0 and limit % MIB else MIB


def limit_unit(limit: int) -> int:
    """The MB a byte limit's author counted in: binary for a whole number of them, else decimal for a whole
    number of 10,000 bytes (1,000,000 is the notice's decimal "1 MB"), else binary."""
    return MIB if limit % MIB == 0 or limit % 10_000 else DECIMAL_MB


def limit_mb(limit: int) -> str:
    """How a byte limit is written in MB, as its author set it (limit_unit): 500,000 → "0.5 MB",
    1,000,000 → "1 MB", 10,485,760 → "10 MB"."""
    return f"{mb_figure(limit, limit_unit(limit))} MB"


def mb_figure(n_bytes: int, unit: int = MIB, *, up: bool = False) -> str:
    """The one way a size becomes MB for the user: hundredths rounded down (``up``: up), "10.16", "1"."""
    hundredths = -(-n_bytes * 100 // unit) if up else n_bytes * 100 // unit
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")


def size_text(n_bytes: int, unit: int = MIB, *, up: bool = False) -> T:
    """A size as a message gives it: MB in ``unit`` with the exact bytes, "0.99 MB（999,999 字节）", to two
    decimals rounded down (``up``: up); under 0.01 MB the bytes alone, "983 字节", never "0.00 MB"."""
    if n_bytes * 100 < unit:
        return T(f"{n_bytes:,} 字节", f"{n_bytes:,} bytes")
    shown = mb_figure(n_bytes, unit, up=up)
    return T(f"{shown} MB（{n_bytes:,} 字节）", f"{shown} MB ({n_bytes:,} bytes)")


def size_against(n_bytes: int, limit: int, unit: int | None = None) -> tuple[T, T]:
    """(size, limit) in one unit, the limit's own (mb_unit) unless ``unit`` is given: the size never rounded
    onto the limit, so that 999,999 bytes reads 0.99 MB against 1 MB and 10,485,761 reads 10.01 MB against
    10 MB, never the limit itself."""
    unit = unit or mb_unit(limit)
    # rounded down as everywhere (human_size), up only where that would read as the limit or under it
    up = n_bytes > limit and n_bytes * 100 // unit <= limit * 100 // unit
    return size_text(n_bytes, unit, up=up), size_text(limit, unit)


def listed(names, limit: int) -> str:
    """The first ``limit`` names joined with 、, and 等 when there are more."""
    names = list(names)
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def counted(names, limit: int = 5) -> str:
    """The first ``limit`` names joined with 、, and “等 N 个” (how many in all) when there are more."""
    names = list(names)
    return "、".join(names[:limit]) + (f" 等 {len(names)} 个" if len(names) > limit else "")


def fold(text: str | None) -> str:
    """A name as people type it, folded for comparison: full-width brackets and digits (NFKC), no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text or "").split())


def decode_text(raw: bytes, *, whole: bool = True) -> str | None:
    """A text file's bytes as Windows programs save them, or None when no encoding fits.

    UTF-16 (little- or big-endian) when a byte-order mark says so: Notepad's "Unicode" / "Unicode big
    endian", Excel's "Unicode 文本". Else UTF-8, with or without its mark; else GB18030 (GBK, what a
    Chinese Windows calls "ANSI"). ``whole=False`` for the first bytes of a longer file: a character
    cut at the end is left out instead of failing the encoding.
    """
    import codecs

    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(raw, final=whole)
        except UnicodeDecodeError:
            continue
    return None


QUOTE_CHARS = 50  # a user's text quoted in a message: enough to recognise it, never a 200 MB cell
MESSAGE_CHARS = 2000  # a whole message or hint: the rule's own words are short, only quoted text grows it


def clip(text: object, limit: int = QUOTE_CHARS) -> str:
    """A user's text as a message quotes it: at most ``limit`` characters, then "…"."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


# What a terminal, Notepad or a browser would act on instead of show: C0 and C1 controls (ESC starts a colour,
# a window title or a screen clear; a newline forges a line), DEL, line and paragraph separators, and the bidi
# marks and overrides that reverse what follows ("a\u202egpj.exe" reads "aexe.jpg").
# A lone surrogate is a name's byte that was not UTF-8 (a GBK name unzipped unconverted on Linux: Python's
# surrogate escape, os.fsdecode): no file, page or console can hold it, so it shows as that byte, \xb8.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def _shown_char(m: re.Match) -> str:
    c = m.group()
    if 0xDC80 <= ord(c) <= 0xDCFF:  # the byte os.fsdecode could not decode
        return f"\\x{ord(c) - 0xDC00:02x}"
    return repr(c)[1:-1] if ord(c) <= 0xFF else f"U+{ord(c):04X}"


def undecodable(text: str) -> bool:
    """Whether a name holds bytes that are not UTF-8 (surrogate escapes): it cannot be written as text."""
    return SURROGATE.search(text) is not None


def readable(text: str) -> str:
    """A name that any file or console can hold: its undecodable bytes as \\xb8, nothing else changed."""
    return SURROGATE.sub(_shown_char, text)


def _readable_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return readable(exc.object[exc.start:exc.end]), exc.end


READABLE = "wuxiao-readable"  # errors= for a UTF-8 text file: a name's undecodable bytes written as \xb8
codecs.register_error(READABLE, _readable_error)


def safe(text: object) -> str:
    """A user's text (a file name, a form value, a project name) as a person is shown it: every control
    character visible as text — ESC as \\x1b, a newline as \\n, U+202E as "U+202E" — never acted on.
    Backslashes stay as they are, so safe(safe(x)) == safe(x)."""
    return _UNSHOWABLE.sub(_shown_char, str(text))


NAME_CHARS = 60  # a project's name in a heading: a 50,000-字 name field is cut like a quoted text


def heading(text: object, limit: int = NAME_CHARS) -> str:
    """A user's name as a heading shows it: safe, and at most ``limit`` characters, then "…"."""
    return clip(safe(text), limit)


def columns(text: str, *, ambiguous_wide: bool = False) -> int:
    """Display columns of one line: CJK and full-width characters take two (ambiguous ones too, if asked:
    “”、×、° are wide in a CJK font such as Notepad's)."""
    import unicodedata

    wide = "WFA" if ambiguous_wide else "WF"
    return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)


INSIDE = " › "  # a file inside a received archive: 成果.zip › 照片/正面.jpg
_ARCHIVE_ENDINGS = (".zip", ".7z", ".rar")


def file_in(project: str, rel: str) -> str:
    """A project's file as a message names it: ``张三/photos/a.jpg``, or ``成果.zip › photos/a.jpg`` when the
    project is (or is inside) a received archive, so nobody looks for a folder called 成果.zip."""
    inside = project.lower().endswith(_ARCHIVE_ENDINGS) or INSIDE in project
    return f"{project}{INSIDE if inside else '/'}{rel}"


# The OS says why a write failed in English (and in the system's language on Windows): the common causes
# in the clerk's words, by errno, which every platform sets alike.
_OS_REASONS = {
    errno.ENOENT: "文件夹不存在",
    errno.EEXIST: "已有同名文件",
    errno.EACCES: "没有权限或文件正被占用",
    errno.EPERM: "没有权限或文件正被占用",
    errno.ENOSPC: "磁盘已满",
    errno.EISDIR: "同名的是一个文件夹",
    errno.ENOTDIR: "路径中的某一级是文件而不是文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
}


def os_reason(exc: OSError) -> str:
    """Why an OSError happened, in short Chinese; the OS's own words only for an uncommon cause."""
    return _OS_REASONS.get(exc.errno) or exc.strerror or str(exc)
