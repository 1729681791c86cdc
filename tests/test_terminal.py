"""The terminal leads with what to fix: errors first, repeats folded, width and colour follow the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest
from conftest import REPO, invoke_cli, run_cli
from quiz_helpers import project, question, valid_rows

from wuxiao_cli.findings import Finding
from wuxiao_cli.report.collapse import collapse

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _in_pty(*args: str, columns: int = 80, env: dict | None = None, encoding: str = "utf-8",
            both: bool = False) -> str:
    """Run the CLI with a pseudo-terminal of ``columns`` columns as stdout (and stderr with ``both``);
    return what it printed, read as ``encoding``."""
    if sys.platform == "win32":
        pytest.skip("pseudo-terminals are POSIX; Windows consoles are covered by rich itself")
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}  # the pty decides
    full_env.update({"PYTHONPATH": str(REPO), "PYTHONUTF8": "1", "TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "wuxiao_cli", *args], cwd=REPO, env=full_env,
                            stdin=follower, stdout=follower, stderr=follower if both else subprocess.DEVNULL,
                            close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode(encoding).replace("\r\n", "\n")


def _cols(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_flawed_example_in_80_columns_shows_errors_first_without_escape_codes():
    text = _in_pty("check", "examples/flawed-project", env={"NO_COLOR": "1"})
    assert "\x1b[" not in text  # NO_COLOR: plain text even on a terminal
    lines = text.splitlines()
    assert max(_cols(line) for line in lines) <= 80  # width follows the terminal
    first_warning = next(i for i, line in enumerate(lines) if line.startswith("警告 "))
    assert "错误 26" in lines[:4]  # the project line (wrapped), then the errors
    errors = [i for i, line in enumerate(lines) if re.match(r"\s+[A-Z]\d{3} ", line) and i < first_warning]
    assert len(errors) == 26  # every error before the first warning
    assert all(not line.startswith(("警告", "提示")) for line in lines[:40])  # the first 40 lines are errors
    assert "→ 用格式工厂、Audacity 等“导出为 MP3”" in text  # hints printed, in full


def test_colour_on_a_terminal_and_never_when_asked():
    assert "\x1b[" in _in_pty("check", "examples/flawed-project")
    assert "\x1b[" not in _in_pty("check", "examples/flawed-project", "--color", "never")
    assert "\x1b[" in _in_pty("check", "examples/flawed-project", "--color", "always", env={"NO_COLOR": "1"})


def test_hints_are_not_dim():
    """Hints are the most useful text: the → line carries no dim (SGR 2) code."""
    text = _in_pty("check", "examples/flawed-project", "--color", "always")
    hint_lines = [line for line in text.splitlines() if "→ 用格式工厂" in line]
    assert hint_lines and not any("\x1b[2m" in line or ";2m" in line for line in hint_lines)


def test_piped_output_is_plain_utf8_and_always_colourless():
    proc = run_cli("check", "examples/flawed-project")
    assert "\x1b[" not in proc.stdout and "错误 26" in proc.stdout
    proc = run_cli("check", "examples/flawed-project", "--color", "always")
    assert "\x1b[" in proc.stdout


def test_a_column_of_empty_explanations_is_one_line(tmp_path):
    rows = valid_rows(20) + [question("判断", n=100 + i, explain=None) for i in range(18)]
    root = project(tmp_path / "题库项目", rows)
    proc = invoke_cli("check", str(root), "--quiet")
    assert "Q017 解析为空：题库!J22–J39 共 18 行" in re.sub(r"\s+", " ", proc.stdout)
    assert proc.stdout.count("Q017") == 1
    json_proc = invoke_cli("check", str(root), "--format", "json")
    assert json_proc.stdout.count('"Q017"') == 18  # the JSON keeps every finding
    invoke_cli("check", str(root), "--quiet", "--report", str(tmp_path / "报告.html"))
    page = (tmp_path / "报告.html").read_text(encoding="utf-8")
    assert page.count("<b>Q017</b>") == 1 and "<b>Q017</b> 解析为空：题库!J22–J39 共 18 行" in page


def _cell(row: int, col: str = "J", rule: str = "Q017", rest: str = "解析为空") -> Finding:
    return Finding(rule, "info", f"题库!{col}{row}：{rest}", "写解析", "附件5", file="quizbank.xlsx")


def test_collapse_folds_runs_of_three_or_more_and_keeps_the_rest():
    assert [line.message for line in collapse([_cell(3), _cell(4)])] == ["题库!J3：解析为空", "题库!J4：解析为空"]
    lines = collapse([_cell(3), _cell(4), _cell(5), _cell(9, "K")])
    assert [(line.message, line.count) for line in lines] == [("解析为空：题库!J3–J5 共 3 行", 3),
                                                             ("题库!K9：解析为空", 1)]
    gaps = collapse([_cell(3), _cell(7), _cell(8)])
    assert gaps[0].message == "解析为空：题库!J3、J7、J8 共 3 行"


def _named_with_size(text: str, path) -> bool:
    return re.search(re.escape(str(path)) + r"（\d+(?:\.\d\d)? (?:KB|MB)）", text) is not None


def test_every_written_file_is_named_with_its_size(tmp_path):
    out = {k: tmp_path / n for k, n in (("json", "r.json"), ("xlsx", "r.xlsx"), ("html", "r.html"),
                                         ("quiz", "题库.xlsx"), ("letter", "提名函.docx"))}
    proc = invoke_cli("check", "--quiet", "examples/flawed-project", "-f", "json", "-o", str(out["json"]))
    assert _named_with_size(proc.stderr, out["json"]) and proc.stdout == ""
    proc = invoke_cli("check", "--quiet", "examples/batch", "--report", str(out["xlsx"]), "--fixlists", str(tmp_path / "l"))
    assert _named_with_size(proc.stderr, out["xlsx"])
    assert all(_named_with_size(proc.stderr, f) for f in (tmp_path / "l").iterdir())
    proc = invoke_cli("check", "--quiet", "examples/flawed-project", "--report", str(out["html"]))
    assert _named_with_size(proc.stderr, out["html"])
    assert _named_with_size(invoke_cli("quiz", "template", str(out["quiz"])).stdout, out["quiz"])
    proc = invoke_cli("jiangsu", "letter", "examples/jiangsu-batch", "-o", str(out["letter"]), "--force")
    assert _named_with_size(proc.stdout, out["letter"]), proc.stdout + proc.stderr


def test_a_batch_in_80_columns_is_one_line_a_project():
    text = _in_pty("check", "examples/batch", "--quiet", env={"NO_COLOR": "1"})
    lines = text.splitlines()
    rows = [line for line in lines if "✗ 不通过" in line]
    assert len(rows) == 5 and all(_cols(line) <= 80 for line in lines)
    assert [row.rstrip()[-8:].strip()[:2] for row in rows] == ["01", "02", "03", "04", "05"]  # folder, in order
    assert "〔附件3 第15项〕" not in text  # details are in the reports, or with -v


def test_chinese_findings_wrap_like_chinese_in_80_columns():
    """rich breaks only at spaces: "2 个项目的……" left "2" alone on a line and "〔" ended one. Wrapped as
    the 整改清单 wraps, the sentence stays with its number and a bracket with what it opens."""
    lines = _in_pty("check", "examples/batch", "--quiet", env={"NO_COLOR": "1"}).splitlines()
    b001 = next(line for line in lines if "B001" in line)
    assert re.search(r"B001 2 个项目的创新成果名称", b001), b001
    assert all(_cols(line) <= 80 for line in lines)
    assert not any(line.rstrip().endswith(("〔", "「", "（")) for line in lines)
    assert not any(line.strip().startswith(("，", "。", "、", "〕", "」")) for line in lines)
    hint = next(i for i, line in enumerate(lines) if "→ 同一成果只能申报一次" in line)
    assert lines[hint + 1].startswith(" " * 15)  # the hint's next line hangs under its text, past the arrow


def test_a_fixlist_tells_a_column_of_empty_sources_once(tmp_path):
    """The 整改清单 a worker gets folds the run too: one entry naming the cells, not 18."""
    rows = valid_rows(20) + [question("判断", n=100 + i, source=None) for i in range(18)]
    root = project(tmp_path / "来源项目", rows)
    invoke_cli("check", str(root), "--quiet", "--fixlists", str(tmp_path / "清单"))
    (written,) = (tmp_path / "清单").iterdir()
    text = re.sub(r"\s+", "", written.read_text(encoding="utf-8-sig"))
    assert text.count("Q013") == 1 and "来源为空：题库!L22–L39共18行" in text


def test_a_project_failing_by_a_batch_finding_says_where_it_is():
    """`-v`: each project's heading counts B001 among its errors, but B001 is listed once, under 整个批次;
    the line under the heading says so, or a project of one batch error shows "错误 1" over nothing."""
    out = invoke_cli("check", "examples/batch", "-v", env={"COLUMNS": "120", "NO_COLOR": "1"}).stdout.splitlines()
    heads = [i for i, line in enumerate(out) if line.startswith("✗ 不通过") and "错误 5" in line]
    assert len(heads) == 2 and all(out[i + 1].strip() == "其中 1 个错误见下方“整个批次”：B001" for i in heads), out
    assert sum("见下方“整个批次”" in line for line in out) == 2  # only the two projects B001 names


def test_the_batch_table_says_a_batch_error_counts_in_each_project_it_names(tmp_path):
    """examples/batch: B001 names 01 and 02, so their rows count it (5 each) while the totals count it once;
    a note under the table says so. Without 02 (no batch error left) there is no such note."""
    import shutil

    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    assert "计入它涉及的每个项目的错误数，合计只算一次" in invoke_cli("check", "examples/batch", "--quiet", env=env).stdout
    for folder in ("01-数控车床对刀装置", "05-开关柜闭锁装置"):
        shutil.copytree(REPO / "examples" / "batch" / folder, tmp_path / "批" / folder)
    out = invoke_cli("check", str(tmp_path / "批"), "--quiet", env=env).stdout
    assert "各项目检查结果" in out and "合计只算一次" not in out, out


@pytest.mark.parametrize("codec", ["gbk", "cp936"])
def test_a_gbk_console_gets_the_report_with_marks_it_can_show(codec):
    """A Chinese console (code page 936) cannot encode ✓ ✗: it gets √ ×, never 内部错误 UnicodeEncodeError."""
    env = {"NO_COLOR": "1", "PYTHONIOENCODING": codec}
    text = _in_pty("check", "examples/good-project", env=env, encoding="gbk", both=True)
    assert "√ 通过" in text and "内部错误" not in text and "PYTHONIOENCODING" not in text
    text = _in_pty("check", "examples/batch", "-v", env=env, encoding="gbk", both=True)
    assert "× 不通过" in text and "共 5 个项目" in text and "内部错误" not in text


def test_a_pipe_is_utf8_unless_pythonioencoding_names_another():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONUTF8", None)
    cmd = [sys.executable, "-m", "wuxiao_cli", "check", "examples/good-project"]
    plain = subprocess.run(cmd, cwd=REPO, env={**env, "PYTHONIOENCODING": ""}, capture_output=True, timeout=120)
    assert "✓ 通过" in plain.stdout.decode("utf-8")
    gbk = subprocess.run(cmd, cwd=REPO, env={**env, "PYTHONIOENCODING": "gbk"}, capture_output=True, timeout=120)
    assert gbk.returncode == 0 and "√ 通过  数控车床" in gbk.stdout.decode("gbk")


@pytest.mark.parametrize("how", ["file", "narrow pipe"])
def test_a_batch_table_in_a_file_or_pipe_keeps_every_name_whole(tmp_path, how):
    """A file or pipe is read later: names wrap in their column instead of ending in …"""
    if how == "file":
        invoke_cli("check", "examples/batch", "-o", tmp_path / "报告.txt")
        text = (tmp_path / "报告.txt").read_text(encoding="utf-8")
    else:
        text = invoke_cli("check", "examples/batch", env={"COLUMNS": "60"}).stdout
    table = text[:text.index("注：")]
    assert "…" not in table and "不通过" in table
    flat = re.sub(r"\s", "", table)
    for name in ("01-数控车床", "05-开关柜", "数控车床快速对", "中国检验认证"):
        assert name in flat or all(ch in table for ch in name), name


def test_color_never_also_uncolours_the_progress_bar():
    text = _in_pty("check", "examples/batch", "--color", "never", both=True)
    assert "检查项目" in text  # the bar was drawn, on the terminal's stderr
    assert not ANSI.search(text), repr(ANSI.search(text))
