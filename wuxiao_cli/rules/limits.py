"""The numbers a profile enforces, by name, for the rule texts (title, hint, 判断方法) that state them.

A rule text names a number as ``{min_photos}``; ``Rule.under(profile)`` fills in that profile's own figure,
so `wuxiao rules`, `explain`, the docs and a finding's default hint say what the check enforces. The
defaults are the ones the rules themselves fall back on (national-2024's), so its texts read as before.
"""

from __future__ import annotations

import math
import re
from functools import cache

from wuxiao_cli.quiz import min_questions
from wuxiao_cli.text import T

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
HD = (1920, 1080)


def size_name(width: int, height: int) -> str:
    """How a size is called in texts: "1080p" only for 1920×1080, else the size itself."""
    return "1080p" if (width, height) == HD else f"{width}×{height}"


def duration_words(seconds: float) -> tuple[str, str]:
    """(zh, en) for a duration limit: whole minutes as minutes ("5 分钟"), else seconds ("150 秒")."""
    if seconds % 60 == 0:
        return f"{seconds // 60:g} 分钟", f"{seconds // 60:g} minutes"
    return f"{seconds:g} 秒", f"{seconds:g} s"


def limits(profile, rule_id: str = "") -> dict[str, str]:
    """The profile's numbers and folder names under the names rule texts use; a form rule's 字数 limits are
    its field's ``zishu``."""
    photos, videos = profile.section("photos"), profile.section("videos")
    n_photos, dpi = photos.get("min_count", 3), photos.get("min_dpi", 300)
    short = photos.get("min_short_side_px", 1200)
    width, height = videos.get("width", HD[0]), videos.get("height", HD[1])
    seconds = videos.get("max_seconds", 300)
    mbit = videos.get("min_bitrate", 2_000_000) / 1e6
    questions = min_questions(profile)
    time_zh, time_en = duration_words(seconds)
    size, hd = f"{width}×{height}", (width, height) == HD
    out = {
        "min_photos": n_photos, "min_photos_less": n_photos - 1,
        "min_dpi": dpi, "dpi_examples": _dpi_examples(dpi),
        "short_side": short, "print_cm": f"{short / dpi * 2.54:.0f}",
        "min_videos": videos.get("min_count", 1), "min_audio": profile.section("audio").get("min_count", 1),
        "size": size, "size_name": size_name(width, height),
        "export_size": f"1080p（{size}）" if hd else f"{size} ",  # no space after the full-width bracket
        "size_examples": "1280×720 分辨率太低，3840×2160（4K）超过 1080p" if hd
        else f"宽或高小于 {size} 的分辨率太低，更大的超过 {size}",
        "max_time": time_zh, "max_time_en": time_en,
        "max_time_exact": f"{time_zh}（{seconds:.1f} 秒）" if seconds % 60 == 0 else f"{seconds:.1f} 秒",
        "max_seconds": f"{seconds:g}", "max_minutes": f"（{time_zh}）" if seconds % 60 == 0 else "",
        "seconds_under": f"{seconds - 0.1:.1f}", "seconds_exact": f"{seconds:.1f}",
        "seconds_over_ms": f"{seconds + 0.04:.2f}", "seconds_over": f"{seconds + 0.1:.1f}",
        "min_mbit": f"{mbit:g}",
        "bitrate_advice": "8 Mbit/s 左右（1080p 常用值）" if hd else f"{mbit:g} Mbit/s 以上",
        "bitrate_advice_en": "about 8 Mbit/s" if hd else f"{mbit:g} Mbit/s or more",
        "min_questions": questions, "min_questions_less": questions - 1,
    }
    out |= _photo_bytes(photos)
    for role in ("photos", "videos", "audio", "authorization"):  # folders as the profile names them
        names = profile.folder_names(role)
        out[f"{role}_dir"] = names[0]
        out[f"{role}_named"] = f"{names[0]}/" + (f"，也认 {'、'.join(f'{n}/' for n in names[1:])}" if names[1:] else "")
    if rule_id.startswith("F"):  # a field this profile's form lacks keeps the default profile's figures
        out |= _zishu(default_profile(), rule_id) | _zishu(profile, rule_id)
    return {k: str(v) for k, v in out.items()}


def _photo_bytes(photos: dict) -> dict:
    """P006/P007's byte limits: the figure in MB (in the limit's own unit, text.mb_unit), and where the
    warning band between the notice's decimal MB and the binary one begins and ends."""
    from wuxiao_cli.text import limit_mb

    lo, soft_lo = photos.get("min_bytes", 1_000_000), photos.get("soft_min_bytes", 1_048_576)
    hi, soft_hi = photos.get("max_bytes", 10_485_760), photos.get("soft_max_bytes", 10_000_000)
    return {"min_mb": limit_mb(lo), "min_bytes": f"{lo:,}", "min_bytes_less": f"{lo - 1:,}",
            "soft_min_last": f"{soft_lo - 1:,}", "soft_min_bytes": f"{soft_lo:,}",
            "max_mb": limit_mb(hi), "max_bytes": f"{hi:,}", "max_bytes_more": f"{hi + 1:,}",
            "soft_max_first": f"{soft_hi + 1:,}", "soft_max_bytes": f"{soft_hi:,}"}


def _zishu(profile, rule_id: str) -> dict:
    """zi_min/zi_max (and the numbers just past them) of the form field whose x-rule is ``rule_id``."""
    try:
        fields = profile.form_schema.fields.values()
    except Exception:  # a broken form schema is reported where it is loaded; the texts keep their defaults
        return {}
    zishu = next((f.schema["zishu"] for f in fields if f.rule == rule_id and isinstance(f.schema.get("zishu"), dict)), {})
    out = {}
    if isinstance(lo := zishu.get("min"), int):
        out |= {"zi_min": lo, "zi_min_less": lo - 1}
    if isinstance(hi := zishu.get("max"), int):
        out |= {"zi_max": hi, "zi_max_more": hi + 1}
    return out


@cache
def default_profile():
    from wuxiao_cli.profile import DEFAULT_PROFILE, load_profile

    return load_profile(DEFAULT_PROFILE)


def _dpi_examples(dpi: int) -> str:
    """The worked examples of P005's 判断方法 at the profile's dpi: the dots per centimetre and the EXIF
    values either side of the line, as whole_dpi judges them."""
    from wuxiao_cli.media.image import whole_dpi

    dpcm = math.ceil((dpi - 0.5) / 2.54)  # the fewest dots per centimetre that round up to dpi
    while whole_dpi(dpcm * 2.54) < dpi:
        dpcm += 1
    return (f"JFIF 按厘米记录时，{dpcm} 点/厘米 = {dpcm * 2.54:.2f} dpi，取整为 {whole_dpi(dpcm * 2.54)}，通过；"
            f"{dpcm - 1} 点/厘米 = {(dpcm - 1) * 2.54:.2f} dpi，不通过；EXIF 记 {dpi - 0.5} 通过、{dpi - 0.6:.1f} 不通过。")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` it holds replaced by ``values[name]``; any other braces stay as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fill_t(text: T, values: dict[str, str]) -> T:
    return T(fill(text.zh, values), fill(text.en, values))
