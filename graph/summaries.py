"""Answers that do not grow with the store: relation summaries, entity records and counters.

Two derived graphs are kept exactly current with the document graphs, in the same update
request (one transaction) as each document write:

- the **summaries graph** (:data:`SUMMARIES_GRAPH`): one node per ``(subject, predicate,
  object)`` relation stated by some document, with its best confidence, how many documents
  state it, how much evidence it has (and how much of it factual rather than planned), its
  first and last event date and an example (the sentence and document of its best evidence,
  ties going to the smaller evidence IRI); a core relation's summary takes in the evidence
  of its refinements, and where that changes anything the same statistics of the relation's
  own evidence follow under ``sum:direct...`` names (``sum:directEvidence`` is always
  there): what the explorer draws as an edge; and one counters node holding what ``bkg
  stats`` prints;
- the **entities graph** (:data:`ENTITIES_GRAPH`): one node per entity mentioned by some
  document, with every label, alternative label, type and Wikidata link the documents state,
  stated once, and how many documents and evidence nodes mention it.

A store that keeps its own default graph (the embedded one, ``merges_default_graph``) has
it kept in the same update as the **merge** of every graph but the two above and the
bookkeeping graph: each statement of the documents, the KB and the ontology once, so that
queries without ``GRAPH`` return each fact once. A document's write puts what it states
there and takes out what only its old version stated.

Both are derived: :func:`rebuild` recomputes them from the document graphs, and a write
recomputes only the relations and entities the written documents touch, from the documents
that remain plus the new ones. Their terms live in :data:`SUM`, not in the ontology, and
their nodes use none of the document graphs' predicates, so queries over the document
graphs (``GRAPH ?g { ... }`` or the union default graph) answer as before.

>>> summary_iri("http://x/a", "http://x/p", "http://x/b")
'https://w3id.org/bilateral-kg/graph/summaries/2975dc9ce2269322c491'
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from bilateral_kg.ontology.vocab import BKG, CORE_RELATIONS, FINER_RELATIONS

from .backends import OxigraphStore
from .backends.base import insert_data_update, replace_graphs_update
from .rdf import PREFIXES

GRAPH_BASE = "https://w3id.org/bilateral-kg/graph/"
SUMMARIES_GRAPH = GRAPH_BASE + "summaries"
ENTITIES_GRAPH = GRAPH_BASE + "entities"
#: The derived graphs' own terms (an index, not part of the ontology).
SUM = "https://w3id.org/bilateral-kg/summary#"
#: Bumped when what the derived graphs hold changes: a store without it is rebuilt on open.
SUMMARY_VERSION = "6"
COUNTS_NODE = SUMMARIES_GRAPH + "/counts"
#: Graphs whose statements stay out of the merged default graph (indexes, bookkeeping).
UNMERGED_GRAPHS = (SUMMARIES_GRAPH, ENTITIES_GRAPH, GRAPH_BASE + "meta")

_BKG = str(BKG._NS)
_CORE = {_BKG + name for name in CORE_RELATIONS}
_CORE_OF = {_BKG + name: _BKG + name for name in CORE_RELATIONS}
_CORE_OF.update({_BKG + fine: _BKG + core for fine, core in FINER_RELATIONS.items()})
RELATIONS = frozenset(_CORE_OF)
_ENTITY_FIELDS = {PREFIXES["rdfs"] + "label": "label", PREFIXES["skos"] + "altLabel": "altLabel",
                  PREFIXES["rdf"] + "type": "type", PREFIXES["owl"] + "sameAs": "sameAs"}
_DECIMAL = XSD.decimal
_PLANNED = _BKG + "Planned"


def summary_iri(subject, predicate, obj):
    """The IRI of a relation's summary node (a digest of the triple)."""
    digest = hashlib.sha1(f"{subject}|{predicate}|{obj}".encode()).hexdigest()[:20]
    return f"{SUMMARIES_GRAPH}/{digest}"


