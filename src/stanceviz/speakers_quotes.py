"""Quotations and reported speech in news text (the engine behind ``stanceviz.speakers.find_quotes``).

Method, in four passes over one text:

1. **Quote marks** (:func:`quote_spans`): straight ``"``, curly “ ” and ‘ ’, « », „ “ are paired
   with a stack, paragraph by paragraph. A quotation still open at the end of a paragraph is
   closed there (it continues if the next paragraph opens with a quote mark, the newspaper
   convention); a closing mark without an opener is ignored. Nothing here raises.
2. **Sentence windows**: sentences are cut at ``.!?…`` with quoted text masked, so a quotation of
   several sentences lies in one window with its attribution.
3. **Cues** (:func:`_candidates`): a reporting verb from ``speakers_cues.yaml`` plus its source
   noun phrase, read backwards from the verb over adverbials and appositions ("Defense
   Minister Ana Ortiz on Friday urged"), or forwards after an inverted cue ('said Ortiz').
   Patterns: '"…," X said', 'X said, "…"', 'X said (that) CLAUSE', 'CLAUSE, X said (later)',
   'X urged Y to …', 'according to X, CLAUSE', 'CLAUSE, according to X', 'X said:' + a block
   paragraph, ', adding that …' (same source), '… but expressed hope that …' (same source).
4. **Sources** (:func:`_resolve`) in text order: registry alias inside the noun phrase (the
   right-most one not followed by a possessive), pronouns → most recent compatible source,
   role nouns ("the senator", "the ministry") → most recent registry mention with that role term
   (else the next one in the paragraph), a first name or surname → a person already mentioned,
   otherwise a derived id from the name. Relays (news agencies, papers) become ``relay`` when
   another source speaks in the same sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from .speakers_registry import Cues, Registry, default_cues, default_registry, norm, slug
from .speakers_text import (
    _CONNECT,
    _NOT_SOURCE,
    _SENT_START_WORDS,
    _WINDOW,
    _is_cap,
    _Lexicon,
    _source_after,
    _source_before,
    _Tok,
    _tokens,
    paragraph_spans,
    quote_spans,
    sentence_spans,
)

__all__ = ["Quote", "find_quotes", "quote_spans", "sentence_spans", "paragraph_spans"]


@dataclass(frozen=True)
class Quote:
    """One quotation or piece of reported speech, with offsets into the analysed text.

    ``content_start``/``content_end`` delimit the reported words (inside the quote marks for a
    direct quote; the reported clause for indirect and mixed). ``cue``/``source_text`` are the
    reporting verb and the source as written (empty when the quote has no cue of its own and
    inherits its speaker). ``speaker`` is the canonical or derived id ("" when nobody could be
    found: a scare quote), ``relay`` the id of an agency or paper that passed the words on.
    """

    kind: str
    content_start: int
    content_end: int
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    source_text: str = ""
    source_start: int = -1
    source_end: int = -1
    speaker: str = ""
    speaker_name: str = ""
    speaker_side: str = "unknown"
    relay: str = ""
    nested: bool = False


@dataclass
class _Cand:
    kind: str  # direct | indirect | mixed
    content_start: int
    content_end: int
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    np: tuple[str, int, int] | None = None  # (text, start, end)
    how: str = "np"  # np | pronoun | participle | conjunct | inherit | block
    sent: int = -1
    quote: int = -1  # index of the quote span, direct quotes
    speaker: str = ""
    name: str = ""
    side: str = "unknown"
    relay: str = ""
    nested: bool = False
    postposed: bool = False


# the analysis
# --------------------------------------------------------------------------------------------


class _Analysis:
    def __init__(self, text: str, registry: Registry, cues: Cues) -> None:
        self.text = text
        self.reg = registry
        self.cues = cues
        self.lex = _Lexicon(cues)
        self.lex.text = text
        self.paras = paragraph_spans(text)
        self.qspans = quote_spans(text)
        self.qstarts = [q[0] for q in self.qspans]
        self.sents: list[tuple[int, int, int]] = []  # (start, end, para index)
        for pi, (ps, pe) in enumerate(self.paras):
            lo = max(bisect_right(self.qstarts, ps) - 1, 0)
            hi = bisect_right(self.qstarts, pe)
            local = self.qspans[lo:hi]
            for s, e in sentence_spans(text, ps, pe, local, cues):
                self.sents.append((s, e, pi))
        self.sent_starts = [s[0] for s in self.sents]
        self._mentions: list[tuple[int, int, str]] | None = None
        self._mention_starts: list[int] = []
        self.history: list[tuple[int, str, str, bool]] = []  # (pos, id, name, person-like)
        self.unknown_names: dict[str, tuple[str, str, str]] = {}  # surname -> (id, name, side)
        self.derived: dict[str, tuple[str, str]] = {}  # derived id -> (display name, side)

    # -- helpers ------------------------------------------------------------------------------
    @property
    def mentions(self) -> list[tuple[int, int, str]]:
        """Registry mentions (start, end, id) in the text, found on first use."""
        if self._mentions is None:
            self._mentions = self.reg.find_aliases(self.text)
            self._mention_starts = [m[0] for m in self._mentions]
        return self._mentions

    @property
    def mention_starts(self) -> list[int]:
        self.mentions  # noqa: B018 - fills the index
        return self._mention_starts

    def sent_of(self, pos: int) -> int:
        return max(bisect_right(self.sent_starts, pos) - 1, 0)

    def in_quote(self, pos: int) -> int:
        k = bisect_right(self.qstarts, pos) - 1
        if k >= 0 and self.qspans[k][1] <= pos < self.qspans[k][2]:
            return k
        return -1

    def trim(self, a: int, b: int) -> tuple[int, int]:
        t = self.text
        while a < b and (t[a].isspace() or t[a] in ",;:—–-"):
            a += 1
        while b > a and (t[b - 1].isspace() or t[b - 1] in ",;:.—–-"):
            b -= 1
        return a, b

    # -- pass 3 -------------------------------------------------------------------------------
    def candidates(self) -> list[_Cand]:
        cands: list[_Cand] = []
        for si, (s, e, _) in enumerate(self.sents):
            cands.extend(self._sentence(si, s, e))
        cands.extend(self._blocks(cands))
        return cands

    def _sentence(self, si: int, s: int, e: int) -> list[_Cand]:
        """All attributions of one sentence window: its quotations, then reported speech."""
        toks = [t for t in _tokens(self.text, s, e, self.cues.abbreviations) if self.in_quote(t.start) < 0]
        qidx = list(range(bisect_right(self.qstarts, s - 1), bisect_right(self.qstarts, e - 1)))
        out: list[_Cand] = []
        used: set[int] = set()  # token indices of cues already used
        for k in qidx:
            cand = _Cand("direct", self.qspans[k][1], self.qspans[k][2], sent=si, quote=k)
            if not (
                self._cue_after(cand, toks, k, qidx, s, e, used) or self._cue_before(cand, toks, k, qidx, s, e, used)
            ):
                cand.how = "inherit"  # resolved later from its neighbours
            out.append(cand)
        i = 0
        while i < len(toks):  # reported speech outside quotes
            m = self.lex.match(toks, i) if i not in used else []
            if m and m[0][1] != "name":
                jend, klass = m[0]
                c = self._reported(toks, i, jend, klass, si, s, e)
                if c is not None:
                    out.append(c)
                    used.update(range(i, jend))
                    i = jend
                    continue
            i += 1
        out.sort(key=lambda c: c.cue_start if c.cue_start >= 0 else c.content_start)
        self._bound_complements(out, e)
        return out

    def _set_cue(self, cand: _Cand, toks: list[_Tok], ci: int, jend: int, used: set[int]) -> None:
        cand.cue, cand.cue_start, cand.cue_end = (
            self.text[toks[ci].start : toks[jend - 1].end],
            toks[ci].start,
            toks[jend - 1].end,
        )
        used.update(range(ci, jend))

    def _cue_after(
        self, cand: _Cand, toks: list[_Tok], k: int, qidx: list[int], s: int, e: int, used: set[int]
    ) -> bool:
        """'"…," X said' or '"…," said X' right after quotation ``k``; True when found."""
        lex = self.lex
        op, cl = self.qspans[k][0], self.qspans[k][3]
        i = next((j for j, t in enumerate(toks) if t.start >= cl), len(toks))
        while i < len(toks) and toks[i].text == ",":
            i += 1
        for ci in range(i, min(i + 9, len(toks))):
            if toks[ci].start >= e or self._next_quote_between(cl, toks[ci].start):
                return False
            m = lex.match(toks, ci)
            if not m or m[0][1] == "according":
                if toks[ci].text in ".;!?":
                    return False
                continue
            jend, _ = m[0]
            if ci == i:  # inverted: "said Ortiz"
                src = _source_after(lex, toks, jend, len(toks))
            else:
                src = _source_before(lex, toks, ci, i)
                if src and src[0] != i:
                    src = None
            if src is None:
                return False
            if self._type(self.reg.lookup(self.text[toks[src[0]].start : toks[src[1]].end]) or "") == "relay":
                used.update(range(ci, jend))  # '"…", TASS reported': the speaker is before the quote
                return False
            self._set_np(cand, toks, src)
            self._set_cue(cand, toks, ci, jend, used)
            # 'CLAUSE "…", X said': the clause before the first quotation is reported too
            if k == qidx[0]:
                before = [j for j, t in enumerate(toks) if s <= t.start < op]
                words = [toks[j] for j in before if toks[j].text[:1].isalnum() and toks[j].low not in _SENT_START_WORDS]
                if len(words) >= 2 and not any(lex.match(toks, j) for j in before):
                    cand.kind, cand.content_start, cand.content_end = "mixed", *self.trim(s, cl)
            return True
        return False

    def _cue_before(
        self, cand: _Cand, toks: list[_Tok], k: int, qidx: list[int], s: int, e: int, used: set[int]
    ) -> bool:
        """'X said, "…"', 'X said the "…"' (mixed), 'according to X, … "…"', 'what X called "…"'."""
        lex = self.lex
        op, cs, cl = self.qspans[k][0], self.qspans[k][1], self.qspans[k][3]
        lo_pos = max([self.qspans[j][3] for j in qidx if self.qspans[j][3] <= op] + [s])
        before = [j for j, t in enumerate(toks) if lo_pos <= t.start < op]
        for ci in reversed(before):
            m = lex.match(toks, ci) if ci not in used else []
            if not m:
                continue
            jend, klass = m[0]
            words = [t for t in toks[jend:] if t.start < op and t.text[:1].isalnum() and t.low not in ("that", "as")]
            if klass == "according":
                src = self._pron(toks, jend) or _source_after(lex, toks, jend, len(toks), to_comma=True)
                if src is None:
                    continue
                self._set_np(cand, toks, src)
                cand.kind = "mixed"
                cand.content_start, cand.content_end = self.trim(toks[src[1]].end, e)
            else:
                src = _source_before(lex, toks, ci, 0)
                if src is not None:
                    self._set_np(cand, toks, src)
                elif ci > 0 and toks[ci - 1].text == ",":
                    cand.how = "participle"  # '…, adding that the talks were "…"'
                elif ci > 0 and toks[lex.skip_adv(toks, ci - 1, -1)].low in ("and", "but"):
                    cand.how = "conjunct"  # '… but expressed hope that "…"'
                else:
                    continue
                if words and klass != "name":  # words between cue and quote: a mixed quote
                    cand.kind = "mixed"
                    st = lex.skip_adv(toks, jend)
                    while st < len(toks) and toks[st].low in ("that", ",", ":"):
                        st += 1
                    cand.content_start = toks[st].start if st < len(toks) else cs
                    cand.content_end = cl
            self._set_cue(cand, toks, ci, jend, used)
            return True
        return False

    def _next_quote_between(self, a: int, b: int) -> bool:
        k = bisect_right(self.qstarts, a)
        return k < len(self.qstarts) and self.qstarts[k] < b

    def _pron(self, toks: list[_Tok], i: int) -> tuple[int, int] | None:
        if i < len(toks) and toks[i].low in self.cues.pronouns:
            return (i, i)
        return None

    def _set_np(self, cand: _Cand, toks: list[_Tok], src: tuple[int, int]) -> None:
        a, b = src
        cand.np = (self.text[toks[a].start : toks[b].end], toks[a].start, toks[b].end)
        cand.how = "pronoun" if a == b and toks[a].low in self.cues.pronouns else "np"

    def _reported(self, toks: list[_Tok], i: int, jend: int, klass: str, si: int, s: int, e: int) -> _Cand | None:
        lex, text = self.lex, self.text
        cand = _Cand("indirect", -1, -1, sent=si)
        cand.cue, cand.cue_start, cand.cue_end = (
            text[toks[i].start : toks[jend - 1].end],
            toks[i].start,
            toks[jend - 1].end,
        )
        # (the caller marks the cue tokens as used when a candidate comes back)
        if klass == "according":
            src = self._pron(toks, jend) or _source_after(lex, toks, jend, len(toks), to_comma=True)
            if src is None:
                return None
            self._set_np(cand, toks, src)
            k = src[1] + 1
            if k < len(toks) and toks[k].text == ",":  # according to X, CLAUSE
                cand.content_start, cand.content_end = self.trim(toks[k].end, e)
            else:  # CLAUSE, according to X
                cand.content_start, cand.content_end = self.trim(s, toks[i].start)
                cand.postposed = True
            return cand if cand.content_end - cand.content_start > 3 else None
        prev = toks[i - 1] if i > 0 else None
        src = _source_before(lex, toks, i, 0)
        if src is None:
            pj = lex.skip_adv(toks, i - 1, -1)
            if prev is not None and prev.text == "," and toks[i].low.endswith("ing"):
                cand.how = "participle"
            elif pj >= 0 and toks[pj].low in ("and", "but") and toks[i].low.endswith(("ed", "ing", "d")):
                cand.how = "conjunct"
            elif prev is not None and prev.low == "to" and i > 1:
                # "X went one step further to say that": the subject opens the sentence
                b = 0
                while (
                    b < i and (_is_cap(toks[b]) or toks[b].low in self.cues.determiners) and toks[b].text[:1].isalpha()
                ):
                    b += 1
                if b < i and toks[b].text[:1].isalpha() and not _is_cap(toks[b]):
                    b += 1
                if b == 0:
                    return None
                self._set_np(cand, toks, (0, b - 1))
            elif toks[i].low.endswith("ing") and prev is not None and prev.text[:1].isalpha():
                return None
            else:
                # inverted postposed: "CLAUSE, says Foreign Minister Ana Ortiz."
                if prev is not None and prev.text == ",":
                    src2 = _source_after(lex, toks, jend, len(toks))
                    if src2 and (src2[1] + 1 >= len(toks) or toks[src2[1] + 1].text in ".;"):
                        self._set_np(cand, toks, src2)
                        cand.content_start, cand.content_end = self.trim(s, prev.start)
                        cand.postposed = True
                        return cand if cand.content_end - cand.content_start > 3 else None
                return None
        else:
            self._set_np(cand, toks, src)
            if toks[src[0]].low in _NOT_SOURCE:
                return None
        # what follows the cue
        k = lex.skip_adv(toks, jend)
        rest = toks[k:]
        np_start = toks[src[0]].start if src else toks[i].start
        np_prev = [t for t in toks if t.end <= np_start]
        after_comma = bool(np_prev) and np_prev[-1].text == ","
        relay_obj = False
        if rest and toks[i].low in self.cues.object_cues and "that" not in [t.low for t in rest[:8]]:
            relay_obj = True
        follows = rest[0].low if rest else ""
        if (
            after_comma
            and cand.how == "np"
            and (not rest or follows in ".;" or follows == "," or follows in self.cues.postposed_followers or relay_obj)
        ):
            cand.content_start, cand.content_end = self.trim(s, np_prev[-1].start)
            cand.postposed = True
            return cand if cand.content_end - cand.content_start > 3 else None
        if not rest or follows in ".;:":
            if follows == ":" and (len(rest) == 1 or rest[1].start >= e):
                cand.kind = "block"
                return cand
            return None
        while k < len(toks) and toks[k].low in (",", ":"):
            k += 1
        if toks[i].low in self.cues.object_cues:  # "told reporters that …"
            th = next((j for j in range(k, min(k + 9, len(toks))) if toks[j].low == "that"), None)
            if th is None:
                return None
            k = th + 1
        elif k < len(toks) and toks[k].low == "that":
            k += 1
        if k >= len(toks):
            return None
        if toks[k].low in self.cues.gap_words:
            return None  # "charges the U.S. says are false": a relative clause, not a report
        if klass == "to":  # "urged X to …", "called for X to be …"; not "demanding the minister's ouster"
            window = []
            for j in range(k, min(k + 16, len(toks))):
                if self.lex.match(toks, j):
                    break
                window.append(toks[j].low)
            if "to" not in window:
                return None
        cand.content_start, cand.content_end = self.trim(toks[k].start, e)
        words = [t for t in toks[k:] if t.text[:1].isalnum()]
        if len(words) < 2 and not self._next_quote_between(toks[k].start - 1, e):
            return None
        return cand

    def _bound_complements(self, cands: list[_Cand], e: int) -> None:
        """End each preposed complement where the next attribution of the sentence begins
        (", but Ortiz stressed …", ", adding that …"); an attribution inside a complement with
        no such boundary is nested ("officials say X would encourage …") and dropped. A reported
        clause that contains a quotation becomes "mixed"."""
        text = self.text
        for n, c in enumerate(cands):
            if c.kind in ("indirect", "mixed") and not c.postposed and c.content_start >= 0:
                for d in cands[n + 1 :]:
                    start = d.np[1] if d.np is not None and d.np[1] < d.cue_start else d.cue_start
                    if d.how in ("participle", "conjunct") or (d.postposed and d.np is not None):
                        start = min(start, d.cue_start)
                    if start <= c.content_start:
                        continue
                    if start < c.content_end:
                        seg = text[c.content_start : start]
                        boundary = re.search(r"(?:[,;—–]\s*(?:(?:and|but)\s+)?|\s(?:and|but)\s+)$", seg)
                        if boundary or d.how in ("participle", "conjunct") or d.postposed:
                            cut = c.content_start + boundary.start() if boundary else start
                            c.content_end = self.trim(c.content_start, cut)[1]
                        else:
                            d.nested = True
                    break
            if (
                c.kind == "indirect"
                and c.content_start >= 0
                and self._next_quote_between(c.content_start - 1, c.content_end)
            ):
                c.kind = "mixed"

    def _blocks(self, cands: list[_Cand]) -> list[_Cand]:
        """'X said:' closing a paragraph introduces the next paragraph as a direct quote."""
        extra = []
        for c in cands:
            if c.kind != "block":
                continue
            pi = self.sents[c.sent][2]
            c.kind = "drop"
            if pi + 1 < len(self.paras):
                a, b = self.trim(*self.paras[pi + 1])
                d = replace(c, kind="direct", content_start=a, content_end=b, sent=self.sent_of(a))
                extra.append(d)
        return extra

    # -- pass 4 -------------------------------------------------------------------------------
    def resolve_all(self, cands: list[_Cand]) -> list[_Cand]:
        cands = [c for c in cands if c.kind != "drop" and not c.nested and c.content_end > c.content_start]
        cands.sort(key=lambda c: c.cue_start if c.cue_start >= 0 else c.content_start)
        by_sent: dict[int, list[_Cand]] = {}
        for c in cands:
            by_sent.setdefault(c.sent, []).append(c)
        for c in cands:
            if c.how in ("inherit",):
                continue
            if c.how in ("participle", "conjunct"):
                prior = [d for d in by_sent.get(c.sent, []) if d.speaker and d.cue_start < c.cue_start]
                if prior:
                    self._adopt(c, prior[-1])
                    continue
                sid = self._recent(c.cue_start, want="any")
                if sid:
                    self._set_speaker(c, sid, c.cue_start)
                continue
            self._resolve(c)
        # relays: a relay source in a sentence where someone else speaks is the relay
        for si, group in by_sent.items():
            speakers = [d for d in group if d.speaker and self._type(d.speaker) != "relay"]
            relays = [d for d in group if d.speaker and self._type(d.speaker) == "relay" and d.quote < 0]
            if speakers and relays:
                for r in relays:
                    r.kind = "drop"
                for d in speakers:
                    d.relay = relays[0].speaker
            if speakers:
                s, e, _ = self.sents[si]
                k0, k1 = bisect_right(self.mention_starts, s - 1), bisect_right(self.mention_starts, e - 1)
                for a, _, sid in self.mentions[k0:k1]:
                    if self.in_quote(a) < 0 and self._type(sid) == "relay":
                        for d in speakers:
                            if not d.relay and d.speaker != sid:
                                d.relay = sid
                        break
        cands = [c for c in cands if c.kind != "drop"]
        # direct quotes without a cue
        spans_by_para: dict[int, list[_Cand]] = {}
        for d in cands:
            if d.kind in ("indirect", "mixed") and d.speaker:
                spans_by_para.setdefault(self.sents[d.sent][2], []).append(d)
        prev_in_para: dict[int, _Cand] = {}
        last_para_cand: dict[int, _Cand] = {}
        for c in sorted(cands, key=lambda c: c.content_start):
            pi = self.sents[c.sent][2]
            spans = spans_by_para.get(pi, [])
            if c.how == "inherit":
                host = next(
                    (d for d in spans if d.content_start <= c.content_start and c.content_end <= d.content_end), None
                )
                same = [d for d in by_sent.get(c.sent, []) if d.speaker and d is not c and d.kind != "drop"]
                if host is not None:
                    self._adopt(c, host)
                    c.nested = True
                elif same:
                    self._adopt(c, same[0])
                elif pi in prev_in_para and prev_in_para[pi].speaker:
                    self._adopt(c, prev_in_para[pi])
                elif (
                    pi - 1 in last_para_cand
                    and last_para_cand[pi - 1].quote >= 0
                    and self.text[self.paras[pi][0]] in '"“«„‘'
                    and c.content_start - self.paras[pi][0] <= 1
                ):
                    self._adopt(c, last_para_cand[pi - 1])
            elif c.kind == "direct" and c.quote >= 0:
                host = next(
                    (
                        d
                        for d in spans
                        if d is not c
                        and d.content_start <= c.content_start
                        and c.content_end <= d.content_end
                        and d.speaker == c.speaker
                    ),
                    None,
                )
                if host is not None:
                    c.nested = True
            if c.speaker:
                prev_in_para[pi] = c
                last_para_cand[pi] = c
        cands.extend(self._continuations(cands))
        return sorted(cands, key=lambda c: c.content_start)

    def _continuations(self, cands: list[_Cand]) -> list[_Cand]:
        """A first-person narrator paragraph right after an attributed one continues that speaker."""
        covered = {self.sents[c.sent][2] for c in cands}
        last: dict[int, _Cand] = {}
        for c in cands:
            if c.speaker:
                last[self.sents[c.sent][2]] = c
        out = []
        fp = self.cues.first_person
        for pi, (ps, pe) in enumerate(self.paras):
            if pi in covered or pi - 1 not in last:
                continue
            seg = self.text[ps:pe]
            if any(ch in seg for ch in '"“”«»'):
                continue
            words = {w.replace("’", "'") for w in re.findall(r"\b[\w'’]+\b", seg)}
            if not words & fp:
                continue
            prev = last[pi - 1]
            if self._type(prev.speaker) not in ("person", "unknown"):
                continue
            a, b = self.trim(ps, pe)
            c = _Cand("direct", a, b, sent=self.sent_of(a), how="continued")
            self._adopt(c, prev)
            c.cue, c.cue_start, c.cue_end, c.np = "", -1, -1, None
            out.append(c)
            last[pi] = c
        return out

    def _adopt(self, c: _Cand, d: _Cand) -> None:
        c.speaker, c.name, c.side, c.relay = d.speaker, d.name, d.side, d.relay
        if not c.np and d.np:
            c.np = d.np

    def _type(self, sid: str) -> str:
        e = self.reg.get(sid)
        return e.type if e is not None else "unknown"

    def _set_speaker(
        self, c: _Cand, sid: str, pos: int, name: str = "", side: str = "", person: bool | None = None
    ) -> None:
        e = self.reg.get(sid)
        if e is None:  # a derived id keeps the name and side it was first given
            old_name, old_side = self.derived.get(sid, (name or sid, side or "unknown"))
            name, side = name or old_name, side if side and side != "unknown" else old_side
            self.derived[sid] = (name, side)
        c.speaker = sid
        c.name = e.name if e is not None else name
        c.side = e.side if e is not None else side
        if person is None:
            person = e is None or e.type == "person"
        self.history.append((pos, sid, c.name, person))

    def _recent(self, pos: int, want: str = "any", gender: str | None = None) -> str | None:
        for p, sid, _, person in reversed(self.history):
            if p < pos - _WINDOW:
                break
            if p >= pos:
                continue
            e = self.reg.get(sid)
            if e is not None and e.type == "relay":
                continue
            if want == "person" and not person:
                continue
            if want == "person" and gender and e is not None and e.gender not in (None, gender):
                continue
            if want == "org" and person:
                continue
            return sid
        return None

    def _resolve(self, c: _Cand) -> None:
        if c.np is None:
            return
        np_text, a, b = c.np
        cues, reg = self.cues, self.reg
        low = norm(np_text)
        if c.how == "pronoun" or low in cues.pronouns:
            info = cues.pronouns.get(low, {})
            want = "person" if info.get("number") == "singular" else ("org" if info.get("number") == "org" else "any")
            sid = self._recent(a, want=want, gender=info.get("gender"))
            if sid is None and want == "person":
                sid = self._recent_mention(a, person=True, gender=info.get("gender"))
                unknown = self._recent_name(a)
                if unknown is not None and (sid is None or unknown[0] > self._mention_pos(sid, a)):
                    sid2, name, side, _ = self._derive(unknown[1])
                    self._set_speaker(c, sid2, a, name=name, side=side, person=True)
                    return
            if sid is None and want != "person":
                sid = self._recent(a, want="any")
            if sid:
                self._set_speaker(c, sid, a)
            return
        sid = reg.lookup(np_text)
        if sid is None:
            # the right-most registry alias inside the phrase that is not a possessor
            inner = [
                m for m in reg.find_aliases(self.text, a, b) if not re.match(r"['’]s\b", self.text[m[1] : m[1] + 3])
            ]
            if inner:
                m = max(inner, key=lambda m: (m[1], m[1] - m[0]))
                sid = m[2]
                head_extra = norm(self.text[m[1] : b])
                if sid and head_extra and self._type(sid) != "person":
                    self._set_speaker(c, sid, a, person=True)  # "a ministry source" speaks as a person
                    return
        if sid is None:
            words = [w for w in re.findall(r"[\w'’\-]+", np_text)]
            head = norm(" ".join(words[-3:]))
            if words and norm(words[-1]) in cues.documents:
                sid = self._recent(a, want="any")
            else:
                sid = self._by_role(low, head, a)
        if sid is None and low.split()[0] in ("the", "a", "an") and low.split()[-1] in cues.titles:
            # "the French president": a title refers back to the last name not in the registry
            unknown = self._recent_name(a)
            if unknown is not None:
                sid, name, side, _ = self._derive(unknown[1])
                self._set_speaker(c, sid, a, name=name, side=side, person=True)
                return
        if sid is None:
            sid, name, side, person = self._derive(np_text)
            self._set_speaker(c, sid, a, name=name, side=side, person=person)
            return
        self._set_speaker(c, sid, a)

    _NAME = re.compile(r"(?<![\w.])[A-Z][\w’'-]+(?:\s+(?:(?:von|der|de|van|al|bin|la|du)\s+)*[A-Z][\w’'-]+)+")

    def _recent_name(self, pos: int) -> tuple[int, str] | None:
        """The last name of two or more capitalised words not in the registry, within the
        current and previous paragraph before ``pos`` (for "Angela Merkel spoke. She said …")."""
        pi = self.sents[self.sent_of(pos)][2]
        lo = self.paras[max(pi - 1, 0)][0]
        best = None
        for m in self._NAME.finditer(self.text, lo, pos):
            words = m.group(0).split()
            while words and (
                norm(words[0]) in self.cues.titles
                or norm(words[0]) in self.cues.nationalities
                or norm(words[0]) in _SENT_START_WORDS
                or norm(words[0]) in self.cues.determiners
            ):
                words.pop(0)
            if len(words) < 2 or self.reg.lookup(" ".join(words)) is not None:
                continue
            if any(self.reg.lookup(w) for w in words):
                continue
            best = (m.start(), " ".join(words))
        return best

    def _mention_pos(self, sid: str, pos: int) -> int:
        k = bisect_right(self.mention_starts, pos) - 1
        while k >= 0 and self.mentions[k][0] >= pos - _WINDOW:
            if self.mentions[k][2] == sid:
                return self.mentions[k][0]
            k -= 1
        return -1

    def _recent_mention(self, pos: int, person: bool, gender: str | None = None) -> str | None:
        k = bisect_right(self.mention_starts, pos) - 1
        while k >= 0 and self.mentions[k][0] >= pos - _WINDOW:
            sid = self.mentions[k][2]
            e = self.reg.get(sid)
            if e is not None and (not person or e.type == "person") and (gender is None or e.gender in (None, gender)):
                return sid
            k -= 1
        return None

    def _by_role(self, low: str, head: str, pos: int) -> str | None:
        """'the senator' → the most recent mention whose role terms contain the head noun."""
        side = next(
            (sd for w, sd in self.cues.nationalities.items() if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low)),
            None,
        )
        hw = head.split()

        def fits(sid: str) -> bool:
            e = self.reg.get(sid)
            if e is None or not e.role_terms:
                return False
            if side is not None and e.side != side:
                return False
            return any(" ".join(hw[-n:]) in e.role_terms for n in (3, 2, 1) if len(hw) >= n)

        floor = pos - _WINDOW
        for p, sid, _, _ in reversed(self.history):
            if p < floor:
                break
            if p < pos and fits(sid):
                return sid
        k = bisect_right(self.mention_starts, pos) - 1
        while k >= 0 and self.mentions[k][0] >= floor:
            if fits(self.mentions[k][2]):
                return self.mentions[k][2]
            k -= 1
        # cataphora: "the mayor's deputy … Ana Ortiz said" in the same paragraph
        pe = self.paras[self.sents[self.sent_of(pos)][2]][1]
        k = bisect_right(self.mention_starts, pos)
        while k < len(self.mentions) and self.mentions[k][0] < pe:
            if fits(self.mentions[k][2]):
                return self.mentions[k][2]
            k += 1
        # a first name or surname of a person already mentioned ("Sergey said")
        if len(hw) == 1 and low == head:
            for p, sid, name, person in reversed(self.history):
                if p < floor:
                    break
                if p < pos and person and hw[0] in norm(name).split():
                    return sid
            k = bisect_right(self.mention_starts, pos) - 1
            while k >= 0 and self.mentions[k][0] >= floor:
                e = self.reg.get(self.mentions[k][2])
                if e is not None and e.type == "person" and hw[0] in norm(e.name).split():
                    return e.id
                k -= 1
        return None

    def _derive(self, np_text: str) -> tuple[str, str, str, bool]:
        """Derived id, display name, side and person-ness of a source not in the registry."""
        cues = self.cues
        words = re.findall(r"[\w'’\-.]+", np_text)
        side = "unknown"
        for w in words:
            sd = cues.nationalities.get(norm(w))
            if sd:
                side = sd
                break
        # the final run of capitalised words that are not titles or nationalities
        run: list[str] = []
        for w in reversed(words):
            lw = norm(w)
            if (w[:1].isupper() and lw not in cues.titles and lw not in cues.nationalities) or (run and lw in _CONNECT):
                run.insert(0, w)
            else:
                break
        while run and norm(run[0]) in _CONNECT:
            run.pop(0)
        if run:
            name = " ".join(run)
            sur = norm(run[-1])
            if sur in self.unknown_names:
                sid, nm, sd = self.unknown_names[sur]
                return sid, nm, sd if side == "unknown" else side, True
            sid = slug(name)
            if len(run) >= 2:
                self.unknown_names[sur] = (sid, name, side)
            return sid, name, side, True
        desc = [w for w in words if norm(w) not in ("the", "a", "an")]
        name = " ".join(desc) or np_text
        return slug(name), name, side, False


def _analyse(text: str, registry: Registry | None = None, cues: Cues | None = None) -> list[_Cand]:
    an = _Analysis(text, registry or default_registry(), cues or default_cues())
    return an.resolve_all(an.candidates())


def find_quotes(text: str, *, registry: Registry | None = None, cues: Cues | None = None) -> list[Quote]:
    """Find direct quotes, reported (indirect) speech and mixed quotes in ``text``.

    Parameters
    ----------
    text
        Any text (raw or cleaned); paragraphs are separated by blank lines.
    registry, cues
        Speaker registry and cue lexicon; default to the package YAML files
        (``speakers.yaml``, ``speakers_cues.yaml``).

    Returns
    -------
    list of Quote
        In text order. ``kind`` is "direct" (words inside quote marks, or an unmarked block
        after 'X said:'), "indirect" (a reported clause) or "mixed" (a reported clause that
        contains a quotation; the quotation is not listed again). Offsets index ``text``.
        Unbalanced or nested quote marks never raise.

    Examples
    --------
    >>> [(q.kind, q.speaker) for q in find_quotes('"We will win," Ursula von der Leyen said.')]
    [('direct', 'ursula-von-der-leyen')]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quotes expects a str; got {type(text).__name__}.")
    if not text.strip():
        return []
    out = []
    for c in _analyse(text, registry, cues):
        if c.nested:
            continue
        np_text, a, b = c.np if c.np is not None else ("", -1, -1)
        out.append(
            Quote(
                kind=c.kind,
                content_start=c.content_start,
                content_end=c.content_end,
                cue=c.cue,
                cue_start=c.cue_start,
                cue_end=c.cue_end,
                source_text=np_text,
                source_start=a,
                source_end=b,
                speaker=c.speaker,
                speaker_name=c.name,
                speaker_side=c.side,
                relay=c.relay,
            )
        )
    return out
