"""Importer for the Word text-export layout of a 绩效目标 document (domain.md §1).

The export writes headings and paragraphs as plain lines and each table row as a group of lines:
every cell starts with a tab, a blank line ends the row, and a table ends with a second blank
line (or a paragraph after the row's blank line). A cell can hold several lines, blank ones
included, which is why rows are not split on every blank line: in an indicator table the header
row gives the column count, and a row that has fewer cells is not finished yet.

Parsing is two passes: `_Tokenizer` turns lines into paragraphs and tables of cells (each cell
knows its line), `Assembler` recognises Part 1 and the project tables and maps their cells with
`checker.readers.layout`. Anything it cannot place is an `InputError` naming the line.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from checker.encoding import decode
from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions, ReadResult
from checker.model import Cut, Document, DocumentKind, Overview, Project
from checker.readers import not_a_text_export
from checker.readers.labels import is_target_title, read_column, read_label, table_kind
from checker.readers.layout import (
    INDICATOR_LABELS,
    CellRef,
    IndicatorLayout,
    Mapped,
    first_cells_row,
    header_label,
    indicator_columns,
    indicator_layout,
    is_project_table,
    join_subtotals,
    map_header,
    map_indicators,
    map_transposed,
    normalize_label,
    packed_project_rows,
    project_labels,
    row_kind,
    split_goals,
)
from checker.source import Location, SourceMap
from checker.taxonomy import classify, infer_place
from checker.values import clean, parse_amount, parse_value

_BOOKMARK_RE = re.compile(r"\[bookmark: ([^\]\n]*)\]")
_PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分")
_SECTION_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
_PROJECT_HEADING_RE = re.compile(r"(?:绩效目标(?:申报|批复)?表|目标(?:申报|批复)表)$")
_NUMBERED_RE = re.compile(r"^[0-9]{1,3}\s*[.、．](?![0-9])")
_YEAR_RE = re.compile(r"(20[0-9]{2})\s*年")
#: A target table's title naming its year (`2024年祁东县部门整体支出绩效目标表`, `(2025年度)`).
_TITLE_YEAR_RE = re.compile(
    r"^.{0,80}?(20[0-9]{2})\s*年.{0,60}?目标(?:申报|批复)?表$|^[(（]\s*(20[0-9]{2})\s*年度?\s*[)）]$"
)
_DEPARTMENT_RE = re.compile(
    r"(?:我单位|本单位|我局|本局|我部门|本部门|我委|本委)(?:是|为)?"
    r"([^，,。；;：:\s“”\"（）()]{2,40}?"
    r"(?:委员会|办公室|管理局|局|委|中心|院|所|站|队|馆|协会|会|部|厅|署|处|室|办|校|政府))"
    r"(?=属于|是|作为|为|主要|负责|隶属|承担|[，,。；;：:\s（(]|$)"
)
#: A paragraph stating the tables' money unit: `金额单位：万元`, `单位:万元`.
_MONEY_UNIT_RE = re.compile(r"单位[:：]\s*(万元|亿元|千元|元)")
#: A notice the tables are attached to: its title, its 文号, or its list of attachments.
_NOTICE_TITLE_RE = re.compile(r"关于.{2,70}?的(?:通知|批复|函)$")
_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fa5]{1,12}[〔\[［(（]20[0-9]{2}[〕\]］)）][0-9]{1,5}号$")
_ATTACHMENTS_RE = re.compile(r"^附件\s*[0-9一二三]*\s*[:：]")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}

#: Longest text export we read: the seed holds 10 tables in 964 lines, so this is about 1000
#: tables; it bounds the work on hostile input (well under a second at any shape).
MAX_LINES = 100_000

#: A table whose first rows label a second 项目编码/项目名称 starts the next project.
_IDENTITY_ROWS = 8

#: How sure `sniff` is: tab-led labels of a 绩效目标表 in the file, or only Part 1 markers.
SNIFF_TABLES = 90
SNIFF_SOME = 70
SNIFF_PART1 = 40


def _error(path: str, line: int | None, zh: str, en: str) -> InputError:
    return InputError(path, line, Text(zh, en))


def _is_blank(line: str) -> bool:
    """A blank line of the export: empty or spaces only, and not a (tab-led) cell."""
    return not line.startswith("\t") and not line.strip()


def _strip_bookmarks(text: str) -> tuple[str, list[str]]:
    names = _BOOKMARK_RE.findall(text)
    return (_BOOKMARK_RE.sub("", text), names) if names else (text, [])


def _is_heading(line: str) -> bool:
    """A paragraph that can never continue a cell: a TOC-bookmarked line, a part or table title."""
    if line.startswith("[bookmark: _Toc"):
        return True
    text = clean(_BOOKMARK_RE.sub("", line))
    return bool(_PART_RE.match(text) or _PROJECT_HEADING_RE.search(text))


def _cn_number(numeral: str) -> int:
    """一 … 九十九 as an int (section numbers)."""
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + _CN_DIGITS.get(ones, 0)


class Cell:
    """One table cell: its lines (tab and bookmarks stripped) and the line it starts on."""

    __slots__ = ("artefacts", "line", "lines")

    def __init__(self, line: int, first: str) -> None:
        self.line = line
        self.lines: list[str] = []
        #: Stripped Word artefacts: (index of the line in the cell, text such as `[bookmark: _GoBack]`).
        self.artefacts: list[tuple[int, str]] | None = None
        self.add(first)

    def add(self, raw: str) -> None:
        if "[bookmark:" in raw:
            if self.artefacts is None:
                self.artefacts = []
            for match in _BOOKMARK_RE.finditer(raw):
                self.artefacts.append((len(self.lines), match.group(0)))
            raw = _BOOKMARK_RE.sub("", raw)
        self.lines.append(raw)

    @property
    def text(self) -> str:
        return self.lines[0] if len(self.lines) == 1 else "\n".join(self.lines)

    def line_of(self, offset: int | None) -> int:
        """The line of the value: the given line of the cell, or its first non-blank one."""
        if offset is not None:
            return self.line + offset
        for index, text in enumerate(self.lines):
            if text.strip():
                return self.line + index
        return self.line


class Row:
    """A finished row: its cells and their texts (computed once; rows are looked at often)."""

    __slots__ = ("cells", "line", "texts")

    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self.line = cells[0].line
        self.texts = [cell.text for cell in cells]


class Table:
    """Rows of one table; `closed` is False when the file ended inside it (a cut-off file)."""

    __slots__ = ("closed", "line", "rows", "texts")

    def __init__(self, rows: list[Row], closed: bool) -> None:
        self.rows = rows
        self.closed = closed
        self.line = rows[0].line
        self.texts = [row.texts for row in rows]


@dataclass(slots=True)
class Para:
    line: int
    text: str
    bookmarks: list[str]


Block = Para | Table


class _Tokenizer:
    """Lines → paragraphs and tables. Knows the layout of the export, not what the cells mean."""

    def __init__(self, lines: Sequence[str], path: str) -> None:
        self.lines = lines
        self.path = path

    def blocks(self) -> list[Block]:
        lines = self.lines
        out: list[Block] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                table, i = self._table(i)
                out.append(table)
            elif _is_blank(line):
                i += 1
            else:
                text, names = _strip_bookmarks(line)
                out.append(Para(i + 1, text, names))
                i += 1
        return out

    def _table(self, i: int) -> tuple[Table, int]:
        lines, n = self.lines, len(self.lines)
        rows: list[Row] = []
        expected: int | None = None
        while True:
            row, i, ended = self._row(i, expected)
            rows.append(row)
            if expected is None and indicator_columns(row.texts) is not None:
                expected = len(row.cells)
            if not ended or i >= n:
                return Table(rows, closed=False), i
            if not lines[i].startswith("\t"):
                return Table(rows, closed=True), i  # a second blank line or a paragraph

    def _row(self, i: int, expected: int | None) -> tuple[Row, int, bool]:
        """One row from line index `i`; returns it, the index after it, and whether a blank ended it."""
        lines, n = self.lines, len(self.lines)
        cells: list[Cell] = []
        while i < n:
            line = lines[i]
            if line.startswith("\t"):
                cells.append(Cell(i + 1, line[1:]))
                i += 1
                continue
            if not _is_blank(line):
                cells[-1].add(line)  # a further paragraph of the cell
                i += 1
                continue
            j = i
            while j < n and _is_blank(lines[j]):
                j += 1
            if expected is not None and len(cells) < expected:
                # the row is not finished: the blank lines are inside its last cell — unless
                # the table ends here (two blank lines, then the file's end or a heading):
                # then it is a row merged across (a signature row under the indicators)
                ends = j >= n or (not lines[j].startswith("\t") and _is_heading(lines[j]))
                if j - i > 1 and (ends or not lines[j].startswith("\t")):
                    # two blank lines, then the file's end or a paragraph: the table ended
                    return Row(cells), i + 1, True
                if ends:
                    raise self._cut(j, cells, expected)
            elif j - i > 1 or j >= n or lines[j].startswith("\t") or _is_heading(lines[j]):
                return Row(cells), i + 1, True
            for blank in lines[i:j]:
                cells[-1].add(blank)
            i = j
        if expected is not None and len(cells) < expected:
            raise self._cut(n, cells, expected)
        return Row(cells), i, False

    def _cut(self, j: int, cells: list[Cell], expected: int) -> InputError:
        where = min(j, len(self.lines))
        return _error(
            self.path,
            max(where, 1),
            f"表格中途结束：第 {cells[0].line} 行开始的指标行只有 {len(cells)} 列"
            f"（表头 {expected} 列），文件可能被截断",
            f"table cut off: the indicator row starting at line {cells[0].line} has "
            f"{len(cells)} of {expected} cells; the file may be truncated",
        )


@dataclass(slots=True)
class TextImport:
    """What the importer makes of one text export, beside the model itself."""

    document: Document
    source_map: SourceMap
    #: Word bookmarks stripped from headings and paragraphs, by JSON pointer (`_Toc…`).
    bookmarks: dict[str, str] = field(default_factory=dict)


class _Sources:
    """Pointer → line, sharing one `Location` per line (thousands of pointers, few lines)."""

    __slots__ = ("entries", "locations")

    def __init__(self) -> None:
        self.entries: dict[str, Location] = {}
        self.locations: dict[int, Location] = {}

    def set(self, pointer: str, line: int) -> None:
        location = self.locations.get(line)
        if location is None:
            location = self.locations[line] = Location(line=line)
        self.entries[pointer] = location

    def source_map(self) -> SourceMap:
        return SourceMap(self.entries)


class Assembler:
    """Paragraphs and tables → a `Document` with its source map.

    Public with `Cell`, `Row`, `Table` and `Para`: the .docx and .xlsx readers build the same
    blocks from their files (`checker.readers.office`) and assemble them here, so every format
    is read by one set of rules about labels and layouts.
    """

    def __init__(self, blocks: list[Block], path: str, line_count: int) -> None:
        self.blocks = blocks
        self.path = path
        self.line_count = line_count
        self.source = _Sources()
        self.bookmarks: dict[str, str] = {}
        self.part = 0
        self.overview: dict[str, Any] | None = None
        self.title_pending = False
        self.section_number = 0
        self.heading: Para | None = None
        self.part2_line: int | None = None
        self.projects: list[Project] = []
        #: What each target table is for, by its title (the document's kind follows).
        self.table_kinds: list[str] = []
        #: The money unit a paragraph states for the tables after it (`金额单位：万元`).
        self.money_unit: str | None = None
        #: Paragraphs before the first table (a notice the tables are attached to).
        self.preamble: list[tuple[int, str]] = []

    # -- Part 1 -----------------------------------------------------------------------------
    def _start_overview(self, para: Para, remainder: str) -> None:
        if self.overview is not None:  # a second 第一部分 (the first was a table of contents)
            for store in (self.source.entries, self.bookmarks):
                for pointer in [p for p in store if p.startswith("/overview")]:
                    del store[pointer]
        self.part = 1
        self.section_number = 0
        self.overview = {"title": None, "sections": []}
        self.source.set("/overview", para.line)
        self._remember("/overview", para)
        title = remainder.lstrip(" \u3000、：:")
        if clean(title):
            self.overview["title"] = title
            self.source.set("/overview/title", para.line)
        else:
            self.title_pending = True

    def _remember(self, pointer: str, para: Para) -> None:
        if para.bookmarks:
            self.bookmarks[pointer] = para.bookmarks[0]

    def _paragraph(self, para: Para) -> None:
        text = clean(para.text)
        part = _PART_RE.match(text)
        if part:
            if part.group(1) == "一":
                raw = para.text
                index = raw.find("部分")
                self._start_overview(para, raw[index + 2 :] if index >= 0 else "")
            else:
                self.part = 2
                self.part2_line = para.line
                self.title_pending = False
            return
        money = _MONEY_UNIT_RE.search(text)
        if money and self.part != 1:
            self.money_unit = money.group(1)
        if self.part == 0 and not self.projects:
            self.preamble.append((para.line, para.text))
        if _PROJECT_HEADING_RE.search(text) or (self.part != 1 and is_target_title(text)):
            self.heading = para
            if self.part == 1:
                self.part = 2
            return
        section = _SECTION_RE.match(para.text)
        if (
            self.part == 0
            and section
            and _cn_number(section.group(1)) == 1
            and "目标" in para.text[section.end() :]
        ):
            self._start_overview(para, "")
            self.title_pending = False
        if self.part == 1:
            self._overview_line(para, section)
        elif _NUMBERED_RE.match(text):
            self.heading = para

    def _overview_line(self, para: Para, section: re.Match[str] | None) -> None:
        assert self.overview is not None
        sections: list[dict[str, Any]] = self.overview["sections"]
        if section and _cn_number(section.group(1)) > self.section_number:
            self.section_number = _cn_number(section.group(1))
            pointer = f"/overview/sections/{len(sections)}"
            sections.append(
                {"number": section.group(1), "title": para.text[section.end() :], "paragraphs": []}
            )
            self.source.set(pointer, para.line)
            self.source.set(pointer + "/number", para.line)
            self.source.set(pointer + "/title", para.line)
            self._remember(pointer, para)
            self.title_pending = False
        elif self.title_pending and not sections:
            self.overview["title"] = para.text
            self.source.set("/overview/title", para.line)
            self.title_pending = False
        elif sections:
            self._section_paragraph(para.line, para.text)
            self._remember(
                f"/overview/sections/{len(sections) - 1}/paragraphs/"
                f"{len(sections[-1]['paragraphs']) - 1}",
                para,
            )

    def _section_paragraph(self, line: int, text: str) -> None:
        assert self.overview is not None
        sections: list[dict[str, Any]] = self.overview["sections"]
        index = len(sections) - 1
        paragraphs: list[str] = sections[-1]["paragraphs"]
        self.source.set(f"/overview/sections/{index}/paragraphs/{len(paragraphs)}", line)
        paragraphs.append(text)

    # -- walking the blocks -----------------------------------------------------------------
    def run(self) -> None:
        i = 0
        while i < len(self.blocks):
            block = self.blocks[i]
            if isinstance(block, Para):
                self._paragraph(block)
                i += 1
            elif self.part != 1 and is_project_table(block.texts):
                i = self._project(i)
            elif self.part == 1 and not is_project_table(block.texts, identity=True):
                if self.overview and self.overview["sections"]:
                    for row in block.rows:  # a table in Part 1: one paragraph per row
                        self._section_paragraph(row.line, "\t".join(row.texts))
                i += 1
            elif self.part == 1:
                i = self._project(i)
            elif (tree := _tree_projects(block)) is not None:
                for header_row, body, indicators in tree:  # one project a branch of the tree
                    self._emit_read(header_row, body, indicators)
                i += 1
            elif (listed := _listed_projects(block)) is not None:
                for row in listed:  # a list of projects, each packing its targets in one cell
                    self._emit_read(row, [], Mapped(data={"indicators": []}))
                i += 1
            elif _looks_like_target(block):
                raise _error(
                    self.path,
                    block.line,
                    "无法识别的表格：像是绩效目标表（有“绩效”“指标”或“目标”字样），但找不到项目名称、"
                    "预算数或指标表头",
                    "unrecognised table: it looks like a target table (绩效, 指标 or 目标), but has "
                    "no 项目名称, 预算数 or indicator header",
                )
            else:
                i += 1  # an attachment that is no target table (安排表, 任务清单): nothing to check

    def finish(self, ends_with_newline: bool) -> None:
        """Part 2 ends as a file cut off would: a table heading, or no table at all."""
        heading = self.heading
        if heading is not None and (
            _PROJECT_HEADING_RE.search(clean(heading.text))
            or any(name.startswith("_Toc") for name in heading.bookmarks)
            or (heading.line == self.line_count and not ends_with_newline)
        ):
            raise _error(
                self.path,
                heading.line,
                "文件在绩效目标表的标题之后结束（没有表格），文件可能被截断",
                "the file ends after a target table's heading (no table); it may be truncated",
            )
        last = self.blocks[-1] if self.blocks else None
        if (
            self.part == 2
            and not ends_with_newline
            and isinstance(last, Para)
            and last.line == self.line_count
        ):
            raise _error(
                self.path,
                last.line,
                "文件在最后一个表格之后的一行中间结束（没有换行符），文件可能被截断",
                "the file ends inside a line after the last table (no final newline); it may "
                "be truncated",
            )
        if self.part2_line is not None and not self.projects:
            raise _error(
                self.path,
                self.part2_line,
                "第二部分没有绩效目标表，文件可能被截断",
                "Part 2 (第二部分) holds no target table; the file may be truncated",
            )

    def _project(self, start: int) -> int:
        """Collect one or more projects' tables from block `start`; returns the index after them.

        A project's rows may span several tables (the seed: a header table and an indicator
        table), and one table may hold several projects (a title row or a second 项目名称 starts
        the next; a flat table names each project in its own columns).
        """
        segment = _Segment(self.heading)
        self.heading = None
        self.part = 2
        i = start
        while i < len(self.blocks):
            block = self.blocks[i]
            if isinstance(block, Para):
                if segment.layout is not None or _is_heading_para(block):
                    break
                i += 1  # a stray paragraph between the project's tables
                continue
            if i > start and not segment.continues(block):
                break
            for row in block.rows:
                if segment.splits_at(row):
                    self._build(segment, at_end=False)
                    segment = _Segment(None)
                segment.add(row)
            segment.last = block
            i += 1
        at_end = i >= len(self.blocks)
        self._build(segment, at_end=at_end)
        return i

    def _build(self, segment: _Segment, at_end: bool) -> None:
        """Map a segment's rows to one project (or to several, for a flat or transposed table)."""
        layout = segment.layout
        header_rows = segment.rows[: segment.header_end]
        body = segment.rows[segment.body_start :] if layout is not None else []
        if layout is not None and layout.transposed:
            table_rows = segment.rows[layout.first :]
            shifted = _shift(layout, layout.first)
            for indicators in map_transposed(shifted, [r.texts for r in table_rows]):
                no_values = not any(k.endswith("/value") for k in indicators.refs)
                self._emit(
                    segment,
                    header_rows,
                    table_rows,
                    indicators,
                    "values" if at_end and no_values else None,
                )
            return
        if layout is not None and layout.project_columns and _fills_any(layout, body):
            groups = _split_flat(layout, body)
            for number, rows in enumerate(groups, start=1):
                project_header = _flat_header(layout, rows)
                indicators = map_indicators(layout, [r.texts for r in rows])
                last = number == len(groups)
                self._emit(
                    segment,
                    header_rows,
                    rows,
                    indicators,
                    _indicators_cut(indicators, at_end and last and not segment.footer),
                    project_header,
                )
            return
        cut: Cut | None
        if layout is None:
            indicators = Mapped(data={"indicators": []})
            cut = "header" if at_end else None
        else:
            indicators = map_indicators(layout, [r.texts for r in body])
            cut = _indicators_cut(indicators, at_end and not segment.footer)
        self._emit(segment, header_rows, body, indicators, cut)

    def _emit_read(self, header_row: Row, body: list[Row], indicators: Mapped) -> None:
        """A project a layout reader has already taken apart (a tree's branch, a list's row):
        its header row of label and value cells, its indicator rows and their indicators."""
        segment = _Segment(self.heading)
        self.heading = None
        self.part = 2
        segment.rows = [header_row, *body]
        self._emit(segment, [header_row], body, indicators, None)

    def _emit(
        self,
        segment: _Segment,
        header_rows: list[Row],
        body: list[Row],
        indicators: Mapped,
        cut: Cut | None,
        flat: tuple[Mapped, list[Row]] | None = None,
    ) -> None:
        k = len(self.projects)
        base = f"/projects/{k}"
        header = map_header([row.texts for row in header_rows])
        data: dict[str, Any] = dict(header.data)
        if flat is not None:
            for key, value in flat[0].data.items():
                data[key] = value
        if indicators.data["indicators"] or not data.get("indicators"):
            data["indicators"] = indicators.data["indicators"]
        elif cut == "header":
            cut = None  # the header's cells hold the indicators (`产出指标 | a;b;c`)
        for key in ("mid_term",):
            if key in indicators.data:
                merged = dict(data.get(key, {}))
                merged.update(indicators.data[key])
                data[key] = merged
        reading: dict[str, Any] = dict(data.get("reading", {}))
        shift = len(reading.get("unmapped", []))
        if shift:
            indicators.refs = {
                _shift_unmapped(key, shift): ref for key, ref in indicators.refs.items()
            }
        for key, value in indicators.data.get("reading", {}).items():
            reading[key] = list(reading.get(key, [])) + list(value)
        if cut is not None:
            reading["cut"] = cut
        absent = _absent_fields(data, segment.layout, segment.heading, header)
        if absent:
            reading["absent"] = absent
        unknown = _unknown_columns(segment.layout)
        rows = indicators.data.get("indicators", [])
        if unknown and rows and all(clean(row.get("value")) for row in rows):
            unknown = []  # every row's places share one value: that is the row's value
        if unknown:
            reading.setdefault("unmapped", [])
            for label, fields in unknown:
                reading["unmapped"].append({"label": label, "fields": fields})
        if reading:
            data["reading"] = reading
        elif "reading" in data:
            del data["reading"]
        if self.money_unit and "money_unit" not in data:
            data["money_unit"] = self.money_unit
        if "money_unit" not in data and _amounts_without_unit(data.get("budget", {})):
            unit = _unit_restated(data)
            if unit is not None:
                data["money_unit"] = unit  # a cost row writes the total with its unit
            else:
                data.setdefault("reading", {}).setdefault("assumed", []).append("money_unit")
        heading = segment.heading
        first_row = header_rows[0] if header_rows else (body[0] if body else None)
        first_line = first_row.line if first_row is not None else self.line_count
        if heading is not None:
            data["heading"] = heading.text
            self.source.set(base + "/heading", heading.line)
            self._remember(base + "/heading", heading)
            kind = table_kind(heading.text)
        else:
            kind = table_kind(data.get("heading") or "")
        title = heading.text if heading is not None else data.get("heading") or ""
        if (
            self.part2_line is not None
            or self.overview is not None
            or _NUMBERED_RE.match(clean(title))
        ):
            # a department document's tables, and numbered headings (`2.…专项资金绩效目标表`),
            # name their projects: what the project is called says nothing of the table's kind
            kind = None
        if kind is not None and kind != "project":
            data["table_kind"] = kind
            self.source.set(base + "/table_kind", heading.line if heading else first_line)
        if kind == "department" and clean(data.get("unit")):
            # a department-wide table names the department where a project table names the
            # project: 部门名称 is its name (any 项目名称 there names a line of its expenditure)
            data["name"] = data["unit"]
            if "/unit" in header.refs:
                header.refs["/name"] = header.refs["/unit"]
        if kind is not None:
            self.table_kinds.append(kind)
        self.source.set(base, heading.line if heading else first_line)
        if segment.layout is not None and body:
            header_at = segment.rows[segment.layout.first].line
            self.source.set(base + "/indicators", header_at)
        artefacts = _place(header, header_rows, base, self.source)
        if flat is not None:
            artefacts += _place(flat[0], flat[1], base, self.source)
        indicator_rows = (
            body
            if not (segment.layout and segment.layout.transposed)
            else (segment.rows[segment.layout.first :])
        )
        artefacts += _place(indicators, indicator_rows, base, self.source)
        if unknown and segment.layout is not None:
            offset = len(reading.get("unmapped", [])) - len(unknown)
            header_at = segment.rows[segment.layout.first].line
            for index in range(len(unknown)):
                self.source.set(f"{base}/reading/unmapped/{offset + index}", header_at)
        if cut is not None:
            rows_read = body or header_rows
            line = rows_read[-1].line if rows_read else first_line
            self.source.set(base + "/reading", line)
            self.source.set(base + "/reading/cut", line)
        data["export_artefacts"] = [{"pointer": p, "text": t} for p, t, _ in artefacts]
        for m, (_, _, line) in enumerate(artefacts):
            self.source.set(f"{base}/export_artefacts/{m}", line)
        try:
            self.projects.append(Project.model_validate(data))
        except ValidationError as error:  # pragma: no cover - the mapper only makes strings
            raise _error(
                self.path,
                first_line,
                f"无法读取绩效目标表：{error.errors()[0]['msg']}",
                f"cannot read the target table: {error.errors()[0]['msg']}",
            ) from None

    def document(self, budget_year: int | None, text: str) -> Document:
        overview = Overview.model_validate(self.overview) if self.overview is not None else None
        return Document(
            document_kind=self._document_kind(),
            notice=self._notice(),
            budget_year=budget_year if budget_year is not None else infer_budget_year(text),
            department=_department(overview),
            overview=overview,
            projects=self.projects,
        )

    def _notice(self) -> str | None:
        if not self.projects:
            return None
        found = _notice(self.preamble)
        if found is not None:
            self.source.set("/notice", found[0])
            return found[1]
        return None

    def _document_kind(self) -> DocumentKind | None:
        """What the file holds, where the model cannot tell it by itself (`kind_held`: a
        department document has Part 1, anything else is project tables)."""
        if self.overview is not None:
            return None
        if self.part2_line is not None:
            return "department_document"  # 第二部分 without 第一部分: S002 asks for it
        kinds = set(self.table_kinds)
        if kinds and kinds <= {"department"}:
            return "department_table"
        if "transfer_payment" in kinds:
            return "transfer_payment"
        if "special_fund" in kinds:
            return "special_fund"
        return None


