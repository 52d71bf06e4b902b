"""Text layer of the speaker stage: paragraphs, quote marks, sentence windows, tokens, the cue
lexicon and source noun phrases. Used by :mod:`stanceviz.speakers_quotes`; names nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .speakers_registry import Cues

__all__ = ["paragraph_spans", "quote_spans", "sentence_spans"]

_OPEN = {"“": "”", "«": "»", "„": "“", "‹": "›", "‘": "’"}
_CLOSERS = {"”", "»", "›", "’"}
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’\-]\w+)*|[^\w\s]")
_PARA = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LINE = re.compile(r"\n\s*")
#: How far back (characters) a pronoun, role noun or first name looks for its referent.
_WINDOW = 5000
_CONNECT = {"al", "bin", "ibn", "von", "der", "de", "van", "la", "le", "du", "da", "di", "del", "el", "dos", "of"}
_NOT_SOURCE = {"i", "we", "you", "which", "that", "what", "who", "this", "these", "those", "there", "here", "one"}
_SENT_START_WORDS = {
    "and",
    "but",
    "so",
    "then",
    "meanwhile",
    "however",
    "also",
    "now",
    "still",
    "yet",
    "later",
    "earlier",
}


# --------------------------------------------------------------------------------------------
# pass 1-2: paragraphs, quote marks, sentences
# --------------------------------------------------------------------------------------------


def _hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width (press-briefing transcripts): no line over 100
    characters, at least five lines and most of them 50 characters or longer."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 5:
        return False
    if max(len(ln) for ln in lines) > 100:
        return False
    return sum(len(ln) >= 50 for ln in lines) >= 0.5 * len(lines)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of ``text``.

    Paragraphs are separated by blank lines; in text that is not hard-wrapped (see
    :func:`_hard_wrapped`) every line break also ends a paragraph (titles, captions and
    transcript lines of scraped pages).
    """
    spans, pos = [], 0
    sep = _PARA if _hard_wrapped(text) else _LINE
    for m in sep.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_open_ctx(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:“‘«\"'") and not nxt.isspace()


_QUOTE_CHAR = re.compile("[\"'“”‘’«»„‹›]")
_SINGLE = ("’", "'")  # closers of single quotation marks


