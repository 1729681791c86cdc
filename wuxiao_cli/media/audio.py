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


@dataclass(frozen=True)
class AudioFacts:
    kind: str
    size: int
    is_mp3: bool = False
    duration: float | None = None
    bitrate: int | None = None
    frames: int = 0
    error: str | None = None  # "no-frames", "truncated", "corrupt: …"


def read_audio(path: Path) -> AudioFacts:
    size = path.stat().st_size
    kind = sniff(path)
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
        return AudioFacts(kind, size, True, frames=frames, error=f"corrupt: {exc}")
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


def walk_frames(path: Path) -> tuple[int, str | None]:
    """(number of MPEG layer III frames, None or "truncated"/"corrupt") for the file at ``path``."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        pos = _id3v2_size(fh.read(10))
        fh.seek(pos)
        # Encoders may pad after the tag: find the first frame within 64 KiB.
        window = fh.read(65536)
        start = next((i for i in range(len(window) - 3)
                      if _frame_length(window[i:i + 4]) and _chain_ok(window, i)), None)
        if start is None:
            return 0, None
        pos += start
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


def _chain_ok(window: bytes, i: int) -> bool:
    """A sync word is a real frame start only if the next frame header follows where it says."""
    length = _frame_length(window[i:i + 4])
    nxt = i + length
    return nxt + 4 > len(window) or _frame_length(window[nxt:nxt + 4]) is not None
