"""The vocabulary as data: govkg.ttl, shapes.ttl and context.jsonld.

The fixed terms of DESIGN.md's contract must exist with their labels and alignments, the OWL file must
stay within OWL 2 DL typing rules (so that Protégé and DL reasoners load it), the SHACL shapes must
accept a well-formed document graph and reject each kind of mistake with the shape that names it, and
the JSON-LD context must turn the graph into short keys and back without loss.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

import ontology as vocab
from ontology import GOV, ID, ONTOLOGY_FILE, SHAPES_FILE
from sources.records import AreaLevel, EntityType, Role

G = Namespace(GOV)
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
GOVSH = Namespace("https://w3id.org/govkg/shapes#")
XSD = Namespace(vocab.XSD)
T = Namespace(ID + "test-")

AREA_LEVELS = [level.value for level in AreaLevel]
CLASSES = [
    "Document",
    "AdministrativeArea",
    *AREA_LEVELS,
    "GovernmentUnit",
    "Collective",
    "Person",
    "Post",
    "Task",
    "Assignment",
    "Project",
    "Initiative",
    "Enterprise",
    "Indicator",
    "Mention",
    "Quota",
]
OBJECT_PROPERTIES = [
    "leadLeader",
    "leadUnit",
    "responsibleUnit",
    "responsiblePerson",
    "liaison",
    "subTaskOf",
    "concernsProject",
    "quota",
    "quotaArea",
    "task",
    "agent",
    "role",
    "forUnit",
    "locatedIn",
    "jurisdiction",
    "mentions",
    "issuer",
    "aboutArea",
    "indicatorOf",
]
DATATYPE_PROPERTIES = [
    "taskKey",
    "taskNumber",
    "taskGroup",
    "taskName",
    "target",
    "workContent",
    "deadline",
    "deadlineText",
    "projectList",
    "asWritten",
    "sourceTable",
    "sourceRow",
    "sourceStart",
    "sourceEnd",
    "sourceColumn",
    "sourceText",
    "fileName",
    "sha256",
    "encoding",
    "article",
    "value",
    "numericValue",
    "unitText",
    "period",
    "growth",
]
ROLES = {
    "LeadLeaderRole": ("牵头领导", "leadLeader"),
    "LeadUnitRole": ("牵头单位", "leadUnit"),
    "ResponsibleUnitRole": ("责任单位", "responsibleUnit"),
    "ResponsiblePersonRole": ("责任人", "responsiblePerson"),
    "LiaisonRole": ("联络人", "liaison"),
}
DIRECT_EDGES = [G.leadLeader, G.leadUnit, G.responsibleUnit, G.responsiblePerson, G.liaison]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return vocab.jsonld_context()


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def union_members(graph: Graph, node: Any) -> set[Any]:
    """The classes of an owl:unionOf class expression, or the one named class."""
    members = graph.value(node, OWL.unionOf)
    return set(Collection(graph, members)) if members is not None else {node}


# --------------------------------------------------------------------------------------------
# govkg.ttl: the terms of the contract
# --------------------------------------------------------------------------------------------


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef(GOV.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert {"en", "zh"} <= languages(ontology, header, DCTERMS.title)
    assert ontology.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (CLASSES, OWL.Class),
        (OBJECT_PROPERTIES, OWL.ObjectProperty),
        (DATATYPE_PROPERTIES, OWL.DatatypeProperty),
    ],
    ids=["classes", "object-properties", "datatype-properties"],
)
def test_fixed_terms_declared(ontology: Graph, names: list[str], kind: URIRef) -> None:
    missing = [name for name in names if (G[name], RDF.type, kind) not in ontology]
    assert missing == []


def test_every_gov_term_has_zh_en_labels_and_en_comment(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(GOV)}
    extra = {G.AssignmentRoles, G.directProperty}
    assert len(terms) == len(CLASSES) + len(OBJECT_PROPERTIES) + len(DATATYPE_PROPERTIES) + len(ROLES) + len(
        extra
    )
    unlabelled = [t for t in terms if not {"zh", "en"} <= languages(ontology, t, RDFS.label)]
    uncommented = [t for t in terms if "en" not in languages(ontology, t, RDFS.comment)]
    assert (unlabelled, uncommented) == ([], [])


def test_area_levels_are_areas(ontology: Graph) -> None:
    assert (G.AdministrativeArea, RDFS.subClassOf, SCHEMA.AdministrativeArea) in ontology
    assert {
        level for level in AREA_LEVELS if (G[level], RDFS.subClassOf, G.AdministrativeArea) in ontology
    } == set(AREA_LEVELS)
    assert Literal("街道", lang="zh") in set(ontology.objects(G.Subdistrict, RDFS.label))
    assert Literal("村民小组", lang="zh") in set(ontology.objects(G.VillagerGroup, RDFS.label))


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (G.Task, PROV.Activity),
        (G.Assignment, PROV.Association),
        (G.GovernmentUnit, ORG.Organization),
        (G.Enterprise, ORG.Organization),
        (G.Enterprise, SCHEMA.Organization),
        (G.Collective, PROV.Agent),
        (G.Person, FOAF.Person),
        (G.Person, PROV.Person),
        (G.Post, ORG.Post),
        (G.Mention, OA.Annotation),
        (G.AdministrativeArea, SCHEMA.AdministrativeArea),
        (G.Document, PROV.Entity),
    ],
)
def test_class_alignments(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (G.leadLeader, PROV.wasAssociatedWith),
        (G.responsibleUnit, PROV.wasAssociatedWith),
        (G.leadUnit, G.responsibleUnit),
        (G.responsiblePerson, PROV.wasAssociatedWith),
        (G.liaison, PROV.wasAssociatedWith),
        (G.agent, PROV.agent),
        (G.role, PROV.hadRole),
        (G.locatedIn, SCHEMA.containedInPlace),
    ],
)
def test_property_alignments(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subPropertyOf, sup) in ontology


def test_direct_edges_are_prov_associations(ontology: Graph) -> None:
    for edge in DIRECT_EDGES:
        assert PROV.wasAssociatedWith in set(ontology.transitive_objects(edge, RDFS.subPropertyOf)), edge


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (G.leadLeader, G.Task, {G.Person, G.Collective, G.Post}),
        (G.leadUnit, G.Task, {G.GovernmentUnit, G.Collective}),
        (G.responsibleUnit, G.Task, {G.GovernmentUnit, G.Collective}),
        (G.responsiblePerson, G.Task, {G.Person, G.Collective, G.Post}),
        (G.liaison, G.Task, {G.Person, G.Collective}),
        (G.subTaskOf, G.Task, {G.Task}),
        (G.agent, G.Assignment, {G.Person, G.GovernmentUnit, G.Collective, G.Post}),
        (G.forUnit, G.Assignment, {G.GovernmentUnit, G.Collective}),
        (G.jurisdiction, G.GovernmentUnit, {G.AdministrativeArea}),
        (G.quotaArea, G.Quota, {G.AdministrativeArea}),
        (G.indicatorOf, G.Indicator, {G.AdministrativeArea, G.Project, G.Enterprise}),
        (G.sha256, G.Document, {XSD.string}),
    ],
)
def test_domains_and_ranges(ontology: Graph, prop: URIRef, domain: URIRef, range_: set[URIRef]) -> None:
    assert ontology.value(prop, RDFS.domain) == domain
    assert union_members(ontology, ontology.value(prop, RDFS.range)) == range_


def test_property_characteristics(ontology: Graph) -> None:
    assert (G.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology
    # subTaskOf is the direct-parent edge: functional, and deliberately not transitive.
    assert (G.subTaskOf, RDF.type, OWL.FunctionalProperty) in ontology
    assert (G.subTaskOf, RDF.type, OWL.TransitiveProperty) not in ontology
    for prop in ("sourceTable", "sourceRow", "sourceStart", "sourceEnd"):
        assert ontology.value(G[prop], RDFS.range) == XSD.integer
    assert ontology.value(G.numericValue, RDFS.range) == XSD.decimal
    # xsd:date is outside the OWL 2 datatype map (HermiT rejects it): the shapes carry it instead.
    assert ontology.value(G.deadline, RDFS.range) is None


def test_assignment_roles(ontology: Graph) -> None:
    concepts = set(ontology.objects(G.AssignmentRoles, SKOS.hasTopConcept))
    assert (G.AssignmentRoles, RDF.type, SKOS.ConceptScheme) in ontology
    assert concepts == {G[name] for name in ROLES}
    for name, (zh, edge) in ROLES.items():
        concept = G[name]
        assert {SKOS.Concept, PROV.Role} <= set(ontology.objects(concept, RDF.type))
        assert (concept, SKOS.inScheme, G.AssignmentRoles) in ontology
        assert Literal(zh, lang="zh") in set(ontology.objects(concept, RDFS.label))
        assert ontology.value(concept, G.directProperty) == G[edge]
        assert ontology.value(concept, SKOS.notation) == Literal(edge)


def test_records_enums_name_ontology_terms(ontology: Graph) -> None:
    """sources/records.py promises its enum values are the ontology's local names."""
    notations = {str(ontology.value(G[name], SKOS.notation)) for name in ROLES}
    assert {role.value for role in Role} == notations
    assert all((G[t.value], RDF.type, OWL.Class) in ontology for t in EntityType)
    assert all((G[level.value], RDFS.subClassOf, G.AdministrativeArea) in ontology for level in AreaLevel)