def _values(rows):
    return " ".join("(" + " ".join(f"<{v}>" for v in row) + ")" for row in rows)


def _not_in(graphs):
    return f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in graphs)}))" if graphs else ""


def _document_graphs(graphs):
    """The filter keeping ``?g`` to document graphs."""
    return f'FILTER(STRSTARTS(STR(?g), "{PREFIXES["doc"]}"))' + _not_in(graphs)


# -- reading what documents say about some relations and entities -------------------------

def _relation_rows(backend, triples, skip):
    """``(graph, s, p, o)`` of the relation triples (all when ``triples`` is None)."""
    values = "" if triples is None else f"VALUES (?s ?p ?o) {{ {_values(sorted(triples))} }}"
    relations = " ".join(f"<{p}>" for p in sorted(RELATIONS))
    query = (f"SELECT ?g ?s ?p ?o WHERE {{ {values} VALUES ?p {{ {relations} }} "
             f"GRAPH ?g {{ ?s ?p ?o }} {_document_graphs(skip)} }}")
    return [tuple(map(str, row)) for row in backend.select(query, prefixes=PREFIXES)]


def _evidence_rows(backend, pairs, skip):
    """``(e, graph, s, p, o, confidence, date, sentence, modality)`` of the evidence between pairs."""
    values = "" if pairs is None else f"VALUES (?s ?o) {{ {_values(sorted(pairs))} }}"
    query = (f"SELECT ?e ?g ?s ?p ?o ?c ?date ?sentence ?m WHERE {{ {values} GRAPH ?g {{ "
             f"?e a bkg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
             f"OPTIONAL {{ ?e bkg:confidence ?c }} OPTIONAL {{ ?e bkg:eventDate ?date }} "
             f"OPTIONAL {{ ?e bkg:sentence ?sentence }} OPTIONAL {{ ?e bkg:modality ?m }} }} "
             f"{_document_graphs(skip)} }}")
    return [tuple(None if v is None else str(v) for v in row)
            for row in backend.select(query, prefixes=PREFIXES)]


def _entity_rows(backend, entities, skip):
    """Per entity: its stated values, documents and evidence links (``entities`` None: all)."""
    values = "" if entities is None else f"VALUES ?x {{ {' '.join(f'<{x}>' for x in sorted(entities))} }}"
    fields = " ".join(f"<{p}>" for p in _ENTITY_FIELDS)
    mentions = backend.select(
        f"SELECT ?x (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?x bkg:mentionedIn ?d }} "
        f"{_document_graphs(skip)} }} GROUP BY ?x", prefixes=PREFIXES)
    evidence = backend.select(
        f"SELECT ?x (COUNT(?e) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?x bkg:evidence ?e }} "
        f"{_document_graphs(skip)} }} GROUP BY ?x", prefixes=PREFIXES)
    stated = backend.select(
        f"SELECT DISTINCT ?x ?p ?v WHERE {{ {values} VALUES ?p {{ {fields} }} GRAPH ?g {{ "
        f"?x bkg:mentionedIn ?d ; ?p ?v }} {_document_graphs(skip)} }}", prefixes=PREFIXES)
    labels = backend.select(
        f"SELECT ?x ?v (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?x bkg:mentionedIn ?d ; "
        f"rdfs:label ?v }} {_document_graphs(skip)} }} GROUP BY ?x ?v", prefixes=PREFIXES)
    return ([(str(x), int(n)) for x, n in mentions], [(str(x), int(n)) for x, n in evidence],
            [(str(x), str(p), v) for x, p, v in stated],
            [(str(x), str(v), int(n)) for x, v, n in labels])


# -- from rows to derived nodes -----------------------------------------------------------

