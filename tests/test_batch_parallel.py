"""Acceptance 2 and 3: parallel results identical to in-process ones, in a stable order; one project
that hangs or crashes its worker becomes a B005 finding while every other project is still reported."""

import json

import pytest

from tests.batch_helpers import UNIONS, make_project, run_json

N = 32
TOPICS = ["数控车床快速对刀", "高压开关柜闭锁", "输液架移动挂钩", "实验室废液回收", "图书自动分拣", "体育器材收纳",
          "电缆剥皮辅助", "病房呼叫定位", "舞台灯光吊挂", "档案防潮监测", "教学楼节水阀", "标本转运保温",
          "手术器械清点", "仪器预约看板", "食堂餐盘回收", "校车安全检测"]
KINDS = ["装置", "工具", "系统", "方法"]


def batch_names() -> list[str]:
    return [f"{TOPICS[i % len(TOPICS)]}{KINDS[i // len(TOPICS)]}的研制" for i in range(N)]


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    """32 projects: unions spread, one same-name pair, one shared photo, one project missing its audio."""
    root = tmp_path_factory.mktemp("batch")
    names = batch_names()
    names[7] = names[3]  # B001
    for i, name in enumerate(names):
        make_project(root / f"项目{i:02d}", name, union=UNIONS[i % len(UNIONS)])
    (root / "项目05" / "audio" / "成果讲解.mp3").unlink()  # A001 in one project
    (root / "项目09" / "photos" / "装置全貌1.jpg").write_bytes((root / "项目01" / "photos" / "装置全貌1.jpg").read_bytes())
    return root


def test_jobs_1_and_4_give_identical_json_twice(big_batch):
    code1, one = run_json(big_batch, "--jobs", "1")
    code4, four = run_json(big_batch, "--jobs", "4")
    _, again = run_json(big_batch, "--jobs", "4")
    assert code1 == code4 == 1
    assert len(one["projects"]) == N
    assert [p["path"] for p in one["projects"]] == sorted(p["path"] for p in one["projects"])
    assert json.dumps(one, sort_keys=True) == json.dumps(four, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert {b["rule"] for b in one["batch_findings"]} >= {"B001", "B003", "B004"}
    assert "B002" not in {b["rule"] for b in one["batch_findings"]}  # the generated names are distinct enough


def test_hanging_and_crashing_projects_are_findings_not_failures(big_batch):
    # Test hooks read only by worker processes (wuxiao_cli/batch/runner.py): a folder name.
    env = {"WUXIAO_TEST_HANG": "项目04", "WUXIAO_TEST_CRASH": "项目11"}
    code, report = run_json(big_batch, "--jobs", "2", "--timeout", "3", env=env)
    _, normal = run_json(big_batch, "--jobs", "2")
    assert code == 1
    assert len(report["projects"]) == N
    by_path = {p["path"]: p for p in report["projects"]}
    hung = next(p for path, p in by_path.items() if path.endswith("项目04"))
    crashed = next(p for path, p in by_path.items() if path.endswith("项目11"))
    assert [f["rule"] for f in hung["findings"]] == ["B005"]
    assert "超过 3 秒" in hung["findings"][0]["message"] and hung["status"] == "fail"
    assert [f["rule"] for f in crashed["findings"]] == ["B005"]
    assert "意外退出" in crashed["findings"][0]["message"]
    # every other project is reported exactly as in a normal run
    others = [p for p in report["projects"] if p is not hung and p is not crashed]
    expected = [p for p in normal["projects"] if not p["path"].endswith(("项目04", "项目11"))]
    assert others == expected


def test_in_process_run_ignores_the_worker_hooks(big_batch):
    env = {"WUXIAO_TEST_CRASH": "项目11"}
    _, report = run_json(big_batch / "项目11", big_batch / "项目12", "--jobs", "1", env=env)
    assert all(f["rule"] != "B005" for p in report["projects"] for f in p["findings"])
