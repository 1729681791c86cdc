"""Every registered rule documents itself: ID, severity, clause, title, fix hint and docstring (STYLE §6)."""

import importlib
import re
from pathlib import Path

import pytest

from wuxiao_cli import rules
from wuxiao_cli.clauses import clause_text
from wuxiao_cli.profile import builtin_ids, load_profile
from wuxiao_cli.rules.base import Rule

ALL = list(rules.RULES.values())


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_is_documented(rule):
    assert re.fullmatch(r"[A-Z]\d{3}", rule.id)
    assert rule.severity in {"E", "W", "I", "E/W", "I/W", "W/E"}
    assert rule.clause.strip()
    assert rule.title.zh.strip() and rule.title.en.strip()
    assert rule.hint.zh.strip() and rule.hint.en.strip()
    assert len(rule.doc) > 20, f"{rule.id} needs a docstring saying what it enforces"
    assert rule.scope in {"project", "batch", "package", "archive"}


def test_clauses_of_national_rules_have_their_text():
    national = load_profile("national-2024")
    missing = [r.id for r in rules.for_profile(national) if clause_text(r.clause) is None]
    assert missing == []


def test_unknown_rule_fails_loudly():
    with pytest.raises(rules.UnknownRule):
        rules.get("Z999")
    for unknown in ("", "X001", "p"):  # no such family, or no number
        with pytest.raises(rules.UnknownRule):
            rules.get(unknown)
    assert rules.get("p005").id == "P005"


def test_every_rule_module_is_in_its_family():
    """The registry loads a family's modules on demand: a module missing from FAMILIES, or a rule with
    another letter or scope than its family's, would never be run."""
    modules = {p.stem for p in Path(rules.__file__).parent.glob("*.py")} - {"__init__", "base", "limits"}
    listed = [m for _scope, names in rules.FAMILIES.values() for m in names]
    assert sorted(listed) == sorted(modules)
    for letter, (scope, names) in rules.FAMILIES.items():
        for name in names:
            module = importlib.import_module(f"wuxiao_cli.rules.{name}")
            declared = [v for v in vars(module).values() if isinstance(v, Rule)]
            assert sorted(r.id for r in module.RULES) == sorted(r.id for r in declared), name  # none left out
            assert {(r.id[0], r.scope) for r in module.RULES} == {(letter, scope)}, name


def test_a_profile_gets_the_rules_of_its_families_in_every_scope():
    for profile_id in builtin_ids():
        profile = load_profile(profile_id)
        expected = [r for r in rules.RULES.values() if profile.enabled(r.id)]
        assert rules.for_profile(profile, scope=None) == expected
        for scope in ("project", "batch", "package", "archive"):
            assert rules.for_profile(profile, scope) == [r for r in expected if r.scope == scope]


def test_spec_rule_ids_are_all_registered():
    spec_ids = (
        [f"F{n:03d}" for n in (1, 2, 3, 10, *range(12, 28))]
        + [f"P{n:03d}" for n in range(1, 12)]
        + [f"V{n:03d}" for n in range(1, 10)]
        + [f"A{n:03d}" for n in range(1, 5)]
        + [f"D{n:03d}" for n in range(1, 4)]
    )
    assert [i for i in spec_ids if i not in rules.RULES] == []


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_builtin_profiles_load(profile_id):
    profile = load_profile(profile_id)
    assert profile.id == profile_id
    assert profile.form_schema.fields


# Plain ASCII words a clerk's Chinese text may hold: formats, programs and systems by their own names,
# the tool's commands, and the keys of nominator.toml it asks the clerk to write. Anything else of four
# letters or more is English prose that belongs in the docstring (the developer's note).
NAMES = {"ASCII", "AVC", "EXIF", "JFIF", "Photoshop", "JPEG", "HEIC", "HEVC", "MPEG", "QuickTime", "Excel", "Word", "Windows",
         "Office", "LibreOffice", "Microsoft", "Unicode", "Strict", "Open", "docx", "WinRAR", "Audacity", "HandBrake",
         "macOS", "Linux", "Mbit", "TOML", "JSON", "WebP", "TIFF", "High",  # H.264 High 10
         "unar", "bsdtar", "mmexport", "wuxiao", "check", "init", "pack", "verify", "quiz", "template", "fix",
         "name", "type", "date", "order", "summary", "filing", "publicity", "start", "end", "zipped"}
