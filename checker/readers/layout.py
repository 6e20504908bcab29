"""The layout of a 绩效目标表: header rows and indicator tables → model fields, by inference.

One mapping for every reader: it takes cell strings (rows of them) and returns model data plus the
cell each value came from, so the Word text-export importer and the .docx/.xlsx readers share one
reading of labels (`checker.readers.labels`) and layouts instead of each hard-coding the seed.

What it infers rather than expects:
- the indicator header row, by the column labels it holds (`indicator_layout`), with a second
  header row under spanning labels (`指标值` over `2021年实际实现值 | 预期2022年实现值`) or above
  leading empty cells (a flat table whose project columns sit beside the indicator columns);
- 中期/长期 and 年度 column groups side by side (labelled, or the same columns written twice),
  of which the annual one is checked and the other kept (`Project.mid_term`);
- tables whose indicators are columns (一级, 二级 and 三级 as three header rows);
- labels it cannot map: kept with the cell beside them in `Project.reading`, so one finding names
  each (S008) and the checks of the fields they may hold stay silent.

A cell is named by a `CellRef` (row and column in the rows given, and optionally a line inside the
cell); each reader turns that into its own location (a text line, `表3 第5行 第2列`, `Sheet1!E14`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, TypeVar

from checker.readers.labels import (
    HEADER_LABELS,
    INDICATOR_LABELS,
    Column,
    HeaderField,
    IndicatorField,
    Label,
    Period,
    inline_label,
    is_footer,
    is_minor_title,
    is_sub_label,
    is_target_title,
    label_key,
    normalize_label,
    read_column,
    read_label,
)
from checker.readers.packed import PackedRow, bracket_sections, is_class_name, packed_rows
from checker.taxonomy import TAXONOMY, canonical
from checker.values import clean, parse_amount

__all__ = [
    "HEADER_LABELS",
    "INDICATOR_LABELS",
    "CellRef",
    "HeaderField",
    "IndicatorColumn",
    "IndicatorField",
    "IndicatorLayout",
    "Mapped",
    "first_cells_row",
    "header_label",
    "indicator_columns",
    "indicator_layout",
    "is_project_table",
    "join_subtotals",
    "map_header",
    "map_indicators",
    "normalize_label",
    "packed_project_rows",
    "project_labels",
    "row_kind",
    "split_goals",
]

#: Spending-plan cells whose first column is not the merged label but says what the row holds.
_PLAN_VALUE_LABELS = frozenset(
    {"%", "比例", "支出比例", "累计支出比例", "支出进度", "累计进度", "进度"}
)

#: Money units a `单位：…` cell can name; anything else after 单位 is the budget unit.
_MONEY_UNITS = frozenset({"万元", "元", "亿元", "千元"})

_UNIT_LINE_RE = re.compile(r"^\s*[0-9]{6}")
_GOAL_NUMBER_RE = re.compile(
    r"^\s{0,8}(?:[0-9]{1,2}\s{0,4}[.、．:：)）]|[（(]\s{0,4}[0-9一二三四五六七八九十]{1,3}\s{0,4}[)）]"
    r"|[一二三四五六七八九十]{1,3}\s{0,4}[、.．]"
    r"|目标\s{0,4}[0-9一二三四五六七八九十]{1,3}\s{0,4}[:：、.．]?|[①-⑳])"
)
T = TypeVar("T")

#: Fields the header of a project table can hold; S003 names them by these paths.
_BUDGET_FIELDS = ("total", "fiscal", "other")


def header_label(text: str) -> tuple[HeaderField, int] | None:
    """The header field a cell labels (with its rank), or None when the cell is not a label."""
    found = read_label(text)
    return (found.field, found.rank) if found is not None else None


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a value was written: row and column in the rows given to the mapper.

    `line` is the index of the line inside the cell where the value starts (a goal in a cell of
    several goals); None means the cell as a whole (its first non-blank line).
    """

    row: int
    col: int
    line: int | None = None


@dataclass(slots=True)
class Mapped:
    """Model data (ready for `Project.model_validate`) and, per relative JSON pointer, its cell."""

    data: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, CellRef] = field(default_factory=dict)


def split_goals(text: str) -> list[tuple[str, int]]:
    """Goals in a 绩效目标 cell, each with the index of the line it starts on.

    Numbered lines (`1.…`, `（2）…`, `目标3：…`) each start a goal and unnumbered lines after one
    continue it; without numbering, each non-blank line is a goal. Raw text is kept.
    """
    lines = text.split("\n")
    numbered = any(_GOAL_NUMBER_RE.match(line) for line in lines)
    goals: list[tuple[list[str], int]] = []
    for index, line in enumerate(lines):
        if not line.strip():
            if goals and numbered:
                goals[-1][0].append(line)
            continue
        if not numbered or not goals or _GOAL_NUMBER_RE.match(line):
            goals.append(([line], index))
        else:
            goals[-1][0].append(line)
    result: list[tuple[str, int]] = []
    for parts, index in goals:
        while parts and not parts[-1].strip():
            parts.pop()
        result.append(("\n".join(parts), index))
    return result


# -- what a row is ----------------------------------------------------------------------------


def _filled(cells: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(cells) if clean(cell)]


def row_kind(cells: Sequence[str]) -> str:
    """`title` (a target table's title), `minor` (附件3, 表十二, (2022年度)), `footer` (a
    signature row), `text` (one merged cell of other text) or `cells`."""
    filled = _filled(cells)
    if not filled:
        return "empty"
    texts = {clean(cells[i]) for i in filled}
    if all(is_footer(cells[i]) for i in filled):
        return "footer"
    if len(texts) == 1:
        text = cells[filled[0]]
        if is_target_title(text):
            return "title"
        if is_minor_title(text):
            return "minor"
        if len(filled) == 1 and read_label(text) is None and inline_label(text) is None:
            return "text"
    return "cells"


# -- the header part of a table -----------------------------------------------------------------


