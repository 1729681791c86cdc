"""A video's Chinese name is read in every locale: MediaInfo gets the bytes from Python, not the name."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_a_chinese_named_mp4_is_read_under_a_c_locale(locale):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "PYTHONUTF8")}
    env.update({"PYTHONPATH": str(REPO), "LC_ALL": locale})
    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", "check", "examples/good-project", "-f", "json"],
                          cwd=REPO, env=env, capture_output=True, timeout=300)
    report = json.loads(proc.stdout.decode("utf-8"))
    rules = [f["rule"] for p in report["projects"] for f in p["findings"]]
    assert "V003" not in rules and proc.returncode == 0, rules


class _BackAndForth:
    """A MediaInfo that never finishes and always asks to go back to the start: what a crafted header could
    make the real one do. Counts what it is fed."""

    def __init__(self):
        self.fed = self.inits = 0

    def MediaInfo_Open_Buffer_Init(self, handle, size, offset):  # noqa: N802 (libmediainfo's names)
        self.inits += 1

    def MediaInfo_Open_Buffer_Continue(self, handle, chunk, length):  # noqa: N802
        self.fed += length
        return 0

    def MediaInfo_Open_Buffer_Continue_GoTo_Get(self, handle):  # noqa: N802
        return 0

    def MediaInfo_Open_Buffer_Finalize(self, handle):  # noqa: N802
        return 0

    def MediaInfo_Count_Get(self, handle, kind, stream):  # noqa: N802
        return 0


def test_feeding_mediainfo_is_bounded_when_it_keeps_asking_to_seek(tmp_path):
    """The bytes MediaInfo asks for are read by Python now: a file that sends it back to the start on every
    chunk must not be read forever (the time limit's abandoned thread would read on until the app closes)."""
    from wuxiao_cli.media.video import _MAX_SEEKS, _SLACK, _feed

    video = tmp_path / "循环.mp4"
    video.write_bytes(b"\0" * (1 << 20))
    lib = _BackAndForth()
    assert _feed(lib, None, video) is False
    assert lib.fed <= 2 * (1 << 20) + _SLACK + (64 << 10) and lib.inits <= _MAX_SEEKS + 1
