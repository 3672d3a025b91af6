"""Loading documents into a store, one named graph per document.

:func:`load` writes one extraction.  :func:`build` is what ``query.py build``
runs over many files:

- worker processes extract each document and write its graph as N-Quads
  (:func:`prepare`), so the main process only writes;
- a build is all or nothing: when a document fails (and ``keep_going`` is off)
  nothing is written and the store stays as it was;
- a new store is bulk-loaded into a staging directory beside it, which is
  moved into place only when every document is in (Oxigraph's bulk loader is
  several times faster than transactions but not crash-safe, and nobody reads
  a staging directory); documents going into an existing store are spooled to
  a temporary file while extraction runs, then each replaces its graph in a
  transaction of its own.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.builder import build_nquads, graph_name
from graph.store import KnowledgeStore, StoreError, open_store
from ontology import ID
from sources.pipeline import extract_many
from sources.records import Extraction


@dataclass(frozen=True)
class Loaded:
    """What loading one document did."""

    document: str
    graph: str
    quads: int
    tasks: int
    entities: int


@dataclass(frozen=True)
class Prepared:
    """One document ready to be written: its graph as N-Quads text (cheap to
    send between processes) and its counts, or why it must not be written."""

    loaded: Loaded
    nquads: bytes
    problem: str | None = None


def prepare(extraction: Extraction, base: str = ID) -> Prepared:
    """The document's graph and what loading it will do."""
    data = build_nquads(extraction, base)
    loaded = Loaded(
        document=extraction.document.name,
        graph=graph_name(extraction, base),
        quads=data.count(b"\n"),
        tasks=len(extraction.tasks),
        entities=len({(m.canonical or m.text, m.type) for m in extraction.mentions}),
    )
    return Prepared(loaded, data)


def load(store: KnowledgeStore, extraction: Extraction, base: str = ID) -> Loaded:
    """Replace the document's named graph with what ``extraction`` says."""
    prepared = prepare(extraction, base)
    store.replace_document(prepared.loaded.graph, prepared.nquads)
    return prepared.loaded


# -- building many documents ----------------------------------------------------


