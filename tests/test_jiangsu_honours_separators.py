"""S008 on a real Jiangsu form.docx: 个人荣誉 lines written with ，、 or wide gaps instead of ｜ are read
when that is unambiguous (three parts, a year first); otherwise the message says the ｜ is missing."""

from __future__ import annotations

import json
import shutil

import docx
import pytest

from tests.conftest import EXAMPLES, invoke_cli
from wuxiao_cli.profile import load_profile
from wuxiao_cli.project import Project

EXAMPLE = EXAMPLES / "jiangsu-batch" / "01-刀具快换夹具"


def _docx_project(tmp_path, honours: list[str]):
    """The example project with its form.toml written into the form.docx `init` makes, 个人荣誉 as given."""
    profile = load_profile("jiangsu-2023")
    data = Project(EXAMPLE, profile).form.data
    root = shutil.copytree(EXAMPLE, tmp_path / "01-刀具快换夹具")
    (root / "form.toml").unlink()
    blank = tmp_path / "blank"
    assert invoke_cli("init", str(blank), "--profile", "jiangsu-2023").returncode == 0
    fields = profile.form_schema.fields
    labels = {spec.label: key for key, spec in fields.items()}
    document = docx.Document(str(blank / "form.docx"))
    for row in document.tables[0].rows:
        key = labels[row.cells[0].paragraphs[0].text.removeprefix("* ")]
        value = data.get(key)
        if key == "honors":
            value = "\n".join(honours)
        elif isinstance(value, list):
            columns = fields[key].schema.get("x-columns", [])
            value = "\n".join("｜".join(r.get(c, "") for c in columns) for r in value)
        if value is not None:
            row.cells[1].text = str(value)
    document.save(str(root / "form.docx"))
    return root


def _s008(root) -> list[str]:
    result = invoke_cli("check", str(root), "--profile", "jiangsu-2023", "--format", "json")
    return [f["message"] for p in json.loads(result.stdout)["projects"] for f in p["findings"] if f["rule"] == "S008"]


@pytest.mark.parametrize("line", ["2020年，无锡市技术能手，无锡市人社局", "2020、无锡市技术能手、无锡市人社局",
                                  "2020年  无锡市技术能手  无锡市人社局", "2020, 无锡市技术能手, 无锡市人社局"])
def test_unambiguous_lines_without_the_bar_are_accepted(tmp_path, line):
    assert _s008(_docx_project(tmp_path, ["2021｜无锡市五一劳动奖章｜无锡市总工会", line])) == []


@pytest.mark.parametrize("line", ["2020年，无锡市技术能手", "无锡市技术能手，无锡市人社局，2020年",
                                  "2020年，无锡市技术能手，无锡市人社局，另有说明"])
def test_ambiguous_lines_say_the_bar_is_missing(tmp_path, line):
    [message] = _s008(_docx_project(tmp_path, ["2021｜无锡市五一劳动奖章｜无锡市总工会", line]))
    assert f"第 2 项「{line}」没有用“｜”分隔年份、奖项名称、授奖单位" in message
    assert "缺少" not in message