# File names, paths, options, e-mail addresses and codes: whatever has a dot, slash, @, _ or a leading --
FILE_LIKE = re.compile(r"[\w.~$@+:-]*[./@_][\w.~$@+:/-]*|--[\w-]+|`[^`]*`")
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_words(text: str) -> list[str]:
    """ASCII words of 4+ letters outside file names and the NAMES above: English prose."""
    return [w for w in re.findall(r"[A-Za-z]{4,}", FILE_LIKE.sub(" ", text)) if w not in NAMES]


def english_sentences(text: str) -> list[str]:
    """Runs of four or more ASCII words: an English phrase, whatever the words."""
    return re.findall(r"[A-Za-z][A-Za-z']*(?:[ ,;]+[A-Za-z][A-Za-z']*){3,}", FILE_LIKE.sub(" ", text))


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_says_in_chinese_how_it_is_judged(rule):
    """判断方法 (how=) is the clerk's account: Chinese, short, and not the docstring."""
    how = rule.under(load_profile("national-2024")).how
    assert how.strip(), f"{rule.id} needs how=…: 判断方法 in Chinese"
    assert english_words(how) == [], rule.id
    letters = FILE_LIKE.sub(" ", how)
    cjk, ascii_letters = len(CJK.findall(letters)), len(re.findall(r"[A-Za-z]", letters))
    assert cjk > ascii_letters, (rule.id, cjk, ascii_letters)  # mostly Chinese, names aside
    assert 1 <= len(re.findall(r"[。！？]", how)) <= 5, f"{rule.id}: 1–5 short sentences"
    assert how not in rule.doc


def test_the_word_check_catches_english():
    assert english_words("Names are compared after normalisation") == ["Names", "compared", "after", "normalisation"]
    assert english_words("把 photos/IMG_1234.jpg 用 Word 另存为 .docx，或 `wuxiao fix --dry-run`") == []
    assert english_sentences("PASS: a folder with only the materials.") != []
    assert english_sentences("用 Microsoft Excel 另存为 quizbank.xlsx") == []


def _explain(capsys, rule_id: str, profile_id: str, dev: bool = False, lang: str = "zh") -> str:
    from wuxiao_cli.cli.common import Lang
    from wuxiao_cli.cli.info import explain

    explain(rule_id, Lang(lang), profile_id, dev)
    return capsys.readouterr().out


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_explain_in_chinese_prints_user_text_only(capsys, profile_id):
    """For every rule under every profile: the six Chinese parts, no English sentence, no docstring."""
    profile = load_profile(profile_id)
    for rule in (r.under(profile) for r in ALL):
        out = _explain(capsys, rule.id, profile_id)
        labels = [line.split("：", 1)[0] for line in out.splitlines()[1:] if "：" in line]
        assert {"级别", "依据", "判断方法", "修改方法"} <= set(labels), (rule.id, labels)
        assert f"判断方法：{rule.how}" in out
        assert english_sentences(out) == [], (rule.id, profile_id)
        assert "开发者说明" not in out, rule.id
        assert [line for line in rule.doc.splitlines() if english_words(line) and line.strip() in out] == [], rule.id


def test_explain_dev_and_english_add_the_docstring(capsys):
    for rule in (r.under(load_profile("national-2024")) for r in ALL):
        dev = _explain(capsys, rule.id, "national-2024", dev=True)
        assert f"判断方法：{rule.how}" in dev and "开发者说明（英文）：" in dev and rule.doc in dev
        assert dev.index("修改方法：") < dev.index("开发者说明（英文）：")
        english = _explain(capsys, rule.id, "national-2024", lang="en")
        assert rule.doc in english and "判断方法" not in english and rule.title.en in english


@pytest.mark.parametrize("profile_id", builtin_ids())
def test_rules_list_is_chinese(capsys, profile_id):
    from wuxiao_cli.cli.common import Lang
    from wuxiao_cli.cli.info import list_rules

    list_rules(profile_id, Lang.zh)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(rules.for_profile(load_profile(profile_id), scope=None))
    assert [line for line in lines if english_words(line)] == []
    assert "packaging" not in "\n".join(lines)
