"""networkx views of the responsibility graph, read from the store with SPARQL.

The RDF graph says everything; an analyst wants to look at one network at a
time.  Three views answer the headline questions:

* :func:`responsibility_network` — who does what: tasks and their agents
  (leaders, units, collectives, responsible persons, liaisons), one edge per
  (agent, task, role) with the document and row it was read from;
* :func:`unit_network` — which units work together: units linked by the tasks
  they share, weighted by how many;
* :func:`leader_network` — who leads whom: leader → unit, weighted by the
  leader's tasks the unit is responsible for.

The other two are projections of the first, so a filter (one leader, one unit,
one task group, one document) means the same thing in all three.  Nothing here
knows about HTML; :mod:`visualize` draws these graphs and :func:`write_view`
hands them to Gephi (GraphML, GEXF) or Excel (CSV).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import IO, Any, TypeVar

import networkx as nx

from graph.answers import ROLE_NAMES, role_of
from graph.identity import clean
from graph.store import KnowledgeStore
from ontology import GOV
from sources.records import Role

VIEWS = ("responsibility", "units", "leaders")
EXPORT_FORMATS = ("graphml", "gexf", "csv")

# Short edge labels for drawing: 牵头 / 责任 / 责任人 / 联络.
ROLE_LABELS = {
    Role.LEAD_LEADER: "牵头",
    Role.LEAD_UNIT: "牵头",
    Role.RESPONSIBLE_UNIT: "责任",
    Role.RESPONSIBLE_PERSON: "责任人",
    Role.LIAISON: "联络",
}
SUBTASK = "subTaskOf"  # edge key of task → parent task
_SEP = "\u001f"
_AGENT_TYPES = ("Person", "GovernmentUnit", "Collective", "Post")
_UNIT_ROLES = (Role.LEAD_UNIT, Role.RESPONSIBLE_UNIT)
_UNIT_TYPES = ("GovernmentUnit", "Collective")
G = TypeVar("G", bound=nx.Graph)


class ViewError(Exception):
    """A view cannot be made as asked (unknown name, nothing matches); one line."""


@dataclass(frozen=True)
class Filters:
    """Which part of the responsibility network to keep; ``None`` keeps all."""

    leader: str | None = None  # tasks this leader leads (label or alias)
    unit: str | None = None  # tasks this unit or collective leads or is responsible for
    group: str | None = None  # tasks of this group (重点工作 / 重点项目 / 重点任务 …)
    doc: str | None = None  # tasks of this document (file name)

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (("leader", self.leader), ("unit", self.unit), ("group", self.group))
            if value
        ]
        if self.doc:
            parts.insert(0, f"doc={self.doc}")
        return ", ".join(parts)

    def __bool__(self) -> bool:
        return any((self.leader, self.unit, self.group, self.doc))


# -- the responsibility network ----------------------------------------------------


def responsibility_network(store: KnowledgeStore, filters: Filters | None = None) -> nx.MultiDiGraph:
    """Tasks and their agents; edges agent → task keyed by role (``leadLeader`` …)
    and task → parent task (``subTaskOf``).

    Node attributes: ``label``, ``type`` (Task, Person, GovernmentUnit,
    Collective, Post), ``category`` (what to colour it as: task, leader, unit,
    collective, person, liaison, post), ``aliases``, ``workload`` (distinct
    tasks an agent has a role in; agents a task has), one count per role for
    agents, and ``sources`` ((document, row, text) where it was read).
    Edge attributes: ``role``, ``role_zh``, ``label``, ``doc``, ``row``,
    ``text`` (the cell or sentence), ``written`` (the agent as written) and
    ``for_unit`` (the unit a 责任人 is listed for).
    """
    filters = filters or Filters()
    bindings: dict[str, str] = {}
    if filters.doc:
        bindings["docName"] = _document_name(store, filters.doc)
    g = nx.MultiDiGraph(view="responsibility")
    tasks = {str(r["task"]): r for r in store.named("view_tasks", **bindings)}
    agents = _agents(store)
    rows = store.named("view_assignments", **bindings)
    for r in rows:
        task, agent, role = str(r["task"]), str(r["agent"]), role_of(r["role"])
        if task not in tasks or agent not in agents:
            continue
        _add_task(g, task, tasks[task])
        if agent not in g:
            kind, labels, aliases = agents[agent]
            g.add_node(agent, label=labels[0], type=kind, aliases=[*labels[1:], *aliases])
        source = (str(r["docName"]), _int(r["row"]), _str(r["text"]))
        if g.has_edge(agent, task, key=role.value):
            continue  # the same agent listed twice in one cell
        for_unit = _str(r["forUnit"])
        g.add_edge(
            agent,
            task,
            key=role.value,
            role=role.value,
            role_zh=ROLE_NAMES[role],
            label=ROLE_LABELS[role],
            doc=source[0],
            row=source[1],
            text=source[2],
            written=_str(r["asWritten"]),
            for_unit=for_unit,
            for_unit_label=agents[for_unit][1][0] if for_unit in agents else None,
        )
    for task in [n for n, kind in g.nodes(data="type") if kind == "Task"]:
        parent = g.nodes[task].get("parent")
        if parent in tasks:
            _add_task(g, parent, tasks[parent])
            doc = g.nodes[task]["doc"]
            g.add_edge(task, parent, key=SUBTASK, role=SUBTASK, role_zh="子项", label="子项", doc=doc)
    _annotate(g)
    g.graph["documents"] = sorted({d for _, d in g.nodes(data="doc") if d})
    if filters.leader or filters.unit or filters.group:
        g = select_tasks(g, leader=filters.leader, unit=filters.unit, group=filters.group)
    g.graph["filters"] = filters.describe()
    return g


def _document_name(store: KnowledgeStore, doc: str) -> str:
    """The stored file name ``doc`` refers to (a path or a unique part of a name)."""
    names = sorted(str(r["n"]) for r in store.select("SELECT DISTINCT ?n WHERE { ?d gov:fileName ?n }"))
    wanted = doc.replace("\\", "/").rsplit("/", 1)[-1]
    if wanted in names:
        return wanted
    close = [n for n in names if wanted in n]
    if len(close) == 1:
        return close[0]
    known = "、".join(names[:10]) or "none"
    if close:
        raise ViewError(f"document {doc!r} is ambiguous: {'、'.join(close[:10])}")
    raise ViewError(f"no document named {doc!r} in the store (documents: {known})")


def _agents(store: KnowledgeStore) -> dict[str, tuple[str, list[str], list[str]]]:
    """IRI → (class, labels, other written forms) of every agent.  The first
    label in code-point order is the name shown, as in the other named queries
    (MIN(STR(?label))): an entity labelled differently by two documents gets
    one stable name."""
    found: dict[str, tuple[str, list[str], list[str]]] = {}
    for r in store.named("view_agents"):
        iri, kind = str(r["agent"]), str(r["type"]).removeprefix(GOV)
        labels = sorted({x for x in str(r["labels"] or "").split(_SEP) if x})
        aliases = sorted({x for x in str(r["aliases"] or "").split(_SEP) if x} - set(labels))
        if not labels:
            labels = [iri.rsplit("/", 1)[-1]]
        if iri in found and _AGENT_TYPES.index(found[iri][0]) <= _AGENT_TYPES.index(kind):
            continue
        found[iri] = (kind, labels, aliases)
    return found


def _add_task(g: nx.MultiDiGraph, task: str, r: dict[str, Any]) -> None:
    if task in g:
        return
    g.add_node(
        task,
        label=str(r["title"]),
        type="Task",
        category="task",
        aliases=[],
        key=str(r["key"]),
        group=_str(r["group"]),
        name=_str(r["name"]),
        parent=_str(r["parent"]),
        target=_str(r["target"]),
        deadline=_str(r["deadline"]),
        doc=str(r["docName"]),
        row=_int(r["row"]),
        text=_str(r["text"]),
        sources=[(str(r["docName"]), _int(r["row"]), _str(r["text"]))],
    )


def _annotate(g: nx.MultiDiGraph) -> None:
    """Workloads and the category each node is drawn as."""
    for node, data in g.nodes(data=True):
        if data["type"] == "Task":
            data["workload"] = len({a for a, _, k in g.in_edges(node, keys=True) if k != SUBTASK})
            continue
        by_role: dict[str, set[str]] = defaultdict(set)
        sources = set()
        for _, task, role, edge in g.out_edges(node, keys=True, data=True):
            by_role[role].add(task)
            sources.add((edge["doc"], edge["row"], edge["text"]))
        data["workload"] = len(set().union(*by_role.values())) if by_role else 0
        for role in Role:
            data[role.value] = len(by_role.get(role.value, ()))
        data["category"] = _category(data)
        data["sources"] = sorted(sources, key=_source_order)


def _category(data: dict[str, Any]) -> str:
    kind = data["type"]
    if kind == "GovernmentUnit":
        return "unit"
    if kind == "Collective":
        return "collective"
    if kind == "Post":
        return "post"
    if data.get(Role.LEAD_LEADER.value):
        return "leader"
    if data.get(Role.RESPONSIBLE_PERSON.value):
        return "person"
    return "liaison"


def _source_order(source: tuple[str, int | None, str | None]) -> tuple[str, int, str]:
    return (source[0], source[1] if source[1] is not None else -1, source[2] or "")


def select_tasks(
    g: nx.MultiDiGraph, *, leader: str | None = None, unit: str | None = None, group: str | None = None
) -> nx.MultiDiGraph:
    """The part of ``g`` about the tasks that match every filter given: those
    tasks, their parent tasks and all their agents."""
    keep = {n for n, kind in g.nodes(data="type") if kind == "Task"}
    if leader:
        found = find_agents(g, leader, roles=(Role.LEAD_LEADER,))
        if not found:
            raise ViewError(f"no lead leader named {leader!r}{_suggest(g, leader, (Role.LEAD_LEADER,))}")
        keep &= _tasks_of(g, found, (Role.LEAD_LEADER,))
    if unit:
        found = find_agents(g, unit, roles=_UNIT_ROLES)
        if not found:
            raise ViewError(f"no unit named {unit!r} has a task{_suggest(g, unit, _UNIT_ROLES)}")
        keep &= _tasks_of(g, found, _UNIT_ROLES)
    if group:
        wanted = clean(group)
        keep = {t for t in keep if wanted in (clean(g.nodes[t].get("group") or ""), _parent_group(g, t))}
    keep = {t for t in keep if g.in_degree(t)}  # tasks somebody is responsible for
    if not keep:
        raise ViewError("no task matches the filters")
    nodes = set(keep)
    for t in keep:
        nodes.update(g.predecessors(t))
        nodes.update(p for p in g.successors(t))
    sub = g.subgraph(sorted(nodes)).copy()
    _annotate(sub)
    return sub


def _parent_group(g: nx.MultiDiGraph, task: str) -> str:
    parent = g.nodes[task].get("parent")
    return clean(g.nodes[parent].get("group") or "") if parent in g else ""


def find_agents(g: nx.Graph, name: str, roles: Iterable[Role] | None = None) -> list[str]:
    """Agents whose label or another written form is ``name`` (spaces ignored),
    with at least one edge in ``roles`` when given."""
    wanted = clean(name)
    role_keys = {r.value for r in roles} if roles is not None else None
    found = []
    for node, data in g.nodes(data=True):
        if data.get("type") == "Task":
            continue
        if wanted not in {clean(x) for x in [data.get("label", ""), *data.get("aliases", [])]}:
            continue
        if role_keys is not None and not any(data.get(r) for r in role_keys):
            continue
        found.append(node)
    return found


def _tasks_of(g: nx.MultiDiGraph, agents: Iterable[str], roles: Iterable[Role]) -> set[str]:
    keys = {r.value for r in roles}
    return {t for a in agents for _, t, k in g.out_edges(a, keys=True) if k in keys}


def _suggest(g: nx.Graph, name: str, roles: Iterable[Role]) -> str:
    """A hint naming agents in ``roles`` whose label contains ``name``."""
    wanted, keys = clean(name), [r.value for r in roles]
    close = sorted(
        {
            d["label"]
            for _, d in g.nodes(data=True)
            if d.get("type") != "Task" and wanted in d["label"] and any(d.get(k) for k in keys)
        }
    )
    return f" (did you mean {'、'.join(close[:5])}?)" if close else ""


# -- projections -------------------------------------------------------------------


def task_agents(g: nx.MultiDiGraph) -> dict[str, dict[str, set[str]]]:
    """task → {role: agents}, without the sub-task edges."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for agent, task, role in g.edges(keys=True):
        if role != SUBTASK:
            out[task][role].add(agent)
    return out


