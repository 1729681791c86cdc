"""What the package rules (K) see: the facts gathered while a package is written or verified."""

from __future__ import annotations

from dataclasses import dataclass, field

from wuxiao_cli.text import MIB, T

MB = MIB  # --max-mb counts MB as the mail services and Windows Explorer show them: 50 MB is 52,428,800 bytes
MESSAGE_OVERHEAD = 64 * 1024  # an e-mail's headers, body and MIME part headers, generously


def encoded_size(n_bytes: int) -> int:
    """Bytes a file takes attached to an e-mail: base64 (4 per 3) in 76-character lines with CRLF."""
    b64 = 4 * -(-n_bytes // 3)
    return b64 + 2 * -(-b64 // 76)


def zip_budget(limit: int) -> int:
    """The largest zip whose e-mail (encoded attachment + overhead) stays within ``limit`` bytes."""
    n = max((limit - MESSAGE_OVERHEAD) * 57 // 78, 0)  # 57 bytes → one 76-character line + CRLF
    while n and encoded_size(n) + MESSAGE_OVERHEAD > limit:
        n -= 1
    return n


@dataclass
class PackageFacts:
    junk: list[str] = field(default_factory=list)  # project files left out of the package (K001)
    limit: int = 50 * MB  # the attachment limit in bytes (K002)
    zips: list[tuple[str, int]] = field(default_factory=list)  # (zip file name, bytes) as written
    split: bool = False
    eml: bool = False  # `--eml`: the limit applies to the encoded message, not the zip
    online: str = ""  # the notice has materials uploaded to this system (package.delivery): nothing is e-mailed
    oversize_files: list[tuple[str, int]] = field(default_factory=list)  # one file alone over the limit
    oversize_zips: list[str] = field(default_factory=list)  # --split: the parts that hold one of them alone
    integrity: list[tuple[T, str | None]] = field(default_factory=list)  # verify: (message, entry) for K003
    no_manifest: list[str] = field(default_factory=list)  # verify: zips without manifest-sha256.txt (K004)
    # verify: (parts given, of, parts missing, --allow-partial) for an incomplete split package (K005)
    partial: tuple[list[int], int, list[int], bool] | None = None
    changed: list[tuple[str, int, int]] = field(default_factory=list)  # pack: (file, size before, after) (K006)
