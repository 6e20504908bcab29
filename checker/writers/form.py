"""The standard 绩效目标表 as a grid: which text goes in which cell, and which cells merge.

The layout is the seed's form (domain.md §1), the one departments fill in Word:

    <unit line>                                   | 单位：万元
    项目编码   | <code>            | 项目名称       | <name>
    预算规模及  | 预算数 | <total>  | 其中：财政资金 | <fiscal> | 其他资金 | <other>
    资金用途    | <资金用途, across the row>
    资金支出计划 | 3月底  | 6月底 | 10月底 | 12月底
    （%）       | 30     | 60    | 90     | 100
    绩效目标    | <goals, one per line>

and below it the indicator table, 一级 and 二级 merged down over the rows they head:

    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据

Layout variants a record holds are written too: 项目实施期, a funding split (中央资金 …) under
预算规模, and the 计量单位 / 指标性质 / 分值 columns when any indicator has them; a project with
no spending plan gets no plan rows. Reading such a table back with `checker.readers.layout`
gives the record back (see `checker.commands.export` for what a table cannot carry).

A cell knows the JSON pointers of the values it holds, and on which of its lines each starts,
so an export artefact of the record (`[bookmark: _GoBack]`) goes back into its cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from checker.model import Indicator, Project
from checker.values import clean

Merge = Literal["restart", "continue"] | None

#: Narrowest header table: label, 预算数, amount, 财政资金, amount, 其他资金, amount.
HEADER_WIDTH = 7

#: Indicator columns in form order: field, column label, relative width.
_INDICATOR_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("level1", "一级指标", 1.0),
    ("level2", "二级指标", 1.1),
    ("name", "三级指标", 1.4),
    ("description", "绩效指标描述", 2.0),
    ("value", "指标值", 1.1),
    ("unit", "计量单位", 0.8),
    ("operator", "指标性质", 0.8),
    ("basis", "指标值确定依据", 1.6),
    ("score", "分值", 0.6),
)
_OPTIONAL = frozenset({"unit", "operator", "score"})


@dataclass(slots=True)
class FormCell:
    """One cell of the form: its text, the grid columns it spans, its vertical merge."""

    text: str = ""
    span: int = 1
    #: `restart` heads a vertical merge, `continue` is a cell under it (its text is empty).
    merge: Merge = None
    #: A printed label of the form (bold), not a value.
    label: bool = False
    #: JSON pointer (relative to the project) → index of the line of `text` where it starts.
    pointers: dict[str, int] = field(default_factory=dict)
    #: Export artefacts to put back: (line index, text such as `[bookmark: _GoBack]`).
    marks: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class FormTable:
    """Rows of cells; every row's spans add up to `len(widths)` grid columns."""

    widths: list[float]
    rows: list[list[FormCell]]
    #: Leading rows printed without borders (the unit line above the header table).
    frameless: int = 0

    def cells(self) -> Iterator[FormCell]:
        for row in self.rows:
            yield from row


@dataclass(slots=True)
class ProjectForm:
    heading: str | None
    header: FormTable
    indicators: FormTable


def _label(text: str, span: int = 1, merge: Merge = None) -> FormCell:
    return FormCell(text, span, merge, label=True)


def _value(text: str | None, pointer: str, span: int = 1) -> FormCell:
    return FormCell(text or "", span, pointers={pointer: 0})


