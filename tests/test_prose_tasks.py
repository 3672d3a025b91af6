"""Tasks written in prose: every marker layout, in full-width and half-width
punctuation, on small made-up texts (青溪区 and its officials are invented)."""

from __future__ import annotations

import hashlib

import pytest

from sources.pipeline import extract
from sources.prose_tasks import extract_prose_tasks
from sources.records import Document, EntityType, Extraction, Role, Task
from sources.tables import recover_tables

_HALF = str.maketrans("：，；（）【】", ":,;()[]")


def document(text: str, title: str | None = "青溪区2024年重点工作任务分解方案") -> Document:
    return Document(
        name="made-up.txt",
        path="made-up.txt",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        media_type="text/plain",
        encoding="utf-8",
        tables=tuple(recover_tables(text)),
        title=title,
    )


def run(text: str, width: str, **kwargs: str | None) -> Extraction:
    """Extract with the whole pipeline, the text in full-width or half-width form."""
    if width == "half":
        text = text.translate(_HALF)
    extraction = extract(document(text, **kwargs))
    for task in extraction.tasks:
        for a in task.assignments:
            assert extraction.document.text[a.origin.start : a.origin.end] == a.origin.text
    return extraction


def triples(tasks: tuple[Task, ...]) -> set[tuple[str, str, str]]:
    return {(t.key, a.role.value, a.agent) for t in tasks for a in t.assignments}


def units(task: Task, role: Role) -> list[str]:
    return [a.agent for a in task.assignments if a.role is role]


WIDTHS = pytest.mark.parametrize("width", ["full", "half"])


@WIDTHS
def test_label_lines_after_the_task(width: str) -> None:
    text = (
        "一、经济发展\n"
        "1．推进数字经济发展，年底前建成产业园。\n"
        "牵头单位：区发改局\n"
        "责任单位：区财政局、区统计局，各街道\n"
        "2．扩大有效投资。\n"
        "牵头单位：区住建局\n"
        "责任单位：区自然资源局\n"
    )
    tasks = run(text, width).tasks
    assert [(t.key, t.title) for t in tasks] == [("1", "推进数字经济发展"), ("2", "扩大有效投资")]
    assert units(tasks[0], Role.LEAD_UNIT) == ["区发改局"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT) == ["区发改局", "区财政局", "区统计局", "各街道"]
    assert tasks[0].group == "经济发展"
    assert tasks[0].deadline == "年底前"
    assert tasks[0].deadline_date == "2024-12-31"
    kinds = {a.agent: a.agent_type for a in tasks[0].assignments}
    assert kinds["各街道"] is EntityType.COLLECTIVE and kinds["区财政局"] is EntityType.UNIT


@WIDTHS
def test_labels_on_one_line_with_a_leader_and_a_deadline(width: str) -> None:
    text = (
        "1. 推进城市更新。责任领导：周明远；牵头单位：区住建局；"
        "责任单位：区城管局、区交通局；完成时限：2024年9月底前\n"
    )
    (task,) = run(text, width).tasks
    assert task.title == "推进城市更新"
    assert units(task, Role.LEAD_LEADER) == ["周明远"]
    assert task.assignments[0].agent_type is EntityType.PERSON
    assert units(task, Role.LEAD_UNIT) == ["区住建局"]
    assert units(task, Role.RESPONSIBLE_UNIT) == ["区住建局", "区城管局", "区交通局"]
    assert (task.deadline, task.deadline_date) == ("2024年9月底前", "2024-09-30")


@WIDTHS
def test_one_bracket_after_the_task(width: str) -> None:
    text = (
        "1、强化招商引资，完善招商机制。【牵头单位：区商务局、区投促中心；责任单位：各镇（街道）、区直相关部门】\n"
        "2、优化营商环境（牵头单位：区政务服务局；责任单位：区市场监管局、区司法局）\n"
    )
    tasks = run(text, width).tasks
    assert [t.title for t in tasks] == ["强化招商引资", "优化营商环境"]
    assert units(tasks[0], Role.LEAD_UNIT) == ["区商务局", "区投促中心"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT)[2:] == [
        "各镇（街道）".translate(_HALF) if width == "half" else "各镇（街道）",
        "区直相关部门",
    ]
    assert units(tasks[1], Role.LEAD_UNIT) == ["区政务服务局"]
    assert units(tasks[1], Role.RESPONSIBLE_UNIT) == ["区政务服务局", "区市场监管局", "区司法局"]