class _Segment:
    """The rows of one project being collected, and where its indicator table starts."""

    def __init__(self, heading: Para | None) -> None:
        self.heading = heading
        self.rows: list[Row] = []
        self.layout: IndicatorLayout | None = None
        #: Rows before the indicator header (or all rows while there is none).
        self.header_end = 0
        #: The first row after the indicator header.
        self.body_start = 0
        self.identity: set[str] = set()
        self.footer = False
        self.last: Table | None = None

    def _texts(self) -> list[list[str]]:
        return [row.texts for row in self.rows]

    def continues(self, table: Table) -> bool:
        """Whether the next table belongs to this project: before the indicator table, when it
        names no second 项目编码/项目名称; after it, only when it repeats the indicator header."""
        if self.layout is not None:
            first = table.rows[0].texts
            return indicator_columns(first) is not None and indicator_columns(
                first
            ) == indicator_columns(self.rows[self.layout.first + self.layout.rows - 1].texts)
        return not (project_labels(table.texts[:_IDENTITY_ROWS]) & self.identity)

    def splits_at(self, row: Row) -> bool:
        """Whether `row` starts the next project: a target table's title row, or a second
        项目名称/项目编码, once this project has content."""
        if not self.rows:
            return False
        kind = row_kind(row.texts)
        has_content = self.layout is not None or any(
            row_kind(r.texts) == "cells" for r in self.rows
        )
        if kind == "title" and has_content:
            return True
        if kind != "cells":
            return False
        labels = (
            project_labels([row.texts[:1]])
            if self.layout is not None
            else (project_labels([row.texts]))
        )
        return bool(labels & self.identity) or (self.layout is not None and bool(labels))

    def add(self, row: Row) -> None:
        """Take the next row; find the indicator header once the rows around it are here (a
        second header row under it, or the three header rows of a transposed table)."""
        self.rows.append(row)
        index = len(self.rows) - 1
        if row_kind(row.texts) == "footer":
            self.footer = self.footer or self.layout is not None
            return
        layout = self.layout
        if layout is not None:
            if index == layout.first + layout.rows and layout.rows == 1 and not layout.transposed:
                again = indicator_layout(self._texts(), layout.first)
                if again is not None and again.rows == 2:
                    self._use(again)
            return
        if row_kind(row.texts) == "cells":
            for start in (index - 2, index):
                found = indicator_layout(self._texts(), start) if start >= 0 else None
                if found is not None and (found.transposed or start == index):
                    self._use(found)
                    return
        self.identity |= project_labels([row.texts])
        self.header_end = len(self.rows)
        self.body_start = len(self.rows)

    def _use(self, layout: IndicatorLayout) -> None:
        self.layout = layout
        self.header_end = layout.first
        self.body_start = layout.first + layout.rows