# --------------------------------------------------------------------------------------------
# govkg.ttl: OWL 2 DL typing (what makes Protégé and DL reasoners accept the file)
# --------------------------------------------------------------------------------------------

ENTITY_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# The part of the OWL 2 datatype map GovKG may use as a range (xsd:date is not in the map).
OWL2_DATATYPES = {XSD.string, XSD.integer, XSD.nonNegativeInteger, XSD.decimal, XSD.dateTime, XSD.anyURI}
BUILT_IN = (vocab.RDF, vocab.RDFS, vocab.OWL)


def declared(graph: Graph, kind: URIRef) -> set[Any]:
    return set(graph.subjects(RDF.type, kind))


def test_no_iri_declared_as_two_kinds(ontology: Graph) -> None:
    clashes = {
        s: kinds
        for s in ontology.subjects(RDF.type)
        if len(kinds := {k for k in ENTITY_KINDS if (s, RDF.type, k) in ontology}) > 1
    }
    assert clashes == {}


def test_every_predicate_is_declared(ontology: Graph) -> None:
    properties = set().union(*(declared(ontology, k) for k in ENTITY_KINDS[1:]))
    undeclared = {p for p in ontology.predicates() if not str(p).startswith(BUILT_IN) and p not in properties}
    assert undeclared == set()


