"""Read the committed gazetteer: which state a city or first-level subdivision lies in.

Built by :mod:`bilateral_kg.ontology.build_gazetteer`; this module needs no package
beyond the standard library.

>>> [place.iso3 for place in places_named("Lusaka")]
['ZMB']
>>> sorted(place.iso3 for place in places_named("london"))[:2]
['CAN', 'GBR']
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

GAZETTEER = Path(__file__).with_name("data") / "gazetteer.tsv.gz"


@dataclass(frozen=True)
class GazetteerPlace:
    """One place the gazetteer names: its name, state (ISO3), kind and population."""

    name: str
    iso3: str
    kind: str
    population: int


@functools.cache
def load_gazetteer():
    """Places by lower-cased name, each a tuple of :class:`GazetteerPlace`."""
    places = {}
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as f:
        for line in f:
            name, iso3, kind, population = line.rstrip("\n").split("\t")
            places.setdefault(name.lower(), []).append(
                GazetteerPlace(name, iso3, kind, int(population)))
    return {name: tuple(found) for name, found in places.items()}


def places_named(name):
    """The gazetteer's places of that name (any case), possibly several states."""
    return load_gazetteer().get(name.lower(), ())
