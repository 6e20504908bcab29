"""Reader for spreadsheet exports of target tables (.xlsx, read with openpyxl).

Two layouts, told apart by the header of each sheet:

- **table layout**: the Word form on a sheet (one sheet per project, or several projects one
  below the other): a heading row, the header cells (项目编码, 预算数 …) and the indicator table,
  with merged cells. A merged range is read as Word's merged cell is: one cell for a range across
  columns, and an empty cell below its first row (so an empty 一级/二级 continues the row above).
  Rows with one cell holding `第一部分` … make Part 1, as in the Word document.
- **flat layout**: one indicator per row, the project's fields repeated (or merged down) in
  columns beside it: 项目编码, 项目名称, 预算数 …, 一级指标, 二级指标, 三级指标, 指标值 … A new
  项目编码/项目名称 starts the next project. Spending-plan columns are those under a merged
  `资金支出计划（%）` header, or headed by a checkpoint (`3月底`). A `表名` column gives the heading.

Either way the cells go through the one label mapping of `checker.readers.layout` and the text
importer's assembler (`checker.readers.office`), so every synonym and layout variant the text
importer knows is known here. Findings point at cells: `Sheet1!E14` (`'第 1 表'!E14` when the
sheet name needs quotes). Sheets with neither a target table nor Part 1 are skipped.

Values are shown as a person sees them in Excel: a number is formatted by its cell's number
format (`0.00` → `4.00`, `0%` → `95%`); with the General format Excel shows `1000` for a value
typed as `1000.00`, and so does this reader (rules compare amounts as numbers, so findings are
the same). A formula reads as the value Excel saved with it (none when the file was never opened
in Excel). `[bookmark: …]` text pasted from a Word export is stripped and kept as an export
artefact, as in the text export.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions, ReadResult
from checker.readers.layout import (
    INDICATOR_LABELS,
    HeaderField,
    header_label,
    indicator_columns,
    is_project_table,
    normalize_label,
)
from checker.readers.office import (
    Blocks,
    assemble,
    damaged,
    open_package,
    sniff_package,
)
from checker.values import clean

#: Rows and columns of a sheet, and non-empty cells of a workbook, we read; past them a sheet
#: is not a target table (500 projects of 15 indicators in the flat layout are 7,500 rows).
MAX_ROWS = 50_000
MAX_COLUMNS = 128
MAX_CELLS = 1_000_000
#: Cells under merged ranges we expand (a merge is expanded row by row, clipped to the data).
MAX_MERGED_ROWS = 2_000_000
#: How many leading rows are searched for a flat layout's header.
_HEADER_ROWS = 30

_PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分")
_PROJECT_HEADING_RE = re.compile(r"(?:绩效目标(?:申报)?表|目标申报表)$")
_NUMBERED_RE = re.compile(r"^[0-9]{1,3}\s*[.、．]")
_UNIT_LINE_RE = re.compile(r"^\s*[0-9]{6}")
_MERGE_RE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})"""
    rb"""(?::([A-Z]{1,3})([0-9]{1,7}))?["']"""
)
#: A column headed by a spending-plan checkpoint: `3月底`, `资金支出计划3月底(%)`, `一季度`.
_CHECKPOINT_RE = re.compile(
    r"^(?:资金支出计划|支出计划|资金支出进度|支出进度)?(?:\(%\)|%)?[-_:：]?"
    r"((?:[0-9]{1,2}月(?:底|末|份)?(?:前)?)|(?:第?[一二三四1-4]季度(?:末|底)?))"
    r"(?:\(%\)|%)?$"
)
#: Column labels of a flat sheet that hold the table's heading.
_HEADING_LABELS = frozenset(
    {"表名", "标题", "表格名称", "表格标题", "绩效目标表", "绩效目标表名称"}
)
_SHEET_NAME_RE = re.compile(r"^[^\W\d]\w*$")


def _error(path: str, zh: str, en: str) -> InputError:
    return InputError(path, None, Text(zh, en))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - 64)
    return index - 1


def sheet_reference(title: str) -> str:
    """How Excel names a sheet in a reference: `Sheet1`, `表1`, `'1'`, `'My sheet'`."""
    if _SHEET_NAME_RE.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


