"""jiangsu-2023 as data: the profile validates, the 提名书 schema loads through every form loader,
the S/J rules are registered and documented, and national rules stay out of the Jiangsu run."""

from __future__ import annotations

import json

import docx
import pytest
from jiangsu_helpers import GOOD_FIELDS, check, make_project, profile, rule_ids, toml_value
from typer.testing import CliRunner

from wuxiao_cli import rules
from wuxiao_cli.cli import app
from wuxiao_cli.profile import load_profile
from wuxiao_cli.rules import nominator, nominator_materials

S_IDS = [f"S{i:03d}" for i in range(1, 23)]
J_IDS = [f"J{i:03d}" for i in range(1, 16)]


def test_profile_validates_and_names_its_sections():
    p = profile()
    assert p.id == "jiangsu-2023"
    assert p.folder("photos_before") == "photos/before" and p.folder("attachments") == "attachments"
    assert p.section("videos")["max_seconds"] == 180
    assert p.section("nominators")["types"]["设区市总工会"] == {"per_category": 4, "total": 20,
                                                              "aliases": ["市总工会", "设区市"]}


@pytest.mark.parametrize("rule_id", S_IDS + J_IDS)
def test_every_jiangsu_rule_is_registered_documented_and_enabled(rule_id):
    r = rules.get(rule_id)
    assert r.clause and r.title.zh and r.title.en and r.hint.zh and r.doc
    assert profile().enabled(rule_id)
    assert not load_profile("national-2024").enabled(rule_id)
    assert r.scope == ("batch" if rule_id.startswith("J") else "project")


def test_national_rules_without_a_jiangsu_basis_are_disabled():
    p = profile()
    for rid in ("P005", "P006", "P007", "P009", "V004", "V005", "V009", "F016", "F019"):
        assert not p.enabled(rid), rid
    for rid in ("F001", "F002", "F003", "F027", "P003", "P004", "P008", "V003"):
        assert p.enabled(rid), rid


def test_batch_rules_listed_for_the_runner():
    assert [r.id for r in rules.for_profile(profile(), scope="batch")] == J_IDS
    assert [r.id for r in nominator.RULES + nominator_materials.RULES] == J_IDS


def test_rules_command_lists_s_and_j():
    out = CliRunner().invoke(app, ["rules", "--profile", "jiangsu-2023"]).output
    assert "S001\tE\t附件2 二" in out and "J004\tE\t通知 七(二)2" in out and "P005" not in out


def test_rules_and_explain_show_the_level_the_profile_applies():
    """The profile downgrades V002 and P003 to warnings, as `check` reports them: rules/explain say so too."""
    out = CliRunner().invoke(app, ["rules", "--profile", "jiangsu-2023"]).output
    assert "V002\tW\t" in out and "P003\tW\t" in out and "V003\tE\t" in out
    explained = CliRunner().invoke(app, ["explain", "V002", "--profile", "jiangsu-2023"]).output
    assert "级别：警告（规则集 jiangsu-2023 的规定；规则本身为错误）" in explained
    assert "级别：错误\n" in CliRunner().invoke(app, ["explain", "V002"]).output  # no profile: the rule's own


def _docx_value(value, columns) -> str:
    """Table fields are one row a line, cells in x-columns order separated by ｜ (empty cells kept)."""
    if isinstance(value, list):
        return "\n".join("｜".join(row.get(c, "") for c in columns) for row in value)
    return str(value)


def test_form_docx_from_init_round_trips(tmp_path):
    """`wuxiao init --profile jiangsu-2023` writes every label; filled in, it loads as the TOML form does."""
    root = tmp_path / "proj"
    result = CliRunner().invoke(app, ["init", str(root), "--profile", "jiangsu-2023"])
    assert result.exit_code == 0, result.output
    fields = profile().form_schema.fields
    document = docx.Document(str(root / "form.docx"))
    table = document.tables[0]
    assert len(table.rows) == len(fields)
    labels = {spec.label: key for key, spec in fields.items()}
    for row in table.rows:
        label = row.cells[0].paragraphs[0].text.removeprefix("* ")
        key = labels[label]
        if key in GOOD_FIELDS:
            row.cells[1].text = _docx_value(GOOD_FIELDS[key], fields[key].schema.get("x-columns", []))
    document.save(str(root / "form.docx"))
    from wuxiao_cli.project import Project

    form = Project(root, profile()).form
    # 技术职称 无 (optional, no option list) is read as blank; 学位 无 is one of its options
    assert form.data == {k: v for k, v in GOOD_FIELDS.items() if k != "title"} and form.none_written == {"title": "无"}


def test_init_readme_gives_the_jiangsu_requirements(tmp_path):
    """The README `init` writes follows the profile: not the national photos ≥3 / 1–10 MB / 300 dpi / 1920×1080,
    but 附件2's before/after photos (≤4 each), one video ≤3 min, the numbered attachments, the completer photos."""
    root = tmp_path / "proj"
    result = CliRunner().invoke(app, ["init", str(root), "--profile", "jiangsu-2023"])
    assert result.exit_code == 0, result.output
    assert "wuxiao check" in result.output and "--profile jiangsu-2023" in result.output
    readme = (root / "README.txt").read_text(encoding="utf-8-sig")
    for national in ("不少于 3 张", "MB", "dpi", "1920×1080", "成果音频", "题库"):
        assert national not in readme
    lines = readme.splitlines()

    def entry(name):
        return next(line for line in lines if line.startswith(f"  {name} "))

    assert "1–4 张" in entry("photos/before/") and "1–4 张" in entry("photos/after/")
    assert "3 分钟以内" in entry("videos/") and "只能放 1 个" in entry("videos/")
    assert "提名书（附件2）" in entry("form.docx")
    assert "2 张" in entry("completer/portrait/") and "2 张" in entry("completer/work/")
    assert "文件名以序号开头" in entry("attachments/")
    assert any(line.strip().startswith("2- 一线工人") and "必须" in line for line in lines)
    assert readme.count("wuxiao check 本文件夹 --profile jiangsu-2023") == 1
    assert "wuxiao pack 本文件夹 --profile jiangsu-2023" in readme


def test_form_json_and_toml_load_alike(tmp_path):
    a = make_project(tmp_path / "a", video_seconds=None, attachments=())
    b = tmp_path / "b"
    b.mkdir()
    (b / "form.json").write_text(json.dumps(GOOD_FIELDS, ensure_ascii=False), encoding="utf-8")
    from wuxiao_cli.project import Project

    read = {k: v for k, v in GOOD_FIELDS.items() if k != "title"}  # 技术职称 无 is read as blank
    assert Project(a, profile()).form.data == Project(b, profile()).form.data == read


def test_docx_labels_are_unique():
    fields = profile().form_schema.fields
    schema = profile().form_schema
    for key, spec in fields.items():
        assert schema.resolve(spec.label) == key
        for alias in spec.schema.get("x-aliases", ()):
            assert schema.resolve(alias) == key, alias


def test_a_good_project_has_no_error(tmp_path):
    assert rule_ids(check(make_project(tmp_path / "p")), "error") == []


def test_toml_helper_round_trips():
    import tomllib

    assert tomllib.loads(f"x = {toml_value(GOOD_FIELDS['honors'])}")["x"] == GOOD_FIELDS["honors"]
