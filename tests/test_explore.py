"""The ipywidgets explorer: builds on real scores, redraws on a change, skipped when headless."""

from __future__ import annotations

import pytest

from stanceviz.explore import explorer, is_headless


@pytest.fixture(scope="module")
def scores():
    from pathlib import Path

    from stanceviz.pipeline import build_tables

    return build_tables(Path(__file__).resolve().parents[1] / "data" / "raw").scores


def test_explorer_widgets_and_redraw(scores, monkeypatch):
    import matplotlib.pyplot as plt

    drawn = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: drawn.append(plt.gcf().axes[0].get_title(loc="left")))
    box = explorer(scores, min_n=5, seed=0, n_boot=50)
    theme, grouping = box.children[0].children
    dimension, threshold = box.children[1].children
    assert set(theme.options) == set(scores["theme"]) and "speaker" in grouping.options
    assert drawn[-1] == f"{dimension.value} on {theme.value}"
    theme.value = "ukraine"
    dimension.value = "cooperation"
    assert drawn[-1] == "cooperation on ukraine"


def test_headless_detection(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("STANCEVIZ_HEADLESS", "1")
    assert is_headless()
    monkeypatch.setenv("STANCEVIZ_HEADLESS", "0")
    assert not is_headless()
