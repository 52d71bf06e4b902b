"""Target-windowed, lexicon-based stance on two dimensions, with the evidence behind each score.

For every sentence (or speaker-attributed span) and every theme it mentions, the scorer reads
the lexicon words in a window around the theme mention (default: the clause), applies
VADER-style rules and returns a score in [-1, 1] plus the words that produced it.

Dimensions
----------
``tone``
    VADER's valence lexicon (vaderSentiment, MIT) with a documented domain overlay for
    diplomatic and security news (``resources/lexicon_tone.yaml``).
``cooperation``
    Cooperation (+) vs confrontation (-) between the actors (``resources/lexicon_cooperation.yaml``).

Rules (``resources/lexicon_modifiers.yaml``)
---------------------------------------------
1. *Targets never score*: tokens inside any theme mention are skipped.
2. *Window*: ``"clause"`` (tokens between clause boundaries such as ; : — ( ) quotes and
   "but"/"while"/"because"), ``"sentence"``, or an int N (±N tokens around each mention).
   With several mentions of a theme the windows are united; each word counts once.
3. *Negation*: a negator ("not", "n't", "never", "no", "without", "none of us", ...) flips and
   damps (x -0.74) evaluative words up to ``negation_scope`` tokens later in the same clause.
4. *Boosters/dampeners* ("very", "slightly") in the three preceding tokens change a word's
   magnitude by ±0.293 (x1, x0.95, x0.9 by distance), as in VADER.
5. *Contrast*: in sentence and ±N windows, words before the last "but"/"however" count x0.5 and
   words after it x1.5.
6. *Counter verbs*: for themes marked ``target_valence: negative`` (terrorism), negative weights
   of verbs of acting against ("defeat", "combat", "fight") within 4 tokens of the mention are
   neutralised (kept in the evidence with weight 0). In the cooperation dimension, negative
   words right next to such a target ("terror threat") are neutralised too: they describe the
   target, not a relation between actors.
7. *Proper nouns*: a capitalised word that does not open a sentence, quote or clause ("Nice",
   "Joint Implementation Group") is a name and never scores (except in title-case headlines,
   where most words are capitalised).
8. *Normalisation*: raw sum x -> x / sqrt(x² + 15) (VADER's alpha), so scores lie in (-1, 1).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd

from ._checks import check_choice, check_columns
from .lexicons import Lexicon, Modifiers, Tokens, _as_lexicons, load_modifiers, term_tokens, tokenize
from .themes import ThemeSet, _as_themes

__all__ = ["score_span", "score_sentences", "kwic", "evidence_table", "strongest_evidence", "SCORE_COLUMNS"]

#: Columns of :func:`score_sentences` (grouping columns of the input are carried in between).
SCORE_COLUMNS = ["doc_id", "sent_no", "span_no", "speaker", "outlet", "theme", "dimension", "score",
                 "n_hits", "pos", "neg", "evidence", "target"]
_CARRY = ["para_no", "speaker_name", "speaker_side", "attribution", "relay", "event", "date", "kind"]
_BOOST_SCALE = (1.0, 0.95, 0.9)
_OPENERS = frozenset({".", "!", "?", ":", ";", "(", "[", "—", "–", "--", '"', "“", "”", "«", "»", "'", "‘"})

_MODIFIERS: Modifiers | None = None


def _default_modifiers() -> Modifiers:
    global _MODIFIERS
    if _MODIFIERS is None:
        _MODIFIERS = load_modifiers()
    return _MODIFIERS


def _as_modifiers(modifiers: Modifiers | str | Path | None) -> Modifiers:
    if modifiers is None:
        return _default_modifiers()
    if isinstance(modifiers, Modifiers):
        return modifiers
    return load_modifiers(modifiers)


@dataclass
class _Prepared:
    """One span tokenised once; everything the per-theme scoring reuses."""

    text: str
    toks: Tokens
    clause: list[int]           # clause id per token (-1 for boundary tokens)
    contrast_at: list[int]      # token indices of contrast words
    negated: list[bool]         # is the token inside a negation scope?
    boost: list[float]          # additive magnitude change from preceding boosters
    hits: dict[str, list[tuple[int, int, float]]]  # dimension -> (first token, n tokens, weight)

    @property
    def lowers(self) -> list[str]:
        return self.toks.lower


def _char_ranges(toks: Tokens, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges [i, j) overlapping each character span (empty range: the next token)."""
    out = []
    for s, e in spans:
        i = bisect_right(toks.end, s)
        out.append((i, max(i, bisect_left(toks.start, e))))
    return out


