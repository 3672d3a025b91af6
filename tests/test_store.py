"""The store: named graphs per document, atomic replacement, bound queries, exports."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.answers import tasks_of, who_leads
from graph.builder import build_quads
from graph.ingest import load
from graph.store import FORMATS, IRI, KnowledgeStore, StoreError
from tests.records_factory import sample_extraction

GOV = "https://w3id.org/govkg/ontology#"


@pytest.fixture
def store() -> KnowledgeStore:
    s = KnowledgeStore(None)
    load(s, sample_extraction())
    return s


def test_document_graph_is_named_after_the_document(store: KnowledgeStore) -> None:
    assert store.documents() == ["https://w3id.org/govkg/id/doc/qingxi.txt"]


def test_who_leads_groups_one_task_with_paired_persons(store: KnowledgeStore) -> None:
    [answer] = who_leads(store, "地区生产总值")
    assert answer.title == "地区生产总值"
    assert answer.parent == "主要经济指标运行"
    assert answer.lead_leaders == ["周建国"]
    assert answer.units == ["区发改局 (林小海)", "各镇（街道） (各镇（街道）行政负责人)"]
    assert answer.liaisons == ["宋雨"]
    assert answer.rows == {1}


def test_full_and_abbreviated_unit_names_are_one_node(store: KnowledgeStore) -> None:
    rows = store.select(
        "SELECT ?unit (COUNT(?l) AS ?n) WHERE { ?unit a gov:GovernmentUnit ; rdfs:label|skos:altLabel ?l ."
        " FILTER(STRENDS(STR(?unit), '区发改局')) } GROUP BY ?unit"
    )
    assert len(rows) == 1 and rows[0]["n"] == 2
    items = tasks_of(store, "区发改局")
    assert [i.title for i in items] == ["地区生产总值", "青溪大道建设项目"]
    assert tasks_of(store, "青溪区发展和改革局") == items
    assert items[1].roles == ["牵头单位", "责任单位"]


def test_lead_unit_is_also_responsible_unit(store: KnowledgeStore) -> None:
    rows = store.select("SELECT ?t WHERE { ?t gov:leadUnit ?u . ?t gov:responsibleUnit ?u }")
    assert len(rows) == 1


def test_hostile_search_text_is_data_not_sparql(store: KnowledgeStore) -> None:
    before = len(store)
    for text in ['"} ; DROP ALL ; #', "}", ";", "DROP", "a\nb", "' OR 1=1", '\\"', "{?s ?p ?o}"]:
        assert who_leads(store, text) == []
        assert tasks_of(store, text) == []
    assert len(store) == before


def test_bound_iri_and_integer_values(store: KnowledgeStore) -> None:
    rows = store.select("SELECT ?row ?key WHERE { ?t gov:taskKey ?key ; gov:sourceRow ?row }", row=2)
    assert [r["key"] for r in rows] == ["重点项目-1"]
    doc = IRI("https://w3id.org/govkg/id/doc/qingxi.txt")
    rows = store.select("SELECT ?d ?n WHERE { ?d gov:fileName ?n }", d=doc)
    assert [r["n"] for r in rows] == ["qingxi.txt"]


def test_rebuilding_a_document_replaces_exactly_its_graph() -> None:
    s = KnowledgeStore(None)
    load(s, sample_extraction("a.txt"))
    load(s, sample_extraction("b.txt"))
    size_b = sum(1 for _ in s.quads("https://w3id.org/govkg/id/doc/b.txt"))
    smaller = sample_extraction("a.txt")
    smaller = type(smaller)(document=smaller.document, tasks=smaller.tasks[:1])
    load(s, smaller)
    assert sum(1 for _ in s.quads("https://w3id.org/govkg/id/doc/b.txt")) == size_b
    assert [a.title for a in who_leads(s, "青溪大道")] == ["青溪大道建设项目"]  # only from b.txt
    assert [a.document for a in who_leads(s, "青溪大道")] == ["b.txt"]


def test_same_person_in_two_documents_of_one_district_is_one_node() -> None:
    s = KnowledgeStore(None)
    load(s, sample_extraction("a.txt"))
    load(s, sample_extraction("b.txt"))
    rows = s.select("SELECT DISTINCT ?p WHERE { ?p a gov:Person ; rdfs:label ?l FILTER(STR(?l) = '周建国') }")
    assert len(rows) == 1
    other = sample_extraction("c.txt", area="白沙县")
    load(s, other)
    rows = s.select(
        "SELECT DISTINCT ?u WHERE { ?u a gov:GovernmentUnit ; rdfs:label ?l FILTER(STR(?l) = '区财政局') }"
    )
    assert len(rows) == 2  # 区财政局 of 青溪区 and of 白沙县 are two units


def test_build_is_deterministic() -> None:
    first = build_quads(sample_extraction())
    second = build_quads(sample_extraction())
    assert [str(q) for q in first] == [str(q) for q in second]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "xml"])
def test_exports_reparse_with_the_same_number_of_statements(store: KnowledgeStore, fmt: str) -> None:
    out = io.BytesIO()
    store.export(fmt, out)
    data = out.getvalue()
    rdf_format = FORMATS[fmt]
    reparsed = list(ox.parse(data, rdf_format))
    triples = {(q.subject, q.predicate, q.object) for q in store.quads()}
    expected = len(store) if rdf_format.supports_datasets else len(triples)
    assert len(set(reparsed)) == expected
    rdflib_format = {
        "turtle": "turtle",
        "ntriples": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
        "xml": "xml",
    }[fmt]
    if rdf_format.supports_datasets:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=rdflib_format)
        assert len(set(ds.quads((None, None, None, None)))) == expected
    else:
        assert len(rdflib.Graph().parse(data=data, format=rdflib_format)) == expected


def test_persistent_store_reopens(tmp_path: Path) -> None:
    s = KnowledgeStore(tmp_path / "kg")
    load(s, sample_extraction())
    count = len(s)
    s.flush()
    del s
    assert len(KnowledgeStore(tmp_path / "kg")) == count


def test_store_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="not a store directory"):
        KnowledgeStore(f)


def test_invalid_sparql_is_a_store_error(store: KnowledgeStore) -> None:
    with pytest.raises(StoreError, match="invalid SPARQL"):
        store.select("SELECT WHERE {")


def test_store_killed_mid_write_stays_readable(tmp_path: Path) -> None:
    """A process killed while writing many documents leaves a store that opens
    and holds only whole documents."""
    script = f"""
import os, sys, threading
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
from graph.ingest import load
from graph.store import KnowledgeStore
from tests.records_factory import sample_extraction
s = KnowledgeStore({str(tmp_path / "kg")!r})
load(s, sample_extraction("keep.txt"))
s.flush()
print("ready", flush=True)
threading.Timer(0.3, lambda: os._exit(9)).start()
i = 0
while True:
    i += 1
    load(s, sample_extraction(f"d{{i}}.txt"))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 9, proc.stderr
    s = KnowledgeStore(tmp_path / "kg")
    assert "https://w3id.org/govkg/id/doc/keep.txt" in s.documents()
    per_doc = {g: sum(1 for _ in s.quads(g)) for g in s.documents()}
    assert len(set(per_doc.values())) == 1  # every document whole: all have the same size
    assert GOV  # namespace used in queries above
