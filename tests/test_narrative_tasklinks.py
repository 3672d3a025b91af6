"""The task_references linker: areas, projects and quotas in a task's text."""

from __future__ import annotations

from pathlib import Path

from sources.narrative.tasklinks import link_task_references, locate
from sources.records import Document, Extraction, Origin, Task


def _extraction(text: str, target: str) -> Extraction:
    start = text.index(target[:4])
    task = Task(key="1", title="引进企业", origin=Origin(0, len(text), text), target=target)
    assert start >= 0
    doc = Document(name="t.txt", path="t.txt", text=text, sha256="x", media_type="text/plain")
    return Extraction(document=doc, tasks=(task,))


def test_quotas_with_each_and_inclusions():
    target = "全市新增企业60家，其中青山区（含青山经开区）20家，白沙县、石门县各8家，柳溪县4家。"
    text = "序号\t目标\n1\t" + target.replace("，", "，\n") + "\n"
    refs = link_task_references(_extraction(text, target)).task_references
    quotas = {(r.entity, r.value, r.number, r.unit) for r in refs if r.kind == "quota"}
    assert quotas == {
        ("青山区", "20家", 20.0, "家"),
        ("白沙县", "8家", 8.0, "家"),
        ("石门县", "8家", 8.0, "家"),
        ("柳溪县", "4家", 4.0, "家"),
    }
    # the zone inside 青山区（含…） belongs to that quota, not to the task at large
    assert not [r for r in refs if r.kind == "concernsArea"]
    for r in refs:
        assert r.origin.text == text[r.origin.start : r.origin.end]
        assert "".join(r.origin.text.split()).startswith(r.entity)


def test_projects_and_areas():
    target = "12月底前青山区白鹭湖水库工程项目开工，推动石门镇产业发展。"
    refs = link_task_references(_extraction(target, target)).task_references
    kinds = {(r.kind, r.entity) for r in refs}
    assert ("concernsProject", "白鹭湖水库工程项目") in kinds
    assert ("concernsArea", "石门镇") in kinds


def test_locate_ignores_line_breaks():
    text = "abc\n完成\n  任务100%\n"
    assert locate(text, "完成 任务100%") == (4, 15)


def test_on_the_task_table_seed(shared: Path):
    from sources.pipeline import extract_path

    path = next((shared / "seeds").glob("001_*.txt"))
    extraction = extract_path(path)
    quotas = {(r.task, r.entity, r.value) for r in extraction.task_references if r.kind == "quota"}
    assert ("重点工作-9", "邵东市", "23家") in quotas
    assert ("重点工作-9", "武冈市", "4家") in quotas
    assert all(r.task in {t.key for t in extraction.tasks} for r in extraction.task_references)
