"""Split cleaned documents into paragraphs and sentences, and texts into word tokens.

Sentences come from NLTK's Punkt algorithm run with parameters shipped in the package
(``resources/punkt_abbreviations.txt``), so no NLTK data is needed and results do not depend on
whether it is installed. Paragraphs are the blocks the cleaner separates by a blank line; a
transcript turn label ("SECRETARY KERRY:", "Q") always starts a new paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from . import config
from ._checks import check_columns

__all__ = ["sentences", "paragraphs", "split_sentences", "tokenize", "Token", "SENTENCE_COLUMNS", "TURN_LABEL_START"]

#: Columns of the table returned by :func:`sentences`.
SENTENCE_COLUMNS = ["doc_id", "para_no", "sent_no", "start", "end", "text"]

#: A conservative pattern for the start of a transcript turn: an ALL-CAPS label of one to six
#: words, optionally with a parenthesis, followed by a colon ("SECRETARY KERRY:", "MR. KIRBY:",
#: "PRESIDENT PUTIN (via interpreter):"), or a "Q" / "Q:" question turn. It only decides where
#: paragraphs start; :func:`stanceviz.speakers.split_turns` is the authority on turns.
TURN_LABEL_START = re.compile(
    r"(?m)^(?:(?:[A-Z][A-Z.'’&-]+[ \t]){0,5}[A-Z][A-Z.'’&-]+(?:[ \t]*\([^()\n]{1,60}\))?[ \t]*:[ \t]+"
    r"|Q[ \t]*:?[ \t]+(?=\S))"
)

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"                 # U.S. U.N. U.S.A.
    r"|\w+(?:[-‐]\w+)*(?=n['’]t\b)"       # do|n't, ca|n't
    r"|n['’]t\b"
    r"|['’](?:s|re|ve|ll|d|m)\b"          # 's 're 've 'll 'd 'm
    r"|\w+(?:[-‐]\w+)*(?:['’](?!(?:s|re|ve|ll|d|m|t)\b)\w+(?:[-‐]\w+)*)*"  # words, compounds, O'Brien
    r"|[^\w\s]",                           # punctuation, one character a token
    re.UNICODE,
)


class Token(NamedTuple):
    """A word or punctuation token: ``text == source[start:end]``; ``lower`` is its case-folded form."""

    text: str
    start: int
    end: int
    lower: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text`` with character offsets (plus ``offset``).

    Contractions are split Treebank-style ("don't" → "do", "n't"); possessive "'s" is a token.

    >>> [t.text for t in tokenize("We don't know the U.S. plan.")]
    ['We', 'do', "n't", 'know', 'the', 'U.S.', 'plan', '.']
    """
    return [Token(m.group(), m.start() + offset, m.end() + offset, m.group().casefold())
            for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    abbrevs = set()
    for line in config.resource_text("punkt_abbreviations.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            abbrevs.add(line)
    params.abbrev_types = abbrevs
    return PunktSentenceTokenizer(params)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed so that ``text[a:b]`` has no leading or trailing blanks."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_TAIL = " \t\n.?!\"'”’)]»"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one paragraph, trimmed of surrounding blanks."""
    core = text.rstrip(_TAIL)
    if not any(ch in core for ch in ".?!"):  # no sentence end before the last: one sentence
        spans = [_trim(text, 0, len(text))]
    else:
        spans = [_trim(text, s, e) for s, e in _punkt().span_tokenize(text)]
    return [(s, e) for s, e in spans if e > s]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by blank lines or line breaks, split again at turn labels."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        cuts = [c.start() for c in TURN_LABEL_START.finditer(text, s, e) if c.start() > s]
        for a, b in zip([s, *cuts], [*cuts, e]):
            a, b = _trim(text, a, b)
            if b > a:
                spans.append((a, b))
    return spans


def sentences(clean_docs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every document.

    Parameters
    ----------
    clean_docs
        Table with ``doc_id`` and ``text`` (the cleaned text from
        :func:`stanceviz.clean.clean_corpus`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_no, sent_no, start, end, text``: ``para_no`` and ``sent_no`` count from 0
        within each document; ``start``/``end`` are offsets into the cleaned text and
        ``text == clean_text[start:end]``. Documents with no text yield no rows.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["U.S. Secretary of State John Kerry spoke. He left."]})
    >>> sentences(docs)["text"].tolist()
    ['U.S. Secretary of State John Kerry spoke.', 'He left.']
    """
    check_columns(clean_docs, ["doc_id", "text"], func="sentences", arg="clean_docs")
    rows = []
    for doc_id, text in zip(clean_docs["doc_id"], clean_docs["text"]):
        sent_no = 0
        for para_no, (ps, pe) in enumerate(paragraphs(text)):
            para = text[ps:pe]
            for s, e in split_sentences(para):
                rows.append((doc_id, para_no, sent_no, ps + s, ps + e, para[s:e]))
                sent_no += 1
    table = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return table.astype({"para_no": "int64", "sent_no": "int64", "start": "int64", "end": "int64"})
