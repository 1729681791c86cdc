"""RAR archives: no pure-Python reader exists, so an installed extractor (unar, bsdtar or 7-Zip) is used.

Its listing is judged like any archive's before it extracts anything, and the extracted tree is walked
again (no links, totals under the caps), since an external tool's writing cannot be capped byte by byte.
Without any extractor the clerk gets one line on re-saving the archive as zip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from wuxiao_cli.archive.guard import ENCRYPTED, UNSAFE, Limits, Member, Refusal, Refused
from wuxiao_cli.text import T

TOOLS = ("unar", "bsdtar", "7z")
TIMEOUT = 600  # seconds for one listing or extraction
NO_TOOL = "no-tool"
_LINK_MODE = re.compile(r"(?:^|[\s-])l[rwx-]{9}")  # 7-Zip shows a Unix link's mode as lrwxrwxrwx


def find_tool(tools: tuple[str, ...] = TOOLS) -> str | None:
    for name in tools:
        if shutil.which(name if name != "unar" else "lsar") and shutil.which(name):
            return name
    return None


def no_tool(path: Path) -> Refusal:
    return Refusal(NO_TOOL, T(
        f"{path.name} 是 RAR 压缩包，本机没有可用的解压程序（unar、bsdtar 或 7-Zip）：请用 WinRAR 或 7-Zip 打开后"
        "“全部解压”，再把文件夹重新压缩为 zip（右键 → 发送到 → 压缩(zipped)文件夹），或安装 7-Zip 后重试",
        f"{path.name} is a RAR archive and no extractor (unar, bsdtar, 7-Zip) is installed: extract it with "
        "WinRAR or 7-Zip and re-save the folder as a zip, or install 7-Zip and retry"))


def _run(args: list[str]) -> subprocess.CompletedProcess:
    """Run an extractor; one that hangs or cannot start is reported as the tool's failure, not a crash."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        return subprocess.run(args, capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, b"", f"no answer within {TIMEOUT} s".encode())
    except OSError as exc:
        return subprocess.CompletedProcess(args, -1, b"", str(exc).encode("utf-8", errors="replace"))


def _tool_failed(tool: str, path: Path, proc: subprocess.CompletedProcess) -> Refusal:
    said = (proc.stderr or proc.stdout).decode("utf-8", errors="replace").strip().splitlines()
    why = said[-1] if said else f"exit {proc.returncode}"  # the tool's English: kept for --lang en only
    return Refusal(UNSAFE, T(f"{path.name} 无法解开：压缩包不完整或已损坏（可能是下载中断了），"
                             f"也可能是本机的解压程序（{tool}）不支持的 RAR 版本",
                             f"The extractor {tool} cannot read {path.name} ({why}): damaged, or a RAR {tool} "
                             "does not support"),
                   hint=T("请重新下载；仍然不行，请用 WinRAR 或 7-Zip 打开它并“全部解压”，再把文件夹重新压缩为 zip"
                          "（右键 → 发送到 → 压缩(zipped)文件夹）",
                          "Download it again; else extract it with WinRAR or 7-Zip and re-save the folder as a zip"))


def _lsar(path: Path) -> list[Member] | subprocess.CompletedProcess:
    proc = _run(["lsar", "-j", str(path)])
    try:
        data = json.loads(proc.stdout.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return proc
    if proc.returncode or data.get("lsarError"):
        return proc
    return [Member(e.get("XADFileName", ""), int(e.get("XADFileSize", 0)), int(e.get("XADCompressedSize", 0)),
                   bool(e.get("XADIsDirectory")), bool(e.get("XADIsLink")), bool(e.get("XADIsEncrypted")))
            for e in data.get("lsarContents", [])]


def _7z(path: Path) -> list[Member] | subprocess.CompletedProcess:
    proc = _run(["7z", "l", "-slt", "-p-", str(path)])
    if proc.returncode:
        return proc
    text = proc.stdout.decode("utf-8", errors="replace")
    out = []
    for block in text.split("----------", 1)[-1].split("\n\n"):
        fields = dict(line.split(" = ", 1) for line in block.splitlines() if " = " in line)
        if "Path" not in fields:
            continue
        out.append(Member(fields["Path"], int(fields.get("Size") or 0), int(fields.get("Packed Size") or 0),
                          fields.get("Folder") == "+", bool(_LINK_MODE.search(fields.get("Attributes", ""))),
                          fields.get("Encrypted") == "+"))
    return out


def _bsdtar(path: Path) -> list[Member] | subprocess.CompletedProcess:
    proc = _run(["bsdtar", "-tvf", str(path)])
    if proc.returncode:
        return proc
    out = []
    for line in proc.stdout.decode("utf-8", errors="replace").splitlines():
        cols = line.split(None, 8)
        if len(cols) == 9 and cols[4].isdigit():
            name = cols[8].split(" -> ")[0]
            out.append(Member(name, int(cols[4]), 0, cols[0].startswith("d"), cols[0].startswith("l")))
    return out


_LIST = {"unar": _lsar, "7z": _7z, "bsdtar": _bsdtar}
_EXTRACT = {
    "unar": lambda src, dest: ["unar", "-q", "-f", "-D", "-p", "", "-o", str(dest), str(src)],
    "7z": lambda src, dest: ["7z", "x", "-y", "-p-", f"-o{dest}", str(src)],
    "bsdtar": lambda src, dest: ["bsdtar", "-x", "-f", str(src), "-C", str(dest)],
}


def extract_rar(path: Path, dest: Path, judge_listing, limits: Limits, tools: tuple[str, ...] = TOOLS) -> str:
    """Judge the listing, extract with the first installed tool, then re-check the tree; returns the tool."""
    tool = find_tool(tools)
    if tool is None:
        raise Refused([no_tool(path)])
    listed = _LIST[tool](path)
    if isinstance(listed, subprocess.CompletedProcess):
        said = (listed.stderr + listed.stdout).lower()
        if b"password" in said or b"encrypt" in said:
            raise Refused([Refusal(ENCRYPTED, T(f"{path.name} 设置了密码（已加密），无法检查",
                                                f"{path.name} is password-protected"))])
        raise Refused([_tool_failed(tool, path, listed)])
    judge_listing(listed)
    dest.mkdir(parents=True, exist_ok=True)
    proc = _run(_EXTRACT[tool](path, dest))
    if proc.returncode:
        raise Refused([_tool_failed(tool, path, proc)])
    _recheck(dest, limits)
    return tool


def _recheck(dest: Path, limits: Limits) -> None:
    """What the tool wrote: no links, no more entries or bytes than the caps allow."""
    count = total = 0
    for folder, dirs, files in os.walk(dest):
        for name in dirs + files:
            p = Path(folder) / name
            count += 1
            if p.is_symlink():
                rel = p.relative_to(dest).as_posix()
                raise Refused([Refusal(UNSAFE, T(f"条目「{rel}」是符号链接，拒绝检查", f"Entry '{rel}' is a symlink"), rel)])
            if name in files:
                total += p.stat().st_size
    if count > limits.max_entries or total > limits.max_total:
        raise Refused([Refusal(UNSAFE, T(f"解压出 {count} 个条目、{total / 1e6:.1f} MB，超过上限",
                                         f"Extracted {count} entries, {total / 1e6:.1f} MB: over the caps"))])
