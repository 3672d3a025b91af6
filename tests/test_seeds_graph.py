"""All five seed documents in one store: the graph answers, conforms and scopes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.answers import contents_of, tasks_of, who_leads
from graph.builder import build_quads
from graph.ingest import load
from graph.store import KnowledgeStore
from graph.validation import validate_quads
from sources.pipeline import extract_path


@pytest.fixture(scope="module")
def extractions(shared: Path) -> list:
    return [extract_path(p) for p in sorted((shared / "seeds").glob("*.txt"))]


@pytest.fixture(scope="module")
def store(extractions: list) -> KnowledgeStore:
    s = KnowledgeStore(None)
    for x in extractions:
        load(s, x)
    return s


def test_every_seed_graph_conforms_to_the_shapes(extractions: list) -> None:
    for x in extractions:
        result = validate_quads(build_quads(x))
        assert result.conforms, (x.document.name, result.report[:2000])


def test_only_the_task_list_has_tasks(extractions: list) -> None:
    tasks = {x.document.name[:3]: len(x.tasks) for x in extractions}
    assert tasks["001"] == 41  # 40 tasks and the parent that groups task 1's sub-items
    assert [n for k, n in tasks.items() if k != "001"] == [0, 0, 0, 0]


def test_the_graph_answers_for_all_forty_tasks(store: KnowledgeStore, extractions: list) -> None:
    [tasklist] = [x for x in extractions if x.tasks]
    parents = {t.parent for t in tasklist.tasks if t.parent}
    for task in tasklist.tasks:
        if task.key in parents:
            continue
        answers = [a for a in who_leads(store, task.title) if a.key == task.key]
        assert len(answers) == 1, task.key
        assert answers[0].lead_leaders or answers[0].units, task.key


def test_gdp_answer_with_source_row(store: KnowledgeStore) -> None:
    [gdp] = [a for a in who_leads(store, "GDP") if a.title == "GDP"]
    assert gdp.lead_leaders == ["王永红"]
    assert gdp.units == ["区发改局 (廖勇)", "各镇（街道） (各镇（街道）行政负责人)"]
    assert gdp.liaisons == ["陶树理"] and gdp.rows


def test_the_district_lists_its_towns_and_units(store: KnowledgeStore) -> None:
    inside = contents_of(store, "北塔区")
    areas = {x.name for x in inside if x.type == "AdministrativeArea"}
    units = {x.name for x in inside if x.type == "GovernmentUnit"}
    assert {"陈家桥镇", "贺井村"} <= areas  # a village through its town
    assert "区发改局" in units or any(u.endswith("发改局") for u in units)


def test_the_same_leader_across_task_list_and_review_is_scoped_by_district(store: KnowledgeStore) -> None:
    led = tasks_of(store, "王永红")
    assert len({t.key for t in led}) == 23
    assert {t.agent_type for t in led} == {"Person"}
