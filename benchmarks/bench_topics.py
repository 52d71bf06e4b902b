"""Benchmark the topics stage on the 663 White House press briefings.

Prints, measured in this one run:

1. tokenisation throughput of the topic tokenizer (aliases, stop words, clitics) in MB/s and
   tokens/s, and the time of the whole ``bag_of_words`` step (tokens + Phrases + Dictionary);
2. the time of ``stanceviz.topics.fit_lda`` against a raw ``gensim.models.LdaModel`` on the same
   bag of words with the same settings, as a ratio (target: overhead <= 10 %), and checks that
   both give the same topics (same seed, same settings → same model).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_topics.py                 # all 663 briefings
    .venv/bin/python benchmarks/bench_topics.py --docs 100 --k 10 --passes 1

The archive is read directly (nothing is unpacked). Paragraph units come from the Markdown
paragraphs (cleaning and sentence segmentation are other stages with their own benchmarks).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"


def _paragraph_table(docs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        for i, para in enumerate(text.split("\n\n")):
            rows.append((doc_id, i, para))
    return pd.DataFrame(rows, columns=["doc_id", "para_no", "text"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=str(DEFAULT_ARCHIVE))
    parser.add_argument("--docs", type=int, default=None, help="seeded sample of briefings (default: all)")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=2, help="timed runs of each fit; the minimum is reported")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    archive = Path(args.archive)
    if not archive.is_file():
        print(f"SKIP: archive not found: {archive}")
        return 0

    from gensim.models import LdaModel

    from stanceviz import topics as tp
    from stanceviz.topics_corpora import load_markdown_corpus

    t0 = time.perf_counter()
    docs = load_markdown_corpus(archive, n=args.docs, seed=args.seed)
    t_load = time.perf_counter() - t0
    units = tp.topic_units(_paragraph_table(docs), "paragraph")
    n_mb = units["text"].str.len().sum() / 1e6
    print(f"corpus: {len(docs)} briefings, {len(units)} paragraphs, {n_mb:.1f} M characters "
          f"(read from the archive in {t_load:.1f} s)")

    tok = tp.make_tokenizer()
    texts = units["text"].tolist()
    t0 = time.perf_counter()
    n_tokens = sum(len(tok(t)) for t in texts)
    t_tok = time.perf_counter() - t0
    print(f"tokenizer: {t_tok:.2f} s, {n_mb / t_tok:.2f} M chars/s, {n_tokens / t_tok:,.0f} content tokens/s")

    t0 = time.perf_counter()
    bow = tp.bag_of_words(units, tokenizer=tok)
    t_bow = time.perf_counter() - t0
    p = bow.params
    print(f"bag_of_words: {t_bow:.2f} s ({len(units) / t_bow:,.0f} units/s); {p['n_units']} units, "
          f"{p['n_terms']} terms, {p['n_phrases']} phrases, no_below={p['no_below']}, no_above={p['no_above']}")

    chunksize = min(2000, max(256, len(bow.corpus) // 4))  # fit_lda's default, given explicitly to both
    settings = dict(num_topics=args.k, passes=args.passes, iterations=args.iterations, chunksize=chunksize,
                    alpha="symmetric", eta=None, random_state=args.seed, eval_every=None, update_every=1)

    def raw() -> LdaModel:
        return LdaModel(corpus=bow.corpus, id2word=bow.dictionary, **settings)

    def ours() -> tp.TopicModel:
        return tp.fit_lda(bow, args.k, seed=args.seed, passes=args.passes, iterations=args.iterations,
                          chunksize=chunksize)

    times = {"gensim": [], "stanceviz": []}
    models = {}
    for _ in range(args.repeats):  # alternate, so drift in machine load hits both alike
        for name, fn in (("gensim", raw), ("stanceviz", ours)):
            t0 = time.perf_counter()
            models[name] = fn()
            times[name].append(time.perf_counter() - t0)
    t_raw, t_ours = min(times["gensim"]), min(times["stanceviz"])
    same = np.allclose(models["gensim"].get_topics(), models["stanceviz"].model.get_topics())
    print(f"LDA K={args.k}, passes={args.passes}, chunksize={chunksize}, {len(bow.corpus)} units: "
          f"gensim LdaModel {t_raw:.2f} s, stanceviz fit_lda {t_ours:.2f} s "
          f"(min of {args.repeats}; all runs: gensim {[round(x, 2) for x in times['gensim']]}, "
          f"stanceviz {[round(x, 2) for x in times['stanceviz']]})")
    print(f"same topics as raw gensim: {same}")
    ratio = t_ours / t_raw
    print(f"RATIO fit_lda / LdaModel = {ratio:.3f} (overhead {100 * (ratio - 1):+.1f} %; target <= +10 %)")
    t0 = time.perf_counter()
    models["stanceviz"].share_matrix()
    print(f"unit-topic shares (one inference pass, lazy, not in the ratio): {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
