"""Themes: which sentences (or speaker spans) are about Syria, Ukraine, terrorism, NATO, ...

A theme is defined in YAML (``resources/themes.yaml`` or a user's file) by terms, multi-word
phrases, globs and canonical aliases (see that file for the format and the reasoning behind
each entry). :func:`load_themes` compiles them once into a :class:`ThemeSet`;
:meth:`ThemeSet.find` returns the mentions in a text with character offsets, and
:func:`mentions` / :func:`salience` turn a sentence table into tidy tables.

User terms are escaped with :func:`re.escape` before they become part of a pattern, and globs
are bounded (``*`` matches at most 20 word characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ._checks import check_columns
from .config import ConfigError, load_yaml

__all__ = ["Theme", "ThemeSet", "Mention", "load_themes", "mentions", "salience"]

_GLOB_TAIL = r"[^\W_]{0,20}"
_SEP = r"(?:[\s\-‐‑]+)"


class Mention(NamedTuple):
    """A theme mention: theme id, character offsets in the searched text, surface form."""

    theme: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Theme:
    """One theme: id, label, its compiled pattern and whether the theme is itself a harm."""

    id: str
    label: str
    pattern: re.Pattern | None
    aliases: frozenset[str] = field(default_factory=frozenset)
    negative_target: bool = False
    exclude: re.Pattern | None = None
    why: str = ""


def _term_regex(term: str) -> str:
    """Escaped regex for one term; ``*`` at the end of a word is a bounded glob."""
    words = [w for w in re.split(r"[\s\-‐‑]+", term.strip()) if w]
    parts = []
    for w in words:
        if w.endswith("*"):
            parts.append(re.escape(w[:-1]) + _GLOB_TAIL)
        else:
            parts.append(re.escape(w))
    return _SEP.join(parts)


def _compile(terms: Iterable[str]) -> re.Pattern | None:
    alts = sorted({_term_regex(t) for t in terms if str(t).strip()}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


class ThemeSet:
    """Compiled themes. Use :func:`load_themes` to build one.

    Attributes
    ----------
    themes
        Theme id -> :class:`Theme`, in file order.
    """

    def __init__(self, themes: dict[str, Theme]):
        self.themes = themes
        self._alias_table = None
        self._alias_tried = False

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

    def _aliases(self):
        if not self._alias_tried:
            self._alias_tried = True
            if any(t.aliases for t in self.themes.values()):
                try:  # the alias table is optional: themes work on their own terms without it
                    from .aliases import load_aliases  # type: ignore[attr-defined]

                    self._alias_table = load_aliases()
                except (ImportError, AttributeError, FileNotFoundError):
                    self._alias_table = None
        return self._alias_table

    def find(self, text: str) -> list[Mention]:
        """All theme mentions in ``text``, sorted by position.

        Overlapping matches of the same theme are merged to the longest one; different themes
        may overlap (a phrase can belong to two themes).
        """
        found: list[Mention] = []
        table = self._aliases()
        alias_spans = []
        if table is not None:
            alias_spans = table.spans(text)
        for theme in self.themes.values():
            spans = []
            if theme.pattern is not None:
                spans.extend((m.start(), m.end()) for m in theme.pattern.finditer(text))
            if theme.aliases and alias_spans:
                spans.extend((a.start, a.end) for a in alias_spans if a.canonical in theme.aliases)
            if not spans:
                continue
            if theme.exclude is not None:
                bad = [(m.start(), m.end()) for m in theme.exclude.finditer(text)]
                spans = [sp for sp in spans if not any(bs <= sp[0] and sp[1] <= be for bs, be in bad)]
            spans.sort(key=lambda se: (se[0], -se[1]))
            last_end = -1
            for s, e in spans:
                if s < last_end:  # inside a longer match of the same theme
                    continue
                found.append(Mention(theme.id, s, e, text[s:e]))
                last_end = e
        found.sort(key=lambda m: (m.start, m.theme))
        return found


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


def _load(source: str | Path) -> ThemeSet:
    data = load_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise ConfigError(f"{source}: expected a mapping with a 'themes' mapping; got {type(data).__name__}")
    out: dict[str, Theme] = {}
    for tid, spec in data["themes"].items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{source}: themes.{tid}: expected a mapping, got {spec!r}")
        terms = [str(t) for t in (spec.get("terms") or [])]
        globs = [str(g) if str(g).endswith("*") else str(g) + "*" for g in (spec.get("globs") or [])]
        aliases = frozenset(str(a) for a in (spec.get("aliases") or []))
        if not terms and not globs and not aliases:
            raise ConfigError(f"{source}: themes.{tid}: needs at least one of terms, globs, aliases")
        out[str(tid)] = Theme(
            id=str(tid),
            label=str(spec.get("label", tid)),
            pattern=_compile(terms + globs),
            aliases=aliases,
            negative_target=str(spec.get("target_valence", "")).lower() == "negative",
            exclude=_compile(str(t) for t in (spec.get("exclude") or [])),
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
