"""The spaCy pipeline of the narrative extractor.

``spacy.blank("zh")`` with the **character** segmenter, plus one component per
job, registered in spaCy's registry:

==================  ==========================================================
govkg_layout        the page's blocks (headline, byline, body …)
govkg_areas         AdministrativeArea candidates with their level
govkg_units         GovernmentUnit candidates
govkg_persons       Person candidates (bylines, posts, titles, honours)
govkg_projects      Project and Enterprise candidates, enumerations
govkg_initiatives   Initiative candidates
govkg_indicators    statistics; core ones as INDICATOR candidates
govkg_resolve       one reading per stretch of text, propagation, aliases
govkg_articles      article boundaries of a multi-article page
govkg_relations     posts, locatedIn, jurisdiction
==================  ==========================================================

Why characters and not jieba: the components match names on characters, and
jieba's tokens cross name boundaries on this text (石门区白云乡清水村 →
石门/区桂/花园/乡溪溪/村田长; 李家坪镇 → 陈家/桥镇), so a span found on the
characters often has no token-aligned equivalent.  jieba is still used, as a
dictionary: its words and part-of-speech tags tell common words and verbs
from unknown proper names (see :mod:`sources.narrative.lexicon`).
``bench/narrative_throughput.py`` measures both segmenters.

The results are on the Doc: ``doc.spans["govkg"]`` (every entity mention,
nested areas included), ``doc.ents`` (the outermost ones), and the extension
attributes ``doc._.entities``, ``doc._.articles``, ``doc._.posts``,
``doc._.links`` and ``doc._.statistics``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sources.narrative import areas as areas_mod
from sources.narrative import articles as articles_mod
from sources.narrative import initiatives as initiatives_mod
from sources.narrative import persons as persons_mod
from sources.narrative import projects as projects_mod
from sources.narrative import relations as relations_mod
from sources.narrative import resolve as resolve_mod
from sources.narrative import units as units_mod
from sources.narrative.indicators import find_statistics
from sources.narrative.layout import Block, Page, read_page
from sources.narrative.spans import make
from sources.records import EntityType

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENTS = (
    "govkg_layout",
    "govkg_areas",
    "govkg_units",
    "govkg_persons",
    "govkg_projects",
    "govkg_initiatives",
    "govkg_indicators",
    "govkg_resolve",
    "govkg_articles",
    "govkg_relations",
)
_registered = False


def _register() -> None:  # noqa: PLR0915 - the components, one after the other
    """Register the extension attributes and components (once per process)."""
    global _registered  # noqa: PLW0603 - register once per process
    if _registered:
        return
    from spacy.language import Language
    from spacy.tokens import Doc

    for name in ("page", "candidates", "entities", "articles", "posts", "links", "statistics"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)

    def cands(doc: Doc) -> list:
        if doc._.candidates is None:
            doc._.candidates = []
        return doc._.candidates

    @Language.component("govkg_layout")
    def layout(doc: Doc) -> Doc:
        if doc._.page is None:
            text = doc.text
            page = read_page(text)
            if page.text != text:
                page = _identity_page(text)
            doc._.page = page
        return doc

    @Language.component("govkg_areas")
    def areas(doc: Doc) -> Doc:
        cands(doc).extend(resolve_mod.plausible(_text(doc), areas_mod.find_areas(_text(doc))))
        return doc

    @Language.component("govkg_units")
    def units(doc: Doc) -> Doc:
        found = _of(doc, EntityType.AREA)
        cands(doc).extend(units_mod.find_units(_text(doc), found))
        return doc

    @Language.component("govkg_persons")
    def persons(doc: Doc) -> Doc:
        cands(doc).extend(persons_mod.find_persons(_text(doc), doc._.page))
        return doc

    @Language.component("govkg_projects")
    def projects(doc: Doc) -> Doc:
        found = _of(doc, EntityType.AREA)
        cands(doc).extend(projects_mod.find_projects(_text(doc), found))
        cands(doc).extend(projects_mod.find_lists(_text(doc)))
        cands(doc).extend(projects_mod.find_counted_pairs(_text(doc)))
        return doc

    @Language.component("govkg_initiatives")
    def initiatives(doc: Doc) -> Doc:
        found = _of(doc, EntityType.AREA)
        cands(doc).extend(initiatives_mod.find_initiatives(_text(doc), found))
        return doc

    @Language.component("govkg_indicators")
    def indicators(doc: Doc) -> Doc:
        # an area, project or company written first is what the figure is of
        # (青龙河流域综合治理项目|完成投资2800万元)
        holders = _of(doc, EntityType.AREA) + _of(doc, EntityType.PROJECT) + _of(doc, EntityType.ENTERPRISE)
        stats = find_statistics(_text(doc), holders)
        doc._.statistics = stats
        for s in stats:
            if s.core:
                cands(doc).append(
                    make(_text(doc), s.name_start, s.name_end, EntityType.INDICATOR, "statistic", priority=58)
                )
        return doc

    @Language.component("govkg_resolve")
    def resolve(doc: Doc) -> Doc:
        text = _text(doc)
        found = cands(doc)
        stems = areas_mod.find_stems(text, [c.span for c in found])
        chosen = resolve_mod.select(found + stems)
        chosen = resolve_mod.propagate(text, chosen)
        chosen = resolve_mod.aliases(text, chosen)
        doc._.entities = chosen
        _set_spans(doc, chosen)
        return doc

    @Language.component("govkg_articles")
    def articles(doc: Doc) -> Doc:
        doc._.articles = articles_mod.articles(doc._.page, doc._.entities or [])
        return doc

    @Language.component("govkg_relations")
    def relations(doc: Doc) -> Doc:
        ents = doc._.entities or []
        arts = doc._.articles or []
        doc._.posts = relations_mod.posts(_text(doc), ents, arts)
        links = relations_mod.located_in(_text(doc), ents, arts)
        links += relations_mod.jurisdiction(_text(doc), ents, arts)
        doc._.links = links
        return doc

    _registered = True


def _text(doc: Doc) -> str:
    """The Doc's text, from the page: ``doc.text`` rebuilds the string from
    one token per character on every access."""
    return doc._.page.text


def _of(doc: Doc, type_: EntityType) -> list:
    return [c for c in (doc._.candidates or []) if c.type is type_]


def _identity_page(text: str) -> Page:
    """A page whose clean text is ``text`` itself: one body block per line."""
    blocks = []
    pos = 0
    for line in text.split("\n"):
        if line:
            blocks.append(Block(pos, pos + len(line), "body"))
        pos += len(line) + 1
    return Page(text, list(range(len(text))), blocks, len(text))


def _set_spans(doc: Doc, chosen: list) -> None:
    from spacy.tokens import SpanGroup
    from spacy.util import filter_spans

    spans = []
    for c in chosen:
        span = doc.char_span(c.start, c.end, label=c.type.value, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["govkg"] = SpanGroup(doc, name="govkg", spans=spans)
    doc.ents = filter_spans(spans)


@cache
def build(segmenter: str = "char") -> Language:
    """The pipeline (built once per process and segmenter)."""
    import spacy

    _register()
    config = {"nlp": {"tokenizer": {"segmenter": segmenter}}}
    nlp = spacy.blank("zh", config=config)
    if segmenter == "jieba":
        nlp.tokenizer.initialize(pkuseg_model=None)  # type: ignore[attr-defined]
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def analyse(page: Page, segmenter: str = "char") -> Doc:
    """Run the pipeline over a page's clean text, the page attached."""
    nlp = build(segmenter)
    doc = nlp.make_doc(page.text)
    doc._.page = page
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
