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

from .rdf import PREFIXES
from .store import DERIVED_GRAPHS, KB_GRAPH, META_GRAPH, ONTOLOGY_GRAPH

#: format name -> media type (None for the network formats)
FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "graphml": None,
    "gexf": None,
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


def export(kg, output, fmt="turtle", min_confidence=None, with_kb=False):
    """Write the knowledge graph to ``output`` (a path or a binary file object).

    Parameters
    ----------
    kg : KnowledgeGraph
    output : str, pathlib.Path or binary file
    fmt : str
        One of :data:`FORMATS`. Turtle, N-Triples, RDF/XML and JSON-LD merge the documents'
        graphs (JSON-LD with an ``@context`` of the project's prefixes, so that
        ``rdflib.Graph().parse(f, format="json-ld")`` reads it whole); TriG and N-Quads keep
        one graph per document, so the provenance of every triple is kept.
    min_confidence : float or None
        Leave out relations whose best evidence is below this.
    with_kb : bool
        Include the knowledge base and the ontology (about 30,000 triples).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    media_type = FORMATS[fmt]
    if media_type is None:
        from .network import relation_network
        from .network_files import to_gexf, to_graphml

        net = relation_network(kg, min_confidence=min_confidence)
        (to_graphml if fmt == "graphml" else to_gexf)(net, output)
        return
    exclude = {META_GRAPH, *DERIVED_GRAPHS}
    if not with_kb:
        exclude |= {KB_GRAPH, ONTOLOGY_GRAPH}
    keep = kg.confidence_filter(min_confidence)
    if fmt == "jsonld":
        _write(output, _json_ld(kg, exclude, keep))
        return
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    kg.backend.dump(output, media_type, exclude=exclude, keep=keep,
                    prefixes=prefixes)


def _json_ld(kg, exclude, keep):
    """Compacted JSON-LD of the merged graph (rdflib writes the ``@context``; the store's
    own writer has none, and keeps graphs that ``rdflib.Graph`` would not read)."""
    from rdflib import Graph

    triples = io.BytesIO()
    kg.backend.dump(triples, "application/n-triples", exclude=exclude,
                    keep=keep)
    graph = Graph().parse(data=triples.getvalue(), format="nt")
    return graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True).encode("utf-8")


def _write(output, data):
    if hasattr(output, "write"):
        output.write(data)
    else:
        with open(output, "wb") as f:
            f.write(data)


def export_bytes(kg, fmt="turtle", **options):
    """The export as bytes, for small graphs and tests."""
    buffer = io.BytesIO()
    export(kg, buffer, fmt, **options)
    return buffer.getvalue()
