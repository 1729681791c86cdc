"""J010–J015: the nominator's own uploads and their formats, 公示 working days, a 省级社会组织's 备案 data, the 填报时间 window."""

from __future__ import annotations

import datetime as dt

import pytest
from jiangsu_helpers import make_jpeg, make_pdf, profile, run_batch, write_nominator

from tests import factories
from wuxiao_cli.engine import Batch
from wuxiao_cli.jiangsu.workdays import load_calendar


def found(tmp_path, rule_id):
    """(severity, zh message) of one rule over a batch folder holding only nominator.toml and nominator/."""
    return [(sev, p.message.zh) for rid, sev, p in run_batch(Batch(profile(), [], tmp_path)) if rid == rule_id]


def uploads(root, *, letter=True, publicity=True, scene=True, sealed=True):
    folder = root / "nominator"
    folder.mkdir(parents=True, exist_ok=True)
    if letter:
        page = (factories.make_red_seal_jpeg if sealed else factories.make_plain_scan_jpeg)(root / "_page.jpg")
        factories.make_pdf_with_image(folder / "1-提名函.pdf", page)
    if publicity:
        make_pdf(folder / "2-公示及无异议证明.pdf")
    if scene:
        make_jpeg(folder / "3-现场照片" / "公示现场.jpg")
    return folder


# ---------------------------------------------------------------- J010 / J011 uploads (七(三)3)

def test_all_uploads_present_pass(tmp_path):
    write_nominator(tmp_path)
    uploads(tmp_path)
    assert found(tmp_path, "J010") == [] and found(tmp_path, "J011") == []


@pytest.mark.parametrize("missing, label", [("letter", "提名函盖章扫描版"), ("publicity", "公示及无异议"),
                                            ("scene", "现场照片")])
def test_each_required_upload_missing_is_an_error(tmp_path, missing, label):
    write_nominator(tmp_path)
    uploads(tmp_path, **{missing: False})
    got = found(tmp_path, "J010")
    assert [s for s, _m in got] == ["error"] and label in got[0][1]


def test_no_nominator_folder_is_a_warning(tmp_path):
    write_nominator(tmp_path)
    got = found(tmp_path, "J010")
    assert [s for s, _m in got] == ["warning"] and "nominator/" in got[0][1]


def test_an_upload_that_will_not_open_is_an_error(tmp_path):
    write_nominator(tmp_path)
    folder = uploads(tmp_path, publicity=False)
    (folder / "2-公示.pdf").write_bytes(b"%PDF-1.4\n cut off")
    (folder / "4-工作开展情况.pdf").write_text("不是 PDF", encoding="utf-8")
    (folder / "3-现场照片" / "空.jpg").write_bytes(b"")
    tiff = folder / "3-现场照片" / "截断.tif"
    factories.photo_image(400, 300).save(tiff, format="TIFF")
    tiff.write_bytes(tiff.read_bytes()[:2000])
    got = found(tmp_path, "J010")
    assert [s for s, _m in got] == ["error"] * 4
    messages = "\n".join(m for _s, m in got)
    assert "2-公示.pdf 无法打开" in messages and "4-工作开展情况.pdf 是 无法识别的格式，打不开" in messages
    assert "空.jpg 是 空文件（0 字节），打不开" in messages and "截断.tif 是 TIFF 图片，但已损坏或不完整" in messages
    assert found(tmp_path, "J015") == []  # what will not open is J010's alone


def other_kinds(folder, tmp_path):
    """Readable uploads of kinds the profile does not list: a WebP screenshot, a TIFF scan, a Word file named .pdf among the photos."""
    factories.make_webp(folder / "3-现场照片" / "网页截图.webp")
    factories.photo_image(800, 1100).save(folder / "1-提名函.tif", format="TIFF", compression="tiff_lzw")
    factories.make_docx_form(folder / "3-现场照片" / "网页说明.pdf", {"现场": "公示栏照片说明"})


