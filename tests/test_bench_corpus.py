"""The benchmark's corpus generator: deterministic, and shaped like a real
TAB-exported task table (no timing here: the benchmark itself is bench/run.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.corpus import (
    DOCS_PER_DISTRICT,
    TASKS_PER_LIST,
    expected_extraction,
    generate_document,
    narrative_page,
    write_corpus,
)
from sources.records import EntityType, Role


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a, _ = write_corpus(tmp_path / "a", 5, seed=3, narrative=2)
    b, _ = write_corpus(tmp_path / "b", 5, seed=3, narrative=2)
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in a]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in b]
    assert generate_document(4, 0).text != generate_document(3, 0).text


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one() -> None:
    assert generate_document(7, 3).text == generate_document(7, 3).text
    assert [generate_document(7, i).name for i in range(3)] == [
        "tasklist_00000.txt",
        "tasklist_00001.txt",
        "tasklist_00002.txt",
    ]


def test_task_list_has_the_word_table_layout() -> None:
    doc = generate_document(7, 0)
    lines = doc.text.split("\n")
    header_at = lines.index("\t项目")
    assert lines[header_at : header_at + 3] == ["\t项目", "\t序号", "\t名称"]
    assert "\t牵头" in lines and "领导" in lines  # a header cell broken over two lines
    body = doc.text[doc.text.index("\t联络人\n") :]
    assert "\n\n\t" in body  # rows end with an empty paragraph
    assert "（1）" in doc.text  # sub-items
    assert any(line.startswith("\t") and "  " in line for line in lines)  # spaced names: 廖  勇


def test_tasks_are_realistic_and_their_spans_point_into_the_text() -> None:
    for index in range(3):
        doc = generate_document(7, index)
        leaves = [t for t in doc.tasks if t.assignments]
        assert TASKS_PER_LIST[0] <= len(leaves) <= TASKS_PER_LIST[1]
        roles = {a.role for t in leaves for a in t.assignments}
        assert roles == {Role.LEAD_LEADER, Role.RESPONSIBLE_UNIT, Role.RESPONSIBLE_PERSON, Role.LIAISON}
        kinds = {a.agent_type for t in leaves for a in t.assignments}
        assert EntityType.COLLECTIVE in kinds and EntityType.PERSON in kinds and EntityType.UNIT in kinds
        for task in doc.tasks:
            o = task.origin
            assert doc.text[o.start : o.end] == o.text
            for a in task.assignments:
                assert doc.text[a.origin.start : a.origin.end] == a.origin.text
                assert a.agent == a.origin.text.replace(" ", "").replace("\n", "")


def test_documents_of_one_group_share_a_district_and_its_people() -> None:
    first, same, other = (generate_document(7, i) for i in (0, DOCS_PER_DISTRICT - 1, DOCS_PER_DISTRICT))
    assert first.district == same.district
    assert other.district.name != first.district.name
    assert first.district.name in first.text and first.district.name.endswith(("区", "县"))
    assert expected_extraction(first).document.area == first.district.name


def test_narrative_page_names_its_district() -> None:
    name, text = narrative_page(7, 0)
    assert name == "narrative_00000.txt"
    assert generate_document(7, 0).district.name in text and "党委书记" in text