class BuildFailed(Exception):
    """Some documents could not be used; nothing was written."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__(f"{len(failures)} document(s) failed; nothing was written")
        self.failures = failures


@dataclass(frozen=True)
class BuildOptions:
    processes: int = 1
    keep_going: bool = False  # write the good documents when some fail
    require_tasks: bool = False  # a document without tasks is a failure
    validate: bool = False  # each graph must conform to shapes.ttl
    base: str = ID


@dataclass
class BuildReport:
    loaded: list[Loaded] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path: why", with keep_going
    bulk: bool = False  # written by the bulk loader into a new store


# Quads per bulk-loader call when a new store is built (about 50 task lists).
BULK_BATCH_QUADS = 250_000

Track = Callable[[Iterable, int], Iterable]


def build(
    paths: list[str], location: str | Path | None, options: BuildOptions, track: Track | None = None
) -> BuildReport:
    """Extract ``paths`` and write them into the store at ``location`` (a
    path, ``":memory:"`` or a SPARQL endpoint URL).  Raises
    :class:`BuildFailed` when a document fails and ``keep_going`` is off."""
    work = functools.partial(_prepare_checked, options=options)
    stream: Iterable = extract_many(paths, processes=options.processes, then=work)
    if track:
        stream = track(stream, len(paths))
    writer = _StagedStore(Path(location)) if _is_new_store(location) else _Spool(location)
    report = BuildReport(bulk=isinstance(writer, _StagedStore))
    failures: list[str] = []
    try:
        for path, result in stream:
            if isinstance(result, Exception):
                failures.append(str(result))
            elif result.problem:
                failures.append(f"{path}: {result.problem}")
            elif not failures or options.keep_going:
                writer.add(result)
                report.loaded.append(result.loaded)
        if failures and not options.keep_going:
            raise BuildFailed(failures)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    report.skipped = failures
    return report


def _prepare_checked(extraction: Extraction, options: BuildOptions) -> Prepared:
    """:func:`prepare`, in a worker, with the checks a build makes."""
    problem = unusable(extraction, options.require_tasks)
    if problem:
        return Prepared(Loaded(extraction.document.name, "", 0, 0, 0), b"", problem)
    prepared = prepare(extraction, options.base)
    if options.validate:
        from graph.validation import validate_quads

        result = validate_quads(ox.parse(prepared.nquads, format=ox.RdfFormat.N_QUADS))
        if not result.conforms:
            problem = f"graph does not conform to shapes.ttl ({result.violations} violations)"
            return Prepared(prepared.loaded, b"", problem)
    return prepared


def unusable(extraction: Extraction, require_tasks: bool) -> str | None:
    """Why an extraction should not replace what the store holds, if it should not."""
    if extraction.tasks:
        return None
    if extraction.document.tables:
        return "found a table but no header naming its columns (牵头领导, 责任单位, 责任人 …); no tasks read"
    if require_tasks:
        return "no tasks found: not a task list (牵头/责任 markers or a task table)"
    if not extraction.mentions:
        return "no tasks or entities found: not a government task list or report"
    return None


def _is_new_store(location: str | Path | None) -> bool:
    if location is None or str(location) == ":memory:" or str(location).startswith(("http://", "https://")):
        return False
    path = Path(location)
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


class _StagedStore:
    """A new store, bulk-loaded in a directory beside its final place.

    Documents are loaded in batches of about :data:`BULK_BATCH_QUADS`: the bulk
    loader's cost per call is high enough that one call per document takes
    nearly twice the CPU (bench/README.md)."""

    def __init__(self, location: Path) -> None:
        self.location = location
        location.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_stages(location)
        self.stage = location.parent / f".{location.name}.building-{os.getpid()}"
        shutil.rmtree(self.stage, ignore_errors=True)
        self.store: KnowledgeStore | None = KnowledgeStore(self.stage)
        self.graphs: set[str] = set()
        self.batch: list[bytes] = []
        self.batch_quads = 0

    def add(self, prepared: Prepared) -> None:
        assert self.store is not None
        graph = prepared.loaded.graph
        if graph in self.graphs:  # the same file name twice: the later one wins
            self._load_batch()
            self.store.replace_document(graph, prepared.nquads)
            return
        self.graphs.add(graph)
        self.batch.append(prepared.nquads)
        self.batch_quads += prepared.loaded.quads
        if self.batch_quads >= BULK_BATCH_QUADS:
            self._load_batch()

    def _load_batch(self) -> None:
        if self.batch and self.store is not None:
            self.store.bulk_load(b"".join(self.batch))
        self.batch, self.batch_quads = [], 0

    def commit(self) -> None:
        assert self.store is not None
        self._load_batch()
        self.store.flush()
        self.store.close()
        self.store = None
        if self.location.is_dir():
            self.location.rmdir()  # empty: _is_new_store checked
        try:
            self.stage.rename(self.location)
        except OSError as exc:
            raise StoreError(f"cannot move the new store into {self.location}: {exc}") from exc

    def abort(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        shutil.rmtree(self.stage, ignore_errors=True)


def _remove_abandoned_stages(location: Path) -> None:
    """Staging directories of builds that were killed (their process is gone)."""
    for stage in location.parent.glob(f".{location.name}.building-*"):
        pid = stage.name.rpartition("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stage, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Spool:
    """Documents for an existing store, held in a temporary file until the
    build is known to succeed, then written one transaction each."""

    def __init__(self, location: str | Path | None) -> None:
        self.store = open_store(location)  # fails now, not after extracting everything
        self.file = tempfile.TemporaryFile(prefix="govkg-build-")  # noqa: SIM115  closed by commit/abort
        self.items: list[tuple[str, int]] = []  # (graph, length) in file order

    def add(self, prepared: Prepared) -> None:
        self.file.write(prepared.nquads)
        self.items.append((prepared.loaded.graph, len(prepared.nquads)))

    def commit(self) -> None:
        self.file.seek(0)
        for graph, data in self._read():
            self.store.replace_document(graph, data)
        self.store.flush()
        self.file.close()

    def _read(self) -> Iterator[tuple[str, bytes]]:
        for graph, length in self.items:
            yield graph, self.file.read(length)

    def abort(self) -> None:
        self.file.close()
