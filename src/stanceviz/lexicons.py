"""Lexicons for the stance stage: loading, merging and fast lookup.

A :class:`Lexicon` maps words, glob prefixes (``"cooperat*"``) and multi-word phrases to
weights on VADER's -4..+4 scale. Lexicons are data, never code: YAML is read with
:func:`stanceviz.config.load_yaml`; user terms are matched as token sequences (never turned
into regular expressions), so no term can inject a pattern.

Sources
-------
- :func:`load_vader` reads the VADER valence lexicon (MIT) shipped inside the
  ``vaderSentiment`` package through :mod:`importlib.resources` (no nltk data involved).
- :func:`load_lexicon` reads stanceviz's YAML format (package files ``lexicon_tone.yaml``,
  ``lexicon_cooperation.yaml`` or a user's file).
- :func:`load_liwc_dic` and :func:`load_lexicoder_lc3` read LIWC ``.dic`` and Lexicoder
  ``.lc3`` files that users bring themselves (LIWC and LSD2015 may not be redistributed).
- :func:`load_modifiers` reads negators, boosters, dampeners, contrast words, clause
  boundaries and "counter" verbs (``lexicon_modifiers.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .config import ConfigError, load_yaml

__all__ = [
    "Lexicon",
    "Modifiers",
    "TermToken",
    "Tokens",
    "term_tokens",
    "tokenize",
    "load_lexicon",
    "load_vader",
    "load_liwc_dic",
    "load_lexicoder_lc3",
    "load_modifiers",
    "default_lexicons",
    "DIMENSIONS",
]

#: The two stance dimensions stanceviz ships lexicons for.
DIMENSIONS: tuple[str, ...] = ("tone", "cooperation")

# Words (letters/digits, inner apostrophes), abbreviations that keep their periods ("U.S.",
# "Mr."), numbers with separators, a possessive "'s" on its own, and punctuation that bounds
# clauses; the clitic "n't" is split off afterwards ("can't" -> "ca", "n't"). Hyphens split
# words ("cease-fire" -> "cease", "fire"), so lexicon phrases written with or without the
# hyphen match alike.
_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}|(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Prof|Jr)\.(?=\s+[A-Z\d])|No\.(?=\s*\d)"
    r"|\d+(?:[.,]\d+)+|['’]s\b|[^\W_]+(?:['’](?!s\b)[^\W_]+)*|[;:()\[\]—–,.!?\"“”«»]|--",
)


class TermToken(NamedTuple):
    """One token: surface text, character offsets and the lower-cased form used for lookup."""

    text: str
    start: int
    end: int
    lower: str


class Tokens(NamedTuple):
    """The tokens of one text as parallel lists (fast to build; see :func:`tokenize`)."""

    text: list[str]
    start: list[int]
    end: list[int]
    lower: list[str]

    def __len__(self) -> int:  # number of tokens
        return len(self.text)


def tokenize(text: str) -> Tokens:
    """Tokens of ``text`` as parallel lists: surface, start, end, lower-cased form.

    Lower-cased forms normalise curly apostrophes to ``'``.
    """
    spans = [m.span() for m in _TOKEN_RE.finditer(text)]
    low_text = text.lower().replace("’", "'")
    if len(low_text) != len(text):  # a few characters change length when lower-cased
        low_text = None
    texts = [text[a:b] for a, b in spans]
    if low_text is not None:
        lowers = [low_text[a:b] for a, b in spans]
    else:
        lowers = [t.lower().replace("’", "'") for t in texts]
    starts = [a for a, _b in spans]
    ends = [b for _a, b in spans]
    if "n't" in (low_text if low_text is not None else "n't"):
        k = 0
        while k < len(lowers):
            low = lowers[k]
            if len(low) > 3 and low.endswith("n't") and low[-4].isalpha():
                a, b = starts[k], ends[k]
                cut = b - 3
                texts[k:k + 1] = [texts[k][:-3], texts[k][-3:]]
                lowers[k:k + 1] = [low[:-3], "n't"]
                starts[k:k + 1] = [a, cut]
                ends[k:k + 1] = [cut, b]
                k += 2
            else:
                k += 1
    return Tokens(texts, starts, ends, lowers)


def term_tokens(text: str) -> list[TermToken]:
    """Split ``text`` into word and clause-punctuation tokens with character offsets.

    >>> [t.lower for t in term_tokens("Can't we co-operate; now?")]
    ['ca', "n't", 'we', 'co', 'operate', ';', 'now', '?']
    """
    t = tokenize(text)
    return [TermToken(*row) for row in zip(t.text, t.start, t.end, t.lower)]


def _phrase_key(term: str) -> tuple[str, ...]:
    return tuple(t.lower for t in term_tokens(term) if t.lower[0].isalnum() or t.lower == "n't")


@dataclass
class Lexicon:
    """Weighted terms for one stance dimension.

    Attributes
    ----------
    name
        Where the entries came from, e.g. ``"vader+tone-overlay"``.
    dimension
        The stance dimension, e.g. ``"tone"`` or ``"cooperation"``.
    words
        Single lower-case tokens -> weight.
    prefixes
        Glob prefixes (the term without its trailing ``*``) -> weight.
    phrases
        Multi-token terms (tuples of lower-case tokens) -> weight.
    """

    name: str
    dimension: str
    words: dict[str, float] = field(default_factory=dict)
    prefixes: dict[str, float] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._compile()

    def _compile(self) -> None:
        self._prefix_lengths = sorted({len(p) for p in self.prefixes}, reverse=True)
        by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for key, w in self.phrases.items():
            by_first.setdefault(key[0], []).append((key, w))
        for lst in by_first.values():
            lst.sort(key=lambda kw: -len(kw[0]))
        self._by_first = by_first
        self._cache: dict[str, float | None] = {}

    def __len__(self) -> int:
        return len(self.words) + len(self.prefixes) + len(self.phrases)

    @classmethod
    def from_terms(cls, terms: Mapping[str, float], *, name: str, dimension: str) -> "Lexicon":
        """Build a lexicon from ``{term: weight}``; ``*`` at the end of a term is a glob."""
        lex = cls(name=name, dimension=dimension)
        for term, weight in terms.items():
            lex._add(str(term), float(weight))
        lex._compile()
        return lex

    def _add(self, term: str, weight: float) -> None:
        term = term.strip().lower().replace("’", "'")
        if not term:
            return
        if term.endswith("*"):
            key = _phrase_key(term[:-1])
            if len(key) == 1:
                self.prefixes[key[0]] = weight
                return
            if not key:
                return
            # A glob on the last word of a phrase: keep the phrase with the word as written.
        key = _phrase_key(term.rstrip("*"))
        if len(key) == 1:
            self.words[key[0]] = weight
        elif key:
            self.phrases[key] = weight

    def updated(self, other: "Lexicon", *, name: str | None = None) -> "Lexicon":
        """A new lexicon with ``other``'s entries overriding this one's.

        A weight of 0 in ``other`` hides the entry (and, for a word, any glob that would match
        it): zero entries stay in the tables so that lookups find them first.
        """
        return Lexicon(
            name=name or f"{self.name}+{other.name}",
            dimension=self.dimension,
            words={**self.words, **other.words},
            prefixes={**self.prefixes, **other.prefixes},
            phrases={**self.phrases, **other.phrases},
        )

    def word_weight(self, token: str) -> float | None:
        """Weight of a single lower-case token (exact entry first, then the longest glob)."""
        cache = self._cache
        if token in cache:
            return cache[token]
        w = self.words.get(token)
        if w is None:
            for n in self._prefix_lengths:
                if len(token) >= n:
                    w = self.prefixes.get(token[:n])
                    if w is not None:
                        break
        cache[token] = w
        return w

    def match(self, lowers: list[str], i: int) -> tuple[float, int] | None:
        """Entry starting at token ``i`` of ``lowers``: ``(weight, n_tokens)`` or None.

        Phrases win over single words (longest first). A weight of 0 means "known, not
        evaluative" (the tokens are consumed but score nothing).
        """
        cands = self._by_first.get(lowers[i])
        if cands:
            for key, w in cands:
                n = len(key)
                if tuple(lowers[i : i + n]) == key:
                    return (w, n)
        w = self.word_weight(lowers[i])
        return None if w is None else (w, 1)


# --------------------------------------------------------------------------- loaders


def _check_weight(value: object, *, path: object, where: str) -> float:
    try:
        w = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: {where}: expected a number for the weight, got {value!r}") from None
    if not -4.0 <= w <= 4.0:
        raise ConfigError(f"{path}: {where}: weights are on VADER's -4..+4 scale, got {w}")
    return w


def load_lexicon(source: str | Path) -> Lexicon:
    """Load a stanceviz YAML lexicon.

    Format::

        name: cooperation
        dimension: cooperation
        groups:
          - why: Joint action between the actors.
            terms: {joint: 2.0, "cooperat*": 2.5, "work together": 2.0}

    Parameters
    ----------
    source
        Path of a YAML file, or the name of a package resource such as
        ``"lexicon_cooperation.yaml"``.

    Returns
    -------
    Lexicon
    """
    data = load_yaml(source)
    if not isinstance(data, dict) or "groups" not in data:
        raise ConfigError(f"{source}: expected a mapping with 'name', 'dimension' and 'groups'; got {type(data).__name__}")
    terms: dict[str, float] = {}
    for gi, group in enumerate(data["groups"] or []):
        if not isinstance(group, dict) or not isinstance(group.get("terms"), dict):
            raise ConfigError(f"{source}: groups[{gi}]: expected a mapping with a 'terms' mapping; got {group!r}")
        for term, weight in group["terms"].items():
            if not isinstance(term, str):
                raise ConfigError(f"{source}: groups[{gi}].terms: the term {term!r} is not a string "
                                  "(YAML reads unquoted no/yes/on/off as booleans and digits as numbers: quote it)")
            terms[term] = _check_weight(weight, path=source, where=f"groups[{gi}].terms[{term!r}]")
    return Lexicon.from_terms(terms, name=str(data.get("name", Path(str(source)).stem)), dimension=str(data.get("dimension", "tone")))


def load_vader() -> Lexicon:
    """The VADER valence lexicon (Hutto & Gilbert 2014, MIT) from the vaderSentiment package.

    Read with :mod:`importlib.resources` from ``vaderSentiment/vader_lexicon.txt``; single
    tokens only (emoticons are dropped).
    """
    return _load_vader_cached()


@lru_cache(maxsize=1)
def _load_vader_cached() -> Lexicon:
    text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    words: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) < 2:
            continue
        word = parts[0].lower()
        if not word[:1].isalpha():
            continue
        key = _phrase_key(word)
        if len(key) == 1 and key[0] == word:
            words[word] = float(parts[1])
    return Lexicon(name="vader", dimension="tone", words=words)


def load_liwc_dic(path: str | Path, categories: Mapping[str, float], *, dimension: str = "tone") -> Lexicon:
    """Load a LIWC-format ``.dic`` file, weighting the chosen categories.

    Parameters
    ----------
    path
        The ``.dic`` file: a header between ``%`` lines mapping category ids to names, then
        one term per line followed by its category ids (``abandon*  31 125``).
    categories
        Category names (or ids) -> weight, e.g. ``{"posemo": 2.0, "negemo": -2.0}``. A term in
        several chosen categories gets the sum of their weights.
    dimension
        The dimension the lexicon scores.
    """
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or lines[0].strip() != "%":
        raise ConfigError(f"{path}: line 1: a LIWC .dic file starts with a '%' line; got {lines[:1]!r}")
    ids: dict[str, str] = {}
    i = 1
    while i < len(lines) and lines[i].strip() != "%":
        parts = lines[i].split()
        if len(parts) >= 2:
            ids[parts[0]] = parts[1]
        i += 1
    if i == len(lines):
        raise ConfigError(f"{path}: the category header has no closing '%' line")
    wanted = {str(k): float(v) for k, v in categories.items()}
    unknown = [k for k in wanted if k not in ids and k not in ids.values()]
    if unknown:
        raise ConfigError(f"{path}: categories {unknown} not in the file; it has {sorted(ids.values())}")
    terms: dict[str, float] = {}
    for lineno in range(i + 1, len(lines)):
        parts = lines[lineno].split("\t") if "\t" in lines[lineno] else lines[lineno].split()
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) < 2:
            continue
        w = sum(wanted.get(c, 0.0) + wanted.get(ids.get(c, ""), 0.0) for c in parts[1:])
        if w:
            terms[parts[0]] = max(-4.0, min(4.0, w))
    return Lexicon.from_terms(terms, name=Path(path).stem, dimension=dimension)


def load_lexicoder_lc3(
    path: str | Path,
    categories: Mapping[str, float] | None = None,
    *,
    dimension: str = "tone",
) -> Lexicon:
    """Load a Lexicoder ``.lc3`` dictionary (e.g. the Lexicoder Sentiment Dictionary 2015).

    Parameters
    ----------
    path
        The ``.lc3`` file: category lines start with ``+`` (``+positive``), followed by one
        term per line; ``*`` ends a glob.
    categories
        Category -> weight. Default: LSD2015's ``positive`` = +2, ``negative`` = -2,
        ``neg_positive`` (negated positives) = -2, ``neg_negative`` = +2.
    """
    if categories is None:
        categories = {"positive": 2.0, "negative": -2.0, "neg_positive": -2.0, "neg_negative": 2.0}
    terms: dict[str, float] = {}
    current: str | None = None
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("+"):
            current = s[1:].strip().lower()
            continue
        if current is None:
            raise ConfigError(f"{path}: line {lineno}: a term before any '+category' line: {s!r}")
        if current in categories:
            terms[s] = float(categories[current])
    return Lexicon.from_terms(terms, name=Path(path).stem, dimension=dimension)


# --------------------------------------------------------------------------- modifiers


@dataclass(frozen=True)
class Modifiers:
    """Rule words used by the scorer (see ``resources/lexicon_modifiers.yaml``).

    Attributes
    ----------
    negators
        Tokens that negate the evaluative words that follow within ``negation_scope`` tokens.
    negation_phrases
        Multi-token negators such as ``("none", "of", "us")``.
    boosters
        Token -> additive change to a following word's magnitude (VADER's 0.293).
    contrast
        Tokens ("but", "however") that start a new clause and, in sentence windows, down-weight
        what came before.
    boundaries
        Tokens (punctuation and subordinators) that end a clause.
    counter
        Glob prefixes of verbs such as "defeat", "combat": acting against a negatively-valued
        target; their own negative weight is neutralised for such targets.
    attached_dimensions
        Dimensions in which negative words right next to a negatively-valued target
        ("terror threat") are neutralised: they describe the target, not a relation.
    negation_scope, negation_factor, but_before, but_after, alpha, counter_distance, attached_distance
        Numbers of the rules (VADER: N_SCALAR = -0.74, 0.5 / 1.5, alpha = 15).
    """

    negators: frozenset[str]
    negation_phrases: tuple[tuple[str, ...], ...]
    boosters: Mapping[str, float]
    contrast: frozenset[str]
    boundaries: frozenset[str]
    counter: tuple[str, ...]
    negation_scope: int = 6
    negation_factor: float = -0.74
    but_before: float = 0.5
    but_after: float = 1.5
    alpha: float = 15.0
    counter_distance: int = 4
    attached_dimensions: tuple[str, ...] = ()
    attached_distance: int = 1
    skip_proper_nouns: bool = True

    @property
    def _negation_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Negation phrases indexed by their first token (cached)."""
        cached = self.__dict__.get("_neg_first_cache")
        if cached is None:
            idx: dict[str, list[tuple[str, ...]]] = {}
            for ph in self.negation_phrases:
                idx.setdefault(ph[0], []).append(ph)
            cached = {k: tuple(v) for k, v in idx.items()}
            object.__setattr__(self, "_neg_first_cache", cached)
        return cached

    def is_counter(self, token: str) -> bool:
        """True when ``token`` starts with one of the counter-verb prefixes."""
        return token.startswith(self.counter) if self.counter else False


