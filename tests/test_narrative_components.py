"""Unit tests of the narrative components, each on small made-up sentences.

The names here are invented (郑家湾镇, 柳溪村, 曹立明 …): the components must
read them from general vocabulary, not from any list of names.
"""

from __future__ import annotations

import pytest

from sources.narrative.areas import find_areas
from sources.narrative.indicators import find_statistics
from sources.narrative.initiatives import find_initiatives
from sources.narrative.layout import read_page
from sources.narrative.nlp import analyse, build
from sources.narrative.persons import find_persons
from sources.narrative.projects import find_counted_pairs, find_lists, find_projects
from sources.narrative.units import find_units
from sources.records import AreaLevel, EntityType


@pytest.fixture(scope="module")
def nlp():
    return build()


def texts(cands, type_=None):
    return sorted({c.text for c in cands if type_ is None or c.type is type_})


def run(nlp, text):
    return nlp(text)


# ----------------------------------------------------------------- layout


def test_layout_undoes_column_wraps_and_letter_spacing():
    raw = "今年，郑家湾\n镇完成任务。\n\n区 信 访 工 作 及 时 受 理 率\n100%。\n\n唐一鸣 钱小燕\n"
    page = read_page(raw)
    assert page.text.split("\n")[0] == "今年，郑家湾镇完成任务。"
    assert "区信访工作及时受理率100%。" in page.text
    byline = next(b for b in page.blocks if b.kind == "byline")
    assert [page.text[s:e] for s, e in byline.names] == ["唐一鸣", "钱小燕"]
    start = page.text.index("郑家湾镇")
    s, e = page.origin_span(start, start + 4)
    assert raw[s:e] == "郑家湾\n镇"


def test_layout_joins_a_sentence_broken_by_a_column_break():
    raw = "全区实现生产总值\n12.3亿元，同比增长\n\n4.5%，位居前列。\n"
    assert read_page(raw).text == "全区实现生产总值12.3亿元，同比增长4.5%，位居前列。"


def test_layout_credits():
    page = read_page("会议取得圆满成功。黄一凡 摄\n\n(本版图片除署名外均由 吴桐 摄)\n")
    names = [page.text[s:e] for b in page.blocks for s, e in b.names]
    assert names == ["黄一凡", "吴桐"]


# ----------------------------------------------------------------- areas


def test_areas_chain_and_levels():
    text = "近日，青山区郑家湾镇柳溪村第三组村民，走进石门社区。"
    found = {c.text: c.level for c in find_areas(text)}
    assert found["青山区"] is AreaLevel.DISTRICT
    assert found["郑家湾镇"] is AreaLevel.TOWN
    assert found["柳溪村"] is AreaLevel.VILLAGE
    assert found["石门社区"] is AreaLevel.COMMUNITY


def test_areas_do_not_take_common_words():
    text = "全区城市社区和农村小区，有效强化街道力量，全面推广村（居）民积分制。"
    assert texts(find_areas(text)) == []


def test_areas_national_list_and_zones():
    text = "位于长沙经开区的企业，和湖南省、岳阳市一道，争取中国(湖南)自贸区长沙片区政策。"
    found = {c.text: c.level for c in find_areas(text)}
    assert found["长沙经开区"] is AreaLevel.DEVELOPMENT_ZONE
    assert found["湖南省"] is AreaLevel.PROVINCE
    assert found["岳阳市"] is AreaLevel.CITY
    assert "中国(湖南)自贸区长沙片区" in found


def test_area_aliases_and_located_in(nlp):
    doc = run(nlp, "青山区郑家湾镇柳溪村开展评比。青山经济持续向好，郑家湾群众点赞。")
    mentions = {(c.text, c.canonical) for c in doc._.entities if c.type is EntityType.AREA}
    assert ("青山", "青山区") in mentions
    assert ("郑家湾", "郑家湾镇") in mentions
    pairs = {(link.subject.text, link.object_name) for link in doc._.links if link.kind == "locatedIn"}
    assert ("郑家湾镇", "青山区") in pairs
    assert ("柳溪村", "郑家湾镇") in pairs


# ----------------------------------------------------------------- units


def test_units_levels_areas_and_named_bodies():
    text = (
        "区委、区政府高度重视，区发改局牵头，青山区疾控中心配合，抽调专人成立“两违”办，"
        "成立水库移民安置工作领导小组，住建部、最高检给予指导。"
    )
    found = texts(find_units(text, find_areas(text)))
    for unit in (
        "区委",
        "区政府",
        "区发改局",
        "青山区疾控中心",
        "“两违”办",
        "水库移民安置工作领导小组",
        "住建部",
        "最高检",
    ):
        assert unit in found


def test_units_a_committee_before_a_title_is_a_post():
    text = "市委书记主持会议，郑家湾镇党委书记曹立明介绍经验。"
    found = texts(find_units(text, find_areas(text)))
    assert "市委" not in found
    assert "郑家湾镇党委" not in found


def test_units_not_inside_words():
    text = "水利部门和社区党组织书记参加。"
    assert texts(find_units(text, find_areas(text))) == []


# ----------------------------------------------------------------- persons


def test_persons_need_a_cue():
    text = "据郑家湾镇党委书记曹立明介绍，讲师孟达以案说法，欧阳明轩同志到场，周干部也来了，广泛进行宣传。"
    found = texts(find_persons(text))
    assert found == sorted(["曹立明", "孟达", "欧阳明轩"])


def test_persons_honours_and_titles():
    text = "习近平总书记强调……。许文杰、何雨晴被评为省级先进个人。"
    assert texts(find_persons(text)) == sorted(["何雨晴", "许文杰", "习近平"])


