"""Sanity checks for the reference tables transcribed into schemas/reference/."""

import json
import re
from pathlib import Path

import pytest

REF_DIR = Path(__file__).parents[1] / "schemas" / "reference"


def _load(name):
    with (REF_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def unions():
    return _load("unions-2024.json")


@pytest.fixture(scope="module")
def gbt():
    return _load("gbt4754-2017.json")


@pytest.fixture(scope="module")
def jiangsu():
    return _load("jiangsu-fields-2023.json")


# --- unions-2024.json -------------------------------------------------------


def test_unions_count(unions):
    assert len(unions["unions"]) == 44


def test_unions_names_unique_and_nonempty(unions):
    names = [u["name"] for u in unions["unions"]]
    assert all(isinstance(n, str) and n.strip() == n and n for n in names)
    assert len(set(names)) == len(names)


def test_unions_aliases_do_not_clash_with_names(unions):
    names = {u["name"] for u in unions["unions"]}
    aliases = [a for u in unions["unions"] for a in u.get("aliases", [])]
    assert len(set(aliases)) == len(aliases)
    assert not names & set(aliases)
    assert "宁夏回族自治区教科文卫体工会" in aliases  # 附件2 writes 宁夏教科文卫体工会


def test_unions_aliases_fold_to_one_union_each(unions):
    from wuxiao_cli.unions import fold_union

    folded = [fold_union(n) for u in unions["unions"] for n in (u["name"], *u.get("aliases", []))]
    assert len(set(folded)) == len(folded)
    assert fold_union("中国检验认证（集团）有限公司工会") in folded  # bracket variants need no alias


def test_unions_have_a_province(unions):
    provinces = {u["name"]: u["province"] for u in unions["unions"]}
    assert provinces["江苏省教育科技工会"] == "江苏" and provinces["新疆生产建设兵团教育工会"] == "新疆生产建设兵团"
    assert provinces["中国科学院工会"] == "中央单位"
    assert all(n.startswith(p) for n, p in provinces.items() if p != "中央单位")


def test_unions_minimums_sum_to_total(unions):
    minimums = [u["minimum"] for u in unions["unions"]]
    assert all(isinstance(m, int) and m > 0 for m in minimums)
    assert sum(minimums) == 330 == unions["total"]


def test_unions_document_order(unions):
    names = [u["name"] for u in unions["unions"]]
    # left column first (北京…山东省教育工会), then right column (山东省医务工会…中国科学院工会)
    assert names[0] == "北京市教育工会"
    assert names[21] == "山东省教育工会"
    assert names[22] == "山东省医务工会"
    assert names[-1] == "中国科学院工会"


# --- gbt4754-2017.json ------------------------------------------------------


def test_gbt_sections(gbt):
    codes = [s["code"] for s in gbt["sections"]]
    assert len(codes) == 20
    assert codes == [chr(c) for c in range(ord("A"), ord("T") + 1)]


def test_gbt_divisions(gbt):
    codes = [d["code"] for s in gbt["sections"] for d in s["divisions"]]
    assert all(re.fullmatch(r"\d{2}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    assert len(codes) == 97
    assert all(d["name"] for s in gbt["sections"] for d in s["divisions"])


# --- jiangsu-fields-2023.json -----------------------------------------------


def test_jiangsu_structure(jiangsu):
    cats = jiangsu["categories"]
    assert len(cats) == 10
    for cat in cats:
        assert isinstance(cat["level1"], str) and cat["level1"].strip()
        assert len(cat["level2"]) >= 1
        for sub in cat["level2"]:
            assert isinstance(sub["name"], str) and sub["name"].strip()
            assert isinstance(sub["level3"], list)
            assert all(isinstance(x, str) and x.strip() for x in sub["level3"])


def test_jiangsu_level1_unique(jiangsu):
    level1 = [c["level1"] for c in jiangsu["categories"]]
    assert len(set(level1)) == len(level1)


def test_jiangsu_parenthesised_items_not_split(jiangsu):
    items = [
        x
        for c in jiangsu["categories"]
        for s in c["level2"]
        for x in s["level3"]
    ]
    assert "计算科学及应用技术（云计算、并行计算、可信计算等）" in items
    assert all(x.count("（") == x.count("）") for x in items)
    assert not any(x.endswith("。") for x in items)
