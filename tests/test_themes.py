"""Theme lexicons: matching on the bundled corpus, aliases, user files, salience."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stanceviz.config import ConfigError
from stanceviz.themes import load_themes, mentions, salience


def _themes(text):
    return sorted({m.theme for m in load_themes().find(text)})


def test_package_themes_cover_the_issue_list():
    ts = load_themes()
    assert {"syria", "ukraine", "terrorism", "nato", "iran", "nagorno_karabakh", "libya", "turkey",
            "us_russia"} <= set(ts.ids)
    assert ts.themes["terrorism"].negative_target
    assert not ts.themes["syria"].negative_target
    assert ts.label("us_russia") == "US–Russia relations"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was referring to the Al Qaedalinked Jabhat alNusra in Syria.", ["syria", "terrorism"]),
        ("the Russia-Nato Council after a long interval", ["nato"]),
        ("the stalled implementation of the Minsk peace agreements", ["ukraine"]),
        ("the co-chairs of Minsk", ["nagorno_karabakh"]),
        ("Today Libya is a den of terrorism.", ["libya", "terrorism"]),
        ("The US and Russia remain divided over some key issues", ["us_russia"]),
        ("the situation in Russian-US relations remains uneasy", ["us_russia"]),
        ("Kiev insists it can't hold the vote", ["ukraine"]),
        ("A man ate turkish delight with Assad's envoy", ["syria", "turkey"]),
        ("Russia and France discussed trade.", []),
    ],
)
def test_theme_matching(text, expected):
    assert _themes(text) == expected


def test_mentions_carry_offsets_and_surface():
    text = "The Syrian army and ISIL fighters; Syria's future."
    ms = load_themes().find(text)
    assert [(m.theme, m.surface) for m in ms] == [("syria", "Syrian"), ("terrorism", "ISIL"), ("syria", "Syria")]
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_theme_counts_on_bundled_corpus(sents):
    table = mentions(sents)
    per_theme = table.drop_duplicates(["doc_id", "sent_no", "theme"]).groupby("theme").size()
    # counted by reading the five articles (sentence x theme pairs, tests/data/gold_stance.csv has
    # them all except the repeated intro of 004)
    assert per_theme["syria"] >= 60
    assert per_theme["terrorism"] >= 60
    assert per_theme["ukraine"] >= 20
    assert per_theme["nato"] == 8
    assert per_theme["libya"] == 5
    assert set(table.columns) >= {"doc_id", "sent_no", "speaker", "outlet", "theme", "start", "end", "surface"}
    assert (table["speaker"] == "unknown").all()


def test_user_theme_file_and_escaping(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text('themes:\n  odd:\n    label: Odd\n    terms: ["a.c", "(x+)+"]\n    globs: ["tru*"]\n',
                 encoding="utf-8")
    ts = load_themes(p)
    # terms are token sequences, never patterns: "." is no wildcard, "+" no repetition
    assert [m.surface for m in ts.find("abc a.c xx (x+)+ truce trust")] == ["a.c", "(x+)", "truce", "trust"]


def test_bad_theme_file(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("themes:\n  empty: {label: E}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="themes.empty"):
        load_themes(p)
    p.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'themes' mapping"):
        load_themes(p)


def test_salience_shares(sents, clean_docs):
    data = sents.merge(clean_docs[["doc_id", "outlet"]], on="doc_id")
    sal = salience(data, "outlet")
    assert list(sal.columns) == ["outlet", "theme", "n_mentioning", "n_total", "share"]
    assert len(sal) == data["outlet"].nunique() * len(load_themes())
    assert sal["share"].between(0, 1).all()
    nr = sal[(sal.outlet == "Newsroom24x7") & (sal.theme == "turkey")].iloc[0]
    assert nr.n_mentioning == 6  # five transcript questions/answers + one answer on Turkey
    spanish = sal[sal.outlet.str.startswith("unidentified")].set_index("theme")
    assert spanish.loc["ukraine", "n_mentioning"] == 0
    assert spanish.loc["terrorism", "share"] > 0.5


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Syria ISIL nato-Ukraine’s '\n*+.()")), max_size=80))
def test_find_never_fails_and_offsets_are_true(text):
    for m in load_themes().find(text):
        assert text[m.start:m.end] == m.surface


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Syria", "syrian", "ISIS", "IS", "is", "the", "US", "and", "Russia", "Russian-US",
                                 "relations", "al-Nusrah", "alNusra", "Minsk", "agreements", "co-chairs", "of",
                                 "U.S.", "-", ",", "’s", "Nato", "NATO", "Kyiv", "two", "our", "countries",
                                 "terrorize", "anti-terrorism", "x"]), max_size=12))
def test_prefilter_never_drops_a_mention(words):
    from stanceviz.lexicons import tokenize

    text = " ".join(words)
    ts = load_themes()
    assert ts.find(text) == ts.find_tokens(text, tokenize(text))


def test_sentences_of_the_corpus_match_with_and_without_prefilter(sents):
    from stanceviz.lexicons import tokenize

    ts = load_themes()
    for text in sents["text"]:
        assert ts.find(text) == ts.find_tokens(text, tokenize(text))
