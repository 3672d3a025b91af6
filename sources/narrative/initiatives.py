"""Initiative recognition: named campaigns, mechanisms, strategies, brands, tools.

Chinese government prose marks the names of its programmes in two ways.

Quoted names (“清风护农”专项行动, “一窗通办”, “村委会+基地+公司+农户”模式):

- a quotation followed by a programme head, with at most ten modifier
  characters between (“明方向、立规矩…”干部队伍作风建设专项活动), is a name
  with its head; quotations joined by 之 form one name (“服务换服务”之“爱心银行”活动);
- a bare quotation is a name when its own shape says so: a numbered formula
  (三保, 三访三帮, 一村一品, 两区一线, 7531), a programme morpheme at its end
  (易企办, 驻企专班制, 攻坚年, 白沙模式), a ``+`` (互联网+政务服务), or a verb
  that introduces programmes right before it (深入开展“走找想促”, 实现了“一次办好”);
- quotations listed before a head (“赫山干部”“赫山人才”“赫山作为”品牌) — lists
  closed by 等 are read by :func:`sources.narrative.projects.find_lists`.

Unquoted names with a programme head: X战略 (创新驱动战略), X行动 (城市更新
行动), X专项斗争, X长制 (林长制), X制 / X制度 with a long enough name (问题交办
制, 社区干部轮岗交流制度), X主题教育, 第七次全国人口普查, 三大保卫战 after an
enumeration, 节水十条举措, and tools: 湖北林长制APP, 营商环境12345投诉台.

Slogans (“一手抓发展，一手抓民生”), metaphors (“生命线”, “加码”) and speech stay
out: they have none of these marks.
"""

from __future__ import annotations

import re