def test_class_expressions_use_declared_classes(ontology: Graph) -> None:
    classes = declared(ontology, OWL.Class)
    used: set[Any] = set(ontology.objects(None, RDFS.subClassOf))
    used |= set(ontology.objects(None, RDFS.domain))
    used |= {o for p in declared(ontology, OWL.ObjectProperty) for o in ontology.objects(p, RDFS.range)}
    for node in list(used):
        used |= union_members(ontology, node)
    for members in ontology.objects(None, OWL.members):
        used |= set(Collection(ontology, members))
    used |= {o for o in ontology.objects(None, RDF.type) if not o.startswith(vocab.OWL)}
    named = {c for c in used if isinstance(c, URIRef)}
    assert named - classes == set()


def test_property_axioms_match_property_kinds(ontology: Graph) -> None:
    objects = declared(ontology, OWL.ObjectProperty)
    data = declared(ontology, OWL.DatatypeProperty)
    for prop, sup in ontology.subject_objects(RDFS.subPropertyOf):
        assert (prop in objects and sup in objects) or (prop in data and sup in data), (prop, sup)
    for prop, other in ontology.subject_objects(OWL.equivalentProperty):
        assert (prop in objects and other in objects) or (prop in data and other in data), (prop, other)
    for prop in data:
        for range_ in ontology.objects(prop, RDFS.range):
            assert range_ in OWL2_DATATYPES, (prop, range_)


