"""Recording a reading: organs speak for their states, and the ontology has the last word.

Every rule hands its readings to :func:`add_reading`, which lifts a state organ's reading
to the state ("China's foreign ministry criticised ..." is China criticising), makes
ministers who cooperate or sign stand for their states, and keeps only what the ontology
allows between the two classes (and no "visit" home).
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import core_relation

from .mentions import Reading
from .state import ensure_entity


def add_reading(state, reading):
    """Record ``reading`` in ``state.readings``, lifted and checked (or drop it).

    Parameters
    ----------
    state : DocumentState
    reading : Reading
        What a rule read, with the entities as it found them.
    """
    reading = _organs_for_states(state, reading)
    if reading.subject == reading.object:
        return
    subject, obj = state.entities.get(reading.subject), state.entities.get(reading.object)
    if subject is None or obj is None:
        return
    core = core_relation(reading.relation)
    mixed = {subject.type, obj.type} == {"Person", "Country"}
    if core in state.words.between_states or (core == "meetsWith" and mixed):
        # "Biden hosts a summit with Japan": leaders meet leaders, states meet states
        reading = _as_states(state, reading)
        subject, obj = state.entities[reading.subject], state.entities[reading.object]
        if reading.subject == reading.object:
            return
    if not state.lex.allowed(core, subject.type, obj.type):
        return
    if core == "visits" and _home_of(state, reading.subject) in (
            reading.object, *_seat_of(state, reading.object)):
        return  # "returning to Islamabad" is going home, not a visit
    if core in state.words.own_state_stances and subject.type == "Person" \
            and state.person_state.get(reading.subject) == reading.object:
        return  # "Mulroney said Canada was a fair trader": no relation between two sides
    state.readings.append(reading)


def _organs_for_states(state, reading):
    core = core_relation(reading.relation)
    lift = state.words.factors["organ-for-state"]
    if core == "officialOf" and reading.object in state.organ_state:
        # a foreign ministry's spokesperson is an official of the state
        served = state.organ_state[reading.object]
        ensure_entity(state, served)
        reading = Reading(reading.subject, reading.relation, served, reading.token,
                          reading.cue, reading.rule, reading.confidence * lift)
    if core not in state.words.kept_with_organs:
        # "China's foreign ministry criticised ..." is China criticising
        subject = state.organ_state.get(reading.subject, reading.subject)
        obj = state.organ_state.get(reading.object, reading.object)
        if (subject, obj) != (reading.subject, reading.object):
            ensure_entity(state, subject)
            ensure_entity(state, obj)
            reading = Reading(subject, reading.relation, obj, reading.token, reading.cue,
                              reading.rule, reading.confidence * lift, reading.modality,
                              reading.finer)
    return reading


def _home_of(state, key):
    if state.entities[key].type == "Country":
        return key
    return state.person_state.get(key)


def _seat_of(state, key):
    return (state.kb.get(key).attrs.get("seat_of") or []) if key in state.kb else []


def _as_states(state, reading):
    """Cooperation is between states: ministers stand for theirs."""
    s, o = reading.subject, reading.object
    conf = reading.confidence
    lifted = state.words.factors["lifted"]
    if state.entities[s].type == "Person" and s in state.person_state:
        s, conf = state.person_state[s], conf * lifted
        ensure_entity(state, s)
    if state.entities[o].type == "Person" and o in state.person_state:
        o, conf = state.person_state[o], conf * lifted
        ensure_entity(state, o)
    return Reading(s, reading.relation, o, reading.token, reading.cue, reading.rule, conf,
                   reading.modality, reading.finer)