# -- values ---------------------------------------------------------------------------------

_FORMAT_NOISE_RE = re.compile(r"\[[^\]]*\]|_.|\*.")
_LITERAL_RE = re.compile(r'"([^"]*)"|\\(.)')
_NUMBER_PART_RE = re.compile(r"[#0?,.]*[0#?][#0?,.]*%?|%")


def display(value: Any, number_format: str | None) -> str:
    """A cell's value as Excel shows it, for the number formats target tables use."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return _date_text(value.date(), number_format)
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return _date_text(value, number_format)
    if isinstance(value, time | timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(float(value) if isinstance(value, float) else value, number_format)
    return str(value)


def _date_text(value: date, number_format: str | None) -> str:
    if number_format and "年" in number_format:
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def _general(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    return text if "e" not in text else f"{value:.6E}"


def _number_text(value: int | float, number_format: str | None) -> str:
    fmt = (number_format or "General").strip()
    if fmt in ("General", "@", ""):
        return _general(value)
    section = fmt.split(";")[0]
    if value < 0 and len(fmt.split(";")) > 1:
        section = fmt.split(";")[1]
        value = -value
    section = _FORMAT_NOISE_RE.sub("", section)
    literal_free = _LITERAL_RE.sub(lambda m: "\0" * len(m.group(0)), section)
    match = _NUMBER_PART_RE.search(literal_free)
    if match is None or "E+" in literal_free.upper() or "E-" in literal_free.upper():
        return _general(value)
    core = section[match.start() : match.end()]
    prefix = _LITERAL_RE.sub(lambda m: m.group(1) or m.group(2) or "", section[: match.start()])
    suffix = _LITERAL_RE.sub(lambda m: m.group(1) or m.group(2) or "", section[match.end() :])
    percent = core.endswith("%")
    number = value * 100 if percent else value
    integer, _, fraction = core.rstrip("%").partition(".")
    decimals = len(fraction.replace(",", ""))
    grouped = "," in integer
    text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return f"{prefix}{text}{'%' if percent else ''}{suffix}"


# -- the grid of one sheet --------------------------------------------------------------------


@dataclass(slots=True)
class _Merge:
    top: int
    left: int
    bottom: int
    right: int


@dataclass(slots=True)
class _Sheet:
    """The cells of one sheet as shown: text by (row, column), 0-based, and merged ranges."""

    title: str
    values: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[_Merge] = field(default_factory=list)
    #: row → merges crossing it (clipped to the data).
    by_row: dict[int, list[_Merge]] = field(default_factory=dict)
    rows: int = 0
    first_column: int = 0
    columns: int = 0

    def label(self, row: int, column: int) -> str:
        return f"{sheet_reference(self.title)}!{column_letter(column)}{row + 1}"

    def merge_at(self, row: int, column: int) -> _Merge | None:
        for merge in self.by_row.get(row, ()):
            if merge.left <= column <= merge.right:
                return merge
        return None

    def text(self, row: int, column: int) -> str:
        """What the cell shows: a merged range shows its first cell's text in all of it."""
        merge = self.merge_at(row, column)
        if merge is not None:
            return self.values.get((merge.top, merge.left), "")
        return self.values.get((row, column), "")

    def row_cells(self, row: int) -> list[tuple[int, str, bool]]:
        """The row as Word would hold it: (column, text, continues a merge from above).

        A range across columns is one cell (its first column); under a range's first row the
        range is one empty cell.
        """
        cells: list[tuple[int, str, bool]] = []
        for column in range(self.first_column, self.columns):
            merge = self.merge_at(row, column)
            if merge is None:
                cells.append((column, self.values.get((row, column), ""), False))
            elif column != merge.left:
                continue
            elif row == merge.top:
                cells.append((column, self.values.get((row, column), ""), False))
            else:
                cells.append((column, "", True))
        return cells


