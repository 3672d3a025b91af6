"""The benchmark's measurements, each run in a fresh process.

``python bench/phases.py PHASE JSON_PARAMS`` runs one phase and prints its
result as the last line (``RESULT {...}``).  A fresh process per phase keeps
peak memory per phase honest (an rdflib graph loaded for one comparison does
not inflate the next build's figure) and lets a phase fail on its own: while a
part of the pipeline is still being written, the others are still measured.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.measure import PeakRss, disk_usage_mb, repeat, summary  # noqa: E402

# Bounds that keep the full run within an hour and a half on 2 cores: a slow
# query gets fewer samples (at least 3), an rdflib query past the cap becomes
# a lower bound.
MAX_QUERY_BUDGET_S = 30.0
MAX_RDFLIB_BUDGET_S = 60.0
MAX_RDFLIB_CAP_S = 240.0
SLOW_QUERY_S = 10.0  # a query this slow is timed twice, not 20 times

# ----------------------------------------------------------------- helpers


def extractor_status() -> str | None:
    """None when the extraction pipeline runs end to end, else why not."""
    try:
        from sources.pipeline import _BUILTIN

        for module in [*_BUILTIN, "sources.metadata"]:
            importlib.import_module(module)
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"
    return None


def narrative_status() -> str | None:
    if not (ROOT / "sources" / "narrative").is_dir():
        return "sources/narrative/ does not exist yet"
    from sources.pipeline import _BUILTIN

    if not any("narrative" in m for m in _BUILTIN):
        return "sources/narrative/ exists but registers no extractor in sources.pipeline._BUILTIN yet"
    return extractor_status()


def _chars(paths: list[str]) -> int:
    return sum(len(Path(p).read_text(encoding="utf-8")) for p in paths)


def _warm_up(path: str) -> None:
    """Import the extractors and their vocabularies before the clock starts
    (spaCy and jieba load once per process; workers are forked after this)."""
    from sources.pipeline import extract_path

    extract_path(path)


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ phases


def phase_floor(p: dict) -> dict:
    """The tokenizer floor: jieba segmentation of the same texts, one process."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [Path(x).read_text(encoding="utf-8") for x in p["paths"]]
    chars = sum(map(len, texts))
    t = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    took = time.perf_counter() - t
    return {
        "segmenter": "jieba.lcut (HMM on, default dictionary)",
        "docs": len(texts),
        "chars": chars,
        "tokens": tokens,
        "seconds": round(took, 3),
        "chars_per_s": round(chars / took),
    }


def phase_extract(p: dict) -> dict:
    """Extraction alone: extract_many over the paths with N processes."""
    reason = narrative_status() if p.get("narrative") else extractor_status()
    if reason:
        return {"unavailable": reason}
    from sources.pipeline import extract_many

    paths = p["paths"]
    chars = _chars(paths)
    _warm_up(paths[0])
    tasks = errors = assignments = mentions = 0
    with PeakRss() as rss:
        t = time.perf_counter()
        for _, result in extract_many(paths, processes=p["processes"]):
            if isinstance(result, Exception):
                errors += 1
                continue
            tasks += len(result.tasks)
            assignments += sum(len(task.assignments) for task in result.tasks)
            mentions += len(result.mentions)
        took = time.perf_counter() - t
    out = {
        "docs": len(paths),
        "processes": p["processes"],
        "chars": chars,
        "seconds": round(took, 3),
        "docs_per_s": round(len(paths) / took, 2),
        "chars_per_s": round(chars / took),
        "tasks": tasks,
        "assignments": assignments,
        "mentions": mentions,
        "errors": errors,
        "peak_rss_mb": rss.peak_mb,
    }
    if p.get("expected_tasks") is not None:
        out["expected_tasks"] = p["expected_tasks"]
        out["expected_assignments"] = p["expected_assignments"]
    return out


