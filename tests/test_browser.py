"""The page in a real browser: headless Chromium, offline, driven over the
DevTools protocol (visualize/browser.py: --remote-debugging-pipe, no extra
packages).  The page marks itself ready (``body[data-ready=1]``, with the number
of nodes drawn and in view); the tests read that back, hover and click with
real mouse events, log every request the page makes and every dialog it opens,
and save screenshots (into the pytest tmp dir; when run by hand, not in CI,
also to out/screenshot.png for a person to look at).

Skipped, with the reason, where no Chromium is installed
(``apt-get install -y chromium fonts-noto-cjk``; .ci/run does it).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ingest import load
from graph.store import KnowledgeStore
from graph.views import Filters, leader_network, responsibility_network
from tests.records_factory import sample_extraction
from tests.test_views import two_leader_extraction
from tests.test_visualize import IMG, IMG_NO_SPACE, fagai_rows, hostile_store, page_payload
from visualize.browser import Chromium, find_chromium
from visualize.network import PageOptions, write_page

ROOT = Path(__file__).resolve().parent.parent
READY = "!!document.body && document.body.dataset.ready === '1'"


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    exe = find_chromium()
    if exe is None:
        reason = "no Chromium found: apt-get install -y chromium fonts-noto-cjk (or set GOVKG_CHROMIUM)"
        print(f"skipping browser tests: {reason}")
        pytest.skip(reason)
    chromium = Chromium(exe)
    yield chromium
    chromium.close()


@pytest.fixture
def store() -> KnowledgeStore:
    s = KnowledgeStore(None)
    load(s, sample_extraction())
    load(s, two_leader_extraction())
    return s


def open_page(browser: Chromium, path: Path, timeout: float = 60) -> dict:
    browser.open(path)
    browser.wait_for(READY, timeout=timeout)
    return json.loads(browser.evaluate("JSON.stringify(window.govkg.status)"))


def assert_clean_run(browser: Chromium, page: Path) -> None:
    """Nothing fetched but the page itself, no dialog, no error, no CSP violation."""
    run = browser.run
    assert run.requests == [page.resolve().as_uri()]
    assert not [u for u in run.requests if u.startswith(("http://", "https://"))]
    assert run.dialogs == []
    assert run.exceptions == []
    assert run.console_errors == []
    assert browser.evaluate("window.govkg.status.violations") == []
    assert browser.evaluate("window.govkg.status.errors") == []


def node_point(browser: Chromium, label: str) -> tuple[float, float]:
    """Viewport coordinates of the node labelled ``label``."""
    return tuple(
        browser.evaluate(
            f"""(() => {{
              const info = JSON.parse(document.getElementById('govkg-data').textContent).info.nodes;
              const id = info.findIndex(n => n.t === {json.dumps(label)});
              const box = document.getElementById('network').getBoundingClientRect();
              const p = govkg.network.canvasToDOM(govkg.network.getPositions([id])[id]);
              return [box.left + p.x, box.top + p.y];
            }})()"""
        )
    )


def hover(browser: Chromium, label: str) -> str:
    """Move the mouse onto a node; the tooltip's title as the page shows it."""
    browser.mouse_move(5, 5)
    browser.pump(0.1)
    x, y = node_point(browser, label)
    browser.mouse_move(x, y)
    browser.wait_for("!document.getElementById('tooltip').hidden", timeout=10)
    return browser.evaluate("document.querySelector('#tooltip .t').textContent")


def painted_pixels(browser: Chromium) -> int:
    """Non-white pixels on the network canvas: zero would mean nothing was drawn."""
    return browser.evaluate(
        """(() => {
          const c = document.querySelector('#network canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
          }
          return n;
        })()"""
    )


def keep_screenshot(browser: Chromium, tmp_path: Path, name: str) -> Path:
    shot = browser.screenshot(tmp_path / name)
    assert shot.stat().st_size > 10_000
    if not os.environ.get("CI"):  # run by hand: leave a copy for a person to look at
        (ROOT / "out").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "out" / "screenshot.png")
    return shot


# -- drawing ---------------------------------------------------------------------------


