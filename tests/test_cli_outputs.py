"""Where `pack` and `fix` write without -o: a 五小-输出 folder beside the project, never among the projects of
the inbox a later `check` reads; a long name is shortened to fit, an unwritable place is one line with its fix."""

from __future__ import annotations

import json
import os
import shutil

from conftest import invoke_cli
from pack_helpers import copy_project, write_jpeg

from wuxiao_cli import ops


def _batch(inbox) -> dict:
    proc = invoke_cli("check", inbox, "-f", "json", "--quiet")
    return json.loads(proc.stdout)


def test_pack_and_fix_without_o_write_to_the_output_folder_and_the_inbox_still_passes(tmp_path, passing_project):
    inbox = tmp_path / "收件箱"
    copy_project(passing_project, inbox / "甲 项目")
    low = copy_project(passing_project, inbox / "丙")
    write_jpeg(low / "photos" / "现场使用.jpg", dpi=72, target=1_100_000, seed=9)
    before = _batch(inbox)["summary"]

    packed = invoke_cli("pack", inbox / "甲 项目", "--quiet")
    fixed = invoke_cli("fix", low)
    assert packed.returncode == 0 and fixed.returncode in (0, 1), packed.stderr + fixed.stderr
    out = inbox / "五小-输出"
    assert sorted(p.suffix for p in out.iterdir()) == ["", ".zip"] and (out / "丙-修复").is_dir()
    assert sorted(p.name for p in inbox.iterdir()) == ["丙", "五小-输出", "甲 项目"]
    assert _batch(inbox)["summary"] == before  # no B001 between 甲 and its package, none with 丙-修复


def test_a_folder_holding_only_the_output_folder_is_one_line_pointing_into_it(tmp_path, passing_project):
    """The projects moved away, 五小-输出 left: not one empty project with six errors, but where to look."""
    inbox = tmp_path / "收件箱"
    packed = invoke_cli("pack", copy_project(passing_project, inbox / "甲"), "--quiet")
    assert packed.returncode == 0, packed.stderr
    shutil.rmtree(inbox / "甲")
    proc = invoke_cli("check", inbox)
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout
    (line,) = proc.stderr.splitlines()
    assert "没有找到项目" in line and str(inbox / "五小-输出") in line
    assert invoke_cli("check", inbox / "五小-输出", "--quiet").returncode == 0  # the package itself passes


def test_fix_of_a_folder_with_a_long_name_shortens_the_copys_name(tmp_path, passing_project):
    long = copy_project(passing_project, tmp_path / ("长" * 84))  # 252 bytes: "-修复" would pass 255
    write_jpeg(long / "photos" / "现场使用.jpg", dpi=72, target=1_100_000, seed=9)
    fixed = invoke_cli("fix", long)
    assert "内部错误" not in fixed.stderr and fixed.returncode in (0, 1), fixed.stderr
    (copy,) = (tmp_path / "五小-输出").iterdir()
    assert copy.name.endswith("…-修复") and len(copy.name.encode()) <= 255 and (copy / "form.toml").is_file()


def test_an_unwritable_output_folder_is_one_line_naming_it_and_o(tmp_path, passing_project, monkeypatch):
    """As root the tests cannot make a folder read-only: the OS's refusal is what the write sees."""
    project = copy_project(passing_project, tmp_path / "只读" / "项目")
    place = str(tmp_path / "只读")

    def refused(*args, **kw):
        raise ops.OpError(f"写压缩包失败：磁盘是只读的（{place}/.成果.zip.1-1.wuxiao-part）")

    monkeypatch.setattr(ops, "pack", refused)
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: access(path, mode, **kw) and
                        not (mode == os.W_OK and str(path).startswith(place)))
    proc = invoke_cli("pack", project)
    assert proc.returncode == 2 and "wuxiao-part" not in proc.stderr
    assert f"{place} 不能写入" in proc.stderr and "-o" in proc.stderr and len(proc.stderr.splitlines()) == 1