def _prepare(text: str, lexicons: Mapping[str, Lexicon], mods: Modifiers, toks: Tokens,
             excluded_ranges: Sequence[tuple[int, int]]) -> _Prepared:
    """Clauses, negation scopes, boosters and lexicon hits of one span (theme tokens excluded).

    Written with comprehensions over the token list and loops over the (few) rule words only:
    this function is the scorer's inner loop.
    """
    lowers = toks.lower
    n = len(lowers)
    boundaries = mods.boundaries
    # clause ids: boundary tokens get -1, the others the number of boundaries before them
    is_b = [low in boundaries for low in lowers]
    clause = [-1 if b else c for b, c in zip(is_b, accumulate(is_b))]
    contrast = mods.contrast
    contrast_at = [k for k, low in enumerate(lowers) if low in contrast]
    # excluded (theme) tokens
    excluded = [False] * n
    for i, j in excluded_ranges:
        excluded[i:j] = [True] * (min(j, n) - i) if j > i else []
    del excluded[n:]
    # negation scopes
    negated = [False] * n
    neg_single, neg_first, scope = mods.negators, mods._negation_first, mods.negation_scope
    last_end = 0
    for k in [k for k, low in enumerate(lowers) if low in neg_single or low in neg_first]:
        if k < last_end:  # inside a multi-word negator already handled
            continue
        width = 0
        for phrase in neg_first.get(lowers[k], ()):
            if tuple(lowers[k : k + len(phrase)]) == phrase:
                width = len(phrase)
                break
        if not width:
            if lowers[k] not in neg_single:
                continue
            width = 1
        c = clause[k + width - 1]
        for j in range(k + width, min(n, k + width + scope)):
            if clause[j] != c:
                break
            negated[j] = True
        last_end = k + width
    # boosters
    boost = [0.0] * n
    bd = mods.boosters
    for k in [k for k, low in enumerate(lowers) if low in bd]:
        step, c = bd[lowers[k]], clause[k]
        for d, scale in enumerate(_BOOST_SCALE, start=1):
            if k + d < n and clause[k + d] == c:
                boost[k + d] += step * scale
    # proper nouns: a capitalised word that does not start a sentence, quote or turn ("Nice",
    # "Joint Implementation Group") names something; it does not evaluate.
    # In a headline set in title case ("Kerry And Putin Push For Syria Truce") every word is
    # capitalised and the rule is off.
    skip = [e or b for e, b in zip(excluded, is_b)]
    if mods.skip_proper_nouns and n > 1:
        texts = toks.text
        proper = [False] + [w[:1].isupper() and not w.isupper() and prev not in _OPENERS
                            for w, prev in zip(texts[1:], lowers[:-1])]
        n_proper = sum(proper)
        if n_proper <= 2 or n_proper < 0.6 * sum(1 for w in texts if w[:1].isalpha()):
            skip = [a or b for a, b in zip(skip, proper)]
    # lexicon hits, once per dimension (phrases first, then cached single-token weights)
    hits: dict[str, list[tuple[int, int, float]]] = {}
    for dim, lex in lexicons.items():
        by_first, weight, cache = lex._by_first, lex.word_weight, lex._cache
        weights = [cache[low] if low in cache else weight(low) for low in lowers]
        found = []
        next_free = 0
        for k in [k for k in range(n) if (weights[k] is not None or lowers[k] in by_first) and not skip[k]]:
            if k < next_free:  # inside a phrase already matched
                continue
            w, width = weights[k], 1
            for key, kw in by_first.get(lowers[k], ()):
                if tuple(lowers[k : k + len(key)]) == key:
                    w, width = kw, len(key)
                    break
            if w is None:
                continue
            if w != 0 and (width == 1 or not any(excluded[k : k + width])):
                found.append((k, width, w))
            next_free = k + width
        hits[dim] = found
    return _Prepared(text, toks, clause, contrast_at, negated, boost, hits)


