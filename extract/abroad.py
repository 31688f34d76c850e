"""Sentence rule ``in-capital-abroad``: an official said or was somewhere abroad.

"When he was in Tokyo", "told reporters in Brussels", "speaking in Nairobi": the verb's
subject is in that capital. When the subject is a person whose state the story knows and
the capital (a KB capital) is another state's, the person visits it (and, by the rule
``capital-visit``, its state). Only verbs of being and saying count (``presence_verbs``):
"born in" or "studied in" say nothing of a visit.

Sentence rule ``hosted-visit``: "Kenya hosted the Ugandan president", "Ruto received his
Ugandan counterpart": a guest whose state the story knows visits the host's state
(``hosting_verbs``). The confidences are data (``factors.jsonl``: ``in-capital-abroad``,
``hosted-visit``).
"""
from __future__ import annotations

from .arguments import args, subjects
from .document_rules import sentence_rule
from .modality import modality
from .model import FACTUAL, PLANNED
from .stance import record_pairs
from .state import Arg, ensure_entity, mention_at, sentence_tokens


@sentence_rule("in-capital-abroad")
def capitals_abroad(state, sent, name):
    """'Chirac told reporters in Brussels': a foreign official in a capital visits it."""
    verbs = state.lex.words("presence_verbs")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in verbs:
            continue
        capitals = [m for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
                    for p in prep.children if p.dep_ == "pobj"
                    for m in [mention_at(state, p)] if m is not None and m.via == "capital"]
        if not capitals:
            continue
        negated, planned = modality(state, verb)
        if negated:
            continue
        for capital in capitals:
            country = (state.kb.get(capital.key).attrs.get("seat_of") or [None])[0]
            visitors = [a for a in subjects(state, verb) if a.type == "Person"
                        and state.person_state.get(a.key) not in (None, country)]
            ensure_entity(state, capital.key)
            record_pairs(state, visitors, [Arg(capital.key, "Place", "name")], "visits", verb,
                         name, state.words.factors[name], PLANNED if planned else FACTUAL)


@sentence_rule("hosted-visit")
def hosted_visits(state, sent, name):
    """'Kenya hosted Ugandan President A', 'A was received by Xi': A visits Kenya."""
    verbs = state.lex.words("hosting_verbs")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        negated, planned = modality(state, verb)
        if negated:
            continue
        hosts = {a.key if a.type == "Country" else state.person_state.get(a.key)
                 for a in subjects(state, verb) if a.type in ("Country", "Person")} - {None}
        # "Kenya hosted A"; "A was received by Xi": the passive subject is the guest
        guests = [a for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                  for a in args(state, c, "object") if a.type == "Person"]
        for host in hosts:
            visitors = [g for g in guests if state.person_state.get(g.key) not in (None, host)]
            if visitors:
                ensure_entity(state, host)
                record_pairs(state, visitors, [Arg(host, "Country", "name")], "visits", verb,
                             name, state.words.factors[name], PLANNED if planned else FACTUAL)
