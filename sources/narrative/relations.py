"""Relations between the entities of a document: posts, places, jurisdiction.

- **Posts**: a person right after a post (郑家湾镇党委书记曹立明) holds it; the area
  or unit written right before the post is its organisation; posts listed
  with 、 all belong to the person (郑家湾镇党委副书记、网格服务办分管负责人宋飞);
  a top title after a name (王建国总书记) has no organisation.
- **locatedIn**, direct parent only:
  *stated* — a chain of areas (青山区新港镇街道新河社区), an area before a
  facility (安仁县南湾自来水厂), 位于/坐落于/落户 X 的 Y, Y 位于 X, 全区（含X）, a
  development zone named after its city (岳阳经开区 → 岳阳市);
  *context* — villages listed in the clause group of a stated town+village
  share its town (李家坪镇柳溪村…，桃花村…); an area with no stated parent
  lies in the main area of its article when that is of a higher level; the
  main area lies in a larger area the article names, when the national
  division list agrees (白沙区 → 岳阳).
- **jurisdiction**: a unit written with an area (岳阳市发改委) serves that
  area; a unit written with a level (区发改局, 镇党委) serves the area of that
  level the article is about, which also gives its canonical name (区委 → 青山区委).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.narrative import lexicon as lx
from sources.narrative.articles import Article
from sources.narrative.persons import _post_at
from sources.narrative.spans import Candidate
from sources.narrative.units import LEVEL_OF_PREFIX
from sources.records import AreaLevel, EntityType


@dataclass
class Post:
    person: Candidate
    post: str
    post_span: tuple[int, int]
    organisation: str | None


@dataclass
class Link:
    kind: str
    subject: Candidate
    object_name: str
    object_type: EntityType
    span: tuple[int, int]  # evidence in the clean text
    basis: str


def name_of(c: Candidate) -> str:
    return c.canonical or c.text


# ----------------------------------------------------------------- posts


def posts(text: str, cands: list[Candidate]) -> list[Post]:
    out: list[Post] = []
    ends = {c.end: c for c in cands if c.type in (EntityType.AREA, EntityType.UNIT)}
    stops = set(ends)
    for person in (c for c in cands if c.type is EntityType.PERSON):
        if person.rule == "name+title" or _title_after(text, person.end):
            title = _title_after(text, person.end)
            if title:
                out.append(Post(person, title, (person.end, person.end + len(title)), None))
            continue
        pos = person.start
        first = True
        while True:
            start = _post_at(text, pos, stops)
            if start is None or (not first and start == pos):
                break
            post = text[start:pos]
            org = ends.get(start)
            if org is None and text[start - 1 : start] == "委" and start - 1 in ends:
                # 青山区委书记: the area's level and 委 belong to the post
                org = ends[start - 1]
                post = org.text[-1] + "委" + post
                start -= 1
            organisation = name_of(org) if org is not None else None
            out.append(Post(person, post, (start, pos), organisation))
            first = False
            # 郑家湾镇党委副书记、网格服务办分管负责人宋飞: another post before 、
            back = org.start if org is not None else start
            if back > 0 and text[back - 1] == "、":
                pos = back - 1
                continue
            break
    return out


_TOP_TITLES = ("总书记", "主席", "副主席", "总理", "委员长")


def _title_after(text: str, end: int) -> str | None:
    return next((t for t in _TOP_TITLES if text.startswith(t, end)), None)


# ----------------------------------------------------------------- places


_STATED = re.compile(r"(?:位于|坐落于|坐落在|地处|落户)")


def located_in(text: str, cands: list[Candidate], arts: list[Article]) -> list[Link]:  # noqa: PLR0912, PLR0915
    links: list[Link] = []
    areas = [c for c in cands if c.type is EntityType.AREA]
    by_end: dict[int, Candidate] = {c.end: c for c in areas if c.rule != "alias"}
    stated: dict[str, str] = {}

    def add(child: Candidate, parent_name: str, span: tuple[int, int], basis: str) -> None:
        if name_of(child) == parent_name:
            return
        links.append(Link("locatedIn", child, parent_name, EntityType.AREA, span, basis))
        stated.setdefault(name_of(child), parent_name)

    # chains: an area or facility right after an area
    for c in cands:
        if c.type not in (EntityType.AREA, EntityType.PROJECT, EntityType.ENTERPRISE):
            continue
        parent = by_end.get(c.start)
        if parent is None or parent is c:
            continue
        if c.type is EntityType.AREA and not lx.outranks(parent.level, c.level):
            continue
        add(c, name_of(parent), (parent.start, c.end), "stated")
    # 位于 X 的 Y / Y 位于 X
    for m in _STATED.finditer(text):
        place = next((a for a in areas if a.start == m.end()), None)
        anaphor = re.match(r"该([\u3400-\u9fff]{1,4})的", text[m.end() :])
        if place is not None and text[place.end : place.end + 1] == "的":
            thing = next(
                (c for c in cands if c.start == place.end + 1 and c.type is not EntityType.AREA), None
            )
            if thing is None:
                thing = next((c for c in cands if c.start == place.end + 1), None)
            if thing is not None:
                add(thing, name_of(place), (m.start(), thing.end), "stated")
                continue
        if anaphor is not None:
            head = anaphor.group(1)
            target = next((c for c in cands if c.start == m.end() + anaphor.end()), None)
            antecedent = max(
                (c for c in cands if c.end <= m.start() and head in c.text and c.type is EntityType.PROJECT),
                key=lambda c: c.end,
                default=None,
            )
            if target is not None and antecedent is not None:
                add(target, name_of(antecedent), (m.start(), target.end), "stated")
            continue
        subject = next((c for c in cands if c.end == m.start()), None)
        if subject is not None and place is not None:
            add(subject, name_of(place), (subject.start, place.end), "stated")
    # 全区（含经开区）
    for m in re.finditer(r"全(?:区|市|县)[（(]含", text):
        inner = next((a for a in areas if a.start == m.end()), None)
        art = _article_at(arts, m.start())
        if inner is not None and art is not None and art.main_area is not None:
            add(inner, name_of(art.main_area), (m.start(), inner.end), "stated")
    # development zones named after their city
    for z in areas:
        if z.level is AreaLevel.DEVELOPMENT_ZONE and name_of(z) == z.text:
            host = max(
                (
                    a
                    for a in areas
                    if z.start <= a.start and a.end <= z.end and a is not z and a.rule != "alias"
                ),
                key=lambda a: a.start,
                default=None,
            )
            if host is not None:
                add(z, name_of(host), z.span, "stated")
                continue
            stem = next((s for s in lx.place_stems() if z.text.startswith(s)), None)
            if stem is not None:
                full = next((name_of(a) for a in areas if name_of(a).startswith(stem)), None)
                if full is not None:
                    add(z, full, z.span, "stated")
    _clause_groups(text, areas, stated, add)
    _context(text, cands, arts, stated, add)
    return _dedupe(links)


def _clause_groups(text: str, areas: list[Candidate], stated: dict[str, str], add) -> None:  # type: ignore[no-untyped-def]
    """Villages in the clause group (up to ；/。) of a stated town+village."""
    village_levels = {AreaLevel.VILLAGE, AreaLevel.COMMUNITY}
    for c in areas:
        parent_name = stated.get(name_of(c))
        if c.level not in village_levels or parent_name is None:
            continue
        stop = min(
            (i for i in (text.find("；", c.end), text.find("。", c.end)) if i != -1), default=len(text)
        )
        for other in areas:
            if c.end < other.start < stop and other.level in village_levels and name_of(other) not in stated:
                between = text[c.end : other.start]
                if re.search(r"[和与及、]$", between):
                    continue  # coordinated: siblings of unknown parent
                add(other, parent_name, (c.start, other.end), "context")


def _context(  # noqa: PLR0912
    text: str, cands: list[Candidate], arts: list[Article], stated: dict[str, str], add
) -> None:  # type: ignore[no-untyped-def]
    units = [u for u in cands if u.type is EntityType.UNIT]
    # only a place named on its own counts (not 岳阳市 of 岳阳市中医医院)
    areas = [c for c in cands if c.type is EntityType.AREA and not any(u.contains(c) for u in units)]
    for art in arts:
        main = art.main_area
        if main is None:
            continue
        for c in areas:
            if not art.contains(c.start) or name_of(c) in stated or c.level is None:
                continue
            if name_of(c) == name_of(main):
                continue
            if c.level is AreaLevel.DEVELOPMENT_ZONE:
                continue
            if lx.outranks(main.level, c.level):
                known = lx.gazetteer_parent(name_of(c))
                if known is None or known == name_of(main) or lx.gazetteer().get(name_of(c)) is None:
                    add(c, name_of(main), c.span, "context")
        # the main area in a larger area the article names
        if name_of(main) not in stated:
            parent = lx.gazetteer_parent(name_of(main))
            if parent is not None:
                for c in areas:
                    if art.contains(c.start) and name_of(c) == parent:
                        add(main, parent, c.span, "context")
                        break
    # one more step up for the areas just placed (白沙区 → 岳阳 → 湖北省)
    for child_name, parent_name in list(stated.items()):
        if parent_name in stated:
            continue
        grand = lx.gazetteer_parent(parent_name)
        holder = next((c for c in areas if name_of(c) == parent_name), None)
        if grand is None or holder is None:
            continue
        if any(name_of(c) == grand for c in areas):
            anchor = next(c for c in areas if name_of(c) == grand)
            add(holder, grand, anchor.span, "context")
        del child_name


def _article_at(arts: list[Article], pos: int) -> Article | None:
    return next((a for a in arts if a.contains(pos)), None)


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[tuple[str, str]] = set()
    out = []
    for link in links:
        key = (name_of(link.subject), link.object_name)
        if key in seen:
            continue
        seen.add(key)
        out.append(link)
    return out


# ----------------------------------------------------------------- jurisdiction


def jurisdiction(text: str, cands: list[Candidate], arts: list[Article]) -> list[Link]:
    """Units and the area they serve; sets the canonical name of level units."""
    areas = [c for c in cands if c.type is EntityType.AREA]
    links = []
    for unit in (c for c in cands if c.type is EntityType.UNIT):
        area_name = unit.extra.get("area")
        if area_name:
            links.append(Link("jurisdiction", unit, area_name, EntityType.AREA, unit.span, "stated"))
            continue
        level = unit.extra.get("level")
        if not level:
            continue
        art = _article_at(arts, unit.start)
        scope = _scope(AreaLevel(level), art, areas)
        if scope is None:
            continue
        prefix = next(p for p, lv in LEVEL_OF_PREFIX.items() if lv.value == level and unit.text.startswith(p))
        unit.canonical = scope + unit.text[len(prefix) :]
        links.append(Link("jurisdiction", unit, scope, EntityType.AREA, unit.span, "context"))
    return links


def _scope(level: AreaLevel, art: Article | None, areas: list[Candidate]) -> str | None:
    """The area of ``level`` an article is about: its main area when of that
    level, else the most frequent area of that level it names, else the main
    area's parent of that level in the national list."""
    main = art.main_area if art is not None else None
    same = (
        {AreaLevel.CITY, AreaLevel.PREFECTURE} if level in (AreaLevel.CITY, AreaLevel.PREFECTURE) else {level}
    )
    if level is AreaLevel.DISTRICT:
        same = {AreaLevel.DISTRICT, AreaLevel.COUNTY}
    if main is not None and main.level in same:
        return name_of(main)
    counts: dict[str, int] = {}
    for a in areas:
        if a.level in same and (art is None or art.contains(a.start)):
            counts[name_of(a)] = counts.get(name_of(a), 0) + 1
    if counts:
        return max(counts, key=lambda k: counts[k])
    if main is not None:
        parent = lx.gazetteer_parent(name_of(main))
        while parent is not None:
            place = lx.gazetteer().get(parent)
            if place is not None and place.level in same:
                return parent
            parent = lx.gazetteer_parent(parent)
    return None
