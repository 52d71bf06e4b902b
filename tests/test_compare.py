"""compare.aggregate: group means, bootstrap CIs, counts, log-ratio, low-n flag, determinism."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stanceviz.compare import aggregate


def _table():
    return pd.DataFrame({
        "speaker": ["kerry"] * 6 + ["lavrov"] * 3,
        "theme": ["syria", "syria", "syria", "nato", "nato", "nato", "syria", "syria", "syria"],
        "dimension": ["tone"] * 9,
        "score": [0.6, 0.2, -0.2, -0.5, -0.4, 0.0, 0.3, 0.3, 0.3],
        "pos": [2.0, 1.0, 0.5, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
        "neg": [0.0, 0.0, 1.5, 2.0, 1.6, 0.0, 0.0, 0.0, 0.0],
    })


def test_columns_values_and_flags():
    out = aggregate(_table(), ["speaker", "theme"], "tone", n_boot=500, seed=0, min_n=3)
    assert list(out.columns) == ["speaker", "theme", "dimension", "mean", "ci_low", "ci_high", "n", "n_pos",
                                 "n_neg", "log_ratio", "low_n"]
    ks = out.set_index(["speaker", "theme"]).loc[("kerry", "syria")]
    assert ks["mean"] == pytest.approx(0.2)
    assert ks["n"] == 3 and ks["n_pos"] == 2 and ks["n_neg"] == 1
    assert ks["log_ratio"] == pytest.approx(math.log((3.5 + 0.5) / (1.5 + 0.5)))
    assert ks["ci_low"] <= ks["mean"] <= ks["ci_high"]
    assert not ks["low_n"]
    lv = out.set_index(["speaker", "theme"]).loc[("lavrov", "syria")]
    assert lv["ci_low"] == lv["ci_high"] == pytest.approx(0.3)  # no spread, no interval
    assert aggregate(_table(), "speaker", "tone", min_n=5)["low_n"].tolist() == [False, True]


def test_by_as_str_or_list_and_other_dimension_filtered():
    t = pd.concat([_table(), _table().assign(dimension="cooperation", score=1.0)])
    a = aggregate(t, "speaker", "tone", n_boot=100)
    b = aggregate(t, ["speaker"], "tone", n_boot=100)
    pd.testing.assert_frame_equal(a, b)
    assert a["n"].tolist() == [6, 3]
    assert aggregate(t, "speaker", "cooperation", n_boot=0)["mean"].tolist() == [1.0, 1.0]


def test_log_ratio_falls_back_to_counts():
    t = _table().drop(columns=["pos", "neg"])
    out = aggregate(t, "speaker", "tone", n_boot=0).set_index("speaker")
    assert out.loc["kerry", "log_ratio"] == pytest.approx(math.log((2 + 0.5) / (3 + 0.5)))


def test_deterministic_and_independent_of_other_groups():
    values = np.random.default_rng(0).uniform(-1, 1, 60)
    t = pd.DataFrame({"speaker": ["kerry"] * 30 + ["lavrov"] * 30, "dimension": "tone", "score": values})
    a = aggregate(t, "speaker", "tone", seed=7)
    b = aggregate(t, "speaker", "tone", seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = aggregate(t, "speaker", "tone", seed=8)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    only_kerry = aggregate(t[t.speaker == "kerry"], "speaker", "tone", seed=7)
    assert only_kerry.iloc[0]["ci_low"] == a.iloc[0]["ci_low"]


def test_errors():
    with pytest.raises(ValueError, match="must have the column\\(s\\) outlet"):
        aggregate(_table(), "outlet", "tone")
    with pytest.raises(ValueError, match="explicit integer seed"):
        aggregate(_table(), "speaker", "tone", seed=None)
    with pytest.raises(ValueError, match="at least one column"):
        aggregate(_table(), [], "tone")


def test_on_real_scores(sents, clean_docs):
    from stanceviz.stance import score_sentences

    scores = score_sentences(sents.merge(clean_docs[["doc_id", "outlet"]], on="doc_id"))
    out = aggregate(scores, ["outlet", "theme"], "cooperation", n_boot=300, seed=0)
    spanish = out[out.outlet.str.startswith("unidentified")].set_index("theme")
    assert set(spanish.index) == {"syria", "terrorism", "us_russia"}  # "joint U.S.Russian airstrikes"
    assert out["n"].sum() == (scores.dimension == "cooperation").sum()
    assert ((out.ci_low <= out["mean"] + 1e-12) & (out["mean"] <= out.ci_high + 1e-12)).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.floats(-1, 1)), min_size=1, max_size=30), st.integers(0, 10))
def test_properties(rows, min_n):
    t = pd.DataFrame(rows, columns=["g", "score"]).assign(dimension="tone")
    out = aggregate(t, "g", "tone", n_boot=50, seed=3, min_n=min_n)
    assert out["n"].sum() == len(t)
    assert (out["low_n"] == (out["n"] < min_n)).all()
    assert (out["n_pos"] + out["n_neg"] <= out["n"]).all()
    assert ((out["ci_low"] <= out["mean"] + 1e-9) & (out["mean"] <= out["ci_high"] + 1e-9)).all()
