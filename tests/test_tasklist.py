"""Tasks and assignments from task tables: the samples and small inline tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.pipeline import extract, extract_path
from sources.readers.text import read_text
from sources.records import Cell, Document, EntityType, Extraction, Origin, Role, Table, Task
from sources.tasklist import (
    Column,
    classify_header,
    deadline_date,
    extract_task_tables,
    group_core,
    pair_units_and_persons,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _cells(*texts: str) -> str:
    return "".join(f"\t{t}\n" for t in texts) + "\n"


def _extract_text(text: str) -> Extraction:
    return extract(read_text(Path("inline.txt"), text.encode("utf-8")))


def _by_key(extraction: Extraction) -> dict[str, Task]:
    return {t.key: t for t in extraction.tasks}


def _agents(task: Task, role: Role) -> list[str]:
    return [a.agent for a in task.assignments if a.role is role]


def _for_units(task: Task) -> dict[str, str | None]:
    return {a.agent: a.for_unit for a in task.assignments if a.role is Role.RESPONSIBLE_PERSON}


@pytest.fixture(scope="module")
def sample() -> Extraction:
    return extract_path(SAMPLES / "qingxi_tasks_2024.txt")


@pytest.fixture(scope="module")
def sample_q4() -> Extraction:
    return extract_path(SAMPLES / "qingxi_tasks_2024_q4.txt")


# ---------------------------------------------------------------- the samples


def test_sample_keys_and_titles(sample: Extraction) -> None:
    assert [(t.key, t.title) for t in sample.tasks] == [
        ("重点工作-1", "主要经济指标运行"),
        ("重点工作-1-(1)", "地区生产总值"),
        ("重点工作-1-(2)", "规模工业增加值"),
        ("重点工作-1-(3)", "一般公共预算收入"),
        ("重点工作-1-(4)", "社会消费品零售总额"),  # after the page-break repeat
        ("重点工作-2", "项目建设提速"),
        ("重点工作-3", "数字政府建设"),
        ("重点工作-4", "招商引资"),
        ("重点项目-1", "青溪大道改造工程"),
        ("重点项目-2", "产业园区建设"),
        ("民生实事-1", "生态环境综合整治"),
        ("民生实事-2", "稳岗就业"),
        ("民生实事-3", "民生实事项目推进"),
    ]
    assert sample.warnings == ()


def test_sub_items_hang_under_an_empty_parent(sample: Extraction) -> None:
    tasks = _by_key(sample)
    gdp = tasks["重点工作-1-(1)"]
    assert gdp.parent == "重点工作-1"
    assert gdp.name == "主要经济指标运行"
    assert gdp.group == "重点工作"
    assert gdp.number == "1"
    assert gdp.target == "全年增长6%以上，增速高于全市平均水平。"
    assert gdp.deadline == "12月底前"
    assert gdp.deadline_date == "2024-12-31"
    parent = tasks["重点工作-1"]
    assert parent.assignments == ()
    assert parent.target is None
    assert parent.parent is None


def test_lead_leader_of_several_tasks(sample: Extraction) -> None:
    led = [t.key for t in sample.tasks if "周建国" in _agents(t, Role.LEAD_LEADER)]
    assert led == [
        "重点工作-1-(1)",
        "重点工作-1-(2)",
        "重点工作-1-(3)",
        "重点工作-2",
        "重点工作-3",
        "重点项目-2",
    ]
    leader = next(a for a in sample.tasks[1].assignments if a.role is Role.LEAD_LEADER)
    assert leader.agent_type is EntityType.PERSON
    assert leader.origin.column == "责任领导"


def test_units_persons_and_liaisons(sample: Extraction) -> None:
    tasks = _by_key(sample)
    budget = tasks["重点工作-1-(3)"]
    assert _agents(budget, Role.RESPONSIBLE_UNIT) == ["区财政局", "各乡镇（街道）"]
    assert _for_units(budget) == {"邓文涛": "区财政局", "各乡镇（街道）主要负责人": "各乡镇（街道）"}
    assert _agents(budget, Role.LIAISON) == ["林晓峰"]
    kinds = {a.agent: a.agent_type for a in budget.assignments}
    assert kinds["各乡镇（街道）"] is EntityType.COLLECTIVE
    assert kinds["各乡镇（街道）主要负责人"] is EntityType.COLLECTIVE
    assert kinds["区财政局"] is EntityType.UNIT
    # spaced names are cleaned; the origin keeps the surface form
    sales = tasks["重点工作-1-(4)"]
    liaison = next(a for a in sales.assignments if a.role is Role.LIAISON)
    assert (liaison.agent, liaison.origin.text) == ("许静", "许  静")


def test_lead_marker(sample: Extraction) -> None:
    tasks = _by_key(sample)
    project = tasks["重点工作-2"]
    assert _agents(project, Role.LEAD_UNIT) == ["区发改局"]
    assert _agents(project, Role.RESPONSIBLE_UNIT) == ["区发改局", "区财政局", "相关区直单位"]
    assert _for_units(project)["相关区直单位负责人"] == "相关区直单位"
    assert _agents(tasks["民生实事-2"], Role.LEAD_UNIT) == ["区人社局"]


def test_broken_unit_run_together_liaisons_and_consecutive_names(sample: Extraction) -> None:
    digital = _by_key(sample)["重点工作-3"]
    assert _agents(digital, Role.LEAD_LEADER) == ["周建国", "唐海燕"]
    assert _agents(digital, Role.RESPONSIBLE_UNIT) == ["区数据资源服务中心", "区行政审批局"]
    assert _for_units(digital) == {"付强": "区数据资源服务中心", "孔维佳": "区行政审批局"}
    assert _agents(digital, Role.LIAISON) == ["林晓峰", "汪洋"]


def test_project_row(sample: Extraction) -> None:
    road = _by_key(sample)["重点项目-1"]
    assert road.name == "交通基础设施项目"
    assert road.project_list == "市级重点项目"
    assert road.projects == ("青溪大道改造工程",)
    assert road.target == "1.6月底前完成管网迁改。 2.12月底前建成通车。"
    assert _for_units(road) == {"范志明": "区住建局", "陆青": "白沙镇"}


def test_mismatched_row_is_aligned_on_confirmed_pairs(sample: Extraction) -> None:
    row = _by_key(sample)["民生实事-1"]
    # 5 units, 4 persons: 区住建局→范志明 is confirmed by the project row, so the
    # two units before it pair by order and 区交通运输局 stays unpaired.
    assert _for_units(row) == {
        "万小川": "区生态环境分局",
        "曹立新": "区城管局",
        "范志明": "区住建局",
        "各乡镇（街道）主要负责人": "各乡镇（街道）",
    }
    assert "区交通运输局" in _agents(row, Role.RESPONSIBLE_UNIT)


def test_collective_leader_and_liaison(sample: Extraction) -> None:
    row = _by_key(sample)["民生实事-3"]
    kinds = {(a.role, a.agent): a.agent_type for a in row.assignments}
    assert kinds[(Role.LEAD_LEADER, "区政府领导班子成员")] is EntityType.COLLECTIVE
    assert kinds[(Role.LIAISON, "区政府办各联系同志")] is EntityType.COLLECTIVE
    assert _for_units(row) == {"区直各单位负责人": "区直各单位", "各乡镇（街道）主要负责人": "各乡镇（街道）"}


def test_second_sample_maps_other_header_words(sample_q4: Extraction) -> None:
    tasks = _by_key(sample_q4)
    assert list(tasks) == ["1", "2", "3", "4"]
    first = tasks["1"]
    assert _agents(first, Role.LEAD_LEADER) == ["周建国"]  # 分管区领导
    assert _agents(first, Role.LEAD_UNIT) == ["区发改局"]  # 牵头单位 column
    assert _agents(first, Role.RESPONSIBLE_UNIT) == ["区发改局", "区统计局", "各乡镇（街道）"]
    assert _agents(first, Role.LIAISON) == ["林晓峰"]  # 联系人
    assert first.deadline_date == "2024-12-31"  # 时间节点
    assert first.target == "确保全年目标任务完成。"
    # 4 units, 3 persons and nothing in this table confirms a pair: only the collective pairs.
    assert _for_units(tasks["3"]) == {
        "金鹏": None,
        "范志明": None,
        "各乡镇（街道）主要负责人": "各乡镇（街道）",
    }
    assert sample_q4.document.area == "青溪区"


def test_every_assignment_points_into_the_document(sample: Extraction) -> None:
    text = sample.document.text
    for task in sample.tasks:
        assert text[task.origin.start : task.origin.end] == task.origin.text
        for a in task.assignments:
            assert text[a.origin.start : a.origin.end] == a.origin.text
            assert a.origin.table == 0 and a.origin.row is not None


# ---------------------------------------------------------------- inline edge cases


def test_columns_are_mapped_by_words_not_position() -> None:
    text = _cells("联络人", "责任人", "责任单位", "名称", "序号", "牵头领导") + _cells(
        "林晓峰", "邓文涛", "区财政局", "财政收入", "1", "周建国"
    )
    task = _extract_text(text).tasks[0]
    assert (task.key, task.title) == ("1", "财政收入")
    assert _agents(task, Role.LEAD_LEADER) == ["周建国"]
    assert _for_units(task) == {"邓文涛": "区财政局"}
    assert _agents(task, Role.LIAISON) == ["林晓峰"]


def test_table_without_task_header_yields_nothing_and_says_so() -> None:
    text = _cells("指标", "一月", "二月") + _cells("用电量", "12", "13") + _cells("用水量", "4", "5")
    extraction = _extract_text(text)
    assert extraction.tasks == ()
    assert len(extraction.warnings) == 1
    assert "no task columns" in extraction.warnings[0]


def test_headerless_table_yields_nothing() -> None:
    text = _cells("1", "财政收入", "区财政局") + _cells("2", "招商引资", "区商务局")
    assert _extract_text(text).tasks == ()


def test_sub_item_in_the_name_column_and_group_carry_over() -> None:
    text = (
        _cells("类别", "序号", "工作任务", "目标任务", "责任单位", "责任人")
        + _cells("一、“稳增长”经济指标", "1", "主要经济指标运行", "", "区发改局", "郑  伟")
        + _cells("", "", "（1）地区生产总值", "增长6%", "区发改局", "郑  伟")
        + _cells("", "", "（2）规模工业增加值", "增长8%", "区工信局", "谢国栋")
        + _cells("", "2", "招商引资", "引进项目30个", "区商务局", "沈佳怡")
    )
    tasks = _by_key(_extract_text(text))
    assert list(tasks) == ["经济指标-1", "经济指标-1-(1)", "经济指标-1-(2)", "经济指标-2"]
    assert tasks["经济指标-1-(1)"].title == "地区生产总值"
    assert tasks["经济指标-1-(1)"].parent == "经济指标-1"
    assert tasks["经济指标-2"].group == "经济指标"


def test_row_without_number_or_name_continues_the_task() -> None:
    text = (
        _cells("序号", "名称", "责任单位", "责任人")
        + _cells("1", "财政收入", "区财政局", "邓文涛")
        + _cells("", "", "区税务局", "吕航")
    )
    tasks = _extract_text(text).tasks
    assert len(tasks) == 1
    assert _for_units(tasks[0]) == {"邓文涛": "区财政局", "吕航": "区税务局"}


def test_combined_unit_and_person_column() -> None:
    text = _cells("序号", "名称", "责任单位及责任人") + _cells(
        "1", "财政收入", "区财政局\n邓文涛\n区税务局\n吕航"
    )
    task = _extract_text(text).tasks[0]
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区财政局", "区税务局"]
    assert _for_units(task) == {"邓文涛": "区财政局", "吕航": "区税务局"}


def test_target_as_title_when_there_is_no_name_column() -> None:
    text = _cells("序号", "2024年预期目标", "责任单位") + _cells(
        "1", "地区生产总值增长6%", "区发改局、区统计局"
    )
    task = _extract_text(text).tasks[0]
    assert task.title == "地区生产总值增长6%"
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区发改局", "区统计局"]


def test_grid_table_from_an_office_reader() -> None:
    """A docx/xlsx reader fills merged cells and names every cell's column;
    the name column split into sub-columns gives two cells named 名称."""
    text = "x" * 200
    header = ("序号", "名称", "名称", "责任单位", "责任人")

    def row(r: int, *texts: str) -> tuple[Cell, ...]:
        return tuple(
            Cell(t, Origin(10 * r + c, 10 * r + c + 1, text[10 * r + c], 0, r, header[c]))
            for c, t in enumerate(texts)
        )

    table = Table(
        0,
        header,
        (
            row(0, "1", "主要经济指标运行", "（1）地区生产总值", "区发改局", "郑伟"),
            row(1, "1", "主要经济指标运行", "（2）一般公共预算收入", "区财政局", "邓文涛"),
            row(2, "2", "项目建设", "项目建设", "区发改局", "郑伟"),
        ),
        Origin(0, 30, text[:30], 0),
    )
    document = Document("grid.docx", "grid.docx", text, "0", "application/docx", tables=(table,))
    tasks = _by_key(extract_task_tables(document))
    assert list(tasks) == ["1", "1-(1)", "1-(2)", "2"]
    assert tasks["1-(2)"].title == "一般公共预算收入"
    assert _for_units(tasks["1-(2)"]) == {"邓文涛": "区财政局"}
    assert tasks["2"].title == "项目建设"


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("牵头领导", Column.LEAD_LEADER),
        ("责任领导", Column.LEAD_LEADER),
        ("分管区领导", Column.LEAD_LEADER),
        ("牵头单位", Column.LEAD_UNIT),
        ("主要责任单位", Column.UNIT),
        ("配合单位", Column.UNIT),
        ("协办单位", Column.UNIT),
        ("责任人", Column.PERSON),
        ("联络人", Column.LIAISON),
        ("联系人", Column.LIAISON),
        ("市定工作目标", Column.TARGET),
        ("目标任务", Column.TARGET),
        ("具体工作任务及对各镇（街道）考核任务", Column.CONTENT),
        ("工作措施", Column.CONTENT),
        ("完成时限", Column.DEADLINE),
        ("时间节点", Column.DEADLINE),
        ("项目", Column.GROUP),
        ("类别", Column.GROUP),
        ("序号", Column.NUMBER),
        ("名称", Column.NAME),
        ("工作任务", Column.NAME),
        ("任务", Column.NAME),
        ("时间安排", Column.DEADLINE),
        ("主要负责人", Column.PERSON),
        ("责任单位/责任人", Column.UNIT_AND_PERSON),
        ("责任科室", Column.UNIT),
        ("建设内容", Column.CONTENT),
        ("责任单位（排第一的为牵头单位）", Column.UNIT),
        ("备注", Column.OTHER),
    ],
)
def test_classify_header(header: str, column: Column) -> None:
    assert classify_header(header) is column


@pytest.mark.parametrize(
    ("label", "core"),
    [
        ("“发展六仗”重点工作", "重点工作"),
        ("“三年攻坚”重点项目", "重点项目"),
        ("民生实事", "民生实事"),
        ("一、重点任务", "重点任务"),
        ("“三重点”", "三重点"),
    ],
)
def test_group_core(label: str, core: str) -> None:
    assert group_core(label) == core


def test_pairing_rules() -> None:
    towns, heads = "各乡镇（街道）", "各乡镇（街道）主要负责人"
    rows = [
        (["区发改局", "区统计局"], ["郑伟", "何琳"]),  # one-to-one: confirms both
        (["区商务局"], ["沈佳怡"]),
        # 3 units, 4 persons: 付强 has no confirmed unit and stays unpaired
        (["区发改局", towns], ["郑伟", "付强", heads]),
        # the confirmed 区商务局 person is absent: the names after it shift up
        (["区甲局", "区商务局", "区统计局", towns], ["甲某", "何琳", heads]),
        # nothing confirms anything: only the collective pairs
        (["区乙局", "区丙局", towns], ["乙某", heads]),
    ]
    pairs = pair_units_and_persons(rows)
    assert pairs[0] == {0: "区发改局", 1: "区统计局"}
    assert pairs[2] == {0: "区发改局", 2: towns}
    assert pairs[3] == {0: "区甲局", 1: "区统计局", 2: towns}
    assert pairs[4] == {1: towns}


def test_pairs_found_by_alignment_anchor_other_rows() -> None:
    towns, heads = "各镇", "各镇负责人"
    rows = [
        (["区甲局", towns], ["甲某", heads]),
        # 区乙局→乙某 follows from order between the anchors 区甲局 and the towns
        (["区甲局", "区乙局", towns, "区丙局"], ["甲某", "乙某", heads]),
        # ... and then anchors this row: 区丁局→丁某 before it; 区戊局 and
        # 区己局 share one name after it and are left alone.
        (["区丁局", "区乙局", "区戊局", "区己局"], ["丁某", "乙某", "戊某"]),
    ]
    pairs = pair_units_and_persons(rows)
    assert pairs[1] == {0: "区甲局", 1: "区乙局", 2: towns}
    assert pairs[2] == {0: "区丁局", 1: "区乙局"}


@pytest.mark.parametrize(
    ("text", "year", "iso"),
    [
        ("12月底前", 2024, "2024-12-31"),
        ("2月底", 2024, "2024-02-29"),
        ("6月30日前", 2024, "2024-06-30"),
        ("2025年3月底前", 2024, "2025-03-31"),
        ("年底前", 2024, "2024-12-31"),
        ("9月中旬", 2024, "2024-09-20"),
        ("长期坚持", 2024, None),
        ("12月底前", None, None),
    ],
)
def test_deadline_date(text: str, year: int | None, iso: str | None) -> None:
    assert deadline_date(text, year) == iso


def test_section_heading_rows_group_the_tasks_after_them() -> None:
    text = (
        _cells("序号", "任务名称", "责任单位", "责任人")
        + "\t一、经济发展\n\n"
        + _cells("1", "财政收入", "区财政局", "邓文涛")
        + "\t二、民生保障\n\n"
        + _cells("1", "稳岗就业", "区人社局", "覃丽")
    )
    tasks = _extract_text(text).tasks
    assert [(t.key, t.group) for t in tasks] == [("经济发展-1", "经济发展"), ("民生保障-1", "民生保障")]


def test_labelled_lists_inside_a_cell() -> None:
    text = _cells("序号", "任务名称", "责任单位") + _cells(
        "1", "财政收入", "牵头单位：区财政局；配合单位：区税务局、区统计局"
    )
    task = _extract_text(text).tasks[0]
    assert _agents(task, Role.LEAD_UNIT) == ["区财政局"]
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区财政局", "区税务局", "区统计局"]


def test_two_level_header_gives_lead_and_partner_units() -> None:
    text = (
        _cells("序号", "任务名称", "责任单位", "完成时限")
        + _cells("", "", "牵头单位", "配合单位", "")
        + _cells("1", "财政收入", "区财政局", "区税务局", "12月底前")
    )
    task = _extract_text(text).tasks[0]
    assert _agents(task, Role.LEAD_UNIT) == ["区财政局"]
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区财政局", "区税务局"]
    assert task.deadline == "12月底前"


def test_sub_items_numbered_in_the_number_column() -> None:
    text = (
        _cells("序号", "任务名称", "责任领导", "责任单位")
        + _cells("1", "主要经济指标运行", "周建国（副区长）", "区发改局")
        + _cells("（1）", "地区生产总值", "周建国（副区长）", "区发改局")
        + _cells("（2）", "一般公共预算收入", "周建国（副区长）", "区财政局")
    )
    tasks = _by_key(_extract_text(text))
    assert list(tasks) == ["1", "1-(1)", "1-(2)"]
    assert tasks["1-(2)"].title == "一般公共预算收入"
    assert _agents(tasks["1-(2)"], Role.LEAD_LEADER) == ["周建国"]  # the title is dropped


def test_first_unit_leads_when_the_header_says_so() -> None:
    text = _cells("序号", "工作任务", "责任单位（排第一位的为牵头单位）") + _cells(
        "1", "财政收入", "区财政局、区税务局"
    )
    task = _extract_text(text).tasks[0]
    assert _agents(task, Role.LEAD_UNIT) == ["区财政局"]
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区财政局", "区税务局"]


def test_project_column_names_the_rows_of_a_project_table() -> None:
    text = _cells("序号", "项目", "建设内容", "责任单位") + _cells(
        "1", "青溪大道改造工程", "道路改造", "区住建局"
    )
    task = _extract_text(text).tasks[0]
    assert (task.key, task.title, task.work_content) == ("1", "青溪大道改造工程", "道路改造")


def test_person_written_with_its_unit_is_paired_with_it() -> None:
    text = _cells("序号", "任务名称", "责任单位", "责任人") + _cells(
        "1", "财政收入", "区财政局\n区税务局\n区统计局", "吕航（区税务局）\n邓文涛（区财政局）"
    )
    task = _extract_text(text).tasks[0]
    assert _for_units(task) == {"吕航": "区税务局", "邓文涛": "区财政局"}
    combined = _cells("序号", "任务名称", "责任单位") + _cells("1", "财政收入", "区财政局：邓文涛\n区税务局")
    task = _extract_text(combined).tasks[0]
    assert _agents(task, Role.RESPONSIBLE_UNIT) == ["区财政局", "区税务局"]
    assert _for_units(task) == {"邓文涛": "区财政局"}