from sources.narrative import lexicon as lx
from sources.narrative.spans import (
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

_NUMERALS = "一二三四五六七八九十两双百千万"
_INNER_QUOTE = re.compile(r"[‘『][^’』\n]{1,24}[’』]")
_MEASURES = "个项名次件条级批位户家所座处"
_MORPHEMES = (
    "工作法",
    "工作机制",
    "机制",
    "制度",
    "行动",
    "模式",
    "工程",
    "活动",
    "战略",
    "计划",
    "品牌",
    "平台",
    "措施",
    "攻坚战",
    "推进年",
    "攻坚年",
    "办",
    "制",
    "年",
    "月",
    "会",
)
# Words that open a description, not a name (国家区域发展战略).
_SCOPE_WORDS = frozenset(
    {"国家", "全国", "全省", "全市", "全区", "发展", "区域", "各项", "各类", "重大", "重点"}
)
_TOOLS = ("小程序", "APP", "App", "app", "平台", "系统")
_ADVERBS = ("深入", "大力", "全面", "扎实", "积极", "持续", "着力", "切实", "认真", "广泛", "全力")


def _keywords() -> tuple[str, ...]:
    return lx.sorted_words("initiative_keywords.txt")  # cached there


def _triggers() -> tuple[str, ...]:
    return lx.sorted_words("initiative_triggers.txt")  # cached there


def find_initiatives(text: str, areas: list[Candidate]) -> list[Candidate]:
    quotes = []
    for q in quoted_spans(text):
        if _quote_ok(text, q):
            quotes.append(q)
        else:  # speech: a name may be quoted inside it (“公司采取‘公司+基地+农户’模式…”)
            quotes += [m.span() for m in _INNER_QUOTE.finditer(text, q[0] + 1, q[1] - 1)]
    quotes.sort()
    out: list[Candidate] = []
    out += _quoted(text, quotes, areas)
    out += _quote_chains(text, quotes)
    out += _unquoted(text, areas)
    return out


def _quote_ok(text: str, q: tuple[int, int]) -> bool:
    content = text[q[0] + 1 : q[1] - 1]
    if not content or len(content) > 24 or re.search(r"[。！？!?；;：:]", content):
        return False
    return not (len(content) > 16 and re.search(r"[，,]", content))


def _tail(text: str, pos: int, max_modifier: int = 10) -> int | None:
    """End of a programme head after ``pos``, with up to ``max_modifier``
    modifier characters first (“…”|干部队伍作风建设|专项活动)."""
    for m in range(0, max_modifier + 1):
        at = pos + m
        if m and not all(lx.is_han(c) for c in text[pos:at]):
            return None
        if m and any(c in "的了是在和与及等为将把被对向从" for c in text[pos:at]):
            return None
        if m and lx.is_function_word(text[pos : pos + 2]) and text[pos : pos + 2] not in ("创建", "防腐"):
            return None  # a verb after the quotation: 推广|注册, 落地|见效
        for kw in _keywords():
            if text.startswith(kw, at):
                end = at + len(kw)
                if clean_right(text, end) or not lx.is_han(text[end : end + 1] or "x"):
                    return end
        if m == 0 and text.startswith("制", at) and clean_right(text, at + 1):
            return at + 1  # “三员”制
        if m == 0:
            big = re.match(r"[一二三四五六七八九十]大[\u3400-\u9fff]{2,6}(?=[，。；、,;])", text[at:])
            if big:
                return at + big.end()  # “蔬菜、草莓、油茶、橙子”四大过亿产业
    return None


def _quoted(text: str, quotes: list[tuple[int, int]], areas: list[Candidate]) -> list[Candidate]:
    out = []
    area_by_end = {a.end: a for a in areas}
    i = 0
    while i < len(quotes):
        start, end = quotes[i]
        # quotations joined by 之 make one name
        while i + 1 < len(quotes) and text[end : quotes[i + 1][0]] == "之":
            i += 1
            end = quotes[i][1]
        i += 1
        in_chain = any(q[1] == start for q in quotes)
        tail = None if in_chain else _tail(text, end)
        if tail is not None:
            s = start
            if text[end:tail].endswith(_TOOLS) and start in area_by_end:
                s = area_by_end[start].start  # 郑家湾镇“三讲三比”小助手微信小程序
            else:
                s = _verb_prefix(text, start)
            cand = make(text, s, tail, EntityType.INITIATIVE, "quote+head", priority=62)
            cand.extra["bare"] = text[start:end]
            out.append(cand)
            continue
        content = text[start + 1 : end - 1]
        if _looks_named(content) or _introduced(text, start):
            out.append(make(text, start, end, EntityType.INITIATIVE, "quote", priority=48))
    return out


def _verb_prefix(text: str, start: int) -> int:
    """Include an action phrase written between a programme verb and the
    quotation (开展|万名干部联万企|“…”百日攻坚行动, 开展|反邪教|“五进”);
    a bare noun there (做实|党员|“三讲三比”行动) is not part of the name."""
    if any(text.endswith(t, 0, start) for t in _triggers()):
        return start
    for size in range(2, 9):
        s = start - size
        if s < 0 or not lx.is_han(text[s]):
            break
        if any(text.endswith(t, 0, s) for t in _triggers()):
            tokens = lx.segment(text[s:start])
            if size >= 3 and not (len(tokens) == 1 and lx.is_common_word(tokens[0])):
                return s
            break
    return start


def _looks_named(content: str) -> bool:
    """The shape of a programme name: a numbered formula, a programme
    morpheme at the end, or a ``+``."""
    if "+" in content or "＋" in content:
        return True
    if re.fullmatch(r"\d{3,}", content):
        return True  # “135”工程, “7531”
    core = content.replace("、", "")
    tag = lx.word_tag(core)
    if tag in ("m", "j", "i", "l") and lx.word_freq(core) >= 50:
        return False  # 一对一, 四级, 两委: ordinary words
    if len(core) >= 2 and core[0] in _NUMERALS:
        # 两项补贴 (a count of things) is not a formula
        return not (core[1] in _MEASURES and not core.endswith(_MORPHEMES))
    return len(core) >= 3 and core.endswith(_MORPHEMES) and not lx.is_common_word(core, 20)


def _introduced(text: str, start: int) -> bool:
    """A programme verb right before the quotation (深入开展“…”, 实现了“…”)."""
    before = text[max(0, start - 6) : start]
    if before.endswith("了"):
        before = before[:-1]
    return any(before.endswith(t) for t in _triggers())


def _quote_chains(text: str, quotes: list[tuple[int, int]]) -> list[Candidate]:
    """“赫山干部”“赫山人才”“赫山作为”品牌 / “三保”“三稳”工作: adjacent
    quotations closed by a programme head name a programme each."""
    out = []
    i = 0
    while i < len(quotes):
        chain = [quotes[i]]
        while i + 1 < len(quotes) and quotes[i + 1][0] == chain[-1][1]:
            i += 1
            chain.append(quotes[i])
        i += 1
        if len(chain) < 2:
            continue
        end = chain[-1][1]
        if _tail(text, end, 0) is not None or text.startswith("工作", end):
            for s, e in chain:
                out.append(make(text, s, e, EntityType.INITIATIVE, "quote-chain", priority=63))
    return out


_STRATEGY = re.compile(r"([\u3400-\u9fff]{2,8}?)(战略|专项斗争)")
_THEME = re.compile(r"主题教育")
_ACTION = re.compile(r"([\u3400-\u9fff]{2,6}?)行动")
_CHIEF = re.compile(r"长制")
_ZONE_PROGRAMME = re.compile(r"示范区")
# A 示范区 conferred by a higher level (国家…, 第四批全国…, 承接产业转移…) is a
# programme; one named after a local place and its trade is a site.
_DESIGNATION = re.compile(r"^(?:国家|全国|全省|省级|省|市级|第)|承接|转移|创新型|改革|试验|综合配套|标准化")
_SYSTEM = re.compile(r"([\u3400-\u9fff（）()]{4,14}?)(制度|制)")
_SURVEY = re.compile(r"第[一二三四五六七八九十\d]+次全国[\u3400-\u9fff]{2,8}?(?:调查|普查)")
_BATTLES = re.compile(
    r"(?:[\u3400-\u9fff]{2}、){1,4}[\u3400-\u9fff]{2}[一二三四五六七八九十]大(?:攻坚战|保卫战)"
)
_BIG = re.compile(r"[三四五六七八九十]大攻坚战")
_MEASURES_RE = re.compile(r"[\u3400-\u9fff]{0,4}[一二三四五六七八九十]+(?:条|项)(?:工作)?(?:举措|措施)")
_HOTLINE = re.compile(r"[\u3400-\u9fff]{2,6}\d{3,5}(?:投诉台|服务热线|热线|服务台)")


def _unquoted(text: str, areas: list[Candidate]) -> list[Candidate]:  # noqa: PLR0912 - a loop per pattern
    out = []
    area_by_end = {a.end: a for a in areas}
    for m in _STRATEGY.finditer(text):
        start = _name_start(text, m.start(), m.start(2), 4, strict=True)
        if start is not None and text.startswith(_ADVERBS, start):
            start = _past_verb(text, start + 2, m.start(2))  # 全面落实|乡村振兴战略
        if start is not None:
            out.append(make(text, start, m.end(), EntityType.INITIATIVE, "strategy", priority=44))
    for m in _ACTION.finditer(text):
        start = _name_start(text, m.start(), m.end() - 2, 4, strict=True)
        if start is not None:
            out.append(make(text, start, m.end(), EntityType.INITIATIVE, "action", priority=44))
    for m in _ZONE_PROGRAMME.finditer(text):
        from sources.narrative.projects import scan_left

        start = strip_leading_function_words(text, scan_left(text, m.start(), []), m.start())
        if m.start() - start >= 6 and _DESIGNATION.search(text[start : m.start()]):
            out.append(make(text, start, m.end(), EntityType.INITIATIVE, "zone-programme", priority=44))
        elif m.start() - start >= 6:
            # 锦北现代农业示范区: a local place and its trade, built like a park
            out.append(make(text, start, m.end(), EntityType.PROJECT, "zone-project", priority=44))
    for m in _THEME.finditer(text):
        from sources.narrative.projects import scan_left

        start = scan_left(text, m.start(), [])
        if m.start() - start >= 2:
            out.append(make(text, start, m.end(), EntityType.INITIATIVE, "theme", priority=44))
    quotes = quoted_spans(text)
    for m in _CHIEF.finditer(text):
        s, e = m.end() - 3, m.end()  # 林长制, 河长制: one character before 长制
        if any(a < s and e < b for a, b in quotes):
            continue
        if s < 0 or not lx.is_han(text[s]) or text[s] in "的在和与及将为是":
            continue
        tool = next((t for t in _TOOLS if text.startswith(t, e)), None)
        if tool:
            e += len(tool)
            if s in area_by_end:
                s = area_by_end[s].start  # 湖北省林长制APP
            else:
                s -= next((len(st) for st in lx.place_stems() if text.endswith(st, 0, s)), 0)
        out.append(make(text, s, e, EntityType.INITIATIVE, "chief-system", priority=46))
    for m in _SYSTEM.finditer(text):
        head = m.start(2)
        if text[head - 1 : head] == "长":
            continue  # X长制: see above
        if m.group(2) == "制" and (
            lx.is_common_word(text[head - 1 : head + 1], 5) or not clean_right(text, m.end())
        ):
            continue  # 控制, 机制 …
        start = _name_start(text, m.start(), head, 4, strict=False)
        if start is None or _inside_parentheses(text, start):
            continue
        out.append(make(text, start, m.end(), EntityType.INITIATIVE, "system", priority=43))
    for pattern, rule in (
        (_SURVEY, "survey"),
        (_BATTLES, "battles"),
        (_BIG, "battles"),
        (_MEASURES_RE, "measures"),
        (_HOTLINE, "hotline"),
    ):
        for m in pattern.finditer(text):
            s = m.start()
            if rule in ("measures", "hotline"):
                s = strip_leading_function_words(text, s, m.end())
            out.append(make(text, s, m.end(), EntityType.INITIATIVE, rule, priority=47))
    return out


def _past_verb(text: str, start: int, head: int) -> int | None:
    """After an adverb (全面, 深入 …) the verb it qualifies, then the name."""
    start = strip_leading_function_words(text, start, head)
    token = lx.segment(text[start:head])[0] if start < head else ""
    if len(token) == 2 and not lx.word_tag(token).startswith(("n", "ns")):
        start += 2
    return start if head - start >= 2 else None


def _name_start(text: str, lo: int, head: int, min_len: int, strict: bool) -> int | None:
    """The closest start in [lo, head - min_len] with a clean left boundary
    whose name is not generic; ``strict`` also refuses a name opened by a
    generic word (国家区域发展战略)."""
    for i in range(head - min_len, lo - 1, -1):
        if not clean_left(text, i):
            continue
        name = text[i:head]
        if not all(lx.is_han(c) or c in "（）()" for c in name):
            return None
        if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
            continue
        first = lx.segment(name)[0]
        if name in generic_words() or first in boundary_words() or name[0] in "在要对为将把和与及的是":
            continue
        if strict and first in _SCOPE_WORDS:
            continue
        if not strict and any(len(t) > 1 and t in boundary_words() for t in lx.segment(name)):
            return None  # 全面推行|林长制: a verb inside
        if is_generic(name) and len(name) < 4:
            continue
        return i
    return None


def _shortest_clean_start(text: str, lo: int, hi: int) -> int | None:
    for i in range(lo, hi):
        if clean_left(text, i, jieba=False):
            return i
    return None


def _inside_parentheses(text: str, pos: int) -> bool:
    before = text[max(0, pos - 30) : pos]
    return before.rfind("(") > before.rfind(")") or before.rfind("（") > before.rfind("）")
