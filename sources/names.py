"""Names of agents in Chinese government documents: splitting and typing.

A responsibility cell or list names *agents*: government units (区财政局),
persons (郑伟), collective placeholders (各镇（街道）, 相关区属单位负责人) and
posts without a name (分管副区长).  This module has the small, general
operations every extractor needs, table or prose alike:

- :func:`split_agents` splits a table cell written one agent per line, repairing
  what a Word export does to names (``郑  伟``, ``林晓峰汪洋``, a placeholder
  broken over two lines, the （牵头） marker on its own line);
- :func:`split_unit_list` splits an inline list (``区发改局、区财政局，区商务局``);
- :func:`agent_type` and :func:`is_person_name` classify a name from general
  vocabulary (surnames, unit suffixes, collective and post patterns) kept in
  ``sources/data/``: nothing here knows any particular document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from sources.records import EntityType

_DATA = Path(__file__).resolve().parent / "data"

# Whitespace as Word exports pad it: ASCII, NBSP, ideographic space.
_SPACE = " \t\u00a0\u3000"
_CJK = r"\u3400-\u9fff"
_NAME_CHARS = re.compile(rf"^[{_CJK}]+(?:[·•][{_CJK}]+)*$")
# Compiled once: squeeze and token splitting run on every cell and name.
_WHITESPACE_RUN = re.compile(rf"[\s{_SPACE}]+")
_TOKEN = re.compile(rf"[^{_SPACE}]+")

# A lead marker written after a unit: （牵头）, (牵头), 【牵头】, 牵头 alone, 牵头单位.
_LEAD_MARK = re.compile(r"[（(【\[]\s*(?:牵头|主责|牵头单位|主办)\s*[）)】\]]\s*$")
_LEAD_WORDS = frozenset({"牵头", "主责", "牵头单位", "主办", "（牵头）", "(牵头)"})
# A label that introduces a list inside a cell: 牵头单位：… ；配合单位：…
_LABEL = re.compile(
    r"^\s*(牵头单位|牵头部门|主办单位|主责单位|牵头|主办|责任单位|配合单位|协办单位|参与单位|"
    r"责任部门|配合部门|协办部门|配合|协办|责任人|联络人|联系人)\s*[:：]\s*"
)
_LEAD_LABELS = frozenset({"牵头单位", "牵头部门", "主办单位", "主责单位", "牵头", "主办"})

# Modifiers that may precede a role word on its own line (各镇（街道）/ 行政负责人).
_ROLE_MODIFIERS = ("", "行政", "主要", "分管", "党政", "单位", "班子", "具体", "相关")
_ROLE_WORDS = ("负责人", "成员", "同志", "领导", "成员单位")

# Single-character unit endings that are also common last characters of given
# names (冯科, 李文科): they make a short string a unit only when the rest of it
# is not a personal name.
_WEAK_SUFFIXES = frozenset("科所站队处室会社馆校司场台行")

# The classifiers below are pure functions of short strings that a document
# repeats many times (the same units on every row): they are memoised.

# Separators of an inline list of units or persons.
_LIST_SEP = re.compile(r"[、,，;；]")
# What _line_pieces looks at: brackets and list separators.
_BRACKET_OR_SEP = re.compile(r"[（(【\[）)】\]、,，;；]")


# ---------------------------------------------------------------- vocabulary


def _read_lines(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def surnames() -> dict[str, int]:
    """Surname → frequency rank (0 = most common); compound surnames included."""
    return {name: rank for rank, name in enumerate(_read_lines("surnames.txt"))}


@cache
def compound_surnames() -> tuple[str, ...]:
    """Surnames of two or more characters (欧阳, 司马 …), longest first."""
    return tuple(sorted((s for s in surnames() if len(s) > 1), key=len, reverse=True))


@cache
def unit_suffixes() -> tuple[str, ...]:
    """Endings of unit names (局, 委, 中心, 大队 …), longest first."""
    return tuple(sorted(set(_read_lines("unit_suffixes.txt")), key=len, reverse=True))


@cache
def post_suffixes() -> tuple[str, ...]:
    """Endings of post titles (副区长, 书记, 主任 …), longest first."""
    return tuple(sorted(set(_read_lines("posts.txt")), key=len, reverse=True))


@cache
def _collective_patterns() -> dict[str, tuple[str, ...]]:
    patterns: dict[str, list[str]] = {"prefix": [], "contains": [], "suffix": []}
    for line in _read_lines("collectives.txt"):
        kind, _, text = line.partition(" ")
        patterns[kind].append(text.strip())
    return {kind: tuple(texts) for kind, texts in patterns.items()}


@cache
def transliteration_chars() -> frozenset[str]:
    """Characters of transliterated minority names (朝鲁, 卓玛, 阿不都热合曼)."""
    return frozenset("".join(_read_lines("transliteration_chars.txt")))


def is_transliterated_name(name: str) -> bool:
    """3–6 characters, all of them usual in transliterated Mongolian, Tibetan,
    Uyghur … names: such a name has no Han surname to recognise it by."""
    chars = transliteration_chars()
    return 3 <= len(name) <= 6 and all(c in chars for c in name)


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_read_lines("not_names.txt"))


@cache
def _bare_role_words() -> frozenset[str]:
    """Lines that cannot stand alone and complete the previous line: a unit
    suffix (中心) or a role word (行政负责人, 成员, 同志)."""
    words = {m + w for m in _ROLE_MODIFIERS for w in _ROLE_WORDS}
    words.update(s for s in unit_suffixes() if len(s) > 1)
    return frozenset(words)


# ---------------------------------------------------------------- cleaning


def squeeze(text: str) -> str:
    """Remove all whitespace (Word pads names and breaks cells anywhere)."""
    return _WHITESPACE_RUN.sub("", text)


def strip_lead_marker(text: str) -> tuple[str, bool]:
    """``区发改局（牵头）`` → (``区发改局``, True); other text unchanged, False."""
    match = _LEAD_MARK.search(text)
    if match:
        return text[: match.start()].rstrip(), True
    stripped = text.strip()
    if stripped.endswith("牵头") and len(stripped) > 2 and not stripped.endswith("（牵头"):
        core = stripped[:-2].rstrip()
        if has_unit_suffix(core) or is_collective(core):
            return core, True
    return text, False


# ---------------------------------------------------------------- classification


@lru_cache(maxsize=65536)
def has_unit_suffix(name: str) -> bool:
    """True when ``name`` ends like a unit name (区财政局, 区数据资源服务中心, 白沙镇)."""
    name = squeeze(name)
    for suffix in unit_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            if len(suffix) == 1 and len(name) < 3:
                continue
            return True
    return False


@lru_cache(maxsize=65536)
def is_collective(name: str) -> bool:
    """True for placeholders standing for several agents: 各镇（街道）,
    相关区属单位, 区属各单位, 区政府班子成员, 各镇（街道）行政负责人 …"""
    name = squeeze(name)
    if len(name) < 2:
        return False
    patterns = _collective_patterns()
    if any(name.startswith(p) for p in patterns["prefix"]):
        return True
    if any(p in name for p in patterns["contains"]):
        return True
    return any(name.endswith(p) and len(name) > len(p) for p in patterns["suffix"])


@lru_cache(maxsize=65536)
def surname_of(name: str) -> str | None:
    """The surname ``name`` starts with (compound first), or None."""
    name = squeeze(name)
    for compound in compound_surnames():
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    if name[:1] in surnames():
        return name[:1]
    return None


@lru_cache(maxsize=65536)
def is_person_name(text: str, strict: bool = True) -> bool:
    """True when ``text`` (spaces ignored) reads as a Chinese personal name.

    A name is 2–3 characters after a single-character surname, or 3–4 after a
    compound one (欧阳娜娜), or a transliterated name with a middle dot.  It must
    not be a unit, a collective, a post or a common word.  With ``strict=False``
    (a column that holds persons) the surname need not be in the list.
    """
    name = squeeze(text)
    if not name or not _NAME_CHARS.match(name):
        return False
    if "·" in name or "•" in name:
        return 3 <= len(name) <= 15
    if name in _not_names() or is_collective(name) or is_post(name):
        return False
    surname = surname_of(name)
    if surname is not None and len(surname) > 1:
        return len(surname) + 1 <= len(name) <= len(surname) + 2
    if is_transliterated_name(name) and (len(name) > 3 or surname is None):
        return True  # 敖登格日勒, 萨仁高娃, 斯琴
    if not 2 <= len(name) <= 3:
        return False
    if _has_strong_unit_suffix(name):
        return False
    return surname is not None or not strict


@lru_cache(maxsize=65536)
def _has_strong_unit_suffix(name: str) -> bool:
    """A unit ending that no given name has (局, 中心 …); 科/所/站 … are weak."""
    for suffix in unit_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            if len(suffix) == 1 and suffix in _WEAK_SUFFIXES:
                continue
            return True
    return False


@lru_cache(maxsize=65536)
def is_post(name: str) -> bool:
    """True for a post title without a person's name: 分管副区长, 区长, 党委书记."""
    name = squeeze(name)
    for suffix in post_suffixes():
        if name.endswith(suffix):
            rest = name[: -len(suffix)].removesuffix("副").removesuffix("常务")
            # 周建国副区长 is a person with a title, not a post.
            return not (rest and _looks_like_bare_name(rest))
    return False


