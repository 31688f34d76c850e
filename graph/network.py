"""The relation network: entities as nodes, extracted relations as edges with their evidence.

:func:`relation_network` reads a :class:`~bilateral_kg.graph.store.KnowledgeGraph` into a
:class:`networkx.MultiDiGraph` that the HTML view, the explorer and the exports share.
Only relations read from documents are edges (each has at least one ``bkg:Evidence``);
the knowledge base's own facts (a country ``bkg:locatedIn`` its continent) are not.

One edge per ``(subject, relation, object)``, where ``relation`` is the most specific
relation the text stated (``condemns`` rather than its core relation ``opposes``, which is
kept in the edge's ``core`` attribute). Symmetric relations (``meetsWith``...) are one
undirected edge per pair, drawn from the smaller IRI to the larger.

The network is read with a handful of store scans whatever its size: one SPARQL query for
all evidence (or, for a focused neighbourhood, the ``bkg:evidence`` links of each level's
entities through the store's indexes), one pass for the entities' names and types and one
query for the documents; never a query per node. Evidence below ``min_confidence`` is left
out by the graph's one confidence filter (``kg.confidence_filter``).

The readers live in :mod:`.records`, the name lookup in :mod:`.search` and the GraphML/GEXF
writers in :mod:`.network_files`; this module assembles.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph(None)
>>> net = relation_network(kg)
>>> net.number_of_nodes(), net.number_of_edges()
(0, 0)
"""
from __future__ import annotations

from collections import defaultdict, deque

import networkx as nx

from bilateral_kg.ontology.vocab import BKG, FINER_RELATIONS, SYMMETRIC_RELATIONS

from .records import (
    ALL_RELATIONS, NODE_CLASSES, doc_id, document_records, entity_records, evidence_rows,
    local_name,
)
from .search import find_entities

__all__ = [
    "relation_network", "expand_relations", "expand_classes", "group_evidence",
    "evidence_item", "slim_evidence",
    "neighbourhood", "edge_key", "ALL_RELATIONS", "NODE_CLASSES",
]

_BKG = str(BKG._NS)


# -- selecting relations and classes ---------------------------------------------------------

def expand_relations(relations):
    """The relation names selected by ``relations``, each core relation with its refinements.

    Names may be local names (``supports``), ``bkg:`` names or full IRIs.

    Parameters
    ----------
    relations : iterable of str or None
        ``None`` selects every relation.

    Returns
    -------
    frozenset of str or None

    Raises
    ------
    ValueError
        For a name that is no relation of the ontology.

    Examples
    --------
    >>> sorted(expand_relations(["opposes"]))
    ['accuses', 'condemns', 'opposes', 'rejects']
    >>> sorted(expand_relations(["bkg:lendsTo"]))
    ['lendsTo']
    >>> expand_relations(None) is None
    True
    """
    return _select(relations, ALL_RELATIONS, "relation",
                   lambda name: {f for f, core in FINER_RELATIONS.items() if core == name})


def expand_classes(classes):
    """The class names selected by ``classes`` (``Place`` takes in ``Region``).

    >>> sorted(expand_classes(["Place", "bkg:Country"]))
    ['Country', 'Place', 'Region']
    >>> expand_classes(["Planet"])
    Traceback (most recent call last):
    ...
    ValueError: unknown class 'Planet'; known: Region, Country, Person, Organization, Policy, Project, Agreement, Place, Event, Group
    """
    return _select(classes, NODE_CLASSES, "class",
                   lambda name: {"Region"} if name == "Place" else set())


def _select(names, known, kind, implied):
    """Names checked against ``known`` (with or without ``bkg:``), plus what each implies."""
    if names is None:
        return None
    if isinstance(names, str):
        names = [names]
    selected = set()
    for name in names:
        name = local_name(name.removeprefix("bkg:"))
        if name not in known:
            raise ValueError(f"unknown {kind} {name!r}; known: {', '.join(known)}")
        selected.add(name)
        selected.update(implied(name))
    return frozenset(selected)


# -- edges from evidence ---------------------------------------------------------------------

def edge_key(subject, relation, obj):
    """The ``(from, to)`` of an edge: symmetric relations are stored once per pair.

    >>> edge_key("b", "meetsWith", "a")
    ('a', 'b', True)
    >>> edge_key("b", "visits", "a")
    ('b', 'a', False)
    """
    if relation in SYMMETRIC_RELATIONS:
        first, second = sorted((subject, obj))
        return first, second, True
    return subject, obj, False


