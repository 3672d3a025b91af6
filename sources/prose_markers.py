"""Responsibility markers as prose writes them, read with their spans.

The pieces :mod:`sources.prose_tasks` builds tasks from: the document cut
into lines, numbering (一、/（一）/1./（1）/①), label clauses
(``牵头单位：X；责任单位：A、B``), brackets with verb groups
(``（X牵头，A、B配合）``) and the agents in a list.  Full-width punctuation
is read through :func:`normalise`, which keeps every offset, so each agent
keeps the exact span it has in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sources.deadlines import Deadline, find_deadline
from sources.intervals import SpanSet
from sources.names import (
    agent_type,
    has_unit_suffix,
    is_collective,
    is_person_name,
    is_post,
    split_title,
    squeeze,
    strip_lead_marker,
    titles_of_names,
)
from sources.records import EntityType, Origin, Relation, Role

# ---------------------------------------------------------------- normalising

# Full-width punctuation and digits to half-width, one character for one, so
# an offset into the normalised text is an offset into the document.
_HALF = str.maketrans(
    {
        "：": ":",
        "，": ",",
        "；": ";",
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "［": "[",
        "］": "]",
        "　": " ",
        "\u00a0": " ",
        "．": ".",
        "！": "!",
        "？": "?",
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)


def normalise(text: str) -> str:
    """``text`` with full-width punctuation and digits half-width (same length)."""
    return text.translate(_HALF)


@dataclass(frozen=True)
class Seg:
    """A non-blank line (or TAB-separated cell) of the text, trimmed."""

    start: int
    end: int
    raw: str
    norm: str


def segments(text: str, skip: list[tuple[int, int]]) -> list[Seg]:
    """Lines and TAB-separated cells of ``text`` outside the ``skip`` spans."""
    norm = normalise(text)
    skipped = SpanSet(skip)
    out: list[Seg] = []
    for match in re.finditer(r"[^\n\t]+", text):
        raw = match.group()
        start = match.start() + len(raw) - len(raw.lstrip())
        end = match.end() - (len(raw) - len(raw.rstrip()))
        if start >= end or start in skipped:
            continue
        out.append(Seg(start, end, text[start:end], norm[start:end]))
    return out


# ---------------------------------------------------------------- vocabulary

LEAD, RESP = "lead", "resp"  # verb classes: （X牵头） / （X配合）
DEADLINE = "deadline"

# Labels written before a colon, by what they name.
LABELS: dict[str, str] = {}
for _role, _words in (
    (
        Role.LEAD_LEADER.value,
        "牵头领导 责任领导 分管领导 联系领导 包保领导 领衔领导 挂帅领导 牵头负责领导 牵头区领导 牵头县领导 "
        "牵头市领导 责任区领导 责任县领导 责任市领导 分管区领导 分管县领导 分管市领导 联系区领导 联系县领导",
    ),
    (Role.LEAD_UNIT.value, "牵头单位 牵头部门 主办单位 主责单位 主责部门 牵头责任单位 牵头落实单位 牵头"),
    (
        Role.RESPONSIBLE_UNIT.value,
        "责任单位 责任部门 配合单位 配合部门 协办单位 协办部门 参与单位 协同单位 协作单位 承办单位 实施单位 "
        "落实单位 责任主体 主要责任单位 具体责任单位 配合",
    ),
    (Role.RESPONSIBLE_PERSON.value, "责任人 具体责任人 第一责任人"),
    (Role.LIAISON.value, "联络人 联系人 联络员"),
    (DEADLINE, "完成时限 完成时间 时间节点 时限要求 完成期限 截止时间 时限"),
):
    for _word in _words.split():
        LABELS[_word] = _role
_LABEL_WORDS = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
# 牵头单位：X (after a start, space or separator) or 【牵头单位】X.
LABEL = re.compile(
    rf"(?:\[(?P<boxed>{_LABEL_WORDS})\]\s*:?|(?:(?<=^)|(?<=[\s(\[;,。、]))(?P<label>{_LABEL_WORDS})\s*:)"
)


def label_role(match: re.Match[str]) -> str:
    """The role (or ``deadline``) a :data:`LABEL` match names."""
    return LABELS[match.group("label") or match.group("boxed")]


# 括号内为责任单位: the document says its bare bracketed lists are responsibilities.
BRACKETS_NAME_UNITS = re.compile(
    r"(?:括号|括弧)(?:内|中|里)[^。;\n]{0,6}?(?:为|是|系)[^。;\n]{0,4}?(?:责任|牵头|承办)单位"
)

# Verbs that end a group of agents inside a bracket.
VERBS: dict[str, str] = {}
for _kind, _words in (
    (LEAD, "牵头负责 牵头落实 牵头推进 牵头实施 牵头抓总 牵头组织 牵头办理 牵头 负总责 总负责 主抓 主责"),
    (
        RESP,
        "配合落实 配合实施 配合推进 共同配合 按职责分工负责 按职责分工落实 按职责分工抓好落实 按职责负责 "
        "按职能职责负责 根据职责分工负责 分别负责 共同负责 共同落实 具体负责 具体落实 组织实施 负责落实 "
        "负责实施 抓好落实 负责 配合 协助 参与 协同 协办",
    ),
):
    for _word in _words.split():
        VERBS[_word] = _kind
_VERB_END = re.compile(
    r"^(?P<core>.*?)(?P<verb>" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)) + r")$"
)

# 首位单位为牵头单位 / 排在第一位的为牵头单位 / 第一责任单位为牵头单位 …
FIRST_LEADS = re.compile(
    r"(?:首位|第一位|第一个|第一家|第一(?:责任)?单位|排名第一|排第一|列第一|首个|最前面?)"
    r"[^。;\n]{0,10}?(?:为|是|系|即为)(?:牵头|主责|主办)(?:单位|部门)"
)

# Numbering styles; the document's own nesting (not a fixed order) gives the hierarchy.
_NUMBERING = (
    ("cn", re.compile(r"^\s*(?P<n>[一二三四五六七八九十百零〇两]{1,4})\s*[、.]\s*")),
    ("pcn", re.compile(r"^\s*\(\s*(?P<n>[一二三四五六七八九十百零〇]{1,4})\s*\)\s*[、.]?\s*")),
    ("arabic", re.compile(r"^\s*(?P<n>\d{1,3})\s*(?:[、]|\.(?!\d)|\s+(?=\D))\s*")),
    ("parabic", re.compile(r"^\s*\(\s*(?P<n>\d{1,3})\s*\)\s*[、.]?\s*")),
    ("arabic_paren", re.compile(r"^\s*(?P<n>\d{1,3})\)\s*")),
    ("circled", re.compile(r"^\s*(?P<n>[①-⑳])\s*")),
    ("pdigit", re.compile(r"^\s*(?P<n>[⑴-⒇])\s*")),
    ("pideo", re.compile(r"^\s*(?P<n>[㈠-㈩])\s*")),
    ("di", re.compile(r"^\s*(?P<n>第[一二三四五六七八九十百]{1,4}[条项部分章节])\s*[、.:]?\s*")),
)
HEADING_STYLES = ("cn", "pcn", "pideo", "di")
# The conventional order of levels (GB/T 9704: 一、（一）1.（1）), used when a
# document starts a style it has not used yet: a higher level closes lower ones.
STYLE_RANK = {"di": 0, "cn": 1, "pcn": 2, "pideo": 2, "arabic": 3, "parabic": 4, "arabic_paren": 4}
STYLE_RANK |= {"circled": 5, "pdigit": 5}

_SENTENCE_VERBS = re.compile(
    r"^(?:推动|推进|加快|加强|完善|建立|实施|开展|落实|做好|确保|提高|促进|深化|强化|支持|鼓励|引进|"
    r"打造|实现|建设|组织|开发|提升|坚持|全面|积极|大力|着力|持续|扎实|努力)"
)
TASK_ROLES = frozenset({Role.LEAD_UNIT, Role.RESPONSIBLE_UNIT, Role.LEAD_LEADER, Role.RESPONSIBLE_PERSON})
UNIT_TYPES = frozenset({EntityType.UNIT, EntityType.COLLECTIVE})
_PERSON_ROLES = (Role.LEAD_LEADER, Role.RESPONSIBLE_PERSON, Role.LIAISON)


def numbering(norm: str) -> tuple[str, str, int] | None:
    """(style, number, length of the prefix) of a numbered line, else None."""
    for style, pattern in _NUMBERING:
        match = pattern.match(norm)
        if match and match.end() < len(norm):
            return style, match.group("n"), match.end()
    return None


# ---------------------------------------------------------------- agents


@dataclass
class Mark:
    """One agent in one role, read from the text, with its span."""

    role: Role
    name: str
    kind: EntityType
    start: int
    end: int


def agent_like(name: str) -> bool:
    """Whether ``name`` reads as a unit, a collective, a person or a post
    (and not as a clause of running text)."""
    n = squeeze(name)
    if not 2 <= len(n) <= 30 or "的" in n:
        return False
    qualified = re.fullmatch(r"(?P<outer>.+?)[（(](?P<inner>[^（）()]{1,15})[）)]", n)
    if qualified and not is_collective(n):  # 县发改局（粮食局）
        return agent_like(qualified.group("outer"))
    if re.search(r"[。!?！？:：%％=]|\d{3,}", n) or _SENTENCE_VERBS.match(n):
        return False
    if is_collective(n):
        return len(n) <= 20
    if is_post(n) or has_unit_suffix(n) or is_person_name(n):
        return True
    return split_title(n)[1] is not None


def split_spans(text: str, base: int) -> list[tuple[str, int, int]]:
    """Split a list on 、 , ; (brackets kept whole) into (item, start, end)."""
    out: list[tuple[str, int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(normalise(text)):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in "、,;":
            out.append((text[start:i], start, i))
            start = i + 1
    out.append((text[start:], start, len(text)))
    items = []
    for piece, a, _ in out:
        stripped = piece.strip().rstrip("。.").strip()
        if stripped:
            items.extend(_split_on_spaces(stripped, base + a + len(piece) - len(piece.lstrip())))
    return items


def _split_on_spaces(piece: str, start: int) -> list[tuple[str, int, int]]:
    """``区发改局 区财政局`` / ``周明远 林晓`` are two agents; ``胡  平`` (a
    name padded to the width of longer ones) is one.  ``区发改局和区财政局``
    is two as well, where both sides are whole unit names (区发展和改革局 is
    one: 区发展 is no unit)."""
    tokens = [(m.group(), m.start()) for m in re.finditer(r"[^\s\u3000]+", piece)]
    if len(tokens) > 1 and all(len(t) >= 2 and agent_like(t) for t, _ in tokens):
        return [(t, start + off, start + off + len(t)) for t, off in tokens]
    joined = re.split(r"(和|及|与|以及)", piece)
    if len(joined) > 1:
        parts = joined[::2]
        if all(has_unit_suffix(p.strip()) and agent_like(p.strip()) for p in parts):
            out, at = [], start
            for k, part in enumerate(joined):
                if k % 2 == 0:
                    lead = len(part) - len(part.lstrip())
                    out.append((part.strip(), at + lead, at + lead + len(part.strip())))
                at += len(part)
            return out
    return [(piece, start, start + len(piece))]


def agent_marks(role: Role | str, name: str, start: int, end: int, lead: bool = False) -> list[Mark]:
    """The marks one agent gives: a lead unit is a responsible unit too; a
    person or post in a unit list answers as a person.

    A list under a unit label (责任单位：…) holds units unless the vocabulary
    says otherwise (a post, a name with its title); a bracket's verb group
    (（周明远牵头）) may name anyone, so there the name decides."""
    person, title = split_title(name)
    if is_post(name):
        kind = EntityType.POST  # 常务副县长 is a post, not 常务 with a title
    elif title is not None and is_person_name(person):
        name, kind = person, EntityType.PERSON
    elif role in _PERSON_ROLES:
        kind = agent_type(name, EntityType.PERSON)
    elif role in (Role.LEAD_UNIT, Role.RESPONSIBLE_UNIT):
        kind = agent_type(name, EntityType.UNIT)
    else:
        kind = agent_type(name)
    if isinstance(role, Role) and role in _PERSON_ROLES:
        return [Mark(role, name, kind, start, end)]
    leads = role in (Role.LEAD_UNIT, LEAD) or lead
    if kind in (EntityType.PERSON, EntityType.POST):
        answer = Role.LEAD_LEADER if leads or kind is EntityType.POST else Role.RESPONSIBLE_PERSON
        return [Mark(answer, name, kind, start, end)]
    marks = [Mark(Role.RESPONSIBLE_UNIT, name, kind, start, end)]
    if leads:
        marks.insert(0, Mark(Role.LEAD_UNIT, name, kind, start, end))
    return marks


def first_unit_leads(marks: list[Mark]) -> list[Mark]:
    """Apply 排在第一位的为牵头单位: the list's first unit leads, unless a lead is named."""
    if any(m.role is Role.LEAD_UNIT for m in marks):
        return marks
    first = next((m for m in marks if m.role is Role.RESPONSIBLE_UNIT and m.kind in UNIT_TYPES), None)
    if first is None:
        return marks
    lead = Mark(Role.LEAD_UNIT, first.name, first.kind, first.start, first.end)
    return [*marks[: marks.index(first)], lead, *marks[marks.index(first) :]]


