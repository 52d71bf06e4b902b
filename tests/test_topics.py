"""Tests of stanceviz.topics (LDA) and stanceviz.plot.topics on the bundled corpus and adversarial input."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from stanceviz import plot  # noqa: E402
from stanceviz import topics as tp  # noqa: E402

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
THEMES = ["syria", "ukraine", "terrorism", "nagorno_karabakh", "us_russia"]


@pytest.fixture(scope="module")
def clean_docs():
    from stanceviz.clean import clean_corpus
    from stanceviz.corpus import load_corpus

    docs, _ = clean_corpus(load_corpus(RAW))
    return docs


@pytest.fixture(scope="module")
def units(clean_docs):
    return tp.prepare_units(clean_docs, "paragraph")


@pytest.fixture(scope="module")
def bow(units):
    return tp.bag_of_words(units)


@pytest.fixture(scope="module")
def model(bow):
    return tp.fit_lda(bow, 5, seed=0, passes=10, iterations=50)


@pytest.fixture(scope="module")
def seeds():
    return tp.theme_seeds(include=THEMES)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- units ------------------------

def test_topic_units_groups_sentences_into_paragraphs_with_majority_group_values():
    spans = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"],
        "para_no": [0, 0, 1, 0],
        "sent_no": [0, 1, 2, 0],
        "start": [0, 10, 40, 0],
        "end": [9, 38, 50, 5],
        "text": ["Short one", "A much longer sentence by B here", "Third", "Other"],
        "speaker": ["A", "B", "A", None],
    })
    out = tp.topic_units(spans, "paragraph")
    assert out["unit_id"].tolist() == ["a:p0", "a:p1", "b:p0"]
    assert out.loc[0, "text"] == "Short one A much longer sentence by B here"
    assert out.loc[0, "speaker"] == "B"  # B's sentence covers more characters
    assert (out.loc[0, "start"], out.loc[0, "end"]) == (0, 38)
    assert pd.isna(out.loc[2, "speaker"])
    assert out["n_chars"].tolist() == [len(t) for t in out["text"]]


def test_topic_units_turns_split_where_the_speaker_changes():
    spans = pd.DataFrame({
        "doc_id": ["d"] * 5, "start": [0, 5, 10, 15, 20],
        "text": ["q1", "a1", "a2", "q2", "a3"],
        "speaker": ["Q", "K", "K", "Q", "K"],
    })
    out = tp.topic_units(spans, "turn")
    assert out["text"].tolist() == ["q1", "a1 a2", "q2", "a3"]
    assert out["speaker"].tolist() == ["Q", "K", "Q", "K"]
    assert out["unit_id"].tolist() == ["d:t0", "d:t1", "d:t2", "d:t3"]


def test_topic_units_errors_name_the_missing_columns():
    with pytest.raises(ValueError, match="para_no.*segment.sentences"):
        tp.topic_units(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), "paragraph")
    with pytest.raises(ValueError, match="'unit'.*'paragraph'"):
        tp.topic_units(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), "chapter")


def test_prepare_units_carries_document_columns(units, clean_docs):
    assert len(units) > 100
    assert {"outlet", "event", "doc_id", "para_no"} <= set(units.columns)
    assert units["outlet"].nunique() == clean_docs["outlet"].nunique()
    assert units["unit_id"].is_unique


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=8))
def test_topic_units_keeps_every_nonblank_span_text(texts):
    spans = pd.DataFrame({"doc_id": "d", "para_no": 0, "sent_no": range(len(texts)), "text": texts})
    out = tp.topic_units(spans, "paragraph")
    assert len(out) == 1
    assert out.loc[0, "text"] == " ".join(t.strip() for t in texts if t.strip())


# ---------------------------------------------------------------- tokens -----------------------

def test_tokenizer_merges_alias_variants_and_drops_labels_and_stop_words():
    tok = tp.make_tokenizer()
    a = tok("SECRETARY KERRY: Sergei Lavrov said the U.S. and Russia's allies told us.")
    b = tok("Sergey Lavrov added that the United States won't leave.")
    assert a[0] == b[0] == "sergey_lavrov"
    assert "united_states" in a and "united_states" in b
    assert "russia" in a  # possessive dropped
    for stop in ("said", "told", "added", "secretary", "kerry", "won", "will", "t"):
        assert stop not in a + b
    plain = tp.make_tokenizer(aliases=False)
    assert plain("The UN bill") == ["un", "bill"]  # content words the base list would drop


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_tokenizer_never_returns_stop_words_or_digit_only_tokens(text):
    tok = tp.make_tokenizer()
    out = tok(text)
    assert all(t not in tok.stopwords and re.search(r"[^\W\d_]", t) and len(t) >= 2 for t in out)


def test_load_stopwords_edits_the_base_list():
    stop = tp.load_stopwords(extra=["kremlin"], keep=["said"])
    assert {"the", "secretary", "told", "kremlin"} <= stop
    assert not {"said", "bill", "un", "fire"} & stop


# ---------------------------------------------------------------- bag of words -----------------

def test_bag_of_words_on_bundled_corpus(bow, units):
    p = bow.params
    assert p["no_below"] == 2 and p["no_above"] == 0.5  # adapted to ~130 paragraph units
    assert p["n_units"] + p["n_units_dropped"] == len(units)
    vocab = bow.dictionary.token2id
    assert "cessation_of_hostilities" in vocab  # a gensim Phrases bigram
    assert "sergey_lavrov" in vocab and "said" not in vocab
    assert len(bow.corpus) == len(bow.units) == len(bow.tokens)
    assert bow.units["n_tokens"].min() >= 2


def test_terms_of_maps_seed_words_like_the_corpus(bow):
    assert bow.terms_of("Sergei Lavrov") == ["sergey_lavrov"]
    assert bow.terms_of("cessation of hostilities") == ["cessation_of_hostilities"]
    assert bow.terms_of("our two countries") == []  # never split into "countries"
    assert set(bow.terms_of("terror*")) >= {"terrorism", "terrorists"}
    assert bow.terms_of("t*") == []  # too short a stem


# ---------------------------------------------------------------- model ------------------------

def test_same_seed_gives_identical_topics_and_shares(bow):
    a = tp.fit_lda(bow, 4, seed=7, passes=5, iterations=50)
    b = tp.fit_lda(bow, 4, seed=7, passes=5, iterations=50)
    c = tp.fit_lda(bow, 4, seed=8, passes=5, iterations=50)
    pd.testing.assert_frame_equal(a.top_terms(10), b.top_terms(10))
    assert np.array_equal(a.share_matrix(), b.share_matrix())
    assert np.array_equal(a.topic_term_matrix(), b.topic_term_matrix())
    assert not np.array_equal(a.topic_term_matrix(), c.topic_term_matrix())
    again = a.share_matrix().copy()
    a._shares = None
    assert np.array_equal(a.share_matrix(), again)  # inference is re-seeded


def test_topic_model_tidy_getters(model):
    tt = model.top_terms(10)
    assert list(tt.columns) == ["topic", "label", "rank", "term", "weight"]
    assert len(tt) == 50 and tt.groupby("topic")["weight"].is_monotonic_decreasing.all()
    ut = model.unit_topics()
    assert list(ut.columns) == ["unit_id", "topic", "label", "share"]
    np.testing.assert_allclose(ut.groupby("unit_id")["share"].sum(), 1.0, atol=1e-9)
    labels = model.labels()
    assert labels[0].startswith("T0 ") and labels[0].count("·") == 2
    named = model.with_labels({0: "Syria talks"})
    assert named.labels()[0] == "Syria talks" and model.labels()[0] != "Syria talks"
    with pytest.raises(ValueError, match="topic indices"):
        model.with_labels({9: "x"})


def test_fit_lda_accepts_a_streamed_mmcorpus(tmp_path, bow):
    from gensim.corpora import MmCorpus

    path = tmp_path / "bow.mm"
    MmCorpus.serialize(str(path), bow.corpus)
    streamed = tp.fit_lda((bow.dictionary, MmCorpus(str(path))), 4, seed=3, passes=3, iterations=50)
    listed = tp.fit_lda((bow.dictionary, list(bow.corpus)), 4, seed=3, passes=3, iterations=50)
    assert streamed.top_term_lists(10) == listed.top_term_lists(10)
    np.testing.assert_allclose(streamed.share_matrix(), listed.share_matrix(), atol=1e-6)


def test_too_few_units_says_what_to_change(clean_docs):
    docs_units = tp.prepare_units(clean_docs, "document")
    with pytest.raises(tp.TopicInputError, match=r"5 units is too few for K=2.*unit='paragraph'"):
        tp.fit_lda(docs_units, 2)


def test_too_small_vocabulary_says_what_to_change():
    texts = ["alpha beta gamma", "beta gamma delta", "alpha delta gamma"] * 6
    with pytest.raises(tp.TopicInputError, match=r"vocabulary has 4 terms.*Lower no_below"):
        tp.fit_lda(texts, 3)


def test_bad_arguments_are_refused_before_gensim(bow):
    with pytest.raises(ValueError, match="integer >= 2"):
        tp.fit_lda(bow, 1)
    with pytest.raises(TypeError, match="one-shot iterator"):
        tp.fit_lda((bow.dictionary, (b for b in bow.corpus)), 3)
    with pytest.raises(ValueError, match="explicit integer seed"):
        tp.fit_lda(bow, 3, seed=None)
    with pytest.raises(tp.TopicInputError, match="0 units"):
        tp.bag_of_words([])


# ---------------------------------------------------------------- choosing K -------------------

def test_select_k_table_and_stability(bow):
    table = tp.select_k(bow, [2, 3], seeds=(0, 1), passes=3, iterations=30)
    assert list(table.columns) == ["k", "metric", "mean", "sd", "n"]
    assert set(table["metric"]) == {"c_v", "c_npmi", "u_mass", "stability"}
    assert sorted(table["k"].unique()) == [2, 3]
    cv = table.query("metric == 'c_v'")["mean"]
    assert cv.between(0, 1).all()
    assert (table.query("metric == 'u_mass'")["mean"] < 0).all()
    same = tp.select_k(bow, [3], seeds=(4, 4), passes=3, iterations=30, measures=("u_mass",))
    assert same.query("metric == 'stability'")["mean"].item() == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("abcdefghij")), min_size=3, max_size=3), min_size=2, max_size=4),
       st.randoms(use_true_random=False))
def test_topic_stability_is_one_for_permuted_copies_and_bounded(topics, rnd):
    shuffled = topics[:]
    rnd.shuffle(shuffled)
    assert tp.topic_stability([topics, shuffled], n=3) == pytest.approx(1.0)
    other = [list(reversed(t)) for t in topics[::-1]]
    s = tp.topic_stability([topics, other, shuffled], n=3)
    assert 0.0 <= s <= 1.0


# ---------------------------------------------------------------- seeded LDA -------------------

def test_seeded_eta_matrix(bow, seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        prior = tp.seeded_eta(bow, seeds, k=6, strength=4.0)
    vocab = bow.dictionary.token2id
    assert prior.matrix.shape == (6, len(vocab))
    j = vocab["ukraine"]
    assert prior.matrix[1, j] == 4.0 and prior.matrix[0, j] == pytest.approx(1 / 6 * 0.01)
    assert prior.matrix[5].max() == pytest.approx(1 / 6)  # unseeded topic stays symmetric (bar seed cuts)
    assert "kyiv" in prior.terms["ukraine"]
    assert "Aleppo" in prior.missing["syria"]
    with pytest.raises(tp.TopicInputError, match="none of the seed words"):
        tp.seeded_eta(bow, {"x": ["zzzz", "(a|b)*+"]}, k=3)
    with pytest.raises(tp.TopicInputError, match="at least as many topics"):
        tp.seeded_eta(bow, seeds, k=3)


def test_seeded_topics_contain_their_seed_terms_in_top_10(bow, seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        prior = tp.seeded_eta(bow, seeds, k=6)
    seeded = tp.fit_lda(bow, 6, seed=0, passes=10, iterations=50, eta=prior)
    plain = tp.fit_lda(bow, 6, seed=0, passes=10, iterations=50)
    rec_s = tp.seed_recovery(seeded, seeds)
    rec_u = tp.seed_recovery(plain, seeds)
    assert rec_s["topic"].tolist() == list(range(len(THEMES)))
    assert (rec_s["hits"] >= 1).all()  # every seeded topic has seed terms in its top 10
    assert rec_s["hit_share"].mean() >= 0.7
    assert rec_s["hit_share"].mean() > rec_u["hit_share"].mean()
    assert seeded.labels()[1].startswith("T1 ukraine:")
    cmp = tp.compare_topics(seeded, plain)
    assert len(cmp) == 36 and cmp["matched"].sum() == 6 and cmp["jaccard"].between(0, 1).all()


# ---------------------------------------------------------------- prevalence -------------------

def test_prevalence_means_match_shares_and_cis_bracket_them(model):
    prev = tp.prevalence(model, by=["outlet", "event"], n_boot=200, seed=1)
    assert list(prev.columns) == ["by", "group", "topic", "label", "mean", "ci_low", "ci_high", "n"]
    outlets = prev[prev["by"] == "outlet"]
    assert outlets["group"].nunique() >= 3
    shares = model.share_matrix()
    units = model.units
    g = outlets["group"].iloc[0]
    mask = (units["outlet"].astype(str) == g).to_numpy()
    row = outlets[(outlets["group"] == g) & (outlets["topic"] == 0)].iloc[0]
    assert row["mean"] == pytest.approx(shares[mask, 0].mean())
    assert row["n"] == mask.sum()
    assert (prev["ci_low"] <= prev["mean"] + 1e-12).all() and (prev["mean"] <= prev["ci_high"] + 1e-12).all()
    again = tp.prevalence(model, by=["outlet", "event"], n_boot=200, seed=1)
    pd.testing.assert_frame_equal(prev, again)
    with pytest.raises(ValueError, match="speakr"):
        tp.prevalence(model, by="speakr")


# ---------------------------------------------------------------- pyLDAvis ---------------------

def test_export_ldavis_is_offline(tmp_path, model):
    path = tp.export_ldavis(model, tmp_path / "vis" / "lda.html")
    page = path.read_text(encoding="utf-8")
    assert "new LDAvis(" in page and "d3js.org v5" in page  # d3 and LDAvis inlined
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']https?:", page)
    assert "cdn.jsdelivr" not in page
    assert '"topic.order": [1, 2, 3, 4, 5]' in page  # our topic order, not pyLDAvis's re-sorting


# ---------------------------------------------------------------- plots ------------------------

def test_plot_k_diagnostics_has_one_panel_per_metric():
    table = pd.DataFrame({
        "k": [2, 3, 2, 3, 2, 3], "metric": ["c_v", "c_v", "u_mass", "u_mass", "stability", "stability"],
        "mean": [0.4, 0.5, -2.0, -3.0, 0.9, 0.7], "sd": [0.01, 0.02, 0.1, 0.1, 0.0, 0.1], "n": [3, 3, 3, 3, 3, 3],
    })
    fig = plot.topic_k_diagnostics(table, chosen=3)
    axes = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title() for a in axes] == ["Coherence c_v", "Coherence u_mass", "Seed stability\n(mean matched Jaccard)"]
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2", "3"]


def test_plot_topic_terms_highlights_seed_terms(model):
    tt = model.top_terms(5)
    fig = plot.topic_terms(tt, highlight={tt["label"].iloc[0]: {tt["term"].iloc[0]}})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == tt["term"].iloc[0]  # top term on top
    colors = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colors) == 2 and len(ax.patches) == 5
    assert sum(a.get_visible() for a in fig.axes) == 5


def test_plot_prevalence_dots_and_heatmap(model):
    prev = tp.prevalence(model, by=["outlet", "event"], n_boot=50, seed=0)
    outlets = prev[prev["by"] == "outlet"]
    ax = plot.topic_prevalence_dots(outlets, min_n=1000)
    assert len(ax.collections) == 2 * outlets["group"].nunique()  # whiskers + dots per group
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert all("too few" in t and "n=" in t for t in legend)
    fig = plot.topic_prevalence_grid(prev)
    assert [a.get_title(loc="left") for a in fig.axes] == ["by outlet", "by event"]
    plt.figure()
    ax = plot.topic_prevalence_heatmap(outlets, annotate=True, min_n=5)
    assert len(ax.texts) == outlets[outlets["n"] >= 5].shape[0]
    assert all("(n=" in t.get_text() for t in ax.get_yticklabels())


def test_plot_seed_recovery_dots(model, bow, seeds):
    rec = tp.seed_recovery(model, seeds).assign(model="unseeded")
    rec2 = rec.assign(model="seeded", hit_share=1.0)
    ax = plot.topic_seed_recovery(pd.concat([rec, rec2]))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert [t.split(" (")[0] for t in ticks] == THEMES
    assert ticks[0] == f"syria ({rec['n_seed_terms'].iloc[0]} seed terms)"
    assert len(ax.collections) == 2
    with pytest.raises(ValueError, match="'x' argument"):
        plot.topic_seed_recovery(rec, x="nope")


# ---------------------------------------------------------------- helpers ----------------------

def test_suggest_k_follows_the_stated_rule():
    table = pd.DataFrame({
        "k": [2, 2, 4, 4, 6, 6],
        "metric": ["c_npmi", "stability"] * 3,
        "mean": [-0.20, 0.9, -0.05, 0.8, -0.10, 0.2],
    })
    assert tp.suggest_k(table) == 4  # z-scores: k=2 (-1.2+0.8), k=4 (+1.3+0.6), k=6 (+0.1-1.4)
    assert tp.suggest_k(table, metrics=("stability",)) == 2
    with pytest.raises(ValueError, match="c_v"):
        tp.suggest_k(table, metrics=("c_v",))


def test_relevance_ranking_pushes_down_frequent_terms(model):
    cfs = model.dictionary.cfs
    vocab = model.dictionary.token2id

    def mean_freq(tt):
        return np.mean([cfs[vocab[t]] for t in tt["term"]])

    by_prob = model.top_terms(10)
    by_rel = model.top_terms(10, relevance=0.3)
    assert mean_freq(by_rel) < mean_freq(by_prob)
    assert by_prob.groupby("topic")["weight"].is_monotonic_decreasing.all()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        model.top_terms(relevance=1.5)


def test_bag_of_words_sample_is_seeded_and_aligned(bow):
    a, b = bow.sample(40, seed=3), bow.sample(40, seed=3)
    assert a.units["unit_id"].tolist() == b.units["unit_id"].tolist()
    assert len(a.corpus) == len(a.tokens) == len(a.units) == 40
    i = bow.units["unit_id"].tolist().index(a.units["unit_id"].iloc[5])
    assert a.corpus[5] == bow.corpus[i] and a.tokens[5] == bow.tokens[i]
    pos = [bow.units["unit_id"].tolist().index(u) for u in a.units["unit_id"]]
    assert pos == sorted(pos)  # corpus order kept
    assert bow.sample(10_000) is bow


def test_prevalence_min_n_leaves_out_small_groups(model):
    full = tp.prevalence(model, by="outlet", n_boot=0, seed=0)
    sizes = full.groupby("group")["n"].first()
    cut = int(sizes.sort_values().iloc[1])  # drops the smallest group(s)
    kept = tp.prevalence(model, by="outlet", n_boot=0, seed=0, min_n=cut)
    assert set(kept["group"]) == set(sizes[sizes >= cut].index)
    assert (full["ci_low"] == full["mean"]).all()  # n_boot=0: no interval


def test_fit_lda_default_chunksize_is_recorded(model, bow):
    assert model.params["chunksize"] == 256  # one batch for ~130 units
    assert model.params["n_units"] == len(bow.corpus)


# ---------------------------------------------------------------- Markdown corpus --------------

_MD = """---
date: '2021-03-04'
title: "Press Briefing by Someone, March\\u00a04"
source_url: https://example.gov/briefing-room/x
tags: press-briefings
---
 
