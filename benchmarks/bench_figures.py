"""End-to-end time of `stanceviz figures` on the bundled corpus with a warm virtualenv.

Target (issue 6): at most 60 s wall on 2 cores. Prints the time per notebook, the total and the
ratio to the target, measured in this one run.

    .venv/bin/python benchmarks/bench_figures.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from stanceviz.cli import find_notebooks, run_notebooks

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 60.0


def main() -> None:
    books = find_notebooks(ROOT / "notebooks")
    with tempfile.TemporaryDirectory() as tmp:
        per_book = []
        t0 = time.perf_counter()
        for book in books:
            t = time.perf_counter()
            run_notebooks(ROOT / "data" / "raw", Path(tmp) / "fig", notebook_dir=ROOT / "notebooks",
                          only=[book.name], executed_dir=Path(tmp) / "ex", progress=False)
            per_book.append((book.name, time.perf_counter() - t))
        total = time.perf_counter() - t0
    for name, secs in per_book:
        print(f"{name:32s} {secs:6.1f} s")
    print(f"{'total (make figures, warm venv)':32s} {total:6.1f} s   target {TARGET_S:.0f} s   "
          f"ratio total/target = {total / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
