"""Answer normalising (issue acceptance 4): every written form of a valid answer means one thing; nothing else is accepted."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuxiao_cli.quiz.answers import SEPARATORS, half_width, normalize_choice, parse_choice, parse_judgement

LETTERS = "ABCDEF"
SEPS = sorted(SEPARATORS - {"\r", "\n"})


def full_width(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0)


@st.composite
def written_answers(draw):
    """(the canonical answer, one way a clerk may write it): any order, case, width, separators."""
    letters = draw(st.sets(st.sampled_from(LETTERS), min_size=1))
    order = draw(st.permutations(sorted(letters)))
    parts = []
    for ch in order:
        ch = ch.lower() if draw(st.booleans()) else ch
        parts.append(full_width(ch) if draw(st.booleans()) else ch)
    seps = st.text(st.sampled_from(SEPS), max_size=2)
    written = draw(seps).strip() + "".join(p + draw(seps) for p in parts)
    return "".join(sorted(letters)), written


@given(written_answers())
def test_any_form_of_a_valid_answer_normalises_to_sorted_upper_letters(case):
    canonical, written = case
    assert normalize_choice(written) == canonical


@given(written_answers())
def test_only_the_canonical_form_needs_no_normalising(case):
    canonical, written = case
    assert parse_choice(written).canonical is (written.strip() == canonical)


@given(st.text(min_size=1))
def test_nothing_else_is_accepted(text):
    allowed = set(LETTERS + LETTERS.lower()) | {full_width(c) for c in LETTERS + LETTERS.lower()} | SEPARATORS
    has_letter = any(c in allowed - SEPARATORS for c in text)
    result = normalize_choice(text)
    if set(text) <= allowed | {c for c in text if c.isspace()} and has_letter:
        assert result is not None and set(result) <= set(LETTERS)
    else:
        assert result is None


@given(st.text(alphabet=string.ascii_uppercase[6:] + string.digits + "对错甲乙", min_size=1))
def test_letters_beyond_f_and_words_are_rejected(text):
    assert normalize_choice(text) is None
    assert normalize_choice("A" + text) is None


@pytest.mark.parametrize("written", ["ａｃ", "A,C", "CA", "a c", "A、C", "Ｃ，Ａ", " ac "])
def test_the_issues_forms_of_ac(written):
    assert normalize_choice(written) == "AC"


def test_repeats_are_counted_as_written():
    parsed = parse_choice("AA")
    assert (parsed.letters, parsed.written, parsed.canonical) == ("A", 2, False)


@pytest.mark.parametrize("written,meaning,exact", [
    ("对", "对", True), ("错", "错", True), (" 对 ", "对", True), ("正确", "对", False), ("√", "对", False),
    ("T", "对", False), ("true", "对", False), ("TRUE", "对", False), ("错误", "错", False), ("×", "错", False),
    ("F", "错", False), ("ｆ", "错", False),
])
def test_judgement_answers(written, meaning, exact):
    assert parse_judgement(written) == (meaning, exact)


@pytest.mark.parametrize("written", ["", "A", "对错", "不对", "?"])
def test_judgement_rejects_the_rest(written):
    assert parse_judgement(written) is None


def half_width_by_definition(text: str) -> str:
    """Each full-width ASCII form (U+FF01–U+FF5E) as its ASCII character, the ideographic space as a space."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else " " if c == "\u3000" else c for c in text)


MIXED = st.text(st.one_of(st.characters(), st.sampled_from("ＡｃＺ１，：（）？　～！｟￠汉字 a,")))


@given(MIXED)
def test_half_width_changes_the_full_width_forms_and_nothing_else(text):
    assert half_width(text) == half_width_by_definition(text)


@given(MIXED)
def test_nfkc_of_the_half_width_text_is_nfkc_of_the_text(text):
    # Q015 makes a question half-width before NFKC to spare the recomposition: it must not change the key
    assert unicodedata.normalize("NFKC", half_width(text)) == unicodedata.normalize("NFKC", text)