def test_a_readable_upload_of_another_kind_is_only_a_warning(tmp_path):
    """七(三)3 names no format for the letter, the 公示 proof or the photos: the profile's kinds are the usual ones."""
    write_nominator(tmp_path)
    folder = uploads(tmp_path, letter=False)
    other_kinds(folder, tmp_path)
    assert found(tmp_path, "J010") == []
    got = dict((m.split(" ")[0], (s, m)) for s, m in found(tmp_path, "J015"))
    assert {s for s, _m in got.values()} == {"warning"}
    assert sorted(got) == ["nominator/1-提名函.tif", "nominator/3-现场照片/网页截图.webp", "nominator/3-现场照片/网页说明.pdf"]
    assert "是 TIFF 图片，不是提名函盖章扫描版常用的 PDF、JPEG、PNG" in got["nominator/1-提名函.tif"][1]
    assert "Word 文档 (.docx)（扩展名 .pdf 与内容不符）" in got["nominator/3-现场照片/网页说明.pdf"][1]
    hints = [p.hint.zh for rid, _s, p in run_batch(Batch(profile(), [], tmp_path)) if rid == "J015"]
    assert any("另存为 JPEG 或 PNG" in h for h in hints) and any("输出为 PDF" in h for h in hints)


@pytest.mark.parametrize("target, named, said", [("doc", "2-公示及无异议证明.doc", "Word 97-2003 / WPS 文档"),
                                                 ("doc", "2-公示及无异议证明.wps", "Word 97-2003 / WPS 文档"),
                                                 ("odt", "2-公示及无异议证明.odt", "OpenDocument 文本")])
def test_a_word_processor_proof_is_a_warning_named_as_such(tmp_path, target, named, said):
    """A .doc / .wps (WPS 文字 saves Word 97-2003 inside) / .odt proof, saved by LibreOffice as a clerk's 另存为 would."""
    from tests.office_helpers import convert

    write_nominator(tmp_path)
    folder = uploads(tmp_path, publicity=False)
    made = convert(factories.make_docx_form(tmp_path / "公示.docx", {"公示结果": "无异议"}), tmp_path / "lo", target)
    made.rename(folder / named)
    assert found(tmp_path, "J010") == []
    got = found(tmp_path, "J015")
    assert [s for s, _m in got] == ["warning"]
    assert f"nominator/{named} 是 {said}" in got[0][1] and ".doc/.xls" not in got[0][1]


def test_letter_without_a_red_seal_warns(tmp_path):
    write_nominator(tmp_path)
    uploads(tmp_path, sealed=False)
    got = found(tmp_path, "J011")
    assert [s for s, _m in got] == ["warning"] and "启发式" in got[0][1]


def test_upload_rules_are_silent_without_a_batch_folder():
    assert [rid for rid, _s, _p in run_batch(Batch(profile(), [], None)) if rid in ("J010", "J011", "J012", "J013", "J015")] == []


# ---------------------------------------------------------------- J012 公示 ≥ 3 working days (五1)

@pytest.mark.parametrize("start, end, bad", [
    ("2023-08-04", "2023-08-07", True),   # Fri + Mon across a weekend: 2
    ("2023-08-04", "2023-08-08", False),  # Fri, Mon, Tue: 3
    ("2023-09-28", "2023-10-07", True),   # 28 Sep + the 调休 Saturday 7 Oct: 2 (29 Sep – 6 Oct off)
    ("2023-09-27", "2023-10-07", False),  # 27, 28 Sep + 7 Oct: 3
    ("2023-10-07", "2023-10-09", False),  # Sat 7 and Sun 8 Oct are 调休 workdays: 3
    ("2023-06-21", "2023-06-25", True),   # 21 Jun, 22–24 端午 off, Sun 25 worked: 2
])
def test_publicity_counts_working_days_by_the_2023_calendar(tmp_path, start, end, bad):
    write_nominator(tmp_path, extra=f"[publicity]\nstart = {start}\nend = {end}\n")
    got = found(tmp_path, "J012")
    assert [s for s, _m in got] == (["error"] if bad else [])
    if bad:
        assert "2 个工作日" in got[0][1] and "不少于 3 个工作日" in got[0][1]