def _looks_like_bare_name(text: str) -> bool:
    if not 2 <= len(text) <= 4:
        return False
    surname = surname_of(text)
    if surname is None or text in _not_names():
        return False
    return len(text) - len(surname) in (1, 2) and not _has_strong_unit_suffix(text)


def titles_of_names(names: list[str]) -> set[int]:
    """Positions of the posts in a list of leaders that are titles of the
    name after them, not agents of their own.

    A leader list writes each leader's posts before the name:
    ``常务副县长 严立成``, ``县委常委、常务副县长 温少华``, ``副县长<br>包文静``.
    A post followed (through other posts only) by a personal name is that
    person's title; a post with no name after it (``分管副县长``) stays an agent."""
    titles: set[int] = set()
    pending: list[int] = []
    for k, name in enumerate(names):
        person, title = split_title(name)
        if is_post(name):
            pending.append(k)
        elif (title is not None or is_person_name(name, strict=False)) and not is_collective(person):
            titles.update(pending)
            pending = []
        else:
            pending = []
    return titles


@lru_cache(maxsize=65536)
def agent_type(name: str, expect: EntityType | None = None) -> EntityType:
    """Classify an agent: COLLECTIVE, POST, PERSON or UNIT.

    ``expect`` is what the context (a 责任人 column, a 牵头单位 column) makes
    likely; it decides what the vocabulary leaves open, e.g. a two-character
    name whose surname is rare.
    """
    if is_collective(name):
        return EntityType.COLLECTIVE
    if is_post(name):
        return EntityType.POST
    if expect is EntityType.UNIT:
        return EntityType.UNIT
    if is_person_name(name, strict=expect is not EntityType.PERSON):
        return EntityType.PERSON
    return EntityType.UNIT