def marks_for(role: Role | str, text: str, base: int) -> tuple[list[Mark], list[Relation]]:
    """Agents of a list written for ``role`` (a role or a verb class);
    pieces that are no agent (running text) are skipped."""
    marks: list[Mark] = []
    relations: list[Relation] = []
    pieces = _verb_led_pieces(
        [(strip_lead_marker(piece), start, end) for piece, start, end in split_spans(text, base)], text, base
    )
    titles = (
        titles_of_names([squeeze(core) for (core, _), _, _ in pieces]) if role in _PERSON_ROLES else set()
    )
    for k, ((core, lead), start, end) in enumerate(pieces):
        name = squeeze(core)
        if not agent_like(name) or k in titles:
            continue  # running text, or the title of the leader named next (副县长 严立成)
        marks.extend(agent_marks(role, name, start, start + len(core.rstrip()), lead))
        relations.extend(alias_relations(name, start, end, text[start - base : end - base]))
    return marks, relations


_GROUP_ENDS = ",，;；"


def _verb_led_pieces(
    pieces: list[tuple[tuple[str, bool], int, int]], text: str, base: int
) -> list[tuple[tuple[str, bool], int, int]]:
    """Inside a labelled list, a group (up to the next ， or ；) may end with a
    verb: ``县水利局、县林业局分别牵头，各乡镇人民政府、街道办事处负责``.  The
    verb is dropped from the last item, and a lead verb marks every item of
    its group as lead."""
    out = list(pieces)
    group: list[int] = []
    for k, ((core, _), _, end) in enumerate(pieces):
        group.append(k)
        after = text[end - base : end - base + 1]
        if after and after not in _GROUP_ENDS and k + 1 < len(pieces):
            continue
        match = _VERB_END.match(normalise(core).rstrip())
        if match:
            head = core[: match.end("core")].rstrip()
            stripped = re.sub(r"(?:分别|共同|均|具体)$", "", head).rstrip()
            if stripped and agent_like(squeeze(stripped)) and not is_post(squeeze(stripped)):
                leads = VERBS[match.group("verb")] == LEAD
                (_, last_lead), start, last_end = pieces[k]
                out[k] = ((stripped, last_lead or leads), start, last_end)
                if leads and len(group) > 1:
                    for i in group[:-1]:
                        (c, _), a, b = out[i]
                        out[i] = ((c, True), a, b)
        group = []
    return out


