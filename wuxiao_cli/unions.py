"""附件2's unions as reference data: names, aliases, provinces, and lookup as people type them.

F016 (is this a 附件2 union?) and B004 (quotas per union) read the same table through here.
"""

from __future__ import annotations

import difflib
import re

from wuxiao_cli.text import fold

_BRACKETS = re.compile(r"[()\[\]【】〔〕〈〉<>]")


def fold_union(name: str | None) -> str:
    """Compared as people type it: full-width or no brackets, stray spaces (中国检验认证（集团）… = …(集团)…)."""
    return _BRACKETS.sub("", fold(name))


def union_table(profile) -> dict[str, dict]:
    """folded name or alias → the 附件2 entry (name, province, minimum)."""
    return {fold_union(n): u for u in profile.load_ref("unions")["unions"] for n in (u["name"], *u.get("aliases", ()))}


def suggest(profile, written: str, n: int = 3) -> list[str]:
    """The closest 附件2 names, those of the province the text names first (江苏省总工会 → 江苏省教育科技工会)."""
    unions = profile.load_ref("unions")["unions"]
    folded = fold_union(written)
    provinces = {u.get("province") for u in unions if u.get("province") and folded.startswith(u["province"])}
    province = max(provinces, key=len) if provinces else None  # 新疆生产建设兵团 before 新疆

    def score(u: dict) -> float:
        return max(difflib.SequenceMatcher(None, folded, fold_union(a)).ratio() for a in (u["name"], *u.get("aliases", ())))

    home = sorted((u for u in unions if u.get("province") == province), key=score, reverse=True)
    rest = sorted((u for u in unions if u.get("province") != province and score(u) >= 0.4), key=score, reverse=True)
    return [u["name"] for u in (home + rest)[:n]]
