"""What a document is: its title, issuer, date and the area it speaks for.

:func:`describe` reads these from the text alone (a reader may already have
set some from file properties; those are kept).  The area matters beyond
display: it scopes the document's names (区发改局 of 青溪区 is not 区发改局 of
红岭区), so it is the most specific district, county or city the title or
issuer names, or for a narrative page the one it is about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

from sources.records import Document

# Endings of a line that names the document itself (strong) or a covering notice (weak).
_STRONG_ENDINGS = (
    "清单",
    "方案",
    "分解表",
    "责任表",
    "任务表",
    "一览表",
    "分工表",
    "计划",
    "要点",
    "分工",
    "分解",
    "任务",
    "报告",
    "意见",
    "办法",
    "细则",
    "规划",
    "纪实",
    "目标",
)
# Strong endings that also end column names and sentences: trusted with a year only.
_WEAK_STRONG = ("任务", "目标", "计划")
_WEAK_ENDINGS = ("通知", "通报", "决定", "批复", "函")
_LABELS = (
    "附件",
    "索引号",
    "索 引 号",
    "发布",
    "发文",
    "文号",
    "文 号",
    "名称",
    "名 称",
    "分类",
    "主题",
    "来源",
    "字体",
    "效力",
    "成文",
)
_ISSUER_ENDINGS = (
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "政府办公室",
    "政府办公厅",
    "政府办",
    "委员会办公室",
    "委员会",
    "委办公室",
    "办公室",
)
_ISSUER_LABELS = ("发布机构", "发文机关", "发文单位", "发文机构", "制发机关", "信息来源", "来源")
_DATE_LABELS = ("成文日期", "发文日期", "印发日期", "发布日期", "发布时间", "日期")

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
)
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)

# Administrative levels by their name endings, most specific first.
_LEVEL_SUFFIXES = (
    ("自治县", 3),
    ("县", 3),
    ("区", 3),
    ("旗", 3),
    ("自治州", 2),
    ("州", 2),
    ("盟", 2),
    ("地区", 2),
    ("市", 2),
    ("自治区", 1),
    ("省", 1),
)
# Characters that, before 区/市/县, make a common word (中心城区, 云州市区) rather
# than end an area name (碧山区 ends in 山, so 山 is not here).
_GENERIC_TAILS = set("城园社片辖小景街校营郊库矿灾疫市")
_STOP_CHARS = set("的了在和与及等个各全该本我两三四五六七八九十多其年月日是为对从到把被所这那有")
_BOUNDARY_WORDS = ("关于印发", "关于", "印发", "落实", "推进", "支持", "位于", "坐落于", "地处")


@cache
def _not_areas() -> frozenset[str]:
    """Words ending in an area suffix that are not area names (城区, 开发区, 超市 …)."""
    path = Path(__file__).resolve().parent / "data" / "not_areas.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def describe(document: Document) -> Document:
    """Fill ``title``, ``issuer``, ``date`` and ``area`` where the text tells them."""
    lines = _front_lines(document.text)
    title, confident = find_title(lines)
    issuer = find_issuer(lines)
    when = find_date(lines)
    area = document.area or find_area(title if confident else None, issuer, _subtitles(lines), document.text)
    return replace(
        document,
        title=document.title or title,
        issuer=document.issuer or issuer,
        date=document.date or when,
        area=area,
    )


def _front_lines(text: str, limit: int = 400) -> list[str]:
    """The lines a title, issuer and date are read from: those before the
    first table (TAB lines are cells), at most ``limit``, stripped."""
    lines: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(lines) >= limit:
            break
        lines.append(line.strip())
    return lines


# ---------------------------------------------------------------- title


def _is_label(line: str) -> bool:
    return line.startswith(_LABELS)


def _title_like(line: str) -> bool:
    core = re.sub(r"\s+", "", line.lstrip("#").strip())
    return 4 <= len(core) <= 80 and not re.search(r"[，。；！？,;!?]", core) and not _is_label(core)


def find_title(lines: list[str]) -> tuple[str | None, bool]:
    """The document's title and whether a rule (not the fallback) found it.

    In order: a markdown level-1 heading; the 《X》 a covering notice
    印发s; a line ending like a document name (…清单, …方案); a notice line
    (…的通知); the first short standalone line."""
    for line in lines:
        if re.match(r"^#\s+\S", line):
            return _squeeze_title(line[1:]), True
    for line in lines:
        match = re.search(r"印发\s*《(.+?)》\s*的?\s*(?:通知|通报)", line)
        if match and _squeeze_title(match.group(1)).endswith(_STRONG_ENDINGS):
            return _squeeze_title(match.group(1)), True
    for ending_set in (_STRONG_ENDINGS, _WEAK_ENDINGS):
        for line in lines:
            core = _squeeze_title(line.lstrip("#"))
            if _names_document(line, core, ending_set):
                return core, True
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        standalone = not before and not after and len(line) >= 6
        if standalone and _title_like(line) and not _LIST_ITEM.match(line.lstrip("#").strip()):
            return _squeeze_title(line.lstrip("#")), False
    return None, False


_LIST_ITEM = re.compile(
    r"^(?:\d{1,2}[.、．)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])"
)


def _names_document(line: str, core: str, endings: tuple[str, ...]) -> bool:
    """A line that names a document: short, no sentence punctuation, ending
    in one of ``endings``; not a sub-title (——…), a list item (附件 1. …, 一、…)
    or, for the strong endings, a 关于… notice."""
    if not _title_like(line) or core.startswith(("——", "—")) or _LIST_ITEM.match(core):
        return False
    if endings is _STRONG_ENDINGS and core.startswith("关于"):
        return False
    if core.endswith(_WEAK_STRONG) and not re.search(r"\d{4}年", core):
        return False  # 目标任务 is a column name; a title ending so names its year
    return core.endswith(endings)


def _squeeze_title(text: str) -> str:
    """Title text: inner spaces dropped between CJK characters, kept between words."""
    text = text.strip()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def _subtitles(lines: list[str]) -> list[str]:
    """Sub-title lines (——云州市青溪区2023年经济社会发展纪实) near the top."""
    out = []
    for line in lines[:40]:
        core = line.lstrip("#").strip()
        if core.startswith(("——", "—", "--")):
            out.append(core.lstrip("—-").strip())
    return out


# ---------------------------------------------------------------- issuer


def find_issuer(lines: list[str]) -> str | None:
    """The issuing body: a standalone line such as 云州市青溪区人民政府办公室
    (heading or signature), or a labelled one (发布机构: …).  A name that
    carries its area beats a bare 区人民政府办公室."""
    candidates: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        core = re.sub(r"\s+", "", line.lstrip("#"))
        core = core.removesuffix("文件")
        if 4 <= len(core) <= 30 and core.endswith(_ISSUER_ENDINGS) and _plain_name(core):
            candidates.append((_issuer_score(core), -i, core))
        for label in _ISSUER_LABELS:
            match = re.search(rf"{label}\s*[:：]?\s*([^\s:：]+)", line)
            value = match.group(1) if match else ""
            if not value and line.replace(" ", "") == label and i + 1 < len(lines):
                value = lines[i + 1].replace(" ", "")
            if value.endswith(_ISSUER_ENDINGS) and _plain_name(value):
                candidates.append((_issuer_score(value), -i, value))
    if not candidates:
        return None
    return max(candidates)[2]


def _plain_name(text: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff（）()]+", text)) and "关于" not in text


def _issuer_score(name: str) -> int:
    return (10 if areas_in(name) else 0) + len(name)


# ---------------------------------------------------------------- date


def find_date(lines: list[str]) -> str | None:
    """The document's date as ISO 8601: a standalone date line (the signature),
    else a labelled one (成文日期 / 发布日期 …), else the first in the opening lines."""
    for line in lines:
        core = re.sub(r"\s+", "", line)
        if 8 <= len(core) <= 16:
            iso = parse_date(core)
            if iso and re.fullmatch(r"[\d年月日\-./〇○零一二三四五六七八九十]+", core):
                return iso
    for label in _DATE_LABELS:
        for i, line in enumerate(lines):
            if label in line:
                rest = line[line.index(label) + len(label) :]
                iso = parse_date(rest[:40]) or (parse_date(lines[i + 1]) if i + 1 < len(lines) else None)
                if iso:
                    return iso
    for line in lines[:10]:
        iso = parse_date(line)
        if iso:
            return iso
    return None


def parse_date(text: str) -> str | None:
    """The first valid date in ``text``: 2023年11月24日, 2023-11-24, 2023.11.24,
    2023/11/24, 二〇二三年十一月二十四日 → ISO 8601."""
    found: list[tuple[int, int, int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _CN_DATE.finditer(text):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        found.append((m.start(), year, _cn_number(m.group(2)), _cn_number(m.group(3))))
    for _, y, mo, d in sorted(found):
        if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _cn_number(text: str) -> int:
    """十一 → 11, 二十四 → 24, 三十一 → 31, 九 → 9."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


