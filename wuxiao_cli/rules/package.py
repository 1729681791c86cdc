"""Package rules (K) — SPEC §5 "Package (K)": what `pack` leaves out, how big it is, and whether it arrived intact.

Their check receives a wuxiao_cli.package.facts.PackageFacts, filled by `pack` or `verify`.
"""

from __future__ import annotations

from wuxiao_cli.findings import INFO, Problem
from wuxiao_cli.package.facts import MESSAGE_OVERHEAD, encoded_size, zip_budget
from wuxiao_cli.rules.audio import AUDIO_EXTS
from wuxiao_cli.rules.base import rule
from wuxiao_cli.rules.photos import IMAGE_EXTS
from wuxiao_cli.rules.videos import VIDEO_EXTS
from wuxiao_cli.text import T, listed, mb_figure, mb_unit, size_against

CLAUSE = "packaging"


@rule("K001", "I", CLAUSE,
      T("打包时略去的无用文件（系统垃圾、临时文件、备份）", "Junk files left out of the package"),
      T("无需处理；如不想看到此提示，可从项目文件夹中删除这些文件", "Nothing to do; delete them from the folder if you like"),
      scope="package",
      how="打包时不放入压缩包的无用文件，在这里列出，只是提示：Office、WPS 和 LibreOffice 的临时锁文件（如 ~$form.docx、.~lock.form.docx#）、.DS_Store、Thumbs.db、__MACOSX/、._ 开头的文件、修复时留下的 .orig 备份、旧包里的 校验报告.txt 和 manifest-sha256.txt，以及 wuxiao init 生成的填写说明 README.txt。")
def junk_left_out(facts):
    """Office and LibreOffice lock files (~$form.docx, .~lock.form.docx#), .DS_Store, Thumbs.db,
    __MACOSX/, ._*, `fix` backups (*.orig), an older package's 校验报告.txt / manifest-sha256.txt and the README.txt `wuxiao init` wrote
    (instructions for filling in) are never packed; this lists them.

    PASS: a folder with only the materials. INFO: photos/.DS_Store was left out.
    """
    if facts.junk:
        yield Problem(T(f"已略去 {len(facts.junk)} 个无用文件：{listed(facts.junk, 10)}",
                        f"Left out {len(facts.junk)} junk file(s): {', '.join(facts.junk[:10])}"))


BY_MAIL = T("用 --split 分成几个压缩包分别发送，或上传网盘后在邮件中附网盘链接", "Split it with --split, or send a netdisk link instead")
SMALLER = T("把过大的文件改小后重新打包，或调大 --max-mb", "make the large file smaller, or raise --max-mb")


