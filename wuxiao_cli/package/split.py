"""Plan `--split`: project files into parts that each stay under the limit, in sorted order."""

from __future__ import annotations

from dataclasses import dataclass, field

from wuxiao_cli.package.zipper import Item

ENTRY_OVERHEAD = 200  # local + central header, zip64 extra, data-descriptor slack, per entry


@dataclass
class Plan:
    parts: list[list[Item]] = field(default_factory=list)
    oversize: list[Item] = field(default_factory=list)  # a file alone over the limit: gets its own part


def cost(item: Item, top: str) -> int:
    """Upper bound of the bytes an entry adds (stored size; deflate never grows data by more than 0.1 % + 64)."""
    name_bytes = len(f"{top}/{item.rel}".encode())
    return item.size + item.size // 1000 + 64 + ENTRY_OVERHEAD + 2 * name_bytes


def plan_parts(items: list[Item], top: str, limit: int, reserve: int) -> Plan:
    """First-fit in sorted order; ``reserve`` is kept in each part for the report and manifest."""
    budget = limit - reserve - 22 - 98  # end-of-central-directory (+ zip64 locator/record)
    plan = Plan()
    current: list[Item] = []
    used = 0
    for item in items:
        c = cost(item, top)
        if c > budget:
            plan.oversize.append(item)
            plan.parts.append([item])
            continue
        if current and used + c > budget:
            plan.parts.append(current)
            current, used = [], 0
        current.append(item)
        used += c
    if current or not plan.parts:
        plan.parts.append(current)
    return plan
