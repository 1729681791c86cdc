"""Archive intake rules (Z): a received zip, 7z or RAR that `check` could not open safely, or only in part.

Their check receives a wuxiao_cli.archive.Extracted: what reading the archive found, before any
project rule runs on its content. They import the archive modules only when they run: a check of a
plain folder loads none of them.
"""

from __future__ import annotations

from wuxiao_cli.findings import ERROR, Problem
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T, listed

CLAUSE = "收件（压缩包）"


def _of(extracted, kind: str):
    return [r for r in extracted.refusals if r.kind == kind]


@rule("Z001", "E", CLAUSE,
      T("压缩包不安全或已损坏，未检查其内容", "Archive unsafe or damaged; its content was not checked"),
      T("请发送方重新压缩（右键 → 发送到 → 压缩(zipped)文件夹）后重新发送；不要转发来路不明的压缩包",
        "Ask the sender to zip the folder again and resend"),
      scope="archive",
      how="收到压缩包后先看它的目录，安全才解压到临时文件夹（原压缩包不改动）。以下为错误、不检查内容：条目路径越出文件夹（如 ../../evil.txt）、是链接、解压后总计超过 10,000 MB 或单个超过 4,000 MB、压缩比超过 200:1、条目超过 20,000 个、两个条目共用压缩数据，读取时发现校验错、目录异常或未知压缩方式（如下载中断的压缩包），以及条目在本机写不下（文件名过长；Windows 上解压到临时文件夹后路径超过 259 个字符）。")
def unsafe_archive(extracted):
    """A received archive is read into a private temporary folder only after its listing is judged safe:
    no entry may climb out (`../x`, `/etc/x`, `C:\\x`), be a link, or expand past the caps (10,000 MB in
    all, 4,000 MB per entry, 200:1 compression, 20,000 entries), and no two entries may share compressed
    bytes. Damage found while reading (bad CRC, bogus directory offsets, an unknown compression method)
    also refuses the archive, as does an entry this computer cannot write (a name over 255 bytes; on
    Windows, a path over 259 characters in the temporary folder). The archive itself is never changed.

    PASS: a zip of the project folder made by Windows, 7-Zip or a Mac. FAIL: a zip bomb; a zip holding
    ../../evil.txt; a zip cut short while downloading.
    """
    from wuxiao_cli.archive.guard import UNSAFE

    for refusal in _of(extracted, UNSAFE):
        yield Problem(refusal.message, file=refusal.name, hint=refusal.hint)


@rule("Z002", "E", CLAUSE,
      T("压缩包设置了密码，无法检查", "Archive is password-protected"),
      T("请发送方去掉密码重新压缩后发送（报送材料不需要加密）", "Ask the sender to re-zip it without a password"),
      scope="archive",
      how="压缩包里有需要密码的条目为错误，整个包报一条，列出最多 5 个加密的条目。报送材料不需要加密。")
def encrypted_archive(extracted):
    """Encrypted archives cannot be checked or forwarded for review: one finding for the archive,
    naming up to five encrypted entries.

    PASS: an ordinary zip. FAIL: a zip made with 'Add password' in WinRAR, 360压缩 or 7-Zip.
    """
    from wuxiao_cli.archive.guard import ENCRYPTED

    locked = _of(extracted, ENCRYPTED)
    if any(r.name is None for r in locked):  # the listing itself is encrypted (7z -mhe, RAR -hp): no entry is seen
        yield Problem(T(f"{extracted.source.name} 整个压缩包设置了密码（连文件列表都已加密），无法检查",
                        f"{extracted.source.name} is password-protected as a whole (even its listing)"))
    elif locked:
        shown = listed((r.name for r in locked if r.name), 5)
        yield Problem(T(f"{extracted.source.name} 已加密（{len(locked)} 个条目需要密码{'：' + shown if shown else ''}），无法检查",
                        f"{extracted.source.name} is encrypted ({len(locked)} entries need a password)"))


@rule("Z003", "E", CLAUSE,
      T("RAR 压缩包无法打开：本机没有解压程序", "RAR archive cannot be opened: no extractor installed"),
      T("用 WinRAR 或 7-Zip 解压后把文件夹重新压缩为 zip，或安装 7-Zip 后重试",
        "Extract it with WinRAR or 7-Zip and re-save it as a zip, or install 7-Zip"),
      scope="archive",
      how="收到 .rar 压缩包时，需要本机装有 7-Zip 才能解开（Windows 上按默认位置安装即可，不必另外设置）；Linux、macOS 上也可以用 unar 或 bsdtar。一个都没有为错误，并说明如何另存为 zip；装有其中之一即通过。")
