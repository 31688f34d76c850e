"""Whose official the one who meets a counterpart is: "A met his Moroccan counterpart B".

A counterpart holds the same office for the other side. When the story is about a pair
of states and the title gives the counterpart's state, the person whose counterpart it is
(the subject of the clause, its owner "his"/"her") serves the pair's other state: an
``officialOf`` reading (rule ``counterpart``, confidence in ``patterns/factors.jsonl``),
and that person speaks for the state in the rules that lift officials' deeds. Run once per
document, after the principals are ranked and before the sentences are read.

Word sets in ``patterns/reference_words.jsonl`` (``counterpart_nouns``, ``owner_pronouns``).
"""
from __future__ import annotations

from .arguments import clause_verb, subjects
from .mentions import Reading
from .principals import principal_pair
from .record import add_reading

# How far up the parse the counterpart's clause may be ("held talks with his counterpart").
_CLAUSE_REACH = 3


def serve_counterparts(state, name="counterpart"):
    """Give the state of the story's pair to each person who meets a counterpart of the
    other state."""
    pair = principal_pair(state)
    if len(pair) != 2:
        return
    nouns = state.lex.words("counterpart_nouns")
    owners = state.lex.words("owner_pronouns")
    for fact in state.doc._.bkg_facts or []:
        if fact.relation != "officialOf" or fact.object not in pair:
            continue
        noun = _counterpart_noun(state.doc, fact, nouns)
        if noun is None or not any(c.dep_ == "poss" and c.lower_ in owners
                                   for c in noun.children):
            continue  # "the Moroccan counterpart": whose, the clause does not say
        other = pair[1] if fact.object == pair[0] else pair[0]
        for person in _owners(state, noun):
            if person.key == fact.subject or person.key in state.person_state:
                continue
            state.person_state[person.key] = other
            add_reading(state, Reading(person.key, "officialOf", other, noun.i, noun.text,
                                       name, state.words.factors[name]))


def _counterpart_noun(doc, fact, nouns):
    """The word "counterpart" of the fact's title, or None."""
    for token in doc[fact.token:min(len(doc), fact.token + 4)]:
        if token.lemma_.lower() in nouns or token.lower_ in nouns:
            return token
    return None


def _owners(state, noun):
    """The persons of the clause the counterpart stands in: its subjects."""
    clause = clause_verb(noun, _CLAUSE_REACH)
    if clause is None:
        return []
    return [a for a in subjects(state, clause) if a.type == "Person"]
