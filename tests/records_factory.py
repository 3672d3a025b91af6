"""Hand-made records for graph tests: a made-up district, made-up people.

Rows are 0-based in records (the first body row is 0); the graph shows them from 1."""

from __future__ import annotations

from sources.records import Assignment, Document, EntityType, Extraction, Origin, Role, Task


def origin(text: str, row: int = 0, column: str | None = None, start: int = 0) -> Origin:
    return Origin(start=start, end=start + len(text), text=text, table=0, row=row, column=column)


def person(role: Role, name: str, row: int, for_unit: str | None = None) -> Assignment:
    return Assignment(role, name, EntityType.PERSON, origin(name, row), for_unit=for_unit)


def unit(role: Role, name: str, row: int) -> Assignment:
    kind = EntityType.COLLECTIVE if name.startswith("各") else EntityType.UNIT
    return Assignment(role, name, kind, origin(name, row))


def sample_extraction(name: str = "qingxi.txt", area: str | None = "青溪区") -> Extraction:
    """Two tasks of a made-up district: a sub-item GDP task and a project task
    with a lead unit written in full in one place and abbreviated in another."""
    doc = Document(
        name=name,
        path=f"/tmp/{name}",
        text="青溪区人民政府2024年重点工作任务清单\n" + "x" * 200,
        sha256="0" * 64,
        media_type="text/plain",
        encoding="utf-8",
        title="青溪区人民政府2024年重点工作任务清单",
        issuer="云州市青溪区人民政府办公室",
        date="2024-03-01",
        area=area,
    )
    gdp = Task(
        key="重点工作-1-(1)",
        title="地区生产总值",
        origin=origin("地区生产总值", 0),
        number="1",
        group="重点工作",
        name="主要经济指标运行",
        parent="重点工作-1",
        target="全年增长6%。",
        assignments=(
            person(Role.LEAD_LEADER, "周建国", 0),
            unit(Role.RESPONSIBLE_UNIT, "区发改局", 0),
            unit(Role.RESPONSIBLE_UNIT, "各镇（街道）", 0),
            person(Role.RESPONSIBLE_PERSON, "林小海", 0, for_unit="区发改局"),
            Assignment(
                Role.RESPONSIBLE_PERSON,
                "各镇（街道）行政负责人",
                EntityType.COLLECTIVE,
                origin("各镇（街道）行政负责人", 0),
                for_unit="各镇（街道）",
            ),
            person(Role.LIAISON, "宋雨", 0),
        ),
    )
    parent = Task(
        key="重点工作-1", title="主要经济指标运行", origin=origin("主要经济指标运行", 0), number="1"
    )
    project = Task(
        key="重点项目-1",
        title="青溪大道建设项目",
        origin=origin("青溪大道建设项目", 1),
        number="1",
        group="重点项目",
        projects=("青溪大道建设项目",),
        deadline="12月底前",
        deadline_date="2024-12-31",
        assignments=(
            person(Role.LEAD_LEADER, "周建国", 1),
            unit(Role.LEAD_UNIT, "青溪区发展和改革局", 1),
            unit(Role.RESPONSIBLE_UNIT, "区财政局", 1),
            person(Role.RESPONSIBLE_PERSON, "林小海", 1, for_unit="青溪区发展和改革局"),
        ),
    )
    return Extraction(document=doc, tasks=(parent, gdp, project))
