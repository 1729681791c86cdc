"""Next year's notice as a profile file reaches the clerks who use the app, and can be checked on its own:
`wuxiao gui --profile FILE` offers it first on the page (checked by default), and `wuxiao profiles FILE`
checks it and lists it beside the built-in ones; a file that cannot be used stops either in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO, invoke_cli
from gui_helpers import make, post, wait_done

from wuxiao_cli.resources import schemas_dir


def profile_2025(folder: Path) -> Path:
    """The 2024 national profile with a 2025 id and title, and five photos wanted instead of three."""
    data = json.loads((schemas_dir() / "profiles" / "national-2024.json").read_text(encoding="utf-8"))
    data["id"], data["title"] = "national-2025", "全国职工“五小”创新成果征集（2025）"
    data["photos"]["min_count"] = 5
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "national-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_app_offers_a_profile_file_first_and_checks_with_it(tmp_path):
    own = str(profile_2025(tmp_path / "规则").resolve())
    client, keys, _, _ = make(tmp_path, own_profiles=(own,))
    page = client.get("/").text
    assert "（规则集文件 national-2025.json）" in page
    assert page.index(f'value="{own}" checked') < page.index('value="national-2024"')  # first, and chosen
    good = shutil.copytree(REPO / "examples" / "good-project", tmp_path / "in" / "good-project")
    for profile, photo_rule in ((own, True), ("national-2024", False)):
        r = post(client, keys, "/api/check", {"path": str(good), "profile": profile})
        assert r.status_code == 200, r.text
        assert wait_done(client, r.json()["job"])["state"] == "done"
        report = client.get(f"/jobs/{r.json()['job']}/files/报告.html").text
        assert ("要求不少于 5 张" in report) is photo_rule  # the file's five photos, not 2024's three


def test_a_profile_file_broken_after_start_is_offered_with_what_is_wrong(tmp_path):
    path = profile_2025(tmp_path)
    client, _keys, _, _ = make(tmp_path, own_profiles=(str(path.resolve()),))
    path.write_text("{", encoding="utf-8")
    page = client.get("/").text
    assert "规则集文件 national-2025.json（现在无法使用）" in page and "不是有效的 JSON" in page


def test_gui_refuses_a_profile_file_that_cannot_be_used_in_one_line(tmp_path):
    bad = tmp_path / "坏.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    result = invoke_cli("gui", "--no-browser", "--profile", str(bad))
    assert result.returncode == 2
    assert "坏.json" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_profiles_checks_and_lists_a_profile_file_beside_the_built_in_ones(tmp_path):
    path = profile_2025(tmp_path)
    result = invoke_cli("profiles", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("national-2025\t") and f"（规则集文件 {path}）" in lines[0]
    assert any(line.startswith("national-2024\t") for line in lines)

    path.write_text("{", encoding="utf-8")
    result = invoke_cli("profiles", str(path))
    assert result.returncode == 2 and "national-2025.json" in result.stderr and not result.stdout
