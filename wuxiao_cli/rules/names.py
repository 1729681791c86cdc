"""Folder rules: names that break on Windows or in a zip, and links that leave the project."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from wuxiao_cli.caps import MAKE_SMALLER, MAX_FILE, MB, too_big
from wuxiao_cli.findings import Problem
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T, readable, safe, undecodable

MAX_PATH_CHARS = 200
CAP = f"{MAX_FILE // MB:,} MB"  # one file, as pack and verify accept it
_ILLEGAL = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def gbk_reading(name: str) -> str:
    """What an undecodable name most likely says: its bytes read as GBK (a Windows zip unpacked without
    converting names), else the name with those bytes shown as \\xb8."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("gbk")
    except UnicodeError:
        return readable(name)


def name_problem(name: str) -> str | None:
    """Why a single file or folder name breaks on Windows or in a zip, or None."""
    if undecodable(name):  # shown by the caller with its bad bytes as \xb8 (text.safe)
        return "无法作为文字读取（名称的编码不是 UTF-8，常见于在 Linux/Mac 上解压 Windows 的压缩包），压缩包和报告都写不进它"
    if bad := sorted(set(_ILLEGAL.findall(name))):
        shown = " ".join(map(safe, bad))  # a control character as \x1b, never acted on
        return f"含有 Windows 不允许的字符 {shown}"
    if name != name.rstrip(" ."):
        return "以空格或句点结尾"
    if _RESERVED.match(name):
        return "是 Windows 保留名"
    return None


@rule("F027", "E", "packaging",
      T("文件或文件夹名在 Windows 或压缩包中会出错", "A file or folder name breaks on Windows or in a zip"),
      T("重命名：去掉 \\ / : * ? \" < > | 和控制字符、结尾的空格或句点，避开 CON、NUL 等保留名，缩短过长路径，"
        "改掉无法作为文字读取的名称（`wuxiao fix` 可自动改名并记录）",
        "Rename: drop \\ / : * ? \" < > |, control characters and trailing dots/spaces; avoid CON, NUL…; "
        "shorten long paths (`wuxiao fix` renames with a log)"),
      how="检查每个文件和文件夹的名字在 Windows 和压缩包里能否保存：含有 \\ / : * ? \" < > | 或控制字符、以空格或句点结尾、用了 CON、NUL 等保留名的为错误，例如“照片:正面.jpg”“CON.jpg”。从项目文件夹算起的路径超过 200 个字符也为错误（解压到桌面时会出错）。名称不是 UTF-8 编码、无法作为文字读取的（如在 Linux/Mac 上解压 Windows 压缩包时没有转换的 GBK 名称），也为错误，打包时不能豁免。")
def unsafe_names(project):
    """Every name must survive Windows Explorer and a zip: 照片:正面.jpg or 'CON.jpg' fail.

    Paths longer than 200 characters fail too (they break when unzipped on the desktop).
    """
    for rel in _own_rels(project):
        name = rel.rsplit("/", 1)[-1]
        if (why := name_problem(name)) is not None:
            yield Problem(T(f"名称「{name}」{why}", f"Name '{name}' is unsafe on Windows"), file=readable(rel),
                          hint=_rename_hint(name) if undecodable(name) else None)
        elif len(rel) > MAX_PATH_CHARS:
            yield Problem(T(f"路径长 {len(rel)} 个字符，超过 {MAX_PATH_CHARS}",
                            f"Path is {len(rel)} characters, over {MAX_PATH_CHARS}"), file=rel)


def _own_rels(project) -> list[str]:
    """Every folder and file, named as sent: an archive's entry that Windows could not store under its own
    name (a:b.jpg, CON.jpg, Side.jpg beside side.jpg) was written under a stand-in (archive.place)."""
    from wuxiao_cli.archive.place import own_rel

    return [own_rel(project.root, rel) for rel in [*project.listing.dirs, *(f.rel for f in project.files)]]


def _rename_hint(name: str) -> T:
    guess = gbk_reading(name)
    return T(f"请把它改名（按 GBK 读是「{guess}」），或用 `wuxiao fix` 自动改名；以后解压 Windows 的压缩包请用能转换文件名编码的工具（如 7-Zip）",
             f"Rename it (read as GBK it says '{guess}'), or let `wuxiao fix` rename it")


def collision_key(rel: str) -> str:
    """The name as Windows and macOS compare it: Unicode-normalised (NFC) and case-insensitive.

    ``lower()`` rather than ``casefold()``: Windows maps case letter by letter, so 'Straße' and
    'Strasse' are two files there, and calling them one would be a false error.
    """
    return unicodedata.normalize("NFC", rel).lower()


def name_collisions(rels: Iterable[str]) -> list[list[str]]:
    """Groups of two or more paths that are one path on Windows/macOS, each group in the order given."""
    groups: dict[str, list[str]] = {}
    for rel in rels:
        groups.setdefault(collision_key(rel), []).append(rel)
    return [g for g in groups.values() if len(g) > 1]