class _HeaderMapper:
    """Walks the header rows of one table (everything above the indicator header)."""

    def __init__(self) -> None:
        self.out = Mapped()
        self.ranks: dict[str, int] = {}
        #: Budget and goals by period group: None (no group), `annual`, `mid`.
        self.budget: dict[Period | None, dict[str, tuple[str, CellRef, int]]] = {}
        self.goals: dict[Period | None, tuple[int, str, CellRef]] = {}
        self.sources: list[dict[str, Any]] = []
        self.plan: list[dict[str, Any]] | None = None
        #: Columns of a row of labels whose values are in the row below: column → (label, text).
        self.pending: dict[int, tuple[Label, str]] = {}
        self.plan_pending: dict[int, int] = {}
        self.row_label: str = ""
        #: The period a group label (中期目标 | 年度目标 header row) gives each column.
        self.column_period: dict[int, Period] = {}
        self.unmapped: list[tuple[str, str | None, list[str], CellRef]] = []
        self.details: list[tuple[str, str, CellRef]] = []
        self.money_unit_tag: str | None = None
        #: The period of the last labelled cell of each column (`中期资金总额` above a plain
        #: `其中：财政拨款` in the same column puts that one in the 中期 group too).
        self.label_period: dict[int, Period] = {}
        #: The row the pending labels are in (a second row of labels may split them).
        self.pending_cells: list[str] = []
        #: A department table's 年度主要任务 block, while its rows are read.
        self.tasks: _TaskTable | None = None
        #: Indicators written as text in the header's cells (`产出指标 | a;b;c`, `【产出指标-…】`).
        self.packed: list[tuple[PackedRow, CellRef]] = []

    def _set(self, key: str, value: str, ref: CellRef, rank: int) -> None:
        if key in self.ranks and self.ranks[key] <= rank:
            return
        self.ranks[key] = rank
        self.out.data[key] = value
        self.out.refs["/" + key] = ref

    def put(
        self, label: Label, raw_label: str, value: str, ref: CellRef, label_ref: CellRef
    ) -> None:
        """Store one labelled value in its field (the lower rank wins a clash)."""
        kind = label.field
        if label.money_unit and self.money_unit_tag is None:
            self.money_unit_tag = label.money_unit
        if label.period is not None:
            self.label_period[label_ref.col] = label.period
        period = (
            label.period
            or self.column_period.get(ref.col)
            or (self.label_period.get(label_ref.col) if kind in _BUDGET_FIELDS else None)
        )
        if kind in ("code", "name", "period", "purpose", "unit"):
            self._set(kind, value, ref, label.rank)
        elif kind == "money_unit":
            unit = clean(value).strip("()（）")
            if unit in _MONEY_UNITS:
                self._set("money_unit", unit, ref, label.rank)
            elif clean(value):
                self._set("unit", value, ref, label.rank + 1)
        elif kind in _BUDGET_FIELDS:
            self._budget(kind, period, raw_label, value, ref, label.rank, label_ref)
        elif kind == "source":
            self._source(raw_label, value, ref, label_ref)
        elif kind == "goals":
            sections = bracket_sections(value) if "【" in value else None
            if sections is not None:
                # 【总体目标】… 【产出指标-数量指标】 指标1:…: the goal, then the indicators
                goals, rows = sections
                self.packed.extend((row, CellRef(ref.row, ref.col, row.line)) for row in rows)
                if not goals:
                    return
                value = "\n".join(text for text, _ in goals)
                ref = CellRef(ref.row, ref.col, goals[0][1])
            held = self.goals.get(period)
            if held is None or label.rank < held[0]:
                self.goals[period] = (label.rank, value, ref)
        elif kind == "detail" and clean(value):
            self.details.append((raw_label, value, ref))

    def _budget(
        self,
        kind: str,
        period: Period | None,
        raw_label: str,
        value: str,
        ref: CellRef,
        rank: int,
        label_ref: CellRef,
    ) -> None:
        slot = self.budget.setdefault(period, {})
        held = slot.get(kind)
        if held is not None and held[2] <= rank:
            if kind == "fiscal" and clean(value):
                self._source(raw_label, value, ref, label_ref)  # a further fiscal line: a source
            return
        slot[kind] = (value, ref, rank)

    def _source(self, raw_label: str, value: str, ref: CellRef, label_ref: CellRef) -> None:
        index = len(self.sources)
        self.sources.append({"label": normalize_label(raw_label), "amount": value})
        self.out.refs[f"/budget/sources/{index}"] = label_ref
        self.out.refs[f"/budget/sources/{index}/label"] = label_ref
        self.out.refs[f"/budget/sources/{index}/amount"] = ref

    def unknown(self, raw_label: str, value: str | None, ref: CellRef) -> None:
        word = normalize_label(raw_label)
        if word in _PERIOD_WORDS and value is not None and len(clean(value)) >= 12:
            # a goal row whose label is cut to its period (`年度 | 文化惠民工程，…`)
            period: Period = "mid" if word in ("中期", "长期", "中长期") else "annual"
            self.put(
                Label("goals", 3, period), raw_label, value, CellRef(ref.row, ref.col + 1), ref
            )
            return
        fields = _fields_of_unknown(raw_label)
        if value is not None and len(clean(value)) >= 12 and not fields:
            fields = ["goals"]  # a label we do not know over a sentence: perhaps the goal
        self.unmapped.append((raw_label, value, fields, ref))

    def row(self, r: int, cells: Sequence[str]) -> None:
        """Map one header row."""
        if self.tasks is not None and self.tasks.row(self, r, cells):
            return
        if self.tasks is None:
            self.tasks = _TaskTable.start(cells)
            if self.tasks is not None:
                return
        if self.plan_pending and self._plan_values(r, cells):
            return
        if self.pending:
            pending, self.pending = self.pending, {}
            if not any(read_label(c) for c in cells):
                for col, (label, raw) in pending.items():
                    if col < len(cells):
                        self.put(label, raw, cells[col], CellRef(r, col), CellRef(r - 1, col))
                return
            if self._sub_labels(r, cells, pending):
                return
        start = 0
        if cells and not clean(cells[0]) and self.row_label and len(cells) > 1:
            # a vertically merged first cell: this row continues the label above it
            start = 1
            labelled = any(read_label(c) or inline_label(c) for c in cells[1:]) or any(
                _place_amount(c, following) for c, following in pairwise(cells[1:])
            )
            if not labelled:
                self._continued(r, cells)
                return
        elif cells:
            self.row_label = cells[0]
        self._walk(r, cells, start)

    def _sub_labels(
        self, r: int, cells: Sequence[str], pending: dict[int, tuple[Label, str]]
    ) -> bool:
        """A second row of labels under spanning ones (财政资金 over 中央 | 省级 | 本级), the
        values in the row below: each column takes the lower label, or the upper one above it."""
        if clean(cells[0]) or not self.pending_cells:
            return False
        filled = [c for c in cells if clean(c)]
        if not filled or not all(_sub_money_label(c) for c in filled):
            return False
        upper = self.pending_cells
        owners = _owners(upper, cells)
        for col, cell in enumerate(cells):
            owner = owners[col] if col < len(owners) else None
            held = pending.get(owner) if owner is not None else None
            if clean(cell):
                found = read_label(cell)
                if found is None or found.field == "group":
                    found = Label("source") if held is None or held[0].field != "other" else held[0]
                self.pending[col] = (found, cell)
            elif held is not None:
                self.pending[col] = held
        self.pending_cells = list(cells)
        return True

    def _packed_class(self, r: int, cells: Sequence[str], at: int) -> bool:
        """`产出指标 | a;b;c` from column `at`: a class and the list of its indicators (kept)."""
        if at + 1 >= len(cells) or not is_class_name(cells[at]) or not clean(cells[at + 1]):
            return False
        rows = packed_rows(clean(cells[at]), "", cells[at + 1])
        self.packed.extend((row, CellRef(r, at + 1, row.line or None)) for row in rows)
        return bool(rows)

    def _continued(self, r: int, cells: Sequence[str]) -> None:
        above = read_label(self.row_label)
        label = normalize_label(self.row_label)
        if "用途" in label:
            above = Label("purpose")
        if above is None or above.field not in ("purpose", "goals", "code", "name", "period"):
            return
        if above.field == "goals" and self._packed_class(r, cells, 1):
            self.put(above, self.row_label, cells[2], CellRef(r, 2), CellRef(r - 1, 0))
            return
        if above.field == "goals" and self.column_period:
            # 总体目标 over a 中期目标 | 年度目标 header row: each column its own period
            for col in range(1, len(cells)):
                period = self.column_period.get(col)
                if period is not None:
                    self.put(
                        Label("goals", 0, period),
                        self.row_label,
                        cells[col],
                        CellRef(r, col),
                        CellRef(r - 1, col),
                    )
            return
        self.put(above, self.row_label, cells[1], CellRef(r, 1), CellRef(r - 1, 0))

    def _walk(self, r: int, cells: Sequence[str], start: int) -> None:
        j = start
        while j < len(cells):
            cell = cells[j]
            found = read_label(cell)
            if found is None and j + 1 < len(cells) and _place_amount(cell, cells[j + 1]):
                found = Label("source")  # 中央 | 100 | 省级 | 50: a funding line per place
            if found is None:
                inline = inline_label(cell)
                if inline is not None:
                    self.put(inline[0], cell, inline[1], CellRef(r, j), CellRef(r, j))
                elif j == start and r == 0 and "unit" not in self.ranks and _looks_like_unit(cell):
                    self._set("unit", cell, CellRef(r, j), 5)
                elif j == start and len(cells) > j + 1 and _label_like(cell):
                    value = cells[j + 1] if read_label(cells[j + 1]) is None else None
                    self.unknown(cell, value, CellRef(r, j))
                    j += 2 if value is not None else 1
                    continue
                j += 1
                continue
            if found.field == "plan":
                self._plan_labels(r, cells, j)
                return
            nxt = read_label(cells[j + 1]) if j + 1 < len(cells) else None
            if nxt is not None and nxt.inferred and found.field in ("code", "name", "unit"):
                nxt = None  # 项目名称 | 省级第七批水利专项资金: a value that reads like a label
            if (
                nxt is None
                and found.field in (*_BUDGET_FIELDS, "source")
                and j + 1 < len(cells)
                and normalize_label(cells[j + 1]) in _OTHER_WORDS
            ):
                nxt = Label("other", 2)  # 财政资金 | 其他, a row of money labels
                self.pending[j + 1] = (nxt, cells[j + 1])
            if found.field == "goals" and self._packed_class(r, cells, j + 1):
                # 年度绩效总目标 | 产出指标 | a;b;c: the goal is its class's list of indicators
                self.put(found, cell, cells[j + 2], CellRef(r, j + 2), CellRef(r, j))
                j += 3
                continue
            if found.field == "goals" and nxt is not None and nxt.field == "goals":
                if all(read_label(c) is not None for c in cells[j:] if clean(c)):
                    self._period_header(r, cells, j)  # 总体目标 | 中期目标 | 年度目标
                    return
                j += 1  # 项目绩效目标 | 绩效目标总体描述 | …: a group over its own label
                continue
            if found.money_unit and self.money_unit_tag is None:
                self.money_unit_tag = found.money_unit
            if found.field in ("group", "ignored"):
                # a group label stands alone; an ignored label takes its value cell with it
                j += 2 if found.field == "ignored" and j + 1 < len(cells) and nxt is None else 1
                continue
            if j + 1 < len(cells) and nxt is None and _empty_before_labelled(cell, cells[j + 1]):
                j += 1  # 政府性基金拨款: | 项目支出:77 — this label's value is empty
                continue
            if j + 1 < len(cells) and nxt is None:
                lines = _labelled_lines(cells[j + 1])
                inner = inline_label(cells[j + 1])
                if found.field in (*_BUDGET_FIELDS, "group") and len(lines) >= 2:
                    # 资金总额: 250 / 一、预算资金:250 / 二、自有资金:0: one labelled line each
                    for line, label, raw, value in lines:
                        self.put(
                            label, raw, value, CellRef(r, j + 1, line), CellRef(r, j + 1, line)
                        )
                elif (
                    found.field in (*_BUDGET_FIELDS, "group")
                    and inner is not None
                    and inner[0].field in _BUDGET_FIELDS
                ):
                    # 年度预算申请(万元) | 资金总额:952.22: the amount is labelled in its cell
                    self.put(inner[0], cells[j + 1], inner[1], CellRef(r, j + 1), CellRef(r, j + 1))
                else:
                    self.put(found, cell, cells[j + 1], CellRef(r, j + 1), CellRef(r, j))
                j += 2
            else:
                self.pending[j] = (found, cell)
                self.pending_cells = list(cells)
                j += 1

    def _period_header(self, r: int, cells: Sequence[str], j: int) -> None:
        """A row of goal labels (`总体目标 | 中期目标 | 年度目标`): the values are below them."""
        self.column_period = {}
        for col in range(j, len(cells)):
            found = read_label(cells[col])
            if found is not None and found.field == "goals":
                if found.period is not None:
                    self.column_period[col] = found.period
                self.pending[col] = (found, cells[col])
        if cells and read_label(cells[0]) is not None:
            self.row_label = cells[0]

    def _plan_labels(self, r: int, cells: Sequence[str], j: int) -> None:
        self.plan = []
        self.out.refs["/spending_plan"] = CellRef(r, j)
        self.plan_pending = {}
        for col in range(j + 1, len(cells)):
            if not clean(cells[col]):
                continue
            index = len(self.plan)
            self.plan.append({"label": cells[col]})
            self.plan_pending[col] = index
            self.out.refs[f"/spending_plan/{index}"] = CellRef(r, col)
            self.out.refs[f"/spending_plan/{index}/label"] = CellRef(r, col)

    def _plan_values(self, r: int, cells: Sequence[str]) -> bool:
        first = normalize_label(cells[0]) if cells else ""
        if first and first not in _PLAN_VALUE_LABELS and read_label(cells[0]) is not None:
            self.plan_pending = {}
            return False
        assert self.plan is not None
        for col, index in self.plan_pending.items():
            if col < len(cells):
                self.plan[index]["percent"] = cells[col]
                self.out.refs[f"/spending_plan/{index}/percent"] = CellRef(r, col)
        self.plan_pending = {}
        return True

    # -- the result -------------------------------------------------------------------------
    def result(self) -> Mapped:
        out = self.out
        data = out.data
        annual_key: Period | None = "annual" if "annual" in self.budget else None
        groups = set(self.budget)
        if groups == {"mid"}:
            annual_key = "mid"  # only a 中期/项目总 figure: it is the table's budget
        elif None in groups and "annual" not in groups:
            annual_key = None
        main = dict(self.budget.get(annual_key, {}))
        if annual_key is not None and None in self.budget:
            for kind, held in self.budget[None].items():
                if kind not in main or not clean(main[kind][0]):
                    main[kind] = held  # 其他资金 written once for both groups
        budget: dict[str, Any] = {}
        for kind, (value, ref, _) in main.items():
            budget[kind] = value
            out.refs[f"/budget/{kind}"] = ref
        if self.sources:
            budget["sources"] = self.sources
        if budget:
            data["budget"] = budget
            first = next((r for k, r in out.refs.items() if k.startswith("/budget/")), None)
            if first is not None:
                out.refs["/budget"] = first
        mid: dict[str, Any] = {}
        mid_budget = self.budget.get("mid") if annual_key != "mid" else None
        if mid_budget:
            mid["budget"] = {kind: value for kind, (value, _, _) in mid_budget.items()}
            for kind, (_, ref, _) in mid_budget.items():
                out.refs[f"/mid_term/budget/{kind}"] = ref
        self._result_goals(mid)
        if mid:
            data["mid_term"] = mid
        if self.plan is not None:
            data["spending_plan"] = self.plan
        if self.details:
            data["details"] = []
            for index, (label, text, ref) in enumerate(self.details):
                data["details"].append({"label": clean(label), "text": text})
                out.refs[f"/details/{index}"] = ref
                out.refs[f"/details/{index}/text"] = ref
        if "money_unit" not in data and self.money_unit_tag:
            data["money_unit"] = self.money_unit_tag
        if self.packed:
            data["indicators"] = []
            for index, (row, ref) in enumerate(self.packed):
                data["indicators"].append(
                    {
                        "level1": row.level1,
                        "level2": row.level2,
                        "name": row.name,
                        "value": row.value,
                    }
                )
                for key in ("", "/level1", "/level2", "/name", "/value"):
                    out.refs[f"/indicators/{index}{key}"] = ref
        return out

    def _result_goals(self, mid: dict[str, Any]) -> None:
        goals = self.goals
        annual = goals.get("annual") or goals.get(None)
        other = goals.get("mid")
        if annual is None and other is not None and "annual" not in goals:
            annual, other = other, None  # only a 中期/实施期 goal: it is the table's goal
        reading = self.out.data.setdefault("reading", {})
        if annual is not None and not clean(annual[1]) and other is not None and clean(other[1]):
            # the annual goal left empty beside a filled 中期 goal: read the 中期 one
            reading.setdefault("annual_empty", []).append("goals")
            annual, other = other, annual
        if annual is not None:
            self._goal_list("goals", "/goals", annual[1], annual[2])
        if other is not None:
            target: list[str] = []
            for index, (text, line) in enumerate(split_goals(other[1])):
                target.append(text)
                ref = other[2]
                self.out.refs[f"/mid_term/goals/{index}"] = CellRef(ref.row, ref.col, line)
            mid["goals"] = target
            mid.setdefault("label", "中期")
        if not reading:
            del self.out.data["reading"]

    def _goal_list(self, key: str, pointer: str, text: str, ref: CellRef) -> None:
        goals: list[str] = []
        self.out.refs[pointer] = ref
        for index, (goal, line) in enumerate(split_goals(text)):
            self.out.refs[f"{pointer}/{index}"] = CellRef(ref.row, ref.col, (ref.line or 0) + line)
            goals.append(goal)
        self.out.data[key] = goals


