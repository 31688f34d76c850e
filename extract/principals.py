"""The story's principal actors: the states and persons a report is about.

A news report introduces its principal actors in the headline and the first sentences
(usually a pair of states and their leaders or ministers) and keeps naming them. They are
ranked here once, before any relation is read, by how often the text names them, a name in
the lead counting more (:data:`LEAD_WEIGHT`); a demonym counts for its state, a little
(:data:`DEMONYM_WEIGHT`), and so does a state's official (:data:`OFFICIAL_WEIGHT`). Rules
ask for them when a clause leaves an actor out ("agreements were signed", "the host"):
:func:`principal_states`, :func:`principal_pair`.
"""
from __future__ import annotations

#: How many sentences from the start are the headline and the lead.
LEAD_SENTENCES = 3
#: How much a name in the lead counts, against 1 elsewhere.
LEAD_WEIGHT = 3.0
#: How much a demonym ("Kenyan officials") counts for its state.
DEMONYM_WEIGHT = 0.5
#: How much a mention of a state's official counts for the state.
OFFICIAL_WEIGHT = 0.5
#: The least score an actor needs to be a principal one (named in the lead, or twice).
MIN_SCORE = 2.0


def find_principals(state):
    """Rank the story's states and persons; set ``state.principal_states`` and
    ``state.principal_persons`` (keys, the most principal first)."""
    lead_end = state.sent_starts[LEAD_SENTENCES] if len(state.sent_starts) > LEAD_SENTENCES \
        else len(state.doc)
    scores = {"Country": {}, "Person": {}}
    for mention in state.mentions:
        if mention.type not in scores or mention.key not in state.entities:
            continue
        weight = LEAD_WEIGHT if mention.start < lead_end else 1.0
        if mention.via == "demonym":
            weight *= DEMONYM_WEIGHT
        ranked = scores[mention.type]
        ranked[mention.key] = ranked.get(mention.key, 0.0) + weight
        served = state.person_state.get(mention.key) if mention.type == "Person" else None
        if served is not None:  # "Foreign Minister Wong" keeps Australia in the story
            states = scores["Country"]
            states[served] = states.get(served, 0.0) + weight * OFFICIAL_WEIGHT
    state.principal_scores = {k: v for ranked in scores.values() for k, v in ranked.items()}
    state.principal_states = _ranked(scores["Country"])
    state.principal_persons = _ranked(scores["Person"])


def _ranked(scores):
    ordered = sorted(scores, key=lambda k: -scores[k])
    return [k for k in ordered if scores[k] >= MIN_SCORE]


def principal_states(state):
    """The story's principal states, the most principal first (maybe none)."""
    return list(state.principal_states)


def principal_pair(state):
    """The story's pair of states, when two stand out from the rest; else []."""
    ranked = state.principal_states
    if len(ranked) < 2:
        return []
    scores = state.principal_scores
    if len(ranked) > 2 and scores[ranked[1]] <= scores[ranked[2]]:
        return []
    return ranked[:2]
