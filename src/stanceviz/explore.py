"""An ipywidgets explorer of stance aggregates for JupyterLab users.

Headless runs (``stanceviz figures`` sets ``STANCEVIZ_HEADLESS=1``) skip it: :func:`is_headless`.
"""

from __future__ import annotations

import os

import pandas as pd

__all__ = ["explorer", "is_headless"]


def is_headless() -> bool:
    """True when notebooks run without a person at the screen (papermill, CI)."""
    return os.environ.get("STANCEVIZ_HEADLESS") == "1" or os.environ.get("CI") == "true"


def explorer(scores: pd.DataFrame, *, groupings: tuple[str, ...] = ("speaker", "outlet", "event"),
             min_n: int = 5, seed: int = 0, n_boot: int = 1000):
    """Widgets to pick theme, dimension, grouping and min_n, redrawing a dot-and-whisker plot.

    Returns the ipywidgets container (display it in a notebook cell).
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt

    from . import plot
    from .compare import aggregate

    groupings = tuple(g for g in groupings if g in scores.columns)
    theme = w.Dropdown(options=sorted(scores["theme"].unique()), description="Theme")
    dimension = w.ToggleButtons(options=sorted(scores["dimension"].unique()), description="Dimension")
    grouping = w.Dropdown(options=groupings, description="Group by")
    threshold = w.IntSlider(value=min_n, min=1, max=30, description="min n")
    out = w.Output()

    def redraw(*_):
        data = scores[scores["theme"] == theme.value]
        table = aggregate(data, grouping.value, dimension.value, n_boot=n_boot, seed=seed, min_n=threshold.value)
        with out:
            out.clear_output(wait=True)
            with plot.paper_style():
                fig, ax = plt.subplots(figsize=plot.figsize("single", 0.9))
                plot.stance_dotplot(table, y=grouping.value, min_n=threshold.value, ax=ax)
                ax.set_title(f"{dimension.value} on {theme.value}", loc="left")
                plt.show()

    for widget in (theme, dimension, grouping, threshold):
        widget.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([theme, grouping]), w.HBox([dimension, threshold]), out])
