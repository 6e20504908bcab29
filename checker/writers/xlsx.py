"""Render a document as an Excel workbook (.xlsx, written with openpyxl), in one of two layouts.

- `table`: the Word form on a sheet per project (`表1`, `表2` …; merged cells as in the form),
  after a `第一部分` sheet holding Part 1 one paragraph per row.
- `flat`: one indicator per row on a sheet `绩效目标`, the project's fields repeated in columns
  beside it (项目编码, 项目名称, 预算数 …), the spending plan in columns under a merged
  `资金支出计划（%）` header; the `第一部分` sheet as above.

Every value is written as text (cell format `@`), exactly as the record holds it: `4.00` stays
`4.00` and ` 30` keeps its space. An export artefact (`[bookmark: _GoBack]`) is written as text
at its place, as the text export shows it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from copy import copy
from typing import Any, Literal

from checker.model import Document, Project
from checker.writers.common import reproducible, xml_safe
from checker.writers.form import (
    FormCell,
    FormTable,
    grid_width,
    indicator_fields,
    project_form,
    with_marks,
)

Layout = Literal["table", "flat"]
LAYOUTS: tuple[Layout, ...] = ("table", "flat")

PART1_SHEET = "第一部分"
FLAT_SHEET = "绩效目标"
#: Column width (in characters) of one unit of `FormTable.widths`.
_WIDTH_UNIT = 12


def write_xlsx(document: Document, layout: Layout = "table") -> bytes:
    """The document as .xlsx bytes (the same record always gives the same package)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "jxcheck"
    writer = _Writer(workbook)
    if document.overview is not None:
        writer.part1(document)
    if layout == "flat":
        writer.flat(document.projects)
    else:
        for number, project in enumerate(document.projects, start=1):
            writer.table_sheet(f"表{number}", project)
    if not workbook.worksheets:
        workbook.create_sheet(FLAT_SHEET if layout == "flat" else "表1")
    out = io.BytesIO()
    workbook.save(out)
    return reproducible(out.getvalue())


