"""Issue 4 acceptance on the committed examples: pack, open everywhere, verify, and `fix` on a quiz bank."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "good-project"


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    from tests.conftest import invoke_cli

    result = invoke_cli("pack", str(GOOD), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("*.zip"))


def test_good_example_packs_and_opens_in_every_tool(packed):
    top = "江苏省教育科技工会-江苏省淮海职业技术学院工程训练中心-数控车床细长轴加工可调式防振跟刀架的研制与应用"
    assert packed.name == top + ".zip"
    with zipfile.ZipFile(packed) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert all(n.startswith(top + "/") for n in names)
        assert f"{top}/photos/跟刀架-正视图.jpg" in names
        manifest = zf.read(f"{top}/manifest-sha256.txt").decode("utf-8")
        listed = {}
        for line in manifest.splitlines():
            if line and not line.startswith("#"):
                digest, rel = line.split("  ", 1)
                listed[rel] = digest
        for rel, digest in listed.items():
            assert hashlib.sha256(zf.read(f"{top}/{rel}")).hexdigest() == digest
        packed_files = {n[len(top) + 1:] for n in names} - {"manifest-sha256.txt"}
        assert packed_files == set(listed)
        source = {p.relative_to(GOOD).as_posix() for p in GOOD.rglob("*") if p.is_file()}
        assert source - {"README.txt"} <= packed_files  # the README `init` wrote is instructions, never sent
        assert "README.txt" in source and "README.txt" not in packed_files
    if shutil.which("unzip"):
        test = subprocess.run(["unzip", "-t", str(packed)], capture_output=True, text=True, encoding="utf-8")
        assert test.returncode == 0 and "No errors detected" in test.stdout
        listing = subprocess.run(["unzip", "-Z1", str(packed)], capture_output=True, text=True, encoding="utf-8")
        assert f"{top}/photos/跟刀架-正视图.jpg" in listing.stdout
    if shutil.which("7z"):
        seven = subprocess.run(["7z", "l", "-slt", str(packed)], capture_output=True, text=True, encoding="utf-8")
        assert seven.returncode == 0 and f"Path = {top}/photos/跟刀架-正视图.jpg" in seven.stdout
        assert subprocess.run(["7z", "t", str(packed)], capture_output=True).returncode == 0


def test_two_packs_of_the_example_are_byte_identical(packed, tmp_path, cli):
    assert cli("pack", str(GOOD), "-o", str(tmp_path)).returncode == 0
    assert next(tmp_path.glob("*.zip")).read_bytes() == packed.read_bytes()


def test_fresh_pack_verifies(packed, cli):
    result = cli("verify", str(packed))
    assert result.returncode == 0, result.stdout


def test_flawed_example_refused_without_zip(cli, tmp_path):
    result = cli("pack", str(EXAMPLES / "flawed-project"), "-o", str(tmp_path))
    assert result.returncode == 1
    assert list(tmp_path.iterdir()) == []


def test_fix_normalises_quiz_answers_in_a_copy(cli, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    bank = project / "quizbank.xlsx"
    wb = openpyxl.load_workbook(bank)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("正确答案") + 1
    kinds = {r: ws.cell(r, 1).value for r in range(2, ws.max_row + 1)}
    multi = next(r for r, k in kinds.items() if k == "多选")
    judge = next(r for r, k in kinds.items() if k == "判断")
    ws.cell(multi, col).value = "b,a"
    ws.cell(judge, col).value = "√"
    wb.save(bank)
    before = cli("check", str(project), "-f", "json")
    assert '"Q016"' in before.stdout and '"Q009"' in before.stdout
    out = tmp_path / "fixed"
    result = cli("fix", str(project), "-o", str(out))
    assert "AB" in result.stdout and "对" in result.stdout
    fixed = out / "p"
    after = cli("check", str(fixed), "-f", "json")
    assert after.returncode == 0 and '"Q016"' not in after.stdout and '"Q009"' not in after.stdout
    assert openpyxl.load_workbook(bank).worksheets[0].cell(multi, col).value == "b,a"  # the original untouched


def test_fix_says_what_is_left_errors_before_warnings_each_marked(cli, tmp_path):
    """What fix cannot do: errors (✗ 错误) before warnings (! 警告), a finding without a file under
    （整个项目）, never a field's internal key such as "craftsmen"."""
    result = cli("fix", str(EXAMPLES / "flawed-project"), "-o", str(tmp_path / "fixed"))
    lines = result.stdout.splitlines()
    head = lines.index("未能自动修复（请按提示手工处理）：")
    marks = [line.split()[0] for line in lines[head + 1:] if line.startswith("  ") and not line.startswith("      →")]
    assert marks[0] == "✗" and "!" in marks and marks == sorted(marks, key=lambda m: m != "✗")
    assert all(line.split()[1] == ("错误" if line.split()[0] == "✗" else "警告")
               for line in lines[head + 1:] if line.startswith(("  ✗ ", "  ! ")) and "[" in line)
    assert "（整个项目） 表单列出了工匠荣誉获得者" in result.stdout and "craftsmen" not in result.stdout
