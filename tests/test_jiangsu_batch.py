"""J rules over engine.Batch objects built from check_project results — the batch runner's contract."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from jiangsu_helpers import Options, batch_ids, check, make_project, profile, run_batch, write_nominator

from wuxiao_cli.discover import find_projects
from wuxiao_cli.engine import Batch, check_project
from wuxiao_cli.rules import get

CATEGORIES = ["小发明", "小创造", "小革新", "小设计", "小建议"]
EXAMPLE = Path(__file__).parents[1] / "examples" / "jiangsu-batch"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """One real project, checked once; the batches below are made of copies with other form values."""
    root = make_project(tmp_path_factory.mktemp("base") / "p")
    result = check(root)
    assert result.errors == 0
    return result


def variant(base, i: int, **fields):
    data = {**base.fields, "name": f"项目{i:02d}", "completer_name": f"职工{i:02d}", "id_number": f"ID{i:02d}",
            "patent": f"ZL20222{i:07d}.{i % 10}", **fields}
    return dataclasses.replace(base, path=f"batch/p{i:02d}", name=data["name"], fields=data,
                               root=Path(f"/batch/p{i:02d}"))


def batch_of(base, tmp_path, specs, *, kind="设区市总工会", order=None, summary="近年来，持续推进职工创新。", nominator=True):
    results = [variant(base, i, **spec) for i, spec in enumerate(specs)]
    if order is None:
        order = [f"p{i:02d}" for i in range(len(specs))]
    if nominator:
        write_nominator(tmp_path, kind=kind, order=order or None, summary=summary)
    return Batch(profile(), results, tmp_path)


def workers(n, category="小革新"):
    return [{"frontline": "一线工人", "category": category}] * n


# ---------------------------------------------------------------- quotas (七(二)1)

@pytest.mark.parametrize("kind, per_category", [("设区市总工会", 4), ("省产业工会", 2), ("省级社会组织", 1)])
def test_quota_per_category_both_sides(base, tmp_path, kind, per_category):
    assert "J002" not in batch_ids(batch_of(base, tmp_path, workers(per_category), kind=kind))
    ids = batch_ids(batch_of(base, tmp_path, workers(per_category + 1), kind=kind))
    assert "J002" in ids


def test_quota_per_category_fails_only_the_projects_past_it_in_priority_order(base, tmp_path):
    """Like J003: 5 小革新 for a 设区市总工会 (各 4 项) fail the one the order puts fifth, not all five."""
    specs = workers(5) + [{"frontline": "一线工人", "category": "小建议"}]
    order = ["p05", "p04", "p03", "p02", "p01", "p00"]  # p00 is the last 小革新 by priority
    (problem,) = [p for rid, _s, p in run_batch(batch_of(base, tmp_path, specs, order=order)) if rid == "J002"]
    assert problem.projects == ("batch/p00",)
    assert "小革新 5 项，每类限 4 项；按优先次序超出的是：《项目00》" in problem.message.zh
    assert "项目01" not in problem.message.zh


@pytest.mark.parametrize("kind, total", [("设区市总工会", 20), ("省产业工会", 10), ("省级社会组织", 5),
                                         ("其他社会组织", 2)])
def test_quota_total_both_sides(base, tmp_path, kind, total):
    def spread(n):
        return [{"frontline": "一线工人", "category": CATEGORIES[i % 5]} for i in range(n)]

    assert "J003" not in batch_ids(batch_of(base, tmp_path, spread(total), kind=kind))
    problems = [p for rid, _s, p in run_batch(batch_of(base, tmp_path, spread(total + 1), kind=kind)) if rid == "J003"]
    assert len(problems) == 1 and f"限 {total} 项" in problems[0].message.zh
    assert problems[0].projects == (f"batch/p{total:02d}",)  # the one past the quota in priority order


def test_other_social_organisations_have_no_per_category_quota(base, tmp_path):
    # only J010's warning: these batches have no nominator/ folder with the nominator's own uploads
    assert batch_ids(batch_of(base, tmp_path, workers(2), kind="其他社会组织")) == ["J010"]


def test_type_aliases(base, tmp_path):
    assert "J002" in batch_ids(batch_of(base, tmp_path, workers(3), kind="省产业（厅、局、企业）工会"))


# ---------------------------------------------------------------- ratios (七(二)2)

def tech(senior=False):
    return {"frontline": "一线专业技术人员", "category": "小发明",
            "title_level": "副高级" if senior else "中级", "title": "高级工程师" if senior else "工程师"}


@pytest.mark.parametrize("n_workers, n_total, fires", [(3, 5, False), (2, 5, True), (6, 10, False), (5, 10, True),
                                                       (12, 20, False), (11, 20, True)])
def test_frontline_workers_at_least_60_percent(base, tmp_path, n_workers, n_total, fires):
    specs = [{"frontline": "一线工人", "category": CATEGORIES[i % 5]} for i in range(n_workers)]
    specs += [{**tech(), "category": CATEGORIES[i % 5]} for i in range(n_total - n_workers)]
    assert ("J004" in batch_ids(batch_of(base, tmp_path, specs))) is fires


@pytest.mark.parametrize("n_senior, n_total, severity", [
    (0, 5, None), (1, 5, "error"), (1, 11, None), (1, 10, "warning"), (2, 18, "error"), (2, 20, "warning"),
    (2, 21, None), (3, 27, "error"),  # 9.5 % passes, 10 % warns, 11.1 % fails
])
def test_senior_title_technicians_under_10_percent(base, tmp_path, n_senior, n_total, severity):
    specs = [{**tech(senior=True), "category": CATEGORIES[i % 5]} for i in range(n_senior)]
    specs += [{"frontline": "一线工人", "category": CATEGORIES[i % 5]} for i in range(n_total - n_senior)]
    found = [(s, p) for rid, s, p in run_batch(batch_of(base, tmp_path, specs)) if rid == "J005"]
    assert [s for s, _p in found] == ([severity] if severity else [])
    if severity == "warning":
        assert "歧义" in found[0][1].message.zh and "恰好 10%" in found[0][1].message.zh


@pytest.mark.parametrize("fields, senior", [
    ({"title_level": "正高级"}, True), ({"title_level": "中级", "title": "高级工程师"}, False),
    ({"title_level": None, "title": "高级工程师"}, True), ({"title_level": None, "title": "高级技师"}, False),
    ({"title_level": None, "title": "副研究员"}, True), ({"title_level": None, "title": "助理研究员"}, False),
    ({"title_level": "教授级高工"}, True),  # not a level S005 can read: the words themselves are looked at
])
def test_what_counts_as_a_senior_title(base, fields, senior):
    from wuxiao_cli.rules.nominator import is_senior_technician

    assert is_senior_technician(variant(base, 1, frontline="一线专业技术人员", **fields)) is senior


# ---------------------------------------------------------------- once only

def test_first_completer_at_most_once(base, tmp_path):
    specs = workers(3)
    batch = batch_of(base, tmp_path, specs)
    assert "J006" not in batch_ids(batch)
    batch.results[2].fields["id_number"] = batch.results[0].fields["id_number"]
    (problem,) = [p for rid, _s, p in run_batch(batch) if rid == "J006"]
    assert problem.projects == ("batch/p00", "batch/p02")


def test_project_nominated_once(base, tmp_path):
    batch = batch_of(base, tmp_path, workers(3))
    assert "J007" not in batch_ids(batch)
    dup = dataclasses.replace(batch.results[1], name="项目 00", fields={**batch.results[1].fields, "name": "项目 00"})
    batch.results[1] = dup
    assert "J007" in batch_ids(batch)


def test_project_nominated_once_by_patent_number_not_by_any_text(base, tmp_path):
    batch = batch_of(base, tmp_path, workers(3))
    for r in batch.results[:2]:
        r.fields["patent"] = "暂无"
    assert "J007" not in batch_ids(batch)
    batch.results[1].fields["patent"] = "ZL202220000001.1"
    batch.results[2].fields["patent"] = "2022200000011"  # the same number without ZL and dot
    (problem,) = [p for rid, _s, p in run_batch(batch) if rid == "J007"]
    assert problem.projects == ("batch/p01", "batch/p02") and "专利号 ZL202220000001.1 相同" in problem.message.zh


# ---------------------------------------------------------------- nominator.toml, order, summary

def test_missing_or_bad_nominator_file(base, tmp_path):
    assert batch_ids(batch_of(base, tmp_path, workers(2), nominator=False)) == ["J001"]
    assert batch_ids(batch_of(base, tmp_path, workers(2), kind="市总")) == ["J001"]
    (tmp_path / "nominator.toml").write_text("name = \n", encoding="utf-8")
    assert batch_ids(Batch(profile(), [], tmp_path)) == ["J001"]


@pytest.mark.parametrize("name, kind, hint", [
    ("", "设区市总工会", '在 nominator.toml 中填写 name = "某某市总工会"（提名单位全称）'),
    ("", "", '在 nominator.toml 中填写 name = "某某市总工会"（提名单位全称）和 type = "设区市总工会"（可选：'),
    ("无锡市总工会", "", '在 nominator.toml 中填写 type = "设区市总工会"（可选：设区市总工会、省产业工会、'),
    ("无锡市总工会", "市总工会联合会", '把 nominator.toml 中的 type = "市总工会联合会" 改为可选类型之一（设区市总工会、'),
])
def test_nominator_blanks_say_what_to_fill_in_not_create_the_file(tmp_path, name, kind, hint):
    """D11: nominator.toml is there (often just made by init --nominator) with a blank or wrong line: the fix is
    that line, never "在批次文件夹中新建 nominator.toml"."""
    write_nominator(tmp_path, name=name, kind=kind)
    ((rid, sev, problem),) = run_batch(Batch(profile(), [], tmp_path))
    assert (rid, sev) == ("J001", "error") and problem.hint.zh.startswith(hint), problem.hint.zh
    assert "新建" not in problem.hint.zh


def test_a_missing_nominator_file_is_to_be_created(tmp_path):
    ((rid, _sev, problem),) = run_batch(Batch(profile(), [], tmp_path))
    assert rid == "J001" and problem.hint is None  # the rule's own fix: 在批次文件夹中新建 nominator.toml
    assert get("J001").hint.zh.startswith("在批次文件夹中新建 nominator.toml")


def test_nominator_syntax_error_names_the_line_in_chinese(tmp_path):
    """A line break inside "…" (a long summary pasted in): the line and column to correct, not "create the file"."""
    (tmp_path / "nominator.toml").write_text('name = "无锡市总工会"\ntype = "设区市总工会"\nsummary = "近年来\n持续推进"\n',
                                             encoding="utf-8")
    ((rid, _sev, problem),) = run_batch(Batch(profile(), [], tmp_path))
    assert rid == "J001"
    assert problem.message.zh == "nominator.toml 语法错误：第 3 行第 15 列，字符串没有闭合：引号不成对，或 \"…\" 中间换了行"
    assert "改正 nominator.toml 第 3 行" in problem.hint.zh and "新建" not in problem.hint.zh


def test_no_batch_folder_keeps_nominator_rules_quiet(base):
    batch = Batch(profile(), [variant(base, i, frontline="一线工人") for i in range(3)], None)
    assert batch_ids(batch) == []


def test_priority_order(base, tmp_path):
    assert "J008" not in batch_ids(batch_of(base, tmp_path, workers(3), order=["p02", "项目00", "p01"]))
    found = run_batch(batch_of(base, tmp_path, workers(3), order=["p02", "不存在的项目", "p02"]))
    messages = [p.message.zh for rid, _s, p in found if rid == "J008"]
    assert len(messages) == 3  # unknown, repeated, missing
    (sev,) = {s for rid, s, _p in run_batch(batch_of(base, tmp_path, workers(3), order=False)) if rid == "J008"}
    assert sev == "warning"  # no order at all


@pytest.mark.parametrize("n, severity", [(400, None), (401, "error"), (0, "warning")])
def test_letter_summary_400_zi(base, tmp_path, n, severity):
    found = [s for rid, s, _p in run_batch(batch_of(base, tmp_path, workers(2), order=["p00", "p01"],
                                                    summary="字" * n)) if rid == "J009"]
    assert found == ([severity] if severity else [])


def test_rules_survive_missing_fields(base, tmp_path):
    empty = dataclasses.replace(base, fields={}, name="空表单")
    odd = dataclasses.replace(base, fields={"frontline": 3, "category": ["x"], "id_number": None}, name="怪表单")
    batch = Batch(profile(), [empty, odd], tmp_path)
    write_nominator(tmp_path)
    assert batch_ids(batch) == ["J004", "J008", "J010"]


# ---------------------------------------------------------------- the example batch

def test_example_batch_fires_exactly_the_quota_and_ratio_rules_it_should():
    prof = profile()
    roots = find_projects(EXAMPLE, prof)
    assert len(roots) >= 5
    results = [check_project(r, prof, Options(), display=r.as_posix()) for r in roots]
    assert all(r.errors == 0 for r in results), [(r.path, [f.rule for f in r.findings]) for r in results]
    found = run_batch(Batch(prof, results, EXAMPLE))
    assert sorted({rid for rid, _s, _p in found}) == ["J002", "J003", "J005"]  # J004: 4 of 6 workers is enough
    assert sum(f.stat().st_size for f in EXAMPLE.rglob("*") if f.is_file()) < 1_000_000


def test_a_nominator_file_too_large_or_nested_too_deep_is_j001_not_a_traceback(tmp_path):
    """A 2 MB nominator.toml (a summary pasted over and over) is refused unread, with its size and the limit;
    one nested 100,000 deep is refused by its structure."""
    path = tmp_path / "nominator.toml"
    path.write_text('name = "无锡市总工会"\ntype = "设区市总工会"\nsummary = "' + "近年来" * 240_000 + '"\n', encoding="utf-8")
    size = path.stat().st_size
    ((rid, _sev, problem),) = run_batch(Batch(profile(), [], tmp_path))
    assert rid == "J001" and problem.message.zh == (
        f"nominator.toml 过大：文件 {size * 100 // 2**20 / 100:.2f} MB（{size:,} 字节），"
        "超过上限 1 MB（1,048,576 字节），为安全起见未读取")  # rounded down, as every size is shown
    assert "用记事本打开" in problem.hint.zh
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    ((rid, _sev, problem),) = run_batch(Batch(profile(), [], tmp_path))
    assert rid == "J001" and "结构嵌套过深" in problem.message.zh