#: A label that is only a period word: over a sentence, the goal of that period.
_PERIOD_WORDS = frozenset({"年度", "本年度", "当年", "中期", "长期", "中长期"})
#: `其他` beside a money label in a row of labels: the other funds' column.
_OTHER_WORDS = frozenset({"其他", "其它", "其他来源"})
#: Place words under a spanning 财政资金 label: the funding split.
_PLACE_RE = re.compile(r"^(?:中央|省级?|市级?|县级?|区级?|乡镇|本级|上级)(?:资金|财政)?$")


#: The columns of a task block (财预〔2013〕53号's 部门整体支出绩效目标申报表: 年度主要任务).
_TASK_NAME_LABELS = frozenset({"任务名称", "主要任务", "重点任务", "工作任务"})
_TASK_CONTENT_LABELS = frozenset({"主要内容", "任务内容", "工作内容", "具体内容"})
#: The row closing a task block: its amounts are the table's budget.
_TASK_TOTAL_LABELS = frozenset({"金额合计", "合计", "总计", "资金合计", "预算合计"})
#: Amount columns under the block's money label: the total of the row, then its parts.
_TASK_TOTAL_COLUMNS = frozenset({"小计", "合计", "总额", "总计", "金额", "预算金额"})


@dataclass
class _TaskTable:
    """The 年度主要任务 block of a department-wide table: 任务名称 | 主要内容 | 预算金额 (小计 |
    财政拨款 | 其他资金), one row per task, closed by a 金额合计 row.

    Each task is kept as a detail (its name over its content, as written; no rule checks a
    task's own amounts); the amounts of the closing row are the table's budget. Read as such, a
    task's content is never taken for a budget figure, nor the block's label for a field."""

    name_col: int
    content_col: int
    #: The money label over the amounts (`年度预算金额(万元)`): its column, text and money unit.
    money_col: int | None
    money_label: str
    money_unit: str | None
    #: Amount column → budget field, from the row of amount labels under the money label.
    amounts: dict[int, tuple[str, HeaderField]] = field(default_factory=dict)
    closed: bool = False

    @staticmethod
    def start(cells: Sequence[str]) -> _TaskTable | None:
        """The block, when `cells` is its header row (`年度主要任务 | 任务名称 | 主要内容 | …`)."""
        keys = [normalize_label(c) for c in cells]
        name = next((i for i, k in enumerate(keys) if k in _TASK_NAME_LABELS), None)
        content = next((i for i, k in enumerate(keys) if k in _TASK_CONTENT_LABELS), None)
        if name is None or content is None or content <= name:
            return None
        for col in range(content + 1, len(cells)):
            label = read_label(cells[col])
            if label is not None and label.field in _BUDGET_FIELDS:
                return _TaskTable(name, content, col, cells[col], label.money_unit)
        return _TaskTable(name, content, None, "", None)

    def row(self, mapper: _HeaderMapper, r: int, cells: Sequence[str]) -> bool:
        """Read one row of the block; False once it is closed (the row is the mapper's)."""
        if self.closed:
            return False
        keys = [normalize_label(c) for c in cells]
        if any(k in _TASK_TOTAL_LABELS for k in keys):
            self._close(mapper, r, cells)
            return True
        if not self.amounts and self._amount_labels(cells):
            return True
        name = cells[self.name_col] if self.name_col < len(cells) else ""
        first = next((c for c in cells if clean(c)), "")
        if not clean(name) or (first is not name and read_label(first) is not None):
            self.closed = True  # a row the block does not hold: the header goes on
            return False
        content = cells[self.content_col] if self.content_col < len(cells) else ""
        if clean(content):
            mapper.details.append((name, content, CellRef(r, self.content_col)))
        return True

    def _amount_labels(self, cells: Sequence[str]) -> bool:
        """The row of amount labels under the money label (`小计 | 财政拨款 | 其他资金`)."""
        found: dict[int, tuple[str, HeaderField]] = {}
        for col, cell in enumerate(cells):
            key = normalize_label(cell)
            if not key:
                continue
            if key in _TASK_TOTAL_COLUMNS:
                found[col] = (clean(cell), "total")
                continue
            label = read_label(cell)
            if label is None or label.field not in _BUDGET_FIELDS:
                return False
            found[col] = (clean(cell), label.field)
        if not found:
            return False
        self.amounts = found
        return True

    def _close(self, mapper: _HeaderMapper, r: int, cells: Sequence[str]) -> None:
        self.closed = True
        columns: dict[int, tuple[str, HeaderField]] = dict(self.amounts)
        if not columns and self.money_col is not None:
            columns[self.money_col] = (clean(self.money_label), "total")
        if self.money_unit and mapper.money_unit_tag is None:
            mapper.money_unit_tag = self.money_unit  # `年度预算金额(万元)`: the table's unit
        for col, (raw, kind) in columns.items():
            if col < len(cells):
                ref = CellRef(r, col)
                mapper.put(Label(kind, 0), raw, cells[col], ref, ref)


