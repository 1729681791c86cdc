"""Package rules (K) — SPEC §5 "Package (K)": what `pack` leaves out, how big it is, and whether it arrived intact.

Their check receives a wuxiao_cli.package.facts.PackageFacts, filled by `pack` or `verify`.
"""

from __future__ import annotations

from wuxiao_cli.findings import Problem
from wuxiao_cli.rules.base import rule
from wuxiao_cli.text import T

CLAUSE = "packaging"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f}"


@rule("K001", "I", CLAUSE,
      T("打包时略去的无用文件（系统垃圾、临时文件、备份）", "Junk files left out of the package"),
      T("无需处理；如不想看到此提示，可从项目文件夹中删除这些文件", "Nothing to do; delete them from the folder if you like"),
      scope="package")
def junk_left_out(facts):
    """Office lock files (~$form.docx), .DS_Store, Thumbs.db, __MACOSX/, ._*, `fix` backups (*.orig)
    an older package's 校验报告.txt / manifest-sha256.txt and the README.txt `wuxiao init` wrote
    (instructions for filling in) are never packed; this lists them.

    PASS: a folder with only the materials. INFO: photos/.DS_Store was left out.
    """
    if facts.junk:
        shown = "、".join(facts.junk[:10]) + ("等" if len(facts.junk) > 10 else "")
        yield Problem(T(f"已略去 {len(facts.junk)} 个无用文件：{shown}",
                        f"Left out {len(facts.junk)} junk file(s): {', '.join(facts.junk[:10])}"))


@rule("K002", "W", CLAUSE,
      T("压缩包超过邮件附件大小上限", "Package larger than the attachment limit"),
      T("用 --split 分成几个压缩包分别发送，或上传网盘后在邮件中附网盘链接",
        "Split it with --split, or send a netdisk link instead"),
      scope="package")
def over_limit(facts):
    """Mail services refuse big attachments (default limit 50 MB, `--max-mb N`).

    PASS: a 38 MB zip. WARN: a 212 MB zip (split it, or send a netdisk link);
    with --split, a single 80 MB video cannot fit in a 50 MB part and is reported.
    """
    limit = facts.limit
    for name, size in facts.oversize_files:
        yield Problem(T(f"{name} 单个文件 {_mb(size)} MB，超过上限 {_mb(limit)} MB，无法装入任何一个分卷",
                        f"{name} alone is {_mb(size)} MB, over the {_mb(limit)} MB limit; no part can hold it"),
                      file=name, hint=T("该文件请通过网盘发送，或压缩视频码率后重新打包",
                                        "Send this file by netdisk, or re-encode it smaller"))
    for name, size in facts.zips:
        if size > limit:
            yield Problem(T(f"{name} 大小 {_mb(size)} MB，超过附件上限 {_mb(limit)} MB",
                            f"{name} is {_mb(size)} MB, over the {_mb(limit)} MB attachment limit"))


@rule("K003", "E", CLAUSE,
      T("收到的压缩包不完整或不安全：哈希不符、缺文件、多文件或路径越界",
        "Package damaged or unsafe: hash mismatch, missing or extra file, or an escaping entry"),
      T("请发送方用 `wuxiao pack` 重新打包并重新发送；不要手工改动压缩包",
        "Ask the sender to pack again with `wuxiao pack` and resend; do not edit the zip by hand"),
      scope="package")
def integrity(facts):
    """`wuxiao verify` compares every file with manifest-sha256.txt and refuses, before extracting
    anything, entries that escape the folder (`../evil.txt`, `/etc/x`, `C:\\x`), symlinks, and zip
    bombs (declared size or compression ratio over the caps).

    PASS: a fresh `wuxiao pack`. FAIL: photos/a.jpg edited after packing (hash differs).
    """
    for message, entry in facts.integrity:
        yield Problem(message, file=entry)