class _Writer:
    def __init__(self, workbook: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.workbook = workbook
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
        #: (a cell's style before, what is applied) → its style after; see `_style`.
        self._styles: dict[tuple[tuple[int, ...], str], Any] = {}

    def sheet(self, title: str) -> Any:
        """A new last sheet named `title` (the writer's titles are unique: `表1`, `表2` …).

        openpyxl compares a new title with every sheet's to make it unique, time quadratic in
        the sheets of a workbook with a sheet per project; the comparison is made with no sheet
        to compare with, and the sheet then goes last, where `create_sheet` puts it.
        """
        sheets = self.workbook._sheets
        self.workbook._sheets = []
        try:
            sheet = self.workbook.create_sheet(title)
        finally:
            self.workbook._sheets = sheets
        sheets.append(sheet)
        return sheet

    def _style(self, cell: Any, kind: str, apply: Callable[[Any], None]) -> None:
        """Apply a style to `cell`, looked up once per (style before, `kind`).

        Assigning a font, border or alignment makes openpyxl hash the style object and look it
        up in the workbook's list of styles, for every cell: most of an export's time. The
        result is a row of style ids that depends only on the ids before and on what is
        applied, so it is computed once and copied (as openpyxl copies styles itself).
        """
        before = cell._style  # None until a style is set
        key = (tuple(before) if before is not None else (), kind)
        done = self._styles.get(key)
        if done is None:
            apply(cell)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(done)

    def put(self, sheet: Any, row: int, column: int, text: str, label: bool = False) -> Any:
        cell = sheet.cell(row=row, column=column)
        cell.value = xml_safe(text) if text else None
        self._style(cell, "label" if label else "value", self._label if label else self._value)
        return cell

    def merge(
        self, sheet: Any, start_row: int, start_column: int, end_row: int, end_column: int
    ) -> None:
        """`sheet.merge_cells(…)`, in time linear in the merges: openpyxl checks that a new
        range is not merged yet by scanning every range merged before (an export with
        thousands of merges took minutes), and this writer never merges a range twice."""
        first, last = _letter(start_column), _letter(end_column)
        merged = _merged_range_type()(sheet, f"{first}{start_row}:{last}{end_row}", self)
        sheet.merged_cells.ranges.add(merged)
        sheet._clean_merge_range(merged)

    def _value(self, cell: Any) -> None:
        cell.number_format = "@"
        cell.alignment = self.wrap

    def _label(self, cell: Any) -> None:
        cell.number_format = "@"
        cell.alignment = self.centre
        cell.font = self.bold

    def _bold(self, cell: Any) -> None:
        cell.font = self.bold

    def _border(self, cell: Any) -> None:
        cell.border = self.border

    def part1(self, document: Document) -> None:
        overview = document.overview
        assert overview is not None
        sheet = self.sheet(PART1_SHEET)
        sheet.column_dimensions["A"].width = 100
        lines: list[tuple[str, bool]] = [("第一部分", True)]
        if overview.title is not None:
            lines.append((overview.title, True))
        for section in overview.sections:
            lines.append((f"{section.number}、{section.title}", True))
            lines.extend((text, False) for text in section.paragraphs)
        for row, (text, label) in enumerate(lines, start=1):
            cell = self.put(sheet, row, 1, text)
            if label:
                self._style(cell, "bold", self._bold)

    # -- table layout ------------------------------------------------------------------------

    def table_sheet(self, title: str, project: Project) -> None:
        sheet = self.sheet(title)
        width = grid_width(project)
        form = project_form(project, width)
        row = 1
        if form.heading is not None:
            self.put(sheet, row, 1, form.heading, label=True)
            if width > 1:
                self.merge(sheet, 1, 1, 1, width)
            row += 2
        row = self.grid(sheet, row, form.header)
        row = self.grid(sheet, row + 1, form.indicators)
        widths = [
            max(a, b) for a, b in zip(form.header.widths, form.indicators.widths, strict=True)
        ]
        for column, weight in enumerate(widths, start=1):
            sheet.column_dimensions[_letter(column)].width = round(weight * _WIDTH_UNIT, 1)

    def grid(self, sheet: Any, top: int, table: FormTable) -> int:
        """Write a form table from row `top`; returns the row after it."""
        #: column → (row where its vertical merge started, its span)
        open_merges: dict[int, tuple[int, int]] = {}
        for r, cells in enumerate(table.rows):
            row = top + r
            column = 1
            for cell in cells:
                if cell.merge == "continue" and column in open_merges:
                    column += cell.span
                    continue
                self._close(sheet, open_merges, column, row)
                self._write(sheet, row, column, cell, framed=r >= table.frameless)
                if cell.merge == "restart":
                    open_merges[column] = (row, cell.span)
                elif cell.span > 1:
                    self.merge(
                        sheet,
                        start_row=row,
                        start_column=column,
                        end_row=row,
                        end_column=column + cell.span - 1,
                    )
                column += cell.span
        end = top + len(table.rows)
        for column in list(open_merges):
            self._close(sheet, open_merges, column, end)
        return end

    def _close(
        self, sheet: Any, open_merges: dict[int, tuple[int, int]], column: int, row: int
    ) -> None:
        """End the vertical merge at `column` (if any) on the row above `row`."""
        started = open_merges.pop(column, None)
        if started is None:
            return
        start, span = started
        if row - 1 > start or span > 1:
            self.merge(
                sheet,
                start_row=start,
                start_column=column,
                end_row=row - 1,
                end_column=column + span - 1,
            )

    def _write(self, sheet: Any, row: int, column: int, cell: FormCell, framed: bool) -> None:
        self.put(sheet, row, column, with_marks(cell), label=cell.label)
        if framed:
            for offset in range(cell.span):
                self._style(sheet.cell(row=row, column=column + offset), "border", self._border)

    # -- flat layout -------------------------------------------------------------------------

    def flat(self, projects: list[Project]) -> None:
        sheet = self.sheet(FLAT_SHEET)
        columns = _flat_columns(projects)
        plan_labels = _plan_labels(projects)
        two_rows = bool(plan_labels)
        column = 1
        for title, _ in columns["project"]:
            self._header(sheet, column, title, two_rows)
            column += 1
        if plan_labels:
            self.put(sheet, 1, column, "资金支出计划（%）", label=True)
            if len(plan_labels) > 1:
                self.merge(
                    sheet,
                    start_row=1,
                    start_column=column,
                    end_row=1,
                    end_column=column + len(plan_labels) - 1,
                )
            for offset, label in enumerate(plan_labels):
                self.put(sheet, 2, column + offset, label, label=True)
            column += len(plan_labels)
        for title, _ in columns["indicator"]:
            self._header(sheet, column, title, two_rows)
            column += 1
        row = 3 if two_rows else 2
        for project in projects:
            row = self._flat_project(sheet, row, project, columns, plan_labels)
        for index in range(1, column):
            sheet.column_dimensions[_letter(index)].width = 14
        sheet.freeze_panes = sheet.cell(row=3 if two_rows else 2, column=1)

    def _header(self, sheet: Any, column: int, title: str, two_rows: bool) -> None:
        self.put(sheet, 1, column, title, label=True)
        if two_rows:
            self.merge(sheet, start_row=1, start_column=column, end_row=2, end_column=column)

    def _flat_project(
        self,
        sheet: Any,
        row: int,
        project: Project,
        columns: dict[str, list[tuple[str, str]]],
        plan_labels: list[str],
    ) -> int:
        form = project_form(project)
        cells = {pointer: cell for cell in form.header.cells() for pointer in cell.pointers}
        cells.update(
            (pointer, cell) for cell in form.indicators.cells() for pointer in cell.pointers
        )
        heading = FormCell(project.heading or "", pointers={"/heading": 0})
        for artefact in project.export_artefacts:
            if artefact.pointer == "/heading":
                heading.marks.append((0, artefact.text))
        # the form writes `单位：万元`; a 金额单位 column holds the unit alone
        money = cells.get("/money_unit")
        marks = money.marks if money is not None else []
        cells["/money_unit"] = FormCell(project.money_unit or "", marks=marks)
        plan = {
            checkpoint.label: f"/spending_plan/{index}/percent"
            for index, checkpoint in enumerate(project.spending_plan or [])
        }
        for index, source in enumerate(project.budget.sources):
            cells.setdefault(
                f"/budget/sources/{source.label}", cells[f"/budget/sources/{index}/amount"]
            )
        for k in range(max(len(project.indicators), 1)):
            column = 1
            for _, pointer in columns["project"]:
                cell = heading if pointer == "/heading" else cells.get(pointer)
                self.put(sheet, row, column, with_marks(cell) if cell else "")
                column += 1
            for label in plan_labels:
                cell = cells.get(plan.get(label, ""))
                self.put(sheet, row, column, with_marks(cell) if cell else "")
                column += 1
            for _, name in columns["indicator"]:
                text = ""
                if k < len(project.indicators):
                    cell = cells.get(f"/indicators/{k}/{name}")
                    if cell is not None:
                        text = with_marks(cell)
                    else:  # merged down in the form: a flat row repeats it
                        text = getattr(project.indicators[k], name) or ""
                self.put(sheet, row, column, text)
                column += 1
            row += 1
        return row


@functools.cache
def _merged_range_type() -> type:
    """openpyxl's `MergedCellRange`, its border bookkeeping memoised through `_Writer._style`.

    openpyxl gives the cells of a merged range the top-left cell's borders: each edge cell gets
    `cell.border += Border(side)` and every cell the top-left cell's protection. Done as is,
    each such step hashes and compares style objects, most of an export's time. Here each step
    is the same step, looked up once per (the cell's style, the step, the top-left cell's
    border or protection) — the same styles, in the same order, so the same bytes.
    """
    from openpyxl.styles.borders import Border
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.merge import MergedCell, MergedCellRange

    class MergedRange(MergedCellRange):  # type: ignore[misc]
        def __init__(self, worksheet: Any, coord: str, writer: _Writer) -> None:
            self.writer = writer
            super().__init__(worksheet, coord)

        def __copy__(self) -> Any:
            return MergedCellRange(self.ws, self.coord)

        def _cell(self, row: int, column: int) -> Any:
            cell = self.ws._cells.get((row, column))
            if cell is None:
                cell = self.ws._cells[row, column] = MergedCell(self.ws, row=row, column=column)
            return cell

        def _get_borders(self) -> None:
            start = self.ws._cells.get((self.min_row, self.min_col))
            if start is None:
                start = self.ws.cell(row=self.min_row, column=self.min_col)
            self.start_cell = start
            end = self.ws._cells.get((self.max_row, self.max_col))
            if end is None:
                return
            if not end._style:
                end._style = StyleArray()

            def corner(cell: Any) -> None:
                cell.border += Border(right=end.border.right, bottom=end.border.bottom)

            self.writer._style(start, f"corner {end._style.borderId}", corner)

        def format(self) -> None:
            start = self.start_cell
            if not start._style:
                start._style = StyleArray()
            for name in ("top", "left", "right", "bottom"):
                side = getattr(start.border, name)
                if side and side.style is None:
                    continue
                border = Border(**{name: side})

                def add(cell: Any, border: Any = border) -> None:
                    cell.border += border

                kind = f"{name} {start._style.borderId}"
                for row, column in getattr(self, name):
                    self.writer._style(self._cell(row, column), kind, add)
            protection = copy(start.protection)

            def protect(cell: Any) -> None:
                cell.protection = protection

            kind = f"protection {start._style.protectionId}"
            for row, column in self.cells:
                self.writer._style(self._cell(row, column), kind, protect)

    return MergedRange


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(column)
    return letter


def _flat_columns(projects: list[Project]) -> dict[str, list[tuple[str, str]]]:
    """Project columns (title, pointer) and indicator columns (title, field) of the flat sheet;
    optional columns only where some project has a value for them."""

    def some(check: Any) -> bool:
        return any(check(project) for project in projects)

    project: list[tuple[str, str]] = []
    if some(lambda p: p.heading is not None):
        project.append(("表名", "/heading"))
    if some(lambda p: p.unit is not None):
        project.append(("预算单位", "/unit"))
    if some(lambda p: p.money_unit is not None):
        project.append(("金额单位", "/money_unit"))
    project += [("项目编码", "/code"), ("项目名称", "/name")]
    if some(lambda p: p.period is not None):
        project.append(("项目实施期", "/period"))
    if some(lambda p: p.budget.total is not None):
        project.append(("预算数", "/budget/total"))
    if some(lambda p: p.budget.fiscal is not None):
        project.append(("财政资金", "/budget/fiscal"))
    if some(lambda p: p.budget.other is not None):
        project.append(("其他资金", "/budget/other"))
    labels: list[str] = []
    for p in projects:
        for source in p.budget.sources:
            if source.label not in labels:
                labels.append(source.label)
    project += [(label, f"/budget/sources/{label}") for label in labels]
    if some(lambda p: p.purpose is not None):
        project.append(("资金用途", "/purpose"))
    project.append(("绩效目标", "/goals"))
    fields: list[str] = []
    for p in projects:
        for name in indicator_fields(p):
            if name not in fields:
                fields.append(name)
    order = ["level1", "level2", "name", "description", "value", "unit", "operator", "basis"]
    order.append("score")
    titles = {
        "level1": "一级指标",
        "level2": "二级指标",
        "name": "三级指标",
        "description": "绩效指标描述",
        "value": "指标值",
        "unit": "计量单位",
        "operator": "指标性质",
        "basis": "指标值确定依据",
        "score": "分值",
    }
    indicator = [(titles[name], name) for name in order if name in fields]
    return {"project": project, "indicator": indicator}


def _plan_labels(projects: list[Project]) -> list[str]:
    labels: list[str] = []
    for project in projects:
        for checkpoint in project.spending_plan or []:
            if checkpoint.label not in labels:
                labels.append(checkpoint.label)
    return labels
