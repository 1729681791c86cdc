"""MP3 facts: mutagen for duration and bitrate, plus a walk over MPEG frame headers for truncation.

The walk reads 4 bytes per frame and seeks past the rest, so it costs a few milliseconds even for
long narrations, and it is what tells a real MP3 from an ID3 tag with nothing behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.sniff import sniff

_BITRATES_V1_L3 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2_L3 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_TRAILING_TAGS = (b"TAG", b"APETAGEX", b"LYRICS")
_SEARCH_BYTES = 256 * 1024  # the first frame is looked for this far after the leading tags (as ffmpeg's probe)
_MAX_TAGS = 8  # back-to-back ID3v2 tags skipped at the start (Windows Media Player writes two)


@dataclass(frozen=True)
class AudioFacts:
    kind: str
    size: int
    is_mp3: bool = False
    duration: float | None = None
    bitrate: int | None = None
    frames: int = 0
    error: str | None = None  # "no-frames", "truncated", "corrupt" (bytes between frames), "header: …", "unreadable: …"


def read_audio(path: Path) -> AudioFacts:
    size = path.stat().st_size
    kind = sniff(path)
    if kind == "unknown" and _starts_mid_stream(path):
        kind = "mp3"  # a recording cut mid-frame, or zero bytes before the first frame: players find the audio
    if kind != "mp3":
        return AudioFacts(kind, size)
    try:
        frames, problem = walk_frames(path)
    except OSError as exc:
        return AudioFacts(kind, size, error=f"unreadable: {exc}")
    if frames == 0:  # a tag and nothing behind it, or a first frame already cut off
        return AudioFacts(kind, size, error=problem or "no-frames")
    try:
        from mutagen.mp3 import MP3

        info = MP3(str(path)).info
        duration, bitrate = info.length, info.bitrate
    except Exception as exc:  # mutagen raises its own error types on odd headers
        return AudioFacts(kind, size, True, frames=frames, error=f"header: {exc}")
    return AudioFacts(kind, size, True, duration, bitrate, frames, problem)


def _id3v2_size(head: bytes) -> int:
    if head[:3] != b"ID3" or len(head) < 10:
        return 0
    s = head[6:10]
    footer = 10 if head[5] & 0x10 else 0
    return 10 + ((s[0] << 21) | (s[1] << 14) | (s[2] << 7) | s[3]) + footer


def _frame_length(h: bytes) -> int | None:
    """Length of the MPEG layer III frame whose 4-byte header is ``h``, or None if not a header."""
    if len(h) < 4 or h[0] != 0xFF or (h[1] & 0xE0) != 0xE0:
        return None
    version = (h[1] >> 3) & 0x03  # 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
    layer = (h[1] >> 1) & 0x03
    bitrate_index = h[2] >> 4
    rate_index = (h[2] >> 2) & 0x03
    if version == 1 or layer != 0b01 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    padding = (h[2] >> 1) & 0x01
    rate = _SAMPLE_RATES[version][rate_index]
    if version == 3:
        return 144 * _BITRATES_V1_L3[bitrate_index] * 1000 // rate + padding
    return 72 * _BITRATES_V2_L3[bitrate_index] * 1000 // rate + padding


def _starts_mid_stream(path: Path) -> bool:
    """True when MPEG layer III frames follow each other somewhere in the first bytes of a file whose
    first bytes are no known signature."""
    try:
        with open(path, "rb") as fh:
            return first_frame(fh) is not None
    except OSError:
        return False


def first_frame(fh) -> int | None:
    """Offset of the first MPEG layer III frame, as mutagen and ffmpeg find it: after every leading ID3v2
    tag (and the zero bytes between them), the first sync word whose next frame header follows where it
    says, within _SEARCH_BYTES. A frame right after the tags needs no partner (a one-frame or cut file)."""
    pos = 0
    for _ in range(_MAX_TAGS + 1):
        fh.seek(pos)
        head = fh.read(10)
        if tag := _id3v2_size(head):
            pos += tag  # seek past it: a tag's cover picture is never read
            continue
        window = head + fh.read(_SEARCH_BYTES - len(head))
        zeros = len(window) - len(window.lstrip(b"\x00"))
        if zeros and window[zeros:zeros + 3] == b"ID3":
            pos += zeros  # padding between two tags
            continue
        break
    else:
        return None
    if _frame_length(window[:4]):
        return pos
    i = window.find(b"\xff", 1)
    while 0 < i < len(window) - 3:
        if _frame_length(window[i:i + 4]) and _pair(window, i):
            return pos + i
        i = window.find(b"\xff", i + 1)
    return None


def walk_frames(path: Path) -> tuple[int, str | None]:
    """(number of MPEG layer III frames, None or "truncated"/"corrupt") for the file at ``path``."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        pos = first_frame(fh)
        if pos is None:
            return 0, None
        frames = 0
        while pos < size:
            fh.seek(pos)
            header = fh.read(10)
            length = _frame_length(header)
            if length is None and (skip := _joined_tag(header, pos, size)):
                pos += skip  # two MP3s joined end to end: the second one's tag sits mid-stream
                continue
            if length is None:
                if 0 < len(header) < 4 and header.strip(b"\x00"):
                    return frames, "truncated"  # the file ends inside a frame header
                if any(header.startswith(t) for t in _TRAILING_TAGS) or not header.strip(b"\x00"):
                    return frames, None
                return frames, "corrupt"
            if pos + length > size:
                return frames, "truncated"
            frames += 1
            pos += length
    return frames, None


def _joined_tag(header: bytes, pos: int, size: int) -> int:
    """Bytes to skip for a tag inside the stream (ID3v2 of a joined file, or an ID3v1 with audio after it)."""
    if header.startswith(b"ID3"):
        return _id3v2_size(header)
    if header.startswith(b"TAG") and pos + 128 < size:
        return 128
    return 0


def _pair(window: bytes, i: int) -> bool:
    """A sync word inside other bytes is a real frame start only if the next frame header follows where
    it says, with the same MPEG version, layer and sample rate."""
    here = window[i:i + 4]
    nxt = i + _frame_length(here)
    there = window[nxt:nxt + 4]
    return (_frame_length(there) is not None
            and (here[1] & 0x1E, here[2] & 0x0C) == (there[1] & 0x1E, there[2] & 0x0C))
