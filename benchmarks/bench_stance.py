"""Stance scoring throughput against vaderSentiment's ``polarity_scores`` on the same sentences.

Target (issue 4): stanceviz's target-windowed scoring of both dimensions at least 3x the
throughput of VADER's sentence score. Corpus: the White House press briefings 2021-2022 (read
straight from the tar archive, nothing unpacked), cleaned and split into sentences once; the
timed parts are only the scoring calls, alternated and repeated (best of 3 kept). Prints
sentences/second for each and the ratios, measured in this one run:

1. all sentences — ``score_sentences`` (theme search on every sentence, both dimensions
   scored for every theme found) vs ``polarity_scores`` on every sentence;
2. theme sentences only — the same two on the sentences that mention a theme (the
   like-for-like case: every sentence here is fully scored by stanceviz).

    .venv/bin/python benchmarks/bench_stance.py [--docs N] [--seed S] [--repeats R] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from stanceviz.clean import clean_corpus
from stanceviz.segment import sentences
from stanceviz.stance import score_sentences
from stanceviz.themes import load_themes
from stanceviz.topics_corpora import load_markdown_corpus

ROOT = Path(__file__).resolve().parents[1]
# the press-briefing archive beside the checkout (../shared/corpora), as in tests/test_notebooks.py
CORPUS = ROOT.parent / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"
TARGET = 3.0


def _vader(texts: list[str]) -> float:
    sia = SentimentIntensityAnalyzer()
    t = time.perf_counter()
    for text in texts:
        sia.polarity_scores(text)
    return time.perf_counter() - t


def _stanceviz(table: pd.DataFrame) -> tuple[float, int]:
    t = time.perf_counter()
    out = score_sentences(table)
    return time.perf_counter() - t, len(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--docs", type=int, default=200, help="documents sampled from the archive (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each method (best kept)")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"bench_stance: no corpus at {args.corpus}; pass --corpus PATH to the press-briefing "
                         "archive (a .tar.xz or a folder of Markdown files).")

    docs = load_markdown_corpus(args.corpus, n=args.docs, seed=args.seed)
    clean, _ = clean_corpus(docs)
    sents = sentences(clean)[["doc_id", "sent_no", "text"]]
    themes = load_themes()
    score_sentences(sents.head(50))  # load lexicons and compile patterns outside the timing
    has_theme = [bool(themes.find(t)) for t in sents["text"]]
    theme_sents = sents[has_theme]
    texts = sents["text"].tolist()
    print(f"{len(docs)} briefings, {len(sents)} sentences, {len(theme_sents)} mention a theme")

    rows = []
    for label, table in (("all sentences", sents), ("theme sentences", theme_sents)):
        # alternate the two and keep each one's best of REPEATS runs (as timeit does), so a
        # burst of load on the machine does not decide the ratio
        t_sv = t_vd = float("inf")
        for _ in range(args.repeats):
            t, n_rows = _stanceviz(table)
            t_sv = min(t_sv, t)
            t_vd = min(t_vd, _vader(table["text"].tolist()))
        n = len(table)
        rows.append((label, n, n / t_sv, n / t_vd, t_vd / t_sv, n_rows))
    del texts
    print(f"{'case':18s} {'sentences':>9s} {'stanceviz/s':>12s} {'vader/s':>9s} {'ratio':>7s}  rows scored")
    for label, n, sv, vd, ratio, n_rows in rows:
        print(f"{label:18s} {n:9d} {sv:12.0f} {vd:9.0f} {ratio:6.2f}x  {n_rows} (2 dimensions)")
    print(f"target: stanceviz >= {TARGET:.0f}x VADER; all sentences {'met' if rows[0][4] >= TARGET else 'NOT met'}, "
          f"theme sentences {'met' if rows[1][4] >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
