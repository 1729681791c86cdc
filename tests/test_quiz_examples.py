"""examples/: the good bank passes against its 6.0 s video (tools/make_examples.py); the flawed bank shows a spread of Q rules."""

from __future__ import annotations

import shutil

import pytest
from quiz_example_banks import FLAWED, FLAWED_ROWS, GOOD, GOOD_ROWS
from quiz_helpers import make_mp4, quiz_findings, rule_ids

from wuxiao_cli.quiz.loader import cell_text, open_bank
from wuxiao_cli.quiz.sources import origin, time_ranges


def committed_rows(path):
    with open_bank(path) as bank:
        return [list(cells.values()) for _, cells in bank.rows()]


@pytest.mark.parametrize("path,rows", [(GOOD, GOOD_ROWS), (FLAWED, FLAWED_ROWS)])
def test_committed_banks_hold_the_documented_rows(path, rows):
    assert committed_rows(path) == [[cell_text(c) for c in row] for row in rows]
    assert path.stat().st_size < 50_000


GOOD_VIDEO_SECONDS = 6.0  # the length of examples/good-project/videos/跟刀架-现场演示.mp4


def in_project(tmp_path, bank, video_seconds=GOOD_VIDEO_SECONDS):
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(bank, root / "quizbank.xlsx")
    make_mp4(root / "videos" / "跟刀架-现场演示.mp4", video_seconds)
    return root


def test_good_bank_passes_with_its_video(tmp_path):
    assert quiz_findings(in_project(tmp_path, GOOD)) == []


def test_good_bank_is_drawn_from_text_and_video_within_its_length():
    sources = [row[11] for row in GOOD_ROWS]
    assert len(GOOD_ROWS) >= 20
    video = [s for s in sources if origin(s)[0]]
    assert video and len(video) < len(sources)
    for s in video:
        ranges, bad = time_ranges(s)
        assert ranges and not bad and all(0 <= r.start < r.end <= GOOD_VIDEO_SECONDS for r in ranges), s


def test_good_bank_would_warn_against_a_shorter_video(tmp_path):
    found = quiz_findings(in_project(tmp_path, GOOD, video_seconds=4.0))
    assert rule_ids(found) == {"Q014"}


def test_flawed_bank_triggers_many_q_rules(tmp_path):
    found = rule_ids(quiz_findings(in_project(tmp_path, FLAWED)))
    assert found >= {"Q004", "Q005", "Q007", "Q008", "Q009", "Q010", "Q011", "Q012", "Q013", "Q014", "Q015",
                     "Q016", "Q017", "Q020"}


def test_the_example_projects_themselves():
    for root, expect_clean in ((GOOD.parent, True), (FLAWED.parent, False)):
        found = quiz_findings(root)
        assert (found == []) is expect_clean, found
