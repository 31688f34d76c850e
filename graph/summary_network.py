"""The relation network read from the summaries graph: what the explorer draws at any size.

:func:`summary_network` returns the same multigraph as
:func:`~.network.relation_network` (same nodes, edges, labels, types, best confidence,
modality, evidence counts and dates) without reading a single evidence node: every edge
comes from the relation's summary node (:mod:`.summaries`), kept current at each write, and
every node from the knowledge base and the entities graph. Its cost follows the number of
relations drawn, not the number of documents or evidence sentences behind them.

What it leaves out is the evidence itself: an edge carries its best sentence (``example``)
and counts (``evidence_count``, ``document_count``, ``factual_count``) but an empty
``evidence`` list. :func:`relation_evidence` pages through one relation's evidence, best
first, when someone opens it.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> net = summary_network(KnowledgeGraph(None))
>>> net.number_of_nodes(), net.number_of_edges()
(0, 0)
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from bilateral_kg.ontology.vocab import BKG, FINER_RELATIONS, SYMMETRIC_RELATIONS

from .backends import IRI
from .network import (
    edge_key, evidence_item, expand_classes, expand_relations, relation_network, slim_evidence,
)
from .rdf import PREFIXES
from .records import (
    ALL_RELATIONS, checked_iri, doc_id, document_records, entity_records, evidence_row,
    local_name,
)
from .search import find_entities
from .summaries import SUM, SUMMARIES_GRAPH, read_counts, read_summary

__all__ = ["summary_network", "summary_edges", "relation_evidence"]

_BKG = str(BKG._NS)
#: Above this many, summary nodes are read by one scan of their graph, not one by one.
SCAN_ABOVE = 2000


# -- edges from summary nodes ----------------------------------------------------------------

def edge_from_summary(fields):
    """One edge's attributes from a summary node's ``{predicate IRI: value}``; None when no
    evidence states the relation itself (a core relation known only through its refinements).

    >>> e = edge_from_summary({SUM + "subject": "x:b", SUM + "predicate": _BKG + "meetsWith",
    ...     SUM + "object": "x:a", SUM + "directEvidence": "3", SUM + "documents": "2",
    ...     SUM + "evidence": "3", SUM + "factualEvidence": "0", SUM + "bestConfidence": "0.85"})
    >>> e["from"], e["to"], e["relation"], e["confidence"], e["modality"], e["evidence_count"]
    ('x:a', 'x:b', 'meetsWith', 0.85, 'planned', 3)
    """
    if SUM + "directEvidence" not in fields:
        return None
    own = read_summary({p[len(SUM):]: str(v) for p, v in fields.items()
                        if p.startswith(SUM)})["direct"]
    if not own["evidence"]:
        return None
    relation = local_name(str(fields[SUM + "predicate"]))
    source, target, symmetric = edge_key(str(fields[SUM + "subject"]), relation,
                                         str(fields[SUM + "object"]))
    example = None if own["example"] is None else {
        "sentence": own["example"], "evidence": own["bestEvidence"] or "",
        "doc_id": doc_id(own["exampleDocument"]) if own["exampleDocument"] else None}
    return {
        "from": source, "to": target, "relation": relation,
        "core": FINER_RELATIONS.get(relation, relation), "iri": _BKG + relation,
        "symmetric": symmetric, "confidence": own["best"] if own["best"] is not None else 0.0,
        "modality": "factual" if own["factual"] else "planned",
        "evidence_count": own["evidence"], "document_count": own["documents"],
        "factual_count": own["factual"], "first_date": own["first"] or None,
        "last_date": own["last"] or None, "example": example, "evidence": [],
    }


def _merged_edges(a, b):
    """Two summaries drawn as one edge (a symmetric relation stated in both directions)."""
    rank = lambda e, other: (e["confidence"], other["example"] is None)
    best = a if rank(a, b) >= rank(b, a) else b
    dates = [d for d in (a["first_date"], a["last_date"], b["first_date"], b["last_date"]) if d]
    merged = dict(best)
    for count in ("evidence_count", "document_count", "factual_count"):
        merged[count] = a[count] + b[count]
    merged["modality"] = "factual" if merged["factual_count"] else "planned"
    merged["first_date"], merged["last_date"] = min(dates, default=None), max(dates, default=None)
    return merged


def _summary_fields(kg, nodes=None):
    """``{summary node: {predicate: value}}`` for some summary nodes (None: every one)."""
    fields = defaultdict(dict)
    if nodes is None or len(nodes) > SCAN_ABOVE:
        quads = kg.quads(None, None, None, SUMMARIES_GRAPH)
    else:
        quads = (q for node in nodes for q in kg.quads(node, None, None, SUMMARIES_GRAPH))
    for node, predicate, value, _ in quads:
        if nodes is None or node in nodes:
            fields[node][predicate] = value
    return fields


_OTHER_END = {"subject": "object", "object": "subject"}


def _nodes_touching(kg, entities, among=None):
    """The summary nodes whose subject or object is one of ``entities`` (and, with
    ``among``, whose other end is one of those)."""
    nodes = set()
    for iri in entities:
        for role, other in _OTHER_END.items():
            for node, _, _, _ in kg.quads(None, SUM + role, IRI(iri), SUMMARIES_GRAPH):
                if among is None or any(end in among for _, _, end, _ in
                                        kg.quads(node, SUM + other, None, SUMMARIES_GRAPH)):
                    nodes.add(node)
    return nodes


def summary_edges(kg, relations=None, min_confidence=None, touching=None, among=None):
    """The network's edges, one per ``(from, to, relation)``, read from the summaries.

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    relations : set of str, optional
        Relation local names to keep (:func:`~.network.expand_relations`).
    min_confidence : float, optional
        Keep relations whose best evidence has at least this confidence.
    touching : set of str, optional
        Only relations with one end among these entities.
    among : set of str, optional
        With ``touching``: only relations whose other end is among these.

    Returns
    -------
    dict
        ``(from, to, relation)`` -> edge attributes (see :func:`edge_from_summary`).
    """
    nodes = None if touching is None else _nodes_touching(kg, touching, among)
    edges = {}
    for fields in _summary_fields(kg, nodes).values():
        if SUM + "predicate" not in fields:
            continue  # the counters node
        edge = edge_from_summary(fields)
        if edge is None or (relations is not None and edge["relation"] not in relations):
            continue
        if min_confidence is not None and edge["confidence"] < float(min_confidence):
            continue
        key = (edge["from"], edge["to"], edge["relation"])
        edges[key] = _merged_edges(edges[key], edge) if key in edges else edge
    return edges


# -- the network ----------------------------------------------------------------------------

def _ends(edges):
    return {end for source, target, _ in edges for end in (source, target)}


def _passing(records, classes, focus, iris):
    return {iri for iri in iris if classes is None or iri in focus
            or records[iri]["type"] in classes}


def _with_records(kg, records, iris):
    missing = [iri for iri in iris if iri not in records]
    if missing:
        records.update(entity_records(kg, missing, documents=False))


def _filtered(edges, keep):
    return {k: e for k, e in edges.items() if k[0] in keep and k[1] in keep}


def _neighbourhood_edges(kg, wanted, focus, depth, classes, records):
    """Edges among the entities within ``depth`` steps of ``focus``, level by level."""
    edges, reached, frontier = {}, set(focus), set(focus)
    for _ in range(max(int(depth), 0)):
        level = summary_edges(kg, touching=frontier, **wanted)
        _with_records(kg, records, _ends(level) | reached)
        level = _filtered(level, _passing(records, classes, focus, _ends(level) | reached))
        edges.update(level)
        frontier = _ends(level) - reached
        reached |= frontier
        if not frontier:
            break
    if frontier:  # the relations among the outermost entities too: the whole subgraph
        edges.update(_filtered(summary_edges(kg, touching=frontier, among=reached, **wanted),
                               reached))
    return edges


def summary_network(kg, min_confidence=None, relations=None, focus=None, depth=1, classes=None):
    """The relations stated in documents as a multigraph of entities, read from the summaries.

    Takes the arguments of :func:`~.network.relation_network` and returns the same nodes
    and edges with the same attributes, except that each edge's ``evidence`` is empty (its
    best sentence is in ``example``; :func:`relation_evidence` reads the rest), its
    ``documents`` is empty (``document_count`` counts them) and so is each node's.
    ``graph.graph["documents"]`` holds the documents of the edges' examples.

    A store without current summaries (written by an older version and opened read-only)
    gets :func:`~.network.relation_network`'s, read from the evidence.

    Raises
    ------
    UnknownEntityError
        When ``focus`` names nothing in the graph.
    ValueError
        For an unknown relation or class name.
    """
    if read_counts(kg.backend) is None:
        return relation_network(kg, min_confidence=min_confidence, relations=relations,
                                focus=focus, depth=depth, classes=classes)
    wanted = {"relations": expand_relations(relations), "min_confidence": min_confidence}
    classes = expand_classes(classes)
    focus_iris = find_entities(kg, focus) if focus is not None else []
    records = {}
    if focus_iris:
        edges = _neighbourhood_edges(kg, wanted, focus_iris, depth, classes, records)
    else:
        edges = summary_edges(kg, **wanted)
        _with_records(kg, records, _ends(edges))
        edges = _filtered(edges, _passing(records, classes, (), _ends(edges)))
    nodes = _ends(edges) | set(focus_iris)
    _with_records(kg, records, nodes)
    examples = sorted({e["example"]["doc_id"] for e in edges.values()
                       if e["example"] and e["example"]["doc_id"]})
    documents = document_records(kg, [PREFIXES["doc"] + d for d in examples]) if examples else {}
    net = nx.MultiDiGraph(documents=documents, focus=list(focus_iris),
                          min_confidence=min_confidence, summarised=True)
    for iri in sorted(nodes):
        net.add_node(iri, **records[iri])
    for (source, target, relation), attrs in sorted(edges.items()):
        net.add_edge(source, target, key=relation,
                     **{k: v for k, v in attrs.items() if k not in ("from", "to")})
    return net


# -- one relation's evidence, a page at a time ----------------------------------------------

_EVIDENCE_PAGE = """SELECT ?e ?s ?p ?o ?doc ?sentence ?start ?end ?confidence ?modality ?cue ?rule ?event_date
WHERE {
  VALUES (?s ?p ?o) { %s }
  GRAPH ?g { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; a bkg:Evidence .
    OPTIONAL { ?e bkg:document ?doc } OPTIONAL { ?e bkg:sentence ?sentence }
    OPTIONAL { ?e bkg:startChar ?start } OPTIONAL { ?e bkg:endChar ?end }
    OPTIONAL { ?e bkg:eventDate ?event_date }
    OPTIONAL { ?e bkg:confidence ?confidence } OPTIONAL { ?e bkg:modality ?modality }
    OPTIONAL { ?e bkg:cue ?cue } OPTIONAL { ?e bkg:rule ?rule } }
} ORDER BY DESC(?confidence) ?doc ?start ?e LIMIT %d OFFSET %d"""


def relation_evidence(kg, subject, relation, obj, offset=0, limit=20):
    """One relation's evidence, best first, a page at a time (both directions of a
    symmetric relation).

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    subject, obj : str
        Entity IRIs.
    relation : str
        A relation's local name (``supports``, ``condemns``...).
    offset, limit : int
        Which page.

    Returns
    -------
    dict
        ``items`` (evidence dicts as the network's, see :func:`~.network.relation_network`),
        ``documents`` (id -> record of the page's documents), ``offset``, ``limit`` and
        ``more`` (whether another page follows).
    """
    subject, obj = checked_iri(subject), checked_iri(obj)
    if relation not in ALL_RELATIONS:
        raise ValueError(f"unknown relation {relation!r}")
    pairs = [(subject, obj)] + ([(obj, subject)] if relation in SYMMETRIC_RELATIONS else [])
    values = " ".join(f"(<{s}> <{_BKG}{relation}> <{o}>)" for s, o in pairs)
    query = _EVIDENCE_PAGE % (values, int(limit) + 1, int(offset))
    rows = []
    for solution in kg.backend.select(query, prefixes=PREFIXES).dicts():
        fields = {k: v for k, v in solution.items() if v is not None and k != "e"}
        row = evidence_row(str(solution["e"]), fields)
        if row is not None:
            rows.append(row)
    more = len(rows) > limit
    rows = rows[:limit]
    documents = document_records(kg, sorted({r["doc"] for r in rows if r["doc"]})) if rows else {}
    items = [slim_evidence(evidence_item(r, documents)) for r in rows]
    return {"items": items, "documents": documents, "offset": int(offset), "limit": int(limit),
            "more": more}
