"""Profile roadshow-2024 end to end: the example, R005, V001, F016/F026 via the profile, user profiles, init."""

from __future__ import annotations

import json

import pytest
from conftest import invoke_cli
from roadshow_helpers import (
    EXAMPLE,
    GOOD_FORM,
    check,
    findings,
    make_mp4,
    rule_ids,
    write_form,
    write_intro,
    zi,
)
from typer.testing import CliRunner

import wuxiao_cli.cli
from wuxiao_cli.profile import load_profile
from wuxiao_cli.resources import schemas_dir
from wuxiao_cli.rules.roadshow import course_table

runner = CliRunner()


def cli(*args):
    return runner.invoke(wuxiao_cli.cli.app, [str(a) for a in args])


def _good_project(root):
    write_form(root)
    write_intro(root / "intro.docx", "headings", zi(120), zi(250))
    return root


# --- acceptance 1: the example passes ------------------------------------------------------------

def test_example_passes_with_no_findings():
    proc = invoke_cli("check", "--profile", "roadshow-2024", "--format", "json", str(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["profile"] == "roadshow-2024"
    project = report["projects"][0]
    assert project["status"] == "pass" and project["errors"] == 0
    assert [f["rule"] for f in project["findings"] if not f["rule"].startswith("Q")] == []
    assert project["name"] == "数控车床刀具快速对刀装置的制作与使用"
    assert project["union"] == "江苏省教育科技工会"


# --- profiles and rules listings --------------------------------------------------------------------

def test_profiles_lists_both_with_notice_dates_and_recipient():
    out = cli("profiles")
    assert out.exit_code == 0
    text = out.output
    assert "national-2024" in text and "roadshow-2024" in text
    roadshow = text[text.index("roadshow-2024"):]
    assert "2024-05-06 至 2024-07-30" in roadshow
    assert "JKWWTWXCXCG@163.com" in roadshow
    assert "附件4" in roadshow


def test_rules_listing_for_roadshow():
    out = cli("rules", "--profile", "roadshow-2024")
    assert out.exit_code == 0
    ids = [line.split("\t")[0] for line in out.output.splitlines()]
    for rid in ("R001", "R002", "R003", "R004", "R005", "R006", "V001", "V005", "F001", "F003", "F015", "F016",
                "F026", "F027"):
        assert rid in ids
    for rid in ("F010", "F012", "F013", "F017", "F018", "F019", "F020", "F021", "F022", "F023", "F024",
                "P001", "A001", "D001"):
        assert rid not in ids
    assert "R004\tE\t附件4 ③\t" in out.output and "R005\tE/W\t附件4 ①\t" in out.output
    national = [line.split("\t")[0] for line in cli("rules").output.splitlines()]
    assert not [r for r in national if r.startswith("R")]


def test_explain_quotes_the_clause():
    out = cli("explain", "R004")
    assert out.exit_code == 0
    assert "导师简介 200 字以内和视频简介 300 字以内" in out.output


# --- R005: the 附件4 ① declaration -------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expect", "level"), [("是", None, None), (" 是 ", None, None),
                                                        ("否", "“否”", "error"), ("不确定", "不确定", "warning"),
                                                        (None, "没有填声明", "warning"), ("", "没有填声明", "warning")])
def test_r005_declaration(tmp_path, value, expect, level):
    # 附件4 ① (“视频内容须符合“五小”内容，聚焦一线职工生产项目，非国家重点项目、非研发团队公关项目、非企业宣传片”)
    # asks it of the video; the 附件4 table has no such row: only a declared 否 is an error
    root = tmp_path / "p"
    if value is None:
        write_form(root, drop=("是否为一线职工生产项目",))
    else:
        write_form(root, 是否为一线职工生产项目=value)
    write_intro(root / "intro.docx", "table", zi(100), zi(100))
    hits = findings(check(root), "R005")
    if expect is None:
        assert hits == []
    else:
        assert len(hits) == 1 and expect in hits[0].message
        assert (hits[0].field, hits[0].file, hits[0].severity, hits[0].clause) == (
            "frontline", "form.json", level, "附件4 ①")


