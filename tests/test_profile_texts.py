"""Every text that states a limit states the profile's: rule titles, 判断方法 and hints (`rules`, `explain`,
a finding's default hint), the quiz template, init's README and quizbank.xlsx, and the codecs a profile names.

The 2025 profile here is the one a union's IT person writes for a new notice (notes/explore-author.md):
5 photos, a 3-minute 1280×720 video, 30 questions, 成果简介 up to 600 字.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.conftest import REPO
from tests.factories import make_mp4
from tests.media_helpers import of, put
from tests.quiz_helpers import project as quiz_project
from tests.quiz_helpers import quiz_findings, valid_rows
from wuxiao_cli import rules
from wuxiao_cli.engine import Options, check_project, stamp
from wuxiao_cli.findings import Problem
from wuxiao_cli.media.image import whole_dpi
from wuxiao_cli.profile import builtin_ids, load_profile
from wuxiao_cli.rules.limits import PLACEHOLDER, limits
from wuxiao_cli.text import T

NATIONAL = load_profile("national-2024")


def profile_2025(folder, **videos):
    """national-2024 with the 2025 numbers (and ``videos`` overrides), its own form schema beside it."""
    data = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    data["id"] = "national-2025"
    data["photos"]["min_count"] = 5
    data["videos"] |= {"max_seconds": 180, "width": 1280, "height": 720, **videos}
    data["quiz"]["min_questions"] = 30
    form = json.loads((REPO / "schemas" / data["form"]["schema"]).read_text(encoding="utf-8"))
    form["properties"]["summary"]["zishu"] = {"min": 300, "max": 600}
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    (folder / data["form"]["schema"]).write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    path = folder / "national-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def texts(rule) -> str:
    return "\n".join((rule.title.zh, rule.title.en, rule.hint.zh, rule.hint.en, rule.how))


@pytest.mark.parametrize("profile_id", [*builtin_ids(), "2025"])
def test_no_rule_text_keeps_a_placeholder(tmp_path, profile_id):
    profile = load_profile(str(profile_2025(tmp_path)) if profile_id == "2025" else profile_id)
    left = {r.id: PLACEHOLDER.findall(texts(r.under(profile))) for r in rules.RULES.values()}
    assert {k: v for k, v in left.items() if v} == {}


def test_the_default_profile_reads_as_before():
    said = {rid: rules.get(rid).under(NATIONAL) for rid in ("P002", "P005", "P009", "Q004", "V001", "V004", "V005",
                                                              "V009", "F018", "F020")}
    assert said["P002"].title.zh == "照片少于 3 张" and "2 张为错误，3 张通过" in said["P002"].how
    assert "118 点/厘米 = 299.72 dpi，取整为 300，通过；117 点/厘米 = 297.18 dpi，不通过；EXIF 记 299.5 通过、299.4 不通过。" \
        in said["P005"].how
    assert said["P009"].title.zh == "像素尺寸太小，300 dpi 印刷不清晰（短边不足 1200 像素）" and "1200 像素约 10 厘米" in said["P009"].how
    assert said["Q004"].hint.zh == "补足题目：文字材料和视频各出一部分题，合计不少于 20 道" and "19 道不通过，20 道通过" in said["Q004"].how
    assert said["V001"].hint.zh == "新建 videos 文件夹，放入成果视频（MP4，1920×1080，5 分钟以内）"
    assert said["V004"].title.zh == "画面不是 1920×1080（按旋转后的显示方向）" and said["V004"].hint.zh == "按 1080p（1920×1080）横屏导出"
    assert "1280×720 分辨率太低，3840×2160（4K）超过 1080p" in said["V004"].how
    assert said["V005"].title.zh == "视频超过 5 分钟（300.0 秒）" and said["V005"].hint.zh.startswith("剪辑到 5 分钟以内：")
    assert "超过 300 秒（5 分钟）为错误。299.9 秒、正好 300.0 秒通过；300.04 秒、300.1 秒不通过。" in said["V005"].how
    assert said["V009"].title.zh == "码率低于 2 Mbit/s，达不到 1080p“高清画质”" and "8 Mbit/s 左右（1080p 常用值）" in said["V009"].hint.zh
    assert "500 字通过，501 字为错误" in said["F018"].how and "49 字或 151 字给警告" in said["F020"].how


def test_rules_and_explain_state_the_numbers_the_profile_enforces(cli, tmp_path):
    path = str(profile_2025(tmp_path))
    listed = cli("rules", "--profile", path).stdout
    for title in ("照片少于 5 张", "题目少于 30 道", "视频超过 3 分钟（180.0 秒）", "成果简介超过 600 字", "画面不是 1280×720"):
        assert title in listed, title
    assert "照片少于 3 张" not in listed and "题目少于 20 道" not in listed and "1920×1080" not in listed
    explained = {rid: cli("explain", rid, "--profile", path).stdout for rid in ("V005", "P002", "Q004", "F018", "V004", "V009")}
    assert "超过 180 秒（3 分钟）为错误。179.9 秒、正好 180.0 秒通过；180.04 秒、180.1 秒不通过。" in explained["V005"]
    assert "修改方法：剪辑到 3 分钟以内" in explained["V005"]
    assert "不少于 5 张：4 张为错误，5 张通过" in explained["P002"]
    assert "29 道不通过，30 道通过" in explained["Q004"] and "合计不少于 30 道" in explained["Q004"]
    assert "600 字通过，601 字为错误" in explained["F018"] and "控制在 600 字以内" in explained["F018"]
    assert "正好 1280×720 通过" in explained["V004"] and "修改方法：按 1280×720 横屏导出" in explained["V004"]
    assert "1080p" not in explained["V004"] + explained["V009"]


def test_a_limit_not_in_whole_minutes_is_said_in_seconds(tmp_path):
    v005 = rules.get("V005").under(load_profile(str(profile_2025(tmp_path, max_seconds=150))))
    assert v005.title.zh == "视频超过 150.0 秒" and v005.hint.zh.startswith("剪辑到 150 秒以内：")
    assert "超过 150 秒为错误。149.9 秒、正好 150.0 秒通过" in v005.how


def test_dpi_examples_fall_either_side_of_the_profiles_line():
    said = limits(NATIONAL.__class__({**NATIONAL.data, "photos": {**NATIONAL.data["photos"], "min_dpi": 350}}, "t"))
    passing, failing = (int(part.split(" 点/厘米")[0].split("，")[-1]) for part in said["dpi_examples"].split("；")[:2])
    assert whole_dpi(passing * 2.54) >= 350 > whole_dpi(failing * 2.54) and failing == passing - 1
    assert "EXIF 记 349.5 通过、349.4 不通过" in said["dpi_examples"]


def test_finding_hints_agree_with_their_messages(tmp_path):
    profile = load_profile(str(profile_2025(tmp_path / "p")))
    long_hd = tmp_path / "long"
    put(long_hd, "videos/跟刀架-现场演示.mp4", "hd-200s.mp4", make_mp4, seconds=200, audio=False)
    found = check_project(long_hd, profile).findings
    (v005,) = of(found, "V005")
    assert "超过 3 分 00.0 秒（180 秒）" in v005.message and v005.hint.startswith("剪辑到 3 分钟以内")
    (v004,) = of(found, "V004")
    assert "（超过 1280×720）" in v004.message and v004.hint == "导出时把分辨率设为 1280×720" and "1080" not in v004.hint
    bank = quiz_project(tmp_path / "quiz", valid_rows(22))
    (q004,) = of(quiz_findings(bank, profile), "Q004")
    assert "30" in q004.message and q004.hint.endswith("合计不少于 30 道")
    # and the default hint of any rule, as the engine stamps it
    assert stamp(rules.get("P001"), Problem(T("缺少")), profile, Options()).hint.startswith("新建 photos 文件夹，放入至少 5 张")


def test_portrait_and_small_videos_are_told_the_profiles_size(tmp_path):
    profile = load_profile(str(profile_2025(tmp_path / "p")))
    folder = tmp_path / "small"
    put(folder, "videos/跟刀架-现场演示.mp4", "320x180-1s.mp4", make_mp4, width=320, height=180, seconds=1)
    (v004,) = of(check_project(folder, profile).findings, "V004")
    assert "按 1280×720 重新导出" in v004.hint and "1080p" not in v004.hint + v004.message


@pytest.mark.parametrize("written", ["H264", "h.264", "AVC1", "H.264/AVC"])
def test_a_profile_may_write_h264_as_people_do(tmp_path, written):
    path = profile_2025(tmp_path / "p", codecs=[written])
    folder = tmp_path / "v"
    put(folder, "videos/跟刀架-现场演示.mp4", "h264-1s.mp4", make_mp4, width=1280, height=720, seconds=1)
    assert of(check_project(folder, load_profile(str(path))).findings, "V006") == []
    put(folder, "videos/另一个.mp4", "hevc-1s.mp4", make_mp4, width=1280, height=720, seconds=1, codec="hevc")
    assert [f.file for f in of(check_project(folder, load_profile(str(path))).findings, "V006")] == ["videos/另一个.mp4"]


def guide(path) -> dict[str, str]:
    return {name: text for name, text in openpyxl.load_workbook(path)["填写说明"].iter_rows(min_row=2, values_only=True)}


def test_quiz_template_states_the_profiles_question_count(cli, tmp_path):
    path = profile_2025(tmp_path / "p")
    custom = cli("quiz", "template", str(tmp_path / "q25.xlsx"), "--profile", str(path))
    assert custom.returncode == 0 and "（不少于 30 道）" in custom.stdout
    said = guide(tmp_path / "q25.xlsx")
    assert said["数量"].startswith("每项成果不少于 30 道题") and f"--profile {path.resolve()}" in said["检查"]
    default = cli("quiz", "template", str(tmp_path / "q.xlsx"))
    assert "（不少于 20 道）" in default.stdout
    assert guide(tmp_path / "q.xlsx")["检查"] == "填好后运行：wuxiao check 项目文件夹（或 wuxiao quiz check quizbank.xlsx）。"


def test_init_with_a_relative_profile_path_writes_it_absolute(cli, tmp_path):
    profile_2025(tmp_path / "p2025")
    made = cli("init", "新成果", "--profile", "p2025/national-2025.json", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    readme = (tmp_path / "新成果" / "README.txt").read_text(encoding="utf-8-sig")
    absolute = tmp_path.resolve() / "p2025" / "national-2025.json"
    assert f"wuxiao check 本文件夹 --profile {absolute}" in readme and "p2025/national-2025.json\r" not in readme
    assert f"规则集文件 {absolute} 请保留" in readme
    said = guide(tmp_path / "新成果" / "quizbank.xlsx")
    assert said["数量"].startswith("每项成果不少于 30 道题") and f"--profile {absolute}" in said["检查"]


def test_init_and_v001_say_the_profiles_video_limits(tmp_path):
    from wuxiao_cli.scaffold import readme_text

    profile = load_profile(str(profile_2025(tmp_path / "p", max_seconds=150)))
    assert "1280×720 横屏，150 秒以内" in readme_text(profile)
    (tmp_path / "empty" / "videos").mkdir(parents=True)
    (v001,) = of(check_project(tmp_path / "empty", profile).findings, "V001")
    assert v001.hint == "在已有的 videos/ 文件夹中放入成果视频（MP4，1280×720，150 秒以内）"


def test_folders_renamed_by_the_profile_are_named_so_in_every_text(tmp_path):
    """A re-test renamed the layout to 01-照片, 02-视频…: P001 said 缺少 01-照片/ but its hint 新建 photos 文件夹."""
    data = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    data["id"] = "national-2025"
    renamed = {"photos": "01-照片", "videos": "02-视频", "audio": "03-音频", "authorization": "04-授权书"}
    data["layout"] |= renamed
    data["aliases"] = {k: v for k, v in data["aliases"].items() if k not in renamed}
    path = tmp_path / "national-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    prof = load_profile(str(path))
    (tmp_path / "p").mkdir()
    found = check_project(tmp_path / "p", prof).findings
    for rule_id, folder in (("P001", "01-照片"), ("V001", "02-视频"), ("A001", "03-音频"), ("S021", None)):
        hits = [f for f in found if f.rule == rule_id]
        if folder is None or not hits:
            continue
        assert f"缺少 {folder}/" in hits[0].message and folder in hits[0].hint, (rule_id, hits[0])
    for r in rules.for_profile(prof, scope=None):
        shown = r.under(prof)
        text = " ".join([shown.title.zh, shown.hint.zh, shown.how])
        for role in renamed:
            assert f"{role}/" not in text and f"新建 {role} " not in text, (r.id, text)
    p001 = next(r for r in rules.for_profile(prof, scope=None) if r.id == "P001").under(prof)
    assert "（01-照片/）" in p001.how  # no aliases left: none listed


def test_photo_size_texts_state_the_profiles_byte_limits(tmp_path):
    """A re-test set 0.5 MB and 20 MiB: the checks used them, but P006/P007 in rules/explain/docs said 1 MB,
    10 MB and the 2024 byte counts, and the warning said 只在十进制下…才算 1 MB under a 0.5 MB floor."""
    from tests.factories import make_jpeg

    data = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    data["id"] = "national-2025"
    data["photos"] |= {"min_bytes": 500_000, "soft_min_bytes": 524_288, "max_bytes": 20_971_520,
                       "soft_max_bytes": 20_000_000}
    path = tmp_path / "national-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    prof = load_profile(str(path))
    p006, p007 = (rules.get(rid).under(prof) for rid in ("P006", "P007"))
    assert p006.title.zh == "照片小于 0.5 MB（低于 500,000 字节为错误；500,000–524,287 字节为警告）"
    assert "例如 499,999 字节为错误，500,000 字节为警告" in p006.how
    assert p007.title.zh == "照片大于 20 MB（超过 20,971,520 字节为错误；20,000,001–20,971,520 字节为警告）"
    assert "10 MB" not in p007.how and "1 MB" not in p006.how
    assert rules.get("P006").under(NATIONAL).title.zh == \
        "照片小于 1 MB（低于 1,000,000 字节为错误；1,000,000–1,048,575 字节为警告）"  # as before

    photo = make_jpeg(tmp_path / "p" / "photos" / "正面.jpg", width=400, height=300)
    assert photo.stat().st_size < 510_000
    with photo.open("ab") as fh:  # into the warning band: 510,000 bytes
        fh.write(b"\0" * (510_000 - photo.stat().st_size))
    warned = [f for f in check_project(tmp_path / "p", prof).findings if f.rule == "P006"]
    assert [f.severity for f in warned] == ["warning"]
    assert "只有按 0.5 MB = 500,000 字节算才够" in warned[0].message and "1 MB" not in warned[0].message


def test_init_states_photo_sizes_as_written_and_the_quiz_template_command_with_the_profile(tmp_path):
    """A re-test: init's README said 每张 0–10 MB for a 0.5 MB floor, and `wuxiao quiz template` without the
    profile (which makes a 20-question template under a 30-question notice)."""
    from wuxiao_cli.ops import init_project

    data = json.loads((REPO / "schemas/profiles/national-2024.json").read_text(encoding="utf-8"))
    data["id"] = "national-2025"
    data["photos"] |= {"min_bytes": 500_000, "max_bytes": 20_971_520}
    data["quiz"]["min_questions"] = 30
    path = tmp_path / "规则" / "national-2025.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    init_project(tmp_path / "新成果", load_profile(str(path)))
    readme = (tmp_path / "新成果" / "README.txt").read_text(encoding="utf-8")
    assert "每张 0.5–20 MB" in readme
    assert f"wuxiao quiz template quizbank.xlsx --profile {path.resolve()}" in readme
    init_project(tmp_path / "默认", NATIONAL)
    readme = (tmp_path / "默认" / "README.txt").read_text(encoding="utf-8")
    assert "每张 1–10 MB" in readme and "`wuxiao quiz template quizbank.xlsx`" in readme
