"""RDF terms written straight as N-Triples / N-Quads text.

The builder emits a document's graph as N-Quads lines rather than as
pyoxigraph term objects: building and validating a ``NamedNode`` per IRI
occurrence, and a ``Quad`` per statement, was two thirds of the build's Python
time (bench/README.md), and the store parses N-Quads in Rust anyway.  The text
is produced only from IRIs minted by :mod:`graph.iris` (valid by construction)
and from literals escaped here, so it parses; the store's parser checks it
again on load.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox


class Term(str):
    """A term already in N-Triples form (``<iri>``, ``"text"@zh`` …), as
    opposed to a bare IRI string."""

    __slots__ = ()


# STRING_LITERAL_QUOTE may hold anything but these four unescaped.
_ESCAPES = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})


@cache
def iri(value: str) -> Term:
    """``<value>``; cached, the vocabulary's IRIs recur thousands of times."""
    return Term(f"<{value}>")


def literal(value: str, language: str | None = None, datatype: str | None = None) -> Term:
    """A literal: plain, language-tagged (``language="zh"``) or typed
    (``datatype`` an IRI string)."""
    text = '"' + value.translate(_ESCAPES) + '"'
    if language:
        return Term(f"{text}@{language}")
    if datatype:
        return Term(f"{text}^^<{datatype}>")
    return Term(text)


def quad_line(subject: str, predicate: Term, obj: Term | str, graph: Term) -> str:
    """One N-Quads line; a bare string object is an IRI."""
    if not isinstance(obj, Term):
        obj = f"<{obj}>"
    return f"<{subject}> {predicate} {obj} {graph} .\n"


def graph_triples(graph: str, quads: Iterable[ox.Quad] | bytes) -> bytes:
    """The N-Triples of one named graph's statements, given as pyoxigraph
    quads or as N-Quads text whose every line is in ``graph`` (what
    :func:`graph.builder.build_nquads` writes)."""
    if not isinstance(quads, bytes):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    suffix = f" <{graph}> .\n".encode()
    # Literals escape their line breaks, so a line ends in its graph name or not at all.
    if quads.count(suffix) != quads.count(b"\n"):
        raise ValueError(f"N-Quads not all in graph <{graph}>")
    return quads.replace(suffix, b" .\n")