def join_subtotals(groups: list[list[T]], filled: Callable[[list[T]], bool]) -> list[list[T]]:
    """The project groups of a flat table, its subtotal rows joined to the project after them.

    A group of one row that holds no project's data (`filled` says whether it does: an
    indicator, and for some readers a project's name) followed by another group is a subtotal —
    the unit's line of a budget system's export (`820-马踏镇部门 | 8,827,620.53`) — not a
    project: it goes with the group after it, which may take its unit (of two such lines in a
    row, the one nearer the project: 部门 above 单位). Every reader of flat tables groups their
    rows with this, so they agree on what a project is.
    """
    kept: list[list[T]] = []
    pending: list[T] = []
    for group in groups:
        if len(group) == 1 and not filled(group):
            pending = group
            continue
        kept.append(pending + group)
        pending = []
    if pending:
        kept.append(pending)
    return kept


def _sub_money_label(cell: str) -> bool:
    text = normalize_label(cell)
    return bool(_PLACE_RE.match(text)) or text in _OTHER_WORDS or read_label(cell) is not None


#: A list number in front of a line (`一、`, `(二)`, `3.`).
_LIST_NUMBER_RE = re.compile(
    r"^\s{0,8}(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[、.．])"
)


def _empty_before_labelled(cell: str, following: str) -> bool:
    """A label closed by its colon with nothing after it, beside a cell labelled in itself
    (`政府性基金拨款: | 项目支出:77`): the next cell is not this label's value."""
    return clean(cell).endswith((":", "：")) and bool(
        _LABELLED_AMOUNT_RE.fullmatch(clean(following))
    )


#: A cell holding a label and its amount: `项目支出:77`, `基本支出：875.22万元`.
_LABELLED_AMOUNT_RE = re.compile(r"[^:：0-9]{1,20}[:：]\s*[0-9][0-9.,]*\s*(?:万元|元)?")


