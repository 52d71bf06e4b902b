"""Keyness (log-odds ratio with an informative Dirichlet prior) and the comparison plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stanceviz import plot
from stanceviz.compare import keyness, top_levels


def _split(text):
    return text.lower().split()


def test_keyness_matches_monroe_formula_by_hand():
    data = pd.DataFrame({"who": ["a", "a", "b"], "text": ["peace peace war", "peace", "war war talks"]})
    out = keyness(data, "who", tokenizer=_split, prior=10.0, min_count=1, top_n=None)
    # corpus counts: peace 3, war 3, talks 1 (n = 7); alpha_w = 10 * count / 7
    a = {"peace": 30 / 7, "war": 30 / 7, "talks": 10 / 7}
    y_i, n_i = {"peace": 3, "war": 1}, 4
    y_j, n_j = {"peace": 0, "war": 2}, 3
    w = "peace"
    delta = (np.log((y_i[w] + a[w]) / (n_i + 10 - y_i[w] - a[w]))
             - np.log((y_j[w] + a[w]) / (n_j + 10 - y_j[w] - a[w])))
    se = np.sqrt(1 / (y_i[w] + a[w]) + 1 / (y_j[w] + a[w]))
    row = out[(out["group"] == "a") & (out["term"] == "peace")].iloc[0]
    assert row["delta"] == pytest.approx(delta) and row["se"] == pytest.approx(se)
    assert row["z"] == pytest.approx(delta / se) and row["rank"] == 1
    assert out[out["group"] == "b"].iloc[0]["term"] == "war"
    # a word absent from a group is not listed as distinctive of it
    assert not ((out["group"] == "b") & (out["term"] == "peace")).any()


def test_keyness_on_bundled_outlets(sents, clean_docs):
    data = sents.merge(clean_docs[["doc_id", "outlet"]], on="doc_id")
    out = keyness(data, "outlet", top_n=10)
    assert set(out["group"]) == set(clean_docs["outlet"])  # one-vs-rest for all four outlets
    assert (out.groupby("group")["rank"].min() == 1).all()
    deccan = out[out["group"] == "Deccan Chronicle (AP copy)"]["term"].tolist()
    assert "separatists" in deccan  # only the AP copy discusses the Donbas separatists


def test_keyness_needs_two_groups_and_columns():
    data = pd.DataFrame({"g": ["a"], "text": ["x y z"]})
    assert keyness(data, "g", tokenizer=_split, min_count=1).empty
    with pytest.raises(ValueError, match="must have the column"):
        keyness(data, "speaker")


def test_top_levels():
    data = pd.DataFrame({"s": ["b", "a", "a", "c", "b", "x"]})
    assert top_levels(data, "s", 2) == ["a", "b"]
    assert top_levels(data, "s", 3, exclude=("a",)) == ["b", "c", "x"]


def test_keyness_grid_and_slopegraph_artists():
    table = pd.DataFrame({"group": ["a", "a", "b"], "term": ["peace", "war", "talks"], "count": [3, 1, 1],
                          "z": [2.0, 0.5, 1.0], "rank": [1, 2, 1]})
    fig = plot.keyness_grid(table, n_terms=2, group_sizes={"a": 4, "b": 3})
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in axes] == ["a\n(n = 4 tokens)", "b\n(n = 3 tokens)"]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["war", "peace"]
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    slope = pd.DataFrame({"event": ["m", "j", "m", "j"], "outlet": ["A", "A", "B", "B"],
                          "mean": [0.1, 0.3, -0.2, 0.0], "n": [10, 12, 3, 8]})
    plot.slopegraph(slope, x="event", hue="outlet", order=["m", "j"], ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["m", "j"]
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1  # B's March point has n < 5
