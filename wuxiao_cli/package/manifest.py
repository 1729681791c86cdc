"""manifest-sha256.txt: BagIt-style ``HASH  path`` lines (UTF-8, '/' separators), waivers as ``#`` comments.

The manifest lists every file of the package except itself, paths relative to the top folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wuxiao_cli.waivers import Waiver

MANIFEST_NAME = "manifest-sha256.txt"
REPORT_NAME = "校验报告.txt"
_LINE = re.compile(r"^([0-9a-f]{64})\s+(.+)$")


@dataclass
class Manifest:
    hashes: dict[str, str] = field(default_factory=dict)  # rel path → sha256 hex
    waivers: list[Waiver] = field(default_factory=list)
    part: tuple[int, int] | None = None  # (n, of) for one part of a split package
    bad_lines: list[int] = field(default_factory=list)
    profile: str | None = None  # the rule set `pack` checked it under, as its header says


def render_manifest(hashes: dict[str, str], profile_id: str, waivers: list[Waiver],
                    part: tuple[int, int] | None = None) -> str:
    """``# waiver: RULE reason``, or ``# waiver: RULE [file] reason`` for a waiver of one file."""
    lines = [f"# wuxiao manifest, profile {profile_id}; sha256 of every file in this package except this one"]
    if part is not None:
        lines.append(f"# part: {part[0]}/{part[1]}")
    for w in waivers:
        target = f" [{w.file}]" if w.file else ""
        lines.append(f"# waiver: {w.rule}{target} {_one_line(w.reason) or '（未说明理由）'}")
    lines.extend(f"{digest}  {rel}" for rel, digest in sorted(hashes.items()))
    return "\n".join(lines) + "\n"


def parse_manifest(text: str) -> Manifest:
    out = Manifest()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("waiver:"):
                rule_id, _, reason = body[len("waiver:"):].strip().partition(" ")
                file = None
                if reason.startswith("[") and "] " in reason:
                    file, _, reason = reason[1:].partition("] ")
                out.waivers.append(Waiver(rule_id, reason, file, MANIFEST_NAME))
            elif m := re.match(r"wuxiao manifest, profile (\S+?);", body):
                out.profile = m[1]
            elif m := re.fullmatch(r"part:\s*(\d+)\s*/\s*(\d+)", body):
                out.part = (_bounded(m[1]), _bounded(m[2]))
            continue
        if m := _LINE.match(line.strip()):
            out.hashes[m[2]] = m[1]
        else:
            out.bad_lines.append(number)
    return out


def _bounded(digits: str) -> int:
    """A part number as written, or 10**9 for one too long to be real (verify rejects both the same way)."""
    return int(digits) if len(digits) <= 9 else 10**9


def _one_line(text: str) -> str:
    return " ".join(text.split())