def _derived(g: nx.Graph, new: G, name: str) -> G:
    """``new`` named ``name``, with the documents and filters of ``g``."""
    new.graph.update(view=name, documents=g.graph.get("documents", []), filters=g.graph.get("filters", ""))
    return new


def _copy_node(src: nx.Graph, dst: nx.Graph, node: str) -> None:
    if node not in dst:
        dst.add_node(node, **{k: v for k, v in src.nodes[node].items()})


def unit_network(g: nx.MultiDiGraph) -> nx.Graph:
    """Co-responsibility: units (and collectives) linked by the tasks they are
    both responsible for or lead; ``weight`` is the number of shared tasks,
    ``tasks`` their titles."""
    u = _derived(g, nx.Graph(), "units")
    for task, roles in sorted(task_agents(g).items()):
        units = sorted(
            a for r in _UNIT_ROLES for a in roles.get(r.value, ()) if g.nodes[a]["type"] in _UNIT_TYPES
        )
        units = sorted(set(units))
        for unit in units:
            _copy_node(g, u, unit)
        for a, b in combinations(units, 2):
            if not u.has_edge(a, b):
                u.add_edge(a, b, weight=0, tasks=[], role="coResponsible", label="")
            edge = u.edges[a, b]
            edge["weight"] += 1
            edge["tasks"].append(g.nodes[task]["label"])
    for _, _, data in u.edges(data=True):
        data["label"] = str(data["weight"])
    return u


