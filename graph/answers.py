"""Answers to the everyday questions, grouped for reading.

The named queries return one row per assignment; an analyst wants one line
per task ("周建国 · 区发改局 (郑伟) · 各乡镇（街道） · 联络人 林晓峰 · row 3").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph.store import IRI, KnowledgeStore, LangString, Value
from ontology import GOV
from sources.records import Role

ROLE_NAMES = {
    Role.LEAD_LEADER: "牵头领导",
    Role.LEAD_UNIT: "牵头单位",
    Role.RESPONSIBLE_UNIT: "责任单位",
    Role.RESPONSIBLE_PERSON: "责任人",
    Role.LIAISON: "联络人",
}


def role_of(concept: Value) -> Role:
    """gov:LeadLeaderRole → Role.LEAD_LEADER."""
    local = str(concept).removeprefix(GOV).removesuffix("Role")
    return Role(local[0].lower() + local[1:])


@dataclass
class TaskAnswer:
    """Who is responsible for one task, and where the document says so."""

    document: str
    key: str
    title: str
    parent: str | None = None
    group: str | None = None
    lead_leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # responsible units, "unit (person)" where paired
    persons: list[str] = field(default_factory=list)  # responsible persons not paired with a unit
    liaisons: list[str] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document,
            "key": self.key,
            "task": self.title,
            "parent": self.parent,
            "group": self.group,
            "lead_leaders": self.lead_leaders,
            "lead_units": self.lead_units,
            "responsible_units": self.units,
            "responsible_persons": self.persons,
            "liaisons": self.liaisons,
            "source_rows": sorted(self.rows),
        }


def who_leads(store: KnowledgeStore, text: str) -> list[TaskAnswer]:
    """Tasks whose title or name contains ``text``, each with its agents as
    the document writes them, in the document's order."""
    rows = [
        row
        for match in store.named("tasks_matching", text=text)
        for row in store.named("task_assignments", task=IRI(str(match["task"])), doc=IRI(str(match["doc"])))
    ]
    rows.sort(key=lambda r: (str(r["docName"]), str(r["key"]), _assignment_order(str(r["a"]))))
    tasks: dict[tuple[str, str], TaskAnswer] = {}
    unit_names: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # unit IRI → as written
    persons_for: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        k = (str(r["docName"]), str(r["key"]))
        answer = tasks.setdefault(
            k,
            TaskAnswer(
                document=k[0],
                key=k[1],
                title=str(r["title"]),
                parent=_opt(r["parentTitle"]),
                group=_opt(r["group"]),
            ),
        )
        if isinstance(r["row"], int):
            answer.rows.add(r["row"])
        role, agent = role_of(r["role"]), str(r["asWritten"])
        if role is Role.RESPONSIBLE_UNIT:
            unit_names[k].setdefault(str(r["agent"]), agent)
        if role is Role.RESPONSIBLE_PERSON and r["forUnit"]:
            paired = persons_for[k][str(r["forUnit"])]
            if agent not in paired:
                paired.append(agent)
            continue
        target = {
            Role.LEAD_LEADER: answer.lead_leaders,
            Role.LEAD_UNIT: answer.lead_units,
            Role.RESPONSIBLE_UNIT: answer.units,
            Role.RESPONSIBLE_PERSON: answer.persons,
            Role.LIAISON: answer.liaisons,
        }[role]
        if agent not in target:
            target.append(agent)
    for k, answer in tasks.items():
        written = unit_names[k]
        paired = {written.get(iri, iri): names for iri, names in persons_for.get(k, {}).items()}
        answer.units = [f"{u} ({'、'.join(paired[u])})" if u in paired else u for u in answer.units]
        answer.persons += [p for u, names in paired.items() if u not in written.values() for p in names]
    return sorted(tasks.values(), key=lambda a: (a.document, _key_order(a.key)))


def _assignment_order(iri: str) -> int:
    """Assignment IRIs end in /<role>/<n>: n is the agent's place in its cell."""
    tail = iri.rpartition("/")[2]
    return int(tail) if tail.isdigit() else 0


@dataclass
class AgentTask:
    """One task an agent has a role in."""

    agent: str
    agent_type: str
    document: str
    key: str
    title: str
    parent: str | None
    group: str | None
    roles: list[str]
    units: str

    def as_dict(self) -> dict[str, object]:
        return {
            "agent": self.agent,
            "type": self.agent_type,
            "document": self.document,
            "key": self.key,
            "task": self.title,
            "parent": self.parent,
            "group": self.group,
            "roles": self.roles,
            "responsible_units": self.units,
        }


