"""MP4 facts with pymediainfo, which reads container headers only (never decodes frames)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.media import timed
from wuxiao_cli.sniff import sniff


@dataclass(frozen=True)
class VideoFacts:
    kind: str  # by content: mp4, mov, mkv, avi, …
    size: int
    container: str | None = None  # MediaInfo's General format, e.g. "MPEG-4"; "QuickTime" for a .mov
    codec: str | None = None  # "AVC", "HEVC", …
    width: int | None = None  # as stored
    height: int | None = None
    rotation: int = 0  # degrees from the display matrix
    duration: float | None = None  # seconds
    bitrate: int | None = None  # overall, bit/s
    has_audio: bool = False
    error: str | None = None  # unreadable / truncated / no video stream

    @property
    def display_size(self) -> tuple[int, int] | None:
        """Width × height as a player shows it: a 90°/270° rotation swaps them."""
        if self.width is None or self.height is None:
            return None
        if self.rotation % 180 == 90:
            return self.height, self.width
        return self.width, self.height


VIDEO_KINDS = {"mp4", "mov", "mkv", "avi", "riff", "mpeg-ts"}


def mediainfo_loads() -> bool:
    """True when libmediainfo can be loaded. Without it every video would look unreadable, which is
    the tool's fault, so the CLI asks once at start-up instead of blaming each file."""
    try:
        from pymediainfo import MediaInfo
    except ImportError:
        return False
    return MediaInfo.can_parse()


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
        from pymediainfo import MediaInfo

        info = MediaInfo.parse(str(path), parse_speed=0)  # headers only: what the rules need
    except Exception as exc:  # a broken libmediainfo call must not stop the check
        return VideoFacts(kind, size, error=f"mediainfo: {exc}")
    general = info.general_tracks[0] if info.general_tracks else None
    videos, audios = info.video_tracks, info.audio_tracks
    if general is None or not videos:
        return VideoFacts(kind, size, container=getattr(general, "format", None), error="no-video-stream")
    v = videos[0]
    container = general.format
    if container == "MPEG-4" and (general.format_profile == "QuickTime" or (general.codec_id or "").strip() == "qt"):
        container = "QuickTime"
    duration_ms = _number(general.duration) or _number(v.duration)
    facts = VideoFacts(
        kind=kind,
        size=size,
        container=container,
        codec=v.format,
        width=_int(v.width),
        height=_int(v.height),
        rotation=int(round(_number(v.rotation) or 0)) % 360,
        duration=duration_ms / 1000 if duration_ms else None,
        bitrate=_int(general.overall_bit_rate),
        has_audio=bool(audios),
        error="truncated" if str(getattr(general, "istruncated", "") or "").lower() == "yes" else None,
    )
    return facts


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