def _read_sheet(worksheet: Any, archive: zipfile.ZipFile, path: str, budget: list[int]) -> _Sheet:
    """The shown text of every cell of a sheet (up to the limits), and its merged ranges.

    `budget` holds how many more non-empty cells the workbook may have.
    """
    from openpyxl.cell.read_only import EMPTY_CELL

    sheet = _Sheet(worksheet.title)
    worksheet.reset_dimensions()
    last_row = last_column = -1
    first_column = MAX_COLUMNS
    empty = {id(EMPTY_CELL)}
    rows = worksheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS)
    for r, row in enumerate(rows):
        if row[-1] is EMPTY_CELL and set(map(id, row)) == empty:
            continue  # a row with no cells at all (checked in C: most gap rows are such)
        for c, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if value is None:
                continue
            text = display(value, getattr(cell, "number_format", None))
            if text == "":
                continue
            if r >= MAX_ROWS or budget[0] <= 0:
                raise _too_large(path, worksheet.title)
            budget[0] -= 1
            sheet.values[(r, c)] = text
            last_row, last_column = max(last_row, r), max(last_column, c)
            first_column = min(first_column, c)
    for merge in _merge_ranges(worksheet, archive):
        if merge.top > last_row or merge.left > last_column:
            continue  # a merge over nothing but empty cells
        merge.bottom = min(merge.bottom, last_row)
        merge.right = min(merge.right, last_column)
        sheet.merges.append(merge)
        first_column = min(first_column, merge.left)
    expanded = 0
    for merge in sheet.merges:
        expanded += merge.bottom - merge.top + 1
        if expanded > MAX_MERGED_ROWS:
            raise _too_large(path, worksheet.title)
        for row_number in range(merge.top, merge.bottom + 1):
            sheet.by_row.setdefault(row_number, []).append(merge)
    sheet.rows = last_row + 1
    sheet.first_column = first_column if last_column >= 0 else 0
    sheet.columns = last_column + 1
    return sheet


def _too_large(path: str, title: str) -> InputError:
    return _error(
        path,
        f"工作表“{title}”超出读取上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列、整个工作簿 {MAX_CELLS} 个"
        "非空单元格），不像绩效目标表；请分成几个文件",
        f"sheet {title!r} is past the limits ({MAX_ROWS} rows, {MAX_COLUMNS} columns, "
        f"{MAX_CELLS} non-empty cells in the workbook): not a target table as we know them; "
        "split the file",
    )


def _merge_ranges(worksheet: Any, archive: zipfile.ZipFile) -> Iterator[_Merge]:
    """The merged ranges of a sheet, from its XML (openpyxl's read-only sheets do not keep
    them). Scanned in chunks: the `mergeCells` list follows the cell data."""
    member = getattr(worksheet, "_worksheet_path", None)
    if not member:
        return
    tail = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            cut = data.rfind(b"<")
            scan, tail = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            yield from _merges_in(scan)
    yield from _merges_in(tail)


def _merges_in(data: bytes) -> Iterator[_Merge]:
    for match in _MERGE_RE.finditer(data):
        top, left = int(match.group(2)) - 1, _column_index(match.group(1))
        if match.group(3):
            bottom, right = int(match.group(4)) - 1, _column_index(match.group(3))
        else:
            bottom, right = top, left
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        if left >= MAX_COLUMNS or top >= MAX_ROWS:
            continue
        yield _Merge(top, left, min(bottom, MAX_ROWS - 1), min(right, MAX_COLUMNS - 1))


# -- the table layout -----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """A row of a sheet in the table layout: a paragraph (one text) or a table row."""

    number: int
    cells: list[tuple[int, str, bool]]
    paragraph: bool
    #: Whether blank rows come before it (between two tables, or a stray one inside a table).
    gap: bool = False


def _is_heading(text: str) -> bool:
    body = clean(text)
    return bool(_PART_RE.match(body) or _PROJECT_HEADING_RE.search(body))


def _starts_table(text: str) -> bool:
    """A lone cell that belongs to a table: a unit line, a label, `单位：万元`."""
    if _UNIT_LINE_RE.match(text) or header_label(text) is not None:
        return True
    if normalize_label(text) in INDICATOR_LABELS:
        return True
    head, colon, value = text.partition("：") if "：" in text else text.partition(":")
    return bool(colon) and header_label(head) is not None and bool(clean(value))