def _statistics(readings, documents):
    """What a summary says of some readings ``(node, graph, confidence, date, sentence, modality)``.

    >>> stats = _statistics([("e2", "g1", "0.8", "2024-03-01", "B.", _PLANNED),
    ...                      ("e1", "g2", "0.8", None, "A.", None)], 2)
    >>> stats["best"], stats["bestEvidence"], stats["factual"], stats["first"]
    (0.8, 'e1', 1, '2024-03-01')
    """
    scored = [(number, n, g, t) for n, g, c, _, t, _ in readings
              if (number := _number(c)) is not None]
    best = min(scored, key=lambda r: (-r[0], r[1]), default=None)
    dates = sorted({d for _, _, _, d, _, _ in readings if d})
    nodes = {r[0]: r for r in readings}
    return {
        "documents": documents, "evidence": len(nodes),
        "factual": sum(1 for r in nodes.values() if r[5] != _PLANNED),
        "best": None if best is None else best[0],
        "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
        "example": None if best is None else best[3],
        "exampleDocument": None if best is None else best[2],
        "bestEvidence": None if best is None else best[1],
    }


def _summaries(relation_rows, evidence_rows):
    """``{(s, p, o): summary dict}`` of every relation a row states.

    A summary holds the statistics of every reading of the relation (a core relation's take
    in its refinements') and, under ``"direct"``, those of the readings stating the relation
    itself: what an edge of the relation network shows.
    """
    documents = defaultdict(set)
    for graph, s, p, o in relation_rows:
        documents[(s, p, o)].add(graph)
    evidence, direct = defaultdict(list), defaultdict(list)
    for node, graph, s, p, o, confidence, date, sentence, modality in evidence_rows:
        reading = (node, graph, confidence, date, sentence, modality)
        direct[(s, p, o)].append(reading)
        for predicate in {p, _CORE_OF.get(p, p)}:
            evidence[(s, predicate, o)].append(reading)
    summaries = {}
    for key, graphs in documents.items():
        readings = direct.get(key, [])
        summaries[key] = {**_statistics(evidence.get(key, []), len(graphs)),
                          "direct": _statistics(readings, len({r[1] for r in readings}))}
    return summaries


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _entities(mentions, evidence, stated, labels):
    records = {x: {"documents": n, "evidence": 0, "values": set(), "labels": {}}
               for x, n in mentions}
    for x, label, n in labels:
        if x in records:
            records[x]["labels"][label] = n
    for x, n in evidence:
        if x in records:
            records[x]["evidence"] = n
    for x, p, v in stated:
        if x in records:
            records[x]["values"].add((_ENTITY_FIELDS[p], v))
    return records


_STATISTIC_TERMS = (("documents", "documents"), ("evidence", "evidence"),
                    ("factual", "factualEvidence"), ("best", "bestConfidence"),
                    ("example", "example"), ("exampleDocument", "exampleDocument"),
                    ("bestEvidence", "bestEvidence"), ("first", "firstDate"), ("last", "lastDate"))


def _statistic_triples(node, stats, prefix=""):
    """A summary's statistics as triples; ``prefix`` "direct" names the direct readings' terms."""
    term = lambda name: URIRef(SUM + (prefix + name[0].upper() + name[1:] if prefix else name))
    for field, name in _STATISTIC_TERMS:
        value = stats[field]
        if value is None or (field in ("example", "exampleDocument", "bestEvidence")
                             and stats["best"] is None):
            continue
        if field == "best":
            yield node, term(name), Literal(f"{value:.2f}", datatype=_DECIMAL)
        elif field in ("exampleDocument", "bestEvidence"):
            yield node, term(name), URIRef(value)
        elif field in ("first", "last"):
            yield node, term(name), Literal(value, datatype=XSD.date)
        else:
            yield node, term(name), Literal(value)


def _summary_triples(key, summary):
    node = URIRef(summary_iri(*key))
    s, p, o = key
    yield node, URIRef(SUM + "subject"), URIRef(s)
    yield node, URIRef(SUM + "predicate"), URIRef(p)
    yield node, URIRef(SUM + "object"), URIRef(o)
    yield from _statistic_triples(node, summary)
    direct = summary["direct"]
    # Evidence stating this very relation (a core relation's summary counts its refinements')
    yield node, URIRef(SUM + "directEvidence"), Literal(direct["evidence"])
    if direct != {k: summary[k] for k in direct}:
        # Only where they differ: readers take the relation's own statistics otherwise.
        yield from (t for t in _statistic_triples(node, direct, "direct")
                    if t[1] != URIRef(SUM + "directEvidence"))


