"""Tests for stanceviz.speakers: turns, quotes, sources, attribution, gold evaluation."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stanceviz.config import ConfigError
from stanceviz.speakers import (
    ATTRIBUTIONS,
    LABEL_PATTERN,
    SPAN_COLUMNS,
    attribute,
    evaluate_speakers,
    find_quotes,
    load_registry,
    match_gold,
    split_turns,
)

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold_speakers.csv"
D004 = "004_75c1ef62c84159e6"


def _quote(text: str, needle: str):
    """The quote whose content contains ``needle``."""
    hits = [q for q in find_quotes(text) if needle in text[q.content_start : q.content_end]]
    assert hits, f"no quote contains {needle!r}: {[text[q.content_start : q.content_end] for q in find_quotes(text)]}"
    return hits[0]


def _text(clean_docs, stem: str) -> str:
    return clean_docs.loc[clean_docs["doc_id"].str.startswith(stem), "text"].iloc[0]


# --- transcript turns --------------------------------------------------------------------------


def test_transcript_004_has_all_eleven_turns_with_speakers(clean_docs):
    row = clean_docs[clean_docs["doc_id"] == D004].iloc[0]
    turns = split_turns(row["text"], marks=list(row["marks"]))
    assert [t.speaker for t in turns] == [
        "sergey-lavrov",
        "john-kerry",
        "moderator",
        "john-kirby",
        "journalist",
        "john-kerry",
        "john-kerry",
        "sergey-lavrov",
        "moderator",
        "journalist",
        "sergey-lavrov",
    ]
    text = row["text"]
    # the label is not part of the spoken words
    assert text[turns[1].start :].startswith("Well, Sergey, good evening.")
    assert text[turns[1].label_start : turns[1].start].strip() == "SECRETARY KERRY:"
    # "MODERATOR: (In Russian.)" survives cleaning through the marks
    assert turns[8].start == turns[8].end and turns[8].marks == ("In Russian.",)
    # narrator text before the first label is no turn
    assert turns[0].label_start > text.index("Joint Press remarks")


def test_split_turns_on_raw_text_reads_stage_directions(raw_dir):
    raw = (raw_dir / f"{D004}.txt").read_text(encoding="utf-8")
    turns = split_turns(raw)
    assert len(turns) == 11
    assert turns[0].marks == ("Via interpreter",)
    assert raw[turns[0].start :].startswith("– met President Aliyev")
    assert turns[10].marks == ("Via interpreter, in progress",)
    assert turns[8].marks == ("In Russian.",) and turns[8].start == turns[8].end


def test_split_turns_hard_wrapped_briefing():
    text = (
        "4:18 P.M. EDT\n  \nMS. PSAKI:  Good afternoon.  I have two items\nfor you today.\n  \n"
        "Q\u00a0\u00a0 Thanks, Jen.  On the\nbill —\n  \nMS. PSAKI:  Sure.\n  \n"
        "Q: And the vote?\n  \nDR. FAUCI: (Via interpreter) Yes.\n  \nEND 4:29 P.M. EDT\n"
    )
    turns = split_turns(text)
    assert [t.label for t in turns] == ["MS. PSAKI", "Q", "MS. PSAKI", "Q", "DR. FAUCI"]
    assert [t.speaker for t in turns] == ["jen-psaki", "journalist", "jen-psaki", "journalist", "anthony-fauci"]
    assert text[turns[1].start : turns[1].end] == "Thanks, Jen.  On the\nbill —"
    assert turns[4].marks == ("Via interpreter",)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow: After the attack, Kerry said so.",  # mixed-case dateline
        "COVID-19: Wear a well-fitted mask.",  # wrapped prose, letters and digits
        "NOTE: the transcript was edited.",
        "Lasting divisions\n\nBefore the talks, the ministry said so.",
        "HEADING IN CAPITALS:\n\nA paragraph of news.",  # a capitals line with no speech
        "The LGBTQ community welcomed it.",
    ],
)
def test_not_a_turn(text):
    assert split_turns(text) == []


def test_unknown_label_gets_derived_id_and_titles_are_removed():
    (t,) = split_turns("ACTING ADMINISTRATOR SLAVITT:  Thank you.")
    assert (t.speaker, t.speaker_name, t.speaker_side) == ("slavitt", "Slavitt", "unknown")
    (t,) = split_turns("PRESIDENT PUTIN (via interpreter): Good evening.")
    assert t.speaker == "vladimir-putin" and t.marks == ("via interpreter",)


def test_midline_label_where_a_line_break_was_lost():
    text = "Q    Were those actions of the administration that MS. PSAKI:  Well, those were actions."
    assert [t.speaker for t in split_turns(text)] == ["journalist", "jen-psaki"]


def test_label_pattern_is_the_documented_one():
    assert LABEL_PATTERN.search("FOREIGN MINISTER LAVROV: (Via interpreter)– met")
    assert LABEL_PATTERN.search("MR KIRBY: First question")
    assert not LABEL_PATTERN.search("  lowercase: no")


# --- quotes in the bundled news -----------------------------------------------------------------


def test_direct_quote_with_relay_is_attributed_to_the_speaker(clean_docs):
    text = _text(clean_docs, "000")
    q = _quote(text, "the Nato member-countries should fight international terrorism")
    assert (q.kind, q.speaker, q.relay, q.cue) == ("direct", "vladimir-dzhabarov", "tass", "said")
    q = _quote(text, "should have focused on efforts to combat terrorism")  # "the senator added"
    assert q.speaker == "vladimir-dzhabarov" and q.source_text == "the senator"


def test_pronoun_and_according_to_resolve_to_the_last_source(clean_docs):
    text = _text(clean_docs, "000")
    q = _quote(text, "many questions remain connected")
    assert (q.source_text, q.speaker) == ("he", "dmitry-peskov")
    q = _quote(text, "is present, but still")
    assert (q.kind, q.cue, q.source_text, q.speaker) == ("mixed", "According to", "him", "dmitry-peskov")
    q = _quote(text, "what he called" if False else "the next heinous terrorist attack")
    assert (q.cue, q.speaker) == ("called", "vladimir-putin")


def test_relay_is_speaker_only_when_it_is_the_only_source(clean_docs):
    text = _text(clean_docs, "001")
    q = _quote(text, "with little or no Jabhat alNusra presence")
    assert (q.kind, q.speaker) == ("mixed", "washington-post")
    q = _quote(text, "the American delegation took a pause for consultations")
    assert (q.speaker, q.relay, q.source_text) == (
        "russian-foreign-ministry",
        "tass",
        "a Russian Foreign Ministry source",
    )
    text3 = _text(clean_docs, "003")
    q = _quote(text3, "not to allow terrorists")
    assert (q.kind, q.speaker, q.relay) == ("mixed", "sergey-lavrov", "tass")


def test_reported_speech_and_role_nouns(clean_docs):
    text = _text(clean_docs, "001")
    q = _quote(text, "many issues still needed to be resolved")
    assert (q.kind, q.cue, q.speaker) == ("indirect", "stressed", "sergey-lavrov")
    assert text[q.content_start : q.content_end] == "many issues still needed to be resolved"
    q = _quote(text, "the United States to accelerate cooperation")
    assert (q.cue, q.speaker, q.speaker_side) == ("urged", "sergey-shoygu", "Russia")
    text3 = _text(clean_docs, "003")
    q = _quote(text3, "agreed on advancing a political settlement")
    assert (q.source_text, q.speaker) == ("Washington's foreign policy chief", "john-kerry")
    q = _quote(text3, "Bilateral trade turnover shrank")
    assert (q.source_text, q.speaker) == ("the ministry", "russian-foreign-ministry")


def test_block_quote_and_first_person_continuation(clean_docs):
    text = _text(clean_docs, "004")
    q = _quote(text, "No act of terror can shake the bonds")
    assert (q.kind, q.cue, q.speaker) == ("direct", "said", "john-kerry")
    q = _quote(text, "I’ve just described about the cessation")
    assert (q.kind, q.speaker) == ("direct", "john-kerry")
    q = _quote(text, "he was referring to the problem of national terrorism")
    assert (q.source_text, q.speaker) == ("Sergey", "sergey-lavrov")


# --- unseen names: the rules generalise ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ('"We will not back down," Ursula von der Leyen said on Tuesday.', "ursula-von-der-leyen", "direct"),
        (
            "European Commission President Ursula von der Leyen said the bloc would respond.",
            "ursula-von-der-leyen",
            "indirect",
        ),
        ("“The sanctions will stay,” said German Chancellor Olaf Scholz.", "olaf-scholz", "direct"),
        ("Angela Merkel spoke first. She said that Europe must stand together.", "angela-merkel", "indirect"),
        ("The alliance is united, according to Jens Stoltenberg.", "jens-stoltenberg", "indirect"),
        ('"We are ready to talk," Mr. Erdogan told journalists in Ankara.', "erdogan", "direct"),
        (
            'Emmanuel Macron met the press. "This is a turning point," the French president said.',
            "emmanuel-macron",
            "direct",
        ),
    ],
)
def test_unseen_names(text, speaker, kind):
    found = [(q.speaker, q.kind) for q in find_quotes(text)]
    assert (speaker, kind) in found


def test_unseen_name_side_comes_from_nationality_and_surname_links_back():
    text = "Spanish Prime Minister Pedro Sánchez said the state would be recognised. Sánchez added that it was overdue."
    qs = find_quotes(text)
    assert [(q.speaker, q.speaker_side) for q in qs] == [("pedro-sanchez", "EU"), ("pedro-sanchez", "EU")]


def test_registry_persons_are_never_named_in_the_code():
    reg = load_registry()
    names = {a for e in reg.entries.values() if e.type == "person" for a in (e.name, *e.aliases) if len(a) > 3}
    src = Path(__file__).resolve().parents[1] / "src" / "stanceviz"
    code = "\n".join(p.read_text(encoding="utf-8") for p in [*src.glob("speakers*.py"), src / "plot" / "speakers.py"])
    leaked = sorted(n for n in names if re.search(r"\b" + re.escape(n) + r"\b", code))
    assert leaked == []


def test_registry_errors_name_the_file_and_entry(tmp_path):
    bad = tmp_path / "reg.yaml"
    bad.write_text("speakers:\n  - id: x\n    name: X\n    type: robot\n    side: US\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"reg\.yaml: speakers\[0\] \('x'\): 'type' must be one of"):
        load_registry(bad)
    bad.write_text("speakers:\n  - id: x\n    name: X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="missing key"):
        load_registry(bad)


# --- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"',
        "“",
        "”",
        '"""',
        "« »",
        "He said ‘unbalanced', “nested ‘inner’ quote”.",
        'a "b “c" d” e',
        "’s ’s ‘",
    ],
)
def test_odd_quote_marks_never_raise(text):
    for q in find_quotes(text):
        assert 0 <= q.content_start <= q.content_end <= len(text)