def alias_relations(name: str, start: int, end: int, surface: str) -> list[Relation]:
    """县发改局（粮食局）: one unit that also bears the name in its brackets."""
    match = re.fullmatch(r"(?P<outer>.+?)[（(](?P<inner>[^（）()]+)[）)]", name)
    if not match:
        return []
    outer, inner = match.group("outer"), match.group("inner")
    if is_collective(outer) or not has_unit_suffix(outer) or not has_unit_suffix(inner) or len(inner) < 2:
        return []
    return [Relation("alias", name, EntityType.UNIT, inner, EntityType.UNIT, Origin(start, end, surface))]


# ---------------------------------------------------------------- labels and brackets


@dataclass
class Found:
    """What one marker (a label clause or a bracket) says."""

    marks: list[Mark] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    labelled: bool = False  # a unit or person label: a task even if its list was cut off
    deadline: Deadline | None = None


def parse_labels(norm: str, raw: str, base: int, year: int | None) -> Found:
    """The ``牵头单位:X;责任单位:A、B;完成时限:…`` clauses of a text."""
    found = Found()
    matches = list(LABEL.finditer(norm))
    for k, match in enumerate(matches):
        role = label_role(match)
        value_end = matches[k + 1].start() if k + 1 < len(matches) else len(norm)
        value = raw[match.end() : value_end].rstrip().rstrip(";,。.、 ").rstrip()
        at = base + match.end()
        if role == DEADLINE:
            deadline = find_deadline(value, year, labelled=True)
            if deadline is not None:
                found.deadline = Deadline(
                    deadline.text, at + deadline.start, at + deadline.end, deadline.date
                )
            continue
        # a leader label alone may be a section's, not a task's (see prose_tasks)
        found.labelled = found.labelled or Role(role) in TASK_ROLES - {Role.LEAD_LEADER}
        marks, relations = marks_for(Role(role), value, at)
        found.marks.extend(marks)
        found.relations.extend(relations)
    return found