def _entity_triples(iri, record):
    node = URIRef(iri)
    yield node, URIRef(SUM + "documents"), Literal(record["documents"])
    yield node, URIRef(SUM + "evidence"), Literal(record["evidence"])
    yield node, URIRef(SUM + "labelDocuments"), Literal(json.dumps(record["labels"], sort_keys=True))
    for field, value in sorted(record["values"]):
        term = URIRef(value) if field in ("type", "sameAs") else Literal(value)
        yield node, URIRef(SUM + field), term


# -- counters -----------------------------------------------------------------------------

def _local(iri):
    return iri.rsplit("#", 1)[-1]


def _ranked(counts):
    return {k: n for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n}


def _tally(counts, summaries, entities, sign):
    """Add (``sign`` 1) or take away (-1) what some derived nodes count."""
    for (_, p, _) in summaries:
        if p in _CORE:
            counts["relations"] += sign
            counts["by_relation"][_local(p)] = counts["by_relation"].get(_local(p), 0) + sign
    for types in entities.values():
        counts["entities"] += sign
        for cls in types:
            counts["by_class"][_local(cls)] = counts["by_class"].get(_local(cls), 0) + sign


def empty_counts():
    """The counters of an empty store, as :meth:`KnowledgeGraph.stats` returns them."""
    return {"documents": 0, "entities": 0, "relations": 0, "evidence": 0, "by_relation": {},
            "by_class": {}}


def read_counts(backend):
    """The stored counters, or None when the store has no (current) summaries."""
    stored = {p: o for _, p, o, _ in backend.quads(COUNTS_NODE, None, None, SUMMARIES_GRAPH)}
    if stored.get(SUM + "version") != SUMMARY_VERSION or SUM + "counts" not in stored:
        return None
    counts = json.loads(stored[SUM + "counts"])
    return {**counts, "by_relation": _ranked(counts["by_relation"]),
            "by_class": _ranked(counts["by_class"])}


def _counts_triples(counts):
    node = URIRef(COUNTS_NODE)
    text = json.dumps({**counts, "by_relation": _ranked(counts["by_relation"]),
                       "by_class": _ranked(counts["by_class"])}, sort_keys=True)
    yield node, URIRef(SUM + "counts"), Literal(text)
    yield node, URIRef(SUM + "version"), Literal(SUMMARY_VERSION)
    # Changes at every write, so that caches of what was read (the name index) know when.
    yield node, URIRef(SUM + "generation"), Literal(uuid.uuid4().hex)


