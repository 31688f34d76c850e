"""Network files: the relation network as GraphML and GEXF, for Gephi, Cytoscape and yEd.

>>> flatten_attributes({"names": ["China", "PRC"], "wikidata": None})
{'names': '["China", "PRC"]'}
"""
from __future__ import annotations

import json

import networkx as nx

__all__ = ["to_graphml", "to_gexf", "flatten_value", "flatten_attributes", "flat_copy"]


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
        As returned by :func:`~.network.relation_network`.
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
