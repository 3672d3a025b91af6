"""SHACL validation of one document's graph against ontology/shapes.ttl.

pySHACL runs on an rdflib graph in memory (TOOLCHAIN.md: 3× faster there
than on an Oxigraph-backed graph), so a document is validated before it goes
into the store, or a stored graph is copied out to validate it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from ontology import SHAPES_FILE


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: int
    report: str


@cache
def _shapes():  # -> rdflib.Graph
    import rdflib

    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


def validate_quads(quads: Iterable[ox.Quad]) -> ValidationResult:
    """Validate the triples of ``quads`` (one document's graph)."""
    import rdflib
    from pyshacl import validate

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = rdflib.Graph().parse(
        data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt"
    )
    conforms, report_graph, report_text = validate(data, shacl_graph=_shapes(), inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = len(set(report_graph.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return ValidationResult(bool(conforms), violations, str(report_text))
