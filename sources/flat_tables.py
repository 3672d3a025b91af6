"""Tables flattened to one cell per paragraph, recovered as rows.

A web page's table saved as text (or copied out of a browser) loses its grid:
every cell becomes a paragraph of its own.  What is left is a header sequence
(序号 / 目标任务 / 牵头单位 / 责任单位 …) followed by the cells in reading
order, rows separated only by the serial numbers 1, 2, 3 …  This module finds
such a sequence and cuts it back into rows anchored on those numbers, with
the rows' section headings (a cell spanning the table:
``一、经济指标（牵头领导：…）``) kept in place.  Column meanings come from
:func:`sources.tasklist.classify_header`, the same words the table extractor
reads headers by.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sources.names import squeeze
from sources.prose_markers import HEADING_STYLES, Seg, numbering

AGENT_COLUMNS = frozenset({"lead_leader", "lead_unit", "unit", "person", "unit_and_person", "liaison"})
TEXT_COLUMNS = frozenset({"name", "target", "content"})
_MAX_COLUMNS = 12
_MAX_HEADER_CHARS = 20
_MAX_HEADING_CHARS = 60


@dataclass
class FlatRow:
    serial: Seg
    cells: list[Seg] = field(default_factory=list)


@dataclass
class FlatTable:
    header: list[Seg]
    columns: list[str]  # what each header names (tasklist.Column values)
    elements: list[FlatRow | Seg] = field(default_factory=list)  # rows and section headings, in order
    end_index: int = 0  # index of the first segment after the table


def column_kind(header: str) -> str:
    from sources.tasklist import classify_header

    return classify_header(header).value


def _is_header_cell(seg: Seg) -> bool:
    text = squeeze(seg.norm)
    if not 0 < len(text) <= _MAX_HEADER_CHARS or text.isdigit() or numbering(seg.norm):
        return False
    if re.search(r"[:(\[,;。]", text):
        return False
    return column_kind(text) != "other" or text == "备注"


def flat_table_at(segs: list[Seg], i: int) -> FlatTable | None:
    """The flattened table whose 序号 cell is ``segs[i]``, or None.

    Its header must name at least one text column (任务, 目标 …) and one
    agent column (牵头单位, 责任单位, 牵头领导 …)."""
    if squeeze(segs[i].norm) not in ("序号", "编号", "序"):
        return None
    header = [segs[i]]
    j = i + 1
    while j < len(segs) and len(header) < _MAX_COLUMNS and _is_header_cell(segs[j]):
        header.append(segs[j])
        j += 1
    columns = [column_kind(squeeze(s.norm)) for s in header]
    if len(header) < 3 or not AGENT_COLUMNS & set(columns) or not TEXT_COLUMNS & set(columns):
        return None
    table = FlatTable(header, columns)
    table.end_index = _read_body(table, segs, j)
    rows = [e for e in table.elements if isinstance(e, FlatRow)]
    return table if rows else None


def _read_body(table: FlatTable, segs: list[Seg], j: int) -> int:
    """Cut the cells after the header into rows; return where the table ends."""
    width = len(table.header) - 1
    expected = 1
    current: FlatRow | None = None
    while j < len(segs):
        seg = segs[j]
        text = squeeze(seg.norm).rstrip(".、")
        numbered = numbering(seg.norm)
        if text == str(expected):
            current = FlatRow(seg)
            table.elements.append(current)
            expected += 1
        elif numbered and numbered[0] in HEADING_STYLES:
            table.elements.append(seg)  # a section heading spanning the table
            current = None
        elif text in ("序号", "编号") or re.fullmatch(r"附件\d*", text):
            break  # the next table
        elif current is None:
            if expected > 1 or len(text) > _MAX_HEADING_CHARS:
                break
            table.elements.append(seg)  # a heading row before the first row
        elif len(current.cells) >= width + 2:
            break
        else:
            current.cells.append(seg)
        j += 1
    rows = [e for e in table.elements if isinstance(e, FlatRow)]
    if rows:
        # The last row has no next number to end it: it takes the usual number of cells.
        counts = Counter(len(r.cells) for r in rows[:-1])
        usual = counts.most_common(1)[0][0] if counts else width
        last = rows[-1]
        if len(last.cells) > usual:
            j -= len(last.cells) - usual
            last.cells = last.cells[:usual]
    return j


def row_columns(table: FlatTable, row: FlatRow) -> list[tuple[str, Seg]]:
    """(column kind, cell) for each cell of a row.

    Cells fill the columns from the left (a row cut off at the end of the
    page has its first cells).  A row with more cells than columns (a task's
    name and its content in cells of their own) gives the columns after the
    last text column to the last cells, and its extra cells are content."""
    kinds = table.columns[1:]
    cells = row.cells
    if len(cells) <= len(kinds):
        return list(zip(kinds, cells, strict=False))
    last_text = max((k for k, kind in enumerate(kinds) if kind in TEXT_COLUMNS), default=0)
    tail = len(kinds) - last_text - 1
    head, rest = cells[: len(cells) - tail], cells[len(cells) - tail :]
    out = list(zip(kinds[: last_text + 1], head, strict=False))
    out += [("content", cell) for cell in head[last_text + 1 :]]
    out += list(zip(kinds[last_text + 1 :], rest, strict=False))
    return out
