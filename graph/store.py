"""The knowledge graph on disk: an embedded Oxigraph store, one named graph per document.

>>> kg = KnowledgeGraph(None)          # None: an in-memory store, handy in notebooks
>>> kg.stats()["documents"]
0
>>> kg.ask("ASK { country:LSO rdfs:label 'Lesotho' }")
True
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bilateral_kg.ontology.vocab import (
    BKG, CORE_RELATIONS, FINER_RELATIONS, ontology_path,
)

from .rdf import PREFIXES, document_iri, extraction_to_graph

#: Where the store lives when neither ``--store`` nor ``BKG_STORE`` says.
DEFAULT_STORE = "bkg-store"
GRAPH_BASE = "https://w3id.org/bilateral-kg/graph/"
KB_GRAPH = ox.NamedNode(GRAPH_BASE + "kb")
ONTOLOGY_GRAPH = ox.NamedNode(GRAPH_BASE + "ontology")
META_GRAPH = ox.NamedNode(GRAPH_BASE + "meta")
_KB_VERSION = ox.NamedNode(str(BKG._NS) + "kbVersion")
_SYSTEM_GRAPHS = {KB_GRAPH, ONTOLOGY_GRAPH, META_GRAPH}
RELATION_IRIS = frozenset(str(BKG[name]) for name in (*CORE_RELATIONS, *FINER_RELATIONS))


def resolve_store_path(path=None):
    """The store location: the argument, else ``$BKG_STORE``, else ``./bkg-store``.

    >>> resolve_store_path("/tmp/kg")
    '/tmp/kg'
    """
    return str(path or os.environ.get("BKG_STORE") or DEFAULT_STORE)


@dataclass
class IngestResult:
    doc_id: str
    status: str  # "added", "replaced" or "unchanged"
    entities: int = 0
    relations: int = 0


def _sparql_term(term):
    """An N-Triples term as SPARQL data (the syntaxes agree on IRIs and literals)."""
    return str(term)


def _file_hash(*paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


class KnowledgeGraph:
    """A persistent bilateral-relations knowledge graph.

    Parameters
    ----------
    path : str or None
        Folder of the Oxigraph store; created if missing. ``None`` keeps it in memory.
    read_only : bool
        Open an existing store for reading only (several readers may share it).
    """

    def __init__(self, path=None, read_only=False):
        self.path = path
        if path is None:
            self.store = ox.Store()
        elif read_only:
            if not Path(path).exists():
                raise FileNotFoundError(f"no knowledge graph at {path}: run `bkg ingest` first")
            self.store = ox.Store.read_only(str(path))
        else:
            self.store = ox.Store(str(path))
        self.read_only = read_only
        if not read_only:
            self.ensure_kb()

    # -- knowledge base ------------------------------------------------------------------
    def ensure_kb(self):
        """Load the ontology and the KB into their graphs when they are missing or changed."""
        kb_file, onto_file = ontology_path("kb.ttl"), ontology_path("bkg.ttl")
        version = ox.Literal(_file_hash(kb_file, onto_file))
        current = list(self.store.quads_for_pattern(None, _KB_VERSION, None, META_GRAPH))
        if current and current[0].object == version:
            return False
        # The version marker is written last: a load cut short is redone at the next open.
        for graph, path in ((META_GRAPH, None), (KB_GRAPH, kb_file), (ONTOLOGY_GRAPH, onto_file)):
            if self.store.contains_named_graph(graph):
                self.store.clear_graph(graph)
            if path is not None:
                self.store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        self.store.add(ox.Quad(ox.NamedNode(GRAPH_BASE), _KB_VERSION, version, META_GRAPH))
        return True

    # -- documents -----------------------------------------------------------------------
    def document_hash(self, doc_id):
        """The content hash stored for a document, or None if it is not in the graph."""
        doc = ox.NamedNode(str(document_iri(doc_id)))
        for quad in self.store.quads_for_pattern(doc, ox.NamedNode(str(BKG.contentHash)), None, doc):
            return quad.object.value
        return None

    def ingest(self, extraction):
        """Store one document's extraction in its own named graph, atomically.

        The same text again changes nothing; a changed text replaces what the document said.
        """
        if self.document_hash(extraction.doc_id) == extraction.content_hash:
            return IngestResult(extraction.doc_id, "unchanged")
        existed = self.document_hash(extraction.doc_id) is not None
        graph_name = ox.NamedNode(str(document_iri(extraction.doc_id)))
        rdf = extraction_to_graph(extraction)
        data = rdf.serialize(format="nt", encoding="utf-8")
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph_name)
                 for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        # One update is one transaction: readers see the old graph or the new one, never half.
        self.store.update(f"DROP SILENT GRAPH {graph_name} ;\n{_insert_data(quads)}")
        return IngestResult(extraction.doc_id, "replaced" if existed else "added",
                            entities=len(extraction.entities),
                            relations=len(extraction.relations))

    def remove_document(self, doc_id):
        self.store.update(f"DROP SILENT GRAPH <{document_iri(doc_id)}>")

    def documents(self):
        """Ids of the stored documents."""
        base = str(document_iri(""))
        return sorted(g.value[len(base):] for g in self.store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value.startswith(base))

    # -- queries -------------------------------------------------------------------------
    def query(self, sparql, min_confidence=None, **options):
        """Run SPARQL over all graphs at once (the default graph is their union).

        With ``min_confidence``, relations whose best evidence is below it are left out.
        Common prefixes (``bkg:``, ``id:``, ``rdfs:``, ``skos:``, ``owl:``, ``prov:``...) are
        predeclared.
        """
        store = self.store if min_confidence is None else self.filtered_store(min_confidence)
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, **options)

    def ask(self, sparql):
        return bool(self.query(sparql))

    def select(self, sparql, min_confidence=None):
        """Rows of a SELECT query as lists of Python values (IRIs and literals as strings)."""
        solutions = self.query(sparql, min_confidence=min_confidence)
        names = [v.value for v in solutions.variables]
        rows = [[None if s[n] is None else s[n].value for n in names] for s in solutions]
        return names, rows

    def filtered_store(self, min_confidence):
        """An in-memory copy without the relations and evidence below ``min_confidence``."""
        low_evidence = {
            s["e"] for s in self.store.query(
                "SELECT ?e WHERE { GRAPH ?g { ?e a bkg:Evidence ; bkg:confidence ?c } "
                f"FILTER(?c < {float(min_confidence)}) }}", prefixes=PREFIXES)
        }
        supported = set()
        for s in self.store.query(
                "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?e a bkg:Evidence ; rdf:subject ?s ; "
                "rdf:predicate ?p ; rdf:object ?o ; bkg:confidence ?c } "
                f"FILTER(?c >= {float(min_confidence)}) }}", prefixes=PREFIXES):
            supported.add((s["g"], s["s"], s["p"], s["o"]))
            local = s["p"].value.rsplit("#", 1)[-1]
            if local in FINER_RELATIONS:
                core = ox.NamedNode(str(BKG[FINER_RELATIONS[local]]))
                supported.add((s["g"], s["s"], core, s["o"]))
        memory = ox.Store()

        def keep(quad):
            if quad.graph_name in _SYSTEM_GRAPHS:
                return True
            if quad.subject in low_evidence:
                return False
            if quad.predicate.value == str(BKG.evidence) and quad.object in low_evidence:
                return False
            if quad.predicate.value in RELATION_IRIS:
                return (quad.graph_name, quad.subject, quad.predicate, quad.object) in supported
            return True

        memory.bulk_extend(q for q in self.store if keep(q))
        return memory

    def stats(self):
        """Counts of documents, entities, relations and evidence, and relations by type."""
        doc_graphs = " ".join(f"<{document_iri(d)}>" for d in self.documents())
        counts = {"documents": len(self.documents())}
        if not doc_graphs:
            return {**counts, "entities": 0, "relations": 0, "evidence": 0, "by_relation": {},
                    "by_class": {}}
        values = f"VALUES ?g {{ {doc_graphs} }}"
        one = lambda q: int(next(iter(self.store.query(q, prefixes=PREFIXES)))["n"].value)
        counts["entities"] = one(
            f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?x bkg:mentionedIn ?d }} }}")
        core = " ".join(f"bkg:{r}" for r in CORE_RELATIONS)
        counts["relations"] = one(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {values} "
            f"VALUES ?p {{ {core} }} GRAPH ?g {{ ?s ?p ?o }} }} }}")
        counts["evidence"] = one(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?e a bkg:Evidence }} }}")
        counts["by_relation"] = {
            s["p"].value.rsplit("#", 1)[1]: int(s["n"].value) for s in self.store.query(
                f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {values} "
                f"VALUES ?p {{ {core} }} GRAPH ?g {{ ?s ?p ?o }} }} }} GROUP BY ?p ORDER BY DESC(?n)",
                prefixes=PREFIXES)
        }
        counts["by_class"] = {
            s["c"].value.rsplit("#", 1)[1]: int(s["n"].value) for s in self.store.query(
                f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {values} GRAPH ?g {{ "
                f"?x bkg:mentionedIn ?d ; a ?c }} }} GROUP BY ?c ORDER BY DESC(?n)",
                prefixes=PREFIXES)
        }
        return counts

    def flush(self):
        if self.path is not None and not self.read_only:
            self.store.flush()

    def close(self):
        """Release the store (and its lock) now rather than when garbage is collected."""
        if getattr(self, "store", None) is not None:
            self.flush()
            self.store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _insert_data(quads):
    lines = []
    for quad in quads:
        lines.append(f"GRAPH {quad.graph_name} {{ {_sparql_term(quad.subject)} "
                     f"{_sparql_term(quad.predicate)} {_sparql_term(quad.object)} }}")
    return "INSERT DATA {\n" + "\n".join(lines) + "\n}"
