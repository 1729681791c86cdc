"""stdout/stderr encodings: output never fails on a console that cannot show a character.

A Chinese console (cmd.exe code page 936, a GBK terminal) cannot encode ✓ ✗ ›: those are written as
the nearest mark it has (√ × >), a macOS (NFD) name's separate accent as nothing, anything else as "?",
instead of a UnicodeEncodeError. A pipe or a
redirect is UTF-8 unless PYTHONIOENCODING names an encoding (a GBK `more`/`findstr` reader asked for it).
Only the standard library's codecs and TextIOWrapper.reconfigure: the same code on Windows and POSIX.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata

from wuxiao_cli.text import readable, undecodable

ERRORS = "wuxiao-nearest"

# What a character the console lacks is written as; the first of each that the encoding has is used.
NEAREST = {
    "✓": ("√", "v"), "✔": ("√", "v"), "✗": ("×", "x"), "✘": ("×", "x"),
    "›": ("＞", ">"), "…": ("...",), "−": ("-",), "•": ("·", "*"), "▪": ("·", "*"), "ℹ": ("i",),
    "→": ("->",), "—": ("-",), "×": ("x",), "√": ("v",), "≥": (">=",), "≤": ("<=",), "〜": ("～", "~"),
}


def _nearest(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        if undecodable(ch):  # a file name's byte that is not UTF-8: shown as that byte, \xb8
            out.append(readable(ch))
            continue
        if unicodedata.combining(ch):  # a macOS (NFD) name's accent: Café shows as Cafe, not Cafe?
            continue
        for candidate in NEAREST.get(ch, ()):
            try:
                candidate.encode(exc.encoding)
            except (UnicodeEncodeError, LookupError):
                continue
            out.append(candidate)
            break
        else:
            out.append("?")
    return "".join(out), exc.end


codecs.register_error(ERRORS, _nearest)


def explicit_encoding() -> str | None:
    """The encoding PYTHONIOENCODING names (``gbk`` of ``gbk:strict``), if it names one that exists."""
    name = os.environ.get("PYTHONIOENCODING", "").partition(":")[0].strip()
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def configure() -> None:
    """A terminal keeps its encoding, a pipe or file is UTF-8 unless PYTHONIOENCODING names one;
    in every case a character the encoding lacks becomes its nearest mark, never an error."""
    chosen = explicit_encoding()
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "reconfigure"):
            continue
        try:
            tty = stream.isatty()
        except (OSError, ValueError):
            tty = False
        encoding = None if tty else (chosen or "utf-8")
        try:
            stream.reconfigure(encoding=encoding, errors=ERRORS)
        except (OSError, ValueError):  # a closed or detached stream: leave it as it is
            pass