#: The fields of an evidence entry that describe its document (kept once per document in
#: a page's data, not in every entry).
DOCUMENT_FIELDS = ("title", "source_path", "date")


def evidence_item(row, documents):
    """An edge's evidence entry: the row's reading with its document's title, path and date."""
    key = doc_id(row["doc"])
    doc = documents.get(key, {})
    return {
        "sentence": row["sentence"], "doc_id": key, "title": doc.get("title"),
        "source_path": doc.get("source_path"), "date": doc.get("date"),
        "start": row["start"], "end": row["end"], "confidence": row["confidence"],
        "modality": row["modality"], "cue": row["cue"], "rule": row["rule"],
        "evidence": row["evidence"], "event_date": row["event_date"],
    }


def slim_evidence(evidence):
    """An evidence entry without its document's fields (:data:`DOCUMENT_FIELDS`)."""
    return {k: v for k, v in evidence.items() if k not in DOCUMENT_FIELDS}


def _summarise(edge):
    """Sort an edge's evidence best first and set its summary attributes from it."""
    evidence = edge["evidence"]
    evidence.sort(key=lambda e: (-e["confidence"], e["doc_id"] or "",
                                 e["start"] if e["start"] is not None else -1))
    edge["confidence"] = evidence[0]["confidence"]
    edge["modality"] = ("factual" if any(e["modality"] == "factual" for e in evidence)
                        else "planned")
    edge["documents"] = sorted({e["doc_id"] for e in evidence if e["doc_id"]})
    edge["evidence_count"] = len(evidence)
    # The date of the event each reading reports (the document's where the text gives none)
    dates = sorted(e["event_date"] for e in evidence if e["event_date"])
    edge["first_date"] = dates[0] if dates else None
    edge["last_date"] = dates[-1] if dates else None


def group_evidence(rows, documents):
    """Edges from evidence rows: one per ``(from, relation, to)``, evidence best first.

    Parameters
    ----------
    rows : iterable of dict
        As produced by :func:`~.records.evidence_rows`.
    documents : dict
        Document id -> record, to name each evidence's source.

    Returns
    -------
    dict
        ``(from, to, relation)`` -> edge attributes.
    """
    edges = {}
    for row in rows:
        relation = row["p"]
        if relation not in ALL_RELATIONS:
            continue
        source, target, symmetric = edge_key(row["s"], relation, row["o"])
        edge = edges.setdefault((source, target, relation), {
            "relation": relation, "core": FINER_RELATIONS.get(relation, relation),
            "iri": _BKG + relation, "symmetric": symmetric, "evidence": [],
        })
        edge["evidence"].append(evidence_item(row, documents))
    for edge in edges.values():
        _summarise(edge)
    return edges


def neighbourhood(edges, start, depth, allowed=None):
    """Nodes within ``depth`` steps of ``start`` along edges in either direction.

    >>> sorted(neighbourhood([("a", "b"), ("b", "c"), ("c", "d")], ["a"], 2))
    ['a', 'b', 'c']
    >>> sorted(neighbourhood([("a", "b"), ("b", "c")], ["a"], 2, allowed={"a", "c"}))
    ['a']
    """
    adjacent = defaultdict(set)
    for source, target in edges:
        if allowed is None or (source in allowed and target in allowed):
            adjacent[source].add(target)
            adjacent[target].add(source)
    seen = set(start)
    frontier = deque((node, 0) for node in start)
    while frontier:
        node, distance = frontier.popleft()
        if distance >= depth:
            continue
        for other in adjacent[node]:
            if other not in seen:
                seen.add(other)
                frontier.append((other, distance + 1))
    return seen


# -- reading the rows of a network ------------------------------------------------------------

class _Entities:
    """Entity records read as needed, and which entities the class filter lets in."""

    def __init__(self, kg, classes, focus):
        self.kg, self.classes, self.focus = kg, classes, set(focus)
        self.records = {}

    def allowed(self, iris):
        """The entities among ``iris`` that pass the class filter (the focus always does)."""
        missing = [iri for iri in iris if iri not in self.records]
        if missing:
            self.records.update(entity_records(self.kg, missing))
        if self.classes is None:
            return set(iris)
        return {iri for iri in iris
                if iri in self.focus or self.records[iri]["type"] in self.classes}


