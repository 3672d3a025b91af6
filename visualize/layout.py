"""Deterministic node positions computed in Python, so the browser only draws.

TOOLCHAIN.md measured vis-network's own physics at 16 s to settle 500 nodes
and never settling 5,000; positions computed here and drawn with physics off
take well under a second.  networkx's spring layout is dense (O(n²) memory)
and needs SciPy above 500 nodes, so large graphs are split first:

* each connected component is laid out on its own and the components are
  packed in rows, largest first (a force layout pushes unconnected pieces to
  the edge of the picture);
* a component small enough is laid out with ``nx.spring_layout``;
* a larger one is split into Louvain communities, each laid out recursively
  and placed where a spring layout of the community graph puts it, pushed
  apart until no two overlap;
* a large component Louvain cannot split becomes a sunflower spiral, the
  busiest nodes in the middle.

Every random choice takes ``seed``: the same graph gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

SPACING = 60.0  # pixels of room per node, roughly: the picture's side grows with √n
SPRING_LIMIT = 300  # nodes laid out by one spring layout (dense, numpy only: cost grows with n²)
_GOLDEN = math.pi * (3 - math.sqrt(5))

Positions = dict[Hashable, tuple[float, float]]


def layout(
    g: nx.Graph, seed: int = 42, spacing: float = SPACING, sizes: dict[Hashable, float] | None = None
) -> Positions:
    """Pixel positions for every node of ``g``, centred on the origin.
    ``sizes`` (radii in pixels) keeps drawn nodes of spring-laid parts from
    overlapping."""
    if g.number_of_nodes() == 0:
        return {}
    simple = _simple(g)
    for node, size in (sizes or {}).items():
        if node in simple:
            simple.nodes[node]["size"] = size
    pos, _ = _layout(simple, seed, spacing)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _simple(g: nx.Graph) -> nx.Graph:
    """An undirected simple graph with the nodes in ``g``'s order; parallel
    edges add up to one edge's ``weight``."""
    s = nx.Graph()
    s.add_nodes_from(g.nodes)
    for a, b in g.edges():
        if a == b:
            continue
        if s.has_edge(a, b):
            s.edges[a, b]["weight"] += 1
        else:
            s.add_edge(a, b, weight=1)
    return s


def _layout(g: nx.Graph, seed: int, spacing: float) -> tuple[dict[Hashable, np.ndarray], float]:
    """Positions around the origin and the radius they fit in."""
    order = {n: i for i, n in enumerate(g.nodes)}
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(order[n] for n in c)))
    placed = []
    for part in parts:
        sub = g.subgraph(sorted(part, key=order.__getitem__)).copy()  # views of views are slow
        placed.append(_component(sub, seed, spacing))
    if len(placed) == 1:
        return placed[0]
    return _pack_rows(placed, spacing)


def _component(g: nx.Graph, seed: int, spacing: float) -> tuple[dict[Hashable, np.ndarray], float]:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g.nodes)): np.zeros(2)}, spacing / 2
    if n <= SPRING_LIMIT:
        radius = spacing * math.sqrt(n)
        iterations = 100 if 20 < n <= 150 else 50
        pos = nx.spring_layout(g, seed=seed, iterations=iterations, weight=None, method="force")
        fitted, _ = _fit({k: np.asarray(v) for k, v in pos.items()}, radius)
        # Nodes in the same structural place (a unit and its 责任人) land on top
        # of each other: push every overlapping pair apart, room left for labels.
        radii = np.array([g.nodes[k].get("size", 10.0) + spacing * 0.2 for k in fitted])
        xy = _separate(np.array(list(fitted.values())), radii, rounds=40)
        return _recentre(dict(zip(fitted, xy, strict=True)), spacing)
    groups = nx.community.louvain_communities(g, weight="weight", seed=seed)
    if len(groups) < 2:
        return _spiral(g, spacing)
    order = {node: i for i, node in enumerate(g.nodes)}
    groups = sorted(groups, key=lambda c: (-len(c), min(order[x] for x in c)))
    inner = [_layout(g.subgraph(sorted(c, key=order.__getitem__)).copy(), seed, spacing) for c in groups]
    return _place_groups(g, groups, inner, seed, spacing)


def _fit(pos: dict[Hashable, np.ndarray], radius: float) -> tuple[dict[Hashable, np.ndarray], float]:
    """Centre ``pos`` and scale it to ``radius``."""
    xy = np.array(list(pos.values()), dtype=float)
    xy -= xy.mean(axis=0)
    extent = float(np.sqrt((xy**2).sum(axis=1)).max()) or 1.0
    xy *= radius / extent
    return dict(zip(pos, xy, strict=True)), radius


