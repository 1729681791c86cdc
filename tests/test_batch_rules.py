"""B001–B004 and the B003 hashing on their own, and acceptance 5 (quota counts and 配额 sheet)."""

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.batch_helpers import MEDIA_SIZE_RULES, REPO_ROOT, make_project, run_json
from wuxiao_cli import rules
from wuxiao_cli.batch.duplicates import EDGE, identical_groups
from wuxiao_cli.batch.quota import fold_union, quota_rows
from wuxiao_cli.engine import Batch, ProjectResult
from wuxiao_cli.findings import Finding
from wuxiao_cli.profile import load_profile

PROFILE = load_profile(None)


def result(path: str, name: str = "", union: str = "", passed: bool = True, root: Path | None = None):
    findings = [] if passed else [Finding("P006", "error", "m", "h", "c")]
    return ProjectResult(path=path, name=name or path, findings=findings, union=union, root=root,
                         fields={"name": name} if name else {})


def run(rule_id: str, results, root=None):
    return list(rules.get(rule_id).check(Batch(PROFILE, results, root)))


def test_b001_same_name_only():
    found = run("B001", [result("a", "数控车床快速对刀装置的研制"), result("b", "数控车床快速对刀装置的研制 "),
                         result("c", "高压开关柜带电显示闭锁装置")])
    assert [p.projects for p in found] == [("a", "b")]
    assert run("B001", [result("a", "数控车床快速对刀装置"), result("b", "数控铣床快速对刀装置改")]) == []
    assert run("B001", [result("a"), result("b")]) == []  # no name in the forms: nothing to compare


def test_b002_near_duplicates_but_not_exact_ones():
    found = run("B002", [result("a", "小孔大背面结构件自动折叠反刮刀具的开发应用"),
                         result("b", "小孔大背面结构件自动折叠反刮刀具的开发与应用"),
                         result("c", "高压开关柜带电显示闭锁装置（改进型）"),
                         result("d", "高压开关柜带电显示闭锁装置 改进型"),
                         result("e", "小孔大背面结构件自动折叠反刮刀具的开发应用")])  # exact = B001's
    # a~b and b~e link a, b and e: one finding naming all three (a and e are also B001's)
    assert sorted(p.projects for p in found) == [("a", "b", "e"), ("c", "d")]
    assert "（改进型）" in next(p.message.zh for p in found if p.projects == ("c", "d"))  # as the form wrote it
    assert run("B002", [result("a", "数控车床快速对刀装置的研制"), result("b", "病房输液架移动挂钩的设计")]) == []