def _close(stack: list[tuple[str, int]], k: int, i: int, out: list) -> None:
    """Close the quotation opened at ``stack[k]`` with the mark at ``i`` (and any inside it)."""
    op = stack[k][1]
    del stack[k:]
    if not stack:
        out.append((op, op + 1, i, i + 1, True))


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int, int, bool]]:
    """Top-level quotations in ``text[start:end]`` as (open, content_start, content_end, close_end, closed).

    Double marks (straight, curly, « », „ “) and single marks (‘ ’ and straight ', only at word
    boundaries, so apostrophes are left alone) are paired with a stack per paragraph. ``closed`` is
    False when a double quotation ran to the end of its paragraph without a closing mark (an
    unclosed single mark is dropped: it is more often an apostrophe). Nested quotations (inside
    another) are not listed. Never raises.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int, int, int, bool]] = []
    for ps, pe in paragraph_spans(text[start:end]):
        ps, pe = ps + start, pe + start
        stack: list[tuple[str, int]] = []  # (expected closer, position of opener)
        for m in _QUOTE_CHAR.finditer(text, ps, pe):
            i, c = m.start(), m.group(0)
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if c == '"':
                if stack and stack[-1][0] == '"':
                    _close(stack, len(stack) - 1, i, out)
                elif (_is_open_ctx(text, i) or not stack) and len(stack) < 8:
                    stack.append(('"', i))
            elif c in ("’", "'"):
                if nxt.isalnum() or prev.isspace():  # don't, ’90s, 'n: not a closer
                    if c == "'" and _is_open_ctx(text, i) and nxt.isalpha() and len(stack) < 8:
                        stack.append(("'", i))
                    continue
                if stack and stack[-1][0] == c:
                    _close(stack, len(stack) - 1, i, out)
            elif c == "“" and stack and stack[-1][0] == "“":  # „ … “
                _close(stack, len(stack) - 1, i, out)
            elif c in _OPEN:
                if c == "‘" and not _is_open_ctx(text, i):
                    continue
                if len(stack) < 8:
                    stack.append((_OPEN[c], i))
            elif c in _CLOSERS:
                k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == c), None)
                if k is not None:  # else a stray closer
                    _close(stack, k, i, out)
        doubles = [x for x in stack if x[0] not in _SINGLE]
        if doubles:  # unbalanced: the outermost open double quote runs to the paragraph end
            op = doubles[0][1]
            e = pe
            while e > op + 1 and text[e - 1].isspace():
                e -= 1
            out.append((op, op + 1, e, e, False))
    out.sort()
    return out


_SENT_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9])|[.!?…]+[\"”’»)\]]*\s*$|:\s*$")


def sentence_spans(
    text: str, start: int, end: int, quotes: list[tuple[int, int, int, int, bool]], cues: Cues
) -> list[tuple[int, int]]:
    """Sentence windows of one paragraph; boundaries inside quotations are not cut."""
    chars = list(text[start:end])
    for op, cs, ce, cl, _ in quotes:
        if cl <= start or op >= end:
            continue
        a, b = max(cs, start), min(ce, end)
        last = b - 1
        for k in range(a, b):
            if not (k == last and text[k] in ".!?…"):
                chars[k - start] = "X"
    masked = "".join(chars)
    out, pos = [], 0
    for m in _SENT_END.finditer(masked):
        word = re.search(r"([\w.]+)$", masked[pos : m.start()])
        if masked[m.start()] == "." and word:
            w = word.group(1).lower().rstrip(".")
            if w in cues.abbreviations or (len(w) == 1 and w.isalpha()):
                continue
        e = m.end()
        if masked[pos:e].strip():
            out.append((start + pos, start + e))
        pos = e
        while pos < len(masked) and masked[pos].isspace():
            pos += 1
    if masked[pos:].strip():
        out.append((start + pos, end))
    return out


# --------------------------------------------------------------------------------------------
# pass 3: cues and source noun phrases
# --------------------------------------------------------------------------------------------


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    low: str


def _tokens(text: str, start: int, end: int, abbreviations: frozenset[str] = frozenset()) -> list[_Tok]:
    """Word and punctuation tokens; a listed abbreviation keeps its period ("Mr.", "Dr."), so
    names stay whole."""
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        w = m.group(0)
        a, b = m.start(), m.end()
        if w == "." and out and out[-1].end == a and out[-1].low in abbreviations:
            prev = out[-1]
            out[-1] = _Tok(prev.text + ".", prev.start, b, prev.low)
            continue
        out.append(_Tok(w, a, b, w.lower().replace(".", "").replace("’", "'")))
    return out


def _is_cap(t: _Tok) -> bool:
    return t.text[:1].isupper()


class _Lexicon:
    """Cue lookup by first word, with adverbial skipping."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self.text = ""
        self.first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for form, klass in cues.verb_class.items():
            w = form.split()
            self.first.setdefault(w[0], []).append((tuple(w[1:]), klass))
        for form in cues.name_verbs:
            w = form.split()
            self.first.setdefault(w[0], []).append((tuple(w[1:]), "name"))
        for form in cues.according:
            w = form.split()
            self.first.setdefault(w[0], []).append((tuple(w[1:]), "according"))
        for v in self.first.values():
            v.sort(key=lambda x: -len(x[0]))
        self.adv_by_first: dict[str, list[tuple[str, ...]]] = {}
        self.adv_by_last: dict[str, list[tuple[str, ...]]] = {}
        for adv in sorted(set(cues.adverbials), key=len, reverse=True):
            self.adv_by_first.setdefault(adv[0], []).append(adv)
            self.adv_by_last.setdefault(adv[-1], []).append(adv)

    def skip_adv(self, toks: list[_Tok], i: int, step: int = 1) -> int:
        """Index after skipping adverbials from ``i`` in direction ``step``."""
        moved = True
        index = self.adv_by_first if step > 0 else self.adv_by_last
        while moved and 0 <= i < len(toks):
            moved = False
            for adv in index.get(toks[i].low, ()):
                n = len(adv)
                seq = toks[i : i + n] if step > 0 else toks[max(i - n + 1, 0) : i + 1]
                if len(seq) == n and tuple(t.low for t in seq) == adv:
                    i += n * step
                    moved = True
                    break
        return i

    def match(self, toks: list[_Tok], i: int) -> list[tuple[int, str]]:
        """Cue matches starting at token ``i``: (index after the cue, class), longest first.

        A capitalised cue counts only at the start of the sentence ("According to him"); a cue
        right after a determiner or a possessive is a noun ("a hopeful note", "his remarks").
        """
        out: list[tuple[int, str]] = []
        if i > 0 and (_is_cap(toks[i]) or toks[i - 1].low in self.cues.determiners):
            return out
        for rest, klass in self.first.get(toks[i].low, ()):
            j = i + 1
            ok = True
            for w in rest:
                j2 = self.skip_adv(toks, j) if klass != "according" else j
                if j2 < len(toks) and toks[j2].low == w:
                    j = j2 + 1
                elif j < len(toks) and toks[j].low == w:
                    j += 1
                else:
                    ok = False
                    break
            if ok:
                out.append((j, klass))
        out.sort(key=lambda m: -m[0])
        return out


