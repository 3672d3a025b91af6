"""The reading text of a page: column wraps undone, blocks classified.

Newspaper pages reach us as column text: a line ends wherever the column did
(青山足 / 下幸福), a blank line may fall in the middle of a sentence when the
text jumps to the next column, and justified lines are letter-spaced
(区 信 访 工 作).  The recognisers want running sentences, so this module builds
a *clean* text in which

- the lines of a block are joined without the line break;
- a block that ends mid-sentence is joined to the next body block;
- letter-spacing and spaces next to digits are removed, other spaces are kept
  as one (they separate the names of a byline: 唐一鸣 钱小燕 周晓);
- blocks are separated by a single newline,

together with an offset map back to the document text, so every span found in
the clean text has its exact :class:`~sources.records.Origin`.

Each clean line is one *block*, classified as a headline, subtitle, byline,
credit, or body paragraph; article segmentation (articles.py) reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sources.intervals import SpanSet
from sources.names import has_unit_suffix
from sources.narrative.lexicon import HAN, is_person_name

_SPACE = " \t\u00a0\u3000"
_MARKDOWN = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*)")
# up to six characters (萨仁高娃), parts joined by a middle dot (努尔兰·卡德尔)
_NAME = rf"(?:[{HAN}]{{2,6}}(?:[·•‧・][{HAN}]{{2,6}})*)"
# A byline line: names separated by spaces, perhaps in brackets, perhaps 摄.
# The paper or station a reporter writes for: 本报, 市日报, 县融媒体中心.
_MEDIA = rf"(?:本报|[{HAN}]{{1,8}}?(?:日报|晚报|报社|报|广播电视台|电视台|融媒体中心|新闻中心|新闻网))"
_BYLINE = re.compile(
    rf"^[(（]?\s*(?:{_MEDIA}?(?:记者|通讯员|特约记者|见习记者|实习生)\s*)?"
    rf"({_NAME}(?:[{_SPACE}、]+(?:(?:记者|通讯员)\s*)?{_NAME})*)\s*(?:摄|摄影)?\s*[)）]?$"
)
# A photo credit inside a line: “黄一凡 摄”, “(本版图片除署名外均由 吴桐 摄)”.
_CREDIT = re.compile(rf"(?:由\s*|^|[。！？\s])((?:{_NAME})(?:[{_SPACE}]+{_NAME})*)[{_SPACE}]*摄[)）]?\s*$")
# A closing author credit: “…活力。(康明)”.
_TRAILING_AUTHOR = re.compile(rf"[。！？”]\s*[(（]({_NAME}(?:[{_SPACE}、]+{_NAME})*)[)）]\s*$")


@dataclass
class Block:
    """One line of the clean text: a paragraph, headline, byline …"""

    start: int  # offsets in the clean text
    end: int
    kind: str  # body | headline | subtitle | byline | credit | caption
    names: list[tuple[int, int]] = field(default_factory=list)  # byline/credit names (clean offsets)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass
class Page:
    """The clean text of a document with its offset map and blocks."""

    text: str
    offsets: list[int]  # clean index → document index
    blocks: list[Block]
    source_length: int

    def origin_span(self, start: int, end: int) -> tuple[int, int]:
        """Document span of the clean span [start, end)."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else self.source_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def block_at(self, pos: int) -> Block | None:
        for block in self.blocks:
            if block.start <= pos < block.end:
                return block
        return None