def _window(prep: _Prepared, targets: Sequence[tuple[int, int]], window: str | int) -> set[int]:
    n = len(prep.clause)
    out: set[int] = set()
    for i, j in targets:
        if window == "sentence":
            return set(range(n))
        if window == "clause":
            anchor = next((k for k in range(i, max(j, i + 1)) if k < n and prep.clause[k] != -1), None)
            if anchor is None:  # target on a boundary token or past the end: use the clause before it
                anchor = next((k for k in range(min(i, n) - 1, -1, -1) if prep.clause[k] != -1), None)
            if anchor is None:
                continue
            c = prep.clause[anchor]
            lo = anchor
            while lo > 0 and prep.clause[lo - 1] == c:
                lo -= 1
            hi = anchor
            while hi + 1 < n and prep.clause[hi + 1] == c:
                hi += 1
            out.update(range(lo, hi + 1))
        else:
            out.update(range(max(0, i - int(window)), min(n, j + int(window))))
    return out


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    """Tokens between the ranges [a0, a1) and [b0, b1) (0 when they touch or overlap)."""
    return max(0, b0 - a1, a0 - b1)


def _score(prep: _Prepared, dimension: str, targets: Sequence[tuple[int, int]], window: str | int,
           mods: Modifiers, negative_target: bool,
           win: set[int] | None = None) -> tuple[float, int, float, float, list[dict]]:
    """(score, n_hits, pos, neg, evidence) for one target and dimension of a prepared span.

    ``win`` is the target's window when the caller has it already (it is the same for every
    dimension).
    """
    if win is None:
        win = _window(prep, targets, window)
    if not win:
        return (0.0, 0, 0.0, 0.0, [])
    pivot = None
    if window != "clause":
        inside = [k for k in prep.contrast_at if k in win]
        pivot = inside[-1] if inside else None
    raw = pos = neg = 0.0
    n_hits = 0
    evidence = []
    for k, width, w in prep.hits.get(dimension, ()):
        if k not in win:
            continue
        b = prep.boost[k]
        mag = abs(w) + (b if b > 0 else max(b, -abs(w)))
        v = math.copysign(mag, w)
        neg_flag = prep.negated[k]
        if neg_flag:
            v *= mods.negation_factor
        if pivot is not None:
            v *= mods.but_before if k < pivot else (mods.but_after if k > pivot else 1.0)
        if negative_target and w < 0:
            dist = min(_gap(k, k + width, i, j) for i, j in targets)
            if dist <= mods.counter_distance and any(mods.is_counter(prep.lowers[x]) for x in range(k, k + width)):
                v = 0.0
            elif dist <= mods.attached_distance and dimension in mods.attached_dimensions:
                v = 0.0
        a, b = prep.toks.start[k], prep.toks.end[k + width - 1]
        evidence.append({"word": prep.text[a:b], "weight": round(v, 4), "negated": bool(neg_flag), "position": a})
        if v == 0.0:
            continue
        n_hits += 1
        raw += v
        if v > 0:
            pos += v
        else:
            neg -= v
    score = raw / math.sqrt(raw * raw + mods.alpha) if raw else 0.0
    return (score, n_hits, pos, neg, evidence)


def _check_window(window: str | int, func: str) -> str | int:
    """Validate ``window``; integers (numpy ones too) come back as a plain int."""
    if isinstance(window, bool) or not (isinstance(window, Integral) or window in ("clause", "sentence")):
        check_choice(window, ["clause", "sentence", "an int N (±N tokens)"], func=func, arg="window")
    if isinstance(window, Integral):
        if window < 0:
            raise ValueError(f"The 'window' argument of {func} must be a non-negative number of tokens; got {window}.")
        return int(window)
    return window


