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
query for the documents; never a query per node.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph(None)
>>> net = relation_network(kg)
>>> net.number_of_nodes(), net.number_of_edges()
(0, 0)
"""
from __future__ import annotations

import json
import re
import weakref
from collections import defaultdict, deque

import networkx as nx

from bilateral_kg.ontology.vocab import (
    BKG, CORE_RELATIONS, DOCUMENT_BASE, ENTITY_BASE, ENTITY_CLASSES, FINER_RELATIONS,
    SYMMETRIC_RELATIONS,
)

from bilateral_kg.ontology.kb import normalize_name

from .backends import IRI
from .rdf import PREFIXES

__all__ = [
    "relation_network", "find_entities", "search_entities", "expand_relations",
    "entity_type", "flatten_attributes", "to_graphml", "to_gexf", "UnknownEntityError",
    "name_index",
    "ALL_RELATIONS", "NODE_CLASSES",
]

_BKG = str(BKG._NS)
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_OWL = PREFIXES["owl"]
_DCT = PREFIXES["dct"]
_WD = PREFIXES["wd"]
_KB_GRAPH = "https://w3id.org/bilateral-kg/graph/kb"

#: Every relation an edge can carry, core relations first.
ALL_RELATIONS = (*CORE_RELATIONS, *FINER_RELATIONS)
#: Node classes, most specific first: a node's ``type`` is the first of these it has.
NODE_CLASSES = ("Region", *ENTITY_CLASSES, "Group")


class UnknownEntityError(LookupError):
    """No entity in the graph has the IRI or name that was asked for."""


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


def _iri_values(iris):
    """A SPARQL ``VALUES`` body of IRIs, each checked (no injection)."""
    return " ".join(f"<{_checked_iri(iri)}>" for iri in iris)


def _checked_iri(iri):
    if not iri or any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"not an IRI: {iri!r}")
    return IRI(iri)


def _value(solution, name):
    value = solution[name]
    return None if value is None else str(value)


# -- reading the store -------------------------------------------------------------------

_EVIDENCE_FIELDS = {
    _RDF + "subject": "s", _RDF + "predicate": "p", _RDF + "object": "o",
    _BKG + "document": "doc", _BKG + "sentence": "sentence", _BKG + "startChar": "start",
    _BKG + "endChar": "end", _BKG + "confidence": "confidence", _BKG + "modality": "modality",
    _BKG + "cue": "cue", _BKG + "rule": "rule",
}


_ALL_EVIDENCE_QUERY = """SELECT ?e ?s ?p ?o ?doc ?sentence ?start ?end ?confidence ?modality ?cue ?rule
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
} }"""
_ROW_FIELDS = tuple(_EVIDENCE_FIELDS.values())


def _evidence_terms(kg, touching=None, predicates=None):
    """``(evidence IRI, {field: term})`` for every evidence node, or those about some entities.

    The whole graph is one SPARQL query; a neighbourhood follows the ``bkg:evidence`` links of
    its entities through the store's indexes, which is far quicker than a ``VALUES`` join.
    """
    if touching is None:
        values = ""
        if predicates is not None:
            values = "VALUES ?p { " + " ".join(f"<{_BKG}{p}>" for p in sorted(predicates)) + " }"
        for s in kg.backend.select(_ALL_EVIDENCE_QUERY % values, prefixes=PREFIXES).dicts():
            if isinstance(s["e"], IRI):
                yield str(s["e"]), {f: s[f] for f in _ROW_FIELDS if s[f] is not None}
        return
    link = _BKG + "evidence"
    nodes = {o for iri in sorted(touching) for _, _, o, _ in kg.quads(iri, link)}
    for node in nodes:
        if not isinstance(node, IRI):
            continue
        fields = {}
        for _, predicate, obj, _ in kg.quads(node):
            field = _EVIDENCE_FIELDS.get(predicate)
            if field is not None:
                fields[field] = obj
        yield str(node), fields


def _evidence_rows(kg, predicates=None, min_confidence=None, touching=None):
    """Evidence as dicts, optionally only for some predicates or entities, above a confidence."""
    for node, fields in _evidence_terms(kg, touching, predicates):
        row = evidence_row(node, fields)
        if row is None:
            continue
        if predicates is not None and row["p"] not in predicates:
            continue
        if min_confidence is not None and row["confidence"] < float(min_confidence):
            continue
        yield row


def evidence_row(node, fields):
    """One evidence node's fields (store values) as a record; None if incomplete."""
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
        "cue": text("cue") or "", "rule": text("rule") or "",
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_ENTITY_PREDICATES = {
    _RDF + "type": "types", _RDFS + "label": "labels", _SKOS + "prefLabel": "names",
    _SKOS + "altLabel": "names", _BKG + "acronym": "names", _OWL + "sameAs": "sameAs",
    _BKG + "mentionedIn": "documents",
}


