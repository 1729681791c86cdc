"""Reading a phone number the way a person would: any common Chinese way of writing it.

The notices give no format for 联系电话, so every form a clerk plausibly writes is accepted —
(025)83536240, （025）83536240, 025 83536240, 025-8353 6240, 02583536240, 400-810-8888,
0517-83561234转802, +86 138 1234 5678, 138-1234-5678, 手机：13812345678（微信同号） — and only
text in which no mainland mobile or landline can be read is refused.
"""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}|[48]00\d{7}")  # 区号 (3–4 digits with the 0) + 7–8 digits; 400/800 hotlines
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#|-)\s*\d{1,6}$", re.IGNORECASE)
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=1[3-9]|[1-9]\d{6})")
_LAYOUT = re.compile(r"[\s()\-–—.·]+")
# A run of characters a number is written with (digits, layout, a trailing extension); words around it
# (手机：, 王老师, （微信同号）) are not part of the number.
_RUN = re.compile(r"[+(]?\d[\d\s()\-–—.]*\d(?:\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6})?", re.IGNORECASE)


def _digits(text: str) -> str:
    return _COUNTRY.sub("", _LAYOUT.sub("", text))


def _one_number(text: str, kinds: tuple[re.Pattern, ...]) -> bool:
    plain = text.strip().rstrip("。.")
    candidates = [plain]
    if (ext := _EXTENSION.search(plain)) is not None:
        candidates.append(plain[:ext.start()])  # 0517-83561234转802: the number before the extension
    return any(k.fullmatch(_digits(c)) for c in candidates for k in kinds)


def readable_phone(text: str, kind: str = "any") -> bool:
    """True when ``text`` holds at least one plausible mainland number (``kind`` "mobile": a mobile)."""
    kinds = (_MOBILE,) if kind == "mobile" else (_MOBILE, _LANDLINE)
    folded = unicodedata.normalize("NFKC", text)  # （025） → (025), full-width digits → ASCII
    for run in _RUN.finditer(folded):
        if _one_number(run.group(), kinds) or any(_one_number(w, kinds) for w in run.group().split()):
            return True
    return False