def _evidence_count(backend, graphs):
    values = "" if graphs is None else f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }}"
    rows = backend.select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {values} GRAPH ?g {{ "
                          f"?e a bkg:Evidence }} {_document_graphs(())} }}", prefixes=PREFIXES)
    return int(rows.rows[0][0])


# -- computing and writing ----------------------------------------------------------------

def _derived(backend, triples, entities, skip=()):
    """Summaries and entity records of some relations and entities (None: all) in a store."""
    pairs = None if triples is None else {(s, o) for s, _, o in triples}
    summaries = _summaries(_relation_rows(backend, triples, skip), _evidence_rows(backend, pairs, skip))
    return summaries, _entities(*_entity_rows(backend, entities, skip))


def _merge(first, second):
    """Derived nodes of two disjoint sets of documents, as if read from their union."""
    summaries = dict(first[0])
    for key, summary in second[0].items():
        if key in summaries:
            summaries[key] = _merged_summary(summaries[key], summary)
        else:
            summaries[key] = summary
    entities = {x: dict(r, values=set(r["values"]), labels=dict(r["labels"]))
                for x, r in first[1].items()}
    for x, record in second[1].items():
        if x in entities:
            mine = entities[x]
            mine["documents"] += record["documents"]
            mine["evidence"] += record["evidence"]
            mine["values"] |= record["values"]
            for label, n in record["labels"].items():
                mine["labels"][label] = mine["labels"].get(label, 0) + n
        else:
            entities[x] = record
    return summaries, entities


def _merged_statistics(a, b):
    rank = lambda s: (s["best"] is None, -(s["best"] or 0), s["bestEvidence"] or "")
    best = min(a, b, key=rank)
    dates = [d for d in (a["first"], a["last"], b["first"], b["last"]) if d]
    return {"documents": a["documents"] + b["documents"], "evidence": a["evidence"] + b["evidence"],
            "factual": a["factual"] + b["factual"],
            "best": best["best"], "example": best["example"],
            "exampleDocument": best["exampleDocument"], "bestEvidence": best["bestEvidence"],
            "first": min(dates, default=None), "last": max(dates, default=None)}


def _merged_summary(a, b):
    return {**_merged_statistics(a, b), "direct": _merged_statistics(a["direct"], b["direct"])}


def _touched(backend, graphs):
    """Relation triples and entities that some document graphs state (None: every graph)."""
    values = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }}"
    relations = " ".join(f"<{p}>" for p in sorted(RELATIONS))
    triples = {tuple(map(str, row)) for row in backend.select(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values} VALUES ?p {{ {relations} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} }}", prefixes=PREFIXES)}
    entities = {str(x) for x, in backend.select(
        f"SELECT DISTINCT ?x WHERE {{ {values} GRAPH ?g {{ {{ ?x bkg:mentionedIn ?d }} "
        f"UNION {{ ?x bkg:evidence ?e }} }} }}", prefixes=PREFIXES)}
    return triples, entities


def _stored_nodes(backend, triples, entities):
    """Which of these relations have a summary now, and the types of these entities' records."""
    summaries, records = set(), {}
    if triples:
        iris = {summary_iri(*key): key for key in triples}
        for node, in backend.select(
                f"SELECT ?n WHERE {{ VALUES ?n {{ {' '.join(f'<{n}>' for n in iris)} }} "
                f"GRAPH <{SUMMARIES_GRAPH}> {{ ?n <{SUM}documents> ?d }} }}"):
            summaries.add(iris[str(node)])
    if entities:
        for x, cls in backend.select(
                f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {' '.join(f'<{x}>' for x in entities)} }} "
                f"GRAPH <{ENTITIES_GRAPH}> {{ ?x <{SUM}documents> ?d "
                f"OPTIONAL {{ ?x <{SUM}type> ?t }} }} }}"):
            records.setdefault(str(x), set())
            if cls is not None:
                records[str(x)].add(str(cls))
    return summaries, records


def _delete_nodes(graph, nodes):
    if not nodes:
        return None
    return (f"DELETE {{ GRAPH <{graph}> {{ ?n ?p ?v }} }} WHERE {{ VALUES ?n {{ "
            f"{' '.join(f'<{n}>' for n in sorted(nodes))} }} GRAPH <{graph}> {{ ?n ?p ?v }} }}")


def _insert(summaries, entities, counts):
    summary_triples = [t for key in sorted(summaries)
                       for t in _summary_triples(key, summaries[key])]
    entity_triples = [t for x in sorted(entities) for t in _entity_triples(x, entities[x])]
    return insert_data_update({SUMMARIES_GRAPH: summary_triples + list(_counts_triples(counts)),
                               ENTITIES_GRAPH: entity_triples})


def _types(entities):
    return {x: {v for field, v in r["values"] if field == "type"} for x, r in entities.items()}


# -- the merged default graph: every statement once -------------------------------------

def merges_default_graph(backend):
    """Whether the store keeps its default graph as the merge of its graphs (the embedded
    one does; a remote server's default graph is its own business)."""
    return getattr(backend, "merges_default_graph", False)