def test_every_node_is_drawn_offline(browser: Chromium, store: KnowledgeStore, tmp_path: Path) -> None:
    g = responsibility_network(store)
    page = tmp_path / "network.html"
    info = write_page(g, page, PageOptions(title="青溪区 责任网络（测试）"))
    assert info.nodes == g.number_of_nodes()
    status = open_page(browser, page)
    assert status["nodes"] == status["drawn"] == status["inView"] == g.number_of_nodes()
    assert status["edges"] == info.edges
    assert painted_pixels(browser) > 5_000
    fonts = browser.fonts_for("h1")
    assert any("CJK" in f for f in fonts), f"Chinese drawn with {fonts}: install fonts-noto-cjk"
    assert_clean_run(browser, page)
    keep_screenshot(browser, tmp_path, "network.png")


def test_physics_page_settles(browser: Chromium, store: KnowledgeStore, tmp_path: Path) -> None:
    g = responsibility_network(store)
    page = tmp_path / "physics.html"
    write_page(g, page, PageOptions(physics=True))
    status = open_page(browser, page, timeout=60)
    assert status["drawn"] == status["inView"] == g.number_of_nodes()
    assert browser.evaluate("document.body.dataset.physics") == "1"
    assert_clean_run(browser, page)


def test_folded_page_draws_what_it_says(browser: Chromium, store: KnowledgeStore, tmp_path: Path) -> None:
    page = tmp_path / "folded.html"
    info = write_page(responsibility_network(store), page, PageOptions(max_nodes=10))
    status = open_page(browser, page)
    assert status["drawn"] == info.nodes == 10
    assert "仅显示任务最多的 10 个节点" in browser.evaluate("document.querySelector('header').textContent")
    assert_clean_run(browser, page)


# -- interaction -----------------------------------------------------------------------


def test_hover_shows_provenance_and_click_focuses(
    browser: Chromium, store: KnowledgeStore, tmp_path: Path
) -> None:
    g = responsibility_network(store)
    page = tmp_path / "network.html"
    write_page(g, page)
    open_page(browser, page)
    assert hover(browser, "青溪区发展和改革局") == "青溪区发展和改革局"
    tip = browser.evaluate("document.getElementById('tooltip').textContent")
    assert "区发改局" in tip and f"qingxi.txt 第 {fagai_rows(store)} 行" in tip
    x, y = node_point(browser, "周建国")
    browser.click(x, y)
    browser.wait_for("document.getElementById('focus-status').textContent !== ''", timeout=10)
    data = page_payload(page.read_text(encoding="utf-8"))
    me = next(i for i, n in enumerate(data["info"]["nodes"]) if n["t"] == "周建国")
    touching = [e for e in data["edges"] if me in (e["from"], e["to"])]
    neighbours = {e["from"] for e in touching} | {e["to"] for e in touching}
    assert browser.evaluate("document.getElementById('focus-status').textContent") == (
        f"聚焦：周建国（相邻 {len(neighbours) - 1} 个）"
    )
    hidden = browser.evaluate("govkg.network.body.data.edges.get({filter: e => e.hidden}).length")
    assert hidden == len(data["edges"]) - len(touching)
    browser.evaluate("document.getElementById('reset').click()")
    browser.wait_for("document.getElementById('focus-status').textContent === ''", timeout=10)
    assert browser.evaluate("govkg.network.body.data.edges.get({filter: e => e.hidden}).length") == 0
    ids = browser.evaluate("govkg.search('发改')")
    assert [data["info"]["nodes"][i]["t"] for i in ids] == ["青溪区发展和改革局"]
    assert_clean_run(browser, page)


# -- injection -------------------------------------------------------------------------


