"""Speaker attribution: who is speaking in every stretch of a document.

Four kinds of voice (the ``attribution`` column):

``turn``
    a transcript turn ("SECRETARY KERRY: Well, Sergey, …"), found by :func:`split_turns`;
``direct``
    words inside quote marks (or an unmarked block quote after "X said:"), attributed to
    their source by :func:`find_quotes`;
``indirect``
    reported speech ("Ortiz stressed that many issues …", "…, according to the paper");
``narrator``
    everything else: the outlet's own voice, speaker ``"outlet:<outlet name>"``.

Who a source is comes from the speaker registry (``resources/speakers.yaml``); the reporting
verbs, titles and nationalities from ``resources/speakers_cues.yaml``. No person is named in
the code. :func:`attribute` joins the two with the sentence table of
:func:`stanceviz.segment.sentences`; :func:`evaluate_speakers` scores against a hand-made gold
file (protocol: ``tests/data/README_gold_speakers.md``). Method, validation and limits:
``docs/speakers.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._checks import check_columns
from .speakers_quotes import Quote, _analyse, find_quotes, quote_spans
from .speakers_registry import Cues, Registry, default_cues, default_registry, load_cues, load_registry, norm, slug

__all__ = [
    "Turn",
    "Quote",
    "split_turns",
    "label_speaker",
    "find_quotes",
    "attribute",
    "evaluate_speakers",
    "speaker_shares",
    "match_gold",
    "load_gold",
    "load_registry",
    "load_cues",
    "LABEL_PATTERN",
    "SPAN_COLUMNS",
    "ATTRIBUTIONS",
]

#: The four values of the ``attribution`` column.
ATTRIBUTIONS = ("turn", "direct", "indirect", "narrator")

#: Columns of the table returned by :func:`attribute`, in order.
SPAN_COLUMNS = [
    "doc_id",
    "para_no",
    "sent_no",
    "span_no",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_name",
    "speaker_side",
    "attribution",
    "relay",
    "outlet",
    "turn_marks",
]

#: A transcript label at the start of a line: "Q" followed by a colon or blanks and then text, or
#: one to eight words in capitals (A-Z and Latin-1 capitals; digits, periods, apostrophes,
#: hyphens and "&" allowed after the first letter), optionally
#: followed by a parenthesis ("PRESIDENT PUTIN (via interpreter):"), then a colon or a tab.
#: Candidates are then checked (:func:`_label_ok`): all capitals, two letters or more, no word
#: that mixes letters and digits ("COVID-19"), not a heading word ("NOTE", "END").
LABEL_PATTERN = re.compile(
    r"""(?m)^[ \t\u00a0]*
    (?:(?P<q>Q)(?:[ \t\u00a0]*:|[ \t\u00a0]+)(?=\S)
      |(?P<label>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9.'’&-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ0-9][A-ZÀ-ÖØ-Þ0-9.'’&-]*){0,7})
       (?P<inner>[ \t]*\([^()\n]{1,60}\))?
       (?P<sep>[ \t\u00a0]*:(?!//)|\t))""",
    re.X,
)


def _midline_pattern(cues: Cues) -> re.Pattern[str] | None:
    if not cues.midline_honorifics:
        return None
    hon = "|".join(re.escape(h.rstrip(".")) for h in cues.midline_honorifics)
    return re.compile(
        r"(?<=[^\s])[ \t\u00a0]+(?P<label>(?:" + hon + r")\.?[ \t][A-Z][A-Z'’-]+)[ \t\u00a0]*:(?=[ \t\u00a0])"
    )


_MARK = re.compile(r"[ \t\u00a0]*\(([^()\n]{1,80})\)")


@dataclass(frozen=True)
class Turn:
    """One transcript turn.

    ``start``/``end`` delimit the spoken words (after the label, its colon and any stage
    directions); ``label_start`` is where the label begins. ``marks`` are the stage directions
    written right after the label ("Via interpreter, in progress").
    """

    label: str
    speaker: str
    start: int
    end: int
    marks: tuple[str, ...] = ()
    label_start: int = -1
    speaker_name: str = ""
    speaker_side: str = "unknown"


def _label_ok(label: str, cues: Cues) -> bool:
    if label == "Q":
        return True
    if label != label.upper() or sum(ch.isalpha() for ch in label) < 2:
        return False
    if re.search(r"[^\W\d_]-?\d", label):  # "COVID-19:" in wrapped prose, not a name
        return False
    key = norm(label)
    words = key.split()
    return key not in cues.not_labels and not (words and (words[0] in cues.not_labels or words[-1] in cues.not_labels))


def label_speaker(label: str, registry: Registry | None = None, cues: Cues | None = None) -> tuple[str, str, str]:
    """(speaker id, display name, side) of a transcript label such as "MS. PSAKI".

    Looks the label up in the registry's ``labels``, then (titles removed) in its aliases;
    an unknown name gets a derived id ("MR. ZIENTS" → "zients").
    """
    reg = registry or default_registry()
    cues = cues or default_cues()
    key = norm(label)
    sid = reg.label_index.get(key)
    if sid is None:
        words = key.split()
        changed = True
        while changed and words:
            changed = False
            for n in range(min(4, len(words)), 0, -1):
                if " ".join(words[:n]) in cues.titles and len(words) > n:
                    words = words[n:]
                    changed = True
                    break
        name = " ".join(words)
        sid = reg.lookup(name) if name else None
        if sid is None:
            nice = " ".join(w.capitalize() for w in name.split()) or label.title()
            return slug(name or label), nice, "unknown"
    e = reg.get(sid)
    return sid, e.name if e else sid, e.side if e else "unknown"


def split_turns(
    text: str,
    *,
    marks: list[dict] | None = None,
    registry: Registry | None = None,
    cues: Cues | None = None,
) -> list[Turn]:
    """Split a transcript into speaker turns.

    Parameters
    ----------
    text
        Raw or cleaned transcript text, hard-wrapped or not. A turn starts at a line that begins
        with a label (see :data:`LABEL_PATTERN`): "SECRETARY KERRY:", "MS. PSAKI:",
        "FOREIGN MINISTER LAVROV: (Via interpreter)", "Q" followed by blanks. Text before the
        first label is not a turn (it is the narrator's). A label whose paragraph holds no
        words and no stage direction is not a turn (a heading in capitals followed by a blank
        line); its line is left to the previous turn.
    marks
        Stage directions removed by cleaning (``clean_docs["marks"]``: dicts with ``offset``
        into ``text`` and ``text``). A mark at a label's position belongs to that turn, so
        "MODERATOR: (In Russian.)" stays a turn after cleaning left only "MODERATOR:".
    registry, cues
        Speaker registry and cue lexicon; default to the package YAML files.

    Returns
    -------
    list of Turn
        In text order; each turn runs to the next label (trailing blanks trimmed).

    Examples
    --------
    >>> [(t.speaker, t.marks) for t in split_turns("MR. SMITH: Hello.\\nQ   Why?")]
    [('smith', ()), ('journalist', ())]
    """
    if not isinstance(text, str):
        raise TypeError(f"split_turns expects a str; got {type(text).__name__}.")
    reg = registry or default_registry()
    cues = cues or default_cues()
    found = []
    mid = _midline_pattern(cues)
    matches = list(LABEL_PATTERN.finditer(text))
    if mid is not None:
        matches += list(mid.finditer(text))
        matches.sort(key=lambda m: m.start())
    for m in matches:
        q = m.re is LABEL_PATTERN and m.group("q")
        label = "Q" if q else m.group("label").strip()
        if not _label_ok(label, cues):
            continue
        label_marks = []
        if m.re is LABEL_PATTERN and m.group("inner"):
            label_marks.append(m.group("inner").strip()[1:-1].strip())
        pos = m.end()
        while True:
            mm = _MARK.match(text, pos)
            if mm is None:
                break
            label_marks.append(mm.group(1).strip())
            pos = mm.end()
        found.append((m.start("q") if q else m.start("label"), pos, label, tuple(label_marks)))
    removed = sorted(
        (int(m["offset"]), str(m.get("text", ""))) for m in (marks or []) if isinstance(m, dict) and "offset" in m
    )
    offsets = [o for o, _ in removed]
    turns: list[Turn] = []
    for k, (ls, cs, label, tmarks) in enumerate(found):
        nxt = found[k + 1][0] if k + 1 < len(found) else len(text)
        after_label = cs
        while cs < nxt and text[cs].isspace():
            cs += 1
        lo, hi = np.searchsorted(offsets, ls), np.searchsorted(offsets, cs, side="right")
        extra = tuple(removed[j][1].strip().strip("()").strip() for j in range(int(lo), int(hi)))
        marks_here = tmarks + tuple(x for x in extra if x)
        end = nxt
        while end > cs and text[end - 1].isspace():
            end -= 1
        if end <= cs or re.search(r"\n[ \t\u00a0]*\n", text[after_label:cs]):
            # nothing spoken on the label's paragraph: a stage direction only, or a heading
            cs = end = min(after_label, nxt)
        if end <= cs and not marks_here:
            if turns:  # a heading in capitals: part of the previous turn
                t = turns[-1]
                turns[-1] = Turn(
                    t.label, t.speaker, t.start, max(t.end, end), t.marks, t.label_start, t.speaker_name, t.speaker_side
                )
            continue
        sid, name, side = label_speaker(label, reg, cues)
        turns.append(Turn(label, sid, cs, max(end, cs), marks_here, ls, name, side))
    return turns


# --------------------------------------------------------------------------------------------
# attribute
# --------------------------------------------------------------------------------------------

#: Double quote marks trimmed from span edges (with blanks), so a span is the words alone.
_EDGE_MARKS = '"“”«»„'


def _doc_voices(text: str, outlet: str, marks: list, reg: Registry, cues: Cues):
    """Per-character voice codes of one document and the table of voices."""
    codes = np.zeros(len(text), dtype=np.int32)
    voices: list[tuple[str, str, str, str, str, str]] = [(f"outlet:{outlet}", outlet, "media", "narrator", "", "")]
    mark_list = [m for m in (marks or []) if isinstance(m, dict) and "offset" in m]
    turns = split_turns(text, marks=mark_list, registry=reg, cues=cues)
    regions = []
    for t in turns:
        inside = [
            str(m.get("text", "")).strip().strip("()").strip() for m in mark_list if t.start < int(m["offset"]) <= t.end
        ]
        tm = list(t.marks) + inside
        uniq = {x.lower(): x for x in reversed(tm) if x}  # first spelling wins
        voices.append((t.speaker, t.speaker_name, t.speaker_side, "turn", "", "; ".join(reversed(list(uniq.values())))))
        codes[t.label_start : t.start] = -1
        codes[t.start : t.end] = len(voices) - 1
        regions.append((t.label_start, t.end))
    starts = [r[0] for r in regions]

    def in_turn(pos: int) -> bool:
        k = int(np.searchsorted(starts, pos, side="right")) - 1
        return k >= 0 and regions[k][0] <= pos < regions[k][1]

    # quotations inside turns are the turn speaker's: analyse the narrator's text only (turns
    # blanked, line breaks kept so offsets and paragraphs stay), which is also much faster
    pieces, pos = [], 0
    for a, b in regions:
        pieces.append(text[pos:a])
        pieces.append(re.sub(r"[^\n]", " ", text[a:b]))
        pos = b
    pieces.append(text[pos:])
    cands = _analyse("".join(pieces), reg, cues)
    qsp = quote_spans(text)
    for layer in (("indirect", "mixed"), ("direct",)):
        for c in cands:
            if c.kind not in layer or not c.speaker or in_turn(c.content_start):
                continue
            voices.append((c.speaker, c.name, c.side, "indirect" if c.kind != "direct" else "direct", c.relay, ""))
            codes[c.content_start : c.content_end] = len(voices) - 1
            if c.kind == "mixed":  # the quoted words inside a mixed quote are direct
                voices.append((c.speaker, c.name, c.side, "direct", c.relay, ""))
                for _, qs, qe, _, _ in qsp:
                    if c.content_start <= qs < c.content_end:
                        codes[qs : min(qe, c.content_end)] = len(voices) - 1
    return codes, voices


def attribute(
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    registry: Registry | None = None,
    cues: Cues | None = None,
) -> pd.DataFrame:
    """One row per speaker-homogeneous span of every sentence.

    Parameters
    ----------
    sentences
        The table of :func:`stanceviz.segment.sentences` (doc_id, para_no, sent_no, start, end,
        text; offsets into the cleaned text).
    docs
        The cleaned documents of :func:`stanceviz.clean.clean_corpus`: doc_id, text, and if
        present outlet (else "unknown") and marks (stage directions removed by cleaning, with
        their offsets; they fill ``turn_marks``).
    registry, cues
        Speaker registry and cue lexicon; default to the package YAML files.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SPAN_COLUMNS`:

        - doc_id, para_no, sent_no: of the sentence the span lies in;
        - span_no: 0-based position of the span within its sentence;
        - start, end, text: the span, offsets into the cleaned text. A transcript label
          ("SECRETARY KERRY: ") belongs to nobody's words and is left out; blanks and double
          quote marks at a span's edges are trimmed; spans without a letter or digit are left out;
        - speaker: canonical registry id, a derived id for unknown named sources
          ("ursula-von-der-leyen"), "journalist" for questions, "moderator", or
          "outlet:<outlet>" for the narrator;
        - speaker_name: display name; speaker_side: US, Russia, EU, Ukraine, media, unknown …;
        - attribution: turn, direct, indirect or narrator;
        - relay: id of the agency or paper that passed on the words ("tass"), else "";
        - outlet: the document's outlet;
        - turn_marks: stage directions of the turn, "; "-joined ("Via interpreter"), else "".
    """
    check_columns(
        sentences, ["doc_id", "para_no", "sent_no", "start", "end", "text"], func="attribute", arg="sentences"
    )
    check_columns(docs, ["doc_id", "text"], func="attribute", arg="docs")
    reg = registry or default_registry()
    cues = cues or default_cues()
    rows: list[tuple] = []
    by_doc = {d: g for d, g in sentences.groupby("doc_id", sort=False)}
    for rec in docs.itertuples(index=False):
        doc_id = rec.doc_id
        g = by_doc.get(doc_id)
        if g is None or not isinstance(rec.text, str):
            continue
        text = rec.text
        outlet = str(getattr(rec, "outlet", "unknown") or "unknown")
        marks = getattr(rec, "marks", None)
        codes, voices = _doc_voices(
            text, outlet, list(marks) if isinstance(marks, (list, tuple, np.ndarray)) else [], reg, cues
        )
        for s in g.itertuples(index=False):
            a, b = int(s.start), int(s.end)
            if b <= a:
                continue
            seg = codes[a:b]
            cuts = np.flatnonzero(np.diff(seg)) + 1
            bounds = [0, *cuts.tolist(), b - a]
            span_no = 0
            for x, y in zip(bounds[:-1], bounds[1:]):
                code = int(seg[x])
                if code < 0:
                    continue
                p, q = a + x, a + y
                while p < q and (text[p].isspace() or text[p] in _EDGE_MARKS):
                    p += 1
                while q > p and (text[q - 1].isspace() or text[q - 1] in _EDGE_MARKS):
                    q -= 1
                piece = text[p:q]
                if not any(ch.isalnum() for ch in piece):
                    continue
                spk, name, side, kind, relay, tmarks = voices[code]
                rows.append(
                    (
                        doc_id,
                        int(s.para_no),
                        int(s.sent_no),
                        span_no,
                        p,
                        q,
                        piece,
                        spk,
                        name,
                        side,
                        kind,
                        relay,
                        outlet,
                        tmarks,
                    )
                )
                span_no += 1
    out = pd.DataFrame(rows, columns=SPAN_COLUMNS)
    for col in ("start", "end", "para_no", "sent_no", "span_no"):
        out[col] = out[col].astype("int64")
    return out


#: Label of the narrator in :func:`speaker_shares` (the outlet's own voice, whatever the outlet).
NARRATOR_VOICE = "Outlet (narrator)"


def speaker_shares(
    spans: pd.DataFrame,
    *,
    by: tuple[str, ...] | list[str] = ("outlet", "voice", "attribution"),
) -> pd.DataFrame:
    """Who speaks how much: spans, sentences and words per group of the :func:`attribute` table.

    Parameters
    ----------
    spans
        The table of :func:`attribute`.
    by
        Grouping columns of ``spans``, plus ``voice``: the speaker's display name, with every
        narrator span called "Outlet (narrator)" so that outlets can be compared. The first
        column is the one shares are computed within.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, n_spans, n_sentences (sentences in which the group speaks;
        a sentence split between two voices counts for both), n_words (tokens of
        :func:`stanceviz.segment.tokenize` with a letter or digit; punctuation is not counted),
        share (n_words / words of the first ``by`` group).
        Sorted by the first column, then by n_words descending.
    """
    from .segment import tokenize

    check_columns(
        spans, ["doc_id", "sent_no", "text", "speaker_name", "attribution"], func="speaker_shares", arg="spans"
    )
    data = spans.copy()
    data["voice"] = data["speaker_name"].where(data["attribution"] != "narrator", NARRATOR_VOICE)
    by = list(by)
    for col in by:
        check_columns(data, [col], func="speaker_shares", arg="by")
    data["n_words"] = [sum(any(ch.isalnum() for ch in tok.text) for tok in tokenize(t)) for t in data["text"]]
    data["sent_key"] = data["doc_id"].astype(str) + "#" + data["sent_no"].astype(str)
    out = (
        data.groupby(by, sort=False)
        .agg(n_spans=("text", "size"), n_sentences=("sent_key", "nunique"), n_words=("n_words", "sum"))
        .reset_index()
    )
    total = out.groupby(by[0])["n_words"].transform("sum")
    out["share"] = out["n_words"] / total.where(total > 0)
    return out.sort_values([by[0], "n_words"], ascending=[True, False], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# gold and evaluation
# --------------------------------------------------------------------------------------------

_GOLD_COLUMNS = ["doc_id", "kind", "content", "occurrence", "speaker"]


def load_gold(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a gold file (CSV: doc_id, kind, content, occurrence, speaker, …; see the protocol)."""
    gold = source.copy() if isinstance(source, pd.DataFrame) else pd.read_csv(source, dtype=str, keep_default_na=False)
    check_columns(gold, _GOLD_COLUMNS, func="load_gold", arg="source")
    gold["occurrence"] = pd.to_numeric(gold["occurrence"], errors="coerce").fillna(0).astype(int)
    return gold


_EQUIV = {"…": r"(?:…|\.\.\.)", "’": "['’]", "'": "['’]", "–": "[–—-]", "—": "[–—-]"}


def _word_pattern(word: str) -> str:
    return "".join(_EQUIV.get(ch, re.escape(ch)) for ch in word)


def _locate(text: str, content: str, occurrence: int, turn: bool) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th match of ``content`` (blanks, ellipses, apostrophes and
    dashes matched loosely, so the gold survives cleaning), or None."""
    content = content.replace("...", "…")
    pat = r"\s*".join(_word_pattern(w) for w in content.replace("…", " … ").split())
    if turn:
        pat = r"(?m)^[ \t]*" + pat + r"\s*(?:\([^()\n]*\)\s*)?:"
    hits = list(re.finditer(pat, text))
    if len(hits) <= occurrence:
        return None
    m = hits[occurrence]
    if turn:
        return m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()
    return m.start(), m.end()


def match_gold(
    docs: pd.DataFrame,
    gold: str | Path | pd.DataFrame,
    *,
    min_overlap: float = 0.5,
    registry: Registry | None = None,
    cues: Cues | None = None,
) -> pd.DataFrame:
    """Match gold quotes and turns to predictions, one row per gold item and unmatched prediction.

    A predicted quote matches a gold quote of the same document when their character overlap
    is at least ``min_overlap`` of the shorter of the two (one-to-one, best overlap first). A
    gold turn matches the predicted turn whose label starts where the gold label is found.
    Predicted quotes inside transcript turns are not scored (the turn's speaker is speaking).

    Returns
    -------
    pandas.DataFrame
        Columns: doc_id, kind (gold kind, or predicted kind for unmatched predictions), source
        ("gold" or "pred"), start, end (located gold span; -1 when the content is not in the
        text), located, matched, strict (overlap ≥ 0.8 of both spans), gold_speaker,
        pred_speaker, speaker_ok, content.
    """
    check_columns(docs, ["doc_id", "text"], func="match_gold", arg="docs")
    gold = load_gold(gold)
    reg = registry or default_registry()
    cues = cues or default_cues()
    rows = []
    texts = dict(zip(docs["doc_id"], docs["text"]))
    doc_marks = dict(zip(docs["doc_id"], docs["marks"])) if "marks" in docs.columns else {}
    for doc_id in dict.fromkeys(list(gold["doc_id"]) + list(texts)):
        text = texts.get(doc_id)
        g = gold[gold["doc_id"] == doc_id]
        if text is None:
            for r in g.itertuples(index=False):
                rows.append((doc_id, r.kind, "gold", -1, -1, False, False, False, r.speaker, "", False, r.content))
            continue
        dm = doc_marks.get(doc_id)
        turns = split_turns(
            text, marks=list(dm) if isinstance(dm, (list, tuple, np.ndarray)) else None, registry=reg, cues=cues
        )
        regions = [(t.label_start, t.end) for t in turns]
        preds = [
            q
            for q in find_quotes(text, registry=reg, cues=cues)
            if not any(a <= q.content_start < b for a, b in regions)
        ]
        gq = []
        used_turns: set[int] = set()
        for r in g.itertuples(index=False):
            loc = _locate(text, r.content, int(r.occurrence), r.kind == "turn")
            if r.kind == "turn":
                t = next((t for t in turns if loc is not None and abs(t.label_start - loc[0]) <= 3), None)
                ok = t is not None
                if t is not None:
                    used_turns.add(t.label_start)
                rows.append(
                    (
                        doc_id,
                        "turn",
                        "gold",
                        loc[0] if loc else -1,
                        loc[1] if loc else -1,
                        loc is not None,
                        ok,
                        ok,
                        r.speaker,
                        t.speaker if t else "",
                        bool(t and t.speaker == r.speaker),
                        r.content,
                    )
                )
            else:
                gq.append((r, loc))
        pairs = []
        for gi, (_, loc) in enumerate(gq):
            if loc is None:
                continue
            for pi, q in enumerate(preds):
                ov = min(loc[1], q.content_end) - max(loc[0], q.content_start)
                if ov <= 0:
                    continue
                short = min(loc[1] - loc[0], q.content_end - q.content_start)
                if ov >= min_overlap * short:
                    strict = ov >= 0.8 * max(loc[1] - loc[0], q.content_end - q.content_start)
                    pairs.append((ov / max(loc[1] - loc[0], q.content_end - q.content_start), gi, pi, strict))
        pairs.sort(key=lambda x: -x[0])
        g_of: dict[int, tuple[int, bool]] = {}
        taken: set[int] = set()
        for _, gi, pi, strict in pairs:
            if gi in g_of or pi in taken:
                continue
            g_of[gi] = (pi, strict)
            taken.add(pi)
        for gi, (r, loc) in enumerate(gq):
            pi, strict = g_of.get(gi, (-1, False))
            ps = preds[pi].speaker if pi >= 0 else ""
            rows.append(
                (
                    doc_id,
                    r.kind,
                    "gold",
                    loc[0] if loc else -1,
                    loc[1] if loc else -1,
                    loc is not None,
                    pi >= 0,
                    strict,
                    r.speaker,
                    ps,
                    pi >= 0 and ps == r.speaker,
                    r.content,
                )
            )
        if (g["kind"] == "turn").any():
            for t in turns:
                if t.label_start not in used_turns:
                    rows.append(
                        (doc_id, "turn", "pred", t.start, t.end, True, False, False, "", t.speaker, False, t.label)
                    )
        for pi, q in enumerate(preds):
            if pi not in taken:
                rows.append(
                    (
                        doc_id,
                        q.kind,
                        "pred",
                        q.content_start,
                        q.content_end,
                        True,
                        False,
                        False,
                        "",
                        q.speaker,
                        False,
                        text[q.content_start : q.content_end],
                    )
                )
    return pd.DataFrame(
        rows,
        columns=[
            "doc_id",
            "kind",
            "source",
            "start",
            "end",
            "located",
            "matched",
            "strict",
            "gold_speaker",
            "pred_speaker",
            "speaker_ok",
            "content",
        ],
    )


def evaluate_speakers(
    docs: pd.DataFrame,
    gold: str | Path | pd.DataFrame,
    *,
    min_overlap: float = 0.5,
    registry: Registry | None = None,
    cues: Cues | None = None,
) -> pd.DataFrame:
    """Quote precision/recall and speaker accuracy against a gold file.

    Parameters
    ----------
    docs
        Documents with doc_id and text (the cleaned text; gold spans are located by their
        words, so the gold survives changes to the cleaning).
    gold
        Path to, or table of, the gold annotations (``tests/data/gold_speakers.csv``).
    min_overlap
        Share of the shorter span that must overlap for a match (see :func:`match_gold`).

    Returns
    -------
    pandas.DataFrame
        One row per scope ("quotes" = direct + indirect + mixed, each kind, and "turns"), columns:
        scope, n_gold, n_located (gold items found in the text), n_pred, n_matched, precision,
        recall (over located gold items), strict_recall (overlap ≥ 0.8 of both spans),
        speaker_accuracy (correct speaker among matched gold items), speaker_accuracy_all
        (correct speaker over all located gold items: a miss counts as wrong).
    """
    items = match_gold(docs, gold, min_overlap=min_overlap, registry=registry, cues=cues)
    out = []
    gi = items[items["source"] == "gold"]
    unmatched_pred = items[items["source"] == "pred"]
    scopes = [
        ("quotes", ["direct", "indirect", "mixed"]),
        ("direct", ["direct"]),
        ("indirect", ["indirect"]),
        ("mixed", ["mixed"]),
        ("turns", ["turn"]),
    ]
    for scope, kinds in scopes:
        g = gi[gi["kind"].isin(kinds)]
        loc = g[g["located"]]
        n_matched = int(loc["matched"].sum())
        # per-kind precision is not defined (a predicted "mixed" may match a gold "direct")
        if scope == "quotes":
            n_pred = n_matched + int((unmatched_pred["kind"] != "turn").sum())
        else:
            n_pred = n_matched + int((unmatched_pred["kind"] == "turn").sum())
        out.append(
            {
                "scope": scope,
                "n_gold": len(g),
                "n_located": len(loc),
                "n_pred": n_pred if scope in ("quotes", "turns") else np.nan,
                "n_matched": n_matched,
                "precision": _ratio(n_matched, n_pred) if scope in ("quotes", "turns") else np.nan,
                "recall": _ratio(n_matched, len(loc)),
                "strict_recall": _ratio(int(loc["strict"].sum()), len(loc)),
                "speaker_accuracy": _ratio(int(loc["speaker_ok"].sum()), n_matched),
                "speaker_accuracy_all": _ratio(int(loc["speaker_ok"].sum()), len(loc)),
            }
        )
    return pd.DataFrame(out)


def _ratio(a: float, b: float) -> float:
    return float(a) / b if b else float("nan")