Room name  

     MS. SPEAKER:  Good afternoon.  The \\[sic\\] plan is
hard-wrapped <s>here</s>.   
  
Q    A question?
"""


def test_markdown_body_parses_front_matter_and_paragraphs():
    from stanceviz.topics_corpora import markdown_body

    meta, body = markdown_body(_MD)
    assert meta["date"] == "2021-03-04" and meta["tags"] == "press-briefings"
    assert body.split("\n\n") == [
        "Room name",
        "MS. SPEAKER: Good afternoon. The [sic] plan is hard-wrapped here.",
        "Q A question?",
    ]


def test_load_markdown_corpus_from_folder_and_archive(tmp_path):
    import tarfile

    from stanceviz.topics_corpora import load_markdown_corpus

    folder = tmp_path / "md" / "2021-03"
    folder.mkdir(parents=True)
    for i in range(3):
        (folder / f"2021-03-0{i + 1}-b.md").write_text(_MD.replace("2021-03-04", f"2021-03-0{i + 1}"), encoding="utf-8")
    archive = tmp_path / "md.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(tmp_path / "md", arcname="md")
    a = load_markdown_corpus(tmp_path / "md")
    b = load_markdown_corpus(archive)
    assert a["doc_id"].tolist() == b["doc_id"].tolist() == ["2021-03-01-b", "2021-03-02-b", "2021-03-03-b"]
    assert a["text"].tolist() == b["text"].tolist()
    assert b.loc[0, "outlet"] == "example.gov" and b.loc[0, "event"] == "2021-03"
    assert str(b["date"].dtype).startswith("datetime64")
    s1, s2 = load_markdown_corpus(archive, n=2, seed=5), load_markdown_corpus(archive, n=2, seed=5)
    assert len(s1) == 2 and s1["doc_id"].tolist() == s2["doc_id"].tolist()
    with pytest.raises(FileNotFoundError):
        load_markdown_corpus(tmp_path / "nope")


# ---------------------------------------------------------------- notebooks --------------------

@pytest.mark.slow
def test_briefings_notebook_skips_cleanly_without_the_archive(tmp_path):
    import papermill as pm

    nb_dir = Path(__file__).resolve().parents[1] / "notebooks"
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(nb_dir / "04b_topics_briefings.ipynb"), str(out), cwd=str(nb_dir), kernel_name="python3",
                        parameters={"BRIEFINGS": str(tmp_path / "absent.tar.xz"), "OUT_DIR": str(tmp_path / "fig")},
                        progress_bar=False)
    text = out.read_text(encoding="utf-8")
    assert text.count("Skipped: the press-briefing archive") >= 6
    assert not (tmp_path / "fig").exists()