@lru_cache(maxsize=65536)
def split_title(text: str) -> tuple[str, str | None]:
    """``周建国（副区长）`` / ``周建国副区长`` / ``副区长周建国`` → (``周建国``, ``副区长``).

    Anything else comes back unchanged with None."""
    name = squeeze(text)
    match = re.fullmatch(r"(.+?)[（(](.+?)[）)]", name)
    if match and is_person_name(match.group(1)) and is_post(match.group(2)):
        return match.group(1), match.group(2)
    match = re.fullmatch(r"(.+?)[：:](.+)", name)  # 副县长：王淑华
    if match and is_post(match.group(1)) and is_person_name(match.group(2)):
        return match.group(2), match.group(1)
    for suffix in post_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            head = name[: -len(suffix)]
            extra = next(x for x in ("常务副", "副", "") if head.endswith(x))
            person = head[: len(head) - len(extra)]  # 常务副县长 leaves no name
            if person and _looks_like_bare_name(person):
                return person, name[len(person) :]
    for size in (3, 2, 4):
        if len(name) > size + 1 and is_person_name(name[-size:]) and is_post(name[:-size]):
            return name[-size:], name[:-size]
    return text, None


# ---------------------------------------------------------------- splitting


@dataclass(frozen=True)
class AgentSpan:
    """One agent read from a cell: its cleaned name, the character span of its
    surface form in the cell text (which may cover several lines), whether the
    cell marks it as lead (（牵头）), and for a person written with a unit
    (``郑伟（区发改局）``, ``区发改局：郑伟``, ``区发改局 郑伟``) that unit."""

    name: str
    start: int
    end: int
    lead: bool = False
    unit: str | None = None  # the unit a person is written with: 郑伟（区发改局）