def test_publicity_dates_must_be_dates_in_order(tmp_path):
    write_nominator(tmp_path, extra='[publicity]\nstart = "八月初"\nend = 2023-08-03\n')
    assert [s for s, _m in found(tmp_path, "J012")] == ["error"]
    write_nominator(tmp_path, extra="[publicity]\nstart = 2023-08-09\nend = 2023-08-03\n")
    assert "早于" in found(tmp_path, "J012")[0][1]
    write_nominator(tmp_path, extra='[publicity]\nstart = "2023年8月1日"\nend = "2023年8月3日"\n')
    assert found(tmp_path, "J012") == []


def test_publicity_outside_the_calendar_is_a_warning(tmp_path):
    write_nominator(tmp_path, extra="[publicity]\nstart = 2024-01-02\nend = 2024-01-03\n")
    assert [s for s, _m in found(tmp_path, "J012")] == ["warning"]


def test_no_publicity_dates_is_silent(tmp_path):
    write_nominator(tmp_path)
    assert found(tmp_path, "J012") == []


def test_calendar_matches_the_state_council_notice():
    cal = load_calendar(profile())
    assert cal.working_days(dt.date(2023, 9, 29), dt.date(2023, 10, 6)) == []  # 中秋、国庆 8 days
    assert len(cal.working_days(dt.date(2023, 1, 21), dt.date(2023, 1, 29))) == 2  # 春节 7 days, then 28 and 29 Jan worked
    assert cal.is_workday(dt.date(2023, 4, 23)) and not cal.is_workday(dt.date(2023, 4, 5))


# ---------------------------------------------------------------- J013 备案 of a 省级社会组织 (四, 附件4)

FILING = {
    "org_name": "江苏省职工技术协会", "registered_js": "是", "org_code": "51320000MJ0000000X", "filled_on": "2023-07-10",
    "address": "南京市中山北路 202 号", "postcode": "210009", "contact": "李明", "contact_title": "秘书长",
    "contact_mobile": "13812345678", "email": "xiehui@example.com", "has_union": "是", "union_name": "江苏省职工技术协会工会",
    "activities": "近三年组织职工技术创新活动 12 场。",
}


def write_filing(root, kind="省级社会组织", **changes):
    fields = {**FILING, **changes}
    lines = ["[filing]"] + [f'{k} = "{v}"' for k, v in fields.items() if v is not None]
    write_nominator(root, kind=kind, extra="\n".join(lines) + "\n")


def test_complete_filing_passes(tmp_path):
    write_filing(tmp_path)
    assert found(tmp_path, "J013") == []


@pytest.mark.parametrize("n, bad", [(500, False), (501, True)])
def test_activities_at_most_500_zi(tmp_path, n, bad):
    write_filing(tmp_path, activities="创" * n)
    got = found(tmp_path, "J013")
    assert bool(got) is bad
    if bad:
        assert "501 字" in got[0][1] and "500" in got[0][1]


@pytest.mark.parametrize("day, bad", [("2023-07-15", False), ("2023-07-16", True), ("七月", True)])
def test_filed_by_15_july(tmp_path, day, bad):
    write_filing(tmp_path, filled_on=day)
    assert bool(found(tmp_path, "J013")) is bad


@pytest.mark.parametrize("changes, says", [
    ({"org_code": None}, "组织机构代码"), ({"postcode": "21000"}, "邮编"), ({"union_name": None}, "工会组织全称"),
    ({"contact_mobile": "1381234567"}, "手机号码"),
])
def test_filing_fields(tmp_path, changes, says):
    write_filing(tmp_path, **changes)
    got = found(tmp_path, "J013")
    assert len(got) == 1 and says in got[0][1]


def test_filing_is_required_of_provincial_social_organisations_only(tmp_path):
    write_nominator(tmp_path, kind="省级社会组织")
    assert "须经备案" in found(tmp_path, "J013")[0][1]
    write_nominator(tmp_path, kind="设区市总工会")
    assert found(tmp_path, "J013") == []


# ---------------------------------------------------------------- J014 填报时间 (七(三)1)

@pytest.mark.parametrize("day, warned", [("2023-05-14", True), ("2023-05-15", False), ("2023-08-31", False),
                                         ("2023-09-01", True)])
