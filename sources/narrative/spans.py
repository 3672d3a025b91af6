"""Candidate spans and the boundary tests every recogniser shares.

Chinese has no spaces, so the hard part of reading a name is where it starts:
青山区新港镇街道 is two areas, 走进青石村 is a verb and a village, 依托青峰国际物流园
is a verb and a park.  A name may start

- at the start of the text or after anything that is not a Chinese character
  (punctuation, digits, quotes, spaces);
- right after another name (a chain: 郑家湾镇|石桥村|新民组);
- after a function word or verb: the one-character ones listed in
  ``data/boundary_words.txt`` and the verbs, prepositions and adverbs of
  jieba's dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sources.narrative import lexicon as lx
from sources.records import AreaLevel, EntityType

OPEN_QUOTES = "“‘「『\"'"
CLOSE_QUOTES = "”’」』\"'"
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
PUNCT = "，。、；：！？,.;:!?（）()《》〈〉【】[]—…\n "


@dataclass
class Candidate:
    """An entity reading of the span [start, end) of the clean text."""

    start: int
    end: int
    type: EntityType
    rule: str
    priority: int = 50
    level: AreaLevel | None = None
    canonical: str | None = None
    text: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Candidate) -> bool:
        return self.start <= other.start and other.end <= self.end and self.span != other.span

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def __len__(self) -> int:
        return self.end - self.start


def make(text: str, start: int, end: int, type_: EntityType, rule: str, **kw: object) -> Candidate:
    return Candidate(start, end, type_, rule, text=text[start:end], **kw)  # type: ignore[arg-type]


def boundary_words() -> frozenset[str]:
    return lx.words("boundary_words.txt")


def stop_chars() -> frozenset[str]:
    return lx.words("name_stop_chars.txt")


def generic_words() -> frozenset[str]:
    return lx.words("generic_words.txt")


def clean_left(text: str, i: int, ends: set[int] | frozenset[int] = frozenset(), jieba: bool = True) -> bool:
    """May a name start at ``i``?"""
    if i <= 0:
        return True
    prev = text[i - 1]
    if not lx.is_han(prev):
        return True
    if i in ends:
        return True
    if lx.is_common_word(text[i - 1 : i + 1], 50) and not (
        i >= 2 and lx.is_function_word(text[i - 2 : i]) and not lx.is_common_word(text[i - 2 : i + 1], 20)
    ):
        return False  # the start would split a word (中部|百强县), not 推进|城市
    words = boundary_words()
    for n in (4, 3, 2, 1):
        if i - n >= 0 and text[i - n : i] in words:
            return True
    if jieba:
        for n in (4, 3, 2):
            if i - n >= 0 and lx.is_function_word(text[i - n : i]):
                return True
    return False


def clean_right(text: str, j: int) -> bool:
    """May a name end at ``j``: end of text, punctuation, or a following word
    that is a function word or a common word (曹立明|介绍, 孟达|以)."""
    if j >= len(text):
        return True
    nxt = text[j]
    if not lx.is_han(nxt):
        return True
    if nxt in boundary_words() or nxt in "说讲称在以对向和与及为是的等也就都又将把被从给让中上里拟":
        return True
    if any(len(w) > 1 and text.startswith(w, j) for w in boundary_words()):
        return True  # 何立新|包抓, 方志诚|宣布
    for n in (4, 3, 2):
        word = text[j : j + n]
        if len(word) == n and (lx.is_common_word(word, 20) or _frequent(word)):
            return True
    return False


def _frequent(word: str) -> bool:
    """A very frequent word whatever its tag (汇报 is tagged nz), unless it
    is a person or place name."""
    tag = lx.word_tag(word) or ""
    return lx.word_freq(word) >= 500 and not tag.startswith(("nr", "ns"))


def name_chars_ok(name: str) -> bool:
    """All Chinese characters, none of them one that never occurs in names."""
    if not name or not all(lx.is_han(c) for c in name):
        return False
    stops = stop_chars()
    return not any(c in stops for c in name)


def is_generic(name: str) -> bool:
    """A name made only of generic modifiers and common words: 重点, 省市级重点,
    高效节水灌溉.  A proper element (an unknown word, a place or person name,
    a digit or Latin letter, a quotation) makes it specific."""
    if not name:
        return True
    if any(c.isdigit() or (c.isascii() and c.isalpha()) for c in name):
        return False
    if any(q in name for q in OPEN_QUOTES):
        return False
    generic = generic_words()
    if name in generic or _covered(name, generic):
        return True
    tokens = lx.segment(name)
    for token in tokens:
        if token in generic:
            continue
        tag = lx.word_tag(token)
        if tag is None or tag in lx.PROPER_TAGS or (len(token) == 1 and not lx.word_freq(token)):
            return False
        if lx.word_freq(token) < 30:
            return False
    return True


def _covered(name: str, generic: frozenset[str]) -> bool:
    """Can ``name`` be cut entirely into generic words (高新|产业)?"""
    ok = [True] + [False] * len(name)
    for i in range(len(name)):
        if not ok[i]:
            continue
        for j in range(i + 1, min(len(name), i + 6) + 1):
            if name[i:j] in generic:
                ok[j] = True
    return ok[len(name)]


def strip_leading_function_words(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading verbs, prepositions and adverbs (依托|湘南国际,
    成功引进|青峰科创园) as jieba segments them."""
    tokens = lx.segment(text[start:end])
    pos = start
    for token in tokens:
        if pos >= end:
            break
        if (
            token in boundary_words()
            or (len(token) > 1 and lx.is_function_word(token))
            or token in ("成功", "积极", "全力", "大力", "加快", "已")
        ):
            pos += len(token)
            continue
        break
    return pos


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of “…” / 「…」 / ‘…’ quotations (outer quotes included), not nested."""
    spans = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        close = QUOTE_PAIRS.get(ch)
        if close:
            j = text.find(close, i + 1)
            # An unclosed or very long quotation is speech, not a name.
            if j != -1 and j - i <= 60 and "\n" not in text[i:j]:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
