"""Reader for the Word original of a 绩效目标 document (.docx).

Only the document part is read (`word/document.xml`, or the part the package's relationships
name), streamed: each paragraph of the body and each row of a table is read when the parser
has it, then let go, so a large document never sits in memory as a tree, and paragraphs,
tables and XML elements are counted against the budgets below and in `checker.readers.office`.

The body is read in order: paragraphs (Part 1 headings and text, table headings) and tables.
A table row is read as Word stores it, one `w:tc` at a time, not as python-docx's `row.cells`
does, repeating a merged cell once per grid column it covers:

- a cell spanning columns (`w:gridSpan`, or the legacy `w:hMerge`) is one cell;
- a cell continuing a vertical merge (`w:vMerge` without `restart`) is an empty cell, as the
  text export writes it, so that an empty 一级/二级 cell continues the row above in the mapper;
- a cell's paragraphs are its lines, joined with `\\n` (empty paragraphs included);
- a bookmark inside a cell (`_GoBack`, left where Word's cursor was) is stripped and kept as an
  export artefact, as `[bookmark: _GoBack]` is in the text export.

The rows then go through the one label mapping of `checker.readers.layout`, by way of the text
importer's assembler (`checker.readers.office`). A finding's location is the cell:
`表3 第5行 第2列` is the 3rd table of the document, its 5th row, the 2nd cell of that row (cells
counted as Word's `Table.Cell(row, column)` counts them, a merged cell once), and `第2段` is added
for the 2nd paragraph of a cell. Paragraphs outside tables are `段落12`: the 12th paragraph of the
body, empty ones included (python-docx's `document.paragraphs[11]`).

What a .docx cannot give back: automatic list numbers (they are not text), text boxes, and
tracked deletions (deleted text is not read; inserted text is).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions, ReadResult
from checker.readers.office import (
    Blocks,
    Package,
    assemble,
    damaged,
    open_package,
    too_large,
)
from checker.readers.package import sniff_package

#: Paragraphs (`w:p`, empty ones and those in cells included) of a document: 500 projects are
#: 38,000; a blank paragraph is 6 bytes of XML, so the byte budget alone would allow millions.
MAX_PARAGRAPHS = 200_000
#: Tables (nested ones included): 500 projects are 1,000.
MAX_TABLES = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, TR, TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_DOCUMENT, _BODY = f"{_W}document", f"{_W}body"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
_BOOKMARK = f"{_W}bookmarkStart"
_R, _NAME, _VAL = f"{_W}r", f"{_W}name", f"{_W}val"
_TC_PR, _V_MERGE, _H_MERGE = f"{_W}tcPr", f"{_W}vMerge", f"{_W}hMerge"
#: Subtrees whose text is not the paragraph's: deleted or moved-away text, properties, the
#: fallback copy of alternate content, text boxes and footnote/comment references.
_SKIP = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}txbxContent",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_MC}Fallback",
    }
)


def _containers(element: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _containers(content, tag)


def _blocks_of(element: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body (or a cell) in order, through content controls."""
    for child in element:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks_of(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks_of(child)


class _Text:
    """The text of paragraphs, as lines, with the bookmarks met on the way."""

    __slots__ = ("bookmarks", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.bookmarks: list[tuple[int, str]] = []

    def paragraph(self, p: Any) -> None:
        parts: list[str] = []
        self.lines.append("")
        self._walk(p, parts)
        self.lines[-1] += "".join(parts)

    def _walk(self, element: Any, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB and element.tag == _R:
                parts.append("\t")
            elif (tag == _BR and element.tag == _R) or tag == _CR:
                self.lines[-1] += "".join(parts)
                parts.clear()
                self.lines.append("")
            elif tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == _BOOKMARK:
                name = child.get(_NAME)
                if name:
                    self.bookmarks.append((len(self.lines) - 1, name))
            elif len(child):
                self._walk(child, parts)

    def block(self, element: Any) -> None:
        """A cell's content: paragraphs, and the paragraphs of a table nested in it."""
        for child in element:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                for tr in _containers(child, TR):
                    for tc in _containers(tr, TC):
                        self.block(tc)
            elif tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if tag == _SDT else child
                if content is not None:
                    self.block(content)
            elif tag == _BOOKMARK and child.get(_NAME):
                self.bookmarks.append((max(len(self.lines) - 1, 0), child.get(_NAME)))


def _merge_state(tc: Any) -> str | None:
    """`continue` for a cell that continues a vertical merge, `hidden` for a legacy
    horizontal-merge continuation, else None."""
    properties = tc.find(_TC_PR)
    if properties is None:
        return None
    h_merge = properties.find(_H_MERGE)
    if h_merge is not None and h_merge.get(_VAL, "continue") != "restart":
        return "hidden"
    v_merge = properties.find(_V_MERGE)
    if v_merge is not None and v_merge.get(_VAL, "continue") != "restart":
        return "continue"
    return None


def cell_label(table: int, row: int, cell: int, paragraph: int = 0) -> str:
    """`表3 第5行 第2列` (1-based), with ` 第2段` for a later paragraph of the cell."""
    label = f"表{table} 第{row}行 第{cell}列"
    return f"{label} 第{paragraph + 1}段" if paragraph else label


def paragraph_label(number: int) -> str:
    return f"段落{number}"


class _Body:
    """A body's paragraphs and table rows into blocks, one at a time (in document order)."""

    def __init__(self, path: str = "") -> None:
        self.blocks = Blocks(path=path)
        self.paragraphs = 0
        self.tables = 0
        self.rows = 0
        self.table: Any = None

    def paragraph(self, p: Any) -> None:
        """A paragraph of the body (`段落N`, empty ones counted)."""
        self.paragraphs += 1
        text = _Text()
        text.paragraph(p)
        label = paragraph_label(self.paragraphs)
        for index, line in enumerate(text.lines):
            names = [name for at, name in text.bookmarks if at == index]
            self.blocks.paragraph(line, label, names)

    def row(self, table: Any, tr: Any) -> None:
        """A row of `table`, a table of the body."""
        if table is not self.table:
            self.table = table
            self.tables += 1
            self.rows = 0
        self.rows += 1
        cells = []
        c = 0
        for tc in _containers(tr, TC):
            state = _merge_state(tc)
            if state == "hidden":
                continue
            c += 1
            text = _Text()
            text.block(tc)
            lines = [""] if state == "continue" else text.lines or [""]
            labels = [cell_label(self.tables, self.rows, c, k) for k in range(len(lines))]
            bookmarks = [(min(at, len(lines) - 1), name) for at, name in text.bookmarks]
            cells.append(self.blocks.cell(lines, labels, bookmarks))
        self.blocks.row(cells)

    def end_table(self, table: Any) -> None:
        if table is not self.table:
            self.tables += 1  # a table without rows still has its number
        self.table = None
        self.blocks.end_table()


def read_body(body: Any) -> Blocks:
    """The body of a document (an lxml element) as blocks for the assembler."""
    reader = _Body()
    for element in _blocks_of(body):
        if element.tag == P:
            reader.paragraph(element)
            continue
        for tr in _containers(element, TR):
            reader.row(element, tr)
        reader.end_table(element)
    return reader.blocks


def _outer(element: Any) -> Any:
    """The nearest ancestor of `element` that is not a content control (`w:sdt`/`w:sdtContent`)
    or custom XML wrapping it; None past the root or for content outside its `w:sdt`."""
    parent = element.getparent()
    while parent is not None:
        tag = parent.tag
        if tag == _SDT_CONTENT:
            parent = parent.getparent()
            if parent is None or parent.tag != _SDT:
                return None
        elif tag != _CUSTOM_XML:
            return parent
        parent = parent.getparent()
    return None


def _in_body(element: Any) -> bool:
    """Whether `element` is a block of the body, as `_blocks_of` finds them: a child of
    `w:body`, or inside content controls and custom XML there."""
    outer = _outer(element)
    return outer is not None and outer.tag == _BODY


def _table_of(tr: Any) -> Any:
    """The table of the body `tr` is a row of (through content controls), or None for a row
    of a table nested in a cell."""
    outer = _outer(tr)
    return outer if outer is not None and outer.tag == TBL and _in_body(outer) else None


def read_document(package: Package, part: str) -> Blocks:
    """The body of the document part `part`, streamed, as blocks for the assembler.

    A paragraph of the body is read at its end, a table row at its end (with the paragraphs and
    tables in its cells), and each is then let go. Raises InputError past a budget.
    """
    reader = _Body(package.path)
    paragraphs = tables = 0
    first = True
    for element in package.parse(part, (P, TR, TBL)):
        if first:
            first = False
            root = element.getroottree().getroot().tag
            if root != _DOCUMENT:
                raise package.damaged(
                    part, Text(f"根元素是 {root}，不是 w:document", f"its root element is {root}")
                )
        tag = element.tag
        if tag == P:
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise too_large(package.path, part, "段落", "paragraphs", MAX_PARAGRAPHS)
            if _in_body(element):
                reader.paragraph(element)
                package.release(element)
        elif tag == TR:
            table = _table_of(element)
            if table is not None:
                reader.row(table, element)
                package.release(element)
        else:
            tables += 1
            if tables > MAX_TABLES:
                raise too_large(package.path, part, "表格", "tables", MAX_TABLES)
            if _in_body(element):
                reader.end_table(element)
                package.release(element)
    return reader.blocks


class DocxReader:
    """Reads the Word (.docx) original of a target document (domain.md §1)."""

    name: str = "docx"
    description: str = "Word 文档（.docx）中的绩效目标表 / target tables in a Word document"
    suffixes: tuple[str, ...] = (".docx",)

    def sniff(self, file: InputFile) -> int:
        return sniff_package(file, "word/document.xml", self.suffixes, "doc")

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]:
        return [self.load(file, options)]

    def load(self, file: InputFile, options: ReadOptions) -> LoadedDocument:
        with open_package(file, "docx", "[Content_Types].xml") as package:
            try:
                part = package.main_part("word/document.xml")
                if not package.has(part):
                    raise package.damaged(part, Text("压缩包中没有这一部分", "not in the package"))
                blocks = read_document(package, part)
            except InputError:
                raise
            except Exception as error:  # lxml and zipfile raise many kinds
                raise damaged(file.name, "docx", error) from None
        return assemble(blocks, file, options, self.name)
