#!/usr/bin/env python3
"""GovKG command line: build a knowledge graph of who is responsible for what
from Chinese local-government documents, and ask it questions.

    python query.py --store kg build docs/*.txt
    python query.py --store kg who-leads GDP
    python query.py --store kg leads 区财政局 --format json

Errors are one line on stderr with a non-zero exit code; ``--debug`` shows
the traceback instead.  This module only parses arguments and prints: the work
is done by ``sources/``, ``graph/`` and ``visualize/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

EXIT_ERROR = 1
EXIT_USAGE = 2
DEFAULT_STORE = os.environ.get("GOVKG_STORE", "kg")
T = TypeVar("T")


class CliError(Exception):
    """A user-facing failure: the message is printed as one line."""


# -- output ---------------------------------------------------------------------


def emit(rows: Sequence[dict[str, object]], fmt: str, title: str | None = None) -> None:
    """Print rows as a readable table, JSON or CSV."""
    if fmt == "json":
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200, highlight=False)
    if not rows:
        console.print("(no results)")
        return
    table = Table(title=title, show_lines=False, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r[c]) for c in columns))
    console.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    return str(value)


def progress(items: Iterable[T], total: int, label: str = "building") -> Iterator[T]:
    """Iterate with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


# -- commands -------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from graph.ingest import BuildFailed, BuildOptions, build

    options = BuildOptions(
        processes=args.processes,
        keep_going=args.keep_going,
        require_tasks=args.require_tasks,
        validate=args.validate,
    )
    try:
        report = build(args.paths, args.store, options, track=progress)
    except BuildFailed as failed:
        for line in failed.failures:
            print(f"error: {line}", file=sys.stderr)
        print("error: nothing was written; the store is unchanged", file=sys.stderr)
        return EXIT_ERROR
    rows = [
        {"document": x.document, "tasks": x.tasks, "entities": x.entities, "quads": x.quads}
        for x in report.loaded
    ]
    emit(rows, args.format, title=f"built {len(rows)} document(s) into {args.store}")
    for line in report.skipped:
        print(f"warning: skipped {line}", file=sys.stderr)
    return EXIT_ERROR if report.skipped else 0


def cmd_who_leads(args: argparse.Namespace) -> int:
    from graph.answers import who_leads

    answers = who_leads(open_store(args, must_exist=True), args.task)
    if args.format == "table":
        for a in answers:
            print(_who_leads_line(a))
        if not answers:
            print(f"no task matches {args.task!r}")
        return 0 if answers else EXIT_ERROR
    emit([a.as_dict() for a in answers], args.format)
    return 0 if answers else EXIT_ERROR


def _who_leads_line(a) -> str:
    parts = [f"{a.parent} › {a.title}" if a.parent else a.title]
    if a.lead_leaders:
        parts.append("牵头领导 " + "、".join(a.lead_leaders))
    if a.lead_units:
        parts.append("牵头单位 " + "、".join(a.lead_units))
    if a.units:
        parts.append("责任单位 " + "、".join(a.units))
    if a.persons:
        parts.append("责任人 " + "、".join(a.persons))
    if a.liaisons:
        parts.append("联络人 " + "、".join(a.liaisons))
    rows = ",".join(str(r) for r in sorted(a.rows))
    parts.append(f"{a.document} [{a.key}]" + (f" row {rows}" if rows else ""))
    return " · ".join(parts)