@rule("F029", "E", "打包（Windows/macOS 文件名不区分大小写）",
      T("两个文件名只差大小写或 Unicode 写法，在 Windows/macOS 上是同一个文件",
        "Two names differ only in case or Unicode normalisation: one file on Windows/macOS"),
      T("把其中一个改成明显不同的名字（如“侧视图A.jpg”改为“侧视图-左.jpg”），或删除多余的一个",
        "Rename one of them to a clearly different name, or delete the spare one"),
      how="把所有文件名按 Windows/macOS 的方式比较：不区分大小写，并统一 Unicode 写法（Mac 上打的字与 Windows 上打的同一个字可能编码不同）。两个名字比较后相同即为错误，例如 {photos_dir}/ 里的 侧视图A.jpg 和 侧视图a.jpg，解压后会只剩一个；侧视图A.jpg 和 侧视图B.jpg 通过。即使豁免这条规则，打包也会拒绝。")
def colliding_names(project):
    """Windows and macOS do not tell 侧视图A.jpg from 侧视图a.jpg, nor a name typed on a Mac (NFD,
    decomposed) from the same name typed on Windows (NFC): unzipped there, one overwrites the
    other and a photo is lost. `pack` refuses such a folder even when the rule is waived.

    PASS: 侧视图A.jpg and 侧视图B.jpg. FAIL: 侧视图A.jpg and 侧视图a.jpg in photos/.
    """
    for group in name_collisions(_own_rels(project)):
        first, *others = group
        if all(o == first for o in others):  # same after NFC: the names on disk differ in composition only
            yield Problem(T(f"「{first}」有 {len(group)} 个文件名看起来相同、但 Unicode 写法不同（NFC/NFD，"
                            "常见于 Mac 与 Windows 各存一份），解压后只剩一个",
                            f"'{first}' exists {len(group)} times in different Unicode forms (NFC/NFD); "
                            "unzipped, one is lost"), file=first,
                          hint=T("删除其中一个，或把它改成不同的名字", "Delete one, or give it a different name"))
            continue
        shown = "」和「".join(group)
        yield Problem(T(f"「{shown}」只差大小写（或 Unicode 写法），在 Windows/macOS 上是同一个名字，解压后只剩一个",
                        f"'{' and '.join(group)}' differ only in case: one name on Windows/macOS"), file=first)


@rule("F028", "E", "packaging",
      T("快捷方式/符号链接指向项目文件夹之外，或有无法读取的文件", "A link points outside the project, or an entry is unreadable"),
      T("把真正的文件复制进项目文件夹，删除链接；检查文件权限（右键 → 属性 → 安全）",
        "Copy the real file into the project and delete the link; check the file's permissions"),
      how="项目里的快捷方式或符号链接指向项目文件夹之外的（如指向 D:/资料/视频.mp4），打包时不会带上真正的文件，为错误；因权限不足或损坏读不了的文件也为错误。")
def links_and_unreadable(project):
    """Everything sent must be inside the folder and readable: a link to D:/资料/视频.mp4 is not sent."""
    for rel in project.listing.links_outside:
        yield Problem(T(f"「{rel}」是指向项目文件夹之外的链接，不会被打包", f"'{rel}' links outside the project"),
                      file=rel)
    for rel in project.listing.unreadable:
        yield Problem(T(f"「{rel}」无法读取（权限不足或已损坏）", f"'{rel}' cannot be read"), file=rel)


@rule("F034", "E", "packaging",
      T(f"文件太大：超过打包和收件方核对压缩包时能处理的单个文件上限 {CAP}",
        f"A file is over the {CAP} that packing and the receiver's check accept"),
      T(f"{MAKE_SMALLER}，再检查和打包", "Re-encode the video smaller (about 10 Mbit/s: 400 MB for 5 minutes of 1080p) or cut it"),
      how=f"单个文件超过 {CAP}（1 MB 按 1,000,000 字节计）的为错误：打包时不会把它放进压缩包，收件方核对压缩包时也不接收。"
          "通知没有规定视频大小，这是本工具的上限，足够放下 5 分钟、码率 100 Mbit/s 的 1080p 视频（约 3,750 MB），例如 4.5 GB 的录屏原片为错误。")
def over_the_tools_cap(project):
    """`check` says what `pack` would refuse: a 4.5 GB screen recording passes every V rule (the notice sets
    no size), but no package can carry it, so the clerk hears it before packing, not after."""
    for entry in project.files:
        if said := too_big(readable(entry.rel), entry.size):
            yield Problem(T(said, f"{readable(entry.rel)} is {entry.size:,} bytes, over the {CAP} cap"), file=readable(entry.rel))


RULES = [unsafe_names, links_and_unreadable, colliding_names, over_the_tools_cap]
