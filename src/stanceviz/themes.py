"""Themes: which sentences (or speaker spans) are about Syria, Ukraine, terrorism, NATO, ...

A theme is defined in YAML (``resources/themes.yaml`` or a user's file) by terms, multi-word
phrases, globs and canonical aliases (see that file for the format and the reasoning behind
each entry). :func:`load_themes` compiles them once into a :class:`ThemeSet`;
:meth:`ThemeSet.find` returns the mentions in a text with character offsets, and
:func:`mentions` / :func:`salience` turn a sentence table into tidy tables.

Matching is on tokens (:func:`stanceviz.lexicons.term_tokens`), not regular expressions: user
terms are tokenised like the text and looked up in dictionaries, so no term can inject a
pattern, and hyphen/space variants ("cease-fire", "cease fire") match alike. A glob ``word*``
matches any token that starts with ``word``. Acronym aliases ("IS") match case-sensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ._checks import check_columns
from .config import ConfigError, load_yaml
from .lexicons import Tokens, term_tokens, tokenize

__all__ = ["Theme", "ThemeSet", "Mention", "load_themes", "mentions", "salience"]

_ACRONYM = re.compile(r"[A-Z][A-Z.]{0,5}")
_RUN = re.compile(r"[^\W_]+")


class Mention(NamedTuple):
    """A theme mention: theme id, character offsets in the searched text, surface form."""

    theme: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Theme:
    """One theme: id, label, its terms and whether the theme is itself a harm.

    ``terms`` are the theme's own terms (case-insensitive), ``alias_terms`` the surface forms of
    its canonical aliases (acronyms such as "IS" case-sensitive, as in :mod:`stanceviz.aliases`),
    ``globs`` the prefixes of its ``word*`` entries.
    """

    id: str
    label: str
    terms: tuple[str, ...] = ()
    globs: tuple[str, ...] = ()
    alias_terms: tuple[str, ...] = ()
    aliases: frozenset[str] = field(default_factory=frozenset)
    negative_target: bool = False
    exclude: tuple[str, ...] = ()
    why: str = ""


def _keys(term: str) -> list[tuple[str, ...]]:
    """Token keys of a term: as tokenised, plus the form with hyphens closed up ("al-Nusra" ->
    "alnusra"), so that spellings that lost their hyphen match too."""
    out = []
    key = tuple(t.lower for t in term_tokens(term))
    if key:
        out.append(key)
    if "-" in term:
        closed = tuple(t.lower for t in term_tokens(re.sub(r"(?<=\w)-(?=\w)", "", term)))
        if closed and closed != key:
            out.append(closed)
    return out


def _trie_regex(words) -> str:
    """An escaped regex matching exactly ``words``, as a trie of alternations (no group)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _Index:
    """Token-sequence index of terms -> labels (theme ids), with globs on the last word.

    Lookups are dictionary hits on lower-cased tokens (case-sensitive for acronyms such as
    "IS"), cached per token, so matching costs about one dict lookup per token.
    """

    def __init__(self) -> None:
        self.first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self.first_cs: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self.prefixes: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self._cache: dict[str, list] = {}

    def add(self, term: str, label: str, *, acronyms_exact: bool = False) -> None:
        term = term.strip()
        if not term:
            return
        glob = term.endswith("*")
        body = term[:-1] if glob else term
        if acronyms_exact and _ACRONYM.fullmatch(body) and not glob:
            key = tuple(t.text for t in term_tokens(body))
            if key:
                self.first_cs.setdefault(key[0], []).append((key, label, False))
            return
        for key in _keys(body):
            if glob and len(key) == 1:
                self.prefixes.setdefault(key[0], []).append((key, label, True))
            else:
                self.first.setdefault(key[0], []).append((key, label, glob))

    def finalize(self) -> None:
        self._plens = sorted({len(p) for p in self.prefixes}, reverse=True)
        # Prefilter: the letter/digit runs of every key. A text can only match a key whose
        # runs all occur in it (a glob's last word counts as a prefix of some run); texts
        # that match no key this way are not tokenised at all.
        self._trig: dict[str, list[frozenset[str]]] = {}
        self._trig_cs: dict[str, list[frozenset[str]]] = {}
        self._run_prefixes: dict[str, None] = {}
        self._always = False
        for table, trig in ((self.first, self._trig), (self.first_cs, self._trig_cs)):
            for lst in table.values():
                for key, _label, glob in lst:
                    words = key[:-1] if glob else key
                    runs = frozenset(r for t in words for r in _RUN.findall(t))
                    if runs:
                        trig.setdefault(max(runs, key=len), []).append(runs)
                    elif glob and _RUN.fullmatch(key[-1]):
                        self._run_prefixes[key[-1]] = None
                    else:
                        self._always = True
        for pre in self.prefixes:
            runs = _RUN.findall(pre)
            if len(runs) == 1 and runs[0] == pre:
                self._run_prefixes[pre] = None
            elif runs:
                self._trig.setdefault(max(runs, key=len), []).append(frozenset(runs))
            else:
                self._always = True
        alts = "|".join(re.escape(p) for p in sorted(self._run_prefixes, key=len, reverse=True))
        self._prefix_re = re.compile(rf"(?<![^\W_])(?:{alts})", re.IGNORECASE) if alts else None
        # One regex over all trigger words, shaped as a trie (one branch per first letter), finds
        # in a few microseconds whether a lower-cased text contains any trigger at all.
        exact, pre = _trie_regex(self._trig), _trie_regex(self._run_prefixes)
        parts = [f"(?:{exact})(?![^\\W_])" if exact else "", pre]
        body = "|".join(p for p in parts if p)
        self._quick = re.compile(rf"(?<![^\W_])(?:{body})") if body else None

    def may_match(self, text: str) -> bool:
        """False only when no key can match ``text`` (a cheap test before tokenising)."""
        if self._always:
            return True
        if self._trig_cs and any(r in text for r in self._trig_cs):  # substring test first
            runs_cs = set(_RUN.findall(text))
            for r in runs_cs.intersection(self._trig_cs):
                if any(need <= runs_cs for need in self._trig_cs[r]):
                    return True
        ltext = text.lower()
        if self._quick is None or self._quick.search(ltext) is None:
            return False
        if self._prefix_re is not None and self._prefix_re.search(text) is not None:
            return True
        runs = set(_RUN.findall(ltext))
        trig = self._trig
        for r in runs.intersection(trig):
            if any(need <= runs for need in trig[r]):
                return True
        return False

    def _candidates(self, low: str) -> list:
        hit = self._cache.get(low)
        if hit is None:
            hit = list(self.first.get(low, ()))
            for n in self._plens:
                if len(low) >= n:
                    hit.extend(self.prefixes.get(low[:n], ()))
            self._cache[low] = hit
        return hit

    def spans(self, toks: Tokens) -> list[tuple[int, int, str]]:
        """(first token, end token, label) of every match of a :class:`Tokens`."""
        out = []
        lowers, texts = toks.lower, toks.text
        n = len(lowers)
        cs_table = self.first_cs
        cand, cache = self._candidates, self._cache
        per_token = [cache[low] if low in cache else cand(low) for low in lowers]
        positions = [i for i in range(n) if per_token[i]]
        if cs_table:
            positions = sorted({*positions, *(i for i in range(n) if texts[i] in cs_table)})
        for i in positions:
            cands = per_token[i]
            if cs_table:
                cs = cs_table.get(texts[i])
                if cs:
                    cands = [*cands, *((k, lab, g, True) for k, lab, g in cs)]
            if not cands:
                continue
            for entry in cands:
                key, label, glob = entry[0], entry[1], entry[2]
                k = len(key)
                if k == 1:
                    out.append((i, i + 1, label))
                    continue
                if i + k > n:
                    continue
                seq = texts[i:i + k] if len(entry) == 4 else lowers[i:i + k]
                if glob:
                    if tuple(seq[:-1]) == key[:-1] and seq[-1].startswith(key[-1]):
                        out.append((i, i + k, label))
                elif tuple(seq) == key:
                    out.append((i, i + k, label))
        return out


