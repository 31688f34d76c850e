"""Sentence rule ``place-gazetteer``: a named province or region lies in its state, when
the text leaves the state implicit ('unrest in Gauteng', 'mines of the Copperbelt').

The state comes from the committed gazetteer (:mod:`bilateral_kg.ontology.gazetteer`).
Cities are not read here: the gold counts a city's state as optional at best, and a
capital named for its government ('Washington said') is not a place at all. Confidence
from ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from ..ontology.gazetteer import places_named
from .document_rules import sentence_rule
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
