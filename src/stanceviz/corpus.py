"""Load a corpus into one tidy table, one row per document, and account for every input.

Sources: a folder of ``.txt`` or ``.md`` files, searched recursively (with an optional manifest
CSV, by default ``manifest.csv`` inside the folder), or a CSV, JSONL or Parquet table with a text
column. A Markdown file (``.md``) is read with :func:`read_markdown`: its YAML front matter
(``---`` … ``---``) goes through ``yaml.safe_load`` into the metadata (date, title, outlet,
event, kind; other keys become extra columns), Markdown escapes and inline tags are removed, and
hard-wrapped lines are joined into paragraphs.

Every input document is accounted for: a document that is dropped (empty) or repaired
(undecodable bytes, BOM, CRLF, Unicode normalisation) is listed in the ingest report, available
as ``docs.attrs["ingest_report"]`` and through :func:`ingest_report`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import yaml

__all__ = ["load_corpus", "corpus_hash", "ingest_report", "doc_labels", "read_markdown", "markdown_body",
           "markdown_metadata", "CorpusError", "DOC_COLUMNS", "REPORT_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of the table returned by :func:`load_corpus`, in order.
DOC_COLUMNS = ["doc_id", "outlet", "date", "title", "event", "kind", "path", "text"]
#: Columns of the ingest report.
REPORT_COLUMNS = ["doc_id", "path", "issue", "detail"]

_META = ["outlet", "date", "title", "event", "kind"]
_TEXT_SUFFIXES = {".txt", ".md"}


class CorpusError(ValueError):
    """Bad corpus input; the message names the file, the row or the column."""


def _normalise(raw: str) -> tuple[str, list[str]]:
    """Strip a BOM, turn CRLF/CR into LF, apply Unicode NFC; return the text and what changed."""
    notes = []
    text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append("BOM removed")
    if "\r" in text:
        n = text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append(f"{n} CR line ends normalised to LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        notes.append("Unicode NFC applied")
        text = nfc
    return text, notes


def _read_text_file(path: Path, report: list[dict], doc_id: str) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{path}: looks like a binary file (NUL bytes); expected UTF-8 text.")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raw = data.decode("utf-8", errors="replace")
        n_bad = raw.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
        report.append({"doc_id": doc_id, "path": str(path), "issue": "non_utf8",
                       "detail": f"{n_bad} undecodable byte sequence(s) replaced by U+FFFD"})
        log.warning("%s: %d undecodable byte sequence(s) replaced", path, n_bad)
    text, notes = _normalise(raw)
    for note in notes:
        report.append({"doc_id": doc_id, "path": str(path), "issue": "normalised", "detail": note})
    return text


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TAG = re.compile(r"</?(?:s|del|em|strong|b|i|u|sup|sub|span)\b[^>]*>", re.I)
_BLANK = re.compile(r"^[\s\u00a0]*$")
_HOST = re.compile(r"^https?://([^/]+).*$")


def markdown_body(text: str) -> tuple[dict, str]:
    """Split a Markdown file into its front matter (dict) and body paragraphs.

    Returns
    -------
    (dict, str)
        The front matter (``{}`` when absent) and the body: Markdown escapes and inline tags
        removed, hard-wrapped lines joined with a space, paragraphs separated by ``"\\n\\n"``.
    """
    meta: dict = {}
    m = _FRONT.match(text)
    if m:
        loaded = yaml.safe_load(m.group(1))  # a MarkedYAMLError names the line
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[m.end():]
    paras, current = [], []
    for line in text.splitlines():
        if _BLANK.match(line):
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        current.append(line.replace("\u00a0", " ").strip())
    if current:
        paras.append(" ".join(current))
    out = []
    for p in paras:
        p = _TAG.sub("", _ESCAPE.sub(r"\1", p))
        p = re.sub(r"[ \t]+", " ", p).strip()
        if p:
            out.append(p)
    return meta, "\n\n".join(out)


def markdown_metadata(front: dict) -> dict:
    """Document metadata from a Markdown front matter: ``outlet`` (the front matter's, else the
    web host of ``source_url``), ``date``, ``title``, ``event`` (the front matter's, else the
    month of the date, ``"2021-08"``) and ``kind`` (``kind``, else ``tags``, else ``"markdown"``)."""
    url = str(front.get("source_url") or "")
    date = pd.to_datetime(str(front.get("date") or ""), errors="coerce")
    return {
        "outlet": str(front["outlet"]) if front.get("outlet") else (_HOST.sub(r"\1", url) if url.startswith("http") else None),
        "date": None if pd.isna(date) else date.date().isoformat(),
        "title": str(front.get("title") or "").replace("\u00a0", " ") or None,
        "event": str(front["event"]) if front.get("event") else (date.strftime("%Y-%m") if pd.notna(date) else None),
        "kind": str(front.get("kind") or front.get("tags") or "markdown"),
    }


def read_markdown(text: str, path: str | Path) -> tuple[dict, dict, str]:
    """Parse one Markdown document: ``(metadata, other front-matter keys, body)``.

    Raises CorpusError naming the file and line of a bad front matter.
    """
    try:
        front, body = markdown_body(text)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 2 if err.problem_mark is not None else "?"
        raise CorpusError(f"{path}, line {line}: invalid YAML front matter: {err.problem}") from None
    except yaml.YAMLError as err:
        raise CorpusError(f"{path}: invalid YAML front matter: {err}") from None
    front = {str(k): v for k, v in front.items()}
    extras = {k: v for k, v in front.items() if k not in _META and k not in {"doc_id", "path", "text"}}
    return markdown_metadata(front), extras, body


def _read_manifest(manifest: Path) -> pd.DataFrame:
    try:
        table = pd.read_csv(manifest, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise CorpusError(f"{manifest}: cannot be read as a UTF-8 CSV: {err}") from None
    if "file" not in table.columns:
        raise CorpusError(f"{manifest}: a manifest needs a 'file' column; got columns: {', '.join(table.columns)}.")
    dup = table["file"][table["file"].duplicated()]
    if len(dup):
        line = int(dup.index[0]) + 2
        raise CorpusError(f"{manifest}, line {line}: duplicate file {dup.iloc[0]!r} in the 'file' column.")
    return table


def _parse_dates(values: pd.Series, where: str) -> pd.Series:
    out = []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() in {"", "unknown", "NaT"}:
            out.append(pd.NaT)
            continue
        try:
            out.append(pd.Timestamp(str(v).strip()))
        except (ValueError, TypeError):
            raise CorpusError(f"{where}, line {i + 2}, column 'date': cannot parse {v!r} as a date "
                              "(expected ISO 8601, e.g. 2016-07-15).") from None
    return pd.to_datetime(pd.Series(out, index=values.index, dtype="datetime64[ns]"))


def _from_folder(folder: Path, manifest: Path | None, report: list[dict]) -> pd.DataFrame:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                   and p.name.lower() != "readme.md")
    if manifest is None and (folder / "manifest.csv").is_file():
        manifest = folder / "manifest.csv"
    meta = _read_manifest(manifest) if manifest is not None else None
    rows = []
    listed: set[str] = set()
    if meta is not None:
        for i, rec in meta.iterrows():
            name = rec["file"]
            path = folder / name
            if not path.is_file():
                raise CorpusError(f"{manifest}, line {int(i) + 2}: file {name!r} listed in the manifest "
                                  f"does not exist in {folder}.")
            listed.add(name)
            row = {k: rec[k] if k in rec and rec[k] != "" else None for k in _META}
            row.update({"doc_id": Path(name).stem, "path": path})
            rows.append(row)
    for path in files:
        if path.relative_to(folder).as_posix() in listed:
            continue
        if meta is not None:
            msg = f"{path}: not listed in {manifest}; kept with outlet 'unknown'."
            warnings.warn(msg, stacklevel=3)
            report.append({"doc_id": path.stem, "path": str(path), "issue": "not_in_manifest", "detail": msg})
        rows.append({"doc_id": path.stem, "path": path, **{k: None for k in _META}})
    if not rows:
        raise CorpusError(f"{folder}: no .txt files found.")
    extra_meta: dict[str, dict] = {}
    for row in rows:
        text = _read_text_file(row["path"], report, row["doc_id"])
        if Path(row["path"]).suffix.lower() == ".md":
            front_meta, others, text = read_markdown(text, row["path"])
            for key in _META:
                if row.get(key) is None and front_meta.get(key) not in (None, ""):
                    row[key] = str(front_meta[key])
            if others:
                extra_meta[row["doc_id"]] = others
        row["text"] = text
        row["path"] = Path(row["path"]).as_posix()
    table = pd.DataFrame(rows)
    if extra_meta:
        front = pd.DataFrame.from_dict(extra_meta, orient="index")
        front = front.map(lambda v: v if v is None or isinstance(v, (str, int, float, bool)) else str(v))
        table = table.join(front, on="doc_id")
    table["date"] = _parse_dates(table["date"], str(manifest) if manifest else str(folder))
    extra = [c for c in (meta.columns if meta is not None else []) if c not in _META and c != "file"]
    if extra:
        add = meta.set_index(meta["file"].map(lambda f: Path(f).stem))[extra]
        table = table.join(add, on="doc_id")
    return table


def _from_table(path: Path, text_column: str, id_column: str | None, report: list[dict]) -> pd.DataFrame:
    suffix = "".join(path.suffixes[-1:]).lower()
    if suffix == ".csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    elif suffix in {".jsonl", ".ndjson"}:
        try:
            table = pd.read_json(path, lines=True, dtype=False, encoding="utf-8")
        except ValueError as err:
            raise CorpusError(f"{path}: not valid JSON Lines: {err}") from None
    elif suffix in {".parquet", ".pq"}:
        table = pd.read_parquet(path)
    else:
        raise CorpusError(f"{path}: unsupported corpus format {suffix!r}; expected a folder of .txt files, "
                          ".csv, .jsonl or .parquet.")
    if text_column not in table.columns:
        raise CorpusError(f"{path}: the text column {text_column!r} is missing; columns: {', '.join(map(str, table.columns))}. "
                          "Pass text_column=... to load_corpus.")
    if id_column is not None and id_column not in table.columns:
        raise CorpusError(f"{path}: the id column {id_column!r} is missing; columns: {', '.join(map(str, table.columns))}.")
    ids = table[id_column].astype(str) if id_column else pd.Series([f"row{i:06d}" for i in range(len(table))])
    texts = []
    for i, value in enumerate(table[text_column]):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            value = ""
        if not isinstance(value, str):
            raise CorpusError(f"{path}, row {i + 1}, column {text_column!r}: expected text, got {type(value).__name__}.")
        text, notes = _normalise(value)
        for note in notes:
            report.append({"doc_id": ids.iloc[i], "path": str(path), "issue": "normalised", "detail": note})
        texts.append(text)
    out = pd.DataFrame({"doc_id": ids.values, "path": path.as_posix(), "text": texts})
    for k in _META:
        out[k] = table[k].where(table[k].astype(str) != "", None).values if k in table.columns else None
    out["date"] = _parse_dates(out["date"], str(path))
    extra = [c for c in table.columns if c not in _META and c not in {text_column, id_column, "doc_id", "path"}]
    for c in extra:
        out[c] = table[c].values
    return out


def load_corpus(
    source: str | Path,
    manifest: str | Path | None = None,
    text_column: str = "text",
    id_column: str | None = None,
) -> pd.DataFrame:
    """Load a corpus: one row per document.

    Parameters
    ----------
    source
        A folder of ``.txt`` files, or a ``.csv``, ``.jsonl`` or ``.parquet`` table.
    manifest
        For a folder: a CSV with a ``file`` column and any of ``outlet, date, title, event, kind``
        (extra columns are kept). Defaults to ``manifest.csv`` inside the folder when present.
    text_column, id_column
        For a table: the column holding the text, and the one holding document ids (row numbers
        ``row000000 …`` when None).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, outlet, date (datetime64), title, event, kind, path, text`` then any
        extra manifest columns; sorted by ``doc_id``. Missing metadata is ``"unknown"`` (outlet,
        event, kind), ``""`` (title) or NaT (date). :func:`ingest_report` lists every
        repaired or dropped document (columns ``doc_id, path, issue, detail``); the records
        travel in ``attrs["ingest_report"]``.

    Raises
    ------
    CorpusError
        A manifest row whose file is missing (names the row and file), a duplicate doc_id, a
        binary file, an unreadable table or a missing text column.

    Examples
    --------
    >>> docs = load_corpus("data/raw")                   # doctest: +SKIP
    >>> docs[["doc_id", "outlet", "date"]].head(2)       # doctest: +SKIP
    """
    src = Path(source)
    report: list[dict] = []
    if src.is_dir():
        table = _from_folder(src, Path(manifest) if manifest is not None else None, report)
    elif src.is_file():
        if manifest is not None:
            raise CorpusError(f"manifest= is for a folder of .txt files; {src} is a table, whose metadata "
                              "columns are read directly.")
        table = _from_table(src, text_column, id_column, report)
    else:
        raise CorpusError(f"{src}: no such file or folder.")

    dup = table["doc_id"][table["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"{src}: duplicate doc_id {dup.iloc[0]!r}; document ids must be unique.")

    return _finish(table, report)


def _finish(table: pd.DataFrame, report: list[dict]) -> pd.DataFrame:
    """The last steps of loading (shared with :mod:`stanceviz.corpus_stream`): drop and report
    empty documents, default the missing metadata, order the columns, sort by doc_id, attach
    the ingest report."""
    empty = table["text"].str.strip() == ""
    for _, row in table[empty].iterrows():
        report.append({"doc_id": row["doc_id"], "path": row["path"], "issue": "dropped_empty",
                       "detail": "document has no text (empty or whitespace only)"})
        log.warning("%s: empty document dropped", row["path"])
    table = table[~empty].copy()
    for k, default in (("outlet", "unknown"), ("event", "unknown"), ("kind", "unknown"), ("title", "")):
        table[k] = table[k].where(table[k].notna(), default).astype(str)
    table = table[DOC_COLUMNS + [c for c in table.columns if c not in DOC_COLUMNS]]
    table = table.sort_values("doc_id", kind="stable").reset_index(drop=True)
    # records, not a DataFrame: pandas compares attrs when concatenating frames
    table.attrs["ingest_report"] = tuple(dict(r) for r in report)
    return table


def ingest_report(docs: pd.DataFrame) -> pd.DataFrame:
    """The ingest report of a table made by :func:`load_corpus` (empty when none is attached)."""
    rep = docs.attrs.get("ingest_report")
    if isinstance(rep, pd.DataFrame):
        return rep.copy()
    return pd.DataFrame(list(rep or ()), columns=REPORT_COLUMNS)


def corpus_hash(docs: pd.DataFrame) -> str:
    """SHA-256 over every document's id, metadata and text: the input hash recorded with figures.

    Uses ``raw_text`` when present (cleaned tables), so raw and cleaned tables of one corpus hash alike.
    """
    h = hashlib.sha256()
    text_col = "raw_text" if "raw_text" in docs.columns else "text"
    for _, row in docs.sort_values("doc_id").iterrows():
        date = row["date"]
        date_s = "" if pd.isna(date) else pd.Timestamp(date).date().isoformat()
        for part in (row["doc_id"], row["outlet"], date_s, row["title"], row["event"], row["kind"], row[text_col]):
            h.update(str(part).encode("utf-8"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return "sha256:" + h.hexdigest()


def doc_labels(docs: pd.DataFrame) -> pd.Series:
    """Short, unique, readable labels for documents: ``"bne IntelliNews · 2016-07-15"``.

    Falls back to the doc_id when outlet and date are unknown; appends the doc_id where two
    documents would share a label. Indexed like ``docs``.
    """
    labels = []
    for _, row in docs.iterrows():
        outlet = str(row.get("outlet", "unknown"))
        outlet = outlet if len(outlet) <= 28 else outlet[:27] + "…"
        date = row.get("date")
        date_s = "" if date is None or pd.isna(date) else pd.Timestamp(date).strftime("%Y-%m-%d")
        parts = [p for p in (outlet if outlet != "unknown" else "", date_s) if p]
        labels.append(" · ".join(parts) if parts else str(row["doc_id"]))
    out = pd.Series(labels, index=docs.index, dtype=object)
    dup = out.duplicated(keep=False)
    out[dup] = out[dup] + " (" + docs.loc[dup, "doc_id"].astype(str) + ")"
    return out.astype(str)
