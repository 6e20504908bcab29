"""Reader for spreadsheet exports of target tables (.xlsx).

Only the parts a sheet's text needs are read — the workbook, its relationships, the shared
strings, the number formats of the styles, and the sheets — each streamed a row at a time
(`checker.readers.office`), and only the cells a sheet holds are walked: a sheet's declared
dimension, or a cell far from the others, never makes the reader visit empty cells. Cells,
rows, merged ranges and shared strings are counted against the budgets below.

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

import contextlib
import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
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
    join_subtotals,
    normalize_label,
    packed_project_rows,
)
from checker.readers.office import (
    Blocks,
    Package,
    assemble,
    damaged,
    open_package,
    resolve,
    too_large,
)
from checker.readers.package import sniff_package
from checker.readers.xlsxformats import (
    BUILTIN_FORMATS,
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_iso8601,
    is_date_format,
    is_timedelta_format,
)
from checker.values import clean

#: Rows of a sheet (a value in a row past it is refused; the empty rows a template formats are
#: not), columns (cells past them are not read), non-empty cells of a workbook: past them a
#: sheet is not a target table (500 projects of 15 indicators in the flat layout are 7,500 rows
#: of about 25 columns, 190,000 cells; a cell read costs about 300 bytes and 10 µs).
MAX_ROWS = 50_000
MAX_COLUMNS = 128
MAX_CELLS = 500_000
#: Rows with values (or header rows) a merged range is looked up on, summed over the ranges.
MAX_MERGED_ROWS = 2_000_000
#: Merged ranges of a workbook: a sheet of the table layout has about 40 per project.
MAX_MERGES = 100_000
#: Characters in the cells read, all sheets: a shared string is stored once and may be shown
#: in every cell (a 30,000-character one in 100,000 cells would be 3 billion characters to
#: check and write out); as much text as the largest text export (`--max-size`, 50 MB).
MAX_TEXT = 50_000_000
#: Shared strings: never more than the cells that could use them.
MAX_SHARED_STRINGS = MAX_CELLS
#: Cell formats (`cellXfs`) and custom number formats: Excel allows 64,000 cell formats.
MAX_STYLES = 65_536
#: Longest number format code applied (Excel's own limit); a longer one shows as General.
MAX_FORMAT_CODE = 255
#: How many leading rows are searched for a flat layout's header.
_HEADER_ROWS = 30

_PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分")
_PROJECT_HEADING_RE = re.compile(r"(?:绩效目标(?:申报)?表|目标申报表)$")
_NUMBERED_RE = re.compile(r"^[0-9]{1,3}\s*[.、．]")
_UNIT_LINE_RE = re.compile(r"^\s*[0-9]{6}")
_REFERENCE_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
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


def _column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
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
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return _number_text(value, number_format)
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
    negate, spec = _format_spec(number_format, value < 0)
    if negate:
        value = -value
    if spec is None:
        return _general(value)
    prefix, suffix, decimals, grouped, percent = spec
    number = value * 100 if percent else value
    text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return f"{prefix}{text}{'%' if percent else ''}{suffix}"


@functools.lru_cache(maxsize=4096)
def _format_spec(
    number_format: str | None, negative: bool
) -> tuple[bool, tuple[str, str, int, bool, bool] | None]:
    """How a number format shows a number (parsed once per format): whether the number is
    shown negated (a format's negative section), and its prefix, suffix, decimals, thousands
    separator and percent — None where it is shown as General."""
    fmt = (number_format or "General").strip()
    if fmt in ("General", "@", ""):
        return False, None
    sections = fmt.split(";")
    section, negate = sections[0], False
    if negative and len(sections) > 1:
        section, negate = sections[1], True
    section = _FORMAT_NOISE_RE.sub("", section)
    literal_free = _LITERAL_RE.sub(lambda m: "\0" * len(m.group(0)), section)
    match = _NUMBER_PART_RE.search(literal_free)
    if match is None or "E+" in literal_free.upper() or "E-" in literal_free.upper():
        return negate, None
    core = section[match.start() : match.end()]
    prefix = _LITERAL_RE.sub(lambda m: m.group(1) or m.group(2) or "", section[: match.start()])
    suffix = _LITERAL_RE.sub(lambda m: m.group(1) or m.group(2) or "", section[match.end() :])
    percent = core.endswith("%")
    integer, _, fraction = core.rstrip("%").partition(".")
    return negate, (prefix, suffix, len(fraction.replace(",", "")), "," in integer, percent)


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
    #: row → merges crossing it (clipped to the data), for the rows in `indexed`.
    by_row: dict[int, list[_Merge]] = field(default_factory=dict)
    indexed: set[int] = field(default_factory=set)
    #: The rows holding a value, in order: the only rows the layouts walk.
    row_numbers: list[int] = field(default_factory=list)
    rows: int = 0
    first_column: int = 0
    columns: int = 0

    def label(self, row: int, column: int) -> str:
        return f"{sheet_reference(self.title)}!{column_letter(column)}{row + 1}"

    def merge_at(self, row: int, column: int) -> _Merge | None:
        merges = self.by_row.get(row)
        if merges is None:
            if row in self.indexed:
                return None
            # a row no layout walks (the bottom of a header merged down): looked up once
            merges = [m for m in self.merges if m.top <= row <= m.bottom]
            self.by_row[row] = merges
            self.indexed.add(row)
        for merge in merges:
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

    def rows_from(self, first: int) -> list[int]:
        """The rows holding a value, from row `first` on."""
        return self.row_numbers[bisect_left(self.row_numbers, first) :]


# -- the parts of a workbook ------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _IS, _T, _R = (f"{_MAIN}{tag}" for tag in ("row", "c", "v", "is", "t", "r"))
_MERGE_CELL, _SHEET, _WORKBOOK_PR = f"{_MAIN}mergeCell", f"{_MAIN}sheet", f"{_MAIN}workbookPr"
_SI, _NUM_FMT, _NUM_FMTS = f"{_MAIN}si", f"{_MAIN}numFmt", f"{_MAIN}numFmts"
_XF, _CELL_XFS = f"{_MAIN}xf", f"{_MAIN}cellXfs"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

#: A cell format: its number format, and whether a number in it is a date or a duration.
_Format = tuple[str, bool, bool]
_GENERAL: _Format = ("General", False, False)


@dataclass(slots=True)
class _Book:
    """What every sheet's values need: the sheets (title, part), the shared strings, the number
    format of each cell format, the date system."""

    sheets: list[tuple[str, str]]
    strings: list[str]
    formats: list[_Format]
    epoch: datetime
    #: `s` attribute → its format, as met.
    styles: dict[str, _Format] = field(default_factory=dict)


def _read_book(package: Package) -> _Book:
    """The workbook's sheets, shared strings and number formats, as openpyxl reads them."""
    part = package.main_part("xl/workbook.xml")
    rels = {rid: (kind, target) for rid, kind, target in package.relationships(part)}
    listed: list[tuple[str, str]] = []
    epoch = CALENDAR_WINDOWS_1900
    for element in package.parse(part, (_SHEET, _WORKBOOK_PR)):
        if element.tag == _WORKBOOK_PR:
            if element.get("date1904", "").lower() in ("1", "true"):
                epoch = CALENDAR_MAC_1904
        else:
            listed.append((element.get("name", ""), element.get(_REL_ID, "")))
        package.release(element)
        if len(listed) > len(package.names):
            raise package.damaged(part, Text("工作表比压缩包成员还多", "more sheets than members"))
    sheets = []
    for title, rid in listed:
        kind, target = rels.get(rid, ("", ""))
        sheet = resolve(part, target)
        if kind.rsplit("/", 1)[-1] == "worksheet" and package.has(sheet):
            sheets.append((title, sheet))  # chart sheets and missing parts: no cells
    targets = [(kind, target) for kind, target in rels.values()]
    strings = package.target(part, targets, "sharedStrings") or "xl/sharedStrings.xml"
    styles = package.target(part, targets, "styles") or "xl/styles.xml"
    return _Book(
        sheets=sheets,
        strings=_read_strings(package, strings) if package.has(strings) else [],
        formats=_read_formats(package, styles) if package.has(styles) else [_GENERAL],
        epoch=epoch,
    )


def _text_of(element: Any) -> str:
    """The text of a shared or inline string: its `t`, and the `t` of each run (`r`);
    phonetic runs are not text."""
    plain: str | None = None
    runs: list[str] = []
    for child in element:
        if child.tag == _T:
            plain = child.text
        elif child.tag == _R:
            run: str | None = None
            for part in child:
                if part.tag == _T:
                    run = part.text
            if run is not None:
                runs.append(run)
    return (plain or "") + "".join(runs)


def _read_strings(package: Package, part: str) -> list[str]:
    strings: list[str] = []
    for element in package.parse(part, (_SI,)):
        strings.append(_text_of(element).replace("x005F_", ""))
        package.release(element)
        if len(strings) > MAX_SHARED_STRINGS:
            raise too_large(package.path, part, "共享字符串", "shared strings", MAX_SHARED_STRINGS)
    return strings


def _read_formats(package: Package, part: str) -> list[_Format]:
    """The number format of each cell format (`cellXfs`), as openpyxl reads it: a custom
    format by its id, else the built-in one (unknown ids are General)."""
    custom: dict[int, str] = {}
    ids: list[int] = []
    for element in package.parse(part, (_NUM_FMT, _XF)):
        parent = element.getparent()
        parent_tag = parent.tag if parent is not None else None
        try:
            if element.tag == _NUM_FMT and parent_tag == _NUM_FMTS:
                custom[int(element.get("numFmtId", ""))] = element.get("formatCode", "")
            elif element.tag == _XF and parent_tag == _CELL_XFS:
                ids.append(int(element.get("numFmtId", "0")))
        except ValueError as error:
            raise package.damaged(part, error) from None
        package.release(element)
        if len(ids) > MAX_STYLES or len(custom) > MAX_STYLES:
            raise too_large(package.path, part, "单元格格式", "cell formats", MAX_STYLES)
    formats: list[_Format] = []
    known: dict[int, _Format] = {}
    for number in ids:
        found = known.get(number)
        if found is None:
            code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
            if code is not None and len(code) > MAX_FORMAT_CODE:
                code = None
            found = known[number] = (
                code or "General",
                is_date_format(code),
                is_timedelta_format(code),
            )
        formats.append(found)
    return formats or [_GENERAL]


#: Column letters → 0-based index, as met (at most 18,278 of them).
_COLUMNS: dict[str, int] = {}


def _reference(ref: str) -> tuple[int, int] | None:
    """`B3` → (2, 1), 0-based; None for a reference that is none."""
    letters = ref.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None or len(ref) - len(letters) > 7 or len(ref) == len(letters):
        match = _REFERENCE_RE.match(ref)
        if match is None:
            return None
        column = _column_index(match.group(1))
        if letters.isalpha():
            _COLUMNS[letters] = column
        return int(match.group(2)) - 1, column
    return int(ref[len(letters) :]) - 1, column


def _bad(zh: str, en: str, value: str | None) -> Text:
    """`bad cell reference 'A0'`, for a damaged part."""
    return Text(f"{zh}无效：{value!r}", f"bad {en} {value!r}")


def _next_column(unread: str | None, column: int, package: Package, part: str) -> int:
    """The column of a cell without `r`: `column`, or the one after the cell `unread`."""
    if unread is None:
        return column
    where = _reference(unread)
    if where is None:
        raise package.damaged(part, _bad("单元格引用", "cell reference", unread))
    return where[1] + 1


def _row_number(value: str | None, previous: int) -> int | None:
    """A `<row r="…">` as a 1-based number (the one after `previous` when it has none)."""
    if value is None:
        return previous + 1
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


def _shared(cell: Any, strings: list[str]) -> str:
    """The text of a cell holding a shared string (`t="s"`); LookupError for a bad index."""
    value = cell.findtext(_V)
    if not value:
        return ""
    try:
        index = int(value)
    except ValueError:
        raise LookupError(value) from None
    if not 0 <= index < len(strings):
        raise LookupError(value)
    return strings[index]


def _value(cell: Any, book: _Book) -> tuple[Any, str]:
    """A cell's value as openpyxl reads it (with `data_only`: a formula's saved value), and its
    number format."""
    kind = cell.get("t", "n")
    style = cell.get("s")
    number_format = _GENERAL
    if style:
        found = book.styles.get(style)
        if found is None:
            index = int(style) if style.isdigit() else -1
            found = book.formats[index] if 0 <= index < len(book.formats) else _GENERAL
            book.styles[style] = found
        number_format = found
    if kind == "inlineStr":
        inline = cell.find(_IS)
        return (_text_of(inline) if inline is not None else None), number_format[0]
    value: Any = cell.findtext(_V) or None
    if value is None:
        return None, number_format[0]
    if kind == "n":
        try:
            value = float(value) if "." in value or "E" in value or "e" in value else int(value)
        except ValueError:
            return value, number_format[0]  # not a number: shown as written
        if number_format[1]:
            try:
                value = from_excel(value, book.epoch, timedelta=number_format[2])
            except (OverflowError, ValueError):
                value = "#VALUE!"
    elif kind == "s":
        value = _shared(cell, book.strings)
    elif kind == "b":
        with contextlib.suppress(ValueError):
            value = bool(int(value))
    elif kind == "d":
        with contextlib.suppress(ValueError, TypeError):
            value = from_iso8601(value)
    return value, number_format[0]


def _read_sheet(package: Package, book: _Book, title: str, part: str, budget: list[int]) -> _Sheet:
    """The shown text of every cell of a sheet (up to the limits), and its merged ranges.

    Only the cells the sheet holds are visited, a row at a time. `budget` holds how many more
    non-empty cells, merged ranges and characters in cells the workbook may have.
    """
    path = package.path
    strings = book.strings
    sheet = _Sheet(title)
    values = sheet.values
    last_row = last_column = -1
    first_column = MAX_COLUMNS
    number = 0
    merges: list[_Merge] = []
    for element in package.parse(part, (_ROW, _MERGE_CELL)):
        if element.tag == _MERGE_CELL:
            budget[1] -= 1
            if budget[1] < 0:
                raise too_large(path, part, "合并单元格区域", "merged ranges", MAX_MERGES)
            merge = _merge_range(element.get("ref", ""))
            if merge is not None:
                merges.append(merge)
            package.release(element)
            continue
        found = _row_number(element.get("r"), number)
        if found is None:
            raise package.damaged(part, _bad("行号", "row number", element.get("r")))
        number = found
        column = 0  # the column of a cell without `r`: the one after the cell before
        unread: str | None = None  # the `r` of an empty cell before, not parsed yet
        for cell in element.iterchildren(_C):
            ref = cell.get("r")
            if not len(cell):  # no value (it would be a child): only its place counts
                if ref:
                    unread = ref
                else:
                    column = _next_column(unread, column, package, part) + 1
                    unread = None
                continue
            if ref:
                where = _reference(ref)
                if where is None:
                    raise package.damaged(part, _bad("单元格引用", "cell reference", ref))
                r, c = where
            else:
                r, c = number - 1, _next_column(unread, column, package, part)
            column, unread = c + 1, None
            if c >= MAX_COLUMNS or c < 0 or r < 0:
                continue  # a column not read
            try:
                if cell.get("t") == "s":  # most text: shown as it is, whatever the format
                    text = _shared(cell, strings)
                else:
                    value, number_format = _value(cell, book)
                    text = display(value, number_format)
            except LookupError as error:
                name = Text(f"{ref or ''} 的共享字符串编号", f"shared string number in {ref}")
                raise package.damaged(part, _bad(name.zh, name.en, error.args[0])) from None
            if not text:
                continue
            if r >= MAX_ROWS or budget[0] <= 0:
                raise _too_large(path, title)
            budget[0] -= 1
            budget[2] -= len(text)
            if budget[2] < 0:
                raise too_large(path, part, "单元格中的字符", "characters in cells", MAX_TEXT)
            values[(r, c)] = text
            if r > last_row:
                last_row = r
            if c > last_column:
                last_column = c
            if c < first_column:
                first_column = c
        package.release(element)
    for merge in merges:
        if merge.top > last_row or merge.left > last_column:
            continue  # a merge over nothing but empty cells
        merge.bottom = min(merge.bottom, last_row)
        merge.right = min(merge.right, last_column)
        sheet.merges.append(merge)
        first_column = min(first_column, merge.left)
    sheet.row_numbers = sorted({r for r, _ in values})
    sheet.rows = last_row + 1
    sheet.first_column = first_column if last_column >= 0 else 0
    sheet.columns = last_column + 1
    _index_merges(sheet, path)
    return sheet


def _merge_range(ref: str) -> _Merge | None:
    """A merged range `A1:C2` (0-based, clipped to the rows and columns read); None for one
    outside them or that is no range."""
    first, _, last = ref.partition(":")
    start = _reference(first)
    end = _reference(last) if last else start
    if start is None or end is None:
        return None
    top, bottom = min(start[0], end[0]), max(start[0], end[0])
    left, right = min(start[1], end[1]), max(start[1], end[1])
    if left >= MAX_COLUMNS or top >= MAX_ROWS or top < 0 or left < 0:
        return None
    return _Merge(top, left, min(bottom, MAX_ROWS - 1), min(right, MAX_COLUMNS - 1))


def _index_merges(sheet: _Sheet, path: str) -> None:
    """`by_row` for the rows the layouts walk: those with values, and the header rows."""
    needed = sorted(set(sheet.row_numbers).union(range(min(sheet.rows, _HEADER_ROWS))))
    expanded = 0
    for merge in sheet.merges:
        lo, hi = bisect_left(needed, merge.top), bisect_right(needed, merge.bottom)
        expanded += hi - lo
        if expanded > MAX_MERGED_ROWS:
            raise _too_large(path, sheet.title)
        for row in needed[lo:hi]:
            sheet.by_row.setdefault(row, []).append(merge)
    sheet.indexed = set(needed)


def _too_large(path: str, title: str) -> InputError:
    return _error(
        path,
        f"工作表“{title}”超出读取上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列、整个工作簿 {MAX_CELLS} 个"
        "非空单元格），不像绩效目标表；请分成几个文件",
        f"sheet {title!r} is past the limits ({MAX_ROWS} rows, {MAX_COLUMNS} columns, "
        f"{MAX_CELLS} non-empty cells in the workbook): not a target table as we know them; "
        "split the file",
    )


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
    previous = -1
    for r in sheet.row_numbers:  # a row without values is blank: it only makes a gap
        if r > previous + 1:
            gap = True
        previous = r
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
            if is_project_table(texts) or packed_project_rows(texts) is not None:
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

    @property
    def identity(self) -> list[int]:
        """The columns naming a project (项目编码, 项目名称): a new value starts a project."""
        return [c for c, kind in self.project.items() if kind in ("code", "name")]


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
    are empty (or merged down) continues the one above; a subtotal row joins the project after
    it (`join_subtotals`, as the text importer reads flat tables)."""
    identity = columns.identity
    groups: list[list[int]] = []
    current: tuple[str, ...] | None = None
    for r in sheet.rows_from(columns.first_data_row):
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
    held = [c for c, kind in columns.indicators.items() if kind in ("name", "value")] + identity

    def filled(group: list[int]) -> bool:
        """A project's row: an indicator, or a project named (a sheet of projects without
        indicators is still projects); a subtotal names only its unit."""
        return any(clean(sheet.values.get((r, c), "")) for r in group for c in held)

    return join_subtotals(groups, filled)


def _named_row(sheet: _Sheet, columns: _FlatColumns, group: list[int]) -> int:
    """The row of a group that names its project (after a subtotal row joined to it)."""
    identity = columns.identity
    for r in group:
        if any(clean(sheet.values.get((r, c), "")) for c in identity):
            return r
    return group[0]


def _add_flat_layout(sheet: _Sheet, columns: _FlatColumns, blocks: Blocks) -> None:
    """Each project of a flat sheet as the table layout's blocks: a heading, a header table of
    label/value rows, an indicator table; every cell named by the sheet cell it came from."""
    plan = sorted(columns.plan.items())
    order = sorted(columns.indicators)
    for group in _flat_groups(sheet, columns):
        first = _named_row(sheet, columns, group)
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


def read_workbook(package: Package) -> Blocks:
    """Every sheet of a workbook, in order, as blocks for the assembler."""
    path = package.path
    book = _read_book(package)
    blocks = Blocks(path=path)
    in_part1 = False  # Part 1 has started and 第二部分 has not
    skipped: list[str] = []
    used = 0
    budget = [MAX_CELLS, MAX_MERGES, MAX_TEXT]
    for title, part in book.sheets:
        sheet = _read_sheet(package, book, title, part, budget)
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
            skipped.append(title)
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
        with open_package(file, "xlsx", "xl/workbook.xml") as package:
            try:
                blocks = read_workbook(package)
            except InputError:
                raise
            except Exception as error:  # lxml and zipfile raise many kinds
                raise damaged(file.name, "xlsx", error) from None
        return assemble(blocks, file, options, self.name)
