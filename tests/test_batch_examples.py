"""Acceptance 1: `wuxiao check examples/batch` — every project, B001 for the same-name pair, exit 1,
and a --report workbook with 汇总 / 问题明细 / 配额 that openpyxl and LibreOffice open."""

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.batch_helpers import REPO_ROOT, run_cli, run_json, snapshot

EXAMPLES = REPO_ROOT / "examples" / "batch"


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    before = snapshot(EXAMPLES)
    code, report = run_json("examples/batch", "--report", out / "批量报告.xlsx", "--fixlists", out / "整改")
    return code, report, out, before


def test_every_project_reported_and_exit_1(checked):
    code, report, _, _ = checked
    folders = sorted(f"examples/batch/{p.name}" for p in EXAMPLES.iterdir() if p.is_dir())
    assert code == 1
    assert [p["path"] for p in report["projects"]] == folders
    assert report["summary"]["projects"] == len(folders) == 5


def test_b001_names_the_same_name_pair(checked):
    _, report, _, _ = checked
    b001 = [b for b in report["batch_findings"] if b["rule"] == "B001"]
    assert len(b001) == 1
    assert b001[0]["severity"] == "error"
    assert b001[0]["projects"] == ["examples/batch/01-数控车床对刀装置", "examples/batch/02-二车间对刀装置"]
    assert "数控车床快速对刀装置的研制与应用" in b001[0]["message"]
    pair = [p for p in report["projects"] if p["path"] in b001[0]["projects"]]
    assert [(p["status"], p["batch_errors"]) for p in pair] == [("fail", 1), ("fail", 1)]
    # every finding counted once: a project's own, and each batch finding however many projects it names
    batch = {sev: sum(b["severity"] == sev for b in report["batch_findings"]) for sev in ("error", "warning")}
    assert report["summary"]["errors"] == sum(p["errors"] - p["batch_errors"] for p in report["projects"]) + batch["error"]
    assert report["summary"]["warnings"] == sum(p["warnings"] for p in report["projects"]) + batch["warning"]
    assert report["summary"]["failed"] == 5 and report["summary"]["passed"] == 0


def test_b002_b003_and_full_width_union(checked):
    _, report, _, _ = checked
    rules = {b["rule"]: b for b in report["batch_findings"]}
    assert rules["B002"]["projects"] == ["examples/batch/03-反刮刀具", "examples/batch/04-反刮刀具改进型"]
    assert rules["B003"]["projects"] == ["examples/batch/01-数控车床对刀装置", "examples/batch/05-开关柜闭锁装置"]
    assert "photos/装置全貌1.jpg" in rules["B003"]["message"]
    quota = {q["union"]: q for q in report["quota"]}
    # written with full-width brackets, matched to 附件2's half-width name
    assert quota["中国检验认证(集团)有限公司工会"]["submitted"] == 1
    assert quota["中国检验认证(集团)有限公司工会"]["minimum"] == 20


def test_nothing_written_into_the_projects(checked):
    _, _, _, before = checked
    assert snapshot(EXAMPLES) == before


def test_workbook_has_three_sheets_with_expected_rows(checked):
    _, report, out, _ = checked
    wb = load_workbook(out / "批量报告.xlsx")
    assert wb.sheetnames == ["汇总", "问题明细", "配额"]
    summary = wb["汇总"]
    assert [c.value for c in summary[1]][:6] == ["创新成果名称", "成果完成单位", "所属上级工会", "结果", "错误数", "警告数"]
    assert summary.max_row == 1 + 5
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref.startswith("A1:")
    assert {summary.cell(r, 4).value for r in range(2, 7)} == {"不通过"}
    assert summary.cell(2, 1).fill.fgColor.rgb.endswith("FFC7CE")  # failing rows red
    details = wb["问题明细"]
    n_findings = sum(len(p["findings"]) for p in report["projects"]) + len(report["batch_findings"])
    assert details.max_row == 1 + n_findings
    rules = [details.cell(r, 4).value for r in range(2, details.max_row + 1)]
    assert "B001" in rules and "P006" in rules
    warning_row = rules.index("P009") + 2
    assert details.cell(warning_row, 1).fill.fgColor.rgb.endswith("FFEB9C")  # warning rows amber
    assert details.column_dimensions["G"].width > details.column_dimensions["D"].width  # sized to content
    quota = wb["配额"]
    rows = [[c.value for c in row] for row in quota.iter_rows(min_row=2)]
    assert rows == [["江苏省教育科技工会", 10, 2, 0, 10], ["浙江省教育工会", 5, 2, 0, 5],
                    ["中国检验认证(集团)有限公司工会", 20, 1, 0, 20]]


def test_fixlists_for_the_failing_examples(checked):
    _, report, out, _ = checked
    files = sorted(p.name for p in (out / "整改").iterdir())
    assert len(files) == 5  # all five fail; the two with the same name still get a file each
    assert "数控车床快速对刀装置的研制与应用-整改清单.txt" in files
    assert "数控车床快速对刀装置的研制与应用-2-整改清单.txt" in files


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_workbook_opens_in_libreoffice(checked, tmp_path):
    _, _, out, _ = checked
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",  # 76: UTF-8
                           "--outdir", str(tmp_path), str(out / "批量报告.xlsx")],
                          capture_output=True, text=True, timeout=120)
    csv = tmp_path / "批量报告.csv"
    assert csv.is_file(), proc.stdout + proc.stderr
    text = csv.read_text(encoding="utf-8")
    assert "创新成果名称" in text and "数控车床快速对刀装置的研制与应用" in text


def test_table_output_has_summary_rows_failed_first(tmp_path):
    proc = run_cli("check", "examples/batch", "--quiet")
    assert proc.returncode == 1
    assert "各项目检查结果" in proc.stdout and "错误 B001" in proc.stdout  # batch findings say their severity
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    assert "〔附件3 第15项〕" not in proc.stdout  # a batch prints a line a project; details with -v


def test_verbose_batch_prints_every_finding():
    quiet = run_cli("check", "examples/batch", "--quiet")
    loud = run_cli("check", "examples/batch", "--quiet", "-v")
    assert loud.returncode == quiet.returncode == 1
    assert "各项目检查结果" in loud.stdout and loud.stdout.count("\n") > 2 * quiet.stdout.count("\n")
    for name in ("01-数控车床对刀装置", "05-开关柜闭锁装置"):
        assert f"(examples/batch/{name})" in loud.stdout and f"(examples/batch/{name})" not in quiet.stdout