def read_page(text: str, exclude: list[tuple[int, int]] | None = None) -> Page:
    """Build the clean reading text of ``text``; document spans listed in
    ``exclude`` (tables) are left out."""
    raw_blocks = _raw_blocks(text, exclude or [])
    width = _column_width(text, raw_blocks)
    if not width:
        raw_blocks = [part for lines in raw_blocks for part in _paragraph_lines(text, lines)]
    out: list[str] = []
    offsets: list[int] = []
    blocks: list[Block] = []
    previous_open = False  # the previous body block ended mid-sentence
    for lines in raw_blocks:
        pieces = [_clean_line(text, s, e) for s, e in lines]
        chars = [c for piece in pieces for c in piece]
        if not chars:
            continue
        content = "".join(c for c, _ in chars)
        kind = _classify(content, len(lines), width)
        if blocks and previous_open and kind == "body" and not _starts_new_paragraph(content):
            # Column break in the middle of a sentence: continue the block.
            last = blocks[-1]
            for c, pos in chars:
                out.append(c)
                offsets.append(pos)
            last.end = len(out)
        else:
            if out:
                out.append("\n")
                offsets.append(offsets[-1] + 1 if offsets else 0)
            start = len(out)
            for c, pos in chars:
                out.append(c)
                offsets.append(pos)
            blocks.append(Block(start, len(out), kind))
        last = blocks[-1]
        last_text = "".join(out[last.start : last.end])
        previous_open = last.kind == "body" and not ends_sentence(last_text)
    clean = "".join(out)
    page = Page(clean, offsets, blocks, len(text))
    for block in blocks:
        _find_names(page, block)
    return page