def _shift(layout: IndicatorLayout, offset: int) -> IndicatorLayout:
    return IndicatorLayout(layout.columns, layout.first - offset, layout.rows, layout.transposed)


def _indicators_cut(indicators: Mapped, at_end: bool) -> Cut | None:
    """`indicators` when the file ends with this indicator table and its last row is not the
    满意度 row every template puts last: rows after it may be missing (S009 judges)."""
    rows = indicators.data["indicators"]
    if at_end and (not rows or not _ends_with_satisfaction(rows[-1])):
        return "indicators"
    return None


def _ends_with_satisfaction(row: dict[str, Any]) -> bool:
    """Whether an indicator table's last row is a 满意度 row: the class every template puts
    last, so a table that ends with one was not cut short inside its indicators."""
    place = classify(row.get("level1"), row.get("level2"))
    if place.level1:
        return place.level1 == "满意度"
    found = infer_place(row.get("name") or "", row.get("description") or "", "", "")
    return found is not None and found[0] == "满意度"


def _shift_unmapped(key: str, shift: int) -> str:
    """`/reading/unmapped/2` → `/reading/unmapped/{2 + shift}` (the header's labels come first)."""
    prefix = "/reading/unmapped/"
    if not key.startswith(prefix):
        return key
    index, _, rest = key[len(prefix) :].partition("/")
    return f"{prefix}{int(index) + shift}" + (f"/{rest}" if rest else "")


