"""Sentence rule ``place-gazetteer``: a named province or region lies in its state, when
the text leaves the state implicit ('unrest in Gauteng', 'mines of the Copperbelt'); and
document rule ``project-place``: a project whose name holds a city or region of a state the
text names lies in that state ('the Takoradi Port Expansion Project', 'the Mombasa-Nairobi
railway').

The state comes from the committed gazetteer (:mod:`bilateral_kg.ontology.gazetteer`).
Cities are not read here: the gold counts a city's state as optional at best, and a
capital named for its government ('Washington said') is not a place at all. Confidence
from ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from ..ontology.gazetteer import places_named
from .document_rules import document_rule, sentence_rule
from .mentions import Reading
from .record import add_reading
from .place_rules import place_mentions


def _country_key(iso3):
    return f"country/{iso3}"


def _bare_names(state, name):
    """The name, then the name without a place noun it was tagged with ('Aceh province')."""
    yield name
    words = name.split()
    nouns = state.lex.words("place_nouns")
    if len(words) > 1 and words[-1].lower() in nouns:
        yield " ".join(words[:-1])
    if len(words) > 1 and words[0].lower() in nouns:
        yield " ".join(words[1:])


def state_of_region(state, name):
    """The country key of the province or region of that name, or None.

    Only a name the gazetteer knows as a region and never as a city counts (a city's name
    is as often its government's, 'Washington said'), and only in a state the document
    names: that decides names several states share and keeps off words that are also
    some far state's province ('Gulf', 'West').
    """
    candidates = next((found for found in map(places_named, _bare_names(state, name))
                       if found), ())
    if not candidates or any(place.kind != "region" for place in candidates):
        return None
    named = dict.fromkeys(_country_key(place.iso3) for place in candidates
                          if _country_key(place.iso3) in state.entities)
    return next(iter(named)) if len(named) == 1 else None


@sentence_rule("place-gazetteer")
def places_from_gazetteer(state, sent, name):
    """'unrest in Gauteng' -> Gauteng locatedIn South Africa, when the text names that state."""
    for mention, head in place_mentions(state, sent):
        if mention.key in state.kb:
            continue
        found = state_of_region(state, state.entities[mention.key].label)
        if found is None:
            continue
        add_reading(state, Reading(mention.key, "locatedIn", found, head.i, head.text, name,
                                   state.words.factors[name]))


# The longest place name, in words, looked for inside a project's name.
_PLACE_WORDS = 3


@document_rule("project-place")
def projects_in_named_places(state, name):
    """A project the text does not place, named after a state or a city or region only
    one state has (several words of its name, a hyphen splitting "Mombasa-Nairobi"), a
    state the text names."""
    placed = {r.subject for r in state.readings if r.relation == "locatedIn"}
    for key, entity in list(state.entities.items()):
        if entity.type != "Project" or key in placed:
            continue
        found = _states_in_name(state, entity.label)
        if len(found) == 1:
            add_reading(state, Reading(key, "locatedIn", found.pop(), _first_token(state, key),
                                       entity.label, name, state.words.factors[name]))


def _states_in_name(state, label):
    """The states of the places, state names and demonyms in a project's name, of the
    states the text names ("Grand Ethiopian Renaissance Dam"); a hyphenated modifier
    ("Japanese-funded") says who made it, not where it is."""
    words = [w for w in label.split() if not (w.count("-") == 1 and w.split("-")[1].islower())]
    words = " ".join(words).replace("-", " ").split()
    found = set()
    for size in range(1, _PLACE_WORDS + 1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if not part[:1].isupper():
                continue
            named = {e.key for e in [*state.kb.lookup(part), *state.kb.by_demonym(part)]
                     if e.type == "Country"}
            states = named or {_country_key(place.iso3) for place in places_named(part)}
            if len(states) != 1:
                continue  # "Scarborough" is in four states: the name does not say which
            country = states.pop()
            if country in state.entities and state.entities[country].type == "Country":
                found.add(country)
    return found


def _first_token(state, key):
    return next((m.start for m in state.mentions if m.key == key), 0)