def parse_bracket(
    norm: str, raw: str, base: int, year: int | None, *, bare_units: bool = False
) -> Found | None:
    """A bracket's markers (labels or verb groups), or None for ordinary text.

    With ``bare_units`` (the document said 括号内为责任单位) a bracket that is
    only a list of units (and perhaps a deadline) names the task's responsible
    units."""
    stripped = norm.strip()
    if not stripped:
        return None
    lead = len(norm) - len(norm.lstrip())
    if LABEL.match(stripped):
        found = parse_labels(stripped, raw[lead : lead + len(stripped)], base + lead, year)
        return found if (found.marks or found.labelled) else None
    found = _parse_verb_groups(raw, base, year)
    if found is None and bare_units:
        found = _bare_units(raw, base, year)
    return found


def _bare_units(raw: str, base: int, year: int | None) -> Found | None:
    found = Found()
    for piece, start, end in split_spans(raw, 0):
        deadline = find_deadline(normalise(piece), year, labelled=True)
        if deadline is not None and deadline.end - deadline.start >= len(piece) - 2:
            found.deadline = Deadline(
                deadline.text, base + start + deadline.start, base + start + deadline.end, deadline.date
            )
            continue
        if not agent_like(piece) or agent_type(squeeze(piece), EntityType.UNIT) not in UNIT_TYPES:
            return None
        marks, relations = marks_for(Role.RESPONSIBLE_UNIT, raw[start:end], base + start)
        found.marks.extend(marks)
        found.relations.extend(relations)
    return found if found.marks else None


