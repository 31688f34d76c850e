"""Network files: the relation network as GraphML and GEXF, for Gephi, Cytoscape and yEd.

Every column is a plain value (text or number), so Gephi's data laboratory can sort and
filter on it and size edges by ``weight``; no column holds JSON. Nodes have ``label``,
``type`` and ``wikidata``. Edges have ``relation``, ``core`` (the core relation it refines),
``modality``, ``confidence`` (its best evidence's), ``documents`` (how many state it),
``first_date`` and ``last_date`` (of those documents), ``weight`` (how many evidence
sentences) and ``sentence`` (the best one). A value that is unknown (a node without a
Wikidata id, an edge whose documents have no date) is left out: neither format has a null.
Each edge's id is ``from|relation|to``, unique in the file.

>>> edge_columns({"relation": "supports", "core": "supports", "modality": "factual",
...               "confidence": 0.9, "documents": ["a"], "first_date": None,
...               "evidence": [{"sentence": "Lesotho backs the GDI."}]})
... # doctest: +NORMALIZE_WHITESPACE
{'relation': 'supports', 'core': 'supports', 'modality': 'factual', 'confidence': 0.9,
 'documents': 1, 'weight': 1, 'sentence': 'Lesotho backs the GDI.'}
"""
from __future__ import annotations

import networkx as nx

__all__ = ["to_graphml", "to_gexf", "file_network", "node_columns", "edge_columns",
           "NODE_COLUMNS", "EDGE_COLUMNS"]

#: The node columns of the files.
NODE_COLUMNS = ("label", "type", "wikidata")
#: The edge columns of the files.
EDGE_COLUMNS = ("relation", "core", "modality", "confidence", "documents", "first_date",
                "last_date", "weight", "sentence")


def _present(columns):
    return {name: value for name, value in columns.items() if value is not None}


def node_columns(attrs):
    """A node's columns: label, type and Wikidata id (when it has one).

    >>> node_columns({"label": "China", "type": "Country", "wikidata": "Q148", "names": ["PRC"]})
    {'label': 'China', 'type': 'Country', 'wikidata': 'Q148'}
    """
    return _present({name: attrs.get(name) for name in NODE_COLUMNS})


def edge_columns(attrs):
    """An edge's columns, from the attributes :func:`~.network.relation_network` gives it."""
    evidence = attrs.get("evidence") or []
    confidence = attrs.get("confidence")
    return _present({
        "relation": attrs["relation"], "core": attrs.get("core"),
        "modality": attrs.get("modality"),
        "confidence": None if confidence is None else float(confidence),
        "documents": len(attrs.get("documents") or []),
        "first_date": attrs.get("first_date"), "last_date": attrs.get("last_date"),
        "weight": attrs.get("evidence_count", len(evidence)),
        "sentence": evidence[0].get("sentence") if evidence else None,
    })


def file_network(net):
    """The network as the files hold it: plain columns, one uniquely keyed edge per relation.

    Parameters
    ----------
    net : networkx.MultiDiGraph
        As returned by :func:`~.network.relation_network`.

    Returns
    -------
    networkx.MultiDiGraph
        The graph attributes are ``min_confidence`` (when set) and ``focus`` (the focused
        IRIs, space-separated, when there are any).
    """
    flat = nx.MultiDiGraph()
    if net.graph.get("min_confidence") is not None:
        flat.graph["min_confidence"] = float(net.graph["min_confidence"])
    if net.graph.get("focus"):
        flat.graph["focus"] = " ".join(net.graph["focus"])
    flat.add_nodes_from((node, node_columns(attrs)) for node, attrs in net.nodes(data=True))
    for source, target, attrs in net.edges(data=True):
        key = f"{source}|{attrs['relation']}|{target}"
        flat.add_edge(source, target, key=key, **edge_columns(attrs))
    return flat


def to_graphml(net, path):
    """Write a relation network as GraphML, with the columns of :func:`file_network`.

    Parameters
    ----------
    net : networkx.MultiDiGraph
        As returned by :func:`~.network.relation_network`.
    path : str or path-like
    """
    nx.write_graphml(file_network(net), path, encoding="utf-8")


def to_gexf(net, path):
    """Write a relation network as GEXF 1.2 for Gephi, with the columns of :func:`file_network`.

    The node ``label`` becomes GEXF's own label and ``weight`` the edges' weight. Graph-level
    attributes are left out: GEXF has no place for them.
    """
    flat = file_network(net)
    flat.graph.clear()
    for source, target, key, attrs in flat.edges(keys=True, data=True):
        attrs["id"] = key
    nx.write_gexf(flat, path, encoding="utf-8")
