"""`pack` never writes a package that `verify` (or `check` of the zip) would refuse by its own caps (guard.Limits).

Sizes and counts are judged from the files before a byte is written; the compression ratio, known only once
deflated, is judged on the written temporary zip before it gets its name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from wuxiao_cli.archive import zips
from wuxiao_cli.archive.guard import DEFAULT_LIMITS, MB, Limits, judge
from wuxiao_cli.caps import MAKE_SMALLER, too_big

TRAILER_ENTRIES = 2  # 校验报告.txt and manifest-sha256.txt


class Unreceivable(Exception):
    """One Chinese line: the file (or package), its size, the cap the receiver applies, and what to do."""


def check_sizes(parts: list[list], top: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse before writing: a file over the per-file cap, or a package over the total or the entry count."""
    for part in parts:
        for item in part:
            if said := too_big(item.rel, item.size, limits.max_entry):
                raise Unreceivable(f"{said}，没有打包：{MAKE_SMALLER}，再重新打包")
        total = sum(item.size for item in part)
        if total > limits.max_total:
            raise Unreceivable(f"{top} 共 {total / MB:,.1f} MB（{total:,} 字节），超过收件方核对压缩包时（wuxiao verify）能接收的"
                               f"总量 {limits.max_total / MB:,.0f} MB，没有打包：请把视频压缩小，或加 --split 分成几个压缩包")
        if len(part) + TRAILER_ENTRIES > limits.max_entries:
            raise Unreceivable(f"{top} 有 {len(part)} 个文件，超过收件方核对压缩包时（wuxiao verify）能接收的 "
                               f"{limits.max_entries} 个，没有打包：请删去不需要的文件，或确认选的是项目文件夹本身")


def check_written(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse the written zip if its listing fails the receiver's judge (in practice: an entry that
    deflates over the ratio cap, such as a large file of zeros)."""
    with zipfile.ZipFile(path) as zf:
        members, _undecodable = zips.members(zf)
    if refusals := judge(members, limits, path.stat().st_size):
        first = refusals[0]
        raise Unreceivable(f"{first.message('zh')}，收件方核对压缩包时（wuxiao verify）会拒收，没有打包：请检查并替换这个文件"
                           "（如是大块空白或重复内容的文件，另存或重新导出）")