def entity_records(kg, iris):
    """Names, types, Wikidata id and documents of entities, read straight from the indexes.

    Few entities are looked up one by one (subject index); many by one scan per property.

    Returns
    -------
    dict
        IRI -> dict(iri, key, label, type, names, wikidata, documents).
    """
    iris = set(iris)
    raw = {iri: defaultdict(list) for iri in iris}
    if len(iris) > 2000:
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
    return {iri: _entity_record(iri, fields) for iri, fields in raw.items()}


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
        "documents": sorted({_doc_id(d) for d in fields.get("documents", [])}),
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


def _doc_id(doc_iri):
    return doc_iri[len(DOCUMENT_BASE):] if doc_iri and doc_iri.startswith(DOCUMENT_BASE) else doc_iri


def document_records(kg, doc_iris=None):
    """Title, source path and date of documents (all of them when ``doc_iris`` is None).

    Returns
    -------
    dict
        document id -> dict(doc_id, iri, title, source_path, date).
    """
    values = "" if doc_iris is None else f"VALUES ?doc {{ {_iri_values(doc_iris)} }}"
    query = f"""SELECT ?doc ?title ?path ?date WHERE {{
      {values}
      GRAPH ?g {{ ?doc a bkg:Document }}
      OPTIONAL {{ GRAPH ?g {{ ?doc dct:title ?title }} }}
      OPTIONAL {{ GRAPH ?g {{ ?doc bkg:sourcePath ?path }} }}
      OPTIONAL {{ GRAPH ?g {{ ?doc dct:date|dct:issued|dct:created ?date }} }}
    }}"""
    docs = {}
    for s in kg.backend.select(query, prefixes=PREFIXES).dicts():
        doc_id = _doc_id(str(s["doc"]))
        record = docs.setdefault(doc_id, {"doc_id": doc_id, "iri": str(s["doc"]),
                                          "title": None, "source_path": None, "date": None})
        for field, var in (("title", "title"), ("source_path", "path"), ("date", "date")):
            value = _value(s, var)
            if value is not None and record[field] is None:
                record[field] = normalise_date(value) if field == "date" else value
    return docs


# -- resolving a focus -------------------------------------------------------------------

class NameIndex:
    """Every name of every entity, folded for lookup, with how much evidence each entity has.

    Built from the store's indexes in one pass (label, preferred and alternative labels,
    acronyms, and the ``bkg:evidence`` links), so that type-ahead search does not scan the
    store per keystroke.
    """

    def __init__(self, kg):
        self.names = defaultdict(dict)  # folded name -> {entity IRI: name as written}
        for predicate in (_RDFS + "label", _SKOS + "prefLabel", _SKOS + "altLabel",
                          _BKG + "acronym"):
            for subject, _, name, _ in kg.quads(None, predicate):
                if (isinstance(subject, IRI) and subject.startswith(ENTITY_BASE)
                        and type(name) is str):  # a literal
                    self.names[normalize_name(name)][str(subject)] = name
        self.evidence = defaultdict(int)
        for subject, _, _, _ in kg.quads(None, _BKG + "evidence"):
            if isinstance(subject, IRI):
                self.evidence[str(subject)] += 1

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


_NAME_INDEXES = weakref.WeakKeyDictionary()


