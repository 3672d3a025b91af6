"""The fast paths of extraction choose what the plain code they replace chose.

``tables._best_cuts`` folds the row cost into precomputed sums; here it is
compared with the straightforward shortest-path loop it replaced, on random
mark patterns, widths, headings and 序号 columns.  The occurrence finder of
``projects`` is compared with ``re.finditer``, :class:`SpanSet` with ``any``;
memoised readings (a cell's agents, a target's references) still give each
caller its own offsets and filters.
"""

from __future__ import annotations

import random
import re

import pytest

from sources.intervals import SpanSet
from sources.names import agent_spans
from sources.narrative.projects import _occurrences
from sources.narrative.tasklinks import link_task_references
from sources.records import Document, Extraction, Origin, Task
from sources.tables import (
    _IGNORED_MARK_COST,
    _MISPLACED_NUMBER_COST,
    _UNMARKED_CUT_COST,
    _best_cuts,
    _Cues,
    _row_cost,
)


def _plain_best_cuts(marks: list[int], width: int, start: int, cues: _Cues | None) -> list[int]:
    """The original loop: every start within reach, least cost, first on ties."""
    headings = cues.headings if cues else set()
    end = marks[-1]
    marked = set(marks)
    best: dict[int, tuple[float, int]] = {start: (0.0, -1)}
    limit = max(3 * width + 3, 6)
    for b in range(start + 1, end + 1):
        cut = 0.0 if b in marked else _UNMARKED_CUT_COST
        choice: tuple[float, int] | None = None
        for a in range(max(start, b - limit), b):
            skipped = sum(1 for m in marks if a < m < b)
            row = 0.0 if (b - a == 1 and a in headings) else _row_cost(b - a, width)
            if cues is not None:
                row += cues.misplaced_numbers(a, b) * _MISPLACED_NUMBER_COST
            cost = best[a][0] + row + cut + skipped * _IGNORED_MARK_COST
            if choice is None or cost < choice[0]:
                choice = (cost, a)
        assert choice is not None
        best[b] = choice
    cuts = []
    b = end
    while b != start:
        cuts.append(b)
        b = best[b][1]
    return sorted(cuts)


@pytest.mark.parametrize("seed", range(40))
def test_best_cuts_matches_the_plain_loop(seed: int) -> None:
    rng = random.Random(seed)
    total = rng.randint(5, 120)
    start = rng.randint(0, 10)
    width = rng.randint(1, 9)
    marks = sorted({m for m in range(start + 1, start + total + 1) if rng.random() < 0.2} | {start + total})
    cells = start + total + rng.randint(0, 3)
    numbers = [0]
    for _ in range(cells):
        numbers.append(numbers[-1] + (rng.random() < 0.15))
    headings = {i for i in range(cells) if rng.random() < 0.15}
    number_at = rng.choice([None, 0, 1, width - 1, width + 2])
    for cues in (None, _Cues(headings, numbers, number_at)):
        assert _best_cuts(marks, width, start, cues) == _plain_best_cuts(marks, width, start, cues)


def test_best_cuts_cuts_an_unmarked_run_at_the_width() -> None:
    # 12 cells, no end-of-row marks but the last: rows of the header's width 4.
    assert _best_cuts([12], 4, 0) == [4, 8, 12]


@pytest.mark.parametrize(
    ("word", "text"),
    [("项目", "甲项目乙项目项目"), ("aa", "aaaaa"), ("工程", "无"), ("园", "园园")],
)
def test_occurrences_are_those_of_finditer(word: str, text: str) -> None:
    assert list(_occurrences(word, text)) == [m.start() for m in re.finditer(re.escape(word), text)]


def test_agent_spans_returns_a_fresh_list_each_call() -> None:
    first = agent_spans("区发改局（牵头）、区统计局")
    first[0] = first[1]  # the task reader replaces items (first unit leads)
    assert [(a.name, a.lead) for a in agent_spans("区发改局（牵头）、区统计局")] == [
        ("区发改局", True),
        ("区统计局", False),
    ]


@pytest.mark.parametrize("seed", range(20))
def test_span_set_holds_what_any_span_holds(seed: int) -> None:
    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(0, 8)):
        s = rng.randint(0, 60)
        spans.append((s, s + rng.randint(-2, 15)))  # empty and reversed spans hold nothing
    inside = SpanSet(spans)
    for pos in range(-2, 80):
        assert (pos in inside) == any(s <= pos < e for s, e in spans)


def test_span_set_merges_overlapping_and_adjacent_spans() -> None:
    inside = SpanSet([(10, 20), (15, 30), (30, 32), (40, 41)])
    assert [p for p in range(50) if p in inside] == [*range(10, 32), 40]


def test_a_repeated_target_is_placed_and_filtered_per_task() -> None:
    target = "12月底前青山区白鹭湖水库工程项目开工，推动石门镇产业发展。"
    text = f"1\t{target}\n\n2\t{target}\n"
    second = text.index(target, 5)
    tasks = (
        Task(key="1", title="甲", origin=Origin(0, second, text[:second], 0, 0), target=target),
        Task(
            key="2",
            title="乙",
            origin=Origin(second, len(text), text[second:], 0, 1),
            target=target,
            projects=("白鹭湖水库工程项目",),
        ),
    )
    doc = Document(name="t.txt", path="t.txt", text=text, sha256="x", media_type="text/plain")
    refs = link_task_references(Extraction(document=doc, tasks=tasks)).task_references
    by_task = {key: {(r.kind, r.entity, r.origin.start) for r in refs if r.task == key} for key in "12"}
    project_at = text.index("白鹭湖")
    town_at, town_again = text.index("石门镇"), text.index("石门镇", second)
    assert by_task["1"] == {
        ("concernsArea", "青山区", project_at - 3),
        ("concernsArea", "石门镇", town_at),
        ("concernsProject", "白鹭湖水库工程项目", project_at),
    }
    assert by_task["2"] == {  # its own offsets, and no project it already lists
        ("concernsArea", "青山区", text.index("青山区", second)),
        ("concernsArea", "石门镇", town_again),
    }
    assert {r.origin.row for r in refs if r.task == "2"} == {1}