def test_nomination_date_within_the_filing_window(tmp_path, day, warned):
    path = write_nominator(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("date = 2023-08-20", f"date = {day}"), encoding="utf-8")
    assert [s for s, _m in found(tmp_path, "J014")] == (["warning"] if warned else [])


# ---------------------------------------------------------------- `wuxiao init --nominator`

def test_init_scaffolds_a_nominator_batch_that_names_its_layout(cli, tmp_path):
    import tomllib

    root = tmp_path / "batch"
    done = cli("init", str(root), "--profile", "jiangsu-2023", "--nominator")
    assert done.returncode == 0, done.stderr
    assert (root / "nominator" / "3-现场照片").is_dir()
    data = tomllib.loads((root / "nominator.toml").read_text(encoding="utf-8"))
    assert data["name"] == "" and data["order"] == [] and data["summary"] == "近年来，"
    readme = (root / "README.txt").read_text(encoding="utf-8-sig")
    assert all(w in readme for w in ("nominator/1-", "提名函盖章扫描版", "公示及无异议", "现场照片"))
    # the template's blanks are what J001 asks for; nothing else about the nominator is claimed yet
    assert [s for s, _m in found(root, "J001")] == ["error"]
    assert cli("init", str(root), "--profile", "jiangsu-2023", "--nominator").returncode == 2  # never overwrites
    assert cli("init", str(tmp_path / "n2"), "--nominator").returncode == 2  # national-2024 has no nominators


def test_check_on_a_fresh_nominator_batch_says_it_has_no_project_yet(cli, tmp_path):
    """A batch just made by `init --nominator` (nominator.toml + nominator/, no project folder) is a batch
    with no project, not a project with 8 errors (F001, S016…): one line saying how to add one, then J001."""
    import json

    root = tmp_path / "提名批次"
    made = cli("init", str(root), "--profile", "jiangsu-2023", "--nominator")
    assert made.returncode == 0 and made.stdout.startswith(f"已创建提名批次文件夹 {root}：")  # D11: no 项目文件夹
    done = cli("check", str(root), "--profile", "jiangsu-2023")
    assert done.returncode == 1, done.stdout + done.stderr
    first = done.stdout.splitlines()[0]
    assert first == f"提名文件夹中还没有项目：用 wuxiao init {root.as_posix()}/01-项目名 --profile jiangsu-2023 添加"
    assert "J001" in done.stdout and "共 0 个项目" in done.stdout
    # init made nominator.toml, with name = "" and type = "": the fix is to fill them in, not to create the file
    assert '在 nominator.toml 中填写 name = "某某市总工会"' in done.stdout and "新建 nominator.toml" not in done.stdout
    assert not any(r in done.stdout for r in ("F001", "S016", "S018"))  # the batch is no project
    report = json.loads(cli("check", str(root), "--profile", "jiangsu-2023", "-f", "json").stdout)
    assert report["projects"] == [] and [b["rule"] for b in report["batch_findings"]] == ["J001"]
    # once a project is in it, it is checked as the batch's project as before
    assert cli("init", str(root / "01-项目"), "--profile", "jiangsu-2023").returncode == 0
    done = cli("check", str(root), "--profile", "jiangsu-2023")
    assert "还没有项目" not in done.stdout and "01-项目" in done.stdout


def test_a_nominator_batch_with_one_project_runs_its_batch_rules(cli, tmp_path):
    """nominator.toml makes the folder a batch whatever it holds: with ONE project its J findings (J001: the
    nominator's name is empty) are in the text, the JSON totals and the workbook, as with two."""
    import json

    import openpyxl
    from jiangsu_helpers import make_project

    root = tmp_path / "提名批次"
    assert cli("init", str(root), "--profile", "jiangsu-2023", "--nominator").returncode == 0
    make_project(root / "01-项目")
    done = cli("check", str(root), "--profile", "jiangsu-2023", "--report", str(tmp_path / "r.xlsx"))
    assert done.returncode == 1 and "J001" in done.stdout, done.stdout + done.stderr
    assert "整个批次" in done.stdout and "多个项目" not in done.stdout  # one project: no "between projects" heading
    report = json.loads(cli("check", str(root), "--profile", "jiangsu-2023", "-f", "json").stdout)
    batch = [b for b in report["batch_findings"] if not b.get("waived")]
    assert "J001" in [b["rule"] for b in batch] and len(report["projects"]) == 1
    own = sum(f["severity"] == "error" for f in report["projects"][0]["findings"])
    assert report["summary"]["errors"] == own + sum(b["severity"] == "error" for b in batch)
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx")["问题明细"].iter_rows(values_only=True))
    assert ("（整个批次）", "J001") in {(row[1], row[3]) for row in rows}


