"""Deadlines as written and the ISO date they mean."""

from __future__ import annotations

import pytest

from sources.deadlines import document_year, find_deadline, parse_deadline
from sources.records import Document


@pytest.mark.parametrize(
    ("text", "written", "date"),
    [
        ("12月底前完成", "12月底前", "2024-12-31"),
        ("力争2023年6月30日前建成", "2023年6月30日前", "2023-06-30"),
        ("年底前全面完成", "年底前", "2024-12-31"),
        ("2025年底前建成投用", "2025年底前", "2025-12-31"),
        ("三季度末前完成验收", "三季度末前", "2024-09-30"),
        ("第四季度完成", "第四季度", "2024-12-31"),
        ("上半年完成", "上半年", "2024-06-30"),
        ("9月份完成", "9月份", "2024-09-30"),
        ("二月底前出台方案", "二月底前", "2024-02-29"),
        ("6月底前完成方案，11月底前建成", "11月底前", "2024-11-30"),
    ],
)
def test_deadline_in_task_text(text: str, written: str, date: str) -> None:
    deadline = find_deadline(text, 2024)
    assert deadline is not None
    assert (deadline.text, deadline.date) == (written, date)
    assert text[deadline.start : deadline.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "地区生产总值增长7%以上",
        "从2023年第一季度开始，各责任单位每季度报送进展",
        "全年接待游客100万人次",
        "区内企业",
    ],
)
def test_no_deadline_in_ordinary_text(text: str) -> None:
    assert find_deadline(text, 2024) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("第四季度", ("第四季度", "2024-12-31")),
        ("2024年12月", ("2024年12月", "2024-12-31")),
        ("长期坚持", ("长期坚持", None)),
        ("上半年", ("上半年", "2024-06-30")),
        ("区发改局", (None, None)),
        ("2024-06-30", ("2024-06-30", "2024-06-30")),  # a spreadsheet date cell
        ("2024.9", ("2024.9", "2024-09-30")),
    ],
)
def test_deadline_cell(cell: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_deadline(cell, 2024) == expected


def test_no_year_keeps_the_text_without_a_date() -> None:
    deadline = find_deadline("5月底前上线运行", None)
    assert deadline is not None and (deadline.text, deadline.date) == ("5月底前", None)


def test_document_year_from_date_or_title() -> None:
    def doc(**kwargs: str) -> Document:
        return Document(name="d", path="d", text="x", sha256="0", media_type="text/plain", **kwargs)

    assert document_year(doc(date="2023-01-03", title="2024年重点工作")) == 2023
    assert document_year(doc(title="青溪区2024年重点工作任务分解方案")) == 2024
    assert document_year(doc()) is None