def _labelled_lines(text: str) -> list[tuple[int, Label, str, str]]:
    """The lines of a cell that are `label：value` (list numbers aside), with their index, label,
    label text and value; [] unless most of its non-blank lines are, the first among them."""
    found: list[tuple[int, Label, str, str]] = []
    lines = text.split("\n")
    if len(lines) < 2 or len(lines) > 40:
        return []
    filled = 0
    for index, line in enumerate(lines):
        if not clean(line):
            continue
        filled += 1
        body = _LIST_NUMBER_RE.sub("", line)
        inline = inline_label(body)
        if inline is None:
            if filled == 1:
                return []
            continue
        label, value = inline
        found.append((index, label, re.split("[:：]", body, maxsplit=1)[0], value))
    return found if len(found) >= 2 and 2 * len(found) >= filled else []


def _looks_like_unit(cell: str) -> bool:
    """An unlabelled 预算单位 line atop the table: `471001怀来县工业和信息化局`."""
    return bool(_UNIT_LINE_RE.match(cell)) and len(clean(cell)) <= 60


#: Short text without digits or sentence punctuation: a label we do not know.
_LABEL_LIKE_RE = re.compile(r"^[\u4e00-\u9fa5()（）、及和与或/]{2,16}[:：]?$")


def _place_amount(cell: str, value: str) -> bool:
    """A bare place word (`中央`, `省级`, `本级`) beside an amount: a line of the funding split
    written without its 资金 (a spanning 财政资金 label above it, or none)."""
    return bool(_PLACE_RE.match(normalize_label(cell))) and parse_amount(value) is not None


def _label_like(cell: str) -> bool:
    return bool(_LABEL_LIKE_RE.match(clean(cell)))


def _fields_of_unknown(label: str) -> list[str]:
    """Which fields an unknown label may hold, by its words (S003 stays silent on them)."""
    text = normalize_label(label)
    fields = []
    if "名称" in text:
        fields.append("name")
    if re.search(r"资金|预算|金额|投资|经费", text):
        fields.append("budget.total")
    if "目标" in text and "指标" not in text:
        fields.append("goals")
    if "编码" in text or "代码" in text:
        fields.append("code")
    if "用途" in text:
        fields.append("purpose")
    return fields


def map_header(rows: Sequence[Sequence[str]]) -> Mapped:
    """Map the header rows of a project table (unit line, 项目编码 … 绩效目标) to `Project` data.

    Labels are found anywhere in a row: a label's value is the next cell, or the cell below when a
    whole row holds labels. A row whose first cell is empty continues the (vertically merged)
    label above it: under 预算规模及资金用途 that is 资金用途. 资金支出计划 takes its checkpoints
    from the cells beside it and their percentages from the row below. Relative pointers in
    `refs` are those of `Project` (`/code`, `/budget/total`, `/spending_plan/0/percent`).
    Labels it cannot map go to `reading.unmapped` (with the cell beside them).
    """
    mapper = _HeaderMapper()
    for r, cells in enumerate(rows):
        kind = row_kind(cells)
        if kind in ("footer", "minor", "empty"):
            continue
        if kind == "title":
            filled = _filled(cells)
            mapper.out.data.setdefault("heading", cells[filled[0]])
            mapper.out.refs.setdefault("/heading", CellRef(r, filled[0]))
            continue
        mapper.row(r, cells)
    result = mapper.result()
    if mapper.unmapped:
        reading = result.data.setdefault("reading", {})
        reading["unmapped"] = []
        for index, (label, value, fields, ref) in enumerate(mapper.unmapped):
            item: dict[str, Any] = {"label": clean(label), "fields": fields}
            if value is not None:
                item["value"] = value
            reading["unmapped"].append(item)
            result.refs[f"/reading/unmapped/{index}"] = ref
    return result


# -- the indicator table ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorColumn:
    """One physical column of an indicator table: what it holds, its period group, its label.

    `project` is set for a column of a project field (项目名称, 资金总额 …) in a flat table that
    holds several projects' rows; `field` is None for a column kept as `extra` (or empty).
    """

    field: IndicatorField | None
    period: Period | None
    label: str
    project: Label | None = None


@dataclass(frozen=True, slots=True)
class IndicatorLayout:
    """An indicator table's header: its columns, and how many rows (from `first`) it takes."""

    columns: tuple[IndicatorColumn, ...]
    first: int
    rows: int
    transposed: bool = False

    @property
    def fields(self) -> tuple[IndicatorField | None, ...]:
        return tuple(c.field for c in self.columns)

    @property
    def project_columns(self) -> dict[int, Label]:
        return {i: c.project for i, c in enumerate(self.columns) if c.project is not None}


def indicator_columns(cells: Sequence[str]) -> tuple[IndicatorField | None, ...] | None:
    """The field of each column when the row is an indicator-table header, else None.

    A header names a value column and at least one of 一级/二级/三级; columns it does not know
    (序号, 备注) map to None and are ignored; a field named twice takes the first column.
    """
    columns = tuple(_column(cell) for cell in cells)
    fields = tuple(c.field if c is not None and c.field != "extra" else None for c in columns)
    present = {f for f in fields if f is not None}
    if "value" not in present or not present & {"level1", "level2", "name"}:
        return None
    at = _unnamed_level1(fields, cells)
    if at is not None:
        fields = (*fields[:at], "level1", *fields[at + 1 :])
    return fields


#: Words of a column head that names a level of classes (`级指标`, `指标类别`).
_LEVEL_HEAD_RE = re.compile(r"级|指标|类")


def _unnamed_level1(fields: Sequence[str | None], labels: Sequence[str]) -> int | None:
    """The column of a 一级 whose head we cannot read — the copy mangled it (`级指标`) or the
    template names it otherwise (`指标类别`) — when it stands right left of the 二级 and the
    table has no other 一级 column."""
    if "level2" not in fields or "level1" in fields:
        return None
    at = fields.index("level2") - 1
    if at >= 0 and fields[at] in (None, "extra") and _LEVEL_HEAD_RE.search(clean(labels[at])):
        return at
    return None


def _column(cell: str) -> Column | None:
    return read_column(cell) if clean(cell) else None


def _is_header_row(cells: Sequence[str]) -> bool:
    """An indicator header: a value column and 一级/二级/三级; or, for tables whose values are
    split over columns we cannot name (one per place), 三级 with 一级/二级 and unknown columns."""
    columns = [_column(cell) for cell in cells]
    present = {c.field for c in columns if c is not None}
    levels = present & {"level1", "level2", "name"}
    if "value" in present and levels:
        return True
    unknown = sum(
        1
        for c, cell in zip(columns, cells, strict=True)
        if (c is None or c.field == "extra") and clean(cell)
    )
    return "name" in present and len(levels) >= 2 and unknown >= 1


def _spread(upper: Sequence[str], lower: Sequence[str]) -> list[tuple[str, str]]:
    """Pair two header rows cell by cell where the upper one has horizontally merged cells: an
    upper cell over non-empty lower cells spans as many as the surplus of cells allows."""
    n, m = len(upper), len(lower)
    if n >= m:
        return [(upper[k], lower[k] if k < m else "") for k in range(n)]
    out: list[tuple[str, str]] = []
    surplus = m - n
    i = j = 0
    while j < m:
        top = upper[i] if i < n else ""
        if not clean(lower[j]) or surplus == 0:
            out.append((top, lower[j]))
            i += 1
            j += 1
            continue
        run = 1
        while run <= surplus and j + run < m and clean(lower[j + run]):
            run += 1
        out.extend((top, lower[j + k]) for k in range(run))
        surplus -= run - 1
        i += 1
        j += run
    return out


