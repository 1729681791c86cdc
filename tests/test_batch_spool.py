"""A batch's results kept in a temporary file (batch.spool, issue 16: the parent's memory stays flat),
read back by the batch rules and the reporters exactly as the list they replace."""

from __future__ import annotations

import io
import json

import pytest

from tests.batch_helpers import UNIONS, make_project
from wuxiao_cli.batch import spool
from wuxiao_cli.batch.duplicates import MediaFile, sizes_shared
from wuxiao_cli.batch.runner import run_batch
from wuxiao_cli.engine import Options
from wuxiao_cli.ops import check_projects
from wuxiao_cli.profile import load_profile
from wuxiao_cli.report.json_report import dump_json


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("spool")
    for i, name in enumerate(["甲装置的研制", "乙装置的研制", "丙装置的研制", "甲装置的研制"]):
        make_project(root / f"p{3 - i}", name, union=UNIONS[i % 2], tag=f"p{i}")
    return root


def roots(batch):
    return [(p, p.as_posix()) for p in sorted(batch.iterdir())]


def test_results_come_back_sorted_equal_and_charged(batch, monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 1024)  # a few results already go to disk
    prof = load_profile("national-2024")
    results = run_batch(roots(batch)[::-1], prof, Options())
    assert results.on_disk  # the batch's process does not hold them
    paths = [r.path for r in results]
    assert paths == sorted(paths) and len(results) == 4 and results[-1].path == paths[-1]
    again = list(results)
    assert [r.findings for r in again] == [r.findings for r in results]  # read back as often as needed
    before = results[0].errors
    results.charge([paths[0], "not in the batch"])
    assert results[0].errors == before + 1 and results[0].batch_errors == 1 and results[1].batch_errors == 0
    results.close()


def test_a_batch_report_is_the_same_whether_its_projects_are_made_lazily_or_listed(batch):
    prof = load_profile("national-2024")
    checked = check_projects(roots(batch), [batch], prof, Options(), jobs=1)
    b001 = [b for b in checked.data["batch_findings"] if b["rule"] == "B001"]
    assert len(b001) == 1 and len(b001[0]["projects"]) == 2  # the two 甲装置 charged …
    charged = [p for p in checked.data["projects"] if p["batch_errors"]]
    assert sorted(p["path"] for p in charged) == sorted(b001[0]["projects"])  # … and it shows in each read
    lazy, listed = io.StringIO(), checked.report.to_dict()
    dump_json(checked.data, lazy)
    listed["quota"] = checked.data["quota"]
    assert lazy.getvalue() == json.dumps(listed, ensure_ascii=False, indent=2) + "\n"
    assert all(p["status"] == "fail" for p in charged) and not checked.report.ok  # the charged pair fails
    assert checked.data["summary"]["failed"] == sum(p["status"] == "fail" for p in listed["projects"])


def test_only_sizes_two_projects_share_are_kept_for_b003():
    media = [MediaFile("p1", "photos/a.jpg", "/x/a", 100), MediaFile("p1", "photos/b.jpg", "/x/b", 200),
             MediaFile("p1", "photos/c.jpg", "/x/c", 200),  # one project's two files of a size: no tie
             ("p2", "photos/d.jpg", "/y/d", 100), MediaFile("p2", "videos/e.mp4", "/y/e", 300)]
    reads = []

    def read():
        reads.append(1)
        return iter(media)

    assert [(m.project, m.rel) for m in sizes_shared(read)] == [("p1", "photos/a.jpg"), ("p2", "photos/d.jpg")]
    assert len(reads) == 2


def test_report_pictures_are_kept_apart_and_read_only_by_the_html_report(batch, monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 1024)
    prof = load_profile("national-2024")
    results = run_batch(roots(batch), prof, Options(), cards=True)
    assert results.on_disk and all(r.cards is None and r.bars is None for r in results)  # the rules' reads skip them
    pictures = list(results.pictures())
    assert [p for p, _, _ in pictures] == [r.path for r in results]  # every project, in path order
    for _path, cards, bars in pictures:
        assert any(c.thumb for c in cards if c.file.startswith("photos/"))  # the photos' thumbnails
        assert {b.label for b in bars} >= {"成果简介"} and all(b.count > 0 for b in bars)  # 字数 counted in the worker
    plain = run_batch(roots(batch), prof, Options())
    assert list(plain.pictures()) == []  # none asked for, none made
    results.close()
    plain.close()
