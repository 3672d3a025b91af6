"""Tasks from task tables (任务清单 / 责任分工表): who leads and who answers for what.

The extractor reads every recovered table whose header names task columns,
maps the columns by the *words* of the header (never by position), and turns
each body row into a :class:`~sources.records.Task` with one
:class:`~sources.records.Assignment` per (role, agent):

- a group label (项目 / 类别 column) carries over empty cells; its core words
  (``“三年攻坚”重点工作`` → ``重点工作``) prefix the task key;
- sub-items ``（n）X`` (in a cell of their own, in the name cell, or numbered
  in the 序号 column) are tasks of their own, keyed ``<group>-<number>-(n)``,
  under a *parent* task that is emitted too (so ``gov:subTaskOf`` has an
  object).  A parent that exists only through its items (the merged 序号 /
  名称 cells of seed-style tables) holds **no assignments and no target of
  its own**: everything the table says is said of the items.  A parent with
  a row of its own keeps what that row says.  An evaluation that counts
  tasks should skip tasks that are some task's ``parent``;
- a row whose extra cells are a project list and a numbered project
  (``市级重点项目`` / ``（3）青溪大道改造工程``) is titled by the project;
- a row that repeats the current task's number and name (the cells Word
  repeats after a page break, or a vertically merged cell a docx reader filled
  in) continues that task instead of starting a new one;
- 责任人 are paired with their units (``Assignment.for_unit``): by position
  where a row's units and persons line up one-to-one, otherwise by an
  order-preserving alignment anchored on the pairs the rest of the table
  establishes (:func:`pair_units_and_persons`); what stays ambiguous is left
  unpaired.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from itertools import pairwise

from sources.names import AgentSpan, agent_spans, agent_type, is_collective, squeeze, titles_of_names
from sources.pipeline import extractor
from sources.records import Assignment, Cell, Document, EntityType, Extraction, Origin, Role, Table, Task


class Column(Enum):
    """What a header names."""

    GROUP = "group"
    NUMBER = "number"
    NAME = "name"
    TARGET = "target"
    CONTENT = "content"
    DEADLINE = "deadline"
    LEAD_LEADER = "lead_leader"
    LEAD_UNIT = "lead_unit"
    UNIT = "unit"
    PERSON = "person"
    UNIT_AND_PERSON = "unit_and_person"  # 责任单位及责任人
    LIAISON = "liaison"
    OTHER = "other"


_AGENT_COLUMNS = {
    Column.LEAD_LEADER,
    Column.LEAD_UNIT,
    Column.UNIT,
    Column.PERSON,
    Column.UNIT_AND_PERSON,
    Column.LIAISON,
}
_UNIT_COLUMNS = (Column.LEAD_UNIT, Column.UNIT)

_CONTENT_WORDS = (
    "具体工作任务",
    "工作内容",
    "工作措施",
    "具体措施",
    "主要措施",
    "工作举措",
    "推进措施",
    "任务内容",
    "具体内容",
    "考核任务",
    "工作要求",
)
_UNIT_WORDS = (
    "责任单位",
    "配合单位",
    "协办单位",
    "责任部门",
    "配合部门",
    "协办部门",
    "参与单位",
    "承办单位",
    "实施单位",
    "落实单位",
    "协同单位",
    "责任主体",
)
_DEADLINE_WORDS = ("时限", "时间", "节点", "期限")
_GROUP_NAMES = frozenset({"项目", "类别", "类型", "分类", "板块", "领域", "类", "类别名称", "任务类别"})
_NAME_NAMES = frozenset(
    {
        "名称",
        "任务",
        "工作任务",
        "任务名称",
        "项目名称",
        "重点任务",
        "工作事项",
        "事项",
        "重点工作",
        "主要任务",
    }
)

# A section heading on a row of its own: 一、… （一）… 第一部分 …
_SECTION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分类项章节])\s*\S"
)
# A sub-item number at the start of a cell: （1）GDP, (2) 规模工业增加值.
_ITEM = re.compile(r"^\s*[（(]\s*(\d{1,3})\s*[）)]\s*(.+)$", re.S)
_CLOSING_QUOTES = "”」』’\"'》"


def _is_lead_unit_header(h: str) -> bool:
    named = "牵头单位" in h or "牵头部门" in h or h in {"牵头", "主办单位", "主责单位"}
    return named and not any(w in h for w in ("配合", "责任单位", "协办"))


def _person_column(h: str) -> Column:
    return Column.UNIT_AND_PERSON if ("单位" in h or "部门" in h) else Column.PERSON


# Header rules in order: the first whose test holds names the column.  Order
# matters: 目标任务 is a target (not a name), 具体工作任务 work content.
_HEADER_RULES: tuple[tuple[Callable[[str], bool], Callable[[str], Column]], ...] = (
    (
        lambda h: h.startswith(("序号", "编号")) or h in {"序", "号", "No.", "NO", "No"},
        lambda h: Column.NUMBER,
    ),
    (lambda h: any(w in h for w in ("联络人", "联系人", "联络员")), lambda h: Column.LIAISON),
    (lambda h: "领导" in h and "单位" not in h and "部门" not in h, lambda h: Column.LEAD_LEADER),
    (lambda h: "责任人" in h or h.endswith("负责人"), _person_column),
    (_is_lead_unit_header, lambda h: Column.LEAD_UNIT),
    (lambda h: any(w in h for w in _UNIT_WORDS) or "牵头单位" in h, lambda h: Column.UNIT),
    (lambda h: "目标" in h or h.endswith("指标"), lambda h: Column.TARGET),
    (lambda h: any(w in h for w in _CONTENT_WORDS) or h.endswith("内容"), lambda h: Column.CONTENT),
    (lambda h: any(w in h for w in _DEADLINE_WORDS), lambda h: Column.DEADLINE),
    (lambda h: h in _GROUP_NAMES or h.endswith("类别"), lambda h: Column.GROUP),
    (lambda h: h in _NAME_NAMES or h.endswith(("名称", "任务", "事项")), lambda h: Column.NAME),
    (lambda h: h.endswith(("单位", "部门", "科室", "处室")), lambda h: Column.UNIT),
)


def classify_header(header: str) -> Column:
    """Map a header text to what its column holds, by its words."""
    h = squeeze(header)
    for test, column in _HEADER_RULES:
        if h and test(h):
            return column(h)
    return Column.OTHER


@dataclass(frozen=True)
class Schema:
    """The meaning of each header position of one table."""

    columns: tuple[Column, ...]
    names: tuple[str, ...]

    first_unit_leads: bool = False  # 责任单位（排第一的为牵头单位）

    @classmethod
    def of(cls, table: Table) -> Schema:
        columns = [classify_header(h) for h in table.header]
        if Column.NAME not in columns and Column.GROUP in columns:
            # 序号 | 项目 | 建设内容 | 责任单位: with no other name column, 项目 names the rows.
            columns[columns.index(Column.GROUP)] = Column.NAME
        first_leads = any(
            c is Column.UNIT and "牵头" in h and re.search(r"第一|首位|排首|居首|第1", h)
            for c, h in zip(columns, table.header, strict=True)
        )
        return cls(tuple(columns), tuple(table.header), first_leads)

    def index(self, column: Column) -> int | None:
        return self.columns.index(column) if column in self.columns else None

    @property
    def title_column(self) -> Column | None:
        for column in (Column.NAME, Column.TARGET, Column.CONTENT):
            if column in self.columns:
                return column
        return None

    @property
    def is_task_table(self) -> bool:
        return self.title_column is not None and any(c in _AGENT_COLUMNS for c in self.columns)


# ---------------------------------------------------------------- the extractor


@extractor("task_tables", order=10)
def extract_task_tables(document: Document) -> Extraction:
    """Tasks from every table of ``document`` whose header names task columns."""
    readers: list[TableReader] = []
    warnings: list[str] = []
    for table in document.tables:
        schema = Schema.of(table)
        if not schema.is_task_table:
            shown = "、".join(h for h in table.header if h) or "none"
            warnings.append(f"table {table.index + 1}: no task columns recognised in its header ({shown})")
            continue
        reader = TableReader(document, table, schema)
        reader.read()
        warnings.extend(reader.warnings)
        readers.append(reader)
    # Pairs are confirmed across the whole document: a unit has the same
    # person in every table of it.
    rows = [reader.unit_person_rows() for reader in readers]
    pairs = pair_units_and_persons([row for table_rows in rows for row in table_rows])
    tasks: list[Task] = []
    keys: set[str] = set()
    start = 0
    for reader, table_rows in zip(readers, rows, strict=True):
        found = reader.freeze(pairs[start : start + len(table_rows)])
        start += len(table_rows)
        if keys & {t.key for t in found}:
            found = _prefix_keys(found, f"表{reader.table.index + 1}-")
        keys.update(t.key for t in found)
        tasks.extend(found)
    return Extraction(document=document, tasks=tuple(tasks), warnings=tuple(warnings))


def _prefix_keys(tasks: list[Task], prefix: str) -> list[Task]:
    return [replace(t, key=prefix + t.key, parent=(prefix + t.parent) if t.parent else None) for t in tasks]


# ---------------------------------------------------------------- rows → tasks


@dataclass
class _RowCells:
    """One row's cells by meaning; ``extras`` are cells beyond the header
    (sub-item and project-list cells of a split name column)."""

    by_column: dict[Column, list[tuple[Cell, str]]] = field(default_factory=dict)
    extras: list[Cell] = field(default_factory=list)

    def text(self, column: Column) -> str:
        cells = self.by_column.get(column) or []
        return cells[0][0].text if cells else ""


@dataclass(frozen=True)
class _RowIdentity:
    group: str | None
    number: str
    name: str
    item: tuple[str, str] | None  # (n, text) of a （n） sub-item or listed project
    project_list: str | None


@dataclass
class _TaskBuilder:
    key: str
    title: str
    origin: Origin
    number: str | None = None
    group: str | None = None
    name: str | None = None
    parent: str | None = None
    target: str | None = None
    work_content: str | None = None
    deadline: str | None = None
    projects: tuple[str, ...] = ()
    project_list: str | None = None
    rows: list[_RowAgents] = field(default_factory=list)


@dataclass
class _Agent:
    span: AgentSpan
    cell: Cell
    column_name: str | None
    column: Column


@dataclass
class _RowAgents:
    """The agents one row gives its task, by column kind, in table order."""

    row: int
    agents: list[_Agent] = field(default_factory=list)

    def units(self) -> list[_Agent]:
        return [
            a
            for a in self.agents
            if a.column in _UNIT_COLUMNS
            or (a.column is Column.UNIT_AND_PERSON and _mixed_type(a.span.name) is not EntityType.PERSON)
        ]

    def persons(self) -> list[_Agent]:
        return [
            a
            for a in self.agents
            if a.column is Column.PERSON
            or (a.column is Column.UNIT_AND_PERSON and _mixed_type(a.span.name) is EntityType.PERSON)
        ]


def _mixed_type(name: str) -> EntityType:
    """In a 责任单位及责任人 column a collective ending in 负责人 is a person."""
    kind = agent_type(name)
    if kind is EntityType.COLLECTIVE and name.endswith(("负责人", "同志")):
        return EntityType.PERSON
    return kind


class TableReader:
    """Reads the tasks of one table (see the module docstring)."""

    def __init__(self, document: Document, table: Table, schema: Schema) -> None:
        self.document = document
        self.table = table
        self.schema = schema
        self.year = int(document.date[:4]) if document.date and document.date[:4].isdigit() else None
        self.tasks: dict[str, _TaskBuilder] = {}
        self.warnings: list[str] = []
        self._group_label: str | None = None
        self._parent: _TaskBuilder | None = None  # the task whose sub-items are being read
        self._last: _TaskBuilder | None = None
        self._count = 0

    # -- public

    def read(self) -> None:
        """Read every row into task builders (pairing and freezing come later,
        once every table of the document has been read)."""
        for r, row in enumerate(self.table.rows):
            self._read_row(r, row)

    def unit_person_rows(self) -> list[tuple[list[str], list[str]]]:
        """Each row's units and persons, in the order :meth:`freeze` expects."""
        return [
            ([a.span.name for a in ra.units()], [a.span.name for a in ra.persons()])
            for b in self.tasks.values()
            for ra in b.rows
        ]

    def freeze(self, pairs: list[dict[int, str]]) -> list[Task]:
        """The tasks, given the pairs :func:`pair_units_and_persons` found
        for :meth:`unit_person_rows`."""
        tasks: list[Task] = []
        i = 0
        for builder in self.tasks.values():
            tasks.append(self._freeze(builder, pairs[i : i + len(builder.rows)]))
            i += len(builder.rows)
        return tasks

    # -- rows

    def _read_row(self, r: int, row: tuple[Cell, ...]) -> None:
        filled = [c for c in row if c.text.strip()]
        heading = len(filled) == 1 and bool(_SECTION.match(filled[0].text)) and filled[0] is row[0]
        if len(self.schema.columns) > 2 and ((len(row) == 1 and filled) or heading):
            # One cell across the table (a spreadsheet writes the merged cell
            # and empty ones after it): a section heading that groups what follows.
            self._group_label = squeeze(filled[0].text)
            self._parent = None
            return
        cells = self._map_row(r, row)
        ident = self._identify(cells)
        agents = self._agents(r, cells)
        if ident.item is not None and ident.project_list is None:
            parent = self._parent_for(r, row, ident)
            key = f"{parent.key}-({ident.item[0]})"
            task = self.tasks.get(key) or self._new(
                key,
                ident.item[1],
                r,
                row,
                number=parent.number,
                group=ident.group,
                name=parent.name,
                parent=parent.key,
            )
            self._fill(task, cells, agents)
            self._last = task
            return
        title = self._title(cells, ident)
        last = self._last
        if last is not None and self._continues(last, ident, title) and (title or agents.agents):
            self._fill(last, cells, agents)
            return
        if not (ident.number or ident.name or title):
            return
        self._parent = None
        self._count += 1
        key = self._key(ident.group, ident.number or str(self._count))
        task = self._new(
            key, title, r, row, number=ident.number or None, group=ident.group, name=ident.name or None
        )
        if ident.project_list is not None and ident.item is not None:
            task.project_list = ident.project_list
            task.projects = (ident.item[1],)
        self._fill(task, cells, agents)
        self._last = task

    def _identify(self, cells: _RowCells) -> _RowIdentity:
        """Group, number, name, sub-item and project list of a row."""
        group_text = squeeze(cells.text(Column.GROUP))
        if group_text:
            if group_text != self._group_label:
                self._parent = None
            self._group_label = group_text
        number = _clean_number(cells.text(Column.NUMBER))
        name = _inline(cells.text(Column.NAME)) if Column.NAME in self.schema.columns else ""
        item, project_list = self._items(cells)
        if item is None and name and not number and (m := _ITEM.match(name)):
            item, name = (m.group(1), _inline(m.group(2))), ""
        elif item is None and name and (m := re.fullmatch(r"[（(](\d{1,3})[）)]", number)):
            item, name, number = (m.group(1), name), "", ""  # （1） in the 序号 column
        group = group_core(self._group_label) if self._group_label else None
        return _RowIdentity(group, number, name, item, project_list)

    def _title(self, cells: _RowCells, ident: _RowIdentity) -> str:
        if ident.project_list is not None and ident.item is not None:
            return ident.item[1]
        column = self.schema.title_column
        if column is Column.NAME:
            return ident.name
        return _inline(cells.text(column)) if column is not None else ""

    @staticmethod
    def _continues(last: _TaskBuilder, ident: _RowIdentity, title: str) -> bool:
        """A row that repeats (or leaves empty) the last task's number and
        name adds to that task: a page-break repeat, or more units."""
        return (
            last.parent is None
            and last.group == ident.group
            and (not ident.number or ident.number == last.number)
            and (not ident.name or ident.name == last.name)
            and bool(ident.number or ident.name or not title or title == last.title)
        )

    def _parent_for(self, r: int, row: tuple[Cell, ...], ident: _RowIdentity) -> _TaskBuilder:
        number, name, group = ident.number, ident.name, ident.group

        def same(task: _TaskBuilder | None) -> bool:
            return (
                task is not None
                and task.group == group
                and (not number or number == task.number)
                and (not name or name == task.name)
            )

        if same(self._parent) and self._parent is not None:
            return self._parent
        last = self._last
        if last is not None and last.parent is None and not number and same(last):
            # The row above is the task itself (its own row, with its own
            # responsibilities); its items follow in the name column.
            self._parent = last
            return last
        self._count += 1
        key = self._key(group, number or str(self._count))
        if key in self.tasks:
            parent = self.tasks[key]
        else:
            parent = self._new(
                key, name or key, r, row, number=number or None, group=group, name=name or None
            )
        self._parent = parent
        return parent

    def _key(self, group: str | None, number: str) -> str:
        base = f"{group}-{number}" if group else number
        key, k = base, 1
        while key in self.tasks:
            k += 1
            key = f"{base}#{k}"
        return key

    def _new(
        self,
        key: str,
        title: str,
        r: int,
        row: tuple[Cell, ...],
        *,
        number: str | None,
        group: str | None,
        name: str | None,
        parent: str | None = None,
    ) -> _TaskBuilder:
        start = min(c.origin.start for c in row)
        end = max(c.origin.end for c in row)
        origin = Origin(start, end, self.document.text[start:end], self.table.index, r)
        task = _TaskBuilder(key, title, origin, number, group, name, parent)
        self.tasks[key] = task
        return task

    def _fill(self, task: _TaskBuilder, cells: _RowCells, agents: _RowAgents) -> None:
        for column, attr, joiner in (
            (Column.TARGET, "target", _collapse),
            (Column.CONTENT, "work_content", _collapse),
            (Column.DEADLINE, "deadline", _collapse),
        ):
            value = joiner(cells.text(column))
            if value and value != getattr(task, attr):
                old = getattr(task, attr)
                setattr(task, attr, f"{old} {value}" if old else value)
        task.rows.append(agents)

    # -- cells

    def _map_row(self, r: int, row: tuple[Cell, ...]) -> _RowCells:
        """Give each cell its column kind: by the column name the table gave
        it, else by aligning the row on the header (extra cells sit right after
        the name column, where Word splits a merged name cell into sub-columns)."""
        schema = self.schema
        out = _RowCells()
        columns = _align(schema, row)
        for cell, position in zip(row, columns, strict=True):
            if position is None:
                out.extras.append(cell)
                continue
            column, name = schema.columns[position], schema.names[position]
            if column in out.by_column and column in (Column.NAME, Column.NUMBER, Column.GROUP):
                out.extras.append(cell)  # a second cell under one merged header cell
                continue
            out.by_column.setdefault(column, []).append((cell, name))
        if len(row) < len(schema.columns) - 1 and not all(c.origin.column for c in row):
            self.warnings.append(
                f"table {self.table.index + 1}, row {r + 1}: {len(row)} cells for "
                f"{len(schema.columns)} columns; aligned from the right"
            )
        return out

    def _items(self, cells: _RowCells) -> tuple[tuple[str, str] | None, str | None]:
        """The row's sub-item ``(n, text)`` and project-list label, if any."""
        item: tuple[str, str] | None = None
        listed: str | None = None
        for cell in cells.extras:
            text = cell.text.strip()
            if not text:
                continue
            match = _ITEM.match(text)
            if match:
                item = (match.group(1), _inline(match.group(2)))
            elif item is None:
                listed = _inline(text)
        return item, listed

    def _agents(self, r: int, cells: _RowCells) -> _RowAgents:
        out = _RowAgents(r)
        for column in (
            Column.LEAD_LEADER,
            Column.LEAD_UNIT,
            Column.UNIT,
            Column.UNIT_AND_PERSON,
            Column.PERSON,
            Column.LIAISON,
        ):
            for cell, name in cells.by_column.get(column, []):
                spans = agent_spans(cell.text)
                if column in (Column.LEAD_LEADER, Column.PERSON, Column.LIAISON):
                    titles = titles_of_names([s.name for s in spans])  # 副县长 / 包文静: a title
                    spans = [s for k, s in enumerate(spans) if k not in titles]
                if column is Column.UNIT and self.schema.first_unit_leads and spans:
                    spans[0] = AgentSpan(spans[0].name, spans[0].start, spans[0].end, True)
                for span in spans:
                    if span.unit is not None and column in (
                        Column.LEAD_UNIT,
                        Column.UNIT,
                        Column.UNIT_AND_PERSON,
                    ):
                        # 区发改局：郑伟 in a unit column: the unit, and its person.
                        unit = AgentSpan(span.unit, span.start, span.end, span.lead)
                        out.agents.append(_Agent(unit, cell, name, column))
                        out.agents.append(_Agent(span, cell, name, Column.PERSON))
                    else:
                        out.agents.append(_Agent(span, cell, name, column))
        return out

    # -- freezing

    def _freeze(self, b: _TaskBuilder, row_pairs: list[dict[int, str]]) -> Task:
        assignments: list[Assignment] = []
        seen: set[tuple[Role, str]] = set()

        def add(role: Role, agent: _Agent, kind: EntityType, for_unit: str | None = None) -> None:
            if (role, agent.span.name) in seen:
                return
            seen.add((role, agent.span.name))
            start = agent.cell.origin.start + agent.span.start
            end = agent.cell.origin.start + agent.span.end
            origin = Origin(
                start,
                end,
                self.document.text[start:end],
                self.table.index,
                agent.cell.origin.row,
                agent.column_name,
            )
            assignments.append(Assignment(role, agent.span.name, kind, origin, for_unit))

        for row_agents, pairs in zip(b.rows, row_pairs, strict=True):
            persons = row_agents.persons()
            person_ids = {id(a): k for k, a in enumerate(persons)}
            units = {id(a) for a in row_agents.units()}
            for agent in row_agents.agents:
                name = agent.span.name
                if id(agent) in units:
                    kind = agent_type(name, EntityType.UNIT)
                    if agent.column is Column.LEAD_UNIT or agent.span.lead:
                        add(Role.LEAD_UNIT, agent, kind)
                    add(Role.RESPONSIBLE_UNIT, agent, kind)
                elif id(agent) in person_ids:
                    kind = agent_type(name, EntityType.PERSON)
                    paired = agent.span.unit or pairs.get(person_ids[id(agent)])
                    add(Role.RESPONSIBLE_PERSON, agent, kind, paired)
                elif agent.column is Column.LEAD_LEADER:
                    add(Role.LEAD_LEADER, agent, agent_type(name, EntityType.PERSON))
                elif agent.column is Column.LIAISON:
                    add(Role.LIAISON, agent, agent_type(name, EntityType.PERSON))
        # A parent's rows are its own only when it has no items.
        return Task(
            key=b.key,
            title=b.title,
            origin=b.origin,
            number=b.number,
            group=b.group,
            name=b.name,
            parent=b.parent,
            target=b.target,
            work_content=b.work_content,
            deadline=b.deadline,
            deadline_date=deadline_date(b.deadline, self.year) if b.deadline else None,
            assignments=tuple(assignments),
            projects=b.projects,
            project_list=b.project_list,
        )


