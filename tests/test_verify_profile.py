"""verify follows the rule set a package records in its manifest (roadshow, Jiangsu), and says in one
line when --profile disagrees with it; the parts of one split set must agree."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, invoke_cli

ROADSHOW = EXAMPLES / "roadshow-project"
JIANGSU = EXAMPLES / "jiangsu-batch" / "01-刀具快换夹具"


def _pack(project: Path, profile: str, out: Path, *extra: str) -> list[Path]:
    result = invoke_cli("pack", str(project), "--profile", profile, "-o", str(out), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return sorted(out.glob("*.zip"))


@pytest.fixture(scope="module")
def roadshow_zip(tmp_path_factory) -> Path:
    return _pack(ROADSHOW, "roadshow-2024", tmp_path_factory.mktemp("rs"))[0]


def _verify_json(*args) -> tuple[int, dict]:
    result = invoke_cli("verify", *map(str, args), "--format", "json")
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize("project,profile", [(ROADSHOW, "roadshow-2024"), (JIANGSU, "jiangsu-2023")])
def test_verify_uses_the_profile_recorded_in_the_manifest(project, profile, tmp_path, roadshow_zip):
    package = roadshow_zip if profile == "roadshow-2024" else _pack(project, profile, tmp_path)[0]
    code, report = _verify_json(package)
    findings = [f["rule"] for p in report["projects"] for f in p["findings"] if f["severity"] == "error"]
    assert (code, findings, report["profile"]) == (0, [], profile)


def test_a_different_profile_given_is_one_usage_line(roadshow_zip):
    result = invoke_cli("verify", str(roadshow_zip), "--profile", "national-2024")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "roadshow-2024" in lines[0] and "national-2024" in lines[0]
    assert "F003" not in result.stdout + result.stderr


def test_the_same_profile_given_still_passes(roadshow_zip):
    assert _verify_json(roadshow_zip, "--profile", "roadshow-2024")[0] == 0


def _set_profile(part: Path, profile: str) -> None:
    """Rewrite the manifest's header line (the manifest does not hash itself)."""
    with zipfile.ZipFile(part) as zf:
        items = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename.endswith("/manifest-sha256.txt"):
                text = data.decode("utf-8").replace("profile roadshow-2024;", f"profile {profile};")
                data = text.encode("utf-8")
            zf.writestr(info, data)


def test_split_parts_follow_their_manifest_and_must_agree(tmp_path):
    parts = _pack(ROADSHOW, "roadshow-2024", tmp_path, "--split", "--max-mb", "0.3")
    assert len(parts) > 1
    code, report = _verify_json(*parts)
    assert (code, report["profile"]) == (0, "roadshow-2024")
    _set_profile(parts[-1], "national-2024")
    code, report = _verify_json(*parts)
    messages = [f["message"] for p in report["projects"] for f in p["findings"]]
    assert code == 1 and any("规则集不一致" in m for m in messages), messages


def test_check_of_a_folder_with_roadshow_parts_follows_their_manifest(tmp_path):
    parts = _pack(ROADSHOW, "roadshow-2024", tmp_path / "收件", "--split", "--max-mb", "0.3")
    assert len(parts) > 1
    result = invoke_cli("check", str(tmp_path / "收件"), "--format", "json")
    report = json.loads(result.stdout)
    errors = [f["rule"] for p in report["projects"] for f in p["findings"] if f["severity"] == "error"]
    assert (result.returncode, errors) == (0, []), result.stdout[-2000:]