def test_individuals_are_not_punned(ontology: Graph) -> None:
    """Role concepts and their scheme are plain individuals.  They are deliberately not typed
    owl:NamedIndividual: pySHACL deep-copies named individuals from an ont_graph and the
    scheme ↔ concept links make that copy take minutes."""
    assert declared(ontology, OWL.NamedIndividual) == set()
    individuals = {G.AssignmentRoles, *(G[name] for name in ROLES)}
    for individual in individuals:
        assert not any((individual, RDF.type, kind) in ontology for kind in ENTITY_KINDS)


# --------------------------------------------------------------------------------------------
# shapes.ttl: a well-formed document graph, and the mistakes the shapes catch
# --------------------------------------------------------------------------------------------

DOCUMENT_TTL = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix t: <https://w3id.org/govkg/id/test-> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

t:doc a gov:Document ; gov:fileName "任务清单.txt" ; gov:encoding "gb18030" ;
    gov:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    dcterms:title "重点工作任务清单"@zh ; dcterms:issued "2023-11-24"^^xsd:date ;
    dcterms:format "text/plain" ;
    gov:issuer t:office ; gov:aboutArea t:district ; gov:mentions t:task , t:unit .
t:district a gov:AdministrativeArea , gov:District ; rdfs:label "甲区"@zh ; skos:notation "430511" .
t:town a gov:AdministrativeArea , gov:Town ; rdfs:label "乙镇"@zh ; gov:locatedIn t:district .
t:office a gov:GovernmentUnit ; rdfs:label "甲区人民政府办公室"@zh ; gov:jurisdiction t:district .
t:unit a gov:GovernmentUnit ; rdfs:label "区发改局"@zh ; skos:altLabel "甲区发展和改革局"@zh .
t:towns a gov:Collective ; rdfs:label "各镇（街道）"@zh .
t:leader a gov:Person ; rdfs:label "王某"@zh .
t:person a gov:Person ; rdfs:label "李某"@zh ; org:holds t:post .
t:post a gov:Post ; rdfs:label "区发改局局长"@zh ; org:heldBy t:person ; org:postIn t:unit .
t:project a gov:Project ; rdfs:label "某路建设项目"@zh ; gov:locatedIn t:town .

t:task a gov:Task ; rdfs:label "地区生产总值"@zh ; gov:taskKey "重点工作-1" ; gov:taskGroup "重点工作" ;
    gov:taskNumber "1" ; gov:target "增长6%以上" ; gov:deadline "2023-12-31"^^xsd:date ;
    gov:deadlineText "12月底前" ;
    gov:leadLeader t:leader ; gov:leadUnit t:unit ; gov:responsibleUnit t:unit , t:towns ;
    gov:responsiblePerson t:person ; gov:liaison t:person ;
    gov:concernsProject t:project ; gov:quota t:quota ;
    gov:sourceTable 1 ; gov:sourceRow 1 ; gov:sourceStart 100 ; gov:sourceEnd 160 .
t:sub a gov:Task ; rdfs:label "规模以上工业增加值"@zh ; gov:taskKey "重点工作-1-(1)" ; gov:subTaskOf t:task ;
    gov:responsibleUnit t:towns .
t:quota a gov:Quota ; gov:quotaArea t:town ; gov:value "3亿元" ; gov:numericValue 3.0 ; gov:unitText "亿元" .

t:a-leader a gov:Assignment ; gov:task t:task ; gov:agent t:leader ; gov:role gov:LeadLeaderRole ;
    prov:wasDerivedFrom t:doc ; gov:asWritten "王  某"@zh ; gov:sourceTable 1 ; gov:sourceRow 1 ;
    gov:sourceColumn "牵头领导" ; gov:sourceStart 120 ; gov:sourceEnd 124 ; gov:sourceText "王  某" .
t:a-unit a gov:Assignment ; gov:task t:task ; gov:agent t:unit ; gov:role gov:LeadUnitRole ;
    prov:wasDerivedFrom t:doc ; gov:asWritten "区发改局（牵头）"@zh .
t:a-towns a gov:Assignment ; gov:task t:task ; gov:agent t:towns ; gov:role gov:ResponsibleUnitRole ;
    prov:wasDerivedFrom t:doc .
