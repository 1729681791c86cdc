"""附件2 quotas (B004): passing projects per 所属上级工会 against the allocation's minimums."""

from __future__ import annotations

from dataclasses import dataclass, field

from wuxiao_cli.unions import fold_union, union_table


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


def quota_rows(results, profile, strict: bool = False) -> list[QuotaRow]:
    """One row per union named by at least one project of the batch, in 附件2 order, unknown names last;
    none under a profile without 附件2's table (no quotas to count)."""
    if not profile.has_ref("unions"):
        return []
    table = union_table(profile)
    order = {fold_union(u["name"]): i for i, u in enumerate(profile.load_ref("unions")["unions"])}
    rows: dict[str, QuotaRow] = {}
    for r in results:
        written = (r.union or "").strip()
        if not written:
            continue
        known = table.get(fold_union(written))
        key = fold_union(known["name"]) if known else fold_union(written)
        row = rows.setdefault(key, QuotaRow(known["name"], int(known["minimum"])) if known else QuotaRow(written, None))
        (row.passed if r.passed(strict) else row.failed).append(r.path)
    return sorted(rows.values(), key=lambda q: (q.minimum is None, order.get(fold_union(q.union), 0), q.union))
