"""Topic models (LDA, via gensim) of paragraphs, sentences, speaker turns or documents.

The stage runs in four steps, each returning something you can inspect:

1. :func:`topic_units` groups any tidy table of text spans into topic *units* (one row per
   paragraph, sentence, speaker turn or document), keeping the grouping columns (outlet,
   event, speaker …) that prevalence needs later. :func:`prepare_units` does it from a table
   of cleaned documents.
2. :func:`bag_of_words` tokenises the units (lower case, canonical aliases, stop words,
   gensim ``Phrases`` bigrams) and builds a gensim ``Dictionary`` filtered with thresholds
   adapted to the number of units.
3. :func:`fit_lda` fits gensim's ``LdaModel`` (single process, fixed ``random_state``: the
   same seed gives the same topics and the same unit–topic matrix) and returns a
   :class:`TopicModel` with tidy getters (:meth:`TopicModel.top_terms`,
   :meth:`TopicModel.unit_topics`).
4. :func:`select_k`, :func:`seeded_eta`, :func:`prevalence`, :func:`seed_recovery`,
   :func:`compare_topics` and :func:`export_ldavis` (in ``topics_eval``, importable from
   here) choose K, steer topics toward the stance themes, compare groups and export pyLDAvis.

Method notes, validation and limits: ``docs/topics.md``.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._checks import check_choice, check_columns
from .compare import rng
from .topics_tokens import load_stopwords, make_tokenizer, theme_seeds

__all__ = [
    "UNITS",
    "GROUP_COLUMNS",
    "BagOfWords",
    "TopicModel",
    "TopicInputError",
    "load_stopwords",
    "theme_seeds",
    "topic_units",
    "prepare_units",
    "make_tokenizer",
    "bag_of_words",
    "fit_lda",
    # re-exported from topics_eval
    "SeededPrior",
    "seeded_eta",
    "select_k",
    "suggest_k",
    "topic_stability",
    "compare_topics",
    "seed_recovery",
    "prevalence",
    "export_ldavis",
]

#: Unit name → columns that identify one unit inside a table of spans.
UNITS: dict[str, tuple[str, ...]] = {
    "paragraph": ("doc_id", "para_no"),
    "sentence": ("doc_id", "sent_no"),
    "turn": ("doc_id", "turn_no"),
    "document": ("doc_id",),
}

#: Columns carried from spans to units (when present) for prevalence and labelling.
GROUP_COLUMNS: tuple[str, ...] = (
    "outlet", "event", "date", "kind", "speaker", "speaker_name", "speaker_side",
)


class TopicInputError(ValueError):
    """The input cannot support the requested topic model; the message says what to change."""


# ----------------------------------------------------------------------------------------------
# Units
# ----------------------------------------------------------------------------------------------

def _turn_no(table: pd.DataFrame, speaker: str) -> pd.Series:
    order = ["doc_id", *[c for c in ("start", "sent_no", "span_no") if c in table.columns]]
    t = table.sort_values(order, kind="stable")
    who = t[speaker].astype("object").where(t[speaker].notna(), "\x00none")
    new_turn = (who != who.groupby(t["doc_id"]).shift()) | (t["doc_id"] != t["doc_id"].shift())
    turn = new_turn.astype(int).groupby(t["doc_id"]).cumsum() - 1
    return turn.reindex(table.index)


def _majority(table: pd.DataFrame, keys: list[str], col: str, weight: pd.Series) -> pd.DataFrame:
    """Per unit, the value of ``col`` covering most characters (ties: first seen)."""
    sub = table[keys + [col]].copy()
    sub["_w"] = weight.to_numpy()
    sub["_first"] = np.arange(len(sub))
    sub = sub[sub[col].notna()]
    if sub.empty:
        return pd.DataFrame(columns=[*keys, col])
    agg = sub.groupby([*keys, col], sort=False, dropna=True).agg(_w=("_w", "sum"), _first=("_first", "min"))
    agg = agg.reset_index().sort_values(["_w", "_first"], ascending=[False, True], kind="stable")
    return agg.drop_duplicates(keys)[[*keys, col]]


def topic_units(
    table: pd.DataFrame,
    unit: str = "paragraph",
    *,
    by: Sequence[str] | None = None,
    text: str = "text",
    speaker: str = "speaker",
) -> pd.DataFrame:
    """Group a tidy table of text spans into topic units.

    Works on any table with ``doc_id`` and a text column: the sentences of
    :func:`stanceviz.segment.sentences` (paragraph or sentence units), the attributed spans of
    :func:`stanceviz.speakers.attribute` (speaker turns) or a document table (document units).

    Parameters
    ----------
    table
        One row per span; needs ``doc_id``, ``text`` and the unit keys: ``para_no`` for
        paragraphs, ``sent_no`` for sentences, ``speaker`` for turns (a turn is a run of
        consecutive spans of one speaker in a document, ordered by ``start``).
    unit
        ``"paragraph"`` (default), ``"sentence"``, ``"turn"`` or ``"document"``.
    by
        Grouping columns to carry to the units. Default: those of :data:`GROUP_COLUMNS`
        present in ``table``. When a unit's spans disagree (a paragraph quoting two speakers),
        the unit takes the value covering most characters.
    text
        Name of the text column.
    speaker
        Column that defines turns (``unit="turn"`` only).

    Returns
    -------
    DataFrame
        One row per unit in document order, columns: ``unit_id`` (str, e.g.
        ``"004_75c1…:p12"``), ``doc_id``, the unit key (``para_no``, ``sent_no`` or
        ``turn_no``; none for documents), ``start``/``end`` (character span in the document
        when the table has them), the ``by`` columns, ``text`` (span texts joined with one
        space, or with ``"\\n\\n"`` across paragraphs) and ``n_chars``.
    """
    func = "topic_units"
    check_choice(unit, UNITS, func=func, arg="unit")
    check_columns(table, ["doc_id", text], func=func, arg="table")
    t = table.copy()
    t.attrs = {}  # upstream tables may carry reports in attrs; units do not need them
    if unit == "turn":
        check_columns(t, [speaker], func=func, arg="table")
        t["turn_no"] = _turn_no(t, speaker)
    keys = list(UNITS[unit])
    missing = [k for k in keys if k not in t.columns]
    if missing:
        hint = " (use stanceviz.segment.sentences to get para_no/sent_no)" if unit in ("paragraph", "sentence") else ""
        raise ValueError(
            f"The 'table' argument of {func} needs column(s) {', '.join(missing)} for unit={unit!r}{hint}; "
            f"got columns: {', '.join(map(str, t.columns))}."
        )
    if by is None:
        by = [c for c in GROUP_COLUMNS if c in t.columns and c not in keys]
    else:
        by = list(by)
        check_columns(t, by, func=func, arg="table")
    order = ["doc_id", *[c for c in ("start", "para_no", "sent_no", "span_no") if c in t.columns]]
    t["_doc_order"] = pd.Categorical(t["doc_id"], categories=pd.unique(t["doc_id"]))
    t = t.sort_values(["_doc_order", *order[1:]], kind="stable")
    t[text] = t[text].astype("object").where(t[text].notna(), "")
    joiner = "\n\n" if (unit == "document" and "para_no" in t.columns) else " "
    if joiner == " ":
        texts = t.groupby(keys, sort=False)[text].agg(lambda s: " ".join(x.strip() for x in s if x.strip()))
    else:  # documents from a sentence table: keep paragraph breaks
        para = t.groupby([*keys, "para_no"], sort=False)[text].agg(lambda s: " ".join(x.strip() for x in s))
        texts = para.groupby(level=list(range(len(keys))), sort=False).agg(lambda s: "\n\n".join(s))
    out = texts.rename("text").reset_index()
    if "start" in t.columns and "end" in t.columns:
        span = t.groupby(keys, sort=False).agg(start=("start", "min"), end=("end", "max")).reset_index()
        out = out.merge(span, on=keys, how="left")
    weight = t[text].str.len() if len(t) else pd.Series(dtype=float)
    for col in by:
        out = out.merge(_majority(t, keys, col, weight), on=keys, how="left")
    suffix = {"paragraph": ":p", "sentence": ":s", "turn": ":t"}.get(unit)
    out["doc_id"] = out["doc_id"].astype(str)
    if suffix:
        out["unit_id"] = out["doc_id"] + suffix + out[keys[1]].astype(int).astype(str)
    else:
        out["unit_id"] = out["doc_id"]
    out["n_chars"] = out["text"].str.len().astype(int)
    cols = ["unit_id", *keys, *[c for c in ("start", "end") if c in out.columns], *by, "text", "n_chars"]
    return out[cols].reset_index(drop=True)


def prepare_units(
    docs: pd.DataFrame,
    unit: str = "paragraph",
    *,
    spans: pd.DataFrame | None = None,
    by: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Topic units from a table of cleaned documents (convenience around :func:`topic_units`).

    Parameters
    ----------
    docs
        Cleaned documents (:func:`stanceviz.clean.clean_corpus`): ``doc_id``, ``text`` and the
        document-level columns (``outlet``, ``event``, ``date``, ``kind``) that are carried to
        every unit.
    unit
        ``"paragraph"`` (default), ``"sentence"``, ``"turn"`` or ``"document"``.
    spans
        The span table to group. Default: :func:`stanceviz.segment.sentences` of ``docs`` for
        paragraphs and sentences, ``docs`` itself for documents; for turns pass the attributed
        table of :func:`stanceviz.speakers.attribute`.
    by
        Grouping columns (default: those of :data:`GROUP_COLUMNS` that exist).

    Returns
    -------
    DataFrame
        As :func:`topic_units`, with the document-level columns of ``docs`` added.
    """
    func = "prepare_units"
    check_choice(unit, UNITS, func=func, arg="unit")
    check_columns(docs, ["doc_id", "text"], func=func, arg="docs")
    if spans is None:
        if unit == "turn":
            raise ValueError(
                "prepare_units(unit='turn') needs the attributed spans: pass "
                "spans=stanceviz.speakers.attribute(...)."
            )
        if unit == "document":
            spans = docs
        else:
            from .segment import sentences

            spans = sentences(docs)
    doc_cols = [c for c in GROUP_COLUMNS if c in docs.columns and c not in spans.columns]
    if doc_cols:
        meta = docs[["doc_id", *doc_cols]].copy()
        meta.attrs = {}
        meta["doc_id"] = meta["doc_id"].astype(str)
        spans = spans.copy()
        spans.attrs = {}
        spans["doc_id"] = spans["doc_id"].astype(str)
        spans = spans.merge(meta, on="doc_id", how="left")
    return topic_units(spans, unit, by=by)


