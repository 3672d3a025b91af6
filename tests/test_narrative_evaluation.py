"""evaluation/entities.py: the scoring rules on a tiny hand-made gold."""

from __future__ import annotations

from evaluation.entities import combine, norm, score_entities
from sources.records import Document, EntityType, Extraction, Mention, Origin, PostHolding, Relation

GOLD = {
    "entities": [
        {"text": "青山区", "type": "AdminArea", "aliases": ["青山"]},
        {"text": "柳溪村", "type": "AdminArea"},
        {"text": "天成科技", "type": "Enterprise", "alt_type": ["Project"]},
        {"text": "“一窗通办”", "type": "Initiative"},
        {"text": "曹立明", "type": "Person"},
    ],
    "borderline": [{"text": "“加码”", "suggested_type": "Initiative?"}],
    "indicators": [{"name": "新增学位", "tier": "secondary"}],
    "person_posts": [{"person": "曹立明", "post": "党委书记", "org": "石门镇"}],
    "located_in": [["柳溪村", "青山区"]],
}


def _ex(mentions, posts=(), relations=()):
    doc = Document(name="t", path="t", text="", sha256="", media_type="text/plain")
    o = Origin(0, 0, "")
    return Extraction(
        document=doc,
        mentions=tuple(Mention(t, ty, o) for t, ty in mentions),
        posts=tuple(PostHolding(p, post, org, o) for p, post, org in posts),
        relations=tuple(
            Relation("locatedIn", c, EntityType.AREA, p, EntityType.AREA, o) for c, p in relations
        ),
    )


def test_norm():
    assert norm("“十无” 工作法") == "十无工作法"


def test_aliases_count_once_neutral_forms_and_alt_types():
    ex = _ex(
        [
            ("青山区", EntityType.AREA),
            ("青山", EntityType.AREA),  # alias of a matched entity: neither way
            ("一窗通办", EntityType.INITIATIVE),  # quotes ignored
            ("加码", EntityType.INITIATIVE),  # borderline: neutral
            ("新增学位", EntityType.INDICATOR),  # secondary indicator: neutral
            ("天成科技", EntityType.PROJECT),  # alt type accepted
            ("白沙县", EntityType.AREA),  # false positive
            ("某某", EntityType.COLLECTIVE),  # not scored
        ]
    )
    s = score_entities(ex, GOLD)
    assert (s.per_type["AdminArea"].tp, s.per_type["AdminArea"].fp, s.per_type["AdminArea"].fn) == (1, 1, 1)
    assert s.per_type["Enterprise"].tp == 1
    assert s.per_type["Initiative"].tp == 1 and s.per_type["Initiative"].fp == 0
    assert s.per_type["Indicator"].fp == 0
    assert s.per_type["Person"].fn == 1
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (3, 1, 2)
    assert ("AdminArea", "白沙县") in s.false_positives


def test_person_posts_org_rule():
    good = _ex([], posts=[("曹立明", "党委书记", "石门镇党委")])
    bad = _ex([], posts=[("曹立明", "党委书记", "白沙县")])
    assert score_entities(good, GOLD).person_posts.f1 == 1.0
    assert score_entities(bad, GOLD).person_posts.tp == 0


def test_located_in_through_aliases_and_combine():
    ex = _ex([("青山", EntityType.AREA)], relations=[("柳溪村", "青山")])
    s = score_entities(ex, GOLD)
    assert s.located_in.tp == 1
    both = combine([s, s])
    assert both.documents == 2 and both.located_in.tp == 2
