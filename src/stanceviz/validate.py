"""Validate stance scores against human labels, side by side with a sentence-level VADER baseline.

:func:`evaluate` takes any labelled table — text, an optional target span (``start``/``end``
character offsets) or ``theme``, and labels -1/0/+1 per dimension — and reports macro-F1,
accuracy and Spearman's rho for stanceviz and for VADER's sentence ``compound`` score
(the toy approach that copies one sentence score onto every theme). Scores become labels with
one fixed threshold (``|score| > 0.05``, VADER's own convention), the same for every method;
nothing is fitted on the labels.

The bundled gold set is ``tests/data/gold_stance.csv`` (protocol in
``tests/data/README_gold_stance.md``); :func:`load_gold` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from ._checks import check_columns
from .lexicons import Lexicon, Modifiers, _as_lexicons
from .lexicons import tokenize
from .stance import _as_modifiers, _char_ranges, _check_window, _prepare, _score
from .themes import ThemeSet, _as_themes

__all__ = ["evaluate", "predict", "load_gold", "macro_f1", "to_labels", "METHODS", "THRESHOLD"]

#: Scores with |score| <= THRESHOLD are labelled 0 (VADER's convention for ``compound``).
THRESHOLD = 0.05
#: Methods compared by :func:`evaluate`.
METHODS = ("stanceviz", "vader_sentence")


def load_gold(path: str | Path | None = None) -> pd.DataFrame:
    """Read a gold table (default: the repository's ``tests/data/gold_stance.csv``).

    Returns
    -------
    DataFrame
        pair_id, doc_id, sent_no, theme, target, start, end, tone, cooperation, split, text.
    """
    if path is None:
        path = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold_stance.csv"
        if not path.is_file():
            raise FileNotFoundError(
                f"load_gold() without a path reads the repository's tests/data/gold_stance.csv; it is not at "
                f"{path} (an installed, non-editable package has no tests/). Pass the file's path."
            )
    return pd.read_csv(path, dtype={"doc_id": str, "pair_id": str})


def to_labels(scores: Sequence[float] | np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Map scores to -1/0/+1 with a symmetric dead zone ``[-threshold, threshold]``."""
    x = np.asarray(scores, dtype=float)
    return np.where(x > threshold, 1, np.where(x < -threshold, -1, 0))


def macro_f1(y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[int] = (-1, 0, 1)) -> float:
    """Unweighted mean of the per-class F1 over ``labels`` (a class absent from both counts 0)."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    f1s = []
    for c in labels:
        tp = int(np.sum((t == c) & (p == c)))
        fp = int(np.sum((t != c) & (p == c)))
        fn = int(np.sum((t == c) & (p != c)))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def _vader_compound(texts: list[str]) -> np.ndarray:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    return np.array([sia.polarity_scores(t)["compound"] for t in texts], dtype=float)


def predict(
    labels: pd.DataFrame,
    dimension: str = "tone",
    *,
    window: str | int = "clause",
    themes: ThemeSet | str | Path | None = None,
    lexicons: Mapping[str, Lexicon] | None = None,
    modifiers: Modifiers | str | Path | None = None,
) -> pd.DataFrame:
    """Scores of each method for each row of a labelled table.

    The target of a row is, in order of preference: all mentions of its ``theme`` in the text
    (as :func:`stanceviz.stance.score_sentences` does), else its ``start``/``end`` span, else
    the whole text.

    Returns
    -------
    DataFrame
        The input's columns plus stanceviz (score), vader_sentence (VADER compound) and
        evidence (stanceviz's words behind the score).
    """
    check_columns(labels, ["text"], func="predict", arg="labels")
    window = _check_window(window, "predict")
    ts = _as_themes(themes)
    lex = _as_lexicons(lexicons)
    mods = _as_modifiers(modifiers)
    out = labels.reset_index(drop=True).copy()
    texts = out["text"].astype(str).tolist()
    scores, evidence = [], []
    for r, text in enumerate(texts):
        toks = tokenize(text)
        ranges = ts.token_ranges(toks)
        targets: list[tuple[int, int]] = []
        negative = False
        theme = out["theme"][r] if "theme" in out else None
        if theme is not None and theme in ts.themes:
            targets = [(i, j) for t, i, j in ranges if t == theme]
            negative = ts.themes[theme].negative_target
        if not targets and {"start", "end"} <= set(out.columns) and pd.notna(out["start"][r]):
            targets = _char_ranges(toks, [(int(out["start"][r]), int(out["end"][r]))])
            i0, j0 = targets[0]
            negative = any(ts.themes[t].negative_target for t, i, j in ranges if i < j0 and j > i0)
        win = window
        if not targets:
            targets, win = [(0, 0)], "sentence"
        excluded = [(i, j) for _t, i, j in ranges] + [t for t in targets if t[1] > t[0]]
        prep = _prepare(text, {dimension: lex[dimension]}, mods, toks, excluded)
        score, _n, _p, _q, ev = _score(prep, dimension, targets, win, mods, negative)
        scores.append(score)
        evidence.append(ev)
    out["stanceviz"] = scores
    out["vader_sentence"] = _vader_compound(texts)
    out["evidence"] = evidence
    return out


def evaluate(
    labels_df: pd.DataFrame,
    dimensions: str | Sequence[str] = ("tone", "cooperation"),
    *,
    split_column: str | None = "split",
    window: str | int = "clause",
    threshold: float = THRESHOLD,
    themes: ThemeSet | str | Path | None = None,
    lexicons: Mapping[str, Lexicon] | None = None,
    modifiers: Modifiers | str | Path | None = None,
) -> pd.DataFrame:
    """Agreement of stanceviz and sentence-level VADER with human labels.

    Parameters
    ----------
    labels_df
        A labelled table: ``text``; optionally ``theme`` and/or ``start``/``end`` (the target);
        one label column per dimension (values -1, 0, +1) named like the dimension
        (``tone``, ``cooperation``). Rows with a missing label are skipped for that dimension.
    dimensions
        The dimension(s) to evaluate; each must be a label column.
    split_column
        When this column exists (e.g. ``split`` with dev/test), metrics are reported per split
        and for all rows; None reports all rows only.
    window
        The stanceviz window (``"clause"``, ``"sentence"`` or int N).
    threshold
        Dead zone for turning scores into labels (same for every method).
    themes, lexicons, modifiers
        Passed to the scorer.

    Returns
    -------
    DataFrame
        One row per dimension × split × method: dimension, split ("all", or each value of
        ``split_column``), method ("stanceviz" or "vader_sentence"), n, macro_f1, accuracy,
        spearman (Spearman's rho between the continuous score and the label; NaN when either
        is constant).
    """
    dims = [dimensions] if isinstance(dimensions, str) else list(dimensions)
    check_columns(labels_df, ["text", *dims], func="evaluate", arg="labels_df")
    window = _check_window(window, "evaluate")
    rows = []
    for dim in dims:
        data = labels_df[labels_df[dim].notna()]
        bad = set(pd.unique(data[dim])) - {-1, 0, 1}
        if bad:
            raise ValueError(f"The '{dim}' labels of evaluate must be -1, 0 or +1; got {sorted(bad)}.")
        pred = predict(data, dim, window=window, themes=themes, lexicons=lexicons, modifiers=modifiers)
        groups: list[tuple[str, pd.DataFrame]] = [("all", pred)]
        if split_column and split_column in pred.columns:
            groups += [(str(k), g) for k, g in pred.groupby(split_column, sort=True)]
        for split, g in groups:
            y = g[dim].astype(int).to_numpy()
            for method in METHODS:
                s = g[method].to_numpy(dtype=float)
                yhat = to_labels(s, threshold)
                rho = float("nan")
                if len(g) > 2 and np.ptp(s) > 0 and np.ptp(y) > 0:
                    rho = float(spearmanr(s, y).statistic)
                rows.append({"dimension": dim, "split": split, "method": method, "n": int(len(g)),
                             "macro_f1": macro_f1(y, yhat), "accuracy": float(np.mean(y == yhat)),
                             "spearman": rho})
    return pd.DataFrame(rows, columns=["dimension", "split", "method", "n", "macro_f1", "accuracy", "spearman"])
