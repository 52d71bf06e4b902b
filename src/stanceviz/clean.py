"""Clean scraped news text, keeping an audit trail of every removed or replaced character.

Rules are data: ``resources/cleaning_rules.yaml`` names each pattern and says why it exists;
users extend it with a file of the same shape. Cleaning

1. removes page furniture by line rules (adverts, share widgets, bylines, stamps, page headers,
   photo captions) and tail rules (comment forms to the end of the page);
2. removes repeated titles and repeated captions (structural rules);
3. removes transcript stage directions inline, keeping them as *marks* on the turn;
4. normalises characters (NBSP, zero-width, ellipsis, dashes) while keeping curly quotes
   distinct from straight ones;
5. normalises whitespace: paragraphs separated by one blank line, hard-wrapped lines joined,
   runs of blanks collapsed.

Nothing inside a quotation is removed. Every character of the input is either kept, or covered
by exactly one row of the report (``rule``, the ``removed`` text and its ``replacement``), so the
input can be rebuilt from the output and the report.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from ._checks import check_columns
from .segment import TURN_LABEL_START as _TURN_START

__all__ = [
    "Removal", "Cleaned", "CleaningRules", "load_rules", "clean_text", "clean_corpus",
    "quote_spans", "cleaning_summary", "top_rules", "REPORT_COLUMNS",
]

log = logging.getLogger(__name__)

#: Columns of the cleaning report.
REPORT_COLUMNS = ["doc_id", "start", "end", "rule", "removed", "replacement"]

_HEAD_LINES = 8          # 'zone: head' rules look at the first 8 non-blank lines only
_MAX_PATTERN = 1000      # user patterns longer than this are refused
_CAPTION_MAX_WORDS = 20
_TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ':', ';', '»')
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}


@dataclass(frozen=True)
class Removal:
    """One edit: input ``text[start:end]`` (``removed``) was replaced by ``replacement`` ('' = removed)."""

    start: int
    end: int
    rule: str
    removed: str
    replacement: str = ""


@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean_text`.

    Attributes
    ----------
    text
        The cleaned text: paragraphs separated by ``"\\n\\n"``, no other newlines.
    removals
        Every edit, sorted by ``start``; offsets refer to the input text.
    marks
        Stage directions removed from the text, as dicts ``offset`` (position in the cleaned
        text), ``text`` and ``rule``.
    metadata
        Values found in the text for the document's metadata (``outlet``, ``date`` from bylines).
    """

    text: str
    removals: tuple[Removal, ...] = ()
    marks: tuple[dict, ...] = ()
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str            # line | tail | inline | replace
    regex: re.Pattern
    zone: str = "any"    # any | head
    replacement: str = ""
    mark: bool = False


@dataclass(frozen=True)
class CleaningRules:
    """Compiled cleaning rules; build with :func:`load_rules`."""

    rules: tuple[_Rule, ...]

    def of_kind(self, kind: str) -> list[_Rule]:
        return [r for r in self.rules if r.kind == kind]

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.rules]


def _compile_rules(data: object, path: str) -> dict[str, _Rule]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise config.ConfigError(f"{path}: expected a mapping of rule kinds (line, tail, inline, replace); "
                                 f"got {type(data).__name__}.")
    out: dict[str, _Rule] = {}
    for kind, entries in data.items():
        if kind not in {"line", "tail", "inline", "replace"}:
            raise config.ConfigError(f"{path}: unknown rule kind {kind!r}; expected line, tail, inline or replace.")
        if not isinstance(entries, dict):
            raise config.ConfigError(f"{path}: {kind}: expected a mapping of rule names to rules.")
        for name, spec in entries.items():
            where = f"{kind}.{name}"
            config.require_keys(spec, ["pattern"], path=path, where=where)
            pattern = spec["pattern"]
            if not isinstance(pattern, str) or not pattern or len(pattern) > _MAX_PATTERN:
                raise config.ConfigError(f"{path}: {where}.pattern: expected a non-empty string of at most "
                                         f"{_MAX_PATTERN} characters.")
            try:
                regex = re.compile(pattern)
            except re.error as err:
                raise config.ConfigError(f"{path}: {where}.pattern: invalid regular expression: {err}") from None
            if kind == "replace" and "with" not in spec:
                raise config.ConfigError(f"{path}: {where}: a replace rule needs a 'with' key.")
            zone = spec.get("zone", "any")
            if zone not in {"any", "head"}:
                raise config.ConfigError(f"{path}: {where}.zone: expected 'any' or 'head'; got {zone!r}.")
            out[name] = _Rule(name=name, kind=kind, regex=regex, zone=zone,
                              replacement=str(spec.get("with", "")),
                              mark=spec.get("kind") == "stage_direction")
    return out


