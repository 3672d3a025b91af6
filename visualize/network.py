"""The responsibility network as one self-contained, offline HTML page.

pyvis supplies the network model (``Network.nodes`` / ``edges`` / ``node_ids``
/ ``node_map``, filled directly: its ``add_node`` is quadratic) and the
vis-network build it ships.  The page itself comes from our own template,
because pyvis's templates fetch Bootstrap from a CDN even in ``in_line`` mode
and ``write_html`` copies a ``lib/`` folder into the current directory.  So:

* vis-network's script and styles are inlined, nothing is fetched, nothing is
  written but the one file; a Content-Security-Policy allows only the page's
  own scripts (by hash) and no network access at all;
* every text from a document travels as JSON data (``<`` escaped) and reaches
  the page through ``textContent`` — tooltips are our own DOM elements, not
  vis-network's HTML ``title`` strings;
* positions are computed in Python (:mod:`visualize.layout`) and drawn with
  physics off; ``physics=True`` lets vis-network refine them;
* above ``max_nodes`` the task level is folded away
  (:func:`graph.views.collapsed_network`: leader → unit/person edges weighted
  by shared tasks), and if that is still too large only the busiest agents
  are kept; the page says which.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from graph.analytics import TYPE_NAMES
from graph.views import SUBTASK, collapsed_network
from sources.records import Role
from visualize.layout import layout
from visualize.style import (
    EDGE_STYLES,
    FONT_FACE,
    NODE_STYLES,
    TASK_LABEL_CHARS,
    edge_width,
    node_size,
    short,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_MAX_NODES = 2500
EDGE_LABEL_LIMIT = 3000  # more edge labels than this cost more drawing time than they help
BIG_GRAPH = 5000  # above this many nodes, edges hide while dragging and zooming
ROLE_ORDER = [r.value for r in Role]
ROLE_COUNTS = (
    ("leadLeader", "牵头领导"),
    ("leadUnit", "牵头单位"),
    ("responsibleUnit", "责任单位"),
    ("responsiblePerson", "责任人"),
    ("liaison", "联络人"),
)


class PageError(Exception):
    """The page could not be written; one line."""


@dataclass(frozen=True)
class PageOptions:
    title: str = "责任网络"
    physics: bool = False
    max_nodes: int = DEFAULT_MAX_NODES  # 0: no limit
    seed: int = 42


@dataclass
class PageInfo:
    """What a written page shows."""

    nodes: int
    edges: int
    view: str
    notes: list[str] = field(default_factory=list)
    bytes: int = 0
    path: Path | None = None


def default_title(g: nx.Graph) -> str:
    """责任网络 — file names, or 单位协同网络 for the units view."""
    name = {"units": "单位协同网络", "leaders": "领导—单位网络"}.get(str(g.graph.get("view")), "责任网络")
    documents = [str(d) for d in g.graph.get("documents", [])]
    if len(documents) == 1:
        return f"{name} — {documents[0]}"
    return f"{name} — {len(documents)} 个文档" if documents else name


# -- what to draw --------------------------------------------------------------------


def fit_budget(g: nx.Graph, max_nodes: int) -> tuple[nx.Graph, list[str]]:
    """``g`` itself when small enough, else a smaller graph and notes saying
    what was folded or left out."""
    notes: list[str] = []
    if not max_nodes or g.number_of_nodes() <= max_nodes:
        return g, notes
    if g.graph.get("view") == "responsibility":
        tasks = sum(1 for _, t in g.nodes(data="type") if t == "Task")
        folded = collapsed_network(g)
        notes.append(
            f"任务层共 {g.number_of_nodes()} 个节点，超过上限 {max_nodes}："
            f"{tasks} 项任务已折叠为“牵头者 → 成员”连线（粗细 = 共同任务数）。"
            "用 --leader / --unit / --group / --doc 缩小范围可查看任务层。"
        )
        g = folded
    if g.number_of_nodes() > max_nodes:
        ranked = sorted(g.nodes, key=lambda n: (-g.nodes[n].get("workload", 0), g.nodes[n].get("label", "")))
        keep = set(ranked[:max_nodes])
        total = g.number_of_nodes()
        g = g.subgraph([n for n in g.nodes if n in keep]).copy()
        notes.append(f"仅显示任务最多的 {max_nodes} 个节点（共 {total} 个）。")
    return g, notes


def fold_unit_persons(g: nx.Graph) -> nx.Graph:
    """A 责任人 listed for a unit is drawn once, person → unit (weighted by
    tasks), instead of once per task beside the unit's own edge: in a task
    list the pair repeats on most rows, and those edges say nothing new."""
    if not g.is_multigraph():
        return g
    out = g.copy()
    key = Role.RESPONSIBLE_PERSON.value
    for person, task, k, data in list(g.edges(keys=True, data=True)):
        unit = data.get("for_unit")
        if k != key or unit not in g or not g.has_edge(unit, task):
            continue
        out.remove_edge(person, task, key=k)
        if not out.has_edge(person, unit, key=key):
            out.add_edge(
                person, unit, key=key, role=key, role_zh=data["role_zh"], label=data["label"], tasks=[]
            )
        edge = out.edges[person, unit, key]
        edge["tasks"].append(g.nodes[task]["label"])
        edge["weight"] = len(edge["tasks"])
    return out


def page_data(g: nx.Graph, options: PageOptions, notes: list[str]) -> dict[str, Any]:
    """The nodes, edges, tooltips and options the page script reads."""
    g = fold_unit_persons(g)
    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    sizes = {n: node_size(int(g.nodes[n].get("workload", 0)), _category(g.nodes[n])) for n in nodes}
    pos = layout(g, seed=options.seed, sizes={n: _room(g.nodes[n], sizes[n]) for n in nodes})
    vis_nodes, node_info = [], []
    for n in nodes:
        d = g.nodes[n]
        vis_nodes.append(_vis_node(index[n], d, pos[n], sizes[n]))
        node_info.append(_node_info(g, n, d))
    edges = _edges(g)
    labels = len(edges) <= EDGE_LABEL_LIMIT
    if not labels and edges:
        notes = [*notes, f"连线较多（{len(edges)} 条），不显示连线文字；颜色表示角色，悬停可查看。"]
    vis_edges, edge_info = [], []
    for i, (a, b, d) in enumerate(edges):
        vis_edges.append(_vis_edge(i, index[a], index[b], d, labels=labels, directed=g.is_directed()))
        edge_info.append(_edge_info(g, d))
    categories = sorted({str(g.nodes[n].get("category", "task")) for n in nodes}, key=list(NODE_STYLES).index)
    drawn_roles = {str(d.get("role", "")) for _, _, d in edges}
    roles = sorted(drawn_roles & set(EDGE_STYLES), key=list(EDGE_STYLES).index)
    node_legend = [[c, NODE_STYLES[c].label, NODE_STYLES[c].color, NODE_STYLES[c].shape] for c in categories]
    edge_legend = [[r, EDGE_STYLES[r].label, EDGE_STYLES[r].color, EDGE_STYLES[r].dashes] for r in roles]
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "info": {"nodes": node_info, "edges": edge_info},
        "options": _vis_options(len(vis_nodes), options.physics, options.seed),
        "legend": {"nodes": node_legend, "edges": edge_legend},
        "notes": notes,
    }


def _edges(g: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    """Edges to draw: a lead unit's implied 责任单位 edge is left out (the
    牵头 edge says it), ordered by role so colours layer predictably."""
    if not g.is_multigraph():
        return [(a, b, d) for a, b, d in g.edges(data=True)]
    out = []
    for a, b, key, d in g.edges(keys=True, data=True):
        if key == Role.RESPONSIBLE_UNIT.value and g.has_edge(a, b, key=Role.LEAD_UNIT.value):
            continue
        out.append((a, b, d))
    return out


def _room(d: dict[str, Any], size: float) -> float:
    """The radius a node needs on screen: its own, or half its label (drawn
    below it; a CJK character is about as wide as the font is high)."""
    is_task = _category(d) == "task"
    label = str(d.get("label", ""))
    chars = min(len(label), TASK_LABEL_CHARS) if is_task else len(label)
    return max(size, chars * (11 if is_task else 15) / 2)


def _category(d: dict[str, Any]) -> str:
    return str(d.get("category", "task"))


def _vis_node(i: int, d: dict[str, Any], xy: tuple[float, float], size: float) -> dict[str, Any]:
    category = _category(d)
    style = NODE_STYLES[category]
    label = str(d.get("label", ""))
    is_task = category == "task"
    return {
        "id": i,
        "label": short(label, TASK_LABEL_CHARS) if is_task else label,
        "x": xy[0],
        "y": xy[1],
        "size": size,
        "shape": style.shape,
        "color": {
            "background": style.color,
            "border": style.border,
            "highlight": {"background": style.color, "border": "#222222"},
            "hover": {"background": style.color, "border": "#222222"},
        },
        "font": {"size": 11 if is_task else 15, "color": "#555555" if is_task else "#1a1a1a"},
    }


def _vis_edge(i: int, a: int, b: int, d: dict[str, Any], *, labels: bool, directed: bool) -> dict[str, Any]:
    role = str(d.get("role", ""))
    style = EDGE_STYLES.get(role) or EDGE_STYLES["responsibleUnit"]
    weight = int(d.get("weight", 1))
    edge: dict[str, Any] = {
        "id": i,
        "from": a,
        "to": b,
        "color": {"color": style.color, "highlight": "#222222", "hover": "#222222", "opacity": 0.85},
        "width": edge_width(weight),
    }
    if style.dashes:
        edge["dashes"] = True
    if directed and role != SUBTASK:
        edge["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.45}}
    if labels:
        label = str(d.get("label", ""))
        if "tasks" in d and role in ROLE_ORDER:
            label = f"{label} {weight}" if weight > 1 else label
        if label and role != SUBTASK:
            edge["label"] = label
    return edge


def _vis_options(n: int, physics: bool, seed: int) -> dict[str, Any]:
    big = n > BIG_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "springLength": 110,
                "springConstant": 0.03,
                "damping": 0.3,
                "avoidOverlap": 0.3,
            },
            "minVelocity": 1.0,
            # bounded work: 300 iterations take ~2 s at 500 nodes, ~60 s at 5,000 (bench/viz.py)
            "stabilization": {
                "enabled": physics,
                "iterations": 300 if n <= 1000 else max(30, 300_000 // n),
                "updateInterval": 50,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {"face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "scaling": {"label": {"drawThreshold": 8}},
            "font": {
                "face": FONT_FACE,
                "size": 10,
                "color": "#555555",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
        },
    }


# -- tooltips (plain data; the page builds them with textContent) --------------------


def _node_info(g: nx.Graph, n: Any, d: dict[str, Any]) -> dict[str, Any]:
    category = str(d.get("category", "task"))
    label = str(d.get("label", ""))
    aliases = [str(a) for a in d.get("aliases", [])]
    rows: list[list[str]] = []
    if category == "task":
        rows.append(["类型", "任务" + (f"（{d['group']}）" if d.get("group") else "")])
        rows.append(["编号", str(d.get("key", ""))])
        parent = d.get("parent")
        if parent in g:
            rows.append(["上级任务", str(g.nodes[parent].get("label", ""))])
        if d.get("target"):
            rows.append(["目标", short(str(d["target"]), 200)])
        if d.get("deadline"):
            rows.append(["时限", str(d["deadline"])])
        rows.append(["责任主体", f"{d.get('workload', 0)} 个"])
    else:
        rows.append(["类型", f"{NODE_STYLES[category].label}（{TYPE_NAMES.get(d.get('type', ''), '')}）"])
        if aliases:
            rows.append(["别名", "、".join(aliases)])
        counts = [f"{name} {d[key]}" for key, name in ROLE_COUNTS if d.get(key)]
        rows.append(["任务", f"{d.get('workload', 0)} 项" + (f"（{' · '.join(counts)}）" if counts else "")])
    rows.extend(_source_rows(d.get("sources", [])))
    return {"t": label, "c": category, "r": rows, "s": [label, *aliases]}


def _source_rows(sources: list[tuple[str, int | None, str | None]], limit: int = 6) -> list[list[str]]:
    """来源 lines: 'file 第 1、2、5 行' per document, or the sentence where
    there is no table row."""
    by_doc: dict[str, list[int]] = {}
    sentences: list[tuple[str, str]] = []
    for doc, row, text in sources:
        if row is not None:
            by_doc.setdefault(doc, []).append(row)
        elif text:
            sentences.append((doc, text))
    lines = []
    for doc, rows in by_doc.items():
        shown = sorted(set(rows))
        more = f" 等 {len(shown)} 行" if len(shown) > 12 else ""
        lines.append(["来源", f"{doc} 第 {'、'.join(str(r) for r in shown[:12])} 行{more}"])
    for doc, text in sentences[:3]:
        lines.append(["原文", f"{doc}：{short(text, 160)}"])
    if len(lines) > limit:
        lines = [*lines[:limit], ["来源", f"… 另有 {len(lines) - limit} 处"]]
    return lines


def _edge_info(g: nx.Graph, d: dict[str, Any]) -> dict[str, Any]:
    role = str(d.get("role", ""))
    style = EDGE_STYLES.get(role)
    rows: list[list[str]] = []
    title = d.get("role_zh") or (style.label if style else role)
    if "tasks" in d:
        rows.append(["共同任务", f"{d.get('weight', 1)} 项"])
        tasks = [str(t) for t in d["tasks"]]
        rows.extend(["任务", short(t, 60)] for t in tasks[:8])
        if len(tasks) > 8:
            rows.append(["任务", f"… 另有 {len(tasks) - 8} 项"])
    else:
        if d.get("written"):
            rows.append(["原文写作", str(d["written"])])
        if d.get("for_unit_label"):
            rows.append(["所属单位", str(d["for_unit_label"])])
        if role == Role.LEAD_UNIT.value:
            rows.append(["说明", "牵头单位同时是责任单位"])
        rows.extend(_source_rows([(str(d.get("doc", "")), d.get("row"), d.get("text"))]))
    return {"t": str(title), "r": rows}


# -- the page ------------------------------------------------------------------------


@cache
def _assets() -> dict[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    assets = {
        "vis_js": (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": (lib / "vis-network.css").read_text(encoding="utf-8"),
        "page_js": (TEMPLATES / "page.js").read_text(encoding="utf-8"),
        "page_css": (TEMPLATES / "page.css").read_text(encoding="utf-8"),
    }
    for name, text in assets.items():
        if "</script" in text.lower() or "</style" in text.lower():
            raise PageError(f"asset {name} cannot be inlined: it contains a closing tag")
    return assets


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _pyvis_network(data: dict[str, Any], directed: bool):
    """The pyvis model of the page, filled directly (add_node is quadratic)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=directed, cdn_resources="in_line")
    net.nodes = data["nodes"]
    net.edges = data["edges"]
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.node_map = {n["id"]: n for n in data["nodes"]}
    net.options = data["options"]
    return net


