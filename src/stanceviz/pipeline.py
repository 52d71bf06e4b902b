"""The pipeline in one call: load → clean → sentences → speakers → stance, as tidy tables.

Two entry points share one code path for the science (:func:`_stages`):

- :func:`build_tables` runs every stage on a corpus held in memory; notebooks and the command
  line use it, so every figure is made from the same stage functions in the same order.
- :func:`run` streams a corpus of any size: it cuts the source into partitions of documents
  (:mod:`stanceviz.corpus_stream`), runs the same stages on each partition, and writes one
  Parquet file per table and partition (``OUT/scores/part-00000.parquet``). ``engine="local"``
  works through the partitions one after another in this process; ``engine="dask"`` maps them
  over a Dask cluster (a local one by default, or the ``scheduler`` address of yours).

Every stage works document by document, so the result does not depend on how the corpus is
partitioned, nor on the engine (``tests/test_pipeline.py`` checks both).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._checks import check_choice

__all__ = ["Tables", "build_tables", "run", "read_table", "TABLES"]

log = logging.getLogger(__name__)

#: The tables written by :func:`run`, one folder each under ``out``.
TABLES = ("documents", "ingest_report", "cleaning_report", "sentences", "spans", "scores")
_RUN_FILE = "_pipeline.json"
_JSON_KEY = b"stanceviz.json_columns"


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


def _stages(docs: pd.DataFrame, *, score: bool = True, seconds: dict | None = None) -> tuple[pd.DataFrame, ...]:
    """clean → sentences → attribute → score on a table of documents; the only place the stages are chained.

    Returns ``(clean_docs, cleaning_report, sentences, spans, scores)``; ``seconds`` (if given)
    receives the wall time of each stage (``"clean"`` …) and its CPU time (``"clean_cpu"`` …,
    this process only; robust to other programs competing for the cores).
    """
    from .clean import clean_corpus
    from .segment import sentences

    clock = {} if seconds is None else seconds
    t, c = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal t, c
        now, cpu = time.perf_counter(), time.process_time()
        clock[name] = clock.get(name, 0.0) + now - t
        clock[name + "_cpu"] = clock.get(name + "_cpu", 0.0) + cpu - c
        t, c = now, cpu

    clean_docs, report = clean_corpus(docs)
    lap("clean")
    sents = sentences(clean_docs)
    lap("segment")
    spans = scores = pd.DataFrame()
    if score:
        from .speakers import attribute
        from .stance import score_sentences

        lap("import")  # first call only: loading the stage modules is not attribution time
        spans = attribute(sents, clean_docs)
        extra = [c for c in ("event", "date", "kind") if c in clean_docs and c not in spans]
        if extra:
            spans = spans.merge(clean_docs[["doc_id", *extra]], on="doc_id", how="left")
        lap("attribute")
        scores = score_sentences(spans)
        lap("score")
    return clean_docs, report, sents, spans, scores


def build_tables(source: str | Path, manifest: str | Path | None = None, *, score: bool = True) -> Tables:
    """Run every stage on a corpus held in memory.

    Parameters
    ----------
    source, manifest
        As for :func:`stanceviz.corpus.load_corpus`.
    score
        Also attribute speakers and score stance (False: ``spans`` and ``scores`` are empty).
    """
    from .corpus import corpus_hash, load_corpus

    docs = load_corpus(source, manifest=manifest)
    clean_docs, report, sents, spans, scores = _stages(docs, score=score)
    return Tables(docs, clean_docs, report, sents, spans, scores, corpus_hash(docs))


# --------------------------------------------------------------------------------------------
# Parquet: list-valued columns travel as JSON strings
# --------------------------------------------------------------------------------------------

def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"cannot write a {type(value).__name__} to JSON")


def _is_nested(value: Any) -> bool:
    return isinstance(value, (list, tuple, dict, np.ndarray))


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    """Write ``table``; object columns holding lists or dicts become JSON strings, named in the file's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = table.reset_index(drop=True).copy()
    data.attrs = {}
    encoded = []
    for col in data.columns:
        if data[col].dtype == object and any(_is_nested(v) for v in data[col]):
            data[col] = [json.dumps(v, ensure_ascii=False, sort_keys=True, default=_json_default)
                         if _is_nested(v) else (None if v is None else json.dumps(v, default=_json_default))
                         for v in data[col]]
            encoded.append(str(col))
    arrow = pa.Table.from_pandas(data, preserve_index=False)
    meta = dict(arrow.schema.metadata or {})
    meta[_JSON_KEY] = json.dumps(encoded).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(arrow.replace_schema_metadata(meta), tmp)
    tmp.replace(path)  # a reader never sees half a file