def test_a_national_folder_of_one_project_is_still_one_project(cli, tmp_path):
    """No nominator file: a folder holding one national project runs no batch rules, as before."""
    import json

    from batch_helpers import make_project

    make_project(tmp_path / "一批" / "01-项目", "测试成果")
    report = json.loads(cli("check", str(tmp_path / "一批"), "-f", "json").stdout)
    assert len(report["projects"]) == 1 and report["batch_findings"] == []


def write_filing_docx(path, activities: str):
    """The 附件4 备案申请表 as people fill it: label | value pairs, two pairs a row, the union's contact repeating
    the organisation's labels (联系人姓名, 职务, 手机号码…), and the 简介 as one label | text row."""
    import docx

    rows = [
        ("社会组织全称(盖章)", FILING["org_name"], "是否在我省注册", "是"),
        ("组织机构代码", FILING["org_code"], "填表时间", "2023年7月10日"),
        ("通讯地址", FILING["address"], "邮编", FILING["postcode"]),
        ("联系人姓名", FILING["contact"], "职务", "秘书长"),
        ("手机号码", FILING["contact_mobile"], "电子邮箱", FILING["email"]),
        ("是否成立工会组织", "是", "工会组织全称", FILING["union_name"]),
        ("联系人姓名", "周敏", "职务", "工会主席"),
        ("手机号码", "13912345678", "电子邮箱", "union@example.com"),
    ]
    document = docx.Document()
    document.add_paragraph("社会组织参加职工“五小”活动省级优秀项目认定 备案申请表")
    table = document.add_table(rows=0, cols=4)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    cells = table.add_row().cells
    cells[0].text = "近三年开展职工科技创新活动情况简介（限 500 字，可另附页）："
    cells[1].merge(cells[3]).text = activities
    document.save(str(path))


@pytest.mark.parametrize("n, bad", [(500, False), (501, True)])
def test_filing_read_from_the_filled_form_docx(tmp_path, n, bad):
    write_nominator(tmp_path, kind="省级社会组织")
    write_filing_docx(tmp_path / "备案申请表.docx", "创" * n)
    got = [m for _s, m in found(tmp_path, "J013")]  # every other field was read from its cell: no other finding
    assert len(got) == (1 if bad else 0), got
    if bad:
        assert "501 字" in got[0] and "上限 500 字" in got[0]


def test_a_filing_form_that_is_not_a_docx_is_an_error(tmp_path):
    write_nominator(tmp_path, kind="省级社会组织")
    (tmp_path / "备案申请表.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old .doc")
    assert "不是真正的 Word .docx" in found(tmp_path, "J013")[0][1]


def test_an_upload_past_the_whole_decode_budget_is_not_decoded_nor_called_damaged(tmp_path, monkeypatch):
    """A 48 MP TIFF scan (fax-compressed, 9 KB) would take ~190 MB decoded whole, a 120 MP one ~480 MB:
    past the budget its header is read, its pixels are not decoded, and it is no J010."""
    from PIL import Image, TiffImagePlugin

    from wuxiao_cli.media.image import WHOLE_DECODE_PIXELS

    write_nominator(tmp_path)
    folder = uploads(tmp_path)
    Image.new("1", (8000, 6000), 1).save(folder / "3-现场照片" / "大扫描.tif", compression="group4")
    assert 8000 * 6000 > WHOLE_DECODE_PIXELS
    decoded = []
    monkeypatch.setattr(TiffImagePlugin.TiffImageFile, "load", lambda self: decoded.append(self.size))
    assert found(tmp_path, "J010") == [] and decoded == []
