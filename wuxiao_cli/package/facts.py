"""What the package rules (K) see: the facts gathered while a package is written or verified."""

from __future__ import annotations

from dataclasses import dataclass, field

from wuxiao_cli.text import T

MB = 1_000_000  # --max-mb counts decimal megabytes: a part "under 5 MB" is under 5,000,000 bytes


@dataclass
class PackageFacts:
    junk: list[str] = field(default_factory=list)  # project files left out of the package (K001)
    limit: int = 50 * MB  # the attachment limit in bytes (K002)
    zips: list[tuple[str, int]] = field(default_factory=list)  # (zip file name, bytes) as written
    split: bool = False
    oversize_files: list[tuple[str, int]] = field(default_factory=list)  # one file alone over the limit
    integrity: list[tuple[T, str | None]] = field(default_factory=list)  # verify: (message, entry) for K003
    no_manifest: list[str] = field(default_factory=list)  # verify: zips without manifest-sha256.txt (K004)
    # verify: (parts given, of, parts missing, --allow-partial) for an incomplete split package (K005)
    partial: tuple[list[int], int, list[int], bool] | None = None
    changed: list[tuple[str, int, int]] = field(default_factory=list)  # pack: (file, size before, after) (K006)
