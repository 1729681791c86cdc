"""Acceptance 4: --baseline marks 新增 / 仍存在 and lists 已修复; --fixlists writes one 整改清单 per failing
project and none for passing ones, never inside a project folder."""

import json
from pathlib import Path

import pytest
from conftest import REPO, invoke_cli

from tests.batch_helpers import (
    MEDIA_SIZE_RULES,
    form_fields,
    make_project,
    run_cli,
    run_json,
    snapshot,
    write_form_toml,
)
from wuxiao_cli.batch.baseline import BASELINE_BYTES

# In process (--jobs 1): parallelism is tested in test_batch_parallel.py; this keeps these tests quick.
IGNORE = [arg for rid in MEDIA_SIZE_RULES for arg in ("--ignore", rid)] + ["--jobs", "1"]


@pytest.fixture
def rounds(tmp_path):
    batch = tmp_path / "batch"
    a = form_fields("数控车床快速对刀装置的研制与应用")
    a.update(phone="12345", category="技术革新")  # F015 + F017
    make_project(batch / "甲", "", fields=a)
    make_project(batch / "乙", "高压开关柜带电显示闭锁装置的改进")
    make_project(batch / "丙", "病房输液架移动挂钩的设计与推广")
    code, first = run_json(batch, *IGNORE)
    assert code == 1
    old = tmp_path / "第一轮.json"
    old.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    # Round 2: 甲 fixes both, 乙 gets a new problem (F024).
    write_form_toml(batch / "甲" / "form.toml", form_fields("数控车床快速对刀装置的研制与应用"))
    b = form_fields("高压开关柜带电显示闭锁装置的改进")
    b["new_quality"] = "不确定"
    write_form_toml(batch / "乙" / "form.toml", b)
    return batch, old, first


def test_baseline_reports_two_fixed_one_new(rounds, tmp_path):
    batch, old, first = rounds
    code, second = run_json(batch, *IGNORE, "--baseline", old)
    assert code == 1
    base = second["summary"]["baseline"]
    assert (base["new"], base["fixed_count"]) == (1, 2)
    assert base["persisting"] == sum(len(p["findings"]) for p in second["projects"]) + len(second["batch_findings"]) - 1
    assert sorted((f["project"].rsplit("/", 1)[-1], f["rule"]) for f in base["fixed"]) == [("甲", "F015"), ("甲", "F017")]
    by_name = {p["path"].rsplit("/", 1)[-1]: p for p in second["projects"]}
    assert [f["rule"] for f in by_name["甲"]["fixed"]] == ["F015", "F017"]
    new = [(p, f["rule"]) for p, proj in by_name.items() for f in proj["findings"] if f["baseline"] == "new"]
    assert new == [("乙", "F024")]
    assert by_name["丙"]["fixed"] == []


def test_baseline_of_an_unchanged_batch_has_nothing_new_or_fixed(rounds, tmp_path):
    batch, _, _ = rounds
    _, now = run_json(batch, *IGNORE)
    same = tmp_path / "same.json"
    same.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
    _, again = run_json(batch, *IGNORE, "--baseline", same)
    base = again["summary"]["baseline"]
    assert (base["new"], base["fixed_count"]) == (0, 0)
    assert base["persisting"] > 0


def test_reports_written_with_the_old_chinese_keys_still_work_as_baselines(rounds, tmp_path):
    """Before schema_version 1 the marks were 新增/仍存在/已修复; such a report is still a valid baseline."""
    batch, old, first = rounds
    legacy = json.loads(old.read_text(encoding="utf-8"))
    legacy.pop("schema_version")
    legacy["summary"]["baseline"] = {"against": "更早.json", "新增": 3, "仍存在": 0, "已修复": 0, "fixed": []}
    for p in legacy["projects"]:
        for f in p["findings"]:
            f["baseline"] = "新增"
    older = tmp_path / "旧版报告.json"
    older.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    _, second = run_json(batch, *IGNORE, "--baseline", older)
    base = second["summary"]["baseline"]
    assert (base["new"], base["fixed_count"]) == (1, 2)


def test_baseline_shows_in_table_and_workbook(rounds, tmp_path):
    from openpyxl import load_workbook

    batch, old, _ = rounds
    proc = run_cli("check", batch, *IGNORE, "--baseline", old, "--quiet", "--report", tmp_path / "r.xlsx")
    assert "新增 1 个" in proc.stdout and "已修复 2 个" in proc.stdout
    ws = load_workbook(tmp_path / "r.xlsx")["问题明细"]
    marks = [ws.cell(r, ws.max_column).value for r in range(2, ws.max_row + 1)]
    assert marks.count("新增") == 1 and marks.count("已修复") == 2