def _absent_fields(
    data: dict[str, Any], layout: IndicatorLayout | None, heading: Para | None, header: Mapped
) -> list[str]:
    """Fields the table's layout has no place for (S003 stays silent on them): the budget and
    goals of a table whose indicators are columns; a total where the table itemises its funds
    with no total line (财政拨款小计, 自有资金 …); the budget of a department-wide sheet."""
    absent: list[str] = []
    budget = data.get("budget") or {}
    if layout is not None and layout.transposed:
        absent += [f for f in ("name", "budget.total", "goals") if not _has_field(data, f)]
    elif "total" not in budget and (
        budget.get("fiscal") is not None or budget.get("other") is not None or budget.get("sources")
    ):
        absent.append("budget.total")
    title = heading.text if heading is not None else data.get("heading") or ""
    if table_kind(title) == "department" and not budget:
        absent.append("budget.total")
    return absent


def _has_field(data: dict[str, Any], path: str) -> bool:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return bool(value)


def _unknown_columns(layout: IndicatorLayout | None) -> list[tuple[str, list[str]]]:
    """Indicator columns the importer could not name, when the table has no 指标值 column: its
    values are somewhere in them (one column per place …)."""
    if layout is None or layout.transposed:
        return []
    fields = {c.field for c in layout.columns}
    if "value" in fields:
        return []
    labels = [c.label for c in layout.columns if c.field == "extra" and c.label]
    if not labels:
        return [("指标值", ["indicators.value"])]
    shown = "、".join(labels[:3]) + (f" 等 {len(labels)} 列" if len(labels) > 3 else "")
    return [(shown, ["indicators.value"])]


