"""Compare groups (speakers, outlets, events): aggregates with bootstrap uncertainty, keyness.

Functions return tidy tables; :mod:`stanceviz.plot` draws them.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from ._checks import check_columns

__all__ = ["aggregate", "bootstrap_ci", "keyness", "rng", "top_levels"]


def rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Resolve a seed into a Generator (the one place stanceviz turns seeds into randomness).

    ``None`` is refused: every random step in stanceviz takes an explicit seed.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError("stanceviz needs an explicit integer seed; got None.")
    return np.random.default_rng(int(seed))


def bootstrap_ci(
    values, *, n_boot: int = 2000, seed: int | np.random.Generator = 0, ci: float = 0.95
) -> tuple[float, float, float]:
    """Mean of ``values`` with a percentile bootstrap confidence interval.

    Returns ``(mean, low, high)``; NaNs for an empty input and ``(x, x, x)`` for one value.

    >>> bootstrap_ci([1.0, 1.0, 1.0])
    (1.0, 1.0, 1.0)
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (float("nan"), float("nan"), float("nan"))
    mean = float(x.mean())
    if x.size == 1 or n_boot <= 0:
        return (mean, mean, mean)
    gen = rng(seed)
    idx = gen.integers(0, x.size, size=(n_boot, x.size))
    means = x[idx].mean(axis=1)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return (mean, float(low), float(high))


