"""Target-windowed stance scoring on real sentences of the bundled corpus, and its plots."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stanceviz import plot
from stanceviz.compare import aggregate
from stanceviz.lexicons import default_lexicons
from stanceviz.stance import evidence_table, kwic, score_sentences, score_span
from stanceviz.themes import load_themes, salience

PUTIN = ("I would like to emphasise once again that terrorism can be defeated only through joint efforts,")
PESKOV = ("According to him, the exchange of information in this area \"is present, but still, unfortunately, "
          "we are not much closer to real cooperation in order to increase the effectiveness of efforts to "
          "combatting terrorism in Syria\".")


def span(text, target, dimension="tone", window="clause"):
    i = text.index(target)
    return score_span(text, i, i + len(target), dimension, window)


def test_terrorism_defeated_through_joint_efforts_is_cooperative():
    text = "terrorism can be defeated only through joint efforts"
    assert span(text, "terrorism", "cooperation") > 0.5
    # "defeated" acts against a negative target: not negative talk about terrorism
    assert span(text, "terrorism", "tone") == 0.0
    assert span(PUTIN, "terrorism", "cooperation") > 0.5


def test_not_much_closer_to_real_cooperation_is_not_cooperative():
    assert span("we are not much closer to real cooperation", "we", "cooperation") < 0
    assert span(PESKOV, "terrorism", "cooperation") < -0.3
    assert span(PESKOV, "Syria", "cooperation") < -0.3


@pytest.mark.parametrize(
    ("positive", "negative", "target", "dimension"),
    [
        ("Syria is a peaceful place.", "Syria is not a peaceful place.", "Syria", "tone"),
        ("Kiev will cooperate.", "Kiev won't cooperate.", "Kiev", "cooperation"),
        ("Kiev will cooperate.", "Kiev will never cooperate.", "Kiev", "cooperation"),
        ("They agreed on Ukraine.", "They did not agree on Ukraine.", "Ukraine", "cooperation"),
        ("Kiev acted with cooperation.", "Kiev acted without cooperation.", "Kiev", "cooperation"),
    ],
)
def test_negation_flips_sign(positive, negative, target, dimension):
    assert span(positive, target, dimension) > 0 > span(negative, target, dimension)


def test_none_of_us_will_ever_be_intimidated():
    text = "What is certain is that none of us will ever be intimidated by the forces that seek to terrorize nations."
    assert span(text, "terrorize", "tone") > 0  # "intimidated" (-1.9) is negated


@pytest.mark.parametrize("word", ["terrorism", "Syria", "NATO", "Ukraine", "ISIL", "Nagorno-Karabakh", "terrorist attack"])
def test_a_theme_word_alone_scores_zero(word):
    for dim in ("tone", "cooperation"):
        assert score_span(word, 0, len(word), dim) == 0.0


def test_theme_terms_never_score_even_for_other_themes():
    # "terrorist" (VADER -3.7) is a terrorism term, so it is no evidence about Syria
    text = "The terrorist presence in Syria."
    assert span(text, "Syria", "tone") == 0.0


def test_but_contrast_and_windows():
    text = "The talks on Syria were difficult, but the ceasefire is holding and we have real progress."
    clause = span(text, "Syria", "tone")
    sentence = span(text, "Syria", "tone", "sentence")
    assert clause < 0 < sentence  # the clause sees "difficult"; the sentence weighs the part after "but" x1.5
    assert span(text, "Syria", "tone", 1) == 0.0  # "difficult" is 2 tokens away
    assert span(text, "Syria", "tone", 2) < 0


def test_proper_noun_nice_does_not_score():
    text = "The terrorist attack in Nice killed 84 people."
    res = score_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    words = [e["word"] for e in res[res.dimension == "tone"].iloc[0]["evidence"]]
    assert "Nice" not in words and "killed" in words


def test_title_case_headline_still_scores():
    head = "Kerry And Putin Agree On Peace Roadmap For Syria"
    assert span(head, "Syria", "cooperation") > 0 and span(head, "Syria", "tone") > 0
    assert span("Kerry and Putin agree on peace roadmap for Syria", "Syria", "tone") > 0


def test_boosters_raise_magnitude():
    assert span("Syria talks were very constructive", "Syria") > span("Syria talks were constructive", "Syria") > 0


def test_score_span_validates_arguments():
    with pytest.raises(ValueError, match="'dimension' argument of score_span"):
        score_span("Syria", 0, 5, "tonality")
    with pytest.raises(ValueError, match="'window' argument"):
        score_span("Syria", 0, 5, "tone", "paragraph")
    with pytest.raises(ValueError, match="start <= end"):
        score_span("Syria", 3, 99)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(["not", "very", "peace", "war", "agree", "accuse", "Syria", "no", "but",
                                    "terrorism", "killed", "joint", "never", ",", ";", "cooperation", "hardly"]),
                   min_size=1, max_size=40),
    dimension=st.sampled_from(["tone", "cooperation"]),
    window=st.sampled_from(["clause", "sentence", 0, 3]),
)
def test_scores_stay_in_bounds(words, dimension, window):
    text = " ".join(words)
    s = score_span(text, 0, len(words[0]), dimension, window)
    assert -1.0 <= s <= 1.0


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(sorted(w for w, v in default_lexicons()["tone"].words.items() if abs(v) >= 1.0 and w.isalpha())))
def test_negation_flips_any_lexicon_word(word):
    plain = span(f"Ukraine is {word}.", "Ukraine")
    negated = span(f"Ukraine is not {word}.", "Ukraine")
    if plain != 0:  # a word can also be a theme term or a counter verb
        assert math.copysign(1, plain) == -math.copysign(1, negated)


@pytest.fixture(scope="module")
def scores(sents, clean_docs):
    data = sents.merge(clean_docs[["doc_id", "outlet", "event"]], on="doc_id")
    return score_sentences(data)


def test_score_sentences_contract(scores):
    assert list(scores.columns[:5]) == ["doc_id", "sent_no", "span_no", "speaker", "outlet"]
    assert {"para_no", "event", "theme", "dimension", "score", "n_hits", "pos", "neg", "evidence", "target"} <= set(scores.columns)
    assert set(scores["dimension"]) == {"tone", "cooperation"}
    # one row per sentence x theme x dimension
    assert not scores.duplicated(["doc_id", "sent_no", "span_no", "theme", "dimension"]).any()
    assert scores["score"].between(-1, 1).all()
    assert (scores["speaker"] == "unknown").all()
    # the 202 labelled pairs of tests/data/gold_stance.csv + 5 repeated in 004's intro
    assert scores.drop_duplicates(["doc_id", "sent_no", "theme"]).shape[0] == 207


def test_evidence_explains_every_score(scores):
    for rec in scores.itertuples():
        weights = [e["weight"] for e in rec.evidence]
        raw = sum(weights)
        assert rec.pos - rec.neg == pytest.approx(raw, abs=1e-3)
        assert rec.n_hits == sum(w != 0 for w in weights)
        expected = raw / math.sqrt(raw * raw + 15) if raw else 0.0
        assert rec.score == pytest.approx(expected, abs=1e-3)
        assert rec.n_hits > 0 or rec.score == 0


def test_real_sentences_in_the_table(scores):
    s = scores.set_index(["doc_id", "sent_no", "theme", "dimension"])["score"]
    peskov = s[("000_53d2993802687308", 28, "terrorism", "cooperation")]
    putin = s[("000_53d2993802687308", 6, "terrorism", "cooperation")]
    odds = s[("002_3c2d6e3cc76a8ab9", 7, "us_russia", "cooperation")]  # "have been at odds over Syria"
    assert putin > 0.5 and peskov < -0.3 and odds < -0.5


def test_speaker_spans_are_accepted_and_columns_carried():
    spans = pd.DataFrame({
        "doc_id": ["d", "d"], "para_no": [0, 0], "sent_no": [3, 3], "span_no": [0, 1], "start": [0, 20],
        "end": [20, 60], "text": ["Kerry said", "the talks on Syria were constructive"],
        "speaker": ["narrator", "john_kerry"], "speaker_name": ["", "John Kerry"], "speaker_side": ["", "US"],
        "attribution": ["none", "quote"], "outlet": ["X", "X"],
    })
    out = score_sentences(spans)
    assert len(out) == 2  # one theme x two dimensions, second span only
    assert set(out["speaker"]) == {"john_kerry"} and set(out["span_no"]) == {1}
    assert {"speaker_name", "speaker_side", "attribution", "para_no"} <= set(out.columns)


def test_empty_and_missing_text():
    out = score_sentences(pd.DataFrame({"doc_id": ["a", "b"], "text": [None, ""]}))
    assert len(out) == 0 and "score" in out.columns
    with pytest.raises(ValueError, match="must have the column"):
        score_sentences(pd.DataFrame({"doc": ["a"]}))


def test_kwic_and_evidence_table(sents, scores):
    lines = kwic(sents, "nato", window=4)
    assert len(lines) == 9  # 8 sentences, one with two mentions
    first = lines.iloc[0]
    assert first.keyword == "Nato" and first.right.startswith("against Russia")
    with pytest.raises(ValueError, match="'theme' argument of kwic"):
        kwic(sents, "narnia")
    ev = evidence_table(scores)
    assert {"word", "weight", "negated", "position"} <= set(ev.columns) and "evidence" not in ev.columns
    assert len(ev) == sum(len(e) for e in scores["evidence"])


# ------------------------------------------------------------------ plots


def _agg():
    return pd.DataFrame({"speaker": ["a", "a", "b", "b"], "theme": ["syria", "nato", "syria", "nato"],
                         "mean": [0.5, -0.4, 0.1, 0.9], "ci_low": [0.2, -0.7, -0.2, 0.8],
                         "ci_high": [0.7, -0.1, 0.3, 1.0], "n": [10, 7, 2, 6]})


def test_stance_heatmap_greys_low_n_and_annotates():
    fig, ax = plt.subplots()
    plot.stance_heatmap(_agg(), row="speaker", col="theme", min_n=5, ci_low="ci_low", ci_high="ci_high", ax=ax)
    assert len(ax.collections) == 2  # colour mesh + grey mesh for n < min_n
    texts = [t.get_text() for t in ax.texts]
    assert "n=2" in texts  # the low-n cell shows only its n
    assert "+0.50\n[0.2, 0.7]\nn=10" in texts
    assert "-0.40\n[-0.7, -0.1]\nn=7" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["syria", "nato"]
    cbar_ax = fig.axes[-1]
    assert cbar_ax.get_ylabel() == "mean"


def test_stance_heatmap_centres_the_map_at_zero():
    fig, ax = plt.subplots()
    plot.stance_heatmap(_agg(), row="speaker", col="theme", value="mean", ax=ax)
    norm = ax.collections[0].norm
    assert norm.vmin == -1 and norm.vmax == 1 and norm(0.0) == pytest.approx(0.5)


def test_stance_dotplot_marks_low_n():
    fig, ax = plt.subplots()
    plot.stance_dotplot(_agg(), y="theme", x="mean", hue="speaker", min_n=5, ax=ax)
    assert len(ax.collections) == 4  # one point per group
    hollow = [c for c in ax.collections if tuple(c.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0)]
    assert len(hollow) == 1
    assert sorted(t.get_text() for t in ax.texts) == ["n=10", "n=2", "n=6", "n=7"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "n < 5"]


def test_plot_errors_name_the_column():
    with pytest.raises(ValueError, match="'value' argument of stance_heatmap must be a column of data; got 'avg'"):
        plot.stance_heatmap(_agg(), row="speaker", col="theme", value="avg")


def test_salience_heatmap(sents, clean_docs):
    data = sents.merge(clean_docs[["doc_id", "outlet"]], on="doc_id")
    fig, ax = plt.subplots()
    plot.salience_heatmap(salience(data, "outlet"), ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(lab.startswith("Newsroom24x7 (n=") for lab in labels)
    assert all(t.get_text().endswith("%") for t in ax.texts)


def test_aggregate_feeds_heatmap(scores):
    agg = aggregate(scores, ["outlet", "theme"], "tone", n_boot=200, seed=1)
    fig, ax = plt.subplots()
    plot.stance_heatmap(agg, row="outlet", col="theme", ax=ax)
    assert len(ax.get_yticklabels()) == agg["outlet"].nunique()
    assert np.isfinite(agg["mean"]).all()


def test_strongest_evidence_on_speaker_spans(sents, clean_docs):
    from stanceviz.speakers import attribute
    from stanceviz.stance import strongest_evidence

    spans = attribute(sents, clean_docs)
    scores = score_sentences(spans)
    table = strongest_evidence(scores, spans, ["speaker_name", "theme"], "cooperation", top=2, per_cell=2, min_n=5)
    assert list(table.columns[:2]) == ["speaker_name", "theme"]
    assert table.groupby(["speaker_name", "theme"]).ngroups == 2
    assert (table["cell_n"] >= 5).all()
    # rows pull in the direction of their cell, and every row names its words
    assert (np.sign(table["score"]) == np.sign(table["cell_mean"])).all()
    assert table["evidence"].str.contains(r"\([+-]\d").all()
    assert (table["keyword"] != "").all()
    top = table.iloc[0]
    assert abs(top.cell_mean) >= abs(table.iloc[-1].cell_mean)
