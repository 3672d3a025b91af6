"""A store behind a SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

For users who outgrow one machine the same commands take an endpoint URL
instead of a folder: ``--store http://127.0.0.1:7878``.  Queries go to
``<base>/query`` and updates to ``<base>/update`` (Oxigraph's layout; give
the two URLs explicitly for other servers).  The endpoint must answer over
the union of its named graphs by default (``oxigraph serve
--union-default-graph``; Fuseki's ``tdb2:unionDefaultGraph``), as the embedded
store does.

The SPARQL Protocol has no parameter binding, so bound values travel as a
``VALUES`` block whose terms are written by Oxigraph's serialiser: user text
is always a properly escaped literal, never query text.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from graph.ntriples import graph_triples
from graph.queries import named_query
from graph.store import FORMATS, IRI, LangString, StoreError, Value, serialize_dataset, to_term, to_value
from ontology import sparql_prefixes

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_TIMEOUT = 120


class RemoteStore:
    """The :class:`~graph.store.KnowledgeStore` interface over HTTP."""

    def __init__(self, url: str, update_url: str | None = None) -> None:
        base = url.rstrip("/")
        if base.endswith(("/query", "/sparql")):
            self.query_url = base
            self.update_url = update_url or base.rsplit("/", 1)[0] + "/update"
        else:
            self.query_url = base + "/query"
            self.update_url = update_url or base + "/update"
        self.location = url

    # -- HTTP ----------------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str = "*/*") -> bytes:
        request = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else exc.reason
            if exc.code == 400:
                raise StoreError(f"invalid SPARQL: {reason}") from exc
            raise StoreError(f"{url}: HTTP {exc.code}: {reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc

    def _results(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
        data = self._post(
            self.query_url,
            sparql_prefixes() + query,
            "application/sparql-query",
            "application/sparql-results+json",
        )
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)

    def update(self, update: str) -> None:
        self._post(self.update_url, update, "application/sparql-update")

    # -- the store interface -------------------------------------------------

    def replace_document(self, graph: str, quads: Iterable[ox.Quad] | bytes) -> int:
        target = ox.NamedNode(graph)
        data = graph_triples(graph, quads).decode("utf-8")
        # One update request: atomic on Oxigraph; servers that do not run an
        # update request as one transaction say so in their documentation.
        self.update(f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{data}}} }}")
        return data.count("\n")

    def remove_document(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def flush(self) -> None:
        """Nothing to do: the server owns durability."""

    def optimize(self) -> None:
        """Nothing to do: the server owns its storage."""

    def documents(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"] or 0)

    def select(self, query: str, /, **bindings: str | int | IRI | LangString) -> list[dict[str, Value]]:
        result = self._results(with_values(query, bindings))
        if isinstance(result, ox.QueryBoolean):
            return [{"result": bool(result)}]
        names = [v.value for v in result.variables]
        return [{name: to_value(row[name]) for name in names} for row in result]

    def named(self, query_name: str, /, **bindings: str | int | IRI | LangString) -> list[dict[str, Value]]:
        return self.select(named_query(query_name), **bindings)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph:
            query = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
            result = self._results(with_values(query, {"g": IRI(graph)}))
        else:
            result = self._results("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in result:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def export(self, fmt: str, output: IO[bytes]) -> None:
        serialize_dataset(list(self.quads()), FORMATS[fmt], output)


def with_values(query: str, bindings: dict[str, str | int | IRI | LangString]) -> str:
    """``query`` with a VALUES block binding ``bindings`` at the top of its
    outermost WHERE group.  Each value is serialised as an RDF term by Oxigraph
    (quotes, backslashes and newlines escaped), so it can only ever be data."""
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise StoreError("cannot bind values: the query has no WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_term(value)) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return query[: match.end()] + block + query[match.end() :]


def is_endpoint(location: str) -> bool:
    return urllib.parse.urlparse(location).scheme in ("http", "https")