def cmd_leads(args: argparse.Namespace) -> int:
    from graph.answers import contents_of, tasks_of

    store = open_store(args, must_exist=True)
    items = tasks_of(store, args.name)
    places = contents_of(store, args.name)
    if not items and not places:
        print(f"no person, unit, collective or area named {args.name!r} in the store", file=sys.stderr)
        return EXIT_ERROR
    if args.format != "table":
        rows = [i.as_dict() for i in items] + [{"agent": args.name, **p.as_dict()} for p in places]
        emit(rows, args.format)
        return 0
    if items:
        rows = [i.as_dict() for i in items]
        for r in rows:
            del r["agent"], r["type"]
        emit(rows, "table", title=f"{items[0].agent} ({items[0].agent_type}): {len(items)} task(s)")
    if places:
        emit([p.as_dict() for p in places], "table", title=f"in {args.name}: {len(places)}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from graph.answers import tasks_of
    from graph.questions import UNDERSTOOD, parse

    question = parse(args.question)
    if question is None:
        raise CliError(f"cannot tell what is asked; questions understood: {UNDERSTOOD}")
    if question.intent in ("who_leads", "liaison"):
        args.task = question.subject
        if question.intent == "liaison" and args.format == "table":
            from graph.answers import who_leads

            answers = who_leads(open_store(args, must_exist=True), question.subject)
            for a in answers:
                print(f"{a.title} · 联络人 {'、'.join(a.liaisons) or '（未列）'} · {a.document} [{a.key}]")
            return 0 if answers else EXIT_ERROR
        return cmd_who_leads(args)
    items = tasks_of(open_store(args, must_exist=True), question.subject, lead_only=question.lead_only)
    if question.intent == "count":
        emit([{"agent": question.subject, "tasks": len(items)}], args.format)
        return 0 if items else EXIT_ERROR
    if not items:
        print(f"no task found for {question.subject!r}", file=sys.stderr)
        return EXIT_ERROR
    emit([i.as_dict() for i in items], args.format)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the store over the SPARQL 1.1 Protocol with Oxigraph's own server."""
    import shutil

    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        raise CliError("the oxigraph server is not installed (pip install oxigraph)")
    open_store(args, must_exist=True)  # a clear message if there is nothing to serve
    command = [binary, "serve", "--location", args.store, "--bind", args.bind, "--union-default-graph"]
    print(f"serving {args.store} at http://{args.bind}/query (SPARQL), /update, /store (Graph Store)")
    return subprocess.call(command)


def cmd_sparql(args: argparse.Namespace) -> int:
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{args.file}: cannot read ({exc.strerror})") from exc
    elif args.query:
        text = args.query
    else:
        raise CliError("give a query or -f FILE")
    emit(open_store(args, must_exist=True).select(text), args.format)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph.store import FORMATS
    from graph.views import EXPORT_FORMATS

    store = open_store(args, must_exist=True)
    if args.rdf_format in EXPORT_FORMATS:
        return _export_view(args, store)
    if args.rdf_format not in FORMATS:
        choices = ", ".join([*sorted(FORMATS), *EXPORT_FORMATS])
        raise CliError(f"unknown format {args.rdf_format!r}; choose from {choices}")
    out = Path(args.output) if args.output else None
    if out is None:
        store.export(args.rdf_format, sys.stdout.buffer)
        return 0
    _write_atomically(out, lambda handle: store.export(args.rdf_format, handle))
    print(f"wrote {out} ({args.rdf_format}, {len(store)} quads)", file=sys.stderr)
    return 0


def _export_view(args: argparse.Namespace, store) -> int:
    """GraphML / GEXF / CSV of one networkx view (for Gephi and spreadsheets)."""
    from graph.views import view, write_view

    graph = view(store, args.view)
    if not args.output:
        write_view(graph, args.rdf_format, sys.stdout.buffer)
        return 0
    out = Path(args.output)
    _write_atomically(out, lambda handle: write_view(graph, args.rdf_format, handle))
    print(
        f"wrote {out} ({args.rdf_format}, {args.view} view: "
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)",
        file=sys.stderr,
    )
    return 0


def _write_atomically(out: Path, write: Callable[[object], None]) -> None:
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            write(handle)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"{out}: cannot write ({exc.strerror})") from exc


