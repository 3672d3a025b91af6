"""Scoring who-does-what against task gold, read back from the graph.

The extraction is built into an in-memory store and the assignments are read
back with a named query, so the score measures what a user of the graph
would see, not an intermediate record.  Gold schema: ../shared/gold/README.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from evaluation.scores import Score, compare
from graph.answers import role_of
from graph.identity import loose
from graph.ingest import load
from graph.store import KnowledgeStore
from sources.records import Extraction, Role

# Gold fields per role; responsible units are the lead units and the others together.
GOLD_FIELDS: dict[Role, tuple[str, ...]] = {
    Role.LEAD_LEADER: ("lead_leaders",),
    Role.LEAD_UNIT: ("lead_units",),
    Role.RESPONSIBLE_UNIT: ("lead_units", "units"),
    Role.RESPONSIBLE_PERSON: ("persons",),
    Role.LIAISON: ("liaisons",),
}
PAIRS = "unit_person"
ROLE_MEASURES = tuple(role.value for role in GOLD_FIELDS)


@dataclass
class TaskScores:
    """Per-role scores for one document; "tasks" scores the tasks found
    (a parent that only groups sub-items is not counted as a task)."""

    document: str
    roles: dict[str, Score] = field(default_factory=dict)
    gold_tasks: int = 0
    predicted_tasks: int = 0
    matched_tasks: int = 0

    def micro(self) -> Score:
        """All five roles together: the task-role micro score."""
        return sum((s for r, s in self.roles.items() if r in ROLE_MEASURES), Score())


@dataclass
class _Predicted:
    key: str
    title: str
    agents: dict[Role, set[str]] = field(default_factory=lambda: defaultdict(set))
    pairs: set[tuple[str, str]] = field(default_factory=set)
    neutral: set[str] = field(default_factory=set)


def score_tasks(extraction: Extraction, gold: dict) -> TaskScores:
    predicted = _read_back(extraction)
    matches = match_tasks([t.get("title") or t.get("name") or "" for t in gold["tasks"]], predicted)
    scores: dict[str, Score] = defaultdict(Score)
    for index, task in enumerate(gold["tasks"]):
        pred = predicted[matches[index]] if index in matches else None
        for role, fields in GOLD_FIELDS.items():
            wanted = {loose(a) for f in fields for a in task.get(f) or []}
            got = pred.agents.get(role, set()) if pred else set()
            neutral = pred.neutral if pred else set()
            scores[role.value] += compare(got, wanted, neutral)
        if task.get(PAIRS) or (pred and pred.pairs):
            wanted_pairs = {(loose(u), loose(p)) for u, p in task.get(PAIRS) or []}
            scores[PAIRS] += compare(pred.pairs if pred else set(), wanted_pairs)
    matched = set(matches.values())
    for i, pred in enumerate(predicted):  # tasks the gold does not have: all their agents are wrong
        if i not in matched:
            for role, agents in pred.agents.items():
                scores[role.value] += compare(agents - pred.neutral, set())
            scores[PAIRS] += compare(pred.pairs, set())
    parents = {t.parent for t in extraction.tasks if t.parent}
    listed = sum(1 for i, p in enumerate(predicted) if i in matched or (p.key not in parents or p.agents))
    scores["tasks"] = Score(tp=len(matches), fp=listed - len(matches), fn=len(gold["tasks"]) - len(matches))
    return TaskScores(
        document=extraction.document.name,
        roles=dict(scores),
        gold_tasks=len(gold["tasks"]),
        predicted_tasks=len(predicted),
        matched_tasks=len(matches),
    )


def _read_back(extraction: Extraction) -> list[_Predicted]:
    """The document's tasks in document order, with the agents the graph gives them."""
    store = KnowledgeStore(None)
    load(store, extraction)
    text_end = len(extraction.document.text.rstrip())
    by_key = {t.key: _Predicted(t.key, t.title) for t in extraction.tasks}
    for row in store.named("all_assignments"):
        pred = by_key.get(str(row["key"]))
        if pred is None:
            continue
        role, agent = role_of(row["role"]), loose(str(row["agentText"]))
        pred.agents[role].add(agent)
        if role is Role.RESPONSIBLE_PERSON and row["forUnit"]:
            pred.pairs.add((loose(str(row["forUnit"])), agent))
        if isinstance(row["end"], int) and row["end"] >= text_end:
            # The document was cut off inside this name: it can be neither right nor wrong.
            pred.neutral.add(agent)
    return [by_key[t.key] for t in extraction.tasks]


def match_tasks(gold_titles: list[str], predicted: list[_Predicted]) -> dict[int, int]:
    """Pair gold tasks with predicted ones by title: equal titles first, then
    one title starting with the other; among equals, the nearest in document
    order to the previous match (titles repeat: 1-12月同比增速…)."""
    used: set[int] = set()
    matches: dict[int, int] = {}
    titles = [loose(p.title) for p in predicted]
    for rule in (_equal, _prefix):
        last = -1
        for gi, gold_title in enumerate(gold_titles):
            if gi in matches:
                last = matches[gi]
                continue
            g = loose(gold_title)
            candidates = [pi for pi, t in enumerate(titles) if pi not in used and g and rule(g, t)]
            if candidates:
                best = min(candidates, key=lambda pi: (pi <= last, abs(pi - last)))
                matches[gi] = best
                used.add(best)
                last = best
    return matches


def _equal(a: str, b: str) -> bool:
    return a == b


def _prefix(a: str, b: str) -> bool:
    return bool(b) and (a.startswith(b) or b.startswith(a))
