"""Network analytics of the responsibility network: workloads, centralities,
communities.

Workload is counted on the task level (distinct tasks an agent has a role
in).  Centralities and communities are computed on the agent network of
:func:`graph.views.agent_network` (agents linked when they share a task):
degree there is "how many others an agent works with", betweenness "who
connects otherwise separate groups".  Everything is deterministic: node order
comes from sorted SPARQL results and every random choice takes a fixed seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.views import agent_network, task_agents
from sources.records import Role

SEED = 42
EXACT_BETWEENNESS_LIMIT = 2000  # nodes; above it betweenness samples this many sources
TYPE_NAMES = {
    "Person": "人员",
    "GovernmentUnit": "单位",
    "Collective": "集体",
    "Post": "职务",
    "Task": "任务",
}


@dataclass
class Report:
    """The tables ``query.py stats`` prints, each a list of rows (dicts)."""

    leaders: list[dict[str, object]] = field(default_factory=list)
    units: list[dict[str, object]] = field(default_factory=list)
    persons: list[dict[str, object]] = field(default_factory=list)
    centrality: list[dict[str, object]] = field(default_factory=list)
    communities: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict[str, object]]]:
        return {
            "leaders": self.leaders,
            "units": self.units,
            "persons": self.persons,
            "centrality": self.centrality,
            "communities": self.communities,
        }


def workload(g: nx.MultiDiGraph) -> tuple[list[dict[str, object]], ...]:
    """Per leader, unit (and collective) and person: how many tasks, in which roles,
    with how many others; largest first, ties by name."""
    by_task = task_agents(g)
    partners: dict[str, set[str]] = {}
    for roles in by_task.values():
        leaders = roles.get(Role.LEAD_LEADER.value, set())
        units = roles.get(Role.LEAD_UNIT.value, set()) | roles.get(Role.RESPONSIBLE_UNIT.value, set())
        for leader in leaders:
            partners.setdefault(leader, set()).update(units)
        for unit in units:
            partners.setdefault(unit, set()).update(leaders)
    leaders, units, persons = [], [], []
    for node, d in g.nodes(data=True):
        if d["type"] == "Task":
            continue
        if d.get(Role.LEAD_LEADER.value):
            leaders.append(
                {
                    "leader": d["label"],
                    "tasks": d[Role.LEAD_LEADER.value],
                    "units": len(partners.get(node, ())),
                    "all_roles": d["workload"],
                }
            )
        if d.get(Role.LEAD_UNIT.value) or d.get(Role.RESPONSIBLE_UNIT.value):
            units.append(
                {
                    "unit": d["label"],
                    "type": TYPE_NAMES.get(d["type"], d["type"]),
                    "tasks": d["workload"],
                    "leads": d[Role.LEAD_UNIT.value],
                    "leaders": len(partners.get(node, ())),
                }
            )
        if d["type"] == "Person" and (d.get(Role.RESPONSIBLE_PERSON.value) or d.get(Role.LIAISON.value)):
            persons.append(
                {
                    "person": d["label"],
                    "tasks": d["workload"],
                    "responsible": d[Role.RESPONSIBLE_PERSON.value],
                    "liaison": d[Role.LIAISON.value],
                }
            )
    leaders.sort(key=lambda r: (-int(r["tasks"]), str(r["leader"])))
    units.sort(key=lambda r: (-int(r["tasks"]), -int(r["leads"]), str(r["unit"])))
    persons.sort(key=lambda r: (-int(r["tasks"]), str(r["person"])))
    return leaders, units, persons


def centrality(agents: nx.Graph, seed: int = SEED) -> tuple[dict[str, float], dict[str, float], str]:
    """Degree and betweenness centrality of the agent network (normalised), and
    a note saying whether betweenness is exact or sampled."""
    if agents.number_of_nodes() == 0:
        return {}, {}, ""
    degree = nx.degree_centrality(agents)
    n = agents.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        between = nx.betweenness_centrality(agents)
        note = ""
    else:
        k = min(n, 500)
        between = nx.betweenness_centrality(agents, k=k, seed=seed)
        note = f"betweenness estimated from {k} of {n} sources (seed {seed})"
    return degree, between, note


def communities(agents: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Groups of agents that work together more than with the rest (Louvain,
    weighted by shared tasks, fixed seed); largest first."""
    if agents.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(agents, weight="weight", seed=seed)
    groups = [sorted(c) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def report(g: nx.MultiDiGraph, top: int = 10, seed: int = SEED) -> Report:
    """Every table of the analytics, each cut to its ``top`` rows."""
    out = Report()
    leaders, units, persons = workload(g)
    out.leaders, out.units, out.persons = leaders[:top], units[:top], persons[:top]
    agents = agent_network(g)
    degree, between, note = centrality(agents, seed)
    if note:
        out.notes.append(note)
    ranked = sorted(agents.nodes, key=lambda n: (-between[n], -degree[n], agents.nodes[n]["label"]))
    out.centrality = [
        {
            "name": agents.nodes[n]["label"],
            "type": TYPE_NAMES.get(agents.nodes[n]["type"], agents.nodes[n]["type"]),
            "partners": agents.degree(n),
            "degree": round(degree[n], 4),
            "betweenness": round(between[n], 4),
        }
        for n in ranked[:top]
    ]
    groups = communities(agents, seed)
    for i, members in enumerate(groups[:top], start=1):
        ordered = sorted(members, key=lambda n: (-agents.nodes[n]["workload"], agents.nodes[n]["label"]))
        leaders_in = [agents.nodes[n]["label"] for n in ordered if agents.nodes[n]["category"] == "leader"]
        out.communities.append(
            {
                "community": i,
                "size": len(members),
                "leaders": "、".join(leaders_in[:5]),
                "members": "、".join(agents.nodes[n]["label"] for n in ordered[:6])
                + ("…" if len(ordered) > 6 else ""),
            }
        )
    if len(groups) > top:
        out.notes.append(f"{len(groups)} communities; the {top} largest shown")
    return out


def community_of(agents: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Node → community number (1 = largest), for colouring or export."""
    return {n: i for i, members in enumerate(communities(agents, seed), start=1) for n in members}