def _table_rows(sheet: _Sheet) -> list[_Row]:
    """Rows in the table layout, each a paragraph or a table row (blank rows are dropped).

    A row whose only text is in its first cell is a paragraph when it is a heading
    (`…绩效目标表`, `第一部分`, `3.…`), or when it is outside a table and does not look like a
    table's first cell (a unit line, a label, any text right under a table's heading); inside
    a table it is a table row.
    """
    rows: list[_Row] = []
    in_table = after_heading = gap = False
    for r in range(sheet.rows):
        cells = sheet.row_cells(r)
        filled = [(c, text) for c, text, _ in cells if clean(text)]
        if not filled:
            gap = True
            continue
        if len(filled) == 1 and filled[0][0] == cells[0][0] and not cells[0][2]:
            text = filled[0][1]
            heading = _is_heading(text) or bool(_NUMBERED_RE.match(clean(text)))
            if heading or not (in_table or after_heading or _starts_table(text)):
                rows.append(_Row(r, [(filled[0][0], text, False)], True, gap))
                in_table = in_table and not heading
                after_heading = bool(_PROJECT_HEADING_RE.search(clean(text)))
                gap = False
                continue
        in_table = True
        after_heading = False
        rows.append(_Row(r, cells, False, gap))
        gap = False
    return rows


def _project_tables(rows: Sequence[_Row]) -> list[int]:
    """Indexes of the rows that start a target table (a run of table rows that is one)."""
    found: list[int] = []
    start: int | None = None
    for index in range(len(rows) + 1):
        if index < len(rows) and not rows[index].paragraph:
            if start is None:
                start = index
            continue
        if start is not None:
            texts = [[text for _, text, _ in row.cells] for row in rows[start:index]]
            if is_project_table(texts):
                found.append(start)
            start = None
    return found


def _starts_new_table(rows: Sequence[_Row], index: int) -> bool:
    """Whether the table rows from `index` (after blank rows) are a table of their own: a
    project's header or an indicator header. A blank row inside a table does not end it."""
    end = index + 1
    while end < len(rows) and not rows[end].paragraph and not rows[end].gap:
        end += 1
    return is_project_table([[text for _, text, _ in row.cells] for row in rows[index:end]])


def _add_table_layout(sheet: _Sheet, rows: Sequence[_Row], blocks: Blocks) -> None:
    for index, row in enumerate(rows):
        if row.gap and not row.paragraph and _starts_new_table(rows, index):
            blocks.end_table()
        if row.paragraph:
            column, text, _ = row.cells[0]
            label = sheet.label(row.number, column)
            for line in text.split("\n"):
                blocks.paragraph(line, label)
            continue
        blocks.row(
            [
                blocks.cell(text.split("\n"), sheet.label(row.number, column))
                for column, text, _ in row.cells
            ]
        )
    blocks.end_table()


# -- the flat layout ------------------------------------------------------------------------


@dataclass(slots=True)
class _FlatColumns:
    """What each column of a flat sheet holds."""

    header_row: int
    first_data_row: int
    #: column → (its label as written, the header cell's row)
    labels: dict[int, tuple[str, int]] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)
    project: dict[int, HeaderField] = field(default_factory=dict)
    #: spending-plan columns: column → checkpoint label (and the header cell's row)
    plan: dict[int, tuple[str, int]] = field(default_factory=dict)
    plan_label: tuple[str, int, int] | None = None
    heading: int | None = None
    #: cells above the header saying `单位：万元`: (row, column, text)
    money: list[tuple[int, int, str]] = field(default_factory=list)


def _flat_header(sheet: _Sheet) -> _FlatColumns | None:
    """The flat layout's columns, when a header row names indicator columns and 项目编码 or
    项目名称 side by side; None for any other sheet."""
    for r in range(min(sheet.rows, _HEADER_ROWS)):
        texts = {c: sheet.text(r, c) for c in range(sheet.first_column, sheet.columns)}
        found = indicator_columns(list(texts.values()))
        if found is None:
            continue
        identity = any(
            (label := header_label(text)) is not None and label[0] in ("code", "name")
            for text in texts.values()
        )
        if identity:
            return _flat_columns(sheet, r)
    return None


