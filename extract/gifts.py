"""Gifts: who an aid or a sum is for, when the cue's own clause does not say it.

- ``aid-purpose``: "China has been sending aid to help Laos cope with the floods": the
  purpose clause names the recipient.
- ``contributed-to``: "Japan, Germany and Italy had contributed to the package": the
  package is the aid or money the story said was for someone a few sentences before
  ("the authority has secured aid from ... for ...", "a loan for Ghana").
"""
from __future__ import annotations

from .arguments import args, subjects
from .document_rules import sentence_rule
from .modality import modality
from .model import FACTUAL, PLANNED
from .objects import light_object
from .stance import received_by, record_pairs
from .state import sentence_floor, sentence_tokens

_RECIPIENT_TYPES = ("Country", "Organization", "Place", "Project")
_GIVERS = ("Country", "Organization", "Person")
#: how many sentences back a contribution may refer to its package
_PACKAGE_MEMORY = 3


def _words(state, name):
    return state.lex.words(name)


def _modality_name(planned):
    return PLANNED if planned else FACTUAL


@sentence_rule("aid-purpose")
def aid_purpose(state, sent, name):
    """'sent aid to help Laos', 'delivered supplies to assist Nepal'."""
    relations = state.lex.relations("gift_noun_relations")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ != "VERB":
            continue
        for cue in state.lex.cues_for(verb.lemma_, "VERB"):
            if cue.relation not in relations or not cue.object_nouns:
                continue
            if light_object(state, verb, cue) is None or any(
                    r.token == verb.i and r.relation == cue.relation
                    for r in state.readings[-40:]):
                continue
            recipients = _purpose_recipients(state, verb, cue)
            negated, planned = modality(state, verb)
            if recipients and not negated:
                givers = [a for a in subjects(state, verb) if a.type in _GIVERS]
                record_pairs(state, givers, recipients, cue.relation, verb, name,
                             cue.confidence * state.words.factors[name],
                             _modality_name(planned), cue.finer)


def _purpose_recipients(state, verb, cue):
    """The object (or the raised subject) of an infinitive of helping under the verb."""
    helping = _words(state, "helping_verbs")
    for clause in verb.children:
        if clause.dep_ not in ("advcl", "xcomp") or clause.lemma_.lower() not in helping \
                or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        holders = [c for c in clause.children if c.dep_ == "dobj"]
        holders += [g for c in clause.children if c.dep_ in ("ccomp", "xcomp")
                    for g in c.children if g.dep_ == "nsubj"]
        found = [a for h in holders for a in args(state, h, "object", cue)
                 if a.type in _RECIPIENT_TYPES]
        if found:
            return found
    return []


@sentence_rule("contributed-to")
def contributed_to(state, sent, name):
    """'A and B had contributed to the package': to whom the package was said to be for."""
    for verb in sentence_tokens(state, sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _words(state, "contributing_verbs"):
            continue
        package = [p for prep in verb.children if prep.dep_ == "prep"
                   and prep.lower_ in _words(state, "contribution_preps")
                   for p in prep.children if p.dep_ == "pobj"
                   and p.lemma_.lower() in _words(state, "contribution_nouns")]
        if not package:
            continue
        found = _package_recipients(state, package[0])
        if found is None:
            continue
        relation, recipients = found
        negated, planned = modality(state, verb)
        givers = [a for a in subjects(state, verb) if a.type in ("Country", "Organization")]
        if not negated:
            record_pairs(state, givers, recipients, relation, verb, name,
                         state.words.factors[name], _modality_name(planned))


def _package_recipients(state, package):
    """(relation, recipients) of the package: its own 'for X', else the gift named before."""
    own = _for_whom(state, package)
    if own:
        return _gift_relation(state, package), own
    floor = sentence_floor(state, package, _PACKAGE_MEMORY + 1)
    relations = state.lex.relations("gift_noun_relations")
    for i in range(package.i - 1, floor - 1, -1):
        noun = state.doc[i]
        if noun.pos_ != "NOUN":
            continue
        gift = {c.relation for c in state.lex.cues_for(noun.lemma_, "NOUN")} & relations
        if not gift and noun.lemma_.lower() != package.lemma_.lower():
            continue
        recipients = _for_whom(state, noun)
        verb = received_by(state, noun)
        if not recipients and verb is not None:
            recipients = [a for a in subjects(state, verb) if a.type in _RECIPIENT_TYPES]
        if recipients:
            return _gift_relation(state, noun if gift else package), recipients
    return None


def _for_whom(state, noun):
    return [a for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in _words(state, "recipient_preps")
            for p in prep.children if p.dep_ == "pobj"
            for a in args(state, p, "object") if a.type in _RECIPIENT_TYPES]


def _gift_relation(state, noun):
    gift = {c.relation for c in state.lex.cues_for(noun.lemma_, "NOUN")}
    return "providesAid" if "providesAid" in gift else "funds"
