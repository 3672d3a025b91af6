"""GovernmentUnit recognition: the ways Chinese government text names a body.

- national bodies and their press abbreviations (党中央, 中宣部, 住建部, 最高检);
- a level prefix and a body: 区委, 镇党委, 区人大常委会, 街道党工委, 省厅, and a
  level prefix with a domain and a head: 市发改委, 区检察院 (the level is read
  as the area of that level the text is about: its *jurisdiction*);
- an area and a body: 岳阳市发改委, 恩施州禁毒办, 衡阳市石门区自然资源局;
- public institutions: 湘潭大学, 恩施职业技术学院, 岳阳市中医医院青山分院;
- named working bodies: …领导小组, …指导组, …讲师团, …管理办, and a quoted
  name with an office head (“六无”办).

A party committee written right before a title (市委书记, 郑家湾镇党委书记) is
part of the post, not a mention of the committee.
"""

from __future__ import annotations

import re
from functools import cache

from sources.narrative import lexicon as lx
from sources.narrative.spans import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    Candidate,
    boundary_words,
    generic_words,
    is_generic,
    make,
    quoted_spans,
)
from sources.records import AreaLevel, EntityType

LEVEL_PREFIXES = (
    *("自治区", "自治州", "社区", "街道", "苏木", "嘎查"),
    *("省", "市", "州", "盟", "县", "旗", "区", "镇", "乡", "村"),
)
LEVEL_OF_PREFIX = {
    "自治区": AreaLevel.PROVINCE,
    "自治州": AreaLevel.PREFECTURE,
    "省": AreaLevel.PROVINCE,
    "市": AreaLevel.CITY,
    "州": AreaLevel.PREFECTURE,
    "盟": AreaLevel.PREFECTURE,  # 盟 (Inner Mongolia): prefecture level
    "县": AreaLevel.COUNTY,
    "旗": AreaLevel.COUNTY,  # 旗 (banner): county level
    "苏木": AreaLevel.TOWNSHIP,  # 苏木 (sumu): township level
    "嘎查": AreaLevel.VILLAGE,  # 嘎查 (gacha): village level
    "区": AreaLevel.DISTRICT,
    "镇": AreaLevel.TOWN,
    "乡": AreaLevel.TOWNSHIP,
    "街道": AreaLevel.SUBDISTRICT,
    "村": AreaLevel.VILLAGE,
    "社区": AreaLevel.COMMUNITY,
}
# Bodies that, written before a title, belong to the post (市委书记).
_POST_BODIES = frozenset({"委", "党委", "党工委", "党组", "纪委", "纪工委", "委常委"})
_OFFICE_AFTER_QUOTE = ("领导小组", "办公室", "指挥部", "办")


@cache
def _bodies() -> re.Pattern[str]:
    words = lx.longest_first([*lx.unit_bodies(), *lx.unit_domain_heads(), "厅"])
    return re.compile("|".join(re.escape(w) for w in words))


def _match_body(text: str, pos: int) -> str | None:
    m = _bodies().match(text, pos)
    combined = _combined_domains(text, pos)
    if combined is not None and (m is None or len(combined) > len(m.group())):
        return combined
    return m.group() if m else None


@cache
def _domain_words() -> tuple[str, ...]:
    return lx.longest_first(lx.lines("unit_domains.txt"))


@cache
def _heads() -> tuple[str, ...]:
    return lx.longest_first(lx.lines("unit_heads.txt"))


def _combined_domains(text: str, pos: int) -> str | None:
    """A bureau of merged domains (农牧水利和科技局, 商务和经济信息化局):
    domain words, with 和 or 与 between some of them, then a head."""
    i = pos
    count = 0
    while True:
        word = next((w for w in _domain_words() if text.startswith(w, i)), None)
        if word is None:
            break
        i += len(word)
        count += 1
        if text[i : i + 1] in ("和", "与") and any(text.startswith(w, i + 1) for w in _domain_words()):
            i += 1
    if count < 2:
        return None
    head = next((h for h in _heads() if text.startswith(h, i)), None)
    return text[pos : i + len(head)] if head else None


