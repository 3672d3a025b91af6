"""Word (.docx) documents: paragraphs and tables in body order.

The text is a linearisation a person would recognise: one paragraph per line
(with the number Word's automatic list numbering shows, since 一、/（一）/1.
carry the task hierarchy), each table as TAB-led rows.  Merged cells are
resolved to the cell they continue (vMerge downwards, gridSpan across), so a
unit written once for three rows is the unit of all three.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from sources.errors import UnreadableDocument
from sources.readers import register
from sources.readers._grid import Grid, GridCell, TextBuilder, clean_cell_text
from sources.readers._numbering import ListNumbering
from sources.readers._office import check_ooxml, corrupt
from sources.records import Document

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@register(".docx", ".docm")
def read_docx(path: Path, data: bytes) -> Document:
    check_ooxml(path, data, "Word document", ".doc")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a pinned requirement
        raise UnreadableDocument(f"{path}: python-docx is not installed") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = ListNumbering.from_docx(document)
        builder = TextBuilder()
        _walk(document.element.body, builder, numbering)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError) as exc:
        raise corrupt(path, "Word document", exc) from exc
    except Exception as exc:  # lxml syntax errors and other damage inside the package
        raise corrupt(path, "Word document", exc) from exc
    return builder.document(path, data, MEDIA_TYPE, "Word document has no text")


def _walk(container: Any, builder: TextBuilder, numbering: ListNumbering) -> None:
    """Body-level blocks in order; content controls (w:sdt) are looked into."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            builder.line(_paragraph_text(child, numbering))
        elif tag == _W + "tbl":
            builder.table(_grid(child, numbering))
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _walk(content, builder, numbering)


def _paragraph_text(p: Any, numbering: ListNumbering) -> str:
    """The paragraph as shown: its list number (if Word numbers it) and text.

    Runs, hyperlinks, smart tags and inserted revisions are read; deleted
    revisions are not (they are not on the page)."""
    parts: list[str] = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        tag = node.tag
        if tag == _W + "t":
            parts.append(node.text or "")
        elif tag == _W + "tab":
            parts.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    text = "".join(parts)
    label = numbering.label(p)
    if label and text.strip():
        text = label + (" " if label[-1].isalnum() else "") + text.lstrip()
    return text


def _cell_text(tc: Any, numbering: ListNumbering) -> str:
    lines: list[str] = []
    for child in tc.iterchildren():
        if child.tag == _W + "p":
            lines.append(_paragraph_text(child, numbering))
        elif child.tag == _W + "tbl":  # a table inside a cell: its rows as lines
            for tr in child.iter(_W + "tr"):
                cells = [clean_cell_text(_cell_text(inner, numbering)) for inner in tr.iter(_W + "tc")]
                lines.append(" ".join(c for c in cells if c))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines.append(_cell_text(content, numbering))
    return clean_cell_text("\n".join(lines))


def _int_attr(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return int(found.get(_W + "val", default))
    except (TypeError, ValueError):
        return default


def _grid(tbl: Any, numbering: ListNumbering) -> Grid:
    """The table as a grid: gridSpan repeats a cell across the columns it
    covers, vMerge="continue" points a cell at the one above it."""
    rows: list[list[GridCell | None]] = []
    for r, tr in enumerate(tr for tr in tbl.iterchildren() if tr.tag == _W + "tr"):
        row: list[GridCell | None] = [None] * _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        for tc in _row_cells(tr):
            span = max(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1), 1)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continues = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            c = len(row)
            above = rows[r - 1][c] if continues and r > 0 and c < len(rows[r - 1]) else None
            if above is not None:
                cell = GridCell(above.text, above.owner)
            else:
                cell = GridCell(_cell_text(tc, numbering), (r, c))
            row.extend([cell] * span)
        rows.append(row)
    return Grid(rows)


def _row_cells(tr: Any) -> list[Any]:
    """The row's w:tc elements, also those wrapped in content controls."""
    cells: list[Any] = []
    for child in tr.iterchildren():
        if child.tag == _W + "tc":
            cells.append(child)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                cells.extend(content.iter(_W + "tc"))
    return cells