def test_posts_with_organisations(nlp):
    doc = run(nlp, "据郑家湾镇党委副书记、网格管理办分管负责人曹立明介绍，柳溪村田长宋志强巡查发现问题。")
    posts = {(p.person.text, p.post, p.organisation) for p in doc._.posts}
    assert ("曹立明", "党委副书记", "郑家湾镇") in posts
    assert ("曹立明", "分管负责人", "网格管理办") in posts
    assert ("宋志强", "田长", "柳溪村") in posts


# ----------------------------------------------------------------- projects and enterprises


def test_projects_by_head():
    text = "依托青峰国际物流园，加快推进白鹭湖水库工程项目、东岭大道二期建设，重点项目和18个项目进展顺利。"
    found = texts(find_projects(text, find_areas(text)), EntityType.PROJECT)
    assert "青峰国际物流园" in found
    assert "白鹭湖水库工程项目" in found
    assert "重点项目" not in found and "18个项目" not in found


def test_lists_type_their_items():
    text = "天成科技、瑞丰药业、鼎盛玻璃等一批骨干企业，“一网统管”“接诉即办”等制度。"
    found = {(c.text, c.type) for c in find_lists(text)}
    assert ("天成科技", EntityType.ENTERPRISE) in found
    assert ("瑞丰药业", EntityType.ENTERPRISE) in found
    assert ("“接诉即办”", EntityType.INITIATIVE) in found


def test_counted_pairs():
    text = "将翠湖苑和金桂园两个楼盘作为试点。"
    assert texts(find_counted_pairs(text)) == ["翠湖苑", "金桂园"]


def test_enterprise_heads_and_honours():
    text = "鸿宇科技成功申报，嘉禾莱被评为省级“专精特新”企业。"
    found = texts(find_projects(text, []), EntityType.ENTERPRISE)
    assert "鸿宇科技" in found and "嘉禾莱" in found


# ----------------------------------------------------------------- initiatives


def test_initiatives_quoted_and_unquoted():
    text = (
        "深入开展“清风护航”专项行动，推行“一窗通办”，实施乡村振兴战略，全面推行林长制，"
        "建立“夜访日”制度，坚持“一手抓发展，一手抓民生”，为发展“加码”。"
    )
    found = texts(find_initiatives(text, find_areas(text)))
    for name in ("“清风护航”专项行动", "“一窗通办”", "乡村振兴战略", "林长制", "“夜访日”制度"):
        assert name in found
    assert "“加码”" not in found


def test_a_bare_quotation_folds_into_its_full_name(nlp):
    doc = run(nlp, "全面推行“三清”工作法，将“三清”要求落实到户。")
    found = {c.text for c in doc._.entities if c.type is EntityType.INITIATIVE}
    assert "“三清”工作法" in found
    assert "“三清”" not in found


# ----------------------------------------------------------------- indicators


def test_statistics_core_and_growth():
    text = "1—9月，青山区实现地区生产总值88.8亿元，同比增长4.2%；全区固定资产投资增长6.1%、新增就业超市3家。"
    stats = find_statistics(text, find_areas(text))
    core = {s.name: (s.value, s.growth, s.area) for s in stats if s.core}
    assert core["地区生产总值"] == ("88.8亿元", "4.2%", "青山区")
    assert core["固定资产投资"] == (None, "6.1%", None)
    assert all(not s.core for s in stats if s.name.startswith("新增"))


def test_statistics_split_urban_rural():
    text = "城乡居民人均可支配收入分别为40001元、20002元，分别增长5.1%、6.2%。"
    (stat,) = [s for s in find_statistics(text, []) if s.core]
    assert stat.names == ("城镇居民人均可支配收入", "农村居民人均可支配收入")
    assert stat.values == ("40001元", "20002元")
    assert stat.growths == ("5.1%", "6.2%")


# ----------------------------------------------------------------- the pipeline


def test_pipeline_components_are_registered(nlp):
    assert nlp.pipe_names[0] == "govkg_layout"
    assert "govkg_relations" in nlp.pipe_names
    assert nlp.tokenizer.segmenter == "char"  # type: ignore[attr-defined]


def test_pipeline_sets_spans_and_ents(nlp):
    doc = run(nlp, "青山区发改局牵头推进白鹭湖水库工程项目。")
    labels = {(s.text, s.label_) for s in doc.spans["govkg"]}
    assert ("青山区发改局", "GovernmentUnit") in labels
    assert ("青山区", "AdministrativeArea") in labels  # nested area kept in the span group
    assert ("白鹭湖水库工程项目", "Project") in labels
    assert {e.text for e in doc.ents} >= {"青山区发改局", "白鹭湖水库工程项目"}


def test_jurisdiction_of_level_units(nlp):
    doc = run(nlp, "青山区各项工作有序推进。青山区召开会议，区发改局、镇党委参加。")
    links = {(link.subject.text, link.object_name) for link in doc._.links if link.kind == "jurisdiction"}
    assert ("区发改局", "青山区") in links
    unit = next(c for c in doc._.entities if c.text == "区发改局")
    assert unit.canonical == "青山区发改局"


def test_articles_of_a_page():
    raw = (
        "青山区推进河长制\n\n——青山区水利工作纪实\n\n唐一鸣 钱小燕\n\n"
        "今年，青山区柳溪村全面推行河长制，取得成效。\n\n"
        "白沙县石门镇：推行网格化管理\n\n"
        "今年，白沙县石门镇桃源村建立“网格日”制度，群众满意。(吴桐)\n"
    )
    page = read_page(raw)
    doc = analyse(page)
    arts = doc._.articles
    assert [a.id for a in arts] == ["A", "B"]
    assert arts[0].main_area.text == "青山区"
    assert arts[1].main_area.text == "石门镇"
    village = next(c for c in doc._.entities if c.text == "桃源村")
    assert next(a for a in arts if a.contains(village.start)).id == "B"
