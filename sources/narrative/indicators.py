"""Headline statistics: 地区生产总值44.47亿元，同比增长3.5%.

A statistic is a name, an optional linking verb (实现, 完成, 达到, 为 …), a
value with its unit and an optional growth rate (同比增长3.5%), or a name with a
growth rate only (规模以上工业增加值同比增长3.7%), or a value written before its
name (完成40.3亿元固定资产投资).  The name runs back to the start of its clause;
scope words, times, counts and an area written first are stripped from it
(白沙区实现|生产总值, 28个|省、市重点项目完成投资) and the area is kept.

Every statistic becomes an :class:`~sources.records.Indicator`; those whose
name is a headline indicator of government reporting (``data/indicators.tsv``:
GDP, value added, investment, retail sales, income, fiscal revenue, new jobs …)
are *core* and also become INDICATOR mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.narrative import lexicon as lx
from sources.narrative.spans import Candidate

# Units of a value, longest first (万亩 before 亩).
_UNITS = "|".join(
    [
        *("平方米", "公顷", "万亩", "万吨", "公里", "亿元", "万元", "人次", "台次", "批次", "场次"),
        *"元人户家个项条件场次名亩吨米座处所份口宗位辆张%",
    ]
)
_NUMBER = r"(?:超过|超|近|约)?\d+(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:余|多)?"
VALUE = re.compile(rf"{_NUMBER}(?:{_UNITS})(?:以上|左右)?")
_LINK = r"(?:分别为|分别达|实现了|实现|完成了|完成|达到|共计|合计|总计|累计|突破|共有|共|为|达|是)?"
_GROWTH = re.compile(r"(?:按可比价计算[，,])?(?:同比|比上年|较上年|分别)?(增长|下降)(-?\d+(?:\.\d+)?%)")
_TIME = re.compile(
    r"(?:\d{4}年)?(?:今年|去年|全年|上半年|下半年|前三季度|一季度|前\d+个月|\d{1,2}(?:—|-|至|~)\d{1,2}月份?|"
    r"\d{1,2}月至\d{1,2}月|截至(?:目前|\d{1,2}月(?:\d{1,2}日)?)|\d{4}年(?:以来|初|底)?)"
)
_SCOPE = (
    *("全区", "全市", "全县", "全省", "全镇", "全乡", "全旗", "全盟", "全州", "全村", "全街道", "全苏木"),
    *("该区", "该市", "该县", "该镇", "该乡", "该旗", "园区", "全年", "本次", "此次"),
)
_FILLERS = (
    "共",
    "累计",
    "实现",
    "完成",
    "其中",
    "已",
    "今年",
    "同比",
    "总计",
    "当年",
    "力争",
    "确保",
    "预计",
    "实施",
)
_CLAUSE_STOPS = "，。；：！？,;:!?\n（）()"
_COUNT = re.compile(r"^\d+(?:个|家|项)")


@dataclass
class Statistic:
    name_start: int
    name_end: int
    name: str
    value: str | None
    growth: str | None
    period: str | None
    area: str | None
    tier: str
    end: int = 0  # end of the whole statistic (value and growth)
    names: tuple[str, ...] = ()  # split names (城乡 → 城镇 / 农村)
    values: tuple[str | None, ...] = ()
    growths: tuple[str | None, ...] = ()

    @property
    def core(self) -> bool:
        return self.tier == "core"


def find_statistics(text: str, areas: list[Candidate]) -> list[Statistic]:
    out: list[Statistic] = []
    seen: set[int] = set()
    for m in re.finditer(rf"({_LINK})({VALUE.pattern}(?:、{VALUE.pattern})*)", text):
        if re.search(r"(?:增长|下降|增速|提高|降低|降至|占|的)$", text[max(0, m.start() - 3) : m.start()]):
            continue  # a rate or a share, not a value
        values = [v.group() for v in VALUE.finditer(m.group(2))]
        growth_m = _GROWTH.match(text, m.end()) or _after_comma_growth(text, m.end())
        stat = _named(text, m.start(), areas)
        if stat is None and m.group(1) in ("完成", "实现", "完成了", "实现了"):
            # 完成40.3亿元固定资产投资: the value before the name
            stat = _name_after(text, m.end())
        if stat is None or stat[0] in seen:
            continue
        start, end, area = stat
        seen.add(start)
        out.append(_make(text, start, end, area, values, growth_m, (growth_m or m).end()))
    for m in _GROWTH.finditer(text):
        if m.group(0).startswith("按可比价") or text[m.start() - 1 : m.start()] in "，,":
            continue
        stat = _named(text, m.start(), areas)
        if stat is None or stat[0] in seen:
            continue
        start, end, area = stat
        seen.add(start)
        out.append(_make(text, start, end, area, [], m, m.end()))
    return sorted(out, key=lambda s: s.name_start)


def _after_comma_growth(text: str, pos: int) -> re.Match[str] | None:
    """…131.45亿元，全市第二，增长5.8%: one short clause may stand between."""
    m = re.match(r"[，,](?:[^，,。；]{1,8}[，,])?", text[pos:])
    if not m:
        return None
    return _GROWTH.match(text, pos + m.end())


def _named(text: str, end: int, areas: list[Candidate]) -> tuple[int, int, str | None] | None:
    """The name of a statistic ending at ``end``: back to the clause start,
    scope words, times, counts and a leading area stripped."""
    start = end
    while start > 0:
        ch = text[start - 1]
        if ch == "、" and _level_pair(text, start - 1):
            start -= 1
            continue
        if ch in _CLAUSE_STOPS or ch == "、":
            break
        start -= 1
    if end - start < 2 or end - start > 30:
        return None
    area = None
    changed = True
    while changed and start < end:
        changed = False
        holder = _holder_at(text, start, end, areas)
        if holder is not None:
            area, start, changed = holder[0] if area is None or holder[2] else area, holder[1], True
        t = _TIME.match(text, start)
        if t and t.end() > start:
            start, changed = t.end(), True
        for word in (*_SCOPE, *_FILLERS):
            if text.startswith(word, start):
                start, changed = start + len(word), True
        c = _COUNT.match(text[start:end])
        if c:
            start, changed = start + c.end(), True
    name = text[start:end]
    if len(name) < 2 or not re.search(r"[\u3400-\u9fff]{2}", name) or re.search(r"\d", name):
        return None
    return start, end, area


def _holder_at(text: str, start: int, end: int, areas: list[Candidate]) -> tuple[str, int, bool] | None:
    """(name, end, named) of what a figure is written after: an area, project
    or company candidate (named), or the bare name of a province or city
    (苏州|昆山市…), which only stands in until a candidate is found."""
    found = None
    for a in areas:
        if a.start == start and a.end <= end:
            found = (a.canonical or a.text, a.end, True)
    if found is None and text[start : start + 2] in lx.place_stems() and start + 2 < end:
        found = (lx.place_stems()[text[start : start + 2]].name, start + 2, False)
    return found


def _level_pair(text: str, pos: int) -> bool:
    """省、市 inside a name: single level characters around 、."""
    return text[pos - 1 : pos] in "省市区县" and text[pos + 1 : pos + 2] in "省市区县"


def _name_after(text: str, pos: int) -> tuple[int, int, str | None] | None:
    m = re.match(r"[\u3400-\u9fff]{2,12}", text[pos:])
    if not m:
        return None
    name = m.group()
    for n in range(len(name), 1, -1):
        if lx.indicator_tier(name[:n]) == "core":
            return pos, pos + n, None
    return None


def _make(  # noqa: PLR0917 - the parts of one statistic
    text: str,
    start: int,
    end: int,
    area: str | None,
    values: list[str],
    growth: re.Match[str] | None,
    stop: int,
) -> Statistic:
    name = text[start:end]
    growths: list[str | None] = []
    if growth:
        rest = text[growth.end() : growth.end() + 12]
        growths = [growth.group(2), *re.findall(r"^、(-?\d+(?:\.\d+)?%)", rest)]
    tier = lx.indicator_tier(name) or "secondary"
    period = _period(text, start)
    names: tuple[str, ...] = (name,)
    if name.startswith("城乡") and len(values) == 2:
        names = ("城镇" + name[2:], "农村" + name[2:])
    vals: list[str | None] = list(values) or [None]
    grs: list[str | None] = growths or [None]
    while len(vals) < len(names):
        vals.append(vals[-1] if len(vals) == 1 and len(names) == 1 else None)
    while len(grs) < len(names):
        grs.append(None)
    return Statistic(
        start,
        end,
        name,
        vals[0],
        grs[0],
        period,
        area,
        tier,
        max(stop, end),
        names,
        tuple(vals[: len(names)]),
        tuple(grs[: len(names)]),
    )


def _period(text: str, start: int) -> str | None:
    """The time the sentence gives (1—10月, 前三季度, 2020年), the nearest
    before the name within its sentence."""
    sentence_start = max(text.rfind(c, 0, start) for c in "。\n；") + 1
    found = None
    for m in _TIME.finditer(text, sentence_start, start + 1):
        found = m.group()
    return found


def number_of(value: str | None) -> tuple[float | None, str | None]:
    """(number, unit) of a verbatim value: 44.47亿元 → (44.47, 亿元)."""
    if not value:
        return None, None
    m = re.search(r"\d+(?:\.\d+)?", value)
    if not m:
        return None, None
    unit_m = re.search(rf"(?:万|亿)?(?:{_UNITS})", value[m.end() :])
    unit = None
    if unit_m:
        unit = unit_m.group()
    return float(m.group()), unit
