"""Person recognition from context cues, never from surnames alone.

A surname followed by one or two characters is a name only where the text
says so:

- a byline or photo credit (唐一鸣 钱小燕 周晓, 黄一凡 摄, (康明)), read by
  :mod:`sources.narrative.layout`;
- a post right before the name (党委书记曹立明, 村民小组长许文杰, 讲师孟达,
  网格林长田志强) or a top title right after it (王建国总书记);
- an honour after a list of names (许文被评为…, 何雨晴、陆佳被评为…);
- a byline word before it (记者王某);
- a role noun before it and a speech verb after it (村民洛桑丹增说), or a
  title held in the unit written before it (县农牧和科技局干部马德成).

Names of minority peoples are read without a Han surname: up to six
transliteration characters (敖登格日勒), or parts joined by a middle dot
(吐尔洪·艾山).

Each name must read as a personal name (``sources.names.is_person_name``),
must not be a common word (广泛), and must end at a clean boundary
(曹立明|介绍, 孟达|以, 宋飞|介绍).  A name written only inside another name
(王铭将军故居) is not taken.
"""

from __future__ import annotations

import re

from sources.names import has_unit_suffix, is_transliterated_name
from sources.narrative import lexicon as lx
from sources.narrative.layout import Page
from sources.narrative.spans import Candidate, clean_right, make, name_chars_ok
from sources.records import EntityType

# Titles written after a name (王建国总书记, 王某同志).
_TITLES_AFTER = ("总书记", "主席", "副主席", "总理", "委员长", "同志")
# A name does not end with these characters (孟达以 …).
_NOT_LAST = frozenset("以在和与及的说对为是被将向从等也就都又同给把让")
_COMPOUND = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容", "司徒", "夏侯", "尉迟", "长孙"}
)
_HONOUR = re.compile(r"(被评为|获评|荣获|当选|被授予|被表彰为)")


# Words for the people a report quotes (村民洛桑丹增说, 牧民古再丽·艾山笑着说):
# a name after one of them counts when a speech verb follows it.
_ROLE_NOUNS = (
    *("村民", "居民", "牧民", "农民", "群众", "党员", "职工", "员工", "老党员", "游客"),
    *("脱贫户", "移民户", "农户", "牧户", "种植户", "养殖户"),
)
_SPEECH = re.compile(
    r"(?:笑着|高兴地|激动地|感慨地|自豪地|告诉记者)?(?:说|表示|介绍|告诉|坦言|感慨|算起了账)"
)


# … and words that say what a named person is (县农牧和科技局干部马德成).
_ROLE_TITLES = ("干部", "驻村干部", "工作人员", "技术员")


def _quoted_people(text: str) -> list[Candidate]:
    out = []
    for noun in (*_ROLE_NOUNS, *_ROLE_TITLES):
        for m in re.finditer(noun, text):
            span = name_at(text, m.end())
            if span is None or (noun in _ROLE_NOUNS and not _SPEECH.match(text, span[1])):
                continue
            if noun in _ROLE_TITLES and not has_unit_suffix(text[max(0, m.start() - 12) : m.start()]):
                continue  # a title only after the unit it is held in (…科技局干部马德成)
            out.append(make(text, span[0], span[1], EntityType.PERSON, "role+name", priority=80))
    return out


def find_persons(text: str, page: Page | None = None) -> list[Candidate]:
    out: list[Candidate] = []
    if page is not None:
        for block in page.blocks:
            for start, end in block.names:
                role = "摄影" if "摄" in text[block.start : block.end] else "作者（署名）"
                cand = make(text, start, end, type_=EntityType.PERSON, rule="byline", priority=90)
                cand.extra["role"] = role
                out.append(cand)
    out += _after_posts(text)
    out += _quoted_people(text)
    out += _before_titles(text)
    out += _honours(text)
    out += _byline_words(text)
    return out


def name_at(text: str, pos: int) -> tuple[int, int] | None:
    """The personal name starting at ``pos``, if one does: 2–3 characters
    (3–4 after a compound surname), ending at a clean boundary."""
    sizes = (4, 3) if text[pos : pos + 2] in _COMPOUND else (3, 2)
    for n in (4, 3):
        word = text[pos : pos + n]
        if len(word) == n and lx.word_freq(word) >= 20 and not (lx.word_tag(word) or "").startswith("nr"):
            return None  # 满怀信心: a word starts here, not a name (张国栋 is one)
    dotted = _dotted_at(text, pos)
    if dotted is not None:
        return dotted
    for size in sizes:
        end = pos + size
        if end > len(text):
            continue
        name = text[pos:end]
        if not all(lx.is_han(c) for c in name) or name[-1] in _NOT_LAST:
            continue
        if not name_chars_ok(name[1:]) or _starts_with_word(text[pos : pos + 2]):
            continue  # 包户, 广泛|进行, 满怀|信心
        if not lx.is_person_name(name) or _common(name):
            continue
        if not clean_right(text, end):
            continue
        return pos, end
    return _transliterated_at(text, pos)


_DOT = "·•‧・"
_DOTTED = re.compile(r"[\u3400-\u9fff]{2,6}(?:[·•‧・][\u3400-\u9fff]{2,6})+")