def _align(schema: Schema, row: Sequence[Cell]) -> list[int | None]:
    """Header position of each cell of ``row`` (None for an extra cell)."""
    width = len(schema.columns)
    if any(c.origin.column for c in row):
        # A reader that knows the grid named the columns; a cell it could not
        # name follows the one before it.
        positions: list[int | None] = []
        used: set[int] = set()
        for cell in row:
            candidates = [i for i, n in enumerate(schema.names) if n == cell.origin.column and i not in used]
            previous = next((p for p in reversed(positions) if p is not None), -1)
            pos = candidates[0] if candidates else (previous + 1 if previous + 1 < width else None)
            if pos is not None:
                used.add(pos)
            positions.append(pos)
        return positions
    if len(row) == width:
        return list(range(width))
    anchor = -1
    for column in (Column.NAME, Column.NUMBER, Column.GROUP):
        index = schema.index(column)
        if index is not None:
            anchor = index
            break
    left = anchor + 1
    right = width - left
    n = len(row)
    if n > width:
        return [*range(left), *([None] * (n - width)), *range(left, width)]
    take_right = min(right, n)
    take_left = n - take_right
    return [*range(take_left), *range(width - take_right, width)]


# ---------------------------------------------------------------- pairing


def pair_units_and_persons(rows: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[dict[int, str]]:
    """Pair each row's 责任人 with its units; returns, per row, person position → unit.

    1. Rows whose units and persons line up one-to-one are paired by position;
       a unit that always has the same person there is *confirmed*.
    2. In the other rows, anchors are confirmed pairs present in the row and
       collective persons that extend a collective unit (各镇（街道） →
       各镇（街道）行政负责人).  The longest order-preserving chain of anchors is
       kept; between anchors (and the row's ends), units and persons are paired
       by position only where their counts agree.  A unit whose confirmed
       person is absent from the row, and a person whose confirmed unit is
       absent, are set aside first (the names after them shift up one line).
    3. Pairs found that way count as anchors for the other mismatched rows;
       this repeats until nothing new is found.  The rest stays unpaired.
    """
    result: list[dict[int, str]] = [{} for _ in rows]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    mismatched: list[int] = []
    for i, (units, persons) in enumerate(rows):
        if units and len(units) == len(persons):
            result[i] = {j: unit for j, unit in enumerate(units)}
            for unit, person in zip(units, persons, strict=True):
                votes[unit][person] += 1
        elif units and persons:
            mismatched.append(i)
    known = {unit: counter.most_common(1)[0][0] for unit, counter in votes.items() if len(counter) == 1}
    for _ in range(5):
        derived: dict[str, Counter[str]] = defaultdict(Counter)
        for i in mismatched:
            units, persons = rows[i]
            pairs, found = _align_row(list(units), list(persons), known)
            result[i] = pairs
            for unit, person in found:
                derived[unit][person] += 1
        new = {
            unit: counter.most_common(1)[0][0]
            for unit, counter in derived.items()
            if len(counter) == 1 and unit not in known
        }
        taken = set(known.values())
        new = {u: p for u, p in new.items() if p not in taken}
        if not new:
            break
        known.update(new)
    return result


def _align_row(
    units: list[str], persons: list[str], known: dict[str, str]
) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Pairs of one mismatched row, and the pairs found in gaps (not anchors)."""
    owner = {person: unit for unit, person in known.items()}
    skip_units = {i for i, u in enumerate(units) if u in known and known[u] not in persons}
    skip_persons = {j for j, p in enumerate(persons) if p in owner and owner[p] not in units}
    candidates = [
        (i, j)
        for i, u in enumerate(units)
        for j, p in enumerate(persons)
        if i not in skip_units and j not in skip_persons and (known.get(u) == p or _extends(u, p))
    ]
    anchors = _longest_chain(candidates)
    pairs = {j: units[i] for i, j in anchors}
    found: list[tuple[str, str]] = []
    bounds = [(-1, -1), *anchors, (len(units), len(persons))]
    for (i0, j0), (i1, j1) in pairwise(bounds):
        gap_units = [i for i in range(i0 + 1, i1) if i not in skip_units]
        gap_persons = [j for j in range(j0 + 1, j1) if j not in skip_persons]
        if gap_units and len(gap_units) == len(gap_persons):
            for i, j in zip(gap_units, gap_persons, strict=True):
                if units[i] in known and known[units[i]] != persons[j]:
                    continue
                pairs[j] = units[i]
                found.append((units[i], persons[j]))
    return pairs, found


def _extends(unit: str, person: str) -> bool:
    """A collective person that names its collective unit: 各镇（街道）行政负责人."""
    return person != unit and person.startswith(unit) and is_collective(person)


def _longest_chain(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (i, j) pairs increasing in both coordinates."""
    candidates = sorted(candidates)
    best: list[list[tuple[int, int]]] = []
    for k, (i, j) in enumerate(candidates):
        chain = [(i, j)]
        for m in range(k):
            pi, pj = candidates[m]
            if pi < i and pj < j and len(best[m]) + 1 > len(chain):
                chain = [*best[m], (i, j)]
        best.append(chain)
    return max(best, key=len) if best else []


# ---------------------------------------------------------------- text helpers


def group_core(label: str) -> str:
    """The core words of a group label, used in keys: ``“三年攻坚”重点工作`` →
    ``重点工作``; ``一、重点项目`` → ``重点项目``; a label wholly in quotes
    loses its quotes."""
    text = squeeze(label)
    text = re.sub(r"^[一二三四五六七八九十百]+[、.．]", "", text)
    text = re.sub(r"^\d+[、.．]", "", text).rstrip("：:")
    cut = max(text.rfind(q) for q in _CLOSING_QUOTES)
    if 0 <= cut < len(text) - 1:
        return text[cut + 1 :]
    return text.strip("“”「」『』‘’\"'《》") or text


def _clean_number(text: str) -> str:
    return squeeze(text).rstrip("、.．")


def _inline(text: str) -> str:
    """Cell text on one line: a Word export breaks lines anywhere, so lines are
    joined without a space unless both sides are Latin letters or digits."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and re.match(r"[A-Za-z0-9]", line[0]) and re.match(r"[A-Za-z0-9]", out[-1]):
            out += " "
        out += line
    return re.sub(r"[ \t\u3000\u00a0]{2,}", " ", out)


def _collapse(text: str) -> str:
    """Every run of whitespace (newlines included) as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def deadline_date(text: str, year: int | None) -> str | None:
    """ISO date of a deadline as written (``12月底前``, ``2024年6月30日前``,
    ``年底前``), using the document's ``year`` where the text has none."""
    text = squeeze(text)
    match = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", text)
    try:
        if match:
            y = int(match.group(1) or year or 0)
            return date(y, int(match.group(2)), int(match.group(3))).isoformat() if y else None
        match = re.search(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份|中旬|上旬|下旬)?", text)
        if match:
            y = int(match.group(1) or year or 0)
            month = int(match.group(2))
            if not y or not 1 <= month <= 12:
                return None
            if "上旬" in text:
                return date(y, month, 10).isoformat()
            if "中旬" in text:
                return date(y, month, 20).isoformat()
            return _month_end(y, month).isoformat()
        match = re.search(r"(?:(\d{4})年)?(?:年底|年末|全年)", text)
        if match and (y := int(match.group(1) or year or 0)):
            return date(y, 12, 31).isoformat()
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)
