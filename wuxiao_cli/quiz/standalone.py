"""A quiz bank checked on its own (`wuxiao quiz check FILE.xlsx`): the Q rules without a project around it.

It looks enough like a Project for the Q rules: a profile, and ``bank_entries`` naming the one file.
Q001 (no bank), Q014 (time ranges against the videos) and Q019 (set names in quizbank/) need a
project folder and are left out.
"""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.project import Entry, nfc

PROJECT_ONLY = ("Q001", "Q014", "Q019")


class BankOnly:
    def __init__(self, path: Path, profile: Profile):
        self.root = path.parent
        self.display = path.as_posix()
        self.name = nfc(path.name)
        data = dict(profile.data)
        data["families"] = ["Q"]
        data["disabled"] = sorted({*data.get("disabled", []), *PROJECT_ONLY})
        self.profile = Profile(data, profile.source, profile.base_dir)
        self.bank_entries = [Entry(self.name, path, path.stat().st_size)]
        self.files = list(self.bank_entries)

    def checkpoint(self, rel: str | None = None) -> None:
        """Project.checkpoint: `quiz check` of one bank is never watched or stopped (that is the app's)."""
