"""The three notices end to end through the CLI, after every rule family is wired together."""

from __future__ import annotations

import json
import shutil

from tests.conftest import EXAMPLES, REPO


def test_roadshow_example_passes_including_its_quiz_bank(cli):
    result = cli("check", "--profile", "roadshow-2024", str(EXAMPLES / "roadshow-project"), "--format", "json")
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0


def test_user_roadshow_profile_raises_the_question_minimum(cli, tmp_path):
    profile = json.loads((REPO / "schemas/profiles/roadshow-2024.json").read_text(encoding="utf-8"))
    profile["id"] = "roadshow-custom"
    profile["quiz"]["min_questions"] = 30
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "roadshow-project", project)
    builtin = json.loads(cli("check", "--profile", "roadshow-2024", str(project), "-f", "json").stdout)
    custom = cli("check", "--profile", str(path), str(project), "-f", "json")
    assert custom.returncode == 1
    q004 = [f for f in json.loads(custom.stdout)["projects"][0]["findings"] if f["rule"] == "Q004"]
    assert len(q004) == 1 and "30" in q004[0]["message"]
    assert not [f for f in builtin["projects"][0]["findings"] if f["rule"] == "Q004"]


def test_jiangsu_batch_runs_nominator_rules(cli):
    result = cli("check", "--profile", "jiangsu-2023", str(EXAMPLES / "jiangsu-batch"), "-f", "json", "--quiet")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["projects"] >= 5
    assert {b["rule"] for b in report["batch_findings"]} == {"J002", "J003", "J005"}
    # every project an error-level J finding names fails (honest totals), the others pass; each finding
    # is counted once in the summary
    errors = [b for b in report["batch_findings"] if b["severity"] == "error"]
    named = [p for b in errors for p in b["projects"]]
    assert report["summary"]["errors"] == len(errors)
    # J002 (各 1 项) fails only the 小革新 the order puts second: 01, as J003 fails only 06
    by_rule = {b["rule"]: [p.rsplit("/", 1)[-1] for p in b["projects"]] for b in errors}
    assert (by_rule["J002"], by_rule["J003"]) == (["01-刀具快换夹具"], ["06-工装夹具"])
    assert {p["path"] for p in report["projects"] if p["status"] == "fail"} == set(named)
    assert "quota" not in report  # 附件2 quotas belong to the national collection


def test_jiangsu_batch_example_says_it_fails_on_purpose():
    """A clerk (or a tester) opening the failing demo reads why it fails before running it."""
    readme = (EXAMPLES / "jiangsu-batch" / "README.txt").read_text(encoding="utf-8-sig")
    assert "故意不通过" in readme and all(rule in readme for rule in ("J002", "J003", "J005"))


def test_national_batch_example(cli):
    result = cli("check", str(EXAMPLES / "batch"), "-f", "json", "--quiet")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert "B001" in {b["rule"] for b in report["batch_findings"]}
    assert report["quota"]


def test_roadshow_email_draft_has_course_table_and_netdisk_line(cli, tmp_path):
    import email
    from email import policy

    result = cli("pack", "--profile", "roadshow-2024", str(EXAMPLES / "roadshow-project"), "-o", str(tmp_path), "--eml")
    assert result.returncode == 0, result.stderr
    draft = email.message_from_bytes(next(tmp_path.glob("*.eml")).read_bytes(), policy=policy.default)
    body = draft.get_body().get_content()
    assert draft["To"] == "JKWWTWXCXCG@163.com"
    assert draft["Subject"].startswith("五小成果路演项目-")
    assert "课程名称 | 提交单位 | 完成人 | 联系电话" in body and "上报单位：" in body
    assert "网盘链接：" in body and "通知建议以百度网盘链接报送，附件4 ⑥" in body  # 附件4 ⑥ “建议”
    assert list(draft.iter_attachments()) == []  # netdisk delivery: the link the notice suggests, not attached


def test_a_profile_file_too_large_or_nested_too_deep_is_a_one_line_usage_error(cli, tmp_path):
    """The user's --profile file, not the tool: 内部错误 … 请反馈给开发者 is for our own faults only."""
    from wuxiao_cli.profile import PROFILE_BYTES

    deep, big = tmp_path / "deep.json", tmp_path / "big.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with open(big, "wb") as fh:
        fh.truncate(PROFILE_BYTES + 1)  # sparse: nothing written, nothing read
    for path, says in ((deep, f"规则集文件 {deep} 不是有效的规则集：方括号或花括号嵌套过深"),
                       (big, f"规则集文件 {big} 过大：文件 1.01 MB（1,048,577 字节），超过上限 1 MB")):
        result = cli("check", "--profile", str(path), str(EXAMPLES / "good-project"))
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert says in result.stderr and "内部错误" not in result.stderr