t:a-person a gov:Assignment ; gov:task t:task ; gov:agent t:person ; gov:role gov:ResponsiblePersonRole ;
    gov:forUnit t:unit ; prov:wasDerivedFrom t:doc .
t:a-liaison a gov:Assignment ; gov:task t:task ; gov:agent t:person ; gov:role gov:LiaisonRole ;
    prov:wasDerivedFrom t:doc .
t:a-sub a gov:Assignment ; gov:task t:sub ; gov:agent t:towns ; gov:role gov:ResponsibleUnitRole ;
    prov:wasDerivedFrom t:doc .

t:mention a gov:Mention ; oa:hasBody t:unit ; oa:hasTarget t:mention-target ; prov:wasDerivedFrom t:doc ;
    gov:sourceTable 1 ; gov:sourceRow 1 ; gov:sourceColumn "主要责任单位" .
t:mention-target a oa:SpecificResource ; oa:hasSource t:doc ; oa:hasSelector t:position , t:quote .
t:position a oa:TextPositionSelector ; oa:start 140 ; oa:end 144 .
t:quote a oa:TextQuoteSelector ; oa:exact "区发改局" .

t:gdp a gov:Indicator ; rdfs:label "地区生产总值"@zh ; gov:value "44.47亿元" ; gov:numericValue 44.47 ;
    gov:unitText "亿元" ; gov:period "2023年" ; gov:growth "同比增长3.5%" ; gov:indicatorOf t:district ;
    prov:wasDerivedFrom t:doc ; gov:article "A" .