def _unmerged_filter(variable, also=()):
    graphs = ", ".join(f"<{g}>" for g in (*UNMERGED_GRAPHS, *also))
    return f"FILTER({variable} NOT IN ({graphs}))"


def merged_removal(graphs):
    """The update taking out of the default graph what only ``graphs`` state (run before
    they are replaced or dropped; what their new versions state is put back after)."""
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?old {{ {values} }} GRAPH ?old {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {_unmerged_filter('?g', graphs)} }} }}")


def merged_insert(graphs):
    """The update putting what some new graphs state into the default graph (copied inside
    the store, after they are written: their text is not parsed twice)."""
    written = " ".join(f"<{g}>" for g, triples in sorted(graphs.items()) if triples)
    if not written:
        return None
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {written} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def stale_marker_update():
    """The update marking the derived graphs (and the merged default graph) out of date,
    for a write that does not keep them: readers then query the union of the graphs and
    count what they need, and the next read-write open rebuilds them."""
    return (f"DELETE WHERE {{ GRAPH <{SUMMARIES_GRAPH}> {{ <{COUNTS_NODE}> <{SUM}version> ?v }} }}")


def rebuild_merged(backend):
    """Make the default graph again as the merge of every graph but the indexes."""
    backend.update(f"DROP SILENT DEFAULT ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                   f"{_unmerged_filter('?g')} }}")


def write_documents(backend, graphs):
    """Replace document graphs and bring the derived graphs up to date, in one update.

    What the replaced or removed documents said is recomputed from the documents that
    remain; what only the new documents say is merged into what is stored (sums, maxima and
    minima), so adding documents costs what they hold, not what the store holds.

    Parameters
    ----------
    backend : bilateral_kg.graph.backends.Store
        A store whose derived graphs are current (see :func:`ensure`).
    graphs : dict
        Document graph IRI -> its new triples (rdflib terms), or None to remove it.
    """
    if not graphs:
        return
    graphs = {g: None if t is None else list(t) for g, t in graphs.items()}
    # The new graphs are read from a store of their own too: written by the same update
    # text (whose drops change nothing there), the triples are put in words once, not twice.
    replacement = replace_graphs_update(graphs)
    new = OxigraphStore(None)
    new.update(replacement)
    existing = [g for g in graphs if backend.has_graph(g)]
    old_triples, old_entities = _touched(backend, existing) if existing else (set(), set())
    new_triples, new_entities = _touched(new, graphs)
    recomputed = (_derived(backend, old_triples, old_entities, skip=graphs) if existing
                  else ({}, {}))
    stored = _stored(backend, new_triples - old_triples, new_entities - old_entities)
    summaries, records = _merge(({**recomputed[0], **stored[0]}, {**recomputed[1], **stored[1]}),
                                _derived(new, new_triples, new_entities))
    triples, entities = old_triples | new_triples, old_entities | new_entities
    counts = read_counts(backend) or empty_counts()
    before_summaries, before_types = _stored_nodes(backend, triples, entities)
    _tally(counts, before_summaries, before_types, -1)
    _tally(counts, summaries, _types(records), 1)
    counts["documents"] += sum(1 for t in graphs.values() if t) - len(existing)
    counts["evidence"] += _evidence_count(new, graphs) - (
        _evidence_count(backend, existing) if existing else 0)
    merged = merges_default_graph(backend)
    parts = [merged_removal(existing) if merged and existing else None,
             replacement, merged_insert(graphs) if merged else None,
             _delete_nodes(SUMMARIES_GRAPH, [summary_iri(*k) for k in triples] + [COUNTS_NODE]),
             _delete_nodes(ENTITIES_GRAPH, entities), _insert(summaries, records, counts)]
    backend.update(" ;\n".join(p for p in parts if p))


