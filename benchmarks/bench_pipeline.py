"""Throughput, memory and scaling of the streaming pipeline on the White House press briefings.

Targets (issue 7): at least 2 MB of raw text per second per core for clean + segment + attribute
+ score; peak memory under 2 GB for a whole run; Dask with 2 workers at least 1.6x faster than
with 1; and ``run(engine="local")`` no slower than the notebook path (``build_tables``).

Each configuration runs in a fresh Python process (cold caches, as a user would run it), whose
peak memory is the largest summed RSS of the process and all its children (Dask nanny and
worker processes), sampled every 50 ms with psutil. Everything is measured in this one run and
printed as one table.

The corpus is the press-briefing archive (``../shared/corpora``), unpacked to a temporary folder
as ``.txt`` files with a ``manifest.csv`` (the bodies of the Markdown files, so that the
notebook path ``build_tables``, which reads ``.txt`` folders, sees the same documents). The
default run takes a systematic sample of the briefings (every k-th file) because the stages
process about 0.3 MB per CPU second; ``--full`` uses all 663 (about 15 minutes on 2 idle cores).
The larger corpus is the sample concatenated ``--copies`` times (documents renamed ``…__c1``).

    .venv/bin/python benchmarks/bench_pipeline.py              # ~4 minutes on 2 idle cores
    .venv/bin/python benchmarks/bench_pipeline.py --docs 120 --profile
    .venv/bin/python benchmarks/bench_pipeline.py --full
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"
TARGET_MB_S_CORE = 2.0
TARGET_RSS_GB = 2.0
TARGET_SPEEDUP = 1.6
STAGES = ("clean", "segment", "attribute", "score")


# --------------------------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------------------------

def make_corpus(archive: Path, dest: Path, n_docs: int | None, copies: int) -> tuple[Path, Path, int]:
    """Write the sample (and the sample × copies) as .txt folders with manifests; return both and the doc count."""
    from stanceviz.topics_corpora import markdown_body

    with tarfile.open(archive, mode="r|*") as tar:
        found = []
        for member in tar:
            if member.isfile() and member.name.endswith(".md"):
                handle = tar.extractfile(member)
                if handle is not None:
                    found.append((Path(member.name).stem, handle.read().decode("utf-8")))
    found.sort()
    if n_docs is not None and n_docs < len(found):
        step = len(found) / n_docs
        found = [found[int(i * step)] for i in range(n_docs)]
    one, many = dest / "x1", dest / f"x{copies}"
    rows = []
    for stem, raw in found:
        meta, body = markdown_body(raw)
        date = str(meta.get("date", ""))
        rows.append({"stem": stem, "body": body, "date": date, "title": str(meta.get("title", "")).replace("\u00a0", " "),
                     "event": date[:7] or "unknown", "kind": "press-briefing"})
    for folder, n_copies in ((one, 1), (many, copies)) if copies > 1 else ((one, 1),):
        folder.mkdir(parents=True)
        with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "outlet", "date", "title", "event", "kind"])
            for j in range(n_copies):
                for r in rows:
                    name = f"{r['stem']}{'__c%d' % j if j else ''}.txt"
                    (folder / name).write_text(r["body"], encoding="utf-8")
                    w.writerow([name, "whitehouse.gov", r["date"], r["title"], r["event"], r["kind"]])
    return one, many, len(rows)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6


# --------------------------------------------------------------------------------------------
# one configuration, in a child process
# --------------------------------------------------------------------------------------------

class PeakRSS:
    """Largest summed RSS of this process and its children, sampled in a thread."""

    def __init__(self, every: float = 0.05):
        import psutil

        self.proc, self.every, self.peak, self.peak_single = psutil.Process(), every, 0, 0
        self.cpu_by_pid: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            total, single = 0, 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                procs = [self.proc]
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                self.cpu_by_pid[p.pid] = times.user + times.system
                total += rss
                single = max(single, rss)
            self.peak, self.peak_single = max(self.peak, total), max(self.peak_single, single)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu(self) -> float:
        """CPU seconds of the process tree (children seen by the sampler)."""
        return sum(self.cpu_by_pid.values())


def child(mode: str, corpus: str, out: str, workers: int, partitions: int | None, partition_mb: float) -> None:
    t0, load0 = time.perf_counter(), os.getloadavg()[0]
    with PeakRSS() as rss:
        if mode == "notebook":
            from stanceviz.pipeline import build_tables

            tables = build_tables(corpus)
            stages, n_scores = {}, len(tables.scores)
        else:
            from stanceviz.pipeline import run

            engine = "dask" if mode.startswith("dask") else "local"
            run(corpus, out, engine=engine, partitions=partitions, partition_mb=partition_mb,
                n_workers=workers)
            record = json.loads((Path(out) / "_pipeline.json").read_text())
            keys = [k for s in (*STAGES, "read", "write") for k in (s, s + "_cpu")]
            stages = {k: sum(p["seconds"].get(k, 0.0) for p in record["parts"]) for k in keys}
            n_scores = sum(p["n_rows"]["scores"] for p in record["parts"])
            stages["partitions"] = record["partitions"]
    wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "cpu": rss.cpu, "rss": rss.peak, "rss_single": rss.peak_single, "stages": stages,
                      "n_scores": n_scores, "load": [load0, os.getloadavg()[0]]}))


def measure(mode: str, corpus: Path, tmp: Path, *, workers: int = 1, partitions: int | None = None,
            partition_mb: float = 1.0) -> dict:
    out = tmp / f"out-{mode}"
    cmd = [sys.executable, __file__, "--child", mode, str(corpus), str(out), str(workers),
           str(partitions or 0), str(partition_mb)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    if res.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def profile(corpus: Path, n_docs: int = 12) -> None:
    """Where the time of the slowest stages goes: cProfile of the stages on a few documents."""
    import cProfile
    import pstats

    from stanceviz.corpus import load_corpus
    from stanceviz.pipeline import _stages

    docs = load_corpus(corpus).iloc[:n_docs]
    _stages(docs.iloc[:1])  # load resources outside the profile
    prof = cProfile.Profile()
    prof.enable()
    _stages(docs)
    prof.disable()
    mb = docs["text"].str.len().sum() / 1e6
    print(f"\nProfile of the stages on {n_docs} documents, {mb:.2f} M characters (top functions by cumulative time):")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(r"stanceviz", 18)


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=160, help="briefings in the sample (systematic; default 160)")
    ap.add_argument("--full", action="store_true", help="all 663 briefings (slow)")
    ap.add_argument("--copies", type=int, default=4, help="size of the larger corpus, in copies of the sample")
    ap.add_argument("--partition-mb", type=float, default=1.0, help="partition size of the local runs")
    ap.add_argument("--dask-partitions", type=int, default=8)
    ap.add_argument("--profile", action="store_true", help="also profile the stages")
    ap.add_argument("--archive", type=Path, default=ARCHIVE)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if not args.archive.is_file():
        sys.exit(f"{args.archive} not found; pass --archive")

    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp_s:
        tmp = Path(tmp_s)
        one, many, n = make_corpus(args.archive, tmp / "corpus", None if args.full else args.docs, args.copies)
        mb1, mbn = folder_mb(one), folder_mb(many)
        print(f"corpus: {n} briefings, {mb1:.2f} MB of raw text; x{args.copies}: {mbn:.2f} MB; "
              f"{os.cpu_count()} cores", flush=True)
        pm = args.partition_mb
        results = {}
        for key, mode, corpus, kw in (
            ("notebook", "notebook", one, {}),
            ("local", "local", one, {"partition_mb": pm}),
            (f"local x{args.copies}", "local", many, {"partition_mb": pm}),
            ("dask 1 worker", "dask1", one, {"workers": 1, "partitions": args.dask_partitions}),
            ("dask 2 workers", "dask2", one, {"workers": 2, "partitions": args.dask_partitions}),
        ):
            t = time.perf_counter()
            results[key] = r = measure(mode, corpus, tmp, **kw)
            r["mb"] = mbn if key.startswith("local x") else mb1
            print(f"  {key:16s} done in {time.perf_counter() - t:6.1f} s", flush=True)

    loc = results["local"]
    st = loc["stages"]
    busy = sum(st[s + "_cpu"] for s in STAGES)
    mb_s_core = loc["mb"] / busy  # CPU seconds of one single-threaded process: MB/s on one core
    d1, d2 = results["dask 1 worker"], results["dask 2 workers"]
    speedup = d1["wall"] / d2["wall"]
    peak = max(r["rss"] for r in results.values()) / 1e9
    print("\nrun               MB   wall s   CPU s (tree)  cores used  MB per CPU s  peak RSS (tree)  "
          "largest process  partitions  load avg")
    for key, r in results.items():
        parts = r["stages"].get("partitions", "-")
        print(f"{key:16s} {r['mb']:5.2f} {r['wall']:8.1f} {r['cpu']:10.1f} {r['cpu'] / r['wall']:11.2f} "
              f"{r['mb'] / r['cpu']:13.3f} {r['rss'] / 1e6:12.0f} MB {r['rss_single'] / 1e6:12.0f} MB {parts!s:>9}   "
              f"{r['load'][0]:.1f}-{r['load'][1]:.1f}")
    print("\nstage (engine=local)   wall s    CPU s   share of stage CPU   MB per CPU s")
    for s in (*STAGES, "read", "write"):
        c = st[s + "_cpu"]
        print(f"  {s:18s} {st[s]:8.2f} {c:8.2f} {c / busy:14.1%} {loc['mb'] / c if c else float('inf'):16.2f}")
    print(f"\n{'measure':60s}    value   target    ratio")
    rows = [
        ("throughput clean+segment+attribute+score, MB/s/core (CPU)", mb_s_core, TARGET_MB_S_CORE, mb_s_core / TARGET_MB_S_CORE),
        ("peak RSS of any run (process tree), GB", peak, TARGET_RSS_GB, peak / TARGET_RSS_GB),
        (f"peak RSS local x{args.copies} / local x1", results[f"local x{args.copies}"]["rss"] / loc["rss"], 1.0, None),
        ("Dask 2 workers vs 1 (wall incl. cluster start), x", speedup, TARGET_SPEEDUP, speedup / TARGET_SPEEDUP),
        ("engine=local vs notebook path (build_tables), wall, x", results["notebook"]["wall"] / loc["wall"], 1.0, None),
        ("engine=local vs notebook path (build_tables), CPU, x", results["notebook"]["cpu"] / loc["cpu"], 1.0, None),
    ]
    for name, value, target, ratio in rows:
        print(f"  {name:58s} {value:8.3f} {target:8.2f} {'' if ratio is None else f'{ratio:8.2f}'}")
    slowest = max(STAGES, key=lambda s: st[s + "_cpu"])
    print(f"\nslowest stage: {slowest} ({st[slowest + '_cpu'] / busy:.0%} of stage CPU time); "
          f"load average of the machine during the runs: {min(r['load'][0] for r in results.values()):.1f}"
          f"-{max(r['load'][1] for r in results.values()):.1f} on {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps({"n_docs": n, "mb": mb1, "copies": args.copies, "results": results}, indent=1))
    if args.profile:
        with tempfile.TemporaryDirectory() as tmp_s:
            one, _, _ = make_corpus(args.archive, Path(tmp_s), 12, 1)  # 12 briefings spread over the two years
            profile(one)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, corpus, out, workers, parts, pmb = sys.argv[2:8]
        child(mode, corpus, out, int(workers), int(parts) or None, float(pmb))
    else:
        main()