def _fills_any(layout: IndicatorLayout, rows: list[Row]) -> bool:
    """Whether some row fills a project column: a flat table names its projects there; a label
    over the indicator header (`绩效目标 | 一级指标 | …`) leaves its column empty below."""
    return any(
        clean(row.texts[i]) for row in rows for i in layout.project_columns if i < len(row.texts)
    )


def _split_flat(layout: IndicatorLayout, rows: list[Row]) -> list[list[Row]]:
    """The rows of each project in a flat table: a row that names a project (its name or code
    column filled) starts one; a subtotal row joins the project after it (`join_subtotals`)."""
    identity = [i for i, label in layout.project_columns.items() if label.field in ("name", "code")]
    groups: list[list[Row]] = []
    for row in rows:
        named = any(i < len(row.cells) and clean(row.texts[i]) for i in identity)
        if named or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    indicator_cols = [i for i, c in enumerate(layout.columns) if c.field in ("name", "value")]

    def filled(group: list[Row]) -> bool:
        return any(i < len(r.cells) and clean(r.texts[i]) for r in group for i in indicator_cols)

    return join_subtotals(groups, filled)


def _flat_header(layout: IndicatorLayout, rows: list[Row]) -> tuple[Mapped, list[Row]]:
    """The project fields of a flat table's rows, from its named row; a named row above that
    (a subtotal with no indicator) gives the unit."""
    out = Mapped()
    columns = layout.project_columns
    named = [
        r
        for r, row in enumerate(rows)
        if any(i < len(row.cells) and clean(row.texts[i]) for i in columns)
    ]
    at = named[-1] if len(named) > 1 else (named[0] if named else 0)
    if len(named) > 1:
        unit_row = rows[named[0]]
        parts = [
            clean(unit_row.texts[i])
            for i, label in sorted(columns.items())
            if i < len(unit_row.cells) and label.field in ("ignored", "code", "name", "unit")
        ]
        out.data["unit"] = "".join(parts[:2])
        out.refs["/unit"] = CellRef(named[0], min(columns))
    row = rows[at]
    for col, label in sorted(columns.items()):
        if col >= len(row.cells):
            continue
        ref = CellRef(at, col)
        text = row.texts[col]
        if label.field == "total":
            out.data["budget"] = {"total": text}
            out.refs["/budget"] = out.refs["/budget/total"] = ref
        elif label.field == "goals":
            goals = split_goals(text)
            out.data["goals"] = [goal for goal, _ in goals]
            out.refs["/goals"] = ref
            for index, (_, line) in enumerate(goals):
                out.refs[f"/goals/{index}"] = CellRef(at, col, line)
        elif label.field in ("name", "code") or (label.field == "unit" and "unit" not in out.data):
            out.data[label.field] = text.strip() if label.field == "code" else text
            out.refs[f"/{label.field}"] = ref
    out.data.setdefault("goals", [])
    return out, rows


