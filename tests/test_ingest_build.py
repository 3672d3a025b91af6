"""graph.ingest.build: new stores are bulk-loaded beside their place and moved
in whole, existing stores get one transaction per document, failures write
nothing; and the N-Quads text the builder writes parses to the same quads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.builder import build_nquads, build_quads
from graph.ingest import BuildFailed, BuildOptions, build
from graph.iris import segment
from graph.ntriples import graph_triples, iri, literal, quad_line
from graph.store import KnowledgeStore
from sources.pipeline import extract_many
from tests.records_factory import sample_extraction

ROOT = Path(__file__).resolve().parent.parent
TASKS = ROOT / "samples" / "qingxi_tasks_2024.txt"
TASKS_Q4 = ROOT / "samples" / "qingxi_tasks_2024_q4.txt"


def nquads_of(store_dir: Path) -> list[str]:
    store = KnowledgeStore(store_dir)
    lines = sorted(str(q) for q in store.quads())
    store.close()
    return lines


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# -- the text the builder writes --------------------------------------------------


@pytest.mark.parametrize(
    "text", ['他说"好"', "a\\b", "第一行\n第二行\r", "tab\tinside", "{ } ; DROP ALL #", "<b>粗</b>"]
)
def test_literals_round_trip_through_the_parser(text: str) -> None:
    line = quad_line("https://example.org/s", iri("https://example.org/p"), literal(text), iri("https://g/"))
    [quad] = ox.parse(line.encode(), format=ox.RdfFormat.N_QUADS)
    assert quad.object == ox.Literal(text)


def test_typed_and_tagged_literals_parse() -> None:
    tagged = literal("区发改局", language="zh")
    typed = literal("3", datatype="http://www.w3.org/2001/XMLSchema#integer")
    line = quad_line("https://e/s", iri("https://e/p"), tagged, iri("https://g/"))
    line += quad_line("https://e/s", iri("https://e/q"), typed, iri("https://g/"))
    quads = list(ox.parse(line.encode(), format=ox.RdfFormat.N_QUADS))
    assert quads[0].object == ox.Literal("区发改局", language="zh")
    assert quads[1].object.value == "3" and quads[1].object.datatype.value.endswith("#integer")


def test_iri_segments_encode_what_an_iri_may_not_hold() -> None:
    assert segment("区发改局") == "区发改局"
    assert segment("a b/c") == "ab%2Fc"
    # Private-use characters and non-characters are not IRI characters.
    assert segment("\ue000x\ufffe") == "%EE%80%80x%EF%BF%BE"
    for name in ("\ue000", "<>", '"', "\ufffe", "名\u3000字"):
        ox.NamedNode("https://e/" + segment(name))  # raises if invalid


def test_build_quads_are_the_parsed_nquads() -> None:
    extraction = sample_extraction()
    data = build_nquads(extraction)
    assert data.endswith(b" .\n") and len(set(data.splitlines())) == data.count(b"\n")
    assert build_quads(extraction) == list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def test_graph_triples_refuses_quads_of_another_graph() -> None:
    data = build_nquads(sample_extraction())
    graph = "https://w3id.org/govkg/id/doc/qingxi.txt"
    assert graph_triples(graph, data).count(b"\n") == data.count(b"\n")
    with pytest.raises(ValueError, match="not all in graph"):
        graph_triples("https://w3id.org/govkg/id/doc/other.txt", data)


# -- building stores ------------------------------------------------------------


def test_a_new_store_is_bulk_loaded_and_moved_into_place(tmp_path: Path) -> None:
    target = tmp_path / "kg"
    report = build([str(TASKS), str(TASKS_Q4)], target, BuildOptions())
    assert report.bulk
    assert [x.document for x in report.loaded] == [TASKS.name, TASKS_Q4.name]
    assert siblings(target) == ["kg"]  # no staging directory left
    store = KnowledgeStore(target)
    assert len(store) == sum(x.quads for x in report.loaded)
    assert len(store.documents()) == 2


def test_bulk_and_transactional_builds_store_the_same_quads(tmp_path: Path) -> None:
    build([str(TASKS), str(TASKS_Q4)], tmp_path / "bulk", BuildOptions())
    # A store that exists already takes documents one transaction each.
    build([str(TASKS)], tmp_path / "tx", BuildOptions())
    report = build([str(TASKS_Q4)], tmp_path / "tx", BuildOptions())
    assert not report.bulk
    assert nquads_of(tmp_path / "bulk") == nquads_of(tmp_path / "tx")


def test_a_failed_new_build_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("今天天气很好。", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build([str(TASKS), str(bad)], tmp_path / "kg", BuildOptions())
    assert len(failed.value.failures) == 1 and "notes.txt" in failed.value.failures[0]
    assert siblings(tmp_path / "kg") == ["notes.txt"]


def test_a_failed_build_into_a_store_changes_nothing(tmp_path: Path) -> None:
    build([str(TASKS)], tmp_path / "kg", BuildOptions())
    before = nquads_of(tmp_path / "kg")
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build([str(TASKS_Q4), str(bad)], tmp_path / "kg", BuildOptions(processes=2))
    assert nquads_of(tmp_path / "kg") == before


def test_the_same_file_name_twice_keeps_the_later_one(tmp_path: Path) -> None:
    other = tmp_path / "in" / TASKS.name
    other.parent.mkdir()
    other.write_bytes(TASKS_Q4.read_bytes())
    build([str(TASKS), str(other)], tmp_path / "twice", BuildOptions())
    build([str(other)], tmp_path / "once", BuildOptions())
    assert nquads_of(tmp_path / "twice") == nquads_of(tmp_path / "once")


def test_a_killed_builds_staging_directory_is_cleared(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    abandoned = tmp_path / f".kg.building-{dead}"
    abandoned.mkdir()
    (abandoned / "000001.sst").write_bytes(b"partial")
    mine = tmp_path / f".kg.building-{os.getppid()}"  # a live process's: kept
    mine.mkdir()
    build([str(TASKS)], tmp_path / "kg", BuildOptions())
    assert siblings(tmp_path / "kg") == [mine.name, "kg"]


# -- extraction in workers ----------------------------------------------------------


def test_extract_many_applies_then_in_the_workers_and_keeps_order(tmp_path: Path) -> None:
    paths = []
    for i in range(12):
        p = tmp_path / f"doc{i:02}.txt"
        p.write_bytes((TASKS if i % 2 else TASKS_Q4).read_bytes())
        paths.append(p)
    results = list(extract_many(paths, processes=2, then=_task_count))
    assert [Path(p).name for p, _ in results] == [p.name for p in paths]
    assert [n for _, n in results] == [13 if i % 2 else 4 for i in range(12)]


_LEAVE_EARLY = """
import time
from sources.pipeline import extract_many
from tests.test_ingest_build import TASKS, _task_count

stream = extract_many([TASKS] * 60, processes=2, then=_task_count)
assert next(stream)[1] == 13
time.sleep(1)  # the window fills up: the feeding thread waits for it
stream.close()
try:
    for i, _ in enumerate(extract_many([TASKS] * 60, processes=2, then=_task_count)):
        if i == 3:
            time.sleep(1)
            raise KeyError("consumer failed")
except KeyError:
    print("left twice")
"""


def test_extract_many_can_be_left_early() -> None:
    """Closing the stream, or an exception in the consumer, must not leave the
    pool waiting for its feeding thread (run apart: a hang must fail, not stall)."""
    done = subprocess.run(
        [sys.executable, "-c", _LEAVE_EARLY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "left twice"


def _task_count(extraction: object) -> int:
    return len(extraction.tasks)  # type: ignore[attr-defined]