def score_span(
    text: str,
    start: int,
    end: int,
    dimension: str = "tone",
    window: str | int = "clause",
    *,
    lexicons: Mapping[str, Lexicon] | None = None,
    themes: ThemeSet | str | Path | None = None,
    modifiers: Modifiers | str | Path | None = None,
) -> float:
    """Stance toward the target ``text[start:end]`` on one dimension, in [-1, 1].

    Parameters
    ----------
    text
        The sentence (or speaker span).
    start, end
        Character offsets of the target (e.g. a theme mention) in ``text``.
    dimension
        ``"tone"`` or ``"cooperation"`` (or any dimension of ``lexicons``).
    window
        ``"clause"`` (default), ``"sentence"``, or an int N for ±N tokens around the target.
    lexicons, themes, modifiers
        Override the package lexicons, themes (theme words never score; a target inside a
        ``target_valence: negative`` theme gets the counter-verb rule) and rule words.

    Returns
    -------
    float
        0.0 when no lexicon word stands in the window.

    Examples
    --------
    >>> s = "terrorism can be defeated only through joint efforts"
    >>> score_span(s, 0, 9, "cooperation") > 0
    True
    """
    lex = _as_lexicons(lexicons)
    check_choice(dimension, list(lex), func="score_span", arg="dimension")
    window = _check_window(window, "score_span")
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"score_span needs 0 <= start <= end <= len(text) = {len(text)}; got start={start}, end={end}.")
    mods = _as_modifiers(modifiers)
    ts = _as_themes(themes)
    toks = tokenize(text)
    ranges = ts.token_ranges(toks)
    target = _char_ranges(toks, [(start, end)])[0]
    negative = any(ts.themes[t].negative_target for t, i, j in ranges if i < target[1] and j > target[0])
    prep = _prepare(text, {dimension: lex[dimension]}, mods, toks, [(i, j) for _t, i, j in ranges] + [target])
    return _score(prep, dimension, [target], window, mods, negative)[0]


def score_sentences(
    sentences: pd.DataFrame,
    themes: ThemeSet | str | Path | None = None,
    lexicons: Mapping[str, Lexicon] | None = None,
    *,
    window: str | int = "clause",
    modifiers: Modifiers | str | Path | None = None,
) -> pd.DataFrame:
    """Score every (sentence or span) × mentioned theme × dimension.

    Parameters
    ----------
    sentences
        Either speaker-attributed spans (``stanceviz.speakers.attribute``: doc_id, para_no,
        sent_no, span_no, start, end, text, speaker, speaker_name, speaker_side, attribution,
        outlet) or plain sentences (``stanceviz.segment.sentences``: doc_id, para_no, sent_no,
        start, end, text). Needs ``doc_id`` and ``text``; a missing ``speaker``/``outlet`` is
        filled with "unknown", a missing ``sent_no``/``span_no`` with the row number / 0.
    themes
        A :class:`~stanceviz.themes.ThemeSet`, a YAML path, or None for the package themes.
    lexicons
        ``{dimension: Lexicon}``; None for the package lexicons (tone, cooperation).
    window
        ``"clause"`` (default), ``"sentence"`` or an int N (±N tokens).
    modifiers
        Rule words (:func:`stanceviz.lexicons.load_modifiers`); None for the package ones.

    Returns
    -------
    DataFrame
        One row per (span, theme mentioned, dimension): doc_id, sent_no, span_no, speaker,
        outlet, then the input's para_no, speaker_name, speaker_side, attribution, relay, event,
        date, kind when present, then theme (theme id), dimension, score (float in [-1, 1]; 0 when
        no evidence), n_hits (lexicon words that scored), pos and neg (sums of positive and of
        absolute negative contributions, for log-ratios), evidence (list of dicts with word,
        weight — the contribution after rules —, negated, position — character offset in the
        span's text), target (the theme's surface forms in the span, joined by "; ").
    """
    check_columns(sentences, ["doc_id", "text"], func="score_sentences", arg="sentences")
    window = _check_window(window, "score_sentences")
    ts = _as_themes(themes)
    lex = _as_lexicons(lexicons)
    mods = _as_modifiers(modifiers)
    data = sentences.reset_index(drop=True)
    n = len(data)
    cols = {
        "doc_id": data["doc_id"].astype(str).tolist(),
        "sent_no": data["sent_no"].tolist() if "sent_no" in data else list(range(n)),
        "span_no": data["span_no"].tolist() if "span_no" in data else [0] * n,
        "speaker": data["speaker"].fillna("unknown").astype(str).tolist() if "speaker" in data else ["unknown"] * n,
        "outlet": data["outlet"].fillna("unknown").astype(str).tolist() if "outlet" in data else ["unknown"] * n,
    }
    carry = [c for c in _CARRY if c in data.columns]
    carried = {c: data[c].tolist() for c in carry}
    dims = list(lex)
    rows: list[tuple] = []
    texts = data["text"].tolist()
    may_mention = ts.may_mention
    for r in range(n):
        text = texts[r]
        if not isinstance(text, str):
            if text is None or (isinstance(text, float) and math.isnan(text)):
                continue
            text = str(text)
        if not may_mention(text):  # cheap prefilter: most sentences of a corpus mention no theme
            continue
        toks = tokenize(text)  # once per span: shared by themes, dimensions and rules
        ranges = ts.token_ranges(toks)
        if not ranges:
            continue
        prep = _prepare(text, lex, mods, toks, [(i, j) for _t, i, j in ranges])
        by_theme: dict[str, list[tuple[int, int]]] = {}
        for theme_id, i, j in ranges:
            by_theme.setdefault(theme_id, []).append((i, j))
        base = (cols["doc_id"][r], cols["sent_no"][r], cols["span_no"][r], cols["speaker"][r], cols["outlet"][r],
                *(carried[c][r] for c in carry))
        for theme_id, targets in by_theme.items():
            negative = ts.themes[theme_id].negative_target
            surface = "; ".join(dict.fromkeys(text[toks.start[i]:toks.end[j - 1]] for i, j in targets))
            win = _window(prep, targets, window)
            for dim in dims:
                score, n_hits, pos, neg, ev = _score(prep, dim, targets, window, mods, negative, win)
                rows.append((*base, theme_id, dim, score, n_hits, pos, neg, ev, surface))
    columns = ["doc_id", "sent_no", "span_no", "speaker", "outlet", *carry, "theme", "dimension", "score",
               "n_hits", "pos", "neg", "evidence", "target"]
    out = pd.DataFrame(rows, columns=columns)
    out["score"] = out["score"].astype(float)
    out["n_hits"] = out["n_hits"].astype(int)
    out["pos"] = out["pos"].astype(float)
    out["neg"] = out["neg"].astype(float)
    return out