def cmd_viz(args: argparse.Namespace) -> int:
    from graph.views import Filters, view
    from visualize.network import PageOptions, default_title, write_page

    filters = Filters(leader=args.leader, unit=args.unit, group=args.group, doc=args.doc)
    graph = view(open_store(args, must_exist=True), args.view, filters)
    options = PageOptions(title=args.title or default_title(graph), physics=args.physics)
    if args.max_nodes is not None:
        options = replace(options, max_nodes=args.max_nodes)
    info = write_page(graph, args.output, options)
    if args.format == "json":
        emit(
            [
                {
                    "page": str(info.path),
                    "view": info.view,
                    "nodes": info.nodes,
                    "edges": info.edges,
                    "bytes": info.bytes,
                    "notes": info.notes,
                }
            ],
            "json",
        )
    print(
        f"wrote {info.path} ({info.view} view: {info.nodes} nodes, {info.edges} edges, "
        f"{info.bytes / 1e6:.1f} MB, offline)",
        file=sys.stderr,
    )
    for note in info.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from graph.analytics import report
    from graph.views import responsibility_network

    store = open_store(args, must_exist=True)
    rows = [{"class": r["class"], "count": r["count"]} for r in store.named("class_counts")]
    rows.insert(0, {"class": "documents", "count": len(store.documents())})
    rows.insert(1, {"class": "quads", "count": len(store)})
    if args.format == "csv":
        emit(rows, "csv")
        return 0
    analytics = report(responsibility_network(store), top=args.top)
    if args.format == "json":
        json.dump(
            {"store": rows, **analytics.tables(), "notes": analytics.notes},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    emit(rows, "table", title="store")
    titles = {
        "leaders": "牵头领导 by tasks",
        "units": "责任单位 by tasks (units and collectives)",
        "persons": "责任人 / 联络人 by tasks",
        "centrality": "brokers: betweenness in the network of agents sharing tasks",
        "communities": "communities: agents that work together (Louvain, fixed seed)",
    }
    for name, table in analytics.tables().items():
        if table:
            emit(table, "table", title=titles[name])
    for note in analytics.notes:
        print(f"note: {note}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from graph.validation import validate_quads

    store = open_store(args, must_exist=True)
    rows, failed = [], 0
    for graph in store.documents():
        result = validate_quads(store.quads(graph))
        failed += not result.conforms
        rows.append({"graph": graph, "conforms": result.conforms, "violations": result.violations})
        if not result.conforms and args.verbose:
            print(result.report, file=sys.stderr)
    emit(rows, args.format)
    return EXIT_ERROR if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from evaluation.report import evaluate_dir

    report = evaluate_dir(Path(args.gold_dir), Path(args.docs) if args.docs else None)
    emit(report.rows(), args.format, title=f"evaluation against {args.gold_dir}")
    return 0


# -- plumbing -------------------------------------------------------------------


def open_store(args: argparse.Namespace, must_exist: bool = False):
    from graph.store import open_store as open_

    location = args.store
    remote = location.startswith(("http://", "https://"))
    if must_exist and not remote and location != ":memory:" and not Path(location).is_dir():
        raise CliError(f"no store at {location}: run `query.py --store {location} build FILES…` first")
    return open_(location)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="query.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--store", default=DEFAULT_STORE, help="store directory (default: kg, or $GOVKG_STORE)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_, description=help_)
        c.set_defaults(func=func)
        c.add_argument("--format", default="table", choices=["table", "json", "csv"], help="output format")
        return c

    c = command("build", cmd_build, "extract documents and load them, one named graph each")
    c.add_argument("paths", nargs="+", metavar="FILE")
    c.add_argument("--keep-going", action="store_true", help="load the good documents when some fail")
    c.add_argument("--require-tasks", action="store_true", help="fail on documents without tasks")
    c.add_argument("--validate", action="store_true", help="check each graph against shapes.ttl first")
    c.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="extract in this many processes (default: one per core)",
    )

    command(
        "who-leads", cmd_who_leads, "who is responsible for tasks whose title contains TASK"
    ).add_argument("task")
    command("leads", cmd_leads, "the tasks a person, unit or collective has a role in").add_argument("name")

    command("ask", cmd_ask, "answer an everyday question in Chinese (谁牵头GDP？)").add_argument("question")
    c = sub.add_parser("serve", help="serve the store as a SPARQL endpoint (Oxigraph server)")
    c.set_defaults(func=cmd_serve)
    c.add_argument("--bind", default="127.0.0.1:7878", help="host:port (default 127.0.0.1:7878)")

    c = command("sparql", cmd_sparql, "run a SPARQL query over all documents")
    c.add_argument("query", nargs="?")
    c.add_argument("-f", "--file", help="read the query from FILE")

    c = sub.add_parser("export", help="write the graph as RDF, or a network view for Gephi / Excel")
    c.set_defaults(func=cmd_export)
    c.add_argument(
        "--format",
        dest="rdf_format",
        default="turtle",
        help="turtle|ntriples|nquads|trig|jsonld|xml (RDF), or graphml|gexf|csv (a network view)",
    )
    c.add_argument("-o", "--output", help="file to write (default: standard output)")
    c.add_argument(
        "--view",
        default="responsibility",
        choices=["responsibility", "units", "leaders"],
        help="for graphml|gexf|csv: tasks and agents, units linked by shared tasks, or leader → unit",
    )

    c = command("viz", cmd_viz, "draw the responsibility network as one offline HTML page")
    c.add_argument("-o", "--output", default="out/network.html", help="page to write")
    c.add_argument("--view", default="responsibility", choices=["responsibility", "units"])
    c.add_argument("--leader", help="only the tasks this lead leader leads")
    c.add_argument("--unit", help="only the tasks this unit leads or is responsible for")
    c.add_argument("--group", help="only tasks of this group (重点工作, 重点项目, 重点任务 …)")
    c.add_argument("--doc", help="only tasks of this document (file name)")
    c.add_argument("--physics", action="store_true", help="let the browser refine the layout (slow)")
    c.add_argument(
        "--max-nodes",
        type=int,
        help="above this many nodes, tasks are folded into leader → agent edges (0: no limit)",
    )
    c.add_argument("--title", help="page title (default: the view and its documents)")

    c = command("stats", cmd_stats, "counts, workloads, centralities and communities")
    c.add_argument("--top", type=int, default=10, help="rows per table (default 10)")
    c = command("validate", cmd_validate, "check every document's graph against ontology/shapes.ttl")
    c.add_argument("-v", "--verbose", action="store_true", help="print the SHACL report of failures")

    c = command("eval", cmd_eval, "precision, recall and F1 against gold annotations")
    c.add_argument("gold_dir", metavar="GOLD_DIR")
    c.add_argument("--docs", help="folder of the documents (default: found beside GOLD_DIR)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"error: {_reason(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _reason(exc: Exception) -> str:
    """One line for the user; known errors speak for themselves."""
    from graph.store import StoreError
    from graph.views import ViewError
    from sources.errors import SourceError
    from visualize.network import PageError

    text = (str(exc).strip() or exc.__class__.__name__).splitlines()[0]
    if isinstance(exc, CliError | StoreError | SourceError | ViewError | PageError):
        return text
    return f"{exc.__class__.__name__}: {text} (run with --debug for details)"


if __name__ == "__main__":
    sys.exit(main())
