"""Recovering TAB-exported tables from text."""

from __future__ import annotations

from pathlib import Path

from sources.tables import recover_tables

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _cells(*texts: str) -> str:
    """A row in the cell-per-line shape: each cell a TAB-led line, then a blank line."""
    return "".join(f"\t{t}\n" for t in texts) + "\n"


def _texts(table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_sample_table_is_recovered() -> None:
    text = (SAMPLES / "qingxi_tasks_2024.txt").read_text(encoding="utf-8")
    tables = recover_tables(text)
    assert len(tables) == 1
    table = tables[0]
    assert table.header == (
        "类别",
        "序号",
        "任务名称",
        "年度目标",
        "工作措施",
        "责任领导",  # 责任 / 领导 broken over lines in the header cell
        "责任单位",
        "责任人",
        "联络人",
        "完成时限",
    )
    assert len(table.rows) == 12
    # Sub-item rows carry one extra cell, the project row two.
    assert [len(row) for row in table.rows] == [11, 11, 11, 11, 10, 10, 10, 12, 10, 10, 10, 10]
    for r, row in enumerate(table.rows):
        for cell in row:
            assert text[cell.origin.start : cell.origin.end] == cell.text == cell.origin.text
            assert cell.origin.table == 0
            assert cell.origin.row == r
    # Columns are named where the row has exactly the header's cells.
    assert [c.origin.column for c in table.rows[4]] == list(table.header)
    assert all(c.origin.column is None for c in table.rows[0])
    assert table.rows[4][7].text == "郑  伟\n\n邓文涛\n\n相关区直单位\n\n负责人"
    assert text[table.origin.start : table.origin.end] == table.origin.text
    assert table.origin.text.startswith("\t类别")


def test_prose_after_the_table_is_not_a_cell() -> None:
    text = (SAMPLES / "qingxi_tasks_2024.txt").read_text(encoding="utf-8")
    table = recover_tables(text)[0]
    assert table.rows[-1][-1].text == "12月底前"
    assert "虚构" not in table.origin.text


def test_page_break_repeat_and_blank_ended_cells_do_not_cut_rows() -> None:
    text = (
        "标题\n\n"
        + _cells("类别", "序号", "名称", "目标", "责任单位", "责任人")
        # a target cell that ends with an empty paragraph, mid-row
        + "\t重点\n\n工作\n\t1\n\t甲任务\n\t目标一\n\n\t区财政局\n\t邓文涛\n\n"
        # the group cell repeated after a page break, ending in two blank lines
        + "\t重点\n\n工作\n\n\n\t2\n\t乙任务\n\t目标二\n\t区商务局\n\t沈佳怡\n\n"
        + _cells("", "3", "丙任务", "目标三", "区统计局", "何琳")
    )
    table = recover_tables(text)[0]
    assert _texts(table) == [
        ["重点\n\n工作", "1", "甲任务", "目标一", "区财政局", "邓文涛"],
        ["重点\n\n工作", "2", "乙任务", "目标二", "区商务局", "沈佳怡"],
        ["", "3", "丙任务", "目标三", "区统计局", "何琳"],
    ]


def test_rows_wider_than_the_header_keep_their_cells() -> None:
    text = (
        _cells("序号", "名称", "目标", "责任单位")
        + _cells("1", "经济指标", "（1）地区生产总值", "增长6%", "区发改局")
        + _cells("", "", "（2）规模工业增加值", "增长8%", "区工信局")
        + _cells("2", "项目建设", "完成投资", "区发改局")
    )
    table = recover_tables(text)[0]
    assert [len(row) for row in table.rows] == [5, 5, 4]
    assert table.rows[0][2].text == "（1）地区生产总值"


def test_repeated_header_row_is_dropped_and_a_new_header_starts_a_table() -> None:
    header = _cells("序号", "名称", "责任单位")
    text = (
        header
        + _cells("1", "甲任务", "区财政局")
        + header
        + _cells("2", "乙任务", "区商务局")
        + "\n\n附件2\n\n"
        + _cells("编号", "事项", "牵头单位", "配合单位")
        + _cells("1", "丙事项", "区统计局", "区税务局")
    )
    tables = recover_tables(text)
    assert [t.header for t in tables] == [
        ("序号", "名称", "责任单位"),
        ("编号", "事项", "牵头单位", "配合单位"),
    ]
    assert _texts(tables[0]) == [["1", "甲任务", "区财政局"], ["2", "乙任务", "区商务局"]]
    assert [t.index for t in tables] == [0, 1]
    assert tables[1].rows[0][0].origin.table == 1


def test_row_per_line_shape() -> None:
    text = "说明\n序号\t名称\t责任单位\n1\t甲任务\t区财政局\n2\t乙任务\t区商务局\n\t丙任务\t区统计局\n"
    table = recover_tables(text)[0]
    assert table.header == ("序号", "名称", "责任单位")
    assert _texts(table) == [
        ["1", "甲任务", "区财政局"],
        ["2", "乙任务", "区商务局"],
        ["", "丙任务", "区统计局"],
    ]
    assert table.rows[2][2].origin.column == "责任单位"


def test_headerless_table_is_kept_without_header() -> None:
    text = _cells("1", "甲任务", "区财政局") + _cells("2", "乙任务", "区商务局")
    tables = recover_tables(text)
    assert len(tables) == 1
    assert tables[0].header == ()
    assert all(c.origin.column is None for row in tables[0].rows for c in row)


def test_no_tables_in_plain_or_tab_indented_prose() -> None:
    assert recover_tables("没有表格的正文。\n第二段。\n") == []
    prose = "\t第一段正文，较长的一段话，说明工作安排。\n\n\t第二段正文，继续说明。\n\n\t第三段。\n"
    assert recover_tables(prose) == []
    assert recover_tables("") == []


def test_caption_row_before_the_header_is_not_a_row() -> None:
    text = (
        "\t青溪区2024年重点工作任务清单\n\n"
        + _cells("序号", "任务名称", "责任单位")
        + _cells("1", "财政收入", "区财政局")
        + _cells("2", "招商引资", "区商务局")
    )
    table = recover_tables(text)[0]
    assert table.header == ("序号", "任务名称", "责任单位")
    assert _texts(table) == [["1", "财政收入", "区财政局"], ["2", "招商引资", "区商务局"]]


def test_two_level_header_with_empty_cells_under_spanning_ones() -> None:
    text = (
        _cells("序号", "任务名称", "责任单位", "完成时限")
        + _cells("", "", "牵头单位", "配合单位", "")
        + _cells("1", "财政收入", "区财政局", "区税务局", "12月底前")
        + _cells("2", "招商引资", "区商务局", "各乡镇（街道）", "11月底前")
    )
    table = recover_tables(text)[0]
    assert table.header == ("序号", "任务名称", "牵头单位", "配合单位", "完成时限")
    assert len(table.rows) == 2
    assert [c.origin.column for c in table.rows[1]] == list(table.header)


def test_two_level_header_without_empty_cells() -> None:
    text = (
        _cells("序号", "任务名称", "责任单位", "完成时限")
        + _cells("牵头单位", "配合单位")
        + _cells("1", "财政收入", "区财政局", "区税务局", "12月底前")
        + _cells("序号", "任务名称", "责任单位", "完成时限")  # repeated after a page break
        + _cells("牵头单位", "配合单位")
        + _cells("2", "招商引资", "区商务局", "", "11月底前")
    )
    tables = recover_tables(text)
    assert len(tables) == 1
    assert tables[0].header == ("序号", "任务名称", "牵头单位", "配合单位", "完成时限")
    assert [row[1].text for row in tables[0].rows] == ["财政收入", "招商引资"]


def test_section_heading_row_stays_a_row_of_its_own() -> None:
    text = (
        _cells("序号", "任务名称", "责任单位", "责任人")
        + "\t一、经济发展\n\n"
        + _cells("1", "财政收入", "区财政局", "邓文涛")
        + "\t二、民生保障\n\n"
        + _cells("1", "稳岗就业", "区人社局", "覃丽")
    )
    table = recover_tables(text)[0]
    assert _texts(table) == [
        ["一、经济发展"],
        ["1", "财政收入", "区财政局", "邓文涛"],
        ["二、民生保障"],
        ["1", "稳岗就业", "区人社局", "覃丽"],
    ]


def test_rows_are_cut_at_the_header_width_without_end_of_row_marks() -> None:
    text = "".join(
        f"\t{t}\n"
        for t in (
            "序号",
            "任务名称",
            "责任单位",
            "1",
            "财政收入",
            "区财政局\n区税务局",
            "2",
            "招商引资",
            "区商务局",
        )
    )
    table = recover_tables(text)[0]
    assert table.header == ("序号", "任务名称", "责任单位")
    assert _texts(table) == [["1", "财政收入", "区财政局\n区税务局"], ["2", "招商引资", "区商务局"]]