def load_modifiers(source: str | Path = "lexicon_modifiers.yaml") -> Modifiers:
    """Load the scorer's rule words from YAML (package default or a user's file)."""
    data = load_yaml(source)
    need = ["negators", "boosters", "dampeners", "contrast", "boundaries", "counter"]
    if not isinstance(data, dict) or any(k not in data for k in need):
        have = list(data) if isinstance(data, dict) else type(data).__name__
        raise ConfigError(f"{source}: expected keys {need}; got {have}")
    for key in ("negators", "boosters", "dampeners", "contrast", "boundaries", "counter"):
        odd = [t for t in data[key] if not isinstance(t, str)]
        if odd:
            raise ConfigError(f"{source}: {key}: {odd!r} are not strings (YAML reads unquoted no/yes/on/off as "
                              "booleans: quote them)")
    single, phrases = set(), []
    for term in data["negators"]:
        key = _phrase_key(str(term))
        if len(key) == 1:
            single.add(key[0])
        elif key:
            phrases.append(key)
    boosters = {str(k).lower(): float(data.get("booster_step", 0.293)) for k in data["boosters"]}
    boosters.update({str(k).lower(): -float(data.get("booster_step", 0.293)) for k in data["dampeners"]})
    rules = data.get("rules", {}) or {}
    return Modifiers(
        negators=frozenset(single),
        negation_phrases=tuple(sorted(phrases, key=len, reverse=True)),
        boosters=boosters,
        contrast=frozenset(str(t).lower() for t in data["contrast"]),
        boundaries=frozenset(str(t).lower() for t in data["boundaries"]),
        counter=tuple(str(t).lower().rstrip("*") for t in data["counter"]),
        attached_dimensions=tuple(str(d) for d in (data.get("attached_dimensions") or ())),
        **{k: _coerce(k, v, source) for k, v in rules.items()},
    )


