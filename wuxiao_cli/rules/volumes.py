"""Split archives (Z006): the volumes of one archive received side by side, which no single volume can show.

The check receives a wuxiao_cli.volumes.VolumeSet (discovery keeps one source per set); for any other
archive (an Extracted) it finds nothing.
"""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.project import nfc
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T

CLAUSE = "收件（压缩包）"
TOOL = {"rar": "WinRAR 或 7-Zip"}


@rule("Z006", "E", CLAUSE,
      T("分卷压缩包：需要把各卷合在一起解压，未检查其内容", "Split archive: its volumes must be extracted together; not checked"),
      T("把各卷放在同一文件夹，用 7-Zip 打开第一卷（.001、.part1.rar，Info-ZIP 分卷打开 .zip）解压，再检查解压出的文件夹",
        "Put all volumes in one folder, open the first (.001, .part1.rar; the .zip of a .z01 set) in 7-Zip, "
        "extract, and check the extracted folder"),
      scope="archive",
      how="按文件名认出分卷压缩包：7-Zip 的 成果.7z.001、成果.zip.001…，WinZip/Info-ZIP 的 成果.z01、成果.z02…成果.zip（.zip 是最后一卷），WinRAR 的 成果.part1.rar… 或 成果.rar、成果.r00…。同一套分卷只报一条错误，说明共几卷、缺哪几卷、用什么软件打开哪一卷解压；单独一卷无法检查，不是文件损坏。wuxiao pack --split 分出的各部分不在此列：它们放在一起时按 wuxiao verify 的方式合起来检查。")
def split_archive(source):
    """A split archive (7-Zip ``.7z.001``/``.zip.001``, Info-ZIP ``.z01 … .zip``, WinRAR ``.part1.rar``
    or ``.rar, .r00``) cannot be read one volume at a time: each volume is a slice of one stream. The
    set is reported once, with how many volumes are here, which are missing, and which one to open in
    7-Zip; no single volume is called damaged.

    PASS: an ordinary zip, 7z or RAR. FAIL: 成果.7z.001 … 成果.7z.004 in the batch folder.
    """
    from wuxiao_cli.volumes import VolumeSet

    if not isinstance(source, VolumeSet):
        return
    names = [nfc(p.name) for p in source.parts]
    shown = names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"
    tool = TOOL.get(source.kind, "7-Zip")
    lacks = [f"第 {n} 卷" for n in source.missing[:5]] + (["…"] if len(source.missing) > 5 else [])
    if source.kind == "infozip" and not source.has_last:
        lacks.append(f"最后一卷 {source.stem}.zip")
    what = f"{shown} 是一个分卷压缩包（这里有 {len(names)} 卷），单独一卷无法解压和检查"
    if lacks:
        what += f"；缺少{'、'.join(lacks)}"
        hint = T(f"请发送方补发缺少的分卷；收齐后把各卷放在同一文件夹，用 {tool} 打开第一卷解压，再检查解压出的文件夹",
                 "Ask the sender for the missing volumes; then extract them together and check the folder")
    else:
        opener = nfc(source.opener.name) if source.opener is not None else names[0]
        hint = T(f"把各卷放在同一文件夹，用 {tool} 打开 {opener} 解压（会自动接上其余各卷），再检查解压出的文件夹",
                 f"Keep the volumes in one folder, open {opener} in 7-Zip to extract them all, then check the folder")
    yield Problem(T(what, f"{shown} is one split archive ({len(names)} volumes here)"
                    + (f"; missing: {', '.join(map(str, source.missing))}" if source.missing else "")), hint=hint)


RULES = [split_archive]
