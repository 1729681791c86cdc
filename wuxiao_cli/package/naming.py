"""The package's name and single top folder: ``{上级工会}-{成果完成单位}-{创新成果名称}``, safe on Windows."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 120
_ILLEGAL = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def safe_component(text: str, max_chars: int = MAX_CHARS, fallback: str = "未命名") -> str:
    """One file or folder name that Windows Explorer and every unzip tool accept."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = text[:max_chars].rstrip(" .")
    if not text:
        return fallback
    if _RESERVED.match(text):
        text = "_" + text
    return text


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
    return safe_component("-".join(parts))
