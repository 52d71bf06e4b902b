"""Lexicon loaders: YAML, VADER via importlib, LIWC .dic, Lexicoder .lc3, modifiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stanceviz.config import ConfigError
from stanceviz.lexicons import (
    Lexicon,
    default_lexicons,
    load_lexicon,
    load_lexicoder_lc3,
    load_liwc_dic,
    load_modifiers,
    load_vader,
    term_tokens,
)


def test_vader_lexicon_comes_from_the_vadersentiment_package():
    vader = load_vader()
    assert vader.word_weight("terrorism") == pytest.approx(-3.6)
    assert vader.word_weight("peace") == pytest.approx(2.5)
    assert len(vader.words) > 7000


def test_overlay_overrides_and_removes_vader_entries():
    tone = default_lexicons()["tone"]
    assert tone.word_weight("ceasefire") == pytest.approx(1.5)  # added by the overlay
    assert tone.word_weight("violations") == pytest.approx(-2.4)
    assert tone.word_weight("like") == 0  # VADER's +1.5 removed: not an evaluation in news
    assert tone.match(["good", "evening"], 0) == (0.0, 2)  # courtesy formula consumed, scores 0
    assert tone.match(["good", "faith"], 0) == (pytest.approx(1.9), 1)


def test_cooperation_dictionary_globs_and_phrases():
    coop = default_lexicons()["cooperation"]
    assert coop.word_weight("cooperation") == 3.0
    assert coop.word_weight("cooperating") == 3.0  # glob cooperat*
    assert coop.word_weight("agreements") == 2.5  # glob agree*
    assert coop.word_weight("accuses") < 0
    assert coop.match(["at", "odds", "over"], 0) == (-3.0, 2)
    assert coop.match(["joint", "efforts"], 0) == (3.0, 2)  # the phrase wins over the word


def test_tokens_split_clitics_hyphens_and_keep_abbreviations():
    lows = [t.lower for t in term_tokens("Kiev can't; the U.S. and Mr. Lavrov’s cease-fire")]
    assert lows == ["kiev", "ca", "n't", ";", "the", "u.s.", "and", "mr.", "lavrov", "'s", "cease", "fire"]


def test_yaml_lexicon_rejects_bad_weights(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_text("name: x\ndimension: tone\ngroups:\n  - why: w\n    terms: {good: 9}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"-4\.\.\+4"):
        load_lexicon(p)
    p.write_text("name: x\ngroups:\n  - terms: [a, b]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="groups\\[0\\]"):
        load_lexicon(p)


def test_user_terms_are_data_not_regex(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_text('name: x\ndimension: tone\ngroups:\n  - terms: {"(a+)+$": -2, "c.t": 1}\n', encoding="utf-8")
    lex = load_lexicon(p)
    assert lex.word_weight("cat") is None  # "." is not a wildcard
    assert lex.match(["aaaa"], 0) is None


def test_liwc_dic_loader(tmp_path):
    p = tmp_path / "mini.dic"
    p.write_text("%\n1\tposemo\n2\tnegemo\n%\nhappy\t1\nabandon*\t2\nmixed\t1\t2\n", encoding="utf-8")
    lex = load_liwc_dic(p, {"posemo": 2.0, "negemo": -2.0})
    assert lex.word_weight("happy") == 2.0
    assert lex.word_weight("abandoned") == -2.0
    assert lex.word_weight("mixed") is None  # +2 and -2 cancel: no entry
    with pytest.raises(ConfigError, match="not in the file"):
        load_liwc_dic(p, {"anger": -1})


def test_lexicoder_lc3_loader(tmp_path):
    p = tmp_path / "lsd.lc3"
    p.write_text("+negative\nabandon*\nat odds\n+positive\nably\n+neg_positive\nnot good\n", encoding="utf-8")
    lex = load_lexicoder_lc3(p)
    assert lex.word_weight("abandonment") == -2.0
    assert lex.match(["at", "odds"], 0) == (-2.0, 2)
    assert lex.match(["not", "good"], 0) == (-2.0, 2)
    assert lex.word_weight("ably") == 2.0
    bad = tmp_path / "bad.lc3"
    bad.write_text("orphan\n+negative\nx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        load_lexicoder_lc3(bad)


def test_modifiers_from_yaml():
    mods = load_modifiers()
    assert {"not", "n't", "never", "no", "without"} <= mods.negators
    assert ("none", "of", "us") in mods.negation_phrases
    assert mods.boosters["very"] > 0 > mods.boosters["slightly"]
    assert mods.is_counter("defeated") and not mods.is_counter("agreed")


def test_unknown_rule_is_an_error(tmp_path):
    src = load_modifiers.__globals__["load_yaml"]("lexicon_modifiers.yaml")
    src["rules"]["negaton_scope"] = 3
    import yaml

    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(src), encoding="utf-8")
    with pytest.raises(ConfigError, match="negaton_scope"):
        load_modifiers(p)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_have_true_offsets(text):
    for t in term_tokens(text):
        assert text[t.start:t.end] == t.text
        assert t.lower


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), st.floats(-4, 4), max_size=20))
def test_from_terms_never_raises(terms):
    lex = Lexicon.from_terms(terms, name="h", dimension="tone")
    for term in terms:
        for t in term_tokens(term):
            lex.word_weight(t.lower)
