"""Split archives: the volumes of one archive, recognised by their names (and, where cheap, their bytes).

A clerk who meets a 50 MB attachment limit splits: 7-Zip writes ``成果.7z.001 …`` (or ``成果.zip.001`` for
a zip), Info-ZIP and WinZip write ``成果.z01 … 成果.zip`` (the ``.zip`` is the LAST volume), WinRAR writes
``成果.part1.rar …`` (older versions ``成果.rar, 成果.r00 …``), and ``wuxiao pack --split`` writes
``…-第1部分.zip …``, each part a zip of its own whose manifest says ``# part: i/n``.

No single volume is an archive that can be checked (the tool's own parts are, but not as a whole project):
discovery keeps one source per set, its first volume found, and the set is reported once (Z006), or, for
the tool's own parts, verified together as `wuxiao verify` does. Nothing here opens more than a few
bytes of a file: a listing of the folder, the first bytes of a ``.001``, the end of a ``.zip``, or one
small manifest inside a ``第1部分.zip``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.project import is_junk, nfc

MAX_VOLUMES = 999  # a number beyond this in a name is not a volume
ARCHIVE_EXTS = (".7z", ".zip", ".rar")

NUMBERED = re.compile(r"^(?P<stem>.+)\.(?P<n>\d{3})$")  # 7-Zip (and HJSplit): x.7z.001, x.zip.001, x.001
INFOZIP = re.compile(r"^(?P<stem>.+)\.z(?P<n>\d{2,3})$", re.IGNORECASE)  # x.z01 … x.zip
RAR_PART = re.compile(r"^(?P<stem>.+)\.part(?P<n>\d{1,3})\.rar$", re.IGNORECASE)  # x.part1.rar
RAR_OLD = re.compile(r"^(?P<stem>.+)\.r(?P<n>\d{2,3})$", re.IGNORECASE)  # x.rar, x.r00, x.r01 …
PACK_PART = re.compile(r"^(?P<stem>.+)-第(?P<n>\d{1,3})部分\.zip$", re.IGNORECASE)  # wuxiao pack --split

KINDS = ("7z", "zip", "infozip", "rar", "pack")


@dataclass(frozen=True)
class VolumeSet:
    """One split archive as found in a folder: its volumes in order, and the numbers they carry."""

    kind: str  # one of KINDS
    stem: str  # the archive's name without the volume suffix: 成果.7z, 成果 (Info-ZIP, RAR, pack)
    parts: tuple[Path, ...]  # in volume order; Info-ZIP's .zip last
    numbers: tuple[int, ...]  # each part's number (Info-ZIP's .zip: after the last .zNN)
    has_last: bool = True  # Info-ZIP: the .zip (the last volume, holding the directory) is there

    @property
    def first(self) -> Path:
        return self.parts[0]

    @property
    def opener(self) -> Path | None:
        """The volume a clerk opens in 7-Zip or WinRAR to extract the whole set (None: it is not here)."""
        if self.kind == "infozip":
            return self.parts[-1] if self.has_last else None
        return self.parts[0] if self.numbers[0] == 1 else None

    @property
    def missing(self) -> list[int]:
        """Volume numbers below the highest found that are not there (at most MAX_VOLUMES + 1 of them)."""
        return sorted(set(range(1, max(self.numbers) + 1)) - set(self.numbers))


def _key(name: str) -> str:
    return nfc(name).casefold()


def volume_sets(files: list[Path]) -> list[VolumeSet]:
    """The split archives among ``files`` (the files of one folder); files that are no volume are left out."""
    by_name = {_key(p.name): p for p in files if not is_junk(p.name)}
    groups: dict[tuple[str, str], dict[int, Path]] = {}
    last_zip: dict[str, Path] = {}

    def add(kind: str, stem: str, n: int, path: Path) -> None:
        if 0 <= n <= MAX_VOLUMES:
            groups.setdefault((kind, stem), {})[n] = path

    for key, path in sorted(by_name.items()):
        name = nfc(path.name)
        if m := NUMBERED.match(name):
            stem = m["stem"]
            if kind := Path(stem).suffix.lower().lstrip(".") if Path(stem).suffix.lower() in ARCHIVE_EXTS \
                    else _numbered_first_kind(stem, by_name):
                add(kind, stem, int(m["n"]), path)
        elif m := INFOZIP.match(name):
            add("infozip", m["stem"], int(m["n"]), path)
        elif m := RAR_PART.match(name):
            add("rar", m["stem"], int(m["n"]), path)
        elif (m := RAR_OLD.match(name)) and _key(m["stem"] + ".rar") in by_name:
            add("rar", m["stem"], int(m["n"]) + 2, path)  # x.rar is the first volume, x.r00 the second
        elif m := PACK_PART.match(name):
            add("pack", m["stem"], int(m["n"]), path)
        if key.endswith(".zip"):
            last_zip[_key(name[:-4])] = path
    out = []
    for (kind, stem), numbered in sorted(groups.items()):
        if kind == "rar" and not RAR_PART.match(nfc(next(iter(numbered.values())).name)):
            numbered[1] = by_name[_key(stem + ".rar")]  # old style: the .rar is the first volume
        if kind == "pack" and not _is_pack_part(numbered[min(numbered)]):
            continue  # a zip the clerk named 第1部分 themselves: an ordinary archive
        order = sorted(numbered)
        parts, numbers = [numbered[n] for n in order], list(order)
        has_last = True
        if kind == "infozip":
            last = last_zip.get(_key(stem))
            has_last = last is not None
            if last is not None:  # its end record numbers it (from 0): z01 … zNN before it, some maybe missing
                parts.append(last)
                numbers.append(max(split_zip_disk(last) + 1, max(order) + 1))
        out.append(VolumeSet(kind, stem, tuple(parts), tuple(numbers), has_last))
    # an Info-ZIP .zip given without its .zNN: its end record says the directory is on a later disk
    covered = {p for s in out for p in s.parts}
    for path in sorted(last_zip.values()):
        if path not in covered and (disk := split_zip_disk(path)) > 0:
            out.append(VolumeSet("infozip", nfc(path.name)[:-4], (path,), (disk + 1,), True))
    return out


def volume_set(path: Path) -> VolumeSet | None:
    """The split archive ``path`` is a volume of, with the other volumes beside it; None if it is none.

    Only the files whose names start as ``path``'s stem does are looked at: an ordinary zip among
    hundreds costs one listing and a read of its own last bytes."""
    name = nfc(path.name)
    m = next((m for r in (NUMBERED, INFOZIP, RAR_PART, RAR_OLD, PACK_PART) if (m := r.match(name))), None)
    if m is not None:
        prefix = _key(m["stem"])
    elif name.lower().endswith((".zip", ".rar")):
        prefix = _key(name[:-4])
    else:
        return None
    try:
        siblings = [p for p in path.parent.iterdir() if _key(p.name).startswith(prefix) and p.is_file()]
    except OSError:
        siblings = [path]
    target = _key(path.name)
    for s in volume_sets(siblings):
        if any(_key(p.name) == target for p in s.parts):
            return s
    return None


def _numbered_first_kind(stem: str, by_name: dict[str, Path]) -> str | None:
    """``x.001`` without an archive extension is a volume when the ``.001`` starts as an archive does."""
    first = by_name.get(_key(stem + ".001"))
    if first is None:
        return None
    from wuxiao_cli.archive import archive_kind

    return archive_kind(first)


def split_zip_disk(path: Path) -> int:
    """The disk number (from 0) in ``path``'s end-of-central-directory record: above 0 for the last
    volume of a split zip (Info-ZIP ``zip -s``, WinZip), which zipfile cannot read on its own."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 66_000))  # the record (22 bytes) plus its longest comment
            tail = fh.read()
    except OSError:
        return 0
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 8:
        return 0
    return min(int.from_bytes(tail[at + 4:at + 6], "little"), MAX_VOLUMES)


def _is_pack_part(path: Path) -> bool:
    """A ``…-第N部分.zip`` that `wuxiao pack --split` wrote: its manifest has a ``# part:`` line."""
    import zipfile

    from wuxiao_cli.package.manifest import MANIFEST_NAME, parse_manifest

    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.filename.rsplit("/", 1)[-1] == MANIFEST_NAME and info.file_size <= 16 << 20:
                    with zf.open(info) as fh:  # its header lines come first: 64 KB holds them
                        head = fh.read(64 * 1024).decode("utf-8", errors="replace")
                    return parse_manifest(head).part is not None
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError, EOFError):
        return False
    return False