@WIDTHS
def test_lead_and_support_verbs_in_a_bracket(width: str) -> None:
    text = (
        "（一）加快工业转型升级。推动企业技术改造（区经信局牵头，区财政局、区科技局配合）\n"
        "（二）抓好安全生产（区应急局牵头落实）\n"
        "（三）推进乡村振兴（区农业农村局负责）\n"
        "（四）盘活存量资金（由区财政局会同区审计局负责）\n"
    )
    tasks = run(text, width).tasks
    assert [t.title for t in tasks] == ["加快工业转型升级", "抓好安全生产", "推进乡村振兴", "盘活存量资金"]
    assert units(tasks[0], Role.LEAD_UNIT) == ["区经信局"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT) == ["区经信局", "区财政局", "区科技局"]
    assert units(tasks[1], Role.LEAD_UNIT) == ["区应急局"]
    # 负责 alone names a responsible unit, not a lead (no 牵头 is written)
    assert units(tasks[2], Role.LEAD_UNIT) == []
    assert units(tasks[2], Role.RESPONSIBLE_UNIT) == ["区农业农村局"]
    assert units(tasks[3], Role.LEAD_UNIT) == ["区财政局"]
    assert set(units(tasks[3], Role.RESPONSIBLE_UNIT)) == {"区财政局", "区审计局"}


@WIDTHS
def test_a_post_stays_a_post(width: str) -> None:
    (task,) = run("1. 做好信访工作（分管副区长负责）\n", width).tasks
    (assignment,) = task.assignments
    assert (assignment.role, assignment.agent, assignment.agent_type) == (
        Role.LEAD_LEADER,
        "分管副区长",
        EntityType.POST,
    )


@WIDTHS
def test_lead_leaders_on_a_section_heading(width: str) -> None:
    text = (
        "一、经济运行（牵头领导：周明远、林晓）\n"
        "1. 稳住工业增长。（区经信局牵头，各镇配合）\n"
        "2. 扩大消费。（区商务局负责）\n"
        "二、社会事业\n"
        "牵头领导：陈思\n"
        "1. 办好教育。（区教育局负责）\n"
    )
    tasks = run(text, width).tasks
    assert [(t.key, t.title) for t in tasks] == [("1", "稳住工业增长"), ("2", "扩大消费"), ("3", "办好教育")]
    assert units(tasks[0], Role.LEAD_LEADER) == ["周明远", "林晓"]
    assert units(tasks[1], Role.LEAD_LEADER) == ["周明远", "林晓"]
    assert units(tasks[2], Role.LEAD_LEADER) == ["陈思"]
    assert [t.group for t in tasks] == ["经济运行", "经济运行", "社会事业"]


@WIDTHS
def test_heading_that_names_the_leader(width: str) -> None:
    text = (
        "一、李青云县长牵头重点工作\n"
        "1. 推进县域经济发展。\n"
        "2. 抓好项目建设。\n"
        "二、赵明副县长负责的工作\n"
        "1. 做好农业工作（县农业农村局牵头）\n"
    )
    tasks = run(text, width).tasks
    assert [t.title for t in tasks] == ["推进县域经济发展", "抓好项目建设", "做好农业工作"]
    assert [units(t, Role.LEAD_LEADER) for t in tasks] == [["李青云"], ["李青云"], ["赵明"]]
    assert units(tasks[2], Role.LEAD_UNIT) == ["县农业农村局"]