def split_agents(cell_text: str) -> list[str]:
    """Split a cell written one agent per line into cleaned agent names.

    ``郑  伟`` → ``郑伟``; ``林晓峰汪洋`` → ``林晓峰``, ``汪洋``;
    ``各镇（街道）`` / ``行政负责人`` on two lines → ``各镇（街道）行政负责人``;
    ``区数据资源服务`` / ``中心`` → ``区数据资源服务中心``; a （牵头） line is dropped (see
    :func:`agent_spans` to know which agent it marks).  Inline lists
    (``区发改局、区财政局``) are split too.  Duplicates are kept: their position
    matters when units and persons are paired.
    """
    return [agent.name for agent in agent_spans(cell_text)]


def agent_spans(cell_text: str) -> list[AgentSpan]:
    """Like :func:`split_agents`, with spans into ``cell_text`` and lead marks.

    Besides the （牵头） marker, a cell may label its lists (``牵头单位：区发改局；
    配合单位：区财政局、区统计局``): a lead label marks the agents after it up
    to the next label, and labels and role verbs (``区统计局配合``) are dropped."""
    return list(_agent_spans(cell_text))  # a new list: callers may replace items


@lru_cache(maxsize=16384)
def _agent_spans(cell_text: str) -> tuple[AgentSpan, ...]:
    """:func:`agent_spans`, memoised: the same unit and leader cells recur on
    every row of a task list (AgentSpan is frozen, the tuple immutable)."""
    pieces = _line_pieces(cell_text)
    joined = _join_broken_lines(pieces)
    agents: list[AgentSpan] = []
    labelled_lead = False
    for joined_text, joined_start, joined_end in joined:
        name, start, end = joined_text, joined_start, joined_end
        label = _LABEL.match(name)
        if label:
            labelled_lead = label.group(1) in _LEAD_LABELS
            start += label.end()
            name = name[label.end() :]
        stripped, lead = strip_lead_marker(name)
        stripped, verb_lead = _strip_role_verb(stripped)
        lead = lead or verb_lead or labelled_lead
        if squeeze(stripped) in _LEAD_WORDS or not squeeze(stripped):
            if (lead or squeeze(stripped) in _LEAD_WORDS) and agents:
                last = agents[-1]
                agents[-1] = AgentSpan(last.name, last.start, last.end, True)
            continue
        if stripped != name and "\n" not in cell_text[start:end]:
            end = start + len(stripped.rstrip())
        for part, p_start, p_end in _split_line(stripped, start, end, cell_text):
            person, unit = person_with_unit(part)
            if unit is None:
                person, post = split_title(part)
                person = person if post else part
            agents.append(AgentSpan(person, p_start, p_end, lead, unit))
    return tuple(agents)


