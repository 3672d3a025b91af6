"""Tasks written in prose: responsibility markers in running text.

Most 任务分解 / 责任分工 documents do not put their tasks in a table: they number
the tasks (一、/（一）/1./（1）) and write who is responsible inline.  This
extractor reads those markers, in full-width or half-width punctuation
(:mod:`sources.prose_markers` reads the markers themselves):

- label lines after the task: ``牵头单位：区发改局`` / ``责任单位：A、B，C`` /
  ``责任领导：张三；牵头单位：…`` (also at the end of the task's own line);
- one bracket after the task text: ``[牵头单位:X、Y;责任单位:A、B]``,
  ``（牵头单位：…；责任单位：…）``, ``（X牵头，A、B配合）``, ``（X牵头落实）``,
  ``（X负责）``, ``（分管副区长负责）`` (a post stays a post);
- section headings that set the lead officials of the tasks under them:
  ``一、…（牵头领导：张三、李四）``, a ``牵头领导：…`` line under the heading, or
  a heading that names them (``一、王丹县长牵头重点工作``);
- a rule stated once, ``排在第一位的为牵头单位``: the first unit of each
  responsible-unit list after it leads;
- tables flattened to one cell per paragraph (:mod:`sources.flat_tables`).

Numbering gives the hierarchy: a numbered task under a numbered task is its
sub-task (:attr:`Task.parent`), keyed ``<parent>.<n>``; top-level tasks are
keyed ``1`` … ``n`` in document order.  The title is the task's own words
after its number up to the first ，。； or line end (≤ 40 characters).

Nothing without a marker becomes a task: a narrative article has no
responsibility markers, so it yields no tasks.

**No double counting.**  Tables the table extractor reads (those whose header
names task columns, :attr:`sources.tasklist.Schema.is_task_table`) are left to
it: their text is skipped here.  Prose outside them (a second list written
inline after the table) is still read, and its keys get the prefix ``正文-``
so they cannot collide with the table's.  Skipping every document that has a
task table would lose those inline lists; reading everything would count
each table row twice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sources.deadlines import Deadline, document_year, find_deadline
from sources.flat_tables import AGENT_COLUMNS, TEXT_COLUMNS, FlatRow, FlatTable, flat_table_at, row_columns
from sources.names import (
    agent_spans,
    agent_type,
    is_person_name,
    is_post,
    split_title,
    squeeze,
    strip_lead_marker,
    titles_of_names,
)
from sources.pipeline import extractor
from sources.prose_markers import (
    BRACKETS_NAME_UNITS,
    FIRST_LEADS,
    LABEL,
    STYLE_RANK,
    TASK_ROLES,
    UNIT_TYPES,
    Found,
    Mark,
    Seg,
    agent_like,
    agent_marks,
    brackets,
    first_unit_leads,
    inside_bracket,
    label_role,
    marks_for,
    normalise,
    numbering,
    parse_bracket,
    parse_labels,
    segments,
    split_spans,
)
from sources.records import Assignment, Document, EntityType, Extraction, Origin, Relation, Role, Task

# A heading that names who leads what is under it: 一、王丹县长牵头重点工作.
_SCOPE_HEADING = re.compile(
    r"^由?(?P<who>[^,.;:。()\[\]]{2,40}?)(?:同志)?(?:牵头|负责|分管|联系|领衔|主抓)(?:负责|推进|落实)?的?"
    r"(?:(?:重点|主要|各项|有关)?(?:工作|任务|事项|项目|领域)(?:任务)?)?[\s:。(\d项个条件)]*$"
)
_TITLE_STOP = re.compile(r"[,。;!?]")
_TITLE_LABEL = re.compile(
    r"^\s*(?:目标任务|工作任务|重点任务|主要任务|具体任务|工作内容|任务|目标)\s*[:：]\s*"
)
_TITLE_MAX = 40
_HEADING_MAX_CHARS = 20  # a line this short without a full stop heads what follows
_COLUMN_ROLES = {
    "lead_leader": Role.LEAD_LEADER,
    "lead_unit": Role.LEAD_UNIT,
    "unit": Role.RESPONSIBLE_UNIT,
    "person": Role.RESPONSIBLE_PERSON,
    "unit_and_person": Role.RESPONSIBLE_UNIT,
    "liaison": Role.LIAISON,
}
KEY_PREFIX = "正文-"
_ROLE_VALUES = frozenset(role.value for role in Role)


@dataclass
class Item:
    """A numbered item, a paragraph, a flattened-table row or a table's
    section heading: a task if the text gives it a responsibility marker."""

    kind: str  # "numbered", "para", "row", "heading"
    start: int
    style: str | None = None
    number: str | None = None
    segs: list[Seg] = field(default_factory=list)
    body_offset: int = 0  # where the item's words start in its first line (after the number)
    marks: list[Mark] = field(default_factory=list)
    labelled: bool = False  # a unit or person label was seen (a cut-off list still makes a task)
    scope_marks: list[Mark] = field(default_factory=list)  # what a heading declares for its section
    title_cut: int | None = None  # document offset where a marker on the first line starts
    deadline: Deadline | None = None
    deadline_labelled: bool = False
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    end: int = 0
    target: str | None = None
    work_content: str | None = None
    title_text: str | None = None  # rows: the title cell

    @property
    def has_unit_marks(self) -> bool:
        return any(m.role is not Role.LEAD_LEADER and m.role in TASK_ROLES for m in self.marks)

    @property
    def has_marks(self) -> bool:
        return self.labelled or any(m.role in TASK_ROLES for m in self.marks)

    def set_deadline(self, deadline: Deadline | None, labelled: bool) -> None:
        if deadline is not None and (labelled or not self.deadline_labelled):
            self.deadline, self.deadline_labelled = deadline, labelled or self.deadline_labelled


def _claimed_spans(document: Document) -> list[tuple[int, int]]:
    """Spans of the tables the table extractor reads (see the module docstring)."""
    from sources.tasklist import Schema

    return [
        (table.origin.start, table.origin.end) for table in document.tables if Schema.of(table).is_task_table
    ]


def _title(text: str) -> str:
    """The task's own words up to the first ，。； (≤ 40 characters)."""
    label = _TITLE_LABEL.match(text)
    if label:  # 目标任务：… names the field, not the task
        text = text[label.end() :]
    stop = _TITLE_STOP.search(normalise(text))
    title = (text[: stop.start()] if stop else text).strip().rstrip(":：")
    return title[:_TITLE_MAX].strip()