def kwic(
    sentences: pd.DataFrame,
    theme: str,
    window: int = 8,
    *,
    themes: ThemeSet | str | Path | None = None,
) -> pd.DataFrame:
    """Keyword-in-context lines for every mention of ``theme``.

    Parameters
    ----------
    sentences
        Sentence or span table with ``doc_id`` and ``text`` (``sent_no``, ``span_no``,
        ``speaker``, ``outlet`` carried when present, else filled).
    theme
        A theme id of ``themes`` (e.g. ``"syria"``).
    window
        Number of word tokens shown on each side.
    themes
        A ThemeSet, a YAML path, or None for the package themes.

    Returns
    -------
    DataFrame
        doc_id, sent_no, span_no, speaker, outlet, left, keyword, right (strings; left and
        right are cut at ``window`` tokens), start, end (character offsets of the keyword in
        the row's text).
    """
    check_columns(sentences, ["doc_id", "text"], func="kwic", arg="sentences")
    ts = _as_themes(themes)
    check_choice(theme, ts.ids, func="kwic", arg="theme")
    data = sentences.reset_index(drop=True)
    rows = []
    for r, text in enumerate(data["text"].astype(str).tolist()):
        ms = [m for m in ts.find(text) if m.theme == theme]
        if not ms:
            continue
        toks = term_tokens(text)
        for m in ms:
            before = [t for t in toks if t.end <= m.start][-window:] if window else []
            after = [t for t in toks if t.start >= m.end][:window] if window else []
            left = text[before[0].start:m.start].strip() if before else ""
            right = text[m.end:after[-1].end].strip() if after else ""
            rows.append((
                str(data["doc_id"][r]),
                data["sent_no"][r] if "sent_no" in data else r,
                data["span_no"][r] if "span_no" in data else 0,
                str(data["speaker"][r]) if "speaker" in data else "unknown",
                str(data["outlet"][r]) if "outlet" in data else "unknown",
                left, m.surface, right, m.start, m.end,
            ))
    return pd.DataFrame(rows, columns=["doc_id", "sent_no", "span_no", "speaker", "outlet", "left", "keyword",
                                       "right", "start", "end"])