def name_index(kg):
    """The :class:`NameIndex` of a knowledge graph, kept while the graph is unchanged.

    A read-only store cannot change, so its index is built once; otherwise the number of
    quads tells when to rebuild.
    """
    stamp = None if getattr(kg, "read_only", False) else len(kg)
    cached = _NAME_INDEXES.get(kg)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    index = NameIndex(kg)
    _NAME_INDEXES[kg] = (stamp, index)
    return index


def find_entities(kg, focus):
    """IRIs of the entities that ``focus`` names.

    ``focus`` may be an IRI, a key under the entity namespace (``country/CHN``, ``id:country/CHN``)
    or a name, matched case-insensitively against every ``rdfs:label``, ``skos:prefLabel``,
    ``skos:altLabel`` and ``bkg:acronym``.

    Raises
    ------
    UnknownEntityError
        When nothing in the graph has that IRI or name.
    """
    focus = focus.strip()
    candidates = []
    if re.match(r"^[a-z][a-z0-9+.-]*:(//)?\S+$", focus, re.I) and not focus.startswith("id:"):
        candidates.append(focus)
    key = focus.removeprefix("id:")
    if re.match(r"^[\w.-]+/\S+$", key):
        candidates.append(ENTITY_BASE + key)
    for iri in candidates:
        try:
            node = _checked_iri(iri)
        except ValueError:
            continue
        if any(True for _ in kg.quads(node)):
            return [iri]
    found = name_index(kg).exact(focus)
    if not found:
        raise UnknownEntityError(f"no entity has the IRI or name {focus!r}")
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
    records = entity_records(kg, [iri for iri, _ in ranked])
    return [{"iri": iri, "label": records[iri]["label"], "type": records[iri]["type"],
             "matched": name, "evidence": count} for iri, (_, name, count) in ranked]


# -- building the network ------------------------------------------------------------------

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


