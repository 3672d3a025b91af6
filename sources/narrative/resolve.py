"""From competing candidates to the entities of one document.

The recognisers propose overlapping readings (岳阳市 and 岳阳市发改委; “六无”
and “六无”工作法; 湖北 and 湖北岳阳光电玻璃项目).  This module

1. keeps the strongest reading of every stretch of text: higher rule
   priority first, then the longer span; an area may stay inside a unit
   (岳阳市 in 岳阳市发改委: it names the unit's area), nothing else nests;
2. propagates: a name read once is the same entity wherever else the
   document writes it (曹立明表示, 在新民组);
3. finds the document's aliases: the bare stem of an area (青山 for 青山区,
   李家坪 for 李家坪镇, 经开区 for 岳阳经开区), a 简称 (“议事会”), and drops a
   bare quotation whose full name the document also writes (“六无” /
   “六无”工作法).
"""

from __future__ import annotations

import re

from sources.narrative import lexicon as lx
from sources.narrative.spans import Candidate, clean_left, clean_right, make
from sources.records import AreaLevel, EntityType

_STEM_SUFFIXES = ("自治州", "自治县", "街道", "省", "市", "州", "区", "县", "镇", "乡")
_ALIAS_LEVELS = {
    AreaLevel.PROVINCE,
    AreaLevel.PREFECTURE,
    AreaLevel.CITY,
    AreaLevel.DISTRICT,
    AreaLevel.COUNTY,
    AreaLevel.TOWN,
    AreaLevel.TOWNSHIP,
}
_PROPAGATE = {
    EntityType.PERSON,
    EntityType.ENTERPRISE,
    EntityType.PROJECT,
    EntityType.INITIATIVE,
    EntityType.UNIT,
    EntityType.AREA,
}


_HOLDERS = frozenset({EntityType.UNIT, EntityType.PROJECT, EntityType.ENTERPRISE})


def nests(inner: Candidate, outer: Candidate) -> bool:
    """May ``inner`` stay as its own mention inside ``outer``?  An area may:
    it names the unit's area, or where a project or company is
    (石岗镇 in 石岗镇农产品冷链物流园项目)."""
    return inner.type is EntityType.AREA and outer.type in _HOLDERS and inner.rule != "stem"