@WIDTHS
def test_rule_that_the_first_unit_leads(width: str) -> None:
    text = (
        "1. 推进教育强区。\n"
        "责任单位：区教育局、区财政局\n"
        "说明：责任单位中排在第一位的为牵头单位。\n"
        "2. 推进教育强区二期。\n"
        "责任单位：区教育局、区财政局、区人社局\n"
        "3. 建设健康青溪（区卫健局、区医保局负责）\n"
    )
    tasks = run(text, width).tasks
    assert units(tasks[0], Role.LEAD_UNIT) == []  # stated before the rule
    assert units(tasks[1], Role.LEAD_UNIT) == ["区教育局"]
    assert units(tasks[1], Role.RESPONSIBLE_UNIT) == ["区教育局", "区财政局", "区人社局"]
    assert units(tasks[2], Role.LEAD_UNIT) == ["区卫健局"]


@WIDTHS
def test_nested_unit_is_one_unit_with_its_alias(width: str) -> None:
    extraction = run("1. 保障粮食安全。（县发改局（粮食局）牵头，县农业农村局配合）\n", width)
    (task,) = extraction.tasks
    nested = "县发改局（粮食局）".translate(_HALF) if width == "half" else "县发改局（粮食局）"
    assert units(task, Role.LEAD_UNIT) == [nested]
    assert units(task, Role.RESPONSIBLE_UNIT) == [nested, "县农业农村局"]
    assert [(r.kind, r.subject, r.object) for r in extraction.relations] == [("alias", nested, "粮食局")]


@WIDTHS
def test_numbered_hierarchy_gives_sub_tasks(width: str) -> None:
    text = (
        "一、重点任务\n"
        "（一）推进产业升级（区发改局牵头）\n"
        "1. 培育龙头企业（区经信局负责）\n"
        "2. 发展现代服务业（区商务局负责）\n"
        "（二）深化改革（区委改革办牵头）\n"
        "（1）推进国企改革（区国资中心负责）\n"
    )
    tasks = run(text, width).tasks
    assert [(t.key, t.parent, t.title) for t in tasks] == [
        ("1", None, "推进产业升级"),
        ("1.1", "1", "培育龙头企业"),
        ("1.2", "1", "发展现代服务业"),
        ("2", None, "深化改革"),
        ("2.1", "2", "推进国企改革"),
    ]
    numbers = ["（一）", "1", "2", "（二）", "（1）"]  # as printed
    assert [t.number for t in tasks] == [n.translate(_HALF) if width == "half" else n for n in numbers]


@WIDTHS
def test_flattened_table_one_cell_per_paragraph(width: str) -> None:
    text = (
        "附件1\n\n青溪区2024年目标任务分解表\n\n序号\n\n目  标  任  务\n\n牵头单位\n\n责任单位\n\n"
        "一、经济指标（牵头领导：周明远、林晓）\n\n"
        "1\n\n地区生产总值增长6%。\n\n区发改局\n\n区统计局、各镇（街道）\n\n"
        "2\n\n固定资产投资增长8%\n\n区发改局\n\n区住建局\n\n"
        "二、民生指标\n\n"
        "3\n\n城镇新增就业1万人\n\n区人社局\n\n"
        "附件2\n\n序号\n\n工作任务\n\n牵头单位\n\n配合单位\n\n"
        "1\n\n建设科创走廊\n\n推进实验室落地，引进研发机构、中"
    )
    tasks = run(text, width).tasks
    assert [(t.key, t.title) for t in tasks] == [
        ("1", "地区生产总值增长6%"),
        ("2", "固定资产投资增长8%"),
        ("3", "城镇新增就业1万人"),
    ]
    assert units(tasks[0], Role.LEAD_LEADER) == ["周明远", "林晓"]
    assert units(tasks[0], Role.LEAD_UNIT) == ["区发改局"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT)[1] == "区统计局"
    assert units(tasks[2], Role.LEAD_LEADER) == []  # the next section has no leaders
    assert units(tasks[2], Role.LEAD_UNIT) == ["区人社局"]
    assert tasks[0].target == "地区生产总值增长6%。"


