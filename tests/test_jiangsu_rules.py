"""S rules on generated Jiangsu projects: both sides of every bound, each required item missing."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest
from jiangsu_helpers import check, findings_of, make_jpeg, make_pdf, make_project, rule_ids

from tests.factories import QPDF, make_pdf_aes256
from wuxiao_cli.rules.jiangsu import id_check_digit, parse_date


def errors(result, rule_id):
    return [f for f in findings_of(result, rule_id) if f.severity == "error"]


def warnings(result, rule_id):
    return [f for f in findings_of(result, rule_id) if f.severity == "warning"]


def form_only(tmp_path, **overrides):
    """A project with all media and attachments in place, so only the form differs."""
    return check(make_project(tmp_path / "p", overrides))


# ---------------------------------------------------------------- 身份证号 (GB 11643)

def test_check_digit_matches_the_standards_examples():
    assert id_check_digit("11010519491231002") == "X"  # GB 11643-1999 example
    assert id_check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("value, bad", [
    ("11010519491231002X", False),  # X check digit
    ("11010519491231002x", False),  # lower-case x accepted
    ("440524188001010014", False),  # digit check digit
    ("440524188001010015", True),  # wrong check digit
    ("110105194912310021", True),  # X expected
    ("4405241880010100", True),  # 16 characters
    ("4405241880010100144", True),  # 19 characters
    ("44052418801301001X", True),  # month 13 (check digit made right below)
])
def test_id_number(tmp_path, value, bad):
    if value == "44052418801301001X":
        value = value[:17] + id_check_digit(value[:17])
    result = form_only(tmp_path, id_number=value)
    assert bool(errors(result, "S001")) is bad, [f.message for f in result.findings]


def test_id_message_names_the_expected_digit(tmp_path):
    (f,) = errors(form_only(tmp_path, id_number="110105194912310021"), "S001")
    assert "应为 X" in f.message and f.field == "id_number"


def test_an_id_number_written_with_spaces_says_so(tmp_path):
    """320203 19850312 009X, as some forms print it: the message says what is wrong, not only 格式不正确."""
    (f,) = errors(form_only(tmp_path, id_number="110105 19491231 002X"), "S001")
    assert f.message.endswith("格式不正确：其中有空格，请去掉") and f.field == "id_number"


# ---------------------------------------------------------------- formats and options

@pytest.mark.parametrize("key, value, rule, bad", [
    ("mobile", "13812345678", "S002", False), ("mobile", "1381234567", "S002", True),
    ("mobile", "12812345678", "S002", True), ("union_phone", "025-83536240", "S002", False),
    ("union_phone", "83536240", "S002", True), ("union_phone", "（025）83536240", "S002", False),
    ("union_phone", "025 8353 6240转12", "S002", False), ("mobile", "+86 138 1234 5678", "S002", False),
    ("mobile", "138-1234-5678", "S002", False), ("mobile", "025-83536240", "S002", True),
    ("email", "Jszgkjcx@163.com", "S003", False), ("email", "Jszgkjcx@163", "S003", True),
    ("postcode", "210009", "S004", False), ("postcode", "21009", "S004", True), ("postcode", "2100090", "S004", True),
    ("category", "小设计", "S005", False), ("category", "技术革新", "S005", True),
    ("unit_nature", "事业单位", "S005", False), ("unit_nature", "国企", "S005", True),
    ("education", "大学本科", "S005", False), ("education", "本科", "S005", False),  # a synonym (test_jiangsu_notice)
    ("degree", "学士", "S005", False), ("degree", "本科", "S005", False),  # unreadable free text: a warning only
    ("skill_level", "技师", "S005", False), ("skill_level", "技术员", "S005", False),
])
def test_formats_and_options(tmp_path, key, value, rule, bad):
    result = form_only(tmp_path, **{key: value})
    assert bool(errors(result, rule)) is bad


@pytest.mark.parametrize("value, severity", [
    ("工会主导建设的创新型班组", None),
    ("工会参与建设的创新工作室、创新型班组，参与组织的群创活动团队", None),
    ("非工会主导或参与建设的团队", "error"),
    ("其他：厂级 QC 小组", "warning"),
    ("技术中心", "error"),
])
def test_team(tmp_path, value, severity):
    found = findings_of(form_only(tmp_path, team=value), "S006")
    assert [f.severity for f in found] == ([severity] if severity else [])


# ---------------------------------------------------------------- 字数 limits

@pytest.mark.parametrize("key, limit", [
    ("before", 150), ("after", 300), ("contribution", 300), ("achievements", 200),
    ("treatment", 300), ("plan", 200), ("opinion", 300),
])
def test_word_limits_both_sides(tmp_path, key, limit):
    assert not errors(form_only(tmp_path, **{key: "字" * limit}), "S007")
    (f,) = errors(check(make_project(tmp_path / "over", {key: "字" * (limit + 1)})), "S007")
    assert f"{limit + 1} 字" in f.message and f"{limit} 字" in f.message and f.field == key


# ---------------------------------------------------------------- awards and other completers

AWARD = {"year": "2021", "award": "江苏工匠", "grantor": "江苏省总工会"}


@pytest.mark.parametrize("key, n, bad", [("honors", 2, False), ("honors", 3, True),
                                         ("team_award", 1, False), ("team_award", 2, True)])
def test_award_counts(tmp_path, key, n, bad):
    assert bool(errors(form_only(tmp_path, **{key: [AWARD] * n}), "S008")) is bad


def test_award_row_needs_year_and_grantor(tmp_path):
    found = errors(form_only(tmp_path, honors=[{"award": "江苏工匠", "grantor": "江苏省总工会"},
                                               {"year": "21年", "award": "x", "grantor": "y"}]), "S008")
    assert len(found) == 2 and "年份" in found[0].message


def test_other_completers(tmp_path):
    assert not findings_of(form_only(tmp_path), "S009")
    found = errors(form_only(tmp_path, others=[{"name": "李四"}, {"name": "张伟", "work": "设计"},
                                               {"name": "王五", "gender": "M", "work": "装配"}]), "S009")
    assert len(found) == 3


@pytest.mark.parametrize("overrides, bad", [
    ({}, False),
    ({"skill_cert_no": None}, True),
    ({"skill_level": "无", "skill_cert_no": None}, False),
    ({"title": "高级工程师", "title_level": "副高级"}, True),
    ({"title": "高级工程师", "title_level": "副高级", "title_cert_no": "JS-2019-1"}, False),
])
def test_certificate_numbers(tmp_path, overrides, bad):
    assert bool(errors(form_only(tmp_path, **overrides), "S010")) is bad


@pytest.mark.parametrize("title, level, field, other", [
    ("无", "高级工程师", "title", "职称级别却是「副高级」"),  # 高级工程师 is read as the level 副高级
    ("高级工程师", "无", "title_level", "技术职称却是「高级工程师」"),
])
def test_title_and_level_that_contradict_are_named_as_such(tmp_path, title, level, field, other):
    """技术职称 无 with 职称级别 高级工程师 is not a title lacking its number: the two cells disagree."""
    (f,) = errors(form_only(tmp_path, title=title, title_level=level, title_cert_no=None), "S010")
    assert f.field == field and "填的是「无」" in f.message and other in f.message and "矛盾" in f.message
    assert "改为“无”" in f.hint and "职称证书编号" in f.hint


def test_a_title_without_its_number_names_what_was_written(tmp_path):
    (f,) = errors(form_only(tmp_path, title="高级工程师", title_level="副高级", title_cert_no=None), "S010")
    assert f.message == "填了技术职称「高级工程师」、职称级别「副高级」，但没有填职称证书编号"
    assert f.field == "title_cert_no"


# ---------------------------------------------------------------- dates (通知 二)

@pytest.mark.parametrize("value, bad", [
    ("2022-12-31", False), ("2022年12月31日", False), ("2022/6/1", False), ("2022年6月", False),
    ("2023-01-01", True), ("2023年1月", True), ("去年", True), ("2022-02-30", True),
])
def test_implemented_by_2022_12_31(tmp_path, value, bad):
    assert bool(errors(form_only(tmp_path, implemented_on=value), "S011")) is bad


@pytest.mark.parametrize("overrides, bad", [
    ({"labour_in_jiangsu": "是"}, False),
    ({"labour_in_jiangsu": "否", "fulltime_since": "2021-01-01"}, False),
    ({"labour_in_jiangsu": "否", "fulltime_since": "2020-07-01"}, False),
    ({"labour_in_jiangsu": "否", "fulltime_since": "2021-01-02"}, True),
    ({"labour_in_jiangsu": "否"}, True),
    ({"unit_registered_js": "否"}, True),
])
def test_labour_relation_in_jiangsu(tmp_path, overrides, bad):
    assert bool(errors(form_only(tmp_path, **overrides), "S012")) is bad


def test_parse_date_forms():
    assert str(parse_date("2021年1月1日")) == "2021-01-01"
    assert parse_date("2021-13-01") is None and parse_date("") is None


# ---------------------------------------------------------------- exclusions, frontline, 领域类别

@pytest.mark.parametrize("key", ["excl_secret", "excl_ip_dispute", "excl_drug", "excl_gov_rnd", "excl_award",
                                 "excl_recognized"])
def test_each_exclusion(tmp_path, key):
    (f,) = errors(form_only(tmp_path, **{key: "是"}), "S013")
    assert f.field == key
    assert "S013" not in rule_ids(check(make_project(tmp_path / "ok")))
    assert "F003" in rule_ids(check(make_project(tmp_path / "blank", {key: None})), "error")


def test_recognized_before_is_a_warning(tmp_path):
    assert warnings(form_only(tmp_path, recognized_before="是"), "S013")


@pytest.mark.parametrize("overrides, severity", [
    ({}, None), ({"unit_head": "是"}, "error"), ({"position": "总经理"}, "warning"), ({"position": "副厂长"}, None),
])
def test_frontline_not_unit_head(tmp_path, overrides, severity):
    found = findings_of(form_only(tmp_path, **overrides), "S014")
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize("l1, l2, severity", [
    ("五、先进制造与重大装备", "装备制造", None),
    ("先进制造与重大装备", "仪器仪表", None),  # without the printed number
    ("十、其他", "绝技绝活", None),
    ("能源与节能", "装备制造", "error"),
    ("智能制造", "装备制造", "error"),
])
def test_field_category_pair(tmp_path, l1, l2, severity):
    found = findings_of(form_only(tmp_path, field_level1=l1, field_level2=l2, field_level3=None), "S015")
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_field_level3_not_listed_is_a_warning(tmp_path):
    assert warnings(form_only(tmp_path, field_level3="区块链"), "S015")


# ---------------------------------------------------------------- photos, video

@pytest.mark.parametrize("before, after, bad", [(4, 4, False), (1, 1, False), (5, 4, True), (4, 5, True),
                                                (0, 2, True), (2, 0, True)])
def test_before_after_photo_counts(tmp_path, before, after, bad):
    result = check(make_project(tmp_path / "p", before=before, after=after))
    assert bool(errors(result, "S016")) is bad


def test_loose_photo_and_broken_photo(tmp_path):
    root = make_project(tmp_path / "p")
    make_jpeg(root / "photos" / "现场.jpg")
    (root / "photos" / "after" / "坏图.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 30)
    result = check(root)
    assert warnings(result, "S016")[0].file == "photos/现场.jpg"
    assert any(f.file == "photos/after/坏图.jpg" for f in errors(result, "S016"))


@pytest.mark.parametrize("before_name, after_name", [
    ("实施前-换刀现场.jpg", "实施后-快换夹具.jpg"), ("改造前.jpg", "改造后.jpg"), ("改进前1.jpg", "改进后1.jpg"),
    ("使用前 现场.jpg", "使用后 现场.jpg"), ("换刀现场（实施前）.png", "快换夹具_实施后.jpeg"),
])
def test_photos_named_for_their_stage_count_without_subfolders(tmp_path, before_name, after_name):
    """附件2 三(一)(二) asks for 图片一组 before and after and names no folder: photos/实施前-….jpg is a before photo."""
    root = make_project(tmp_path / "p", before=0, after=0)  # no photos/before/ nor photos/after/
    make_jpeg(root / "photos" / before_name)
    make_jpeg(root / "photos" / after_name)
    assert not findings_of(check(root), "S016"), [f.message for f in check(root).findings]


def test_named_photos_share_the_groups_limit_and_an_unclear_name_still_warns(tmp_path):
    root = make_project(tmp_path / "p", before=3, after=1)
    make_jpeg(root / "photos" / "实施前-4.jpg")
    make_jpeg(root / "photos" / "实施前-5.jpg")  # 3 in before/ + 2 named: 5, the limit is 4
    make_jpeg(root / "photos" / "实施前后对比.jpg")  # says both stages
    make_jpeg(root / "photos" / "现场.jpg")  # says neither
    make_jpeg(root / "photos" / "应用前景.jpg")  # 前景 (prospects) is no stage: 应用 is not one of the words
    result = check(root)
    (over,) = errors(result, "S016")
    assert "有 5 张，限 4 张" in over.message and "photos/ 中文件名写明的" in over.message, over.message
    assert sorted(f.file for f in warnings(result, "S016")) == [
        "photos/实施前后对比.jpg", "photos/应用前景.jpg", "photos/现场.jpg"]


def test_a_named_photo_that_is_not_a_picture_is_an_error(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "photos" / "实施后-坏图.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 30)
    assert [f.file for f in errors(check(root), "S016")] == ["photos/实施后-坏图.jpg"]


def test_no_size_or_dpi_minimum_for_jiangsu_photos(tmp_path):
    """The notice sets none: tiny 72-dpi photos raise nothing."""
    ids = rule_ids(check(make_project(tmp_path / "p")))
    assert not {"P005", "P006", "P009", "S016"} & set(ids)


@pytest.mark.parametrize("seconds, bad", [(180.0, False), (180.5, True)])
def test_video_at_most_3_minutes(tmp_path, seconds, bad):
    result = check(make_project(tmp_path / "p", video_seconds=seconds))
    assert bool(errors(result, "S017")) is bad


@pytest.mark.parametrize("container", ["wmv", "flv", "mpg", "ts"])
def test_video_in_another_container_warns_and_its_length_is_measured(tmp_path, container):
    """The notice names no video format: a playable WMV/FLV/MPG/TS is a V002 warning, and S017 still measures it."""
    from tests.factories import make_mp4

    root = make_project(tmp_path / "p", video_seconds=None)
    dvd = dict(codec="mpeg2video", fps=25) if container == "mpg" else {}  # a DVD's .mpg is MPEG-2 at 25 fps
    make_mp4(root / "videos" / f"刀具快换夹具现场应用.{container}", container=container, seconds=200,
             width=320, height=180, audio=False, **dvd)
    result = check(root)
    assert warnings(result, "V002") and not errors(result, "V002")
    assert not findings_of(result, "V003")
    (s017,) = errors(result, "S017")
    measured = float(re.search(r"（([\d.]+) 秒）", s017.message).group(1))
    assert 199 <= measured <= 200.1  # a program stream's length is estimated from its time stamps


def test_video_a_fraction_over_3_minutes_shows_the_breach(tmp_path):
    (s017,) = errors(check(make_project(tmp_path / "p", video_seconds=180.04)), "S017")
    assert "3 分 00.04 秒（180.04 秒），超过 3 分 00.0 秒（180 秒）" in s017.message
    assert "只超出 0.04 秒" in s017.hint


def test_video_exactly_one(tmp_path):
    assert errors(check(make_project(tmp_path / "none", video_seconds=None)), "S017")
    root = make_project(tmp_path / "two")
    (root / "videos" / "第二个.mp4").write_bytes((root / "videos" / "刀具快换夹具现场应用.mp4").read_bytes())
    assert "2 个视频" in errors(check(root), "S017")[0].message


# ---------------------------------------------------------------- attachments (附件2 八)

@pytest.mark.parametrize("present, missing_number", [
    (("2-一线证明及证书.pdf",), 1),
    (("1-提名书.pdf",), 2),
    ((), 1),
])
def test_each_required_attachment_missing(tmp_path, present, missing_number):
    found = errors(check(make_project(tmp_path / "p", attachments=present)), "S018")
    assert any(f"附件 {missing_number}" in f.message for f in found)


def test_attachments_by_keyword_and_optional_ones(tmp_path):
    root = make_project(tmp_path / "p", attachments=("江苏省五小项目提名书（盖章）.pdf", "一线职工证明+技能等级证书.pdf",
                                                     "5-其他证明材料.pdf", "4-媒体报道.pdf"))
    assert not findings_of(check(root), "S018") and not findings_of(check(root), "S019")


def test_split_attachment_and_unknown_file(tmp_path):
    root = make_project(tmp_path / "p", attachments=("1-提名书.pdf", "2-一线证明.pdf", "2-职称证书.pdf", "杂项.pdf"))
    result = check(root)
    assert "合并成一个 PDF" in errors(result, "S018")[0].message
    assert warnings(result, "S018")[0].file == "attachments/杂项.pdf"


@pytest.mark.parametrize("how", ["encrypted", "corrupt", "empty", "jpeg"])
def test_attachment_pdfs_are_opened_for_real(tmp_path, how):
    root = make_project(tmp_path / "p")
    target = root / "attachments" / "1-提名书.pdf"
    if how == "encrypted":
        make_pdf(target, password="secret")
    elif how == "corrupt":
        target.write_bytes(target.read_bytes()[:40])
    elif how == "empty":
        target.write_bytes(b"")
    else:
        target.unlink()
        make_jpeg(target)
    (f,) = errors(check(root), "S019")
    assert f.file == "attachments/1-提名书.pdf"
    assert {"encrypted": "密码", "corrupt": "无法作为 PDF", "empty": "空文件", "jpeg": "JPEG"}[how] in f.message
    assert not re.search(r"[a-z]{4,}", f.message)  # the reader's English words stay out of the Chinese


def test_a_photo_cut_short_is_said_in_chinese(tmp_path):
    root = make_project(tmp_path / "p")
    photo = root / "photos" / "before" / "实施前-1.jpg"
    photo.write_bytes(photo.read_bytes()[:-200])  # no end-of-image marker
    (f,) = [f for f in findings_of(check(root), "S016") if f.file == "photos/before/实施前-1.jpg"]
    assert "文件不完整" in f.message and "FFD9" not in f.message and "truncated" not in f.message, f.message


@pytest.mark.skipif(QPDF is None, reason="qpdf not installed (it writes the AES-256 PDF)")
def test_attachment_aes256_with_no_open_password_opens(tmp_path, monkeypatch):
    """AES-256 with an owner password only (Acrobat's "restrict editing") opens for anyone: pypdf would
    need `cryptography` for it, pdfium reads it. If pdfium is missing too, that is wuxiao's install fault."""
    root = make_project(tmp_path / "p")
    target = root / "attachments" / "1-提名书.pdf"
    plain = make_pdf(tmp_path / "plain.pdf", pages=2)
    target.unlink()
    make_pdf_aes256(target, plain)
    assert not findings_of(check(root), "S019")
    if any(importlib.util.find_spec(m) for m in ("cryptography", "Crypto")):
        return  # pypdf reads AES itself here: no library is missing
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 raises ImportError
    (f,) = errors(check(root), "S019")
    assert "wuxiao 的安装问题" in f.message and "损坏" not in f.message


@pytest.mark.parametrize("portraits, work, severity", [(2, 2, None), (1, 2, "error"), (2, 0, "error"),
                                                       (3, 2, "warning")])
def test_completer_photos_two_and_two(tmp_path, portraits, work, severity):
    found = findings_of(check(make_project(tmp_path / "p", portraits=portraits, work=work)), "S020")
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize("year, bad", [("2021", False), ("2021年", False), ("2021.05", False), ("2021年5月", False),
                                       ("21年", True), ("2099", True), ("去年", True)])
def test_award_year_in_the_ways_clerks_write_it(tmp_path, year, bad):
    """附件2 四 asks for a 年份 and gives no format: 2021年 is a year as much as 2021."""
    found = errors(form_only(tmp_path, honors=[{**AWARD, "year": year}]), "S008")
    assert bool(found) is bad


@pytest.mark.parametrize("value, bad", [("2023", False), ("2023年度", False), ("2023 年", False), ("２０２３年度", False),
                                        ("23年度", True), ("二〇二三", True)])
def test_cover_year_with_or_without_niandu(tmp_path, value, bad):
    assert bool(errors(form_only(tmp_path, year=value), "S005")) is bad


@pytest.mark.parametrize("key, value, rule", [("postcode", "２１０００９", "S004"), ("email", "Jszgkjcx＠163.com", "S003"),
                                              ("mobile", "１３８１２３４５６７８", "S002")])
def test_full_width_digits_from_a_chinese_ime_pass(tmp_path, key, value, rule):
    assert not errors(form_only(tmp_path, **{key: value}), rule)
