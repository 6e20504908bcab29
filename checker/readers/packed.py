"""Indicators written as text inside one cell, as some templates and disclosures pack them.

Two shapes are read, both seen in published tables:

- a class cell beside a list of its indicators (`产出指标 | 开展文物安全巡查频次8次;编制文物宣传资料
  数量3个;文物保护项目验收合格率≥86%`): each item is a 三级 name with its value at the end;
- bracketed class heads over numbered items (`【产出指标-数量指标】` / `指标1:机柜数量(≥77台)`),
  after a `【总体目标】` section holding the goal: each value in the brackets after its name.

Only the text is split here; what a value means is `checker.values`'s, where a row belongs is
the taxonomy's. An item with no figure or bracket to split off is a target written in words
(`文物保护名录和数据库基本健全`): its text is both its name and its value, which V004 judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.taxonomy import SYNONYMS, TAXONOMY, canonical

__all__ = ["PackedRow", "bracket_sections", "is_class_name", "packed_rows"]

#: Items of a list cell: separated by semicolons, full stops or line breaks.
_ITEM_SPLIT_RE = re.compile(r"[;；。\n]+")
#: An item's numbering (`指标1:`, `1.`, `（2）`), not part of its name.
_ITEM_NUMBER_RE = re.compile(
    r"^\s*(?:指标\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]?|[0-9]{1,2}\s*[.、．:：)）]"
    r"|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）])\s*"
)
#: `机柜数量(≥77台)`: the value in the brackets closing the item.
_BRACKET_VALUE_RE = re.compile(r"^(.{1,80}?)\s*[（(]([^（）()]{1,30})[)）]$")
#: `巡查频次8次`, `验收合格率≥86%`, `覆盖人次≥20万人次`: a number and its unit closing the item.
_TRAILING_VALUE_RE = re.compile(
    r"^(.{1,80}?)\s*((?:[≥≤><=＞＜≧≦]=?|不低于|不少于|不高于|不超过|大于|小于|达到|约)?"
    r"\s*[0-9]+(?:\.[0-9]+)?\s*[^\s0-9,，]{0,6})$"
)
#: `【产出指标-数量指标】`, `【总体目标】`: a section head of a bracketed list.
_SECTION_RE = re.compile(r"【([^【】]{1,30})】")
#: Heads of a section holding the goal rather than indicators.
_GOAL_HEADS = ("总体目标", "绩效目标", "年度目标", "目标")


@dataclass(frozen=True, slots=True)
class PackedRow:
    """One indicator read from text: its levels, name and value, and the line of the cell it
    starts on (0 for a one-line cell)."""

    level1: str
    level2: str
    name: str
    value: str
    line: int


def is_class_name(text: str) -> bool:
    """A 一级 or 二级 class name (`产出指标`, `效益指标`, `数量指标`), not an indicator."""
    name = canonical(text)
    return bool(name) and (name in TAXONOMY or name in SYNONYMS.values())


def split_item(item: str) -> tuple[str, str]:
    """An item's 三级 name and value: `机柜数量(≥77台)` → (机柜数量, ≥77台), `巡查频次8次` →
    (巡查频次, 8次); an item with neither is a target in words, its text both name and value."""
    text = _ITEM_NUMBER_RE.sub("", item.strip(), count=1).strip()
    for pattern in (_BRACKET_VALUE_RE, _TRAILING_VALUE_RE):
        match = pattern.match(text)
        if match is not None and match.group(1).strip():
            return match.group(1).strip(), match.group(2).strip()
    return text, text


def packed_rows(level1: str, level2: str, text: str) -> list[PackedRow]:
    """The indicators a list cell holds under one class (`产出指标 | a;b;c`)."""
    rows: list[PackedRow] = []
    for line_no, line in enumerate(text.split("\n")):
        for item in _ITEM_SPLIT_RE.split(line):
            if not item.strip():
                continue
            name, value = split_item(item)
            if name:
                rows.append(PackedRow(level1, level2, name, value, line_no))
    return rows


def bracket_sections(text: str) -> tuple[list[tuple[str, int]], list[PackedRow]] | None:
    """A cell of bracketed sections: its goals (text, line) and its indicators; None when the
    cell has no class section (a goal that merely uses 【】)."""
    goals: list[tuple[str, int]] = []
    rows: list[PackedRow] = []
    head: tuple[str, str] | None = None  # (一级, 二级) of the open class section
    in_goal = False
    classes = 0
    for line_no, line in enumerate(text.split("\n")):
        match = _SECTION_RE.search(line)
        rest = line
        if match is not None:
            title = match.group(1).strip()
            rest = line[match.end() :]
            parts = re.split(r"\s*[-—－/]\s*", title, maxsplit=1)
            if is_class_name(parts[0]):
                head = (parts[0], parts[1] if len(parts) > 1 else "")
                in_goal = False
                classes += 1
            elif any(title.endswith(word) for word in _GOAL_HEADS):
                head, in_goal = None, True
            else:
                head, in_goal = None, False
        if not rest.strip():
            continue
        if in_goal:
            goals.append((rest.strip(), line_no))
        elif head is not None:
            for item in _ITEM_SPLIT_RE.split(rest):
                if item.strip():
                    name, value = split_item(item)
                    if name:
                        rows.append(PackedRow(head[0], head[1], name, value, line_no))
    return (goals, rows) if classes else None
