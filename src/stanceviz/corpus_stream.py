"""Read a large corpus in partitions, so memory is bounded by the partition, not the corpus.

:func:`plan_partitions` looks at a source *without* loading its texts: it lists the files of a
folder (their sizes), or scans a table once for record boundaries (byte offsets of CSV/JSONL
records, row counts of Parquet) and its document ids. It returns small, picklable
:class:`Partition` descriptors that a local loop or a Dask worker turns into documents with
:func:`read_partition`, one partition at a time.

Sources (the same as :func:`stanceviz.corpus.load_corpus`, plus Markdown):

- a folder of ``.txt`` files with an optional manifest CSV (``manifest.csv`` by default);
- a folder searched recursively for ``.md`` files with YAML front matter (e.g. the White House
  press briefings): front matter read with ``yaml.safe_load``, body paragraphs by
  :func:`stanceviz.corpus.read_markdown`; ``doc_id`` is the file stem;
- a ``.csv``, ``.jsonl``/``.ndjson`` or ``.parquet`` table with a text column.

Each partition's documents are what :func:`~stanceviz.corpus.load_corpus` gives for the same
documents: same columns, same normalisation (BOM, CR line ends, Unicode NFC), same ingest report
(``attrs["ingest_report"]``), empty documents dropped, sorted by ``doc_id`` within the partition.
Partitions are contiguous runs of the sorted file list (folders) or of the table's rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import corpus as _corpus
from .corpus import DOC_COLUMNS, REPORT_COLUMNS, CorpusError

__all__ = ["Partition", "plan_partitions", "read_partition", "iter_documents", "source_kind"]

_TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
_DEFAULT_MB = 8.0
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


@dataclass(frozen=True)
class Partition:
    """One partition of a corpus: enough to load its documents, nothing more.

    Attributes
    ----------
    index
        0-based position of the partition (output files are named ``part-{index:05d}``).
    kind
        ``"txt"``, ``"markdown"``, ``"csv"``, ``"jsonl"`` or ``"parquet"``.
    source
        The folder or table path.
    files
        Folder kinds: the files of this partition (sorted), with their manifest rows in ``meta``.
    meta
        ``txt`` folders with a manifest: one dict of manifest values per file (``{}`` if unlisted).
    start, stop
        Tables: byte range of the records (CSV/JSONL) or row range (Parquet).
    row_start
        Tables: number of records before this partition (for ``row000123`` ids).
    manifest
        The manifest path (reported in the ingest report), or None.
    n_bytes
        Raw size of the partition (bytes of files or records), for scheduling and throughput.
    options
        ``text_column`` and ``id_column`` of a table source.
    """

    index: int
    kind: str
    source: str
    files: tuple[str, ...] = ()
    meta: tuple[dict, ...] = ()
    start: int = 0
    stop: int = 0
    row_start: int = 0
    manifest: str | None = None
    n_bytes: int = 0
    options: dict = field(default_factory=dict)


def source_kind(source: str | Path) -> str:
    """``"txt"``, ``"markdown"``, ``"csv"``, ``"jsonl"`` or ``"parquet"`` for a corpus source."""
    src = Path(source)
    if src.is_dir():
        if any(p.is_file() and p.suffix.lower() == ".txt" for p in src.iterdir()):
            return "txt"
        if next(src.rglob("*.md"), None) is not None:
            return "markdown"
        raise CorpusError(f"{src}: no .txt files (top level) or .md files (any depth) found.")
    if src.is_file():
        kind = _TABLE_SUFFIXES.get(src.suffix.lower())
        if kind is None:
            raise CorpusError(f"{src}: unsupported corpus format {src.suffix!r}; expected a folder of .txt or .md "
                              "files, .csv, .jsonl or .parquet.")
        return kind
    raise CorpusError(f"{src}: no such file or folder.")


# --------------------------------------------------------------------------------------------
# planning: cut a source into partitions without reading its texts
# --------------------------------------------------------------------------------------------

def _cut(sizes: list[int], partitions: int | None, partition_mb: float) -> list[tuple[int, int]]:
    """Contiguous (start, stop) index ranges over items of these byte sizes.

    ``partitions`` fixes the number of ranges (balanced by bytes); else each range holds about
    ``partition_mb`` megabytes. Never more ranges than items; no empty range.
    """
    n = len(sizes)
    if n == 0:
        return []
    total = sum(sizes)
    if partitions is None:
        k = max(1, math.ceil(total / (partition_mb * 1e6)))
    else:
        if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
            raise ValueError(f"The 'partitions' argument must be a positive integer or None; got {partitions!r}.")
        k = partitions
    k = min(k, n)
    bounds, acc, start = [], 0, 0
    for i, size in enumerate(sizes):
        acc += size
        # close the range when it reaches its share of the bytes, keeping one item for each range left
        target = total * (len(bounds) + 1) / k
        left, needed = n - (i + 1), k - 1 - len(bounds)
        if needed > 0 and left >= needed and (acc >= target or left == needed):
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, n))
    return bounds


def _plan_txt(src: Path, manifest: Path | None, partitions, partition_mb) -> list[Partition]:
    files = sorted(p for p in src.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if manifest is None and (src / "manifest.csv").is_file():
        manifest = src / "manifest.csv"
    meta: dict[str, dict] = {}
    if manifest is not None:
        table = _corpus._read_manifest(manifest)
        for i, rec in table.iterrows():
            if not (src / rec["file"]).is_file():
                raise CorpusError(f"{manifest}, line {int(i) + 2}: file {rec['file']!r} listed in the manifest "
                                  f"does not exist in {src}.")
            meta[rec["file"]] = {k: v for k, v in rec.items() if k != "file"}
    stems = [p.stem for p in files]
    _check_unique(stems, src)
    sizes = [p.stat().st_size for p in files]
    out = []
    for j, (a, b) in enumerate(_cut(sizes, partitions, partition_mb)):
        chunk = files[a:b]
        out.append(Partition(j, "txt", str(src), tuple(p.as_posix() for p in chunk),
                             tuple(meta.get(p.name, {}) if manifest is not None else {} for p in chunk),
                             manifest=str(manifest) if manifest is not None else None, n_bytes=sum(sizes[a:b])))
    return out


def _plan_markdown(src: Path, partitions, partition_mb) -> list[Partition]:
    files = sorted(src.rglob("*.md"), key=lambda p: (p.stem, p.as_posix()))
    _check_unique([p.stem for p in files], src)
    sizes = [p.stat().st_size for p in files]
    return [Partition(j, "markdown", str(src), tuple(p.as_posix() for p in files[a:b]), n_bytes=sum(sizes[a:b]))
            for j, (a, b) in enumerate(_cut(sizes, partitions, partition_mb))]


def _check_unique(ids: list[str], src: Path | str) -> None:
    seen: set[str] = set()
    for doc_id in ids:
        if doc_id in seen:
            raise CorpusError(f"{src}: duplicate doc_id {doc_id!r}; document ids must be unique.")
        seen.add(doc_id)


def _csv_records(path: Path, id_column: str | None) -> tuple[list[int], list[str], int]:
    """Byte offsets of every CSV record (after the header), its id values, and the header's length.

    Uses the csv module line by line, so quoted fields with newlines stay in one record.
    """
    offsets, ids = [], []
    pos = 0
    with path.open("rb") as fh:
        def lines() -> Iterator[str]:
            nonlocal pos
            for block in fh:  # split like newline='': at \n, \r\n and a lone \r
                for raw in filter(None, _LONE_CR.split(block)):
                    pos += len(raw)
                    yield raw.decode("utf-8", errors="replace")

        reader = csv.reader(lines())
        try:
            header = next(reader)
        except StopIteration:
            raise CorpusError(f"{path}: empty CSV file.") from None
        header_end = pos
        col = None
        if id_column is not None:
            names = [h.lstrip("\ufeff") for h in header]
            if id_column not in names:
                raise CorpusError(f"{path}: the id column {id_column!r} is missing; columns: {', '.join(names)}.")
            col = names.index(id_column)
        start = pos
        for rec in reader:
            if rec:  # pandas skips blank lines too
                offsets.append(start)
                if col is not None:
                    ids.append(rec[col] if col < len(rec) else "")
            start = pos
        offsets.append(pos)
    return offsets, ids, header_end


def _jsonl_records(path: Path, id_column: str | None) -> tuple[list[int], list[str]]:
    offsets, ids, pos = [], [], 0
    with path.open("rb") as fh:
        for i, raw in enumerate(fh):
            if raw.strip():
                offsets.append(pos)
                if id_column is not None:
                    try:
                        rec = json.loads(raw)
                    except ValueError as err:
                        raise CorpusError(f"{path}, line {i + 1}: not valid JSON: {err}") from None
                    if not isinstance(rec, dict) or id_column not in rec:
                        raise CorpusError(f"{path}, line {i + 1}: the id column {id_column!r} is missing.")
                    ids.append(str(rec[id_column]))
            pos += len(raw)
    offsets.append(pos)
    return offsets, ids


def _plan_table(src: Path, kind: str, partitions, partition_mb, text_column: str, id_column: str | None) -> list[Partition]:
    opts = {"text_column": text_column, "id_column": id_column}
    if kind == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(src)
        names = pf.schema_arrow.names
        for col in (text_column, id_column):
            if col is not None and col not in names:
                raise CorpusError(f"{src}: the column {col!r} is missing; columns: {', '.join(names)}.")
        n = pf.metadata.num_rows
        if id_column is not None:
            ids = [str(v) for b in pf.iter_batches(columns=[id_column]) for v in b.column(0).to_pylist()]
            _check_unique(ids, src)
        size = src.stat().st_size
        sizes = [max(1, size // max(n, 1))] * n  # rows of a Parquet file: assume equal size
        return [Partition(j, kind, str(src), start=a, stop=b, row_start=a, n_bytes=sum(sizes[a:b]), options=opts)
                for j, (a, b) in enumerate(_cut(sizes, partitions, partition_mb))]
    if kind == "csv":
        offsets, ids, header_end = _csv_records(src, id_column)
        opts = {**opts, "header_end": header_end}
    else:
        offsets, ids = _jsonl_records(src, id_column)
    if id_column is not None:
        _check_unique(ids, src)
    sizes = [b - a for a, b in zip(offsets[:-1], offsets[1:])]
    return [Partition(j, kind, str(src), start=offsets[a], stop=offsets[b], row_start=a, n_bytes=offsets[b] - offsets[a],
                      options=opts)
            for j, (a, b) in enumerate(_cut(sizes, partitions, partition_mb))]


def plan_partitions(
    source: str | Path,
    manifest: str | Path | None = None,
    *,
    partitions: int | None = None,
    partition_mb: float = _DEFAULT_MB,
    text_column: str = "text",
    id_column: str | None = None,
) -> list[Partition]:
    """Cut a corpus source into partitions of documents, reading no text.

    Parameters
    ----------
    source
        A folder of ``.txt`` files, a folder of ``.md`` files (searched recursively), or a
        ``.csv``, ``.jsonl`` or ``.parquet`` table.
    manifest, text_column, id_column
        As for :func:`stanceviz.corpus.load_corpus`.
    partitions
        Number of partitions (balanced by raw bytes); None: about ``partition_mb`` MB each.
    partition_mb
        Target raw size of a partition in megabytes when ``partitions`` is None. Peak memory of
        a run grows with this, not with the corpus.

    Returns
    -------
    list of Partition
        Contiguous, non-empty, in source order (sorted file names for folders, row order for
        tables). Document ids are checked for uniqueness across the whole source.

    Raises
    ------
    CorpusError
        Missing source, unsupported format, missing id column, duplicate ids, a manifest row
        whose file is missing.
    """
    src = Path(source)
    if partition_mb <= 0:
        raise ValueError(f"The 'partition_mb' argument must be positive; got {partition_mb!r}.")
    kind = source_kind(src)
    if manifest is not None and kind != "txt":
        raise CorpusError(f"manifest= is for a folder of .txt files; {src} is a {kind} source.")
    if kind == "txt":
        return _plan_txt(src, Path(manifest) if manifest is not None else None, partitions, partition_mb)
    if kind == "markdown":
        return _plan_markdown(src, partitions, partition_mb)
    return _plan_table(src, kind, partitions, partition_mb, text_column, id_column)


# --------------------------------------------------------------------------------------------
# reading one partition
# --------------------------------------------------------------------------------------------

_finish = _corpus._finish


def _read_txt(part: Partition, report: list[dict]) -> pd.DataFrame:
    rows = []
    for name, meta in zip(part.files, part.meta or ({},) * len(part.files)):
        path = Path(name)
        if part.manifest is not None and not meta:
            msg = f"{path}: not listed in {part.manifest}; kept with outlet 'unknown'."
            report.append({"doc_id": path.stem, "path": str(path), "issue": "not_in_manifest", "detail": msg})
        row = {k: (meta[k] if meta.get(k, "") != "" else None) for k in ("outlet", "date", "title", "event", "kind")}
        row.update({"doc_id": path.stem, "path": path.as_posix()})
        row["text"] = _corpus._read_text_file(path, report, path.stem)
        for k, v in meta.items():
            if k not in row:
                row[k] = v
        rows.append(row)
    table = pd.DataFrame(rows)
    table["date"] = _corpus._parse_dates(table["date"], part.manifest or part.source)
    return table




def _read_markdown(part: Partition, report: list[dict]) -> pd.DataFrame:
    rows = []
    for name in part.files:
        path = Path(name)
        raw = _corpus._read_text_file(path, report, path.stem)
        meta, _extras, body = _corpus.read_markdown(raw, path)
        rows.append({"doc_id": path.stem, **meta, "path": path.as_posix(), "text": body})
    table = pd.DataFrame(rows)
    table["date"] = _corpus._parse_dates(table["date"], part.source)
    return table


def _table_chunk(part: Partition) -> pd.DataFrame:
    src = Path(part.source)
    if part.kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(src)
        groups, seen, offset = [], None, 0  # only the row groups that overlap [start, stop) are decoded
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            if offset + n > part.start and offset < part.stop:
                groups.append(g)
                seen = offset if seen is None else seen
            offset += n
        seen = seen or 0
        batches = []
        for batch in pf.iter_batches(batch_size=max(1, min(65_536, part.stop - part.start)), row_groups=groups):
            lo, hi = seen, seen + batch.num_rows
            seen = hi
            if hi <= part.start:
                continue
            if lo >= part.stop:
                break
            batches.append(batch.slice(max(0, part.start - lo), min(hi, part.stop) - max(lo, part.start)))
        return pa.Table.from_batches(batches, schema=pf.schema_arrow).to_pandas()
    with src.open("rb") as fh:
        if part.kind == "csv":
            header = fh.read(part.options["header_end"])
        fh.seek(part.start)
        data = fh.read(part.stop - part.start)
    if part.kind == "csv":
        return pd.read_csv(io.BytesIO(header + data), dtype=str, keep_default_na=False, encoding="utf-8")
    try:
        return pd.read_json(io.BytesIO(data), lines=True, dtype=False, encoding="utf-8")
    except ValueError as err:
        raise CorpusError(f"{src}: not valid JSON Lines (bytes {part.start}-{part.stop}): {err}") from None


def _read_table(part: Partition, report: list[dict]) -> pd.DataFrame:
    src = Path(part.source)
    text_column, id_column = part.options["text_column"], part.options["id_column"]
    table = _table_chunk(part)
    if text_column not in table.columns:
        raise CorpusError(f"{src}: the text column {text_column!r} is missing; columns: "
                          f"{', '.join(map(str, table.columns))}. Pass text_column=... to load_corpus.")
    if id_column:
        ids = table[id_column].astype(str)
    else:
        ids = pd.Series([f"row{i:06d}" for i in range(part.row_start, part.row_start + len(table))])
    texts = []
    for i, value in enumerate(table[text_column]):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            value = ""
        if not isinstance(value, str):
            raise CorpusError(f"{src}, row {part.row_start + i + 1}, column {text_column!r}: expected text, "
                              f"got {type(value).__name__}.")
        text, notes = _corpus._normalise(value)
        for note in notes:
            report.append({"doc_id": ids.iloc[i], "path": str(src), "issue": "normalised", "detail": note})
        texts.append(text)
    out = pd.DataFrame({"doc_id": ids.values, "path": src.as_posix(), "text": texts})
    for k in ("outlet", "date", "title", "event", "kind"):
        out[k] = table[k].where(table[k].astype(str) != "", None).values if k in table.columns else None
    out["date"] = _corpus._parse_dates(out["date"], str(src))
    for c in table.columns:
        if c not in ("outlet", "date", "title", "event", "kind", text_column, id_column, "doc_id", "path"):
            out[c] = table[c].values
    return out


def read_partition(part: Partition) -> pd.DataFrame:
    """Load the documents of one partition.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`stanceviz.corpus.load_corpus` (``doc_id, outlet, date, title,
        event, kind, path, text`` then extra manifest or table columns), sorted by ``doc_id``,
        empty documents dropped; ``attrs["ingest_report"]`` lists what was repaired or dropped
        in this partition. Markdown documents: ``outlet`` is the host of the front matter's
        ``source_url``, ``event`` the month (``"2021-08"``), ``kind`` the front matter's ``tags``.
    """
    report: list[dict] = []
    reader = {"txt": _read_txt, "markdown": _read_markdown}.get(part.kind, _read_table)
    return _finish(reader(part, report), report)


class _Documents:
    """Re-iterable stream of partition tables (see :func:`iter_documents`)."""

    def __init__(self, parts: list[Partition]):
        self.partitions = parts

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return (read_partition(p) for p in self.partitions)

    def __len__(self) -> int:
        return len(self.partitions)


def iter_documents(source: str | Path, manifest: str | Path | None = None, **kwargs) -> _Documents:
    """A re-iterable stream of document tables, one per partition (arguments of :func:`plan_partitions`).

    Loop over it as many times as needed; each loop reads the partitions again from disk.
    """
    return _Documents(plan_partitions(source, manifest, **kwargs))