# ----------------------------------------------------------------------------------------------
# Bag of words
# ----------------------------------------------------------------------------------------------

#: At most this many vocabulary terms stand for one glob seed word such as ``"terror*"``.
_MAX_GLOB_TERMS = 20


@dataclasses.dataclass
class BagOfWords:
    """A gensim dictionary with its bag-of-words corpus and, when known, tokens and units.

    Attributes
    ----------
    dictionary
        ``gensim.corpora.Dictionary``.
    corpus
        Re-iterable sequence of bag-of-words lists (a list, or a streamed
        ``gensim.corpora.MmCorpus``), one per unit.
    tokens
        Token lists after phrases and vocabulary filtering (for c_v/c_npmi coherence), or None.
    units
        The unit table aligned with ``corpus`` (``unit_id``, grouping columns, ``n_tokens``),
        or None for a bare corpus.
    params
        The thresholds actually used (``no_below``, ``no_above``, phrase settings, counts).
    tokenizer, phraser
        What turned text into tokens (to tokenise seed words the same way), or None.
    """

    dictionary: Any
    corpus: Any
    tokens: list[list[str]] | None = None
    units: pd.DataFrame | None = None
    params: dict = dataclasses.field(default_factory=dict)
    tokenizer: Any = None
    phraser: Any = None

    def __len__(self) -> int:
        return len(self.corpus)

    def sample(self, n: int, *, seed: int = 0) -> "BagOfWords":
        """A seeded random subset of ``n`` units (same dictionary), e.g. to run :func:`select_k` fast.

        Units keep their corpus order. Needs an in-memory corpus (a list).
        """
        if not isinstance(self.corpus, list):
            raise TypeError("BagOfWords.sample needs an in-memory corpus (a list); got "
                            f"{type(self.corpus).__name__}.")
        if n >= len(self.corpus):
            return self
        idx = np.sort(rng(seed).choice(len(self.corpus), size=int(n), replace=False))
        return dataclasses.replace(
            self,
            corpus=[self.corpus[i] for i in idx],
            tokens=[self.tokens[i] for i in idx] if self.tokens is not None else None,
            units=self.units.iloc[idx].reset_index(drop=True) if self.units is not None else None,
            params={**self.params, "n_units": int(n), "sampled_from": len(self.corpus), "sample_seed": seed},
        )

    @property
    def n_terms(self) -> int:
        """Vocabulary size."""
        return len(self.dictionary)

    def terms_of(self, phrase: str) -> list[str]:
        """Vocabulary terms that stand for ``phrase`` (a seed word or multi-word expression).

        ``"terror*"`` (a glob, stem of at least 3 characters) stands for up to 20 vocabulary terms
        that start with ``"terror"``.

        The phrase is tokenised like the corpus (aliases, phrases, stop words); what is left must
        be one vocabulary term (``"the U.S."`` → ``"united_states"``, ``"cessation of
        hostilities"`` → ``"cessation_of_hostilities"`` when the corpus formed that phrase).
        A multi-word phrase is never split into its words: "peace deal" must not seed "deal".
        """
        vocab = self.dictionary.token2id
        if phrase.endswith("*"):  # a glob: vocabulary terms with this prefix (plain string test, no regex)
            stem = phrase[:-1].strip().lower().replace(" ", "_")
            if len(stem) < 3:
                return []
            return sorted(t for t in vocab if t.startswith(stem))[:_MAX_GLOB_TERMS]
        tok = self.tokenizer
        if tok is not None and hasattr(tok, "words"):
            words = tok.words(phrase)
            toks = self.phraser[words] if self.phraser is not None else words
            toks = tok.drop_stopwords(toks) if hasattr(tok, "drop_stopwords") else toks
        elif tok is not None:
            words = toks = tok(phrase)
        else:
            words = toks = [t for t in re.split(r"\s+", phrase.lower().strip()) if t]
        # a multi-word seed counts only when aliases or phrases made it one token:
        # "our two countries" must not seed "countries"
        if len(toks) != 1 or (len(words) > 1 and "_" not in toks[0]):
            return []
        joined = toks[0]
        return [joined] if joined in vocab else []