def _dotted_at(text: str, pos: int) -> tuple[int, int] | None:
    """A name written with a middle dot (吐尔洪·艾山, 努尔兰·卡德尔): its
    parts are transliterated; the last part ends at a clean boundary."""
    m = _DOTTED.match(text, pos)
    if m is None:
        return None
    parts = re.split(f"[{_DOT}]", m.group())
    last = parts[-1]
    base = m.end() - len(last)
    # the longest last part made of transliteration characters, else the
    # shortest that ends cleanly (买买提|表示, 吐尔逊|笑着说)
    for size in range(min(6, len(last)), 2, -1):
        if is_transliterated_name(last[:size]) and clean_right(text, base + size):
            return pos, base + size
    for size in range(2, min(6, len(last)) + 1):
        if clean_right(text, base + size) and not lx.is_common_word(last[:size], 20):
            return pos, base + size
    return None


def _starts_with_word(head: str) -> bool:
    """The first two characters are a word no name starts with (广泛, 包户);
    a rarer word that is also a surname and a given name's first character
    (方志诚, 许国良) does not stop a name."""
    tag = lx.word_tag(head)
    if tag is None or tag.startswith("nr") or (tag == "ns" and lx.word_freq(head) < 100):
        return False
    return lx.word_freq(head) >= (20 if head[0] not in lx.surnames() else 100)


def _transliterated_at(text: str, pos: int) -> tuple[int, int] | None:
    """A transliterated minority name (敖登格日勒, 萨仁高娃, 斯琴): no Han
    surname, up to six characters; the longest one ending cleanly."""
    for size in (6, 5, 4, 3):
        end = pos + size
        name = text[pos:end]
        if len(name) < size or name[-1] in _NOT_LAST or not is_transliterated_name(name):
            continue
        if lx.is_common_word(name, 20) or not clean_right(text, end):
            continue
        return pos, end
    return None


def _common(name: str) -> bool:
    """A dictionary word that is not a person's name (广泛, 高效)."""
    tag = lx.word_tag(name)
    return tag is not None and not tag.startswith("nr") and lx.word_freq(name) >= 20


def _post_at(text: str, end: int, stops: frozenset[int] | set[int] = frozenset()) -> int | None:
    """Start of a post title (with its modifiers) ending at ``end``; the
    modifiers stop at the end of a name (郑家湾镇|党委书记)."""
    for post in lx.posts():
        if text.endswith(post, 0, end):
            start = end - len(post)
            # modifiers: 党委 + 副书记, 网格 + 田长, 村民 + 小组长
            changed = True
            while changed and start not in stops:
                changed = False
                for modifier in lx.post_modifiers():
                    if text.endswith(modifier, 0, start):
                        start -= len(modifier)
                        changed = True
                        break
            return start
    return None


def _after_posts(text: str) -> list[Candidate]:
    out = []
    for post in lx.posts():
        for m in re.finditer(re.escape(post), text):
            span = name_at(text, m.end())
            if span is None:
                span = _signed_name(text, m.start(), m.end())
            if span is None:
                continue
            cand = make(text, span[0], span[1], EntityType.PERSON, "post+name", priority=85)
            cand.extra["post_end"] = str(m.end())
            out.append(cand)
    return out


def _signed_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A line that is only a post and a name set apart by spaces, as a
    report names its speaker under the title (``县长　邹文斌``)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \u3000\t"):
        return None
    gap = re.match(r"[ \u3000\t]+", text[end:])
    if gap is None:
        return None
    at = end + gap.end()
    span = name_at(text, at)
    if span is None or text[span[1] :].split("\n", 1)[0].strip(" \u3000\t"):
        return None
    return span


def _before_titles(text: str) -> list[Candidate]:
    out = []
    for title in _TITLES_AFTER:
        for m in re.finditer(re.escape(title), text):
            for size in (4, 3, 2):
                start = m.start() - size
                if start < 0:
                    continue
                name = text[start : m.start()]
                if size == 4 and name[:2] not in _COMPOUND:
                    continue
                if not all(lx.is_han(c) for c in name) or not lx.is_person_name(name) or _common(name):
                    continue
                if start > 0 and lx.is_common_word(text[start - 1 : start + 1], 50):
                    continue  # 有|关负责同志: the name would split a word: the name would split a word
                out.append(make(text, start, m.start(), EntityType.PERSON, "name+title", priority=85))
                break
    return out


def _honours(text: str) -> list[Candidate]:
    """许文被评为 / 何雨晴、陆佳被评为: names listed right before an honour."""
    out = []
    for m in _HONOUR.finditer(text):
        end = m.start()
        names = []
        while True:
            found = None
            for size in (3, 2, 4):
                start = end - size
                if start < 0:
                    continue
                name = text[start:end]
                clean = start == 0 or not lx.is_han(text[start - 1])
                if (
                    clean
                    and all(lx.is_han(c) for c in name)
                    and lx.is_person_name(name)
                    and not _common(name)
                ):
                    found = (start, end)
                    break
            if found is None:
                break
            names.append(found)
            if found[0] > 0 and text[found[0] - 1] == "、":
                end = found[0] - 1
                continue
            break
        for start, stop in names:
            out.append(make(text, start, stop, EntityType.PERSON, "honour", priority=80))
    return out


def _byline_words(text: str) -> list[Candidate]:
    out = []
    for m in re.finditer(r"(?:记者|通讯员)\s?", text):
        span = name_at(text, m.end())
        if span is not None:
            cand = make(text, span[0], span[1], EntityType.PERSON, "byline-word", priority=85)
            cand.extra["role"] = "作者（署名）"
            out.append(cand)
    return out
