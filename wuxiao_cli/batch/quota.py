"""附件2 quotas (B004): passing projects per 所属上级工会 against the allocation's minimums."""

from __future__ import annotations

from dataclasses import dataclass, field

from wuxiao_cli.text import fold

# Union names are compared as people type them (full-width brackets, stray spaces).
fold_union = fold


@dataclass
class QuotaRow:
    union: str  # the 附件2 name, or the name as written when it is not in 附件2
    minimum: int | None  # None: not a union of 附件2
    passed: list[str] = field(default_factory=list)  # project paths
    failed: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return len(self.passed) + len(self.failed)

    @property
    def shortfall(self) -> int:
        return max(0, (self.minimum or 0) - len(self.passed)) if self.minimum is not None else 0

    def to_dict(self) -> dict:
        return {"union": self.union, "minimum": self.minimum, "submitted": self.submitted,
                "passed": len(self.passed), "shortfall": self.shortfall,
                "projects": sorted(self.passed + self.failed)}


def union_table(profile) -> dict[str, tuple[str, int]]:
    """folded name or alias → (附件2 name, minimum)."""
    out = {}
    for u in profile.load_ref("unions")["unions"]:
        for n in (u["name"], *u.get("aliases", ())):
            out[fold_union(n)] = (u["name"], int(u["minimum"]))
    return out


def quota_rows(results, profile, strict: bool = False) -> list[QuotaRow]:
    """One row per union named by at least one project of the batch, in 附件2 order, unknown names last."""
    table = union_table(profile)
    order = {fold_union(u["name"]): i for i, u in enumerate(profile.load_ref("unions")["unions"])}
    rows: dict[str, QuotaRow] = {}
    for r in results:
        written = (r.union or "").strip()
        if not written:
            continue
        known = table.get(fold_union(written))
        key = fold_union(known[0]) if known else fold_union(written)
        row = rows.setdefault(key, QuotaRow(known[0], known[1]) if known else QuotaRow(written, None))
        (row.passed if r.passed(strict) else row.failed).append(r.path)
    return sorted(rows.values(), key=lambda q: (q.minimum is None, order.get(fold_union(q.union), 0), q.union))