def _check_reiterable(corpus: Any, func: str) -> None:
    if iter(corpus) is corpus:
        raise TypeError(
            f"The corpus given to {func} is a one-shot iterator (e.g. a generator); LDA reads it once "
            "per pass. Pass a list, a gensim MmCorpus, or any object that can be looped over twice."
        )


def _default_no_below(n_units: int) -> int:
    return int(max(2, min(20, n_units // 1000)))


def _default_no_above(n_units: int) -> float:
    return 0.5 if n_units >= 100 else 1.0


def bag_of_words(
    units: pd.DataFrame | Sequence[str],
    *,
    tokenizer: Any = None,
    phrases: bool = True,
    phrase_min_count: int | None = None,
    phrase_threshold: float = 0.5,
    no_below: int | None = None,
    no_above: float | None = None,
    keep_n: int = 100_000,
    min_tokens: int = 2,
) -> BagOfWords:
    """Tokenise topic units and build the filtered gensim dictionary and bag-of-words corpus.

    Parameters
    ----------
    units
        The table of :func:`topic_units` (needs ``text``; ``unit_id`` if present), or a list
        of texts.
    tokenizer
        ``text -> list[str]``; default :func:`make_tokenizer` with the package stop list and
        aliases.
    phrases
        Join frequent collocations into bigram tokens (``"chemical_weapons"``) with gensim
        ``Phrases`` (NPMI scoring, threshold ``phrase_threshold``).
    phrase_min_count
        Minimum bigram count; default ``max(3, n_units // 500)``.
    no_below, no_above
        ``Dictionary.filter_extremes`` thresholds. Defaults adapt to corpus size: a term must
        be in ``max(2, min(20, n_units // 1000))`` units; terms in more than half the units are
        dropped when there are at least 100 units (with fewer, a frequent term can still be
        topical, so none is dropped).
    keep_n
        Keep at most this many terms (the most frequent).
    min_tokens
        Units with fewer tokens left after filtering are dropped (they carry no topic
        information and would pull prevalence toward the prior); their number is in ``params``.

    Returns
    -------
    BagOfWords
        ``units`` gains ``n_tokens`` and keeps only the modelled units, in order.
    """
    from gensim.corpora import Dictionary

    func = "bag_of_words"
    if isinstance(units, pd.DataFrame):
        check_columns(units, ["text"], func=func, arg="units")
        table = units.reset_index(drop=True).copy()
        if "unit_id" not in table.columns:
            table.insert(0, "unit_id", [str(i) for i in range(len(table))])
    elif isinstance(units, (str, bytes)) or not isinstance(units, Sequence):
        raise TypeError(f"The 'units' argument of {func} must be a DataFrame of topic units or a list of texts; "
                        f"got {type(units).__name__}.")
    else:
        table = pd.DataFrame({"unit_id": [str(i) for i in range(len(units))], "text": list(units)})
    if len(table) == 0:
        raise TopicInputError("bag_of_words got 0 units; pass at least a few dozen paragraphs or sentences.")
    tok = tokenizer if tokenizer is not None else make_tokenizer()
    split = hasattr(tok, "words") and hasattr(tok, "drop_stopwords")
    texts = table["text"].tolist()
    tokens = [tok.words(t) for t in texts] if split else [tok(t) for t in texts]
    n_units = len(tokens)
    phraser = None
    min_count = phrase_min_count if phrase_min_count is not None else max(3, n_units // 500)
    if phrases and any(len(t) > 1 for t in tokens):
        from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

        # stop words may sit inside a phrase ("cessation_of_hostilities") but never start or end one
        connectors = frozenset(getattr(tok, "stopwords", ())) | ENGLISH_CONNECTOR_WORDS
        model = Phrases(tokens, min_count=min_count, threshold=phrase_threshold, scoring="npmi", delimiter="_",
                        connector_words=connectors)
        phraser = model.freeze()
        tokens = [phraser[t] for t in tokens]
    if split:  # stop words go after phrase detection, so "secretary_of_state" can form
        tokens = [tok.drop_stopwords(t) for t in tokens]
    nb = _default_no_below(n_units) if no_below is None else int(no_below)
    na = _default_no_above(n_units) if no_above is None else float(no_above)
    dictionary = Dictionary(tokens)
    n_raw = len(dictionary)
    dictionary.filter_extremes(no_below=nb, no_above=na, keep_n=keep_n)
    vocab = dictionary.token2id
    tokens = [[w for w in t if w in vocab] for t in tokens]
    keep = np.array([len(t) >= min_tokens for t in tokens], dtype=bool)
    tokens = [t for t, k in zip(tokens, keep) if k]
    table = table.loc[keep].reset_index(drop=True)
    table["n_tokens"] = [len(t) for t in tokens]
    corpus = [dictionary.doc2bow(t) for t in tokens]
    params = {
        "n_units_in": n_units, "n_units": len(corpus), "n_units_dropped": int((~keep).sum()),
        "n_terms_before_filter": n_raw, "n_terms": len(dictionary), "n_tokens": int(sum(map(len, tokens))),
        "no_below": nb, "no_above": na, "keep_n": keep_n, "min_tokens": min_tokens,
        "phrases": bool(phrases), "phrase_min_count": min_count, "phrase_threshold": phrase_threshold,
        "n_phrases": int(len(phraser.phrasegrams)) if phraser is not None else 0,
    }
    return BagOfWords(dictionary, corpus, tokens, table, params, tok, phraser)


def _as_bow(units: Any, func: str) -> BagOfWords:
    """Accept units (DataFrame or texts), a BagOfWords, or a (dictionary, corpus) pair."""
    if isinstance(units, BagOfWords):
        bow = units
    elif isinstance(units, tuple) and len(units) == 2 and hasattr(units[0], "token2id"):
        dictionary, corpus = units
        _check_reiterable(corpus, func)
        bow = BagOfWords(dictionary, corpus, None, None, {"n_units": len(corpus), "n_terms": len(dictionary)})
    else:
        bow = bag_of_words(units)
    _check_reiterable(bow.corpus, func)
    return bow


def _check_fit_input(bow: BagOfWords, k: int, func: str) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"The 'k' argument of {func} must be an integer >= 2; got {k!r}.")
    n_units, n_terms = len(bow.corpus), len(bow.dictionary)
    need_units, need_terms = max(10, 3 * int(k)), max(20, 5 * int(k))
    p = bow.params
    if n_units < need_units:
        raise TopicInputError(
            f"{func}: {n_units} units is too few for K={k} topics (need at least {need_units}: 10, and 3 per "
            f"topic). Use smaller units (unit='paragraph' or 'sentence' instead of 'document'), add documents, "
            f"or lower K."
            + (f" {p['n_units_dropped']} unit(s) had fewer than {p['min_tokens']} tokens after filtering "
               "and were dropped." if p.get("n_units_dropped") else "")
        )
    if n_terms < need_terms:
        raise TopicInputError(
            f"{func}: the vocabulary has {n_terms} terms after filtering (no_below={p.get('no_below')}, "
            f"no_above={p.get('no_above')}), too few for K={k} topics (need at least {need_terms}: 20, and 5 "
            f"per topic). Lower no_below, raise no_above, remove words from the stop list, add text, or "
            f"lower K."
        )


# ----------------------------------------------------------------------------------------------
# Model
# ----------------------------------------------------------------------------------------------

def _seed_int(seed: Any) -> int:
    """An int for gensim's random_state, resolved through :func:`stanceviz.compare.rng`."""
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        rng(seed)  # validates (refuses None)
        return int(seed)
    return int(rng(seed).integers(0, 2**31 - 1))


@dataclasses.dataclass
class TopicModel:
    """A fitted LDA model with its bag of words, units and labels.

    Use the tidy getters: :meth:`top_terms`, :meth:`unit_topics`, :meth:`labels`;
    :meth:`share_matrix` gives the (units × topics) array. ``model`` is the gensim
    ``LdaModel`` for anything else.
    """

    model: Any
    bow: BagOfWords
    k: int
    seed: int
    params: dict
    label_map: dict[int, str] = dataclasses.field(default_factory=dict)
    seeds: dict[str, list[str]] | None = None
    _shares: np.ndarray | None = dataclasses.field(default=None, repr=False)

    @property
    def dictionary(self) -> Any:
        """The gensim Dictionary."""
        return self.bow.dictionary

    @property
    def corpus(self) -> Any:
        """The bag-of-words corpus (re-iterable)."""
        return self.bow.corpus

    @property
    def units(self) -> pd.DataFrame:
        """The modelled units (``unit_id``, grouping columns, ``n_tokens``), aligned with the corpus."""
        if self.bow.units is not None:
            return self.bow.units
        return pd.DataFrame({"unit_id": [str(i) for i in range(len(self.bow.corpus))]})

    def topic_term_matrix(self) -> np.ndarray:
        """Topic × term probabilities (rows sum to 1), float64."""
        return np.asarray(self.model.get_topics(), dtype=float)

    def _term_order(self, relevance: float) -> np.ndarray:
        """Term indices of each topic, best first, ranked by relevance with weight ``relevance``."""
        phi = self.topic_term_matrix()
        if relevance >= 1.0:
            score = phi
        else:
            cfs = self.dictionary.cfs
            freq = np.array([cfs.get(j, 0) for j in range(phi.shape[1])], dtype=float) + 1.0
            log_phi = np.log(np.maximum(phi, 1e-300))
            score = relevance * log_phi + (1.0 - relevance) * (log_phi - np.log(freq / freq.sum()))
        return np.argsort(-score, axis=1, kind="stable")

    def top_terms(self, n: int = 10, *, relevance: float = 1.0) -> pd.DataFrame:
        """The ``n`` top terms of each topic.

        Parameters
        ----------
        n
            Terms per topic.
        relevance
            Weight λ of the relevance ranking of Sievert & Shirley (2014, as in LDAvis):
            ``λ·log P(w|t) + (1-λ)·log(P(w|t)/P(w))``. 1 ranks by probability; about 0.6 pushes
            down words that are frequent everywhere ("people", "continue").

        Returns
        -------
        DataFrame
            Columns ``topic`` (0-based int), ``label``, ``rank`` (1 = best), ``term``, ``weight``
            (P(term | topic)).
        """
        if not 0.0 <= relevance <= 1.0:
            raise ValueError(f"The 'relevance' argument of top_terms must be in [0, 1]; got {relevance!r}.")
        phi = self.topic_term_matrix()
        inv = {v: k for k, v in self.dictionary.token2id.items()}
        order = self._term_order(relevance)[:, :n]
        labels = self.labels()
        rows = [(t, labels[t], r, inv[int(j)], float(phi[t, j]))
                for t in range(self.k) for r, j in enumerate(order[t], 1)]
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight"])

    def top_term_lists(self, n: int = 10) -> list[list[str]]:
        """Top ``n`` terms of each topic as lists (for coherence and stability)."""
        tt = self.top_terms(n)
        return [tt.loc[tt["topic"] == t, "term"].tolist() for t in range(self.k)]

    def labels(self, n_terms: int = 3, relevance: float = 0.6) -> dict[int, str]:
        """Topic labels: the user's label map, else ``"T3 syria: ..."`` for a seeded topic, else
        ``"T3 ceasefire·aleppo·truce"``: the ``n_terms`` most relevant terms (λ = ``relevance``, see
        :meth:`top_terms`; 0.6 is the value Sievert & Shirley found best for interpretation)."""
        inv = {v: k for k, v in self.dictionary.token2id.items()}
        order = self._term_order(relevance)[:, :n_terms]
        seed_names = list(self.seeds) if self.seeds else []
        out = {}
        for t in range(self.k):
            if t in self.label_map:
                out[t] = self.label_map[t]
                continue
            terms = "·".join(inv[int(j)] for j in order[t])
            out[t] = f"T{t} {seed_names[t]}: {terms}" if t < len(seed_names) else f"T{t} {terms}"
        return out

    def with_labels(self, label_map: Mapping[int, str]) -> "TopicModel":
        """A copy whose labels are overridden by ``label_map`` (topic index → label)."""
        bad = [t for t in label_map if not (isinstance(t, (int, np.integer)) and 0 <= t < self.k)]
        if bad:
            raise ValueError(f"The keys of 'label_map' must be topic indices 0..{self.k - 1}; got {bad!r}.")
        return dataclasses.replace(self, label_map={**self.label_map, **{int(t): str(v) for t, v in label_map.items()}})

    def share_matrix(self) -> np.ndarray:
        """Units × topics matrix of topic shares (rows sum to 1), computed once and cached.

        Inference re-seeds gensim's random state with the model seed first, so the matrix
        depends only on the data and the seed, not on how often it was asked for.
        """
        if self._shares is None:
            from gensim.utils import get_random_state

            state = self.model.random_state
            self.model.random_state = get_random_state(self.seed)
            try:
                out = np.zeros((len(self.corpus), self.k))
                chunk: list = []
                row = 0
                for bow in self.corpus:
                    chunk.append(bow)
                    if len(chunk) == 2000:
                        gamma, _ = self.model.inference(chunk)
                        out[row:row + len(chunk)] = gamma
                        row += len(chunk)
                        chunk = []
                if chunk:
                    gamma, _ = self.model.inference(chunk)
                    out[row:row + len(chunk)] = gamma
            finally:
                self.model.random_state = state
            sums = out.sum(axis=1, keepdims=True)
            sums[sums == 0] = 1.0
            self._shares = out / sums
        return self._shares

    def unit_topics(self) -> pd.DataFrame:
        """Topic shares of every unit, long format.

        Returns
        -------
        DataFrame
            Columns ``unit_id``, ``topic``, ``label``, ``share`` (sums to 1 per unit), one row
            per unit and topic. Join on ``unit_id`` with :attr:`units` for grouping columns.
        """
        shares = self.share_matrix()
        ids = self.units["unit_id"].to_numpy()
        labels = self.labels()
        return pd.DataFrame({
            "unit_id": np.repeat(ids, self.k),
            "topic": np.tile(np.arange(self.k), len(ids)),
            "label": [labels[t] for t in np.tile(np.arange(self.k), len(ids))],
            "share": shares.reshape(-1),
        })


def fit_lda(
    units: Any,
    k: int,
    seed: int = 0,
    passes: int = 10,
    alpha: str | float | Sequence[float] = "symmetric",
    eta: Any = None,
    *,
    iterations: int = 100,
    chunksize: int | None = None,
    labels: Mapping[int, str] | None = None,
) -> TopicModel:
    """Fit an LDA topic model with gensim's ``LdaModel``.

    Parameters
    ----------
    units
        The table of :func:`topic_units` (tokenised with :func:`bag_of_words` defaults), a
        :class:`BagOfWords`, or a ``(gensim Dictionary, corpus)`` pair where the corpus is
        re-iterable (a list of bag-of-words lists or a streamed ``gensim.corpora.MmCorpus``;
        memory then does not grow with the corpus).
    k
        Number of topics (>= 2).
    seed
        Seed of gensim's ``random_state``. Training runs in one process (``LdaModel``, not
        ``LdaMulticore``), so the same seed gives identical topics and unit–topic shares.
    passes, iterations
        Passes over the corpus, and the cap on E-step iterations per unit.
    chunksize
        Units per online update (Hoffman et al. 2010). Default ``min(2000, max(256, n_units // 4))``:
        one batch for small corpora, else at least four updates per pass (with one chunk per pass,
        a few passes leave the topics near their random start: all alike, full of frequent words).
    alpha
        Document–topic prior: ``"symmetric"`` (1/K), ``"asymmetric"``, ``"auto"`` (learnt) or
        numbers.
    eta
        Topic–word prior: None (symmetric 1/K), a number, a (K × V) array, or the
        :class:`SeededPrior` of :func:`seeded_eta` (theme-seeded LDA; its theme names become the
        labels of the first topics).
    labels
        User label map, topic index → label.

    Returns
    -------
    TopicModel

    Raises
    ------
    TopicInputError
        Too few units or too small a vocabulary for ``k`` (the message says what to change).
    """
    from gensim.models import LdaModel

    from .topics_eval import SeededPrior

    func = "fit_lda"
    bow = _as_bow(units, func)
    _check_fit_input(bow, k, func)
    seed_i = _seed_int(seed)
    if chunksize is None:
        chunksize = min(2000, max(256, len(bow.corpus) // 4))
    seeds = None
    eta_arg = eta
    if isinstance(eta, SeededPrior):
        if eta.matrix.shape != (int(k), len(bow.dictionary)):
            raise ValueError(f"The seeded eta of {func} has shape {eta.matrix.shape}; expected (K={k}, "
                             f"V={len(bow.dictionary)}). Build it with seeded_eta(bow, seeds, k={k}) on the same "
                             "bag of words.")
        seeds = dict(eta.terms)
        eta_arg = eta.matrix
    elif isinstance(eta, np.ndarray) and eta.shape not in ((len(bow.dictionary),), (int(k), len(bow.dictionary))):
        raise ValueError(f"The 'eta' array of {func} must have shape (V,) or (K, V) = ({k}, {len(bow.dictionary)}); "
                         f"got {eta.shape}.")
    settings = {"k": int(k), "seed": seed_i, "passes": int(passes), "iterations": int(iterations),
                "chunksize": int(chunksize), "alpha": alpha if isinstance(alpha, str) else "custom",
                "eta": "seeded" if seeds else (eta if isinstance(eta, (str, float, int, type(None))) else "custom")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=DeprecationWarning)
        model = LdaModel(
            corpus=bow.corpus, id2word=bow.dictionary, num_topics=int(k), passes=int(passes),
            iterations=int(iterations), chunksize=int(chunksize), alpha=alpha, eta=eta_arg,
            random_state=seed_i, eval_every=None, update_every=1,
        )
    return TopicModel(model, bow, int(k), seed_i, {**settings, **bow.params},
                      {int(t): str(v) for t, v in (labels or {}).items()}, seeds)


_EVAL_NAMES = frozenset({
    "SeededPrior", "seeded_eta", "select_k", "suggest_k", "topic_stability", "compare_topics", "seed_recovery",
    "prevalence", "export_ldavis",
})


def __getattr__(name: str) -> Any:
    """Re-export the evaluation functions of ``topics_eval`` (imported on first use)."""
    if name in _EVAL_NAMES:
        from . import topics_eval

        return getattr(topics_eval, name)
    raise AttributeError(f"module 'stanceviz.topics' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _EVAL_NAMES)
