"""Speaker registry and cue lexicon for :mod:`stanceviz.speakers` (data in YAML, logic here).

The registry (``resources/speakers.yaml``) lists persons, organisations, relays (news agencies,
papers, websites that pass on others' words) and speaker classes (journalist, moderator), each with
a canonical id, display name, side, aliases and role terms. The cue lexicon
(``resources/speakers_cues.yaml``) lists reporting verbs, adverbials, pronouns, titles,
nationalities and words that are never transcript labels. No person is named in this module.

Normalisation used for every lookup (:func:`norm`): lower case, periods dropped, ’ → ', runs of
blanks → one space, so "U.S. officials" and "US officials" are the same key. Aliases written in
capitals of up to four letters ("US", "AP") only match in capitals, so "us" is never a source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import ConfigError, load_yaml, require_keys

__all__ = ["Registry", "Entry", "Cues", "load_registry", "load_cues", "norm", "slug"]

_SPACE = re.compile(r"\s+")


def norm(s: str) -> str:
    """Lookup key of a surface form: lower case, no periods, straight apostrophes, single blanks."""
    s = s.replace("’", "'").replace("‘", "'").replace(".", "")
    return _SPACE.sub(" ", s).strip().lower()


def slug(s: str) -> str:
    """Derived id of a name: ASCII, lower case, words joined by hyphens ("Ursula von der Leyen" →
    "ursula-von-der-leyen")."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s or "unknown"


@dataclass(frozen=True)
class Entry:
    """One registry entry (see ``resources/speakers.yaml`` for the fields)."""

    id: str
    name: str
    type: str
    side: str
    gender: str | None = None
    role: str = ""
    role_terms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


_TYPES = ("person", "organisation", "relay", "class")


