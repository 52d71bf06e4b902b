"""Validation against the hand-labelled gold set and the sentence-level VADER baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stanceviz.validate import evaluate, load_gold, macro_f1, predict, to_labels


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_gold_set_contract(gold, sents):
    assert len(gold) >= 120
    assert set(gold.columns) >= {"pair_id", "doc_id", "theme", "target", "start", "end", "tone", "cooperation",
                                 "split", "text"}
    assert set(gold["tone"]) <= {-1, 0, 1} and set(gold["cooperation"]) <= {-1, 0, 1}
    assert not gold["pair_id"].duplicated().any()
    # the split is by document: no document on both sides
    assert gold.groupby("doc_id")["split"].nunique().max() == 1
    assert set(gold["split"]) == {"dev", "test"}
    for rec in gold.itertuples():
        assert rec.text[rec.start:rec.end] == rec.target
    # every gold sentence is a sentence of the bundled corpus
    corpus = set(zip(sents["doc_id"], sents["text"]))
    assert all((d, t) in corpus for d, t in zip(gold["doc_id"], gold["text"]))


def test_metrics_by_hand():
    assert macro_f1([1, 0, -1], [1, 0, -1]) == 1.0
    # class 1: tp=1 fp=1 fn=0 -> 2/3; class 0: tp=0 -> 0; class -1: tp=1 -> 1
    assert macro_f1([1, 0, -1], [1, 1, -1]) == pytest.approx((2 / 3 + 0 + 1) / 3)
    assert to_labels([0.05, 0.051, -0.2, 0.0]).tolist() == [0, 1, -1, 0]


def test_evaluate_table(gold):
    res = evaluate(gold)
    assert list(res.columns) == ["dimension", "split", "method", "n", "macro_f1", "accuracy", "spearman"]
    assert set(res["split"]) == {"all", "dev", "test"}
    assert len(res) == 2 * 3 * 2
    allrows = res[res.split == "all"].set_index(["dimension", "method"])
    assert allrows.loc[("tone", "stanceviz"), "n"] == len(gold)


def test_stanceviz_beats_sentence_vader_on_both_dimensions_and_splits(gold):
    res = evaluate(gold).set_index(["dimension", "split", "method"])["macro_f1"]
    for dim in ("tone", "cooperation"):
        for split in ("dev", "test"):
            assert res[(dim, split, "stanceviz")] > res[(dim, split, "vader_sentence")], (dim, split)
    # cooperation: the baseline cannot see relations at all
    assert res[("cooperation", "test", "stanceviz")] - res[("cooperation", "test", "vader_sentence")] > 0.1


def test_predict_uses_theme_mentions_or_span(gold):
    row = gold[gold.pair_id == "000/6:terrorism"]
    p = predict(row, "cooperation")
    assert p["stanceviz"].iloc[0] > 0.5 and p["vader_sentence"].iloc[0] < 0  # the example
    # without a theme column the start/end span is the target
    q = predict(row.drop(columns=["theme"]), "cooperation")
    assert q["stanceviz"].iloc[0] > 0.5
    # without any target the whole sentence is scored
    free = pd.DataFrame({"text": ["The talks were constructive."], "tone": [1]})
    assert predict(free, "tone")["stanceviz"].iloc[0] > 0


def test_evaluate_errors(gold):
    with pytest.raises(ValueError, match="must be -1, 0 or \\+1"):
        evaluate(gold.assign(tone=gold["tone"] * 2), "tone")
    with pytest.raises(ValueError, match="must have the column"):
        evaluate(gold.drop(columns=["tone"]), "tone")


def test_rows_without_label_are_skipped(gold):
    g = gold.copy()
    g.loc[g.index[:10], "cooperation"] = np.nan
    res = evaluate(g, "cooperation", split_column=None)
    assert res["n"].tolist() == [len(g) - 10] * 2
