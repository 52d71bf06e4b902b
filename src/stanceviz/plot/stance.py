"""Plots for the stance stage: stance heatmaps, dot plots with CIs, theme salience.

All functions draw tables computed elsewhere (:func:`stanceviz.compare.aggregate`,
:func:`stanceviz.themes.salience`) and follow seaborn's axes-level convention: data first,
column names keyword-only, ``ax=None`` meaning ``plt.gca()``, the Axes returned. Groups with
fewer than ``min_n`` observations are drawn in :data:`MISSING_COLOR` (grey), never hidden.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, Normalize, TwoSlopeNorm

from .._checks import check_column_arg
from ._style import MISSING_COLOR, OKABE_ITO, stance_cmap

__all__ = ["stance_heatmap", "stance_dotplot", "salience_heatmap"]


def _check(data: pd.DataFrame, func: str, **cols: str | None) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"The 'data' argument of {func} must be a pandas DataFrame; got {type(data).__name__}.")
    for arg, col in cols.items():
        if col is not None:
            check_column_arg(data, col, func=func, arg=arg)


def _levels(values: pd.Series, order: list | None) -> list:
    if order is not None:
        return list(order)
    return list(pd.unique(values.dropna()))


def _fmt1(v: float) -> str:
    """One decimal without a negative zero ("-0.0" -> "0.0")."""
    s = f"{v:.1f}"
    return "0.0" if s == "-0.0" else s


def _text_color(rgba) -> str:
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def stance_heatmap(
    data: pd.DataFrame,
    *,
    row: str = "speaker",
    col: str = "theme",
    value: str = "mean",
    n: str | None = "n",
    min_n: int = 5,
    ci_low: str | None = None,
    ci_high: str | None = None,
    row_order: list | None = None,
    col_order: list | None = None,
    vlim: float | None = None,
    annot: bool = True,
    cbar: bool = True,
    cbar_label: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of a stance value per ``row`` × ``col`` on a diverging map centred at 0.

    Parameters
    ----------
    data
        One row per cell, e.g. :func:`stanceviz.compare.aggregate` by ``[row, col]``.
    row, col
        Columns whose levels make the rows and columns of the heatmap.
    value
        Column with the value (``"mean"`` in [-1, 1] or ``"log_ratio"``).
    n
        Column with the cell's number of observations (None: no counts).
    min_n
        Cells with ``n < min_n`` are grey and their value is not printed (only "n=…").
    ci_low, ci_high
        Optional interval columns, printed as "[lo, hi]" (one decimal) under the value.
    row_order, col_order
        Level orders (default: order of appearance).
    vlim
        Colour limits ±vlim; default 1 for ``mean``/``score``, else max |value|.
    annot
        Print value and n in each cell.
    cbar, cbar_label
        Draw a colour bar, and its label (default: the value column's name).
    ax
        Axes to draw into (default ``plt.gca()``).

    Returns
    -------
    Axes
    """
    _check(data, "stance_heatmap", row=row, col=col, value=value, n=n, ci_low=ci_low, ci_high=ci_high)
    ax = plt.gca() if ax is None else ax
    rows = _levels(data[row], row_order)
    cols = _levels(data[col], col_order)
    grid = np.full((len(rows), len(cols)), np.nan)
    counts = np.zeros((len(rows), len(cols)), dtype=int)
    lows = np.full_like(grid, np.nan)
    highs = np.full_like(grid, np.nan)
    ri = {v: i for i, v in enumerate(rows)}
    ci = {v: j for j, v in enumerate(cols)}
    for rec in data.itertuples(index=False):
        r, c = getattr(rec, row), getattr(rec, col)
        if r in ri and c in ci:
            grid[ri[r], ci[c]] = getattr(rec, value)
            if n is not None:
                counts[ri[r], ci[c]] = int(getattr(rec, n))
            if ci_low and ci_high:
                lows[ri[r], ci[c]] = getattr(rec, ci_low)
                highs[ri[r], ci[c]] = getattr(rec, ci_high)
    low = (counts < min_n) & ~np.isnan(grid) if n is not None else np.zeros_like(grid, dtype=bool)
    if vlim is None:
        finite = np.abs(grid[np.isfinite(grid)])
        vlim = 1.0 if value in ("mean", "score") else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    cmap = stance_cmap()
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-vlim, vmax=vlim)
    shown = np.ma.masked_where(low | np.isnan(grid), grid)
    mesh = ax.pcolormesh(np.arange(len(cols) + 1), np.arange(len(rows) + 1), shown, cmap=cmap, norm=norm,
                         edgecolors="white", linewidth=0.8)
    if low.any():
        grey = np.ma.masked_where(~low, np.ones_like(grid))
        ax.pcolormesh(np.arange(len(cols) + 1), np.arange(len(rows) + 1), grey,
                      cmap=ListedColormap([MISSING_COLOR]), edgecolors="white", linewidth=0.8)
    if annot:
        for i in range(len(rows)):
            for j in range(len(cols)):
                if np.isnan(grid[i, j]):
                    continue
                if low[i, j]:
                    label, color = f"n={counts[i, j]}", "#404040"
                else:
                    label = f"{grid[i, j]:+.2f}"
                    if ci_low and ci_high and np.isfinite(lows[i, j]):
                        label += f"\n[{_fmt1(lows[i, j])}, {_fmt1(highs[i, j])}]"
                    if n is not None:
                        label += f"\nn={counts[i, j]}"
                    color = _text_color(cmap(norm(grid[i, j])))
                ax.text(j + 0.5, i + 0.5, label, ha="center", va="center", fontsize="x-small", color=color)
    ax.set_xticks(np.arange(len(cols)) + 0.5, [str(c) for c in cols], rotation=35, ha="right")
    ax.set_yticks(np.arange(len(rows)) + 0.5, [str(r) for r in rows])
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.tick_params(length=0, pad=3)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(col)
    ax.set_ylabel(row)
    if cbar:
        cb = ax.figure.colorbar(mesh, ax=ax, fraction=0.046, pad=0.03)
        cb.set_label(cbar_label or value)
        cb.outline.set_visible(False)
    return ax