def evidence_table(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence word of a :func:`score_sentences` table (the words behind scores).

    Returns
    -------
    DataFrame
        The input's columns except ``evidence``, plus word, weight, negated, position.
        Rows without evidence are dropped.
    """
    check_columns(scores, ["evidence"], func="evidence_table", arg="scores")
    ex = scores.explode("evidence", ignore_index=True)
    ex = ex[ex["evidence"].notna()]
    ev = pd.DataFrame(ex["evidence"].tolist(), index=ex.index, columns=["word", "weight", "negated", "position"])
    return pd.concat([ex.drop(columns="evidence"), ev], axis=1).reset_index(drop=True)


def _fmt_evidence(evidence: list[dict]) -> str:
    parts = []
    for e in evidence:
        if e["weight"] == 0:
            continue
        word = ("not " if e["negated"] else "") + e["word"]
        parts.append(f"{word} ({e['weight']:+.1f})")
    return "; ".join(parts)


def strongest_evidence(
    scores: pd.DataFrame,
    sentences: pd.DataFrame,
    by: str | list[str],
    dimension: str,
    *,
    top: int = 3,
    per_cell: int = 2,
    min_n: int = 5,
    window: int = 10,
    themes: ThemeSet | str | Path | None = None,
) -> pd.DataFrame:
    """The spans and words behind the strongest group cells (KWIC evidence for a heatmap).

    Cells are the groups of ``by`` (e.g. ``["speaker_name", "theme"]``) with at least
    ``min_n`` scored rows; the ``top`` cells with the largest |mean score| are kept, and for
    each the ``per_cell`` rows whose score is largest in the direction of the cell's mean.

    Parameters
    ----------
    scores
        :func:`score_sentences` output.
    sentences
        The table that was scored (for the text), with doc_id, sent_no and, when scores have
        it, span_no.
    by
        Grouping column(s) of ``scores``.
    dimension
        ``"tone"`` or ``"cooperation"``.
    top, per_cell, min_n
        Number of cells, rows per cell, minimum rows of a cell.
    window
        Word tokens of context on each side of the theme mention.
    themes
        The ThemeSet (or YAML path) the scores were made with; None for the package themes.

    Returns
    -------
    DataFrame
        The ``by`` columns, dimension, cell_mean, cell_n, doc_id, sent_no, span_no, score,
        left, keyword, right (KWIC around the first theme mention), evidence (the scoring words
        as "word (+weight)", "not word" when negated).
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    check_columns(scores, ["dimension", "score", "theme", "doc_id", "sent_no", "evidence", *by_cols],
                  func="strongest_evidence", arg="scores")
    check_columns(sentences, ["doc_id", "sent_no", "text"], func="strongest_evidence", arg="sentences")
    data = scores[scores["dimension"] == dimension]
    stats = data.groupby(by_cols, sort=True)["score"].agg(["mean", "size"]).reset_index()
    stats = stats[stats["size"] >= min_n]
    stats = stats.reindex(stats["mean"].abs().sort_values(ascending=False, kind="mergesort").index).head(top)
    keys = ["doc_id", "sent_no"] + (["span_no"] if "span_no" in sentences.columns else [])
    texts = sentences.set_index(keys)["text"]
    ts = _as_themes(themes)
    rows = []
    for cell in stats.itertuples(index=False):
        mask = np.ones(len(data), dtype=bool)
        for c in by_cols:
            mask &= (data[c] == getattr(cell, c)).to_numpy()
        sub = data[mask]
        sign = 1.0 if cell.mean >= 0 else -1.0
        sub = sub.reindex((sub["score"] * sign).sort_values(ascending=False, kind="mergesort").index).head(per_cell)
        for rec in sub.itertuples(index=False):
            key = tuple(getattr(rec, k) for k in keys)
            text = str(texts.get(key if len(key) > 1 else key[0], ""))
            theme = rec.theme
            ms = [m for m in ts.find(text) if m.theme == theme]
            left = keyword = right = ""
            if ms:
                toks = term_tokens(text)
                m = ms[0]
                before = [t for t in toks if t.end <= m.start][-window:]
                after = [t for t in toks if t.start >= m.end][:window]
                left = text[before[0].start:m.start].strip() if before else ""
                right = text[m.end:after[-1].end].strip() if after else ""
                keyword = m.surface
            rows.append((*(getattr(cell, c) for c in by_cols), dimension, float(cell.mean), int(cell.size),
                         rec.doc_id, rec.sent_no, getattr(rec, "span_no", 0), float(rec.score), left, keyword,
                         right, _fmt_evidence(rec.evidence)))
    return pd.DataFrame(rows, columns=[*by_cols, "dimension", "cell_mean", "cell_n", "doc_id", "sent_no", "span_no",
                                       "score", "left", "keyword", "right", "evidence"])
