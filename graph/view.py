"""A self-contained HTML view of the relation network, and the layout and data it is drawn from.

The page works offline and loads nothing: vis-network (shipped with pyvis, copied to
``graph/static/``), the page's script and style are inlined, the network is a JSON data
island, and a Content-Security-Policy ``<meta>`` lets only those exact inline scripts run
(by hash). Every text that comes from documents (names, sentences, titles, paths) reaches
the page as JSON data and is put into the DOM with ``textContent`` or drawn on the canvas,
never parsed as HTML.

Positions are computed here (:func:`layout_positions`), so the browser does no physics and
the drawing is still from the first frame.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> from bilateral_kg.graph.network import relation_network
>>> html = render_html(relation_network(KnowledgeGraph(None)), title="empty")
>>> "<title>empty</title>" in html
True
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from bilateral_kg.ontology.vocab import ENTITY_CLASSES

from .network import ALL_RELATIONS, relation_network

__all__ = [
    "render_html", "write_view", "layout_positions", "network_payload", "to_pyvis",
    "script_json", "vis_options", "CLASS_STYLES", "RELATION_STYLES", "static_text",
    "template_environment", "csp_hash",
]

#: Colour (Okabe-Ito based, colour-blind safe), vis shape and legend glyph of each class.
#: Shapes differ too, so the classes stay apart without colour.
CLASS_STYLES = {
    "Country": {"color": "#0072B2", "shape": "dot", "glyph": "\u25cf"},
    "Person": {"color": "#E69F00", "shape": "diamond", "glyph": "\u25c6"},
    "Organization": {"color": "#CC79A7", "shape": "square", "glyph": "\u25a0"},
    "Policy": {"color": "#009E73", "shape": "triangle", "glyph": "\u25b2"},
    "Project": {"color": "#D55E00", "shape": "triangleDown", "glyph": "\u25bc"},
    "Agreement": {"color": "#56B4E9", "shape": "hexagon", "glyph": "\u2b22"},
    "Place": {"color": "#8C8C3A", "shape": "dot", "glyph": "\u25cf"},
    "Region": {"color": "#B8B86B", "shape": "dot", "glyph": "\u25cf"},
    "Event": {"color": "#7A5195", "shape": "star", "glyph": "\u2605"},
    "Group": {"color": "#5F7A8A", "shape": "square", "glyph": "\u25a0"},
    "Entity": {"color": "#9AA5B1", "shape": "dot", "glyph": "\u25cf"},
}

_COOPERATIVE = "#2E8B57"
_CONFLICT = "#C0392B"
_CONTACT = "#3D6FB6"
_MATERIAL = "#B9770E"
_STRUCTURE = "#8795A1"
#: Edge colour by relation family: cooperation, conflict, contact, material, structure.
RELATION_STYLES = {
    "supports": _COOPERATIVE, "recognizes": _COOPERATIVE, "praises": _COOPERATIVE,
    "proposes": _COOPERATIVE, "cooperatesWith": _COOPERATIVE, "signs": _COOPERATIVE,
    "opposes": _CONFLICT, "condemns": _CONFLICT, "accuses": _CONFLICT, "rejects": _CONFLICT,
    "sanctions": _CONFLICT, "imposesTariffsOn": _CONFLICT,
    "visits": _CONTACT, "meetsWith": _CONTACT, "holdsTalksWith": _CONTACT,
    "builds": _MATERIAL, "funds": _MATERIAL, "investsIn": _MATERIAL, "lendsTo": _MATERIAL,
    "providesAid": _MATERIAL, "donatesTo": _MATERIAL,
    "officialOf": _STRUCTURE, "memberOf": _STRUCTURE, "locatedIn": _STRUCTURE,
}

#: Layout unit: the length of an edge between two ordinary nodes, in vis-network pixels.
EDGE_LENGTH = 130.0
_VIEW_DIR = "static"


# -- static files and templates ---------------------------------------------------------------

def static_text(name):
    """The text of a file in ``graph/static`` (vis-network, the page script and style)."""
    return resources.files("bilateral_kg.graph").joinpath(_VIEW_DIR, name).read_text("utf-8")


def template_environment():
    """The Jinja environment of ``graph/templates``, autoescaping HTML."""
    return Environment(loader=PackageLoader("bilateral_kg.graph", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True)


def csp_hash(text):
    """The CSP source expression that allows exactly one inline script or style.

    >>> csp_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data):
    """JSON text that is safe inside a ``<script>`` element and inside HTML in general.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no ``</script>`` or ``<!--``
    can end the element early; U+2028 and U+2029 are escaped for old JavaScript parsers.
    The result is still JSON: ``json.loads`` reads back the same data.

    >>> script_json({"label": "</script><script>alert(1)</script>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    >>> json.loads(script_json(["a\\u2028b & <c>"])) == ["a\\u2028b & <c>"]
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# -- layout ---------------------------------------------------------------------------------------

def _simple_adjacency(net):
    """Undirected neighbour sets of a (multi)graph, without self-loops."""
    adjacent = {node: set() for node in net.nodes}
    for source, target in net.edges():
        if source != target:
            adjacent[source].add(target)
            adjacent[target].add(source)
    return adjacent


def _components(adjacent):
    """Connected components, largest first, each a sorted list (deterministic)."""
    seen, components = set(), []
    for start in sorted(adjacent):
        if start in seen:
            continue
        seen.add(start)
        stack, component = [start], []
        while stack:
            node = stack.pop()
            component.append(node)
            for other in adjacent[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        components.append(sorted(component))
    components.sort(key=lambda c: (-len(c), c[0]))
    return components


def _repulsion(points, sources, source_mass):
    """Sum over sources of ``m_j (p_i - p_j) / |p_i - p_j|^2``, by matrix products.

    >>> _repulsion(np.array([[0.0, 0.0], [2.0, 0.0]]), np.array([[0.0, 0.0], [2.0, 0.0]]), np.ones(2))
    array([[-0.5,  0. ],
           [ 0.5,  0. ]])
    """
    square_p = (points ** 2).sum(1)
    square_s = (sources ** 2).sum(1)
    dist2 = square_p[:, None] + square_s[None, :] - 2.0 * (points @ sources.T)
    np.maximum(dist2, 1.0, out=dist2)
    weight = source_mass[None, :] / dist2
    return points * weight.sum(1)[:, None] - weight @ sources


def force_layout(n, edges, mass, iterations=None, seed=7, sample=200, exact_limit=800):
    """Positions for ``n`` nodes by a ForceAtlas2-like model, with numpy only.

    Attraction is linear in distance along edges; repulsion is ``k m_i m_j / d`` with masses
    from degree, so hubs get room; a weak gravity keeps the drawing round. Up to
    ``exact_limit`` nodes every pair repels; beyond, each step estimates repulsion from a
    random sample of ``sample`` nodes, which keeps a step linear in ``n``. The step size
    cools to zero, so the result is a still picture, and the same input gives the same one.

    Parameters
    ----------
    n : int
    edges : array of shape (m, 2)
        Node indices.
    mass : array of shape (n,)

    Returns
    -------
    numpy.ndarray of shape (n, 2)

    Examples
    --------
    >>> pos = force_layout(3, np.array([[0, 1], [1, 2]]), np.array([2.0, 3.0, 2.0]))
    >>> pos.shape
    (3, 2)
    >>> bool(np.linalg.norm(pos[0] - pos[2]) > np.linalg.norm(pos[0] - pos[1]))
    True
    """
    rng = np.random.default_rng(seed)
    if iterations is None:
        iterations = 300 if n <= 300 else 200 if n <= 3000 else 120
    length = EDGE_LENGTH
    radius = length * math.sqrt(n) * 0.8
    angle = rng.uniform(0, 2 * math.pi, n)
    spread = radius * np.sqrt(rng.uniform(0, 1, n))
    pos = np.column_stack([spread * np.cos(angle), spread * np.sin(angle)])
    mass = np.asarray(mass, dtype=float)
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    repulsion = length * length / 4.0
    gravity = 0.02
    max_step = radius / 4 + length
    for step in range(iterations):
        if n <= exact_limit:
            force = _repulsion(pos, pos, mass) * (repulsion * mass[:, None])
        else:
            picked = rng.choice(n, size=sample, replace=False)
            force = _repulsion(pos, pos[picked], mass[picked]) * (repulsion * (n / sample) * mass[:, None])
        if len(edges):
            pull = pos[edges[:, 1]] - pos[edges[:, 0]]
            force[:, 0] += np.bincount(edges[:, 0], pull[:, 0], n) - np.bincount(edges[:, 1], pull[:, 0], n)
            force[:, 1] += np.bincount(edges[:, 0], pull[:, 1], n) - np.bincount(edges[:, 1], pull[:, 1], n)
        norm = np.linalg.norm(pos, axis=1, keepdims=True) + 1e-9
        force -= gravity * mass[:, None] * pos / norm * length
        move = force / mass[:, None]
        limit = max_step * (1 - step / iterations) + 1.0
        size = np.linalg.norm(move, axis=1, keepdims=True) + 1e-9
        pos += move * np.minimum(1.0, limit / size)
    return pos - pos.mean(axis=0)


def _leaf_slots(count, radius0, spacing):
    """Ring radii and angles for ``count`` leaves around a node, inner ring first."""
    slots, ring = [], 0
    while len(slots) < count:
        radius = radius0 + ring * spacing * 1.1
        capacity = max(6, int(2 * math.pi * radius / spacing))
        take = min(capacity, count - len(slots))
        slots.extend((radius, k, take) for k in range(take))
        ring += 1
    return slots


def _place_leaves(parent_pos, away, count):
    """Positions of ``count`` leaves around a parent: a fan facing ``away`` or full rings."""
    spacing = EDGE_LENGTH * 0.6
    radius0 = EDGE_LENGTH
    base = math.atan2(away[1], away[0])
    points = []
    for radius, k, take in _leaf_slots(count, radius0, spacing):
        full = take * spacing >= 2 * math.pi * radius * 0.6
        if full:
            theta = base + 2 * math.pi * k / take
        else:
            width = take * spacing / radius
            theta = base - width / 2 + width * (k + 0.5) / take
        points.append((parent_pos[0] + radius * math.cos(theta),
                       parent_pos[1] + radius * math.sin(theta)))
    return points


def _component_layout(component, adjacent, seed):
    """Positions of one connected component: its core by force, its leaves in fans."""
    if len(component) == 1:
        return {component[0]: (0.0, 0.0)}
    if len(component) == 2:
        return {component[0]: (-EDGE_LENGTH / 2, 0.0), component[1]: (EDGE_LENGTH / 2, 0.0)}
    degree = {node: len(adjacent[node]) for node in component}
    leaves = defaultdict(list)
    for node in component:
        if degree[node] == 1:
            (parent,) = adjacent[node]
            if degree[parent] > 1:
                leaves[parent].append(node)
    leaf_set = {leaf for group in leaves.values() for leaf in group}
    core = [node for node in component if node not in leaf_set]
    index = {node: i for i, node in enumerate(core)}
    edges = np.array([(index[a], index[b]) for a in core for b in adjacent[a]
                      if b in index and index[a] < index[b]], dtype=int).reshape(-1, 2)
    mass = np.array([1.0 + degree[node] for node in core])
    pos = force_layout(len(core), edges, mass, seed=seed)
    positions = {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}
    centre = pos.mean(axis=0)
    for parent, group in leaves.items():
        px, py = positions[parent]
        others = [positions[o] for o in adjacent[parent] if o in index]
        if others:
            away = (px - np.mean([o[0] for o in others]), py - np.mean([o[1] for o in others]))
        else:
            away = (px - centre[0], py - centre[1])
        if abs(away[0]) + abs(away[1]) < 1e-6:
            away = (1.0, 0.0)
        for leaf, point in zip(sorted(group, key=str), _place_leaves((px, py), away, len(group))):
            positions[leaf] = point
    return positions


def landscape(positions):
    """Turn a drawing so that its longest extent runs left to right, as screens do.

    >>> turned = landscape({"a": (0.0, -10.0), "b": (0.0, 10.0), "c": (1.0, 0.0)})
    >>> abs(turned["a"][0] - turned["b"][0]) > abs(turned["a"][1] - turned["b"][1])
    True
    """
    if len(positions) < 3:
        return positions
    nodes = list(positions)
    points = np.array([positions[n] for n in nodes], dtype=float)
    points -= points.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(points.T))
    major = vectors[:, -1]
    if major[np.argmax(np.abs(major))] < 0:
        major = -major
    minor = np.array([-major[1], major[0]])
    turned = np.column_stack([points @ major, points @ minor])
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, turned)}


def layout_positions(net, seed=7):
    """Still positions for every node of a network, in vis-network pixels.

    Each connected component is laid out on its own: nodes with one neighbour are set in
    fans around it, the rest by :func:`force_layout`. Components are then packed in rows,
    largest first. Deterministic for a given network and seed.

    Returns
    -------
    dict
        node -> (x, y)

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout_positions(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3]
    True
    >>> layout_positions(nx.path_graph(4)) == pos
    True
    """
    adjacent = _simple_adjacency(net)
    placed, boxes = {}, []
    for i, component in enumerate(_components(adjacent)):
        positions = landscape(_component_layout(component, adjacent, seed + i))
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        boxes.append((positions, min(xs), max(xs), min(ys), max(ys)))
    if not boxes:
        return placed
    margin = EDGE_LENGTH
    area = sum((b[2] - b[1] + margin) * (b[4] - b[3] + margin) for b in boxes)
    row_width = max(math.sqrt(area) * 1.3, boxes[0][2] - boxes[0][1] + margin)
    x = y = row_height = 0.0
    for positions, x0, x1, y0, y1 in boxes:
        width, height = x1 - x0 + margin, y1 - y0 + margin
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in positions.items():
            placed[node] = (round(px - x0 + x, 1), round(py - y0 + y, 1))
        x += width
        row_height = max(row_height, height)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(px - cx, 1), round(py - cy, 1)) for node, (px, py) in placed.items()}


# -- data for the page ----------------------------------------------------------------------

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
        "documents": attrs.get("documents", []), "shape": style["shape"],
        "color": {"background": style["color"], "border": "#1f2933",
                  "highlight": {"background": style["color"], "border": "#000000"},
                  "hover": {"background": style["color"], "border": "#000000"}},
        "value": max(1, attrs.get("degree", 1)), "degree": attrs.get("degree", 0),
    }
    if position is not None:
        item["x"], item["y"] = position
    return item


def _slim_evidence(evidence):
    """An evidence dict without the document fields the payload keeps once per document."""
    return {k: v for k, v in evidence.items() if k not in ("title", "source_path", "date")}


#: Above this many edges planned relations are not dashed: dashed lines are slow to draw.
DASH_LIMIT = 2500


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
        "color": {"color": RELATION_STYLES.get(relation, _STRUCTURE),
                  "highlight": "#111111", "hover": "#111111", "opacity": 1.0},
        "dashes": dashes and attrs.get("modality") == "planned",
        "value": attrs.get("evidence_count", 1), "confidence": attrs.get("confidence", 0.0),
        "modality": attrs.get("modality", "factual"), "documents": attrs.get("documents", []),
        "first_date": attrs.get("first_date"), "last_date": attrs.get("last_date"),
        "evidence": [_slim_evidence(e) for e in attrs.get("evidence", [])],
        "smooth": smooth,
    }


def vis_options(node_count=0, edge_count=0):
    """vis-network options: no physics (positions come from Python), quiet when zoomed out.

    >>> vis_options()["physics"]["enabled"]
    False
    """
    large = edge_count > 1500 or node_count > 1000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "multiselect": False, "keyboard": False,
                        "navigationButtons": False, "zoomSpeed": 0.8},
        "nodes": {
            "borderWidth": 1, "borderWidthSelected": 3,
            "font": {"size": 15, "color": "#1f2933", "strokeWidth": 4, "strokeColor": "#ffffff",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            "scaling": {"min": 12, "max": 42,
                        "label": {"enabled": True, "min": 15, "max": 28, "drawThreshold": 5,
                                  "maxVisible": 30}},
        },
        "edges": {
            "width": 1.2, "selectionWidth": 2.5, "hoverWidth": 1.5,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.55}},
            "font": {"size": 13, "color": "#3e4c59", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "middle",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            "scaling": {"min": 1.2, "max": 6, "label": {"enabled": True, "min": 13, "max": 15,
                                                        "drawThreshold": 5, "maxVisible": 16}},
            "smooth": False,
        },
    }


def to_pyvis(net, positions=None):
    """A pyvis :class:`~pyvis.network.Network` holding the nodes, edges and options.

    Filled in bulk (pyvis's ``add_node`` and ``from_nx`` are quadratic); positions are laid
    out first when not given.
    """
    if positions is None:
        positions = layout_positions(net)
    degree = defaultdict(int)
    for source, target in net.edges():
        degree[source] += 1
        degree[target] += 1
    pairs = defaultdict(list)
    for source, target, key in net.edges(keys=True) if net.is_multigraph() else (
            (s, t, None) for s, t in net.edges()):
        pairs[frozenset((source, target))].append((source, target, key))
    smooth = {}
    for pair, group in pairs.items():
        first = min(pair, key=str)
        group.sort(key=lambda e: (e[0] != first, str(e[2])))
        for i, edge in enumerate(group):
            smooth[edge] = _parallel_smooth(i, len(group), reverse=edge[0] != first)
    pv = Network(directed=True, height="100%", width="100%")
    pv.nodes = [node_item(node, {**attrs, "degree": degree[node]}, positions.get(node))
                for node, attrs in net.nodes(data=True)]
    pv.node_ids = [item["id"] for item in pv.nodes]
    pv.node_map = {item["id"]: item for item in pv.nodes}
    if net.is_multigraph():
        edges = net.edges(keys=True, data=True)
    else:
        edges = ((s, t, None, a) for s, t, a in net.edges(data=True))
    dashes = net.number_of_edges() <= DASH_LIMIT
    pv.edges = [edge_item(s, t, attrs, smooth.get((s, t, k), False), dashes)
                for s, t, k, attrs in edges]
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
    }


def page_styles():
    """Colours, shapes and glyphs of classes and relations, for the legend and filters."""
    classes = list(ENTITY_CLASSES)
    classes.insert(classes.index("Place") + 1, "Region")
    return {"classes": CLASS_STYLES, "relations": RELATION_STYLES,
            "class_order": [*classes, "Group", "Entity"], "relation_order": list(ALL_RELATIONS)}


# -- the page -------------------------------------------------------------------------------------

def render_html(network, title="bilateral-kg"):
    """A standalone HTML page drawing a relation network.

    Parameters
    ----------
    network : networkx.MultiDiGraph
        As built by :func:`bilateral_kg.graph.network.relation_network`; nodes with ``x`` and
        ``y`` attributes keep them, the others are laid out.
    title : str
        Page title and heading (escaped).

    Returns
    -------
    str
        HTML with no external resource: inline vis-network, script and style, a JSON data
        island, and a Content-Security-Policy allowing just those inline scripts.
    """
    given = {n: (a["x"], a["y"]) for n, a in network.nodes(data=True) if "x" in a and "y" in a}
    positions = given if len(given) == network.number_of_nodes() else layout_positions(network)
    payload = network_payload(network, positions)
    config = {"mode": "static", "title": title}
    scripts = [static_text("vis-network.min.js"), static_text("bkg-graph.js")]
    style = static_text("bkg.css")
    csp = ("default-src 'none'; script-src " + " ".join(csp_hash(s) for s in scripts)
           + f"; style-src {csp_hash(style)}; img-src data:; base-uri 'none'; form-action 'none'")
    template = template_environment().get_template("view.html")
    return template.render(
        title=title, csp=csp, style=Markup(style), scripts=[Markup(s) for s in scripts],
        data=Markup(script_json(payload)), config=Markup(script_json(config)),
        counts=payload["counts"])


def write_view(kg, path, focus=None, relations=None, min_confidence=None, depth=1, classes=None,
               title=None):
    """Write the HTML view of a knowledge graph (or of a neighbourhood of it) to ``path``.

    Parameters are those of :func:`bilateral_kg.graph.network.relation_network`.

    Returns
    -------
    dict
        ``nodes`` and ``edges``: how many the page shows.
    """
    net = relation_network(kg, min_confidence=min_confidence, relations=relations, focus=focus,
                           depth=depth, classes=classes)
    if title is None:
        title = "bilateral-kg" + (f": around {focus}" if focus else "")
    html = render_html(net, title=title)
    Path(path).write_text(html, encoding="utf-8")
    return {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()}