def test_r005_docx_form_row(tmp_path):
    import docx

    root = tmp_path / "p"
    root.mkdir()
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    rows = [("上报单位：", "江苏省教育科技工会"), ("* 是否为一线职工生产项目", "否")]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.save(str(root / "form.docx"))
    result = check(root)
    assert [f.field for f in findings(result, "R005")] == ["frontline"]
    assert findings(result, "F016") == []
    missing = {f.field for f in findings(result, "F003")}
    assert missing == {"contact", "phone", "course", "unit", "completers", "completer_phone"}


# --- form rules through the profile ---------------------------------------------------------------

def test_f016_checks_the_reporting_union_against_annex2(tmp_path):
    root = _good_project(tmp_path / "p")
    assert findings(check(root), "F016") == []
    write_form(root, 上报单位="江苏省总工会")
    hits = findings(check(root), "F016")
    assert len(hits) == 1 and hits[0].field == "union"
    assert hits[0].message.startswith("上报单位「江苏省总工会」")
    assert "江苏省教育科技工会" in hits[0].hint


def test_f016_reads_the_union_field_named_by_the_profile(tmp_path):
    """A user profile whose union field has another key: F016 follows profile.form.union_field."""
    data = json.loads((schemas_dir() / "profiles" / "roadshow-2024.json").read_text(encoding="utf-8"))
    form_schema = json.loads((schemas_dir() / "forms" / "roadshow-2024.schema.json").read_text(encoding="utf-8"))
    form_schema["properties"]["reporting_union"] = form_schema["properties"].pop("union")
    form_schema["required"] = ["reporting_union" if k == "union" else k for k in form_schema["required"]]
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "mine.schema.json").write_text(json.dumps(form_schema, ensure_ascii=False), encoding="utf-8")
    data["form"].update(schema="forms/mine.schema.json", union_field="reporting_union")
    data["id"] = "roadshow-mine"  # a built-in's ID is refused for a user's profile
    (tmp_path / "mine.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    root = _good_project(tmp_path / "p")
    write_form(root, 上报单位="江苏省总工会")
    result = check(root, load_profile(str(tmp_path / "mine.json")))
    assert [f.field for f in findings(result, "F016")] == ["reporting_union"]
    assert result.union == "江苏省总工会"


def test_phones_are_checked_like_the_national_form(tmp_path):
    root = _good_project(tmp_path / "p")
    write_form(root, 联系电话="83456789", 完成人联系电话="1381234567")
    assert sorted(f.field for f in findings(check(root), "F015")) == ["completer_phone", "phone"]
    write_form(root, 联系电话="（025）83536240", 完成人联系电话="+86 138 1234 5678")
    assert findings(check(root), "F015") == []


def test_completers_written_as_only_separators_are_missing(tmp_path):
    """附件4's 完成人 has no cap to report (no x-rule): a cell of only 、、 was read as no names and passed."""
    root = _good_project(tmp_path / "p")
    write_form(root, 完成人="、 ，、")
    (missing,) = findings(check(root), "F003")
    assert missing.field == "completers" and "完成人" in missing.message
    write_form(root, 完成人="李强")
    assert findings(check(root), "F003") == []


def test_f026_craftsman_materials_in_roadshow(tmp_path):
    root = _good_project(tmp_path / "p")
    write_form(root, 工匠荣誉获得者="李强：江苏工匠")
    hits = findings(check(root), "F026")
    assert len(hits) == 1 and "craftsman/" in hits[0].message
    write_form(root, 工匠荣誉获得者="钱多：江苏工匠")
    messages = [f.message for f in findings(check(root), "F026")]
    assert any("不在成果完成人名单中" in m for m in messages)


def _craftsman_roadshow(root, video_bytes=None, width=1280, height=720, intro="李强同志爱岗敬业。"):
    write_form(root, 工匠荣誉获得者="李强：江苏工匠")
    (root / "craftsman").mkdir(exist_ok=True)
    (root / "craftsman" / "工匠简介.txt").write_text(intro, encoding="utf-8")
    video = root / "craftsman" / "李强-技能技法.mp4"
    if video_bytes is None:
        make_mp4(video, 1, width=width, height=height)
    else:
        video.write_bytes(video_bytes)
    return root


def test_f026_roadshow_asks_no_format_and_no_intro_topics(tmp_path):
    # 附件4 ⑤: 请一并提供工匠简介及个人宣传类、技能技法类视频 -- no MP4 1920×1080, no 行业/工种/职务/荣誉
    # (those are the national 附件3 第1项 备注): a 1280×720 video and a one-line intro pass
    root = _craftsman_roadshow(_good_project(tmp_path / "p"))
    assert findings(check(root), "F026") == []
    # the national profile keeps both: the same folder is an error (size) and a warning (topics)
    national = [(f.severity, f.message) for f in findings(check(root, "national-2024"), "F026")]
    assert any(s == "error" and "1280×720" in m for s, m in national), national
    assert any(s == "warning" and "工种" in m for s, m in national), national


def test_f026_roadshow_still_wants_a_readable_video_and_an_intro(tmp_path):
    root = _craftsman_roadshow(_good_project(tmp_path / "p"), video_bytes=b"")
    (hit,) = findings(check(root), "F026")
    assert hit.severity == "error" and "空文件" in hit.message and "MP4" not in hit.message
    (root / "craftsman" / "李强-技能技法.mp4").unlink()
    (hit,) = findings(check(root), "F026")
    assert hit.severity == "error" and "没有工匠视频" in hit.message
    (root / "craftsman" / "工匠简介.txt").unlink()
    make_mp4(root / "craftsman" / "李强-技能技法.mp4", 1)
    (hit,) = findings(check(root), "F026")
    assert hit.severity == "error" and "简介" in hit.message


def write_annex4_docx(path, *, contact="王芳", declaration=True):
    """form.docx laid out as the notice's own 附件4 table: 上报单位 | value (merged over three columns);
    联系人 | v | 联系电话 | v; the header row 课程名称 | 提交单位 | 完成人 | 联系电话 with the values in the
    row below it; 上报单位盖章: across the last row. Optionally the tool template's declaration row."""
    import docx

    g = GOOD_FORM
    document = docx.Document()
    document.add_paragraph("附件4 “五小”成果路演项目报送要求")
    table = document.add_table(rows=5, cols=4)
    first = table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(0, 0).text, first.text = "上报单位", g["上报单位"]
    for c, text in enumerate(("联系人", contact, "联系电话", g["联系电话"])):
        table.cell(1, c).text = text
    for c, text in enumerate(("课程名称", "提交单位", "完成人", "联系电话")):
        table.cell(2, c).text = text
    for c, key in enumerate(("课程名称", "提交单位", "完成人", "完成人联系电话")):
        table.cell(3, c).text = g[key]
    table.cell(4, 0).merge(table.cell(4, 3)).text = "上报单位盖章:"
    if declaration:
        row = document.add_table(rows=1, cols=2)
        row.cell(0, 0).text, row.cell(0, 1).text = "是否为一线职工生产项目", "是"
    document.save(str(path))
    return path


def test_annex4_grid_form_reads_header_row_values_from_the_row_below(tmp_path):
    from wuxiao_cli.forms.docx_form import read_docx

    root = _good_project(tmp_path / "p")
    (root / "form.json").unlink()
    write_annex4_docx(root / "form.docx")
    raw = read_docx(root / "form.docx", load_profile("roadshow-2024").form_schema)[0]
    assert {k: raw.get(k) for k in ("union", "contact", "phone", "course", "unit", "completers", "completer_phone")} == {
        "union": "江苏省教育科技工会", "contact": "王芳", "phone": "025-83456789",
        "course": "数控车床刀具快速对刀装置的制作与使用", "unit": "江苏省某某职业技术学院",
        "completers": "李强、赵敏", "completer_phone": "13812345678"}  # never 课程名称 := “提交单位” (a header)
    result = check(root)
    assert result.name == "数控车床刀具快速对刀装置的制作与使用"
    assert [f.rule for f in result.findings if f.rule.startswith(("F", "R"))] == [], result.findings


def test_a_label_beside_a_label_is_not_its_value(tmp_path):
    from wuxiao_cli.forms.docx_form import read_docx

    path = write_annex4_docx(tmp_path / "form.docx", contact="")  # 联系人 | (blank) | 联系电话 | v
    doc = __import__("docx").Document(str(path))
    row = doc.tables[0].rows[1]
    row.cells[1]._tc.getparent().remove(row.cells[1]._tc)  # 联系人 | 联系电话 | 025-…: the blank cell gone
    doc.save(str(path))
    raw = read_docx(path, load_profile("roadshow-2024").form_schema)[0]
    assert raw.get("contact", "") == "" and raw["phone"] == "025-83456789"


def test_exactly_one_roadshow_video(tmp_path):
    root = _good_project(tmp_path / "p")
    make_mp4(root / "videos" / "a-课程.mp4", 2)
    assert findings(check(root), "V001") == []
    make_mp4(root / "videos" / "b-花絮.mp4", 2)
    hits = findings(check(root), "V001")
    assert len(hits) == 1
    assert "只能有 1 个" in hits[0].message and "b-花絮.mp4" in hits[0].message
    assert hits[0].file == "videos/"


def test_two_roadshow_videos_are_both_named_and_none_called_extra(tmp_path):
    """A copy whose name sorts first (“-” before “.”) is not taken for the original: both are listed."""
    root = _good_project(tmp_path / "p")
    make_mp4(root / "videos" / "对刀装置-微课堂.mp4", 2)
    make_mp4(root / "videos" / "对刀装置-微课堂-短版.mp4", 2)
    (hit,) = findings(check(root), "V001")
    assert "对刀装置-微课堂.mp4" in hit.message and "对刀装置-微课堂-短版.mp4" in hit.message
    assert "多出" not in hit.message and "保留其中 1 个" in hit.hint and hit.file == "videos/"


# --- acceptance 3: a user-supplied profile ---------------------------------------------------------

def test_user_profile_changes_the_video_limit(tmp_path):
    data = json.loads((schemas_dir() / "profiles" / "roadshow-2024.json").read_text(encoding="utf-8"))
    data["videos"]["max_seconds"] = 180
    data["quiz"]["min_questions"] = 30
    data["id"] = "roadshow-2025"
    custom = tmp_path / "my-roadshow.json"  # its form schema and unions resolve to the built-in files
    custom.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    root = _good_project(tmp_path / "p")
    make_mp4(root / "videos" / "微课堂.mp4", 200)

    def v005(profile):
        out = cli("check", "--profile", profile, "--format", "json", root)
        assert out.exit_code in (0, 1), out.output
        report = json.loads(out.stdout)
        return report, [f for f in report["projects"][0]["findings"] if f["rule"] == "V005"]

    report, hits = v005(custom)
    assert report["profile"] == "roadshow-2025"
    assert len(hits) == 1 and "180 秒" in hits[0]["message"] and hits[0]["file"] == "videos/微课堂.mp4"
    _, hits = v005("roadshow-2024")
    assert hits == []


@pytest.mark.parametrize(("change", "where", "what"), [
    (lambda d: d["videos"].update(max_seconds="三分钟"), "videos.max_seconds", "应为数字"),
    (lambda d: d.update(delivery="pigeon"), "delivery", "不是可选值"),
    (lambda d: d["intro"].pop("fields"), "intro", "缺少 “fields”"),
])
def test_invalid_profile_exits_2_naming_path_and_message(tmp_path, change, where, what):
    data = json.loads((schemas_dir() / "profiles" / "roadshow-2024.json").read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = invoke_cli("check", "--profile", str(bad), str(EXAMPLE))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert f"{where}：" in lines[0] and what in lines[0]


def test_profile_that_is_not_json_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ id: roadshow", encoding="utf-8")
    out = cli("rules", "--profile", bad)
    assert out.exit_code == 2
    assert "不是有效的 JSON" in out.output


# --- init -------------------------------------------------------------------------------------------

def test_init_scaffolds_the_roadshow_layout(tmp_path):
    root = tmp_path / "新路演项目"
    out = cli("init", root, "--profile", "roadshow-2024")
    assert out.exit_code == 0, out.output
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert {"videos", "craftsman", "form.docx", "intro.docx", "README.txt"} <= set(names)
    assert not {"photos", "audio", "authorization"} & set(names)
    readme = (root / "README.txt").read_text(encoding="utf-8-sig")
    assert "网盘" in readme and "导师简介（200 字以内）" in readme and "视频简介（300 字以内）" in readme
    assert "wuxiao check 本文件夹 --profile roadshow-2024" in readme  # without it check would judge it as national
    video = next(line for line in readme.splitlines() if line.startswith("  videos/ "))
    assert "1920×1080" in video and "5 分钟以内" in video and "只能放 1 个" in video
    assert "成果照片" not in readme and "dpi" not in readme
    craftsman = readme[readme.index("  craftsman/"):].split("\n  ", 2)[:2]
    assert "工匠文字简介" in craftsman[0] and not any("MP4" in c or "工种" in c for c in craftsman)  # 附件4 ⑤ asks neither
    from wuxiao_cli.forms.docx_form import read_docx

    profile = load_profile("roadshow-2024")
    values, _media, _images, unknown = read_docx(root / "form.docx", profile.form_schema)
    assert unknown == [] and set(values) == set(profile.form_schema.fields)
    import docx

    labels = [row.cells[0].paragraphs[0].text for row in docx.Document(str(root / "form.docx")).tables[0].rows]
    assert "* 是否为一线职工生产项目" in labels  # R005 requires it: starred like the fields F003 requires
    result = check(root)
    r003 = findings(result, "R003")
    assert [f.field for f in r003] == ["mentor_intro", "video_intro"]
    assert all("为空" in f.message for f in r003)  # the headings were found: the user only has to write
    assert "R005" in rule_ids(result) and "V001" in rule_ids(result)


def test_init_national_is_unchanged(tmp_path):
    root = tmp_path / "n"
    assert cli("init", root).exit_code == 0
    names = {p.name for p in root.iterdir()}
    assert {"photos", "videos", "audio", "authorization", "craftsman", "form.docx", "README.txt"} <= names
    assert "intro.docx" not in names


# --- the 附件4 table for the e-mail body ------------------------------------------------------------

def test_course_table_lines():
    fields = {"union": "江苏省教育科技工会", "contact": "王芳", "phone": "025-83456789", "course": "快速对刀装置",
              "unit": "某某学院", "completers": ["李强", "赵敏"], "completer_phone": "13812345678"}
    assert course_table(fields).splitlines() == [
        "上报单位：江苏省教育科技工会",
        "联系人：王芳",
        "联系电话：025-83456789",
        "课程名称 | 提交单位 | 完成人 | 联系电话",
        "快速对刀装置 | 某某学院 | 李强、赵敏 | 13812345678",
    ]


def test_course_table_marks_blanks_and_flattens_line_breaks():
    lines = course_table({"course": "两行\n名称", "completers": []}).splitlines()
    assert lines[0] == "上报单位：（未填）"
    assert lines[-1] == "两行 名称 | （未填） | （未填） | （未填）"


def test_example_is_small():
    total = sum(p.stat().st_size for p in EXAMPLE.rglob("*") if p.is_file())
    assert 0 < total < 1_100_000


def test_email_names_the_report_table_folder_in_chinese(tmp_path):
    """The 报送表 folder is listed by what it holds, as the national folders are, not as report-table."""
    from types import SimpleNamespace

    from wuxiao_cli.package.eml import PackageInfo, materials

    result = SimpleNamespace(fields={}, unit="南京市第一中等专业学校")
    info = PackageInfo([tmp_path / "a.zip"], [1], ["form.docx", "report-table/报送表.pdf", "videos/微课.mp4"], 10)
    listed = materials(load_profile("roadshow-2024"), result, info)
    assert "  - 附件4 报送表（盖章扫描件）（report-table/）：1 个文件" in listed
    assert "  - 成果视频（videos/）：1 个文件" in listed


def test_email_signs_with_the_forms_contact_and_their_phone(tmp_path):
    """附件4's 联系人 and 联系电话 go together, not the first 完成人 with the contact's phone."""
    from types import SimpleNamespace

    from wuxiao_cli.package.eml import PackageInfo, signature

    fields = {"contact": "王芳", "phone": "025-83536240", "completers": ["李明", "张强"]}
    result = SimpleNamespace(fields=fields, unit="南京市第一中等专业学校")
    info = PackageInfo([tmp_path / "a.zip"], [1], ["form.docx"], 10)
    roadshow = signature(load_profile("roadshow-2024"), result, info)
    assert roadshow == ["联系人：王芳  联系电话：025-83536240", "南京市第一中等专业学校"]
    national = signature(load_profile("national-2024"), result, info)  # no 联系人 field: the first 完成人
    assert national[0] == "联系人：李明  联系电话：025-83536240"
