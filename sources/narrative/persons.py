"""Person recognition from context cues, never from surnames alone.

A surname followed by one or two characters is a name only where the text
says so:

- a byline or photo credit (唐一鸣 钱小燕 周晓, 黄一凡 摄, (康明)), read by
  :mod:`sources.narrative.layout`;
- a post right before the name (党委书记曹立明, 村民小组长许文杰, 讲师孟达,
  网格林长田志强) or a top title right after it (王建国总书记);
- an honour after a list of names (许文被评为…, 何雨晴、陆佳被评为…);
- a byline word before it (记者王某).

Each name must read as a personal name (``sources.names.is_person_name``),
must not be a common word (广泛), and must end at a clean boundary
(曹立明|介绍, 孟达|以, 宋飞|介绍).  A name written only inside another name
(王铭将军故居) is not taken.
"""

from __future__ import annotations

import re

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
    out += _before_titles(text)
    out += _honours(text)
    out += _byline_words(text)
    return out


def name_at(text: str, pos: int) -> tuple[int, int] | None:
    """The personal name starting at ``pos``, if one does: 2–3 characters
    (3–4 after a compound surname), ending at a clean boundary."""
    sizes = (4, 3) if text[pos : pos + 2] in _COMPOUND else (3, 2)
    for n in (4, 3):
        if lx.word_freq(text[pos : pos + n]) >= 20 and len(text[pos : pos + n]) == n:
            return None  # 满怀信心: a word starts here, not a name
    for size in sizes:
        end = pos + size
        if end > len(text):
            continue
        name = text[pos:end]
        if not all(lx.is_han(c) for c in name) or name[-1] in _NOT_LAST:
            continue
        if not name_chars_ok(name[1:]) or _common(text[pos : pos + 2]):
            continue  # 包户, 广泛|进行, 满怀|信心
        if not lx.is_person_name(name) or _common(name):
            continue
        if not clean_right(text, end):
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
                continue
            cand = make(text, span[0], span[1], EntityType.PERSON, "post+name", priority=85)
            cand.extra["post_end"] = str(m.end())
            out.append(cand)
    return out


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