def leader_network(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Leader → unit: ``weight`` tasks the leader leads that the unit is
    responsible for, ``lead`` of which the unit also leads."""
    d = _derived(g, nx.DiGraph(), "leaders")
    for task, roles in sorted(task_agents(g).items()):
        leaders = sorted(roles.get(Role.LEAD_LEADER.value, ()))
        units = sorted(set().union(*(roles.get(r.value, set()) for r in _UNIT_ROLES)))
        for leader in leaders:
            _copy_node(g, d, leader)
            for unit in units:
                _copy_node(g, d, unit)
                if not d.has_edge(leader, unit):
                    d.add_edge(leader, unit, weight=0, lead=0, tasks=[], role="leads", label="")
                edge = d.edges[leader, unit]
                edge["weight"] += 1
                edge["lead"] += unit in roles.get(Role.LEAD_UNIT.value, ())
                edge["tasks"].append(g.nodes[task]["label"])
    for _, _, data in d.edges(data=True):
        data["label"] = str(data["weight"])
    return d


def agent_network(g: nx.MultiDiGraph) -> nx.Graph:
    """Agents linked when they share a task, ``weight`` = shared tasks: the
    graph the centralities and communities of :mod:`graph.analytics` use."""
    a = nx.Graph(view="agents")
    for node, kind in sorted(g.nodes(data="type")):
        if kind != "Task":
            _copy_node(g, a, node)
    for _task, roles in sorted(task_agents(g).items()):
        members = sorted(set().union(*roles.values()))
        for x, y in combinations(members, 2):
            if a.has_edge(x, y):
                a.edges[x, y]["weight"] += 1
            else:
                a.add_edge(x, y, weight=1)
    return a


def collapsed_network(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Tasks folded away: each task's head (its lead leaders, else its lead
    units, else its responsible units) → each of its other agents, and a unit
    → the 责任人 listed for it; ``weight`` is the number of such tasks and
    ``role`` the other agent's usual role.  This is what a page draws when the
    task-level network is too large to read."""
    c = _derived(g, nx.DiGraph(), "collapsed")
    roles_seen: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    tasks_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    order = [r.value for r in Role]
    for node, kind in sorted(g.nodes(data="type")):
        if kind != "Task":
            _copy_node(g, c, node)
    for task, roles in sorted(task_agents(g).items()):
        heads = (
            roles.get(Role.LEAD_LEADER.value)
            or roles.get(Role.LEAD_UNIT.value)
            or roles.get(Role.RESPONSIBLE_UNIT.value)
            or set()
        )
        strongest: dict[str, str] = {}  # an agent's first role on this task (牵头 before 责任)
        for role in order:
            for agent in roles.get(role, ()):
                strongest.setdefault(agent, role)
        for agent, role in strongest.items():
            if agent in heads:
                continue
            # a 责任人 listed for one of the task's units hangs off that unit
            unit = _for_unit(g, agent, task) if role == Role.RESPONSIBLE_PERSON.value else None
            for head in [unit] if unit in strongest else heads:
                roles_seen[head, agent][role] += 1
                tasks_of[head, agent].append(g.nodes[task]["label"])
    for (head, agent), counts in sorted(roles_seen.items()):
        role = min(counts, key=lambda r: (-counts[r], order.index(r)))
        weight = len(set(tasks_of[head, agent]))
        c.add_edge(
            head,
            agent,
            role=role,
            role_zh=ROLE_NAMES[Role(role)],
            label=ROLE_LABELS[Role(role)],
            weight=weight,
            tasks=sorted(set(tasks_of[head, agent])),
        )
    return c


def _for_unit(g: nx.MultiDiGraph, person: str, task: str) -> str | None:
    data = g.get_edge_data(person, task, key=Role.RESPONSIBLE_PERSON.value) or {}
    return data.get("for_unit")


def view(store: KnowledgeStore, name: str, filters: Filters | None = None) -> nx.Graph:
    """The view called ``name`` (one of :data:`VIEWS`)."""
    g = responsibility_network(store, filters)
    if name == "responsibility":
        return g
    if name == "units":
        return unit_network(g)
    if name == "leaders":
        return leader_network(g)
    raise ViewError(f"unknown view {name!r}; choose from {', '.join(VIEWS)}")


# -- export ------------------------------------------------------------------------


def exportable(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: lists joined with
    '、', sources as 'file row N' lines, empty values dropped."""
    out = g.__class__()
    out.graph.update({k: _flat(v) for k, v in g.graph.items() if _flat(v) != ""})
    for node, data in g.nodes(data=True):
        out.add_node(node, **_flat_attrs(data))
    if g.is_multigraph():
        for a, b, key, data in g.edges(keys=True, data=True):
            out.add_edge(a, b, key=key, **_flat_attrs(data))
    else:
        for a, b, data in g.edges(data=True):
            out.add_edge(a, b, **_flat_attrs(data))
    return out


def _flat_attrs(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    flat = {}
    for key, value in data.items():
        v = _flat([_source_text(s) for s in value] if key == "sources" else value)
        if v != "":
            flat[key] = v
    return flat


def _flat(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    return str(value)


def _source_text(source: tuple[str, int | None, str | None]) -> str:
    doc, row, text = source
    if row is not None:
        return f"{doc} 第{row}行"
    return f"{doc}: {text}" if text else doc


CSV_COLUMNS = (
    "view",
    "source",
    "source_type",
    "target",
    "target_type",
    "role",
    "weight",
    "documents",
    "rows",
    "detail",
    "source_id",
    "target_id",
)


def edge_rows(g: nx.Graph) -> list[dict[str, object]]:
    """The edge list of a view, one row per edge, for spreadsheets."""
    view_name = g.graph.get("view", "")
    rows = []
    edges = (
        g.edges(keys=True, data=True)
        if g.is_multigraph()
        else ((a, b, None, d) for a, b, d in g.edges(data=True))
    )
    for a, b, _key, data in edges:
        na, nb = g.nodes[a], g.nodes[b]
        if "tasks" in data:
            docs, rows_text, detail = "", "", "、".join(data["tasks"])
        else:
            docs = data.get("doc") or ""
            rows_text = "" if data.get("row") is None else str(data["row"])
            detail = data.get("text") or ""
            if data.get("for_unit_label"):
                detail = f"for {data['for_unit_label']}: {detail}"
        rows.append(
            {
                "view": view_name,
                "source": na.get("label", a),
                "source_type": na.get("type", ""),
                "target": nb.get("label", b),
                "target_type": nb.get("type", ""),
                "role": data.get("role", ""),
                "weight": data.get("weight", 1),
                "documents": docs,
                "rows": rows_text,
                "detail": detail,
                "source_id": a,
                "target_id": b,
            }
        )
    return rows


def write_view(g: nx.Graph, fmt: str, output: IO[bytes]) -> None:
    """Write ``g`` as GraphML, GEXF (Gephi) or a CSV edge list (UTF-8 with a
    byte-order mark, so that Excel reads the Chinese as Chinese)."""
    if fmt == "graphml":
        nx.write_graphml(exportable(g), output, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(exportable(g), output, encoding="utf-8")
    elif fmt == "csv":
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(edge_rows(g))
        output.write(text.getvalue().encode("utf-8-sig"))
    else:
        raise ViewError(f"unknown graph format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")


# -- small helpers -----------------------------------------------------------------


def _str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
