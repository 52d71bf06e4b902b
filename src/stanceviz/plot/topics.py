"""Plots for the topics stage: K diagnostics, top terms, seed recovery, prevalence.

They draw the tables of :mod:`stanceviz.topics` and compute nothing themselves.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._checks import check_column_arg
from ._style import MISSING_COLOR, OKABE_ITO, categorical_colors, figsize

__all__ = [
    "topic_k_diagnostics",
    "topic_terms",
    "topic_seed_recovery",
    "topic_prevalence_dots",
    "topic_prevalence_grid",
    "topic_prevalence_heatmap",
]

#: Marker per group, so groups differ by shape as well as colour (greyscale print, colour-vision deficiency).
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")

_METRIC_TITLES = {
    "c_v": "Coherence c_v",
    "c_npmi": "Coherence c_npmi",
    "u_mass": "Coherence u_mass",
    "stability": "Seed stability\n(mean matched Jaccard)",
}


def _check(data: pd.DataFrame, func: str, **cols: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"The 'data' argument of {func} must be a DataFrame; got {type(data).__name__}.")
    for arg, col in cols.items():
        check_column_arg(data, col, func=func, arg=arg)


def topic_k_diagnostics(
    data: pd.DataFrame,
    *,
    k: str = "k",
    metric: str = "metric",
    value: str = "mean",
    err: str | None = "sd",
    chosen: int | None = None,
    metrics: Sequence[str] | None = None,
) -> Figure:
    """One panel per metric of :func:`stanceviz.topics.select_k`: mean ± sd across seeds vs K.

    Parameters
    ----------
    data
        The table of ``select_k`` (columns ``k``, ``metric``, ``mean``, ``sd``, ``n``).
    chosen
        K to mark with a dashed vertical line in every panel.
    metrics
        Panels to draw, in order (default: those in ``data`` among c_v, c_npmi, u_mass,
        stability).

    Returns
    -------
    Figure
    """
    func = "topic_k_diagnostics"
    _check(data, func, k=k, metric=metric, value=value, **({"err": err} if err else {}))
    present = list(pd.unique(data[metric]))
    metrics = [m for m in (metrics or [*_METRIC_TITLES, *present]) if m in present]
    metrics = list(dict.fromkeys(metrics))
    fig, axes = plt.subplots(1, len(metrics), figsize=figsize("double", 0.27), squeeze=False, sharex=True,
                             layout="constrained")
    for ax, m in zip(axes[0], metrics):
        sub = data[data[metric] == m].sort_values(k)
        yerr = sub[err].fillna(0).to_numpy() if err else None
        ax.errorbar(sub[k], sub[value], yerr=yerr, marker="o", color=OKABE_ITO[3], capsize=2, lw=1)
        ax.set_title(_METRIC_TITLES.get(m, m))
        ax.set_xlabel("Number of topics K")
        ax.set_xticks(sorted(pd.unique(sub[k])))
        if chosen is not None:
            ax.axvline(chosen, color=OKABE_ITO[4], ls="--", lw=0.8)
    axes[0][0].set_ylabel("Mean across seeds (± sd)")
    if "n" in data.columns and len(data):
        runs = data.loc[data[metric] != "stability", "n"]
        if len(runs):
            fig.supxlabel(f"{int(runs.max())} seeds per K; higher is better in every panel", fontsize=7)
    return fig


def topic_terms(
    data: pd.DataFrame,
    *,
    topic: str = "label",
    term: str = "term",
    weight: str = "weight",
    highlight: Mapping[str, Collection[str]] | Collection[str] | None = None,
    col_wrap: int = 3,
    xlabel: str = "P(term | topic)",
) -> Figure:
    """Horizontal bars of the top terms of each topic, one panel per topic.

    Parameters
    ----------
    data
        ``TopicModel.top_terms()`` (columns ``topic``, ``label``, ``rank``, ``term``, ``weight``).
    highlight
        Terms to draw in a second colour (e.g. seed terms): a collection for every panel, or a
        mapping panel value → terms.
    col_wrap
        Panels per row.

    Returns
    -------
    Figure
    """
    func = "topic_terms"
    _check(data, func, topic=topic, term=term, weight=weight)
    panels = list(pd.unique(data[topic]))
    ncol = max(1, min(col_wrap, len(panels)))
    nrow = int(np.ceil(len(panels) / ncol))
    n_terms = int(data.groupby(topic, sort=False).size().max()) if len(data) else 1
    fig, axes = plt.subplots(nrow, ncol, figsize=(7.0, max(1.6, 0.14 * n_terms + 0.7) * nrow), squeeze=False,
                             layout="constrained")
    xmax = float(data[weight].max()) if len(data) else 1.0
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.set_visible(False)
            continue
        p = panels[i]
        sub = data[data[topic] == p].sort_values(weight, ascending=True, kind="stable")
        if isinstance(highlight, Mapping):
            hl = set(highlight.get(p, ()))
        else:
            hl = set(highlight or ())
        colors = [OKABE_ITO[4] if t in hl else OKABE_ITO[3] for t in sub[term]]
        ax.barh(np.arange(len(sub)), sub[weight], color=colors, height=0.75)
        ax.set_yticks(np.arange(len(sub)), sub[term].tolist())
        ax.set_xlim(0, xmax * 1.05)
        title = str(p).replace("·", " · ")  # let long term lists wrap between terms
        ax.set_title(textwrap.fill(title, max(18, 100 // ncol), break_long_words=True), fontsize=7, loc="left")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=2 if ncol > 3 else 3))
        if i // ncol == nrow - 1 or i + ncol >= len(panels):
            ax.set_xlabel(xlabel)
    if highlight:
        from matplotlib.patches import Patch

        fig.legend(handles=[Patch(color=OKABE_ITO[4], label="seed term"), Patch(color=OKABE_ITO[3], label="other term")],
                   loc="outside lower center", ncol=2, frameon=False)
    return fig


def topic_seed_recovery(
    data: pd.DataFrame,
    *,
    theme: str = "theme",
    x: str = "hit_share",
    hue: str = "model",
    ax: Axes | None = None,
) -> Axes:
    """Dot plot of how well each theme's seed terms are recovered, one colour per model.

    Parameters
    ----------
    data
        :func:`stanceviz.topics.seed_recovery` tables of several models stacked, with a column
        ``model`` naming each (e.g. "seeded", "unseeded").
    x
        ``"hit_share"`` (share of seed terms in the topic's top 10) or ``"seed_mass"``.

    Returns
    -------
    Axes
    """
    func = "topic_seed_recovery"
    _check(data, func, theme=theme, x=x, hue=hue)
    ax = ax if ax is not None else plt.gca()
    themes = list(pd.unique(data[theme]))
    models = list(pd.unique(data[hue]))
    colors = categorical_colors(models)
    markers = ["o", "s", "D", "^"]
    offsets = np.linspace(-0.15, 0.15, len(models)) if len(models) > 1 else [0.0]
    for mi, m in enumerate(models):
        sub = data[data[hue] == m].set_index(theme).reindex(themes)
        ax.scatter(sub[x], np.arange(len(themes)) + offsets[mi], color=colors[m], marker=markers[mi % 4],
                   label=str(m), zorder=3, s=22)
    ticks = [str(t) for t in themes]
    if "n_seed_terms" in data.columns:  # a share of 1 term means less than a share of 12
        counts = data.groupby(theme, sort=False)["n_seed_terms"].max()
        ticks = [f"{t} ({int(counts[t])} seed term{'s' if counts[t] != 1 else ''})" for t in themes]
    ax.set_yticks(np.arange(len(themes)), ticks)
    ax.invert_yaxis()
    ax.set_xlabel({"hit_share": "Share of seed terms in topic's top 10",
                   "seed_mass": "P(seed terms | topic)"}.get(x, x))
    if x == "hit_share":
        ax.set_xlim(-0.03, 1.03)
    ax.grid(axis="x", lw=0.4, color="#DDDDDD")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=len(models), borderaxespad=0.2)
    return ax


def topic_prevalence_dots(
    data: pd.DataFrame,
    *,
    group: str = "group",
    topic: str = "label",
    value: str = "mean",
    low: str = "ci_low",
    high: str = "ci_high",
    n: str = "n",
    min_n: int = 5,
    ax: Axes | None = None,
    legend: bool = True,
) -> Axes:
    """Dot-and-whisker plot of mean topic share per group with confidence intervals.

    One row per topic; groups are dodged vertically and coloured (Okabe–Ito). Groups with fewer
    than ``min_n`` units are drawn hollow and grey. The legend gives each group's n.

    Parameters
    ----------
    data
        One grouping variable of :func:`stanceviz.topics.prevalence` (columns ``group``,
        ``label``, ``mean``, ``ci_low``, ``ci_high``, ``n``).

    Returns
    -------
    Axes
    """
    func = "topic_prevalence_dots"
    _check(data, func, group=group, topic=topic, value=value, low=low, high=high, n=n)
    ax = ax if ax is not None else plt.gca()
    topics = list(pd.unique(data[topic]))
    groups = list(pd.unique(data[group]))
    colors = categorical_colors(groups)
    width = min(0.7, 0.16 * len(groups))
    offs = np.linspace(-width / 2, width / 2, len(groups)) if len(groups) > 1 else np.array([0.0])
    y0 = {t: i for i, t in enumerate(topics)}
    for gi, g in enumerate(groups):
        sub = data[data[group] == g]
        ys = np.array([y0[t] for t in sub[topic]]) + offs[gi]
        count = int(sub[n].max()) if len(sub) else 0
        few = count < min_n
        col = MISSING_COLOR if few else colors[g]
        ax.hlines(ys, sub[low], sub[high], color=col, lw=0.9)
        ax.scatter(sub[value], ys, s=16, zorder=3, color="white" if few else col, edgecolors="black" if not few else col,
                   linewidths=0.4 if not few else 0.8, marker=_MARKERS[gi % len(_MARKERS)],
                   label=f"{g} (n={count}{', too few' if few else ''})")
    ax.set_yticks(np.arange(len(topics)), [textwrap.fill(str(t), 38, break_long_words=False) for t in topics])
    ax.set_ylim(len(topics) - 0.5, -0.5)
    for i in range(1, len(topics)):
        ax.axhline(i - 0.5, color="#E5E5E5", lw=0.5, zorder=0)
    ax.set_xlabel("Mean topic share (95% bootstrap CI)")
    ax.set_xlim(left=0)
    if legend:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return ax


def topic_prevalence_grid(
    data: pd.DataFrame,
    *,
    by: str = "by",
    min_n: int = 5,
    titles: Mapping[str, str] | None = None,
    **kwargs,
) -> Figure:
    """One :func:`topic_prevalence_dots` panel per grouping variable of a prevalence table.

    Panels are side by side and share the topic axis; each has its legend (with n) below it.

    Parameters
    ----------
    titles
        Panel titles per grouping variable (default ``"by <variable>"``).

    Returns
    -------
    Figure
    """
    func = "topic_prevalence_grid"
    _check(data, func, by=by)
    variables = list(pd.unique(data[by]))
    n_topics = int(data["label"].nunique()) if "label" in data.columns else 6
    n_groups = int(data.groupby(by)["group"].nunique().max()) if "group" in data.columns else 4
    height = max(2.5, 0.42 * n_topics + 0.16 * n_groups + 1.0)
    fig, axes = plt.subplots(1, len(variables), figsize=(7.0, height), squeeze=False, sharey=True, sharex=True,
                             layout="constrained")
    for ax, v in zip(axes[0], variables):
        topic_prevalence_dots(data[data[by] == v], ax=ax, min_n=min_n, legend=False, **kwargs)
        ax.set_title((titles or {}).get(v, f"by {v}"), loc="left")
        ax.set_xlabel("Mean topic share\n(95% bootstrap CI)")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(-0.05, -0.22), borderaxespad=0,
                  fontsize=6, handletextpad=0.3)
    return fig


def topic_prevalence_heatmap(
    data: pd.DataFrame,
    *,
    row: str = "group",
    col: str = "label",
    value: str = "mean",
    n: str = "n",
    min_n: int = 5,
    annotate: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of mean topic share, groups × topics, for many groups (e.g. months).

    Cells of groups with fewer than ``min_n`` units are grey. Row tick labels give n.

    Returns
    -------
    Axes
    """
    func = "topic_prevalence_heatmap"
    _check(data, func, row=row, col=col, value=value, n=n)
    ax = ax if ax is not None else plt.gca()
    rows = list(pd.unique(data[row]))
    cols = list(pd.unique(data[col]))
    mat = data.pivot_table(index=row, columns=col, values=value, aggfunc="first", sort=False).reindex(index=rows, columns=cols)
    counts = data.groupby(row, sort=False)[n].max().reindex(rows)
    arr = np.ma.masked_invalid(mat.to_numpy(dtype=float))
    few = (counts.to_numpy() < min_n)
    arr[few, :] = np.ma.masked
    cmap = plt.get_cmap("viridis").with_extremes(bad=MISSING_COLOR)
    im = ax.imshow(arr, aspect="auto", cmap=cmap, vmin=0, interpolation="nearest")
    ax.set_xticks(np.arange(len(cols)), [str(c) for c in cols], rotation=35, ha="right")
    ax.set_yticks(np.arange(len(rows)), [f"{r} (n={int(c)})" for r, c in zip(rows, counts)])
    ax.spines[:].set_visible(False)
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cb.set_label("Mean topic share")
    if annotate:
        for i in range(len(rows)):
            for j in range(len(cols)):
                if not np.ma.is_masked(arr[i, j]):
                    ax.text(j, i, f"{arr[i, j]:.2f}", ha="center", va="center", fontsize=6,
                            color="white" if arr[i, j] < 0.6 * float(arr.max()) else "black")
    return ax
