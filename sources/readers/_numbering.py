"""Word's automatic list numbering, rendered as the reader of the page sees it.

A task list typed in Word often numbers its items with list styles, so the
一、/（一）/1. that carry the task hierarchy are not in the paragraph text at
all; without them the hierarchy (and the task numbers) would be lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if n >= 1000:
        return str(n)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    return _DIGITS[hundreds] + "百" + middle + (chinese_number(rest) if rest >= 10 else _DIGITS[rest])


def _roman(n: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"))
    values += ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else f"({n})"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int
    fmt: str
    text: str


class ListNumbering:
    """Counters for the document's numbered lists; :meth:`label` advances them."""

    def __init__(self, levels: dict[str, dict[int, _Level]], abstract_of: dict[str, str]) -> None:
        self._levels = levels  # numId -> ilvl -> level
        self._abstract_of = abstract_of  # numId -> abstractNumId (counters are shared per abstract)
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numpr: dict[str, tuple[str, int]] = {}

    @classmethod
    def empty(cls) -> ListNumbering:
        return cls({}, {})

    @classmethod
    def from_docx(cls, document: Any) -> ListNumbering:
        try:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            part = document.part.part_related_by(RT.NUMBERING)
        except (KeyError, AttributeError, ImportError):
            return cls.empty()
        root = part.element
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in root.iter(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = _Level(
                    start=int(_val(lvl, "start") or 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                )
            abstracts[abstract.get(_W + "abstractNumId", "")] = levels
        levels_of: dict[str, dict[int, _Level]] = {}
        abstract_of: dict[str, str] = {}
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId", "")
            abstract_id = _val(num, "abstractNumId") or ""
            levels = dict(abstracts.get(abstract_id, {}))
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(int(start), base.fmt, base.text)
            levels_of[num_id] = levels
            # numbers continue across lists that share a definition, unless one restarts
            abstract_of[num_id] = num_id if num.find(_W + "lvlOverride") is not None else abstract_id
        numbering = cls(levels_of, abstract_of)
        numbering._style_numpr = _style_numbering(document)
        return numbering

    def label(self, p: Any) -> str:
        """The number shown before paragraph ``p`` (advancing the counters), or ''."""
        num_id, ilvl = self._numpr(p)
        if not num_id or num_id == "0" or num_id not in self._levels:
            return ""
        levels = self._levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(self._abstract_of.get(num_id, num_id), {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            lvl = levels.get(level)
            if lvl is None:
                return ""
            value = counters.get(level, lvl.start)
            return format_number(value, lvl.fmt)

        if levels[ilvl].fmt == "bullet":
            return ""
        return re.sub(r"%(\d)", render, levels[ilvl].text)

    def _numpr(self, p: Any) -> tuple[str | None, int]:
        numpr = p.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None:
            return _val(numpr, "numId"), int(_val(numpr, "ilvl") or 0)
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None:
            found = self._style_numpr.get(style.get(_W + "val", ""))
            if found:
                return found
        return None, 0


def _val(element: Any, name: str) -> str | None:
    found = element.find(_W + name)
    return None if found is None else found.get(_W + "val")


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (heading styles often do)."""
    out: dict[str, tuple[str, int]] = {}
    try:
        styles = document.styles.element
    except (AttributeError, KeyError):
        return out
    for style in styles.iter(_W + "style"):
        numpr = style.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None and _val(numpr, "numId"):
            out[style.get(_W + "styleId", "")] = (_val(numpr, "numId") or "", int(_val(numpr, "ilvl") or 0))
    return out
