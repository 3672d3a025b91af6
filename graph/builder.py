"""Records to triples: one document's :class:`~sources.records.Extraction`
becomes the quads of one named graph (the document's IRI).

Every task edge exists twice, as a direct edge for simple SPARQL
(``?task gov:leadLeader ?person``) and as a qualified ``gov:Assignment`` that
carries provenance: the document, the table cell (row, column, text) and the
character span it was read from.  Output is deterministic: the same
extraction gives the same quads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from graph import iris
from graph.identity import area_level_char, clean, fuller, is_county_or_above, loose, unit_key
from graph.ntriples import Term, iri, literal, quad_line
from ontology import DCTERMS, GOV, ID, OA, ORG, PROV, RDF, RDFS, SKOS, XSD
from sources.records import (
    AreaLevel,
    Assignment,
    EntityType,
    Extraction,
    Indicator,
    Mention,
    Origin,
    PostHolding,
    Relation,
    Role,
    Task,
    TaskReference,
)

_TYPE = iri(RDF + "type")
_LABEL = iri(RDFS + "label")
_ALT = iri(SKOS + "altLabel")
_DERIVED = iri(PROV + "wasDerivedFrom")
_INT = XSD + "integer"
_DATE = XSD + "date"
_DECIMAL = XSD + "decimal"

# Areas at these levels are named once for the whole graph; lower levels
# (towns, villages …) are minted under the document's scope.
_GLOBAL_LEVELS = {
    AreaLevel.PROVINCE,
    AreaLevel.CITY,
    AreaLevel.PREFECTURE,
    AreaLevel.DISTRICT,
    AreaLevel.COUNTY,
}
_KIND = {
    EntityType.PERSON: "person",
    EntityType.UNIT: "unit",
    EntityType.COLLECTIVE: "collective",
    EntityType.POST: "post",
    EntityType.PROJECT: "project",
    EntityType.INITIATIVE: "initiative",
    EntityType.ENTERPRISE: "enterprise",
    EntityType.AREA: "area",
    EntityType.INDICATOR: "indicator",
}


@cache
def gov(local: str) -> Term:
    # Cached: a document graph uses a few dozen predicates tens of thousands of times.
    return iri(GOV + local)


def role_concept(role: Role) -> Term:
    """gov:LeadLeaderRole for Role.LEAD_LEADER, and so on."""
    return gov(role.value[0].upper() + role.value[1:] + "Role")


def zh(text: str) -> Term:
    return literal(text, language="zh")


def integer(value: int) -> Term:
    return literal(str(value), datatype=_INT)


@dataclass
class _Entity:
    iri: str
    type: EntityType
    forms: set[str] = field(default_factory=set)
    level: AreaLevel | None = None
    key: str = ""


class _DocumentGraph:
    """Accumulates the N-Quads lines of one document's named graph."""

    def __init__(self, extraction: Extraction, base: str) -> None:
        doc = extraction.document
        self.extraction = extraction
        self.base = base
        self.doc_iri = iris.document_iri(doc.name, base)
        self.graph = iri(self.doc_iri)
        self.scope = iris.scope_base(doc.area, doc.name, base)
        self.area = doc.area
        self.lines: list[str] = []
        self.entities: dict[str, _Entity] = {}
        self.indicators: list[tuple[int, int, str]] = []  # (start, end, IRI) of statistics read

    # -- low level -----------------------------------------------------------

    def add(self, s: str, p: Term, o: Term | str) -> None:
        """One statement: subject IRI, predicate term, object term or IRI."""
        self.lines.append(quad_line(s, p, o, self.graph))

    def provenance(self, s: str, origin: Origin, derived: bool = True) -> None:
        """Where ``s`` was read.  ``derived`` is False for tasks: a task is a
        prov:Activity, which PROV-O keeps apart from the prov:Entity that
        prov:wasDerivedFrom needs, so the document gov:mentions it instead."""
        if derived:
            self.add(s, _DERIVED, self.doc_iri)
        else:
            self.add(self.doc_iri, gov("mentions"), s)
        self.add(s, gov("sourceStart"), integer(origin.start))
        self.add(s, gov("sourceEnd"), integer(origin.end))
        self.add(s, gov("sourceText"), literal(origin.text))
        if origin.table is not None:
            self.add(s, gov("sourceTable"), integer(origin.table + 1))
        if origin.row is not None:  # records count rows from 0, people from 1
            self.add(s, gov("sourceRow"), integer(origin.row + 1))
        if origin.column is not None:
            self.add(s, gov("sourceColumn"), literal(origin.column))

    # -- entities ------------------------------------------------------------

    def entity(self, name: str, type_: EntityType, level: AreaLevel | None = None) -> str:
        """The IRI of the entity ``name`` names, recording the form seen."""
        form = clean(name)
        key = unit_key(form, self.area) if type_ is EntityType.UNIT else form
        if type_ is EntityType.UNIT:
            iri = iris.scoped_iri(self.scope, "unit", key)
        elif type_ is EntityType.AREA and (
            level in _GLOBAL_LEVELS or (level is None and is_county_or_above(form))
        ):
            iri = iris.area_iri(form, self.base)
        elif type_ in (EntityType.PERSON, EntityType.POST):
            iri = iris.scoped_iri(self.scope, _KIND[type_], form)
        else:
            iri = iris.scoped_iri(self.scope, _KIND[type_], loose(form))
        found = self.entities.setdefault(iri, _Entity(iri, type_, key=key))
        found.forms.add(form)
        found.level = found.level or level
        return iri

    def emit_entities(self) -> None:
        for node in sorted(self.entities):
            ent = self.entities[node]
            self.add(node, _TYPE, gov(ent.type.value))
            if ent.level is not None:
                self.add(node, _TYPE, gov(ent.level.value))
            label = ""
            for form in sorted(ent.forms):
                label = fuller(label, form) if label else form
            self.add(node, _LABEL, zh(label))
            for form in sorted(ent.forms - {label}):
                self.add(node, _ALT, zh(form))
            self.add(self.doc_iri, gov("mentions"), node)
            if ent.type is EntityType.UNIT and self.area and ent.key[:1] == area_level_char(self.area):
                # 区发改局 in a district's document is that district's unit.
                self.add(node, gov("jurisdiction"), iris.area_iri(self.area, self.base))

    # -- document ------------------------------------------------------------

    def emit_document(self) -> None:
        doc = self.extraction.document
        d = self.doc_iri
        self.add(d, _TYPE, gov("Document"))
        self.add(d, _LABEL, zh(doc.title or doc.name))
        self.add(d, gov("fileName"), literal(doc.name))
        self.add(d, gov("sha256"), literal(doc.sha256))
        self.add(d, iri(DCTERMS + "format"), literal(doc.media_type))
        if doc.encoding:
            self.add(d, gov("encoding"), literal(doc.encoding))
        if doc.title:
            self.add(d, iri(DCTERMS + "title"), zh(doc.title))
        if doc.date:
            self.add(d, iri(DCTERMS + "issued"), literal(doc.date, datatype=_DATE))
        if doc.issuer:
            self.add(d, gov("issuer"), self.entity(doc.issuer, EntityType.UNIT))
        if doc.area:
            self.add(d, gov("aboutArea"), self.entity(doc.area, EntityType.AREA))

    # -- tasks ---------------------------------------------------------------

    def task_iri(self, key: str) -> str:
        return iris.child_iri(self.doc_iri, "task", key)

    def emit_task(self, task: Task) -> None:
        t = self.task_iri(task.key)
        self.add(t, _TYPE, gov("Task"))
        self.add(t, _LABEL, zh(task.title))
        self.add(t, gov("taskKey"), literal(task.key))
        optional = {
            "taskNumber": task.number,
            "taskGroup": task.group,
            "taskName": task.name,
            "target": task.target,
            "workContent": task.work_content,
            "deadlineText": task.deadline,
            "projectList": task.project_list,
        }
        for local, value in optional.items():
            if value:
                self.add(t, gov(local), literal(value))
        if task.deadline_date:
            self.add(t, gov("deadline"), literal(task.deadline_date, datatype=_DATE))
        if task.parent:
            self.add(t, gov("subTaskOf"), self.task_iri(task.parent))
        for project in task.projects:
            self.add(t, gov("concernsProject"), self.entity(project, EntityType.PROJECT))
        self.provenance(t, task.origin, derived=False)
        # A 责任人's unit is one of the task's own agents; it has that agent's type.
        types = {clean(a.agent): a.agent_type for a in task.assignments}
        for role, items in _with_implied_roles(task.assignments).items():
            for n, assignment in enumerate(items, start=1):
                self.emit_assignment(t, role, n, assignment, types)

    def emit_assignment(
        self, task: str, role: Role, n: int, a: Assignment, types: dict[str, EntityType]
    ) -> None:
        agent = self.entity(a.agent, a.agent_type)
        self.add(task, gov(role.value), agent)
        q = iris.child_iri(task, role.value, str(n))
        self.add(q, _TYPE, gov("Assignment"))
        self.add(q, gov("task"), task)
        self.add(q, gov("agent"), agent)
        self.add(q, gov("role"), role_concept(role))
        self.add(q, gov("asWritten"), zh(a.agent))
        if a.for_unit:
            unit_type = types.get(clean(a.for_unit), EntityType.UNIT)
            self.add(q, gov("forUnit"), self.entity(a.for_unit, unit_type))
        self.provenance(q, a.origin)

    def emit_reference(self, ref: TaskReference, n: int) -> None:
        t = self.task_iri(ref.task)
        entity = self.entity(ref.entity, ref.entity_type)
        if ref.kind == "quota":
            q = iris.child_iri(t, "quota", str(n))
            self.add(t, gov("quota"), q)
            self.add(q, _TYPE, gov("Quota"))
            self.add(q, gov("quotaArea"), entity)
            if ref.value:
                self.add(q, gov("value"), literal(ref.value))
            if ref.number is not None:
                self.add(q, gov("numericValue"), literal(_decimal(ref.number), datatype=_DECIMAL))
            if ref.unit:
                self.add(q, gov("unitText"), literal(ref.unit))
            self.provenance(q, ref.origin)
        else:
            self.add(t, gov(ref.kind), entity)

    # -- narrative -----------------------------------------------------------

    def emit_mention(self, m: Mention) -> None:
        if m.type is EntityType.INDICATOR:
            body = self.indicator_at(m)
        else:
            body = self.entity(m.canonical or m.text, m.type, m.level)
            if m.canonical and clean(m.canonical) != clean(m.text):
                self.entities[body].forms.add(clean(m.text))
        node = iris.child_iri(self.doc_iri, "mention", f"{m.origin.start}-{m.origin.end}", _KIND[m.type])
        target, position, quote = (iris.child_iri(node, part) for part in ("target", "position", "quote"))
        self.add(node, _TYPE, gov("Mention"))
        self.add(node, iri(OA + "hasBody"), body)
        self.add(node, iri(OA + "hasTarget"), target)
        self.add(node, _DERIVED, self.doc_iri)
        if m.article:
            self.add(node, gov("article"), literal(m.article))
        self.add(target, _TYPE, iri(OA + "SpecificResource"))
        self.add(target, iri(OA + "hasSource"), self.doc_iri)
        self.add(target, iri(OA + "hasSelector"), position)
        self.add(target, iri(OA + "hasSelector"), quote)
        if m.origin.row is not None:
            self.add(target, gov("sourceRow"), integer(m.origin.row + 1))
        if m.origin.column is not None:
            self.add(target, gov("sourceColumn"), literal(m.origin.column))
        self.add(position, _TYPE, iri(OA + "TextPositionSelector"))
        self.add(position, iri(OA + "start"), integer(m.origin.start))
        self.add(position, iri(OA + "end"), integer(m.origin.end))
        self.add(quote, _TYPE, iri(OA + "TextQuoteSelector"))
        self.add(quote, iri(OA + "exact"), literal(m.origin.text))

    def emit_post(self, p: PostHolding) -> None:
        person = self.entity(p.person, EntityType.PERSON)
        org = self.entity(p.organisation, _unit_or_area(p.organisation)) if p.organisation else None
        post = iris.scoped_iri(self.scope, "post", (p.organisation or p.person) + "/" + clean(p.post))
        self.add(post, _TYPE, gov("Post"))
        self.add(post, _LABEL, zh(clean((p.organisation or "") + p.post)))
        self.add(person, iri(ORG + "holds"), post)
        self.add(post, iri(ORG + "heldBy"), person)
        if org:
            self.add(post, iri(ORG + "postIn"), org)
        self.provenance(post, p.origin)

    def emit_relation(self, r: Relation) -> None:
        subject = self.entity(r.subject, r.subject_type)
        obj = self.entity(r.object, r.object_type)
        if r.kind == "alias":
            self.entities[subject].forms.add(clean(r.object))
            return
        self.add(subject, gov(r.kind), obj)

    def indicator_at(self, m: Mention) -> str:
        """The indicator a mention names: the statistic read at that place, or,
        where none was read, a node for the name alone."""
        for start, end, statistic in self.indicators:
            if start < m.origin.end and m.origin.start < end:
                return statistic
        node = iris.child_iri(self.doc_iri, "indicator", loose(m.canonical or m.text))
        self.add(node, _TYPE, gov("Indicator"))
        self.add(node, _LABEL, zh(clean(m.canonical or m.text)))
        self.add(node, _DERIVED, self.doc_iri)
        self.add(self.doc_iri, gov("mentions"), node)
        return node

    def emit_indicator(self, ind: Indicator) -> None:
        # Span and name: one phrase can state two statistics (城乡居民收入分别为…).
        span = f"{ind.origin.start}-{ind.origin.end}"
        node = iris.child_iri(self.doc_iri, "indicator", span, loose(ind.name))
        self.indicators.append((ind.origin.start, ind.origin.end, node))
        self.add(node, _TYPE, gov("Indicator"))
        self.add(node, _LABEL, zh(clean(ind.name)))
        for local, value in (("value", ind.value), ("unitText", ind.unit), ("period", ind.period)):
            if value:
                self.add(node, gov(local), literal(value))
        if ind.growth:
            self.add(node, gov("growth"), literal(ind.growth))
        if ind.number is not None:
            self.add(node, gov("numericValue"), literal(_decimal(ind.number), datatype=_DECIMAL))
        if ind.article:
            self.add(node, gov("article"), literal(ind.article))
        if ind.area:
            self.add(node, gov("indicatorOf"), self.entity(ind.area, EntityType.AREA))
        self.add(self.doc_iri, gov("mentions"), node)
        self.provenance(node, ind.origin)


