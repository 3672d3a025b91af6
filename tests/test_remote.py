"""The same commands against a SPARQL 1.1 endpoint: an Oxigraph server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import query
from graph.remote import with_values
from graph.store import IRI
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "qingxi_tasks_2024.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("oxigraph") or str(Path(query.__file__).parent / ".venv/bin/oxigraph")
    if not Path(binary).exists():
        pytest.skip("the oxigraph server binary is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path / "srv"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = query.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_values_are_serialised_terms_not_text() -> None:
    q = with_values("SELECT ?x WHERE { ?s ?p ?x }", {"x": '"} ; DROP ALL #\n', "g": IRI("https://e.x/g")})
    assert q == ('SELECT ?x WHERE { VALUES (?x ?g) { ("\\"} ; DROP ALL #\\n" <https://e.x/g>) }  ?s ?p ?x }')


def test_build_and_ask_through_an_endpoint(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--store", endpoint, "build", SAMPLE)[0] == 0
    code, out, _ = run(capsys, "--store", endpoint, "who-leads", "地区生产总值", "--format", "json")
    [answer] = [a for a in json.loads(out) if a["task"] == "地区生产总值"]
    assert code == 0 and answer["lead_leaders"] == ["周建国"]
    # The endpoint holds exactly what the embedded store holds.
    assert run(capsys, "--store", tmp_path / "kg", "build", SAMPLE)[0] == 0
    for store, name in ((endpoint, "remote.nq"), (tmp_path / "kg", "local.nq")):
        assert run(capsys, "--store", store, "export", "--format", "nquads", "-o", tmp_path / name)[0] == 0
    assert (tmp_path / "remote.nq").read_bytes() == (tmp_path / "local.nq").read_bytes()


def test_hostile_text_against_an_endpoint(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--store", endpoint, "build", SAMPLE)[0] == 0
    before = run(capsys, "--store", endpoint, "stats", "--format", "json")[1]
    for text in ['"} ; DROP ALL ; #', "}\nDROP ALL", "' OR '1'='1"]:
        assert run(capsys, "--store", endpoint, "who-leads", text)[0] == 1
        assert run(capsys, "--store", endpoint, "leads", text)[0] == 1
    assert run(capsys, "--store", endpoint, "stats", "--format", "json")[1] == before


def test_unreachable_endpoint_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--store", f"http://127.0.0.1:{_free_port()}", "who-leads", "GDP")
    assert code == 1 and err.startswith("error: cannot reach") and len(err.strip().splitlines()) == 1