def plausible(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Drop a county-level name read from its suffix alone (报经区政府) unless
    the national list knows it, it follows a larger area (衡阳市石门区), a
    smaller one follows it (桐溪县石岗镇) or the document writes it more than
    once."""
    area_ends = {c.end for c in cands if c.type is EntityType.AREA}
    area_starts = {c.start for c in cands if c.type is EntityType.AREA}
    out = []
    for c in cands:
        if (
            c.type is EntityType.AREA
            and c.rule == "suffix"
            and c.level in (AreaLevel.DISTRICT, AreaLevel.COUNTY)
            and c.start not in area_ends
            and c.end not in area_starts  # 桐溪县石岗镇: a county heading a chain is one
            and text.count(c.text) < 2
        ):
            continue
        out.append(c)
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    # A facility named after its institution (桐溪中学新校区, 县蒙医医院住院楼)
    # is the project, not a mention of the institution.
    institutions = [c for c in cands if c.type is EntityType.UNIT and c.rule == "institution"]
    for c in cands:
        if c.type is EntityType.PROJECT and any(c.contains(u) and u.start == c.start for u in institutions):
            c.priority = max(c.priority, 75)
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        ok = True
        for other in chosen:
            if not cand.overlaps(other):
                continue
            if other.contains(cand) and nests(cand, other):
                continue
            if cand.contains(other) and nests(other, cand):
                continue
            ok = False
            break
        if ok:
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.start, -c.end))


def propagate(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Add every other occurrence of an accepted name as a mention."""
    by_surface: dict[str, Candidate] = {}
    for c in chosen:
        if c.type in _PROPAGATE and c.rule not in ("stem", "alias") and len(c.text) >= 2:
            by_surface.setdefault(c.text, c)
    added: list[Candidate] = []
    taken = list(chosen)
    for surface, model in sorted(by_surface.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(surface), text):
            s, e = m.span()
            if any(c.start == s and c.end == e for c in taken):
                continue
            short_name = model.type is EntityType.PERSON and len(surface) == 2
            if short_name and not (clean_left(text, s, jieba=False) and clean_right(text, e)):
                continue
            probe = make(text, s, e, model.type, "propagated", priority=model.priority, level=model.level)
            probe.canonical = model.canonical
            probe.extra = dict(model.extra)
            if any(probe.overlaps(c) and not _nested_ok(probe, c) for c in taken):
                continue
            added.append(probe)
            taken.append(probe)
    return sorted(chosen + added, key=lambda c: (c.start, -c.end))


def _nested_ok(a: Candidate, b: Candidate) -> bool:
    return (b.contains(a) and nests(a, b)) or (a.contains(b) and nests(b, a))


def aliases(text: str, chosen: list[Candidate]) -> list[Candidate]:  # noqa: PLR0912
    """Area stems, 简称 and dev-zone short forms; bare quotations folded."""
    out = list(chosen)
    full_areas = [c for c in chosen if c.type is EntityType.AREA and c.rule != "stem"]
    stems: dict[str, Candidate] = {}
    for area in full_areas:
        if area.level not in _ALIAS_LEVELS:
            continue
        for suffix in _STEM_SUFFIXES:
            if area.text.endswith(suffix) and len(area.text) - len(suffix) >= 2:
                stems.setdefault(area.text[: -len(suffix)], area)
                break
    # gazetteer stems (岳阳) get the document's full form when it has one
    for c in out:
        if c.rule == "stem" and c.text in stems:
            c.canonical = stems[c.text].text
    targets = {stem: (area.text, area.level) for stem, area in stems.items()}
    for stem, place in _zone_stems(full_areas).items():
        targets.setdefault(stem, place)
    ends = frozenset(c.end for c in chosen if c.type is EntityType.AREA)
    for stem, (canonical, level) in sorted(targets.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(stem), text):
            s, e = m.span()
            if any(c.start < e and s < c.end for c in out):
                continue
            nxt = text[e : e + 1]
            if nxt in ("版", "籍") or (nxt and lx.is_han(nxt) and lx.is_common_word(stem + nxt, 20)):
                continue
            prev = text[s - 1 : s]
            if prev and lx.is_han(prev) and not clean_left(text, s, ends) and prev not in "新老大":
                continue
            alias = make(text, s, e, EntityType.AREA, "alias", priority=30, level=level)
            alias.canonical = canonical
            out.append(alias)
    # development zones: 经开区 stands for the document's 岳阳经开区
    zones = [c for c in full_areas if c.level is AreaLevel.DEVELOPMENT_ZONE]
    for c in zones:
        longer = [z for z in zones if z.text != c.text and z.text.endswith(c.text)]
        if longer:
            c.canonical = longer[0].text
    _short_names(text, out)
    _fold_bare_quotes(out)
    return sorted(out, key=lambda c: (c.start, -c.end))


def _zone_stems(full_areas: list[Candidate]) -> dict[str, tuple[str, AreaLevel]]:
    """The county or city a development zone is named after, when the
    document never writes it in full (广德经开区 … 选择广德): its bare stem is
    that area, if the national list has exactly one county-level place of
    that stem."""
    out: dict[str, tuple[str, AreaLevel]] = {}
    gazetteer = lx.gazetteer()
    for zone in full_areas:
        if zone.level is not AreaLevel.DEVELOPMENT_ZONE or len(zone.text) < 4:
            continue
        stem = zone.text[:2]
        # one province only (a county that became a city, 宁国县 → 宁国市, is the city)
        places = [
            gazetteer[stem + tail]
            for tail in ("市", "区", "县")
            if stem + tail in gazetteer
            and gazetteer[stem + tail].level in (AreaLevel.CITY, AreaLevel.COUNTY, AreaLevel.DISTRICT)
        ]
        if places and len({p.code[:2] for p in places}) == 1:
            out[stem] = (places[0].name, places[0].level)
    return out


_SHORT = re.compile(r"[（(]简称([“「]?[^）)”」]{1,10}[”」]?)[）)]")


def _short_names(text: str, cands: list[Candidate]) -> None:
    """“村民议事联席会”(简称“议事会”): the short name is an alias."""
    for m in _SHORT.finditer(text):
        full = next((c for c in cands if c.end == m.start()), None)
        if full is None:
            continue
        short = m.group(1).strip("“”「」")
        for c in cands:
            if c.text.strip("“”「」‘’") == short:
                c.canonical = full.text
                c.type = full.type
        if not any(c.start == m.start(1) for c in cands):
            alias = make(text, m.start(1), m.end(1), full.type, "alias", priority=full.priority)
            alias.canonical = full.text
            cands.append(alias)


def _fold_bare_quotes(cands: list[Candidate]) -> None:
    """Drop a bare quotation (“六无”) when the document also names it with
    its head (“六无”工作法): it is that programme, already counted."""
    full = {c.extra["bare"]: c for c in cands if c.extra.get("bare")}
    for c in list(cands):
        bare = c.type is EntityType.INITIATIVE and c.rule in ("quote", "propagated") and c.text in full
        if bare and c.text != full[c.text].text:
            cands.remove(c)