def phase_build(p: dict) -> dict:
    """``query.py build`` as the library runs it (:func:`graph.ingest.build`):
    extraction and graph writing in N worker processes, the store written
    from this one (bulk-loaded, since the store is new)."""
    reason = extractor_status()
    if reason:
        return {"unavailable": reason}
    from graph.ingest import BuildOptions, build
    from graph.store import KnowledgeStore

    store_dir = Path(p["store"])
    shutil.rmtree(store_dir, ignore_errors=True)
    paths = p["paths"]
    _warm_up(paths[0])
    chars = _chars(paths)
    with PeakRss() as rss:
        t = time.perf_counter()
        report = build(paths, store_dir, BuildOptions(processes=p["processes"], keep_going=True))
        took = time.perf_counter() - t
    store = KnowledgeStore(store_dir)
    quads = sum(x.quads for x in report.loaded)
    written = len(report.loaded)
    return {
        "docs": len(paths),
        "processes": p["processes"],
        "bulk_loaded": report.bulk,
        "chars": chars,
        "seconds": round(took, 2),
        "docs_per_s": round(len(paths) / took, 2),
        "chars_per_s": round(chars / took),
        "tasks": sum(x.tasks for x in report.loaded),
        "errors": len(report.skipped),
        "quads": quads,
        "quads_per_s": round(quads / took),
        "store_quads": len(store),
        "quads_per_doc": round(quads / max(1, written)),
        "store_mb_on_disk": disk_usage_mb(store_dir),
        "peak_rss_mb": rss.peak_mb,
    }


def phase_answers(p: dict) -> dict:
    """The three questions on one store (Oxigraph alone), as the CLI asks them."""
    from graph.store import KnowledgeStore

    store = KnowledgeStore(p["store"])
    out: dict[str, object] = {"quads": len(store)}
    for label, run in _answer_runners(store, p["inputs"]).items():
        out[label] = _timed(run, p["reps"], MAX_QUERY_BUDGET_S)
    return out


def _timed(run: object, reps: int, budget: float, cap: float | None = None) -> dict:
    """The answer count and p50/p95 over up to ``reps`` runs within ``budget``
    seconds (a slow question is run twice).  With ``cap``, a first run that
    takes longer is interrupted (:class:`_Timeout`): rdflib's engine is pure
    Python, so the alarm can stop it."""
    t = time.perf_counter()
    with _alarm(cap) if cap else contextlib.nullcontext():
        answers = len(run())  # type: ignore[operator]
    first = time.perf_counter() - t
    more = 1 if first > SLOW_QUERY_S else reps - 1
    samples = [first, *repeat(run, more, max(0.0, budget - first), min_reps=1)]
    return {"answers": answers, **summary(samples)}


def phase_export(p: dict) -> dict:
    """Time to write the whole store in each RDF format."""
    from graph.store import KnowledgeStore

    store = KnowledgeStore(p["store"])
    out: dict[str, object] = {"store_quads": len(store)}
    target = Path(p["dir"])
    target.mkdir(parents=True, exist_ok=True)
    for fmt in p["formats"]:
        path = target / f"export.{fmt}"
        with PeakRss() as rss:
            t = time.perf_counter()
            try:
                with path.open("wb") as handle:
                    store.export(fmt, handle)
                took = time.perf_counter() - t
                out[fmt] = {
                    "seconds": round(took, 2),
                    "mb": round(path.stat().st_size / 2**20, 1),
                    "quads_per_s": round(len(store) / took),
                }
            except Exception as exc:
                out[fmt] = {"error": f"{exc.__class__.__name__}: {exc}"}
        out[fmt]["peak_rss_mb"] = rss.peak_mb  # type: ignore[index]
        path.unlink(missing_ok=True)
    return out


