"""Sentences and tokens: exact boundaries on hand-checked paragraphs of the bundled corpus."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from stanceviz.segment import SENTENCE_COLUMNS, paragraphs, sentences, tokenize


def doc_sents(sents, doc):
    return sents[sents["doc_id"].str.startswith(doc)]


def test_columns_and_offsets(sents, clean_docs):
    assert list(sents.columns) == SENTENCE_COLUMNS
    texts = clean_docs.set_index("doc_id")["text"]
    for row in sents.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    assert (sents.groupby("doc_id")["sent_no"].apply(lambda s: (s.diff().dropna() == 1).all())).all()


def test_sentence_counts_per_document(sents):
    # hand-checked: 004 has 185 sentences after cleaning (news intro + transcript)
    assert sents.groupby("doc_id").size().to_dict() == {
        "000_53d2993802687308": 29, "001_0759fc89812dbb0b": 14, "002_3c2d6e3cc76a8ab9": 23,
        "003_5a0e71876e275197": 30, "004_75c1ef62c84159e6": 185,
    }


def test_us_secretary_of_state_stays_one_sentence(sents):
    s001 = doc_sents(sents, "001")["text"].tolist()
    assert s001[1] == ("Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State John Kerry held eight "
                       "hours of intense negotiations on Friday, with this week\u2019s terrorist attack in Nice, "
                       "France, that killed 84 people as backdrop.")
    s002 = doc_sents(sents, "002")["text"].tolist()
    assert s002[2] == ("Moscow: U.S. Secretary of State John Kerry called on Thursday for countries to boost efforts "
                       "to fight the Islamic State group in Syria, Iraq and beyond in the wake of this week's deadly "
                       "attacks in Brussels.")


def test_quote_paragraph_split_exactly(sents):
    s000 = doc_sents(sents, "000")
    para = s000[s000["para_no"] == 5]["text"].tolist()
    assert para == [
        "The chairman of Russia's Federation Council\u2019s International Affairs Committee, Konstantin "
        "Kosachev, also said the world should leave aside disagreements and unite in the face of a common "
        "threat after the Nice attack.",
        "\"Terrorism is beyond moral and politics.",
        "It can be crushed only by joint efforts,\" Kosachev wrote on his Facebook page.",
    ]


def test_transcript_turns_start_paragraphs(sents):
    s004 = doc_sents(sents, "004")
    firsts = s004.groupby("para_no")["text"].first()
    labels = [t.split(":")[0] for t in firsts if t.split(":")[0].isupper() and ":" in t]
    assert labels.count("SECRETARY KERRY") == 3
    assert labels.count("FOREIGN MINISTER LAVROV") == 3
    assert {"MODERATOR", "MR KIRBY", "QUESTION"} <= set(labels)
    kirby = s004[s004["text"].str.startswith("MR KIRBY:")]["text"].tolist()
    assert kirby == ["MR KIRBY: First question tonight from Gardiner Harris, New York Times."]


def test_paragraphs_split_at_labels_inside_a_line():
    text = "Intro. SECRETARY KERRY: Hello. Q Yes? MS. PSAKI: No."
    spans = paragraphs("Intro.\nSECRETARY KERRY: Hello.\nQ Yes?")
    assert [text_ for text_ in ("Intro.\nSECRETARY KERRY: Hello.\nQ Yes?"[a:b] for a, b in spans)] == [
        "Intro.", "SECRETARY KERRY: Hello.", "Q Yes?"]
    assert len(paragraphs(text)) == 1  # labels start paragraphs only at a line start


def test_abbreviations_and_titles():
    docs = pd.DataFrame({"doc_id": ["d"], "text": [
        "Mr. Kirby met Dr. Walensky and Gen. Milley on Jan. 5 at the U.N. in New York. Then he left."]})
    assert sentences(docs)["text"].tolist() == [
        "Mr. Kirby met Dr. Walensky and Gen. Milley on Jan. 5 at the U.N. in New York.", "Then he left."]


def test_no_nltk_data_needed(monkeypatch, tmp_path):
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])  # no data anywhere
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["U.S. officials said so. Russia agreed."]})
    assert sentences(docs)["text"].tolist() == ["U.S. officials said so.", "Russia agreed."]


def test_tokenize():
    toks = tokenize("Russia's U.S. ties don't improve \u2013 al-Nusrah can't win.")
    assert [t.text for t in toks] == ["Russia", "'s", "U.S.", "ties", "do", "n't", "improve", "\u2013",
                                      "al-Nusrah", "ca", "n't", "win", "."]
    assert all(t.lower == t.text.casefold() for t in toks)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!\n\"“”U.S:QK ")), max_size=200))
def test_property_offsets_inside_text(text):
    out = sentences(pd.DataFrame({"doc_id": ["x"], "text": [text]}))
    for row in out.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text and row.text.strip() == row.text
