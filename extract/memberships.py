"""Memberships and alliances named by a modifier: 'OPEC member Nigeria', 'a US ally'.

The cue ``member of`` (``cues.jsonl``) reads "Chile is a member of OPEC"; news more often
puts the body before the noun. The sentence rule ``member-modifier`` reads a member noun
(``member_nouns``) whose compound names an organisation, and finds the members:

- the name the noun modifies: "fellow OPEC member Nigeria";
- the names in apposition: "NATO members Norway and Denmark", "Norway, a NATO member";
- the subject of a copula: "Chile is an OPEC member";
- "the two NATO members" with no name: the pair the story is about (the parties of the
  last talks or pairing, else its principal pair), a little less sure;
- "fellow": the one called a fellow member is compared with the story's principal state,
  which is a member too (less sure still).

A noun of what only a member can be (``owned_member_nouns``) owned by an organisation
says the same: "Iran, Opec's second-biggest producer", "the bank's largest shareholder".

The sentence rule ``patron-modifier`` reads a funder noun (``patron_nouns``) owned by
the one funded the same way: "South Korea is Vietnam's largest investor", "China, Kenya's
biggest creditor".

The sentence rule ``ally-modifier`` reads an ally noun (``ally_nouns``) with a state
before it the same way: "Japan, a close US ally", "Qatar and Oman - both Saudi allies"
cooperate with that state.

Confidences are data (``factors.jsonl``: ``member-modifier``, ``member-pair``,
``member-fellow``, ``ally-modifier``, ``patron-modifier``).
"""
from __future__ import annotations

from .arguments import args, subjects
from .document_rules import sentence_rule
from .principals import principal_pair, principal_states
from .stance import record_pairs
from .state import Arg, ensure_entity, sentence_tokens

_MEMBER_TYPES = ("Country",)


def _words(state, name):
    return state.lex.words(name)


@sentence_rule("ally-modifier")
def ally_modifiers(state, sent, name):
    """'Japan, a close US ally', 'both Saudi allies', 'US ally Japan': allies cooperate."""
    for noun in sentence_tokens(state, sent):
        if noun.pos_ not in ("NOUN", "PROPN") or \
                noun.lemma_.lower() not in state.lex.words("ally_nouns"):
            continue
        partners = [a for c in noun.children if c.dep_ in ("compound", "nmod", "amod")
                    for a in args(state, c, "modifier") if a.type == "Country"]
        if partners:
            allies = [a for a in _named_members(state, noun) if a.type in _MEMBER_TYPES]
            record_pairs(state, allies, partners, "cooperatesWith", noun, name,
                         state.words.factors[name])


@sentence_rule("patron-modifier")
def patron_modifiers(state, sent, name):
    """'South Korea is Vietnam's largest investor', 'China, Kenya's biggest creditor': the
    one the noun is said of funds (or aids) its owner."""
    patrons = state.lex.map("patron_nouns")
    for noun in sentence_tokens(state, sent):
        relation = patrons.get(noun.lemma_.lower()) if noun.pos_ == "NOUN" else None
        if relation is None:
            continue
        funded = [a for c in noun.children if c.dep_ == "poss"
                  for a in args(state, c, "subject") if a.type in ("Country", "Organization")]
        if funded:
            core, finer = relation.split("/")
            funders = [a for a in _named_members(state, noun)
                       if a.type in ("Country", "Organization")]
            record_pairs(state, funders, funded, core, noun, name, state.words.factors[name],
                         finer=None if finer == core else finer)


@sentence_rule("member-modifier")
def member_modifiers(state, sent, name):
    """Each member noun with an organisation before it: its members are members of it."""
    factors = state.words.factors
    owned_nouns = _words(state, "owned_member_nouns")
    for noun in sentence_tokens(state, sent):
        lemma = noun.lemma_.lower()
        if noun.pos_ not in ("NOUN", "PROPN") or (
                lemma not in state.words.member_nouns and lemma not in owned_nouns):
            continue
        # "OPEC member Nigeria", "NATO's newest member"; "Opec's second-biggest producer"
        deps = ("poss",) if lemma not in state.words.member_nouns \
            else ("compound", "nmod", "amod", "poss")
        bodies = [a for c in noun.children if c.dep_ in deps
                  for a in args(state, c, "modifier" if c.dep_ != "poss" else "subject")
                  if a.type == "Organization"]
        if not bodies:
            continue
        members = [a for a in _named_members(state, noun) if a.type in _MEMBER_TYPES]
        conf = factors[name]
        if not members and _counted_pair(state, noun):
            members, conf = _story_pair(state), factors["member-pair"]
        record_pairs(state, members, bodies, "memberOf", noun, name, conf)
        if _has_word(state, noun, "fellow_words"):
            named = {a.key for a in members}
            principal = next(iter(principal_states(state)), None)
            if members and principal and principal not in named:
                ensure_entity(state, principal)
                record_pairs(state, [Arg(principal, "Country", "name")], bodies, "memberOf",
                             noun, name, factors["member-fellow"])


def _named_members(state, noun):
    """The names the member noun is said of: modified, in apposition, or the subject."""
    if noun.dep_ == "compound" and noun.head.pos_ in ("PROPN", "NOUN"):
        return args(state, noun.head, "subject")
    found = [a for c in noun.children if c.dep_ == "appos" for a in args(state, c, "subject")]
    if found:
        return found
    if noun.dep_ == "appos":
        return args(state, noun.head, "subject")
    if noun.dep_ == "attr" and noun.head.lemma_.lower() in _words(state, "copular_verbs"):
        return subjects(state, noun.head)
    return []


def _has_word(state, noun, words_name):
    words = _words(state, words_name)
    return any(c.lower_ in words for c in noun.children if c.dep_ in ("amod", "compound", "advmod"))


def _counted_pair(state, noun):
    """'the two NATO members', 'both EU members': a pair, and no name said."""
    return noun.tag_ == "NNS" and any(
        c.lower_ in _words(state, "pair_count_words") for c in noun.children
        if c.dep_ in ("nummod", "det", "predet"))


def _story_pair(state):
    pair = list(state.parties) if state.parties else principal_pair(state)
    found = []
    for key in pair[:2]:
        entity = state.entities.get(key)
        if entity is not None and entity.type in _MEMBER_TYPES:
            found.append(Arg(key, entity.type, "party"))
    return found if len(found) == 2 else []