def indicator_layout(rows: Sequence[Sequence[str]], start: int) -> IndicatorLayout | None:
    """The indicator header at row `start`, read with the header rows around it, or None."""
    cells = rows[start]
    transposed = _transposed_layout(rows, start)
    if transposed is not None:
        return transposed
    if not _is_header_row(cells):
        return None
    first, count = start, 1
    pairs: list[tuple[str, str]] = [(cell, "") for cell in cells]
    below = rows[start + 1] if start + 1 < len(rows) else None
    above = rows[start - 1] if start > 0 else None
    split = below is not None and _splits_value(cells, below)
    if below is not None and (split or _is_sub_header(below)):
        pairs = _spread(cells, below)
        count = 2
    elif above is not None and _leading_empty(cells) and _is_label_row(above):
        pairs = _spread(above, cells)
        first, count = start - 1, 2
    columns = _periods([_combine(upper, lower) for upper, lower in pairs])
    if split:
        # 区域目标值 over 新罗区 | 永定区 | …: one value column per place, none the table's own
        columns = [
            IndicatorColumn("extra", None, c.label) if c.field == "value" and clean(lower) else c
            for c, (_, lower) in zip(columns, pairs, strict=True)
        ]
    at = _unnamed_level1([c.field for c in columns], [upper for upper, _ in pairs])
    if at is not None:
        columns[at] = IndicatorColumn("level1", None, columns[at].label)
    fields = {c.field for c in columns}
    if "name" not in fields and "description" in fields:
        # 一级 | 二级 | 指标内容 | 指标值: the one text column is the 三级 name
        at = next(i for i, c in enumerate(columns) if c.field == "description")
        columns[at] = IndicatorColumn("name", columns[at].period, columns[at].label)
    return IndicatorLayout(tuple(columns), first, count)


def _leading_empty(cells: Sequence[str]) -> int:
    count = 0
    for cell in cells:
        if clean(cell):
            break
        count += 1
    return count


def _is_label_row(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if clean(c)]
    return len(filled) >= 2 and all(read_label(c) or _column(c) for c in filled)


def _splits_value(header: Sequence[str], below: Sequence[str]) -> bool:
    """`below` splits the header's last column, a value column, into named columns of their
    own (`区域目标值` over one column per county): a wider row, empty up to that column, whose
    cells are names — no figure, no column label of ours."""
    filled = _filled(header)
    if not filled or len(below) <= len(header):
        return False
    last = filled[-1]
    column = _column(header[last])
    if column is None or column.field != "value" or _leading_empty(below) < last:
        return False
    names = [c for c in below if clean(c)]
    return len(names) >= 2 and all(
        not re.search(r"[0-9%％]", c) and _column(c) is None and not is_sub_label(c) for c in names
    )


def _is_sub_header(cells: Sequence[str]) -> bool:
    """A second header row: sub-labels under spanning cells, no 三级 name or value."""
    filled = [c for c in cells if clean(c)]
    return bool(filled) and all(is_sub_label(c) for c in filled)


def _combine(upper: str, lower: str) -> IndicatorColumn:
    """One column from the cells of two header rows over it (`lower` '' for a one-row header):
    the lower cell names the column where it is a column label of its own (一级指标 under a
    spanning 绩效指标); otherwise the upper one does, the lower one giving its period or saying
    it is a history column (`指标值` over `2021年实际实现值 | 预期2022年实现值`)."""
    label = "/".join(clean(x) for x in (upper, lower) if clean(x))
    top, low = _column(upper), _column(lower)
    if low is not None and (top is None or low.field not in ("value", "extra")):
        return IndicatorColumn(low.field, low.period or (top.period if top else None), label)
    if top is not None:
        period = (low.period if low is not None else None) or top.period
        if clean(lower) and period is None:
            period = _sub_period(lower)
        return IndicatorColumn(top.field, period, label)
    if clean(lower):
        return IndicatorColumn("extra", None, label)
    project = read_label(upper) if clean(upper) else None
    if project is not None and project.field in ("code", "name", "total", "goals", "unit"):
        return IndicatorColumn(None, None, label, project)
    if project is not None and project.field == "ignored":
        return IndicatorColumn(None, None, label, project)  # 单位代码 beside the project columns
    if project is not None and project.field == "group":
        return IndicatorColumn(None, None, label)  # 绩效指标 over the label column
    return IndicatorColumn("extra" if clean(upper) else None, None, label)


def _sub_period(sub: str) -> Period | None:
    text = clean(sub)
    if re.search(r"中期|长期|实施期", text):
        return "mid"
    if re.search(r"年度|当年|本年", text):
        return "annual"
    return None


#: Fields a 中期/年度 table writes once per group.
_GROUPED: tuple[IndicatorField, ...] = (
    "level2",
    "name",
    "value",
    "description",
    "basis",
    "unit",
    "operator",
)


def _periods(columns: list[IndicatorColumn]) -> list[IndicatorColumn]:
    """Columns written twice without a period (二级 | 三级 | 指标值 | 二级 | 三级 | 指标值) are the
    中期 group then the 年度 group, as templates order them; a history column is never a value."""
    out = list(columns)
    for name in _GROUPED:
        where = [i for i, c in enumerate(out) if c.field == name and c.period is None]
        if len(where) == 2:
            out[where[0]] = IndicatorColumn(name, "mid", out[where[0]].label)
            out[where[1]] = IndicatorColumn(name, "annual", out[where[1]].label)
    return out


def _level_names(cells: Sequence[str], level: int) -> list[int] | None:
    """The columns (after the first) naming taxonomy 一级 (level 1) or 二级 (level 2) entries, when
    every filled cell after the first does; else None."""
    filled = [i for i in _filled(cells) if i > 0]
    if not filled:
        return None
    allowed = set(TAXONOMY) if level == 1 else {n for names in TAXONOMY.values() for n in names}
    for i in filled:
        if canonical(normalize_label(cells[i])) not in allowed:
            return None
    return filled


def _transposed_layout(rows: Sequence[Sequence[str]], start: int) -> IndicatorLayout | None:
    """A table whose indicators are columns: 一级, 二级 and 三级 as three header rows."""
    if start + 2 >= len(rows):
        return None
    top, mid, names = rows[start], rows[start + 1], rows[start + 2]
    if _level_names(top, 1) is None or _level_names(mid, 2) is None:
        return None
    columns = [IndicatorColumn(None, None, clean(top[0]) if top else "")]
    columns += [IndicatorColumn("name", None, clean(name)) for name in names[1:]]
    return IndicatorLayout(tuple(columns), start, 3, transposed=True)


def transposed_levels(
    rows: Sequence[Sequence[str]], layout: IndicatorLayout
) -> list[tuple[str, str, str, CellRef, CellRef, CellRef]]:
    """The (一级, 二级, 三级) of each column of a transposed table, with the cell of each."""
    top, mid, names = (rows[layout.first + k] for k in range(3))
    owner1 = _owners(top, mid)
    owner2 = _owners(mid, names)
    out = []
    for col in range(1, len(names)):
        c2 = owner2[col] if col < len(owner2) else len(mid) - 1
        c1 = owner1[c2] if c2 < len(owner1) else len(top) - 1
        one = top[c1] if c1 < len(top) else ""
        two = mid[c2] if c2 < len(mid) else ""
        out.append(
            (
                one,
                two,
                names[col],
                CellRef(layout.first, c1),
                CellRef(layout.first + 1, c2),
                CellRef(layout.first + 2, col),
            )
        )
    return out


def _owners(upper: Sequence[str], lower: Sequence[str]) -> list[int]:
    """For each lower cell, the index of the upper cell spanning it (see `_spread`)."""
    n, m = len(upper), len(lower)
    if n >= m:
        return list(range(m))
    owners: list[int] = []
    surplus = m - n
    i = j = 0
    while j < m:
        if not clean(lower[j]) or surplus == 0:
            owners.append(min(i, n - 1))
            i += 1
            j += 1
            continue
        run = 1
        while run <= surplus and j + run < m and clean(lower[j + run]):
            run += 1
        owners.extend([min(i, n - 1)] * run)
        surplus -= run - 1
        i += 1
        j += run
    return owners


