"""Every finding cites a clause of its own profile's notice (issue 12): the profile maps rule ID → clause."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import invoke_cli

from wuxiao_cli import rules
from wuxiao_cli.clauses import profile_clauses
from wuxiao_cli.profile import Profile, builtin_ids, load_profile

EXAMPLES = Path(__file__).parents[1] / "examples"


def uncited(profile: Profile) -> dict[str, str]:
    """Rule ID → citation, for the profile's rules whose citation is not a clause of its notice."""
    known = profile_clauses(profile)
    cited = [*rules.for_profile(profile, scope=None), rules.get("B005"), rules.get("B006")]  # any batch may stamp them
    return {r.id: profile.clause_of(r) for r in cited if profile.clause_of(r) not in known}


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_every_rule_of_a_profile_cites_its_own_notice(profile_id):
    assert uncited(load_profile(profile_id)) == {}


def test_a_citation_missing_from_the_notice_is_caught():
    jiangsu = load_profile("jiangsu-2023")
    data = {**jiangsu.data, "clauses": {**jiangsu.data["clauses"], "V002": "附件3 第16项"}}  # the national clause
    assert uncited(Profile(data, jiangsu.source)) == {"V002": "附件3 第16项"}


def test_jiangsu_cites_its_form_not_the_national_annex():
    """附件3 is the national form but Jiangsu's 领域类别 table: only the 领域类别 rule may cite it there."""
    jiangsu = load_profile("jiangsu-2023")
    cites_annex3 = {r.id for r in rules.for_profile(jiangsu, scope=None) if jiangsu.clause_of(r).startswith("附件3")}
    assert cites_annex3 == {"S015"}
    assert jiangsu.clause_of(rules.get("F030")) == jiangsu.clause_of(rules.get("F031")) == "附件2"


def test_shared_rules_cite_the_profile_notice():
    jiangsu, roadshow = load_profile("jiangsu-2023"), load_profile("roadshow-2024")
    assert jiangsu.clause_of(rules.get("F025")) == "附件2 三(一)(二)"
    assert jiangsu.clause_of(rules.get("V002")) == "附件2 三(三)"
    assert roadshow.clause_of(rules.get("V005")) == "附件4 ②"
    assert roadshow.clause_of(rules.get("Q004")) == "附件4 ④"
    assert load_profile("national-2024").clause_of(rules.get("V005")) == "附件3 第16项"


@pytest.mark.parametrize("profile_id, folder", [("jiangsu-2023", "jiangsu-batch"), ("roadshow-2024", "roadshow-project"),
                                               ("national-2024", "flawed-project")])
def test_findings_of_the_examples_cite_their_notice(profile_id, folder, tmp_path):
    import json
    import shutil

    known = profile_clauses(load_profile(profile_id))
    project = shutil.copytree(EXAMPLES / folder, tmp_path / folder)
    (project / "form.docx").unlink(missing_ok=True)  # F001 and friends: the roadshow example is otherwise clean
    proc = invoke_cli("check", "--profile", profile_id, str(project), "-f", "json", "--quiet")
    data = json.loads(proc.stdout)
    findings = [f for p in data.get("projects", [data]) for f in p.get("findings", [])]
    findings += data.get("batch_findings", [])
    assert findings, "the example gives findings to look at"
    assert sorted({f["clause"] for f in findings if f["clause"] not in known}) == []


def test_explain_prints_the_notice_clause_of_the_profile():
    proc = invoke_cli("explain", "V005", "--profile", "roadshow-2024")
    assert proc.returncode == 0
    assert "附件4 ②（roadshow-2024）" in proc.stdout and "视频时长 5 分钟以内" in proc.stdout
    proc = invoke_cli("explain", "F025", "--profile", "jiangsu-2023")
    assert "附件2 三(一)(二)" in proc.stdout and "图片一组(限4张)" in proc.stdout
    assert "附件3 第16项" in invoke_cli("explain", "V005").stdout
    assert "不运行这条规则" in invoke_cli("explain", "S021", "--profile", "national-2024").stdout
    assert "不运行" not in proc.stdout


def test_shared_media_cites_the_media_items_not_the_name_item():
    """B003 (the same photo/video/audio in two projects) is about what the media show, not 附件3 第8项 (the name)."""
    national = load_profile("national-2024")
    clause = national.clause_of(rules.get("B003"))
    assert clause == "附件3 第15、16、18项"
    assert "表示出成果内容" in profile_clauses(national)[clause]