def _spread(total: int, parts: int) -> list[int]:
    """`total` columns over `parts` cells, the first ones wider: 6 over 4 → 2, 2, 1, 1."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def header_width(project: Project) -> int:
    plan = project.spending_plan or []
    return max(HEADER_WIDTH, len(plan) + 1)


def indicator_fields(project: Project) -> list[str]:
    """The indicator columns of this project's table: the six of the form, and the optional
    计量单位 / 指标性质 / 分值 where any of its indicators has one."""
    return [
        name
        for name, _, _ in _INDICATOR_COLUMNS
        if name not in _OPTIONAL
        or any(getattr(indicator, name) is not None for indicator in project.indicators)
    ]


def header_table(project: Project, width: int | None = None) -> FormTable:
    """The table above the indicators (unit line … 绩效目标), `width` grid columns wide.

    A row, or a label and its value, is written where the record has the field (None means the
    layout has no such cell), so that reading the table back gives the record back.
    """
    w = max(width or 0, header_width(project))
    rows: list[list[FormCell]] = []
    frameless = 0
    unit_line: list[FormCell] = []
    if project.unit is not None:
        unit_line.append(_value(project.unit, "/unit", w - 3))
    if project.money_unit is not None:
        unit_line.append(_value(f"单位：{project.money_unit}", "/money_unit", 3))
    if unit_line:
        unit_line[-1].span += w - sum(cell.span for cell in unit_line)
        rows.append(unit_line)
        frameless = 1
    identity = [
        (label, text, pointer)
        for label, text, pointer in (
            ("项目编码", project.code, "/code"),
            ("项目名称", project.name, "/name"),
        )
        if text is not None
    ]
    if identity:
        row: list[FormCell] = []
        for label, text, pointer in identity:
            row += [_label(label), _value(text, pointer, (w - 2) // 2 if len(identity) == 2 else 1)]
        row[-1].span += w - sum(cell.span for cell in row)
        rows.append(row)
    if project.period is not None:
        rows.append([_label("项目实施期"), _value(project.period, "/period", w - 1)])
    rows.extend(_budget_rows(project, w))
    if project.spending_plan is not None:
        rows.extend(_plan_rows(project, w))
    goals = FormCell("\n".join(project.goals), w - 1)
    line = 0
    for index, goal in enumerate(project.goals):
        goals.pointers[f"/goals/{index}"] = line
        line += goal.count("\n") + 1
    goals.pointers.setdefault("/goals", 0)
    rows.append([_label("绩效目标"), goals])
    widths = [1.4] + [1.0] * (w - 1)
    return FormTable(widths, rows, frameless=frameless)


def _budget_rows(project: Project, w: int) -> list[list[FormCell]]:
    """预算数 / 财政资金 / 其他资金, the funding split, 资金用途: under one label merged down."""
    budget = project.budget
    amounts = [
        (label, text, pointer)
        for label, text, pointer in (
            ("预算数", budget.total, "/budget/total"),
            ("其中：财政资金", budget.fiscal, "/budget/fiscal"),
            ("其他资金", budget.other, "/budget/other"),
        )
        if text is not None
    ]
    block: list[list[FormCell]] = []
    if amounts:
        block.append(
            [
                cell
                for label, text, pointer in amounts
                for cell in (_label(label), _value(text, pointer))
            ]
        )
    per_row = (w - 1) // 2
    for start in range(0, len(budget.sources), per_row):
        row: list[FormCell] = []
        for index in range(start, min(start + per_row, len(budget.sources))):
            source = budget.sources[index]
            row.append(
                FormCell(source.label, label=True, pointers={f"/budget/sources/{index}/label": 0})
            )
            row.append(_value(source.amount, f"/budget/sources/{index}/amount"))
        block.append(row)
    if project.purpose is not None:
        block.append([_value(project.purpose, "/purpose", w - 1)])
    if not block:
        return []
    title = "预算规模及资金用途" if amounts or budget.sources else "资金用途"
    rows: list[list[FormCell]] = []
    for index, cells in enumerate(block):
        if index == 0:
            first = _label(title, merge="restart" if len(block) > 1 else None)
        else:
            first = FormCell(merge="continue")
        cells[-1].span += w - 1 - sum(cell.span for cell in cells)
        rows.append([first, *cells])
    return rows


def _plan_rows(project: Project, w: int) -> list[list[FormCell]]:
    plan = project.spending_plan or []
    if not plan:
        return [[_label("资金支出计划（%）"), FormCell("", w - 1, pointers={"/spending_plan": 0})]]
    spans = _spread(w - 1, len(plan))
    labels = [_label("资金支出计划（%）", merge="restart")]
    values = [FormCell(merge="continue")]
    for index, (checkpoint, span) in enumerate(zip(plan, spans, strict=True)):
        pointer = f"/spending_plan/{index}"
        labels.append(FormCell(checkpoint.label, span, pointers={pointer + "/label": 0}))
        values.append(_value(checkpoint.percent, pointer + "/percent", span))
    return [labels, values]


def indicator_table(project: Project, width: int | None = None) -> FormTable:
    """The indicator table: a header row, then one row per indicator, 一级/二级 merged down."""
    fields = indicator_fields(project)
    weights = {name: weight for name, _, weight in _INDICATOR_COLUMNS}
    titles = {name: title for name, title, _ in _INDICATOR_COLUMNS}
    w = max(width or 0, len(fields))
    rows: list[list[FormCell]] = [[_label(titles[name]) for name in fields]]
    rows[0][-1].span += w - len(fields)
    previous: Indicator | None = None
    for k, indicator in enumerate(project.indicators):
        continued = (
            previous is not None
            and indicator.level1 == previous.level1
            and bool(clean(indicator.level1))
        )
        row: list[FormCell] = []
        for name in fields:
            text = getattr(indicator, name)
            pointer = f"/indicators/{k}/{name}"
            merge: Merge = None
            if name == "level1" and continued:
                merge = "continue"
            elif name == "level2" and continued:
                assert previous is not None
                if indicator.level2 == previous.level2 and clean(indicator.level2):
                    merge = "continue"
            if merge == "continue":
                row.append(FormCell(merge="continue"))
            else:
                row.append(_value(text, pointer))
        row[0].pointers.setdefault(f"/indicators/{k}", 0)
        row[-1].span += w - len(fields)
        rows.append(row)
        previous = indicator
    _mark_restarts(rows)
    widths = [weights[name] for name in fields] + [0.6] * (w - len(fields))
    return FormTable(widths, rows)


def _mark_restarts(rows: list[list[FormCell]]) -> None:
    """A cell that a `continue` cell below merges into becomes `restart`."""
    for r in range(1, len(rows)):
        for c, cell in enumerate(rows[r]):
            if cell.merge == "continue" and c < len(rows[r - 1]):
                above = rows[r - 1][c]
                if above.merge is None:
                    above.merge = "restart"


def project_form(project: Project, width: int | None = None) -> ProjectForm:
    """The form of one project; `width` forces both tables onto one grid (a worksheet)."""
    form = ProjectForm(
        heading=project.heading,
        header=header_table(project, width),
        indicators=indicator_table(project, width),
    )
    _place_artefacts(project, [form.header, form.indicators])
    return form


def grid_width(project: Project) -> int:
    """Columns of one grid holding both tables (a worksheet of the table layout)."""
    return max(header_width(project), len(indicator_fields(project)))


def _place_artefacts(project: Project, tables: Sequence[FormTable]) -> None:
    """Each export artefact into the cell holding its pointer (or the nearest value above it)."""
    if not project.export_artefacts:
        return
    where: dict[str, tuple[FormCell, int]] = {}
    for table in tables:
        for cell in table.cells():
            for pointer, line in cell.pointers.items():
                where.setdefault(pointer, (cell, line))
    for artefact in project.export_artefacts:
        pointer = artefact.pointer
        while pointer and pointer not in where:
            pointer = pointer.rsplit("/", 1)[0]
        if pointer in where:
            cell, line = where[pointer]
            cell.marks.append((line, artefact.text))


def with_marks(cell: FormCell) -> str:
    """The cell's text with its artefacts written back as text at the start of their lines."""
    if not cell.marks:
        return cell.text
    lines = cell.text.split("\n")
    for line, text in reversed(cell.marks):
        index = min(line, len(lines) - 1)
        lines[index] = text + lines[index]
    return "\n".join(lines)
