"""RAR archives: no pure-Python reader exists, so an installed extractor (unar, bsdtar or 7-Zip) is used.

Its listing is judged like any archive's before it extracts anything, and the extracted tree is walked
again (no links, totals under the caps, names readable), since an external tool's writing cannot be
capped byte by byte. Without any extractor the clerk gets one line on re-saving the archive as zip.

Names: RAR 3+ stores Unicode names, but WinRAR 4 and 好压 on Chinese Windows store legacy (GBK) ones.
unar detects them; bsdtar is told CP936 (it applies only to names without the Unicode flag); 7-Zip writes
their bytes as they are on Linux/macOS, so they are read as GBK after it. A name still garbled (? or
U+FFFD) refuses the archive as Z004: checked under garbled names, every material would seem missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from wuxiao_cli.archive.guard import CHUNK, ENCRYPTED, UNSAFE, Limits, Member, Refusal, Refused
from wuxiao_cli.text import T

TOOLS = ("unar", "bsdtar", "7z")
TIMEOUT = 600  # seconds for one listing or extraction
# What a tool may print: a listing of the 20,000 entries the guard allows is ~10 MB (lsar's JSON, ~500 B
# an entry); millions of tiny entries would print gigabytes before the guard could count them
MAX_OUTPUT = 64 << 20
TOO_MUCH = -2  # the returncode _run gives when the tool printed more than MAX_OUTPUT (and was stopped)
NO_TOOL = "no-tool"
GARBLED = "garbled"  # names the extractor could not decode: the archive is not checked under them
_LINK_MODE = re.compile(r"(?:^|[\s-])l[rwx-]{9}")  # 7-Zip shows a Unix link's mode as lrwxrwxrwx
LEGACY_NAMES = "CP936"  # what Chinese Windows tools write names in when not in Unicode (GBK)


def _windows_7z() -> str | None:
    """7-Zip's installer does not put 7z.exe on PATH: look where it installs (and where it says it did)."""
    places = [Path(os.environ[v]) / "7-Zip" for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
              if os.environ.get(v)]
    if sys.platform == "win32":
        import winreg

        for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
            for value in ("Path64", "Path"):
                try:
                    with winreg.OpenKey(hive, r"Software\7-Zip") as key:
                        places.append(Path(winreg.QueryValueEx(key, value)[0]))
                except OSError:
                    continue
    return next((str(p / "7z.exe") for p in places if (p / "7z.exe").is_file()), None)


def executable(name: str) -> str | None:
    """Where the tool ``name`` is: on PATH, or for 7-Zip also where its Windows installer puts it."""
    if name == "unar":  # unar is used with its lister lsar
        return shutil.which("unar") if shutil.which("lsar") else None
    return shutil.which(name) or (_windows_7z() if name == "7z" else None)


def find_tool(tools: tuple[str, ...] = TOOLS) -> str | None:
    return next((name for name in tools if executable(name)), None)


def no_tool(path: Path) -> Refusal:
    elsewhere = "" if sys.platform == "win32" else "（Linux、macOS 上也可以安装 unar 或 p7zip。）"
    return Refusal(NO_TOOL, T(
        f"{path.name} 是 RAR 压缩包，本机找不到能解开它的程序：请用 WinRAR 或 7-Zip 打开后“全部解压”，"
        "再把文件夹重新压缩为 zip（右键 → 发送到 → 压缩(zipped)文件夹），或安装 7-Zip（装在默认位置即可）后重试"
        + elsewhere,
        f"{path.name} is a RAR archive and no extractor (unar, bsdtar, 7-Zip) is installed: extract it with "
        "WinRAR or 7-Zip and re-save the folder as a zip, or install 7-Zip and retry"))


