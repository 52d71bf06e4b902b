"""Plots for the corpus and cleaning stages."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._checks import check_column_arg
from ._style import MISSING_COLOR, OKABE_ITO

__all__ = ["words_before_after", "removals_by_rule"]


def words_before_after(
    data: pd.DataFrame, *, label: str = "label", before: str = "words_raw", after: str = "words_clean",
    ax: Axes | None = None,
) -> Axes:
    """Horizontal paired bars: words per document before and after cleaning.

    Parameters
    ----------
    data
        One row per document (e.g. the ``per_doc`` table of :func:`stanceviz.clean.cleaning_summary`
        with a ``label`` column).
    label, before, after
        Columns with the document label and the two word counts.
    """
    for arg, col in (("label", label), ("before", before), ("after", after)):
        check_column_arg(data, col, func="words_before_after", arg=arg)
    ax = ax or plt.gca()
    y = np.arange(len(data))
    h = 0.38
    ax.barh(y - h / 2, data[before], height=h, color=MISSING_COLOR, label="raw")
    ax.barh(y + h / 2, data[after], height=h, color=OKABE_ITO[3], label="cleaned")
    for yi, b, a in zip(y, data[before], data[after]):
        ax.text(max(a, b), yi, f" −{b - a:,}", va="center", fontsize="x-small", color="0.25")
    ax.set_yticks(y, data[label])
    ax.invert_yaxis()
    ax.set_xlabel("Words per document")
    ax.legend(frameon=False, loc="center right")
    ax.margins(x=0.12)
    return ax


def removals_by_rule(
    data: pd.DataFrame, *, label: str = "label", rule: str = "rule", value: str = "words_removed",
    ax: Axes | None = None,
) -> Axes:
    """Stacked horizontal bars: how much each cleaning rule removed from each document.

    Parameters
    ----------
    data
        One row per document × rule (the ``per_rule`` table of
        :func:`stanceviz.clean.cleaning_summary` with a ``label`` column).
    value
        The quantity stacked (``words_removed``, ``chars_removed`` or ``n_edits``).
    """
    for arg, col in (("label", label), ("rule", rule), ("value", value)):
        check_column_arg(data, col, func="removals_by_rule", arg=arg)
    ax = ax or plt.gca()
    wide = data.pivot_table(index=label, columns=rule, values=value, aggfunc="sum", fill_value=0, sort=False)
    order = [c for c in wide.sum().sort_values(ascending=False, kind="stable").index if c != "other rules"]
    if "other rules" in wide.columns:  # the remainder of top_rules() goes last, in grey
        order.append("other rules")
    wide = wide.loc[:, order]
    left = np.zeros(len(wide))
    y = np.arange(len(wide))
    for i, col in enumerate(wide.columns):
        color = MISSING_COLOR if col == "other rules" else OKABE_ITO[i % len(OKABE_ITO)]
        ax.barh(y, wide[col].to_numpy(), left=left, height=0.6, color=color,
                label=str(col).replace("_", " "), edgecolor="white", linewidth=0.4)
        left += wide[col].to_numpy()
    ax.set_yticks(y, wide.index)
    ax.invert_yaxis()
    ax.set_xlabel(value.replace("_", " ").capitalize())
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5), title="Rule")
    return ax
