"""`query.py eval GOLD_DIR`: find each gold file's document, extract it, score it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.entities import score_entities
from evaluation.scores import Score
from evaluation.tasks import PAIRS, score_tasks
from sources.errors import SourceError
from sources.pipeline import extract_path


class GoldError(SourceError):
    """A gold folder or file that cannot be used."""


@dataclass
class Report:
    """Scores by document and measure, and their micro-averages."""

    scores: dict[tuple[str, str], Score] = field(default_factory=dict)

    def add(self, document: str, measure: str, score: Score) -> None:
        self.scores[(document, measure)] = self.scores.get((document, measure), Score()) + score

    def total(self, measure: str) -> Score:
        return sum((s for (_, m), s in self.scores.items() if m == measure), Score())

    def measures(self) -> list[str]:
        return list(dict.fromkeys(m for _, m in self.scores))

    def rows(self) -> list[dict[str, object]]:
        """Per document and measure (measures with nothing to count left out),
        then the micro-average of each measure over all documents."""
        rows = [_row(doc, m, s) for (doc, m), s in self.scores.items() if s.tp + s.fp + s.fn]
        rows += [_row("ALL (micro)", m, self.total(m)) for m in self.measures()]
        return rows


def _row(document: str, measure: str, s: Score) -> dict[str, object]:
    return {
        "document": document,
        "measure": measure,
        "precision": round(s.precision, 3),
        "recall": round(s.recall, 3),
        "f1": round(s.f1, 3),
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
    }


def find_document(gold_dir: Path, name: str, docs_dir: Path | None) -> Path:
    """Gold files name their document; it lives in --docs, or beside the gold
    folder (../seeds for the seed gold, ../docs for the corpus gold)."""
    candidates = [docs_dir] if docs_dir else []
    candidates += [gold_dir, gold_dir.parent / "seeds", gold_dir.parent / "docs"]
    for folder in candidates:
        if folder and (folder / name).is_file():
            return folder / name
    raise GoldError(f"{gold_dir}: document {name} not found (give --docs DIR)")


def evaluate_dir(gold_dir: Path, docs_dir: Path | None = None) -> Report:
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a folder of gold annotations")
    report = Report()
    files = sorted(gold_dir.glob("*.json"))
    for path in files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: not readable JSON ({exc})") from exc
        if not isinstance(gold, dict) or "doc" not in gold:
            continue  # companion files such as 001_people.json
        has_tasks, has_entities = "tasks" in gold, "entities" in gold
        if not (has_tasks or has_entities):
            continue
        extraction = extract_path(find_document(gold_dir, gold["doc"], docs_dir))
        name = path.stem
        if has_tasks:
            scores = score_tasks(extraction, gold)
            for measure, score in scores.roles.items():
                report.add(name, measure if measure != PAIRS else "unit↔person", score)
            report.add(name, "task-role micro", scores.micro())
        if has_entities:
            entities = score_entities(extraction, gold)
            for type_name, score in entities.per_type.items():
                report.add(name, f"entity {type_name}", score)
            report.add(name, "entity micro", entities.micro)
            report.add(name, "person–post", entities.person_posts)
            report.add(name, "located-in", entities.located_in)
    if not report.scores:
        raise GoldError(f"{gold_dir}: no gold files with tasks or entities")
    return report
