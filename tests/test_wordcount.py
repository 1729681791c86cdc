"""字数 counting (SPEC §2.2): the way Word's 字数 statistic counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wuxiao_cli.wordcount import count_zi

EXAMPLES = [
    ("小孔大背面结构件自动折叠反刮刀具的开发应用", 21),  # the seed's own example
    ("冲击频率 ≥ 1765 次/min", 8),  # 冲击频率 4 + ≥ + 1765 + 次 + /min
    ("冲击频率≥1765次/min", 7),  # 冲击频率 4 + ≥1765 + 次 + /min
    ("转速≥410r/min", 3),
    ("使用 Python 3.11 编写", 6),
    ("使用Python3.11编写", 5),
    ("PLC控制系统", 5),
    ("0.01mm级支承调整", 6),
    ("效率提高20%以上", 7),
    ("Hello, world!", 2),
    ("“教学名师”称号。", 9),
    ("，。！？；：（）【】《》、…—", 15),
    ("ＡＢＣ１２３", 6),  # full-width letters and digits count one each
    ("ｶﾀｶﾅ", 4),  # half-width katakana are kana
    ("ひらがなカタカナ한국어", 11),
    ("𠀀𪚥", 2),  # CJK extension B
    ("a\tb\nc\r\nd\u3000e\u00a0f\u2003g", 7),
    (" \t\n\r\u3000\u00a0\u2028\u2009 ", 0),
    ("\ufeff成果", 2),  # a BOM is invisible
    ("中\u200b文", 2),  # so is a zero-width space
    ("co\u00adoperate", 1),  # a soft hyphen does not split a word
    ("", 0),
    (None, 0),
]


@pytest.mark.parametrize(("text", "n"), EXAMPLES)
def test_examples(text, n):
    assert count_zi(text) == n


def test_nfd_text_counts_like_nfc():
    assert count_zi("café résumé") == count_zi("cafe\u0301 re\u0301sume\u0301") == 2


# --------------------------------------------------------------------------- properties

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CJK_PUNCT = st.sampled_from(list("，。！？；：、（）【】《》“”‘’…—"))
WHITESPACE = st.sampled_from([" ", "\t", "\n", "\r", "\u3000", "\u00a0", "\u2003", "\u2009", "\u2028", "\x0b", "\x0c"])
ASCII_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1)
MIXED = st.text(
    alphabet=st.one_of(HAN, CJK_PUNCT, WHITESPACE, st.sampled_from(list("abcXYZ0189./%-≥μ°"))), max_size=60)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_space_joins_add_up(a, b):
    assert count_zi(a + " " + b) == count_zi(a) + count_zi(b)


@settings(max_examples=100, deadline=None)
@given(MIXED, HAN)
def test_every_han_character_adds_exactly_one(text, ch):
    n = count_zi(text)
    assert count_zi(text + ch) == n + 1
    assert count_zi(ch + text) == n + 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(HAN, CJK_PUNCT), max_size=30), st.data())
def test_whitespace_between_cjk_changes_nothing(chars, data):
    spaced = "".join(ch + data.draw(st.text(alphabet=WHITESPACE, max_size=3)) for ch in chars)
    assert count_zi(spaced) == count_zi("".join(chars)) == len(chars)


@settings(max_examples=100, deadline=None)
@given(ASCII_WORD)
def test_a_run_of_ascii_letters_and_digits_counts_one(word):
    assert count_zi(word) == 1
    assert count_zi(f"中{word}文") == 3


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_never_negative_and_at_most_the_visible_characters(text):
    n = count_zi(text)
    assert 0 <= n <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=WHITESPACE))
def test_whitespace_only_is_zero(text):
    assert count_zi(text) == 0


@settings(max_examples=100, deadline=None)
@given(MIXED)
def test_whitespace_runs_do_not_matter(text):
    """Collapsing or widening whitespace never changes the count."""
    assert count_zi(" ".join(text.split())) == count_zi(text)
    assert count_zi("\n\u3000".join(text.split())) == count_zi(text)
