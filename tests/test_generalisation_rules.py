"""The general rules added when the held-out documents showed what other
counties and layouts write (tests/heldout/README.md): each on a made-up
example of its own, so a rule is tested apart from the documents that
revealed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.names import (
    agent_spans,
    is_person_name,
    person_with_unit,
    split_run_together,
    split_title,
    titles_of_names,
)
from sources.narrative.areas import find_areas
from sources.narrative.layout import read_page
from sources.pipeline import extract_path
from sources.records import AreaLevel, Role


def _extract(tmp_path: Path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_path(path)


# ---------------------------------------------------------------- names


def test_posts_written_before_a_leader_are_titles():
    assert titles_of_names(["县委常委", "常务副县长", "严立成"]) == {0, 1}
    assert titles_of_names(["分管副县长"]) == set()  # no name after it: the post is the agent
    assert titles_of_names(["副县长", "温少华", "副县长", "包文静"]) == {0, 2}


def test_a_post_modifier_is_no_name():
    assert split_title("常务副县长") == ("常务副县长", None)
    assert split_run_together("常务副区长韩立新") == ["常务副区长韩立新"]
    assert split_title("常务副区长韩立新") == ("韩立新", "常务副区长")


def test_units_separated_by_spaces_in_a_cell():
    assert [a.name for a in agent_spans("县财政局 县统计局")] == ["县财政局", "县统计局"]
    assert [a.name for a in agent_spans("胡  平")] == ["胡平"]  # padding inside one name


def test_a_unit_and_the_post_answering_for_it():
    assert person_with_unit("各乡镇人民政府  乡镇长") == ("乡镇长", "各乡镇人民政府")


def test_transliterated_minority_names():
    assert is_person_name("敖登格日勒")  # Mongolian, no Han surname
    assert is_person_name("斯琴")  # two characters: an ordinary name
    assert not is_person_name("县发改局")


# ---------------------------------------------------------------- tasks


def test_leaders_named_with_their_posts(tmp_path: Path):
    text = (
        "一、做强工业（牵头县领导：县委常委、常务副县长 严立成）\n"
        "1．新增规上企业10家。（牵头单位：县工信局；责任单位：县财政局）\n"
    )
    (task,) = _extract(tmp_path, text).tasks
    leaders = {a.agent for a in task.assignments if a.role is Role.LEAD_LEADER}
    assert leaders == {"严立成"}


def test_a_spreadsheet_section_row_is_a_heading(tmp_path: Path):
    text = (
        "序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
        "一、产业发展\t\t\t\t\n"
        "1\t培育龙头企业\t县工信局\t县财政局、各乡镇\t12月\n"
        "2\t建设物流园区\t县商务局\t县交通局 县住建局\t11月\n"
    )
    tasks = _extract(tmp_path, text).tasks
    assert [t.title for t in tasks] == ["培育龙头企业", "建设物流园区"]
    units = {a.agent for a in tasks[1].assignments if a.role is Role.RESPONSIBLE_UNIT}
    assert units == {"县商务局", "县交通局", "县住建局"}


def test_a_signature_after_a_label_line_is_no_unit(tmp_path: Path):
    text = (
        "1．完成道路改造10公里。\n"
        "牵头单位：县交通局  配合单位：县财政局  完成时限：2024年10月底\n"
        "\n"
        "桐溪县人民政府督查室\n"
    )
    (task,) = _extract(tmp_path, text).tasks
    assert {a.agent for a in task.assignments} == {"县交通局", "县财政局"}


# ---------------------------------------------------------------- narrative


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("今年，阿拉善左旗白音苏木推行新模式。", "白音苏木", AreaLevel.TOWNSHIP),
        ("在白音苏木乌兰嘎查，牧民增收明显。", "乌兰嘎查", AreaLevel.VILLAGE),
        ("近日，在青崖市东澳镇召开现场会。", "青崖市", AreaLevel.CITY),
    ],
)
def test_areas_of_other_regions(text: str, name: str, level: AreaLevel):
    found = {c.text: c.level for c in find_areas(text)}
    assert found.get(name) is level


def test_posts_with_a_bare_level_take_the_article_area(tmp_path: Path):
    text = (
        "桐溪县召开项目推进会\n\n"
        "3月2日，桐溪县召开重点项目推进会。县委书记严立成出席并讲话，县委副书记、县长温少华主持会议。\n\n"
        "严立成强调，要加快项目建设。桐溪县石岗镇党委书记包文静汇报了工作。\n"
    )
    posts = {(p.person, p.post, p.organisation) for p in _extract(tmp_path, text).posts}
    assert ("严立成", "县委书记", "桐溪县") in posts
    assert ("温少华", "县委副书记", "桐溪县") in posts
    assert ("温少华", "县长", "桐溪县") in posts
    assert ("包文静", "党委书记", "石岗镇") in posts


def test_dotted_names_and_registered_companies(tmp_path: Path):
    text = (
        "桐溪县特色产业发展见闻\n\n"
        "在桐溪县石岗镇的青海雪域乳业有限公司，生产线满负荷运转。"
        "县长吐尔洪·艾山表示，将继续支持企业发展。\n"
    )
    extraction = _extract(tmp_path, text)
    mentions = {(m.text, m.type.value) for m in extraction.mentions}
    assert ("吐尔洪·艾山", "Person") in mentions
    assert ("青海雪域乳业有限公司", "Enterprise") in mentions
    located = {(r.subject, r.object) for r in extraction.relations if r.kind == "locatedIn"}
    assert ("青海雪域乳业有限公司", "石岗镇") in located


def test_a_signature_is_not_joined_into_one_line():
    page = read_page("会议要求抓好落实。\n中共石岗镇委员会\n石岗镇人民政府\n2024年1月5日\n")
    assert page.text.split("\n")[1:3] == ["中共石岗镇委员会", "石岗镇人民政府"]
