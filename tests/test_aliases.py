"""Aliases map surface forms to canonical entities without rewriting the text."""

from __future__ import annotations

import pytest

from stanceviz.aliases import AliasTable, canonical_token, load_aliases
from stanceviz.config import ConfigError


@pytest.fixture(scope="module")
def table():
    return load_aliases()


@pytest.mark.parametrize("surface, canonical", [
    ("Sergei Lavrov", "Sergey Lavrov"), ("Sergey Lavrov", "Sergey Lavrov"),
    ("Jabhat alNusra", "al-Nusra Front"), ("al-Nusrah Front", "al-Nusra Front"), ("Nusra Front", "al-Nusra Front"),
    ("ISIL", "ISIS"), ("Daesh", "ISIS"), ("Islamic State", "ISIS"),
    ("Kiev", "Kyiv"), ("U.S.", "United States"), ("US", "United States"), ("United States", "United States"),
    ("Nato", "NATO"), ("Assad", "Bashar al-Assad"), ("Bashar al-Assad", "Bashar al-Assad"),
])
def test_canonical_forms(table, surface, canonical):
    (span,) = table.spans(f"Talks on {surface} today.")
    assert (span.surface, span.canonical) == (surface, canonical)
    assert span.start == len("Talks on ")


def test_offsets_stay_valid_and_pronoun_us_is_not_the_us(table):
    text = "Kerry told us the U.S. and Nato agree; the US is ready."
    spans = table.spans(text)
    assert [(text[s.start:s.end], s.canonical) for s in spans] == [
        ("Kerry", "John Kerry"), ("U.S.", "United States"), ("Nato", "NATO"), ("US", "United States")]


def test_longest_alias_wins(table):
    (span,) = table.spans("the UN Security Council met")
    assert span.canonical == "UN Security Council"


def test_canonical_token():
    assert canonical_token("al-Nusra Front") == "al_nusra_front"


def test_user_table_errors_name_the_entry(tmp_path):
    bad = tmp_path / "aliases.yaml"
    bad.write_text("entities:\n  - kind: person\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"entities\[0\]: missing key\(s\) canonical"):
        load_aliases(bad)
    weird = AliasTable([{"canonical": "A.*B", "aliases": ["(x|y)+"]}])
    assert weird.spans("xyxy A.*B") == [s for s in weird.spans("xyxy A.*B") if s.surface == "A.*B"]
