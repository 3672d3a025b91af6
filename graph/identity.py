"""Identity: which surface forms name the same thing.

A unit is written in full (青溪区发展和改革局) or abbreviated (区发改局); both
reduce to one *key* (区发改局) by replacing the document's own area name with
its level character and full forms with their standard abbreviations.  Names
of people are keyed by their characters alone; scope (see :mod:`graph.iris`)
keeps namesakes in different districts apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_AREA_LEVEL = re.compile(r"(省|自治区|市|自治州|州|地区|盟|区|县|自治县|旗)$")


def clean(text: str) -> str:
    """NFKC-free normalisation: remove whitespace (names are often spaced out
    in tables: 廖  勇) and keep everything else as written."""
    return _SPACES.sub("", text)


def loose(text: str) -> str:
    """Comparison form: no whitespace, no quotation marks, half-width ASCII."""
    return unicodedata.normalize("NFKC", clean(text)).translate(_QUOTES)


@cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in (_DATA / "unit_abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            full, short = line.split("\t")
            pairs.append((full, short))
    # Longest first, so 公安局交通警察大队 wins over 交通警察大队.
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def area_level_char(area: str) -> str | None:
    """区 for 青溪区, 县 for 白沙县: the word a unit uses in place of the area's name."""
    match = _AREA_LEVEL.search(area)
    if not match:
        return None
    level = match.group(1)
    return {"自治区": "区", "自治州": "州", "自治县": "县"}.get(level, level)


def unit_key(name: str, area: str | None = None) -> str:
    """The key under which every written form of one unit meets.

    ``area`` is the area the document speaks for: its name, with or without
    a preceding city or province, becomes the level character (青溪区 → 区).
    """
    key = loose(name)
    if area:
        area = loose(area)
        level = area_level_char(area)
        match = re.match(rf"^(?:[\u4e00-\u9fff]{{2,8}}?(?:省|市|州))?{re.escape(area)}", key)
        if level and match and len(key) > match.end():
            key = level + key[match.end() :]
    for full, short in _abbreviations():
        key = key.replace(full, short)
    return key


def fuller(a: str, b: str) -> str:
    """Of two forms of one name, the one to show as its label: the longer,
    ties broken by code point so that the choice is deterministic."""
    return max(a, b, key=lambda s: (len(s), s))


# Names ending in 区 that are not districts: communities, parks, zones.
_NOT_DISTRICT = (
    "社区",
    "小区",
    "园区",
    "景区",
    "开发区",
    "经开区",
    "高新区",
    "片区",
    "城区",
    "校区",
    "保护区",
    "示范区",
    "试验区",
    "功能区",
    "自贸区",
    "新区",
    "库区",
    "山区",
    "林区",
    "矿区",
)


def is_county_or_above(area: str) -> bool:
    """True for provinces, cities, prefectures, districts and counties: the
    areas whose names are unique enough to be named once for the whole graph."""
    if area.endswith(("省", "市", "州", "县", "盟", "旗", "自治区")):
        return True
    return area.endswith("区") and not area.endswith(_NOT_DISTRICT)
