"""stdout/stderr encodings: output never fails on a console that cannot show a character.

A Chinese console (cmd.exe code page 936, a GBK terminal) cannot encode ✓ ✗ ›: those are written as
the nearest mark it has (√ × >), a macOS (NFD) name's separate accent as nothing, anything else as "?",
instead of a UnicodeEncodeError. A pipe or a
redirect is UTF-8 unless PYTHONIOENCODING names an encoding (a GBK `more`/`findstr` reader asked for it).
Only the standard library's codecs and TextIOWrapper.reconfigure: the same code on Windows and POSIX.
On Windows a pipe whose reader has gone fails a write with EINVAL, not EPIPE: on a pipe it is told as
the BrokenPipeError it is (cli.app then leaves quietly with 141).
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import sys
import unicodedata

from wuxiao_cli.text import readable, undecodable

ERRORS = "wuxiao-nearest"
WINDOWS = os.name == "nt"

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
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
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
            continue
        if WINDOWS and not tty:
            _pipe_closed_is_epipe(name, stream)


class _PipeEnd(io.RawIOBase):
    """A pipe's write end, its EINVAL raised as the EPIPE it means (Windows' C runtime reports a pipe
    its reader closed as EINVAL; only writes to this pipe are translated, no other EINVAL)."""

    def __init__(self, stream) -> None:
        super().__init__()
        self._stream = stream  # kept: the stream it replaces would close the pipe when collected
        self._raw = stream.buffer.raw

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def write(self, data) -> int | None:
        try:
            return self._raw.write(data)
        except OSError as exc:
            if exc.errno == errno.EINVAL:
                raise BrokenPipeError(errno.EPIPE, "the pipe's reader has gone") from exc
            raise


def _pipe_closed_is_epipe(name: str, stream) -> None:
    """sys.stdout or sys.stderr, when it writes to a pipe, put on a _PipeEnd (same encoding, buffering)."""
    try:
        raw = stream.buffer.raw
        pipe = stat.S_ISFIFO(os.fstat(raw.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): nothing to translate
        return
    if not pipe:
        return
    stream.flush()
    setattr(sys, name, io.TextIOWrapper(io.BufferedWriter(_PipeEnd(stream)), encoding=stream.encoding,
                                        errors=stream.errors, line_buffering=stream.line_buffering,
                                        write_through=stream.write_through))