def _amounts_without_unit(budget: dict[str, Any]) -> bool:
    """Whether a table's amounts are written without any money unit (and it states none)."""
    amounts = [budget.get(k) for k in ("total", "fiscal", "other")]
    amounts += [s.get("amount") for s in budget.get("sources", [])]
    written = [clean(a) for a in amounts if clean(a)]
    return bool(written) and not any(re.search(r"[万元]", a) for a in written)


def _unit_restated(data: dict[str, Any]) -> str | None:
    """The money unit of a table that states none, where an indicator writes its total with one
    (年度预算安排 1681680 beside the cost row 维护成本 <1681680元): that unit, else None."""
    total = parse_amount(data.get("budget", {}).get("total"))
    if total is None:
        return None
    for row in data.get("indicators", []):
        parsed = parse_value(row.get("value"))
        if (
            parsed.unit_class == "money"
            and parsed.number == total
            and parsed.unit in ("元", "万元")
        ):
            return parsed.unit
    return None


def _depth(text: str) -> int:
    return len(text) - len(text.lstrip(" \u3000"))


def _tree_projects(table: Table) -> list[tuple[Row, list[Row], Mapped]] | None:
    """A target table printed as a tree (a budget system's 批复表): one column of names whose
    leading spaces give the level — unit, project, 一级, 二级, then each 三级 beside its value —
    under a header `项目 | 指标值 | 绩效金额`. For each project: a header row of label and value
    cells (its name, and its amount where the row gives one), its rows, and its indicators; None
    for any other table."""
    rows = table.rows
    head_at = first_cells_row(table.texts)
    if head_at is None:
        return None
    head = rows[head_at]
    columns = [read_column(text) if clean(text) else None for text in head.texts]
    value = next((i for i, c in enumerate(columns) if c and c.field == "value"), None)
    if value is None or value == 0 or any(c and c.field in _LEVEL_FIELDS for c in columns):
        return None
    body = [row for row in rows[head_at + 1 :] if row.texts and clean(row.texts[0])]
    leaves = [row for row in body if value < len(row.texts) and clean(row.texts[value])]
    depths = sorted({_depth(row.texts[0]) for row in body})
    if not leaves or len(depths) < 4:
        return None
    leaf = max(_depth(row.texts[0]) for row in leaves)
    above = [d for d in depths if d < leaf]
    if len(above) < 3:
        return None
    level2, level1, project = above[-1], above[-2], above[-3]
    amount = len(head.texts) - 1 if len(head.texts) - 1 != value else None
    out: list[tuple[Row, list[Row], Mapped]] = []
    current: tuple[Row, list[Row], Mapped] | None = None
    names = {"level1": "", "level2": ""}
    for row in body:
        depth, text = _depth(row.texts[0]), row.texts[0]
        if depth == project:
            cells = [Cell(head.cells[0].line, "项目名称"), row.cells[0]]
            if amount is not None and amount < len(row.texts) and clean(row.texts[amount]):
                cells += [Cell(head.cells[amount].line, "预算数"), row.cells[amount]]
            current = (Row(cells), [], Mapped(data={"indicators": []}))
            out.append(current)
        elif current is None:
            continue  # the unit above its projects
        elif depth == level1:
            names = {"level1": clean(text), "level2": ""}
        elif depth == level2:
            names["level2"] = clean(text)
        elif depth == leaf:
            _, rows_of, mapped = current
            index = len(mapped.data["indicators"])
            mapped.data["indicators"].append(
                {
                    **names,
                    "name": clean(text),
                    "value": row.texts[value] if value < len(row.texts) else "",
                }
            )
            r = len(rows_of)
            rows_of.append(row)
            mapped.refs[f"/indicators/{index}"] = CellRef(r, 0)
            mapped.refs[f"/indicators/{index}/name"] = CellRef(r, 0)
            if value < len(row.cells):
                mapped.refs[f"/indicators/{index}/value"] = CellRef(r, value)
    return out or None