def test_flattened_table_with_only_responsible_units() -> None:
    text = (
        "序号\n\n2024年预期目标\n\n责任单位\n\n"
        "1\n\n地区生产总值增长6%左右\n\n区发展改革委\n\n2\n\n区级税收增长5%\n\n区税务局\n"
    )
    tasks = run(text, "full").tasks
    assert triples(tasks) == {("1", "responsibleUnit", "区发展改革委"), ("2", "responsibleUnit", "区税务局")}


@WIDTHS
def test_cut_off_list_keeps_the_task_without_agents(width: str) -> None:
    text = (
        "（一）地区生产总值增长7%以上\n\n责任单位：区发展和改革局\n\n"
        "（二）工业投资增长12%以上\n\n责任单位：区"
    )
    tasks = run(text, width).tasks
    assert [t.title for t in tasks] == ["地区生产总值增长7%以上", "工业投资增长12%以上"]
    assert tasks[1].assignments == ()


def test_narrative_article_has_no_tasks() -> None:
    text = (
        "青溪区召开经济工作会议\n"
        "12月20日，区委书记周明远主持召开会议（记者 林晓 摄）。会议指出，要推进数字经济发展，"
        "由区发改局牵头制定方案，各部门要密切配合。\n"
        "区长陈思出席会议并讲话（全文见第二版）。\n"
        "一、坚持稳中求进\n会议强调，要抓好项目建设，确保年底前完成投资目标。\n"
        "联系人：王小青；联系电话：0000-12345678\n"
        "责任编辑：林晓\n"
    )
    assert run(text, "full", title="青溪区召开经济工作会议").tasks == ()


def test_label_list_continued_on_the_next_line() -> None:
    text = (
        "1. 推进美丽乡村建设。\n责任单位：区农业农村局、区自然资源局、\n区生态环境局、各镇（街道）\n"
        "2. 做好防汛工作。\n责任单位：区水利局\n"
    )
    tasks = run(text, "full").tasks
    assert units(tasks[0], Role.RESPONSIBLE_UNIT) == [
        "区农业农村局",
        "区自然资源局",
        "区生态环境局",
        "各镇（街道）",
    ]
    assert units(tasks[1], Role.RESPONSIBLE_UNIT) == ["区水利局"]


def test_item_and_bracket_wrapped_over_lines() -> None:
    """A PDF breaks lines anywhere, also inside the marker bracket."""
    text = (
        "1. 精简项目审批手续。加快推进网上审批，完善行政审批网上服务大厅功能，扩大上\n"
        "线服务单位范围。（区政务服务局牵头，区发改局、区住建\n"
        "局、区级相关部门配合）\n"
        "2. 提高土地审批效率。（区自然资源分局牵头，区级相关部门配合）\n"
    )
    tasks = run(text, "full").tasks
    assert [t.title for t in tasks] == ["精简项目审批手续", "提高土地审批效率"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT) == ["区政务服务局", "区发改局", "区住建局", "区级相关部门"]
    broken = next(a for a in tasks[0].assignments if a.agent == "区住建局")
    assert broken.origin.text == "区住建\n局"


def test_tasks_in_a_table_are_not_counted_twice() -> None:
    text = (
        "青溪区2024年重点工作任务分解表\n"
        "序号\t工作任务\t牵头单位\t责任单位\n"
        "1\t推进数字经济发展（区发改局牵头）\t区发改局\t区财政局\n"
        "2\t扩大有效投资\t区住建局\t区自然资源局\n"
        "二、其他工作\n"
        "3. 做好安全生产工作。（区应急管理局牵头，区公安分局配合）\n"
    )
    extraction = run(text, "full")
    titles = [t.title for t in extraction.tasks]
    assert sorted(titles) == sorted(["推进数字经济发展（区发改局牵头）", "扩大有效投资", "做好安全生产工作"])
    prose = extract_prose_tasks(extraction.document).tasks
    assert [(t.key, t.title) for t in prose] == [("正文-1", "做好安全生产工作")]


