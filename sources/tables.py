"""Recover tables that a Word (or WPS) export left in plain text.

Two shapes occur:

* **cell per line** (the common 任务清单 export): every cell starts with a TAB
  at the start of a line; lines without a leading TAB continue the cell
  before them, blank lines included (a cell listing units one per paragraph);
  a row's last cell is followed by a blank line, the export's end-of-row mark.
  That mark is not reliable on its own — a cell may end with empty
  paragraphs, a group cell repeated after a page break does, and some
  exports write no blank lines at all — so rows are cut by a small dynamic
  programme (:func:`_best_cuts`) that prefers rows as wide as the header, pays
  for every end-of-row mark it ignores and more for every row it ends
  without one, lets a lone section heading (一、…) be a row, and expects a
  bare number (the 序号) under the 序号 column.
* **row per line** (TSV-like): each line is a row, TABs separate its cells.

The first row whose cells read as column names (序号, 名称, 责任单位 …) is the
header; a caption row before it is no body row; a second header-like row
right under it is the header's second level (责任单位 → 牵头单位 | 配合单位).
A body row that repeats the header (Word's repeated header row after a page
break) is dropped; a different header-like row starts a new table.

Everything here is generic: no column is given a meaning (that is the task
extractor's job), and cells keep their text as written with its exact span in
the document, so every fact read from a cell can point back to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from operator import add

from sources.records import Cell, Origin, Table

# A region ends when this many non-blank lines pass without a TAB-led line.
_MAX_GAP_LINES = 30
# Lines after a table's last TAB line still belong to its last cell while
# they are this short and not separated from it by a double blank line.
_TRAILING_LINE_CHARS = 30

# Row-cutting costs: for cells beyond the header's width (merged sub-columns
# add cells), for cells missing (both squared), and per end-of-row mark ignored.
_EXTRA_CELL_COST = 1.0
_MISSING_CELL_COST = 2.0
_IGNORED_MARK_COST = 1.5
# Ending a row where the export put no end-of-row mark.
_UNMARKED_CUT_COST = 7.0
# A bare number (a 序号) in a row anywhere but under 序号.
_MISPLACED_NUMBER_COST = 3.0

# Words that make a short cell a column name rather than data (shared with
# the docx/xlsx/pdf/html readers, which find header rows in cell grids).
HEADER_WORDS = (
    "序号",
    "编号",
    "名称",
    "任务",
    "目标",
    "内容",
    "单位",
    "部门",
    "领导",
    "责任",
    "牵头",
    "配合",
    "协办",
    "主办",
    "时限",
    "时间",
    "节点",
    "备注",
    "措施",
    "指标",
    "项目",
    "事项",
    "联络",
    "联系",
    "类别",
    "分类",
    "负责人",
)
# Words found in column names and rarely in body cells.
_STRONG_HEADER_WORDS = (
    "序号",
    "编号",
    "名称",
    "责任",
    "牵头",
    "配合",
    "协办",
    "时限",
    "时间",
    "节点",
    "联络",
    "联系",
    "备注",
    "目标",
    "领导",
    "内容",
    "措施",
    "事项",
    "类别",
)
# ``any(w in t for w in words)`` as one search (run on every cell of every run).
_ANY_HEADER_WORD = re.compile("|".join(map(re.escape, HEADER_WORDS)))
_ANY_STRONG_HEADER_WORD = re.compile("|".join(map(re.escape, _STRONG_HEADER_WORDS)))
_HEADER_MAX_CHARS = 25
_MAX_COLUMNS = 30
# A line between tables rather than inside a cell (after a double blank line).
_CAPTION = re.compile(
    r"^(?:附件|附表|续表|表\s*\d|表[一二三四五六七八九十])|.{2,40}(?:清单|一览表|分解表|分工表|台账)$"
)
# A cell that heads a section of the table on its own row: 一、… （一）… 第一…
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分类项章节])"
)


@dataclass
class _RawCell:
    start: int  # span of the cell's content (whitespace trimmed) in the text
    end: int
    trailing_blank: int = 0  # blank lines between the cell and the next cell
    line_start: int = 0  # offset of the line the cell starts on


class _Line:
    """One line of the text (without its newline) and where it starts.

    A plain class whose two tests are computed once: a text has about a
    thousand lines and the region and cell finders ask each line several times."""

    __slots__ = ("blank", "start", "tabbed", "text")

    def __init__(self, start: int, text: str) -> None:
        self.start = start
        self.text = text
        self.blank = not text.strip()
        self.tabbed = "\t" in text and bool(text.replace("\t", "").strip() or text.startswith("\t"))


def recover_tables(text: str) -> list[Table]:
    """Find the TAB-exported tables in ``text``.

    Each :class:`Table` has its header texts (whitespace removed: ``牵头\\n\\n领导``
    → ``牵头领导``; empty when no row reads as a header) and its body rows; each
    :class:`Cell` has its text as written and an :class:`Origin` with its span,
    the table index, the row index (0-based into ``Table.rows``) and the column
    name when the row has exactly the header's cells.
    """
    lines = _split_lines(text)
    tables: list[Table] = []
    for first, last in _regions(lines):
        rows = _rows_of_region(text, lines, first, last)
        for header, body in _split_at_headers(text, rows):
            table = _build_table(text, len(tables), header, body)
            if table is not None:
                tables.append(table)
    return tables


# ---------------------------------------------------------------- regions


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, raw))
        pos += len(raw) + 1
    return lines


def _regions(lines: list[_Line]) -> list[tuple[int, int]]:
    """Line ranges ``[first, last]`` holding TAB lines close to each other,
    with the short continuation lines of the last cell."""
    tabbed = [i for i, line in enumerate(lines) if line.tabbed]
    regions: list[tuple[int, int]] = []
    if not tabbed:
        return regions
    first = prev = tabbed[0]
    for i in tabbed[1:]:
        gap = sum(1 for line in lines[prev + 1 : i] if not line.blank)
        if gap > _MAX_GAP_LINES:
            regions.append((first, _trailing_end(lines, prev)))
            first = i
        prev = i
    regions.append((first, _trailing_end(lines, prev)))
    return regions


def _trailing_end(lines: list[_Line], last_tab: int) -> int:
    """The last line of a region whose final TAB line is ``last_tab``."""
    end = last_tab
    blanks = 0
    for i in range(last_tab + 1, len(lines)):
        line = lines[i]
        if line.blank:
            blanks += 1
            if blanks >= 2:
                break
            continue
        stripped = line.text.strip()
        if (
            len(stripped) > _TRAILING_LINE_CHARS
            or stripped.startswith(("#", "附件"))
            or re.search("[，。；！？]", stripped)
            or _HEADING.match(stripped)
            or re.match(r"\d+[.、．]\D", stripped)
        ):
            break  # prose after the table, not the rest of its last cell
        blanks = 0
        end = i
    return end


# ---------------------------------------------------------------- cells and rows


def _rows_of_region(text: str, lines: list[_Line], first: int, last: int) -> list[list[_RawCell]]:
    region = lines[first : last + 1]
    tab_lines = [line for line in region if line.tabbed]
    one_cell = sum(1 for line in tab_lines if line.text.startswith("\t") and line.text.count("\t") == 1)
    if one_cell >= 0.6 * len(tab_lines):
        cells = _cells_per_line(region)
        return _cut_rows(text, cells)
    return _rows_per_line(region)


def _trimmed(line: _Line, a: int, b: int) -> tuple[int, int]:
    """Span of ``line.text[a:b]`` without surrounding whitespace, as offsets."""
    segment = line.text[a:b]
    stripped = segment.strip()
    if not stripped:
        return line.start + a, line.start + a
    lead = len(segment) - len(segment.lstrip())
    return line.start + a + lead, line.start + a + lead + len(stripped)


def _cells_per_line(region: list[_Line]) -> list[_RawCell]:
    cells: list[_RawCell] = []
    blanks = 0
    outside = False  # a caption between two tables (附件2, 表2 …) belongs to no cell
    for line in region:
        if line.blank and "\t" not in line.text:
            blanks += 1
            continue
        if "\t" not in line.text:
            outside = outside or (blanks >= 2 and bool(_CAPTION.match(line.text.strip())))
            if cells and not outside:
                start, end = _trimmed(line, 0, len(line.text))
                cell = cells[-1]
                if cell.start == cell.end:
                    cell.start = start
                cell.end = end
                blanks = 0
            continue
        outside = False
        parts = line.text.split("\t")
        pos = 0
        for k, part in enumerate(parts):
            a, b = pos, pos + len(part)
            pos = b + 1
            if k == 0:
                if part.strip() and cells:  # text before the first TAB continues the cell
                    start, end = _trimmed(line, a, b)
                    if cells[-1].start == cells[-1].end:
                        cells[-1].start = start
                    cells[-1].end = end
                continue
            if cells:
                cells[-1].trailing_blank = blanks
            start, end = _trimmed(line, a, b)
            cells.append(_RawCell(start, end, 0, line.start))
            blanks = 0
    if cells:
        cells[-1].trailing_blank = max(blanks, 1)
    return cells


def _rows_per_line(region: list[_Line]) -> list[list[_RawCell]]:
    rows: list[list[_RawCell]] = []
    for line in region:
        if line.blank:
            continue
        if not line.tabbed:
            if rows and rows[-1]:
                start, end = _trimmed(line, 0, len(line.text))
                last = rows[-1][-1]
                if last.start == last.end:
                    last.start = start
                last.end = end
            continue
        row: list[_RawCell] = []
        pos = 0
        for part in line.text.split("\t"):
            start, end = _trimmed(line, pos, pos + len(part))
            row.append(_RawCell(start, end, 0, line.start))
            pos += len(part) + 1
        rows.append(row)
    return rows


def _cut_rows(text: str, cells: list[_RawCell]) -> list[list[_RawCell]]:
    """Cut the cell sequence into rows (see the module docstring).

    Header-like runs (a header, its second level, a header repeated after a
    page break, the header of a following table) are rows as marked; the
    cells between them are cut by :func:`_best_cuts` at the width of the
    header before them."""
    if not cells:
        return []
    marks = [i + 1 for i, cell in enumerate(cells) if cell.trailing_blank > 0]
    if not marks or marks[-1] != len(cells):
        marks.append(len(cells))
    header_end = _unmarked_header_end(text, cells, marks[0])
    if header_end is not None:
        marks.insert(0, header_end)
    runs = list(pairwise([0, *marks]))
    headings = {i for i, cell in enumerate(cells) if _HEADING.match(text[cell.start : cell.end])}
    numbers = [0]  # numbers[i]: how many of cells[:i] hold a bare row number
    for cell in cells:
        numbers.append(numbers[-1] + bool(re.fullmatch(r"\d{1,3}", text[cell.start : cell.end])))
    rows: list[list[_RawCell]] = []
    body_start = 0
    width: int | None = None
    number_at: int | None = None  # the 序号 column's position

    def flush(end: int) -> None:
        inside = [m for m in marks if body_start < m <= end]
        if end > body_start and (not inside or inside[-1] != end):
            inside.append(end)
        if not inside:
            return
        expected = width or _typical_width([m - body_start for m in inside])
        prev = body_start
        cues = _Cues(headings, numbers, number_at)
        for bound in _best_cuts(inside, expected, body_start, cues):
            rows.append(cells[prev:bound])
            prev = bound

    k = 0
    while k < len(runs):
        a, b = runs[k]
        top = [_squeezed(text, c) for c in cells[a:b]]
        if _is_header_like(top):
            flush(a)
            rows.append(cells[a:b])
            names = top
            if k + 1 < len(runs):
                a2, b2 = runs[k + 1]
                bottom = [_squeezed(text, c) for c in cells[a2:b2]]
                if _is_header_like(bottom) and bottom != top:
                    rows.append(cells[a2:b2])
                    merged = _merge_levels(top, bottom)
                    names = [top[i] if i >= 0 else bottom[-1 - i] for i in merged] if merged else bottom
                    k, b = k + 1, b2
            width = len(names)
            number_at = next((i for i, n in enumerate(names) if n.startswith(("序号", "编号"))), None)
            body_start = b
        k += 1
    flush(len(cells))
    return rows


def _unmarked_header_end(text: str, cells: list[_RawCell], first_mark: int) -> int | None:
    """Where the header ends when the export marked no end of row after it:
    the longest header-like run of cells that starts the first marked run."""
    first = [_squeezed(text, c) for c in cells[:first_mark]]
    if _is_header_like(first):
        return None
    for k in range(min(len(first) - 1, _MAX_COLUMNS), 1, -1):
        named_last = any(w in first[k - 1] for w in HEADER_WORDS)
        if named_last and all(first[:k]) and _is_header_like(first[:k]):
            return k
    return None


def _typical_width(marks: list[int]) -> int:
    runs = [b - a for a, b in pairwise([0, *marks]) if b - a > 1]
    if not runs:
        return 1
    return max(set(runs), key=lambda w: (runs.count(w), w))


@dataclass(frozen=True)
class _Cues:
    """What the cells themselves say about where rows start: section headings
    (一、…) may stand alone, and a bare number (3) sits in the 序号 column."""

    headings: set[int]
    numbers: list[int]  # prefix counts of bare-number cells
    number_at: int | None

    def misplaced_numbers(self, a: int, b: int) -> int:
        if self.number_at is None:
            return 0
        count = self.numbers[b] - self.numbers[a]
        at = a + self.number_at
        if at < b and self.numbers[at + 1] - self.numbers[at]:
            count -= 1
        return count


def _best_cuts(marks: list[int], width: int, start: int, cues: _Cues | None = None) -> list[int]:
    """Choose where rows end: least total cost.

    Rows may end at end-of-row marks (free; ignoring one costs
    ``_IGNORED_MARK_COST``) or, at a higher price, after any cell, so that an
    export without blank lines between rows is still cut at the header's
    width.  A single cell that reads as a section heading (一、…) may be a
    row of its own; a bare number outside the 序号 column costs extra.

    A shortest path over cell positions: the row ending at ``b`` starts at the
    ``a`` (at most ``limit`` cells back) of least total cost, the first on ties.
    For speed the costs of all starts are added up by ``map`` over lists:
    each term of a row's cost (skipped marks, misplaced numbers) is split into
    a part that depends on the start alone (``near`` / ``far``, kept per
    position) and a part that depends on the end alone (added after the
    minimum).  Every cost is a multiple of 0.5, so the sums are exact in any
    order and the choices are those of the plain double loop (compared in
    tests/test_extraction_speedups.py)."""
    headings = cues.headings if cues else set()
    end = marks[-1]
    marked = set(marks)
    limit = max(3 * width + 3, 6)
    n = end - start
    # Indexes below are offsets from ``start``: position p is start + i.
    is_marked = [start + i in marked for i in range(n + 1)]
    marks_before = [0] * (n + 1)  # marks in [start, p)
    for i in range(n):
        marks_before[i + 1] = marks_before[i] + is_marked[i]
    # by_start[k] = cost of a row of limit - k cells: for the starts
    # lo … j - 1 of a row ending at j, by_start[limit - (j - lo) : limit].
    by_start = [_row_cost(limit - k, width) for k in range(limit)]
    number_at = cues.number_at if cues is not None else None
    # Cues.misplaced_numbers(a, b) is prefix[b] - prefix[a], less one if the
    # cell under 序号 (a + number_at) is inside the row and a bare number.
    prefix = [0] * (n + 1)
    at_number = [0] * (n + 1)
    if cues is not None and number_at is not None:
        numbers = cues.numbers
        prefix = numbers[start : end + 1]
        at_number = [
            numbers[p + 1] - numbers[p] if p + 1 < len(numbers) else 0
            for p in range(start + number_at, end + 1 + number_at)
        ]
    # The cost of the row [i, j), less what depends on j alone (the cut,
    # 1.5 * marks before j, 3 * prefix[j]), is row cost (j - i) plus
    #   near[i] = cost[i] - 1.5 * (marks up to i) - 3 * prefix[i]  for rows of <= number_at cells,
    #   far[i] = near[i] - 3 * at_number[i]                         for longer ones (序号 cell inside).
    near = [0.0] * (n + 1)
    far = [0.0] * (n + 1)
    cost = [0.0] * (n + 1)
    source = [-1] * (n + 1)
    after = n + 1 if number_at is None else number_at  # rows longer than this have the 序号 cell

    def set_base(i: int) -> None:
        near[i] = (
            cost[i]
            - _IGNORED_MARK_COST * (marks_before[i] + is_marked[i])
            - _MISPLACED_NUMBER_COST * prefix[i]
        )
        far[i] = near[i] - _MISPLACED_NUMBER_COST * at_number[i]

    set_base(0)
    for j in range(1, n + 1):
        lo = max(0, j - limit)
        split = max(lo, j - after)  # starts before split: longer rows
        keys = list(map(add, far[lo:split], by_start[limit - (j - lo) : limit - (j - split)]))
        keys += map(add, near[split:j], by_start[limit - (j - split) : limit])
        if start + j - 1 in headings:  # a heading cell alone: no width cost
            keys[-1] -= by_start[limit - 1]
        best = min(keys)
        cut = 0.0 if is_marked[j] else _UNMARKED_CUT_COST
        cost[j] = best + cut + _IGNORED_MARK_COST * marks_before[j] + _MISPLACED_NUMBER_COST * prefix[j]
        source[j] = lo + keys.index(best)
        set_base(j)
    cuts: list[int] = []
    j = n
    while j != 0:
        cuts.append(start + j)
        j = source[j]
    return sorted(cuts)


def _row_cost(cells: int, width: int) -> float:
    """Quadratic, so that two rows one cell too wide each beat one row two
    cells too wide (a header cell repeated after a page break)."""
    if cells >= width:
        return (cells - width) ** 2 * _EXTRA_CELL_COST
    return (width - cells) ** 2 * _MISSING_CELL_COST


# ---------------------------------------------------------------- headers and tables


_WHITESPACE = re.compile(r"\s+")


def _squeezed(text: str, cell: _RawCell) -> str:
    return _WHITESPACE.sub("", text[cell.start : cell.end])


def _is_header_like(texts: list[str]) -> bool:
    """Short cells, at least two, most naming columns (序号, 名称, 责任单位 …),
    some with words only column names use: a body row of units (相关区属单位,
    各镇（街道）) also says 单位 but is no header."""
    filled = [t for t in texts if t]
    if len(set(filled)) < 2:
        return False
    if any(len(t) > _HEADER_MAX_CHARS or re.fullmatch(r"[\d.、（）()]+", t) for t in filled):
        return False
    named = sum(1 for t in filled if _ANY_HEADER_WORD.search(t))
    strong = sum(1 for t in filled if _ANY_STRONG_HEADER_WORD.search(t))
    return named >= max(2, -(-3 * len(filled) // 5)) and (strong >= 2 or (len(filled) <= 3 and strong >= 1))


def _merge_levels(top: list[str], bottom: list[str]) -> list[int] | None:
    """Column names of a two-level header, as indexes: ``i`` for ``top[i]``,
    ``-1 - j`` for ``bottom[j]``.

    Word writes the second level with an empty cell under each top cell that
    spans both levels (序号) and the sub-columns under a spanning one
    (责任单位 → 牵头单位 | 配合单位).  Without those empty cells, the
    sub-columns replace the top cell that shares most words with them."""
    if len(bottom) >= len(top) and "" in bottom:
        names: list[int] = []
        t = 0
        for k, cell in enumerate(bottom):
            if not cell:
                names.append(t)
                t += 1
                continue
            names.append(-1 - k)
            if k + 1 == len(bottom) or not bottom[k + 1]:
                t += 1
        return names if t == len(top) else None
    if len(bottom) < len(top):
        shared = [len(set(name) & set("".join(bottom))) for name in top]
        spanning = shared.index(max(shared))
        return [*range(spanning), *(-1 - k for k in range(len(bottom))), *range(spanning + 1, len(top))]
    return None


def _split_at_headers(
    text: str, rows: list[list[_RawCell]]
) -> list[tuple[list[_RawCell] | None, list[list[_RawCell]]]]:
    """Group rows into tables: a header row (with its second level) starts
    one; rows repeating the current header are dropped; rows before any
    header form a headerless table."""
    groups: list[tuple[list[_RawCell] | None, list[list[_RawCell]]]] = []
    header: list[_RawCell] | None = None
    seen: set[tuple[str, ...]] = set()
    body: list[list[_RawCell]] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        texts = [_squeezed(text, c) for c in row]
        key = tuple(t for t in texts if t)
        k += 1
        if not _is_header_like(texts):
            body.append(row)
            continue
        if header is not None and key in seen:
            continue  # the header repeated after a page break
        if header is not None or body:
            groups.append((header, body))
        header, seen, body = row, {key}, []
        if k < len(rows):
            bottom = [_squeezed(text, c) for c in rows[k]]
            merged = _merge_levels(texts, bottom) if _is_header_like(bottom) and bottom != texts else None
            if merged is not None:
                header = [row[i] if i >= 0 else rows[k][-1 - i] for i in merged]
                seen.add(tuple(t for t in bottom if t))
                k += 1
    if header is not None or body:
        groups.append((header, body))
    return groups


def _build_table(
    text: str, index: int, header: list[_RawCell] | None, body: list[list[_RawCell]]
) -> Table | None:
    names = tuple(_squeezed(text, c) for c in header) if header else ()
    body = [row for row in body if any(c.start < c.end for c in row)]
    total_rows = len(body) + (1 if header else 0)
    if total_rows < 2 or not body:
        return None
    wide = sum(1 for row in body if len(row) >= 2)
    if wide * 2 < len(body):
        return None  # TAB-indented paragraphs, not a table
    rows: list[tuple[Cell, ...]] = []
    for r, raw in enumerate(body):
        aligned = len(raw) == len(names)
        cells = []
        for c, cell in enumerate(raw):
            column = names[c] if aligned and names[c] else None
            origin = Origin(cell.start, cell.end, text[cell.start : cell.end], index, r, column)
            cells.append(Cell(text[cell.start : cell.end], origin))
        rows.append(tuple(cells))
    start = (header or body[0])[0].line_start
    end = max(c.end for c in body[-1])
    return Table(
        index=index,
        header=names,
        rows=tuple(rows),
        origin=Origin(start, end, text[start:end], table=index),
    )
