"""Comparative plots: keyness panels for any number of groups, slopegraphs between two events."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .._checks import check_column_arg
from ._style import MISSING_COLOR, OKABE_ITO, figsize

__all__ = ["keyness_bars", "keyness_grid", "shared_legend", "slopegraph"]


def keyness_bars(
    data: pd.DataFrame, *, term: str = "term", value: str = "z", count: str | None = "count",
    color: str = OKABE_ITO[3], ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of one group's most distinctive terms (largest first), with counts.

    Parameters
    ----------
    data
        Rows of :func:`stanceviz.compare.keyness` for one group.
    value
        Bar length (``z``, the log-odds ratio over its standard error, or ``delta``).
    count
        Column printed at the end of each bar (the term's count in the group); None: none.
    """
    for arg, col in (("term", term), ("value", value)):
        check_column_arg(data, col, func="keyness_bars", arg=arg)
    ax = ax or plt.gca()
    rows = data.sort_values(value, ascending=True, kind="stable")
    y = np.arange(len(rows))
    ax.barh(y, rows[value], color=color, height=0.7)
    ax.set_yticks(y, rows[term].str.replace("_", " "))
    if count is not None:
        check_column_arg(data, count, func="keyness_bars", arg="count")
        for yi, v, c in zip(y, rows[value], rows[count]):
            ax.text(v, yi, f" {c}", va="center", fontsize="xx-small", color="0.3")
    ax.axvline(1.96, color="0.5", lw=0.6, ls=":")
    ax.set_xlabel("z (log-odds ratio / SE)" if value == "z" else value)
    ax.margins(x=0.18)
    return ax


def keyness_grid(
    data: pd.DataFrame, *, group: str = "group", term: str = "term", value: str = "z",
    count: str | None = "count", n_terms: int = 8, ncols: int = 3, width: str | float = "double",
    group_sizes: dict | None = None,
) -> Figure:
    """Figure-level: one :func:`keyness_bars` panel per group (one-vs-rest), any number of groups.

    ``group_sizes`` maps a group to its number of tokens (shown as n in the panel title).
    Returns the Figure.
    """
    check_column_arg(data, group, func="keyness_grid", arg="group")
    levels = list(dict.fromkeys(data[group]))
    if not levels:
        raise ValueError("keyness_grid got an empty table: no group has terms above min_count.")
    ncols = min(ncols, len(levels))
    nrows = math.ceil(len(levels) / ncols)
    w = figsize(width)[0]
    fig, axes = plt.subplots(nrows, ncols, figsize=(w, 0.25 * n_terms * nrows + 0.6 * nrows), squeeze=False,
                             layout="constrained")
    for i, level in enumerate(levels):
        ax = axes[i // ncols][i % ncols]
        sub = data[data[group] == level].nsmallest(n_terms, "rank") if "rank" in data else data[data[group] == level]
        keyness_bars(sub, term=term, value=value, count=count, color=OKABE_ITO[i % len(OKABE_ITO)], ax=ax)
        title = str(level) if len(str(level)) <= 30 else str(level)[:29] + "…"
        if group_sizes and level in group_sizes:
            title += f"\n(n = {group_sizes[level]:,} tokens)"
        ax.set_title(title, fontsize="small", loc="left")
    for j in range(len(levels), nrows * ncols):
        axes[j // ncols][j % ncols].set_visible(False)
    return fig


def slopegraph(
    data: pd.DataFrame, *, x: str = "event", y: str = "mean", hue: str = "speaker", n: str | None = "n",
    min_n: int = 5, order: list | None = None, ax: Axes | None = None,
) -> Axes:
    """Slopegraph: each ``hue`` level's value at two (or more) ``x`` levels, joined by a line.

    Points with ``n < min_n`` are hollow and grey, and lines into them dashed; each point is
    labelled with its n.
    """
    for arg, col in (("x", x), ("y", y), ("hue", hue)):
        check_column_arg(data, col, func="slopegraph", arg=arg)
    ax = ax or plt.gca()
    xs = order or sorted(data[x].unique(), key=str)
    pos = {level: i for i, level in enumerate(xs)}
    for i, (level, g) in enumerate(data.groupby(hue, sort=True)):
        g = g[g[x].isin(pos)].sort_values(x, key=lambda s: s.map(pos))
        color = OKABE_ITO[i % len(OKABE_ITO)]
        px = g[x].map(pos).to_numpy()
        py = g[y].to_numpy(dtype=float)
        low = (g[n] < min_n).to_numpy() if n else np.zeros(len(g), bool)
        for k in range(len(px) - 1):
            ax.plot(px[k:k + 2], py[k:k + 2], color=color, lw=1.2,
                    ls="--" if (low[k] or low[k + 1]) else "-")
        ax.scatter(px[~low], py[~low], color=color, s=22, zorder=3, label=str(level))
        ax.scatter(px[low], py[low], facecolor="white", edgecolor=MISSING_COLOR, s=22, zorder=3)
        if len(px):
            ax.annotate(str(level), (px[-1], py[-1]), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize="x-small", color=color)
        if n:
            for xx, yy, nn in zip(px, py, g[n]):
                ax.annotate(f"n={nn}", (xx, yy), xytext=(-6, 0), textcoords="offset points", ha="right",
                            va="center", fontsize="xx-small", color="0.4")
    ax.set_xticks(range(len(xs)), [str(v) for v in xs])
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.axhline(0, color="0.6", lw=0.6, ls=":")
    ax.set_ylabel(y)
    return ax


def shared_legend(fig: Figure, *, title: str | None = None, ncol: int | None = None) -> None:
    """Replace the per-axes legends of ``fig`` by one legend below the panels.

    The handles come from the first axes that has a legend; use with ``layout="constrained"``.
    """
    handles, labels = [], []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        if not handles:
            handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
            title = title if title is not None else legend.get_title().get_text()
        legend.remove()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol or min(len(labels), 5),
                   frameon=False, title=title)