# ---------------------------------------------------------------- area


def areas_in(text: str) -> list[tuple[str, int]]:
    """Administrative area names in ``text`` with their level (1 province,
    2 city, 3 district / county), in order: 云州市青溪区人民政府 →
    [(云州市, 2), (青溪区, 3)]."""
    found: list[tuple[str, int]] = []
    suffixes = "|".join(s for s, _ in _LEVEL_SUFFIXES)
    for m in re.finditer(rf"(?:{suffixes})", text):
        suffix = m.group()
        stem = _stem_before(text, m.start())
        if not stem:
            continue
        name = stem + suffix
        generic_tail = stem[-1] in _GENERIC_TAILS and (stem[-1:] + suffix) in _not_areas()
        if name in _not_areas() or (stem[-2:] + suffix) in _not_areas() or generic_tail:
            continue
        found.append((name, dict(_LEVEL_SUFFIXES)[suffix]))
    return found


def _stem_before(text: str, pos: int) -> str:
    """The 2–4 CJK characters naming an area before its suffix at ``pos``.

    The stem runs back to the nearest boundary: a non-CJK character, a
    higher-level suffix (市 in 云州市青溪区) or a function word (印发 in
    关于印发青溪区…).  Inside a longer run of characters with no boundary the
    usual two-character stem is taken."""
    start = pos
    while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and pos - start < 6:
        start -= 1
    segment = text[start:pos]
    # Only a line start, a higher-level area or a function word bounds a long
    # stem; after punctuation (，结合红岭区实际) the usual two characters are taken.
    bounded = start == 0 or text[start - 1] in "\n \u3000\t#"
    for word in _BOUNDARY_WORDS:
        cut = segment.rfind(word)
        if cut >= 0:
            segment, bounded = segment[cut + len(word) :], True
    for higher in ("省", "市", "州", "盟"):
        cut = segment.rfind(higher)
        if cut >= 0 and len(segment) - cut - 1 >= 2:
            segment, bounded = segment[cut + 1 :], True
    if not bounded or len(segment) > 4:
        segment = segment[-2:]
    if len(segment) < 2 or any(ch in _STOP_CHARS for ch in segment):
        return ""
    return segment


def find_area(title: str | None, issuer: str | None, subtitles: list[str], text: str) -> str | None:
    """The most specific area the issuer or title names (then a sub-title);
    failing those, the district or county the text names most often."""
    for source in (issuer, title, *subtitles):
        if not source:
            continue
        named = areas_in(source)
        if named:
            return max(named, key=lambda item: (item[1], -named.index(item)))[0]
    counts = Counter(name for name, level in areas_in(text) if level == 3)
    if not counts:
        counts = Counter(name for name, level in areas_in(text) if level == 2)
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    return best if n >= 2 else None
