"""The records that flow from ``sources/`` to ``graph/``.

They are plain frozen dataclasses so that extraction and graph building can be
tested apart: nothing here knows about RDF, and nothing in ``graph/`` knows
about file formats.  Every extracted fact carries an :class:`Origin` that says
where in the document it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """The part an agent plays in a task; values are the ontology's local names."""

    LEAD_LEADER = "leadLeader"  # 牵头领导 / 责任领导 / 分管领导
    LEAD_UNIT = "leadUnit"  # 牵头单位
    RESPONSIBLE_UNIT = "responsibleUnit"  # 责任单位 / 配合单位
    RESPONSIBLE_PERSON = "responsiblePerson"  # 责任人
    LIAISON = "liaison"  # 联络人 / 联系人


class EntityType(StrEnum):
    """Entity classes; values are the ontology's class local names."""

    AREA = "AdministrativeArea"
    UNIT = "GovernmentUnit"
    COLLECTIVE = "Collective"
    PERSON = "Person"
    POST = "Post"
    PROJECT = "Project"
    INITIATIVE = "Initiative"
    ENTERPRISE = "Enterprise"
    INDICATOR = "Indicator"


class AreaLevel(StrEnum):
    """Administrative levels; values are the ontology's subclass local names."""

    PROVINCE = "Province"
    CITY = "City"
    PREFECTURE = "Prefecture"  # 州 / 地区 / 盟
    DISTRICT = "District"
    COUNTY = "County"
    TOWN = "Town"
    TOWNSHIP = "Township"
    SUBDISTRICT = "Subdistrict"  # 街道
    VILLAGE = "Village"
    COMMUNITY = "Community"
    VILLAGER_GROUP = "VillagerGroup"  # 村民小组
    DEVELOPMENT_ZONE = "DevelopmentZone"


@dataclass(frozen=True)
class Origin:
    """Where a fact was read: a character span of :attr:`Document.text`,
    and for a table cell also the table, row and column it sits in."""

    start: int
    end: int
    text: str
    table: int | None = None
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Cell:
    """One table cell: its text as written (lines kept) and where it came from."""

    text: str
    origin: Origin


@dataclass(frozen=True)
class Table:
    """A recovered table: the header cells' texts and the body rows as read.

    Rows keep the cells they had in the source, so a row may hold more cells
    than the header names (a project-list cell inserted before the target) or
    fewer; mapping cells to columns is the task extractor's job."""

    index: int
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    origin: Origin


@dataclass(frozen=True)
class Document:
    """A document as read: its full text (the coordinate system of every
    :class:`Origin`), how it was decoded, and the tables found in it."""

    name: str  # file name; the document's identity in the store
    path: str
    text: str
    sha256: str
    media_type: str  # e.g. text/plain, application/vnd.openxmlformats-...
    encoding: str | None = None
    tables: tuple[Table, ...] = ()
    title: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO 8601 where known
    area: str | None = None  # the area the document speaks for (青溪区), scopes its names


@dataclass(frozen=True)
class Assignment:
    """One agent in one role on one task, as the document writes it."""

    role: Role
    agent: str  # cleaned surface form: spaces inside names removed, markers stripped
    agent_type: EntityType  # PERSON, UNIT, COLLECTIVE or POST
    origin: Origin
    for_unit: str | None = None  # the unit a 责任人 is listed for


@dataclass(frozen=True)
class Task:
    """A task (or sub-task) with its responsibilities."""

    key: str  # unique within the document, readable: 重点工作-1-(3), 2.1 …
    title: str
    origin: Origin
    number: str | None = None
    group: str | None = None  # 重点工作 / 重点项目 / 重点任务 …
    name: str | None = None  # the task's name where ``title`` is a sub-item
    parent: str | None = None  # key of the task this is a sub-task of
    target: str | None = None  # 目标 text
    work_content: str | None = None
    deadline: str | None = None  # as written (12月底前)
    deadline_date: str | None = None  # ISO date where the document's year allows
    assignments: tuple[Assignment, ...] = ()
    projects: tuple[str, ...] = ()  # projects the task concerns
    project_list: str | None = None  # 市十大基础设施项目 …


@dataclass(frozen=True)
class Mention:
    """An entity named in the text."""

    text: str  # surface form as written
    type: EntityType
    origin: Origin
    canonical: str | None = None  # the full name it stands for (青溪 → 青溪区)
    level: AreaLevel | None = None  # for areas
    article: str | None = None  # the article of a multi-article page it belongs to


@dataclass(frozen=True)
class PostHolding:
    """A person holding a post in an organisation (党委书记林晓峰 of 白沙镇)."""

    person: str
    post: str
    organisation: str | None
    origin: Origin
    article: str | None = None


@dataclass(frozen=True)
class Relation:
    """A binary relation between two named entities, e.g. located-in."""

    kind: str  # "locatedIn", "jurisdiction", "alias"
    subject: str
    subject_type: EntityType
    object: str
    object_type: EntityType
    origin: Origin
    article: str | None = None


@dataclass(frozen=True)
class Indicator:
    """A headline statistic: 地区生产总值44.47亿元，同比增长3.5%."""

    name: str
    origin: Origin
    value: str | None = None  # verbatim number with its unit
    number: float | None = None
    unit: str | None = None
    period: str | None = None
    growth: str | None = None
    area: str | None = None
    article: str | None = None


@dataclass(frozen=True)
class TaskReference:
    """Something a task's own text names: an area, a project, or a quota
    (邵东市23家 → area 邵东市, value 23家)."""

    task: str  # the task's key
    kind: str  # "concernsProject", "concernsArea" or "quota"
    entity: str
    entity_type: EntityType
    origin: Origin
    value: str | None = None  # quotas only: the share as written
    number: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    tasks: tuple[Task, ...] = ()
    mentions: tuple[Mention, ...] = ()
    posts: tuple[PostHolding, ...] = ()
    relations: tuple[Relation, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    task_references: tuple[TaskReference, ...] = ()
    warnings: tuple[str, ...] = field(default=())
