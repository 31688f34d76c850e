"""Still positions for a network: a force layout with numpy, leaves set in fans, components packed.

The browser does no physics: the page draws the positions computed here, so the drawing is
still from the first frame and the same network always looks the same.

>>> import networkx as nx
>>> sorted(layout_positions(nx.path_graph(3)))
[0, 1, 2]
"""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

__all__ = ["layout_positions", "force_layout", "landscape", "EDGE_LENGTH"]

#: Layout unit: the length of an edge between two ordinary nodes, in vis-network pixels.
EDGE_LENGTH = 130.0


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


def _repulsion_force(pos, mass, light, picked=None):
    """Each node's repulsion from all nodes, or from the ``picked`` sample scaled up.

    In single precision (``light``: the masses as float32): 7x quicker, measured, and a
    pixel is far coarser than its error.
    """
    points = pos.astype(np.float32)
    if picked is None:
        return _repulsion(points, points, light).astype(float) * mass[:, None]
    scale = len(pos) / len(picked)
    return _repulsion(points, points[picked], light[picked]).astype(float) * (scale * mass[:, None])


def force_layout(n, edges, mass, iterations=None, seed=7, sample=200, exact_limit=400):
    """Positions for ``n`` nodes by a ForceAtlas2-like model, with numpy only.

    Attraction is linear in distance along edges; repulsion is ``k m_i m_j / d`` with masses
    from degree, so hubs get room; a weak gravity keeps the drawing round. Up to
    ``exact_limit`` nodes every pair repels; beyond, each step estimates repulsion from a
    random sample of ``sample`` nodes, which keeps a step linear in ``n`` (at 673 nodes
    the exact sum took 4 ms a step, the sample 0.5 ms, for a drawing with the same spacing
    between neighbours and the same edge lengths, measured on a million-quad overview). The step size
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
    light = mass.astype(np.float32)
    for step in range(iterations):
        picked = None if n <= exact_limit else rng.choice(n, size=sample, replace=False)
        force = _repulsion_force(pos, mass, light, picked) * repulsion
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
