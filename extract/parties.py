"""Parties: who "the two sides", "both governments" and "the three countries" are.

The reader remembers the parties of the last meeting or pairing (:func:`update_parties`,
after each sentence and as soon as a symmetric relation is read); a party phrase stands
for them while they are recent, else for the pair or list the text names near it.
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS

from .arguments import args
from .state import Arg, party_args, sentence_tokens


def party_phrase(state, token):
    """The parties a plural party noun stands for, or None if it is not a party phrase.

    Returns
    -------
    list of Arg or None
        None when ``token`` is no party phrase; an empty list when it is one but no pair
        is known.
    """
    words = state.words
    lemma = token.lemma_.lower()
    if lemma not in words.party_nouns or token.tag_ not in ("NNS", "NNPS"):
        return None
    children = {c.lower_ for c in token.children}
    count = next((words.number_words[c] for c in children if c in words.number_words), None)
    if count and count > 2:
        listed = recent_coordination(state, token, count)
        return listed if listed else None
    persons = lemma in words.person_party_nouns
    if not (children & words.pair_words or (persons and "the" in children)):
        return None
    known = party_args(state)
    if not known or (not persons and lemma not in state.lex.words("any_party_nouns")
                     and any(a.type != "Country" for a in known)):
        # "the two governments" are two states, whoever met last
        return pair_in_sentence(state, token, persons) or main_pair(state, token, lemma)
    if persons:
        people = [k for k in state.party_persons if k in state.entities]
        if len(people) < 2:
            people = [k for k, s in state.person_state.items()
                      if s in state.parties and k in state.entities]
        if len(people) == 2:
            return [Arg(k, "Person", "party") for k in people]
    return known


def pair_in_sentence(state, token, persons):
    """'Lula and Xi signed ..., as the two leaders sought ...': the pair named before."""
    for c in token.sent:
        if c.i >= token.i:
            break
        if c.dep_ == "nsubj" and c.conjuncts:
            found = args(state, c, "subject")
            if persons:
                found = [a for a in found if a.type == "Person"]
            else:
                found = [Arg(state.person_state.get(a.key, a.key), "Country", "party")
                         if a.type == "Person" else a for a in found]
                found = [a for a in found if a.key in state.entities]
            if len({a.key for a in found}) == 2:
                return [Arg(a.key, a.type, "party") for a in found]
    return []


def main_pair(state, token, lemma):
    """'negotiations between the two governments' with no pair named near: the two
    states the text names most, when they stand out ("the two sides": states or bodies)."""
    if lemma in state.words.person_party_nouns:
        return []
    # "the two sides" may be a bloc and a state (the EU and the UK); "the two countries" not
    types = ("Country", "Organization") if lemma in state.lex.words("any_party_nouns") \
        else ("Country",)
    counts = {}
    for mention in state.mentions:
        if mention.start < token.i and mention.type in types and mention.via != "demonym":
            counts[mention.key] = counts.get(mention.key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) >= 2 and (len(ranked) == 2 or ranked[1][1] > ranked[2][1]):
        return [Arg(k, state.entities[k].type, "party") for k, _ in ranked[:2]]
    return []


def recent_coordination(state, token, count):
    """'the three countries' -> the last list of that many states, a few sentences back."""
    sents = list(state.doc.sents)
    here = next(i for i, sent in enumerate(sents) if sent.start <= token.i < sent.end)
    for sent in reversed(sents[max(0, here - 3):here + 1]):
        for t in sentence_tokens(state, sent):
            if t.i >= token.i or not t.conjuncts or t.dep_ == "conj" or token in t.conjuncts:
                continue  # "A and three neighbours - B, C, D": the list holds the phrase
            found = [a for a in args(state, t, "subject") if a.type == "Country"]
            if len(found) == count:
                return [Arg(a.key, a.type, "party") for a in found]
    return []


def update_parties(state, sent, readings):
    """Remember who 'the two sides' are: the parties of the last meeting or pairing."""
    if _parties_met(state, readings):
        return
    if state.parties and all(
            any(p in m.keys for m in state.mentions if sent.start <= m.start < sent.end)
            for p in state.parties):
        state.parties_since = state.sentence_number  # both named again: still current
        return
    for token in sentence_tokens(state, sent):
        if token.lower_ == "between" or (token.dep_ == "nsubj" and token.conjuncts):
            target = token if token.dep_ == "nsubj" else next(
                (c for c in token.children if c.dep_ == "pobj"), None)
            if target is not None and _parties_paired(state, target):
                return


def _parties_met(state, readings):
    """The parties of the first symmetric reading between two non-persons' states."""
    for reading in readings:
        if reading.relation in SYMMETRIC_RELATIONS:
            pair = [state.person_state.get(k, k) for k in (reading.subject, reading.object)]
            if len(set(pair)) == 2 and all(
                    state.entities.get(k) is not None and state.entities[k].type != "Person"
                    for k in pair):
                state.parties = pair
                state.parties_since = state.sentence_number
                people = [reading.subject, reading.object]
                if all(state.entities[k].type == "Person" for k in people):
                    state.party_persons = people
                return True
    return False


def _parties_paired(state, target):
    """'talks between A and B', 'A and B agreed': a pair of states (or their persons)."""
    found_args = args(state, target, "subject")
    people = [a.key for a in found_args if a.type == "Person"]
    found = [state.person_state.get(a.key, a.key) if a.type == "Person" else a.key
             for a in found_args]
    found = [k for k in found if state.entities.get(k) is not None
             and state.entities[k].type in ("Country", "Place", "Organization")]
    if len(set(found)) != 2:
        return False
    state.parties = list(dict.fromkeys(found))
    state.parties_since = state.sentence_number
    if len(set(people)) == 2:
        state.party_persons = list(dict.fromkeys(people))
    return True