def _parse_verb_groups(raw: str, base: int, year: int | None) -> Found | None:
    """``X牵头,A、B配合`` / ``X负责`` / ``由X会同A、B负责``: every item must be
    an agent and every group must end with a verb, else it is not a marker."""
    found = Found()
    pending: list[tuple[str, int]] = []
    for piece, start, _ in split_spans(raw, 0):
        n_piece = normalise(piece)
        deadline = find_deadline(n_piece, year, labelled=True)
        if deadline is not None and deadline.end - deadline.start >= len(n_piece) - 2 and not pending:
            found.deadline = Deadline(
                deadline.text, base + start + deadline.start, base + start + deadline.end, deadline.date
            )
            continue
        match = _VERB_END.match(n_piece)
        if not match:
            pending.append((piece, start))
            continue
        core = piece[: match.end("core")]
        core_start = start + len(core) - len(core.lstrip())
        core = core.strip()
        if core.startswith("由"):
            core, core_start = core[1:], core_start + 1
        group = [*pending, (core, core_start)] if core else pending
        pending = []
        read = _group_marks(group, VERBS[match.group("verb")], base, raw)
        if read is None:
            return None
        marks, relations = read
        found.marks.extend(marks)
        found.relations.extend(relations)
    if pending or not found.marks:
        return None
    return found


def _group_marks(
    group: list[tuple[str, int]], verb: str, base: int, raw: str
) -> tuple[list[Mark], list[Relation]] | None:
    """Marks of the agents before one verb; ``X会同A`` makes X lead and A share."""
    if not group:
        return None
    marks: list[Mark] = []
    relations: list[Relation] = []
    for text, at in group:
        name, start = text, at
        if "会同" in text:
            head, _, name = text.partition("会同")
            if not agent_like(head):
                return None
            marks.extend(agent_marks(LEAD, squeeze(head), base + at, base + at + len(head)))
            start = at + len(head) + 2
        if not agent_like(name):
            return None
        core, lead = strip_lead_marker(name)
        for part, a, b in _split_on_spaces(core.rstrip(), start):
            marks.extend(agent_marks(verb, squeeze(part), base + a, base + b, lead))
            relations.extend(alias_relations(squeeze(part), base + a, base + b, raw[a:b]))
    return marks, relations


def brackets(norm: str) -> list[tuple[int, int]]:
    """Top-level ``(…)`` / ``[…]`` spans (open, close) of ``norm``, nesting respected."""
    out: list[tuple[int, int]] = []
    depth = 0
    open_at = -1
    for i, ch in enumerate(norm):
        if ch in "([":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
            if depth == 0:
                out.append((open_at, i))
    return out


def inside_bracket(norm: str, position: int) -> bool:
    return any(a < position < b for a, b in brackets(norm))
