"""Ingest: the bundled corpus, and every kind of bad input named in the foundation issue."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from stanceviz.corpus import CorpusError, corpus_hash, doc_labels, ingest_report, load_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

def test_bundled_corpus_is_byte_identical_copy(raw_dir):
    files = sorted(p.name for p in raw_dir.iterdir())
    assert files == ["000_53d2993802687308.txt", "001_0759fc89812dbb0b.txt", "002_3c2d6e3cc76a8ab9.txt",
                     "003_5a0e71876e275197.txt", "004_75c1ef62c84159e6.txt", "manifest.csv"]
    # against the digests recorded when the corpus was copied, and against ../shared/corpus
    # itself when it stands beside the checkout
    digests = json.loads((Path(__file__).parent / "data" / "raw_sha256.json").read_text())
    for name in files:
        assert hashlib.sha256((raw_dir / name).read_bytes()).hexdigest() == digests[name], name
        if SHARED.is_dir():
            assert (raw_dir / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_load_bundled_corpus(docs):
    assert list(docs.columns[:8]) == ["doc_id", "outlet", "date", "title", "event", "kind", "path", "text"]
    assert len(docs) == 5
    assert str(docs["date"].dtype).startswith("datetime64")
    row = docs.set_index("doc_id").loc["004_75c1ef62c84159e6"]
    assert row["outlet"] == "Newsroom24x7"
    assert row["date"] == pd.Timestamp("2016-07-15")
    assert row["kind"] == "news+transcript"
    assert row["text"].startswith("The US and Russia striving")
    assert "\r" not in "".join(docs["text"])
    assert ingest_report(docs).empty


def test_corpus_hash_is_stable_and_sensitive(docs):
    h = corpus_hash(docs)
    assert h == corpus_hash(docs.sample(frac=1, random_state=1))  # order does not matter
    changed = docs.copy()
    changed.loc[0, "text"] = changed.loc[0, "text"] + " "
    assert corpus_hash(changed) != h


def test_doc_labels_unique(docs):
    labels = doc_labels(docs)
    assert labels.is_unique
    assert "Newsroom24x7 · 2016-07-15" in set(labels)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_manifest_row_with_missing_file_names_row_and_file(tmp_path):
    _write(tmp_path, "a.txt", "Some text.")
    _write(tmp_path, "manifest.csv", "file,outlet\na.txt,X\nghost.txt,Y\n")
    with pytest.raises(CorpusError, match=r"line 3: file 'ghost.txt'"):
        load_corpus(tmp_path)


def test_file_missing_from_manifest_kept_as_unknown_with_warning(tmp_path):
    _write(tmp_path, "a.txt", "Listed.")
    _write(tmp_path, "b.txt", "Not listed.")
    _write(tmp_path, "manifest.csv", "file,outlet,date\na.txt,X,2016-03-24\n")
    with pytest.warns(UserWarning, match="b.txt: not listed"):
        docs = load_corpus(tmp_path)
    assert docs.set_index("doc_id").loc["b", "outlet"] == "unknown"
    assert docs.set_index("doc_id").loc["a", "outlet"] == "X"
    rep = ingest_report(docs)
    assert rep["issue"].tolist() == ["not_in_manifest"]


def test_folder_without_manifest(tmp_path):
    _write(tmp_path, "one.txt", "First.")
    _write(tmp_path, "two.txt", "Second.")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["one", "two"]
    assert set(docs["outlet"]) == {"unknown"}
    assert docs["date"].isna().all()


def test_duplicate_doc_id_is_an_error(tmp_path):
    table = tmp_path / "c.csv"
    pd.DataFrame({"id": ["x", "x"], "text": ["a", "b"]}).to_csv(table, index=False)
    with pytest.raises(CorpusError, match="duplicate doc_id 'x'"):
        load_corpus(table, id_column="id")


def test_duplicate_file_in_manifest_is_an_error(tmp_path):
    _write(tmp_path, "a.txt", "x")
    _write(tmp_path, "manifest.csv", "file\na.txt\na.txt\n")
    with pytest.raises(CorpusError, match="line 3: duplicate file 'a.txt'"):
        load_corpus(tmp_path)


def test_non_utf8_bytes_replaced_and_counted(tmp_path):
    _write(tmp_path, "latin.txt", "Caf\xe9 talks in Moscow.".encode("latin-1"))
    docs = load_corpus(tmp_path)
    assert docs.loc[0, "text"] == "Caf\ufffd talks in Moscow."
    rep = ingest_report(docs)
    assert rep.loc[0, "issue"] == "non_utf8"
    assert rep.loc[0, "detail"].startswith("1 undecodable")


def test_bom_and_crlf_normalised(tmp_path):
    _write(tmp_path, "win.txt", b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    docs = load_corpus(tmp_path)
    assert docs.loc[0, "text"] == "Line one.\nLine two.\n"
    assert set(ingest_report(docs)["detail"]) == {"BOM removed", "2 CR line ends normalised to LF"}


def test_empty_document_dropped_and_reported(tmp_path):
    _write(tmp_path, "full.txt", "Text.")
    _write(tmp_path, "empty.txt", "  \n\n ")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["full"]
    rep = ingest_report(docs)
    assert rep[["doc_id", "issue"]].values.tolist() == [["empty", "dropped_empty"]]


def test_binary_file_is_an_error_naming_it(tmp_path):
    _write(tmp_path, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CorpusError, match="blob.txt: looks like a binary file"):
        load_corpus(tmp_path)


def test_bad_date_names_line_and_column(tmp_path):
    _write(tmp_path, "a.txt", "x")
    _write(tmp_path, "manifest.csv", "file,date\na.txt,not-a-date\n")
    with pytest.raises(CorpusError, match=r"line 2, column 'date'"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_tables(tmp_path, fmt):
    table = pd.DataFrame({"doc": ["d1", "d2"], "body": ["Kerry met Lavrov.", "Putin spoke."],
                          "outlet": ["A", "B"], "date": ["2016-07-15", "2016-03-24"]})
    path = tmp_path / f"t.{fmt}"
    if fmt == "csv":
        table.to_csv(path, index=False)
    elif fmt == "jsonl":
        table.to_json(path, orient="records", lines=True)
    else:
        table.to_parquet(path)
    docs = load_corpus(path, text_column="body", id_column="doc")
    assert docs["doc_id"].tolist() == ["d1", "d2"]
    assert docs["text"].tolist() == ["Kerry met Lavrov.", "Putin spoke."]
    assert docs["date"].tolist() == [pd.Timestamp("2016-07-15"), pd.Timestamp("2016-03-24")]


def test_table_missing_text_column(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"content": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="text column 'text' is missing; columns: content"):
        load_corpus(path)


def test_missing_source(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_markdown_front_matter_and_subfolders(tmp_path):
    sub = tmp_path / "2021-08"
    sub.mkdir()
    _write(sub, "brief-1.md", "---\ndate: '2021-08-02'\ntitle: Press Briefing\nsource_url: https://x.y/z\n---\n"
                              "MS. PSAKI:  Good afternoon.  We have\nthree \\- items.\n\nQ  Thanks.\n")
    _write(tmp_path, "README.md", "not a document")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["brief-1"]
    row = docs.iloc[0]
    assert row["text"] == "MS. PSAKI: Good afternoon. We have three - items.\n\nQ Thanks."
    assert row["date"] == pd.Timestamp("2021-08-02") and row["title"] == "Press Briefing"
    assert row["source_url"] == "https://x.y/z"
    assert (row["outlet"], row["event"], row["kind"]) == ("x.y", "2021-08", "markdown")
    _write(sub, "brief-2.md", "---\ndate: [unclosed\n---\nText.\n")
    with pytest.raises(CorpusError, match=r"brief-2.md, line \d+: invalid YAML front matter"):
        load_corpus(tmp_path)


def test_loaded_tables_concatenate_and_clean_when_empty(docs):
    from stanceviz.clean import clean_corpus

    both = pd.concat([docs, docs], ignore_index=True)  # attrs must not break pandas' concat
    assert len(both) == 10
    clean, report = clean_corpus(docs.iloc[0:0])
    assert clean.empty and report.empty and "n_chars_clean" in clean.columns