class ThemeSet:
    """Compiled themes. Use :func:`load_themes` to build one.

    Attributes
    ----------
    themes
        Theme id -> :class:`Theme`, in file order.
    """

    def __init__(self, themes: dict[str, Theme]):
        self.themes = themes
        self._index = _Index()
        self._exclude = _Index()
        for t in themes.values():
            for term in t.terms:
                self._index.add(term, t.id)
            for term in t.alias_terms:
                self._index.add(term, t.id, acronyms_exact=True)
            for g in t.globs:
                self._index.add(g + "*", t.id)
            for term in t.exclude:
                self._exclude.add(term, t.id)
        self._index.finalize()
        self._exclude.finalize()

    def __iter__(self):
        return iter(self.themes.values())

    def __len__(self) -> int:
        return len(self.themes)

    @property
    def ids(self) -> list[str]:
        """Theme ids in file order."""
        return list(self.themes)

    def label(self, theme_id: str) -> str:
        """Display label of a theme id (the id itself when unknown)."""
        t = self.themes.get(theme_id)
        return t.label if t else theme_id

    def find(self, text: str) -> list[Mention]:
        """All theme mentions in ``text``, sorted by position.

        Overlapping matches of the same theme are merged to the longest one; different themes
        may overlap (a phrase can belong to two themes).
        """
        if not self._index.may_match(text):
            return []
        return self.find_tokens(text, tokenize(text))

    @property
    def may_mention(self):
        """``may_mention(text) -> bool``: False when ``text`` certainly mentions no theme
        (decided without tokenising)."""
        return self._index.may_match

    def find_tokens(self, text: str, toks: Tokens) -> list[Mention]:
        """Like :meth:`find`, on the :func:`stanceviz.lexicons.tokenize` tokens of ``text``."""
        return [Mention(theme, toks.start[i], toks.end[j - 1], text[toks.start[i]:toks.end[j - 1]])
                for theme, i, j in self.token_ranges(toks)]

    def token_ranges(self, toks: Tokens) -> list[tuple[str, int, int]]:
        """Mentions as (theme, first token, end token), sorted by position."""
        hits = self._index.spans(toks)
        if not hits:
            return []
        if self._exclude.first or self._exclude.prefixes or self._exclude.first_cs:
            bad = self._exclude.spans(toks)
            hits = [h for h in hits if not any(b[2] == h[2] and b[0] <= h[0] and h[1] <= b[1] for b in bad)]
        hits.sort(key=lambda h: (h[2], h[0], -h[1]))
        out: list[tuple[str, int, int]] = []
        last: dict[str, int] = {}
        for i, j, theme in hits:
            if i < last.get(theme, -1):  # inside a longer match of the same theme
                continue
            out.append((theme, i, j))
            last[theme] = j
        out.sort(key=lambda r: (r[1], r[0]))
        return out


