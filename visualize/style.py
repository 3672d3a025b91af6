"""How each kind of node and edge looks: colour, shape, size, legend text.

One table, so the page, its legend and the tests agree.  Colours are the
Tableau 10 palette (distinct for colour-blind readers in hue *and* shape).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    label: str  # legend text
    color: str
    shape: str  # a vis-network shape with the label below it
    border: str


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    color: str
    dashes: bool = False


NODE_STYLES: dict[str, NodeStyle] = {
    "leader": NodeStyle("牵头领导", "#e15759", "dot", "#a93537"),
    "unit": NodeStyle("单位", "#4e79a7", "square", "#2f4b6e"),
    "collective": NodeStyle("集体（各镇街道等）", "#b07aa1", "triangle", "#7a4f6e"),
    "person": NodeStyle("责任人", "#f28e2b", "dot", "#b0601a"),
    "liaison": NodeStyle("联络人", "#59a14f", "dot", "#3b6e34"),
    "post": NodeStyle("职务", "#edc948", "star", "#a88a25"),
    "task": NodeStyle("任务", "#bab0ac", "diamond", "#8a807c"),
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "leadLeader": EdgeStyle("牵头（领导）", "#e15759"),
    "leadUnit": EdgeStyle("牵头（单位）", "#c8553d"),
    "responsibleUnit": EdgeStyle("责任", "#4e79a7"),
    "responsiblePerson": EdgeStyle("责任人", "#f28e2b"),
    "liaison": EdgeStyle("联络", "#59a14f"),
    "subTaskOf": EdgeStyle("子项", "#d0cbc8", dashes=True),
    "coResponsible": EdgeStyle("共同责任（任务数）", "#7f9cc0"),
    "leads": EdgeStyle("领导 → 单位（任务数）", "#e8898b"),
}

FONT_FACE = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
TASK_LABEL_CHARS = 12  # task titles are sentences; the tooltip has the whole title


def node_size(workload: int, category: str) -> float:
    """Radius in pixels: area grows with the number of tasks, so the busiest
    leader is visibly the largest leader."""
    if category == "task":
        return 7.0 + min(workload, 12) * 0.5
    return round(min(10.0 + 5.0 * math.sqrt(max(workload, 0)), 70.0), 1)


def edge_width(weight: int) -> float:
    return round(min(1.0 + 1.5 * math.log2(max(weight, 1)), 10.0), 2)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