def load_rules(*extra: str | Path, defaults: bool = True) -> CleaningRules:
    """Compile the package's cleaning rules, extended (or overridden by name) by user YAML files.

    Parameters
    ----------
    *extra
        Paths of YAML files shaped like ``resources/cleaning_rules.yaml``.
    defaults
        Start from the package's rules (``False``: use only the given files).
    """
    merged: dict[str, _Rule] = {}
    sources = (["cleaning_rules.yaml"] if defaults else []) + list(extra)
    for src in sources:
        merged.update(_compile_rules(config.load_yaml(src), str(src)))
    return CleaningRules(tuple(merged.values()))


_DEFAULT_RULES: CleaningRules | None = None


def _default_rules() -> CleaningRules:
    global _DEFAULT_RULES
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = load_rules()
    return _DEFAULT_RULES


_QUOTE_MARK = re.compile('[\u201c\u201d\u00ab\u00bb\u201e"]')


def _paragraph_units(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs the whitespace pass will make: blank-line blocks, each hard-wrapped
    block one paragraph (split at turn labels), every line of any other block a paragraph."""
    units = []
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        block = m.group()
        lines = block.split("\n")
        pos = m.start()
        if _is_wrapped(lines):
            start = pos
            for line in lines:
                if pos > start and _TURN_START.match(line.lstrip()):
                    units.append((start, pos - 1))
                    start = pos
                pos += len(line) + 1
            units.append((start, m.end()))
        else:
            for line in lines:
                units.append((pos, pos + len(line)))
                pos += len(line) + 1
    return units


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``(open, close + 1)`` of balanced quotations, paired within the paragraphs that
    cleaning will produce (so protection is the same when the cleaned text is cleaned again).

    Curly \u201c\u2026\u201d, guillemets \u00ab\u2026\u00bb, low-high \u201e\u2026\u201c and straight "\u2026" quotes;
    unbalanced marks are ignored.
    """
    spans = []
    for a, b in _paragraph_units(text):
        opener = closer = straight = None
        for m in _QUOTE_MARK.finditer(text, a, b):
            ch, i = m.group(), m.start()
            if opener is None and ch in _QUOTE_PAIRS:
                opener, closer = i, _QUOTE_PAIRS[ch]
            elif opener is not None and ch == closer:
                spans.append((opener, i + 1))
                opener = None
            elif ch == '"' and opener is None:
                if straight is None:
                    straight = i
                else:
                    spans.append((straight, i + 1))
                    straight = None
    spans.sort()
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer("\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _norm_line(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).casefold()


class _Edits:
    """Collects non-overlapping edits on the input; earlier edits win, quotations are protected.

    ``owner[i]`` is the index in ``items`` of the edit covering input character ``i`` (-1: none),
    so looking up the edits of a line costs the line's length, not the number of edits.
    """

    def __init__(self, text: str):
        self.text = text
        self.items: list[tuple[int, int, str, str] | None] = []  # start, end, replacement, rule
        self.soft: set[int] = set()
        self.owner = np.full(len(text) + 1, -1, dtype=np.int64)
        self.protect = np.zeros(len(text) + 1, dtype=bool)
        for s, e in quote_spans(text):
            self.protect[s:e] = True

    @property
    def busy(self) -> np.ndarray:
        return self.owner >= 0

    def is_busy(self, start: int, end: int) -> bool:
        return bool((self.owner[start:end] >= 0).any())

    def all_busy(self, start: int, end: int) -> bool:
        return bool((self.owner[start:end] >= 0).all())

    def edits(self) -> list[tuple[int, int, str, str]]:
        return [it for it in self.items if it is not None]

    def add(self, start: int, end: int, rule: str, replacement: str = "", *, protected_ok: bool = False,
            soft: bool = False) -> bool:
        if end <= start or self.is_busy(start, end):
            return False
        if not protected_ok and self.protect[start:end].any():
            return False
        idx = len(self.items)
        if soft:  # a character replacement, which a later removal of its line may absorb
            self.soft.add(idx)
        self.items.append((start, end, replacement, rule))
        self.owner[start:end] = idx
        return True

    def add_free(self, start: int, end: int, rule: str) -> bool:
        """Remove every character of ``[start, end)`` not already edited (a line around an inline edit)."""
        if end <= start or self.protect[start:end].any() or self.all_busy(start, end):
            return False
        for idx in set(self.owner[start:end].tolist()) & self.soft:
            s, e, _r, _n = self.items[idx]
            if start <= s and e <= end:
                self.items[idx] = None
                self.soft.discard(idx)
                self.owner[s:e] = -1
        free = np.flatnonzero(self.owner[start:end] < 0) + start
        cuts = np.flatnonzero(np.diff(free) > 1) + 1
        for run in np.split(free, cuts):
            self.add(int(run[0]), int(run[-1]) + 1, rule)
        return True

    def view(self, start: int, end: int) -> str:
        """``text[start:end]`` as it reads after the edits made so far."""
        own = self.owner[start:end]
        if not (own >= 0).any():
            return self.text[start:end]
        out, pos = [], start
        for idx in dict.fromkeys(own[own >= 0].tolist()):
            s, e, repl, _rule = self.items[idx]
            out.append(self.text[pos:max(s, pos)])
            if s >= start:
                out.append(repl)
            pos = max(pos, min(e, end))
        out.append(self.text[pos:end])
        return "".join(out)


def _apply(text: str, edits: list[tuple[int, int, str, str]], origin: np.ndarray) -> tuple[str, np.ndarray]:
    """Apply non-overlapping edits; origin maps each char of ``text`` to an input offset.

    Each character of the result inherits the origin of the character it came from; a
    replacement's characters inherit the origin of the first character they replace.
    """
    edits = sorted(edits)
    parts, pos = [], 0
    width = np.ones(len(text), dtype=np.int64)  # output characters produced by each character
    for start, end, repl, _rule in edits:
        parts.append(text[pos:start])
        parts.append(repl)
        width[start:end] = 0
        width[start] = len(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), np.repeat(origin[:len(text)], width)


def _is_wrapped(lines: list[str]) -> bool:
    """A block of lines is hard-wrapped when its non-final lines are all of typical wrap width."""
    if len(lines) < 2:
        return False
    body = [len(x.rstrip()) for x in lines[:-1]]
    return max(body) <= 100 and sum(body) / len(body) >= 55


def _whitespace_edits(text: str) -> list[tuple[int, int, str, str]]:
    """Edits that turn ``text`` into paragraphs separated by one blank line, single spaces inside."""
    edits: list[tuple[int, int, str, str]] = []
    # Blocks are separated by blank (whitespace-only) lines.
    blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text)]
    prev_end = 0
    for bi, (bs, be) in enumerate(blocks):
        # separator before the block
        if bi == 0:
            if bs > 0:
                edits.append((0, bs, "", "whitespace"))
        else:
            gap = text[prev_end:bs]
            if gap != "\n\n":
                edits.append((prev_end, bs, "\n\n", "whitespace"))
        lines = text[bs:be].split("\n")
        wrapped = _is_wrapped(lines)
        pos = bs
        for li, line in enumerate(lines):
            ls, le = pos, pos + len(line)
            # strip each line's leading and trailing blanks
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            if lead:
                edits.append((ls, ls + lead, "", "whitespace"))
            for m in re.finditer(r"[ \t\f\v]{2,}|[\t\f\v]", line[lead:len(line) - trail or None]):
                s0 = ls + lead + m.start()
                edits.append((s0, s0 + len(m.group()), " ", "whitespace"))
            if trail:
                edits.append((le - trail, le, "", "whitespace"))
            if li < len(lines) - 1:  # the newline after this line
                nxt = lines[li + 1].lstrip()
                joined = wrapped and not _TURN_START.match(nxt)
                edits.append((le, le + 1, " " if joined else "\n\n", "whitespace"))
            pos = le + 1
        prev_end = be
    if blocks and prev_end < len(text):
        edits.append((prev_end, len(text), "", "whitespace"))
    elif not blocks and text:
        edits.append((0, len(text), "", "whitespace"))
    # drop no-op edits (e.g. "\n\n" -> "\n\n")
    return [e for e in edits if text[e[0]:e[1]] != e[2]]