def _clean_number(text: str) -> str:
    return squeeze(text).rstrip("、.．")


class _Reader:
    """One pass over the lines, building items; then items become tasks."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        self.year = document_year(document)
        norm = normalise(document.text)
        self.rules = [m.start() for m in FIRST_LEADS.finditer(norm)]
        # bare unit lists in brackets count where the document says what they are
        self.bare_units = [m.start() for m in BRACKETS_NAME_UNITS.finditer(norm)] + self.rules
        self.items: list[Item] = []
        self.relations: list[Relation] = []
        self.stack: list[Item] = []  # open numbered items, outermost first
        self.current: Item | None = None
        self.label_target: Item | None = None  # the item the last label line went to
        self.label_role: Role | None = Role.RESPONSIBLE_UNIT  # and the role of its last label
        self.previous: Seg | None = None  # the line before the current one

    def first_leads(self, position: int) -> bool:
        """Whether the first-unit-leads rule was stated before ``position``."""
        return any(rule < position for rule in self.rules)

    # -- building items

    def run(self, segs: list[Seg]) -> None:
        i = 0
        while i < len(segs):
            table = flat_table_at(segs, i)
            if table is not None:
                self._flat_table(table)
                i = table.end_index
                continue
            self._line(segs[i])
            i += 1
        for item in self.items:
            if item.kind != "row":
                self._read_markers(item)

    def _add(self, item: Item, parent: Item | None) -> Item:
        item.parent = parent
        if parent is not None:
            parent.children.append(item)
        self.items.append(item)
        return item

    def _line(self, seg: Seg) -> None:
        previous, self.previous = self.previous, seg
        if LABEL.match(seg.norm):
            self._label_line(seg)
            return
        numbered = numbering(seg.norm)
        if numbered:
            style, _, length = numbered
            item = Item("numbered", seg.start, style=style, number=_clean_number(seg.raw[:length]))
            item.segs.append(seg)
            item.body_offset = length
            styles = [open_item.style for open_item in self.stack]
            if style in styles:  # a sibling (or an uncle): close what is under it
                del self.stack[styles.index(style) :]
            else:  # a new style: it nests, unless it is a higher level than what is open
                rank = STYLE_RANK.get(style, 9)
                while self.stack and STYLE_RANK.get(self.stack[-1].style or "", 9) >= rank:
                    self.stack.pop()
            self._add(item, self.stack[-1] if self.stack else None)
            self.stack.append(item)
            self.current, self.label_target = item, None
            return
        if self.label_target is not None and self._continues_label(seg, previous):
            self._label_line(seg, continuation=True)
            return
        current = self.current
        if current is not None and current.kind in ("numbered", "para") and self._marker_only(seg):
            current.segs.append(seg)  # 1. 推进X。 / （区发改局牵头） on the next line
            return
        if current is not None and current.kind in ("numbered", "para") and self._continues(current):
            current.segs.append(seg)
            self.label_target = None
            return
        item = self._add(Item("para", seg.start, segs=[seg]), self.stack[-1] if self.stack else None)
        self.current, self.label_target = item, None

    def _continues(self, item: Item) -> bool:
        """Whether the next line goes on with ``item`` (a wrapped line, more
        of its text) rather than starting a paragraph of its own."""
        if item.has_marks:
            return False
        last = item.segs[-1].norm.rstrip()
        if re.search(r"[。!?;:]$", last):
            return False
        joined = "".join(s.norm for s in item.segs)
        open_bracket = joined.count("(") + joined.count("[") > joined.count(")") + joined.count("]")
        return len(squeeze(last)) >= _HEADING_MAX_CHARS or open_bracket

    def _marker_only(self, seg: Seg) -> bool:
        """A line that is nothing but a marker bracket: it belongs to the task above."""
        text = seg.norm.rstrip("。. ")
        if brackets(text) != [(0, len(text) - 1)]:
            return False
        bare = any(rule < seg.start for rule in self.bare_units)
        return (
            parse_bracket(text[1:-1], seg.raw[1 : len(text) - 1], 0, self.year, bare_units=bare) is not None
        )

    def _continues_label(self, seg: Seg, previous: Seg | None) -> bool:
        """A line that goes on with a label's list (责任单位：A、B、 / C、D):
        not after a blank line (a signature below the list) nor after a
        label that lists no agents (完成时限：…)."""
        if self.label_role is None:
            return False
        if previous is not None and re.search(r"\n[ \t\u3000\u00a0]*\n", self.text[previous.end : seg.start]):
            return False
        pieces = split_spans(seg.raw, 0)
        return bool(pieces) and all(agent_like(strip_lead_marker(p)[0]) for p, _, _ in pieces)

    def _label_line(self, seg: Seg, continuation: bool = False) -> None:
        target = self.label_target if continuation else self.current
        if target is None:
            target = self._add(Item("para", seg.start, segs=[seg]), self.stack[-1] if self.stack else None)
            self.current = target
        if continuation:
            marks, relations = marks_for(self.label_role or Role.RESPONSIBLE_UNIT, seg.raw, seg.start)
            target.marks.extend(marks)
        else:
            labels = list(LABEL.finditer(seg.norm))
            role = label_role(labels[-1]) if labels else Role.RESPONSIBLE_UNIT.value
            self.label_role = Role(role) if role in _ROLE_VALUES else None
            found = parse_labels(seg.norm, seg.raw, seg.start, self.year)
            target.marks.extend(found.marks)
            target.labelled = target.labelled or found.labelled
            target.set_deadline(found.deadline, labelled=True)
            relations = found.relations
        self.relations.extend(relations)
        target.end = max(target.end, seg.end)
        self.label_target = target

    # -- flattened tables

    def _flat_table(self, table: FlatTable) -> None:
        self.label_target = self.current = None
        outer = self.stack[-1] if self.stack else None
        heading: Item | None = None
        for element in table.elements:
            if isinstance(element, Seg):
                heading = Item("heading", element.start, style="table-heading", segs=[element])
                numbered = numbering(element.norm)
                if numbered:
                    heading.number = _clean_number(element.raw[: numbered[2]])
                    heading.body_offset = numbered[2]
                self._add(heading, outer)
            else:
                self._flat_row(table, element, heading or outer)

    def _flat_row(self, table: FlatTable, row: FlatRow, parent: Item | None) -> None:
        item = Item(
            "row", row.serial.start, number=_clean_number(row.serial.raw), segs=[row.serial, *row.cells]
        )
        item.end = max(s.end for s in item.segs)
        contents: list[str] = []
        for kind, cell in row_columns(table, row):
            if kind in TEXT_COLUMNS:
                is_title = item.title_text is None
                if is_title:
                    item.title_text = cell.raw
                if kind == "target" and item.target is None:
                    item.target = cell.raw
                elif not is_title:
                    contents.append(cell.raw)
            elif kind == "deadline":
                found = find_deadline(cell.norm, self.year, labelled=True)
                if found is not None:
                    at = cell.start
                    item.set_deadline(
                        Deadline(found.text, at + found.start, at + found.end, found.date), True
                    )
            elif kind in AGENT_COLUMNS:
                item.marks.extend(self._cell_marks(_COLUMN_ROLES[kind], cell))
        item.work_content = " ".join(contents) or None
        self._add(item, parent)

    def _cell_marks(self, role: Role, cell: Seg) -> list[Mark]:
        """The agents of one cell; a cell that is no list of agents (text
        that slid into the column) gives none."""
        spans = agent_spans(cell.raw)
        if not spans or not all(agent_like(span.name) for span in spans):
            return []
        if role in (Role.LEAD_LEADER, Role.RESPONSIBLE_PERSON, Role.LIAISON):
            titles = titles_of_names([span.name for span in spans])  # 副市长 / 梁红英: a title
            spans = [span for k, span in enumerate(spans) if k not in titles]
        marks: list[Mark] = []
        for span in spans:
            marks.extend(
                agent_marks(role, span.name, cell.start + span.start, cell.start + span.end, span.lead)
            )
        return marks

    # -- markers inside an item's own text

    def _read_markers(self, item: Item) -> None:
        joined_norm = "".join(s.norm for s in item.segs)
        offsets = [k for s in item.segs for k in range(s.start, s.end)]
        item.end = max(item.end, item.segs[-1].end)
        self._bracket_markers(item, joined_norm, offsets)
        self._inline_labels(item)
        if item.kind in ("numbered", "heading"):
            self._scope_heading(item)
        if item.deadline is None:
            found = find_deadline(joined_norm[item.body_offset :], self.year)
            if found is not None:
                at = offsets[item.body_offset + found.start]
                item.deadline = Deadline(found.text, at, at + len(found.text), found.date)

    def _bracket_markers(self, item: Item, joined_norm: str, offsets: list[int]) -> None:
        """Markers in brackets, also in a bracket a wrapped line broke in two."""
        first = item.segs[0]
        for open_at, close_at in brackets(joined_norm):
            if open_at < item.body_offset:
                continue
            inner = offsets[open_at + 1 : close_at]
            if not inner:
                continue
            raw = "".join(self.text[k] for k in inner)
            bare = any(rule < offsets[open_at] for rule in self.bare_units)
            found = parse_bracket(normalise(raw), raw, 0, self.year, bare_units=bare)
            if found is None:
                continue
            self._relocate(found, inner)
            item.marks.extend(found.marks)
            self.relations.extend(found.relations)
            if offsets[open_at] < first.end and item.title_cut is None:
                item.title_cut = offsets[open_at]
            item.set_deadline(found.deadline, labelled=True)

    @staticmethod
    def _relocate(found: Found, offsets: list[int]) -> None:
        """Map spans in a bracket's joined text back to the document."""

        def at(k: int) -> int:
            return offsets[min(k, len(offsets) - 1)]

        for mark in found.marks:
            mark.start, mark.end = at(mark.start), at(mark.end - 1) + 1
        for n, relation in enumerate(found.relations):
            origin = relation.origin
            start, end = at(origin.start), at(origin.end - 1) + 1
            found.relations[n] = Relation(
                relation.kind,
                relation.subject,
                relation.subject_type,
                relation.object,
                relation.object_type,
                Origin(start, end, origin.text),
            )
        if found.deadline is not None:
            d = found.deadline
            found.deadline = Deadline(d.text, at(d.start), at(d.end - 1) + 1, d.date)

    def _inline_labels(self, item: Item) -> None:
        """Labels after the task's words on its own line: 1. 推进X。牵头单位：区发改局."""
        first = item.segs[0]
        body = first.norm[item.body_offset :]
        inline = LABEL.search(body)
        if inline is None or inline.start() == 0 or inside_bracket(body, inline.start()):
            return
        at = item.body_offset + inline.start()
        found = parse_labels(first.norm[at:], first.raw[at:], first.start + at, self.year)
        item.marks.extend(found.marks)
        self.relations.extend(found.relations)
        item.labelled = item.labelled or found.labelled
        if item.title_cut is None or first.start + at < item.title_cut:
            item.title_cut = first.start + at
        item.set_deadline(found.deadline, labelled=True)

    def _scope_heading(self, item: Item) -> None:
        """一、王丹县长牵头重点工作 / （二）区发改局牵头的工作: who leads what is under it."""
        first = item.segs[0]
        body = first.raw[item.body_offset :]
        words = body.strip()
        match = _SCOPE_HEADING.match(normalise(words))
        if not match:
            return
        at = first.start + item.body_offset + len(body) - len(body.lstrip()) + match.start("who")
        marks: list[Mark] = []
        for piece, start, end in split_spans(words[match.start("who") : match.end("who")], at):
            person, title = split_title(piece)
            if title is not None and is_person_name(person):
                marks.append(Mark(Role.LEAD_LEADER, person, EntityType.PERSON, start, end))
            elif is_post(piece) or is_person_name(piece):
                marks.append(Mark(Role.LEAD_LEADER, squeeze(piece), agent_type(piece), start, end))
            elif agent_like(piece) and agent_type(piece, EntityType.UNIT) in UNIT_TYPES:
                marks.extend(agent_marks(Role.LEAD_UNIT, squeeze(piece), start, end))
            else:
                return  # not a list of who leads: an ordinary heading
        item.scope_marks.extend(marks)

    # -- from items to tasks

    def tasks(self, prefix: str) -> list[Task]:
        chosen = self._choose()
        keys: dict[int, str] = {}
        counters: Counter[str] = Counter()
        tasks: list[Task] = []
        for item in sorted(chosen.values(), key=lambda it: it.start):
            parent = self._task_parent(item, chosen)
            parent_key = keys.get(id(parent)) if parent is not None else None
            counters[parent_key or ""] += 1
            n = counters[parent_key or ""]
            keys[id(item)] = key = f"{parent_key}.{n}" if parent_key else f"{prefix}{n}"
            tasks.append(self._task(item, key, parent_key, chosen))
        return tasks

    def _choose(self) -> dict[int, Item]:
        """The items that are tasks: those with markers of their own; under
        a heading that only says who leads its section, the items below it
        when none of them has markers of its own (else they are the tasks
        and inherit the heading's leaders)."""
        chosen: dict[int, Item] = {}
        for item in self.items:
            leaders_only = item.marks and not item.has_unit_marks and not item.labelled
            if item.kind in ("numbered", "heading") and leaders_only and item.children:
                item.scope_marks.extend(item.marks)  # 一、…（牵头领导：张三）
                item.marks = []
            if item.has_marks:
                chosen[id(item)] = item
        for item in self.items:
            if not item.scope_marks or item.has_marks or self._has_marked_descendant(item):
                continue
            if item.children:
                for child in item.children:
                    chosen[id(child)] = child
            else:
                item.marks, item.scope_marks = item.scope_marks, []
                chosen[id(item)] = item
        return chosen

    def _has_marked_descendant(self, item: Item) -> bool:
        return any(c.has_marks or self._has_marked_descendant(c) for c in item.children)

    def _task_parent(self, item: Item, chosen: dict[int, Item]) -> Item | None:
        """The nearest enclosing task.  Only numbering makes a sub-task: an
        unnumbered paragraph after a task is the next task, beside it."""
        parent = item.parent
        while parent is not None and id(parent) not in chosen:
            parent = parent.parent
        if parent is not None and item.kind == "para":
            return self._task_parent(parent, chosen)
        return parent

    def _section(self, item: Item, chosen: dict[int, Item]) -> list[Item]:
        """The enclosing headings that are not tasks, innermost first."""
        out = []
        parent = item.parent
        while parent is not None:
            if id(parent) not in chosen:
                out.append(parent)
            parent = parent.parent
        return out

    def _task(self, item: Item, key: str, parent_key: str | None, chosen: dict[int, Item]) -> Task:
        section = self._section(item, chosen)
        marks = list(item.marks)
        scope = next((h.scope_marks for h in section if h.scope_marks), [])
        own_roles = {m.role for m in marks}
        marks += [m for m in scope if m.role not in own_roles]
        if self.first_leads(item.start):  # 排在第一位的为牵头单位, unless a lead is named
            marks = first_unit_leads(marks)
        assignments: list[Assignment] = []
        seen: set[tuple[Role, str]] = set()
        for mark in marks:
            if (mark.role, mark.name) not in seen:
                seen.add((mark.role, mark.name))
                origin = Origin(mark.start, mark.end, self.text[mark.start : mark.end])
                assignments.append(Assignment(mark.role, mark.name, mark.kind, origin))
        end = max(item.end, item.segs[-1].end)
        heading = next((h for h in section if h.kind in ("numbered", "heading")), None)
        return Task(
            key=key,
            title=self._title_of(item) or item.number or key,
            origin=Origin(item.start, end, self.text[item.start : end]),
            number=item.number,
            group=(self._title_of(heading) or None) if heading is not None else None,
            parent=parent_key,
            target=item.target,
            work_content=item.work_content,
            deadline=item.deadline.text if item.deadline else None,
            deadline_date=item.deadline.date if item.deadline else None,
            assignments=tuple(assignments),
        )

    def _title_of(self, item: Item) -> str:
        if item.kind == "row":
            return _title((item.title_text or "").split("\n")[0])
        first = item.segs[0]
        cut = item.title_cut - first.start if item.title_cut is not None else len(first.raw)
        return _title(first.raw[item.body_offset : max(cut, item.body_offset)])


@extractor("prose_tasks", order=20)
def extract_prose_tasks(document: Document) -> Extraction:
    """Tasks written in prose (see the module docstring)."""
    claimed = _claimed_spans(document)
    reader = _Reader(document)
    reader.run(segments(document.text, claimed))
    tasks = reader.tasks(KEY_PREFIX if claimed else "")
    agents = {a.agent for t in tasks for a in t.assignments}
    relations: dict[tuple[str, str, str], Relation] = {}
    for relation in reader.relations:
        if relation.subject in agents:
            relations.setdefault((relation.kind, relation.subject, relation.object), relation)
    return Extraction(document=document, tasks=tuple(tasks), relations=tuple(relations.values()))
