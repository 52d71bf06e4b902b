"""Topics at scale: stream a bag of words from the tables of :func:`stanceviz.pipeline.run` to disk.

:func:`stream_bow` reads the ``sentences`` (or ``spans``) partitions one at a time, twice: the
first pass builds the gensim ``Dictionary`` (its size grows with the vocabulary, not with the
corpus) and the second writes every unit's bag of words to a Matrix Market file
(``gensim.corpora.MmCorpus``). :func:`stanceviz.topics.fit_lda` accepts the returned
``(dictionary, corpus)`` pair and reads the corpus from disk once per pass, so memory does not
grow with the number of documents.

The units, tokenizer and vocabulary thresholds are those of :func:`stanceviz.topics.topic_units`
and :func:`stanceviz.topics.bag_of_words`; the streamed result equals
``bag_of_words(units, phrases=False)`` on the same units (tested). Collocation phrases
(``chemical_weapons``) are not formed when streaming: gensim's ``Phrases`` would need one more
pass and a bigram table that grows with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ._checks import check_choice

__all__ = ["stream_bow"]


def _unit_tables(out: Path, unit: str) -> Iterator[pd.DataFrame]:
    from .pipeline import _read_parquet
    from .topics import topic_units

    table = "spans" if unit == "turn" else "sentences"
    files = sorted((out / table).glob("part-*.parquet"))
    if not files:
        raise FileNotFoundError(f"stream_bow: no {table} tables in {out}; run stanceviz.pipeline.run(..., out={str(out)!r}) "
                                "first" + (" with score=True (turns need the spans table)." if unit == "turn" else "."))
    for f in files:
        part = _read_parquet(f, decode_json=False)
        if len(part):
            yield topic_units(part, unit)


def stream_bow(
    out: str | Path,
    path: str | Path,
    *,
    unit: str = "paragraph",
    tokenizer: Any = None,
    no_below: int | None = None,
    no_above: float | None = None,
    keep_n: int = 100_000,
    min_tokens: int = 2,
) -> tuple[Any, Any]:
    """Build a dictionary and a disk-backed bag-of-words corpus from a pipeline run, partition by partition.

    Parameters
    ----------
    out
        Output folder of :func:`stanceviz.pipeline.run`.
    path
        The Matrix Market file to write (``"bow.mm"``); gensim writes ``path.index`` next to
        it, and this function ``path.units.parquet`` (the units kept, in corpus order).
    unit
        ``"paragraph"``, ``"sentence"``, ``"document"`` (from the ``sentences`` table) or
        ``"turn"`` (from ``spans``), as in :func:`stanceviz.topics.topic_units`.
    tokenizer, no_below, no_above, keep_n, min_tokens
        As in :func:`stanceviz.topics.bag_of_words` (defaults adapt to the number of units).

    Returns
    -------
    (gensim.corpora.Dictionary, gensim.corpora.MmCorpus)
        Pass the pair to :func:`stanceviz.topics.fit_lda`. The units file has columns
        ``unit_id, doc_id``, the unit key, the grouping columns of ``topic_units`` and
        ``n_tokens`` (no text).

    Examples
    --------
    >>> run("corpus/", "out/")                                                 # doctest: +SKIP
    >>> dictionary, mm = stream_bow("out/", "out/bow.mm", unit="paragraph")    # doctest: +SKIP
    >>> model = fit_lda((dictionary, mm), k=20, seed=0)                        # doctest: +SKIP
    """
    from gensim.corpora import Dictionary, MmCorpus

    from .topics import _default_no_above, _default_no_below, make_tokenizer

    check_choice(unit, ("paragraph", "sentence", "document", "turn"), func="stream_bow", arg="unit")
    out, path = Path(out), Path(path)
    tok = tokenizer if tokenizer is not None else make_tokenizer()

    dictionary, n_units = Dictionary(), 0
    for units in _unit_tables(out, unit):  # pass 1: vocabulary
        dictionary.add_documents([tok(t) for t in units["text"]])
        n_units += len(units)
    nb = _default_no_below(n_units) if no_below is None else int(no_below)
    na = _default_no_above(n_units) if no_above is None else float(no_above)
    dictionary.filter_extremes(no_below=nb, no_above=na, keep_n=keep_n)
    vocab = dictionary.token2id

    kept: list[pd.DataFrame] = []

    def bows() -> Iterator[list[tuple[int, int]]]:  # pass 2: one unit at a time, straight to disk
        for units in _unit_tables(out, unit):
            toks = [[w for w in tok(t) if w in vocab] for t in units["text"]]
            keep = [len(t) >= min_tokens for t in toks]
            meta = units.loc[keep].drop(columns=["text", "n_chars"], errors="ignore")
            meta["n_tokens"] = [len(t) for t, k in zip(toks, keep) if k]
            kept.append(meta)
            for t, k in zip(toks, keep):
                if k:
                    yield dictionary.doc2bow(t)

    path.parent.mkdir(parents=True, exist_ok=True)
    MmCorpus.serialize(str(path), bows(), id2word=dictionary)
    units_path = path.with_name(path.name + ".units.parquet")
    pd.concat(kept, ignore_index=True).to_parquet(units_path, index=False)
    return dictionary, MmCorpus(str(path))
