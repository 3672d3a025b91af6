"""Project and Enterprise recognition: heads, enumerations and honours.

- a project or facility head (项目, 工程, 产业园, 水库, 广场, 故居 …) closes a
  name that runs back to punctuation or a boundary word; leading verbs are
  dropped (依托|青峰国际物流园) and the name must be specific: a place or
  person name, an unknown word, a digit or a quotation (白鹭湖水库工程项目,
  瑞丰酒业2万吨扩建项目), not generic words only (重点项目, 高效节水灌溉项目);
- an enumeration closed by 等 and a list head gives each item the head's type
  (A、B、C等一批骨干企业 → Enterprises; A、B等项目 → Projects; “X”“Y”等制度 →
  Initiatives);
- a company head (有限公司, 集团, 科技, 药业, 传媒 …) after a short proper name
  (鸿宇科技, 鸿宇传媒);
- an honour given to an enterprise (嘉禾莱被评为省级“小巨人”企业).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sources.narrative import lexicon as lx
from sources.narrative.spans import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    Candidate,
    boundary_words,
    clean_left,
    clean_right,
    generic_words,
    is_generic,
    make,
    quoted_spans,
    strip_leading_function_words,
)
from sources.records import EntityType

_PHASE = re.compile(r"(?:[（(][一二三四五六七八九十\d]+期[）)]|[一二三四五六七八九十]期(?:工程)?)")
_NAME_LIMIT = 30
# Characters a project name may hold besides Chinese ones.
_EXTRA = set("0123456789·-+（）()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SEPARATORS = ("以及", "、", "和", "及")
# Words after a name that speak of work on it (龙潭水库扩建工程|建设进展): the head
# before them still closes the name, though 工程建设 is a word.
_WORK_ON = ("建设进展", "建设进度", "建设现场", "建设情况")


def _project_heads() -> tuple[str, ...]:
    return lx.sorted_words("project_heads.txt")  # cached there


def _enterprise_heads() -> tuple[str, ...]:
    return lx.sorted_words("enterprise_heads.txt")  # cached there


def find_projects(text: str, areas: list[Candidate]) -> list[Candidate]:
    legal = legal_names(text, areas)
    out = _by_head(text, areas, legal)
    out += legal
    out += _enterprises(text)
    out += _honoured_enterprises(text)
    return out


# The legal form that ends a registered company name.
_LEGAL_HEAD = re.compile(r"(?:股份有限公司|有限责任公司|集团有限公司|有限公司|专业合作社|股份经济合作社)")
# Characters that end the text before a company name (在|嘉兴市…有限公司, 由|县交通…).
_BEFORE_COMPANY = frozenset("在由与向对把被从给让至于以及为是的了等并或而经将到")


def legal_names(text: str, areas: list[Candidate]) -> list[Candidate]:
    """Registered company names: everything back from 有限公司 / 股份有限公司 …
    to the text before the name (punctuation, a verb, a preposition), with
    the place of registration they usually start with (青海雪域乳业有限公司,
    嘉兴市恒远纺织有限公司, 县交通投资集团有限公司).  A word before that place
    is context (主会场|安徽众诚…有限公司)."""
    out = []
    words = boundary_words()
    area_starts = sorted(a.start for a in areas)
    for m in _LEGAL_HEAD.finditer(text):
        h, e = m.span()
        i = h
        while i > 0 and h - i < 24:
            ch = text[i - 1]
            if not (lx.is_han(ch) or ch in "（）()"):
                break
            if ch in _BEFORE_COMPANY or (ch == "和" and text[i - 2 : i - 1] in "司团厂局委"):
                break
            if i != h and any(i - n >= 0 and text[i - n : i] in words for n in (4, 3, 2)):
                break
            i -= 1
        i = strip_leading_function_words(text, i, h)
        i = _TIME_PREFIX.match(text[i:h]).end() + i if _TIME_PREFIX.match(text[i:h]) else i
        place = next((a for a in area_starts if i < a < h), None)
        stem = next((k for k in range(i + 1, h - 1) if text[k : k + 2] in lx.place_stems()), None)
        for k in sorted(x for x in (place, stem) if x is not None):
            if _is_context(text[i:k]):
                i = k  # 主会场|安徽众诚…
            break
        name = text[i:h]
        # a registered name is specific by its legal form; only a reference
        # (该公司, 各有限公司) or a bare fragment is not a name
        if len(name) < 2 or name.startswith(_REFERENCES) or lx.is_person_name(name):
            continue
        out.append(make(text, i, e, EntityType.ENTERPRISE, "legal-name", priority=52))
    return out


_REFERENCES = ("该", "本", "各", "其", "此", "这", "那", "有关", "相关", "一家", "多家", "所有")


def _is_context(words: str) -> bool:
    """Words before a place name that cannot begin a company's name: common
    nouns and verbs (主会场, 走访), not a brand."""
    tokens = lx.segment(words)
    return bool(tokens) and all(lx.is_common_word(t, 20) for t in tokens)


_SINGLE_STOPS = frozenset("的等和及与在对将为把从向以是了着被由据让给或并而于至到各该每本其")
_COUNT = re.compile(
    r"^[\d.一二三四五六七八九十两百千万几多]+(?:亿元|万元|平方米|公里|[元个座处家项批所条名位户次件块片栋幢亩吨米])[项个座处]?"
)
_NUMERALS = "一二三四五六七八九十两百千万"


def scan_left(text: str, end: int, quotes: list[tuple[int, int]], limit: int = _NAME_LIMIT) -> int:
    """Start of a name ending at ``end``: back to punctuation (outside short
    quotations), an explicit boundary word or a function character."""
    i = end
    words = boundary_words()
    depth = 0
    while i > 0 and end - i < limit:
        ch = text[i - 1]
        q = next((s for s in quotes if s[1] == i), None)
        if q is not None and q[1] - q[0] <= 22 and not re.search("[，。；！？]", text[q[0] : q[1]]):
            i = q[0]  # a short quotation belongs to the name
            continue
        if q is not None:
            return i
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0:
            if not (lx.is_han(ch) or ch in _EXTRA):
                return i
            if (
                ch in _SINGLE_STOPS
                and not lx.is_common_word(text[i - 1 : i + 1], 20)
                and not (i >= 2 and lx.is_common_word(text[i - 2 : i], 20))
            ):
                return i  # 的 / 在 …, but not 将 of 将军
            if any(i - n >= 0 and text[i - n : i] in words for n in (4, 3, 2)):
                return i
        i -= 1
    return i


_TIME_PREFIX = re.compile(r"^(?:\d{4}年(?:底|初|前|内)?|\d{1,2}(?:—|-|至)?\d{0,2}月(?:底|初|份)?(?:前)?)")


# …公司投资12亿元建设|锂电池生产基地: an investment clause before the name.
_INVESTED = re.compile(r"\d+(?:\.\d+)?(?:亿|万)?元(?:用于|建设|实施|打造|新建|建成|兴建)")


# 在经开区东区建设|半导体封装测试项目: a place phrase opened by 在 and a verb of building.
_BUILT_AT = re.compile(r"(?:建设|新建|兴建|打造|布局|投建)")


def _trim(text: str, start: int, end: int) -> int:
    """Leading verbs, times, scope words and counts off a name."""
    invested = list(_INVESTED.finditer(text, start, end))
    if invested and end - invested[-1].end() >= 4:
        start = invested[-1].end()
    elif start > 0 and text[start - 1] == "在":
        built = list(_BUILT_AT.finditer(text, start, end))
        if built and end - built[-1].end() >= 4:
            start = built[-1].end()
    while True:
        new = strip_count(text, strip_leading_function_words(text, start, end), end)
        t = _TIME_PREFIX.match(text[new:end])
        if t:
            new += t.end()
        if new == start:
            return start
        start = new


def strip_count(text: str, start: int, end: int) -> int:
    """Skip scope words and a count before a name (全区117座|水库, 18个|项目,
    一项项|民生工程)."""
    changed = True
    while changed and start < end:
        changed = False
        m = _COUNT.match(text[start:end])
        if m:
            start += m.end()
            changed = True
        for word in ("全区", "全市", "全县", "全省", "全镇", "全乡", "该区", "该市", "该县"):
            if text.startswith(word, start) and start + len(word) < end:
                start += len(word)
                changed = True
    return start


def _occurrences(word: str, text: str) -> Iterator[int]:
    """Starts of the non-overlapping occurrences of ``word``, left to right:
    what ``re.finditer(re.escape(word), text)`` finds, without escaping and
    compiling a pattern per word and text (this runs for every head word on
    every task's text)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


def _by_head(text: str, areas: list[Candidate], legal: list[Candidate] = ()) -> list[Candidate]:  # noqa: PLR0912
    out = []
    quotes = quoted_spans(text)
    area_spans = {(a.start, a.end) for a in areas}
    for head in _project_heads():
        for h in _occurrences(head, text):
            e = h + len(head)
            # A head inside a quotation counts only when it ends it: “乡愁文化广场”.
            q = next((s for s in quotes if s[0] < h and e <= s[1] - 1), None)
            if q is not None and e != q[1] - 1:
                continue
            if q is not None and (text[q[0] + 1] in _NUMERALS or re.search("[+＋]", text[q[0] : q[1]])):
                continue  # “八大工程”, “公司+基地+农户”: a programme (initiatives.py)
            if q is not None:
                e = q[1]
            phase = _PHASE.match(text, e)
            if phase:
                e = phase.end()
            if (
                e < len(text)
                and lx.is_han(text[e])
                and not text.startswith(_WORK_ON, e)
                and any(lx.is_common_word(text[h : e + n], 20) for n in (1, 2))
            ):
                continue  # 工程|建设 …: the head is part of a longer word
            start = q[0] if q is not None else scan_left(text, h, quotes)
            if q is None:
                start = _trim(text, start, h)
                start = _route_start(text, start, quotes)
            # A company's project is named after the company (金源乳业有限公司
            # 年产…项目): the name starts where the company's does.
            company = next(
                (c for c in legal if c.start < start < c.end or (start <= c.start < c.end <= h)), None
            )
            if company is not None and (company.start < start or _is_context(text[start : company.start])):
                start = company.start
            # An area written before a name of its own is its location, not part
            # of it (安仁县|南湾自来水厂); a descriptive rest keeps it (青山区托育中心,
            # 石岗镇农产品冷链物流园项目), and so does a route (石岗镇至马庄村公路).
            collective = False
            for a_start, a_end in sorted(area_spans):
                if a_start == start and a_end < h:
                    collective = text[a_end] in "各该本每全"  # 桐溪县各项目: all of them
                    if _named_rest(text[a_end:h]):
                        start = a_end
            name = text[start:h]
            if collective:
                continue
            if not name or len(name) < 2:
                continue
            if (is_generic(name) or not _specific(name)) and not _company_builds(text, start, name):
                continue
            if head.startswith("工程") and name[-1] in CLOSE_QUOTES:
                continue  # “135”工程: a programme (initiatives.py)
            out.append(make(text, start, e, EntityType.PROJECT, "project-head", priority=55))
    return out


_COMPANY_SUBJECT = re.compile(r"(?:公司|集团)[^，。；！？\n]{0,16}(?:建设|新建|兴建|投建)$")


def _company_builds(text: str, start: int, name: str) -> bool:
    """A facility a named company builds is its own even in common words
    (瑞泰公司投资8亿元建设|汽车精密部件生产基地): the clause before the name has
    the company as subject and ends in a verb of building.  A category word
    (重点, 示范) still makes it no name."""
    if len(name) < 4 or not _specific_words(name):
        return False
    return bool(_COMPANY_SUBJECT.search(text, max(0, start - 30), start))


_CATEGORY_WORDS = frozenset({"重点", "重大", "示范", "试点", "实事"})


def _specific_words(name: str) -> bool:
    """No category word (省重点项目) nor a description (全球最大…基地)."""
    return "最" not in name and not _CATEGORY_WORDS & set(lx.segment(name))


def _route_start(text: str, start: int, quotes: list[tuple[int, int]]) -> int:
    """A road or line named by its two ends starts at the first one:
    石岗镇至马庄村通村公路, 白石至青山220千伏输变电工程."""
    if start < 3 or text[start - 1] != "至":
        return start
    first = _trim(text, scan_left(text, start - 1, quotes, limit=10), start - 1)
    if 2 <= start - 1 - first <= 8 and all(lx.is_han(c) for c in text[first : start - 1]):
        return first
    return start


def _named_rest(rest: str) -> bool:
    """Whether what follows an area is a name of its own (南湾|自来水厂): it
    starts with a proper name, not with a common word (农产品冷链物流园) nor
    a route (至马庄村…)."""
    if rest.startswith("至") or rest[:1].isdigit() or is_generic(rest):
        return False  # a route, or a scale (阿热勒乡|3万亩…项目): the place is in the name
    first = lx.segment(rest)[0]
    tag = lx.word_tag(first)
    return (tag is None and len(first) > 1) or tag in lx.PROPER_TAGS or not lx.is_common_word(first, 30)


def _specific(name: str) -> bool:
    """Not a category (省重点项目, 重大产业项目) nor a description (全球最大…基地)."""
    tokens = lx.segment(name)
    if (
        "最" in name
        or name.endswith("型")
        or any(t in ("重点", "重大", "示范", "试点", "实事") for t in tokens)
    ):
        return False
    return not all(c in generic_words() or c in "省市区县级" for c in tokens)


def _enterprises(text: str) -> list[Candidate]:
    out = []
    for head in _enterprise_heads():
        for h in _occurrences(head, text):
            e = h + len(head)
            if not clean_right(text, e) or (e < len(text) and text[e] in "园城区"):
                continue
            if head not in ("公司", "集团") and text.startswith(("公司", "集团", "有限"), e):
                continue  # 恒芯电子|公司: the company head closes the name
            long = _long_company(text, h, e) if head in ("公司", "集团") else None
            if long is not None:
                out.append(long)
                continue
            for size in (2, 3, 4):
                i = h - size
                if i < 0:
                    break
                name = text[i:h]
                if not all(lx.is_han(c) for c in name):
                    break
                if not clean_left(text, i, jieba=False) and text[max(0, i - 2) : i] not in ("企业", "公司"):
                    continue
                if lx.is_common_word(name, 5) or name in generic_words() or is_generic(name):
                    break
                out.append(make(text, i, e, EntityType.ENTERPRISE, "company-head", priority=50))
                break
    return out


_CLAUSE_OPENERS = "，。；：、“（\n"
_NAME_BREAKERS = frozenset("的了是和与及在把将对为从向到等")


def _long_company(text: str, h: int, e: int) -> Candidate | None:
    """A company written without 有限 whose name is a brand and its trade
    (金岭精密制造公司, 华夏天成新能源公司): the whole clause-initial stretch
    before 公司, 5–10 characters, opened by punctuation or a preposition."""
    for size in range(10, 4, -1):
        i = h - size
        if i < 1:
            continue
        name = text[i:h]
        opener = text[i - 1]
        if not all(lx.is_han(c) for c in name) or _NAME_BREAKERS & set(name):
            continue
        if opener not in _CLAUSE_OPENERS and opener not in "在由与和向对从到":
            continue
        first = lx.segment(name)[0]
        if first in boundary_words() or lx.is_function_word(first) or is_generic(name[:2]):
            continue
        if any(c.isdigit() for c in name):
            continue
        if lx.is_common_word(name[:2], 50) and not (name[:2] in lx.place_stems() and size >= 6):
            continue  # but a city before the brand is the company's (苏州|恒芯电子公司)
        return make(text, i, e, EntityType.ENTERPRISE, "company-trade", priority=50)
    return None


def _honoured_enterprises(text: str) -> list[Candidate]:
    out = []
    for m in re.finditer(r"被(?:评为|认定为|列为|授予)[^，。；]{0,15}?(?:企业|公司)", text):
        end = m.start()
        for size in (2, 3, 4, 5, 6):
            i = end - size
            if i < 0:
                break
            name = text[i:end]
            if not all(lx.is_han(c) for c in name):
                break
            if clean_left(text, i, jieba=False) and not is_generic(name) and not lx.is_person_name(name):
                out.append(make(text, i, end, EntityType.ENTERPRISE, "honoured", priority=50))
                break
    return out


# ----------------------------------------------------------------- enumerations


def find_lists(text: str) -> list[Candidate]:
    """Items of enumerations closed by 等 + a list head (see list_heads.tsv)."""
    heads = lx.list_heads()
    ordered = lx.longest_first(list(heads))
    quotes = quoted_spans(text)
    out = []
    for m in re.finditer(r"等", text):
        head, _ = _list_head(text, m.end(), ordered)
        if head is None:
            continue
        items = _items_before(text, m.start(), quotes)
        single_quote = len(items) == 1 and text[items[0][0]] in "“「"
        if len(items) < 2 and not single_quote:
            continue
        for s, e in items:
            cand = make(text, s, e, heads[head], "list", priority=65)
            cand.extra["list_head"] = head
            out.append(cand)
    return out


def _list_head(text: str, pos: int, ordered: tuple[str, ...]) -> tuple[str | None, int]:
    """The list head after 等, with up to six modifier characters first
    (等一批骨干企业, 等十大民生工程, 等各类招聘会)."""
    for skip in range(0, 7):
        at = pos + skip
        if skip and not lx.is_han(text[at - 1 : at] or "x"):
            break
        for head in ordered:
            if text.startswith(head, at):
                end = at + len(head)
                if end < len(text) and lx.is_han(text[end]) and head in ("工作",):
                    return None, pos
                return head, end
    return None, pos


def _items_before(text: str, end: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items of the enumeration ending at ``end`` (just before 等): split at
    、/和/及/以及, or adjacent quotations (“A”“B”等)."""
    items: list[tuple[int, int]] = []
    pos = end
    while True:
        # adjacent quotation?
        q = next((s for s in quotes if s[1] == pos), None)
        if q is not None:
            items.append(q)
            pos = q[0]
            if any(s[1] == pos for s in quotes):
                continue
        else:
            start = _item_start(text, pos, quotes)
            if start is None or start >= pos:
                break
            items.append((start, pos))
            pos = start
        sep = next((s for s in _SEPARATORS if text.endswith(s, 0, pos)), None)
        if sep in ("和", "及") and text[pos - 2 : pos - 1] not in CLOSE_QUOTES:
            sep = None  # 和 / 及 inside a name (同兴养殖场) unless between quotations
        if sep is None:
            break
        pos -= len(sep)
    items.reverse()
    if items:
        # the first item may follow a verb inside the clause (在引进|天成)
        s, e = items[0]
        first = max(strip_leading_function_words(text, s, e), scan_left(text, e, quotes, limit=16))
        items[0] = (first, e)
    return [(s, e) for s, e in items if 1 < e - s <= 16 and _item_ok(text[s:e])]


_COUNTED = re.compile(r"([\u3400-\u9fff]{2,8})[和与及、]([\u3400-\u9fff]{2,8})(?:两|三|四|五|几)个")


def find_counted_pairs(text: str) -> list[Candidate]:
    """金桂园和翠湖苑两个楼盘: two names counted by a list head."""
    heads = lx.list_heads()
    out = []
    for m in _COUNTED.finditer(text):
        head = next((h for h in lx.longest_first(list(heads)) if text.startswith(h, m.end())), None)
        if head is None:
            continue
        first = strip_leading_function_words(text, m.start(1), m.end(1))
        for s, e in ((first, m.end(1)), m.span(2)):
            if e - s >= 2 and not is_generic(text[s:e]):
                out.append(make(text, s, e, heads[head], "list", priority=65))
    return out


def _item_start(text: str, end: int, quotes: list[tuple[int, int]]) -> int | None:
    i = end
    depth = 0
    while i > 0 and end - i <= 16:
        ch = text[i - 1]
        q = next((s for s in quotes if s[1] == i), None)
        if q is not None:
            i = q[0]
            continue
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
        elif (depth == 0 and not (lx.is_han(ch) or ch in _EXTRA)) or (
            depth == 0 and i != end and (ch == "、" or text[i - 2 : i] == "以及")
        ):
            return i
        elif depth == 0 and i != end and ch in "和及" and text[i : i + 1] in OPEN_QUOTES:
            return i  # ”和“: a conjunction between quoted items
        i -= 1
    return i if i == 0 else None


def _item_ok(item: str) -> bool:
    if any(c in item for c in "，。；：！？"):
        return False
    core = item.strip("“”「」‘’")
    return bool(core) and core not in generic_words() and not re.fullmatch(r"[\d.]+", core)
