"""MP4 facts from libmediainfo, which reads container headers only (never decodes frames).

The library is called through ctypes for the few values the rules use, not through pymediainfo's
parsed XML report: importing pymediainfo (it looks its version up in the installed packages'
metadata) and parsing the full report cost more than reading a video. The library file is the one
pymediainfo ships in its wheel and would load itself, else the system's (Linux: libmediainfo0v5).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wuxiao_cli.media import timed
from wuxiao_cli.sniff import sniff


@dataclass(frozen=True)
class VideoFacts:
    kind: str  # by content: mp4, mov, mkv, avi, …
    size: int
    container: str | None = None  # MediaInfo's General format, e.g. "MPEG-4"; "QuickTime" for a .mov
    codec: str | None = None  # "AVC", "HEVC", …
    bit_depth: int | None = None  # bits per sample: 8 for what every player plays, 10 for High 10 / HDR
    width: int | None = None  # as stored
    height: int | None = None
    rotation: int = 0  # degrees from the display matrix
    pixel_aspect: float = 1.0  # a pixel's width over its height: 1.333 for HDV's 1440×1080 shown at 16:9
    duration: float | None = None  # seconds
    bitrate: int | None = None  # overall, bit/s
    has_audio: bool = False
    error: str | None = None  # "truncated", "audio-only", "no-video-stream", "timeout:<s>", "mediainfo: <why>"

    @property
    def display_size(self) -> tuple[int, int] | None:
        """Width × height as a player shows it: a 90°/270° rotation swaps them."""
        if self.width is None or self.height is None:
            return None
        if self.rotation % 180 == 90:
            return self.height, self.width
        return self.width, self.height


VIDEO_KINDS = {"mp4", "mov", "mkv", "avi", "riff", "asf", "flv", "mpeg-ps", "mpeg-ts"}


def minutes(seconds: float, digits: int = 1) -> str:
    """A duration as people say it: 4 分 59.9 秒."""
    m, s = divmod(seconds, 60)
    return f"{int(m)} 分 {s:0{digits + 3}.{digits}f} 秒"


def mediainfo_loads() -> bool:
    """True when libmediainfo can be loaded. Without it every video would look unreadable, which is
    the tool's fault, so the CLI asks once at start-up instead of blaming each file. The load is the
    one every video read then uses."""
    try:
        _library()
    except Exception:  # not found, not loadable, or not a MediaInfo library: as pymediainfo's can_parse
        return False
    return True


def read_video(path: Path) -> VideoFacts:
    size = path.stat().st_size
    kind = sniff(path)
    if kind not in VIDEO_KINDS:
        return VideoFacts(kind, size)
    try:
        return timed.call(probe, path, kind, size)  # MediaInfo can stall on a crafted header: time-limited
    except timed.ReadTimeout as exc:
        return VideoFacts(kind, size, error=f"timeout:{exc.seconds:g}")


def probe(path: Path, kind: str, size: int) -> VideoFacts:
    """MediaInfo's view of the headers (run under a time limit by read_video)."""
    try:
        general, v, streams = _mediainfo(path)
    except Exception as exc:  # a broken libmediainfo call must not stop the check
        return VideoFacts(kind, size, error=f"mediainfo: {exc}")
    truncated = str(general["IsTruncated"] or "").lower() == "yes"
    if not streams[_GENERAL] or not streams[_VIDEO]:
        # a moov-at-end MP4 cut short has lost the index that names its streams: that is truncation
        problem = "truncated" if truncated else "audio-only" if streams[_AUDIO] else "no-video-stream"
        return VideoFacts(kind, size, container=general["Format"], error=problem)
    container = general["Format"]
    if container == "MPEG-4" and (general["Format_Profile"] == "QuickTime" or (general["CodecID"] or "").strip() == "qt"):
        container = "QuickTime"
    duration_ms = _number(general["Duration"]) or _number(v["Duration"])
    facts = VideoFacts(
        kind=kind,
        size=size,
        container=container,
        codec=v["Format"],
        bit_depth=_int(v["BitDepth"]),
        width=_int(v["Width"]),
        height=_int(v["Height"]),
        rotation=int(round(_number(v["Rotation"]) or 0)) % 360,
        pixel_aspect=_number(v["PixelAspectRatio"]) or 1.0,
        duration=duration_ms / 1000 if duration_ms else None,
        bitrate=_int(general["OverallBitRate"]),
        has_audio=bool(streams[_AUDIO]),
        error="truncated" if truncated else None,
    )
    return facts


# libmediainfo's stream kinds, and the values read from the first stream of each (MediaInfo's names)
_GENERAL, _VIDEO, _AUDIO = 0, 1, 2
_FIELDS = {_GENERAL: ("Format", "Format_Profile", "CodecID", "Duration", "OverallBitRate", "IsTruncated"),
           _VIDEO: ("Format", "Width", "Height", "PixelAspectRatio", "Rotation", "Duration", "BitDepth")}
# The options pymediainfo's parse(parse_speed=0) sets: headers only, the complete set of values
_OPTIONS = (("Cover_Data", ""), ("CharSet", "UTF-8"), ("Inform", "OLDXML"), ("Complete", "1"), ("ParseSpeed", "0"),
            ("LegacyStreamDisplay", ""))