def _read_parquet(path: Path, decode_json: bool) -> pd.DataFrame:
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    encoded = json.loads((arrow.schema.metadata or {}).get(_JSON_KEY, b"[]"))
    data = arrow.to_pandas()
    if decode_json:
        for col in encoded:
            data[col] = pd.Series([json.loads(v) if isinstance(v, str) else v for v in data[col]],
                                  index=data.index, dtype=object)
    return data


# --------------------------------------------------------------------------------------------
# one partition: the unit of work of both engines
# --------------------------------------------------------------------------------------------

def _process_partition(part: Any, out: str, score: bool = True) -> dict:
    """Load one partition, run the stages, write its tables; return a small summary (picklable)."""
    from .corpus import corpus_hash, ingest_report
    from .corpus_stream import read_partition

    seconds: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    docs = read_partition(part)
    seconds["read"], seconds["read_cpu"] = time.perf_counter() - t0, time.process_time() - c0
    if len(docs):
        clean_docs, report, sents, spans, scores = _stages(docs, score=score, seconds=seconds)
    else:  # every document of the partition was empty: only the ingest report has rows
        clean_docs = report = sents = spans = scores = pd.DataFrame(columns=["raw_text"])
    tables = {
        "documents": clean_docs.drop(columns=["raw_text"]),
        "ingest_report": ingest_report(docs),
        "cleaning_report": report,
        "sentences": sents,
        "spans": spans,
        "scores": scores,
    }
    t1, c1 = time.perf_counter(), time.process_time()
    paths: dict[str, str | None] = {}
    for name, table in tables.items():
        path = Path(out) / name / f"part-{part.index:05d}.parquet"
        if len(table):
            _write_parquet(table, path)
            paths[name] = path.as_posix()
        else:
            paths[name] = None
    seconds["write"], seconds["write_cpu"] = time.perf_counter() - t1, time.process_time() - c1
    return {
        "index": part.index,
        "n_docs": len(docs),
        "n_bytes": int(part.n_bytes),
        "n_chars_raw": int(docs["text"].str.len().sum()) if len(docs) else 0,
        "n_rows": {name: len(t) for name, t in tables.items()},
        "input_hash": corpus_hash(docs) if len(docs) else "",
        "seconds": seconds,
        "paths": paths,
    }


def _prepare_out(out: Path) -> None:
    """Create ``out``; clear the part files of an earlier run there; refuse a folder holding anything else."""
    if out.exists() and any(out.iterdir()):
        if not (out / _RUN_FILE).is_file():
            raise FileExistsError(f"run: the output folder {out} is not empty and holds no earlier pipeline run "
                                  f"({_RUN_FILE}); pass an empty or new folder.")
        for name in TABLES:
            for old in (out / name).glob("part-*.parquet"):
                old.unlink()
        (out / _RUN_FILE).unlink()
    out.mkdir(parents=True, exist_ok=True)