@lru_cache(maxsize=65536)
def person_with_unit(text: str) -> tuple[str, str | None]:
    """``郑伟（区发改局）`` / ``区发改局：郑伟`` / ``区发改局郑伟`` → (``郑伟``, ``区发改局``).

    Only when one part is surely a personal name and the other surely a unit;
    anything else comes back unchanged with None."""
    name = squeeze(text)
    match = re.fullmatch(r"(.+?)[（(](.+?)[）)]", name)
    if match and is_person_name(match.group(1)) and _is_unit_name(match.group(2)):
        return match.group(1), match.group(2)
    match = re.fullmatch(r"(.+?)[：:\-—－](.+)", name)
    if match and _is_unit_name(match.group(1)) and is_person_name(match.group(2)):
        return match.group(2), match.group(1)
    # 区发改局郑伟: a unit then a name, unless the whole ends like a unit
    # (区人民政府办公室 is no 区人民政府办 + 公室).
    if _has_strong_unit_suffix(name) or any(name.endswith(x) for x in unit_suffixes() if len(x) > 1):
        return text, None
    for size in (3, 2, 4):
        head, tail = name[:-size], name[-size:]
        if len(head) >= 3 and _is_unit_name(head) and is_person_name(tail):
            return tail, head
    tokens = _TOKEN.findall(text)
    if len(tokens) == 2 and _is_unit_name(tokens[0]) and is_post(tokens[1]):
        return tokens[1], tokens[0]  # 各镇人民政府  镇长: the post answers for the unit
    return text, None


def _is_unit_name(text: str) -> bool:
    return has_unit_suffix(text) and not is_post(text) and not is_person_name(text)


def _strip_role_verb(text: str) -> tuple[str, bool]:
    """``区统计局配合`` → (``区统计局``, False); ``区发改局负责`` → (…, False).
    Only a unit or placeholder loses its verb (负责人 is no verb)."""
    core = text.rstrip()
    for verb in ("配合", "协助", "协办", "参与", "负责"):
        if core.endswith(verb) and len(core) > len(verb) + 1:
            head = core[: -len(verb)].rstrip()
            if has_unit_suffix(head) or is_collective(head):
                return head, False
    return text, False