def _run(args: list[str], feed: Path | None = None) -> subprocess.CompletedProcess:
    """Run an extractor; one that hangs or cannot start is reported as the tool's failure, not a crash.

    ``feed``: the archive is given on standard input, as a stream. bsdtar, given the file, guesses its
    format by content and may take the RAR for a zip when a .docx or .xlsx is stored last in it."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        with subprocess.Popen(args, stdin=subprocess.PIPE if feed else subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) as proc:
            pump = None
            if feed is not None:
                sink, proc.stdin = proc.stdin, None  # written by the pump; communicate() only reads
                pump = threading.Thread(target=_pour, args=(feed, sink), daemon=True)
                pump.start()
            out, err = bytearray(), bytearray()
            readers = [threading.Thread(target=_collect, args=(stream, into, proc), daemon=True)
                       for stream, into in ((proc.stdout, out), (proc.stderr, err))]
            for reader in readers:
                reader.start()
            try:
                proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                return subprocess.CompletedProcess(args, -1, b"", f"no answer within {TIMEOUT} s".encode())
            finally:
                for thread in (*readers, *([pump] if pump is not None else [])):
                    thread.join()
            if len(out) > MAX_OUTPUT or len(err) > MAX_OUTPUT:
                return subprocess.CompletedProcess(args, TOO_MUCH, b"", f"printed over {MAX_OUTPUT >> 20} MB".encode())
            return subprocess.CompletedProcess(args, proc.returncode, bytes(out), bytes(err))
    except OSError as exc:
        return subprocess.CompletedProcess(args, -1, b"", str(exc).encode("utf-8", errors="replace"))


def _collect(stream, into: bytearray, proc: subprocess.Popen) -> None:
    """Read what the tool prints into ``into``; past MAX_OUTPUT the tool is stopped (and the rest left)."""
    while chunk := stream.read(CHUNK):
        into += chunk
        if len(into) > MAX_OUTPUT:
            proc.kill()
            return


def _pour(src: Path, sink) -> None:
    try:
        with open(src, "rb") as fh:
            while chunk := fh.read(CHUNK):
                sink.write(chunk)
    except OSError:  # the tool stopped reading (it failed, and says why on stderr)
        pass
    finally:
        try:
            sink.close()
        except OSError:
            pass


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


def _run_7z(args: list[str]) -> subprocess.CompletedProcess:
    """7-Zip told to print in UTF-8 (-scc, 7-Zip 9.30 and later; p7zip 16.02 accepts it): on Chinese Windows
    it prints the OEM code page (GBK), and names read as UTF-8 came out as ���. An older one refuses the
    switch (exit 7, a command-line error) and is asked again without it."""
    tool = executable("7z") or "7z"
    proc = _run([tool, *args, "-sccUTF-8"])
    return _run([tool, *args]) if proc.returncode == 7 else proc


def _7z(path: Path) -> list[Member] | subprocess.CompletedProcess:
    proc = _run_7z(["l", "-slt", "-p-", str(path)])
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
    proc = _run(["bsdtar", "--options", f"rar:hdrcharset={LEGACY_NAMES}", "-tvf", "-"], feed=path)
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
    "7z": lambda src, dest: ["x", "-y", "-p-", f"-o{dest}", str(src)],  # through _run_7z
    "bsdtar": lambda src, dest: ["bsdtar", "--options", f"rar:hdrcharset={LEGACY_NAMES}", "-x", "-f", "-",
                                 "-C", str(dest)],
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
        if b"cannot be converted" in said or b"unreadable filename" in said:  # bsdtar: names in no known encoding
            raise Refused([_garbled_names(path, tool, [])])
        if listed.returncode == TOO_MUCH:
            raise Refused([Refusal(UNSAFE, T(
                f"{path.name} 的文件列表超过 {MAX_OUTPUT >> 20} MB（条目远多于上限 {limits.max_entries}），为安全起见未解压",
                f"{path.name} lists over {MAX_OUTPUT >> 20} MB of entries (far over {limits.max_entries}); not extracted"))])
        raise Refused([_tool_failed(tool, path, listed)])
    judge_listing(listed)
    dest.mkdir(parents=True, exist_ok=True)
    args = _EXTRACT[tool](path, dest)
    proc = _run_7z(args) if tool == "7z" else _run(args, feed=path if tool == "bsdtar" else None)
    if proc.returncode:
        raise Refused([_tool_failed(tool, path, proc)])
    _recheck(dest, limits)
    _legacy_names(dest)
    if garbled := _garbled(dest):
        raise Refused([_garbled_names(path, tool, garbled)])
    return tool


def _garbled_names(path: Path, tool: str, garbled: list[str]) -> Refusal:
    said = f"有 {len(garbled)} 个" if garbled else "有的"
    example = f"：{garbled[0]}{' 等' if len(garbled) > 1 else ''}" if garbled else ""
    return Refusal(GARBLED, T(
        f"{path.name} 里{said}文件名本机的解压程序（{tool}）认不出编码，解出来成了乱码{example}；"
        "这样检查会把每项材料都当成缺少，所以没有检查它的内容",
        f"Names in {path.name} came out garbled with {tool}; its content was not checked"),
        garbled[0] if garbled else None)


def _legacy_names(dest: Path) -> None:
    """Names 7-Zip wrote as the archive's legacy bytes (Linux, macOS): read them as GBK, as Windows would.
    Only when every such name is GBK; deepest first, so a folder is renamed after what is inside it."""
    if os.name == "nt":
        return
    raw = [(folder, name) for folder, dirs, files in os.walk(os.fsencode(dest), topdown=False)
           for name in files + dirs]
    odd = [(folder, name) for folder, name in raw if not _is_utf8(name)]
    try:
        renames = [(os.path.join(folder, name), os.path.join(folder, name.decode("gbk").encode("utf-8")))
                   for folder, name in odd]
    except UnicodeDecodeError:
        return  # not GBK either: left as they are, and reported as garbled
    for old, new in renames:
        if not os.path.lexists(new):
            os.rename(old, new)


def _is_utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _garbled(dest: Path) -> list[str]:
    """Names that came out as ? or U+FFFD, or as bytes no encoding here reads (surrogate escapes)."""
    out = []
    for p in sorted(dest.rglob("*")):
        rel = p.relative_to(dest).as_posix()
        if "?" in p.name or "\ufffd" in p.name or any("\udc80" <= c <= "\udcff" for c in p.name):
            out.append(rel.encode("utf-8", errors="replace").decode("utf-8"))
    return out


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
