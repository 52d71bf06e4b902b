"""Tokens for topic models: the stop list, the tokenizer and seed words from theme YAML.

Import these from :mod:`stanceviz.topics`; this module only keeps ``topics.py`` short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .aliases import canonical_token

__all__ = ["load_stopwords", "make_tokenizer", "theme_seeds"]


# ----------------------------------------------------------------------------------------------
# Tokens
# ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _read_stoplist(name: str) -> tuple[frozenset[str], frozenset[str]]:
    from .config import resource_text

    add, keep = set(), set()
    for line in resource_text(name).splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if not word:
            continue
        (keep if word.startswith("!") else add).add(word.lstrip("!"))
    return frozenset(add), frozenset(keep)


def load_stopwords(extra: Iterable[str] = (), *, keep: Iterable[str] = ()) -> frozenset[str]:
    """The stop list for topic models: gensim's English list, edited by ``stopwords_en.txt``.

    Parameters
    ----------
    extra
        More stop words (e.g. a corpus's own furniture words).
    keep
        Words to keep although the list has them.

    Returns
    -------
    frozenset of str
        Lower-case stop words.
    """
    from gensim.parsing.preprocessing import STOPWORDS

    add, kept = _read_stoplist("stopwords_en.txt")
    words = (set(STOPWORDS) - kept) | add | {w.lower() for w in extra}
    return frozenset(words - {w.lower() for w in keep})


def theme_seeds(
    themes: str | Any = "themes.yaml",
    *,
    include: Sequence[str] | None = None,
) -> dict[str, list[str]]:
    """Seed words per theme from a theme YAML file (the format of ``resources/themes.yaml``).

    A theme's seed words are its ``terms``, its ``globs`` (``"syria*"``, expanded against the
    vocabulary by :func:`seeded_eta`) and its ``aliases`` (canonical names, which the tokenizer
    turns into one token, e.g. ``"bashar_al_assad"``).

    Parameters
    ----------
    themes
        Resource name or path of the YAML file, or an already loaded mapping.
    include
        Theme ids to keep, in this order (default: all, in file order).

    Returns
    -------
    dict
        Theme id → list of seed words.
    """
    from .config import ConfigError, load_yaml

    data = load_yaml(themes) if isinstance(themes, (str, bytes)) or hasattr(themes, "__fspath__") else themes
    entries = data.get("themes") if isinstance(data, Mapping) else None
    if not isinstance(entries, Mapping):
        raise ConfigError(f"{themes}: expected a mapping with the themes under 'themes'.")
    ids = list(entries) if include is None else list(include)
    unknown = [t for t in ids if t not in entries]
    if unknown:
        raise ValueError(f"The 'include' argument of theme_seeds must name themes of the file; got {unknown!r}. "
                         f"Themes: {', '.join(map(str, entries))}.")
    out = {}
    for tid in ids:
        entry = entries[tid] or {}
        words = [*(entry.get("terms") or []), *(entry.get("globs") or []), *(entry.get("aliases") or [])]
        out[str(tid)] = [str(w) for w in words]
    return out


#: Word tokens: letters/digits joined by hyphens or underscores, with an optional clitic.
_TOKEN = re.compile(r"\w+(?:[-_]\w+)*(?:['’]\w+)?")
_HAS_LETTER = re.compile(r"[^\W\d_]")
#: A leading transcript label such as "SECRETARY KERRY:" or "Q:" (upper case, then a colon).
_LABEL = re.compile(r"^\s*(?:[A-Z][A-Z.'’\- ]{0,60}[A-Z.]|Q)\s*:\s*")
_NEGATION_STEMS = {"wo": "will", "ca": "can", "sha": "shall"}


class _Tokenizer:
    """Callable text → list of tokens; built once by :func:`make_tokenizer`."""

    def __init__(self, stopwords: frozenset[str], aliases: Any, strip_labels: bool, min_len: int):
        self.stopwords = stopwords
        self.aliases = aliases
        self.strip_labels = strip_labels
        self.min_len = min_len

    def _canonical(self, text: str) -> str:
        if self.aliases is None:
            return text
        spans = sorted(self.aliases.spans(text), key=lambda s: s.start if hasattr(s, "start") else s[0])
        if not spans:
            return text
        parts, pos = [], 0
        for span in spans:
            if hasattr(span, "canonical"):
                start, end, canonical = int(span.start), int(span.end), str(span.canonical)
            else:  # a plain (start, end, surface, canonical) tuple
                start, end, canonical = int(span[0]), int(span[1]), str(span[3])
            if start < pos:  # overlapping matches: keep the first
                continue
            token = canonical_token(canonical)
            parts += [text[pos:start], f" {token} "]
            pos = end
        parts.append(text[pos:])
        return "".join(parts)

    def words(self, text: str) -> list[str]:
        """All word tokens of ``text`` (stop words included), lower-cased and canonicalised."""
        if not isinstance(text, str):
            return []
        if self.strip_labels:
            text = _LABEL.sub("", text, count=1)
        text = self._canonical(text)
        out = []
        min_len = self.min_len
        for match in _TOKEN.finditer(text.lower()):
            tok = match.group().replace("’", "'")
            if "'" in tok:
                head, _, clitic = tok.partition("'")
                if clitic == "t" and head.endswith("n"):  # don't → do, won't → will
                    head = head[:-1]
                tok = _NEGATION_STEMS.get(head, head)
            if len(tok) < min_len or not _HAS_LETTER.search(tok):
                continue
            out.append(tok)
        return out

    def drop_stopwords(self, tokens: list[str]) -> list[str]:
        """``tokens`` without stop words."""
        stop = self.stopwords
        return [t for t in tokens if t not in stop]

    def __call__(self, text: str) -> list[str]:
        """Content tokens of ``text``: :meth:`words` without stop words."""
        return self.drop_stopwords(self.words(text))


def _default_aliases() -> Any:
    try:
        from .aliases import load_aliases
    except ImportError:  # the alias module is optional for this stage
        return None
    return load_aliases()


def make_tokenizer(
    *,
    stopwords: Iterable[str] | None = None,
    aliases: Any = True,
    strip_labels: bool = True,
    min_len: int = 2,
) -> _Tokenizer:
    """Build the tokenizer of :func:`bag_of_words`: ``text -> list[str]``.

    Lower-cases, merges aliases into one canonical token (``"Sergei Lavrov"`` and
    ``"Sergey Lavrov"`` → ``"sergey_lavrov"`` with the package alias table), drops a leading
    transcript label (``"SECRETARY KERRY:"``), possessive and negation clitics (``"Russia's"``
    → ``"russia"``), stop words, tokens shorter than ``min_len`` and tokens without a letter.
    No lemmatisation (see ``docs/topics.md``).

    Parameters
    ----------
    stopwords
        Stop words (default :func:`load_stopwords`).
    aliases
        ``True``: the package alias table (:func:`stanceviz.aliases.load_aliases`, skipped
        if that module is missing); ``False``/``None``: none; or any object with a
        ``.spans(text)`` method yielding ``(start, end, surface, canonical)``.
    strip_labels
        Drop an upper-case speaker label at the start of the text.
    min_len
        Minimum token length in characters.
    """
    stop = load_stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    if aliases is True:
        aliases = _default_aliases()
    elif aliases is False:
        aliases = None
    elif aliases is not None and not hasattr(aliases, "spans"):
        raise TypeError(f"The 'aliases' argument of make_tokenizer must be True, False, None or have .spans(text); "
                        f"got {type(aliases).__name__}.")
    return _Tokenizer(stop, aliases, bool(strip_labels), int(min_len))
