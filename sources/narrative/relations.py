"""Relations between the entities of a document: posts, places, jurisdiction.

- **Posts**: a person right after a post (郑家湾镇党委书记曹立明) holds it; the area
  or unit written right before the post is its organisation; posts listed
  with 、 all belong to the person (郑家湾镇党委副书记、网格服务办分管负责人宋飞);
  a top title after a name (王建国总书记) has no organisation.  A post written
  with a bare level (县委书记, 县委常委, 镇党委书记, 县长, 旗长) belongs to the area
  of that level the article is about (a village only when the article is
  about it); a department without its level (组织部部长) is the organisation;
  posts written together share the one area the others name
  (党委副书记、镇长何立新).
- **locatedIn**, direct parent only:
  *stated* — a chain of areas (青山区新港镇街道新河社区, 苏州|昆山市), an area
  before a facility (安仁县南湾自来水厂), 位于/坐落于/落户/在 X 的 Y, Y 位于 X,
  全区（含X）, a development zone named after its city or an area of the
  document (岳阳经开区 → 岳阳市, 桐溪经济开发区 → 桐溪县);
  *context* — villages listed in the clause group of a stated town+village
  share its town (李家坪镇柳溪村…，桃花村…); an area with no stated parent
  lies in the main area of its article when that is of a higher level; the
  main area lies in a larger area the article names, when the national
  division list agrees (白沙区 → 岳阳), and a town the list does not reach
  lies in the one county the article names.
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


def posts(text: str, cands: list[Candidate], arts: list[Article] | None = None) -> list[Post]:  # noqa: PLR0912
    out: list[Post] = []
    # a company right before a post is its organisation (X有限公司董事长)
    ends = {c.end: c for c in cands if c.type in (EntityType.AREA, EntityType.UNIT, EntityType.ENTERPRISE)}
    stops = set(ends)
    areas = [c for c in cands if c.type is EntityType.AREA]
    for person in (c for c in cands if c.type is EntityType.PERSON):
        if person.rule == "name+title" or _title_after(text, person.end):
            title = _title_after(text, person.end)
            if title:
                out.append(Post(person, title, (person.end, person.end + len(title)), None))
            continue
        pos = person.start
        while person.rule == "post+name" and pos > 0 and text[pos - 1] in " \u3000\t":
            pos -= 1  # 县长　邹文斌: a signature line
        # 驻村第一书记、县农牧和科技局干部马德成: the unit and its 干部 are
        # no post, but the posts before them are the person's
        title = next((t for t in _CADRE_TITLES if text.endswith(t, 0, pos)), None)
        unit = ends.get(pos - len(title)) if title else None
        if unit is not None and unit.type is EntityType.UNIT and text[unit.start - 1 : unit.start] == "、":
            pos = unit.start - 1
        first = True
        chain: list[Post] = []  # the posts written together before this person
        while True:
            start = _post_at(text, pos, stops)
            if start is None or (not first and start == pos):
                break
            post = text[start:pos]
            org = ends.get(start)
            organisation = name_of(org) if org is not None else None
            if org is None and text[start - 1 : start] == "委" and start - 1 in ends:
                # 青山区委书记: the area's level and 委 belong to the post
                org = ends[start - 1]
                post = org.text[-1] + "委" + post
                start -= 1
                organisation = name_of(org)
            elif org is None and (dept := _department_before(text, start)):
                # 组织部部长: a department named without its level is the post's organisation
                organisation = dept
                start -= len(dept)
            elif org is None:
                start, post, organisation = _level_post(
                    text, start, post, ends, _article_at(arts or [], start), areas
                )
            chain.append(Post(person, post, (start, pos), organisation))
            first = False
            # 郑家湾镇党委副书记、网格服务办分管负责人宋飞: another post before 、
            back = org.start if org is not None else start
            if back > 0 and text[back - 1] == "、":
                pos = back - 1
                continue
            break
        # 党委副书记、镇长何立新 / 桃坪村党支部书记、村委会主任龙海生: posts
        # written together without their area share the one area of the others
        area_orgs = {p.organisation for p in chain if p.organisation and _is_area_name(p.organisation, areas)}
        for p in chain:
            if p.organisation is None and len(area_orgs) == 1:
                p.organisation = next(iter(area_orgs))
        out.extend(chain)
    return out


# Level characters written before a post (县委书记, 镇长, 旗长, 村党支部书记).
_POST_LEVELS = {
    "省": AreaLevel.PROVINCE,
    "市": AreaLevel.CITY,
    "州": AreaLevel.PREFECTURE,
    "盟": AreaLevel.PREFECTURE,
    "县": AreaLevel.COUNTY,
    "旗": AreaLevel.COUNTY,
    "区": AreaLevel.DISTRICT,
    "镇": AreaLevel.TOWN,
    "乡": AreaLevel.TOWNSHIP,
    "苏木": AreaLevel.TOWNSHIP,
    "街道": AreaLevel.SUBDISTRICT,
    "村": AreaLevel.VILLAGE,
    "社区": AreaLevel.COMMUNITY,
    "嘎查": AreaLevel.VILLAGE,
}
_TOWN_LEVELS = frozenset({AreaLevel.TOWN, AreaLevel.TOWNSHIP, AreaLevel.SUBDISTRICT})
_SMALL_LEVELS = {
    AreaLevel.TOWN,
    AreaLevel.TOWNSHIP,
    AreaLevel.SUBDISTRICT,
    AreaLevel.VILLAGE,
    AreaLevel.COMMUNITY,
}


def _level_post(  # noqa: PLR0917 - the pieces of one post
    text: str, start: int, post: str, ends: dict[int, Candidate], art: Article | None, areas: list[Candidate]
) -> tuple[int, str, str | None]:
    """A post written with a bare level instead of an area: 县委书记 / 县委常委
    (the level and 委 belong to the post), 镇党委书记, 县长, 副旗长.  Its
    organisation is the area of that level the article is about."""
    level_text = None
    for word in sorted(_POST_LEVELS, key=len, reverse=True):
        if text.endswith(word + "委", 0, start) and start - len(word) - 1 not in ends:
            start -= len(word) + 1
            post = word + "委" + post  # 县委书记
            level_text = word
            break
        if text.endswith(word, 0, start) and start - len(word) not in ends and start not in ends:
            before = text[start - len(word) - 1 : start - len(word)]
            if before and lx.is_han(before) and lx.is_common_word(before + word, 20):
                continue  # 城市|书记 …: the level is the end of another word
            level_text = word  # 镇|党委书记
            break
        if post.startswith(word) or post.startswith(("副" + word, "常务副" + word)):
            level_text = word  # 县长, 副县长, 常务副县长
            break
    if level_text is None:
        return start, post, None
    level = _POST_LEVELS[level_text]
    scope = _scope(level, art, areas)
    if scope is not None and level in _SMALL_LEVELS:
        # a town is the post's only when it is the article's own or the only
        # town the article names; a village only when it is the article's own
        named = {name_of(a) for a in areas if a.level is level and (art is None or art.contains(a.start))}
        main = art.main_area if art is not None else None
        own = main is not None and name_of(main) == scope
        if not own and (len(named) > 1 or level in (AreaLevel.VILLAGE, AreaLevel.COMMUNITY)):
            scope = None
    if level in _SMALL_LEVELS and scope is None:
        scope = _paragraph_area(text, start, level, areas)
    return start, post, scope


def _paragraph_area(text: str, start: int, level: AreaLevel, areas: list[Candidate]) -> str | None:
    """村党支部书记 in a paragraph that names one village before it (问安镇X村
    则探索…。村党支部书记Y介绍): that village.  Two of the level: none."""
    opened = text.rfind("\n", 0, start) + 1
    named = {name_of(a) for a in areas if a.level is level and opened <= a.start < start}
    return next(iter(named)) if len(named) == 1 else None


_CADRE_TITLES = ("干部", "工作人员", "技术员")
# Departments a post may be written with, without a level (组织部部长, 办公室主任).
_DEPARTMENTS = (
    "组织部",
    "宣传部",
    "统战部",
    "政法委",
    "办公室",
    "人大常委会",
    "政协",
    "纪委监委",
    "纪委",
    "监委",
)


def _department_before(text: str, start: int) -> str | None:
    return next((d for d in _DEPARTMENTS if text.endswith(d, 0, start)), None)


def _is_area_name(name: str, areas: list[Candidate]) -> bool:
    return any(name_of(a) == name for a in areas)


_TOP_TITLES = ("总书记", "主席", "副主席", "总理", "委员长")


def _title_after(text: str, end: int) -> str | None:
    return next((t for t in _TOP_TITLES if text.startswith(t, end)), None)


# ----------------------------------------------------------------- places


# 在 X (东区 | 南部片区) 建设 Y: a part of X, then a verb of building.
_BUILT_IN = re.compile(r"(?:[东南西北中][区部]|[\u3400-\u9fff]{0,2}片区)?(?:投资建设|建设|新建|兴建|投建)")
_STATED = re.compile(r"(?:位于|坐落于|坐落在|地处|落户|在)")


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
        if c.type is EntityType.AREA and not (
            lx.outranks(parent.level, c.level) or _city_in_prefecture(parent, c)
        ):
            continue
        add(c, name_of(parent), (parent.start, c.end), "stated")
    for c in cands:
        if c.type is not EntityType.PROJECT or name_of(c) in stated:
            continue
        # 三墩乡的湘北油茶产业示范园: an area and 的 right before a project
        host = by_end.get(c.start - 1) if text[c.start - 1 : c.start] == "的" else None
        if host is not None:
            add(c, name_of(host), (host.start, c.end), "stated")
    # 位于 X 的 Y / Y 位于 X
    for m in _STATED.finditer(text):
        place = next((a for a in areas if a.start == m.end()), None)
        while place is not None:  # 在青崖市东澳镇的…: the last place of a chain
            inner = next((a for a in areas if a.start == place.end and a.rule != "alias"), None)
            if inner is None:
                break
            place = inner
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
        built = _BUILT_IN.match(text, place.end) if place is not None and m.group() == "在" else None
        if built is not None:  # 在经开区东区建设|Y项目: what is built there lies there
            thing = next((c for c in cands if c.start == built.end() and c.type is EntityType.PROJECT), None)
            if thing is not None:
                add(thing, name_of(place), (m.start(), thing.end), "stated")
                continue
        subject = next((c for c in cands if c.end == m.start()), None)
        if m.group() == "在":
            continue  # 在 X 的 Y only: “Y 在 X …” says where something happened, not where Y is
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
                    continue
            # named after an area the document names (桐溪县 → 桐溪经济开发区)
            host_area = next(
                (
                    a
                    for a in areas
                    if (a.rule != "alias" or a.canonical is not None)
                    and a.level is not AreaLevel.DEVELOPMENT_ZONE
                    and lx.outranks(a.level, AreaLevel.DEVELOPMENT_ZONE)
                    and z.text.startswith(_stem(name_of(a)))
                    and len(_stem(name_of(a))) >= 2
                ),
                None,
            )
            if host_area is not None:
                add(z, name_of(host_area), z.span, "stated")
    # 园区内的 Y: the page's one development zone holds Y
    # (广德经开区 and 广德经济开发区 are one zone: the same stem)
    named_zones = [a for a in areas if a.level is AreaLevel.DEVELOPMENT_ZONE and len(name_of(a)) >= 4]
    for m in re.finditer(r"(?:园区|开发区|经开区|高新区)内的?", text):
        thing = next((c for c in cands if c.start == m.end() and c.type is EntityType.PROJECT), None)
        if thing is None or name_of(thing) in stated or len({name_of(z)[:2] for z in named_zones}) != 1:
            continue
        add(thing, name_of(named_zones[0]), (m.start(), thing.end), "stated")
    _clause_groups(text, areas, stated, add)
    _topic_place(text, [*areas, *(c for c in cands if c.type is EntityType.PROJECT)], stated, add)
    _context(text, cands, arts, stated, add)
    return _dedupe(links)


def _city_in_prefecture(parent: Candidate, child: Candidate) -> bool:
    """苏州|昆山市: a county-level city after the prefecture-level city it
    belongs to (both are 市, so their levels alone do not say it)."""
    if parent.level not in (AreaLevel.CITY, AreaLevel.PREFECTURE) or child.level is not AreaLevel.CITY:
        return False
    return _prefecture_level(name_of(parent)) and not _prefecture_level(name_of(child))


def _prefecture_level(name: str) -> bool:
    place = lx.gazetteer().get(name)
    return place is not None and place.code.endswith("00") and not place.code.endswith("0000")


def _stem(name: str) -> str:
    """桐溪县 → 桐溪: an area's name without its administrative suffix."""
    for suffix in lx.area_suffixes():
        if name.endswith(suffix.suffix) and len(name) - len(suffix.suffix) >= 2:
            return name[: -len(suffix.suffix)]
    return name


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