def stance_dotplot(
    data: pd.DataFrame,
    *,
    y: str = "theme",
    x: str = "mean",
    hue: str | None = None,
    ci_low: str | None = "ci_low",
    ci_high: str | None = "ci_high",
    n: str | None = "n",
    min_n: int = 5,
    order: list | None = None,
    hue_order: list | None = None,
    xlim: tuple[float, float] | None = (-1.0, 1.0),
    ax: Axes | None = None,
) -> Axes:
    """Points with confidence intervals, one row per ``y`` level (dodged by ``hue``).

    Points of groups with ``n < min_n`` are hollow and grey; ``n`` is printed at the right
    margin; a dashed line marks 0.

    Parameters
    ----------
    data
        E.g. :func:`stanceviz.compare.aggregate` output.
    y, x
        Category column and value column.
    hue
        Optional column for dodged, colour-coded groups (Okabe–Ito colours).
    ci_low, ci_high
        Interval columns (None: no intervals).
    n, min_n
        Count column and the threshold below which a group is greyed out.
    order, hue_order
        Level orders (default: order of appearance).
    xlim
        Limits of the value axis (None: automatic).
    ax
        Axes to draw into (default ``plt.gca()``).

    Returns
    -------
    Axes
    """
    _check(data, "stance_dotplot", y=y, x=x, hue=hue, ci_low=ci_low, ci_high=ci_high, n=n)
    ax = plt.gca() if ax is None else ax
    levels = _levels(data[y], order)
    hues = _levels(data[hue], hue_order) if hue else [None]
    width = 0.7
    step = width / max(len(hues), 1)
    colors = {h: OKABE_ITO[i % len(OKABE_ITO)] for i, h in enumerate(hues)}
    for k, h in enumerate(hues):
        sub = data if h is None else data[data[hue] == h]
        offset = -width / 2 + step * (k + 0.5) if len(hues) > 1 else 0.0
        for rec in sub.itertuples(index=False):
            level = getattr(rec, y)
            if level not in levels:
                continue
            pos = levels.index(level) + offset
            val = getattr(rec, x)
            count = int(getattr(rec, n)) if n else min_n
            few = count < min_n
            color = MISSING_COLOR if few else (colors[h] if h is not None else "black")
            if ci_low and ci_high:
                ax.plot([getattr(rec, ci_low), getattr(rec, ci_high)], [pos, pos], color=color, lw=1.2,
                        solid_capstyle="butt", zorder=2)
            ax.scatter([val], [pos], s=22, zorder=3, color="white" if few else color, edgecolors=color,
                       linewidths=1.0, label=None)
            if n:
                ax.annotate(f"n={count}", xy=(1.0, pos), xycoords=("axes fraction", "data"), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize="x-small",
                            color="#404040" if few else "black", annotation_clip=False)
    ax.axvline(0, color="#808080", lw=0.6, ls="--", zorder=1)
    ax.set_yticks(range(len(levels)), [str(v) for v in levels])
    ax.set_ylim(len(levels) - 0.5, -0.5)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    if hue:
        handles = [plt.Line2D([], [], marker="o", ls="", color=colors[h], label=str(h)) for h in hues]
        if n and (data[n] < min_n).any():
            handles.append(plt.Line2D([], [], marker="o", ls="", markerfacecolor="white",
                                      markeredgecolor=MISSING_COLOR, label=f"n < {min_n}"))
        ax.legend(handles=handles, title=hue, frameon=False, loc="upper left", bbox_to_anchor=(1.08, 1.0))
    return ax


