"""The largest file a package may carry: `pack` refuses past it, `verify` and archive intake refuse it (guard.Limits),
and `check` says so first (F034). Its own module, light to import: a check of a folder loads no archive code."""

from __future__ import annotations

MB = 1_000_000
# A 5-minute 1080p phone video at 50 Mbit/s is ~1.9 GB, at 100 Mbit/s ~3.8 GB.
MAX_FILE = 4000 * MB
MAKE_SMALLER = "请把视频压缩小（如用 HandBrake 把码率降到 10 Mbit/s 左右，1080p 5 分钟约 400 MB）或剪短"


def too_big(rel: str, size: int, cap: int = MAX_FILE) -> str | None:
    """The file over the cap, with its size and the cap, in one phrase (None when it fits)."""
    if size <= cap:
        return None
    return f"{rel} 有 {size / MB:,.1f} MB（{size:,} 字节），超过收件方核对压缩包时能接收的单个文件上限 {cap / MB:,.0f} MB"
