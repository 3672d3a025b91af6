"""The offline page: one self-contained file, escaped text, styles, layout, budget."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graph.identity import clean
from graph.ingest import load
from graph.store import KnowledgeStore
from graph.views import responsibility_network, unit_network
from sources.records import Assignment, EntityType, Extraction, Role
from tests.records_factory import origin, person, sample_extraction
from tests.test_views import HOSTILE, _document, _task, row_of, two_leader_extraction
from visualize.layout import layout
from visualize.network import PageError, PageOptions, fit_budget, fold_unit_persons, render, write_page
from visualize.style import NODE_STYLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store() -> KnowledgeStore:
    s = KnowledgeStore(None)
    load(s, sample_extraction())
    load(s, two_leader_extraction())
    return s


IMG = "<img src=x onerror=alert(1)>"
IMG_NO_SPACE = "<img/src/onerror=alert(1)>"  # survives the builder's whitespace cleaning of names


def hostile_store() -> KnowledgeStore:
    """A task list whose names and cells try to be HTML and script."""
    s = KnowledgeStore(None)

    def unit(name: str, row: int) -> Assignment:
        return Assignment(Role.RESPONSIBLE_UNIT, name, EntityType.UNIT, origin(name, row))

    tasks = (
        _task(
            "重点工作-1", IMG, 1, person(Role.LEAD_LEADER, "周建国", 1), unit(IMG, 1), unit(IMG_NO_SPACE, 1)
        ),
        _task(
            "重点工作-2",
            "</script><script>alert(2)</script>",
            2,
            person(Role.LEAD_LEADER, "周建国", 2),
            unit("区<b>财政</b>局", 2),
            unit(HOSTILE, 2),
        ),
    )
    load(s, Extraction(document=_document("<evil>.txt"), tasks=tasks))
    return s


def fagai_rows(store: KnowledgeStore) -> str:
    """'1、2': the rows of sample_extraction() that name 区发改局 / 青溪区发展和改革局."""
    first = row_of(store, "重点工作-1-(1)", "区发改局")
    return f"{first}、{row_of(store, '重点项目-1', '青溪区发展和改革局')}"


def page_payload(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


class _Resources(HTMLParser):
    """Every src/href attribute, every inline script's text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.links += [v for k, v in attrs if k in ("src", "href", "srcset", "poster", "data") and v]
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content") or ""

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


# -- one self-contained file, nothing beside it --------------------------------------


def test_page_is_written_alone_even_from_another_directory(
    store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    info = write_page(responsibility_network(store), out / "network.html")
    assert sorted(p.name for p in out.iterdir()) == ["network.html"]
    assert list(cwd.iterdir()) == []  # pyvis's lib/ folder never appears
    assert info.path == out / "network.html" and info.bytes == (out / "network.html").stat().st_size
    assert (out / "network.html").stat().st_mode & 0o044  # readable by others, like any file


def test_cli_viz_writes_only_the_page(tmp_path: Path) -> None:
    location = tmp_path / "kg"
    s = KnowledgeStore(location)
    load(s, two_leader_extraction())
    s.flush()
    del s
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "query.py"), "--store", str(location), "viz", "-o", "page.html"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in cwd.iterdir()) == ["page.html"]
    assert "responsibility view" in proc.stderr and "offline" in proc.stderr
    html = (cwd / "page.html").read_text(encoding="utf-8")
    assert "责任网络 — two.txt" in html


def test_no_resource_is_fetched(store: KnowledgeStore) -> None:
    html, _ = render(responsibility_network(store))
    parser = _Resources()
    parser.feed(html)
    assert parser.links == []  # no src= or href= at all: everything is inline
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html, re.I)
    assert not re.search(r"@import", html, re.I)
    assert "bootstrap" not in html.lower() and "cdnjs" not in html and "jsdelivr" not in html
    for attrs, _ in parser.scripts:
        assert "src" not in attrs


def test_content_security_policy_allows_only_the_pages_own_scripts(store: KnowledgeStore) -> None:
    html, _ = render(responsibility_network(store))
    parser = _Resources()
    parser.feed(html)
    policy = dict(part.strip().split(" ", 1) for part in parser.csp.split(";"))
    assert policy["default-src"] == "'none'"
    executable = [text for attrs, text in parser.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2  # vis-network and the page script
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in executable
    }
    assert set(policy["script-src"].split()) == hashes  # no 'unsafe-inline': injected handlers cannot run
    assert "vis.Network" in executable[1]