def _mediainfo(path: Path) -> tuple[dict, dict, dict]:
    """The first general and video stream's values by name (None where MediaInfo has none), and how many
    general, video and audio streams there are by kind."""
    lib = _library()
    handle = lib.MediaInfo_New()
    try:
        for name, value in _OPTIONS:
            lib.MediaInfo_Option(handle, name, value)
        if not _feed(lib, handle, path):  # pymediainfo's words, as the V003 message has always had
            raise RuntimeError(f"An error occured while opening {path} with libmediainfo")
        general, video = ({name: lib.MediaInfo_Get(handle, kind, 0, name, _INFO_TEXT, _INFO_NAME) or None
                           for name in _FIELDS[kind]} for kind in (_GENERAL, _VIDEO))
        streams = {kind: lib.MediaInfo_Count_Get(handle, kind, _ALL_STREAMS) for kind in (_GENERAL, _VIDEO, _AUDIO)}
        return general, video, streams
    finally:
        lib.MediaInfo_Close(handle)
        lib.MediaInfo_Delete(handle)


def _feed(lib, handle, path: Path) -> bool:
    """Give MediaInfo the file's bytes as it asks for them (headers, then a seek to the index), read by
    Python: MediaInfo_Open(path) turns the name into bytes by the C locale, and under LC_ALL=C or POSIX
    it cannot open a Chinese name. False when MediaInfo accepted nothing.

    Bounded as a read must be: at most the file once more than its size (plus _SLACK) and _MAX_SEEKS
    seeks, and no longer than the time limit, so that a crafted file sending MediaInfo back and forth
    ends here too, not only in timed.call's wait (whose abandoned thread would otherwise read on)."""
    import ctypes
    import time

    nowhere = ctypes.c_uint64(-1).value
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        budget, seeks, deadline = 2 * size + _SLACK, 0, time.monotonic() + timed.time_limit()
        lib.MediaInfo_Open_Buffer_Init(handle, size, 0)
        while chunk := file.read(_CHUNK):
            budget -= len(chunk)
            if lib.MediaInfo_Open_Buffer_Continue(handle, chunk, len(chunk)) & _FINISHED:
                break
            if budget < 0 or time.monotonic() > deadline:
                break
            if (offset := lib.MediaInfo_Open_Buffer_Continue_GoTo_Get(handle)) != nowhere:
                seeks += 1
                if seeks > _MAX_SEEKS:
                    break
                file.seek(offset)
                lib.MediaInfo_Open_Buffer_Init(handle, size, file.tell())
        lib.MediaInfo_Open_Buffer_Finalize(handle)
    return lib.MediaInfo_Count_Get(handle, _GENERAL, _ALL_STREAMS) > 0


_CHUNK, _FINISHED = 64 * 1024, 0x08  # pymediainfo's buffer; Open_Buffer_Continue's "finished" bit
_SLACK, _MAX_SEEKS = 64 * 1024 * 1024, 10_000  # a real MP4 asks for a few seeks and a few MB
_INFO_TEXT, _INFO_NAME, _ALL_STREAMS = 1, 0, -1  # MediaInfo_Get's InfoKind and SearchKind; Count_Get's "all"


@cache
def _library():
    """libmediainfo, loaded once per process as pymediainfo loads it: the file in pymediainfo's folder
    (its wheels bundle one) or else the system's by name. Raises when there is none or it is not MediaInfo."""
    import ctypes
    from importlib.util import find_spec

    names = ("MediaInfo.dll",) if os.name == "nt" else \
        ("libmediainfo.0.dylib", "libmediainfo.dylib") if sys.platform == "darwin" else ("libmediainfo.so.0",)
    # pymediainfo's folder, located without importing it: an installed package's, or in a frozen wuxiao.exe
    # the folder its library was collected into (packaging/wuxiao.spec), which is found even without the module
    spec = find_spec("pymediainfo")
    folders = [Path(f) for f in (spec.submodule_search_locations or ())] if spec is not None else []
    bundled = [str(folder / name) for folder in folders for name in names if (folder / name).is_file()]
    load = ctypes.WinDLL if os.name == "nt" else ctypes.CDLL
    errors = []
    for name in bundled[:1] or names:
        try:
            lib = load(name)
        except OSError as exc:
            errors.append(str(exc))
            continue
        _declare(lib, ctypes)
        handle = lib.MediaInfo_New()
        version = lib.MediaInfo_Option(handle, "Info_Version", "")
        lib.MediaInfo_Delete(handle)
        if not (version or "").startswith("MediaInfoLib - v"):
            raise RuntimeError(f"{name} is not MediaInfoLib ({version!r})")
        return lib
    raise OSError(f"Failed to load library from {', '.join(bundled[:1] or names)} - {', '.join(errors)}")


def _declare(lib, ctypes) -> None:
    """The C signatures of the functions used (wide-character strings, as on every platform)."""
    handle, text, size = ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_size_t
    for name, args, result in (
        ("MediaInfo_New", [], handle),
        ("MediaInfo_Delete", [handle], None),
        ("MediaInfo_Option", [handle, text, text], text),
        ("MediaInfo_Open_Buffer_Init", [handle, ctypes.c_uint64, ctypes.c_uint64], size),
        ("MediaInfo_Open_Buffer_Continue", [handle, ctypes.c_char_p, size], size),
        ("MediaInfo_Open_Buffer_Continue_GoTo_Get", [handle], ctypes.c_uint64),
        ("MediaInfo_Open_Buffer_Finalize", [handle], size),
        ("MediaInfo_Close", [handle], None),
        ("MediaInfo_Get", [handle, ctypes.c_int, size, text, ctypes.c_int, ctypes.c_int], text),
        ("MediaInfo_Count_Get", [handle, ctypes.c_int, size], size),
    ):
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).split("/")[0])
    except ValueError:
        return None


def _int(value) -> int | None:
    n = _number(value)
    return int(n) if n is not None else None
