"""Shared fixtures: the bundled corpus, loaded, cleaned and segmented once per session."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def docs():
    from stanceviz.corpus import load_corpus

    return load_corpus(RAW)


@pytest.fixture(scope="session")
def cleaned(docs):
    from stanceviz.clean import clean_corpus

    return clean_corpus(docs)


@pytest.fixture(scope="session")
def clean_docs(cleaned):
    return cleaned[0]


@pytest.fixture(scope="session")
def report(cleaned):
    return cleaned[1]


@pytest.fixture(scope="session")
def sents(clean_docs):
    from stanceviz.segment import sentences

    return sentences(clean_docs)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
