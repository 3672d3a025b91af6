"""Splitting and typing agent names (made-up names throughout)."""

from __future__ import annotations

import pytest

from sources.names import (
    agent_spans,
    agent_type,
    has_unit_suffix,
    is_collective,
    is_person_name,
    split_agents,
    split_run_together,
    split_title,
    split_unit_list,
)
from sources.records import EntityType


@pytest.mark.parametrize(
    ("cell", "agents"),
    [
        ("郑  伟", ["郑伟"]),  # padding inside a two-character name
        ("何\u3000琳", ["何琳"]),  # ideographic space
        ("郑  伟\n\n各乡镇（街道）\n\n主要负责人", ["郑伟", "各乡镇（街道）主要负责人"]),
        ("区数据资源服务\n\n中心\n\n区行政审批局", ["区数据资源服务中心", "区行政审批局"]),
        ("相关区直单位\n\n负责人", ["相关区直单位负责人"]),
        ("区直各单位\n负责人", ["区直各单位负责人"]),
        ("付  强\n孔维佳", ["付强", "孔维佳"]),  # consecutive lines, no blank line
        ("林晓峰汪洋", ["林晓峰", "汪洋"]),  # run together
        ("周建国 唐海燕", ["周建国", "唐海燕"]),
        ("欧阳 娜娜", ["欧阳娜娜"]),  # compound surname, padded
        ("区发改局\n\n（牵头）\n\n区财政局", ["区发改局", "区财政局"]),
        ("区发改局、区财政局，区商务局", ["区发改局", "区财政局", "区商务局"]),
        ("区住建局\n\n区住建局", ["区住建局", "区住建局"]),  # duplicates kept for pairing
        ("", []),
        ("\n\n  \n", []),
    ],
)
def test_split_agents(cell: str, agents: list[str]) -> None:
    assert split_agents(cell) == agents


def test_lead_marker_marks_the_unit_before_it() -> None:
    spans = agent_spans("区人社局\n\n（牵头）\n\n区财政局")
    assert [(a.name, a.lead) for a in spans] == [("区人社局", True), ("区财政局", False)]
    inline = agent_spans("区发改局（牵头）、区统计局")
    assert [(a.name, a.lead) for a in inline] == [("区发改局", True), ("区统计局", False)]
    assert [(a.name, a.lead) for a in agent_spans("区商务局(牵头)")] == [("区商务局", True)]


def test_spans_cover_the_surface_form() -> None:
    cell = "郑  伟\n\n各乡镇（街道）\n\n主要负责人\n林晓峰汪洋"
    spans = agent_spans(cell)
    assert [cell[a.start : a.end] for a in spans] == [
        "郑  伟",
        "各乡镇（街道）\n\n主要负责人",
        "林晓峰",
        "汪洋",
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各乡镇（街道）", EntityType.COLLECTIVE),
        ("相关区直单位", EntityType.COLLECTIVE),
        ("区直各单位", EntityType.COLLECTIVE),
        ("区政府领导班子成员", EntityType.COLLECTIVE),
        ("各乡镇（街道）主要负责人", EntityType.COLLECTIVE),
        ("相关区直单位负责人", EntityType.COLLECTIVE),
        ("区政府办各联系同志", EntityType.COLLECTIVE),
        ("全体区级领导", EntityType.COLLECTIVE),
        ("分管副区长", EntityType.POST),
        ("常务副区长", EntityType.POST),
        ("区长", EntityType.POST),
        ("周建国", EntityType.PERSON),
        ("郑伟", EntityType.PERSON),
        ("欧阳娜娜", EntityType.PERSON),
        ("冯科", EntityType.PERSON),  # 科 ends units too, but not a two-character one
        ("区财政局", EntityType.UNIT),
        ("区数据资源服务中心", EntityType.UNIT),
        ("白沙镇", EntityType.UNIT),
        ("区交警大队", EntityType.UNIT),
        ("区生态环境分局", EntityType.UNIT),
        ("区委办公室", EntityType.UNIT),
    ],
)
def test_agent_type(name: str, kind: EntityType) -> None:
    assert agent_type(name) is kind


def test_context_decides_what_vocabulary_leaves_open() -> None:
    # 仉 is a rare surname missing from the list: a 责任人 column still reads it as a person.
    assert agent_type("仉伟") is EntityType.UNIT
    assert agent_type("仉伟", EntityType.PERSON) is EntityType.PERSON
    assert agent_type("区财政局", EntityType.PERSON) is EntityType.UNIT


@pytest.mark.parametrize("text", ["郑伟", "郑  伟", "周建国", "欧阳娜娜", "司马相如", "阿依古丽·买买提"])
def test_person_names(text: str) -> None:
    assert is_person_name(text)


@pytest.mark.parametrize(
    "text", ["区财政局", "相关", "全体", "各乡镇（街道）", "分管副区长", "林晓峰汪洋", "GDP", "", "王"]
)
def test_not_person_names(text: str) -> None:
    assert not is_person_name(text)


def test_unit_suffix_and_collective() -> None:
    assert has_unit_suffix("区金融服务中心")
    assert not has_unit_suffix("区金融服务")
    assert is_collective("各街道")
    assert not is_collective("区财政局")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("林晓峰汪洋", ["林晓峰", "汪洋"]),
        ("郑伟邓文涛", ["郑伟", "邓文涛"]),
        ("郑伟何琳", ["郑伟", "何琳"]),
        ("周建国唐海燕韩雪梅", ["周建国", "唐海燕", "韩雪梅"]),
        ("欧阳娜娜", ["欧阳娜娜"]),
        ("区财政局", ["区财政局"]),
        ("区政府领导班子成员", ["区政府领导班子成员"]),
    ],
)
def test_split_run_together(text: str, parts: list[str]) -> None:
    assert split_run_together(text) == parts


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "区发改局、区财政局，区商务局;区统计局；区税务局",
            ["区发改局", "区财政局", "区商务局", "区统计局", "区税务局"],
        ),
        ("各街办(新区)、区卫健局", ["各街办(新区)", "区卫健局"]),
        ("区发改局（含A、B）,区水务局等部门。", ["区发改局（含A、B）", "区水务局等部门"]),
        ("区 财政局 、 ", ["区财政局"]),
    ],
)
def test_split_unit_list(text: str, items: list[str]) -> None:
    assert split_unit_list(text) == items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周建国（副区长）", ("周建国", "副区长")),
        ("周建国副区长", ("周建国", "副区长")),
        ("常务副区长周建国", ("周建国", "常务副区长")),
        ("区财政局", ("区财政局", None)),
    ],
)
def test_split_title(text: str, expected: tuple[str, str | None]) -> None:
    assert split_title(text) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("郑伟（区发改局）", [("郑伟", "区发改局")]),
        ("区发改局：郑伟", [("郑伟", "区发改局")]),
        ("区发改局 郑伟", [("郑伟", "区发改局")]),
        ("区发改局郑伟", [("郑伟", "区发改局")]),
        ("区行政审批局冯科", [("冯科", "区行政审批局")]),
        ("区人民政府办公室", [("区人民政府办公室", None)]),
        ("区委政法委", [("区委政法委", None)]),
        ("周建国（副区长）", [("周建国", None)]),
    ],
)
def test_person_written_with_its_unit(cell: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(a.name, a.unit) for a in agent_spans(cell)] == expected
