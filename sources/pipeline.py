"""The extraction pipeline: a registry of extractors run over one document.

Like spaCy's component registry, each extractor is a named function with one
job (task tables, tasks written in prose, narrative entities …) registered
with :func:`extractor`; :func:`extract` runs them in order and merges what
they find into one :class:`~sources.records.Extraction`.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from sources.errors import SourceError
from sources.readers import read_document
from sources.records import Document, Extraction

Extractor = Callable[[Document], Extraction]
Linker = Callable[[Extraction], Extraction]

T = TypeVar("T")

# Documents queued or being extracted per worker process (see extract_many).
IN_FLIGHT_PER_PROCESS = 8

_EXTRACTORS: dict[str, tuple[int, Extractor]] = {}
_LINKERS: dict[str, tuple[int, Linker]] = {}


def extractor(name: str, order: int = 100) -> Callable[[Extractor], Extractor]:
    """Register an extractor under ``name``; lower ``order`` runs first."""

    def decorate(func: Extractor) -> Extractor:
        _EXTRACTORS[name] = (order, func)
        return func

    return decorate


def linker(name: str, order: int = 100) -> Callable[[Linker], Linker]:
    """Register a linker: it runs after every extractor, sees all they found
    (tasks and mentions together) and returns what it adds, e.g. the areas,
    projects and quotas that a task's target names."""

    def decorate(func: Linker) -> Linker:
        _LINKERS[name] = (order, func)
        return func

    return decorate


def registered() -> list[str]:
    _load_builtin_extractors()
    return [name for name, _ in sorted(_EXTRACTORS.items(), key=lambda kv: (kv[1][0], kv[0]))]


def extract(document: Document, only: Iterable[str] | None = None) -> Extraction:
    """Run the registered extractors (or ``only`` those named) over ``document``."""
    from sources.metadata import describe

    document = describe(document)
    wanted = set(only) if only is not None else None
    merged = Extraction(document=document)
    for name in registered():
        if wanted is not None and name not in wanted:
            continue
        merged = _merge(merged, _EXTRACTORS[name][1](document))
    for name, (_, link) in sorted(_LINKERS.items(), key=lambda kv: (kv[1][0], kv[0])):
        if wanted is None or name in wanted:
            merged = _merge(merged, link(merged))
    return merged


def extract_path(path: str | Path, only: Iterable[str] | None = None) -> Extraction:
    return extract(read_document(path), only)


def extract_many(
    paths: Iterable[str | Path], processes: int = 1, then: Callable[[Extraction], T] | None = None
) -> Iterator[tuple[str, Extraction | T | SourceError]]:
    """Extract each path, in order, yielding the extraction (or what ``then``
    makes of it, in the same process) or the error that made the document
    unusable.

    With ``processes`` > 1 whole documents are spread over worker processes
    (TOOLCHAIN.md: spaCy's own n_process is slower).  At most
    :data:`IN_FLIGHT_PER_PROCESS` documents per process are in the pool at
    once, so a consumer slower than the workers (a store being written) holds
    a bounded number of results instead of the whole corpus."""
    paths = [str(p) for p in paths]
    work = functools.partial(_extract_or_error, then=then)
    if processes <= 1 or len(paths) < 2:
        yield from map(work, paths)
        return
    import multiprocessing

    window = threading.Semaphore(processes * IN_FLIGHT_PER_PROCESS)
    stopped = False

    def feed() -> Iterator[str]:
        # Runs in the pool's task-feeding thread: it waits here while the
        # window is full.
        for path in paths:
            window.acquire()
            if stopped:
                return
            yield path

    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        for result in pool.imap(work, feed()):
            window.release()
            yield result
    finally:
        # Let the feeding thread finish first: the pool waits for it when it
        # terminates, and it may be waiting for the window.
        stopped = True
        for _ in range(processes * IN_FLIGHT_PER_PROCESS + 1):
            window.release()
        pool.terminate()
        pool.join()


def _extract_or_error(
    path: str, then: Callable[[Extraction], T] | None = None
) -> tuple[str, Extraction | T | SourceError]:
    try:
        extraction = extract_path(path)
    except SourceError as exc:
        return path, exc
    return path, then(extraction) if then else extraction


def _merge(into: Extraction, found: Extraction) -> Extraction:
    fields = {
        f.name: getattr(into, f.name) + getattr(found, f.name)
        for f in dataclasses.fields(Extraction)
        if f.name != "document"
    }
    return Extraction(document=into.document, **fields)


def _load_builtin_extractors() -> None:
    """Import the modules that register extractors (late: they pull in spaCy)."""
    import importlib

    for module in _BUILTIN:
        importlib.import_module(module)


# Modules whose import registers an extractor; a new extractor adds its module here.
_BUILTIN: list[str] = ["sources.tasklist", "sources.prose_tasks", "sources.narrative"]
