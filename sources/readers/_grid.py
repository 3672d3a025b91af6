"""Shared by the docx, xlsx, pdf and html readers: a table read as a grid of
cells (merges already resolved) becomes TAB-led lines of the document text
plus a :class:`~sources.records.Table` whose cells point into those lines.

Every format reader fills a :class:`Grid` its own way (python-docx vMerge and
gridSpan, openpyxl merged ranges, pdfplumber's empty merged cells, HTML
rowspan/colspan) and hands it here, so the layout of the text and the choice
of header row are the same for all formats and the task-table extractor sees
one kind of table whatever the file was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sources.errors import UnreadableDocument
from sources.readers import sha256
from sources.records import Cell, Document, Origin, Table
from sources.tables import HEADER_WORDS

_HEADER_MAX_CHARS = 20


@dataclass
class GridCell:
    """One grid position: the text of the cell that owns it, and which grid
    position owns it (itself, or the top-left of the merge it belongs to)."""

    text: str
    owner: tuple[int, int]


@dataclass
class Grid:
    """A table as a rectangular grid; ``rows[r][c]`` is ``None`` where the
    source has no cell at all (a row that ends early)."""

    rows: list[list[GridCell | None]] = field(default_factory=list)

    @classmethod
    def from_spans(cls, spans: list[list[tuple[str, int, int]]]) -> Grid:
        """Build a grid from rows of ``(text, rowspan, colspan)`` as HTML and
        pdf tables give them: a cell covers the positions its spans say, and
        later cells of a row flow around positions already covered."""
        grid: dict[tuple[int, int], GridCell] = {}
        width = 0
        for r, row in enumerate(spans):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                for dr in range(max(rowspan, 1)):
                    for dc in range(max(colspan, 1)):
                        grid[(r + dr, c + dc)] = GridCell(text, (r, c))
                c += max(colspan, 1)
                width = max(width, c)
        height = max((r for r, _ in grid), default=-1) + 1
        return cls([[grid.get((r, c)) for c in range(width)] for r in range(height)])

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def clean_cell_text(text: str) -> str:
    """Cell text as written, lines kept: unify line ends, drop trailing spaces
    and blank lines, and keep TABs out (they delimit cells in the text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\x0b", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line.strip()).strip()


def _is_header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if len(set(filled)) < 2:
        return False
    short = [c for c in filled if len(c) <= _HEADER_MAX_CHARS]
    named = [c for c in short if any(w in c for w in HEADER_WORDS)]
    return len(short) == len(filled) and bool(named)


def _distinct_owned(row: list[GridCell | None]) -> list[GridCell]:
    """The cells of a row in grid order, once per owning cell: a horizontal
    merge (or a vertical continuation spanning columns) is one entry."""
    out: list[GridCell] = []
    seen: set[tuple[int, int]] = set()
    for cell in row:
        if cell is not None and cell.owner not in seen:
            seen.add(cell.owner)
            out.append(cell)
    return out


def _row_texts(grid: Grid, r: int) -> list[str]:
    return [cell.text if cell is not None else "" for cell in grid.rows[r]]


def find_header(grid: Grid) -> tuple[int, int]:
    """Return ``(first, last)`` grid rows of the header (``last`` > ``first``
    for a two-level header), or ``(-1, -1)`` when the table has none."""
    limit = min(len(grid.rows), 6)
    for r in range(limit):
        if _is_header_like(_row_texts(grid, r)):
            if r + 1 < len(grid.rows) and _is_second_header_row(grid, r + 1):
                return r, r + 1
            return r, r
    return -1, -1


def _is_second_header_row(grid: Grid, r: int) -> bool:
    """A row under the header whose cells are either continuations of header
    cells or column names themselves (责任单位 split into 牵头单位 | 配合单位)."""
    row = grid.rows[r]
    new = [cell.text for cell in row if cell is not None and cell.owner[0] == r and cell.text.strip()]
    if not new:
        return False
    return all(len(t) <= _HEADER_MAX_CHARS and any(w in t for w in HEADER_WORDS) for t in new)


def header_names(grid: Grid, first: int, last: int) -> list[str]:
    names: list[str] = []
    for c in range(grid.width):
        top = grid.rows[first][c] if c < len(grid.rows[first]) else None
        low = grid.rows[last][c] if c < len(grid.rows[last]) else None
        name = ""
        if low is not None and low.text.strip():
            name = low.text
        elif top is not None:
            name = top.text
        names.append(re.sub(r"\s+", "", name))
    return names


class TextBuilder:
    """Accumulates the document text line by line, remembering offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.tables: list[Table] = []

    @property
    def offset(self) -> int:
        return self._length

    def write(self, text: str) -> tuple[int, int]:
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    def line(self, text: str) -> None:
        """Add one paragraph as one line; blank paragraphs are dropped."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
        for part in text.split("\n"):
            if part.strip():
                self.write(part.rstrip() + "\n")

    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def document(self, path: Path, data: bytes, media_type: str, empty: str, **fields: object) -> Document:
        """The :class:`Document` built so far; ``empty`` says what is missing
        when it holds no text (\"Word document has no text\")."""
        text = self.text()
        if not text.strip():
            raise UnreadableDocument(f"{path}: {empty}")
        return Document(
            name=path.name,
            path=str(path),
            text=text,
            sha256=sha256(data),
            media_type=media_type,
            tables=tuple(self.tables),
            **fields,  # type: ignore[arg-type]
        )

    def table(self, grid: Grid) -> Table | None:
        """Write ``grid`` as TAB-led rows and record it as a :class:`Table`.

        Each row is one line of ``TAB cell`` entries (a cell's own lines stay
        inside it).  A horizontal merge is written once; a vertical
        continuation is written empty but its :class:`Cell` carries the text
        and origin of the cell it continues.  A row that is one cell across
        the whole width (a section heading, a caption) stays one cell.  Rows
        above the header (a title) are paragraphs, and so is a one-column
        "table" (a list laid out in cells).
        """
        grid = _rebase([row for row in grid.rows if any(c is not None and c.text.strip() for c in row)])
        if not grid.rows:
            return None
        if grid.width == 1:
            for row in grid.rows:
                if row and row[0] is not None:
                    self.line(row[0].text)
            return None
        first, last = find_header(grid)
        if first > 0:
            for row in grid.rows[:first]:
                self.line(" ".join(cell.text for cell in _distinct_owned(row)))
            grid = _rebase(grid.rows[first:])
            first, last = 0, last - first
        start = self.offset
        spans = self._write_rows(grid)
        text = self.text()
        index = len(self.tables)
        names = header_names(grid, first, last) if first >= 0 else []
        rows: list[tuple[Cell, ...]] = []
        for row in grid.rows[last + 1 if first >= 0 else 0 :]:
            cells = _row_cells(
                row,
                width=grid.width,
                spans=spans,
                text=text,
                names=names,
                index=index,
                r=len(rows),
                table_start=start,
            )
            if any(cell.text.strip() for cell in cells):
                rows.append(cells)
        table = Table(index, tuple(names), tuple(rows), Origin(start, self.offset, text[start:], table=index))
        self.tables.append(table)
        return table

    def _write_rows(self, grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
        """Write the rows; return the text span of each owning cell."""
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(grid.rows):
            for cell in _distinct_owned(row):
                self.write("\t")
                own = cell.owner[0] == r
                span = self.write(cell.text if own else "")
                if own:
                    spans[cell.owner] = span
            self.write("\n")
        return spans


def _row_cells(
    row: list[GridCell | None],
    *,
    width: int,
    spans: dict[tuple[int, int], tuple[int, int]],
    text: str,
    names: list[str],
    index: int,
    r: int,
    table_start: int,
) -> tuple[Cell, ...]:
    """One body row as :class:`Cell` records, one per grid column (a merge
    repeats its cell), or a single cell for a row that is one cell across."""
    if width > 1 and _spans_whole_row(row):
        positions: list[tuple[int, GridCell | None]] = [(0, row[0])]
    else:
        last_filled = max(c for c, cell in enumerate(row) if cell is not None)
        positions = list(enumerate(row[: last_filled + 1]))
    cells: list[Cell] = []
    for c, cell in positions:
        if cell is None:  # a row that starts late: an empty cell keeps the columns aligned
            cells.append(Cell("", Origin(table_start, table_start, "", index, r, None)))
            continue
        start, end = spans.get(cell.owner, (table_start, table_start))
        column = names[c] if c < len(names) and names[c] else None
        cells.append(Cell(cell.text, Origin(start, end, text[start:end], index, r, column)))
    return tuple(cells)


def _spans_whole_row(row: list[GridCell | None]) -> bool:
    owners = {cell.owner for cell in row if cell is not None}
    return len(owners) == 1 and all(cell is not None for cell in row)


def _rebase(rows: list[list[GridCell | None]]) -> Grid:
    """The rows as a grid of their own: owners renumbered after rows were
    dropped, a continuation whose owner row is gone becoming the owner."""
    moved: dict[tuple[int, int], tuple[int, int]] = {}
    out: list[list[GridCell | None]] = []
    for r, row in enumerate(rows):
        new_row: list[GridCell | None] = []
        for c, cell in enumerate(row):
            if cell is None:
                new_row.append(None)
                continue
            owner = moved.setdefault(cell.owner, (r, c))
            new_row.append(GridCell(cell.text, owner))
        out.append(new_row)
    return Grid(out)