def _raw_blocks(text: str, exclude: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines (as (start, end) spans), outside excluded spans."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    excluded = SpanSet(exclude)
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        inside = start in excluded
        if not raw.strip(_SPACE) or inside:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append((start, end))
    if current:
        blocks.append(current)
    return blocks


def _paragraph_lines(text: str, lines: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The paragraphs of a block when the text shows no column wrapping (one
    paragraph per line, as a web page or a word processor writes it).  Lines
    still go on (今年，郑家湾 / 镇完成任务。) except a line that ends a sentence
    or a heading (…：), and the lines of a signature: a name without
    punctuation that ends like a unit (中共石岗镇委员会 / 石岗镇人民政府), or the
    line before a date standing alone."""
    parts: list[list[tuple[int, int]]] = [[]]
    for k, (start, end) in enumerate(lines):
        parts[-1].append((start, end))
        if k + 1 == len(lines):
            break
        line = text[start:end].strip(_SPACE)
        following = text[lines[k + 1][0] : lines[k + 1][1]].strip(_SPACE)
        signature = not re.search(r"[，,、；;。：:]", line) and (
            has_unit_suffix(line) or bool(_DATE_LINE.fullmatch(following))
        )
        if ends_sentence(line) or line.endswith(("：", ":")) or signature:
            parts.append([])
    return parts


_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _clean_line(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """(char, document offset) pairs of one line, whitespace normalised."""
    line = text[start:end]
    lead = len(line) - len(line.lstrip(_SPACE))
    marker = _MARKDOWN.match(line[lead:])
    if marker:
        lead += marker.end()
    body = line[lead:].rstrip(_SPACE)
    base = start + lead
    drop = _letter_spacing(body)
    chars: list[tuple[str, int]] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in _SPACE:
            j = i
            while j < len(body) and body[j] in _SPACE:
                j += 1
            before = body[i - 1] if i else ""
            after = body[j] if j < len(body) else ""
            if i in drop or _joins(before, after):
                i = j
                continue
            chars.append((" ", base + i))
            i = j
            continue
        chars.append((ch, base + i))
        i += 1
    return chars


def _letter_spacing(body: str) -> set[int]:
    """Positions of the spaces of a letter-spaced (justified) line: most of
    its space-separated tokens are single characters (区 信 访 工 作)."""
    tokens = list(re.finditer(rf"[^{_SPACE}]+", body))
    singles = sum(1 for t in tokens if len(t.group()) == 1)
    if singles < 3 or singles / len(tokens) <= 0.6:
        return set()
    return {i for i, ch in enumerate(body) if ch in _SPACE}


def _joins(before: str, after: str) -> bool:
    """Spaces between a digit and a Chinese character (会 26 场次) or inside
    Chinese punctuation go; spaces between two words of names stay."""
    if not before or not after:
        return True
    digitish = before.isdigit() or after.isdigit() or before in ".%" or after in ".%"
    han_b, han_a = _is_han(before), _is_han(after)
    if digitish and (han_b or han_a or (before.isdigit() and after.isdigit())):
        return True
    punct = "，。、；：！？“”‘’（）《》「」—…,.;:!?()"
    return before in punct or after in punct


def _is_han(ch: str) -> bool:
    return bool(re.match(rf"[{HAN}]", ch))


def _column_width(text: str, raw_blocks: list[list[tuple[int, int]]]) -> int:
    """The usual length of a wrapped line: the median length of the lines of
    multi-line blocks (0 when the text has one paragraph per line)."""
    lengths = sorted(
        len(text[s:e].strip(_SPACE)) for lines in raw_blocks if len(lines) > 2 for s, e in lines[:-1]
    )
    if len(lengths) < 5:
        return 0
    return lengths[len(lengths) // 2]


def _classify(content: str, n_lines: int, width: int = 0) -> str:
    stripped = content.strip()
    if _BYLINE.match(stripped) and _all_names(_BYLINE.match(stripped).group(1)):  # type: ignore[union-attr]
        return "byline"
    if stripped.startswith(("——", "—", "--")):
        return "subtitle"
    if stripped.startswith(("(", "（")) and stripped.endswith((")", "）")) and "摄" in stripped:
        return "credit"
    # A short line on its own is a headline, unless it is as long as the
    # column's lines: then it is a wrapped line cut off by a column break.
    if (
        n_lines == 1
        and len(stripped) <= 30
        and not ends_sentence(stripped)
        and stripped[-1] not in "，,、：:"
    ):
        if stripped.startswith(("◆", "▲", "■", "●")) or not width:
            return "headline"
        if re.search(rf"[{HAN}”’」] +[{HAN}“‘「]", stripped):
            return "headline"  # two phrases set apart by a space: a display line
        if not 0.8 * width <= len(stripped) <= 1.3 * width:
            return "headline"
    return "body"


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence (closing quotes and brackets aside)."""
    core = text.rstrip().rstrip("”’」』)）\"'")
    return core.endswith(tuple("。！？!?…；;")) or (
        core != text.rstrip() and core.endswith(("。", "！", "？"))
    )


def _starts_new_paragraph(content: str) -> bool:
    """A block after an open sentence that nevertheless starts afresh."""
    return content.startswith(("◆", "▲", "●", "■", "（一）", "一、"))


def _all_names(names: str) -> bool:
    parts = [p for p in re.split(rf"[{_SPACE}、]+|记者|通讯员", names) if p]
    return bool(parts) and all(is_person_name(p) for p in parts)


def _find_names(page: Page, block: Block) -> None:
    """Names of a byline or photo credit, as clean-text spans."""
    content = page.text[block.start : block.end]
    found: list[tuple[int, int]] = []
    if block.kind in ("byline", "credit"):
        match = _BYLINE.match(content.strip())
        if match:
            offset = block.start + (len(content) - len(content.lstrip()))
            found = _name_spans(match.group(1), offset + match.start(1))
    if not found:
        for pattern in (_CREDIT, _TRAILING_AUTHOR):
            match = pattern.search(content)
            if match and _all_names(match.group(1)):
                found = _name_spans(match.group(1), block.start + match.start(1))
                if block.kind == "headline":
                    block.kind = "credit"
                break
    block.names = [span for span in found if is_person_name(page.text[span[0] : span[1]])]


def _name_spans(names: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(rf"[^{_SPACE}、]+", names):
        word = match.group()
        for marker in ("记者", "通讯员"):
            if word.startswith(marker):
                word = word[len(marker) :]
        if word:
            end = offset + match.end()
            spans.append((end - len(word), end))
    return spans