_LEVEL_FIELDS = ("level1", "level2", "name")


def _listed_projects(table: Table) -> list[Row] | None:
    """The projects of a list that packs each one's targets in its 绩效目标 cell (see
    `layout.packed_project_rows`): for each, a header row of label and value cells (the list's
    name column names the project); None for any other table."""
    found = packed_project_rows(table.texts)
    if found is None:
        return None
    head_at, project_rows = found
    head = table.rows[head_at]
    labels = [read_label(text) if clean(text) else None for text in head.texts]
    listed: list[Row] = []
    for at in project_rows:
        row = table.rows[at]
        cells: list[Cell] = []
        named = False
        for col, label in enumerate(labels[: len(row.cells)]):
            if label is None or not clean(row.texts[col]):
                continue
            label_cell = head.cells[col]
            if label.field in ("name", "unit") and not named:
                label_cell = Cell(head.cells[col].line, "项目名称")  # the row's own name
                named = True
            cells += [label_cell, row.cells[col]]
        listed.append(Row(cells))
    return listed


def _looks_like_target(table: Table) -> bool:
    """A table we cannot read that still looks like a target table: never skipped silently."""
    for texts in table.texts[:_IDENTITY_ROWS]:
        for text in texts:
            body = clean(text)
            if len(body) <= 30 and ("指标" in body or "绩效" in body):
                return True
    return False


