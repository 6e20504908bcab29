"""The label vocabulary of a 绩效目标表: header labels and indicator columns → model fields.

One mapping for every reader: it takes cell strings (rows of them) and returns model data plus the
cell each value came from, so the Word text-export importer and later .docx/.xlsx readers share one
list of synonyms (domain.md §1, "Layouts seen elsewhere") instead of each hard-coding the seed.

A cell is named by a `CellRef` (row and column in the rows given, and optionally a line inside the
cell); each reader turns that into its own location (a text line, `表3 第5行 第2列`, `Sheet1!E14`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from checker.values import clean

HeaderField = Literal[
    "unit",
    "money_unit",
    "code",
    "name",
    "period",
    "total",
    "fiscal",
    "other",
    "source",
    "purpose",
    "plan",
    "goals",
    "group",
    "ignored",
]
IndicatorField = Literal[
    "level1", "level2", "name", "description", "value", "basis", "unit", "operator", "score"
]

#: Header labels (normalised by `normalize_label`) → field and rank. When one table holds two
#: labels for one field (项目总预算 and 年度资金总额), the lower rank wins: the annual figure.
HEADER_LABELS: dict[str, tuple[HeaderField, int]] = {
    # project identity
    "项目编码": ("code", 0),
    "项目代码": ("code", 0),
    "项目编号": ("code", 1),
    "项目名称": ("name", 0),
    "项目支出名称": ("name", 0),
    "项目全称": ("name", 1),
    "预算单位": ("unit", 0),
    "单位名称": ("unit", 0),
    "申报单位": ("unit", 0),
    "填报单位": ("unit", 0),
    "实施单位": ("unit", 1),
    "主管部门": ("unit", 2),
    "主管部门及代码": ("unit", 2),
    "金额单位": ("money_unit", 0),
    "单位": ("money_unit", 1),
    "项目实施期": ("period", 0),
    "实施期": ("period", 0),
    "实施周期": ("period", 0),
    "项目周期": ("period", 1),
    "项目期限": ("period", 1),
    "实施期限": ("period", 1),
    "项目起止时间": ("period", 1),
    # budget
    "预算数": ("total", 0),
    "年度资金总额": ("total", 0),
    "年度本级预算金额": ("total", 0),
    "年度预算数": ("total", 0),
    "本年预算数": ("total", 0),
    "年度预算金额": ("total", 0),
    "预算金额": ("total", 1),
    "预算总额": ("total", 1),
    "资金总额": ("total", 1),
    "项目资金总额": ("total", 1),
    "项目总预算": ("total", 2),
    "项目总投资": ("total", 3),
    "财政资金": ("fiscal", 0),
    "财政拨款": ("fiscal", 0),
    "财政拨款资金": ("fiscal", 0),
    "财政性资金": ("fiscal", 0),
    "本级财政资金": ("fiscal", 1),
    "其他资金": ("other", 0),
    "其它资金": ("other", 0),
    "其他来源资金": ("other", 0),
    "其中其他资金": ("other", 0),
    "资金用途": ("purpose", 0),
    "项目资金用途": ("purpose", 0),
    "主要用途": ("purpose", 1),
    "资金支出计划": ("plan", 0),
    "支出计划": ("plan", 0),
    "资金支出进度": ("plan", 0),
    "支出进度计划": ("plan", 0),
    "资金支出进度计划": ("plan", 0),
    # goals
    "年度绩效目标": ("goals", 0),
    "年度目标": ("goals", 0),
    "绩效目标": ("goals", 1),
    "项目绩效目标": ("goals", 1),
    "总体目标": ("goals", 2),
    "总体绩效目标": ("goals", 2),
    "实施期目标": ("goals", 2),
    "实施期绩效目标": ("goals", 2),
    # labels that only group the cells beside or below them
    "预算规模及资金用途": ("group", 0),
    "预算规模": ("group", 0),
    "资金规模": ("group", 0),
    "资金来源": ("group", 0),
    "资金情况": ("group", 0),
    "项目资金": ("group", 0),
    "项目资金情况": ("group", 0),
    "资金投入": ("group", 0),
    "项目基本情况": ("ignored", 0),
    "项目负责人": ("ignored", 0),
    "联系电话": ("ignored", 0),
    "项目类型": ("ignored", 0),
    "项目属性": ("ignored", 0),
}

#: 中央/省级/市级/县级/区级资金 (and 中央财政补助资金 …): one line of the funding split.
_SOURCE_RE = re.compile(
    r"^(中央|省级|省|市级|市|县级|县|区级|区|乡镇|镇|街道)(财政)?(补助|专项)?资金$"
)

#: Indicator-table column labels (normalised) → `Indicator` field.
INDICATOR_LABELS: dict[str, IndicatorField] = {
    "一级指标": "level1",
    "一级": "level1",
    "一级指标名称": "level1",
    "二级指标": "level2",
    "二级": "level2",
    "二级指标名称": "level2",
    "三级指标": "name",
    "三级": "name",
    "三级指标名称": "name",
    "指标名称": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "指标内容": "description",
    "指标说明": "description",
    "绩效指标说明": "description",
    "指标定义": "description",
    "指标值": "value",
    "目标值": "value",
    "年度指标值": "value",
    "年度目标值": "value",
    "指标目标值": "value",
    "绩效指标值": "value",
    "预期指标值": "value",
    "预期目标值": "value",
    "全年指标值": "value",
    "指标值确定依据": "basis",
    "指标值设定依据": "basis",
    "确定依据": "basis",
    "设定依据": "basis",
    "取值依据": "basis",
    "指标取值依据": "basis",
    "绩效标准": "basis",
    "评价标准": "basis",
    "指标值说明": "basis",
    "计量单位": "unit",
    "度量单位": "unit",
    "单位": "unit",
    "指标性质": "operator",
    "计算符号": "operator",
    "符号": "operator",
    "比较符号": "operator",
    "运算符号": "operator",
    "指标方向": "operator",
    "分值": "score",
    "指标分值": "score",
    "权重": "score",
    "权重分值": "score",
}

#: Spending-plan cells whose first column is not the merged label but says what the row holds.
_PLAN_VALUE_LABELS = frozenset(
    {"%", "比例", "支出比例", "累计支出比例", "支出进度", "累计进度", "进度"}
)

#: Money units a `单位：…` cell can name; anything else after 单位 is the budget unit.
_MONEY_UNITS = frozenset({"万元", "元", "亿元", "千元"})

_BRACKET_SUFFIX_RE = re.compile(r"\([^()]*\)$")
_PREFIX_RE = re.compile(r"^(?:其中[:]?|\*|★)+")
_COLON_RE = re.compile(r"[:：]")
_UNIT_LINE_RE = re.compile(r"^\s*[0-9]{6}")
_GOAL_NUMBER_RE = re.compile(
    r"^\s*(?:[0-9]{1,2}\s*[.、．:：)）]|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]|目标\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]?|[①-⑳])"
)


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


def normalize_label(text: str) -> str:
    """A label as the vocabulary spells it: no whitespace, ASCII brackets, no `其中：`, no `（%）`.

    `其中：财政    资金` → `财政资金`; `资金支出计划（%）` → `资金支出计划`; `三级指标(必填)` → `三级指标`.
    """
    label = unicodedata.normalize("NFKC", clean(text))
    label = _PREFIX_RE.sub("", label)
    previous = None
    while previous != label:
        previous = label
        label = _BRACKET_SUFFIX_RE.sub("", label).rstrip(":：*★")
    return label


#: No label is longer than this (raw, spaces included): longer cells are values, not labels.
_MAX_LABEL = 64


@lru_cache(maxsize=8192)
def _label_key(text: str) -> str:
    """`normalize_label` for lookups: cached (labels repeat in every table), skipping long text."""
    return normalize_label(text) if len(text) <= _MAX_LABEL else ""


def header_label(text: str) -> tuple[HeaderField, int] | None:
    """The header field a cell labels (with its rank), or None when the cell is not a label."""
    label = _label_key(text)
    if not label:
        return None
    found = HEADER_LABELS.get(label)
    if found is not None:
        return found
    if _SOURCE_RE.match(label):
        return ("source", 0)
    return None


def _inline_label(text: str) -> tuple[HeaderField, int, str] | None:
    """A cell holding `label：value` (`项目名称：…`, `单位：万元`): field, rank and the raw value."""
    match = _COLON_RE.search(text)
    if match is None:
        return None
    found = header_label(text[: match.start()])
    value = text[match.end() :]
    if found is None or found[0] in ("group", "plan") or not clean(value):
        return None
    return found[0], found[1], value


def indicator_columns(cells: Sequence[str]) -> tuple[IndicatorField | None, ...] | None:
    """The field of each column when the row is an indicator-table header, else None.

    A header names a value column and at least one of 一级/二级/三级; columns it does not know
    (序号, 备注) map to None and are ignored; a field named twice takes the first column.
    """
    columns = tuple(INDICATOR_LABELS.get(_label_key(cell)) for cell in cells)
    present = {c for c in columns if c is not None}
    if "value" not in present or not present & {"level1", "level2", "name"}:
        return None
    return columns


def is_project_table(rows: Sequence[Sequence[str]], limit: int = 12) -> bool:
    """Whether the first rows of a table look like a 绩效目标表 (project labels or indicator header)."""
    for cells in rows[:limit]:
        if indicator_columns(cells) is not None:
            return True
        for cell in cells:
            found = header_label(cell) or _inline_label(cell)
            if found is not None and found[0] in ("code", "name", "total", "goals", "plan"):
                return True
    return False


def project_labels(rows: Sequence[Sequence[str]]) -> set[HeaderField]:
    """The identity fields (项目编码, 项目名称) a table labels: a second one starts a new project."""
    found: set[HeaderField] = set()
    for cells in rows:
        for cell in cells:
            label = header_label(cell)
            if label is not None and label[0] in ("code", "name"):
                found.add(label[0])
    return found


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


def _looks_like_unit(row: int, cell: str) -> bool:
    """An unlabelled 预算单位 line: `471001怀来县工业和信息化局`, or any text atop the table."""
    text = clean(cell)
    if not text:
        return False
    return bool(_UNIT_LINE_RE.match(cell)) or (row == 0 and not text.endswith("表"))


class _HeaderMapper:
    """Walks the header rows of one table (everything above the indicator header)."""

    def __init__(self) -> None:
        self.out = Mapped()
        self.ranks: dict[str, int] = {}
        self.budget: dict[str, Any] = {}
        self.sources: list[dict[str, Any]] = []
        self.goals_rank: int | None = None
        self.plan: list[dict[str, Any]] | None = None
        #: Columns of a row of labels whose values are in the row below: column → (field, rank, label).
        self.pending: dict[int, tuple[HeaderField, int, str]] = {}
        self.plan_pending: dict[int, int] = {}
        self.row_label: str = ""

    def _set(self, key: str, value: str, ref: CellRef, rank: int) -> None:
        if key in self.ranks and self.ranks[key] <= rank:
            return
        self.ranks[key] = rank
        if key.startswith("budget/"):
            self.budget[key.split("/", 1)[1]] = value
        else:
            self.out.data[key] = value
        self.out.refs["/" + key] = ref

    def put(
        self,
        kind: HeaderField,
        rank: int,
        label: str,
        value: str,
        ref: CellRef,
        label_ref: CellRef | None = None,
    ) -> None:
        """Store one labelled value in its field (the lower rank wins a clash)."""
        if kind in ("code", "name", "period", "purpose"):
            self._set(kind, value, ref, rank)
        elif kind == "unit":
            self._set("unit", value, ref, rank)
        elif kind == "money_unit":
            unit = clean(value).strip("()（）")
            if unit in _MONEY_UNITS:
                self._set("money_unit", unit, ref, rank)
            else:
                self._set("unit", value, ref, rank + 1)
        elif kind in ("total", "fiscal", "other"):
            self._set(f"budget/{kind}", value, ref, rank)
        elif kind == "source":
            index = len(self.sources)
            self.sources.append({"label": normalize_label(label), "amount": value})
            self.out.refs[f"/budget/sources/{index}"] = label_ref or ref
            self.out.refs[f"/budget/sources/{index}/label"] = label_ref or ref
            self.out.refs[f"/budget/sources/{index}/amount"] = ref
        elif kind == "goals":
            self._goals(value, ref, rank)

    def _goals(self, value: str, ref: CellRef, rank: int) -> None:
        if self.goals_rank is not None and self.goals_rank < rank:
            return
        if self.goals_rank is None or self.goals_rank > rank:
            self.out.data["goals"] = []
            for key in [k for k in self.out.refs if k.startswith("/goals")]:
                del self.out.refs[key]
            self.out.refs["/goals"] = ref
        self.goals_rank = rank
        goals: list[str] = self.out.data["goals"]
        for text, line in split_goals(value):
            self.out.refs[f"/goals/{len(goals)}"] = CellRef(ref.row, ref.col, line)
            goals.append(text)

    def row(self, r: int, cells: Sequence[str]) -> None:
        """Map one header row."""
        if self.plan_pending and self._plan_values(r, cells):
            return
        if self.pending:
            pending, self.pending = self.pending, {}
            if not any(header_label(c) for c in cells):
                for col, (kind, rank, label) in pending.items():
                    if col < len(cells):
                        self.put(
                            kind, rank, label, cells[col], CellRef(r, col), CellRef(r - 1, col)
                        )
                return
        start = 0
        if cells and not clean(cells[0]) and self.row_label and len(cells) > 1:
            # a vertically merged first cell: this row continues the label above it
            start = 1
            if not any(header_label(c) or _inline_label(c) for c in cells[1:]):
                self._continued(r, cells)
                return
        elif cells:
            self.row_label = cells[0]
        self._walk(r, cells, start)

    def _continued(self, r: int, cells: Sequence[str]) -> None:
        above = header_label(self.row_label)
        label = normalize_label(self.row_label)
        kind: HeaderField | None = above[0] if above else None
        if "资金用途" in label or "用途" in label:
            kind = "purpose"
        if kind in ("purpose", "goals", "code", "name", "period"):
            rank = above[1] if above and above[0] == kind else 0
            self.put(kind, rank, self.row_label, cells[1], CellRef(r, 1))

    def _walk(self, r: int, cells: Sequence[str], start: int) -> None:
        j = start
        while j < len(cells):
            cell = cells[j]
            found = header_label(cell)
            if found is None:
                inline = _inline_label(cell)
                if inline is not None:
                    self.put(inline[0], inline[1], cell, inline[2], CellRef(r, j))
                elif "unit" not in self.ranks and _looks_like_unit(r, cell):
                    self._set("unit", cell, CellRef(r, j), 5)
                j += 1
                continue
            kind, rank = found
            if kind == "plan":
                self._plan_labels(r, cells, j)
                return
            if kind in ("group", "ignored"):
                # a group label stands alone; an ignored label takes its value cell with it
                value_follows = j + 1 < len(cells) and header_label(cells[j + 1]) is None
                j += 2 if kind == "ignored" and value_follows else 1
                continue
            if j + 1 < len(cells) and header_label(cells[j + 1]) is None:
                self.put(kind, rank, cell, cells[j + 1], CellRef(r, j + 1), CellRef(r, j))
                j += 2
            else:
                self.pending[j] = (kind, rank, cell)
                j += 1

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
        if first and first not in _PLAN_VALUE_LABELS and header_label(cells[0]) is not None:
            self.plan_pending = {}
            return False
        assert self.plan is not None
        for col, index in self.plan_pending.items():
            if col < len(cells):
                self.plan[index]["percent"] = cells[col]
                self.out.refs[f"/spending_plan/{index}/percent"] = CellRef(r, col)
        self.plan_pending = {}
        return True

    def result(self) -> Mapped:
        if self.budget or self.sources:
            budget = dict(self.budget)
            if self.sources:
                budget["sources"] = self.sources
            self.out.data["budget"] = budget
            first = next(
                (ref for key, ref in self.out.refs.items() if key.startswith("/budget/")), None
            )
            if first is not None:
                self.out.refs["/budget"] = first
        if self.plan is not None:
            self.out.data["spending_plan"] = self.plan
        return self.out


def map_header(rows: Sequence[Sequence[str]]) -> Mapped:
    """Map the header rows of a project table (unit line, 项目编码 … 绩效目标) to `Project` data.

    Labels are found anywhere in a row: a label's value is the next cell, or the cell below when a
    whole row holds labels. A row whose first cell is empty continues the (vertically merged)
    label above it: under 预算规模及资金用途 that is 资金用途. 资金支出计划 takes its checkpoints
    from the cells beside it and their percentages from the row below. Relative pointers in
    `refs` are those of `Project` (`/code`, `/budget/total`, `/spending_plan/0/percent`).
    """
    mapper = _HeaderMapper()
    for r, cells in enumerate(rows):
        mapper.row(r, cells)
    return mapper.result()


def map_indicators(
    columns: Sequence[IndicatorField | None], rows: Sequence[Sequence[str]]
) -> Mapped:
    """Map indicator rows under a header (from `indicator_columns`) to `Indicator` data.

    An empty 一级 cell continues the 一级 of the row above (a merged cell), and so does an empty
    二级 cell when its 一级 was continued too; the value is stored and its ref points at the
    cell where it was written. Rows with no text at all are dropped; a repeated header is skipped.
    """
    out = Mapped(data={"indicators": []})
    indicators: list[dict[str, Any]] = out.data["indicators"]
    above: dict[str, tuple[str, CellRef]] = {}
    for r, cells in enumerate(rows):
        if not any(clean(c) for c in cells) or indicator_columns(cells) is not None:
            continue
        k = len(indicators)
        data: dict[str, Any] = {}
        refs: dict[str, CellRef] = {}
        for col, kind in enumerate(columns):
            if kind is None or col >= len(cells) or kind in data:
                continue
            data[kind] = cells[col]
            refs[kind] = CellRef(r, col)
        continued = False
        for level in ("level1", "level2"):
            written = data.get(level)
            if written is not None and clean(written):
                above[level] = (written, refs[level])
                if level == "level1":
                    continued = False
                    above.pop("level2", None)
            elif level in above and (level == "level1" or continued):
                data[level], refs[level] = above[level]
                continued = True
            elif level == "level1":
                continued = False
        first = next((col for col, cell in enumerate(cells) if clean(cell)), 0)
        out.refs[f"/indicators/{k}"] = CellRef(r, first)
        for name, ref in refs.items():
            out.refs[f"/indicators/{k}/{name}"] = ref
        indicators.append(data)
    return out
