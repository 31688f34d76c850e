"""Exports of the knowledge graph: RDF serialisations and network files for Gephi/Cytoscape.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph(None)            # a new store holds only the knowledge base
>>> export_bytes(kg, "nquads")              # ... which exports leave out by default
b''
>>> b"Lesotho" in export_bytes(kg, "nquads", with_kb=True)
True
"""
from __future__ import annotations

import io

import pyoxigraph as ox

from .rdf import PREFIXES
from .store import KB_GRAPH, ONTOLOGY_GRAPH

#: format name -> (pyoxigraph format or None for network formats, keeps named graphs)
FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
    "graphml": (None, False),
    "gexf": (None, False),
}
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads",
            ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml",
            ".graphml": "graphml", ".gexf": "gexf"}


def format_for_path(path, default="turtle"):
    """The export format a file name asks for.

    >>> format_for_path("kg.trig")
    'trig'
    >>> format_for_path("kg.out")
    'turtle'
    """
    for suffix, name in SUFFIXES.items():
        if str(path).lower().endswith(suffix):
            return name
    return default


def _quads(kg, min_confidence, with_kb):
    store = kg.store if min_confidence is None else kg.filtered_store(min_confidence)
    for quad in store:
        if not with_kb and quad.graph_name in (KB_GRAPH, ONTOLOGY_GRAPH):
            continue
        if quad.graph_name.value.startswith("https://w3id.org/bilateral-kg/graph/meta"):
            continue
        yield quad


def _distinct_triples(quads):
    seen = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def export(kg, output, fmt="turtle", min_confidence=None, with_kb=False):
    """Write the knowledge graph to ``output`` (a path or a binary file object).

    Parameters
    ----------
    kg : KnowledgeGraph
    output : str, pathlib.Path or binary file
    fmt : str
        One of :data:`FORMATS`. Graph-less formats (Turtle, N-Triples, RDF/XML) merge the
        documents' graphs; TriG, N-Quads and JSON-LD keep one graph per document, so the
        provenance of every triple is kept.
    min_confidence : float or None
        Leave out relations whose best evidence is below this.
    with_kb : bool
        Include the knowledge base and the ontology (about 30,000 triples).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format, keeps_graphs = FORMATS[fmt]
    if rdf_format is None:
        from .network import relation_network, to_gexf, to_graphml

        net = relation_network(kg, min_confidence=min_confidence)
        (to_graphml if fmt == "graphml" else to_gexf)(net, output)
        return
    quads = _quads(kg, min_confidence, with_kb)
    data = quads if keeps_graphs else _distinct_triples(quads)
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    if isinstance(output, io.TextIOBase):
        output.write(ox.serialize(data, None, rdf_format, prefixes=prefixes).decode("utf-8"))
    else:
        ox.serialize(data, output if not hasattr(output, "__fspath__") else str(output),
                     rdf_format, prefixes=prefixes)


def export_bytes(kg, fmt="turtle", **options):
    """The export as bytes, for small graphs and tests."""
    buffer = io.BytesIO()
    export(kg, buffer, fmt, **options)
    return buffer.getvalue()