def _title_text(cells: Sequence[str]) -> str:
    filled = _filled(cells)
    return clean(cells[filled[0]]) if filled else ""


def is_list_table(rows: Sequence[Sequence[str]]) -> bool:
    """A table of records under one row of column labels (安排表, 任务清单, 分配明细): each row
    below is one item, and no row is an indicator header. Not a target table."""
    body = [r for r, cells in enumerate(rows) if row_kind(cells) == "cells"]
    if len(body) < 3:
        return False
    head = rows[body[0]]
    filled = [c for c in head if clean(c)]
    if len(filled) < 3 or not all(read_label(c) or _column(c) or _label_like(c) for c in filled):
        return False
    if any(indicator_layout(rows, r) is not None for r in body[:4]):
        return False
    items = [rows[r] for r in body[1:]]
    return all(
        _TOTAL_RE.match(clean(cells[0]))
        or (read_label(cells[0]) is None and abs(len(cells) - len(head)) <= 2)
        for cells in items
        if cells
    )


_TOTAL_RE = re.compile(r"^(?:合计|总计|小计|共计)")


def is_project_table(
    rows: Sequence[Sequence[str]], limit: int = 12, *, identity: bool = False
) -> bool:
    """Whether the first rows of a table look like a 绩效目标表 (project labels, an indicator
    header, or a target table's title row). With `identity`, an indicator header alone does not
    do (a small table of targets inside Part 1's text)."""
    if is_list_table(rows[: 4 * limit]):
        return False
    for r, cells in enumerate(rows[:limit]):
        kind = row_kind(cells)
        if (kind == "title" and (not identity or _title_text(cells).endswith("表"))) or (
            not identity and indicator_layout(rows, r) is not None
        ):
            return True
        for cell in cells:
            found = read_label(cell)
            if found is None:
                inline = inline_label(cell)
                found = inline[0] if inline is not None else None
            if found is not None and found.field in ("code", "name", "total", "goals", "plan"):
                return True
    return False


def first_cells_row(rows: Sequence[Sequence[str]]) -> int | None:
    """The first row of cells (no title, 单位 line or footer): a list's or a tree's labels."""
    return next((r for r, cells in enumerate(rows) if row_kind(cells) == "cells"), None)


def packed_project_rows(rows: Sequence[Sequence[str]]) -> tuple[int, list[int]] | None:
    """A list of projects under one row of column labels, each packing its goal and indicators
    in its 绩效目标 cell (`【总体目标】…【产出指标-数量指标】指标1:机柜数量(≥77台)`), as some
    disclosures print a department's projects: the label row's index and the project rows';
    None for any other table. Rows without such a cell (a unit's or a category's subtotal) are
    no project."""
    head_at = first_cells_row(rows)
    if head_at is None:
        return None
    labels = [read_label(text) if clean(text) else None for text in rows[head_at]]
    goals = next((i for i, label in enumerate(labels) if label and label.field == "goals"), None)
    if goals is None:
        return None
    found = [
        at
        for at in range(head_at + 1, len(rows))
        if goals < len(rows[at]) and bracket_sections(rows[at][goals]) is not None
    ]
    return (head_at, found) if found else None


def project_labels(rows: Sequence[Sequence[str]]) -> set[HeaderField]:
    """The identity fields (项目编码, 项目名称) a table labels: a second one starts a new project."""
    found: set[HeaderField] = set()
    for cells in rows:
        for cell in cells:
            label = read_label(cell)
            if label is not None and label.field in ("code", "name") and label.rank <= 2:
                found.add(label.field)
    return found


def _row_data(
    columns: Sequence[IndicatorColumn], cells: Sequence[str], period: Period | None
) -> tuple[dict[str, Any], dict[str, CellRef], int]:
    """One indicator of a row for one period group: its fields and the column of each."""
    data: dict[str, Any] = {}
    refs: dict[str, int] = {}
    extra: dict[str, str] = {}
    for col, column in enumerate(columns):
        if col >= len(cells):
            break
        kind = column.field
        if kind is None or column.project is not None:
            continue
        if column.period not in (None, period) and not (
            period is None and column.period == "annual"
        ):
            continue  # the other group's column (a plain table takes the annual one)
        if kind == "extra":
            if clean(cells[col]):
                extra[column.label or f"第{col + 1}列"] = cells[col]
            continue
        if kind in data:
            continue
        data[kind] = cells[col]
        refs[kind] = col
    if extra:
        data["extra"] = extra
    first = min(refs.values(), default=0)
    return data, {k: CellRef(0, v) for k, v in refs.items()}, first


def _place_columns(columns: Sequence[IndicatorColumn]) -> list[int]:
    """The columns of a table that writes its values once per place (one column per township
    or county, no 指标值 column of its own): the unknown columns, when there are several."""
    if any(c.field == "value" for c in columns):
        return []
    found = [
        i
        for i, c in enumerate(columns)
        if c.field == "extra" and c.project is None and label_key(c.label) not in INDICATOR_LABELS
    ]
    return found if len(found) >= 2 else []


def _shared_value(cells: Sequence[str], places: Sequence[int]) -> int | None:
    """The column of a row's value when every place writes the same one (`1 | 1 | 1`): the
    target the table sets for all of them. None when they differ or one is blank."""
    if not places or any(i >= len(cells) or not clean(cells[i]) for i in places):
        return None
    first = clean(cells[places[0]])
    return places[0] if all(clean(cells[i]) == first for i in places[1:]) else None


def _is_filled(data: dict[str, Any]) -> bool:
    return any(clean(data.get(k)) for k in ("name", "value", "description"))


class _Levels:
    """Merged 一级/二级 cells: an empty cell continues the label above it. A 一级 written again
    with the name in force (its label placed in the middle of a merged block) does not start a
    new block."""

    def __init__(self) -> None:
        self.above: dict[str, tuple[str, CellRef]] = {}

    def fill(self, data: dict[str, Any], refs: dict[str, CellRef]) -> None:
        written1 = data.get("level1")
        if written1 is not None and clean(written1):
            held = self.above.get("level1")
            if held is None or canonical(held[0]) != canonical(written1):
                self.above.pop("level2", None)  # a new 一级 block
            self.above["level1"] = (written1, refs["level1"])
        elif "level1" in self.above:
            data["level1"], refs["level1"] = self.above["level1"]
        written2 = data.get("level2")
        if written2 is not None and clean(written2):
            self.above["level2"] = (written2, refs["level2"])
        elif "level2" in self.above:
            data["level2"], refs["level2"] = self.above["level2"]


