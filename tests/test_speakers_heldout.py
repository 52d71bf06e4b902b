"""Held-out checks: sentences and paragraphs with names the rules never saw.

Both lists were written before the system was run on them. First runs: sentences 17/20
(one expected id was then corrected to the documented slug rule, "Ukraine's foreign ministry"
-> "ukraine-foreign-ministry"), paragraphs 13/15. The rules were improved afterwards, so
current scores are no longer held-out; docs/speakers.md reports both.
"""

from __future__ import annotations

import pytest

from stanceviz.speakers import find_quotes

#: (text, speaker id, kind)
SENTENCES = [
    ('"Our patience is running out," Kaja Kallas said on Monday.', 'kaja-kallas', 'direct'),
    ('Pedro Sánchez said Spain would recognise the state next month.', 'pedro-sanchez', 'indirect'),
    ('“No deal is better than a bad deal,” said British Prime Minister Theresa May.', 'theresa-may', 'direct'),
    ('Finnish President Sauli Niinistö warned that the border could be closed.', 'sauli-niinisto', 'indirect'),
    ('The plan is dead, according to Hungarian Foreign Minister Peter Szijjarto.', 'peter-szijjarto', 'indirect'),
    ('Rishi Sunak arrived late. He said the vote would go ahead.', 'rishi-sunak', 'indirect'),
    ('Kamala Harris called on Congress to pass the bill.', 'kamala-harris', 'indirect'),
    ('"We have done our part," the minister added, after Annalena Baerbock had met her counterpart.', 'annalena-baerbock', 'direct'),
    ('Turkish officials say the corridor will stay open.', 'turkish-officials', 'indirect'),
    ('"This is unacceptable," Lavrov told reporters in Moscow.', 'sergey-lavrov', 'direct'),
    ('Kremlin spokesman Dmitry Peskov said on Thursday that no meeting was planned.', 'dmitry-peskov', 'indirect'),
    ('"The door remains open," Blinken said. "But the choice is theirs."', 'blinken', 'direct'),
    ("Ukraine's foreign ministry said the strike had hit a school, Interfax reported.", 'ukraine-foreign-ministry', 'indirect'),
    ('António Guterres urged both sides to return to the table.', 'antonio-guterres', 'indirect'),
    ('"We don\'t negotiate under threat," Maria Zakharova wrote on Telegram.', 'maria-zakharova', 'direct'),
    ('Mark Rutte was quoted as saying that the alliance would not be divided.', 'mark-rutte', 'indirect'),
    ('Speaking in Kyiv, Olena Zelenska said, "Every child deserves to go home."', 'olena-zelenska', 'direct'),
    ('Ms. Ardern told a news conference that the law would change.', 'ardern', 'indirect'),
    ('Xi Jinping expressed hope that relations would improve.', 'xi-jinping', 'indirect'),
    ('The ceasefire was holding, a senior US official said.', 'us-officials', 'indirect'),
]

#: (text, words inside the quote or report, speaker id)
PARAGRAPHS = [
    ('Finnish Prime Minister Petteri Orpo visited the border on Sunday. "We will not let this become a new route," he said. The interior ministry said crossings had fallen.', 'a new route', 'petteri-orpo'),
    ('Finnish Prime Minister Petteri Orpo visited the border on Sunday. "We will not let this become a new route," he said. The interior ministry said crossings had fallen.', 'crossings had fallen', 'interior-ministry'),
    ('"There is no military solution," Josep Borrell told a news conference in Brussels, according to AFP.', 'no military solution', 'josep-borrell'),
    ('The decision was taken unanimously, Reuters reported, citing two diplomats.', 'taken unanimously', 'reuters'),
    ('Kenyan President William Ruto urged donors to honour their pledges. The president added that the money was needed before the rains.', 'the money was needed', 'william-ruto'),
    ('Health Minister Anna Kovacs said the hospitals were full. "We are at the limit," Kovacs said, adding that staff were exhausted.', 'We are at the limit', 'anna-kovacs'),
    ('Health Minister Anna Kovacs said the hospitals were full. "We are at the limit," Kovacs said, adding that staff were exhausted.', 'staff were exhausted', 'anna-kovacs'),
    ('“I regret nothing,” said the former mayor, Tomas Berg, in an interview.', 'I regret nothing', 'tomas-berg'),
    ('Opposition leader Maria Lind accused the government of hiding the figures. She called the report “a whitewash”.', 'a whitewash', 'maria-lind'),
    ('According to the ministry of defence, three drones were shot down overnight.', 'three drones were shot down', 'ministry-of-defence'),
    ('The senator, Dan Ortega, said in a statement that he would vote against the bill.', 'he would vote against', 'dan-ortega'),
    ('“We are open to talks,” the spokeswoman for the foreign ministry, Lea Novak, said on Friday. “But not under pressure.”', 'not under pressure', 'lea-novak'),
    ('Protesters say the law is unfair. “It takes our land,” one of them, Ana Ruiz, told the BBC.', 'It takes our land', 'ana-ruiz'),
    ('The central bank kept rates on hold. Governor Paul Reiter said inflation was falling faster than expected.', 'inflation was falling', 'paul-reiter'),
    ('“This was a great victory,” Mr. Okafor told supporters. Later he said that the count was not yet final.', 'the count was not yet final', 'okafor'),
]


def test_held_out_sentences_with_unseen_names():
    hits = [speaker in [q.speaker for q in find_quotes(text)] for text, speaker, _ in SENTENCES]
    assert sum(hits) / len(hits) >= 0.85


def test_held_out_paragraphs_with_unseen_names():
    hits = []
    for text, needle, speaker in PARAGRAPHS:
        qs = [q for q in find_quotes(text) if needle in text[q.content_start : q.content_end]]
        hits.append(any(q.speaker == speaker for q in qs))
    assert sum(hits) / len(hits) >= 0.85


@pytest.mark.parametrize(("text", "speaker", "kind"), SENTENCES[:6])
def test_kind_of_held_out_sentence(text, speaker, kind):
    assert (speaker, kind) in [(q.speaker, q.kind) for q in find_quotes(text)]
