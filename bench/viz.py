#!/usr/bin/env python3
"""How long the responsibility-network page takes to write and to settle.

    .venv/bin/python bench/viz.py                 # 500, 5,000 and 20,000 nodes
    .venv/bin/python bench/viz.py --sizes 500 --physics-timeout 30

Synthetic task lists with made-up names (a district 测试区, people 甲乙丙…,
units 区某某局) are loaded into an in-memory store, viewed through SPARQL as
the CLI does, and drawn three ways:

* ``default``  — what ``query.py viz`` does: above the node budget the task
  level is folded into leader → agent edges;
* ``full``     — every task node, layout from Python, physics off;
* ``physics``  — every task node, vis-network's physics on (``--physics``).

"write" is view → layout → HTML on disk; "settle" is the time from opening
the file in headless Chromium to the page's ready marker (drawn; with physics,
stabilised).  Prints a table; ``--json FILE`` keeps the numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ingest import load  # noqa: E402
from graph.store import KnowledgeStore  # noqa: E402
from graph.views import responsibility_network  # noqa: E402
from sources.records import Assignment, Document, EntityType, Extraction, Origin, Role, Task  # noqa: E402
from visualize.browser import BrowserError, Chromium, find_chromium  # noqa: E402
from visualize.network import PageOptions, write_page  # noqa: E402

SURNAMES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
GIVEN = "一二三四五六七八九十百千万亿东南西北中春"
WORDS = "金木水火土山川河湖海风云雷电松竹梅兰菊桃李杏"
GROUPS = ("重点工作", "重点项目", "重点任务")
READY = "!!document.body && document.body.dataset.ready === '1'"


def person_name(i: int) -> str:
    a, rest = i % len(SURNAMES), i // len(SURNAMES)
    b, c = rest % len(GIVEN), rest // len(GIVEN)
    return SURNAMES[a] + GIVEN[b] + (GIVEN[c % len(GIVEN)] * (1 + c // len(GIVEN)) if c else "")


def unit_name(i: int) -> str:
    a, rest = i % len(WORDS), i // len(WORDS)
    b, c = rest % len(WORDS), rest // len(WORDS)
    return f"区{WORDS[a]}{WORDS[b]}{'' if not c else str(c) + '分'}局"


def synthetic_extractions(nodes: int, seed: int = 7, per_document: int = 2000) -> list[Extraction]:
    """Task lists with about ``nodes`` nodes in their responsibility network:
    70 % tasks, the rest leaders, units, collectives, 责任人 and 联络人, with
    skewed workloads (a few leaders and units carry most tasks)."""
    rng = random.Random(seed)
    agents = max(20, int(nodes * 0.3))
    n_leaders = max(3, agents * 4 // 100)
    n_units = max(5, agents * 40 // 100)
    n_liaisons = max(2, agents * 14 // 100)
    n_persons = max(3, agents - n_leaders - n_units - n_liaisons - 2)
    tasks_total = nodes - (n_leaders + n_units + n_liaisons + n_persons + 2)
    names = iter(range(10**6))
    leaders = [person_name(next(names)) for _ in range(n_leaders)]
    liaisons = [person_name(next(names)) for _ in range(n_liaisons)]
    persons = [person_name(next(names)) for _ in range(n_persons)]
    units = [unit_name(i) for i in range(n_units)]
    collectives = ["各镇（街道）", "相关区属单位"]
    unit_person = {u: persons[i % len(persons)] for i, u in enumerate(units)}
    leader_liaison = {leader: liaisons[i % len(liaisons)] for i, leader in enumerate(leaders)}
    leader_weights = [1 / (i + 1) for i in range(n_leaders)]
    unit_weights = [1 / (i + 1) ** 0.8 for i in range(n_units)]
    extractions = []
    for start in range(0, tasks_total, per_document):
        name = f"synthetic_{start // per_document:03d}.txt"
        tasks = []
        for t in range(start, min(start + per_document, tasks_total)):
            row = t - start + 1
            title = f"测试任务{t + 1}号"

            def cell(text: str, row: int = row) -> Origin:
                return Origin(start=row, end=row + len(text), text=text, table=0, row=row)

            leader = rng.choices(leaders, leader_weights)[0]
            lead_unit = rng.choices(units, unit_weights)[0]
            others = {rng.choices(units, unit_weights)[0] for _ in range(rng.randint(0, 2))} - {lead_unit}
            assignments = [
                Assignment(Role.LEAD_LEADER, leader, EntityType.PERSON, cell(leader)),
                Assignment(Role.LEAD_UNIT, lead_unit, EntityType.UNIT, cell(lead_unit)),
            ]
            for unit in sorted(others):
                assignments.append(Assignment(Role.RESPONSIBLE_UNIT, unit, EntityType.UNIT, cell(unit)))
            if rng.random() < 0.3:
                c = rng.choice(collectives)
                assignments.append(Assignment(Role.RESPONSIBLE_UNIT, c, EntityType.COLLECTIVE, cell(c)))
            for unit in [lead_unit, *sorted(others)]:
                p = unit_person[unit]
                assignments.append(
                    Assignment(Role.RESPONSIBLE_PERSON, p, EntityType.PERSON, cell(p), for_unit=unit)
                )
            liaison = leader_liaison[leader]
            assignments.append(Assignment(Role.LIAISON, liaison, EntityType.PERSON, cell(liaison)))
            tasks.append(
                Task(
                    key=f"{GROUPS[t % 3]}-{t + 1}",
                    title=title,
                    origin=cell(title),
                    number=str(t + 1),
                    group=GROUPS[t % 3],
                    assignments=tuple(assignments),
                )
            )
        doc = Document(
            name=name,
            path=f"/synthetic/{name}",
            text="测试区人民政府重点工作任务清单（合成数据）\n",
            sha256="0" * 64,
            media_type="text/plain",
            encoding="utf-8",
            title="测试区人民政府重点工作任务清单（合成数据）",
            area="测试区",
        )
        extractions.append(Extraction(document=doc, tasks=tuple(tasks)))
    return extractions


def settle(browser: Chromium, page: Path, timeout: float) -> dict[str, object]:
    browser.open(page)
    started = time.perf_counter()
    try:
        browser.wait_for(READY, timeout=timeout, interval=0.05)
    except BrowserError:
        return {"settle_s": None, "result": f"not settled after {timeout:.0f} s"}
    seconds = time.perf_counter() - started
    status = browser.evaluate("JSON.stringify(window.govkg.status)")
    parsed = json.loads(status)
    return {"settle_s": round(seconds, 2), "drawn": parsed["drawn"], "result": "drawn"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    p.add_argument("--physics-timeout", type=float, default=60.0, help="seconds to wait for physics")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a page without physics")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--keep", help="keep the pages in this folder")
    args = p.parse_args(argv)

    chromium = find_chromium()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        browser = Chromium(chromium) if chromium else None
        try:
            for size in args.sizes:
                store = KnowledgeStore(None)
                t0 = time.perf_counter()
                for extraction in synthetic_extractions(size):
                    load(store, extraction)
                load_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                graph = responsibility_network(store)
                view_s = time.perf_counter() - t0
                modes = [
                    ("default", PageOptions(title=f"合成 {size}")),
                    ("full", PageOptions(title=f"合成 {size}", max_nodes=0)),
                    ("physics", PageOptions(title=f"合成 {size}", max_nodes=0, physics=True)),
                ]
                for mode, options in modes:
                    page = folder / f"synthetic_{size}_{mode}.html"
                    t0 = time.perf_counter()
                    info = write_page(graph, page, options)
                    write_s = time.perf_counter() - t0
                    row: dict[str, object] = {
                        "graph_nodes": graph.number_of_nodes(),
                        "mode": mode,
                        "page_nodes": info.nodes,
                        "page_edges": info.edges,
                        "load_s": round(load_s, 1),
                        "view_s": round(view_s, 2),
                        "write_s": round(write_s, 2),
                        "mb": round(info.bytes / 1e6, 1),
                    }
                    if browser is None:
                        row.update(settle_s=None, result="no chromium")
                    else:
                        timeout = args.physics_timeout if options.physics else args.timeout
                        row.update(settle(browser, page, timeout))
                        if row["result"] != "drawn":  # a page that never settles keeps the tab busy
                            browser.close()
                            browser = Chromium(chromium)
                    results.append(row)
                    print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
        finally:
            if browser is not None:
                browser.close()
    _table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _table(rows: list[dict[str, object]]) -> None:
    columns = [
        "graph_nodes",
        "mode",
        "page_nodes",
        "page_edges",
        "view_s",
        "write_s",
        "mb",
        "settle_s",
        "result",
    ]
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
