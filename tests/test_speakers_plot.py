"""Tests for stanceviz.plot.speaker_share_bars and stanceviz.speakers.speaker_shares."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from stanceviz import plot
from stanceviz.plot.speakers import OTHER
from stanceviz.speakers import NARRATOR_VOICE, speaker_shares


@pytest.fixture()
def table():
    return pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B", "B"],
            "voice": [NARRATOR_VOICE, "Kim", "Lee", NARRATOR_VOICE, "Kim", "Park"],
            "n_words": [50, 30, 20, 10, 60, 30],
        }
    )


def test_bars_stack_to_100_with_other_and_narrator_first(table):
    fig, ax = plt.subplots()
    try:
        plot.speaker_share_bars(table, top=2, ax=ax)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == [NARRATOR_VOICE, "Kim", OTHER]  # narrator leads, Lee + Park -> other
        widths = [p.get_width() for p in ax.patches]
        assert sum(widths[i] for i in (0, 2, 4)) == pytest.approx(100)  # bar A: 50 + 30 + 20
        assert widths[4] == pytest.approx(20) and widths[5] == pytest.approx(30)  # "other" for A and B
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
        assert "n = 100 words" in [t.get_text() for t in ax.texts]
    finally:
        plt.close(fig)


def test_bars_reject_unknown_columns(table):
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="'value' argument of speaker_share_bars must be a column"):
            plot.speaker_share_bars(table, value="words", ax=ax)
    finally:
        plt.close(fig)


def test_speaker_shares_counts_words_and_sentences():
    spans = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d"],
            "sent_no": [0, 0, 1],
            "text": ["It was", "a fine day, really", "Yes."],
            "speaker_name": ["Outlet X", "Kim", "Kim"],
            "attribution": ["narrator", "direct", "indirect"],
            "outlet": ["X", "X", "X"],
        }
    )
    out = speaker_shares(spans, by=("outlet", "voice"))
    kim = out[out["voice"] == "Kim"].iloc[0]
    assert (kim["n_spans"], kim["n_sentences"], kim["n_words"]) == (2, 2, 5)
    assert out["share"].sum() == pytest.approx(1.0)
    assert out.iloc[0]["voice"] == "Kim"  # sorted by words within the outlet
