"""Canonical entities for surface forms (Sergei/Sergey Lavrov, alNusra/Nusra Front, ISIL/Daesh …).

Aliases are applied at token level: :meth:`AliasTable.spans` reports where each alias stands in
the text and its canonical form, and the text itself is never rewritten, so character offsets
into the cleaned text stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import config

__all__ = ["AliasSpan", "AliasTable", "load_aliases", "canonical_token"]


@dataclass(frozen=True)
class AliasSpan:
    """An alias found in a text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    canonical: str
    kind: str


def canonical_token(canonical: str) -> str:
    """Single-token form of a canonical name for bag-of-words models: ``"al-Nusra Front"`` → ``"al_nusra_front"``."""
    return re.sub(r"[^\w]+", "_", canonical.casefold()).strip("_")


def _alias_regex(alias: str) -> str:
    parts = []
    for ch in alias:
        if ch == " ":
            parts.append(r"\s+")
        elif ch == "-":
            parts.append(r"[-\u2010\u2011\s]?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


class AliasTable:
    """Compiled alias table; build it with :func:`load_aliases`."""

    def __init__(self, entities: list[dict], source: str = "<memory>"):
        self.entities = entities
        self._canon: dict[str, tuple[str, str]] = {}
        sensitive, insensitive = [], []
        for i, ent in enumerate(entities):
            config.require_keys(ent, ["canonical"], path=source, where=f"entities[{i}]")
            canonical = str(ent["canonical"])
            kind = str(ent.get("kind", "entity"))
            aliases = ent.get("aliases") or []
            if not isinstance(aliases, list):
                raise config.ConfigError(f"{source}: entities[{i}] ({canonical!r}).aliases: expected a list.")
            for alias in [canonical, *map(str, aliases)]:
                alias = alias.strip()
                if not alias or len(alias) > 200:
                    raise config.ConfigError(f"{source}: entities[{i}] ({canonical!r}): alias {alias!r} is empty "
                                             "or longer than 200 characters.")
                key = alias.casefold()
                is_acronym = re.fullmatch(r"[A-Z][A-Z.]{0,5}", alias) is not None
                if is_acronym:
                    self._canon[alias] = (canonical, kind)
                    sensitive.append(alias)
                else:
                    self._canon[self._fold(alias)] = (canonical, kind)
                    insensitive.append(alias)
                del key
        def alternation(items):
            items = sorted(set(items), key=lambda a: (-len(a), a))
            return "|".join(_alias_regex(a) for a in items) or r"(?!x)x"
        # a boundary that treats '.' in 'U.S.' as part of the word
        self._re_sens = re.compile(rf"(?<![\w.])(?:{alternation(sensitive)})(?![\w])")
        self._re_insens = re.compile(rf"(?<![\w])(?:{alternation(insensitive)})(?![\w])", re.IGNORECASE)

    @staticmethod
    def _fold(surface: str) -> str:
        return re.sub(r"[-\u2010\u2011\s]+", "", surface).casefold()

    def _lookup(self, surface: str) -> tuple[str, str] | None:
        return self._canon.get(surface) or self._canon.get(self._fold(surface))

    def spans(self, text: str) -> list[AliasSpan]:
        """All aliases in ``text``, leftmost-longest, non-overlapping, sorted by start."""
        found: list[AliasSpan] = []
        for regex in (self._re_sens, self._re_insens):
            for m in regex.finditer(text):
                hit = self._lookup(m.group())
                if hit is None:  # matched through blank/hyphen variants: fold and retry
                    continue
                found.append(AliasSpan(m.start(), m.end(), m.group(), hit[0], hit[1]))
        found.sort(key=lambda s: (s.start, -(s.end - s.start)))
        out: list[AliasSpan] = []
        last_end = -1
        for span in found:
            if span.start >= last_end:
                out.append(span)
                last_end = span.end
        return out

    def canonical(self, surface: str) -> str | None:
        """Canonical form of one surface form, or None."""
        hit = self._lookup(surface)
        return hit[0] if hit else None


_DEFAULT: AliasTable | None = None


def load_aliases(path: str | Path | None = None) -> AliasTable:
    """Load the alias table: the package's ``resources/aliases.yaml``, or a user file of that shape."""
    global _DEFAULT
    if path is None and _DEFAULT is not None:
        return _DEFAULT
    source = path or "aliases.yaml"
    data = config.load_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise config.ConfigError(f"{source}: expected a mapping with a list under 'entities'.")
    table = AliasTable(data["entities"], str(source))
    if path is None:
        _DEFAULT = table
    return table
