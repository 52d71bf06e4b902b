"""The pipeline in one call: load → clean → sentences → speakers → stance, as tidy tables.

Notebooks and the command line use :func:`build_tables`, so every figure is made from the same
stage functions in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Tables", "build_tables"]


@dataclass
class Tables:
    """Every table of one pipeline run.

    Attributes
    ----------
    docs
        :func:`stanceviz.corpus.load_corpus` output (raw text); ``docs.attrs["ingest_report"]``.
    clean_docs, cleaning_report
        :func:`stanceviz.clean.clean_corpus` output.
    sentences
        :func:`stanceviz.segment.sentences` output.
    spans
        :func:`stanceviz.speakers.attribute` output, with the document's ``event`` and ``date``.
    scores
        :func:`stanceviz.stance.score_sentences` on ``spans`` (both dimensions).
    input_hash
        :func:`stanceviz.corpus.corpus_hash` of ``docs``, for figure provenance.
    """

    docs: pd.DataFrame
    clean_docs: pd.DataFrame
    cleaning_report: pd.DataFrame
    sentences: pd.DataFrame
    spans: pd.DataFrame
    scores: pd.DataFrame
    input_hash: str


def build_tables(source: str | Path, manifest: str | Path | None = None, *, score: bool = True) -> Tables:
    """Run every stage on a corpus held in memory.

    Parameters
    ----------
    source, manifest
        As for :func:`stanceviz.corpus.load_corpus`.
    score
        Also attribute speakers and score stance (False: ``spans`` and ``scores`` are empty).
    """
    from .clean import clean_corpus
    from .corpus import corpus_hash, load_corpus
    from .segment import sentences

    docs = load_corpus(source, manifest=manifest)
    clean_docs, report = clean_corpus(docs)
    sents = sentences(clean_docs)
    spans = scores = pd.DataFrame()
    if score:
        from .speakers import attribute
        from .stance import score_sentences

        spans = attribute(sents, clean_docs)
        extra = [c for c in ("event", "date", "kind") if c in clean_docs and c not in spans]
        if extra:
            spans = spans.merge(clean_docs[["doc_id", *extra]], on="doc_id", how="left")
        scores = score_sentences(spans)
    return Tables(docs, clean_docs, report, sents, spans, scores, corpus_hash(docs))
