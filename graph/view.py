"""The view of a relation network: the data the page draws, and the offline HTML file.

:func:`network_payload` turns a network from :func:`~.network.relation_network` into
vis-network items (positions from :mod:`.layout`, colours from :mod:`.pages`) plus the
documents they cite; :func:`render_html` makes the standalone page of it and
:func:`write_view` writes it. The explorer (``bkg serve``) asks for the same payload.

pyvis is used only as a container: :func:`to_pyvis` fills a ``pyvis.network.Network``'s
``nodes``, ``edges`` and ``options`` in bulk and reads them back with
``get_network_data()``. Its ``add_node`` and ``from_nx`` are not used (in pyvis 0.3.2 they
are quadratic in the number of nodes), nor are its templates or physics; the page is our
own template (:mod:`.pages`), and the vis-network script inlined in it is the one pyvis
ships, copied to ``graph/static/``.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> html = render_html(relation_network(KnowledgeGraph(None)), title="empty")
>>> "<title>empty</title>" in html
True
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from pyvis.network import Network

from .layout import layout_positions
from .network import relation_network, slim_evidence
from .outputs import check_folder, written_whole
from .pages import (
    CLASS_STYLES, RELATION_STYLES, STRUCTURE_COLOUR, page_styles, render_page, vis_options,
)

__all__ = [
    "render_html", "write_view", "network_payload", "to_pyvis", "node_item", "edge_item",
    "relation_words", "DASH_LIMIT",
]

#: Above this many edges planned relations are not dashed: dashed lines are slow to draw.
DASH_LIMIT = 2500


# -- vis-network items ------------------------------------------------------------------------


def _parallel_smooth(index, count, reverse=False):
    """vis-network curve settings so parallel edges between two nodes do not overlap.

    ``reverse`` says the edge runs against the pair's canonical direction, so that its
    clockwise curve is mirrored to keep it on its own side.

    >>> _parallel_smooth(0, 1)
    False
    >>> _parallel_smooth(1, 3)
    False
    >>> _parallel_smooth(2, 3)
    {'enabled': True, 'type': 'curvedCW', 'roundness': 0.3}
    >>> _parallel_smooth(2, 3, reverse=True)
    {'enabled': True, 'type': 'curvedCCW', 'roundness': 0.3}
    """
    if count <= 1:
        return False
    offset = index - (count - 1) / 2
    if offset == 0:
        return False
    clockwise = (offset > 0) != reverse
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
            "roundness": round(min(0.8, 0.3 * abs(offset)), 2)}


def node_item(node, attrs, position=None):
    """One node as a vis-network item with the data the page shows."""
    style = CLASS_STYLES.get(attrs.get("type"), CLASS_STYLES["Entity"])
    item = {
        "id": node, "label": attrs.get("label") or str(node), "type": attrs.get("type", "Entity"),
        "names": attrs.get("names", []), "iri": attrs.get("iri", node),
        "key": attrs.get("key"), "wikidata": attrs.get("wikidata"),
        "documents": attrs.get("documents", []),
        "document_count": attrs.get("document_count", len(attrs.get("documents", []))),
        "shape": style["shape"],
        "color": {"background": style["color"], "border": "#1f2933",
                  "highlight": {"background": style["color"], "border": "#000000"},
                  "hover": {"background": style["color"], "border": "#000000"}},
        "value": max(1, attrs.get("degree", 1)), "degree": attrs.get("degree", 0),
    }
    if position is not None:
        item["x"], item["y"] = position
    return item


def relation_words(name):
    """A relation's local name as words, for edge labels.

    >>> relation_words("imposesTariffsOn")
    'imposes tariffs on'
    >>> relation_words("supports")
    'supports'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def edge_item(source, target, attrs, smooth=False, dashes=True):
    """One edge as a vis-network item: label, arrow, colour, dashes for planned relations."""
    relation = attrs["relation"]
    return {
        "id": f"{source}|{relation}|{target}", "from": source, "to": target,
        "label": relation_words(relation), "relation": relation, "core": attrs.get("core", relation),
        "symmetric": bool(attrs.get("symmetric")),
        "arrows": "" if attrs.get("symmetric") else "to",
        "color": {"color": RELATION_STYLES.get(relation, STRUCTURE_COLOUR),
                  "highlight": "#111111", "hover": "#111111", "opacity": 1.0},
        "dashes": dashes and attrs.get("modality") == "planned",
        "value": attrs.get("evidence_count", 1), "confidence": attrs.get("confidence", 0.0),
        "modality": attrs.get("modality", "factual"), "documents": attrs.get("documents", []),
        "first_date": attrs.get("first_date"), "last_date": attrs.get("last_date"),
        "evidence": [slim_evidence(e) for e in attrs.get("evidence", [])],
        "evidence_count": attrs.get("evidence_count", len(attrs.get("evidence", []))),
        "document_count": attrs.get("document_count", len(attrs.get("documents", []))),
        "factual_count": attrs.get("factual_count"), "example": attrs.get("example"),
        "smooth": smooth,
    }