def _flat_columns(sheet: _Sheet, header: int) -> _FlatColumns:
    bottom = header
    for spanned in sheet.by_row.get(header, ()):
        if spanned.top == header:
            bottom = max(bottom, spanned.bottom)
    columns = _FlatColumns(header, bottom + 1)
    for column in range(sheet.first_column, sheet.columns):
        top = sheet.text(header, column)
        sub = ""
        if bottom > header:
            merge = sheet.merge_at(bottom, column)
            if merge is None or merge.top == bottom:
                sub = sheet.values.get((bottom, column), "")
        group = header_label(top)
        if group is not None and group[0] == "plan" and clean(sub):
            columns.plan[column] = (sub, bottom)
            anchor = sheet.merge_at(header, column)
            left = anchor.left if anchor is not None else column
            if columns.plan_label is None:
                columns.plan_label = (top, header, left)
            continue
        if clean(sub) and (group is None or group[0] == "group" or not clean(top)):
            label, row = sub, bottom
        else:
            label, row = top, header
        if not clean(label):
            continue
        columns.labels[column] = (label, row)
        checkpoint = _CHECKPOINT_RE.match(normalize_label(label))
        if checkpoint is not None:
            columns.plan[column] = (label, row)
            continue
        if normalize_label(label) in _HEADING_LABELS:
            columns.heading = column
            continue
    ordered = sorted(columns.labels)
    fields = indicator_columns([columns.labels[c][0] for c in ordered]) or ()
    for column, kind in zip(ordered, fields, strict=False):
        if kind is not None and column not in columns.plan:
            columns.indicators[column] = kind
    for column in ordered:
        if column in columns.indicators or column in columns.plan or column == columns.heading:
            continue
        found = header_label(columns.labels[column][0])
        if found is not None and found[0] not in ("group", "ignored", "plan"):
            columns.project[column] = found[0]
    for r in range(header):
        for column in range(sheet.first_column, sheet.columns):
            text = sheet.values.get((r, column), "")
            head, colon, value = text.replace(":", "：").partition("：")
            found = header_label(head) if colon else None
            if found is not None and found[0] == "money_unit" and clean(value):
                columns.money.append((r, column, text))
    return columns


def _flat_groups(sheet: _Sheet, columns: _FlatColumns) -> list[list[int]]:
    """Data rows grouped by project: a new 项目编码/项目名称 starts a project; a row where both
    are empty (or merged down) continues the one above."""
    identity = [c for c, kind in columns.project.items() if kind in ("code", "name")]
    groups: list[list[int]] = []
    current: tuple[str, ...] | None = None
    for r in range(columns.first_data_row, sheet.rows):
        row = {c: text for c, text, _ in sheet.row_cells(r)}
        if not any(clean(text) for text in row.values()):
            continue
        key = tuple(clean(row.get(c, "")) for c in identity)
        if any(key) and key != current:
            groups.append([])
            current = key
        elif not groups:
            groups.append([])
        groups[-1].append(r)
    return groups


def _add_flat_layout(sheet: _Sheet, columns: _FlatColumns, blocks: Blocks) -> None:
    """Each project of a flat sheet as the table layout's blocks: a heading, a header table of
    label/value rows, an indicator table; every cell named by the sheet cell it came from."""
    plan = sorted(columns.plan.items())
    order = sorted(columns.indicators)
    for group in _flat_groups(sheet, columns):
        first = group[0]
        cells = {c: text for c, text, _ in sheet.row_cells(first)}

        def at(column: int, row: int = first) -> str:
            return sheet.label(row, column)

        if columns.heading is not None and clean(cells.get(columns.heading, "")):
            for line in cells[columns.heading].split("\n"):
                blocks.paragraph(line, at(columns.heading))
        for column in sorted(columns.project):
            value = cells.get(column, "")
            label = blocks.cell([columns.labels[column][0]], at(column))
            blocks.row([label, blocks.cell(value.split("\n"), at(column))])
        for row, column, text in columns.money:
            blocks.row([blocks.cell([text], sheet.label(row, column))])
        if plan and any(clean(cells.get(c, "")) for c, _ in plan):
            text, row, column = columns.plan_label or ("资金支出计划（%）", first, plan[0][0])
            labels = [blocks.cell([text], sheet.label(row, column))]
            labels += [blocks.cell([label], sheet.label(at_row, c)) for c, (label, at_row) in plan]
            blocks.row(labels)
            values = [blocks.cell([""], at(plan[0][0]))]
            values += [blocks.cell(cells.get(c, "").split("\n"), at(c)) for c, _ in plan]
            blocks.row(values)
        blocks.end_table()
        blocks.row([blocks.cell([columns.labels[c][0]], at(c)) for c in order])
        for r in group:
            texts = {c: text for c, text, _ in sheet.row_cells(r)}
            blocks.row([blocks.cell(texts.get(c, "").split("\n"), at(c, r)) for c in order])
        blocks.end_table()