def _post_follows(text: str, pos: int) -> bool:
    for modifier in ("", *lx.post_modifiers()):
        for post in lx.posts():
            if text.startswith(modifier + post, pos):
                return True
    return False


def find_units(text: str, areas: list[Candidate]) -> list[Candidate]:
    found: list[Candidate] = []
    found += _central(text)
    found += _area_bodies(text, areas)
    found += _level_bodies(text, areas)
    found += _institutions(text, areas)
    # a unit named inside a quotation is part of a programme's name
    # (“村委会+基地+公司+农户”模式), not a mention of the unit
    quotes = quoted_spans(text)
    found = [c for c in found if not any(s < c.start and c.end < e for s, e in quotes)]
    found += _named_bodies(text)
    return found


def _extends_into_word(text: str, end: int) -> bool:
    """The name's last characters and the next one form a common word
    (水利部|门, 社区党组|织): the match is not a name."""
    if end >= len(text) or not lx.is_han(text[end]):
        return False
    return any(lx.is_common_word(text[end - n : end + 1], 20) for n in (1, 2) if end - n >= 0)


def _central(text: str) -> list[Candidate]:
    out = []
    for name in lx.central_units():
        for m in re.finditer(re.escape(name), text):
            if _extends_into_word(text, m.end()):
                continue
            out.append(make(text, m.start(), m.end(), EntityType.UNIT, "central", priority=80))
    return out


def _chain_start(area: Candidate, areas: list[Candidate]) -> int:
    """Start of the chain of areas ending with ``area`` (衡阳市|石门区)."""
    start = area.start
    changed = True
    while changed:
        changed = False
        for other in areas:
            if other.end == start and other.type is EntityType.AREA:
                start = other.start
                changed = True
    return start


def _area_bodies(text: str, areas: list[Candidate]) -> list[Candidate]:
    out = []
    for area in areas:
        body = _match_body(text, area.end)
        if body is None:
            continue
        end = area.end + len(body)
        if body in _POST_BODIES and _post_follows(text, end):
            continue
        start = _chain_start(area, areas)
        if text.endswith("中共", 0, start) and body.endswith(("委员会", "委")):
            start -= 2  # 中共石岗镇委员会: the party committee's full name
        cand = make(text, start, end, EntityType.UNIT, "area+body", priority=78)
        cand.extra["area"] = area.text
        out.append(cand)
    return out


def _level_bodies(text: str, areas: list[Candidate]) -> list[Candidate]:
    out = []
    area_ends = {a.end for a in areas}
    for prefix in LEVEL_PREFIXES:
        for m in re.finditer(prefix, text):
            i = m.start()
            if i in area_ends or any(a.start <= i < a.end for a in areas):
                continue  # part of an area name: handled by _area_bodies
            body = _match_body(text, m.end())
            if body is None:
                continue
            if i > 0 and lx.is_han(text[i - 1]):
                before = text[i - 1 : m.end()]
                if before in generic_words() or lx.is_common_word(before, 20):
                    continue  # 城市委…, 社区…, 市区政府
                if text[i - 1] in LEVEL_OF_PREFIX or text[i - 1] in "各全本该":
                    continue  # 县市区政府 (a collective), 各区委
            end = m.end() + len(body)
            if body in _POST_BODIES and _post_follows(text, end):
                continue
            if _extends_into_word(text, end):
                continue
            if end < len(text) and text[end] in "员会" and body.endswith("委"):
                continue  # 市委员…, 村委会主任 (the committee is part of the post)
            cand = make(text, i, end, EntityType.UNIT, "level+body", priority=72)
            cand.extra["level"] = LEVEL_OF_PREFIX[prefix].value
            out.append(cand)
    return out