def _with_implied_roles(assignments: Iterable[Assignment]) -> dict[Role, list[Assignment]]:
    """Group by role; a lead unit is also a responsible unit (DESIGN.md), so
    one is added where the extractor did not list it."""
    by_role: dict[Role, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_role[a.role].append(a)
    responsible = {clean(a.agent) for a in by_role[Role.RESPONSIBLE_UNIT]}
    for lead in by_role.get(Role.LEAD_UNIT, []):
        if clean(lead.agent) not in responsible:
            by_role[Role.RESPONSIBLE_UNIT].append(
                Assignment(Role.RESPONSIBLE_UNIT, lead.agent, lead.agent_type, lead.origin)
            )
    return {role: by_role[role] for role in Role if by_role.get(role)}


def _unit_or_area(name: str) -> EntityType:
    """镇党委 is a unit; 白沙镇 alone is the area the post is in."""
    return EntityType.AREA if name and name[-1] in "省市州区县镇乡村" else EntityType.UNIT


def _decimal(number: float) -> str:
    """xsd:decimal lexical form: 44.47, 3, never 4.447e1."""
    return f"{number:f}".rstrip("0").rstrip(".")


def build_nquads(extraction: Extraction, base: str = ID) -> bytes:
    """The document's named graph as N-Quads, without duplicates, in the
    order the builder met them (deterministic: the same extraction gives the
    same bytes)."""
    g = _DocumentGraph(extraction, base)
    g.emit_document()
    for task in extraction.tasks:
        g.emit_task(task)
    for n, ref in enumerate(extraction.task_references, start=1):
        g.emit_reference(ref, n)
    for indicator in extraction.indicators:
        g.emit_indicator(indicator)
    for mention in extraction.mentions:
        g.emit_mention(mention)
    for post in extraction.posts:
        g.emit_post(post)
    for relation in extraction.relations:
        g.emit_relation(relation)
    g.emit_entities()
    return "".join(dict.fromkeys(g.lines)).encode("utf-8")


def build_quads(extraction: Extraction, base: str = ID) -> list[ox.Quad]:
    """The quads of :func:`build_nquads`, as pyoxigraph terms."""
    return list(ox.parse(build_nquads(extraction, base), format=ox.RdfFormat.N_QUADS))


def graph_name(extraction: Extraction, base: str = ID) -> str:
    return iris.document_iri(extraction.document.name, base)
