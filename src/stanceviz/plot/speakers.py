"""Plots for the speakers stage (see stanceviz.plot)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._checks import check_column_arg
from ._style import MISSING_COLOR, OKABE_ITO

__all__ = ["speaker_share_bars"]

#: Label of the bar segment that collects the voices beyond ``top``.
OTHER = "Other speakers"


def speaker_share_bars(
    data: pd.DataFrame,
    *,
    y: str = "outlet",
    hue: str = "voice",
    value: str = "n_words",
    top: int | None = 6,
    hue_order: list[str] | None = None,
    unit: str = "words",
    lead: tuple[str, ...] = ("Outlet (narrator)", "narrator"),
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Horizontal 100 % stacked bars: the share of each voice in each group (e.g. outlet).

    Parameters
    ----------
    data
        A tidy table, e.g. :func:`stanceviz.speakers.speaker_shares`; rows are summed over
        ``y`` × ``hue``.
    y
        Column with one bar per level (outlet).
    hue
        Column whose levels are stacked (voice, attribution …).
    value
        Column with the quantity (n_words, n_sentences …).
    top
        Keep the ``top`` levels of ``hue`` with the largest total and put the rest into one
        grey "Other speakers" segment; None keeps all.
    hue_order
        The levels to show, in order (colours follow the Okabe–Ito order); the rest go to the
        grey segment and ``top`` is ignored. Default: by total, largest first.
    lead
        Levels drawn first (leftmost, first colour) when present: the narrator, so that the
        outlet's own voice has the same place and colour in every figure.
    unit
        Word for the total printed at the end of each bar ("n = 1,234 words").
    ax
        Axes to draw on (default: the current Axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for arg, col in (("y", y), ("hue", hue), ("value", value)):
        check_column_arg(data, col, func="speaker_share_bars", arg=arg)
    ax = ax or plt.gca()
    wide = data.pivot_table(index=y, columns=hue, values=value, aggfunc="sum", fill_value=0, sort=False)
    totals = wide.sum().sort_values(ascending=False, kind="stable")
    if hue_order is not None:
        keep = [h for h in hue_order if h in wide.columns]
    else:
        ranked = [h for h in lead if h in wide.columns] + [h for h in totals.index if h not in lead]
        keep = ranked if top is None else ranked[:top]
    rest = [h for h in wide.columns if h not in keep]
    if rest:
        wide[OTHER] = wide[rest].sum(axis=1)
        wide = wide.drop(columns=rest)
        keep = [*keep, OTHER]
    wide = wide[keep]
    n = wide.sum(axis=1)
    pct = wide.div(n.where(n > 0), axis=0).fillna(0) * 100
    yy = np.arange(len(pct))
    left = np.zeros(len(pct))
    colors = {h: OKABE_ITO[i % (len(OKABE_ITO) - 1)] for i, h in enumerate(h for h in keep if h != OTHER)}
    colors[OTHER] = MISSING_COLOR
    kw = {"height": 0.62, "edgecolor": "white", "linewidth": 0.5, **kwargs}
    for h in keep:
        vals = pct[h].to_numpy()
        ax.barh(yy, vals, left=left, color=colors[h], label=str(h), **kw)
        for yi, lo, v in zip(yy, left, vals):
            if v >= 9:  # label segments wide enough to hold the number
                dark = h in (OTHER,) or colors[h] in ("#F0E442", "#E69F00", "#56B4E9")
                ax.text(
                    lo + v / 2,
                    yi,
                    f"{v:.0f}",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="black" if dark else "white",
                )
        left += vals
    for yi, total in zip(yy, n.to_numpy()):
        ax.text(101, yi, f"n = {int(total):,} {unit}", va="center", ha="left", fontsize="x-small", color="0.25")
    ax.set_yticks(yy, [str(v) for v in pct.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"Share of {unit} (%)")
    ax.legend(
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22),
        ncol=min(4, len(keep)),
        title=hue.replace("_", " ").capitalize(),
    )
    return ax