def _notice(paragraphs: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The notice the tables are attached to, from the paragraphs before them (with its line):
    its title (`…关于…的通知`), else its 文号 line, else — where it lists attachments
    (`附件：`) — its first line; None where the paragraphs are no notice."""
    texts = [(line, clean(p)) for line, p in paragraphs if clean(p)]
    for line, text in texts:
        if len(text) <= 80 and _NOTICE_TITLE_RE.search(text):
            return line, text
    for line, text in texts:
        if _DOC_NUMBER_RE.match(text):
            return line, text
    if any(_ATTACHMENTS_RE.match(text) for _, text in texts):
        return texts[0][0], texts[0][1][:80]
    return None


def _is_heading_para(para: Para) -> bool:
    text = clean(para.text)
    return bool(_PART_RE.match(text) or _PROJECT_HEADING_RE.search(text))


def _place(
    mapped: Mapped, rows: list[Row], base: str, source: _Sources
) -> list[tuple[str, str, int]]:
    """Put the mapper's cell refs in the source map; return the artefacts of the cells it used.

    Each artefact gets the pointer of the value its cell holds (the deepest, first-written one;
    for a cell of several goals, the goal whose line it is on), or of its row.
    """
    for pointer, ref in mapped.refs.items():
        cell = rows[ref.row].cells[ref.col]
        source.set(base + pointer, cell.line_of(ref.line))
    marked = [
        (r, c, cell.artefacts)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell.artefacts
    ]
    if not marked:
        return []
    by_cell: dict[tuple[int, int], list[tuple[str, CellRef]]] = {}
    row_pointer: dict[int, str] = {}
    for pointer, ref in mapped.refs.items():
        by_cell.setdefault((ref.row, ref.col), []).append((pointer, ref))
        if pointer.count("/") == 2 and pointer.startswith("/indicators/"):
            row_pointer[ref.row] = pointer
    found: list[tuple[str, str, int]] = []
    for r, c, artefacts in marked:
        for offset, text in artefacts:
            pointer = _artefact_pointer(by_cell.get((r, c), []), offset, row_pointer.get(r, ""))
            found.append((pointer, text, rows[r].cells[c].line + offset))
    return found


def _artefact_pointer(candidates: list[tuple[str, CellRef]], offset: int, fallback: str) -> str:
    lined = [(ref.line, p) for p, ref in candidates if ref.line is not None and ref.line <= offset]
    if lined:
        return max(lined)[1]
    whole = [p for p, ref in candidates if ref.line is None]
    if whole:
        depth = max(p.count("/") for p in whole)
        return next(p for p in whole if p.count("/") == depth)
    return fallback


def infer_budget_year(text: str) -> int | None:
    """The budget year a document does not state: the year its tables' titles name, else its
    most frequent `20NN年` (the later on a tie).

    A title says it (`2024年…部门整体支出绩效目标表`, `(2025年度)`) even where the goals cite
    older notices more often — not a numbered heading (`6.冀财建〔2022〕238号 提前下达2023年…`),
    which names a project by its notice; without one the target year dominates: every 依据 cell says
    `2023年度工作计划`, while earlier years appear only in notice numbers and baselines.
    """
    titled: Counter[int] = Counter()
    for line in text.splitlines():
        if len(line) > 200 or "20" not in line:
            continue
        line = clean(_BOOKMARK_RE.sub("", line))
        if _NUMBERED_RE.match(line):
            continue  # a numbered heading names a project, and the notices it cites
        match = _TITLE_YEAR_RE.match(line)
        if match is not None:
            titled[int(match.group(1) or match.group(2))] += 1
    counts = titled or Counter(int(year) for year in _YEAR_RE.findall(text))
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _department(overview: Overview | None) -> str | None:
    """The unit Part 1 speaks for (`我单位怀来县数字经济局…` → `怀来县数字经济局`), if it says."""
    if overview is None:
        return None
    for section in overview.sections:
        for paragraph in section.paragraphs:
            match = _DEPARTMENT_RE.search(clean(paragraph))
            if match:
                return match.group(1)
    return None


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return lines


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while parsing: the parse makes many small acyclic objects, and on a
    file of a few MB the collector's passes over them cost more than the parse itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_text(text: str, path: str, budget_year: int | None = None) -> TextImport:
    """Import decoded text in the Word text-export layout; InputError when it is not one."""
    with _gc_paused():
        return _parse_text(text, path, budget_year)


def _parse_text(text: str, path: str, budget_year: int | None) -> TextImport:
    if not text.strip():
        raise _error(path, 1, "文件为空", "the file is empty")
    if text.count("\n") > MAX_LINES:
        raise _error(
            path,
            MAX_LINES + 1,
            f"文件超过 {MAX_LINES} 行，不像一份绩效目标文档（10 张表约 1000 行）；请分成几个文件",
            f"more than {MAX_LINES} lines: not a target document as we know them (10 tables "
            "take about 1000 lines); split the file",
        )
    lines = _split_lines(text)
    blocks = _Tokenizer(lines, path).blocks()
    assembler = Assembler(blocks, path, len(lines))
    assembler.run()
    assembler.finish(text.endswith("\n"))
    if not assembler.projects and assembler.overview is None:
        first = next((i + 1 for i, line in enumerate(lines) if line.strip()), 1)
        raise _error(
            path,
            first,
            "不是 Word 导出的绩效目标文本：没有找到绩效目标表（项目编码、项目名称…）或“第一部分”",
            "not a Word text export of target tables: no target table (项目编码, 项目名称 …) "
            "and no Part 1 (第一部分)",
        )
    document = assembler.document(budget_year, text)
    return TextImport(document, assembler.source.source_map(), assembler.bookmarks)


def _decode(file: InputFile, encoding: str | None) -> str:
    """Decode; a UTF-8 file cut inside its last character is reported as cut, where it was cut.

    Such bytes are not valid UTF-8, and detection would take them for GB18030 and make mojibake
    of the whole file: the table the file ends in is named instead (or its last line).
    """
    if encoding is None:
        cut = _utf8_cut(file.data)
        if cut is not None:
            text = decode(file.data[:cut], file.name, "utf-8")
            parse_text(text, file.name)  # raises where the cut-off table starts
            raise _error(
                file.name,
                max(len(_split_lines(text)), 1),
                "文件在一个字符的中间结束，文件可能被截断",
                "the file ends inside a character; it may be truncated",
            )
    return decode(file.data, file.name, encoding)


def _utf8_cut(data: bytes) -> int | None:
    """Where valid non-ASCII UTF-8 stops at an incomplete last character, if that is the case."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if (
            error.reason == "unexpected end of data"
            and error.end == len(data)
            and not data[: error.start].isascii()
        ):
            return error.start
    return None


class TextExportReader:
    """Reads `.txt` files exported from the Word 绩效目标 document (domain.md §1)."""

    name: str = "text-export"
    description: str = "Word 文档导出的纯文本绩效目标表 (Word text export of target tables)"
    suffixes: tuple[str, ...] = (".txt",)

    def sniff(self, file: InputFile) -> int:
        """How sure we are, by content: tab-led table labels and 绩效目标表 / 第一部分 lines."""
        if not_a_text_export(file):
            return 0  # undecodable, empty, JSON, or one of our own YAML records
        text = decode(file.data, file.name)  # decoded once: `decode` keeps the last file's
        cells = headings = parts = 0
        for line in text.split("\n", 4000)[:4000]:
            if line.startswith("\t"):
                label = line[1:]
                if header_label(label) or normalize_label(label) in INDICATOR_LABELS:
                    cells += 1
            elif line.strip():
                body = clean(_BOOKMARK_RE.sub("", line))
                headings += bool(_PROJECT_HEADING_RE.search(body))
                parts += bool(_PART_RE.match(body))
        if cells >= 3:
            return SNIFF_TABLES
        if cells and (headings or parts):
            return SNIFF_SOME
        if parts and "部门整体绩效目标" in text:
            return SNIFF_PART1
        return 0

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]:
        text = _decode(file, options.encoding)
        result = parse_text(text, file.name, options.budget_year)
        return [
            LoadedDocument(
                file=file.name,
                document=result.document,
                source_map=result.source_map,
                pointer="",
                project_pointers=[f"/projects/{i}" for i in range(len(result.document.projects))],
                standalone=False,
                reader=self.name,
            )
        ]