def render(g: nx.Graph, options: PageOptions | None = None) -> tuple[str, PageInfo]:
    """The page's HTML and what it shows."""
    options = options or PageOptions()
    if g.number_of_nodes() == 0:
        raise PageError(
            "nothing to draw: the store holds no tasks with responsibilities (build documents first)"
        )
    shown, notes = fit_budget(g, options.max_nodes)
    data = page_data(shown, options, notes)
    net = _pyvis_network(data, shown.is_directed())
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    assets = _assets()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(assets['vis_js'])} {_csp_hash(assets['page_js'])}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    documents = [str(d) for d in g.graph.get("documents", [])]
    summary = f"{len(nodes)} 个节点 · {len(edges)} 条连线"
    if documents:
        summary += " · 文档：" + "、".join(documents[:5]) + ("…" if len(documents) > 5 else "")
    if g.graph.get("filters"):
        summary += f" · 筛选：{g.graph['filters']}"
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    html = env.get_template("network.html").render(
        title=options.title,
        summary=summary,
        notes=data["notes"],
        legend=data["legend"],
        physics=options.physics,
        csp=csp,
        data_json=Markup(_json_for_script({k: data[k] for k in ("nodes", "edges", "info", "options")})),
        vis_js=Markup(assets["vis_js"]),
        vis_css=Markup(assets["vis_css"]),
        page_js=Markup(assets["page_js"]),
        page_css=Markup(assets["page_css"]),
    )
    info = PageInfo(
        nodes=len(nodes),
        edges=len(edges),
        view=str(shown.graph.get("view", "")),
        notes=list(data["notes"]),
        bytes=len(html.encode("utf-8")),
    )
    return html, info


def write_page(g: nx.Graph, path: str | Path, options: PageOptions | None = None) -> PageInfo:
    """Write the page to ``path`` (atomically: a half-written page never
    replaces a good one) and nothing else anywhere."""
    html, info = render(g, options)
    out = Path(path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_text(html, encoding="utf-8", newline="\n")
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PageError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    info.path = out
    return info