def test_document_text_stays_text_in_the_browser(browser: Chromium, tmp_path: Path) -> None:
    g = responsibility_network(hostile_store())
    page = tmp_path / "hostile.html"
    write_page(g, page, PageOptions(title=IMG))
    status = open_page(browser, page)
    assert status["drawn"] == g.number_of_nodes()
    assert browser.evaluate("document.title") == IMG
    assert browser.evaluate("document.querySelector('h1').textContent") == IMG
    for label in (IMG_NO_SPACE, "区<b>财政</b>局", "<imgsrc=xonerror=alert(1)>"):
        assert hover(browser, label) == label
    # The task titled with the whole tag: its node label is cut short, the tooltip has it all.
    task = browser.evaluate(
        f"JSON.parse(document.getElementById('govkg-data').textContent).info.nodes"
        f".findIndex(n => n.t === {json.dumps(IMG)})"
    )
    shown = browser.evaluate(f"govkg.showTooltipFor({task}).querySelector('.t').textContent")
    assert shown == IMG
    ids = browser.evaluate("govkg.search('<img')")
    assert len(ids) == 4  # the task, both image units and the one that also tries to end a string
    results = browser.evaluate("[...document.querySelectorAll('#results li')].map(li => li.firstChild.data)")
    assert IMG in results and IMG_NO_SPACE in results
    x, y = node_point(browser, IMG_NO_SPACE)
    browser.click(x, y)
    browser.wait_for("document.getElementById('focus-status').textContent !== ''", timeout=10)
    browser.pump(0.5)
    assert browser.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert browser.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
    assert browser.evaluate("document.querySelectorAll('script').length") == 3
    assert browser.evaluate("document.querySelectorAll('b').length") == 0
    assert_clean_run(browser, page)
    keep = browser.run.requests[:]
    # Controls: the checks above can fail.  An alert is seen ...
    browser.evaluate("setTimeout(() => alert('control'), 0); 1")
    browser.pump(0.5)
    assert browser.run.dialogs == ["control"]
    # ... and markup that did get in would still not run: the policy blocks inline handlers.
    browser.evaluate(f"document.body.insertAdjacentHTML('beforeend', {json.dumps(IMG)}); 1")
    browser.pump(0.5)
    assert browser.run.dialogs == ["control"]
    assert any("script-src" in v for v in browser.evaluate("window.govkg.status.violations"))
    assert browser.run.requests[: len(keep)] == keep


# -- seed 001 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(seed001: Path) -> KnowledgeStore:
    from sources.pipeline import extract_path

    extraction = extract_path(seed001)
    if not extraction.tasks:
        pytest.skip("the task-table extractor finds no tasks in seed 001 yet")
    s = KnowledgeStore(None)
    load(s, extraction)
    return s


def test_seed001_page_shows_its_largest_leader(
    browser: Chromium, seed_store: KnowledgeStore, tmp_path: Path
) -> None:
    top = seed_store.named("tasks_per_leader")[0]
    g = responsibility_network(seed_store)
    page = tmp_path / "seed001.html"
    write_page(g, page)
    data = page_payload(page.read_text(encoding="utf-8"))
    leaders = [
        (n["size"], info["t"])
        for n, info in zip(data["nodes"], data["info"]["nodes"], strict=True)
        if info["c"] == "leader"
    ]
    assert max(leaders)[1] == top["name"]
    assert sorted(leaders)[-2][0] < max(leaders)[0]  # strictly the largest
    status = open_page(browser, page)
    assert status["drawn"] == status["inView"] == g.number_of_nodes()
    assert_clean_run(browser, page)
    # His neighbourhood on the page is his tasks.
    x, y = node_point(browser, str(top["name"]))
    browser.click(x, y)
    browser.wait_for("document.getElementById('focus-status').textContent !== ''", timeout=10)
    assert browser.evaluate("document.getElementById('focus-status').textContent") == (
        f"聚焦：{top['name']}（相邻 {top['tasks']} 个）"
    )
    # His own page: his tasks and the units responsible for them.
    mine = responsibility_network(seed_store, Filters(leader=str(top["name"])))
    own = tmp_path / "leader.html"
    write_page(mine, own)
    status = open_page(browser, own)
    assert status["drawn"] == mine.number_of_nodes()
    labels = {i["t"] for i in page_payload(own.read_text(encoding="utf-8"))["info"]["nodes"]}
    lead = leader_network(g)
    me = next(n for n, d in lead.nodes(data=True) if d["label"] == top["name"])
    assert {lead.nodes[u]["label"] for u in lead.successors(me)} <= labels
    write_page(
        g, page, PageOptions(title=f"北塔区 责任网络 — {seed_store.documents()[0].rsplit('/', 1)[-1]}")
    )
    open_page(browser, page)
    keep_screenshot(browser, tmp_path, "seed001.png")
