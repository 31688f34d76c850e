"""The names search looks entities up by, read from graphs that do not grow with the documents.

An entity's names are those of the knowledge base (its graph) and those documents give it,
which the entities graph (:mod:`.summaries`) states once per entity with how many documents
use each label and how much evidence mentions it. Reading them costs one pass over the KB
graph and one over the entities graph, whatever the number of documents; a store without
an entities graph (an older store opened read-only) has them read from every graph.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> names = entity_names(KnowledgeGraph(None))
>>> names.labels["https://w3id.org/bilateral-kg/id/country/LSO"]
[(True, 'Lesotho')]
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from bilateral_kg.ontology.vocab import BKG, ENTITY_BASE

from .backends import IRI
from .rdf import PREFIXES
from .summaries import ENTITIES_GRAPH, GRAPH_BASE, SUM, read_counts

_KB_GRAPH = GRAPH_BASE + "kb"
_BKG = str(BKG._NS)
_LABEL = PREFIXES["rdfs"] + "label"
_TYPE = PREFIXES["rdf"] + "type"
#: Every predicate an entity is found by (``rdfs:label``, ``skos:prefLabel``...).
NAME_PREDICATES = (_LABEL, PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel",
                   _BKG + "acronym")


@dataclass
class EntityNames:
    """Names, display labels, types and evidence counts of every entity."""

    names: list = field(default_factory=list)       # (entity IRI, name) pairs
    labels: dict = field(default_factory=lambda: defaultdict(list))  # IRI -> [(from KB, label)]
    types: dict = field(default_factory=lambda: defaultdict(set))    # IRI -> type IRIs
    evidence: dict = field(default_factory=lambda: defaultdict(int))  # IRI -> evidence links


def _is_entity(subject, value):
    return isinstance(subject, IRI) and subject.startswith(ENTITY_BASE) and type(value) is str


def entity_names(kg):
    """The :class:`EntityNames` of a knowledge graph, from the KB and entities graphs."""
    if read_counts(kg.backend) is None:
        return _names_from_every_graph(kg)
    found = EntityNames()
    for predicate in NAME_PREDICATES:
        for subject, _, name, _ in kg.quads(None, predicate, None, _KB_GRAPH):
            if _is_entity(subject, name):
                found.names.append((str(subject), name))
                if predicate == _LABEL:
                    found.labels[str(subject)].append((True, name))
    for subject, _, cls, _ in kg.quads(None, _TYPE, None, _KB_GRAPH):
        found.types[str(subject)].add(str(cls))
    for subject, predicate, value, _ in kg.quads(None, None, None, ENTITIES_GRAPH):
        local = predicate[len(SUM):]
        if local in ("label", "altLabel") and _is_entity(subject, value):
            found.names.append((str(subject), value))
        elif local == "type":
            found.types[str(subject)].add(str(value))
        elif local == "evidence":
            found.evidence[str(subject)] += int(value)
        elif local == "labelDocuments":
            for label, count in json.loads(value).items():
                found.labels[str(subject)].extend([(False, label)] * count)
    return found


def _names_from_every_graph(kg):
    found = EntityNames()
    for predicate in NAME_PREDICATES:
        for subject, _, name, graph in kg.quads(None, predicate):
            if _is_entity(subject, name):
                found.names.append((str(subject), name))
                if predicate == _LABEL:
                    found.labels[str(subject)].append((graph == _KB_GRAPH, name))
    for subject, _, cls, _ in kg.quads(None, _TYPE):
        if isinstance(subject, IRI) and subject.startswith(ENTITY_BASE):
            found.types[str(subject)].add(str(cls))
    for subject, _, _, _ in kg.quads(None, _BKG + "evidence"):
        if isinstance(subject, IRI):
            found.evidence[str(subject)] += 1
    return found


def index_stamp(kg):
    """What changes whenever the names may have: the stored counters (None: read-only)."""
    if getattr(kg, "read_only", False):
        return None
    for _, _, generation, _ in kg.quads(None, SUM + "generation", None, GRAPH_BASE + "summaries"):
        return generation
    return len(kg)
