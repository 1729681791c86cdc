"""A valid Jiangsu batch (the example made to pass) with one change each: the J rules fail what the notice
fails, and only that — a false 重复提名 or a whole category failed is worse than a missed warning."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

NOMINATOR = """name = "南京市总工会"
type = "设区市总工会"
summary = "近年来，我市持续推进职工技术创新，建设创新型班组 36 个。"
date = 2023-08-20
order = ["03-配电柜巡检", "01-刀具快换夹具", "02-焊缝打磨小车", "04-包装线换型", "05-节水建议"]

[publicity]
start = 2023-08-14
end = 2023-08-18
"""


def set_field(project: Path, key: str, value: str) -> None:
    form = project / "form.toml"
    text = form.read_text(encoding="utf-8")
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    text, n = re.subn(rf"(?m)^{key} = .*$", lambda _m: line, text)
    form.write_text(text if n else f"{line}\n{text}", encoding="utf-8")


@pytest.fixture()
def batch(tmp_path):
    """The example batch as a 设区市总工会's 5 valid projects (no 06, no senior-titled 03): it passes."""
    root = tmp_path / "batch"
    shutil.copytree(EXAMPLES / "jiangsu-batch", root, ignore=shutil.ignore_patterns("06-*"))
    set_field(root / "03-配电柜巡检", "title", "工程师")
    set_field(root / "03-配电柜巡检", "title_level", "中级")
    (root / "nominator.toml").write_text(NOMINATOR, encoding="utf-8")
    return root


def check(cli, root: Path) -> tuple[int, dict]:
    result = cli("check", "--profile", "jiangsu-2023", str(root), "-f", "json", "--quiet")
    return result.returncode, json.loads(result.stdout)


def folders(finding: dict) -> list[str]:
    return [p.replace("\\", "/").rsplit("/", 1)[-1] for p in finding["projects"]]


def test_the_valid_batch_passes(cli, batch):
    code, report = check(cli, batch)
    assert (code, report["summary"]["failed"], report["batch_findings"]) == (0, 0, [])


def test_five_of_one_category_fail_only_the_fifth_by_priority(cli, batch):
    for project in batch.iterdir():
        if (project / "form.toml").is_file():
            set_field(project, "category", "小革新")
    code, report = check(cli, batch)
    (j002,) = report["batch_findings"]
    assert (code, j002["rule"], folders(j002)) == (1, "J002", ["05-节水建议"])
    assert "按优先次序超出的是：《循环冷却水分质回用的建议》" in j002["message"]
    assert (report["summary"]["passed"], report["summary"]["failed"]) == (4, 1)


@pytest.mark.parametrize("none", ["无", "暂无", "申请中", "N/A", "0", "/", ""])
def test_projects_without_a_patent_are_not_one_project(cli, batch, none):
    set_field(batch / "01-刀具快换夹具", "patent", none)
    set_field(batch / "02-焊缝打磨小车", "patent", none)
    code, report = check(cli, batch)
    assert (code, report["batch_findings"]) == (0, [])


@pytest.mark.parametrize("first, second", [("ZL202120123456.7", "202120123456.7"),
                                           ("ZL202120123456.7", "zl２０２１２０１２３４５６．７"),
                                           ("ZL202220765432.1、ZL202120123456.7", "ZL2021201234567")])
def test_one_patent_written_two_ways_is_one_project(cli, batch, first, second):
    set_field(batch / "01-刀具快换夹具", "patent", first)
    set_field(batch / "02-焊缝打磨小车", "patent", second)
    code, report = check(cli, batch)
    (j007,) = report["batch_findings"]
    assert (code, j007["rule"], folders(j007)) == (1, "J007", ["01-刀具快换夹具", "02-焊缝打磨小车"])
    assert "专利号 ZL202120123456.7 相同" in j007["message"]
    assert "只保留其中一项提名" in j007["hint"] and "删" not in j007["hint"]


@pytest.mark.parametrize("first, second", [("CN213456789U", "CN213456789U"), ("ZL202120123456", "ZL202120123456.7"),
                                           ("ZL 2021 2012 3456.7", "ZL 2021 2012 3456.7")])
def test_the_spellings_the_retest_found_are_still_one_patent(cli, batch, first, second):
    """CN publication numbers, a number without its check digit, and spaced digits were caught before the
    parser knew only ZL…+check; they still are, and a cell naming one patent twice is one project."""
    set_field(batch / "01-刀具快换夹具", "patent", first)
    set_field(batch / "02-焊缝打磨小车", "patent", second)
    set_field(batch / "03-配电柜巡检", "patent", "ZL202220765432、ZL202220765432.1")
    code, report = check(cli, batch)
    (j007,) = report["batch_findings"]
    assert (code, j007["rule"], folders(j007)) == (1, "J007", ["01-刀具快换夹具", "02-焊缝打磨小车"])


@pytest.mark.parametrize("text, numbers", [
    ("ZL98123456.x", ["ZL98123456.X"]),  # the older 8 + 1 form
    ("ZL202120123456.7（已授权）、ZL202120123456.7", ["ZL202120123456.7"]),
    ("CN212345678U", ["CN212345678U"]), ("13812345678", []), ("0510-82345678", []), ("ZL202120123456", ["ZL202120123456"]),
    ("ZL 2021 2012 3456.7", ["ZL202120123456.7"]), ("CN2123456789U", []),
])
def test_what_is_a_patent_number(text, numbers):
    from wuxiao_cli.jiangsu.patents import patent_numbers

    assert patent_numbers(text) == numbers
