"""Fuzz (issue 11, acceptance 3): a fixed-seed sample of ≥ 200 mutated real files (JPEG, MP4, MP3,
xlsx, docx, PDF: bit flips, truncations, extreme header fields, bombs), checked under a 1 GB
address-space limit with a 30 s limit per case: zero tracebacks, internal errors, hangs or blow-ups.

The long run is by hand: WUXIAO_FUZZ_CASES=5000 WUXIAO_FUZZ_SEED=7 pytest tests/fuzz -m slow
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from quiz_helpers import valid_rows, write_bank

from tests import factories
from tests.hostile import GB, REPO, WALL

CI_CASES = 200
MEDIA_TIMEOUT = "3"  # seconds per MediaInfo read: a crafted header costs this, not a minute


@pytest.fixture(scope="module")
def base_files(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("fuzz-base")
    factories.make_jpeg(base / "base.jpg", width=320, height=240)
    factories.make_mp4(base / "base.mp4", seconds=1.0, width=320, height=180)
    factories.make_mp3(base / "base.mp3", seconds=1.0)
    write_bank(base / "base.xlsx", valid_rows(20))
    factories.make_docx_form(base / "base.docx", {"创新成果名称": "手术器械清洗篮自动翻转装置的研制与应用"})
    factories.make_pdf_with_image(base / "base.pdf", factories.make_red_seal_jpeg(base / "seal.jpg"))
    return base


def run_fuzz(base: Path, cases: int, seed: int) -> list[dict]:
    if sys.platform == "win32":
        pytest.skip("RLIMIT_AS is POSIX-only")
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GB, GB))

    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}", "PYTHONUTF8": "1",
           "WUXIAO_MEDIA_TIMEOUT": MEDIA_TIMEOUT}
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz.driver", str(base), "--cases", str(cases),
                           "--seed", str(seed)], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=60 + cases * WALL, preexec_fn=limit)
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(records) == cases
    return records


def judge(records: list[dict]) -> None:
    bad = [r for r in records if r.get("error") or r.get("internal") or r["seconds"] > WALL]
    assert bad == [], json.dumps(bad[:10], ensure_ascii=False, indent=1)


def test_fixed_seed_sample(base_files):
    records = run_fuzz(base_files, CI_CASES, seed=11)
    assert {r["kind"] for r in records} == {"jpg", "mp4", "mp3", "xlsx", "docx", "pdf"}
    assert len({r["mutation"] for r in records}) >= 8
    judge(records)


@pytest.mark.slow
@pytest.mark.skipif("WUXIAO_FUZZ_CASES" not in os.environ, reason="long fuzz run: set WUXIAO_FUZZ_CASES")
def test_long_run(base_files):
    judge(run_fuzz(base_files, int(os.environ["WUXIAO_FUZZ_CASES"]), int(os.environ.get("WUXIAO_FUZZ_SEED", "7"))))