def _line_pieces(text: str) -> list[tuple[str, int, int]]:
    """Non-blank lines, each further cut at list separators, with spans."""
    pieces: list[tuple[str, int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        depth = 0
        start = 0
        for mark in _BRACKET_OR_SEP.finditer(line):  # other characters change nothing
            i, ch = mark.start(), mark.group()
            if ch in "（(【[":
                depth += 1
            elif ch in "）)】]":
                depth = max(depth - 1, 0)
            elif depth == 0:  # a list separator
                pieces.append((line[start:i], match.start() + start, match.start() + i))
                start = i + 1
        pieces.append((line[start:], match.start() + start, match.start() + len(line)))
    out = []
    for piece, start, end in pieces:
        lead = len(piece) - len(piece.lstrip(_SPACE))
        trail = len(piece) - len(piece.rstrip(_SPACE))
        if piece.strip(_SPACE):
            out.append((piece.strip(_SPACE), start + lead, end - trail))
    return out


def _join_broken_lines(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Rejoin a name the export broke over lines: a line that cannot stand
    alone (中心, 行政负责人, 负责人) completes the line before it."""
    joined: list[tuple[str, int, int]] = []
    for text, start, end in pieces:
        core = squeeze(text)
        completes = joined and (
            (core in _bare_role_words() and squeeze(joined[-1][0]) not in _LEAD_WORDS)
            or (_is_fragment(joined[-1][0]) and _continues(core))
        )
        if completes:
            prev, p_start, _ = joined[-1]
            joined[-1] = (prev + text, p_start, end)
        else:
            joined.append((text, start, end))
    return joined


def _is_fragment(text: str) -> bool:
    """A line that is the start of a longer unit name: begins like a unit
    (区/市/县 …) but has no unit ending and is no name or placeholder."""
    core = squeeze(text)
    if len(core) < 3 or core in _LEAD_WORDS:
        return False
    if has_unit_suffix(core) or is_collective(core) or is_person_name(core) or is_post(core):
        return False
    return core[0] in "区市县省镇乡"


def _continues(core: str) -> bool:
    """A line that can end a broken unit name: a unit ending, not a new unit."""
    return (
        bool(core)
        and core[0] not in "区市县省各"
        and has_unit_suffix("区" + core)
        and not is_person_name(core)
        and len(core) <= 8
    )


def _split_line(text: str, start: int, end: int, cell_text: str) -> list[tuple[str, int, int]]:
    """One line → one or more agents: ``郑  伟`` is one name, ``周建国 唐海燕``
    two, ``林晓峰汪洋`` two; a unit or placeholder stays whole.  ``start`` and
    ``end`` are the span of ``text``'s surface form in ``cell_text``."""
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    if len(tokens) > 1:
        whole = "".join(t for t, _ in tokens)
        sized = [t for t, _ in tokens]
        if all(is_person_name(t) for t in sized) and not _is_single_spaced_name(whole, sized):
            return [(t, start + off, start + off + len(t)) for t, off in tokens]
        if all(_is_spaced_unit(t) for t in sized):
            # 县财政局 县统计局: units separated by a space, as a list
            return [(t, start + off, start + off + len(t)) for t, off in tokens]
        if len(sized) == 2 and _is_spaced_unit(sized[0]) and is_post(sized[1]):
            return [(text, start, end)]  # 各镇人民政府  镇长: kept together for person_with_unit
        text = whole
    name = squeeze(text)
    parts = split_posted_run(name) or split_unit_run(name) or split_run_together(name)
    if len(parts) > 1:
        if len(tokens) == 1 and "\n" not in cell_text[start:end]:
            offsets = []
            pos = start + tokens[0][1]
            for part in parts:
                offsets.append((part, pos, pos + len(part)))
                pos += len(part)
            return offsets
        return [(part, start, end) for part in parts]
    return [(name, start, end)]


def _is_spaced_unit(token: str) -> bool:
    """A whole unit name (县统计局, 各乡镇人民政府) standing between spaces:
    too long to be padding inside one name, and ending like a unit."""
    if len(token) < 3 or is_person_name(token) or is_post(token):
        return False
    if is_collective(token):
        return token.startswith(("各", "相关", "有关")) and has_unit_suffix(token)
    return has_unit_suffix(token)


def _is_single_spaced_name(whole: str, tokens: list[str]) -> bool:
    """``何  琳`` (padding) vs ``周建国 唐海燕`` (two names)."""
    if any(len(t) == 1 for t in tokens):
        return True
    if len(whole) <= 3:
        return True
    surname = surname_of(whole)
    return surname is not None and len(surname) > 1 and len(whole) <= len(surname) + 2


def split_run_together(text: str) -> list[str]:
    """Split names written without a separator: ``林晓峰汪洋`` → two names.

    Only a string that is not itself a name, unit, placeholder or post is
    split, into 2–4 character names that each start with a known surname;
    among the possible splits the one with the fewest names and the most
    common surnames wins.  Anything else comes back whole.
    """
    name = squeeze(text)
    if len(name) < 4 or not _NAME_CHARS.match(name) or "·" in name:
        return [name]
    if is_person_name(name) or has_unit_suffix(name) or is_collective(name) or is_post(name):
        return [name]
    if split_title(name)[1] is not None:
        return [name]  # 常务副区长韩立新: a name with its title, not two names
    best = _best_split(name)
    return best if best else [name]


_LEVEL_STARTS = "区市县省镇乡"
_LEVEL_WORDS = ("县域", "市域", "区域", "区位", "省域")


def split_posted_run(text: str) -> list[str] | None:
    """Several leaders written one after another, each with its post, and no
    separator left between them (a cell whose spaces the export dropped):
    ``副县长刘红梅县政协副主席康建平`` → ``副县长刘红梅``, ``县政协副主席康建平``.

    Each piece is a post followed by a 2–3 character name.  Of the complete
    readings, the one whose later posts start with a level (县, 区 …) wins,
    so a name does not swallow the 县 of the next post.  None unless at
    least two pieces are found."""
    name = squeeze(text)
    if len(name) < 7 or not _NAME_CHARS.match(name) or is_person_name(name) or is_collective(name):
        return None
    readings: list[list[str]] = []

    def walk(pos: int, pieces: list[str]) -> None:
        if pos == len(name):
            if len(pieces) > 1:
                readings.append(list(pieces))
            return
        if len(readings) > 16:
            return
        for cut in range(pos + 2, len(name) - 1):
            if not is_post(name[pos:cut]):
                continue
            for size in (3, 2):
                person = name[cut : cut + size]
                if len(person) == size and is_person_name(person) and not is_post(person):
                    walk(cut + size, [*pieces, name[pos : cut + size]])

    walk(0, [])
    if not readings:
        return None
    return max(readings, key=lambda r: (sum(p[0] in _LEVEL_STARTS for p in r[1:]), -len(r)))


def split_unit_run(text: str) -> list[str] | None:
    """Units whose separating line break was lost (a PDF cell):
    ``县统计局县财政局`` → ``县统计局``, ``县财政局``.  A cut is made only after a
    strong unit ending (局, 委, 公司 …) where a new name starts with a level
    (县, 区, 市 …) and both sides are unit names of three characters or more."""
    name = squeeze(text)
    if len(name) < 6 or not _NAME_CHARS.match(name) or not has_unit_suffix(name):
        return None
    for cut in range(3, len(name) - 2):
        head, tail = name[:cut], name[cut:]
        if tail[0] not in _LEVEL_STARTS[:4] or head.endswith(("人民", "区委", "县委", "市委")):
            continue
        if tail.startswith(_LEVEL_WORDS):
            continue  # 市政府县域经济办: 县域 is a word, not 县 + a unit
        if _has_strong_unit_suffix(head) and _is_unit_name(head) and _is_unit_name(tail):
            return [head, *(split_unit_run(tail) or [tail])]
    return None


def _best_split(name: str) -> list[str] | None:
    ranks = surnames()
    best: tuple[tuple[int, float], list[str]] | None = None

    def walk(rest: str, parts: list[str]) -> None:
        nonlocal best
        if not rest:
            if len(parts) < 2:
                return
            score = (len(parts), sum(_rank_cost(ranks.get(surname_of(p) or "", 999)) for p in parts))
            if best is None or score < best[0]:
                best = (score, list(parts))
            return
        for size in (2, 3, 4):
            part = rest[:size]
            if len(part) == size and is_person_name(part):
                walk(rest[size:], [*parts, part])

    walk(name, [])
    return best[1] if best else None


def _rank_cost(rank: int) -> float:
    """Rarer surnames make a split less likely."""
    if rank < 100:
        return 0.0
    if rank < 330:
        return 1.0
    return 3.0


def split_unit_list(text: str) -> list[str]:
    """Split an inline list of units (or persons) on 、 , ， ; ；, keeping what
    is inside parentheses together (``各街办(新区)``, ``区发改局（含A、B）``).

    Items keep their words as written (``区水务局等部门``); whitespace and a
    trailing full stop are removed."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "（(【[":
            depth += 1
        elif ch in "）)】]":
            depth = max(depth - 1, 0)
        if depth == 0 and _LIST_SEP.match(ch):
            items.append("".join(current))
            current = []
            continue
        current.append(ch)
    items.append("".join(current))
    cleaned = [squeeze(item).rstrip("。.") for item in items]
    return [item for item in cleaned if item]
