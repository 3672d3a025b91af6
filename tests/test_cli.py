"""End-to-end tests of the command line, run in-process on the bundled samples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import query
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "qingxi_tasks_2024.txt"
SAMPLE_Q4 = SAMPLES / "qingxi_tasks_2024_q4.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = query.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    store = tmp_path / "kg"
    code, _, err = run(capsys, "--store", store, "build", SAMPLE, SAMPLE_Q4)
    assert code == 0, err
    return store


def export(capsys: pytest.CaptureFixture[str], store: Path, fmt: str, out: Path) -> bytes:
    code, _, err = run(capsys, "--store", store, "export", "--format", fmt, "-o", out)
    assert code == 0, err
    return out.read_bytes()


def test_build_reports_each_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", tmp_path / "kg", "build", SAMPLE, "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert row["document"] == SAMPLE.name and row["tasks"] > 10 and row["quads"] > 500


def test_who_leads_names_leader_units_persons_liaison_and_row(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--store", built, "who-leads", "地区生产总值")
    assert code == 0
    line = out.strip().splitlines()[0]
    assert "地区生产总值" in line and "牵头领导 周建国" in line
    assert "区发改局 (郑伟)" in line and "联络人 林晓峰" in line
    assert "qingxi_tasks_2024.txt" in line and " row " in line


def test_who_leads_json_and_csv(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", built, "who-leads", "地区生产总值", "--format", "json")
    [answer] = [a for a in json.loads(out) if a["task"] == "地区生产总值"]
    assert code == 0 and answer["lead_leaders"] == ["周建国"] and answer["source_rows"]
    code, out, _ = run(capsys, "--store", built, "who-leads", "地区生产总值", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("document,key,task")


def test_leads_person_and_unit(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", built, "leads", "周建国", "--format", "json")
    tasks = json.loads(out)
    assert code == 0 and len(tasks) >= 5
    assert all("牵头领导" in t["roles"] for t in tasks)
    assert {t["document"] for t in tasks} == {SAMPLE.name, SAMPLE_Q4.name}  # one person across documents
    code, out, _ = run(capsys, "--store", built, "leads", "区财政局", "--format", "json")
    assert code == 0 and all("责任单位" in t["roles"] for t in json.loads(out))


@pytest.mark.parametrize(
    "hostile",
    ['"} ; DROP ALL ; #', "}", ";", "DROP GRAPH <x>", "第一行\n第二行", "{ ?s ?p ?o }", "' \" \\"],
)
def test_query_arguments_are_searched_for_never_executed(
    built: Path, capsys: pytest.CaptureFixture[str], hostile: str
) -> None:
    before = run(capsys, "--store", built, "stats", "--format", "json")[1]
    assert run(capsys, "--store", built, "who-leads", hostile)[0] == 1
    assert run(capsys, "--store", built, "leads", hostile)[0] == 1
    assert run(capsys, "--store", built, "stats", "--format", "json")[1] == before


def test_sparql_from_argument_and_file(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gov:Task }"
    code, out, _ = run(capsys, "--store", built, "sparql", q, "--format", "json")
    n = json.loads(out)[0]["n"]
    assert code == 0 and n > 10
    f = tmp_path / "q.rq"
    f.write_text(q, encoding="utf-8")
    assert json.loads(run(capsys, "--store", built, "sparql", "-f", f, "--format", "json")[1])[0]["n"] == n
    code, _, err = run(capsys, "--store", built, "sparql", "SELECT WHERE {")
    assert code == 1 and err.startswith("error: invalid SPARQL") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "xml"])
def test_exports_reparse_in_rdflib_and_oxigraph(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    nquads = export(capsys, built, "nquads", tmp_path / "all.nq")
    quads = set(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    data = export(capsys, built, fmt, tmp_path / f"out.{fmt}")
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }[fmt]
    expected = len(quads) if rdf_format.supports_datasets else len(triples)
    assert len(set(ox.parse(data, rdf_format))) == expected
    rdflib_name = {
        "turtle": "turtle",
        "ntriples": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
    }
    if rdf_format.supports_datasets:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=rdflib_name[fmt])
        assert len(set(ds.quads((None, None, None, None)))) == expected
    else:
        assert len(rdflib.Graph().parse(data=data, format=rdflib_name.get(fmt, "xml"))) == expected


def test_two_builds_give_byte_identical_sorted_nquads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for n in (1, 2):
        store = tmp_path / f"kg{n}"
        assert run(capsys, "--store", store, "build", SAMPLE, SAMPLE_Q4)[0] == 0
        outputs.append(export(capsys, store, "nquads", tmp_path / f"{n}.nq"))
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 500
    assert outputs[0].splitlines() == sorted(outputs[0].splitlines())


def test_graph_conforms_to_shapes(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--store", built, "validate", "--format", "json")
    assert code == 0, err
    assert [r["conforms"] for r in json.loads(out)] == [True, True]


def test_rebuilding_one_document_leaves_the_other(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def count(doc: str) -> int:
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?g gov:fileName ?f }"
        rows = json.loads(
            run(capsys, "--store", built, "sparql", q.replace("?f", f'"{doc}"'), "--format", "json")[1]
        )
        return rows[0]["n"]

    before = count(SAMPLE_Q4.name), count(SAMPLE.name)
    assert run(capsys, "--store", built, "build", SAMPLE)[0] == 0
    assert (count(SAMPLE_Q4.name), count(SAMPLE.name)) == before


# -- bad input ------------------------------------------------------------------------


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    binary = tmp / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp / "blank.txt"
    blank.write_text(" \n\t\n", encoding="utf-8")
    folder = tmp / "folder"
    folder.mkdir()
    headerless = tmp / "headerless.txt"
    headerless.write_text(
        "\t甲\n\t乙\n\t丙\n\n\t1\n\t苹果\n\t红色\n\n\t2\n\t香蕉\n\t黄色\n\n\t3\n\t葡萄\n\t紫色\n",
        encoding="utf-8",
    )
    prose = tmp / "recipe.txt"
    prose.write_text(
        "Stir the sauce slowly and let it simmer for ten minutes.\nServe warm.\n", encoding="utf-8"
    )
    return {
        "missing": (tmp / "nope.txt", "no such file"),
        "directory": (folder, "is a directory"),
        "binary": (binary, "binary"),
        "empty": (empty, "empty"),
        "blank": (blank, "empty"),
        "no header": (headerless, "no header naming its columns"),
        "not a task list": (prose, "no tasks or entities found"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "directory", "binary", "empty", "blank", "no header", "not a task list"]
)
def test_bad_input_is_one_line_and_leaves_the_store_intact(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path, reason = _bad_inputs(tmp_path)[case]
    before = export(capsys, built, "nquads", tmp_path / "before.nq")
    code, out, err = run(capsys, "--store", built, "build", SAMPLE, path)
    lines = err.strip().splitlines()
    assert code == 1 and out == ""
    assert reason in lines[0] and "Traceback" not in err
    assert lines[-1] == "error: nothing was written; the store is unchanged"
    assert export(capsys, built, "nquads", tmp_path / "after.nq") == before


def test_gbk_encoded_document_builds_like_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = tmp_path / SAMPLE.name
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    utf8_store, gbk_store = tmp_path / "u", tmp_path / "g"
    assert run(capsys, "--store", utf8_store, "build", SAMPLE)[0] == 0
    assert run(capsys, "--store", gbk_store, "build", gbk)[0] == 0
    a = export(capsys, utf8_store, "nquads", tmp_path / "u.nq").decode()
    b = export(capsys, gbk_store, "nquads", tmp_path / "g.nq").decode()

    # Same facts; only the recorded encoding and the file's checksum differ.
    def facts(text: str) -> set[str]:
        return {line for line in text.splitlines() if "#encoding>" not in line and "#sha256>" not in line}

    assert facts(a) == facts(b)
    assert '"gb18030"' in b


def test_require_tasks_refuses_a_narrative(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "news.txt"
    doc.write_text("青溪区召开全区经济工作会议。区委书记周建国出席会议并讲话。\n", encoding="utf-8")
    code, _, err = run(capsys, "--store", tmp_path / "kg", "build", doc, "--require-tasks")
    assert code == 1 and "not a task list" in err


def test_keep_going_loads_the_good_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "--store",
        tmp_path / "kg",
        "build",
        SAMPLE,
        tmp_path / "nope.txt",
        "--keep-going",
        "--format",
        "json",
    )
    assert code == 1 and [r["document"] for r in json.loads(out)] == [SAMPLE.name]
    assert "warning: skipped" in err and "no such file" in err


def test_query_on_a_missing_store_says_how_to_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--store", tmp_path / "none", "who-leads", "GDP")
    assert code == 1 and "run `query.py --store" in err


def test_store_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "kg"
    f.write_text("not a store")
    code, _, err = run(capsys, "--store", f, "build", SAMPLE)
    assert code == 1 and "not a store directory" in err and len(err.strip().splitlines()) == 1


def test_killed_build_leaves_store_readable(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL a build of many documents part-way: the store still opens and
    answers, and the document built before is whole."""
    docs = []
    for i in range(150):
        d = tmp_path / f"copy{i}.txt"
        d.write_bytes(SAMPLE.read_bytes())
        docs.append(d)
    before = run(capsys, "--store", built, "who-leads", "地区生产总值", "--format", "json")[1]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "query.py"), "--store", str(built), "build", *map(str, docs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=4)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    after = json.loads(run(capsys, "--store", built, "who-leads", "地区生产总值", "--format", "json")[1])
    originals = [a for a in after if a["document"] == SAMPLE.name]
    assert originals == [a for a in json.loads(before) if a["document"] == SAMPLE.name]
