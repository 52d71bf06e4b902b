"""Choosing K, seeded priors, topic comparison, prevalence and pyLDAvis export.

Import these from :mod:`stanceviz.topics`; this module only keeps ``topics.py`` short.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._checks import check_columns
from .compare import bootstrap_ci, rng
from .topics import BagOfWords, TopicInputError, TopicModel, _as_bow, _check_fit_input, fit_lda

__all__ = [
    "SeededPrior",
    "seeded_eta",
    "select_k",
    "suggest_k",
    "topic_stability",
    "compare_topics",
    "seed_recovery",
    "prevalence",
    "export_ldavis",
]

COHERENCE_MEASURES = ("c_v", "c_npmi", "u_mass")


# ----------------------------------------------------------------------------------------------
# Theme-seeded prior
# ----------------------------------------------------------------------------------------------

@dataclasses.dataclass
class SeededPrior:
    """A (K × V) topic–word prior that raises seed terms in designated topics.

    Attributes
    ----------
    matrix
        The eta array passed to gensim (also available through ``np.asarray(prior)``).
    terms
        Theme name → vocabulary terms seeded in that theme's topic (topic ``i`` is the
        ``i``-th theme).
    missing
        Theme name → seed words with no term in the vocabulary.
    strength
        The prior weight given to seed terms.
    """

    matrix: np.ndarray
    terms: dict[str, list[str]]
    missing: dict[str, list[str]]
    strength: float = 0.0

    def __array__(self, dtype=None, copy=None):  # noqa: D105
        return self.matrix if dtype is None else self.matrix.astype(dtype)


def seeded_eta(
    dictionary: Any,
    seeds: Mapping[str, Sequence[str]],
    *,
    k: int,
    strength: float | None = None,
    base: float | None = None,
    off_topic: float = 0.01,
) -> SeededPrior:
    """Topic–word prior for theme-seeded LDA.

    Topic ``i`` is designated for the ``i``-th theme of ``seeds``; its seed terms get prior
    weight ``strength`` (a pseudo-count added to the term's expected count in that topic,
    like the seeded priors of keyATM and tomotopy), and ``base * off_topic`` in every other
    topic, so a seed term is drawn toward its theme. Every other cell is ``base``. Topics past
    the number of themes stay unseeded and free to find what the themes do not cover.

    Parameters
    ----------
    dictionary
        The :class:`BagOfWords` of the corpus (seed words are then tokenised like the corpus:
        aliases, phrases) or a gensim ``Dictionary`` (seed words lower-cased, spaces → ``_``).
    seeds
        Theme name → seed words or phrases, e.g. ``{"syria": ["Syria", "Assad", "ceasefire"]}``.
    k
        Number of topics of the model; at least the number of themes.
    strength
        Prior weight (pseudo-count) of a seed term in its theme's topic. Default: the median
        corpus frequency of the seeded terms, so the prior is as strong as a typical seed
        term's own evidence whatever the corpus size (a fixed number would dominate a small
        corpus and vanish in a large one).
    base
        Prior of every other cell; default 1/K (gensim's symmetric default).
    off_topic
        Multiplier of ``base`` for a seed term in the topics of other themes.

    Returns
    -------
    SeededPrior

    Raises
    ------
    TopicInputError
        A theme has no seed word in the vocabulary, or there are more themes than topics.
    """
    if not isinstance(seeds, Mapping) or not seeds:
        raise ValueError(f"The 'seeds' argument of seeded_eta must be a non-empty mapping theme -> words; got {seeds!r}.")
    if len(seeds) > k:
        raise TopicInputError(f"seeded_eta: {len(seeds)} themes need at least as many topics; got k={k}. "
                              "Raise k or pass fewer themes.")
    if isinstance(dictionary, BagOfWords):
        bow = dictionary
    elif hasattr(dictionary, "token2id"):
        bow = BagOfWords(dictionary, [], None, None, {})
    else:
        raise TypeError(f"The 'dictionary' argument of seeded_eta must be a BagOfWords or gensim Dictionary; "
                        f"got {type(dictionary).__name__}.")
    vocab = bow.dictionary.token2id
    n_terms = len(vocab)
    b = 1.0 / k if base is None else float(base)
    eta = np.full((k, n_terms), b, dtype=float)
    terms: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    for i, (theme, words) in enumerate(seeds.items()):
        if isinstance(words, str):
            words = [words]
        found: list[str] = []
        for w in words:
            got = bow.terms_of(str(w))
            if got:
                found += [g for g in got if g not in found]
            else:
                missing.setdefault(str(theme), []).append(str(w))
        if not found:
            raise TopicInputError(
                f"seeded_eta: none of the seed words of theme {theme!r} ({', '.join(map(str, words))}) is in the "
                f"vocabulary of {n_terms} terms. Check spelling, lower no_below in bag_of_words, or drop the theme."
            )
        terms[str(theme)] = found
        for term in found:
            j = vocab[term]
            eta[:, j] = b * off_topic
    if strength is None:
        cfs = bow.dictionary.cfs
        counts = [cfs.get(vocab[t], 0) for ts in terms.values() for t in ts]
        strength = float(max(1.0, np.median(counts))) if counts else 1.0
    for i, theme in enumerate(terms):  # a term seeded in two themes gets the strength in both
        for term in terms[theme]:
            eta[i, vocab[term]] = float(strength)
    if missing:
        warnings.warn("seeded_eta: seed words not in the vocabulary: "
                      + "; ".join(f"{t}: {', '.join(ws)}" for t, ws in missing.items()), UserWarning, stacklevel=2)
    return SeededPrior(eta, terms, missing, float(strength))


# ----------------------------------------------------------------------------------------------
# Choosing K
# ----------------------------------------------------------------------------------------------

def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if (sa or sb) else 1.0


def _match(tops_a: list[list[str]], tops_b: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best one-to-one matching of two topic sets by Jaccard of their top terms (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    sim = np.array([[_jaccard(a, b) for b in tops_b] for a in tops_a])
    rows, cols = linear_sum_assignment(-sim)
    return rows, cols, sim


def topic_stability(runs: Sequence[Any], *, n: int = 10) -> float:
    """Mean best-match Jaccard similarity of top-``n`` term sets between runs (Greene et al. 2014).

    For every pair of runs, topics are matched one-to-one (Hungarian algorithm) to maximise
    the Jaccard similarity of their top ``n`` terms; the pair's score is the mean over matched
    topics, and the result is the mean over all pairs. 1 means every run finds the same topics.

    Parameters
    ----------
    runs
        :class:`TopicModel` objects (or lists of top-term lists) fitted with different seeds.
    n
        Number of top terms per topic.
    """
    tops = [r.top_term_lists(n) if isinstance(r, TopicModel) else [list(t)[:n] for t in r] for r in runs]
    if len(tops) < 2:
        raise ValueError(f"topic_stability needs at least 2 runs; got {len(tops)}.")
    scores = []
    for a, b in itertools.combinations(tops, 2):
        rows, cols, sim = _match(a, b)
        scores.append(float(sim[rows, cols].mean()))
    return float(np.mean(scores))


def _coherence(topics: list[list[str]], bow: BagOfWords, measure: str, max_texts: int, seed: int) -> np.ndarray:
    from gensim.models.coherencemodel import CoherenceModel

    kwargs: dict[str, Any] = {"topics": topics, "dictionary": bow.dictionary, "coherence": measure,
                              "topn": len(topics[0]), "processes": 1}
    if measure == "u_mass":
        kwargs["corpus"] = bow.corpus
    else:
        if bow.tokens is None:
            raise TopicInputError(f"select_k: coherence {measure!r} needs the token lists of the units; a bare "
                                  "(dictionary, corpus) pair has none. Use measures=('u_mass',) or pass units.")
        texts = bow.tokens
        if len(texts) > max_texts:  # bound the sliding-window pass: a seeded sample of units
            idx = np.sort(rng(seed).choice(len(texts), size=max_texts, replace=False))
            texts = [texts[i] for i in idx]
        kwargs["texts"] = texts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        cm = CoherenceModel(**kwargs)
        return np.asarray(cm.get_coherence_per_topic(), dtype=float)


def select_k(
    units: Any,
    ks: Sequence[int],
    seeds: Sequence[int] = (0, 1, 2),
    *,
    n: int = 10,
    measures: Sequence[str] = COHERENCE_MEASURES,
    passes: int = 10,
    iterations: int = 100,
    max_texts: int = 5000,
    **fit_kwargs: Any,
) -> pd.DataFrame:
    """Diagnostics for the number of topics: coherence and seed stability per K.

    For each K, one model is fitted per seed. Coherence of the top ``n`` terms (gensim's
    c_v, c_npmi and u_mass) is averaged over topics and then over seeds; stability is
    :func:`topic_stability` across the seeds' runs.

    Parameters
    ----------
    units
        As :func:`fit_lda`; a :class:`BagOfWords` is built once and reused for all runs.
    ks
        Candidate numbers of topics.
    seeds
        Seeds of the runs for each K (at least 2 for stability).
    n
        Top terms per topic for coherence and stability.
    measures
        Coherence measures to compute (subset of ``("c_v", "c_npmi", "u_mass")``).
    passes, iterations, **fit_kwargs
        Passed to :func:`fit_lda`.
    max_texts
        c_v and c_npmi slide a window over the texts; on larger corpora they use a seeded
        sample of this many units (seed = first of ``seeds``) to bound the time.

    Returns
    -------
    DataFrame
        One row per K and metric: ``k``, ``metric`` (``"c_v"``, ``"c_npmi"``, ``"u_mass"``,
        ``"stability"``), ``mean``, ``sd`` (across seeds; for stability across run pairs),
        ``n`` (runs, or run pairs for stability). Higher is better for every metric (u_mass
        is negative; closer to 0 is better).
    """
    func = "select_k"
    bad = [m for m in measures if m not in COHERENCE_MEASURES]
    if bad:
        raise ValueError(f"The 'measures' argument of {func} must be a subset of {COHERENCE_MEASURES}; got {bad!r}.")
    ks = [int(x) for x in ks]
    seeds = list(seeds)
    if not ks:
        raise ValueError(f"The 'ks' argument of {func} must list at least one K; got {ks!r}.")
    bow = _as_bow(units, func)
    for k in ks:
        _check_fit_input(bow, k, func)
    tops = {k: [fit_lda(bow, k, seed=s, passes=passes, iterations=iterations, **fit_kwargs).top_term_lists(n)
                for s in seeds] for k in ks}
    flat = [t for k in ks for run in tops[k] for t in run]
    # one coherence pass per measure over the topics of every run: the co-occurrence counts are
    # estimated once, not once per K
    scores = {m: _coherence(flat, bow, m, max_texts, seeds[0] if seeds else 0) for m in measures}
    rows = []
    pos = 0
    for k in ks:
        size = len(seeds) * k
        for m in measures:
            per_run = np.nanmean(scores[m][pos:pos + size].reshape(len(seeds), k), axis=1)
            rows.append((k, m, float(np.mean(per_run)),
                         float(np.std(per_run, ddof=1)) if len(seeds) > 1 else np.nan, len(seeds)))
        pos += size
        if len(seeds) > 1:
            pair = []
            for a, b in itertools.combinations(tops[k], 2):
                r_, c_, sim = _match(a, b)
                pair.append(float(sim[r_, c_].mean()))
            rows.append((k, "stability", float(np.mean(pair)),
                         float(np.std(pair, ddof=1)) if len(pair) > 1 else np.nan, len(pair)))
    return pd.DataFrame(rows, columns=["k", "metric", "mean", "sd", "n"])


def suggest_k(table: pd.DataFrame, *, metrics: Sequence[str] = ("c_npmi", "stability")) -> int:
    """The K that a simple, stated rule picks from a :func:`select_k` table.

    Each metric's mean is z-scored across the candidate Ks; the K with the highest average
    z-score wins (ties: the smaller K). The default weighs one coherence measure (c_npmi, which
    tracks human judgements of topic quality well; Röder et al. 2015) and seed stability
    equally. The rule is a starting point, not a verdict: read the figure and the topics.
    """
    check_columns(table, ["k", "metric", "mean"], func="suggest_k", arg="table")
    wide = table.pivot_table(index="k", columns="metric", values="mean")
    missing = [m for m in metrics if m not in wide.columns]
    if missing:
        raise ValueError(f"The 'metrics' argument of suggest_k names metrics not in the table: {missing!r}; "
                         f"table has {', '.join(map(str, wide.columns))}.")
    sub = wide[list(metrics)]
    z = (sub - sub.mean()) / sub.std(ddof=0).replace(0, 1.0)
    score = z.mean(axis=1)
    return int(score[score == score.max()].index.min())


# ----------------------------------------------------------------------------------------------
# Comparing models, seed recovery
# ----------------------------------------------------------------------------------------------

def compare_topics(a: TopicModel, b: TopicModel, *, n: int = 10) -> pd.DataFrame:
    """Jaccard similarity of top-``n`` term sets between every topic of ``a`` and of ``b``.

    Returns
    -------
    DataFrame
        One row per pair: ``topic_a``, ``label_a``, ``topic_b``, ``label_b``, ``jaccard``,
        ``matched`` (True for the one-to-one best match, Hungarian algorithm).
    """
    ta, tb = a.top_term_lists(n), b.top_term_lists(n)
    rows_, cols_, sim = _match(ta, tb)
    matched = set(zip(rows_.tolist(), cols_.tolist()))
    la, lb = a.labels(), b.labels()
    rows = [(i, la[i], j, lb[j], float(sim[i, j]), (i, j) in matched) for i in range(a.k) for j in range(b.k)]
    return pd.DataFrame(rows, columns=["topic_a", "label_a", "topic_b", "label_b", "jaccard", "matched"])


def seed_recovery(model: TopicModel, seeds: Mapping[str, Sequence[str]], *, n: int = 10) -> pd.DataFrame:
    """How well a model's topics recover each theme's seed terms.

    For each theme, the topic is the designated one of a seeded model (the theme's position in
    ``model.seeds``), else the topic that gives the theme's seed terms most probability.

    Returns
    -------
    DataFrame
        One row per theme: ``theme``, ``topic``, ``label``, ``n_seed_terms`` (seed terms in the
        vocabulary), ``hits`` (seed terms among the topic's top ``n``), ``hit_share``
        (hits / min(n, n_seed_terms)), ``seed_mass`` (summed P(term | topic) of the seed terms),
        ``seeded`` (whether the model was seeded with this theme), ``top_terms`` (the topic's
        top ``n``, joined by spaces).
    """
    phi = model.topic_term_matrix()
    vocab = model.dictionary.token2id
    tops = model.top_term_lists(n)
    labels = model.labels()
    designated = list(model.seeds) if model.seeds else []
    rows = []
    for theme, words in seeds.items():
        words = [words] if isinstance(words, str) else list(words)
        terms = list(dict.fromkeys(t for w in words for t in model.bow.terms_of(str(w))))
        ids = [vocab[t] for t in terms]
        mass = phi[:, ids].sum(axis=1) if ids else np.zeros(model.k)
        seeded = theme in designated
        topic = designated.index(theme) if seeded else int(np.argmax(mass))
        hits = len(set(terms) & set(tops[topic]))
        denom = min(n, len(terms))
        rows.append((str(theme), topic, labels[topic], len(terms), hits, hits / denom if denom else np.nan,
                     float(mass[topic]), seeded, " ".join(tops[topic])))
    return pd.DataFrame(rows, columns=["theme", "topic", "label", "n_seed_terms", "hits", "hit_share",
                                       "seed_mass", "seeded", "top_terms"])


# ----------------------------------------------------------------------------------------------
# Prevalence
# ----------------------------------------------------------------------------------------------

def prevalence(
    model: TopicModel,
    units: pd.DataFrame | None = None,
    by: str | Sequence[str] = "outlet",
    n_boot: int = 1000,
    seed: int = 0,
    *,
    ci: float = 0.95,
    min_n: int = 1,
) -> pd.DataFrame:
    """Mean topic share per group with percentile bootstrap confidence intervals.

    The share of topic t in group g is the mean, over the group's units, of each unit's share of
    t (every unit counts once, as in stm's prevalence plots); the interval resamples units
    (:func:`stanceviz.compare.bootstrap_ci`, the same resampled units for every topic of a group).

    Parameters
    ----------
    model
        A fitted :class:`TopicModel`.
    units
        Table with ``unit_id`` and the grouping columns; default ``model.units``. Units of the
        model that are not in this table are left out.
    by
        A grouping column, or several (each gives its own rows, named in column ``by``).
    n_boot, seed, ci
        Bootstrap resamples, seed and interval level.
    min_n
        Groups with fewer units are left out (a mean of two paragraphs is not a profile).

    Returns
    -------
    DataFrame
        Columns ``by`` (grouping column), ``group`` (its value, as str), ``topic``, ``label``,
        ``mean``, ``ci_low``, ``ci_high``, ``n`` (units in the group). Units whose group is
        missing, and groups with fewer than ``min_n`` units, are left out.
    """
    func = "prevalence"
    rng(seed)
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 0:
        raise ValueError(f"The 'n_boot' argument of {func} must be a non-negative integer; got {n_boot!r}.")
    cols = [by] if isinstance(by, str) else list(by)
    table = model.units if units is None else units
    check_columns(table, ["unit_id", *cols], func=func, arg="units")
    shares = pd.DataFrame(model.share_matrix(), columns=range(model.k))
    shares.insert(0, "unit_id", model.units["unit_id"].astype(str).to_numpy())
    meta = table[["unit_id", *cols]].copy()
    meta["unit_id"] = meta["unit_id"].astype(str)
    meta = meta.drop_duplicates("unit_id")
    merged = shares.merge(meta, on="unit_id", how="inner")
    if merged.empty:
        raise ValueError(f"{func}: no unit_id of 'units' matches the model's units (e.g. {shares['unit_id'].iloc[0]!r}).")
    labels = model.labels()
    rows = []
    for col in cols:
        sub = merged[merged[col].notna()]
        for group, g in sub.groupby(sub[col].astype(str), sort=True):
            if len(g) < min_n:
                continue
            for t in range(model.k):
                mean, lo, hi = bootstrap_ci(g[t].to_numpy(), n_boot=int(n_boot), seed=seed, ci=ci)
                rows.append((col, str(group), t, labels[t], mean, lo, hi, len(g)))
    return pd.DataFrame(rows, columns=["by", "group", "topic", "label", "mean", "ci_low", "ci_high", "n"])


# ----------------------------------------------------------------------------------------------
# pyLDAvis
# ----------------------------------------------------------------------------------------------

_LDAVIS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
{css}
</style>
<script type="text/javascript">
{d3}
</script>
<script type="text/javascript">
{ldavis}
</script>
</head>
<body>
<h1 style="font-family:sans-serif;font-size:16px">{title}</h1>
<div id="{visid}" style="background-color:white;"></div>
<script type="text/javascript">
new LDAvis("#{visid}", {data});
</script>
</body>
</html>
"""


def export_ldavis(model: TopicModel, path: str | Path, *, title: str | None = None, R: int = 30) -> Path:
    """Write an interactive pyLDAvis page that works offline.

    pyLDAvis's own HTML loads d3 and LDAvis from CDNs; this page inlines the d3 and LDAvis
    JavaScript and CSS that the pyLDAvis package ships, so no script has a ``src``. Topics keep
    this model's order (pyLDAvis topic ``i + 1`` is topic ``i`` here).

    Parameters
    ----------
    model
        A fitted :class:`TopicModel`.
    path
        Output ``.html`` file (folders are created).
    title
        Page heading.
    R
        Terms shown per topic.

    Returns
    -------
    Path
        The written file.
    """
    import pyLDAvis
    import pyLDAvis.urls as urls

    phi = model.topic_term_matrix()
    theta = model.share_matrix()
    lengths = np.array([sum(c for _, c in bow) for bow in model.corpus], dtype=float)
    freq = np.zeros(len(model.dictionary))
    for bow in model.corpus:
        for j, c in bow:
            freq[j] += c
    keep = freq > 0  # pyLDAvis needs every term to occur
    inv = {v: k for k, v in model.dictionary.token2id.items()}
    vocab = [inv[j] for j in np.flatnonzero(keep)]
    phi_k = phi[:, keep]
    phi_k = phi_k / phi_k.sum(axis=1, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = pyLDAvis.prepare(phi_k, theta, lengths, vocab, freq[keep], R=R, n_jobs=1,
                                sort_topics=False, mds="pcoa")
    def read(p: str) -> str:  # inlined into <script>/<style>: a literal "</" must not close the tag
        return Path(p).read_text(encoding="utf-8").replace("</script", "<\\/script").replace("</style", "<\\/style")

    title = title or f"LDA topics (K={model.k}, seed={model.seed})"
    page = _LDAVIS_PAGE.format(
        title=html.escape(title), css=read(urls.LDAVIS_CSS_LOCAL), d3=read(urls.D3_LOCAL),
        ldavis=read(urls.LDAVIS_LOCAL), visid="ldavis_stanceviz",
        data=json.dumps(json.loads(data.to_json())).replace("</", "<\\/"),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
