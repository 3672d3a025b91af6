#!/usr/bin/env python3
"""GovKG benchmark: build throughput, store load, query latency against
rdflib's in-memory store, export, re-ingest and peak memory, in one run.

    python bench/run.py            # 10 … 10,000 documents (tens of minutes)
    python bench/run.py --quick    # 10 and 100 documents, under two minutes

Every measurement runs in its own process (bench/phases.py) so that one
phase's memory does not count against the next, and a phase whose part of the
pipeline does not exist yet is reported as unavailable while the others run.
Prints a table and writes bench/results/latest.json (bench/README.md says what
each figure means).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import generate_document, write_corpus  # noqa: E402
from bench.measure import machine  # noqa: E402

RESULTS = ROOT / "bench" / "results"
EXPORT_FORMATS = ["nquads", "ntriples", "turtle", "trig", "jsonld", "xml"]
GOALS = {
    "who_leads_speedup_vs_rdflib_memory": (">=", 30),
    "leads_speedup_vs_rdflib_memory": (">=", 30),
    "tasks_per_leader_speedup_vs_rdflib_memory": (">=", 30),
    "extraction_fraction_of_tokenizer": (">=", 1 / 3),
    "build_10k_seconds": ("<=", 600),
    "peak_rss_mb": ("<=", 4096),
    "reingest_seconds": ("<=", 2),
}


# The run so far: written after every phase, so a run stopped half-way still
# leaves its figures in the output file (marked "complete": false).
_PROGRESS: dict[str, object] = {}


def save_progress(complete: bool = False) -> dict | None:
    if not _PROGRESS:
        return None
    raw = _PROGRESS["raw"]
    summary = summarise(raw)
    summary["complete"] = complete
    summary["quick"] = _PROGRESS["quick"]
    summary["machine"] = _PROGRESS["machine"]
    summary["seconds_total"] = round(time.time() - _PROGRESS["started"], 1)  # type: ignore[operator]
    summary["raw"] = raw
    out = Path(_PROGRESS["output"])  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return summary


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_phase(name: str, params: dict, data: Path, timeout: float) -> dict:
    """Run one phase in a fresh interpreter; its result or why it failed."""
    params = dict(params)
    if "paths" in params:  # long path lists travel in a file, not on the command line
        listing = data / f"paths-{name}-{os.getpid()}.txt"
        listing.write_text("\n".join(params.pop("paths")), encoding="utf-8")
        params["paths_file"] = str(listing)
    log(f"{name} {json.dumps({k: v for k, v in params.items() if k != 'paths_file'}, ensure_ascii=False)}")
    save_progress()
    t = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "phases.py"), name, json.dumps(params, ensure_ascii=False)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        log(f"  {name} failed: {tail}")
        return {"error": tail}
    result = json.loads(lines[-1][len("RESULT ") :])
    log(
        f"  done in {time.perf_counter() - t:.1f} s"
        + (f": {result['unavailable']}" if "unavailable" in result else "")
    )
    return result


QUERY_LABELS = ("who_leads", "leads", "tasks_per_leader")


def ratio(slow: dict | None, fast: dict | None, key: str = "p50_ms") -> float | None:
    """slow / fast; where rdflib hit its time cap, the cap gives a lower bound."""
    if not slow or not fast or not fast.get(key):
        return None
    value = slow.get(key) or slow.get("lower_bound_ms")
    return round(value / fast[key], 1) if value else None


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0912, PLR0915 - the run, step by step
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10 and 100 documents, few repetitions")
    ap.add_argument("--sizes", help="comma-separated corpus sizes (default 10,100,1000,10000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "govkg-bench"), help="work directory")
    ap.add_argument(
        "--compare-quads", type=int, default=1_000_000, help="size of the rdflib comparison graph"
    )
    ap.add_argument("--keep-stores", action="store_true")
    ap.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = ap.parse_args(argv)

    quick = args.quick
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([10, 100] if quick else [10, 100, 1000, 10000])
    )
    reps = 3 if quick else 20
    query_timeout = 20 if quick else 900
    compare_quads = 40_000 if quick and args.compare_quads == 1_000_000 else args.compare_quads
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    started = time.time()

    sys.path.insert(0, str(ROOT / "bench"))
    from phases import extractor_status, narrative_status

    reason = extractor_status()
    if reason:
        log(f"the extraction pipeline does not run: {reason}")
        return 1
    narrative_reason = narrative_status()

    largest = max(sizes)
    corpus_dir = data / f"corpus-{args.seed}"
    t = time.perf_counter()
    n_pages = largest // 10 if narrative_reason is None else 0
    paths, pages = write_corpus(corpus_dir, largest, seed=args.seed, narrative=n_pages)
    paths = [str(p) for p in paths]
    log(f"corpus: {len(paths)} task lists, {len(pages)} narrative pages in {time.perf_counter() - t:.1f} s")

    expected = [generate_document(args.seed, i) for i in range(min(largest, 1000))]
    first = expected[0]
    leader_name = first.district.leaders[0]
    inputs = {"text": "地区生产总值", "name": leader_name}

    raw: dict[str, object] = {"inputs": inputs, "narrative_unavailable": narrative_reason}
    _PROGRESS.update(
        raw=raw, sizes=sizes, quick=quick, machine=machine(), started=started, output=args.output
    )

    # -- the floor and extraction -------------------------------------------------
    floor_n = min(largest, 100 if quick else 1000)
    raw["tokenizer_floor"] = run_phase("floor", {"paths": paths[:floor_n]}, data, 1200)
    extract: dict[str, dict] = {}
    raw["extract"] = extract
    for n in sizes:
        if n > 1000 or (quick and n != largest):
            continue  # 10,000 is measured by the build below
        for procs in (1, 2):
            exp = expected[:n]
            extract[f"{n}_p{procs}"] = run_phase(
                "extract",
                {
                    "paths": paths[:n],
                    "processes": procs,
                    "expected_tasks": sum(len(d.tasks) for d in exp),
                    "expected_assignments": sum(len(t.assignments) for d in exp for t in d.tasks),
                },
                data,
                3600,
            )
    if pages:
        for procs in (1, 2):
            extract[f"narrative_{len(pages)}_p{procs}"] = run_phase(
                "extract",
                {"paths": [str(p) for p in pages], "processes": procs, "narrative": True},
                data,
                3600,
            )

    # -- builds -------------------------------------------------------------------
    builds: dict[str, dict] = {}
    raw["build"] = builds
    stores: dict[int, Path] = {}
    answers: dict[str, dict] = {}
    raw["answers"] = answers

    def build(n: int, procs: int) -> None:
        store = data / f"store-{n}-p{procs}"
        builds[f"{n}_p{procs}"] = result = run_phase(
            "build", {"paths": paths[:n], "processes": procs, "store": str(store)}, data, 4 * 3600
        )
        if procs == 2 and _ok(result):
            stores[n] = store
            answers[str(n)] = run_phase(
                "answers", {"store": str(store), "inputs": inputs, "reps": reps}, data, query_timeout
            )
        elif not args.keep_stores:
            shutil.rmtree(store, ignore_errors=True)

    # The largest corpus is built last: a long build must not keep the
    # comparison, export and query figures waiting.
    big = [n for n in sizes if n > 1000 and not quick]
    for n in sizes:
        if n not in big:
            for procs in (2,) if quick or n > 1000 else (1, 2):
                build(n, procs)

    # -- the comparison graph: the first documents that make about --compare-quads ----
    per_doc = next((b["quads_per_doc"] for b in builds.values() if _ok(b) and b.get("quads_per_doc")), None)
    compare_store = None
    if per_doc:
        k = max(1, min(len(paths), math.ceil(compare_quads / per_doc)))
        compare_store = data / f"store-compare-{k}"
        raw["compare_build"] = run_phase(
            "build", {"paths": paths[:k], "processes": 2, "store": str(compare_store)}, data, 3600
        )
        raw["compare_docs"] = k
        # The headline: the CLI's own answers (graph.answers, the named queries
        # as it binds them) on both engines, same quads, same process.
        raw["compare"] = run_phase(
            "compare",
            {"store": str(compare_store), "inputs": inputs, "reps": reps, "cap_s": 20 if quick else 240},
            data,
            3 * 3600,
        )
        raw["export"] = run_phase(
            "export",
            {"store": str(compare_store), "formats": EXPORT_FORMATS, "dir": str(data / "export")},
            data,
            3600,
        )
    for n in big:
        build(n, 2)

    # -- re-ingest one changed document into the largest store ------------------------
    if stores:
        n = max(stores)
        raw["reingest"] = run_phase(
            "reingest",
            {
                "store": str(stores[n]),
                "path": paths[0],
                "leader": first.tasks[0].assignments[0].origin.text
                if first.tasks[0].assignments
                else leader_name,
                "new_leader": "欧阳新",
                "dir": str(data / "reingest"),
            },
            data,
            3600,
        )

    if not args.keep_stores:
        for store in {*stores.values(), compare_store} - {None}:
            shutil.rmtree(store, ignore_errors=True)

    summary = save_progress(complete=True)
    assert summary is not None
    print_tables(summary)
    log(f"wrote {args.output} ({summary['seconds_total']} s)")
    return 0


def _ok(result: object) -> dict | None:
    return (
        result if isinstance(result, dict) and "error" not in result and "unavailable" not in result else None
    )


def summarise(raw: dict) -> dict:
    """The headline figures and which goals they meet."""
    out: dict[str, object] = {}
    cmp = _ok(raw.get("compare")) or {}
    ox, rd = cmp.get("oxigraph") or {}, cmp.get("rdflib_memory") or {}
    for label in QUERY_LABELS:
        fast, slow = ox.get(label) or {}, rd.get(label) or {}
        out[f"{label}_speedup_vs_rdflib_memory"] = ratio(slow, fast)
        if "timed_out_after_s" in slow and fast.get("p50_ms"):
            out[f"{label}_speedup_is_lower_bound"] = True
        out[f"{label}_p50_ms"] = {
            "oxigraph": fast.get("p50_ms"),
            "rdflib_memory": slow.get("p50_ms")
            or (f"> {slow['timed_out_after_s']} s" if "timed_out_after_s" in slow else None),
        }
    out["compare_quads"] = cmp.get("quads")
    out["answers_oxigraph_vs_rdflib"] = {
        q: ((ox.get(q) or {}).get("answers"), (rd.get(q) or {}).get("answers")) for q in QUERY_LABELS
    }

    floor = _ok(raw.get("tokenizer_floor"))
    extract = raw.get("extract", {})
    best = None
    for key in sorted(
        extract, key=lambda k: (k.startswith("narrative"), -int(k.split("_")[0]) if k[0].isdigit() else 0)
    ):
        e = _ok(extract[key])
        if e and e["processes"] == 1 and not key.startswith("narrative"):
            best = e
            break
    out["extraction_chars_per_s_1p"] = best and best["chars_per_s"]
    out["tokenizer_chars_per_s"] = floor and floor["chars_per_s"]
    out["extraction_fraction_of_tokenizer"] = (
        round(best["chars_per_s"] / floor["chars_per_s"], 3) if best and floor else None
    )
    builds = raw.get("build", {})
    big = _ok(builds.get("10000_p2"))
    out["build_10k_seconds"] = big and big["seconds"]
    peaks = [b["peak_rss_mb"] for b in builds.values() if _ok(b)]
    out["peak_rss_mb"] = big["peak_rss_mb"] if big else (max(peaks) if peaks else None)
    out["peak_rss_mb_any_phase"] = max(
        [x["peak_rss_mb"] for x in [*builds.values(), rd, *extract.values()] if _ok(x) and "peak_rss_mb" in x]
        or [0]
    )
    re = _ok(raw.get("reingest"))
    out["reingest_seconds"] = re and re["median_seconds"]
    out["reingest_store_quads"] = re and re["store_quads"]
    goals = {}
    for key, (op, target) in GOALS.items():
        value = out.get(key)
        met = None if value is None else (value >= target if op == ">=" else value <= target)
        goals[key] = {"target": f"{op} {round(target, 3)}", "value": value, "met": met}
    out["goals"] = goals
    return out


def print_tables(summary: dict) -> None:  # noqa: PLR0912, PLR0915 - one table after another
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140, highlight=False)
    raw = summary["raw"]
    t = Table(
        title="build (graph.ingest.build: extract and write N-Quads in workers, bulk-load a new store)",
        title_justify="left",
    )
    for col in (
        "run",
        "docs",
        "docs/s",
        "chars/s",
        "quads",
        "quads/doc",
        "quads/s",
        "s",
        "store MB",
        "peak RSS MB",
    ):
        t.add_column(col, justify="right")
    for key, b in raw.get("build", {}).items():
        if not _ok(b):
            t.add_row(key, *([""] * 8), str(b.get("error") or b.get("unavailable"))[:40])
            continue
        t.add_row(
            key,
            str(b["docs"]),
            str(b["docs_per_s"]),
            f"{b['chars_per_s']:,}",
            f"{b['quads']:,}",
            str(b["quads_per_doc"]),
            f"{b['quads_per_s']:,}",
            str(b["seconds"]),
            str(b["store_mb_on_disk"]),
            str(b["peak_rss_mb"]),
        )
    console.print(t)

    t = Table(title="extraction alone (extract_many) and the tokenizer floor", title_justify="left")
    for col in ("run", "docs", "docs/s", "chars/s", "tasks found / generated", "errors"):
        t.add_column(col, justify="right")
    for key, e in raw.get("extract", {}).items():
        if _ok(e):
            t.add_row(
                key,
                str(e["docs"]),
                str(e["docs_per_s"]),
                f"{e['chars_per_s']:,}",
                f"{e['tasks']} / {e.get('expected_tasks', '?')}",
                str(e["errors"]),
            )
        else:
            t.add_row(key, "", "", "", str(e.get("error") or e.get("unavailable"))[:60], "")
    f = raw.get("tokenizer_floor") or {}
    if _ok(f):
        t.add_row("jieba floor", str(f["docs"]), "", f"{f['chars_per_s']:,}", "", "")
    console.print(t)

    t = Table(title="answers, ms: p50 / p95 (answers)", title_justify="left")
    t.add_column("store")
    for q in QUERY_LABELS:
        t.add_column(q, justify="right")

    def cell(r: dict | None) -> str:
        if not r:
            return ""
        if "p50_ms" in r:
            return f"{r['p50_ms']} / {r['p95_ms']} ({r.get('answers', '?')})"
        if "timed_out_after_s" in r:
            return f"> {r['timed_out_after_s']} s"
        return str(r.get("error", ""))[:30]

    for n, r in (raw.get("answers") or {}).items():
        if _ok(r):
            t.add_row(f"oxigraph, {n} docs ({r['quads']:,} q)", *(cell(r.get(q)) for q in QUERY_LABELS))
    cmp = _ok(raw.get("compare"))
    rd = cmp and cmp.get("rdflib_memory")
    if cmp:
        t.add_row(f"oxigraph ({cmp['quads']:,} q)", *(cell(cmp["oxigraph"].get(q)) for q in QUERY_LABELS))
        t.add_row(f"rdflib Memory ({cmp['quads']:,} q)", *(cell(rd.get(q)) for q in QUERY_LABELS))
        t.add_row(
            "speed-up (p50)",
            *(
                ("≥ " if summary.get(f"{q}_speedup_is_lower_bound") else "")
                + (
                    f"{summary[f'{q}_speedup_vs_rdflib_memory']}×"
                    if summary.get(f"{q}_speedup_vs_rdflib_memory")
                    else ""
                )
                for q in QUERY_LABELS
            ),
        )
    console.print(t)

    ex = raw.get("export")
    if _ok(ex):
        t = Table(title=f"export of the comparison store ({ex['store_quads']:,} quads)", title_justify="left")
        for col in ("format", "seconds", "MB", "quads/s", "peak RSS MB"):
            t.add_column(col, justify="right")
        for fmt in EXPORT_FORMATS:
            r = ex.get(fmt, {})
            t.add_row(
                fmt,
                str(r.get("seconds", r.get("error", ""))),
                str(r.get("mb", "")),
                str(r.get("quads_per_s", "")),
                str(r.get("peak_rss_mb", "")),
            )
        console.print(t)

    t = Table(title="goals", title_justify="left")
    for col in ("figure", "target", "value", "met"):
        t.add_column(col)
    for key, g in summary["goals"].items():
        t.add_row(
            key, g["target"], str(g["value"]), {True: "yes", False: "NO", None: "not measured"}[g["met"]]
        )
    console.print(t)
    if rd:
        console.print(
            f"rdflib load: {rd['load_seconds']} s ({rd['load_quads_per_s']:,} quads/s), "
            f"peak RSS {rd['peak_rss_mb']} MB"
        )
    if _ok(raw.get("reingest")):
        r = raw["reingest"]
        console.print(
            f"re-ingest into {r['store_quads']:,} quads: {r['seconds_each']} s; "
            f"store unchanged after restoring: {r['unchanged_after_restoring']}"
        )


if __name__ == "__main__":
    sys.exit(main())