def map_indicators(
    layout: IndicatorLayout | Sequence[IndicatorField | None], rows: Sequence[Sequence[str]]
) -> Mapped:
    """Map indicator rows under a header (from `indicator_layout`) to `Indicator` data.

    An empty 一级 cell continues the 一级 of the row above (a merged cell), and so does an empty
    二级 cell when its 一级 was continued too; the value is stored and its ref points at the
    cell where it was written. Rows at the top of a table whose 一级 label sits lower down in its
    merged block take that label. Rows with no text at all are dropped; a repeated header is
    skipped. A 中期 group is mapped beside the annual one into `mid_term.indicators`.
    """
    if not isinstance(layout, IndicatorLayout):
        layout = IndicatorLayout(
            tuple(IndicatorColumn(f, None, "") for f in layout), first=0, rows=1
        )
    columns = _retype(layout.columns, rows)
    has_mid = any(c.period == "mid" for c in columns)
    out = Mapped(data={"indicators": []})
    groups: list[tuple[Period | None, str, list[dict[str, Any]], _Levels]] = [
        (None if not has_mid else "annual", "/indicators", out.data["indicators"], _Levels())
    ]
    mid_rows: list[dict[str, Any]] = []
    if has_mid:
        groups.append(("mid", "/mid_term/indicators", mid_rows, _Levels()))
    header = [c.label for c in columns]
    kept = [i for i, c in enumerate(columns) if c.project is None and c.field is not None]
    places = _place_columns(columns)
    overflow: list[tuple[str, CellRef]] = []
    rows = _back_fill_rows(columns, rows, kept)
    for r, cells in enumerate(rows):
        if not any(clean(cells[i]) for i in kept if i < len(cells)):
            continue
        if _repeats_header(cells, header) or row_kind(cells) == "footer":
            continue
        overflow += [
            (cells[col], CellRef(r, col))
            for col in range(len(columns), len(cells))
            if clean(cells[col])
        ]
        for period, base, target, levels in groups:
            data, refs, first = _row_data(columns, cells, period)
            refs = {k: CellRef(r, ref.col) for k, ref in refs.items()}
            shared = _shared_value(cells, places) if "value" not in data else None
            if shared is not None:
                data["value"] = cells[shared]
                refs["value"] = CellRef(r, shared)
            if period == "mid" and not any(
                clean(v) for k, v in data.items() if k not in ("level1", "extra")
            ):
                continue
            levels.fill(data, refs)
            k = len(target)
            lead = next((col for col, cell in enumerate(cells) if clean(cell)), first)
            out.refs[f"{base}/{k}"] = CellRef(r, lead)
            for name, ref in refs.items():
                out.refs[f"{base}/{k}/{name}"] = ref
            target.append(data)
    if has_mid:
        _choose_period(out, mid_rows)
    if overflow:
        # a row with more cells than its header: what the extra cells hold was not read
        reading = out.data.setdefault("reading", {})
        reading["unmapped"] = []
        for index, (text, ref) in enumerate(overflow):
            reading["unmapped"].append({"label": "表头之外的单元格", "value": text})
            out.refs[f"/reading/unmapped/{index}"] = ref
    return out


_LEVEL1_NAMES = frozenset(TAXONOMY)
_LEVEL2_NAMES = frozenset(n for names in TAXONOMY.values() for n in names)


def _retype(
    columns: Sequence[IndicatorColumn], rows: Sequence[Sequence[str]]
) -> tuple[IndicatorColumn, ...]:
    """Columns named by their contents where the header's label says otherwise: a column whose
    cells are 一级 names is the 一级 (`指标类型 | 产出指标`), one whose cells are 二级 names is
    the 二级 (`指标名称 | 数量指标`) — when the table has no column of that level already."""
    out = list(columns)
    fields = {c.field for c in out}
    levels: tuple[tuple[IndicatorField, frozenset[str]], ...] = (
        ("level1", _LEVEL1_NAMES),
        ("level2", _LEVEL2_NAMES),
    )
    for level, names in levels:
        if level in fields:
            continue
        for col, column in enumerate(out):
            if column.field not in ("value_type", "name", "extra", None) or column.project:
                continue
            cells = [clean(r[col]) for r in rows if col < len(r) and clean(r[col])]
            if len(cells) >= 2 and sum(canonical(c) in names for c in cells) >= 0.6 * len(cells):
                out[col] = IndicatorColumn(level, column.period, column.label)
                fields.add(level)
                break
    return tuple(out)


def _repeats_header(cells: Sequence[str], header: Sequence[str]) -> bool:
    if indicator_columns(cells) is not None:
        return True
    texts = [clean(c) for c in cells if clean(c)]
    labels = [clean(h) for h in header if clean(h)]
    return bool(texts) and texts == labels[: len(texts)] and len(texts) >= 3


def _back_fill_rows(
    columns: Sequence[IndicatorColumn], rows: Sequence[Sequence[str]], kept: Sequence[int]
) -> list[list[str]]:
    """Rows at the top with no 一级 take the first 一级 written below them, when their 二级 fit
    it: the label of a vertically merged cell may sit in the middle of its block (湖北 批复表).
    The label is copied into the cells (the first row's cell then refers to where it was)."""
    out = [list(cells) for cells in rows]
    at1 = next((i for i, c in enumerate(columns) if c.field == "level1"), None)
    if at1 is None:
        return out
    at2 = [i for i, c in enumerate(columns) if c.field == "level2"]
    lead = 0
    while lead < len(out) and not (at1 < len(out[lead]) and clean(out[lead][at1])):
        lead += 1
    if lead == 0 or lead == len(out):
        return out
    label = out[lead][at1]
    one = canonical(label)
    for cells in out[:lead]:
        for i in at2:
            two = canonical(cells[i]) if i < len(cells) else ""
            if two and one in TAXONOMY and two not in TAXONOMY[one]:
                return out
    first = next(
        (r for r in range(lead) if any(clean(out[r][i]) for i in kept if i < len(out[r]))), None
    )
    if first is not None and at1 < len(out[first]):
        out[first][at1] = label
    return out


def _choose_period(out: Mapped, mid_rows: list[dict[str, Any]]) -> None:
    """Keep the 中期 group; when the annual group is left empty and the 中期 one is filled, the
    中期 rows are read as the table's indicators (and the empty annual rows are kept instead)."""
    annual = out.data["indicators"]
    if not any(_is_filled(row) for row in annual) and any(_is_filled(row) for row in mid_rows):
        out.data["indicators"], mid_rows = mid_rows, annual
        swapped: dict[str, CellRef] = {}
        for key, ref in out.refs.items():
            if key.startswith("/indicators"):
                swapped["/mid_term" + key] = ref
            elif key.startswith("/mid_term/indicators"):
                swapped[key[len("/mid_term") :]] = ref
            else:
                swapped[key] = ref
        out.refs = swapped
        out.data.setdefault("reading", {}).setdefault("annual_empty", []).append("indicators")
    if mid_rows:
        out.data["mid_term"] = {"indicators": mid_rows}


def map_transposed(layout: IndicatorLayout, rows: Sequence[Sequence[str]]) -> list[Mapped]:
    """A table whose indicators are columns: one project per value row (its first cell names
    the unit), or one project with the indicators and no values when there is no value row."""
    levels = transposed_levels(rows, layout)
    data_rows = [
        r
        for r in range(layout.first + layout.rows, len(rows))
        if any(clean(c) for c in rows[r]) and row_kind(rows[r]) != "footer"
    ]
    results: list[Mapped] = []
    value_rows: list[int | None] = list(data_rows) or [None]
    for r in value_rows:
        out = Mapped(data={"indicators": []})
        indicators: list[dict[str, Any]] = out.data["indicators"]
        for k, (one, two, name, ref1, ref2, ref3) in enumerate(levels):
            col = ref3.col
            item = {"level1": one, "level2": two, "name": name}
            out.refs[f"/indicators/{k}"] = ref3
            out.refs[f"/indicators/{k}/level1"] = ref1
            out.refs[f"/indicators/{k}/level2"] = ref2
            out.refs[f"/indicators/{k}/name"] = ref3
            if r is not None:
                item["value"] = rows[r][col] if col < len(rows[r]) else ""
                out.refs[f"/indicators/{k}/value"] = CellRef(r, col)
            indicators.append(item)
        if r is not None and clean(rows[r][0]):
            out.data["unit"] = rows[r][0]
            out.refs["/unit"] = CellRef(r, 0)
        results.append(out)
    return results


def label_of(cell: str) -> str:
    """The normalised label of a cell (for messages)."""
    return label_key(cell) or clean(cell)
