"""B002's fast candidate search finds exactly the pairs the plain all-pairs difflib comparison finds."""

from __future__ import annotations

import difflib
import random
from itertools import combinations

from tests.test_batch_rules import run
from wuxiao_cli.engine import ProjectResult
from wuxiao_cli.rules.batch import SIMILAR, _bare

STEMS = ["数控车床快速对刀装置", "高压开关柜带电显示闭锁装置", "病房输液架移动挂钩", "实验室废液分类回收系统",
         "小孔大背面结构件自动折叠反刮刀具", "舞台灯光快速吊挂支架", "档案库房防潮监测终端", "校车安全检测平台"]
TAILS = ["的研制与应用", "的开发应用", "的设计", "（改进型）", " 改进型", "的研制", ""]


def names(count: int, seed: int) -> list[str]:
    """Names as a province sends them: shared stems and tails, one-character slips, punctuation variants."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = rng.choice(STEMS) + rng.choice(TAILS)
        for _ in range(rng.choice((0, 0, 1, 2, 4))):
            i = rng.randrange(len(name))
            name = name[:i] + rng.choice("改良新型一二三与和、 ") + name[i + 1:]
        out.append(name)
    return out


def all_pairs(named: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """The rule's pairs (and shown similarity) as every-pair difflib finds them: the reference."""
    hits = []
    for (p1, n1), (p2, n2) in combinations(named, 2):
        b1, b2 = _bare(n1), _bare(n2)
        if n1 == n2 or not b1 or not b2:
            continue
        ratio = difflib.SequenceMatcher(None, b1, b2, autojunk=False).ratio()
        if b1 == b2 or ratio >= SIMILAR:
            hits.append((p1, p2, "去掉标点空格后相同" if b1 == b2 else f"相似度 {ratio:.0%}"))
    return hits


def linked(pairs: list[tuple[str, str, str]]) -> list[tuple[str, ...]]:
    """The groups the pairs link (a~b, b~c: a, b, c), as the rule reports them: one finding each."""
    groups: list[set[str]] = []
    for a, b, _how in pairs:
        touching = [g for g in groups if a in g or b in g]
        merged = set().union({a, b}, *touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return sorted(tuple(sorted(g)) for g in groups)


def test_same_hits_as_every_pair_in_difflib():
    for seed in (1, 2, 3):
        named = [(f"p{i:03d}", n) for i, n in enumerate(names(300, seed))]
        found = run("B002", [ProjectResult(path=p, name=p, findings=[], fields={"name": n}) for p, n in named])
        expected = all_pairs(named)
        assert 20 < len(expected) < 20_000  # both near and far pairs are in the sample
        assert [p.projects for p in found] == linked(expected)
        two = {(a, b): how for a, b, how in expected}
        for p in found:  # a pair alone keeps its own measure in the message
            if len(p.projects) == 2:
                assert f"（{two[p.projects]}）" in p.message.zh


def test_just_under_and_at_the_line():
    # 20 characters: two changed leaves 18 in common (2·18/40 = 0.90, a hit), three changed 17 (0.85, none)
    base = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸"
    at_line = base[:18] + "子丑"
    under = base[:17] + "卯辰巳"
    found = run("B002", [ProjectResult(path=p, name=p, findings=[], fields={"name": n})
                         for p, n in (("a", base), ("b", at_line), ("c", under))])
    assert [p.projects for p in found] == [("a", "b")]