def load_themes(source: str | Path | None = None) -> ThemeSet:
    """Load and compile theme lexicons.

    Parameters
    ----------
    source
        Path of a user's YAML file, or None for the package's ``themes.yaml``.

    Returns
    -------
    ThemeSet
    """
    if source is None:
        return _default_themes()
    return _load(source)


@lru_cache(maxsize=1)
def _default_themes() -> ThemeSet:
    return _load("themes.yaml")


def _alias_surfaces(canonicals: frozenset[str]) -> list[str]:
    """Surface forms of the given canonical names in the package alias table (if installed)."""
    if not canonicals:
        return []
    try:
        from .aliases import load_aliases
    except ImportError:  # the alias table is optional: themes work on their own terms
        return []
    out = []
    for ent in load_aliases().entities:
        if str(ent.get("canonical")) in canonicals:
            out.append(str(ent["canonical"]))
            out.extend(str(a) for a in (ent.get("aliases") or []))
    return out


def _load(source: str | Path) -> ThemeSet:
    data = load_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise ConfigError(f"{source}: expected a mapping with a 'themes' mapping; got {type(data).__name__}")
    out: dict[str, Theme] = {}
    for tid, spec in data["themes"].items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{source}: themes.{tid}: expected a mapping, got {spec!r}")
        for key in ("terms", "globs", "aliases", "exclude"):
            odd = [t for t in (spec.get(key) or []) if not isinstance(t, str)]
            if odd:
                raise ConfigError(f"{source}: themes.{tid}.{key}: {odd!r} are not strings (quote them)")
        terms = [str(t) for t in (spec.get("terms") or [])]
        globs = [str(g).rstrip("*") for g in (spec.get("globs") or [])]
        aliases = frozenset(str(a) for a in (spec.get("aliases") or []))
        if not terms and not globs and not aliases:
            raise ConfigError(f"{source}: themes.{tid}: needs at least one of terms, globs, aliases")
        out[str(tid)] = Theme(
            id=str(tid),
            label=str(spec.get("label", tid)),
            terms=tuple(terms),
            alias_terms=tuple(_alias_surfaces(aliases)),
            globs=tuple(g for g in globs if g),
            aliases=aliases,
            negative_target=str(spec.get("target_valence", "")).lower() == "negative",
            exclude=tuple(str(t) for t in (spec.get("exclude") or [])),
            why=str(spec.get("why", "")),
        )
    return ThemeSet(out)


