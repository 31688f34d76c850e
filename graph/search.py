"""Finding entities by name: the name index, focus resolution and type-ahead search.

Every ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and ``bkg:acronym`` of an entity
is a name it can be found by, case, spacing and quotes aside. A name that matches nothing is
an :class:`UnknownEntityError` whose message suggests the nearest names.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph(None)
>>> find_entities(kg, "kingdom of lesotho")
['https://w3id.org/bilateral-kg/id/country/LSO']
>>> find_entities(kg, "Lesoto")
Traceback (most recent call last):
...
bilateral_kg.graph.search.UnknownEntityError: no entity matches 'Lesoto'; did you mean: Lesotho?
"""
from __future__ import annotations

import difflib
import re
import weakref
from collections import defaultdict

from bilateral_kg.ontology.kb import normalize_name
from bilateral_kg.ontology.vocab import ENTITY_BASE

from .name_index import entity_names, index_stamp
from .records import checked_iri, choose_label, entity_type

__all__ = [
    "UnknownEntityError", "NameIndex", "name_index", "find_entities", "search_entities",
]



class UnknownEntityError(LookupError):
    """No entity in the graph has the IRI or name that was asked for.

    Attributes
    ----------
    focus : str
        What was asked for.
    suggestions : list of str
        Names of entities that are spelt nearly so, best first (maybe none).
    """

    def __init__(self, focus, suggestions=()):
        self.focus = focus
        self.suggestions = list(suggestions)
        message = f"no entity matches {focus!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class NameIndex:
    """Every name of every entity, folded for lookup, with how much evidence each entity has.

    Built in one pass over the knowledge base and the entities graph
    (:func:`~.name_index.entity_names`), whose size does not grow with the number of
    documents, so that type-ahead search does not scan the store per keystroke.
    """

    def __init__(self, kg):
        found = entity_names(kg)
        self.names = defaultdict(dict)  # folded name -> {entity IRI: name as written}
        for iri, name in found.names:
            self.names[normalize_name(name)][iri] = name
        self.evidence, self.labels, self.types = found.evidence, found.labels, found.types

    def record(self, iri):
        """The display label and type of an entity, as :func:`~.records.entity_records` has them."""
        return {"label": choose_label(self.labels.get(iri, []), iri),
                "type": entity_type(self.types.get(iri, ()))}

    def exact(self, name):
        """IRIs of the entities called ``name`` (case, spacing and quotes aside)."""
        return sorted(self.names.get(normalize_name(name), {}))

    def containing(self, text):
        """``(iri, name, rank)`` for names containing ``text``: 0 exact, 1 prefix, 2 inside."""
        needle = normalize_name(text)
        for folded, entities in self.names.items():
            at = folded.find(needle)
            if at < 0:
                continue
            rank = 0 if folded == needle else 1 if at == 0 else 2
            for iri, name in entities.items():
                yield iri, name, rank

    def near(self, name, limit=3, cutoff=0.75):
        """Names spelt nearly as ``name`` (by :mod:`difflib`), as written, best first."""
        folded = normalize_name(name)
        close = difflib.get_close_matches(folded, list(self.names), n=limit, cutoff=cutoff)
        return [min(self.names[match].values()) for match in close]


_NAME_INDEXES = weakref.WeakKeyDictionary()


def name_index(kg):
    """The :class:`NameIndex` of a knowledge graph, kept while the graph is unchanged.

    A read-only store cannot change, so its index is built once; otherwise the generation
    the store's counters carry (changed by every write) tells when to rebuild.
    """
    stamp = index_stamp(kg)
    cached = _NAME_INDEXES.get(kg)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    index = NameIndex(kg)
    _NAME_INDEXES[kg] = (stamp, index)
    return index


def _iri_candidates(focus):
    """The IRIs ``focus`` may stand for: itself if IRI-shaped, an entity key under the base.

    >>> _iri_candidates("id:country/CHN")
    ['https://w3id.org/bilateral-kg/id/country/CHN']
    >>> _iri_candidates("China")
    []
    """
    candidates = []
    if re.match(r"^[a-z][a-z0-9+.-]*:(//)?\S+$", focus, re.I) and not focus.startswith("id:"):
        candidates.append(focus)
    key = focus.removeprefix("id:")
    if re.match(r"^[\w.-]+/\S+$", key):
        candidates.append(ENTITY_BASE + key)
    return candidates


def find_entities(kg, focus):
    """IRIs of the entities that ``focus`` names.

    ``focus`` may be an IRI, a key under the entity namespace (``country/CHN``,
    ``id:country/CHN``) or a name, matched case-insensitively against every name.

    Raises
    ------
    UnknownEntityError
        When nothing in the graph has that IRI or name; its message suggests near names.
    """
    focus = focus.strip()
    for iri in _iri_candidates(focus):
        try:
            node = checked_iri(iri)
        except ValueError:
            continue
        if any(True for _ in kg.quads(node)):
            return [iri]
    index = name_index(kg)
    found = index.exact(focus)
    if not found:
        raise UnknownEntityError(focus, index.near(focus))
    return found


def search_entities(kg, text, limit=20):
    """Entities taking part in relations with a name containing ``text`` (case-insensitive).

    Ranked: exact name first, then names starting with ``text``, then by how much evidence
    mentions the entity.

    Returns
    -------
    list of dict
        Each with iri, label, type, matched (the name that matched) and evidence (a count).
    """
    text = text.strip()
    if not text:
        return []
    index = name_index(kg)
    best = {}
    for iri, name, rank in index.containing(text):
        count = index.evidence.get(iri, 0)
        if not count:
            continue
        key = (rank, -count, len(name), name)
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, name, count)
    ranked = sorted(best.items(), key=lambda item: item[1][0])[:limit]
    records = {iri: index.record(iri) for iri, _ in ranked}
    return [{"iri": iri, "label": records[iri]["label"], "type": records[iri]["type"],
             "matched": name, "evidence": count} for iri, (_, name, count) in ranked]
