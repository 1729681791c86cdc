"""A user's profile file (next year's notice) finds its own forms/ and reference/ files beside it."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES
from profile_helpers import write_profile

from wuxiao_cli.profile import load_profile


@pytest.mark.parametrize("written", ["national-2025.json", "./national-2025.json"])
def test_a_profile_named_from_its_own_folder_reads_its_own_form_schema(tmp_path, monkeypatch, written):
    write_profile(tmp_path)
    monkeypatch.chdir(tmp_path)
    profile = load_profile(written)
    assert profile.form_schema.fields["summary"].schema["zishu"] == {"min": 300, "max": 600}


def test_check_with_a_bare_profile_file_name_uses_its_limits(cli, tmp_path):
    write_profile(tmp_path)
    result = cli("check", str(EXAMPLES / "good-project"), "--profile", "national-2025.json", "-f", "json",
                 cwd=tmp_path)
    rules = {f["rule"] for f in json.loads(result.stdout)["projects"][0]["findings"]}
    assert "B005" not in rules and "F018" in rules  # its 246-字 summary is under the 2025 minimum of 300
