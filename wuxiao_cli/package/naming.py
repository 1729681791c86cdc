"""The package's name and single top folder: ``{上级工会}-{成果完成单位}-{创新成果名称}``, safe on Windows."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 120
# A file name is at most 255 bytes (UTF-8, Linux/macOS): the top folder leaves room for "-第999部分.zip"
# (17 bytes) and the temporary ".{name}.{pid}-{n}.wuxiao-part" (about 25 bytes). 80 characters keeps a received
# package's extraction folder (temp folder + top + a 200-character path) near Windows' 260 budget.
MAX_NAME_BYTES = 200
MAX_NAME_CHARS = 80
_ILLEGAL = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def safe_component(text: str, max_chars: int = MAX_CHARS, fallback: str = "未命名",
                   max_bytes: int | None = None) -> str:
    """One file or folder name that Windows Explorer and every unzip tool accept."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = shorten(text, max_chars, max_bytes).rstrip(" .")
    if not text:
        return fallback
    if _RESERVED.match(text):
        text = "_" + text
    return text


def shorten(text: str, max_chars: int, max_bytes: int | None = None) -> str:
    """At most ``max_chars`` characters and ``max_bytes`` UTF-8 bytes, cut at a character, marked with "…"."""
    fits = len(text) <= max_chars and (max_bytes is None or len(text.encode("utf-8")) <= max_bytes)
    if fits:
        return text
    budget = (max_bytes if max_bytes is not None else 4 * max_chars) - len("…".encode())
    out, used = [], 0
    for ch in text[:max_chars - 1]:
        used += len(ch.encode("utf-8"))
        if used > budget:
            break
        out.append(ch)
    return "".join(out).rstrip(" .-") + "…"


def package_name(profile, fields: dict, union: str = "", unit: str = "", fallback: str = "") -> str:
    """The zip stem from the form fields the profile names (union, unit, name); blanks are skipped."""
    form = profile.data["form"]
    parts = []
    for key, given in (("union_field", union), ("unit_field", unit), ("name_field", "")):
        value = fields.get(form.get(key, ""), "") or given
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    if not parts and fallback:
        parts.append(fallback)
    return safe_component("-".join(parts), MAX_NAME_CHARS, max_bytes=MAX_NAME_BYTES)
