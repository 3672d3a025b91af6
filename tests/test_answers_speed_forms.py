"""The fast forms of the leads and tasks-per-leader queries answer exactly
what the straightforward forms they replaced answer, on the bundled samples,
and the same on rdflib's engine as on Oxigraph."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import pytest
import rdflib

from bench.phases import RdflibStore
from graph.answers import LEAD_ROLES, ROLE_NAMES, _key_order, role_of, tasks_of
from graph.ingest import load
from graph.store import IRI, KnowledgeStore, LangString, Value
from sources.pipeline import extract_path
from tests.conftest import SAMPLES

# The forms these queries had before: one join, then one GROUP BY.
JOIN_THEN_GROUP = """
SELECT ?leader (MIN(STR(?label)) AS ?name) (COUNT(DISTINCT ?task) AS ?tasks)
WHERE { ?task gov:leadLeader ?leader . ?leader rdfs:label ?label . }
GROUP BY ?leader ORDER BY DESC(?tasks) ?name
"""
ONE_GROUPED_QUERY = """
SELECT ?agent ?agentLabel ?agentType ?task ?key ?title ?group ?parentTitle ?docName ?role
       (GROUP_CONCAT(DISTINCT ?unitLabel; separator="|") AS ?units)
WHERE {
  GRAPH ?doc {
    ?a gov:agent ?agent ; gov:task ?task ; gov:role ?role .
    ?agent rdfs:label ?agentLabel .
    ?task gov:taskKey ?key ; rdfs:label ?title .
    OPTIONAL { ?doc gov:fileName ?docName }
    OPTIONAL { ?task gov:taskGroup ?group }
    OPTIONAL { ?task gov:subTaskOf ?parent . ?parent rdfs:label ?parentTitle }
    OPTIONAL { ?agent a ?agentType .
               FILTER (?agentType IN (gov:Person, gov:GovernmentUnit, gov:Collective, gov:Post)) }
    OPTIONAL { ?task gov:responsibleUnit ?unit . ?unit rdfs:label ?unitLabel }
  }
}
GROUP BY ?agent ?agentLabel ?agentType ?task ?key ?title ?group ?parentTitle ?docName ?role
"""


@pytest.fixture(scope="module")
def extractions() -> list:
    return [extract_path(p) for p in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def store(extractions: list) -> KnowledgeStore:
    s = KnowledgeStore(None)
    for x in extractions:
        load(s, x)
    return s


@pytest.fixture(scope="module")
def names(store: KnowledgeStore) -> list[str]:
    """Every label and alternative label of an agent with a role in a task."""
    rows = store.select(
        "SELECT DISTINCT ?name WHERE { ?a gov:agent ?agent ."
        " { ?agent rdfs:label ?name } UNION { ?agent skos:altLabel ?name } }"
    )
    return sorted(str(r["name"]) for r in rows)


def reference_tasks_of(store: KnowledgeStore, name: str, lead_only: bool = False) -> list[dict[str, Any]]:
    """tasks_of as it was: one grouped query per agent, the first row of a
    task wins; units compared as a set (the old order was the engine's)."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for named in store.named("agents_named", name=LangString(name)):
        for r in store.select(ONE_GROUPED_QUERY, agent=IRI(str(named["agent"]))):
            k = (str(r["agent"]), str(r["docName"]), str(r["key"]))
            item = found.setdefault(
                k,
                {
                    "agent": str(r["agentLabel"]),
                    "type": str(r["agentType"] or "").rsplit("#", 1)[-1],
                    "document": k[1],
                    "key": k[2],
                    "task": str(r["title"]),
                    "parent": None if r["parentTitle"] is None else str(r["parentTitle"]),
                    "group": None if r["group"] is None else str(r["group"]),
                    "roles": [],
                    "responsible_units": sorted(filter(None, str(r["units"] or "").split("|"))),
                },
            )
            role = ROLE_NAMES[role_of(r["role"])]
            if role not in item["roles"]:
                item["roles"].append(role)
    order = list(ROLE_NAMES.values())
    items = [
        {**i, "roles": sorted(i["roles"], key=order.index)}
        for i in found.values()
        if not lead_only or LEAD_ROLES & set(i["roles"])
    ]
    return sorted(
        items,
        key=lambda a: (a["agent"], a["document"], a["group"] or "", _key_order(str(a["key"]))),
    )


def as_compared(items: list) -> list[dict[str, Any]]:
    return [{**i.as_dict(), "responsible_units": i.units.split("、") if i.units else []} for i in items]


def test_tasks_per_leader_counts_as_the_join_then_group_form(store: KnowledgeStore) -> None:
    rows = store.named("tasks_per_leader")
    assert rows == store.select(JOIN_THEN_GROUP)
    assert [(r["name"], r["tasks"]) for r in rows[:2]] == [("周建国", 7), ("韩雪梅", 3)]


def test_a_leader_named_in_two_documents_counts_each_task_once(store: KnowledgeStore) -> None:
    leaders = {r["name"]: r["tasks"] for r in store.named("tasks_per_leader")}
    led = {(t.document, t.key) for t in tasks_of(store, "周建国", lead_only=True)}
    assert len({d for d, _ in led}) == 2  # the task list and its fourth-quarter update
    assert leaders["周建国"] == len(led)


def test_tasks_of_answers_as_the_one_query_form_for_every_agent_name(
    store: KnowledgeStore, names: list[str]
) -> None:
    assert len(names) > 20
    for name in names:
        for lead_only in (False, True):
            expected = reference_tasks_of(store, name, lead_only)
            assert as_compared(tasks_of(store, name, lead_only)) == expected, (name, lead_only)
    assert sum(len(tasks_of(store, n)) for n in names) > 50


def test_units_are_listed_in_label_order(store: KnowledgeStore) -> None:
    [item] = [i for i in tasks_of(store, "周建国") if i.key == "重点工作-2"]
    assert item.units == "区发改局、区财政局、相关区直单位"
    assert item.roles == ["牵头领导"]
    assert item.parent is None and item.group == "重点工作"


def test_direct_role_edges_match_the_assignments(store: KnowledgeStore) -> None:
    """agent_tasks reads ?task gov:<role> ?agent; the builder writes one
    beside every qualified assignment, in the same graph."""
    direct = store.select(
        "SELECT DISTINCT ?g ?task ?role ?agent WHERE { GRAPH ?g { ?task ?role ?agent ."
        " VALUES ?role { gov:leadLeader gov:leadUnit gov:responsibleUnit"
        " gov:responsiblePerson gov:liaison } } }"
    )
    qualified = store.select(
        "SELECT DISTINCT ?g ?task ?role ?agent"
        " WHERE { GRAPH ?g { ?a gov:task ?task ; gov:role ?role ; gov:agent ?agent } }"
    )

    def edges(rows: list[dict[str, Value]]) -> set[tuple[str, str, object, str]]:
        return {(str(r["g"]), str(r["task"]), role_of(r["role"]), str(r["agent"])) for r in rows}

    assert len(direct) > 100
    assert edges(direct) == edges(qualified)


def test_rdflib_gives_the_same_answers(store: KnowledgeStore, names: list[str]) -> None:
    buffer = io.BytesIO()
    store.export("nquads", buffer)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=buffer.getvalue(), format="nquads")
    other = RdflibStore(dataset)  # the adapter the benchmark compares engines with
    assert other.named("tasks_per_leader") == store.named("tasks_per_leader")
    answers: dict[str, list] = defaultdict(list)
    for name in names[::3]:
        answers["oxigraph"] += [i.as_dict() for i in tasks_of(store, name)]
        answers["rdflib"] += [i.as_dict() for i in tasks_of(other, name)]  # type: ignore[arg-type]
    assert answers["oxigraph"] == answers["rdflib"]
    assert len(answers["oxigraph"]) > 20