_FUNCTION = {
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "to",
    "into",
    "after",
    "before",
    "during",
    "and",
    "or",
    "that",
    "who",
    "which",
    "whom",
    "as",
    "than",
    "when",
    "while",
    "if",
    "is",
    "are",
    "was",
    "were",
    "be",
}


def _breaks(later: _Tok, earlier: _Tok, text: str) -> bool:
    """True when a line break separates two tokens (a noun phrase never spans lines here)."""
    return "\n" in text[earlier.end : later.start]


def _name_run_back(lex: _Lexicon, toks: list[_Tok], j: int, lo: int) -> int:
    """Start index of the noun phrase ending at token ``j`` (inclusive), or j + 1 if none."""
    t = toks[j]
    cues = lex.cues
    if t.low in cues.pronouns:
        return j
    if t.low in _NOT_SOURCE or not t.text[:1].isalnum() or (t.low in lex.first and not _is_cap(t)):
        return j + 1
    k = j
    if _is_cap(t):
        while k - 1 >= lo:
            p = toks[k - 1]
            if _breaks(toks[k], p, lex.text):
                break
            if _is_cap(p) and p.text[:1].isalpha():
                k -= 1
            elif p.low in _CONNECT:
                c = k - 1  # "Ursula von der Leyen": connectors between capitalised words
                while c - 1 >= lo and toks[c - 1].low in _CONNECT:
                    c -= 1
                if c - 1 >= lo and _is_cap(toks[c - 1]) and toks[c - 1].text[:1].isalpha():
                    k = c - 1
                else:
                    break
            elif p.low in cues.titles:
                k -= 1
            else:
                break
    else:
        # descriptive head ("the senator", "a senior US official", "the mayor's deputy"): up to
        # five words back to a determiner, else to the left-most capitalised word
        det = cap = None
        for back in range(1, 6):
            if k - back < lo:
                break
            p = toks[k - back]
            if not p.text[:1].isalnum() or _breaks(toks[k - back + 1], p, lex.text):
                break
            if p.low in cues.determiners:
                det = k - back
                break
            if _is_cap(p) and p.text[:1].isalpha():
                cap = k - back
                continue
            if p.low in _FUNCTION or p.low in lex.first or p.low in cues.pronouns:
                break
            if cap is not None:  # "a senior US official": an adjective before the name part
                if k - back - 1 >= lo and toks[k - back - 1].low in cues.determiners:
                    det = k - back - 1
                break
        if det is None and cap is None:
            return j + 1
        k = det if det is not None else cap
    if k - 1 >= lo and toks[k - 1].low in cues.determiners:
        k -= 1
    while k < j and toks[k].low in _SENT_START_WORDS:
        k += 1
    return k


