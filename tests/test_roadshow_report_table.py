"""R007/R008 (附件4 上报单位盖章): the stamped report table scan, and `wuxiao init` giving it a place."""

from __future__ import annotations

import shutil

import pytest
from roadshow_helpers import EXAMPLE, check, findings

from tests import factories


@pytest.fixture()
def project(tmp_path):
    """The roadshow example without its report table scan."""
    root = shutil.copytree(EXAMPLE, tmp_path / "p")
    shutil.rmtree(root / "report-table")
    return root


def test_the_example_has_a_stamped_table(tmp_path):
    result = check(EXAMPLE)
    assert findings(result, "R007") == [] and findings(result, "R008") == []


def test_missing_or_empty_folder_is_an_error(project):
    found = findings(check(project), "R007")
    assert [(f.severity, f.file) for f in found] == [("error", "report-table/")] and "没有 report-table/" in found[0].message
    (project / "report-table").mkdir()
    assert "是空的" in findings(check(project), "R007")[0].message


@pytest.mark.parametrize("make, r007, r008", [
    (lambda p: factories.make_red_seal_jpeg(p / "报送表.jpg"), [], []),
    (lambda p: factories.make_red_seal_png(p / "报送表.png"), [], []),
    (lambda p: factories.make_pdf_with_image(p / "报送表.pdf", factories.make_red_seal_jpeg(p.parent / "s.jpg")), [], []),
    (lambda p: factories.make_plain_scan_jpeg(p / "报送表.jpg"), [], ["warning"]),  # black and white: no seal seen
    (lambda p: (p / "报送表.docx").write_bytes((EXAMPLE / "intro.docx").read_bytes()), ["error"], []),
    (lambda p: (p / "报送表.pdf").write_bytes(b"%PDF-1.4\n cut off"), ["error"], []),
])
def test_scan_kinds_and_the_seal_heuristic(project, make, r007, r008):
    (project / "report-table").mkdir()
    make(project / "report-table")
    result = check(project)
    assert [f.severity for f in findings(result, "R007")] == r007
    assert [f.severity for f in findings(result, "R008")] == r008
    if r008:
        assert "启发式" in findings(result, "R008")[0].message


def test_a_profile_without_the_role_asks_for_no_table(project):
    from wuxiao_cli.profile import Profile, load_profile

    roadshow = load_profile("roadshow-2024")
    layout = {k: v for k, v in roadshow.data["layout"].items() if k != "report_table"}
    assert findings(check(project, Profile({**roadshow.data, "layout": layout}, roadshow.source)), "R007") == []


def test_init_scaffolds_the_report_table_folder(cli, tmp_path):
    assert cli("init", str(tmp_path / "new"), "--profile", "roadshow-2024").returncode == 0
    assert (tmp_path / "new" / "report-table").is_dir()
    assert "report-table/" in (tmp_path / "new" / "README.txt").read_text(encoding="utf-8-sig")