def _dask_map(parts: list, out: str, score: bool, scheduler: str | None, n_workers: int) -> list[dict]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    if scheduler is not None:
        client, cluster = Client(scheduler), None
    else:
        # loopback only (scheduler, workers and dashboard on 127.0.0.1, free ports), one
        # single-threaded process per core: the stages are pure Python (GIL-bound)
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        client = Client(cluster)
    log.info("Dask: %d partitions on %s (dashboard %s)", len(parts), client.scheduler.address, client.dashboard_link)
    try:
        bag = db.from_sequence(parts, npartitions=len(parts)).map(_process_partition, out=out, score=score)
        return list(bag.compute(scheduler=client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(
    source: str | Path,
    out: str | Path,
    engine: str = "local",
    partitions: int | None = None,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    id_column: str | None = None,
    partition_mb: float = 8.0,
    score: bool = True,
    scheduler: str | None = None,
    n_workers: int = 2,
) -> dict[str, list[Path]]:
    """Run load → clean → sentences → attribute → score over partitions of a corpus; write Parquet.

    Parameters
    ----------
    source
        A folder of ``.txt`` files (with an optional manifest), a folder of Markdown files with
        YAML front matter (searched recursively), or a ``.csv``, ``.jsonl`` or ``.parquet``
        table (read in chunks). See :func:`stanceviz.corpus_stream.plan_partitions`.
    out
        Output folder: new, empty, or holding an earlier run (whose part files are replaced).
        With a remote Dask cluster it must be a path every worker can write to. With Dask,
        ``source``, ``manifest`` and ``out`` are made absolute (so the ``path`` column holds
        absolute paths).
    engine
        ``"local"``: partitions one after another in this process (peak memory ≈ one
        partition). ``"dask"``: partitions mapped with ``dask.bag`` over a cluster.
    partitions
        Number of partitions; None: about ``partition_mb`` MB of raw text each (on the local
        Dask cluster, at least 4 per worker so that the workers stay busy).
    manifest, text_column, id_column
        As for :func:`stanceviz.corpus.load_corpus`.
    partition_mb
        Target raw size of a partition when ``partitions`` is None.
    score
        Also attribute speakers and score stance (False: no ``spans`` and ``scores`` tables).
    scheduler
        Dask only: address of a running scheduler (``"tcp://10.0.0.5:8786"``). None starts a
        ``LocalCluster`` on 127.0.0.1 with ``n_workers`` processes of one thread each.
    n_workers
        Dask only: workers of the local cluster.

    Returns
    -------
    dict of str to list of Path
        For each of :data:`TABLES`, the Parquet files written (one per partition that had
        rows), in partition order:

        - ``documents``: the cleaned documents (:func:`stanceviz.clean.clean_corpus` columns
          without ``raw_text``; ``marks`` as JSON);
        - ``ingest_report``: ``doc_id, path, issue, detail``;
        - ``cleaning_report``: ``doc_id, start, end, rule, removed, replacement``;
        - ``sentences``: ``doc_id, para_no, sent_no, start, end, text``;
        - ``spans``: :func:`stanceviz.speakers.attribute` columns plus ``event, date, kind``;
        - ``scores``: :func:`stanceviz.stance.score_sentences` columns (``evidence`` as JSON).

        Columns holding lists or dicts are stored as JSON strings and named in each file's
        metadata; :func:`read_table` turns them back into lists. ``OUT/_pipeline.json`` records
        the parameters, the partitions, their input hashes, row counts and stage timings.

    Examples
    --------
    >>> paths = run("data/raw", "data/processed/run1")                        # doctest: +SKIP
    >>> scores = read_table("data/processed/run1", "scores")                  # doctest: +SKIP
    >>> run("big.parquet", "/shared/out", engine="dask",
    ...     scheduler="tcp://10.0.0.5:8786")                                  # doctest: +SKIP
    """
    from .corpus_stream import plan_partitions

    check_choice(engine, ("local", "dask"), func="run", arg="engine")
    if engine == "local" and scheduler is not None:
        raise ValueError("run: scheduler= is for engine='dask'; got engine='local'.")
    if isinstance(n_workers, bool) or not isinstance(n_workers, int) or n_workers < 1:
        raise ValueError(f"The 'n_workers' argument of run must be a positive integer; got {n_workers!r}.")
    if engine == "dask":  # workers may run elsewhere, in another folder: give them absolute paths
        source, out = Path(source).resolve(), Path(out).resolve()
        manifest = Path(manifest).resolve() if manifest is not None else None
    plan_args = {"partition_mb": partition_mb, "text_column": text_column, "id_column": id_column}
    parts = plan_partitions(source, manifest, partitions=partitions, **plan_args)
    if engine == "dask" and partitions is None and scheduler is None and len(parts) < 4 * n_workers:
        parts = plan_partitions(source, manifest, partitions=4 * n_workers, **plan_args)
    out_dir = Path(out)
    _prepare_out(out_dir)
    record = {"source": str(source), "engine": engine, "partitions": len(parts), "partition_mb": partition_mb,
              "score": score, "scheduler": scheduler, "n_workers": n_workers if engine == "dask" else 1,
              "status": "running"}
    # written first, so that a run that fails half-way can be re-run into the same folder
    (out_dir / _RUN_FILE).write_text(json.dumps(record, indent=1), encoding="utf-8")
    t0 = time.perf_counter()
    if engine == "local":
        results = []
        for part in parts:
            results.append(_process_partition(part, out_dir.as_posix(), score))
            log.info("partition %d/%d: %d documents", part.index + 1, len(parts), results[-1]["n_docs"])
    else:
        results = _dask_map(parts, out_dir.as_posix(), score, scheduler, n_workers)
    wall = time.perf_counter() - t0
    results.sort(key=lambda r: r["index"])
    record.update({
        "status": "done", "wall_seconds": wall, "n_docs": sum(r["n_docs"] for r in results),
        "n_bytes": sum(r["n_bytes"] for r in results), "parts": results,
    })
    (out_dir / _RUN_FILE).write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
    return {name: [Path(r["paths"][name]) for r in results if r["paths"][name]] for name in TABLES}


def read_table(out: str | Path, name: str, *, decode_json: bool = True) -> pd.DataFrame:
    """Read one table written by :func:`run`, all partitions in order.

    Parameters
    ----------
    out
        The output folder of :func:`run`.
    name
        One of :data:`TABLES`.
    decode_json
        Turn the JSON-encoded list/dict columns (``marks``, ``evidence``) back into Python lists.

    Returns
    -------
    pandas.DataFrame
        The concatenated partitions (columns as documented in :func:`run`); an empty frame
        when no partition had rows. This loads the whole table; for a corpus larger than
        memory, read the files of ``run``'s result one by one instead.
    """
    check_choice(name, TABLES, func="read_table", arg="name")
    files = sorted((Path(out) / name).glob("part-*.parquet"))
    if not files:
        return pd.DataFrame()
    return pd.concat([_read_parquet(f, decode_json) for f in files], ignore_index=True)