def test_single_quote_marks_and_apostrophes():
    from stanceviz.speakers_quotes import quote_spans

    text = "'We will win,' Ana Ortiz said. Don't panic: it's the states' rights, rock 'n' roll, 'unclosed"
    assert [text[a:b] for _, a, b, _, _ in quote_spans(text)] == ["We will win,", "n"]
    assert find_quotes(text)[0].speaker == "ana-ortiz"
    text = "He said \"a ‘b’ c\" and „d“ and «e»."
    assert [text[a:b] for _, a, b, _, _ in quote_spans(text)] == ["a ‘b’ c", "d", "e"]


def test_unbalanced_quote_runs_to_the_paragraph_end():
    text = 'Kerry said, "this never closes.\n\nNext paragraph.'
    (q,) = find_quotes(text)
    assert text[q.content_start : q.content_end] == "this never closes."
    assert q.speaker == "john-kerry"


def test_multi_paragraph_quote_continues_the_speaker():
    text = '"First part," Lavrov said. "Then more.\n\n"And the end," he concluded.\n\nNarrator text.'
    speakers = [q.speaker for q in find_quotes(text)]
    assert speakers == ["sergey-lavrov", "sergey-lavrov", "sergey-lavrov"]


_ALPHABET = st.sampled_from(
    list('"“”‘’«»„ \n.,:;') + ["said", "Kerry", "he", "that", "MR. X:", "Q ", "according to", "the"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map(" ".join))
def test_property_offsets_inside_text(text):
    for q in find_quotes(text):
        assert 0 <= q.content_start <= q.content_end <= len(text)
        assert q.kind in {"direct", "indirect", "mixed"}
        if q.source_start >= 0:
            assert 0 <= q.source_start <= q.source_end <= len(text)
    for t in split_turns(text):
        assert 0 <= t.label_start <= t.start <= t.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_property_any_unicode_text(text):
    for q in find_quotes(text):
        assert 0 <= q.content_start <= q.content_end <= len(text)
    for t in split_turns(text):
        assert 0 <= t.label_start <= t.start <= t.end <= len(text)


@pytest.mark.slow
def test_five_megabytes_do_not_raise(raw_dir):
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(raw_dir.glob("*.txt")))
    big = (base * (5_000_000 // len(base) + 1))[:5_000_000] + ' "unclosed'
    qs = find_quotes(big)
    assert len(qs) > 1000
    assert all(0 <= q.content_start <= q.content_end <= len(big) for q in qs)


# --- attribute -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spans(clean_docs):
    from stanceviz.segment import sentences

    return attribute(sentences(clean_docs), clean_docs)


def test_attribute_columns_and_values(spans, clean_docs):
    assert list(spans.columns) == SPAN_COLUMNS
    assert set(spans["attribution"]) == set(ATTRIBUTIONS)
    texts = dict(zip(clean_docs["doc_id"], clean_docs["text"]))
    for r in spans.itertuples():
        assert texts[r.doc_id][r.start : r.end] == r.text
    assert spans.groupby(["doc_id", "sent_no"])["span_no"].apply(lambda s: list(s) == list(range(len(s)))).all()


def test_attribute_excludes_turn_labels_and_keeps_marks(spans):
    t = spans[spans["attribution"] == "turn"]
    assert not t["text"].str.match(r"^(SECRETARY KERRY|FOREIGN MINISTER LAVROV|QUESTION|MODERATOR):").any()
    first_kerry = t[t["speaker"] == "john-kerry"].iloc[0]
    assert first_kerry["text"].startswith("Well, Sergey, good evening.")
    lav = t[t["speaker"] == "sergey-lavrov"]
    assert (lav["turn_marks"].str.contains("Via interpreter")).all()


def test_attribute_splits_a_narrator_sentence_at_the_quote(spans):
    s000 = spans[spans["doc_id"].str.startswith("000")]
    # '… what he called "the next heinous terrorist attack in France", and expressed …'
    row = s000[s000["text"] == "the next heinous terrorist attack in France"].iloc[0]
    same = s000[s000["sent_no"] == row["sent_no"]]
    assert row["speaker"] == "vladimir-putin" and row["attribution"] == "direct"
    narr = same[same["attribution"] == "narrator"]
    assert (narr["speaker"] == "outlet:bne IntelliNews").all() and len(narr) >= 1
    assert (narr["speaker_side"] == "media").all()


def test_attribute_requires_its_columns(clean_docs):
    with pytest.raises(ValueError, match="'sentences' argument of attribute must have the column"):
        attribute(pd.DataFrame({"doc_id": ["a"]}), clean_docs)


# --- gold ----------------------------------------------------------------------------------------


def test_gold_is_found_in_the_cleaned_text(clean_docs):
    m = match_gold(clean_docs, GOLD)
    gold = m[m["source"] == "gold"]
    assert len(gold) == len(pd.read_csv(GOLD))
    assert gold["located"].all()


def test_gold_bar(clean_docs):
    ev = evaluate_speakers(clean_docs, GOLD).set_index("scope")
    assert ev.loc["quotes", "recall"] >= 0.95
    assert ev.loc["quotes", "speaker_accuracy"] >= 0.95
    assert ev.loc["turns", "n_matched"] == ev.loc["turns", "n_gold"] == 11
    assert ev.loc["turns", "speaker_accuracy"] == 1.0


def test_evaluation_can_fail(clean_docs):
    """A gold file with a wrong speaker and an invented quote lowers the scores."""
    g = pd.read_csv(GOLD, dtype=str, keep_default_na=False).head(3).copy()
    g.loc[0, "speaker"] = "somebody-else"
    ev = evaluate_speakers(clean_docs, g).set_index("scope")
    assert ev.loc["quotes", "speaker_accuracy"] == pytest.approx(2 / 3)
    g.loc[1, "content"] = "words that appear nowhere in the corpus"
    m = match_gold(clean_docs, g)
    assert not m.loc[(m["source"] == "gold")].iloc[1]["located"]


# --- 663 White House press briefings -----------------------------------------------------------

BRIEFINGS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wh-press-briefings-2021-2022.tar.xz"
SIMPLE_LABEL = re.compile(r"(?m)^[ \t\u00a0]*(?:[A-Z][A-Z.'’ -]*[A-Z.]:|Q\s)")


@pytest.mark.slow
@pytest.mark.skipif(not BRIEFINGS.exists(), reason="press-briefing corpus not available")
def test_every_labelled_briefing_turn_is_found(tmp_path_factory):
    """Simple-regex labels vs parsed turns on 663 transcripts; every difference is explained."""
    import tarfile

    out = tmp_path_factory.mktemp("briefings")
    with tarfile.open(BRIEFINGS) as tar:
        tar.extractall(out, filter="data")
    files = sorted(out.rglob("*.md"))
    assert len(files) == 663
    n_simple = n_turns = 0
    unexplained = []
    for f in files:
        body = f.read_text(encoding="utf-8").split("---", 2)[-1]
        simple = {m.start() for m in SIMPLE_LABEL.finditer(body)}
        turns = split_turns(body)
        starts = {body.rfind("\n", 0, t.label_start) + 1 for t in turns}
        n_simple += len(simple)
        n_turns += len(turns)
        for s in simple - starts:  # a capitals word + colon closing a wrapped line before a blank line
            line_end = body.find("\n", s)
            if not re.match(r"\n[ \t\u00a0]*\n", body[line_end : line_end + 4]):
                unexplained.append((f.name, body[s : s + 60]))
        for t in turns:
            ls = body.rfind("\n", 0, t.label_start) + 1
            if ls in simple:
                continue
            line = body[ls : body.find("\n", ls)]
            if not (re.match(r"[ \t\u00a0]*Q:", line) or t.label_start > ls + len(line) - len(line.lstrip()) + 1):
                unexplained.append((f.name, line[:60]))
    assert unexplained == []
    assert (n_simple, n_turns) == (61311, 61318)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=80).map(" ".join))
def test_property_attribute_spans_lie_in_their_sentence(text):
    from stanceviz.segment import sentences

    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    sents = sentences(docs)
    spans = attribute(sents, docs)
    bounds = {r.sent_no: (r.start, r.end) for r in sents.itertuples()}
    for r in spans.itertuples():
        lo, hi = bounds[r.sent_no]
        assert lo <= r.start < r.end <= hi
        assert text[r.start : r.end] == r.text
        assert r.attribution in ATTRIBUTIONS
        assert r.outlet == "unknown"