def clean_text(text: str, *, rules: CleaningRules | None = None, title: str | None = None) -> Cleaned:
    """Clean one document's text.

    Parameters
    ----------
    text
        The document as loaded (see :func:`stanceviz.corpus.load_corpus`).
    rules
        Compiled rules (:func:`load_rules`); the package's rules when None.
    title
        The headline, to find its repetitions; the first non-blank line when None.

    Returns
    -------
    Cleaned
        ``text``, ``removals`` (offsets into the input), ``marks`` and ``metadata``.

    Examples
    --------
    >>> c = clean_text("Title\\n\\nTitle\\nShare\\n\\nKerry said \\"yes\\" (inaudible).")
    >>> c.text
    'Title\\n\\nKerry said "yes".'
    >>> sorted({r.rule for r in c.removals})
    ['repeated_title', 'share_widget', 'stage_direction', 'whitespace']
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str; got {type(text).__name__}.")
    rules = rules or _default_rules()
    ed = _Edits(text)
    lines = _lines(text)
    nonblank = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    head = set(nonblank[:_HEAD_LINES])
    metadata: dict = {}

    # 1. inline rules first (stage directions become marks), then character replacements, so
    #    that line rules judge a line as it will read ("Share (inaudible)" is a share widget)
    mark_at: list[tuple[int, str, str]] = []
    for rule in rules.of_kind("inline"):
        for m in rule.regex.finditer(text):
            if ed.add(m.start(), m.end(), rule.name) and rule.mark:
                mark_at.append((m.start(), m.group(), rule.name))
    for rule in rules.of_kind("replace"):
        for m in rule.regex.finditer(text):
            ed.add(m.start(), m.end(), rule.name, rule.replacement, protected_ok=True, soft=True)

    # how each line reads after the inline edits; a dropped line reads as ""
    busy_cs = np.concatenate([[0], np.cumsum(ed.owner >= 0)])
    views: dict[int, str] = {}
    for i in nonblank:
        s, e = lines[i]
        views[i] = (ed.view(s, e) if busy_cs[e] > busy_cs[s] else text[s:e]).strip()

    def view(i: int) -> str:
        return views[i]

    def drop_line(i: int, rule: str) -> bool:
        s, e = lines[i]
        if ed.add_free(s, min(e + 1, len(text)), rule):
            views[i] = ""
            return True
        return False

    # 2. tail rules: from the first matching line (never the first line) to the end
    tail_rules = rules.of_kind("tail")
    for i in nonblank[1:]:
        rule = next((r for r in tail_rules if r.regex.fullmatch(views[i])), None)
        if rule and ed.add_free(lines[i][0], len(text), rule.name):
            for j in nonblank:
                if lines[j][0] >= lines[i][0]:
                    views[j] = ""
            break

    # 3. line rules
    line_rules = rules.of_kind("line")
    for i in nonblank:
        line = views[i]
        if not line:
            continue
        for rule in line_rules:
            if rule.zone == "head" and i not in head:
                continue
            m = rule.regex.fullmatch(line)
            if m and drop_line(i, rule.name):
                for key in ("outlet", "date"):
                    if key in m.groupdict() and m.group(key) and key not in metadata:
                        metadata[key] = m.group(key).strip()
                break

    # 4. structural: repeated title, then repeated captions until none is left
    def live() -> list[int]:
        return [i for i in nonblank if views[i]]

    first = nonblank[0] if nonblank else None
    title_norm = _norm_line(title) if title else (_norm_line(view(first)) if first is not None else "")
    seen_title = False
    for i in live():
        if title_norm and _norm_line(view(i)) == title_norm:
            if seen_title:
                drop_line(i, "repeated_title")
            seen_title = True
    changed = True
    while changed:
        changed = False
        rows = live()
        k = 0
        while k < len(rows):
            norm = _norm_line(view(rows[k]))
            run = [rows[k]]
            while k + len(run) < len(rows) and _norm_line(view(rows[k + len(run)])) == norm:
                run.append(rows[k + len(run)])
            line = view(rows[k])
            if (len(run) > 1 and len(norm.split()) <= _CAPTION_MAX_WORDS and not line.endswith(_TERMINAL)
                    and not _TURN_START.match(line) and norm != title_norm):
                for j in run:
                    changed |= drop_line(j, "repeated_caption")
            k += len(run)

    origin = np.arange(len(text), dtype=np.int64)
    edits1 = ed.edits()
    stage1, origin1 = _apply(text, edits1, origin)

    # 6. whitespace, computed on the intermediate text and mapped back to input offsets
    ws = _whitespace_edits(stage1)
    final, origin2 = _apply(stage1, ws, origin1)

    removals = _report(text, edits1, ws, origin1, final, origin2)
    marks = tuple(
        {"offset": int(np.searchsorted(origin2, pos, side="left")), "text": mtext, "rule": rname}
        for pos, mtext, rname in sorted(mark_at)
    )
    return Cleaned(text=final, removals=removals, marks=marks, metadata=metadata)


def _report(text, edits1, edits2, origin1, final, origin2) -> tuple[Removal, ...]:
    """Express both edit passes as rows in input offsets.

    Each output character carries the input offset it came from (``origin2``, non-decreasing),
    so a row's replacement is exactly the output whose origin lies in the row's span; the input
    can be rebuilt from the output and the rows.
    """

    def output_of(a: int, b: int) -> str:
        return final[int(np.searchsorted(origin2, a, "left")):int(np.searchsorted(origin2, b, "left"))]

    rows = [Removal(s, e, rule, text[s:e], output_of(s, e)) for s, e, _repl, rule in edits1]
    if edits2:
        claimed = np.zeros(len(text) + 1, dtype=bool)
        for s, e, _r, _ in edits1:
            claimed[s:e] = True
        # which whitespace edit (if any) each intermediate character belongs to
        edit_id = np.full(len(origin1), -1, dtype=np.int64)
        for k, (s, e, _r, _rule) in enumerate(edits2):
            edit_id[s:e] = k
        pos = np.flatnonzero((edit_id >= 0) & ~claimed[origin1])
        if pos.size:
            orig, eid = origin1[pos], edit_id[pos]
            cut = np.flatnonzero((np.diff(orig) != 1) | (np.diff(eid) != 0)) + 1
            starts = orig[np.r_[0, cut]]
            ends = orig[np.r_[cut - 1, orig.size - 1]] + 1
            lo = np.searchsorted(origin2, starts, "left")
            hi = np.searchsorted(origin2, ends, "left")
            rules = [edits2[k][3] for k in eid[np.r_[0, cut]].tolist()]
            for a, b, x, y, rule in zip(starts.tolist(), ends.tolist(), lo.tolist(), hi.tolist(), rules):
                rows.append(Removal(a, b, rule, text[a:b], final[x:y]))
    rows.sort(key=lambda r: (r.start, r.end))
    return tuple(rows)


def clean_corpus(
    docs: pd.DataFrame, rules: CleaningRules | str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a corpus table.

    Parameters
    ----------
    docs
        Table from :func:`stanceviz.corpus.load_corpus` (needs ``doc_id, text``; uses ``title``,
        ``outlet`` and ``date`` when present).
    rules
        Compiled rules, or the path of a user YAML file that extends the package's rules.

    Returns
    -------
    clean_docs : DataFrame
        The input columns with ``text`` cleaned, plus ``raw_text`` (the input text), ``marks``
        (list of stage-direction dicts: offset, text, rule), ``outlet_source`` and ``date_source``
        (``manifest``, ``byline`` or ``unknown``), ``n_chars_raw`` and ``n_chars_clean``.
        Outlet and date found in a byline fill the metadata when the manifest lacks them.
    report : DataFrame
        One row per edit: ``doc_id, start, end, rule, removed, replacement`` (offsets into
        ``raw_text``; ``replacement`` is '' for a removal).
    """
    check_columns(docs, ["doc_id", "text"], func="clean_corpus", arg="docs")
    if isinstance(rules, (str, Path)):
        rules = load_rules(rules)
    out = docs.copy()
    texts, marks, rows = [], [], []
    outlet_src, date_src = [], []
    outlets = list(out["outlet"]) if "outlet" in out else ["unknown"] * len(out)
    dates = list(out["date"]) if "date" in out else [pd.NaT] * len(out)
    titles = list(out["title"]) if "title" in out else [None] * len(out)
    for i, (doc_id, text) in enumerate(zip(out["doc_id"], out["text"])):
        res = clean_text(text, rules=rules, title=titles[i] or None)
        texts.append(res.text)
        marks.append(list(res.marks))
        rows.extend((doc_id, r.start, r.end, r.rule, r.removed, r.replacement) for r in res.removals)
        if outlets[i] in (None, "", "unknown") and res.metadata.get("outlet"):
            outlets[i], src = res.metadata["outlet"], "byline"
        else:
            src = "unknown" if outlets[i] in (None, "", "unknown") else "manifest"
        outlet_src.append(src)
        if pd.isna(dates[i]) and res.metadata.get("date"):
            try:
                dates[i], src = pd.Timestamp(res.metadata["date"]), "byline"
            except ValueError:
                src = "unknown"
        else:
            src = "unknown" if pd.isna(dates[i]) else "manifest"
        date_src.append(src)
        if not res.text:
            log.warning("%s: nothing left after cleaning", doc_id)
    out["raw_text"] = out["text"]
    out["text"] = texts
    out["marks"] = marks
    if "outlet" in out:
        out["outlet"] = outlets
    if "date" in out:
        out["date"] = pd.to_datetime(pd.Series(dates, index=out.index))
    out["outlet_source"] = outlet_src
    out["date_source"] = date_src
    out["n_chars_raw"] = [len(t) for t in out["raw_text"]]
    out["n_chars_clean"] = [len(t) for t in texts]
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return out, report


