"""Loading extractions into a store, one named graph per document."""

from __future__ import annotations

from dataclasses import dataclass

from graph.builder import build_quads, graph_name
from graph.store import KnowledgeStore
from ontology import ID
from sources.records import Extraction


@dataclass(frozen=True)
class Loaded:
    """What loading one document did."""

    document: str
    graph: str
    quads: int
    tasks: int
    entities: int


def load(store: KnowledgeStore, extraction: Extraction, base: str = ID) -> Loaded:
    """Replace the document's named graph with what ``extraction`` says."""
    quads = build_quads(extraction, base)
    graph = graph_name(extraction, base)
    written = store.replace_document(graph, quads)
    return Loaded(
        document=extraction.document.name,
        graph=graph,
        quads=written,
        tasks=len(extraction.tasks),
        entities=len({(m.canonical or m.text, m.type) for m in extraction.mentions}),
    )
