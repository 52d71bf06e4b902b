"""Cleaning: what the bundled corpus needs removed, the audit trail, and its properties."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stanceviz.clean import (
    REPORT_COLUMNS, clean_corpus, clean_text, cleaning_summary, load_rules, quote_spans, top_rules,
)
from stanceviz.config import ConfigError


def rebuild(raw: str, rows) -> str:
    """The cleaned text from the raw text and the report: kept characters + replacements."""
    out, pos = [], 0
    for start, end, repl in sorted(rows):
        assert start >= pos, "report rows overlap"
        out.append(raw[pos:start])
        out.append(repl)
        pos = end
    out.append(raw[pos:])
    return "".join(out)


def removed(report: pd.DataFrame, doc: str, rule: str) -> list[str]:
    sel = report[(report["doc_id"].str.startswith(doc)) & (report["rule"] == rule)]
    return [s.strip() for s in sel["removed"]]


def test_report_columns(report):
    assert list(report.columns) == REPORT_COLUMNS


def test_001_advert_and_share_lines(report, clean_docs):
    assert removed(report, "001", "advert") == ["Anuncio", "Anuncio", "Anuncio"]
    assert removed(report, "001", "share_widget") == ["Share"]
    text = clean_docs.set_index("doc_id").loc["001_0759fc89812dbb0b", "text"]
    assert "Anuncio" not in text and "\nShare" not in text


def test_002_caption_twice_stamps_and_header(report, clean_docs):
    captions = removed(report, "002", "photo_caption")
    assert len(captions) == 2 and all(c.endswith("(Photo: AP)") for c in captions)
    assert removed(report, "002", "published_stamp") == ["Published Mar 24, 2016, 3:54 pm IST",
                                                         "Updated Mar 24, 2016, 3:54 pm IST"]
    assert removed(report, "002", "page_header") == ["World Europe 24 Mar 2016 John Kerry in Moscow ..."]
    text = clean_docs.set_index("doc_id").loc["002_3c2d6e3cc76a8ab9", "text"]
    assert "(Photo: AP)" not in text and "IST" not in text


def test_004_comment_form_and_stage_directions(report, clean_docs):
    (form,) = removed(report, "004", "comment_form")
    assert form.startswith("Leave a Reply") and form.endswith("how your comment data is processed.")
    directions = removed(report, "004", "stage_direction")
    assert directions.count("(Via interpreter)") == 4
    assert "(In Russian.)" in directions and "(Via interpreter, in progress)" in directions
    assert sum(d.lower() == "(inaudible)" for d in directions) == 8
    row = clean_docs.set_index("doc_id").loc["004_75c1ef62c84159e6"]
    assert "(inaudible)" not in row["text"].lower() and "Leave a Reply" not in row["text"]
    # stage directions are kept as marks on the turn, at the right place in the cleaned text
    first = row["marks"][0]
    assert first["text"] == "(Via interpreter)"
    assert row["text"][:first["offset"]].endswith("FOREIGN MINISTER LAVROV: ")
    assert row["text"][first["offset"]:].startswith("– met President Aliyev")


def test_repeated_titles_and_bylines(report, clean_docs):
    for doc in ("000", "003"):
        assert len(removed(report, doc, "repeated_title")) == 1
    assert removed(report, "000", "byline_outlet_date") == ["By bne IntelliNews July 15, 2016"]
    text = clean_docs.set_index("doc_id").loc["000_53d2993802687308", "text"]
    assert text.count("Anti-terrorism central to Kerry talks in Moscow after Nice attack") == 1
    assert removed(report, "004", "byline_staff") == ["Newsroom24x7 Staff"]
    assert removed(report, "004", "repeated_caption") == ["John Kerry in Moscow", "John Kerry in Moscow"]


def test_nothing_removed_inside_quotations(report, clean_docs):
    for _, row in clean_docs.iterrows():
        spans = quote_spans(row["raw_text"])
        rep = report[(report["doc_id"] == row["doc_id"]) & (report["rule"] != "whitespace")]
        for start, end in zip(rep["start"], rep["end"]):
            for qs, qe in spans:
                overlap = min(end, qe) - max(start, qs)
                # character replacements (NBSP, ellipsis) are allowed; removals are not
                if overlap > 0:
                    repl = rep[(rep["start"] == start)]["replacement"].iloc[0]
                    assert repl != "", (row["doc_id"], start, end)


def test_report_accounts_for_every_character(clean_docs, report):
    for _, row in clean_docs.iterrows():
        rep = report[report["doc_id"] == row["doc_id"]]
        assert rebuild(row["raw_text"], zip(rep["start"], rep["end"], rep["replacement"])) == row["text"]
        assert all(row["raw_text"][s:e] == r for s, e, r in zip(rep["start"], rep["end"], rep["removed"]))


def test_byline_fills_missing_metadata(docs):
    blank = docs.copy()
    blank["outlet"] = "unknown"
    blank["date"] = pd.NaT
    out, _ = clean_corpus(blank)
    row = out.set_index("doc_id").loc["000_53d2993802687308"]
    assert row["outlet"] == "bne IntelliNews" and row["outlet_source"] == "byline"
    assert row["date"] == pd.Timestamp("2016-07-15") and row["date_source"] == "byline"
    assert out.set_index("doc_id").loc["001_0759fc89812dbb0b", "outlet_source"] == "unknown"
    kept, _ = clean_corpus(docs)
    assert kept.set_index("doc_id").loc["000_53d2993802687308", "outlet_source"] == "manifest"


def test_idempotent_on_bundled_corpus(clean_docs):
    for _, row in clean_docs.iterrows():
        assert clean_text(row["text"], title=row["title"]).text == row["text"]


def test_unicode_normalisation_keeps_quote_styles():
    res = clean_text("He said \u201cyes\u201d and \"no\"\u00a0\u2026 then\u200b left.")
    assert res.text == "He said \u201cyes\u201d and \"no\" ... then left."


def test_hard_wrapped_lines_are_joined_and_turns_start_paragraphs():
    text = ("MS. PSAKI:  Good afternoon.  I have a few items for you at the top of the\n"
            "briefing today and then we will take questions from all of you in the room.\n"
            "Q  Thank you, Jen.  On Ukraine, is the administration prepared to send more\n"
            "weapons to Kyiv before the end of the month, as the Pentagon has suggested?\n")
    assert clean_text(text).text == (
        "MS. PSAKI: Good afternoon. I have a few items for you at the top of the briefing today and then "
        "we will take questions from all of you in the room.\n\nQ Thank you, Jen. On Ukraine, is the "
        "administration prepared to send more weapons to Kyiv before the end of the month, as the Pentagon "
        "has suggested?")


def test_stage_direction_pattern_does_not_eat_content_parentheses():
    res = clean_text("The talks (in Geneva) went on. SECRETARY KERRY: (Laughter.) Thanks.")
    assert "(in Geneva)" in res.text
    assert [m["text"] for m in res.marks] == ["(Laughter.)"]


def test_user_rules_extend_and_bad_rules_name_the_key(tmp_path):
    user = tmp_path / "rules.yaml"
    user.write_text("line:\n  promo:\n    pattern: 'Download our app.*'\n", encoding="utf-8")
    rules = load_rules(user)
    assert "promo" in rules.names and "advert" in rules.names
    assert clean_text("Text one.\nDownload our app now\nText two.", rules=rules).text == "Text one.\n\nText two."
    bad = tmp_path / "bad.yaml"
    bad.write_text("line:\n  broken:\n    pattern: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yaml: line.broken.pattern: invalid regular expression"):
        load_rules(bad)
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text("line:\n  x: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"syntax.yaml: line \d+, column \d+"):
        load_rules(syntax)


def test_summary_tables(clean_docs, report):
    per_doc, per_rule = cleaning_summary(clean_docs, report)
    assert len(per_doc) == 5
    row = per_doc.set_index("doc_id").loc["002_3c2d6e3cc76a8ab9"]
    assert row["words_raw"] - row["words_clean"] == row["words_removed"] > 40
    top = top_rules(per_rule, n=3)
    assert top["rule"].nunique() == 4 and "other rules" in set(top["rule"])
    assert "whitespace" not in set(top["rule"])
    assert top["words_removed"].sum() == per_rule.loc[per_rule["rule"] != "whitespace", "words_removed"].sum()


# --- properties -----------------------------------------------------------------------------

_pieces = st.sampled_from([
    "Kerry said", " ", "\n", "\n\n", "\u201c", "\u201d", '"', "\u00ab", "\u00bb", "Share", "Anuncio",
    "(inaudible)", "(Via interpreter)", "Leave a Reply", "\u00a0", "\u2026", "Syria.", "NATO",
    "SECRETARY KERRY:", "Published Mar 24, 2016", "x" * 30, "(Photo: AP)", "\t", "  ",
])
texts = st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_property_accounting_and_idempotence(text):
    res = clean_text(text)
    assert rebuild(text, [(r.start, r.end, r.replacement) for r in res.removals]) == res.text
    assert clean_text(res.text).text == res.text
    for m in res.marks:
        assert 0 <= m["offset"] <= len(res.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Share", "Anuncio", "(inaudible)", "Leave a Reply", "Advertisement",
                                 "words here", " ", "\u00a0"]), min_size=1, max_size=12).map("".join),
       st.sampled_from(["\u201c{}\u201d", '"{}"', "\u00ab{}\u00bb"]))
def test_property_quoted_text_survives(inner, quote):
    # quotes pair within a paragraph (a line, unless the text is hard-wrapped): nothing between
    # a pair of marks is removed, whatever rule would otherwise match it
    text = "Intro line.\n\nKerry said " + quote.format(inner) + " today.\n\nEnd."
    res = clean_text(text)
    squash = lambda s: " ".join(s.split())  # noqa: E731
    assert squash(inner) in squash(res.text)