def phase_reingest(p: dict) -> dict:
    """Replace one changed document in the largest store as ``query.py build``
    does (extract, spool, replace its named graph in one transaction), then
    restore it; nothing else may change."""
    from graph.ingest import BuildOptions, build
    from graph.store import KnowledgeStore

    original = Path(p["path"])
    changed_dir = Path(p["dir"])
    changed_dir.mkdir(parents=True, exist_ok=True)
    changed = changed_dir / original.name
    text = original.read_text(encoding="utf-8")
    # Another lead leader for the first task: a one-name edit of the document.
    changed.write_text(text.replace(p["leader"], p["new_leader"], 1), encoding="utf-8")
    _warm_up(str(original))
    store = KnowledgeStore(p["store"])
    before = len(store)
    store.close()
    samples, counts = [], []
    for _ in range(p.get("rounds", 2)):
        for version in (changed, original):
            t = time.perf_counter()
            build([str(version)], p["store"], BuildOptions(processes=1))
            samples.append(time.perf_counter() - t)
            store = KnowledgeStore(p["store"])
            counts.append(len(store))
            store.close()
    return {
        "store_quads": before,
        "document": original.name,
        "seconds_each": [round(s, 3) for s in samples],
        "median_seconds": round(sorted(samples)[len(samples) // 2], 3),
        "max_seconds": round(max(samples), 3),
        "store_quads_after_each": counts,
        "unchanged_after_restoring": counts[-1] == before,
    }


class RdflibStore:
    """rdflib's in-memory Dataset behind the two methods graph.answers uses
    (``named``, ``select``), values converted as KnowledgeStore converts them:
    the CLI's own answer code runs unchanged on either engine."""

    def __init__(self, dataset: object) -> None:
        self.dataset = dataset

    def select(self, query: str, /, **bindings: object) -> list[dict]:
        from rdflib.term import BNode, Literal, URIRef, Variable

        from graph.store import IRI, LangString
        from ontology import PREFIXES

        def term(value: object) -> object:
            if isinstance(value, IRI):
                return URIRef(value.value)
            if isinstance(value, LangString):
                return Literal(value.value, lang=value.language)
            return Literal(value)

        def plain(value: object) -> object:
            if value is None:
                return None
            if isinstance(value, URIRef):
                return str(value)
            if isinstance(value, BNode):
                return f"_:{value}"
            if isinstance(value, Literal):
                python = value.toPython()
                return python if isinstance(python, bool | int | float) else str(value)
            return str(value)

        init = {Variable(k): term(v) for k, v in bindings.items()}
        result = self.dataset.query(query, initNs=PREFIXES, initBindings=init)
        names = [str(v) for v in result.vars]
        return [{n: plain(row[n]) for n in names} for row in result]

    def named(self, query_name: str, /, **bindings: object) -> list[dict]:
        from graph.queries import named_query

        return self.select(named_query(query_name), **bindings)


def _answer_runners(store: object, inputs: dict) -> dict:
    from graph.answers import tasks_of, who_leads

    return {
        "who_leads": lambda: who_leads(store, inputs["text"]),
        "leads": lambda: tasks_of(store, inputs["name"]),
        "tasks_per_leader": lambda: store.named("tasks_per_leader"),
    }


def phase_compare(p: dict) -> dict:
    """The CLI's questions — who-leads and leads as graph.answers asks them
    (the named queries it runs, bound as it binds them) and tasks-per-leader —
    on the embedded store and on the same quads in rdflib.Dataset(default_union=True)."""
    import pyoxigraph as ox
    import rdflib

    from graph.store import KnowledgeStore

    store = KnowledgeStore(p["store"])
    out: dict[str, object] = {"quads": len(store)}
    out["oxigraph"] = {
        label: _timed(run, p["reps"], MAX_QUERY_BUDGET_S)
        for label, run in _answer_runners(store, p["inputs"]).items()
    }
    buffer = io.BytesIO()
    store._store.dump(buffer, ox.RdfFormat.N_QUADS)
    data = buffer.getvalue()
    del buffer, store
    rdf: dict[str, object] = {}
    with PeakRss() as rss:
        t = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(data=data, format="nquads")
        load_s = time.perf_counter() - t
        del data
        cap = min(p.get("cap_s", MAX_RDFLIB_CAP_S), MAX_RDFLIB_CAP_S)
        for label, run in _answer_runners(RdflibStore(ds), p["inputs"]).items():
            try:
                rdf[label] = _timed(run, p["reps"], MAX_RDFLIB_BUDGET_S, cap)
            except _Timeout:
                rdf[label] = {"timed_out_after_s": cap, "lower_bound_ms": cap * 1000}
    out["rdflib_memory"] = {
        **rdf,
        "load_seconds": round(load_s, 2),
        "load_quads_per_s": round(out["quads"] / load_s),  # type: ignore[operator]
        "peak_rss_mb": rss.peak_mb,
    }
    return out


PHASES = {
    "floor": phase_floor,
    "extract": phase_extract,
    "build": phase_build,
    "answers": phase_answers,
    "export": phase_export,
    "compare": phase_compare,
    "reingest": phase_reingest,
}


def main() -> int:
    name, params = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    if params.get("paths_file"):
        params["paths"] = [p for p in Path(params["paths_file"]).read_text(encoding="utf-8").split("\n") if p]
    os.chdir(ROOT)
    load_before = os.getloadavg()
    result = PHASES[name](params)
    # Also kept beside the data: a run stopped half-way still leaves its figures.
    near = params.get("store") or params.get("dir") or params.get("paths_file") or "."
    log = Path(params.get("log") or Path(near).parent / "phases.jsonl")
    with contextlib.suppress(OSError), log.open("a", encoding="utf-8") as handle:
        record = {
            "phase": name,
            "params": {k: v for k, v in params.items() if k != "paths"},
            "result": result,
        }
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    # Other work on the machine skews timings: say how busy it was.
    result["loadavg_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