def _institutions(text: str, areas: list[Candidate]) -> list[Candidate]:  # noqa: PLR0912
    out = []
    area_by_end = {a.end: a for a in areas}
    for head in lx.sorted_words("institution_heads.txt"):
        for m in re.finditer(re.escape(head), text):
            h, e = m.start(), m.end()
            if e < len(text) and lx.is_common_word(text[max(0, e - 2) : e + 1], 20):
                continue  # 大学生
            # continuation: 中医医院 + 青山分院
            cont = re.match(r"[\u3400-\u9fff]{2,3}分院", text[e:])
            stop = e + cont.end() if cont and head.endswith("医院") else e
            start = None
            if h in area_by_end:
                start = _chain_start(area_by_end[h], areas)
            else:
                for size in range(2, 7):
                    i = h - size
                    if i < 0:
                        break
                    name = text[i:h]
                    if not all(lx.is_han(c) for c in name):
                        break
                    if i in area_by_end:
                        start = _chain_start(area_by_end[i], areas)
                        break
                    if _left_stop(text, i):
                        start = i
                        break
            if start is None:
                continue
            name = text[start:h]
            if name and is_generic(name):
                continue
            if not name and h not in area_by_end:
                continue
            out.append(make(text, start, stop, EntityType.UNIT, "institution", priority=74))
    return out


def _left_stop(text: str, i: int) -> bool:
    """A strong left boundary: punctuation, start, or an explicit boundary word."""
    if i <= 0 or (not lx.is_han(text[i - 1]) and text[i - 1] not in CLOSE_QUOTES):
        return True
    words = boundary_words()
    return any(i - n >= 0 and text[i - n : i] in words for n in (3, 2, 1))


def _named_bodies(text: str) -> list[Candidate]:
    """…领导小组 / …指导组 / …讲师团: the name runs back to a strong boundary,
    quotations included (“强街道、优村社”基层治理“六无”工作法领导小组)."""
    out = []
    quotes = quoted_spans(text)
    for head in lx.sorted_words("org_heads.txt"):
        for m in re.finditer(re.escape(head), text):
            if any(s < m.start() and m.end() < e for s, e in quotes):
                continue  # inside a quotation (“驻企专班制”)
            start = _scan_name_left(text, m.start(), 30)
            if start is None or start == m.start():
                continue
            if m.start() - start < 2 or (start > 0 and text[start - 1].isdigit()):
                continue  # 471批次工作组: a count, not a name
            if "各" in text[start : m.start()]:
                continue  # 全区经济运行各专班: a collective
            out.append(make(text, start, m.end(), EntityType.UNIT, "named-body", priority=76))
    # “六无”办: a quoted name with an office head
    for m in re.finditer(r"[“「]([^”」\n]{1,12})[”」]", text):
        for head in _OFFICE_AFTER_QUOTE:
            if text.startswith(head, m.end()):
                end = m.end() + len(head)
                if end < len(text) and lx.is_han(text[end]) and head == "办" and text[end] in "理法事好成":
                    break  # “…”办理 / 办法: a verb
                out.append(make(text, m.start(), end, EntityType.UNIT, "quoted-office", priority=76))
                break
    return out


def _scan_name_left(text: str, end: int, limit: int) -> int | None:
    """Start of a name ending at ``end``: back over Chinese characters and
    whole quotations to a punctuation mark or an explicit boundary word."""
    i = end
    words = boundary_words() | {"的"}
    while i > 0 and end - i < limit:
        ch = text[i - 1]
        if ch in CLOSE_QUOTES:
            j = max(text.rfind(q, 0, i - 1) for q in OPEN_QUOTES)
            if j < 0 or i - j > 20:
                return None
            i = j
            continue
        if not lx.is_han(ch):
            return i
        # stop before an explicit boundary word (成立|…, 的|…)
        if any(i - n >= 0 and text[i - n : i] in words for n in (2, 1)) and i != end:
            return i
        i -= 1
    return i if i == 0 else None
