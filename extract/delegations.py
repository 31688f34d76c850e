"""Sentence rule ``delegation-leader``: who leads a state's delegation is its official.

"Pakistan's delegation was led by Commerce Secretary A", "a Kenyan team headed by B", "C
led the Chinese delegation": the leader holds an office of the delegation's state or body,
though the title beside the name does not say whose. The delegation noun is resolved like
any argument ("Pakistan's delegation", "the Kenyan side"); the leader then speaks for that
state in the rules read after this sentence. Words in ``patterns/relation_words.jsonl``
(``leading_verbs``, ``delegation_nouns``); confidence in ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from .arguments import args
from .document_rules import sentence_rule
from .mentions import Reading
from .record import add_reading
from .state import mention_at, sentence_tokens

_SERVED_TYPES = ("Country", "Organization")
# How many words of a title may stand between "by" and the leader's name.
_TITLE_REACH = 5


@sentence_rule("delegation-leader")
def delegation_leaders(state, sent, name):
    """Each leader of a delegation the sentence names, an official of its state."""
    verbs = state.lex.words("leading_verbs")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        for delegation, leader in _led(state, verb):
            served = [a for a in args(state, delegation, "subject") if a.type in _SERVED_TYPES]
            leaders = [a for a in args(state, leader, "subject") if a.type == "Person"]
            if len(served) != 1:
                continue
            for person in leaders:
                add_reading(state, Reading(person.key, "officialOf", served[0].key, verb.i,
                                           verb.text, name, state.words.factors[name]))
                if served[0].type == "Country":
                    state.person_state.setdefault(person.key, served[0].key)


def _next_person(state, by):
    """The person named just after "by" when the parser hung the name elsewhere ("a team
    headed by Secretary A arrived": A as the subject of "arrived")."""
    for token in state.doc[by.i + 1:min(by.sent.end, by.i + 1 + _TITLE_REACH)]:
        mention = mention_at(state, token)
        if mention is not None:
            return [state.doc[mention.end - 1]] if mention.type == "Person" else []
    return []


def _led(state, verb):
    """``(delegation noun, leader)`` pairs of a verb of leading: "the delegation led by A",
    "the delegation was led by A", "A led the delegation"."""
    nouns = state.lex.words("delegation_nouns")
    agents = []
    for by in (c for c in verb.children if c.dep_ == "agent"):
        agents += [p for p in by.children if p.dep_ == "pobj"] or _next_person(state, by)
    led = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if verb.dep_ == "acl":
        led.append(verb.head)
    pairs = [(d, a) for d in led for a in agents]
    pairs += [(d, s) for d in verb.children if d.dep_ == "dobj"
              for s in verb.children if s.dep_ == "nsubj"]
    return [(d, a) for d, a in pairs if d.lemma_.lower() in nouns]
