"""Records read from the store: evidence rows, entities and documents, as plain dicts.

These readers are what the relation network, the name search and the explorer's document
page are built from. They go through :class:`~bilateral_kg.graph.store.KnowledgeGraph`
(``kg.quads``, ``kg.backend.select``) and never through a store library.

>>> local_name("https://w3id.org/bilateral-kg/ontology#builds")
'builds'
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from bilateral_kg.ontology.vocab import (
    BKG, CORE_RELATIONS, DOCUMENT_BASE, ENTITY_BASE, ENTITY_CLASSES, FINER_RELATIONS,
)

from .backends import IRI
from .rdf import PREFIXES
from .summaries import ENTITIES_GRAPH, SUM, read_counts

__all__ = [
    "local_name", "entity_type", "normalise_date", "doc_id", "checked_iri", "iri_values",
    "evidence_row", "evidence_rows", "entity_records", "choose_label", "document_records",
    "ALL_RELATIONS", "NODE_CLASSES", "EVIDENCE_FIELDS", "split_cue",
]

_BKG = str(BKG._NS)
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_OWL = PREFIXES["owl"]
_WD = PREFIXES["wd"]
_KB_GRAPH = "https://w3id.org/bilateral-kg/graph/kb"
#: Above this many entities, their records are read by one scan, not one by one.
SCAN_ABOVE = 2000

#: Every relation an edge can carry, core relations first.
ALL_RELATIONS = (*CORE_RELATIONS, *FINER_RELATIONS)
#: Node classes, most specific first: a node's ``type`` is the first of these it has.
NODE_CLASSES = ("Region", *ENTITY_CLASSES, "Group")


# -- small pure helpers ------------------------------------------------------------------

def local_name(iri):
    """The part of an IRI after its last ``#`` (or ``/`` when there is no ``#``).

    >>> local_name("https://w3id.org/bilateral-kg/ontology#supports")
    'supports'
    >>> local_name("http://www.wikidata.org/entity/Q148")
    'Q148'
    """
    if "#" in iri:
        return iri.rsplit("#", 1)[1]
    return iri.rstrip("/").rsplit("/", 1)[-1]


def entity_type(type_iris):
    """The most specific entity class among an entity's ``rdf:type`` IRIs.

    >>> entity_type([_BKG + "Place", _BKG + "Region"])
    'Region'
    >>> entity_type(["http://example.org/Other"])
    'Entity'
    """
    names = {local_name(t) for t in type_iris if t.startswith(_BKG)}
    for name in NODE_CLASSES:
        if name in names:
            return name
    return "Entity"


def normalise_date(value):
    """A document date as ``YYYY-MM-DD`` when it starts with one, else as it was written.

    >>> normalise_date("2025-06-03T10:00:00Z")
    '2025-06-03'
    >>> normalise_date("June 2025")
    'June 2025'
    >>> normalise_date(None) is None
    True
    """
    if value is None:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else value


def doc_id(doc_iri):
    """A document's id: its IRI without the document namespace.

    >>> doc_id("https://w3id.org/bilateral-kg/doc/lso-chn")
    'lso-chn'
    >>> doc_id(None) is None
    True
    """
    if doc_iri and doc_iri.startswith(DOCUMENT_BASE):
        return doc_iri[len(DOCUMENT_BASE):]
    return doc_iri


def checked_iri(iri):
    """``iri`` as an :class:`~.backends.IRI`, refused when it could break out of ``<...>``.

    >>> checked_iri("http://example.org/a") == "http://example.org/a"
    True
    >>> checked_iri("a> } DROP ALL")
    Traceback (most recent call last):
    ...
    ValueError: not an IRI: 'a> } DROP ALL'
    """
    if not iri or any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"not an IRI: {iri!r}")
    return IRI(iri)


def iri_values(iris):
    """A SPARQL ``VALUES`` body of IRIs, each checked (no injection).

    >>> iri_values(["http://example.org/a", "http://example.org/b"])
    '<http://example.org/a> <http://example.org/b>'
    """
    return " ".join(f"<{checked_iri(iri)}>" for iri in iris)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- evidence ----------------------------------------------------------------------------

#: Evidence property IRI -> field name of an evidence row.
EVIDENCE_FIELDS = {
    _RDF + "subject": "s", _RDF + "predicate": "p", _RDF + "object": "o",
    _BKG + "document": "doc", _BKG + "sentence": "sentence", _BKG + "startChar": "start",
    _BKG + "endChar": "end", _BKG + "confidence": "confidence", _BKG + "modality": "modality",
    _BKG + "cue": "cue", _BKG + "rule": "rule", _BKG + "eventDate": "event_date",
}
_ROW_FIELDS = tuple(EVIDENCE_FIELDS.values())

_ALL_EVIDENCE_QUERY = """SELECT ?e ?s ?p ?o ?doc ?sentence ?start ?end ?confidence ?modality ?cue ?rule ?event_date
WHERE { %s GRAPH ?g {
  ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?e bkg:document ?doc }
  OPTIONAL { ?e bkg:sentence ?sentence }
  OPTIONAL { ?e bkg:startChar ?start }
  OPTIONAL { ?e bkg:endChar ?end }
  OPTIONAL { ?e bkg:confidence ?confidence }
  OPTIONAL { ?e bkg:modality ?modality }
  OPTIONAL { ?e bkg:cue ?cue }
  OPTIONAL { ?e bkg:rule ?rule }
  OPTIONAL { ?e bkg:eventDate ?event_date }
} }"""


def _all_evidence_terms(kg, predicates=None):
    """``(evidence IRI, {field: value})`` for every evidence node: one SPARQL query."""
    values = ""
    if predicates is not None:
        values = "VALUES ?p { " + " ".join(f"<{_BKG}{p}>" for p in sorted(predicates)) + " }"
    for s in kg.backend.select(_ALL_EVIDENCE_QUERY % values, prefixes=PREFIXES).dicts():
        if isinstance(s["e"], IRI):
            yield str(s["e"]), {f: s[f] for f in _ROW_FIELDS if s[f] is not None}


def _evidence_terms_touching(kg, touching):
    """``(evidence IRI, {field: value})`` for the evidence linked from some entities.

    Follows the entities' ``bkg:evidence`` links through the store's indexes, which is far
    quicker than a ``VALUES`` join.
    """
    link = _BKG + "evidence"
    nodes = {o for iri in sorted(touching) for _, _, o, _ in kg.quads(iri, link)}
    for node in nodes:
        if not isinstance(node, IRI):
            continue
        fields = {}
        for _, predicate, obj, _ in kg.quads(node):
            field = EVIDENCE_FIELDS.get(predicate)
            if field is not None:
                fields[field] = obj
        yield str(node), fields


def evidence_rows(kg, predicates=None, keep=None, touching=None):
    """Evidence records, optionally only for some relations or entities, above a confidence.

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    predicates : set of str, optional
        Relation local names to keep.
    keep : bilateral_kg.graph.confidence.ConfidenceFilter, optional
        The confidence filter (``kg.confidence_filter(t)``): an evidence is kept when
        ``keep.keeps_confidence`` its confidence.
    touching : set of str, optional
        Only the evidence about these entities (by their ``bkg:evidence`` links).

    Yields
    ------
    dict
        As :func:`evidence_row` makes them.
    """
    if touching is None:
        terms = _all_evidence_terms(kg, predicates)
    else:
        terms = _evidence_terms_touching(kg, touching)
    for node, fields in terms:
        row = evidence_row(node, fields)
        if row is None:
            continue
        if predicates is not None and row["p"] not in predicates:
            continue
        if keep is not None and not keep.keeps_confidence(row["confidence"]):
            continue
        yield row


def evidence_row(node, fields):
    """One evidence node's fields (store values) as a record; None if incomplete.

    >>> row = evidence_row("e1", {"s": IRI("x:a"), "p": IRI(_BKG + "visits"), "o": IRI("x:b"),
    ...                           "confidence": "0.8"})
    >>> row["p"], row["confidence"], row["modality"], row["start"]
    ('visits', 0.8, 'factual', None)
    >>> evidence_row("e2", {"s": IRI("x:a")}) is None
    True
    """
    subject, predicate, obj = fields.get("s"), fields.get("p"), fields.get("o")
    if not all(isinstance(t, IRI) for t in (subject, predicate, obj)):
        return None
    text = lambda name: str(fields[name]) if name in fields else None
    try:
        confidence = float(text("confidence"))
    except (TypeError, ValueError):
        confidence = 0.0
    return {
        "evidence": node, "s": str(subject), "p": local_name(str(predicate)), "o": str(obj),
        "doc": text("doc"), "sentence": text("sentence") or "", "start": _int(text("start")),
        "end": _int(text("end")), "confidence": confidence,
        "modality": "planned" if (text("modality") or "").endswith("#Planned") else "factual",
        "cue": text("cue") or "", "rule": text("rule") or "", "event_date": text("event_date"),
    }


def split_cue(sentence, cue):
    """``(before, cue, after)`` of a sentence around the first case-insensitive cue match.

    >>> split_cue("China built the road.", "built")
    ('China ', 'built', ' the road.')
    >>> split_cue("No cue here.", "")
    ('No cue here.', '', '')
    """
    at = sentence.lower().find(cue.lower()) if cue else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], sentence[at:at + len(cue)], sentence[at + len(cue):]


# -- entities ----------------------------------------------------------------------------

_ENTITY_PREDICATES = {
    _RDF + "type": "types", _RDFS + "label": "labels", _SKOS + "prefLabel": "names",
    _SKOS + "altLabel": "names", _BKG + "acronym": "names", _OWL + "sameAs": "sameAs",
    _BKG + "mentionedIn": "documents",
}


def entity_records(kg, iris, documents=True):
    """Names, types, Wikidata id and documents of entities, read straight from the indexes.

    Where the store's derived graphs are current, names and types come from the knowledge
    base and the entities graph (a few quads per entity, however many documents name it);
    else from every graph. Few entities are looked up one by one (subject index); many by
    one scan.

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    iris : iterable of str
    documents : bool
        List the documents that mention each entity (else only count them).

    Returns
    -------
    dict
        IRI -> dict(iri, key, label, type, names, wikidata, documents, document_count);
        ``documents`` is empty when not asked for.
    """
    iris = set(iris)
    if read_counts(kg.backend) is None:
        raw = _raw_from_every_graph(kg, iris)
    else:
        raw = _raw_from_descriptions(kg, iris)
        if documents:
            link = _BKG + "mentionedIn"
            quads = (kg.quads(None, link) if len(iris) > SCAN_ABOVE
                     else (q for iri in iris for q in kg.quads(iri, link)))
            for subject, _, doc, _ in quads:
                if subject in iris:
                    raw[subject]["documents"].append(str(doc))
    records = {iri: _entity_record(iri, fields) for iri, fields in raw.items()}
    if not documents:
        for record in records.values():
            record["documents"] = []
    return records


def _raw_from_every_graph(kg, iris):
    raw = {iri: defaultdict(list) for iri in iris}
    if len(iris) > SCAN_ABOVE:
        quads = (q for p in _ENTITY_PREDICATES for q in kg.quads(None, p))
    else:
        quads = (q for iri in iris for p in _ENTITY_PREDICATES for q in kg.quads(iri, p))
    for subject, predicate, value, graph in quads:
        if not isinstance(subject, IRI) or subject not in iris:
            continue
        field = _ENTITY_PREDICATES[predicate]
        value = str(value)
        if field == "labels":
            raw[str(subject)]["labels"].append((graph == _KB_GRAPH, value))
        else:
            raw[str(subject)][field].append(value)
    for fields in raw.values():
        fields["document_count"] = [len(set(fields.get("documents", [])))]
    return raw


def _raw_from_descriptions(kg, iris):
    """What the knowledge base and the entities graph (one node per entity) say of entities."""
    raw = {iri: defaultdict(list) for iri in iris}
    for graph in (_KB_GRAPH, ENTITIES_GRAPH):
        if len(iris) > SCAN_ABOVE:
            quads = kg.quads(None, None, None, graph)
        else:
            quads = (q for iri in iris for q in kg.quads(iri, None, None, graph))
        for subject, predicate, value, _ in quads:
            if isinstance(subject, IRI) and subject in iris:
                _take_description(raw[subject], graph == _KB_GRAPH, predicate, value)
    return raw


def _take_description(fields, from_kb, predicate, value):
    if from_kb:
        field = _ENTITY_PREDICATES.get(predicate)
        if field == "labels":
            fields["labels"].append((True, str(value)))
        elif field is not None and field != "documents":
            fields[field].append(str(value))
        return
    local = predicate[len(SUM):] if predicate.startswith(SUM) else None
    if local == "labelDocuments":
        for label, count in json.loads(value).items():
            fields["labels"].extend([(False, label)] * count)
    elif local == "altLabel":
        fields["names"].append(str(value))
    elif local == "type":
        fields["types"].append(str(value))
    elif local == "sameAs":
        fields["sameAs"].append(str(value))
    elif local == "documents":
        fields["document_count"].append(int(value))


def _entity_record(iri, fields):
    label = choose_label(fields.get("labels", []), iri)
    names = {label, *(name for _, name in fields.get("labels", [])), *fields.get("names", [])}
    wikidata = sorted(v[len(_WD):] for v in fields.get("sameAs", []) if v.startswith(_WD))
    return {
        "iri": iri,
        "key": iri[len(ENTITY_BASE):] if iri.startswith(ENTITY_BASE) else iri,
        "label": label,
        "type": entity_type(fields.get("types", [])),
        "names": sorted(names, key=lambda n: (n != label, n.casefold(), n)),
        "wikidata": wikidata[0] if wikidata else None,
        "documents": sorted({doc_id(d) for d in fields.get("documents", [])}),
        "document_count": sum(fields.get("document_count", [])),
    }


def choose_label(labels, iri):
    """One display label: the knowledge base's, else the one most documents use.

    Parameters
    ----------
    labels : list of (bool, str)
        ``(from_kb, label)`` pairs, one per graph stating it.

    >>> choose_label([(False, "PRC"), (True, "China"), (False, "PRC")], "x")
    'China'
    >>> choose_label([(False, "Wang"), (False, "Wang Yi"), (False, "Wang Yi")], "x")
    'Wang Yi'
    >>> choose_label([], "https://w3id.org/bilateral-kg/id/project/road")
    'road'
    """
    kb = sorted(label for from_kb, label in labels if from_kb)
    if kb:
        return kb[0]
    counts = defaultdict(int)
    for _, label in labels:
        counts[label] += 1
    if counts:
        return min(counts, key=lambda label: (-counts[label], label))
    return local_name(iri)


# -- documents ---------------------------------------------------------------------------

def document_records(kg, doc_iris=None):
    """Title, source path and date of documents (all of them when ``doc_iris`` is None).

    Returns
    -------
    dict
        document id -> dict(doc_id, iri, title, source_path, date).
    """
    values = "" if doc_iris is None else f"VALUES ?doc {{ {iri_values(doc_iris)} }}"
    query = f"""SELECT ?doc ?title ?path ?date WHERE {{
      {values}
      GRAPH ?g {{ ?doc a bkg:Document }}
      OPTIONAL {{ GRAPH ?g {{ ?doc dct:title ?title }} }}
      OPTIONAL {{ GRAPH ?g {{ ?doc bkg:sourcePath ?path }} }}
      OPTIONAL {{ GRAPH ?g {{ ?doc dct:date|dct:issued|dct:created ?date }} }}
    }}"""
    docs = {}
    for s in kg.backend.select(query, prefixes=PREFIXES).dicts():
        key = doc_id(str(s["doc"]))
        record = docs.setdefault(key, {"doc_id": key, "iri": str(s["doc"]),
                                       "title": None, "source_path": None, "date": None})
        for field, var in (("title", "title"), ("source_path", "path"), ("date", "date")):
            value = None if s[var] is None else str(s[var])
            if value is not None and record[field] is None:
                record[field] = normalise_date(value) if field == "date" else value
    return docs
