"""One paper style: column widths, legible fonts, colour-blind-safe palettes.

Styling is opt-in and scoped::

    from stanceviz import plot
    with plot.paper_style():            # or @plot.paper_style() on a function
        fig, ax = plt.subplots(figsize=plot.figsize("single"))
        plot.stance_dotplot(table, ax=ax)

Palettes: the Okabe–Ito qualitative palette (safe for the common colour-vision deficiencies)
for categories, and ColorBrewer's RdBu (via matplotlib) as the diverging map centred at 0 for
stance, reversed so that negative is red and positive is blue.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib as mpl
from matplotlib.colors import Colormap, ListedColormap

__all__ = [
    "paper_style",
    "figsize",
    "OKABE_ITO",
    "categorical_colors",
    "stance_cmap",
    "MISSING_COLOR",
    "COLUMN_WIDTHS",
]

#: Okabe & Ito (2008) colour-universal-design palette, black last.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow (low contrast on white: used last)
    "#000000",
)

#: Grey for cells or points with too few observations (n < min_n).
MISSING_COLOR = "#BDBDBD"

#: Widths in inches of a single journal column and of the full text width.
COLUMN_WIDTHS = {"single": 3.5, "double": 7.0}

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "figure.titlesize": 10,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.0,
    "lines.markersize": 4,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO)),
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.03,
    "pdf.fonttype": 42,  # embed TrueType: editable text in Illustrator/Inkscape
    "svg.fonttype": "none",
    "svg.hashsalt": "stanceviz",
    "image.cmap": "RdBu",
}


@contextlib.contextmanager
def paper_style(rc: dict | None = None) -> Iterator[None]:
    """Context manager (and decorator) that applies the paper style inside its block only.

    Parameters
    ----------
    rc
        Extra rcParams that override the style's.
    """
    params = dict(_RC)
    if rc:
        params.update(rc)
    with mpl.rc_context(params):
        yield


def figsize(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches for a ``"single"`` (3.5 in) or ``"double"`` (7 in) column.

    ``aspect`` is height / width.
    """
    w = COLUMN_WIDTHS[width] if isinstance(width, str) else float(width)
    return (w, round(w * aspect, 3))


def categorical_colors(levels: list) -> dict:
    """Map each level to an Okabe–Ito colour, in order (cycling past eight levels)."""
    return {lvl: OKABE_ITO[i % len(OKABE_ITO)] for i, lvl in enumerate(levels)}


def stance_cmap() -> Colormap:
    """Diverging colour map for stance in [-1, 1]: red (negative) – white – blue (positive)."""
    base = mpl.colormaps["RdBu"]
    return ListedColormap(base(list(x / 255 for x in range(256))), name="stanceviz_RdBu")
