"""The streaming pipeline: partitioned reading, run() == build_tables(), local == Dask, streamed topics."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stanceviz.corpus import CorpusError, ingest_report, load_corpus
from stanceviz.corpus_stream import _cut, iter_documents, plan_partitions, read_partition
from stanceviz.pipeline import TABLES, build_tables, read_table, run

BRIEFINGS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"
TRANSCRIPT = "004_75c1ef62c84159e6"


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    for p in parts:
        p.attrs = {}
    return pd.concat(parts, ignore_index=True)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reset_index(drop=True).copy()
    out.attrs = {}
    return out


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """A deterministic order for comparing tables written by different runs."""
    keys = [c for c in ("doc_id", "para_no", "sent_no", "span_no", "start", "theme", "dimension", "issue", "rule")
            if c in df.columns]
    return df.sort_values(keys, kind="stable").reset_index(drop=True) if keys else df


# --------------------------------------------------------------------------------------------
# partitions
# --------------------------------------------------------------------------------------------

@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=60), st.integers(1, 80))
def test_cut_is_contiguous_cover_without_empty_ranges(sizes, k):
    ranges = _cut(sizes, k, 8.0)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(sizes)
    assert all(a < b for a, b in ranges)
    assert all(ranges[i][1] == ranges[i + 1][0] for i in range(len(ranges) - 1))
    assert len(ranges) == min(k, len(sizes))


def test_cut_by_size_balances_bytes():
    assert _cut([10] * 10, None, 25e-6) == [(0, 3), (3, 5), (5, 8), (8, 10)]
    assert _cut([5, 5, 5, 5, 28], 2, 8.0) == [(0, 4), (4, 5)]  # a big last file still gets its own partition


@pytest.mark.parametrize("k", [1, 2, 3, 5, 9])
def test_folder_partitions_equal_load_corpus(raw_dir, docs, k):
    parts = plan_partitions(raw_dir, partitions=k)
    assert len(parts) == min(k, 5)
    assert [p.index for p in parts] == list(range(len(parts)))
    pd.testing.assert_frame_equal(_concat([read_partition(p) for p in parts]), _plain(docs))


_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_texts, min_size=1, max_size=12), k=st.integers(1, 6), fmt=st.sampled_from(["csv", "jsonl", "parquet"]))
def test_table_partitions_equal_load_corpus(tmp_path, texts, k, fmt):
    # adversarial text: quotes, commas, newlines inside a CSV field, CR, BOM, empty documents
    table = pd.DataFrame({"text": [f'{t}, "q"\n{t}\r\n' if i % 3 == 0 else t for i, t in enumerate(texts)],
                          "outlet": ["A", "B"] * (len(texts) // 2) + ["A"] * (len(texts) % 2)})
    path = tmp_path / f"c.{fmt}"
    if fmt == "csv":
        table.to_csv(path, index=False)
    elif fmt == "jsonl":
        table.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        table.to_parquet(path, index=False)
    whole = load_corpus(path)
    parts = [read_partition(p) for p in plan_partitions(path, partitions=k)]
    reports = pd.concat([ingest_report(p) for p in parts], ignore_index=True)
    got = _concat(parts).sort_values("doc_id", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, _plain(whole))
    key = ["doc_id", "issue", "detail"]
    expected = ingest_report(whole)
    assert sorted(map(tuple, reports[key].values)) == sorted(map(tuple, expected[key].values))


def test_iter_documents_is_reiterable(raw_dir):
    stream = iter_documents(raw_dir, partitions=2)
    assert iter(stream) is not stream and len(stream) == 2
    first = [t["doc_id"].tolist() for t in stream]
    assert first == [t["doc_id"].tolist() for t in stream] == [
        ["000_53d2993802687308", "001_0759fc89812dbb0b", "002_3c2d6e3cc76a8ab9", "003_5a0e71876e275197"],
        [TRANSCRIPT]]


def test_table_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n{"id": "a", "text": "z"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="duplicate doc_id 'a'"):
        plan_partitions(path, id_column="id")
    with pytest.raises(CorpusError, match="id column 'nope' is missing"):
        plan_partitions(path, id_column="nope")


def _write_md(path: Path, date: str, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: '{date}'\ntitle: \"{title}\"\nsource_url: https://example.org/b/1\ntags: briefing\n"
                    f"---\n{body}", encoding="utf-8")


def test_markdown_folder_reads_front_matter_and_joins_wrapped_lines(tmp_path):
    _write_md(tmp_path / "2021-01" / "b1.md", "2021-01-20", "Briefing one",
              "Room\n\nMS. SMITH:  Hello,\nwrapped line.\n\nQ    A question?\n")
    _write_md(tmp_path / "2021-02" / "a2.md", "2021-02-01", "Briefing two", "MR. JONES:  Two.\n")
    parts = plan_partitions(tmp_path, partitions=2)
    assert [p.kind for p in parts] == ["markdown", "markdown"]
    docs = _concat([read_partition(p) for p in parts]).set_index("doc_id")
    assert list(docs.index) == ["a2", "b1"]  # sorted by file stem across subfolders
    b1 = docs.loc["b1"]
    assert b1["text"] == "Room\n\nMS. SMITH: Hello, wrapped line.\n\nQ A question?"
    assert (b1["outlet"], b1["event"], b1["kind"], b1["title"]) == ("example.org", "2021-01", "briefing", "Briefing one")
    assert b1["date"] == pd.Timestamp("2021-01-20")
    _write_md(tmp_path / "2021-03" / "b1.md", "2021-03-01", "Same stem", "x")
    with pytest.raises(CorpusError, match="duplicate doc_id 'b1'"):
        plan_partitions(tmp_path)


# --------------------------------------------------------------------------------------------
# run() on the bundled corpus: the same tables as build_tables()
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables(raw_dir):
    return build_tables(raw_dir)


@pytest.fixture(scope="module")
def local_out(raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    paths = run(raw_dir, out, partitions=3)
    return out, paths


def test_run_writes_one_file_per_partition_and_table(local_out):
    out, paths = local_out
    assert set(paths) == set(TABLES)
    assert [p.name for p in paths["scores"]] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert paths["ingest_report"] == []  # the bundled corpus needs no repair
    record = json.loads((out / "_pipeline.json").read_text())
    assert record["partitions"] == 3 and record["n_docs"] == 5 and record["status"] == "done"
    assert [p["n_docs"] for p in record["parts"]] == [3, 1, 1]


@pytest.mark.parametrize("name", ["sentences", "spans", "scores", "cleaning_report", "documents"])
def test_run_equals_build_tables(local_out, tables, name):
    out, _ = local_out
    ref = {"sentences": tables.sentences, "spans": tables.spans, "scores": tables.scores,
           "cleaning_report": tables.cleaning_report,
           "documents": tables.clean_docs.drop(columns=["raw_text"])}[name]
    pd.testing.assert_frame_equal(read_table(out, name), _plain(ref))


def test_list_columns_survive_parquet(local_out, tables):
    out, _ = local_out
    docs = read_table(out, "documents").set_index("doc_id")
    marks = docs.loc[TRANSCRIPT, "marks"]
    assert isinstance(marks, list) and {"offset", "text", "rule"} <= set(marks[0])
    assert "(Via interpreter)" in [m["text"] for m in marks]
    assert docs.loc[TRANSCRIPT, "marks"] == tables.clean_docs.set_index("doc_id").loc[TRANSCRIPT, "marks"]
    scores = read_table(out, "scores")
    ev = [e for lst in scores["evidence"] for e in lst]
    assert ev and all({"word", "weight", "negated", "position"} <= set(e) for e in ev)
    raw = read_table(out, "scores", decode_json=False)
    assert isinstance(raw["evidence"].iloc[0], str) and json.loads(raw["evidence"].iloc[0]) == scores["evidence"].iloc[0]


def test_rerun_replaces_parts_and_refuses_foreign_folders(raw_dir, tmp_path):
    out = tmp_path / "out"
    run(raw_dir, out, partitions=5, score=False)
    assert len(list((out / "sentences").glob("part-*.parquet"))) == 5
    paths = run(raw_dir, out, partitions=2, score=False)
    assert sorted(p.name for p in (out / "sentences").glob("part-*.parquet")) == ["part-00000.parquet", "part-00001.parquet"]
    assert paths["scores"] == [] and paths["spans"] == []
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="not empty"):
        run(raw_dir, foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_run_rejects_bad_arguments(raw_dir, tmp_path):
    with pytest.raises(ValueError, match="'engine' argument of run must be one of 'local', 'dask'; got 'spark'"):
        run(raw_dir, tmp_path / "o", engine="spark")
    with pytest.raises(ValueError, match="'partitions' argument must be a positive integer"):
        run(raw_dir, tmp_path / "o", partitions=0)
    with pytest.raises(ValueError, match="scheduler= is for engine='dask'"):
        run(raw_dir, tmp_path / "o", scheduler="tcp://127.0.0.1:8786")


# --------------------------------------------------------------------------------------------
# Dask: identical results on the bundled corpus and on press briefings
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    """Every 40th press briefing (17 files, two month folders deep), unpacked into a temp dir."""
    if not BRIEFINGS.is_file():
        pytest.skip(f"{BRIEFINGS} not found")
    dest = tmp_path_factory.mktemp("briefings")
    with tarfile.open(BRIEFINGS, mode="r:xz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")), key=lambda m: m.name)
        chosen = members[::40]
        tar.extractall(dest, members=chosen, filter="data")
    return dest


def test_markdown_partitions_agree_with_the_topic_notebook_reader(briefings):
    from stanceviz.topics_corpora import load_markdown_corpus

    parts = [read_partition(p) for p in plan_partitions(briefings, partitions=3)]
    assert sum(map(len, parts)) == 17
    ours = _concat(parts)
    theirs = load_markdown_corpus(briefings)
    cols = ["doc_id", "outlet", "date", "title", "event", "kind", "text"]
    pd.testing.assert_frame_equal(ours[cols], theirs[cols], check_dtype=False)
    # hard-wrapped lines are joined; every transcript has turns opening with an ALL-CAPS label
    assert ours["text"].str.contains(r"\n\n[A-Z][A-Z. '-]+: \S", regex=True).all()
    assert not ours["text"].str.contains(r"[^\n]\n[^\n]", regex=True).any()


def _assert_same_run(a: Path, b: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(read_table(a, name)), _sorted(read_table(b, name)))


@pytest.mark.slow
def test_dask_equals_local(raw_dir, local_out, briefings, tmp_path):
    out_dask = tmp_path / "dask"
    run(raw_dir, out_dask, engine="dask", partitions=2)
    _assert_same_run(local_out[0], out_dask)

    local_b, dask_b = tmp_path / "local_b", tmp_path / "dask_b"
    run(briefings, local_b, partitions=1)
    paths = run(briefings, dask_b, engine="dask")
    assert len(paths["sentences"]) == 8  # by default at least 4 partitions per worker
    _assert_same_run(local_b, dask_b)
    spans = read_table(dask_b, "spans")
    # real transcript turns of the briefings reach the tables: the press secretary and the press
    assert {"journalist"} <= set(spans["speaker"]) and (spans["attribution"] == "turn").mean() > 0.5
    assert read_table(dask_b, "documents")["event"].str.match(r"^202[12]-\d\d$").all()


@pytest.mark.slow
def test_dask_on_a_user_scheduler(raw_dir, local_out, tmp_path):
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        run(raw_dir, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
        assert cluster.scheduler.workers  # the user's cluster is left running
    record = json.loads((tmp_path / "out" / "_pipeline.json").read_text())
    assert record["scheduler"].startswith("tcp://127.0.0.1:") and record["status"] == "done"
    _assert_same_run(local_out[0], tmp_path / "out")


# --------------------------------------------------------------------------------------------
# topics at scale
# --------------------------------------------------------------------------------------------

def test_stream_bow_equals_in_memory_bag_of_words(local_out, tmp_path):
    from stanceviz.pipeline_topics import stream_bow
    from stanceviz.topics import bag_of_words, fit_lda, topic_units

    out, _ = local_out
    dictionary, mm = stream_bow(out, tmp_path / "bow.mm", unit="paragraph")
    ref = bag_of_words(topic_units(read_table(out, "sentences"), "paragraph"), phrases=False)
    assert dictionary.token2id == ref.dictionary.token2id
    assert len(mm) == len(ref.corpus) > 50
    assert [[(i, int(n)) for i, n in doc] for doc in mm] == [sorted(doc) for doc in ref.corpus]
    units = pd.read_parquet(tmp_path / "bow.mm.units.parquet")
    assert units["unit_id"].tolist() == ref.units["unit_id"].tolist()
    assert units["n_tokens"].tolist() == ref.units["n_tokens"].tolist()
    # fit_lda reads the disk corpus and, with the same seed, finds the same topics as in memory
    a = fit_lda((dictionary, mm), 3, seed=0, passes=2)
    b = fit_lda((ref.dictionary, ref.corpus), 3, seed=0, passes=2)
    assert np.allclose(a.model.get_topics(), b.model.get_topics())


def test_stream_bow_needs_a_run(tmp_path):
    from stanceviz.pipeline_topics import stream_bow

    with pytest.raises(FileNotFoundError, match="no sentences tables"):
        stream_bow(tmp_path, tmp_path / "bow.mm")


def test_partition_of_empty_documents_leaves_only_an_ingest_report(raw_dir, tmp_path):
    docs = load_corpus(raw_dir)
    rows = [{"id": d, "text": t} for d, t in zip(docs["doc_id"][:2], docs["text"][:2])] + [
        {"id": "blank1", "text": ""}, {"id": "blank2", "text": " \n "}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    paths = run(path, tmp_path / "out", partitions=4, id_column="id", score=False)
    # partitions 2 and 3 held one blank document each: no tables but the ingest report
    assert [p.name for p in paths["sentences"]] == ["part-00000.parquet", "part-00001.parquet"]
    assert [p.name for p in paths["ingest_report"]] == ["part-00002.parquet", "part-00003.parquet"]
    report = read_table(tmp_path / "out", "ingest_report")
    assert report[["doc_id", "issue"]].values.tolist() == [["blank1", "dropped_empty"], ["blank2", "dropped_empty"]]
    assert read_table(tmp_path / "out", "documents")["doc_id"].tolist() == list(docs["doc_id"][:2])


@pytest.mark.parametrize("k", [1, 3, 7, 40])
def test_parquet_partitions_read_only_their_row_groups(tmp_path, k):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pd.DataFrame({"text": [f"Document {i} says hello." for i in range(1000)]})
    path = tmp_path / "rg.parquet"
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), path, row_group_size=37)
    parts = [read_partition(p) for p in plan_partitions(path, partitions=k)]
    assert sum(map(len, parts)) == 1000
    got = _concat(parts)
    pd.testing.assert_frame_equal(got, _plain(load_corpus(path)))
    assert got["text"].iloc[777] == "Document 777 says hello."
