"""Benchmark and scale check for stanceviz.speakers; prints ratios measured in this one run.

1. Linearity: find_quotes and split_turns on the bundled corpus repeated 2x and 16x
   (ratio ≈ 8 means linear time; best of three runs each).
2. attribute() relative to segment.sentences() on the cleaned bundled corpus.
3. The 663 White House press briefings: labels seen by a simple regex vs turns parsed by
   split_turns, every difference classified, and the time per transcript.

Run: .venv/bin/python benchmarks/bench_speakers.py [--briefings PATH.tar.xz]
"""

from __future__ import annotations

import argparse
import re
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from stanceviz.clean import clean_corpus
from stanceviz.corpus import load_corpus
from stanceviz.segment import sentences
from stanceviz.speakers import attribute, find_quotes, split_turns

ROOT = Path(__file__).resolve().parents[1]
BRIEFINGS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"
SIMPLE_LABEL = re.compile(r"(?m)^[ \t\u00a0]*(?:[A-Z][A-Z.'’ -]*[A-Z.]:|Q\s)")


def timed(fn, *args, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def linearity() -> None:
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt")))
    for name, fn in (("find_quotes", find_quotes), ("split_turns", split_turns)):
        small, large = base * 2, base * 16
        t1 = timed(fn, small)
        t8 = timed(fn, large)
        print(
            f"{name:12s} {len(small) / 1e3:6.0f} kB: {t1:6.3f} s; 8x that: {t8:6.3f} s; ratio {t8 / t1:4.1f} "
            f"(8 = linear); {len(large) / t8 / 1e6:5.2f} MB/s"
        )


def attribute_cost() -> None:
    docs, _ = clean_corpus(load_corpus(ROOT / "data" / "raw"))
    t_sent = timed(sentences, docs)
    sents = sentences(docs)
    t_attr = timed(attribute, sents, docs)
    print(f"attribute {t_attr:.3f} s vs sentences {t_sent:.3f} s: ratio {t_attr / t_sent:.1f}")


def briefings(path: Path) -> None:
    if not path.exists():
        print(f"(no press-briefing corpus at {path})")
        return
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(path) as tar:
            tar.extractall(tmp, filter="data")
        files = sorted(Path(tmp).rglob("*.md"))
        n_simple = n_turns = 0
        why: Counter[str] = Counter()
        t0 = time.perf_counter()
        for f in files:
            body = f.read_text(encoding="utf-8").split("---", 2)[-1]
            simple = {m.start() for m in SIMPLE_LABEL.finditer(body)}
            turns = split_turns(body)
            starts = {body.rfind("\n", 0, t.label_start) + 1: t for t in turns}
            n_simple += len(simple)
            n_turns += len(turns)
            for s in simple - set(starts):
                end = body.find("\n", s)
                blank = bool(re.match(r"\n[ \t\u00a0]*\n", body[end : end + 4]))
                why[
                    "regex only: capitals + colon ending a wrapped line before a blank line (prose, not a turn)"
                    if blank
                    else "regex only: UNEXPLAINED"
                ] += 1
            for ls, t in starts.items():
                if ls in simple:
                    continue
                line = body[ls : body.find("\n", ls)]
                if re.match(r"[ \t\u00a0]*Q:", line):
                    why["parsed only: 'Q:' with a colon (the simple regex wants 'Q' + blank)"] += 1
                elif t.label_start > ls + len(line) - len(line.lstrip()) + 1:
                    why["parsed only: label in mid-line after a lost line break ('… that MS. PSAKI:  Well')"] += 1
                else:
                    why["parsed only: UNEXPLAINED"] += 1
        dt = time.perf_counter() - t0
    print(
        f"{len(files)} briefings: simple-regex labels {n_simple}, parsed turns {n_turns} "
        f"(difference {n_turns - n_simple:+d}); {dt / len(files) * 1e3:.1f} ms per transcript"
    )
    for k, v in why.most_common():
        print(f"  {v:5d}  {k}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--briefings", type=Path, default=BRIEFINGS)
    args = ap.parse_args()
    linearity()
    attribute_cost()
    briefings(args.briefings)


if __name__ == "__main__":
    main()