def _spiral(g: nx.Graph, spacing: float) -> tuple[dict[Hashable, np.ndarray], float]:
    """A sunflower spiral, most connected first: even density, no overlaps, O(n)."""
    order = {node: i for i, node in enumerate(g.nodes)}
    nodes = sorted(g.nodes, key=lambda x: (-g.degree(x), order[x]))
    step = spacing * 0.6
    pos = {}
    for i, node in enumerate(nodes):
        r = step * math.sqrt(i + 0.5)
        pos[node] = np.array([r * math.cos(i * _GOLDEN), r * math.sin(i * _GOLDEN)])
    return pos, step * math.sqrt(len(nodes) + 0.5)


def _place_groups(
    g: nx.Graph,
    groups: list[set[Hashable]],
    inner: list[tuple[dict[Hashable, np.ndarray], float]],
    seed: int,
    spacing: float,
) -> tuple[dict[Hashable, np.ndarray], float]:
    """Place laid-out communities where a spring layout of the community graph
    puts them, then push overlapping ones apart."""
    member = {node: i for i, c in enumerate(groups) for node in c}
    meta = nx.Graph()
    meta.add_nodes_from(range(len(groups)))
    for a, b, w in g.edges(data="weight", default=1):
        i, j = member[a], member[b]
        if i != j:
            meta.add_edge(i, j, weight=meta.edges[i, j]["weight"] + w if meta.has_edge(i, j) else w)
    radii = np.array([r for _, r in inner])
    if len(groups) <= SPRING_LIMIT:
        raw = nx.spring_layout(meta, seed=seed, iterations=100, weight="weight", method="force")
        centres = np.array([raw[i] for i in range(len(groups))], dtype=float)
        centres *= math.sqrt(float((radii**2).sum()))
        centres = _separate(centres, radii + spacing / 2)
    else:
        packed, _ = _pack_rows([({i: np.zeros(2)}, r) for i, r in enumerate(radii)], spacing)
        centres = np.array([packed[i] for i in range(len(groups))])
    pos = {}
    for (part, _), centre in zip(inner, centres, strict=True):
        for node, xy in part.items():
            pos[node] = xy + centre
    return _recentre(pos, spacing)


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Move circles apart until none overlap by more than a pixel (or
    ``rounds`` run out), each overlapping pair pushed apart along the line
    between them; coincident centres part in a fixed direction."""
    c = centres.copy()
    need = radii[:, None] + radii[None, :]
    np.fill_diagonal(need, 0.0)
    index = np.arange(len(c))
    apart = np.sign(index[:, None] - index[None, :]).astype(float)  # for coincident pairs
    for _ in range(rounds):
        delta = c[:, None, :] - c[None, :, :]
        dist = np.hypot(delta[:, :, 0], delta[:, :, 1])
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= 1.0:
            break
        push = np.clip(overlap, 0.0, None) / 2
        safe = np.where(dist > 1e-9, dist, 1.0)
        ux, uy = delta[:, :, 0] / safe, delta[:, :, 1] / safe
        ux = np.where(dist > 1e-9, ux, apart)
        uy = np.where(dist > 1e-9, uy, 0.0)
        c[:, 0] += (ux * push).sum(axis=1)
        c[:, 1] += (uy * push).sum(axis=1)
    return c


def _pack_rows(
    parts: list[tuple[dict[Hashable, np.ndarray], float]], spacing: float
) -> tuple[dict[Hashable, np.ndarray], float]:
    """Pieces in rows, in the order given (largest first), rows about as wide
    as the whole is tall."""
    gap = spacing / 2
    total = sum((2 * r + gap) ** 2 for _, r in parts)
    width = max(math.sqrt(total) * 1.2, *(2 * r for _, r in parts))
    pos: dict[Hashable, np.ndarray] = {}
    x = y = row_height = 0.0
    for part, r in parts:
        d = 2 * r + gap
        if x > 0 and x + d > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centre = np.array([x + r, y + r])
        for node, xy in part.items():
            pos[node] = xy + centre
        x += d
        row_height = max(row_height, d)
    return _recentre(pos, spacing)


def _recentre(pos: dict[Hashable, np.ndarray], spacing: float) -> tuple[dict[Hashable, np.ndarray], float]:
    xy = np.array(list(pos.values()), dtype=float)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    xy -= (lo + hi) / 2
    radius = float(np.sqrt((xy**2).sum(axis=1)).max()) + spacing / 2
    return dict(zip(pos, xy, strict=True)), radius