def salience_heatmap(
    data: pd.DataFrame,
    *,
    row: str = "outlet",
    col: str = "theme",
    value: str = "share",
    n: str | None = "n_total",
    row_order: list | None = None,
    col_order: list | None = None,
    annot: bool = True,
    cbar: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Theme salience (share of sentences mentioning each theme) per group, sequential colours.

    Parameters
    ----------
    data
        :func:`stanceviz.themes.salience` output (one row per group × theme).
    row, col, value
        Group column, theme column and share column (values in [0, 1]).
    n
        Column with the group's number of sentences, appended to the row labels.
    row_order, col_order
        Level orders (default: order of appearance).
    annot, cbar
        Print percentages in cells; draw a colour bar.
    ax
        Axes to draw into (default ``plt.gca()``).

    Returns
    -------
    Axes
    """
    _check(data, "salience_heatmap", row=row, col=col, value=value, n=n)
    ax = plt.gca() if ax is None else ax
    rows = _levels(data[row], row_order)
    cols = _levels(data[col], col_order)
    grid = np.full((len(rows), len(cols)), np.nan)
    totals = {}
    for rec in data.itertuples(index=False):
        r, c = getattr(rec, row), getattr(rec, col)
        if r in rows and c in cols:
            grid[rows.index(r), cols.index(c)] = getattr(rec, value)
            if n:
                totals[r] = int(getattr(rec, n))
    cmap = plt.get_cmap("Blues")
    norm = Normalize(vmin=0.0, vmax=max(float(np.nanmax(grid)) if np.isfinite(grid).any() else 1.0, 1e-9))
    mesh = ax.pcolormesh(np.arange(len(cols) + 1), np.arange(len(rows) + 1), np.ma.masked_invalid(grid),
                         cmap=cmap, norm=norm, edgecolors="white", linewidth=0.8)
    if annot:
        for i in range(len(rows)):
            for j in range(len(cols)):
                if np.isfinite(grid[i, j]):
                    ax.text(j + 0.5, i + 0.5, f"{100 * grid[i, j]:.0f}%", ha="center", va="center",
                            fontsize="x-small", color=_text_color(cmap(norm(grid[i, j]))))
    ax.set_xticks(np.arange(len(cols)) + 0.5, [str(c) for c in cols], rotation=35, ha="right")
    ylabels = [f"{r} (n={totals[r]})" if r in totals else str(r) for r in rows]
    ax.set_yticks(np.arange(len(rows)) + 0.5, ylabels)
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.tick_params(length=0, pad=3)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(col)
    ax.set_ylabel(row)
    if cbar:
        cb = ax.figure.colorbar(mesh, ax=ax, fraction=0.046, pad=0.03, format=lambda v, _p: f"{100 * v:.0f}%")
        cb.set_label("share of sentences")
        cb.outline.set_visible(False)
    return ax
