"""Web pages (BeautifulSoup + lxml): the page's own text and its tables,
without navigation, scripts, styles or footers.

Government sites differ in markup but share their boilerplate: menus and
link lists (mostly links), site headers and footers, breadcrumbs (当前位置),
share and print buttons.  Those are removed by tag, by class/id words and by
link density, rather than by guessing each site's content container, so an
unknown layout still keeps its text.  Layout tables (tables holding tables,
or a single row or column) are read as blocks; data tables become TAB-led
rows and :class:`~sources.records.Table` records like any other format's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sources.errors import UnreadableDocument
from sources.readers import register, sha256
from sources.readers._grid import Grid, TextBuilder, clean_cell_text
from sources.records import Document

MEDIA_TYPE = "text/html"

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "link",
    "meta",
    "object",
    "embed",
    "map",
    "audio",
    "video",
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "body",
    "html",
}
_BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menus|footer|foot|breadcrumbs?|crumbs?|share|sharing|"
    r"sidebar|side-?bar|banner|toolbar|copyright|topbar|top-?nav|login|search|qrcode|skip|"
    r"position|location|wza|accessibility)(?:[-_\s\d]|$)",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+-\s+")
_SITE_SUFFIX = re.compile(r"\s*[-—–]+\s*[^-—–]{2,30}(?:政府|门户网站|门户|网站|网)\s*$")


@register(".html", ".htm", ".shtml", ".xhtml")
def read_html(path: Path, data: bytes) -> Document:
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # pragma: no cover - beautifulsoup4 is a pinned requirement
        raise UnreadableDocument(f"{path}: beautifulsoup4 is not installed") from exc
    markup, encoding = _decode(path, data)
    soup = BeautifulSoup(markup, "lxml")
    body = soup.body or soup
    title = _page_title(soup)
    _strip_boilerplate(body)
    builder = TextBuilder()
    lines = _Lines(builder)
    _walk(body, lines)
    lines.flush()
    text = builder.text()
    if title and title not in text.replace("\n", ""):
        prefix = TextBuilder()
        prefix.line(title)
        text, tables = _prepend(prefix.text(), text, builder.tables)
    else:
        tables = builder.tables
    if not text.strip():
        raise UnreadableDocument(f"{path}: web page has no text")
    return Document(
        name=path.name,
        path=str(path),
        text=text,
        sha256=sha256(data),
        media_type=MEDIA_TYPE,
        encoding=encoding,
        tables=tuple(tables),
        title=None,
    )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The page's declared charset if it decodes, else the text reader's guess."""
    from sources.readers.text import decode

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            name = "gb18030"
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(path, data)


def _page_title(soup: Any) -> str | None:
    """The page's headline: its <h1>, else the first part of <title>."""
    h1 = soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        return _clean(h1.get_text(" ", strip=True))
    if soup.title is not None and soup.title.string:
        # 通知_青溪区人民政府 / 通知 | 门户网站 / 通知-青溪区人民政府: the site's name goes
        title = _SITE_SUFFIX.sub("", soup.title.string.strip())
        parts = [p for p in _TITLE_SPLIT.split(title) if p]
        if parts:
            return _clean(max(parts, key=len) if len(parts[0]) < 6 else parts[0])
    return None


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return _CJK_GAP.sub("", text).strip()


def _text_len(node: Any) -> int:
    return len(re.sub(r"\s+", "", node.get_text()))


def _link_len(node: Any) -> int:
    return sum(_text_len(a) for a in node.find_all("a"))


def _strip_boilerplate(body: Any) -> None:
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in body.find_all(["header", "footer"]):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in body.find_all(style=re.compile(r"display\s*:\s*none", re.IGNORECASE)):
        tag.decompose()
    for tag in body.find_all(hidden=True):
        tag.decompose()
    total = max(_text_len(body), 1)
    for tag in body.find_all(True):
        if tag.decomposed or tag.name in ("body", "html"):
            continue
        words = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if _BOILERPLATE.search(words) and _text_len(tag) < 0.5 * total:
            tag.decompose()
    # link lists: menus, "related articles", footers made of links
    for tag in reversed(body.find_all(["ul", "ol", "div", "table", "p", "dl", "section", "td"])):
        if tag.decomposed:
            continue
        length = _text_len(tag)
        if length == 0 or length >= 0.5 * total:
            continue
        if len(tag.find_all("a")) >= 2 and _link_len(tag) >= 0.6 * length:
            tag.decompose()


class _Lines:
    """Collects inline text into lines; a block boundary ends the line."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if self.parts:
            for line in "".join(self.parts).split("\n"):
                cleaned = _clean(line)
                if cleaned:
                    self.builder.line(cleaned)
            self.parts = []


def _walk(node: Any, lines: _Lines) -> None:
    from bs4 import Comment, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            lines.add(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            lines.add("\n")
        elif child.name == "table" and _is_data_table(child):
            lines.flush()
            lines.builder.table(_grid(child))
        elif child.name in _BLOCK_TAGS or child.name in ("td", "th"):
            lines.flush()
            _walk(child, lines)
            lines.flush()
        else:
            _walk(child, lines)


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of tables nested in it)."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _is_data_table(table: Any) -> bool:
    """A grid of data, not a page layout: no nested tables, ≥2 rows and ≥2 columns."""
    if table.find("table") is not None:
        return False
    rows = _rows(table)
    if len(rows) < 2:
        return False
    widths = [len(tr.find_all(["td", "th"], recursive=False)) for tr in rows]
    return max(widths, default=0) >= 2


def _span(cell: Any, name: str) -> int:
    try:
        return max(int(str(cell.get(name, 1)).strip() or 1), 1)
    except ValueError:
        return 1


def _cell_text(cell: Any) -> str:
    """A cell's text with its own line breaks (<br>, <p>, <div>) kept."""
    for br in cell.find_all("br"):
        br.replace_with("\n")
    for block in cell.find_all(["p", "div", "li"]):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = [_clean(line) for line in cell.get_text().split("\n")]
    return clean_cell_text("\n".join(line for line in lines if line))


def _grid(table: Any) -> Grid:
    spans: list[list[tuple[str, int, int]]] = []
    for tr in _rows(table):
        row = [
            (_cell_text(cell), _span(cell, "rowspan"), min(_span(cell, "colspan"), 100))
            for cell in tr.find_all(["td", "th"], recursive=False)
        ]
        spans.append(row)
    return Grid.from_spans(spans)


def _prepend(prefix: str, text: str, tables: list[Any]) -> tuple[str, list[Any]]:
    """Put the page title before the body, shifting every table origin."""
    import dataclasses

    shift = len(prefix)
    full = prefix + text

    def moved(origin: Any) -> Any:
        return dataclasses.replace(origin, start=origin.start + shift, end=origin.end + shift)

    out = []
    for table in tables:
        rows = tuple(
            tuple(dataclasses.replace(cell, origin=moved(cell.origin)) for cell in row) for row in table.rows
        )
        out.append(dataclasses.replace(table, rows=rows, origin=moved(table.origin)))
    return full, out
