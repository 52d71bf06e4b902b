"""Export figures for papers: PNG (300 dpi), PDF, SVG, the CSV of what is plotted, and provenance.

Every figure in ``figures/`` is written by exactly one notebook cell through :func:`save_figure`.
PDF and SVG are byte-reproducible (no creation dates, a fixed SVG hash salt), and the CSV is
written with a fixed float format and line ending, so re-running ``make figures`` leaves the
bytes unchanged.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["save_figure", "write_gallery", "package_versions", "FORMATS", "write_table"]

#: The five files written for every figure.
FORMATS = ("png", "pdf", "svg", "csv", "json")

_PACKAGES = (
    "stanceviz", "numpy", "pandas", "scipy", "matplotlib", "seaborn",
    "gensim", "nltk", "vaderSentiment", "pyLDAvis",
)

#: Float format of every exported table: 6 significant digits is beyond what a figure shows
#: and keeps the bytes stable across BLAS builds.
FLOAT_FORMAT = "%.6g"


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages whose behaviour shapes the figures."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_table(data: pd.DataFrame, path: str | Path) -> Path:
    """Write ``data`` as CSV with stable bytes (no index, ``\\n`` line ends, 6 significant digits)."""
    path = Path(path)
    frame = data.copy()
    for col in frame.columns:  # lists/dicts/tuples in cells: JSON, so the CSV stays one value per cell
        if frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, (list, dict, tuple))).any():
            frame[col] = frame[col].map(lambda v: json.dumps(v, sort_keys=True, default=str)
                                        if isinstance(v, (list, dict, tuple)) else v)
    frame.to_csv(path, index=False, lineterminator="\n", float_format=FLOAT_FORMAT, encoding="utf-8")
    return path


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def save_figure(
    fig: Figure,
    name: str,
    data: pd.DataFrame,
    params: Mapping[str, Any] | None = None,
    *,
    out_dir: str | Path = "figures",
    input_hash: str | None = None,
    notebook: str | None = None,
    caption: str | None = None,
    close: bool = True,
) -> dict[str, Path]:
    """Write ``NAME.png`` (300 dpi), ``.pdf``, ``.svg``, ``.csv`` and ``.json`` into ``out_dir``.

    Parameters
    ----------
    fig
        The matplotlib Figure.
    name
        File stem, e.g. ``"03_stance_speaker_theme"``; letters, digits, ``_`` and ``-`` only.
    data
        Exactly the table that is plotted; written as ``NAME.csv``.
    params
        The parameters that made the figure (seed, K, min_n, corpus path …), recorded in the JSON.
    out_dir
        Folder to write into (created when missing).
    input_hash
        Hash of the input corpus (:func:`stanceviz.corpus.corpus_hash`).
    notebook
        The notebook (or script) whose cell made the figure.
    caption
        One-sentence caption, used in the generated gallery ``figures/README.md``.
    close
        Close the figure after saving (notebooks then show it once, from the PNG if they want).

    Returns
    -------
    dict
        Format → path of each written file.
    """
    if not name or not all(ch.isalnum() or ch in "_-" for ch in name):
        raise ValueError(f"The 'name' argument of save_figure must use letters, digits, '_' and '-'; got {name!r}.")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"The 'data' argument of save_figure must be a DataFrame; got {type(data).__name__}.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / f"{name}.{fmt}" for fmt in FORMATS}
    with mpl.rc_context({"svg.hashsalt": "stanceviz", "pdf.compression": 6}):
        fig.savefig(paths["png"], dpi=300, metadata={"Software": None})
        fig.savefig(paths["pdf"], metadata={"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None})
        fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    write_table(data, paths["csv"])
    record = {
        "name": name,
        "caption": caption or "",
        "notebook": notebook,
        "params": _jsonable(dict(params or {})),
        "input_hash": input_hash,
        "data_sha256": hashlib.sha256(paths["csv"].read_bytes()).hexdigest(),
        "rows": int(len(data)),
        "columns": [str(c) for c in data.columns],
        "packages": package_versions(),
    }
    paths["json"].write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return paths


def write_gallery(out_dir: str | Path = "figures", *, command: str = "make figures") -> Path:
    """Write ``out_dir/README.md``: a gallery of every figure with its caption and its source."""
    out = Path(out_dir)
    lines = [
        "# Figures",
        "",
        f"Generated by `{command}` from the notebooks in `notebooks/`; do not edit by hand.",
        "Each figure has PNG (300 dpi), PDF, SVG, the CSV of exactly what is plotted, and a JSON",
        "record of its parameters, package versions and the hash of the input corpus.",
        "",
    ]
    for meta_path in sorted(out.glob("*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        if not isinstance(meta, dict) or "data_sha256" not in meta:
            continue
        stem = meta_path.stem
        lines += [
            f"## {stem}",
            "",
            f"![{stem}]({stem}.png)",
            "",
            meta.get("caption") or "",
            "",
            f"Source: `notebooks/{meta.get('notebook')}` · data: [{stem}.csv]({stem}.csv) · "
            f"[PDF]({stem}.pdf) · [SVG]({stem}.svg) · [provenance]({stem}.json) · rows: {meta.get('rows')}",
            "",
        ]
    path = out / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
