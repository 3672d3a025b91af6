"""The GovKG vocabulary: namespace constants and the paths of its data files.

The Turtle, SHACL and JSON-LD files beside this module are the vocabulary;
this module only names them so that ``graph/`` and the queries agree.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "govkg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
CONTEXT_FILE = HERE / "context.jsonld"

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"

ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES: dict[str, str] = {
    "gov": GOV,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "foaf": FOAF,
    "schema": SCHEMA,
    "oa": OA,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def sparql_prefixes() -> str:
    """The PREFIX lines every named query starts with."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def jsonld_context() -> dict[str, object]:
    """The ``@context`` of context.jsonld, ready for rdflib's JSON-LD serializer
    (``graph.serialize(format="json-ld", context=jsonld_context())``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
