"""Document metadata: title, issuer, date and area from the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.metadata import areas_in, describe, find_date, find_title, parse_date
from sources.records import Document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _describe(text: str) -> Document:
    return describe(Document("doc.txt", "doc.txt", text, "0", "text/plain"))


def test_sample_task_list() -> None:
    text = (SAMPLES / "qingxi_tasks_2024.txt").read_text(encoding="utf-8")
    document = _describe(text)
    assert document.title == "青溪区2024年重点工作任务清单"
    assert document.issuer == "云州市青溪区人民政府办公室"
    assert document.date == "2024-03-15"
    assert document.area == "青溪区"


def test_values_a_reader_set_are_kept() -> None:
    document = Document(
        "d.txt", "d.txt", "青溪区人民政府\n2024年1月2日\n", "0", "text/plain", title="已知标题"
    )
    described = describe(document)
    assert described.title == "已知标题"
    assert described.issuer == "青溪区人民政府"
    assert described.date == "2024-01-02"


def test_notice_without_embedded_title() -> None:
    text = (
        "区人民政府办公室关于印发2024年重点工作责任分解方案的通知\n\n"
        "发布机构: 青溪区政府办公室\n"
        "各乡镇人民政府：\n现将方案印发给你们，请认真贯彻执行。\n\n"
        "2024年2月1日\n\n"
        "2024年区政府重点工作责任分解方案\n"
    )
    document = _describe(text)
    assert document.title == "2024年区政府重点工作责任分解方案"
    assert document.issuer == "青溪区政府办公室"  # the labelled one names its area
    assert document.date == "2024-02-01"
    assert document.area == "青溪区"


def test_narrative_page_area_is_the_district_named_most() -> None:
    text = (
        "\n\n奋进新时代\n\n"
        "2023年，青溪区坚持项目为王，全区经济稳步回升。\n"
        "青溪区白沙镇建成产业园，引进企业12家。\n"
        "邻近的红岭区也在推进园区建设。\n"
        "青溪区城区面貌焕然一新。\n"
    )
    document = _describe(text)
    assert document.area == "青溪区"
    assert document.issuer is None
    assert document.date is None


def test_subtitle_names_the_area() -> None:
    text = "# 山水新画卷\n\n## ——云州市青溪区2023年经济社会发展纪实\n\n正文。\n"
    document = _describe(text)
    assert document.title == "山水新画卷"
    assert document.area == "青溪区"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年11月24日", "2023-11-24"),
        ("2023 年 1 月 3 日", "2023-01-03"),
        ("发布日期:2022-01-21", "2022-01-21"),
        ("2023.11.24", "2023-11-24"),
        ("2023/11/24", "2023-11-24"),
        ("二〇二三年十一月二十四日", "2023-11-24"),
        ("2022121日", None),
        ("2023年13月1日", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_signature_date_beats_publication_date() -> None:
    lines = ["发布日期：2023-01-05", "正文。", "2023年1月3日"]
    assert find_date(lines) == "2023-01-03"


def test_title_ignores_column_names_and_list_items() -> None:
    lines = ["", "目标任务", "", "附件：1. 2024年经济社会发展预期目标任务分解表", "", "一、重点工作任务", ""]
    assert find_title(lines) == (None, False)


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("云州市青溪区人民政府办公室", [("云州市", 2), ("青溪区", 3)]),
        ("关于印发青溪区政府2024年重点工作", [("青溪区", 3)]),
        ("云州市沙河坝区人民政府", [("云州市", 2), ("沙河坝区", 3)]),
        ("全区城区园区各县市区", []),
        ("中心城区和开发区", []),
    ],
)
def test_areas_in(text: str, areas: list[tuple[str, int]]) -> None:
    assert areas_in(text) == areas