def _coerce(key: str, value: object, source: object) -> object:
    default = Modifiers.__dataclass_fields__.get(key)
    if default is None or key in {"negators", "negation_phrases", "boosters", "contrast", "boundaries", "counter"}:
        raise ConfigError(f"{source}: rules.{key}: unknown rule; known: negation_scope, negation_factor, "
                          "but_before, but_after, alpha, counter_distance, attached_distance, skip_proper_nouns")
    kind = type(default.default)
    try:
        return kind(value) if kind is not bool else bool(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: rules.{key}: expected {kind.__name__}, got {value!r}") from None


@lru_cache(maxsize=1)
def _defaults() -> tuple[Lexicon, Lexicon]:
    tone = load_vader().updated(load_lexicon("lexicon_tone.yaml"), name="vader+lexicon_tone")
    tone.dimension = "tone"
    coop = load_lexicon("lexicon_cooperation.yaml")
    return tone, coop


def default_lexicons() -> dict[str, Lexicon]:
    """The shipped lexicons: ``{"tone": VADER + domain overlay, "cooperation": ...}``."""
    tone, coop = _defaults()
    return {"tone": tone, "cooperation": coop}


def _as_lexicons(lexicons: Mapping[str, Lexicon] | Iterable[Lexicon] | None) -> dict[str, Lexicon]:
    if lexicons is None:
        return default_lexicons()
    if isinstance(lexicons, Lexicon):
        return {lexicons.dimension: lexicons}
    if isinstance(lexicons, Mapping):
        return dict(lexicons)
    return {lex.dimension: lex for lex in lexicons}