def test_b003_sizes_then_edges_then_full_hash(tmp_path):
    def f(name: str, data: bytes) -> tuple:
        p = tmp_path / name
        p.write_bytes(data)
        return p, len(data)

    big = bytes(range(256)) * (3 * EDGE // 256)  # 3 MiB: the edges do not cover the middle
    middle_changed = bytearray(big)
    middle_changed[len(big) // 2] ^= 0xFF
    items = [("p1", "videos/a.mp4", *f("a", big)), ("p2", "videos/b.mp4", *f("b", big)),
             ("p3", "videos/c.mp4", *f("c", bytes(middle_changed))),  # same size and edges, differs inside
             ("p1", "photos/x.jpg", *f("x", b"x" * 100)), ("p1", "photos/y.jpg", *f("y", b"x" * 100)),  # one project
             ("p2", "audio/e.mp3", *f("e", b"")), ("p3", "audio/e.mp3", *f("e2", b""))]  # empty: not media
    groups = identical_groups(items)
    assert [[(p, rel) for p, rel, _ in g] for g in groups] == [[("p1", "videos/a.mp4"), ("p2", "videos/b.mp4")]]


def test_b003_on_project_folders(tmp_path):
    a = make_project(tmp_path / "a", "数控车床快速对刀装置的研制")
    b = make_project(tmp_path / "b", "高压开关柜带电显示闭锁装置")
    assert run("B003", [result("a", root=a), result("b", root=b)]) == []
    (b / "videos" / "另一个名字.mp4").write_bytes((a / "videos" / "成果演示.mp4").read_bytes())
    [found] = run("B003", [result("a", root=a), result("b", root=b)])
    assert found.projects == ("a", "b") and "videos/另一个名字.mp4" in found.message.zh


@pytest.mark.parametrize(("passing", "severity", "shortfall"), [(4, "warning", 1), (5, "info", 0), (6, "info", 0)])
def test_b004_both_sides_of_the_minimum(passing, severity, shortfall):
    results = [result(f"p{i}", union="北京市教育工会", passed=i < passing) for i in range(7)]
    [found] = run("B004", results)
    assert found.severity == severity
    assert f"通过 {passing} 个" in found.message.zh
    assert quota_rows(results, PROFILE)[0].shortfall == shortfall


def test_quota_folds_brackets_and_aliases():
    assert fold_union("中国检验认证（集团）有限公司工会") == fold_union("中国检验认证(集团)有限公司工会")
    rows = quota_rows([result("a", union="中国检验认证（集团）有限公司工会"),
                       result("b", union=" 中国检验认证(集团)有限公司工会"),
                       result("c", union="某某省总工会", passed=False)], PROFILE)
    assert [(r.union, r.minimum, r.submitted, len(r.passed)) for r in rows] == [
        ("中国检验认证(集团)有限公司工会", 20, 2, 2), ("某某省总工会", None, 1, 0)]


def test_reference_minimums_add_up_to_330():
    data = json.loads((REPO_ROOT / "schemas" / "reference" / "unions-2024.json").read_text(encoding="utf-8"))
    assert sum(u["minimum"] for u in data["unions"]) == data["total"] == 330
    assert len(data["unions"]) == 44


def test_every_batch_rule_is_documented_and_in_the_national_profile():
    for rid in ("B001", "B002", "B003", "B004", "B005"):
        r = rules.get(rid)
        assert r.scope == "batch" and r.clause and r.title.zh and r.hint.zh and len(r.doc) > 40
        assert PROFILE.enabled(rid)


def test_quota_counts_in_json_and_sheet(tmp_path):
    """Acceptance 5: several unions, passing and failing projects; counts and shortfalls."""
    batch = tmp_path / "batch"
    plan = [("北京市教育工会", True), ("北京市教育工会", True), ("北京市教育工会", False),
            ("上海市医务工会", True), ("吉林省文化体育旅游工会", True), ("吉林省文化体育旅游工会", True)]
    names = ["数控车床快速对刀装置的研制", "病房输液架移动挂钩的设计", "实验室废液分类回收系统",
             "图书馆自动分拣推车", "舞台灯光快速吊挂工具", "档案库房防潮监测方法"]
    for i, ((union, ok), name) in enumerate(zip(plan, names, strict=True)):
        make_project(batch / f"p{i}", name, union=union)
        if not ok:
            (batch / f"p{i}" / "audio" / "成果讲解.mp3").unlink()  # A001: fails
    ignore = [a for rid in MEDIA_SIZE_RULES for a in ("--ignore", rid)]
    _, report = run_json(batch, *ignore, "--jobs", "1", "--report", tmp_path / "r.xlsx")
    quota = [(q["union"], q["minimum"], q["submitted"], q["passed"], q["shortfall"]) for q in report["quota"]]
    expected = [("北京市教育工会", 5, 3, 2, 3), ("吉林省文化体育旅游工会", 2, 2, 2, 0), ("上海市医务工会", 5, 1, 1, 4)]
    assert quota == expected
    b004 = {b["message"].split("：")[0]: b["severity"] for b in report["batch_findings"] if b["rule"] == "B004"}
    assert b004 == {"北京市教育工会": "warning", "吉林省文化体育旅游工会": "info", "上海市医务工会": "warning"}
    sheet = load_workbook(tmp_path / "r.xlsx")["配额"]
    assert [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)] == expected


def test_b001_pair_fails_everywhere(tmp_path):
    """Honest totals: two otherwise clean projects with one name are 不通过 in the console, JSON, 汇总,
    配额 (not counted toward the quota), --fixlists and the exit code; a third, different one passes."""
    from tests.batch_helpers import run_cli

    batch, out = tmp_path / "batch", tmp_path / "out"
    for folder, name in (("p1", "数控车床快速对刀装置的研制"), ("p2", "数控车床快速对刀装置的研制"),
                         ("p3", "病房输液架移动挂钩的设计")):
        make_project(batch / folder, name, union="吉林省文化体育旅游工会")
    ignore = [a for rid in MEDIA_SIZE_RULES for a in ("--ignore", rid)]
    out.mkdir()
    code, report = run_json(batch, *ignore, "--jobs", "1", "--report", out / "r.xlsx", "--fixlists", out / "整改")
    assert code == 1
    status = {p["path"].rsplit("/", 1)[-1]: (p["status"], p["errors"], p["batch_errors"]) for p in report["projects"]}
    assert status == {"p1": ("fail", 1, 1), "p2": ("fail", 1, 1), "p3": ("pass", 0, 0)}
    # one B001 is one error, although it fails both projects; the B004 shortfall is one warning
    assert {k: report["summary"][k] for k in ("passed", "failed", "errors", "warnings")} == \
        {"passed": 1, "failed": 2, "errors": 1, "warnings": 1}
    assert [(q["submitted"], q["passed"], q["shortfall"]) for q in report["quota"]] == [(3, 1, 1)]
    b004 = [b for b in report["batch_findings"] if b["rule"] == "B004"]
    assert [b["severity"] for b in b004] == ["warning"] and "通过 1 个" in b004[0]["message"]
    wb = load_workbook(out / "r.xlsx")
    assert sorted(row[3].value for row in wb["汇总"].iter_rows(min_row=2)) == ["不通过", "不通过", "通过"]
    assert [[c.value for c in row] for row in wb["配额"].iter_rows(min_row=2)] == [["吉林省文化体育旅游工会", 2, 3, 1, 1]]
    lists = sorted((out / "整改").iterdir())
    assert len(lists) == 2
    for text, other in zip((p.read_text(encoding="utf-8-sig") for p in lists), ("p2", "p1"), strict=True):
        assert "B001" in text and f"batch/{other}" in text and "必须修改" in text
        # its head counts what it lists: the B001 it shares; not the union's quota (B004), the clerk's
        head = f"错误 {text.count('【必须修改】')} 个，警告 {text.count('【建议修改】')} 个"
        assert head in text and "B004" not in text, text
    table = run_cli("check", str(batch), *ignore, "--jobs", "1", "--quiet")
    assert table.returncode == 1
    assert "共 3 个项目：1 个通过，2 个不通过；错误 1 个（其中整个批次 1 个），警告 1 个" in table.stdout


def test_waived_b001_does_not_fail_the_pair(tmp_path):
    batch = tmp_path / "batch"
    for folder in ("p1", "p2"):
        make_project(batch / folder, "数控车床快速对刀装置的研制", union="吉林省文化体育旅游工会")
    ignore = [a for rid in [*MEDIA_SIZE_RULES, "B001"] for a in ("--ignore", rid)]
    code, report = run_json(batch, *ignore, "--jobs", "1")
    assert code == 0 and report["summary"]["failed"] == 0


def test_b002_six_editions_of_one_title_are_one_finding():
    names = [f"小孔大背面结构件自动折叠反刮刀具的研制与应用（第{n}版）" for n in range(1, 7)]
    found = run("B002", [result(f"p{n}", name) for n, name in enumerate(names, 1)])
    assert len(found) == 1 and found[0].projects == tuple(f"p{n}" for n in range(1, 7))
    assert found[0].message.zh.startswith("6 个项目的创新成果名称彼此几乎相同")
    assert all(f"「{name}」" in found[0].message.zh for name in names)


def test_the_summary_line_says_which_errors_belong_to_the_whole_batch():
    """A Jiangsu batch whose only error is the nominator's (公示 dates) passes every project: "0 个不通过；错误 1 个"
    alone sent the clerk looking for a failing project."""
    from wuxiao_cli.report import Report
    from wuxiao_cli.report.table import summary_line

    publicity = {"rule": "J013", "severity": "error", "message": "公示不足 5 个工作日"}
    waived = {"rule": "J004", "severity": "error", "message": "一线比例", "waived": True}
    line = summary_line(Report("jiangsu-2023", [], batch_findings=[publicity, waived]))
    assert line == "共 0 个项目：0 个通过，0 个不通过；错误 1 个（其中整个批次 1 个），警告 0 个。"
    assert "整个批次" not in summary_line(Report("jiangsu-2023", [], batch_findings=[waived]))