def smaller(name: str, room: int) -> T:
    """How to make one file fit ``room`` bytes, by its kind: a photo is compressed or scaled down, a video or
    a recording re-encoded at a lower bitrate, anything else saved again smaller."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    cap = f"{mb_figure(room, mb_unit(room))} MB"
    if suffix in IMAGE_EXTS:
        return T(f"把这张照片压缩到 {cap} 以内（降低分辨率或 JPEG 质量）后重新打包，或调大 --max-mb",
                 f"compress this photo under {cap} (lower resolution or JPEG quality), or raise --max-mb")
    if suffix in VIDEO_EXTS or suffix in AUDIO_EXTS:
        return T(f"降低码率重新压缩到 {cap} 以内后重新打包，或调大 --max-mb",
                 f"re-encode it at a lower bitrate under {cap}, or raise --max-mb")
    return T(f"另存或压缩到 {cap} 以内（如 PDF、Word 里的图片压缩）后重新打包，或调大 --max-mb",
             f"save or compress it under {cap} (e.g. compress the pictures in a PDF or Word file), or raise --max-mb")


@rule("K002", "W", CLAUSE,
      T("压缩包超过大小上限（默认 50 MB，按邮件附件上限）", "Package larger than the size limit (attachment limit)"),
      T("用 --split 分成几个压缩包分别发送，或上传网盘后在邮件中附网盘链接（线上填报的通知不用邮件：压缩包只作留存或转交）",
        "Split it with --split, or send a netdisk link instead (online submissions e-mail nothing)"),
      scope="package",
      how="比较压缩包大小与上限（默认 50 MB，即常见的邮件附件上限，可用 --max-mb 改；1 MB 按 1,048,576 字节计，与邮箱和 Windows 资源管理器显示的一致）。超过给警告，例如 212 MB 的包。生成邮件（--eml）时按编码后的邮件大小算，约为压缩包的 4/3：40 MB 的包发成邮件约 54 MB，超过 50 MB。分卷（--split）时，单个文件就超过上限、装不进任何分卷的，也在这里列出，每个文件一条（它单独占的那个分卷不再另列）；修改方法按文件种类给：照片压缩到上限以内或降低分辨率，视频、录音降低码率，其他文件另存或压缩。通知要求线上填报的（江苏：在江苏工会服务网提名系统逐个上传附件），压缩包只用于留存或转交，不用邮件发送：只作提示，修改方法也不提邮件和网盘。")
def over_limit(facts):
    """Mail services refuse big attachments (default limit 50 MB, `--max-mb N`).

    With `--eml` the limit applies to the message as sent: base64 makes a file 4/3 as big, so a
    40 MB zip is a ~54 MB e-mail and over a 50 MB limit. A profile delivered online (facts.online,
    from package.delivery) e-mails nothing: the zip is kept or handed on, and the hint says so.

    PASS: a 38 MB zip. WARN: a 212 MB zip (split it, or send a netdisk link);
    with --split, a single 80 MB video cannot fit in a 50 MB part and is reported.
    """
    limit = facts.limit  # sizes are shown in its unit, MB of 1,048,576 bytes for --max-mb (text.size_against)
    for name, size in facts.oversize_files:
        shown, cap = size_against(size, limit)
        if facts.eml and size <= limit:  # under the limit itself: it is the e-mail's encoding that does not fit
            mail = size_against(encoded_size(size) + MESSAGE_OVERHEAD, limit)[0]
            shown = T(f"{shown.zh}，作为邮件附件编码后约 {mail.zh}", f"{shown.en}, about {mail.en} as an encoded e-mail")
        fit = smaller(name, zip_budget(limit) if facts.eml else limit)
        yield Problem(T(f"{name} 单个文件 {shown.zh}，超过上限 {cap.zh}，无法装入任何一个分卷",
                        f"{name} alone is {shown.en}, over the {cap.en} limit; no part can hold it"),
                      file=name, hint=_hint(facts, fit, T(f"该文件请通过网盘发送，或{fit.zh}",
                                                          f"Send this file by netdisk, or {fit.en}")))
    for name, size in facts.zips:
        if name in facts.oversize_zips:  # the part holding one oversized file alone: its finding is that file's
            continue
        shown, cap = size_against(size, limit)
        if facts.eml and (mail := encoded_size(size) + MESSAGE_OVERHEAD) > limit:
            sent = size_against(mail, limit)[0]
            yield Problem(T(f"{name} 大小 {shown.zh}，作为邮件附件编码后约 {sent.zh}，超过上限 {cap.zh}",
                            f"{name} is {shown.en}, about {sent.en} as an encoded e-mail, over the {cap.en} limit"),
                          hint=BY_MAIL)
        elif not facts.eml and size > limit:
            what = T("上限", "size limit") if facts.online else T("附件上限", "attachment limit")
            yield Problem(T(f"{name} 大小 {shown.zh}，超过{what.zh} {cap.zh}",
                            f"{name} is {shown.en}, over the {cap.en} {what.en}"),
                          hint=_hint(facts, SMALLER if facts.split else T(
                              "超过上限不影响上报；要转交较小的包时用 --split 分卷",
                              "this does not hinder the upload; use --split for smaller parts"), BY_MAIL))


def _hint(facts, then: T, by_mail: T) -> T:
    """``by_mail`` when the notice has the package e-mailed; for one delivered online, what the size means
    there (nothing is e-mailed), then ``then``."""
    if not facts.online:
        return by_mail
    return T(f"本通知为线上填报：材料在 {facts.online} 逐个上传，压缩包只用于留存或转交，不用邮件发送；{then.zh}",
             f"Submitted online ({facts.online}): nothing is e-mailed, the zip is kept or handed on; {then.en}")


@rule("K003", "E", CLAUSE,
      T("收到的压缩包不完整或不安全：哈希不符、缺文件、多文件或路径越界",
        "Package damaged or unsafe: hash mismatch, missing or extra file, or an escaping entry"),
      T("请发送方用 `wuxiao pack` 重新打包并重新发送；不要手工改动压缩包",
        "Ask the sender to pack again with `wuxiao pack` and resend; do not edit the zip by hand"),
      scope="package",
      how="核对收到的压缩包（wuxiao verify）：每个文件与 manifest-sha256.txt 清单里的哈希逐一比对，缺文件、多文件、哈希不符为错误，例如打包后又改过 {photos_dir}/a.jpg。解压前还会拒绝路径越出文件夹（如 ../evil.txt）、符号链接和声明大小或压缩比超限的“压缩炸弹”。")
def integrity(facts):
    """`wuxiao verify` compares every file with manifest-sha256.txt and refuses, before extracting
    anything, entries that escape the folder (`../evil.txt`, `/etc/x`, `C:\\x`), symlinks, and zip
    bombs (declared size or compression ratio over the caps).

    PASS: a fresh `wuxiao pack`. FAIL: photos/a.jpg edited after packing (hash differs).
    """
    for message, entry in facts.integrity:
        yield Problem(message, file=entry)


@rule("K004", "I", CLAUSE,
      T("压缩包里没有 SHA-256 清单：只检查了内容，无法核对完整性", "No manifest: content checked, integrity not"),
      T("无需处理；如需核对完整性，请发送方用 `wuxiao pack` 打包", "Nothing to do; `wuxiao pack` adds a manifest"),
      scope="package",
      how="收到的压缩包里没有 manifest-sha256.txt 清单（例如用 Windows“发送到压缩文件夹”或 360压缩 自己打的包），仍按规则检查其内容，但无法核对哈希，只给提示。wuxiao pack 生成的包有清单，不报这一条。")
def no_manifest(facts):
    """A worker's own zip (Windows 发送到压缩文件夹, 360压缩…) has no manifest-sha256.txt: `verify`
    still checks its content with the profile's rules, and says that nothing could be compared.

    INFO: 成果.zip made by Windows Explorer. Nothing: a zip made by `wuxiao pack`.
    """
    for name in facts.no_manifest:
        yield Problem(T(f"{name} 中没有 manifest-sha256.txt（不是 wuxiao pack 生成的包），已按规则检查内容，未核对哈希",
                        f"{name} has no manifest-sha256.txt: content checked, hashes not compared"))


@rule("K005", "E", CLAUSE,
      T("分卷包不全：只核对了给出的分卷，内容未检查", "Split package incomplete: parts verified, content not checked"),
      T("把全部分卷一起核对：wuxiao verify 第1部分.zip 第2部分.zip …；只想核对手头的分卷时加 --allow-partial",
        "Verify all parts together; add --allow-partial to accept checking only the parts at hand"),
      scope="package",
      how="清单或文件名（如 …-第1部分.zip）表明这是分卷中的一部分，却没有给出全部分卷时为错误：已给出的分卷清单核对通过，但项目内容要全部分卷才能检查。加 --allow-partial 时改为提示。例如单独核对 包-第1部分.zip 为错误，把第1、2部分一起给出即通过。")
def partial_package(facts):
    """A zip whose manifest (or name, `…-第1部分.zip`) says it is part 1 of 2 proves only itself:
    every file its manifest lists is there, but the project's rules need every part. Alone it fails,
    unless `--allow-partial` is given, where it is an info: "part 1 of 2 verified, content not checked".

    FAIL: `verify 包-第1部分.zip` alone. PASS: `verify 包-第1部分.zip 包-第2部分.zip`.
    """
    if facts.partial is None:
        return
    given, of, missing, allowed = facts.partial
    shown = "、".join(map(str, missing[:10])) + ("等" if len(missing) > 10 else "")
    yield Problem(T(f"只给出第 {'、'.join(map(str, given))} 部分（共 {of} 部分），清单核对通过，内容未检查；缺第 {shown} 部分",
                    f"Part(s) {given} of {of} verified, content not checked; missing part(s) {missing[:10]}"),
                  severity=INFO if allowed else None)


@rule("K006", "E", CLAUSE,
      T("打包时文件被改动：读取过程中大小变了", "A file changed while it was being packed"),
      T("关掉正在写这个文件的程序（录屏、下载、同步盘），等它写完后重新打包",
        "Close the program writing the file (recorder, download, sync client) and pack again"),
      scope="package",
      how="打包前记下每个文件的大小，读取时大小变了（如录屏软件还在写视频、同步盘正在下载）就停止打包，为错误，不生成压缩包。")
def changed_while_packing(facts):
    """`pack` notes each file's size before reading it and stops if the file grows or shrinks while
    it is read (a recording still running, a sync client downloading): the zip would hold a torn
    copy, or grow without end. No package is written.

    FAIL: a video still being written by a screen recorder. PASS: files that stay put.
    """
    for rel, before, after in facts.changed:
        yield Problem(T(f"{rel} 打包时大小由 {before} 字节变为 {after} 字节，未生成压缩包",
                        f"{rel} changed from {before} to {after} bytes while packing; no package written"),
                      file=rel)


RULES = [junk_left_out, over_limit, integrity, no_manifest, partial_package, changed_while_packing]
