"""The narrative extractor: a page of prose → mentions, posts, relations, indicators.

Registered as ``narrative`` (order 50).  It reads the prose of any document —
for a task list that is the text outside its tables — and never yields
:class:`~sources.records.Task` records: tasks come from the task extractors.
"""

from __future__ import annotations

import re

from sources.narrative.indicators import number_of
from sources.narrative.layout import Page, read_page
from sources.narrative.nlp import analyse
from sources.narrative.relations import name_of
from sources.pipeline import extractor
from sources.records import (
    Document,
    EntityType,
    Extraction,
    Indicator,
    Mention,
    Origin,
    PostHolding,
    Relation,
)

_YEAR = re.compile(r"(20\d{2})年")


@extractor("narrative", order=50)
def extract_narrative(document: Document) -> Extraction:
    exclude = [(t.origin.start, t.origin.end) for t in document.tables]
    page = read_page(document.text, exclude)
    if not page.text.strip():
        return Extraction(document=document)
    return to_records(document, page, analyse(page))


def to_records(document: Document, page: Page, doc) -> Extraction:  # type: ignore[no-untyped-def]
    """Turn the analysed Doc into records whose origins point into
    ``document.text``."""
    arts = doc._.articles or []

    def origin(start: int, end: int) -> Origin:
        s, e = page.origin_span(start, end)
        return Origin(s, e, document.text[s:e])

    def article_of(pos: int) -> str | None:
        return next((a.id for a in arts if a.contains(pos)), None)

    mentions = tuple(
        Mention(
            text=_surface(c.text),
            type=c.type,
            origin=origin(c.start, c.end),
            canonical=c.canonical if c.canonical and c.canonical != c.text else None,
            level=c.level if c.type is EntityType.AREA else None,
            article=article_of(c.start),
        )
        for c in doc._.entities or []
    )
    posts = tuple(
        PostHolding(
            person=_surface(p.person.text),
            post=p.post,
            organisation=p.organisation,
            origin=origin(min(p.post_span[0], p.person.start), max(p.post_span[1], p.person.end)),
            article=article_of(p.person.start),
        )
        for p in doc._.posts or []
    )
    relations = tuple(
        Relation(
            kind=link.kind,
            subject=name_of(link.subject),
            subject_type=link.subject.type,
            object=link.object_name,
            object_type=link.object_type,
            origin=origin(*link.span),
            article=article_of(link.span[0]),
        )
        for link in doc._.links or []
    )
    indicators = tuple(_indicators(doc, page, arts, origin, article_of))
    return Extraction(
        document=document, mentions=mentions, posts=posts, relations=relations, indicators=indicators
    )


def _indicators(doc, page: Page, arts, origin, article_of):  # type: ignore[no-untyped-def]
    year = _YEAR.search(page.text)
    for stat in doc._.statistics or []:
        art = next((a for a in arts if a.contains(stat.name_start)), None)
        area = stat.area or (
            name_of(art.main_area) if art is not None and art.main_area is not None else None
        )
        period = stat.period
        if period and year and "年" not in period and not period.startswith(("今年", "截至目前")):
            period = year.group() + period
        elif period is None and year:
            period = year.group()
        for name, value, growth in zip(stat.names, stat.values, stat.growths, strict=False):
            number, unit = number_of(value)
            yield Indicator(
                name=name,
                origin=origin(stat.name_start, stat.end),
                value=value,
                number=number,
                unit=unit,
                period=period,
                growth=growth,
                area=area,
                article=article_of(stat.name_start),
            )


def _surface(text: str) -> str:
    """The surface form without the spaces of the page's layout."""
    return re.sub(r"\s+", "", text) if re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", text) is None else text