def test_bad_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    proc = run_cli("check", "examples/batch", "--baseline", bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    other = tmp_path / "y.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    assert run_cli("check", "examples/batch", "--baseline", other).returncode == 2


def test_a_baseline_or_waivers_file_nested_too_deep_is_a_usage_error_not_ours(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    proc = invoke_cli("check", "examples/good-project", "--baseline", deep)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"wuxiao: {deep} 不是 wuxiao 的 JSON 报告（请用 `wuxiao check --format json -o 文件` 生成）"]
    waivers = tmp_path / "w.toml"
    waivers.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = invoke_cli("check", "examples/good-project", "--waivers", waivers)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "嵌套过深" in proc.stderr and "内部错误" not in proc.stderr and "反馈" not in proc.stderr


def test_fixlists_one_per_failing_project_only(rounds, tmp_path):
    batch, _, _ = rounds
    before = snapshot(batch)
    out = tmp_path / "整改清单"
    proc = run_cli("check", batch, *IGNORE, "--fixlists", out, "--quiet")
    assert proc.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["高压开关柜带电显示闭锁装置的改进-整改清单.txt"]
    text = (out / "高压开关柜带电显示闭锁装置的改进-整改清单.txt").read_text(encoding="utf-8-sig")
    assert text.startswith("《高压开关柜带电显示闭锁装置的改进》整改清单")
    assert "1. 【必须修改】form.toml、栏目「是否为新质生产力」" in text
    assert "问题：" in text and "修改方法：" in text and "F024" in text
    raw = (out / "高压开关柜带电显示闭锁装置的改进-整改清单.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM + CRLF: Notepad shows it right
    assert "与其他项目的关系" not in text and "B004" not in text  # the union's quota is the clerk's, not the worker's
    assert snapshot(batch) == before  # nothing written into the projects


def test_no_fixlists_when_everything_passes(tmp_path):
    batch = tmp_path / "b"
    make_project(batch / "一", "数控车床快速对刀装置的研制与应用")
    make_project(batch / "二", "高压开关柜带电显示闭锁装置的改进")
    out = tmp_path / "lists"
    proc = run_cli("check", batch, *IGNORE, "--fixlists", out, "--quiet")
    assert proc.returncode == 0, proc.stdout
    assert list(out.iterdir()) == []


def test_write_failures_say_why_in_chinese(rounds, tmp_path):
    """The OS's English reason becomes a Chinese one; the Excel/WPS advice only where it can be the cause."""
    batch, _, _ = rounds
    taken = tmp_path / "整改清单"
    taken.write_text("", encoding="utf-8")  # a file where the folder should go
    proc = run_cli("check", batch, *IGNORE, "--fixlists", taken, "--quiet")
    assert proc.returncode == 2 and "已有同名文件" in proc.stderr and "File exists" not in proc.stderr
    proc = run_cli("check", batch, *IGNORE, "--report", tmp_path / "nope" / "r.xlsx", "--quiet")
    assert proc.returncode == 2 and "文件夹不存在" in proc.stderr and "Excel/WPS" not in proc.stderr


def test_a_baseline_over_its_size_cap_is_refused_unread(tmp_path):
    """A 65 MB file (sparse: nothing is written) is not a report anyone made; json would hold ~4 times it."""
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:
        fh.truncate(BASELINE_BYTES + 1)
    proc = invoke_cli("check", "examples/good-project", "--baseline", huge)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"wuxiao: 基线报告 {huge} 过大：文件 64.01 MB（67,108,865 字节），超过上限 64 MB（67,108,864 字节），未读取；"
        "请给出 `wuxiao check --format json -o 文件` 生成的报告"]


def test_baseline_in_the_terminal_names_what_was_fixed_and_what_is_new(rounds):
    batch, old, _ = rounds
    text = invoke_cli("check", batch, *IGNORE, "--baseline", old).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "已修复 F015 甲 form.toml 联系电话" in lines and "已修复 F017 甲 form.toml 成果类别" in lines, text
    assert "新增 F024 乙 form.toml 是否为新质生产力" in lines, text


def test_the_same_batch_typed_another_way_or_copied_is_matched_project_by_project(rounds, tmp_path):
    """A re-test found round 2 typed as a relative path gave 新增 104, 仍存在 0: projects were matched by the
    path string. Now by the trailing folder names they share (甲, 乙, 丙 under batch/)."""
    import shutil

    batch, old, _ = rounds
    copy = shutil.copytree(batch, tmp_path / "另一台电脑" / "batch")
    relative = Path("..") / batch.relative_to(batch.parents[1])  # from a sibling folder: ../<tmp>/batch
    sibling = batch.parents[1] / "别处"
    sibling.mkdir()
    for label, args, cwd in (("copied", [str(copy)], REPO), ("relative", [str(relative)], sibling)):
        result = invoke_cli("check", *args, *IGNORE, "--baseline", str(old), "-f", "json", "--quiet", cwd=cwd)
        base = json.loads(result.stdout)["summary"]["baseline"]
        assert (base["new"], base["fixed_count"], base["projects_gone"]) == (1, 2, []), label
        assert sorted((f["project"].rsplit("/", 1)[-1], f["rule"]) for f in base["fixed"]) == [("甲", "F015"), ("甲", "F017")]


def test_projects_are_matched_by_their_folder_names_not_the_way_the_path_was_typed():
    from wuxiao_cli.batch.baseline import match_projects

    old = ["D:/五小/收件箱/甲", "D:/五小/收件箱/乙", "D:/五小/收件箱/二组/甲"]
    new = ["收件箱/甲", "收件箱\\乙", "E:/备份/收件箱/二组/甲", "收件箱/丁"]
    assert match_projects(new, old) == {"收件箱/甲": "D:/五小/收件箱/甲", "收件箱\\乙": "D:/五小/收件箱/乙",
                                        "E:/备份/收件箱/二组/甲": "D:/五小/收件箱/二组/甲"}
    assert match_projects(["甲"], ["/a/甲", "/b/甲"]) == {}  # two equally good: neither is guessed
    assert match_projects(["."], ["/home/张三/成果"]) == {".": "/home/张三/成果"}  # one project each