def _n_words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def cleaning_summary(clean_docs: pd.DataFrame, report: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summarise a cleaning run per document and per rule.

    Returns
    -------
    per_doc : DataFrame
        ``doc_id, outlet, date, event, words_raw, words_clean, words_removed, chars_raw,
        chars_clean, n_edits``, one row per document (every input document, even an emptied one).
    per_rule : DataFrame
        ``doc_id, rule, n_edits, chars_removed, words_removed``: removals (and replacements) per
        document and rule, whitespace included, sorted by document and rule.
    """
    check_columns(clean_docs, ["doc_id", "text", "raw_text"], func="cleaning_summary", arg="clean_docs")
    check_columns(report, REPORT_COLUMNS, func="cleaning_summary", arg="report")
    per_doc = clean_docs[[c for c in ("doc_id", "outlet", "date", "event") if c in clean_docs]].copy()
    per_doc["words_raw"] = clean_docs["raw_text"].map(_n_words).astype("int64")
    per_doc["words_clean"] = clean_docs["text"].map(_n_words).astype("int64")
    per_doc["words_removed"] = per_doc["words_raw"] - per_doc["words_clean"]
    per_doc["chars_raw"] = clean_docs["raw_text"].str.len().astype("int64")
    per_doc["chars_clean"] = clean_docs["text"].str.len().astype("int64")
    counts = report.groupby("doc_id").size()
    per_doc["n_edits"] = per_doc["doc_id"].map(counts).fillna(0).astype("int64")
    rep = report.assign(chars=(report["end"] - report["start"]).astype("int64"),
                        words=report["removed"].map(_n_words).astype("int64"))
    per_rule = (rep.groupby(["doc_id", "rule"], sort=True)
                .agg(n_edits=("rule", "size"), chars_removed=("chars", "sum"), words_removed=("words", "sum"))
                .reset_index())
    return per_doc.reset_index(drop=True), per_rule


def top_rules(per_rule: pd.DataFrame, n: int = 7, *, value: str = "words_removed",
              exclude: tuple[str, ...] = ("whitespace",)) -> pd.DataFrame:
    """Keep the ``n`` rules that removed most (by ``value``) and sum the rest into ``"other rules"``.

    Rules in ``exclude`` are dropped (whitespace removes no words). Returns the same columns as
    the ``per_rule`` table of :func:`cleaning_summary`.
    """
    check_columns(per_rule, ["doc_id", "rule", value], func="top_rules", arg="per_rule")
    data = per_rule[~per_rule["rule"].isin(exclude)]
    totals = data.groupby("rule")[value].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:n])
    data = data.assign(rule=data["rule"].where(data["rule"].isin(keep), "other rules"))
    num = [c for c in data.columns if c not in ("doc_id", "rule")]
    out = data.groupby(["doc_id", "rule"], sort=False)[num].sum().reset_index()
    order = {r: i for i, r in enumerate(keep + ["other rules"])}
    return out.sort_values(["doc_id", "rule"], key=lambda s: s.map(order) if s.name == "rule" else s,
                           kind="stable").reset_index(drop=True)