def test_page_is_utf8_and_deterministic(store: KnowledgeStore, tmp_path: Path) -> None:
    g = responsibility_network(store)
    write_page(g, tmp_path / "a.html")
    write_page(responsibility_network(store), tmp_path / "b.html")
    a = (tmp_path / "a.html").read_bytes()
    assert a == (tmp_path / "b.html").read_bytes()
    assert b'<meta charset="utf-8">' in a
    assert "周建国".encode() in a


# -- text from documents is escaped --------------------------------------------------


def test_document_text_cannot_become_markup() -> None:
    g = responsibility_network(hostile_store())
    html, _ = render(g, PageOptions(title="<script>alert(3)</script> 标题"))
    assert "<img" not in html
    assert "<b>财政" not in html
    assert "alert(2)" not in html.split('id="govkg-data">', 1)[0]  # not in markup before the data
    assert html.count("</script>") == 3  # the JSON block, vis-network, the page script: nothing else ends one
    assert "&lt;script&gt;alert(3)&lt;/script&gt; 标题" in html
    assert "&lt;evil&gt;.txt" in html  # the summary names the document, escaped
    data = page_payload(html)
    labels = {n["label"] for n in data["nodes"]}
    assert {
        IMG_NO_SPACE,
        "区<b>财政</b>局",
        clean(HOSTILE),
        clean(IMG),
    } <= labels  # as the characters they are
    assert IMG in {info["t"] for info in data["info"]["nodes"]}  # the task title, whole in its tooltip
    tips = [value for info in data["info"]["nodes"] + data["info"]["edges"] for _, value in info["r"]]
    assert any("<evil>.txt" in value for value in tips)
    assert IMG in tips  # the unit as written, spaces and all, in its edge's tooltip
    script = (ROOT / "visualize" / "templates" / "page.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert '"title"' not in json.dumps(data["nodes"])  # vis-network's HTML tooltips are never used


# -- what the page shows --------------------------------------------------------------


def test_nodes_are_coloured_shaped_and_sized_by_class_and_workload(store: KnowledgeStore) -> None:
    g = responsibility_network(store)
    data = page_payload(render(g)[0])
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["周建国"]["shape"] == NODE_STYLES["leader"].shape
    assert by_label["周建国"]["color"]["background"] == NODE_STYLES["leader"].color
    assert by_label["区商务局"]["shape"] == NODE_STYLES["unit"].shape
    assert by_label["各镇（街道）"]["shape"] == NODE_STYLES["collective"].shape
    assert by_label["宋雨"]["color"]["background"] == NODE_STYLES["liaison"].color
    assert by_label["周建国"]["size"] > by_label["宋雨"]["size"]  # 4 tasks (two documents) against 2
    legend = render(g)[0].split('<aside id="legend">', 1)[1].split("</aside>", 1)[0]
    for text in ("牵头领导", "单位", "集体", "责任人", "联络人", "任务", "子项", "节点大小 = 任务数"):
        assert text in legend


def test_edges_are_labelled_by_role_with_provenance_tooltips(store: KnowledgeStore) -> None:
    data = page_payload(render(responsibility_network(store))[0])
    labels = {e.get("label") for e in data["edges"]} - {None}
    assert {"牵头", "责任", "联络"} <= labels
    assert any(label.startswith("责任人") for label in labels)
    tips = {info["t"] for info in data["info"]["edges"]}
    assert {"牵头领导", "牵头单位", "责任单位", "联络人", "责任人"} <= tips
    rows = [dict(info["r"]) for info in data["info"]["edges"] if info["t"] == "联络人"]
    assert {r["来源"] for r in rows} == {
        f"qingxi.txt 第 {row_of(store, '重点工作-1-(1)', '宋雨')} 行",
        f"two.txt 第 {row_of(store, '重点工作-1', '宋雨')} 行",
    }


def test_node_tooltips_have_type_aliases_and_sources(store: KnowledgeStore) -> None:
    data = page_payload(render(responsibility_network(store))[0])
    info = {i["t"]: dict(i["r"]) for i in data["info"]["nodes"]}
    fagai = info["青溪区发展和改革局"]
    assert fagai["类型"] == "单位（单位）"
    assert fagai["别名"] == "区发改局"
    assert fagai["来源"] == f"qingxi.txt 第 {fagai_rows(store)} 行"
    assert fagai["任务"].startswith("2 项")
    task = info["地区生产总值"]
    assert task["编号"] == "重点工作-1-(1)" and task["上级任务"] == "主要经济指标运行"
    assert task["目标"] == "全年增长6%。"
    search = {i["t"]: i["s"] for i in data["info"]["nodes"]}
    assert search["青溪区发展和改革局"] == ["青溪区发展和改革局", "区发改局"]


def test_a_unit_persons_tasks_fold_into_one_edge(store: KnowledgeStore) -> None:
    g = responsibility_network(store)
    folded = fold_unit_persons(g)
    ids = {d["label"]: n for n, d in g.nodes(data=True)}
    edge = folded.edges[ids["林小海"], ids["青溪区发展和改革局"], "responsiblePerson"]
    assert edge["weight"] == 2 and sorted(edge["tasks"]) == ["地区生产总值", "青溪大道建设项目"]
    assert not folded.has_edge(ids["林小海"], ids["地区生产总值"])
    assert folded.number_of_nodes() == g.number_of_nodes()


def test_units_view_page(store: KnowledgeStore) -> None:
    html, info = render(unit_network(responsibility_network(store)))
    data = page_payload(html)
    assert info.view == "units"
    assert {n["label"] for n in data["nodes"]} >= {"区财政局", "区住建局", "区商务局"}
    assert all(e["label"].isdigit() for e in data["edges"])  # edge label = shared tasks
    assert "共同责任" in html


def test_large_graphs_are_folded_and_say_so(store: KnowledgeStore) -> None:
    g = responsibility_network(store)
    small, notes = fit_budget(g, max_nodes=14)
    assert small.graph["view"] == "collapsed"
    assert not any(d["type"] == "Task" for _, d in small.nodes(data=True))
    assert "折叠" in notes[0]
    smaller, notes = fit_budget(g, max_nodes=4)
    assert smaller.number_of_nodes() == 4 and len(notes) == 2
    assert {d["label"] for _, d in smaller.nodes(data=True)} >= {"周建国"}  # the busiest kept
    html, info = render(g, PageOptions(max_nodes=4))
    assert info.nodes == 4 and "仅显示任务最多的 4 个节点" in html
    same, notes = fit_budget(g, max_nodes=0)
    assert same is g and notes == []


def test_physics_is_off_unless_asked(store: KnowledgeStore) -> None:
    g = responsibility_network(store)
    assert page_payload(render(g)[0])["options"]["physics"]["enabled"] is False
    assert page_payload(render(g, PageOptions(physics=True))[0])["options"]["physics"]["enabled"] is True


# -- layout --------------------------------------------------------------------------


def test_layout_is_deterministic_and_keeps_nodes_apart(store: KnowledgeStore) -> None:
    g = responsibility_network(store)
    sizes = dict.fromkeys(g.nodes, 20.0)
    first, second = layout(g, sizes=sizes), layout(g, sizes=sizes)
    assert first == second
    xy = np.array(list(first.values()))
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(dist, np.inf)
    assert dist.min() > 30  # two radii of 20 less a little slack


def test_layout_scales_to_thousands_of_nodes() -> None:
    g = nx.random_partition_graph([150] * 20, 0.05, 0.0005, seed=3)
    g.add_nodes_from(range(5000, 5040))  # isolated nodes: packed, not flung away
    star = nx.star_graph(700)  # a hub Louvain cannot split
    g = nx.disjoint_union(g, star)
    started = time.perf_counter()
    pos = layout(g)
    assert time.perf_counter() - started < 60
    assert set(pos) == set(g.nodes)
    xy = np.array(list(pos.values()))
    assert np.isfinite(xy).all()
    assert len({tuple(p) for p in xy}) == len(xy)  # no two nodes on one spot


def test_an_empty_view_is_an_error_not_an_empty_page(tmp_path: Path) -> None:
    assert layout(nx.Graph()) == {}
    with pytest.raises(PageError, match="nothing to draw"):
        write_page(responsibility_network(KnowledgeStore(None)), tmp_path / "empty.html")
    assert not (tmp_path / "empty.html").exists()
