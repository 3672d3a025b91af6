"""Deadlines as task documents write them, and the date they mean.

``12月底前``, ``2023年6月30日前``, ``第四季度``, ``年底前``, ``上半年``: the text
is kept as written (:attr:`Task.deadline`) and, where the document's year is
known (its date, or a year in its title) or the expression names its own
year, turned into the ISO date of the last day it allows
(:attr:`Task.deadline_date`): 12月底前 → 12-31, 第三季度 → 09-30, 上半年 → 06-30.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from sources.records import Document

_NUM = r"[0-9０-９]"
_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DONE = re.compile(r"(?:完成|建成|实现|投用|投产|竣工|开工|上线|到位|出台|落地)")

# One expression; the named groups say what it means.  Longest forms first.
_DEADLINE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?"
    r"(?:"
    r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?:(?P<day>3[01]|[12]\d|0?[1-9])\s*[日号]|(?P<month_end>底|末|份)|(?P<mid>中旬|上旬|下旬))?"
    r"|(?:第\s*)?(?P<quarter>[一二三四1-4])\s*季度(?P<quarter_end>末|底)?"
    r"|(?P<half>上半年|下半年|年中)"
    r"|(?P<year_end>年底|年末|年内|全年|年度内|底|末|内)"
    r")"
    r"(?P<cue>之前|以前|以内|之内|前|内|止)?"
)
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_ISO_YEAR = re.compile(r"^((?:19|20)\d{2})")
# Expressions that mean "ongoing", kept as written with no date.
_ONGOING = re.compile(r"长期坚持|长期推进|持续推进|常态化推进|长期|持续|常年")


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, where it is, and the ISO date it means (or None)."""

    text: str
    start: int
    end: int
    date: str | None


def document_year(document: Document) -> int | None:
    """The year the document speaks for: its date, else a year in its title."""
    if document.date:
        match = _ISO_YEAR.match(document.date)
        if match:
            return int(match.group(1))
    if document.title:
        match = _YEAR_IN_TEXT.search(document.title)
        if match:
            return int(match.group(1))
    return None


def _month(value: str) -> int:
    return int(value) if value.isdigit() else _CN_MONTH[value]


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _date(match: re.Match[str], year: int | None) -> str | None:
    if match.group("year"):
        year = int(match.group("year"))
    if year is None:
        return None
    if match.group("month"):
        month = _month(match.group("month"))
        if match.group("day"):
            day = int(match.group("day"))
            if day > calendar.monthrange(year, month)[1]:
                return None
            return f"{year:04d}-{month:02d}-{day:02d}"
        if match.group("mid") == "上旬":
            return f"{year:04d}-{month:02d}-10"
        if match.group("mid") == "中旬":
            return f"{year:04d}-{month:02d}-20"
        return _last_day(year, month)
    if match.group("quarter"):
        return _last_day(year, _QUARTER[match.group("quarter")] * 3)
    half = match.group("half")
    if half in ("上半年", "年中"):
        return f"{year:04d}-06-30"
    return f"{year:04d}-12-31"


def _is_deadline(match: re.Match[str], text: str, labelled: bool) -> bool:
    """Whether a date expression is a deadline: in a deadline cell or after a
    deadline label anything counts; in running text it needs a cue
    (前 / 底 / 内 / 完成 …), so 从2023年第一季度开始 is not one."""
    if labelled:
        return True
    if match.group("cue") or match.group("month_end") in ("底", "末") or match.group("quarter_end"):
        return True
    if match.group("year_end") in ("年底", "年末", "底", "末"):
        return True
    before = text[max(0, match.start() - 2) : match.start()]
    after = text[match.end() : match.end() + 4]
    if re.search(r"(?:于|在|到)$", before) and _DONE.match(after):
        return True
    return bool(_DONE.match(after))


def find_deadlines(text: str, year: int | None = None, labelled: bool = False) -> list[Deadline]:
    """Every deadline in ``text``; ``labelled`` when the text is a 完成时限 cell."""
    found: list[Deadline] = []
    for match in _DEADLINE.finditer(text):
        written = match.group(0).strip()
        if not written or written.isdigit():
            continue
        if match.group("year_end") in ("底", "末", "内") and not match.group("year"):
            continue  # 底 / 末 / 内 mean the year's end only after a year (2023年底)
        if not _is_deadline(match, text, labelled):
            continue
        # a bare "年内" / "全年" only when it is cued (年内完成, 全年) in a deadline cell
        bare_year = match.group("year_end") in ("年内", "全年", "年度内", "内")
        if bare_year and not labelled and not _DONE.match(text[match.end() : match.end() + 2]):
            continue
        found.append(Deadline(written, match.start(), match.start() + len(written), _date(match, year)))
    return found


_NUMERIC_DATE = re.compile(r"((?:19|20)\d{2})[-/.](1[0-2]|0?[1-9])(?:[-/.](3[01]|[12]\d|0?[1-9]))?(?!\d)")


def _numeric_dates(text: str) -> list[Deadline]:
    """2024-06-30, 2024/6/30, 2024.6 (a spreadsheet's date cell, a typed date)."""
    found = []
    for match in _NUMERIC_DATE.finditer(text):
        y, m = int(match.group(1)), int(match.group(2))
        if match.group(3):
            d = int(match.group(3))
            if d > calendar.monthrange(y, m)[1]:
                continue
            date = f"{y:04d}-{m:02d}-{d:02d}"
        else:
            date = _last_day(y, m)
        found.append(Deadline(match.group(0), match.start(), match.end(), date))
    return found


def find_deadline(text: str, year: int | None = None, labelled: bool = False) -> Deadline | None:
    """The deadline of a task text: the last one it states (a task that says
    "6月底前完成方案，12月底前建成" is done by the end of December).

    For a deadline cell that states no date (长期坚持, 持续推进) the cell
    itself is the deadline, without a date."""
    found = find_deadlines(text, year, labelled)
    if labelled:
        found += _numeric_dates(text)
    if found:
        dated = [d for d in found if d.date]
        return max(dated, key=lambda d: d.date or "") if dated else found[-1]
    if labelled:
        stripped = text.strip()
        timely = _ONGOING.search(stripped) or re.search(r"[年月日季旬前底]", stripped)
        if stripped and timely and len(stripped) <= 16:
            return Deadline(stripped, text.find(stripped), text.find(stripped) + len(stripped), None)
    return None


def parse_deadline(text: str, year: int | None = None) -> tuple[str | None, str | None]:
    """``(as written, ISO date)`` for a deadline cell or label value."""
    deadline = find_deadline(text, year, labelled=True)
    if deadline is None:
        return None, None
    return deadline.text, deadline.date