"""

Violation = tuple[str, str]


def document() -> Graph:
    return Graph().parse(data=DOCUMENT_TTL, format="turtle")


def local(node: Any) -> str:
    return str(node).removeprefix(str(T))


def violations(data: Graph, shapes: Graph, ontology: Graph | None = None) -> set[Violation]:
    """(focus node, what failed): a named shape, a SPARQL constraint and its value, or the
    property path and constraint component of an anonymous property shape."""
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    found: set[Violation] = set()
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - set(report.objects(None, SH.detail)):
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent).removeprefix(str(SH))
        if component == "SPARQLConstraintComponent":
            constraint = report.value(result, SH.sourceConstraint).removeprefix(str(GOVSH))
            what = f"{constraint} {local(report.value(result, SH.value))}"
        elif isinstance(shape, URIRef):
            what = shape.removeprefix(str(GOVSH))
        else:
            path = report.value(result, SH.resultPath).n3(shapes.namespace_manager)
            what = f"{path} {component.removesuffix('ConstraintComponent')}"
        found.add((local(report.value(result, SH.focusNode)), what))
    assert conforms == (not found)
    return found


def replace(subject: URIRef, predicate: URIRef, old: Any, new: Any) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        assert (subject, predicate, old) in graph
        graph.remove((subject, predicate, old))
        if new is not None:
            graph.add((subject, predicate, new))

    return mutate


def both(*mutations: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for mutation in mutations:
            mutation(graph)

    return mutate


def add(*triples: tuple[Any, Any, Any]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for triple in triples:
            graph.add(triple)

    return mutate


DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

BROKEN: dict[str, tuple[Callable[[Graph], None], set[Violation]]] = {
    "assignment-without-role": (
        replace(T["a-unit"], G.role, G.LeadUnitRole, None),
        # the task's lead-unit and responsible-unit edges to the unit lose the assignment behind them
        {("a-unit", "gov:role MinCount"), ("doc", "EdgeHasAssignment unit")},
    ),
    "task-without-key": (
        replace(T.task, G.taskKey, Literal("重点工作-1"), None),
        {("task", "gov:taskKey MinCount")},
    ),
    "mention-without-target": (
        replace(T.mention, OA.hasTarget, T["mention-target"], None),
        {("mention", "oa:hasTarget MinCount")},
    ),
    "lead-leader-is-a-unit": (
        both(
            replace(T.task, G.leadLeader, T.leader, T.unit),
            replace(T["a-leader"], G.agent, T.leader, T.unit),
        ),
        {("task", "gov:leadLeader Or")},
    ),
    "label-without-language-tag": (
        replace(T.person, RDFS.label, Literal("李某", lang="zh"), Literal("李某")),
        {("person", "LabelChinese")},
    ),
    "role-outside-the-scheme": (
        replace(T["a-leader"], G.role, G.LeadLeaderRole, G.leadLeader),
        {("a-leader", "gov:role In"), ("doc", "EdgeHasAssignment leader")},
    ),
    "lead-unit-not-responsible": (
        replace(T.task, G.responsibleUnit, T.unit, None),
        {("task", "LeadUnitIsResponsible")},
    ),
    "assignment-without-edge": (
        add(
            (T["a-extra"], RDF.type, G.Assignment),
            (T["a-extra"], G.task, T.sub),
            (T["a-extra"], G.agent, T.leader),
            (T["a-extra"], G.role, G.LeadLeaderRole),
            (T["a-extra"], PROV.wasDerivedFrom, T.doc),
        ),
        {("doc", "AssignmentHasEdge leader")},
    ),
    "duplicate-task-key": (
        replace(T.sub, G.taskKey, Literal("重点工作-1-(1)"), Literal("重点工作-1")),
        {("task", "TaskKeyUnique"), ("sub", "TaskKeyUnique")},
    ),
    "area-without-general-type": (
        replace(T.town, RDF.type, G.AdministrativeArea, None),
        {
            ("town", "AdministrativeAreaShape"),
            ("project", "gov:locatedIn Class"),
            ("quota", "gov:quotaArea Class"),
        },
    ),
    "literals-of-the-wrong-form": (
        both(
            replace(T.task, G.deadline, Literal("2023-12-31", datatype=XSD.date), Literal("12月底前")),
            replace(T["a-leader"], G.sourceRow, Literal(1), Literal("1")),
            replace(T.gdp, G.numericValue, Literal("44.47", datatype=XSD.decimal), Literal(44.47)),
            replace(T.doc, G.sha256, Literal(DIGEST), Literal(DIGEST.upper())),
            replace(T.position, OA.end, Literal(144), Literal(139)),
        ),
        {
            ("task", "gov:deadline Datatype"),
            ("a-leader", "gov:sourceRow Datatype"),
            ("a-leader", "gov:sourceRow MinInclusive"),
            ("gdp", "gov:numericValue Datatype"),
            ("doc", "gov:sha256 Pattern"),
            ("position", "oa:start LessThanOrEquals"),
        },
    ),
}


def test_document_graph_conforms(shapes: Graph) -> None:
    assert violations(document(), shapes) == set()


def test_document_graph_conforms_with_ontology_alongside(shapes: Graph, ontology: Graph) -> None:
    assert violations(document(), shapes, ontology) == set()


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_document_fails_with_expected_shape(shapes: Graph, case: str) -> None:
    mutate, expected = BROKEN[case]
    graph = document()
    mutate(graph)
    assert violations(graph, shapes) == expected


def test_consistency_is_checked_once_per_graph(shapes: Graph) -> None:
    """Should two documents share a graph, the document-wide checks report each problem once."""
    graph = document()
    BROKEN["assignment-without-edge"][0](graph)
    graph.add((T.other, RDF.type, G.Document))
    graph.add((T.other, G.fileName, Literal("其他.txt")))
    graph.add((T.other, G.sha256, Literal("0" * 64)))
    _, report, _ = validate(graph, shacl_graph=shapes, inference="none")
    messages = [str(m) for m in report.objects(None, SH.resultMessage)]
    expected = f"gov:Assignment {T['a-extra']} (task {T.sub}, agent {T.leader}) has no matching direct edge"
    assert messages == [f"{expected} from its task."]


def test_every_constraint_has_an_english_message(shapes: Graph) -> None:
    constraints = {s for s, _ in shapes.subject_objects(SH.path)} | set(shapes.objects(None, SH.sparql))
    silent = {c for c in constraints if "en" not in languages(shapes, c, SH.message)}
    assert silent == set()


# --------------------------------------------------------------------------------------------
# context.jsonld
# --------------------------------------------------------------------------------------------


def expand(context: dict[str, Any], curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return context[prefix] + local if prefix in context else curie


def test_context_maps_every_gov_term(ontology: Graph, context: dict[str, Any]) -> None:
    ids = {
        key: (v["@id"] if isinstance(v, dict) else v) for key, v in context.items() if not key.startswith("@")
    }
    mapped = {expand(context, str(i)) for i in ids.values()}
    terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(GOV)}
    assert terms - mapped == set()
    assert context["@language"] == "zh"
    assert context["@version"] == 1.1


def required_form(shapes: Graph, prop: URIRef) -> tuple[set[Any], bool]:
    """The datatypes the shapes require of ``prop``'s values, and whether they require @zh."""
    property_shapes = set(shapes.subjects(SH.path, prop))
    datatypes = {o for ps in property_shapes for o in shapes.objects(ps, SH.datatype)}
    return datatypes, any((ps, SH.languageIn, None) in shapes for ps in property_shapes)