_TOPIC = re.compile(r"在(?=[\u3400-\u9fff]{2,8}[，,])")


def _topic_place(text: str, areas: list[Candidate], stated: dict[str, str], add) -> None:  # type: ignore[no-untyped-def]
    """``在泗溪镇，曾家村、大塘村建成…``: a town set as the sentence's topic holds
    the villages and communities the sentence names after it (and the
    projects: ``在X镇，由…建设的Y项目同步开工``)."""
    for m in _TOPIC.finditer(text):
        town = next((a for a in areas if a.start == m.end() and a.rule != "alias"), None)
        if town is None or town.level not in _TOWN_LEVELS or text[town.end : town.end + 1] not in "，,":
            continue
        stop = min(
            (i for i in (text.find("。", town.end), text.find("；", town.end)) if i != -1), default=len(text)
        )
        for c in areas:
            # a project named with its place (双河镇冷链物流园项目) says so itself
            named = c.type is EntityType.PROJECT and any(
                a.start == c.start for a in areas if a.type is EntityType.AREA
            )
            inside = (
                town.end < c.start < stop
                and not named
                and (c.type is EntityType.PROJECT or c.level in (AreaLevel.VILLAGE, AreaLevel.COMMUNITY))
            )
            if inside and name_of(c) not in stated:
                add(c, name_of(town), (town.start, c.end), "stated")


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
            elif main.level in _TOWN_LEVELS:
                # a town (which the national list does not reach) in the one
                # county the article names: 县委书记 … 赴石岗镇调研 … 在桐溪县…
                counties = {
                    name_of(c): c
                    for c in areas
                    if art.contains(c.start) and c.level in (AreaLevel.COUNTY, AreaLevel.DISTRICT)
                }
                if len(counties) == 1:
                    county = next(iter(counties.values()))
                    add(main, name_of(county), county.span, "context")
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