def _ends(rows):
    return {end for row in rows for end in (row["s"], row["o"])}


def _all_rows(kg, predicates, keep, entities):
    """Every evidence row whose two ends pass the class filter."""
    rows = list(evidence_rows(kg, predicates, keep))
    passing = entities.allowed(_ends(rows))
    return [row for row in rows if row["s"] in passing and row["o"] in passing]


def _neighbourhood_rows(kg, predicates, keep, focus, depth, entities):
    """The evidence rows among the entities within ``depth`` steps of ``focus``.

    Walks level by level along the entities' evidence links; then adds the relations among
    the outermost entities too, so that the result is the neighbourhood's whole subgraph.
    """
    rows, reached, frontier = [], set(focus), set(focus)
    for _ in range(max(int(depth), 0)):
        level = list(evidence_rows(kg, predicates, keep, touching=frontier))
        passing = entities.allowed(_ends(level) | reached)
        level = [row for row in level if row["s"] in passing and row["o"] in passing]
        rows.extend(level)
        frontier = _ends(level) - reached
        reached |= frontier
        if not frontier:
            break
    if frontier:
        rows.extend(row for row in evidence_rows(kg, predicates, keep, touching=frontier)
                    if row["s"] in reached and row["o"] in reached)
    return list({row["evidence"]: row for row in rows}.values())


def _assemble(kg, rows, entities, focus, min_confidence):
    """The multigraph of the selected evidence rows, with node records and documents."""
    documents = document_records(kg, sorted({row["doc"] for row in rows if row["doc"]}))
    edges = group_evidence(rows, documents)
    nodes = {end for source, target, _ in edges for end in (source, target)} | set(focus)
    entities.allowed(nodes)
    net = nx.MultiDiGraph(documents=documents, focus=list(focus), min_confidence=min_confidence)
    for iri in sorted(nodes):
        net.add_node(iri, **entities.records[iri])
    for (source, target, relation), attrs in sorted(edges.items()):
        net.add_edge(source, target, key=relation, **attrs)
    return net


def relation_network(kg, min_confidence=None, relations=None, focus=None, depth=1, classes=None):
    """The relations stated in documents as a multigraph of entities.

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    min_confidence : float, optional
        Leave out evidence below this confidence, and relations left with none (the graph's
        one confidence filter, ``kg.confidence_filter``: kept at confidence >= threshold).
    relations : iterable of str, optional
        Keep only these relations (a core relation takes in its finer relations:
        ``opposes`` keeps ``condemns``).
    focus : str, optional
        An entity IRI, key (``country/CHN``) or name (any label or alternative label,
        case-insensitive): keep its neighbourhood only, that is the entities within
        ``depth`` steps and every relation among them. A name shared by several entities
        focuses on all of them.
    depth : int
        How many relation steps from the focus to keep.
    classes : iterable of str, optional
        Keep only entities of these classes (``Place`` takes in ``Region``); the focus is
        always kept.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs with attributes ``label``, ``type``, ``names``, ``wikidata``,
        ``iri``, ``key`` and ``documents`` (ids). Edges are keyed by relation name with
        attributes ``relation``, ``core``, ``iri``, ``symmetric``, ``confidence`` (the best
        evidence's), ``modality`` (``factual`` once one evidence is), ``evidence_count``,
        ``documents``, ``first_date``, ``last_date`` and ``evidence``: dicts with
        ``sentence``, ``doc_id``, ``title``, ``source_path``, ``date``, ``start``, ``end``,
        ``confidence``, ``modality``, ``cue``, ``rule`` and ``evidence`` (its IRI), best first.
        ``graph.graph["documents"]`` maps each cited document id to its metadata and
        ``graph.graph["focus"]`` lists the focused IRIs.

    Raises
    ------
    UnknownEntityError
        When ``focus`` names nothing in the graph (the message suggests near names).
    ValueError
        For an unknown relation or class name.
    """
    predicates = expand_relations(relations)
    wanted_classes = expand_classes(classes)
    focus_iris = find_entities(kg, focus) if focus is not None else []
    entities = _Entities(kg, wanted_classes, focus_iris)
    keep = kg.confidence_filter(min_confidence)
    if focus_iris:
        rows = _neighbourhood_rows(kg, predicates, keep, focus_iris, depth, entities)
    else:
        rows = _all_rows(kg, predicates, keep, entities)
    return _assemble(kg, rows, entities, focus_iris, min_confidence)
