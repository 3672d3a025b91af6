"""What a task's own words name: areas, projects and quotas.

A task's target is often prose about places and projects: “1-12月全市累计完成
130亿元，其中白沙区（含岳阳经开区）9.5亿元、邵东市23.5亿元…” assigns a share
to each county; “12月底前…岳阳经开区第二污水处理厂…项目开工建设” names projects.
The ``task_references`` linker runs after the extractors, finds each task's
target and title in the document text (the table cell they came from) and
returns :class:`~sources.records.TaskReference` records:

- ``quota``: an area followed by its share (白沙区（含岳阳经开区）9.5亿元;
  洞口县、武冈市各4家 gives each its 4家);
- ``concernsArea``: any other area named;
- ``concernsProject``: a project named that the task record does not list yet.

It uses the narrative recognisers for areas and projects, without the whole
spaCy pipeline: a target is a sentence or two.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from sources.narrative.areas import find_areas
from sources.narrative.indicators import VALUE, number_of
from sources.narrative.layout import read_page
from sources.narrative.projects import find_projects
from sources.narrative.spans import Candidate
from sources.pipeline import linker
from sources.records import EntityType, Extraction, Origin, Task, TaskReference

# An area's share: optional (含X), optional 各, then a value.
_SHARE = re.compile(rf"^(?:[（(]含[^）)]{{1,20}}[）)])?(各)?({VALUE.pattern})")


@linker("task_references")
def link_task_references(extraction: Extraction) -> Extraction:
    refs: list[TaskReference] = []
    text = extraction.document.text
    for task in extraction.tasks:
        seen: set[tuple[str, str, str]] = set()
        for field_name in ("title", "target"):
            value = getattr(task, field_name)
            if not value:
                continue
            span = locate(text, value, task.origin)
            if span is None:
                continue
            for ref in references(text, span, task, field_name):
                key = (ref.kind, ref.entity, ref.value or "")
                if key in seen:
                    continue
                seen.add(key)
                refs.append(ref)
    return Extraction(document=extraction.document, task_references=tuple(refs))


def locate(text: str, value: str, near: Origin | None = None) -> tuple[int, int] | None:
    """Span of ``value`` in ``text``, whitespace (line breaks of a cell) ignored;
    searched first inside ``near`` (the task's row)."""
    needle = "".join(value.split())  # str.split() cuts at exactly the str.isspace() characters
    if not needle:
        return None
    compact, index = _without_whitespace(text)

    def find(start: int, end: int) -> tuple[int, int] | None:
        lo, hi = bisect_left(index, start), bisect_left(index, end)
        k = compact.find(needle, lo, hi)
        return None if k < 0 else (index[k], index[k + len(needle) - 1] + 1)

    if near is not None:
        found = find(near.start, max(near.end, near.start + 1))
        if found:
            return found
    return find(0, len(text))


@lru_cache(maxsize=4)
def _without_whitespace(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and where each remaining character stood:
    one pass per document instead of one regular expression per task."""
    index: list[int] = []
    for run in _NON_SPACE.finditer(text):  # \S is exactly not str.isspace()
        index.extend(range(run.start(), run.end()))
    return "".join(text.split()), index


_NON_SPACE = re.compile(r"\S+")


def references(text: str, span: tuple[int, int], task: Task, field_name: str) -> Iterator[TaskReference]:
    start, end = span
    table = task.origin.table if task.origin else None
    row = task.origin.row if task.origin else None
    known = set(task.projects)
    for kind, entity, entity_type, rel_start, rel_end, value, number, unit in _found_in(text[start:end]):
        if kind == "concernsProject" and entity in known:
            continue
        a, b = rel_start + start, rel_end + start
        yield TaskReference(
            task.key,
            kind,
            entity,
            entity_type,
            Origin(a, b, text[a:b], table, row, field_name),
            value,
            number,
            unit,
        )


# What one passage names: (kind, entity, type, start, end, value, number, unit),
# offsets relative to the passage.
_Found = tuple[str, str, EntityType, int, int, str | None, float | None, str | None]


@lru_cache(maxsize=8192)
def _found_in(passage: str) -> tuple[_Found, ...]:
    """The quotas, areas and projects ``passage`` names, in the order
    :func:`references` reports them.  A pure function of the passage, and
    memoised: lists repeat their targets (the same wording in every quarter's
    version of a list, the same target under several tasks)."""
    page = read_page(passage)
    clean = page.text
    areas = [a for a in find_areas(clean) if a.rule != "stem"]
    found: list[_Found] = []
    quota_areas: set[str] = set()
    quota_spans: list[tuple[int, int]] = []
    for area, share, share_end in _quotas(clean, areas):
        number, unit = number_of(share)
        quota_areas.add(area.text)
        quota_spans.append((area.start, share_end))
        found.append(
            (
                "quota",
                area.text,
                EntityType.AREA,
                *page.origin_span(area.start, share_end),
                share,
                number,
                unit,
            )
        )
    for area in _outermost(areas):
        if area.text in quota_areas or any(s <= area.start < e for s, e in quota_spans):
            continue
        found.append(
            (
                "concernsArea",
                area.text,
                EntityType.AREA,
                *page.origin_span(area.start, area.end),
                None,
                None,
                None,
            )
        )
    for project in _outermost(c for c in find_projects(clean, areas) if c.type is EntityType.PROJECT):
        found.append(
            (
                "concernsProject",
                project.text,
                EntityType.PROJECT,
                *page.origin_span(project.start, project.end),
                None,
                None,
                None,
            )
        )
    return tuple(found)


def _quotas(text: str, areas: list[Candidate]) -> Iterator[tuple[Candidate, str, int]]:
    """(area, share, end of share): 邵东市23.5亿元; 洞口县、武冈市各4家; the
    areas inside 白沙区（含岳阳经开区） belong to the share of the first."""
    pending: list[Candidate] = []
    last_end = -1
    for area in sorted(areas, key=lambda a: a.start):
        if area.start < last_end:
            continue
        m = _SHARE.match(text[area.end :])
        if m is not None:
            share, share_end = m.group(2), area.end + m.end()
            if m.group(1):  # 各: the share goes to each area listed before
                for p in pending:
                    yield p, share, share_end
            yield area, share, share_end
            last_end, pending = share_end, []
        elif text[area.end : area.end + 1] == "、":
            pending.append(area)
        else:
            pending = []


def _outermost(cands: Iterator[Candidate] | list[Candidate]) -> list[Candidate]:
    items = sorted(cands, key=lambda c: (c.start, -c.end))
    out: list[Candidate] = []
    for c in items:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out
