"""PDF documents (pdfplumber): text lines and ruled tables, top to bottom.

Chinese text in a PDF is laid out glyph by glyph, so extraction has to undo
the layout: spaces the layout put between CJK characters are dropped, a table
cell's lines are joined where the text merely wrapped at the cell's edge
(区财政局、区统 / 计局) and kept apart where the writer broke the line, page
numbers are dropped, and a table that runs on over a page break is one table.
A PDF without a text layer (a scan) is refused with the advice to OCR it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sources.errors import UnreadableDocument
from sources.readers import register
from sources.readers._grid import Grid, GridCell, TextBuilder, clean_cell_text
from sources.records import Document

MEDIA_TYPE = "application/pdf"
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \u00a0]+(?=[{_CJK}])")
# Page numbers: "- 3 -", "第3页 共9页", "3/9"; a bare "3" only in the page's bottom margin,
# since a flattened table's serial numbers are bare numbers too.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_CID = re.compile(r"\(cid:\d+\)")
# A line that begins a new block: a numbered item or a short label with a colon.
_BLOCK_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[、.．](?!\d)|"
    r"[①-⑳⑴-⒇㈠-㈩]|第[一二三四五六七八九十百]+[条章节部]|[\u4e00-\u9fff]{2,8}\s*[:：])"
)
NO_TEXT_LAYER = "PDF has no text layer (scanned images?); OCR it first"


@dataclass
class _RawTable:
    """A table as pdfplumber found it, before merges are resolved."""

    page: int
    top: float
    bottom: float
    rows: list[list[tuple[str, tuple[float, float, float, float]] | None]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def cjk_text(line: str) -> str:
    """Drop the spaces a PDF layout puts between CJK characters."""
    return _CJK_GAP.sub("", line).strip()


@register(".pdf")
def read_pdf(path: Path, data: bytes) -> Document:
    if not data.lstrip()[:1024].count(b"%PDF"):
        raise UnreadableDocument(f"{path}: not a PDF file (no %PDF header); the file is corrupt")
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - pdfplumber is a pinned requirement
        raise UnreadableDocument(f"{path}: pdfplumber is not installed") from exc
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            items, chars = _read_pages(pdf)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise _pdf_error(path, exc) from exc
    if chars == 0:
        raise UnreadableDocument(f"{path}: {NO_TEXT_LAYER}")
    builder = TextBuilder()
    for item in items:
        if isinstance(item, str):
            builder.line(item)
        else:
            builder.table(_resolve(item))
    text = builder.text()
    if len(_CID.findall(text)) * 8 > len(text):
        raise UnreadableDocument(
            f"{path}: PDF text cannot be decoded (fonts without a Unicode map); OCR it first"
        )
    return builder.document(path, data, MEDIA_TYPE, NO_TEXT_LAYER)


def _pdf_error(path: Path, exc: BaseException) -> UnreadableDocument:
    # pdfplumber wraps pdfminer's error (PDFPasswordIncorrect …) in PdfminerException
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__context__
    if type(exc).__name__ == "PdfminerException" and inner is not None:
        exc = inner
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(exc).lower():
        return UnreadableDocument(f"{path}: PDF is password-protected (encrypted); remove the password first")
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else name
    return UnreadableDocument(f"{path}: corrupt or unreadable PDF ({reason[:120]})")


def _read_pages(pdf: Any) -> tuple[list[str | _RawTable], int]:
    """Text lines and raw tables of every page in reading order, with a
    table continued from the previous page appended to it and lines that
    wrapped at the margin joined into their paragraph."""
    items: list[_TextLine | _RawTable] = []
    chars = 0
    for number, page in enumerate(pdf.pages):
        chars += len(page.chars)
        if not page.chars:
            continue
        found = [t for t in page.find_tables() if len(t.rows) >= 1 and len(t.columns) >= 2]
        boxes = [t.bbox for t in found]

        def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
            if obj.get("object_type") != "char":
                return True
            x = (obj["x0"] + obj["x1"]) / 2
            y = (obj["top"] + obj["bottom"]) / 2
            return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

        page_items: list[tuple[float, _TextLine | _RawTable]] = []
        for line in _text_lines(page.filter(outside).extract_text_lines(return_chars=False), page):
            page_items.append((line.top, line))
        for table in found:
            page_items.append((table.bbox[1], _raw_table(page, table, number)))
        page_items.sort(key=lambda item: item[0])
        for position, (_, item) in enumerate(page_items):
            previous = items[-1] if items else None
            if (
                isinstance(item, _RawTable)
                and position == 0
                and isinstance(previous, _RawTable)
                and previous.page == number - 1
                and previous.width == item.width
            ):
                _continue_table(previous, item)
                continue
            items.append(item)
    return _reflow(items), chars


@dataclass
class _TextLine:
    """A line of body text with where it sits on its page."""

    text: str
    top: float
    x0: float
    x1: float
    glyph: float  # the width of one glyph on this line
    page_width: float

    @property
    def starts_block(self) -> bool:
        """Numbered, or a 牵头单位：-style label: it cannot go on with a paragraph."""
        return bool(_BLOCK_START.match(self.text))


def _text_lines(lines: list[dict[str, Any]], page: Any) -> list[_TextLine]:
    """Body lines of one page, page numbers dropped."""
    out = []
    for line in lines:
        text = cjk_text(line["text"])
        in_footer = line["top"] > page.height * 0.9
        if text and not _PAGE_NUMBER.match(text) and not (in_footer and _BARE_NUMBER.match(text)):
            glyph = (line["x1"] - line["x0"]) / max(len(text), 1)
            out.append(_TextLine(text, line["top"], line["x0"], line["x1"], glyph, page.width))
    return out


def _reflow(items: list[_TextLine | _RawTable]) -> list[str | _RawTable]:
    """Join the lines of a paragraph that the layout wrapped.

    The text block's margins are taken over the whole document, so a page of
    short lines (a flattened table) is not mistaken for a narrow column.  A
    line wraps when it runs to the right margin (a line breaks when the next
    glyph does not fit, so up to two glyphs short of it) and the block is a
    real column, most of the page wide; the next line then continues it
    unless it is indented, numbered or a label."""
    lines = [item for item in items if isinstance(item, _TextLine)]
    if not lines:
        return list(items)  # type: ignore[arg-type]
    glyphs = sorted(line.glyph for line in lines)
    glyph = max(glyphs[len(glyphs) // 2], 1.0)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    column = right - left >= 0.5 * max(line.page_width for line in lines)
    reaching = [line for line in lines if line.x1 >= right - 2.5 * glyph]
    margin_known = column and len(reaching) >= 2
    out: list[str | _RawTable] = []
    previous: _TextLine | None = None
    for item in items:
        if isinstance(item, _RawTable):
            out.append(item)
            previous = None
            continue
        indented = item.x0 > left + 1.5 * glyph
        last = out[-1] if out else None
        if (
            isinstance(last, str)
            and previous is not None
            and margin_known
            and previous.x1 >= right - 2.5 * glyph
            and not indented
            and not item.starts_block
        ):
            space = " " if last[-1:].isascii() and last[-1:].isalnum() and item.text[:1].isascii() else ""
            out[-1] = last + space + item.text
        else:
            out.append(item.text)
        previous = item
    return out


def _continue_table(previous: _RawTable, item: _RawTable) -> None:
    """Append a table's rows to the one it continues, minus a repeated header;
    a row that the page break split (its serial cell empty on the new page,
    in a table numbered row by row) is joined back to its first part."""
    rows = item.rows
    if rows and previous.rows and _texts(rows[0]) == _texts(previous.rows[0]):
        rows = rows[1:]
    if rows and len(previous.rows) > 1 and _split_row(previous, rows[0]):
        last = previous.rows[-1]
        for c, cell in enumerate(rows[0]):
            if cell is not None and cell[0] and c < len(last) and last[c] is not None:
                text, bbox = last[c]  # type: ignore[misc]
                last[c] = (text + cell[0], bbox)
        rows = rows[1:]
    previous.rows.extend(rows)
    previous.page = item.page


def _split_row(previous: _RawTable, first: list[tuple[str, Any] | None]) -> bool:
    serials = [row[0][0] for row in previous.rows[1:] if row and row[0] is not None]
    numbered = bool(serials) and all(s.strip().rstrip(".、").isdigit() for s in serials)
    head = first[0] if first else None
    return numbered and head is not None and not head[0].strip() and any(c and c[0] for c in first[1:])


def _texts(row: list[tuple[str, Any] | None]) -> list[str]:
    return [cell[0] if cell else "" for cell in row]


def _raw_table(page: Any, table: Any, number: int) -> _RawTable:
    raw = _RawTable(page=number, top=table.bbox[1], bottom=table.bbox[3])
    for row in table.rows:
        cells: list[tuple[str, tuple[float, float, float, float]] | None] = []
        for bbox in row.cells:
            if bbox is None:
                cells.append(None)
            else:
                cells.append((_cell_text(page, bbox), bbox))
        raw.rows.append(cells)
    return raw


def _cell_text(page: Any, bbox: tuple[float, float, float, float]) -> str:
    """A cell's text: wrapped lines joined, deliberate line breaks kept.

    A line that reaches (nearly) the cell's right edge wrapped there; one
    that stops short ended where the writer pressed Enter."""
    x0, top, x1, bottom = bbox

    def inside(obj: dict[str, Any]) -> bool:
        # by the glyph's centre: CJK glyph boxes are taller than the row they sit in
        if obj.get("object_type") != "char":
            return False
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return x0 <= x <= x1 and top <= y <= bottom

    try:
        lines = page.filter(inside).extract_text_lines(return_chars=False)
    except ValueError:
        return ""
    if not lines:
        return ""
    sizes = [(line["x1"] - line["x0"]) / max(len(line["text"]), 1) for line in lines]
    char_width = max(min(sizes), 1.0)
    inner_right = max(line["x1"] for line in lines)
    parts: list[str] = []
    for i, line in enumerate(lines):
        text = cjk_text(line["text"])
        parts.append(text)
        if i + 1 < len(lines):
            wrapped = line["x1"] >= min(bbox[2], inner_right) - 1.6 * char_width
            parts.append("" if wrapped else "\n")
    return clean_cell_text("".join(parts))


def _resolve(raw: _RawTable) -> Grid:
    """Give every merged position (pdfplumber reports it as no cell) the
    cell that covers it: the one to its left when that cell reaches into
    this column, else the one above."""
    width = raw.width
    col_x0: list[float | None] = []
    for c in range(width):
        xs = [row[c][1][0] for row in raw.rows if c < len(row) and row[c] is not None]
        col_x0.append(min(xs) if xs else None)
    grid: list[list[GridCell | None]] = []
    bboxes: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for r, row in enumerate(raw.rows):
        out: list[GridCell | None] = []
        for c in range(width):
            entry = row[c] if c < len(row) else None
            if entry is not None:
                out.append(GridCell(entry[0], (r, c)))
                bboxes[(r, c)] = entry[1]
                continue
            left = out[c - 1] if c > 0 else None
            x0 = col_x0[c]
            if left is not None and (x0 is None or bboxes.get(left.owner, (0, 0, 0, 0))[2] > x0 + 1):
                out.append(left)
            elif r > 0 and c < len(grid[r - 1]) and grid[r - 1][c] is not None:
                out.append(grid[r - 1][c])
            else:
                out.append(None)
        grid.append(out)
    return Grid(grid)
