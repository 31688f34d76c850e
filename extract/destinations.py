"""Sentence rule ``visit-destination``: a visit the sentence names without its destination.

"Vietnam and Japan agreed to deepen cooperation during a visit by Japanese Prime Minister
A" says where A went only through the story: the visit is to the state of the dateline
("HANOI -"), else to the other state of the story's pair. The visitor is the visit noun's
owner ("his visit"), or its "by" or "of" phrase, and must be a state or an official whose
state the text gives; a visit noun with a destination ("a visit to Hanoi", "his Hanoi
visit") is the cue's, not this rule's. Words in ``patterns/relation_words.jsonl``
(``destination_free_visit_nouns``, ``visit_destination_preps``, ``visitor_preps``);
confidence in ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from .arguments import args, clause_verb, subjects
from .document_rules import sentence_rule
from .modality import modality
from .model import FACTUAL, PLANNED
from .offices import StoryOffices
from .principals import principal_pair
from .stance import record_pairs
from .state import Arg, ensure_entity, mention_at, sentence_tokens

# How far up the parse the visit noun's clause may be ("met ... during his visit").
_CLAUSE_REACH = 3


@sentence_rule("visit-destination")
def visits_without_destination(state, sent, name):
    """Each visit noun of the sentence with a visitor and no destination."""
    words = state.lex
    nouns = words.words("destination_free_visit_nouns")
    for noun in sentence_tokens(state, sent):
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns or _has_destination(
                state, noun):
            continue
        negated, planned = modality(state, noun)
        if negated:
            continue
        for visitor in _visitors(state, noun):
            home = visitor.key if visitor.type == "Country" else state.person_state.get(visitor.key)
            destination = _destination(state, home)
            if destination is None:
                continue
            ensure_entity(state, destination)
            record_pairs(state, [visitor], [Arg(destination, "Country", "party")], "visits",
                         noun, name, state.words.factors[name],
                         PLANNED if planned else FACTUAL)


def _has_destination(state, noun):
    preps = state.lex.words("visit_destination_preps")
    if any(c.dep_ == "prep" and c.lower_ in preps for c in noun.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in state.lex.words("visitor_preps")
           and a.type in ("Country", "Place")
           for c in noun.children for p in c.children if p.dep_ == "pobj"
           for a in args(state, p, "object")):
        return True  # "a tour of China": where, not who
    return any(c.dep_ in ("compound", "amod", "nmod") and (m := mention_at(state, c)) is not None
               and m.type in ("Country", "Place") for c in noun.children)


def _visitors(state, noun):
    preps = state.lex.words("visitor_preps")
    found = []
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ == "PRON":
            # "during his visit Mr Macron was met by protesters": his is the clause's person
            found += _clause_persons(state, noun) or args(state, c, "subject")
        elif c.dep_ == "poss":
            found += args(state, c, "subject")
        elif c.dep_ == "prep" and c.lower_ in preps:
            found += [a for p in c.children if p.dep_ == "pobj"
                      for a in args(state, p, "subject") if a.type == "Person"
                      or c.lower_ != "of"]
    return [a for a in found if a.type in ("Person", "Country")]


def _clause_persons(state, noun):
    clause = clause_verb(noun, _CLAUSE_REACH)
    if clause is None:
        return []
    grammatical = [a for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                   for a in args(state, c, "subject")]
    return [a for a in grammatical + subjects(state, clause) if a.type == "Person"][:1]


def _destination(state, home):
    """The dateline's state, else the story pair's other state; never the visitor's own."""
    if home is None:
        return None
    dateline = StoryOffices(state.kb, state.lex).dateline_state(state.doc)
    if dateline is not None:
        return dateline if dateline != home else None
    pair = principal_pair(state)
    if home in pair:
        return pair[1] if home == pair[0] else pair[0]
    return None
