"""Indicators packed as text in one cell (checker.readers.packed): the split of each item into
its 三级 name and value, and the sections of a bracketed list."""

from __future__ import annotations

import pytest

from checker.readers.packed import (
    PackedRow,
    bracket_sections,
    is_class_name,
    packed_rows,
    split_item,
)


@pytest.mark.parametrize(
    ("item", "name", "value"),
    [
        ("开展文物安全巡查频次8次", "开展文物安全巡查频次", "8次"),
        ("文物保护项目验收合格率≥86%", "文物保护项目验收合格率", "≥86%"),
        ("文物保护宣传覆盖人次≥20万人次", "文物保护宣传覆盖人次", "≥20万人次"),
        ("5G基站建设数量10个", "5G基站建设数量", "10个"),  # a figure inside the name stays
        ("指标1:机柜数量(≥77台)", "机柜数量", "≥77台"),
        ("为全市经济发展保驾护航(正面支撑)", "为全市经济发展保驾护航", "正面支撑"),
        # a target in words: nothing to split off, its text is its value (V004 judges it)
        (
            "文物保护名录和数据库基本健全",
            "文物保护名录和数据库基本健全",
            "文物保护名录和数据库基本健全",
        ),
    ],
)
def test_an_item_is_split_into_name_and_value(item: str, name: str, value: str) -> None:
    assert split_item(item) == (name, value)


def test_a_class_cell_names_its_list() -> None:
    assert is_class_name("产出指标") and is_class_name("效益指标") and is_class_name("数量指标")
    assert not is_class_name("开展文物安全巡查频次8次")
    assert packed_rows("产出指标", "", "巡查频次8次;宣传资料数量3个。\n合格率≥86%") == [
        PackedRow("产出指标", "", "巡查频次", "8次", 0),
        PackedRow("产出指标", "", "宣传资料数量", "3个", 0),
        PackedRow("产出指标", "", "合格率", "≥86%", 1),
    ]


def test_bracketed_sections_hold_the_goal_and_the_indicators() -> None:
    text = "\n".join(
        [
            "【总体目标】",
            "保障机房设备运转",
            "【产出指标-数量指标】",
            "指标1:机柜数量(≥77台)",
            "【满意度指标-服务对象满意度指标】",
            "指标1:提升群众安全感(≥90%)",
        ]
    )
    found = bracket_sections(text)
    assert found is not None
    goals, rows = found
    assert goals == [("保障机房设备运转", 1)]
    assert rows == [
        PackedRow("产出指标", "数量指标", "机柜数量", "≥77台", 3),
        PackedRow("满意度指标", "服务对象满意度指标", "提升群众安全感", "≥90%", 5),
    ]


def test_a_goal_that_only_uses_brackets_is_no_list() -> None:
    assert bracket_sections("【重点】完成3个村道路硬化") is None