# -- the reader -----------------------------------------------------------------------------


def read_workbook(workbook: Any, archive: zipfile.ZipFile, path: str) -> Blocks:
    """Every sheet of a workbook, in order, as blocks for the assembler."""
    blocks = Blocks()
    in_part1 = False  # Part 1 has started and 第二部分 has not
    skipped: list[str] = []
    used = 0
    budget = [MAX_CELLS]
    for worksheet in workbook.worksheets:
        sheet = _read_sheet(worksheet, archive, path, budget)
        flat = _flat_header(sheet)
        if flat is not None:
            used += 1
            if in_part1:  # a project sheet after Part 1: Part 2 starts here
                blocks.paragraph("第二部分", sheet.label(flat.header_row, sheet.first_column))
                in_part1 = False
            _add_flat_layout(sheet, flat, blocks)
            blocks.texts.extend(
                sheet.values.get((r, c), "")
                for r in range(flat.header_row)
                for c in range(sheet.first_column, sheet.columns)
            )
            continue
        rows = _table_rows(sheet)
        tables = _project_tables(rows)
        parts = [
            (index, number.group(1))
            for index, row in enumerate(rows)
            if row.paragraph and (number := _PART_RE.match(clean(row.cells[0][1])))
        ]
        if not tables and not parts and not any(_is_part1(row) for row in rows):
            skipped.append(worksheet.title)
            continue
        used += 1
        if in_part1 and tables and not any(index < tables[0] for index, _ in parts):
            first = rows[0]
            blocks.paragraph("第二部分", sheet.label(first.number, first.cells[0][0]))
            in_part1 = False
        for _, numeral in parts:
            in_part1 = numeral == "一"
        _add_table_layout(sheet, rows, blocks)
    if not used:
        names = "、".join(skipped) or "—"
        raise _error(
            path,
            f"工作簿中没有可识别的绩效目标表（工作表：{names}）：需要项目编码、项目名称等标签，"
            "或一行带一级/二级/三级指标和指标值列的表头",
            f"no target table in the workbook (sheets: {', '.join(skipped) or '-'}): a sheet "
            "needs labels such as 项目编码 and 项目名称, or a header row with 一级/二级/三级指标 "
            "and 指标值 columns",
        )
    return blocks


def _is_part1(row: _Row) -> bool:
    if not row.paragraph:
        return False
    body = clean(row.cells[0][1])
    return bool(_PART_RE.match(body)) or "部门整体绩效目标" in body


class XlsxReader:
    """Reads spreadsheet exports of target tables (.xlsx), table or flat layout."""

    name: str = "xlsx"
    description: str = "Excel 工作簿（.xlsx）中的绩效目标表 / target tables in an Excel workbook"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def sniff(self, file: InputFile) -> int:
        return sniff_package(file, "xl/workbook.xml", self.suffixes, "xls")

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]:
        return [self.load(file, options)]

    def load(self, file: InputFile, options: ReadOptions) -> LoadedDocument:
        archive = open_package(file, "xlsx", "xl/workbook.xml")
        try:
            import openpyxl

            workbook = openpyxl.load_workbook(io.BytesIO(file.data), read_only=True, data_only=True)
            try:
                blocks = read_workbook(workbook, archive, file.name)
            finally:
                workbook.close()
        except InputError:
            raise
        except Exception as error:  # openpyxl, lxml and zipfile raise many kinds
            raise damaged(file.name, "xlsx", error) from None
        finally:
            archive.close()
        return assemble(blocks, file, options, self.name)