@dataclass
class Registry:
    """Speakers by id, with alias, label and role-term indexes.

    Use :func:`load_registry` to build one from YAML.
    """

    entries: dict[str, Entry]
    alias_index: dict[str, str] = field(default_factory=dict)
    exact_aliases: dict[str, str] = field(default_factory=dict)
    label_index: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.entries.values():
            for a in (e.name, *e.aliases):
                if len(a) <= 4 and a.isupper():
                    self.exact_aliases.setdefault(a, e.id)
                    self.exact_aliases.setdefault(a.replace(".", ""), e.id)
                else:
                    self.alias_index.setdefault(norm(a), e.id)
            for lab in e.labels:
                self.label_index.setdefault(norm(lab), e.id)

    def get(self, speaker_id: str) -> Entry | None:
        return self.entries.get(speaker_id)

    def lookup(self, surface: str) -> str | None:
        """Id whose alias is exactly ``surface`` (after :func:`norm`), or None."""
        s = surface.strip()
        if s in self.exact_aliases:
            return self.exact_aliases[s]
        if s.replace(".", "") in self.exact_aliases:
            return self.exact_aliases[s.replace(".", "")]
        key = norm(s)
        if key in self.alias_index:
            return self.alias_index[key]
        if key.startswith("the ") and key[4:] in self.alias_index:
            return self.alias_index[key[4:]]
        return None

    @property
    def alias_pattern(self) -> re.Pattern[str]:
        """Regex that finds any alias in running text (longest first, word-bounded, escaped)."""
        return _alias_pattern(self)

    def find_aliases(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Registry mentions in ``text[start:end]`` as (start, end, id), longest match first."""
        end = len(text) if end is None else end
        out = []
        for m in self.alias_pattern.finditer(text, start, end):
            sid = self.lookup(m.group(0))
            if sid is not None:
                out.append((m.start(), m.end(), sid))
        return out


def _alias_pattern(reg: Registry) -> re.Pattern[str]:
    key = id(reg)
    cached = _PATTERN_CACHE.get(key)
    if cached is not None and cached[0] is reg:
        return cached[1]
    forms: set[str] = set()
    for e in reg.entries.values():
        for a in (e.name, *e.aliases):
            forms.add(a)
            if "." in a:
                forms.add(a.replace(".", ""))
    # alternatives grouped by first letter behind a lookahead, so that at each word start the
    # engine tries one group instead of every alias (a poor man's trie; 10x faster)
    groups: dict[str, list[str]] = {}
    for a in sorted(forms, key=len, reverse=True):
        esc = r"\s+".join(re.escape(w).replace("'", "['’]") for w in a.split())
        part = esc if (len(a) <= 4 and a.isupper()) else "(?i:" + esc + ")"
        groups.setdefault(a[:1].lower(), []).append(part)
    alts = []
    for first, parts in sorted(groups.items()):
        look = "[" + re.escape(first) + re.escape(first.upper()) + "]" if first.isalpha() else re.escape(first)
        alts.append("(?=" + look + ")(?:" + "|".join(parts) + ")")
    pat = re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?!\w)")
    _PATTERN_CACHE[key] = (reg, pat)
    return pat


_PATTERN_CACHE: dict[int, tuple[Registry, re.Pattern[str]]] = {}


def _str_list(value: Any, *, path: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(f"{path}: {where}: expected a list of strings, got {value!r}")
    return tuple(str(v) for v in value)


def load_registry(source: str | Path = "speakers.yaml") -> Registry:
    """Read a speaker registry (package default or a user's YAML file).

    Raises
    ------
    ConfigError
        Naming the file, the entry and the key that is missing or malformed.
    """
    data = load_yaml(source)
    path = str(source)
    if not isinstance(data, dict) or not isinstance(data.get("speakers"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'speakers' list at the top level.")
    entries: dict[str, Entry] = {}
    for i, raw in enumerate(data["speakers"]):
        where = f"speakers[{i}]" + (f" ({raw.get('id')!r})" if isinstance(raw, dict) else "")
        require_keys(raw, ["id", "name", "type", "side"], path=path, where=where)
        if raw["type"] not in _TYPES:
            raise ConfigError(f"{path}: {where}: 'type' must be one of {', '.join(_TYPES)}; got {raw['type']!r}")
        sid = str(raw["id"])
        if sid in entries:
            raise ConfigError(f"{path}: {where}: duplicate id {sid!r}")
        entries[sid] = Entry(
            id=sid,
            name=str(raw["name"]),
            type=str(raw["type"]),
            side=str(raw["side"]),
            gender=raw.get("gender"),
            role=str(raw.get("role") or ""),
            role_terms=tuple(norm(t) for t in _str_list(raw.get("role_terms"), path=path, where=where)),
            aliases=_str_list(raw.get("aliases"), path=path, where=where),
            labels=_str_list(raw.get("labels"), path=path, where=where),
        )
    return Registry(entries)


@dataclass(frozen=True)
class Cues:
    """The cue lexicon (see ``resources/speakers_cues.yaml``)."""

    verb_class: dict[str, str]  # normalised form -> "that" | "to" | "name"
    base_forms: frozenset[str]  # first word of each lemma ("say", "call"): needs a plural subject
    name_verbs: frozenset[str]
    according: tuple[str, ...]
    adverbials: tuple[tuple[str, ...], ...]
    pronouns: dict[str, dict]
    documents: frozenset[str]
    determiners: frozenset[str]
    titles: frozenset[str]
    nationalities: dict[str, str]
    not_labels: frozenset[str]
    abbreviations: frozenset[str]
    postposed_followers: frozenset[str]
    first_person: frozenset[str]
    gap_words: frozenset[str]
    object_cues: frozenset[str]
    midline_honorifics: tuple[str, ...]
    max_cue_words: int


def load_cues(source: str | Path = "speakers_cues.yaml") -> Cues:
    """Read the cue lexicon (package default or a user's YAML file)."""
    d = load_yaml(source)
    path = str(source)
    require_keys(
        d, ["cues", "according", "adverbials", "pronouns", "titles", "nationalities"], path=path, where="top level"
    )
    verb_class: dict[str, str] = {}
    name_verbs: set[str] = set()
    base: set[str] = set()
    for klass in ("that", "to", "name"):
        for j, forms in enumerate(d["cues"].get(klass) or []):
            listed = _str_list(forms, path=path, where=f"cues.{klass}[{j}]")
            if listed:
                base.add(norm(listed[0]).split()[0])
            for f in listed:
                if klass == "name":
                    name_verbs.add(norm(f))
                else:
                    verb_class.setdefault(norm(f), klass)
    nat: dict[str, str] = {}
    for side, words in d["nationalities"].items():
        for w in _str_list(words, path=path, where=f"nationalities.{side}"):
            nat[norm(w)] = str(side)
    allcues = list(verb_class) + list(name_verbs)
    return Cues(
        verb_class=verb_class,
        base_forms=frozenset(base),
        name_verbs=frozenset(name_verbs),
        according=tuple(norm(a) for a in _str_list(d["according"], path=path, where="according")),
        adverbials=tuple(tuple(norm(a).split()) for a in _str_list(d["adverbials"], path=path, where="adverbials")),
        pronouns={norm(k): dict(v or {}) for k, v in d["pronouns"].items()},
        documents=frozenset(
            norm(x) for x in _str_list(d.get("anaphoric_documents"), path=path, where="anaphoric_documents")
        ),
        determiners=frozenset(norm(x) for x in _str_list(d.get("determiners"), path=path, where="determiners")),
        titles=frozenset(norm(x) for x in _str_list(d["titles"], path=path, where="titles")),
        nationalities=nat,
        not_labels=frozenset(norm(x) for x in _str_list(d.get("not_labels"), path=path, where="not_labels")),
        abbreviations=frozenset(
            str(x).lower() for x in _str_list(d.get("abbreviations"), path=path, where="abbreviations")
        ),
        postposed_followers=frozenset(
            norm(x) for x in _str_list(d.get("postposed_followers"), path=path, where="postposed_followers")
        ),
        first_person=frozenset(
            str(x).replace("’", "'") for x in _str_list(d.get("first_person"), path=path, where="first_person")
        ),
        object_cues=frozenset(norm(x) for x in _str_list(d.get("object_cues"), path=path, where="object_cues")),
        gap_words=frozenset(norm(x) for x in _str_list(d.get("gap_words"), path=path, where="gap_words")),
        midline_honorifics=_str_list(d.get("midline_honorifics"), path=path, where="midline_honorifics"),
        max_cue_words=max((len(c.split()) for c in allcues), default=1),
    )


@lru_cache(maxsize=4)
def default_registry() -> Registry:
    """The package registry, read once."""
    return load_registry()


@lru_cache(maxsize=4)
def default_cues() -> Cues:
    """The package cue lexicon, read once."""
    return load_cues()