def rar_without_extractor(extracted):
    """RAR has no pure-Python reader; `check` uses unar, bsdtar or 7-Zip when one is installed (7-Zip
    also where its Windows installer puts it, which is not on PATH), and otherwise says how to re-save
    the archive as a zip.

    PASS: a .rar with 7-Zip installed. FAIL: a .rar on a computer with none of them.
    """
    from wuxiao_cli.archive.rar import NO_TOOL

    for refusal in _of(extracted, NO_TOOL):
        yield Problem(refusal.message)


@rule("Z004", "W/E", CLAUSE,
      T("压缩包里的文件名编码无法识别", "Names inside the archive are in an unknown encoding"),
      T("请发送方用 7-Zip 或系统自带的压缩功能重新压缩（文件名会以 UTF-8 保存）",
        "Ask the sender to re-zip with 7-Zip or the system's own zip (names saved as UTF-8)"),
      scope="archive",
      how="压缩包里没标明 UTF-8 的文件名，依次按 ASCII、UTF-8（Mac）、GBK（Windows 资源管理器、360压缩、WinRAR）识别。都对不上的（如日文、繁体 Big5 编码）给警告，列出最多 5 个，因为它们对应的照片或视频可能被认错。RAR 压缩包的文件名经本机解压程序解出后仍是乱码（? 或 �）的为错误，不检查其内容，以免把每项材料都报成缺少。")
def undecodable_names(extracted):
    """Zip names without the UTF-8 flag are read as the sender's tool wrote them: ASCII, UTF-8 (macOS)
    or GBK/CP936 (Windows Explorer, 360压缩, WinRAR). A name that fits none is kept as read (CP437) and
    listed here, since the photo or video it names may be misjudged. A RAR whose names its extractor
    garbled (? or U+FFFD) is an error and is not checked: every material would seem missing.

    PASS: 照片/正面.jpg written by Windows Explorer. WARN: a name written in Shift-JIS or Big5.
    FAIL: a RAR with GBK names that the installed extractor turned into ????.
    """
    from wuxiao_cli.archive.rar import GARBLED

    for refusal in _of(extracted, GARBLED):
        yield Problem(refusal.message, file=refusal.name, severity=ERROR,
                      hint=T("请用 WinRAR 或 7-Zip 打开它并“全部解压”，再把文件夹重新压缩为 zip（右键 → 发送到 → "
                             "压缩(zipped)文件夹）后检查；或请发送方这样重新压缩后发送",
                             "Extract it with WinRAR or 7-Zip and re-save the folder as a zip"))
    if extracted.undecodable:
        shown = listed(extracted.undecodable, 5)
        yield Problem(T(f"{len(extracted.undecodable)} 个文件名无法识别编码：{shown}",
                        f"{len(extracted.undecodable)} names fit no known encoding: {shown}"),
                      file=extracted.undecodable[0])


@rule("Z005", "E", CLAUSE,
      T("压缩包是空的（没有任何文件）", "Archive holds no file"),
      T("请发送方打开项目文件夹，确认申报表、照片、视频等都在里面，再右键 → 发送到 → 压缩(zipped)文件夹，重新发送",
        "Ask the sender to check the folder holds the materials, zip it again and resend"),
      scope="archive",
      how="压缩包里一个文件都没有（空压缩包，或只有空文件夹）为错误，整个包报一条，不再逐项报“缺少…”。常见于压缩了空文件夹，或在放入材料之前就压缩了。")
def empty_archive(extracted):
    """An archive with no file at all (nothing, or only folders) is said to be empty once, not reported
    as every material missing.

    PASS: a zip of the project folder. FAIL: a zip of an empty folder, or of the folder skeleton made
    before the files were added.
    """
    from wuxiao_cli.archive.guard import EMPTY

    for refusal in _of(extracted, EMPTY):
        yield Problem(refusal.message)


RULES = [unsafe_archive, encrypted_archive, rar_without_extractor, undecodable_names, empty_archive]
