"""Seed 001 (a 任务清单 exported from a Word table) against its hand-made gold.

Scores come from :mod:`evaluation.tasks`, as ``query.py eval`` prints them:
the extraction is built into a graph and read back, tasks are matched to the
gold by title, surface forms compared without whitespace or quotation marks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evaluation.scores import Score
from evaluation.tasks import PAIRS, score_tasks
from sources.pipeline import extract_path
from sources.records import Extraction, Role, Task

_QUOTES = re.compile(r"[\s“”‘’\"'「」『』]")


def _norm(text: str) -> str:
    return _QUOTES.sub("", text)


def _leaf_tasks(extraction: Extraction) -> list[Task]:
    """Tasks that are not some task's parent (a parent holds no assignments)."""
    parents = {t.parent for t in extraction.tasks if t.parent}
    return [t for t in extraction.tasks if t.key not in parents]


def score(extraction: Extraction, gold: dict) -> dict[str, Score]:
    """Per-role scores the way ``query.py eval`` computes them (read back from the graph)."""
    return score_tasks(extraction, gold).roles


@pytest.fixture(scope="module")
def extraction(seed001: Path) -> Extraction:
    return extract_path(seed001)


@pytest.fixture(scope="module")
def gold(shared: Path) -> dict:
    return json.loads((shared / "gold" / "001_tasks.json").read_text(encoding="utf-8"))


def test_forty_tasks_with_the_gold_keys(extraction: Extraction, gold: dict) -> None:
    leaves = _leaf_tasks(extraction)
    assert len(leaves) == 40
    assert [t.key for t in leaves] == [g["key"] for g in gold["tasks"]]


def test_titles_and_groups_match_the_gold(extraction: Extraction, gold: dict) -> None:
    found = {t.key: t for t in extraction.tasks}
    for g in gold["tasks"]:
        task = found[g["key"]]
        assert _norm(task.title) == _norm(g["title"]), g["key"]
        assert task.group == g["group"]
        assert task.number == g["number"]
        assert _norm(task.target or "") == _norm(g["target"]), g["key"]


def test_parent_task_holds_no_assignments(extraction: Extraction, gold: dict) -> None:
    items = [g for g in gold["tasks"] if g.get("item_no") and "project_list" not in g]
    parent_key = items[0]["key"].rsplit("-(", 1)[0]
    parent = next(t for t in extraction.tasks if t.key == parent_key)
    assert parent.assignments == ()
    assert parent.title == items[0]["name"]
    children = [t for t in extraction.tasks if t.parent == parent_key]
    assert [t.key for t in children] == [g["key"] for g in items]


def test_project_rows(extraction: Extraction, gold: dict) -> None:
    found = {t.key: t for t in extraction.tasks}
    projects = [g for g in gold["tasks"] if g.get("project_list")]
    assert len(projects) == 2
    for g in projects:
        task = found[g["key"]]
        assert task.project_list == g["project_list"]
        assert task.projects == (g["item"],)
        assert task.title == g["item"]
        assert task.parent is None


@pytest.mark.parametrize("role", list(Role))
def test_roles_are_perfect(extraction: Extraction, gold: dict, role: Role) -> None:
    s = score(extraction, gold)[role.value]
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.tp > 0


def test_unit_person_pairs(extraction: Extraction, gold: dict) -> None:
    s = score(extraction, gold)[PAIRS]
    assert s.f1 >= 0.95 and s.tp >= 97
    assert sum(len(g["unit_person"]) for g in gold["tasks"]) == 102


def test_unresolved_cases_stay_unpaired(extraction: Extraction, shared: Path) -> None:
    people = json.loads((shared / "gold" / "001_people.json").read_text(encoding="utf-8"))
    found = {t.key: t for t in extraction.tasks}
    assert len(people["unresolved"]) == 3
    for case in people["unresolved"]:
        for key in case["rows"]:
            persons = [a for a in found[key].assignments if a.role is Role.RESPONSIBLE_PERSON]
            if "person" in case:  # listed, but for no unit the table confirms
                assert [a.for_unit for a in persons if a.agent == case["person"]] == [None]
            else:  # a unit without a person in this row: nobody is paired with it
                assert case["unit"] not in {a.for_unit for a in persons}


def test_assignment_origins_point_at_their_cells(extraction: Extraction) -> None:
    text = extraction.document.text
    for task in extraction.tasks:
        for a in task.assignments:
            assert text[a.origin.start : a.origin.end] == a.origin.text
            assert _norm(a.origin.text).replace("（牵头）", "") == _norm(a.agent)
            assert a.origin.table == 0
            assert a.origin.column in {"牵头领导", "主要责任单位", "责任人", "联络人"}


def test_document_metadata(extraction: Extraction, gold: dict) -> None:
    document = extraction.document
    assert document.title == gold["title"]
    assert document.issuer == gold["issuer"]
    assert document.date == gold["date"]
    # The area is the district the issuer names (its most specific area).
    assert document.area and document.area.endswith("区") and document.area in gold["issuer"]


@pytest.mark.parametrize(
    ("variant", "encode"),
    [
        # The same table through other exporters: no blank lines at all (rows
        # are then cut at the header's width, anchored on the 序号 cells) ...
        (lambda t: re.sub(r"\n(?:[ \u3000]*\n)+", "\n", t), "utf-8"),
        # ... every blank line doubled, Windows line ends in GB18030 ...
        (lambda t: t.replace("\n\n", "\n\n\n").replace("\n", "\r\n"), "gb18030"),
        # ... names padded with ideographic spaces.
        (lambda t: t.replace("  ", "\u3000"), "utf-8"),
    ],
)
def test_other_export_shapes_score_the_same(seed001: Path, gold: dict, variant, encode: str) -> None:
    from sources.pipeline import extract
    from sources.readers.text import read_text

    text = variant(seed001.read_text(encoding="utf-8"))
    extraction = extract(read_text(Path("variant.txt"), text.encode(encode)))
    assert len(_leaf_tasks(extraction)) == 40
    scores = score(extraction, gold)
    assert {measure: s.f1 for measure, s in scores.items()} == dict.fromkeys(scores, 1.0)