def _group_seed(seed: int | np.random.Generator, key: tuple) -> int | np.random.Generator:
    """A seed for one group that depends only on ``seed`` and the group's key.

    Each group's bootstrap is then the same whatever other groups the table holds.
    A Generator is used as it is (its stream is shared by the groups, in sorted order).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return rng(seed)  # raises the "explicit seed" error
    crc = zlib.crc32(repr(tuple(str(k) for k in key)).encode("utf-8"))
    return int(np.random.SeedSequence([int(seed), crc]).generate_state(1)[0])


def aggregate(
    scores: pd.DataFrame,
    by: str | list[str],
    dimension: str,
    n_boot: int = 2000,
    seed: int | np.random.Generator = 0,
    min_n: int = 5,
) -> pd.DataFrame:
    """Mean stance per group with a percentile-bootstrap 95 % CI, counts and a log-ratio.

    Parameters
    ----------
    scores
        A :func:`stanceviz.stance.score_sentences` table: needs ``dimension``, ``score`` and
        the ``by`` columns; ``pos``/``neg`` (evidence sums) are used for the log-ratio when
        present. Every scored (span, theme) row counts, including those without evidence
        (score 0): a mention without evaluative words is a neutral mention.
    by
        Grouping column or list of columns, e.g. ``"speaker"`` or ``["outlet", "theme"]``.
    dimension
        The dimension to aggregate (``"tone"`` or ``"cooperation"``).
    n_boot
        Bootstrap resamples (0 gives ci_low = ci_high = mean).
    seed
        Integer seed (or Generator). With an integer, each group's resampling depends only on
        the seed and the group's key, so adding a group does not change the others' CIs.
    min_n
        Groups with fewer rows are flagged ``low_n`` (kept, so figures can grey them out).

    Returns
    -------
    DataFrame
        One row per group, sorted by the ``by`` columns: the ``by`` columns, dimension, mean
        (mean score), ci_low, ci_high (95 % percentile bootstrap of the mean), n (rows), n_pos
        and n_neg (rows with score > 0 / < 0), log_ratio = log((P + 0.5) / (N + 0.5)) where P
        and N are the summed ``pos`` and ``neg`` evidence of the group (the counts n_pos and
        n_neg when those columns are absent), low_n (n < min_n).

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["a", "a", "b"], "dimension": "tone", "score": [0.5, 0.1, -0.2]})
    >>> aggregate(t, "speaker", "tone", n_boot=0)[["speaker", "mean", "n", "low_n"]]
      speaker  mean  n  low_n
    0       a   0.3  2   True
    1       b  -0.2  1   True
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    if not by_cols:
        raise ValueError("The 'by' argument of aggregate must name at least one column; got [].")
    check_columns(scores, ["dimension", "score", *by_cols], func="aggregate", arg="scores")
    if int(min_n) < 0 or int(n_boot) < 0:
        raise ValueError(f"aggregate needs n_boot >= 0 and min_n >= 0; got n_boot={n_boot}, min_n={min_n}.")
    data = scores[scores["dimension"] == dimension]
    has_mass = "pos" in data.columns and "neg" in data.columns
    columns = [*by_cols, "dimension", "mean", "ci_low", "ci_high", "n", "n_pos", "n_neg", "log_ratio", "low_n"]
    rows = []
    for key, g in data.groupby(by_cols, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        x = g["score"].to_numpy(dtype=float)
        mean, lo, hi = bootstrap_ci(x, n_boot=int(n_boot), seed=_group_seed(seed, key))
        n_pos, n_neg = int((x > 0).sum()), int((x < 0).sum())
        p = float(g["pos"].sum()) if has_mass else float(n_pos)
        q = float(g["neg"].sum()) if has_mass else float(n_neg)
        rows.append((*key, dimension, mean, lo, hi, len(g), n_pos, n_neg,
                     float(np.log((p + 0.5) / (q + 0.5))), len(g) < int(min_n)))
    out = pd.DataFrame(rows, columns=columns)
    out["low_n"] = out["low_n"].astype(bool)
    out["n"] = out["n"].astype(int)
    return out


def keyness(
    data: pd.DataFrame,
    group: str,
    *,
    text: str = "text",
    prior: float | None = None,
    min_count: int = 3,
    top_n: int | None = 15,
    tokenizer=None,
) -> pd.DataFrame:
    """Distinctive words of each group against all others: log-odds ratio with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 22), one-vs-rest.

    For word *w*, group *i* and the rest *j*, with counts *y*, totals *n* and prior
    α_w = α₀ · (corpus count of *w* / corpus total):

    δ_w = log((y_iw + α_w) / (n_i + α₀ − y_iw − α_w)) − log((y_jw + α_w) / (n_j + α₀ − y_jw − α_w)),
    σ²(δ_w) ≈ 1/(y_iw + α_w) + 1/(y_jw + α_w),  z = δ_w / σ.

    Parameters
    ----------
    data
        Tidy table of texts with a grouping column (speaker spans, sentences, documents).
    group
        The grouping column; any number of groups (each is compared with the union of the others).
    text
        The text column.
    prior
        α₀, the prior's total pseudo-count; default: the corpus' token count (a prior as strong
        as the data, the setting Monroe et al. use); smaller values trust the counts more.
    min_count
        Words seen fewer times in the whole corpus are skipped.
    top_n
        Keep the ``top_n`` most distinctive words per group (by z); all when None.
    tokenizer
        ``text -> list[str]``; default: the topic-model tokenizer (lower case, canonical aliases,
        stop words removed; :func:`stanceviz.topics.make_tokenizer`).

    Returns
    -------
    DataFrame
        ``group, term, count, count_rest, delta, se, z, rank`` (rank 1 = most distinctive of the
        group), sorted by group and rank; ``group`` holds the levels of the ``group`` column.
    """
    from collections import Counter

    check_columns(data, [group, text], func="keyness", arg="data")
    if tokenizer is None:
        from .topics_tokens import make_tokenizer

        tokenizer = make_tokenizer()
    counts: dict[object, Counter] = {}
    for g, t in zip(data[group], data[text]):
        counts.setdefault(g, Counter()).update(tokenizer(t) if isinstance(t, str) else [])
    total = Counter()
    for c in counts.values():
        total.update(c)
    vocab = sorted(w for w, c in total.items() if c >= int(min_count))
    cols = ["group", "term", "count", "count_rest", "delta", "se", "z", "rank"]
    if not vocab or len(counts) < 2:
        return pd.DataFrame(columns=cols)
    y_all = np.array([total[w] for w in vocab], dtype=float)
    n_all = y_all.sum()
    a0 = float(prior) if prior is not None else n_all
    alpha = a0 * y_all / n_all
    frames = []
    for g in sorted(counts, key=str):
        y_i = np.array([counts[g][w] for w in vocab], dtype=float)
        y_j = y_all - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        if n_i == 0 or n_j == 0:
            continue
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
        se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        frame = pd.DataFrame({"group": g, "term": vocab, "count": y_i.astype(int), "count_rest": y_j.astype(int),
                              "delta": delta, "se": se, "z": delta / se})
        frame = frame[frame["count"] > 0].sort_values(["z", "term"], ascending=[False, True], kind="stable")
        frame["rank"] = np.arange(1, len(frame) + 1)
        frames.append(frame.head(top_n) if top_n else frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return out[cols]


def top_levels(data: pd.DataFrame, column: str, k: int = 4, *, exclude: tuple = ()) -> list:
    """The ``k`` most frequent levels of ``column`` (ties broken by name), for choosing which
    speakers or outlets a figure compares."""
    check_columns(data, [column], func="top_levels", arg="data")
    counts = data.loc[~data[column].isin(exclude), column].value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [level for level, _ in ranked[:k]]
