"""`ask "中文问题"`: the everyday questions, recognised by their wording.

No language model: a handful of patterns cover how analysts actually ask
(谁牵头GDP? / 周建国牵头哪些任务? / 区发改局担责多少项? / GDP的联络人是谁?).
A question that matches none gets a one-line hint listing what is understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TRAILING = "？?。.！! "

# (intent, pattern); the named group is the thing asked about.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("liaison", re.compile(r"^(?P<x>.+?)的联络人(?:是谁|有哪些|有谁)?$")),
    (
        "who_leads",
        re.compile(r"^(?:谁|哪位领导|哪个单位|哪些单位)(?:牵头|负责|主抓)(?P<x>.+?)(?:工作|任务)?$"),
    ),
    ("who_leads", re.compile(r"^(?P<x>.+?)(?:由谁|是谁|归谁|由哪个单位|由哪些单位)(?:牵头|负责)(?:的)?$")),
    (
        "who_leads",
        re.compile(r"^(?P<x>.+?)(?:的)?(?:牵头领导|牵头单位|责任单位|责任人)(?:是谁|是哪个|有哪些|有谁)?$"),
    ),
    (
        "count",
        re.compile(
            r"^(?P<x>.+?)(?:一共|共|总共)?(?P<verb>担责|负责|牵头|承担|参与)(?:了)?多少(?:项|个|件)?(?:任务|工作)?$"
        ),
    ),
    (
        "tasks_of",
        re.compile(r"^(?P<x>.+?)(?P<verb>牵头|负责|主抓|承担|参与)(?:了)?(?:哪些|什么)(?:任务|工作|事项)?$"),
    ),
    ("tasks_of", re.compile(r"^(?P<x>.+?)(?:有|的)(?:哪些|什么)(?:任务|工作)$")),
]

UNDERSTOOD = "谁牵头X？ · X由谁负责？ · X的联络人是谁？ · Y牵头哪些任务？ · Y担责多少项？"


@dataclass(frozen=True)
class Question:
    intent: str  # who_leads, liaison, tasks_of, count
    subject: str
    lead_only: bool = False  # 牵头: only the tasks the subject leads, not those it shares


def parse(question: str) -> Question | None:
    """Recognise the question's intent and what it asks about."""
    text = re.sub(r"\s+", "", question).strip(_TRAILING)
    for intent, pattern in _PATTERNS:
        match = pattern.match(text)
        if match and match.group("x"):
            verb = match.groupdict().get("verb")
            return Question(intent, _unquote(match.group("x")), lead_only=verb == "牵头")
    return None


_QUOTE_PAIRS = {"“": "”", '"': '"', "「": "」", "‘": "’", "'": "'"}


def _unquote(subject: str) -> str:
    """“数字经济” → 数字经济, but “数字经济”发展 stays as it is."""
    if len(subject) > 2 and _QUOTE_PAIRS.get(subject[0]) == subject[-1]:
        return subject[1:-1]
    return subject