@pytest.mark.parametrize("prop", DATATYPE_PROPERTIES)
def test_ontology_shapes_and_context_agree_on_literals(
    ontology: Graph, shapes: Graph, context: dict[str, Any], prop: str
) -> None:
    datatypes, chinese = required_form(shapes, G[prop])
    assert len(datatypes) + chinese == 1, "each gov: datatype property has one literal form in the shapes"
    term = context[prop]
    if chinese:  # a name: the context's default @zh applies
        assert term == {"@id": f"gov:{prop}"}
    elif datatypes == {XSD.string}:  # a plain string: the default @zh must not apply
        assert term == {"@id": f"gov:{prop}", "@language": None}
    else:
        assert {URIRef(expand(context, term["@type"]))} == datatypes
    range_ = ontology.value(G[prop], RDFS.range)
    assert range_ is None or {range_} == datatypes


def test_context_coerces_references(context: dict[str, Any]) -> None:
    for prop in OBJECT_PROPERTIES:
        assert context[prop]["@type"] == ("@vocab" if prop == "role" else "@id"), prop
    assert "@language" not in context["label"]  # names take the default, @zh
    # so that "role": "LeadUnitRole" reads as the concept
    assert context["LeadUnitRole"] == "gov:LeadUnitRole"


def test_context_reads_a_json_ld_export(context: dict[str, Any]) -> None:
    data = {
        "@context": context,
        "@graph": [
            {
                "id": "govid:t1",
                "type": "Task",
                "label": "地区生产总值",
                "taskKey": "重点工作-1",
                "leadLeader": ["govid:p1"],
                "deadline": "2023-12-31",
                "sourceRow": 3,
            },
            {"id": "govid:a1", "type": "Assignment", "task": "govid:t1", "role": "LeadLeaderRole"},
        ],
    }
    graph = Graph().parse(data=json.dumps(data), format="json-ld")
    task, assignment = URIRef(context["govid"] + "t1"), URIRef(context["govid"] + "a1")
    expected = {
        (task, RDF.type, G.Task),
        (task, RDFS.label, Literal("地区生产总值", lang="zh")),
        (task, G.taskKey, Literal("重点工作-1")),
        (task, G.leadLeader, URIRef(context["govid"] + "p1")),
        (task, G.deadline, Literal("2023-12-31", datatype=XSD.date)),
        (task, G.sourceRow, Literal(3)),
        (assignment, RDF.type, G.Assignment),
        (assignment, G.task, task),
        (assignment, G.role, G.LeadLeaderRole),
    }
    assert set(graph) == expected


def test_context_round_trips_a_document_graph(context: dict[str, Any]) -> None:
    graph = document()
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)
    nodes = {node["id"]: node for node in json.loads(text)["@graph"]}
    person = nodes["govid:test-person"]
    assert (person["type"], person["label"], person["holds"]) == ("Person", "李某", ["govid:test-post"])
    assert nodes["govid:test-a-unit"]["role"] == "LeadUnitRole"
    assert nodes["govid:test-a-leader"]["sourceRow"] == "1"  # xsd:integer, by the term's coercion
    assert nodes["govid:test-a-leader"]["asWritten"] == "王  某"  # @zh, the default language
    keys = {key for node in nodes.values() for key in node}
    assert {key for key in keys if ":" in key} == set()  # every key is a short term
