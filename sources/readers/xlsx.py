"""Excel (.xlsx) workbooks: each sheet's table, merged ranges filled from
their top-left cell.

Task spreadsheets merge the 牵头单位 or 牵头领导 cell down over every row it
applies to; filling the range gives each row its own value, as a reader of the
sheet understands it.  The workbook is opened read-only (streaming, fit for
big sheets); read-only mode does not expose merged ranges, so they are read
from the sheet's XML directly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from sources.errors import UnreadableDocument
from sources.readers import register
from sources.readers._grid import Grid, GridCell, TextBuilder, clean_cell_text
from sources.readers._office import check_ooxml, corrupt
from sources.records import Document

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
_DEFAULT_SHEET_NAME = re.compile(r"^(Sheet|工作表|sheet)\s*\d*$")


@register(".xlsx", ".xlsm")
def read_xlsx(path: Path, data: bytes) -> Document:
    check_ooxml(path, data, "Excel workbook", ".xls")
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a pinned requirement
        raise UnreadableDocument(f"{path}: openpyxl is not installed") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as exc:
        raise corrupt(path, "Excel workbook", exc) from exc
    except Exception as exc:  # damaged XML inside the package
        raise corrupt(path, "Excel workbook", exc) from exc
    builder = TextBuilder()
    try:
        sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
        grids = [(ws.title, _sheet_grid(ws, workbook)) for ws in sheets]
    except Exception as exc:
        raise corrupt(path, "Excel workbook", exc) from exc
    finally:
        workbook.close()
    grids = [(title, grid) for title, grid in grids if grid.rows]
    for title, grid in grids:
        if len(grids) > 1 and not _DEFAULT_SHEET_NAME.match(title.strip()):
            builder.line(title)
        builder.table(grid)
    return builder.document(path, data, MEDIA_TYPE, "Excel workbook has no cell values")


def cell_text(value: Any) -> str:
    """A cell value as the sheet shows it: 1.0 → 1, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return clean_cell_text(str(value))


def _sheet_grid(ws: Any, workbook: Any) -> Grid:
    ws.reset_dimensions()  # some writers store a wrong <dimension>; read what is there
    values = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    while values and not any(values[-1]):
        values.pop()
    width = max((len(row) for row in values), default=0)
    while width and not any(len(row) >= width and row[width - 1] for row in values):
        width -= 1
    grid_rows: list[list[GridCell | None]] = [
        [GridCell(text, (r, c)) for c, text in enumerate((row + [""] * width)[:width])]
        for r, row in enumerate(values)
    ]
    for min_col, min_row, max_col, max_row in _merged_ranges(ws, workbook):
        top, left = min_row - 1, min_col - 1
        if top >= len(grid_rows) or left >= width:
            continue
        owner = grid_rows[top][left]
        if owner is None:
            continue
        for r in range(top, min(max_row, len(grid_rows))):
            for c in range(left, min(max_col, width)):
                grid_rows[r][c] = GridCell(owner.text, (top, left))
    return Grid(grid_rows)


def _merged_ranges(ws: Any, workbook: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet."""
    from openpyxl.utils.cell import range_boundaries

    merged = getattr(ws, "merged_cells", None)
    refs: list[str] = []
    if merged is not None:  # a normal (not read-only) worksheet
        refs = [str(r) for r in merged.ranges]
    else:
        archive = getattr(workbook, "_archive", None)
        sheet_path = getattr(ws, "_worksheet_path", None)
        if archive is not None and sheet_path:
            with archive.open(sheet_path) as source:
                refs = [m.decode("ascii") for m in _MERGE_REF.findall(source.read())]
    out = []
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if None not in (min_col, min_row, max_col, max_row):
            out.append((min_col, min_row, max_col, max_row))
    return out  # type: ignore[return-value]