def compute(backend):
    """Every summary, entity record and counter, computed from the document graphs."""
    prefix = PREFIXES["doc"]
    documents = sum(1 for g in backend.graph_names() if str(g).startswith(prefix))
    if not documents:  # no query needed (nor a server that can answer one: a new store)
        return {}, {}, empty_counts()
    summaries, entities = _derived(backend, None, None)
    counts = empty_counts()
    _tally(counts, summaries, _types(entities), 1)
    counts["documents"] = documents
    counts["evidence"] = _evidence_count(backend, None)
    return summaries, entities, counts


def rebuild(backend):
    """Recompute the derived graphs from the document graphs, in one update (and the merged
    default graph, where the store keeps one)."""
    summaries, entities, counts = compute(backend)
    if merges_default_graph(backend):
        rebuild_merged(backend)
    backend.update(f"DROP SILENT GRAPH <{SUMMARIES_GRAPH}> ;\nDROP SILENT GRAPH <{ENTITIES_GRAPH}> ;\n"
                   + _insert(summaries, entities, counts))
    return counts


def ensure(backend):
    """Build the derived graphs of a store written before they existed (or by an older
    version of them); True when it did."""
    if read_counts(backend) is not None:
        return False
    rebuild(backend)
    if hasattr(backend, "optimize"):
        backend.optimize()  # a rebuild leaves what it replaced behind until compacted
    return True


def derived_quads(backend):
    """The derived graphs' quads (and the merged default graph's) as sorted plain tuples, to
    compare a store with its rebuild."""
    merged = (backend.default_graph_quads() if merges_default_graph(backend) else [])
    return sorted([(s, p, o, g) for graph in (SUMMARIES_GRAPH, ENTITIES_GRAPH)
                   for s, p, o, g in backend.quads(None, None, None, graph)
                   if p != SUM + "generation"] + list(merged))


def _stored(backend, triples, entities):
    """The summaries and entity records the derived graphs hold now for some keys."""
    found_summaries, found_entities = {}, {}
    iris = {summary_iri(*key): key for key in triples}
    if iris:
        rows = backend.select(
            f"SELECT ?n ?p ?v WHERE {{ VALUES ?n {{ {' '.join(f'<{n}>' for n in iris)} }} "
            f"GRAPH <{SUMMARIES_GRAPH}> {{ ?n ?p ?v }} }}")
        fields = defaultdict(dict)
        for node, predicate, value in rows:
            fields[str(node)][str(predicate)[len(SUM):]] = str(value)
        for node, got in fields.items():
            found_summaries[iris[node]] = read_summary(got)
    if entities:
        rows = backend.select(
            f"SELECT ?x ?p ?v WHERE {{ VALUES ?x {{ {' '.join(f'<{x}>' for x in entities)} }} "
            f"GRAPH <{ENTITIES_GRAPH}> {{ ?x ?p ?v }} }}")
        for x, predicate, value in rows:
            record = found_entities.setdefault(
                str(x), {"documents": 0, "evidence": 0, "values": set(), "labels": {}})
            local = str(predicate)[len(SUM):]
            if local in ("documents", "evidence"):
                record[local] = int(value)
            elif local == "labelDocuments":
                record["labels"] = json.loads(value)
            else:
                record["values"].add((local, str(value)))
    return found_summaries, found_entities


def _read_statistics(got, prefix=""):
    name = lambda n: prefix + n[0].upper() + n[1:] if prefix else n
    stats = {field: got.get(name(term)) for field, term in _STATISTIC_TERMS}
    for field in ("documents", "evidence", "factual"):
        stats[field] = int(stats[field] or 0)
    stats["best"] = _number(stats["best"])
    return stats


def read_summary(got):
    """A stored summary node's fields (local name -> lexical value) as a summary dict, its
    relation's own statistics under ``"direct"``."""
    summary = _read_statistics(got)
    if any(k.startswith("direct") and k != "directEvidence" for k in got):
        direct = _read_statistics(got, "direct")
    else:
        direct = {k: summary[k] for k in summary}
    direct["evidence"] = int(got["directEvidence"])
    return {**summary, "direct": direct}