def _degrees(net):
    """How many edges touch each node (parallel edges each count)."""
    degree = defaultdict(int)
    for source, target in net.edges():
        degree[source] += 1
        degree[target] += 1
    return degree


def _edges(net):
    """``(from, to, key, attrs)`` of every edge, for graphs with and without keys."""
    if net.is_multigraph():
        return net.edges(keys=True, data=True)
    return ((s, t, None, a) for s, t, a in net.edges(data=True))


def _smoothing(net):
    """vis-network curve settings of every edge, so parallel edges curve apart."""
    pairs = defaultdict(list)
    for source, target, key, _ in _edges(net):
        pairs[frozenset((source, target))].append((source, target, key))
    smooth = {}
    for pair, group in pairs.items():
        first = min(pair, key=str)
        group.sort(key=lambda e: (e[0] != first, str(e[2])))
        for i, edge in enumerate(group):
            smooth[edge] = _parallel_smooth(i, len(group), reverse=edge[0] != first)
    return smooth


def to_pyvis(net, positions=None):
    """A pyvis :class:`~pyvis.network.Network` holding the nodes, edges and options.

    Filled in bulk (pyvis's ``add_node`` and ``from_nx`` are quadratic); positions are laid
    out first when not given.
    """
    if positions is None:
        positions = layout_positions(net)
    degree = _degrees(net)
    smooth = _smoothing(net)
    pv = Network(directed=True, height="100%", width="100%")
    pv.nodes = [node_item(node, {**attrs, "degree": degree[node]}, positions.get(node))
                for node, attrs in net.nodes(data=True)]
    pv.node_ids = [item["id"] for item in pv.nodes]
    pv.node_map = {item["id"]: item for item in pv.nodes}
    dashes = net.number_of_edges() <= DASH_LIMIT
    pv.edges = [edge_item(s, t, attrs, smooth.get((s, t, k), False), dashes)
                for s, t, k, attrs in _edges(net)]
    pv.options = vis_options(len(pv.nodes), len(pv.edges))
    return pv


def network_payload(net, positions=None):
    """Everything the page draws, as JSON-ready data.

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (vis-network items with their data), ``documents`` (id ->
        title, source path, date), ``focus``, ``options`` (vis-network), ``styles`` (class
        and relation colours) and ``counts``.
    """
    pv = to_pyvis(net, positions)
    nodes, edges, _heading, _height, _width, options = pv.get_network_data()
    documents = {doc_id: {"title": d.get("title"), "source_path": d.get("source_path"),
                          "date": d.get("date")}
                 for doc_id, d in net.graph.get("documents", {}).items()}
    return {
        "nodes": nodes, "edges": edges, "documents": documents,
        "focus": list(net.graph.get("focus", [])), "options": json.loads(options),
        "styles": page_styles(), "counts": {"nodes": len(nodes), "edges": len(edges)},
        # Edges without their evidence (read from the summaries): the page asks for it
        "summarised": bool(net.graph.get("summarised")),
    }


# -- the page -------------------------------------------------------------------------------------


def render_html(network, title="bilateral-kg"):
    """A standalone HTML page drawing a relation network.

    Parameters
    ----------
    network : networkx.MultiDiGraph
        As built by :func:`~.network.relation_network`; nodes with ``x`` and ``y``
        attributes keep them, the others are laid out.
    title : str
        Page title and heading (escaped).

    Returns
    -------
    str
        HTML with no external resource (see :func:`~.pages.render_page`).
    """
    given = {n: (a["x"], a["y"]) for n, a in network.nodes(data=True) if "x" in a and "y" in a}
    positions = given if len(given) == network.number_of_nodes() else layout_positions(network)
    return render_page(network_payload(network, positions), title=title)


def write_view(kg, path, focus=None, relations=None, min_confidence=None, depth=1, classes=None,
               title=None):
    """Write the HTML view of a knowledge graph (or of a neighbourhood of it) to ``path``.

    Parameters are those of :func:`~.network.relation_network`. The file is written whole
    or not at all (:func:`~.outputs.written_whole`).

    Returns
    -------
    dict
        ``nodes`` and ``edges``: how many the page shows.

    Raises
    ------
    UnknownEntityError
        When ``focus`` names nothing (the message suggests near names).
    bilateral_kg.graph.outputs.OutputError
        When the folder of ``path`` does not exist (checked before any work is done).
    """
    check_folder(path)
    net = relation_network(kg, min_confidence=min_confidence, relations=relations, focus=focus,
                           depth=depth, classes=classes)
    if title is None:
        title = "bilateral-kg" + (f": around {focus}" if focus else "")
    html = render_html(net, title=title)
    with written_whole(path) as part:
        part.write_text(html, encoding="utf-8")
    return {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()}