def _source_before(lex: _Lexicon, toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    """Token range [a, b] of the source before the cue at token i, or None.

    A cue in its base form ("say") needs a plural or pronoun subject ("officials say",
    "they say"); "a hopeful note" is a noun phrase, not a source and a verb.
    """
    src = _source_before_any(lex, toks, i, lo)
    if src is not None and toks[i].low in lex.cues.base_forms:
        head = toks[src[1]]
        if not (head.low.endswith("s") or head.low in ("they", "we", "i", "you")):
            return None
    return src


def _source_before_any(lex: _Lexicon, toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    j = lex.skip_adv(toks, i - 1, -1)
    if j < lo:
        return None
    if toks[j].text == ",":  # apposition or parenthetical: "X, using ..., said"; "..., Y, said"
        k = j - 1
        while k >= lo and toks[k].text != "," and j - k < 16:
            k -= 1
        if k >= lo and toks[k].text == ",":
            inner = toks[k + 1 : j]
            if inner and all(_is_cap(t) or t.low in _CONNECT for t in inner) and _is_cap(inner[-1]):
                return (k + 1, j - 1)
            j = lex.skip_adv(toks, k - 1, -1)
            if j < lo:
                return None
        else:
            return None
    a = _name_run_back(lex, toks, j, lo)
    if a > j:
        return None
    return (a, j)


def _source_after(
    lex: _Lexicon, toks: list[_Tok], i: int, hi: int, *, to_comma: bool = False
) -> tuple[int, int] | None:
    """Token range of a source right after a cue ('said Ortiz', 'says the minister', 'said the
    former mayor, Tomas Berg,'), or None.

    With ``to_comma`` (after "according to") the source runs to the next comma or the end of
    the sentence, at most eight tokens ("according to the ministry of defence, …").
    """
    if i >= hi or not toks[i].text[:1].isalnum():
        return None
    if to_comma:
        b = i
        while b < hi and b - i < 8 and toks[b].text not in ",.;:!?" and not _is_quote_tok(toks[b]):
            b += 1
        return (i, b - 1) if b > i else None
    k = i
    if toks[k].low in lex.cues.determiners:
        k += 1
    b = k
    n_lower = 0
    while b < hi:
        t = toks[b]
        if (_is_cap(t) and t.text[:1].isalpha()) or t.low in lex.cues.titles:
            b += 1
        elif t.low in _CONNECT and b + 1 < hi and _is_cap(toks[b + 1]):
            b += 1
        elif k > i and t.text[:1].isalpha() and t.low not in _FUNCTION and n_lower < 3 and not lex.first.get(t.low):
            b += 1  # "said the former mayor"
            n_lower += 1
        else:
            break
    if b == k:
        return None
    # apposition: "said the former mayor, Tomas Berg, in an interview"
    if b + 1 < hi and toks[b].text == "," and _is_cap(toks[b + 1]) and toks[b + 1].text[:1].isalpha():
        c = b + 1
        while c < hi and (
            (_is_cap(toks[c]) and toks[c].text[:1].isalpha())
            or (toks[c].low in _CONNECT and c + 1 < hi and _is_cap(toks[c + 1]))
        ):
            c += 1
        if c >= hi or toks[c].text in ",.;":
            return (b + 1, c - 1)
    return (i, b - 1)


def _is_quote_tok(t: _Tok) -> bool:
    return t.text in {'"', "“", "”", "«", "»", "„", "‘", "’"}


# --------------------------------------------------------------------------------------------