LEAD_ROLES = {ROLE_NAMES[Role.LEAD_LEADER], ROLE_NAMES[Role.LEAD_UNIT]}


def tasks_of(store: KnowledgeStore, name: str, lead_only: bool = False) -> list[AgentTask]:
    """Every task in which the person, unit or collective called ``name`` has
    a role; with ``lead_only``, only the tasks it leads (牵头).

    Each agent's tasks come from four narrow queries joined here rather than
    one query with two-pattern OPTIONALs and a GROUP BY: Oxigraph answers
    the narrow ones through its indexes in a few milliseconds (see
    agent_tasks.rq).  Responsible units are listed in label order, so both
    engines give the same string."""
    found: dict[tuple[str, str, str], AgentTask] = {}
    for named in store.named("agents_named", name=LangString(name.strip())):
        agent = str(named["agent"])
        for (document, key), task in _agent_tasks(store, IRI(agent)).items():
            found.setdefault((agent, document, key), task)
    order = list(ROLE_NAMES.values())
    for task in found.values():
        task.roles.sort(key=order.index)
    items = [i for i in found.values() if not lead_only or LEAD_ROLES & set(i.roles)]
    return sorted(items, key=lambda a: (a.agent, a.document, a.group or "", _key_order(a.key)))


_UNIT_SEPARATOR = "\x1f"  # the GROUP_CONCAT separator of agent_task_units.rq


def _agent_tasks(store: KnowledgeStore, agent: IRI) -> dict[tuple[str, str], AgentTask]:
    """The tasks of one agent IRI by (document name, task key), its roles in
    each merged, as the task's own document names the agent and the units."""
    documents: dict[str, dict[str, Value]] = {}
    for r in store.named("agent_documents", agent=agent):
        documents.setdefault(str(r["doc"]), r)  # the document's first label and type
    parents: dict[str, str] = {}
    for r in store.named("agent_task_parents", agent=agent):
        parents.setdefault(str(r["task"]), str(r["parentTitle"]))
    units = {  # label order: engines concatenate in their own order
        str(r["task"]): "、".join(sorted(str(r["units"]).split(_UNIT_SEPARATOR)))
        for r in store.named("agent_task_units", agent=agent)
    }
    found: dict[tuple[str, str], AgentTask] = {}
    for r in store.named("agent_tasks", agent=agent):
        doc = documents.get(str(r["doc"]))
        if doc is None:  # the document does not label the agent
            continue
        task = str(r["task"])
        k = (str(doc["docName"]), str(r["key"]))
        item = found.get(k)
        if item is None:
            item = found[k] = AgentTask(
                agent=str(doc["agentLabel"]),
                agent_type=str(doc["agentType"] or "").rsplit("#", 1)[-1],
                document=k[0],
                key=k[1],
                title=str(r["title"]),
                parent=parents.get(task),
                group=_opt(r["group"]),
                roles=[],
                units=units.get(task, ""),
            )
        role_name = ROLE_NAMES[role_of(r["role"])]  # gov:leadLeader reads as gov:LeadLeaderRole
        if role_name not in item.roles:
            item.roles.append(role_name)
    return found


def _opt(value: Value) -> str | None:
    return None if value is None else str(value)


def _key_order(key: str) -> tuple[object, ...]:
    """重点工作-2 before 重点工作-10: numbers compare as numbers."""
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key))


@dataclass(frozen=True)
class Located:
    """Something that lies in, or serves, an area."""

    name: str
    type: str
    relation: str  # locatedIn or jurisdiction
    via: str | None  # the intermediate place (the town a village is in)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type, "relation": self.relation, "via": self.via}


def contents_of(store: KnowledgeStore, area: str) -> list[Located]:
    """The towns, villages, units, projects and enterprises in the area ``area``."""
    found: dict[tuple[str, str], Located] = {}
    for r in store.named("area_contents", name=area):
        type_ = str(r["type"]).rsplit("#", 1)[-1]
        key = (str(r["thing"]), str(r["relation"]))
        if key not in found or (r["via"] and not found[key].via):
            found[key] = Located(str(r["label"]), type_, str(r["relation"]), _opt(r["via"]))
    order = ["AdministrativeArea", "GovernmentUnit", "Project", "Enterprise", "Initiative"]
    return sorted(found.values(), key=lambda x: (x.relation, order.index(x.type), x.via or "", x.name))