def _as_themes(themes: ThemeSet | str | Path | None) -> ThemeSet:
    if isinstance(themes, ThemeSet):
        return themes
    return load_themes(themes)


def mentions(sentences: pd.DataFrame, themes: ThemeSet | str | Path | None = None) -> pd.DataFrame:
    """One row per theme mention in a sentence (or speaker-span) table.

    Parameters
    ----------
    sentences
        Needs ``doc_id`` and ``text``; ``sent_no``, ``span_no``, ``speaker``, ``outlet`` and
        other grouping columns are carried through when present.
    themes
        A :class:`ThemeSet`, a YAML path, or None for the package themes.

    Returns
    -------
    DataFrame
        doc_id, sent_no, span_no (when present), speaker, outlet, theme, start, end
        (character offsets into the row's ``text``), surface.
    """
    check_columns(sentences, ["doc_id", "text"], func="mentions", arg="sentences")
    ts = _as_themes(themes)
    keys = [c for c in ("doc_id", "sent_no", "span_no", "speaker", "outlet") if c in sentences.columns]
    rows = []
    for rec in sentences[keys + ["text"]].itertuples(index=False):
        for m in ts.find(str(rec[-1])):
            rows.append((*rec[:-1], m.theme, m.start, m.end, m.surface))
    out = pd.DataFrame(rows, columns=[*keys, "theme", "start", "end", "surface"])
    for c in ("speaker", "outlet"):
        if c not in out.columns:
            out.insert(len(keys), c, "unknown")
    return out


def salience(
    sentences: pd.DataFrame,
    by: str | list[str] = "outlet",
    themes: ThemeSet | str | Path | None = None,
) -> pd.DataFrame:
    """Share of sentences (spans) in each group that mention each theme.

    Parameters
    ----------
    sentences
        Sentence or speaker-span table with ``doc_id`` and ``text`` and the ``by`` columns
        (missing ``speaker``/``outlet`` are filled with "unknown").
    by
        Grouping column(s).
    themes
        A :class:`ThemeSet`, a YAML path, or None for the package themes.

    Returns
    -------
    DataFrame
        The ``by`` columns, theme, n_mentioning (rows mentioning the theme), n_total (rows in
        the group), share (n_mentioning / n_total). Every group × theme pair appears, zeros
        included.
    """
    by = [by] if isinstance(by, str) else list(by)
    data = sentences.copy()
    for c in ("speaker", "outlet"):
        if c in by and c not in data.columns:
            data[c] = "unknown"
    check_columns(data, ["doc_id", "text", *by], func="salience", arg="sentences")
    ts = _as_themes(themes)
    data = data.reset_index(drop=True)
    hit = pd.DataFrame(
        [{t: False for t in ts.ids} | {m.theme: True for m in ts.find(str(x))} for x in data["text"]],
        columns=ts.ids,
    ).astype(bool)
    total = data.groupby(by, sort=True).size().rename("n_total")
    counts = pd.concat([data[by], hit], axis=1).groupby(by, sort=True)[ts.ids].sum()
    long = counts.reset_index().melt(id_vars=by, var_name="theme", value_name="n_mentioning")
    long = long.merge(total.reset_index(), on=by)
    long["share"] = long["n_mentioning"] / long["n_total"]
    long["n_mentioning"] = long["n_mentioning"].astype(int)
    return long[[*by, "theme", "n_mentioning", "n_total", "share"]]