def test_deadlines_as_written_and_as_dates() -> None:
    text = (
        "1. 建成数据中心，6月底前完成主体工程，12月底前投入使用（区大数据中心负责）\n"
        "2. 完成老旧小区改造。（区住建局负责，2024年第三季度）\n"
        "3. 开展专项整治（区城管局负责）\n"
    )
    tasks = run(text, "full").tasks
    assert (tasks[0].deadline, tasks[0].deadline_date) == ("12月底前", "2024-12-31")
    assert (tasks[1].deadline, tasks[1].deadline_date) == ("2024年第三季度", "2024-09-30")
    assert (tasks[2].deadline, tasks[2].deadline_date) == (None, None)


def test_no_year_no_date() -> None:
    (task,) = run("1. 上线中介超市，5月底前完成（区政务服务局负责）\n", "full", title=None).tasks
    assert (task.deadline, task.deadline_date) == ("5月底前", None)


def test_boxed_labels_and_values_on_the_next_line() -> None:
    text = (
        "1. 推进城市更新。\n【牵头单位】区住建局【责任单位】区城管局\n"
        "2. 扩大有效投资。\n牵头单位：\n区发改局\n责任单位：\n区财政局、区统计局\n"
    )
    tasks = run(text, "full").tasks
    assert units(tasks[0], Role.LEAD_UNIT) == ["区住建局"]
    assert units(tasks[0], Role.RESPONSIBLE_UNIT) == ["区住建局", "区城管局"]
    assert units(tasks[1], Role.LEAD_UNIT) == ["区发改局"]
    assert units(tasks[1], Role.RESPONSIBLE_UNIT) == ["区发改局", "区财政局", "区统计局"]


def test_marker_bracket_on_a_line_of_its_own() -> None:
    tasks = run("1. 推进数字经济发展。\n（区发改局牵头，区财政局配合）\n2. 扩大有效投资。\n", "full").tasks
    assert [(t.title, units(t, Role.LEAD_UNIT)) for t in tasks] == [("推进数字经济发展", ["区发改局"])]


def test_bare_unit_brackets_only_where_the_document_says_so() -> None:
    said = "括号内为责任单位，排在第一位的为牵头单位。\n1. 推进数字经济发展（区发改局、区财政局）\n"
    (task,) = run(said, "full").tasks
    assert units(task, Role.LEAD_UNIT) == ["区发改局"]
    assert units(task, Role.RESPONSIBLE_UNIT) == ["区发改局", "区财政局"]
    assert run("1. 推进数字经济发展（区发改局、区财政局）\n", "full").tasks == ()


def test_units_joined_by_he_and_posts_with_prefixes() -> None:
    (task,) = run("1. 做好防汛工作（常务副县长牵头，县水利局和县应急局配合）\n", "full").tasks
    assert [(a.role, a.agent, a.agent_type) for a in task.assignments] == [
        (Role.LEAD_LEADER, "常务副县长", EntityType.POST),
        (Role.RESPONSIBLE_UNIT, "县水利局", EntityType.UNIT),
        (Role.RESPONSIBLE_UNIT, "县应急局", EntityType.UNIT),
    ]
    (one,) = run("1. 推进统计改革（区发展和改革局负责）\n", "full").tasks
    assert units(one, Role.RESPONSIBLE_UNIT) == ["区发展和改革局"]


def test_a_higher_level_heading_closes_the_items_before_it() -> None:
    """一、 after a run of 1. items starts a new section, it does not nest under item 2."""
    text = (
        "1. 建立工作台账（区发改局负责）\n2. 加强督查（区政府办负责）\n"
        "一、由赵明副区长牵头（2项）\n⑴ 推进农业现代化。\n⑵ 推进乡村建设。\n"
    )
    tasks = run(text, "full").tasks
    assert [(t.key, t.parent, t.title) for t in tasks] == [
        ("1", None, "建立工作台账"),
        ("2", None, "加强督查"),
        ("3", None, "推进农业现代化"),
        ("4", None, "推进乡村建设"),
    ]
    assert units(tasks[3], Role.LEAD_LEADER) == ["赵明"]
