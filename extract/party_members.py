"""Sentence rule ``party-modifier``: a party named before a person's name or title
('Conservative MP A', 'Democrat B', 'former Tory prime minister C') is the person's party.

News writes a politician's party as a word before the name; the knowledge base knows few
parties, so the party is named as the lexicon does (``party_member_words`` in
``patterns/relation_words.jsonl``, with the words that may stand between:
``party_member_gap_words``, titles and the title adjectives). A party word that is also a
portfolio ('Labour Minister A') names the office there, not the party. A party office
between ('Labour leader A', 'Tory foreign affairs spokesman B': ``party_office_words``)
makes the person officialOf the party too. The confidence is data (``factors.jsonl``:
``party-modifier``).
"""
from __future__ import annotations

from bilateral_kg.ontology.kb import KEY_PREFIX, slugify

from .document_rules import sentence_rule
from .mentions import Reading
from .model import Entity
from .record import add_reading

# How many words may stand between the party word and the name.
_MAX_GAP = 4


@sentence_rule("party-modifier")
def party_modifiers(state, sent, name):
    """'Democrat B', 'Conservative MP A': memberOf the party the word names."""
    for mention in state.mentions:
        if mention.type != "Person" or not (sent.start <= mention.start < sent.end) \
                or mention.key not in state.entities:
            continue
        found = _party_before(state, sent, mention.start)
        if found is None:
            continue
        party, at = found
        key = f"{KEY_PREFIX['Organization']}/{slugify(party)}"
        state.entities.setdefault(key, Entity(key, party, "Organization", names={party}))
        add_reading(state, Reading(mention.key, "memberOf", key, mention.start,
                                   state.doc[mention.start].text, name,
                                   state.words.factors[name]))
        between = {t.lower_ for t in state.doc[at + 1:mention.start]}
        if between & state.lex.words("party_office_words"):
            # "Labour leader A", "Tory foreign affairs spokesman B": an office of the party
            add_reading(state, Reading(mention.key, "officialOf", key, mention.start,
                                       state.doc[at:mention.start].text, name,
                                       state.words.factors[name]))


def _party_before(state, sent, start):
    """``(party, index of its word)`` of the capitalised word before ``start`` that names
    one, across titles and gap words; or None."""
    lex = state.lex
    parties = lex.map("party_member_words")
    gap_words = lex.words("party_member_gap_words") | lex.words("title_adjectives") \
        | {w for title in lex.titles for w in title.split()}
    i = start - 1
    while i >= sent.start and start - i <= _MAX_GAP + 1:
        token = state.doc[i]
        word = token.lower_
        if word in parties and token.text[:1].isupper():
            after = state.doc[i + 1].lower_
            if word in lex.words("portfolio_party_words") \
                    and after in lex.words("portfolio_title_words"):
                return None
            return parties[word], i
        if word not in gap_words or token.is_punct:
            return None
        i -= 1
    return None
