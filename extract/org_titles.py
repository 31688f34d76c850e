"""Offices of bodies the knowledge base does not know: 'Unity Party leader Ivan Petrov'.

The titles read while naming people (:mod:`~bilateral_kg.extract.titles`) tie a title to
the states and bodies of the knowledge base. The sentence rule ``org-title`` reads the
same shape for any organisation the text names: a title word (``titles.jsonl``) that
modifies a person's name, itself modified by an organisation ("Green Alliance leader
Roger Knapman", "Acme Corp chairman Ivan Petrov"): the person is that body's official.

- ``party-owner``: "Ivan Petrov's Unity Party": a person owns a party they belong to
  (the heads of a party's name are ``party_heads``).

Confidences are data (``factors.jsonl``).
"""
from __future__ import annotations

from .arguments import args_one
from .document_rules import sentence_rule
from .mentions import Reading
from .record import add_reading
from .state import mention_at, sentence_tokens


def _persons(state, token):
    return [a for a in args_one(state, token, "subject", None) if a.type == "Person"]


@sentence_rule("org-title")
def organisation_titles(state, sent, name):
    """'Green Alliance leader Roger Knapman': officialOf the body before the title."""
    for token in sentence_tokens(state, sent):
        if state.lex.titles.get(token.lower_, "courtesy") == "courtesy" \
                or token.dep_ != "compound" or mention_at(state, token.head) is None \
                or token.head.lower_ in state.lex.titles:
            continue  # "General Secretary": a title, not a name
        if token.lower_ in state.lex.words("envoy_title_words"):
            continue  # "Iran's UN Ambassador A" serves Iran at the UN (titles.py)
        persons = _persons(state, token.head)
        bodies = [a for c in token.children if c.dep_ == "compound"
                  for a in args_one(state, c, "modifier", None) if a.type == "Organization"]
        for person in persons:
            for body in bodies:
                add_reading(state, Reading(person.key, "officialOf", body.key, token.i,
                                           token.text, name, state.words.factors[name]))


@sentence_rule("party-owner")
def party_owners(state, sent, name):
    """'Ivan Petrov's Unity Party': the owner is a member of the party."""
    heads = state.lex.words("party_heads")
    for token in sentence_tokens(state, sent):
        if token.lemma_.lower() not in heads:
            continue
        mention = mention_at(state, token)
        if mention is None or mention.type != "Organization" or token.i != mention.end - 1:
            continue
        for owner in (c for c in token.children if c.dep_ == "poss"):
            for person in _persons(state, owner):
                add_reading(state, Reading(person.key, "memberOf", mention.key, token.i,
                                           token.text, name, state.words.factors[name]))
