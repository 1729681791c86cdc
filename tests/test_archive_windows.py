"""Received archives on Windows, simulated on Linux: MAX_PATH without long paths, and names NTFS cannot keep.

The simulation patches only what extraction asks of the file system (creating files and folders, and
whether a path exists) under the test's temporary folder, as /tmp/xw/winsim.py did for the exploratory
test, and gives the placer Windows' answers (archive.place.storable, folds_case).
"""

from __future__ import annotations

import builtins
import os
import pathlib
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.archive_helpers import make_rar, project_files
from tests.conftest import EXAMPLES
from tests.report_schema import loads_report
from wuxiao_cli.archive import extracted, guard, rar
from wuxiao_cli.cli import app

runner = CliRunner()
GOOD = EXAMPLES / "good-project"
MAX_PATH = 260
PHOTO = "photos/跟刀架-侧视图.jpg"


def check_json(*paths: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *map(str, paths), "-f", "json", "-q", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, loads_report(result.stdout) if result.exit_code in (0, 1) else {"output": result.output}


def findings(report: dict, index: int = 0) -> list[tuple[str, str | None, str]]:
    return sorted((f["rule"], f["file"], f["message"]) for f in report["projects"][index]["findings"]
                  if f["severity"] != "info")


def zip_of(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, as long as C:\\Users\\zhangsan\\AppData\\Local\\Temp (36 characters)
    when this test's own folder allows; archives are extracted under it."""
    base = tmp_path / "T"
    base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    return base


def _under(temp: Path, path) -> bool:
    return isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(str(temp) + os.sep)


def _too_long(path, winerror: int | None = None) -> FileNotFoundError:
    """What Python raises on Windows past MAX_PATH: ENOENT, from os.mkdir with ERROR_PATH_NOT_FOUND as its
    winerror, from open (the C runtime's _wopen) with none."""
    exc = FileNotFoundError(2, "系统找不到指定的路径。", os.fspath(path))
    if winerror is not None:
        exc.winerror = winerror
    return exc


@pytest.fixture
def max_path(temp, monkeypatch):
    """Windows without long paths: creating a file of MAX_PATH characters or more, or a folder of
    MAX_PATH - 12 (CreateDirectory's limit), fails as ERROR_PATH_NOT_FOUND. ``limit`` counts as if the
    temporary folder were C:\\Users\\zhangsan\\AppData\\Local\\Temp."""
    shift = len(str(temp)) - len(r"C:\Users\zhangsan\AppData\Local\Temp")
    real_open, real_mkdir = builtins.open, os.mkdir

    def length(path) -> int:
        return len(os.path.abspath(os.fspath(path))) - shift

    def open_(file, mode="r", *a, **k):
        if _under(temp, file) and any(c in mode for c in "wax") and length(file) >= MAX_PATH:
            raise _too_long(file)
        return real_open(file, mode, *a, **k)

    def mkdir(path, *a, **k):
        if _under(temp, path) and length(path) >= MAX_PATH - 12:
            raise _too_long(path, winerror=3)
        return real_mkdir(path, *a, **k)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(guard, "WINDOWS", True, raising=False)
    return length


LONG_FOLDER = "2024年5月1日在第二车间数控车床上拍摄的跟刀架装置现场应用照片/由设备科拍摄，已经单位工会审核同意用于申报"


@pytest.mark.parametrize("long_entry", [
    f"李四成果/photos/{LONG_FOLDER}/{LONG_FOLDER}/{LONG_FOLDER}/{LONG_FOLDER}/跟刀架-侧视图.jpg",  # a folder too long
    f"李四成果/photos/{LONG_FOLDER}/{LONG_FOLDER}/{'跟刀架侧视图' * 13}-1.jpg"])  # only the file too long
def test_a_path_too_long_for_windows_is_a_finding_on_its_archive_and_the_batch_goes_on(tmp_path, max_path,
                                                                                       long_entry):
    """Defect 1 of the Windows exploration: ENOENT (winerror 3 from a folder, none from a file) was read as
    "folder missing", a WriteFailed that stopped the batch (exit 2) before any other project was reported."""
    inbox = tmp_path / "收件"
    shutil.copytree(GOOD, inbox / "张三项目")
    zip_of(inbox / "李四.zip", {**project_files(GOOD, "李四成果"), long_entry: (GOOD / PHOTO).read_bytes()})
    code, report = check_json(inbox)
    assert code == 1, report
    by_name = {Path(p["path"]).name: p for p in report["projects"]}
    assert by_name["张三项目"]["status"] == "pass", report["batch_findings"]
    [z001] = [f for f in by_name["李四.zip"]["findings"] if f["severity"] == "error"]
    assert z001["rule"] == "Z001" and z001["file"] == long_entry
    assert "路径太长" in z001["message"] and f"文件 {MAX_PATH - 1} 个" in z001["message"]
    assert "文件夹不存在" not in z001["message"] and "短路径" in z001["hint"], z001


def test_the_temporary_folder_leaves_windows_room_for_the_project(temp, max_path):
    """The temporary folder's own part is 21 characters after %TEMP% (\\wx-XXXXXXXX\\ and 8 of the archive's
    name): a top folder and a path inside it of 200 characters together fit under a 36-character %TEMP%
    (36 + 21 + 1 + 200 = 258). With 23 + 40 characters before, they could not."""
    long_name = "江苏省教育科技工会-江苏省淮海职业技术学院工程训练中心-数控车床细长轴加工可调式防振跟刀架的研制与应用"
    deep = f"photos/{'x' * 60}/{'y' * 60}/" + "z" * (189 - 7 - 122 - 4) + ".jpg"  # names fit Linux's 255 bytes
    assert len(deep) + len("跟刀架成果-2024年") == 200
    src = zip_of(temp.parent / f"{long_name}.zip", {**project_files(GOOD, "跟刀架成果-2024年"), f"跟刀架成果-2024年/{deep}": b"x"})
    with extracted(src) as x:
        assert not x.refusals, [r.message("zh") for r in x.refusals]
        assert max_path(x.folder) <= 36 + 21 + 1 + len("跟刀架成果-2024年")
        assert (x.folder / deep).is_file()


# Names Windows cannot keep, and what NTFS does with each (winsim.py's WS_NTFS, Windows 10's device names).
ODD_NAMES = ["跟刀架:侧视图.jpg", "跟刀架?侧视图.jpg", "跟刀架*侧视图.jpg", "跟刀架<侧视图>.jpg", "跟刀架|侧视图.jpg",
             '跟刀架"侧视图".jpg', "跟刀架-侧视图.jpg.", "跟刀架-侧视图.jpg ", "CON.jpg", "aux", "com1.jpg", "LPT9.txt"]
_DEVICE = ("CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)))


def simulate_ntfs(temp: Path, monkeypatch) -> None:
    """NTFS under the temporary folder: 'a:b' writes an empty 'a' and hides the data in a stream, ? * < > | "
    are refused (WinError 123), a trailing dot or space is dropped, CON.jpg is the console (its bytes are
    gone and it always exists), and Name and name are one file. The placer is told Windows' answers."""
    from wuxiao_cli.rules.names import name_problem

    real_open, real_mkdir, real_exists = builtins.open, os.mkdir, pathlib.Path.exists

    def device(base: str) -> bool:
        return base.split(".")[0].upper() in _DEVICE

    def as_ntfs(path) -> tuple[str, str | None]:
        """(where the data goes, None) or (a device, why) for a path under ``temp``."""
        d, base = os.path.split(os.fspath(path))
        if any(c in base for c in '?*<>|"'):
            raise OSError(22, "文件名、目录名或卷标语法不正确。", os.fspath(path))
        return os.path.join(d, base.rstrip(" .")), base

    def open_(file, mode="r", *a, **k):
        if not (_under(temp, file) and any(c in mode for c in "wax")):
            return real_open(file, mode, *a, **k)
        file, base = as_ntfs(file)
        d = os.path.dirname(file)
        if device(base):
            return real_open(os.devnull, "wb")
        if ":" in base:  # an alternate data stream of the file named before the colon
            real_open(os.path.join(d, base.split(":")[0]), "ab").close()
            return real_open(os.devnull, "wb")
        if "x" in mode and any(n.lower() == os.path.basename(file).lower() for n in os.listdir(d)):
            raise FileExistsError(17, "当文件已存在时，无法创建该文件。", file)
        return real_open(file, mode, *a, **k)

    def mkdir(path, *a, **k):
        if _under(temp, path):
            path, base = as_ntfs(path)
            if ":" in base or device(base):
                raise OSError(22, "文件名、目录名或卷标语法不正确。", path)
            d = os.path.dirname(path)
            if os.path.isdir(d) and any(n.lower() == os.path.basename(path).lower() for n in os.listdir(d)):
                raise FileExistsError(17, "当文件已存在时，无法创建该文件。", path)
        return real_mkdir(path, *a, **k)

    def exists(self, *a, **k):
        if _under(temp, self):
            if device(self.name):
                return True
            try:
                return any(n.lower() == self.name.rstrip(" .").lower() for n in os.listdir(self.parent))
            except OSError:
                return False
        return real_exists(self, *a, **k)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(pathlib.Path, "exists", exists)
    place = sys.modules.get("wuxiao_cli.archive.place")
    if place is not None:
        monkeypatch.setattr(place, "storable", lambda name: name_problem(name) is None)
        monkeypatch.setattr(place, "folds_case", lambda folder: True)


def _project_with(photo_name: str, folder: str = "photos") -> dict[str, bytes]:
    """The good project with one of its three photos (or its folder) under ``photo_name``."""
    files = project_files(GOOD, "成果")
    data = files.pop(f"成果/{PHOTO}")
    files[f"成果/{folder}/{photo_name}"] = data
    return files


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_name_windows_cannot_keep_gets_linuxs_findings_on_windows(tmp_path, temp, monkeypatch, name):
    """Defects 3 and 4: on NTFS a ':' photo vanished into a stream (false P002 and P011), '?' refused the
    whole archive, a trailing dot was dropped (the archive passed), CON.jpg "appeared twice"."""
    src = zip_of(tmp_path / "成果.zip", _project_with(name))
    _code, linux = check_json(src)
    assert ("F027", f"photos/{name}") in {(r, f) for r, f, _m in findings(linux)}
    simulate_ntfs(temp, monkeypatch)
    _code, windows = check_json(src)
    assert "output" not in windows, windows
    assert sorted(r for r, _f, _m in findings(windows)) == sorted(r for r, _f, _m in findings(linux)), windows
    assert [f for f in findings(windows) if f[0] == "F027"] == [f for f in findings(linux) if f[0] == "F027"]


def test_a_7z_with_names_windows_cannot_keep_gets_linuxs_findings_on_windows(tmp_path, temp, monkeypatch):
    """The same for a .7z (py7zr writes through the same placer)."""
    import py7zr

    files = _project_with("跟刀架:侧视图.jpg")
    files["成果/photos/Side.jpg"] = files["成果/photos/side.JPG"] = files["成果/photos/跟刀架:侧视图.jpg"]
    src = tmp_path / "成果.7z"
    with py7zr.SevenZipFile(src, "w") as z:
        for name, data in files.items():
            z.writestr(data, name)
    _code, linux = check_json(src)
    assert sorted({f[0] for f in findings(linux)}) == ["F027", "F029"], linux
    simulate_ntfs(temp, monkeypatch)
    _code, windows = check_json(src)
    assert findings(windows) == findings(linux)


def test_a_folder_name_windows_cannot_keep_gets_linuxs_findings_on_windows(tmp_path, temp, monkeypatch):
    src = zip_of(tmp_path / "成果.zip", _project_with("跟刀架-侧视图.jpg", folder="photos/现场:2024"))
    _code, linux = check_json(src)
    simulate_ntfs(temp, monkeypatch)
    _code, windows = check_json(src)
    assert findings(windows) == findings(linux)
    assert ("F027", "photos/现场:2024") in {(r, f) for r, f, _m in findings(windows)}


def test_names_differing_only_in_case_get_f029_on_windows_not_a_refusal(tmp_path, temp, monkeypatch):
    """Defect 4: Side.jpg beside side.JPG "appeared twice in the archive" (Z001) on NTFS."""
    files = project_files(GOOD, "成果")
    files["成果/photos/Side.jpg"] = files["成果/photos/side.JPG"] = files[f"成果/{PHOTO}"]
    src = zip_of(tmp_path / "成果.zip", files)
    _code, linux = check_json(src)
    simulate_ntfs(temp, monkeypatch)
    _code, windows = check_json(src)
    assert [f[0] for f in findings(windows)] == [f[0] for f in findings(linux)] == ["F029"], windows
    assert findings(windows) == findings(linux)


def test_a_colon_name_on_linux_is_written_as_is_and_reported_as_before(tmp_path, temp):
    """Linux keeps ':' in a name: nothing is renamed, F027 says what it always said."""
    src = zip_of(tmp_path / "成果.zip", _project_with("跟刀架:侧视图.jpg"))
    with extracted(src) as x:
        assert (x.folder / "photos" / "跟刀架:侧视图.jpg").is_file()
    _code, report = check_json(src)
    assert findings(report) == [("F027", "photos/跟刀架:侧视图.jpg", "名称「跟刀架:侧视图.jpg」含有 Windows 不允许的字符 :")]


def _left_behind(temp: Path, name: str, age: float, mark: bool = True) -> Path:
    """An extraction folder an earlier run could not remove, last touched ``age`` seconds ago."""
    import wuxiao_cli.archive as archive

    folder = temp / name
    (folder / "成果" / "photos").mkdir(parents=True)
    (folder / "成果" / "photos" / "身份证.jpg").write_bytes(b"scan")
    os.chmod(folder / "成果" / "photos" / "身份证.jpg", 0o444)  # read-only, as some extractors leave it
    mark_file = folder / getattr(archive, "MARK", ".wuxiao-archive")
    if mark:
        mark_file.touch()
    when = time.time() - age
    for p in (mark_file, folder) if mark else (folder,):
        os.utime(p, (when, when))
    return folder


def test_extraction_folders_left_behind_are_removed_at_the_next_archive(tmp_path, temp, monkeypatch):
    """Defect 14: a folder antivirus kept from being removed held a worker's whole submission for good."""
    import wuxiao_cli.archive as archive

    day = 24 * 3600
    old = _left_behind(temp, "wx-abcd1234", 2 * day)
    recent = _left_behind(temp, "wx-efgh5678", 3600)  # another run's, maybe still open in the app
    unmarked = _left_behind(temp, "wx-notours1", 2 * day, mark=False)  # another program's wx-…
    other = _left_behind(temp, "other-abcd", 2 * day)
    elsewhere = tmp_path / "用户的文件夹"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("keep", encoding="utf-8")
    link = temp / "wx-link0000"
    link.symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.setattr(archive, "_swept", False, raising=False)
    src = zip_of(tmp_path / "成果.zip", project_files(GOOD, "成果"))
    with extracted(src) as x:
        assert x.folder is not None
    assert not old.exists()
    assert recent.exists() and unmarked.exists() and other.exists() and (elsewhere / "a.txt").exists()
    assert sorted(p.name for p in temp.iterdir()) == ["other-abcd", "wx-efgh5678", "wx-link0000", "wx-notours1"]


def test_the_sweep_runs_once_a_process(tmp_path, temp, monkeypatch):
    import wuxiao_cli.archive as archive

    seen = []
    monkeypatch.setattr(archive, "sweep_stale", lambda folder: seen.append(folder) or [])
    monkeypatch.setattr(archive, "_swept", False)
    src = zip_of(tmp_path / "成果.zip", project_files(GOOD / "photos", "p"))
    for _ in range(3):
        with extracted(src):
            pass
    assert seen == [temp]


def _stand_in_7z(tmp_path, monkeypatch, body: str) -> None:
    """A `7z` first on PATH running ``body`` (with ``args`` and the real 7z as ``REAL``), as 7z.exe behaves elsewhere."""
    fake = tmp_path / "bin" / "7z"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\nimport subprocess, sys\nargs = sys.argv[1:]\nREAL = {shutil.which('7z')!r}\n{body}",
                    encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.skipif(not rar.find_tool(("7z",)), reason="7z not installed")
def test_7zip_lists_names_in_utf8_whatever_the_consoles_code_page(tmp_path, monkeypatch):
    """Defect 15: 7-Zip on Chinese Windows prints its listing in the OEM code page (GBK) unless told
    -sccUTF-8; read as UTF-8 the names in a refusal came out as ���. The stand-in 7z below prints GBK
    as 7z.exe does there, and UTF-8 when asked; a 7-Zip older than 9.30 refuses the switch (exit 7)
    and is asked again without it."""
    _stand_in_7z(tmp_path, monkeypatch, """
if "-sccUTF-8" in args:
    sys.exit(subprocess.run([REAL, *args]).returncode)
proc = subprocess.run([REAL, *args], capture_output=True)
sys.stdout.buffer.write(proc.stdout.decode("utf-8").encode("gbk", "replace"))
sys.exit(proc.returncode)
""")
    archive = make_rar(tmp_path / "加密.rar", {"成果/申报表.docx": b"x" * 10}, encrypted=True)
    with extracted(archive, rar_tools=("7z",)) as x:
        assert [r.name for r in x.refusals] == ["成果/申报表.docx"]


@pytest.mark.skipif(not rar.find_tool(("7z",)), reason="7z not installed")
def test_a_7zip_older_than_9_30_is_asked_again_without_the_switch(tmp_path, monkeypatch):
    _stand_in_7z(tmp_path, monkeypatch, """
if "-sccUTF-8" in args:
    sys.stderr.write("Command Line Error:\\nUnknown switch:\\n-sccUTF-8\\n")
    sys.exit(7)
sys.exit(subprocess.run([REAL, *args]).returncode)
""")
    archive = make_rar(tmp_path / "成果.rar", {"成果/photos/正面.jpg": (GOOD / PHOTO).read_bytes()})
    with extracted(archive, rar_tools=("7z",)) as x:
        assert not x.refusals and (x.folder / "photos" / "正面.jpg").is_file()
