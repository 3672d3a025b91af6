"""The extractor on the held-out rounds (tests/heldout*/): regression floors.

Each round's documents were annotated before the extractor ran on them; each
folder's README gives the protocol, the first-run figures (the honest
estimate for unseen documents) and what still fails.  The floors sit a little
below the final figures, so a change that costs any round anything shows
here.  Per-document floors keep one layout from breaking while others hide it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from evaluation.report import Report, evaluate_dir
from sources.readers import read_document

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Round:
    folder: str
    documents: int
    task_documents: int
    task_role_f1: float
    entity_f1: float
    entity_precision: float
    person_post_f1: float
    located_in_f1: float
    task_document_f1: float
    entity_document_f1: float

    @property
    def gold(self) -> Path:
        return HERE / self.folder / "gold"

    @property
    def docs(self) -> Path:
        return HERE / self.folder / "docs"

    def golds(self) -> list[dict]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.gold.glob("*.json"))]


ROUNDS = [
    Round("heldout", 23, 14, 0.97, 0.96, 0.97, 0.95, 0.90, 0.93, 0.90),
    Round("heldout2", 10, 4, 0.97, 0.94, 0.96, 0.95, 0.92, 0.95, 0.90),
    Round("heldout3", 6, 3, 0.97, 0.95, 0.96, 0.90, 0.88, 0.95, 0.92),
]


@cache
def report(folder: str) -> Report:
    r = next(r for r in ROUNDS if r.folder == folder)
    return evaluate_dir(r.gold, r.docs)


@pytest.mark.parametrize("r", ROUNDS, ids=lambda r: r.folder)
def test_the_set_is_what_its_readme_says(r: Round) -> None:
    golds = r.golds()
    assert len(golds) == r.documents
    assert sum("tasks" in g for g in golds) == r.task_documents
    assert sum("entities" in g for g in golds) == r.documents - r.task_documents
    assert all((r.docs / g["doc"]).is_file() for g in golds)


@pytest.mark.parametrize("r", ROUNDS, ids=lambda r: r.folder)
def test_micro_floors(r: Round) -> None:
    scores = report(r.folder)
    assert scores.total("task-role micro").f1 >= r.task_role_f1
    assert scores.total("tasks").f1 >= r.task_role_f1
    entities = scores.total("entity micro")
    assert entities.f1 >= r.entity_f1 and entities.precision >= r.entity_precision
    assert scores.total("person–post").f1 >= r.person_post_f1
    assert scores.total("located-in").f1 >= r.located_in_f1


@pytest.mark.parametrize("r", ROUNDS, ids=lambda r: r.folder)
def test_each_document(r: Round) -> None:
    for (doc, measure), score in report(r.folder).scores.items():
        if measure == "task-role micro":
            assert score.f1 >= r.task_document_f1, doc
        if measure == "entity micro":
            assert score.f1 >= r.entity_document_f1, doc


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("r", "gold"),
    [(r, g) for r in ROUNDS for g in r.golds()],
    ids=lambda x: x.folder if isinstance(x, Round) else x["doc"],
)
def test_every_gold_string_is_in_its_document(r: Round, gold: dict) -> None:
    """Like ../shared/corpus/check_gold.py: the gold quotes its document
    (whitespace ignored), so a gold string can be found and checked by hand."""
    text = _squeezed(read_document(r.docs / gold["doc"]).text)
    strings: list[str] = []
    for task in gold.get("tasks", []):
        assert len(task["title"]) <= 40
        assert not set(task["lead_units"]) & set(task["units"]), task["key"]
        strings += [task["title"], *task["lead_leaders"], *task["lead_units"], *task["units"]]
        strings += [*task["persons"], *task["liaisons"]]
    for entity in gold.get("entities", []):
        strings += [entity["text"], *entity.get("aliases", [])]
    strings += [b["text"] for b in gold.get("borderline", [])]
    strings += [s for p in gold.get("person_posts", []) for s in (p["person"], p["post"])]
    assert [s for s in strings if _squeezed(s) not in text] == []
    texts = {e["text"] for e in gold.get("entities", [])}
    assert all(child in texts and parent in texts for child, parent in gold.get("located_in", []))