def group_evidence(rows, documents):
    """Edges from evidence rows: one per ``(from, relation, to)``, evidence best first.

    Parameters
    ----------
    rows : iterable of dict
        As produced by the evidence query.
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
        doc_id = _doc_id(row["doc"])
        doc = documents.get(doc_id, {})
        evidence = {
            "sentence": row["sentence"], "doc_id": doc_id, "title": doc.get("title"),
            "source_path": doc.get("source_path"), "date": doc.get("date"),
            "start": row["start"], "end": row["end"], "confidence": row["confidence"],
            "modality": row["modality"], "cue": row["cue"], "rule": row["rule"],
            "evidence": row["evidence"],
        }
        edge = edges.setdefault((source, target, relation), {
            "relation": relation, "core": FINER_RELATIONS.get(relation, relation),
            "iri": _BKG + relation, "symmetric": symmetric, "evidence": [],
        })
        edge["evidence"].append(evidence)
    for edge in edges.values():
        edge["evidence"].sort(key=lambda e: (-e["confidence"], e["doc_id"] or "",
                                             e["start"] if e["start"] is not None else -1))
        edge["confidence"] = edge["evidence"][0]["confidence"]
        edge["modality"] = ("factual" if any(e["modality"] == "factual" for e in edge["evidence"])
                            else "planned")
        edge["documents"] = sorted({e["doc_id"] for e in edge["evidence"] if e["doc_id"]})
        edge["evidence_count"] = len(edge["evidence"])
        dates = sorted(e["date"] for e in edge["evidence"] if e["date"])
        edge["first_date"] = dates[0] if dates else None
        edge["last_date"] = dates[-1] if dates else None
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


def relation_network(kg, min_confidence=None, relations=None, focus=None, depth=1, classes=None):
    """The relations stated in documents as a multigraph of entities.

    Parameters
    ----------
    kg : bilateral_kg.graph.store.KnowledgeGraph
    min_confidence : float, optional
        Leave out evidence below this confidence, and relations left with none.
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
        When ``focus`` names nothing in the graph.
    ValueError
        For an unknown relation or class name.
    """
    predicates = expand_relations(relations)
    wanted_classes = expand_classes(classes)
    focus_iris = find_entities(kg, focus) if focus is not None else []
    records = {}

    def allowed(iris):
        missing = [iri for iri in iris if iri not in records]
        if missing:
            records.update(entity_records(kg, missing))
        if wanted_classes is None:
            return set(iris)
        return {iri for iri in iris
                if iri in focus_iris or records[iri]["type"] in wanted_classes}

    if focus_iris:
        rows, reached, frontier = [], set(focus_iris), set(focus_iris)
        for _ in range(max(int(depth), 0)):
            level = list(_evidence_rows(kg, predicates, min_confidence, touching=frontier))
            ends = {end for row in level for end in (row["s"], row["o"])}
            passing = allowed(ends | reached)
            level = [row for row in level if row["s"] in passing and row["o"] in passing]
            rows.extend(level)
            new = {end for row in level for end in (row["s"], row["o"])} - reached
            reached |= new
            frontier = new
            if not frontier:
                break
        if frontier:
            # The relations among the outermost entities too: the neighbourhood's whole subgraph.
            rows.extend(row for row in _evidence_rows(kg, predicates, min_confidence, frontier)
                        if row["s"] in reached and row["o"] in reached)
        rows = list({row["evidence"]: row for row in rows}.values())
    else:
        rows = list(_evidence_rows(kg, predicates, min_confidence))
        passing = allowed({end for row in rows for end in (row["s"], row["o"])})
        rows = [row for row in rows if row["s"] in passing and row["o"] in passing]

    documents = document_records(kg, sorted({row["doc"] for row in rows if row["doc"]}))
    edges = group_evidence(rows, documents)
    nodes = {end for source, target, _ in edges for end in (source, target)} | set(focus_iris)
    allowed(nodes)

    net = nx.MultiDiGraph(documents=documents, focus=list(focus_iris),
                          min_confidence=min_confidence)
    for iri in sorted(nodes):
        net.add_node(iri, **records[iri])
    for (source, target, relation), attrs in sorted(edges.items()):
        net.add_edge(source, target, key=relation, **attrs)
    return net


# -- exports ---------------------------------------------------------------------------------

def flatten_value(value):
    """A GraphML/GEXF-ready value: scalars as they are, lists and dicts as JSON text.

    >>> flatten_value(["a", "b"])
    '["a", "b"]'
    >>> flatten_value(0.9)
    0.9
    >>> flatten_value(None) is None
    True
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def flatten_attributes(attrs):
    """Attributes fit for networkx's GraphML and GEXF writers.

    Lists and dicts become JSON text (lossless: ``json.loads`` gives them back) and
    ``None`` values are left out, since neither format has a null.

    >>> flatten_attributes({"names": ["China", "PRC"], "wikidata": None, "confidence": 0.9})
    {'names': '["China", "PRC"]', 'confidence': 0.9}
    """
    return {key: flatten_value(value) for key, value in attrs.items() if value is not None}


def flat_copy(net):
    """A copy of ``net`` whose graph, node and edge attributes are flattened."""
    flat = nx.MultiDiGraph() if net.is_multigraph() else nx.DiGraph()
    flat.graph.update(flatten_attributes(net.graph))
    flat.add_nodes_from((node, flatten_attributes(attrs)) for node, attrs in net.nodes(data=True))
    if net.is_multigraph():
        flat.add_edges_from((s, t, k, flatten_attributes(a))
                            for s, t, k, a in net.edges(keys=True, data=True))
    else:
        flat.add_edges_from((s, t, flatten_attributes(a)) for s, t, a in net.edges(data=True))
    return flat


def to_graphml(net, path):
    """Write a relation network as GraphML (list and dict attributes as JSON text).

    Parameters
    ----------
    net : networkx.MultiDiGraph
        As returned by :func:`relation_network`.
    path : str or path-like
    """
    nx.write_graphml(flat_copy(net), path, encoding="utf-8")


def to_gexf(net, path):
    """Write a relation network as GEXF 1.2 for Gephi (list and dict attributes as JSON text).

    The node ``label`` becomes GEXF's own label. Graph-level attributes are left out: GEXF
    has no place for them.
    """
    flat = flat_copy(net)
    flat.graph.clear()
    nx.write_gexf(flat, path, encoding="utf-8")
