"""A profile without one of the reference tables some checks look names up in: those checks do not run,
nothing else breaks. A re-test added the batch family B to a Jiangsu-based profile (which has no 附件2
unions table): every batch check ended in 内部错误 KeyError: 'unions'."""

from __future__ import annotations

import json
import shutil

from conftest import REPO, invoke_cli
from profile_helpers import write_profile


def test_a_jiangsu_based_profile_with_batch_rules_checks_a_batch(tmp_path):
    data = json.loads((REPO / "schemas/profiles/jiangsu-2023.json").read_text(encoding="utf-8"))
    data["id"], data["families"] = "jiangsu-2024", [*data["families"], "B"]
    assert "unions" not in data.get("reference", {})
    path = tmp_path / "jiangsu-2024.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    batch = shutil.copytree(REPO / "examples" / "batch", tmp_path / "batch")
    result = invoke_cli("check", str(batch), "--profile", str(path), "-f", "json", "--report", str(tmp_path / "r.xlsx"))
    assert result.returncode == 1 and "内部错误" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert "B004" not in {b["rule"] for b in report["batch_findings"]}  # no quotas to count against


def test_a_national_profile_without_unions_or_industries_skips_those_lookups(tmp_path):
    def drop(data):
        data["reference"] = {k: v for k, v in data["reference"].items() if k not in ("unions", "industries")}

    path = write_profile(tmp_path / "p", change=drop)
    good = shutil.copytree(REPO / "examples" / "flawed-project", tmp_path / "flawed")
    result = invoke_cli("check", str(good), "--profile", str(path), "-f", "json")
    assert "内部错误" not in result.stderr and result.returncode == 1, result.stderr
    rules = {f["rule"] for p in json.loads(result.stdout)["projects"] for f in p["findings"]}
    assert not {"F016", "F019"} & rules
    assert not any("检查" in f["message"] and "程序出错" in f["message"]
                   for p in json.loads(result.stdout)["projects"] for f in p["findings"])
