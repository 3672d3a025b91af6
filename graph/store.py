"""The store: an embedded Oxigraph database (on disk, or in memory for tests).

Each document's facts live in one named graph (the document's IRI).
Re-building a document replaces exactly that graph, in one transaction, so a
reader never sees half a document and a build that dies half-way leaves the
previous graph in place.  Queries run over the union of all graphs.

User input never becomes SPARQL text: :meth:`KnowledgeStore.select` binds
values through Oxigraph's substitutions (SEP-0007), so a name such as
``"} ; DROP ALL #`` is searched for, never executed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from graph.ntriples import graph_triples
from graph.queries import named_query
from ontology import PREFIXES

Value = str | int | float | bool | None


class StoreError(Exception):
    """The store could not be opened, read or written; the message is one line."""


@dataclass(frozen=True)
class IRI:
    """Marks a binding as an IRI rather than a string literal."""

    value: str


@dataclass(frozen=True)
class LangString:
    """Marks a binding as a language-tagged literal ("区发改局"@zh): labels
    are stored that way, so a bound label is found through the index."""

    value: str
    language: str = "zh"


# Export formats by the names the CLI accepts.
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_LINE_FORMATS = {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS}
_INTEGER_TYPES = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#int",
    "http://www.w3.org/2001/XMLSchema#long",
    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
}
_FLOAT_TYPES = {
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#float",
}


class KnowledgeStore:
    """A GovKG dataset: one named graph per document."""

    def __init__(self, location: str | Path | None = None) -> None:
        self.location = Path(location) if location is not None else None
        try:
            if self.location is None:
                self._store = ox.Store()
            else:
                if self.location.exists() and not self.location.is_dir():
                    raise StoreError(f"{self.location}: exists and is not a store directory")
                self._store = ox.Store(str(self.location))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.location}: {_first_line(exc)}") from exc

    # -- writing -------------------------------------------------------------

    def replace_document(self, graph: str, quads: Iterable[ox.Quad] | bytes) -> int:
        """Replace the named graph ``graph`` with ``quads`` (pyoxigraph quads,
        or N-Quads text all in that graph) atomically; returns the number of
        statements written."""
        target = ox.NamedNode(graph)
        try:
            data = graph_triples(graph, quads)
            if not self._store.contains_named_graph(target):
                # A new graph: one transactional load of the N-Triples into the
                # graph, about twice as fast as the same data as a SPARQL update.
                self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            else:
                # One SPARQL update is one transaction: the old graph is dropped
                # and the new one inserted together, or neither happens.  The
                # data is N-Triples, terms escaped by their serialiser.
                self._store.update(
                    f"DROP SILENT GRAPH {target} ;\n"
                    f"INSERT DATA {{ GRAPH {target} {{\n{data.decode('utf-8')}}} }}"
                )
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph {graph}: {_first_line(exc)}") from exc
        return data.count(b"\n")

    def bulk_load(self, nquads: bytes) -> int:
        """Add N-Quads through Oxigraph's bulk loader, several times faster
        than :meth:`replace_document` but not transactional: a crash can leave
        part of the data.  Only for a store that nobody reads yet and that is
        thrown away if the build fails (:mod:`graph.ingest` builds a new store
        that way, then moves it into place)."""
        try:
            self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load into {self.location}: {_first_line(exc)}") from exc
        return nquads.count(b"\n")

    def remove_document(self, graph: str) -> None:
        self._store.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def flush(self) -> None:
        if self.location is not None:
            self._store.flush()

    def close(self) -> None:
        """Release the database (and its lock); the object is unusable after."""
        del self._store

    def optimize(self) -> None:
        if self.location is not None:
            self._store.optimize()

    # -- reading -------------------------------------------------------------

    def documents(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def select(self, query: str, /, **bindings: str | int | IRI | LangString) -> list[dict[str, Value]]:
        """Run a SELECT query over the union of all graphs with ``bindings``
        substituted for the variables of the same name (which the query must
        project: Oxigraph follows SEP-0007 there)."""
        substitutions = {ox.Variable(name): to_term(value) for name, value in bindings.items()}
        try:
            result = self._store.query(
                query,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions,
            )
        except SyntaxError as exc:
            raise StoreError(f"invalid SPARQL: {_first_line(exc)}") from exc
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"query failed: {_first_line(exc)}") from exc
        if isinstance(result, ox.QueryBoolean):
            return [{"result": bool(result)}]
        if isinstance(result, ox.QueryTriples):
            return [
                {
                    "subject": to_value(t.subject),
                    "predicate": to_value(t.predicate),
                    "object": to_value(t.object),
                }
                for t in result
            ]
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(to_value, row), strict=True)) for row in result]

    def named(self, query_name: str, /, **bindings: str | int | IRI | LangString) -> list[dict[str, Value]]:
        """Run the named query ``graph/queries/<query_name>.rq``."""
        return self.select(named_query(query_name), **bindings)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, name)

    # -- export --------------------------------------------------------------

    def export(self, fmt: str, output: IO[bytes]) -> None:
        """Write the dataset in ``fmt``.  Dataset formats (N-Quads, TriG,
        JSON-LD) keep the named graphs; triple formats get their union.
        Line formats are sorted, so two builds of one input export the same bytes."""
        serialize_dataset(self._store, FORMATS[fmt], output)


def serialize_dataset(quads: Iterable[ox.Quad], rdf_format: ox.RdfFormat, output: IO[bytes]) -> None:
    """Write ``quads`` in ``rdf_format``: dataset formats keep the graphs,
    triple formats get their union; line formats are sorted."""
    if rdf_format.supports_datasets:
        data: Iterable[ox.Quad] | Iterable[ox.Triple] = quads
    else:
        data = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    if rdf_format in _LINE_FORMATS:
        buffer = io.BytesIO()
        ox.serialize(data, buffer, rdf_format)
        output.writelines(line + b"\n" for line in sorted(buffer.getvalue().splitlines()))
    else:
        ox.serialize(data, output, rdf_format, prefixes=_export_prefixes())


def open_store(location: str | Path | None) -> KnowledgeStore:
    """``None`` or ``":memory:"`` opens an in-memory store; an ``http(s)://``
    URL, a SPARQL endpoint (:mod:`graph.remote`); a path, a store on disk."""
    if location is None or str(location) == ":memory:":
        return KnowledgeStore(None)
    from graph.remote import RemoteStore, is_endpoint

    if is_endpoint(str(location)):
        return RemoteStore(str(location))  # type: ignore[return-value]  # same interface
    return KnowledgeStore(location)


def _export_prefixes() -> dict[str, str]:
    from ontology import ID

    return {**PREFIXES, "id": ID}


def to_term(value: str | int | IRI | LangString) -> ox.NamedNode | ox.Literal:
    if isinstance(value, IRI):
        return ox.NamedNode(value.value)
    if isinstance(value, LangString):
        return ox.Literal(value.value, language=value.language)
    if isinstance(value, bool):
        return ox.Literal(
            str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


def to_value(term: object) -> Value:
    """A term as a Python value: IRIs and strings as str, numbers and
    booleans as such.  The common kinds are tested first: answers convert
    thousands of terms."""
    kind = type(term)
    if kind is ox.Literal:
        if term.language:  # type: ignore[attr-defined]
            return term.value  # type: ignore[attr-defined]
        datatype = term.datatype.value  # type: ignore[attr-defined]
        if datatype in _INTEGER_TYPES:
            return int(term.value)  # type: ignore[attr-defined]
        if datatype in _FLOAT_TYPES:
            return float(term.value)  # type: ignore[attr-defined]
        if datatype.endswith("#boolean"):
            return term.value == "true"  # type: ignore[attr-defined]
        return term.value  # type: ignore[attr-defined]
    if kind is ox.NamedNode:
        return term.value  # type: ignore[attr-defined]
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"  # type: ignore[attr-defined]
    return str(term)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0]
