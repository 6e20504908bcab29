"""Render a document as the Word form departments hand in (.docx, written with python-docx).

Part 1 (第一部分 and its sections) as paragraphs, then for each project its heading, the header
table and the indicator table of `checker.writers.form`. Merged cells are written the way Word
stores them: one `w:tc` with `w:gridSpan` for a cell across columns, and `w:vMerge`
(`restart` above, bare below) for 一级/二级 and the row labels merged down. A cell's lines are
its paragraphs. An export artefact `[bookmark: NAME]` of the record becomes a Word bookmark at
its place; any other artefact text is written as text.
"""

from __future__ import annotations

import io
import re
from typing import Any

from checker.model import Document, Project
from checker.writers.common import reproducible, xml_safe
from checker.writers.form import FormCell, FormTable, project_form

_BOOKMARK_RE = re.compile(r"^\[bookmark: ([^\]\n]+)\]$")
#: Text width of an A4 page with 2 cm margins, in twentieths of a point.
_TEXT_WIDTH = 9638
_FONT = "宋体"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def write_docx(document: Document) -> bytes:
    """The document as .docx bytes (the same record always gives the same package)."""
    import docx
    from docx.shared import Cm, Pt

    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = _FONT
    _east_asian_font(normal.element, _FONT)
    word.core_properties.author = "jxcheck"
    word.core_properties.comments = "jxcheck export"
    writer = _Writer(word)
    body = word.element.body
    for paragraph in list(body.iterchildren(_w("p"))):
        body.remove(paragraph)  # the template's empty first paragraph
    if document.overview is not None:
        writer.title("第一部分")
        if document.overview.title is not None:
            writer.title(document.overview.title)
        for part in document.overview.sections:
            writer.paragraph(f"{part.number}、{part.title}", bold=True)
            for text in part.paragraphs:
                writer.paragraph(text, indent=True)
        writer.title("第二部分")
        writer.title("预算项目绩效目标")
    for project in document.projects:
        writer.project(project)
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    name: str = qn(f"w:{tag}")
    return name


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(f"w:{tag}")
    for key, value in attributes.items():
        element.set(_w(key), value)
    return element


def _east_asian_font(style_element: Any, font: str) -> None:
    r_pr = style_element.get_or_add_rPr()
    fonts = r_pr.find(_w("rFonts"))
    if fonts is None:
        fonts = _element("rFonts")
        r_pr.insert(0, fonts)
    fonts.set(_w("eastAsia"), font)


def _run(text: str, bold: bool = False) -> Any:
    """A run of text: tabs as `w:tab`, spaces kept (`xml:space="preserve"`)."""
    run = _element("r")
    if bold:
        r_pr = _element("rPr")
        r_pr.append(_element("b"))
        run.append(r_pr)
    for index, part in enumerate(xml_safe(text).split("\t")):
        if index:
            run.append(_element("tab"))
        if part:
            text_element = _element("t")
            text_element.text = part
            text_element.set(_XML_SPACE, "preserve")
            run.append(text_element)
    return run


class _Writer:
    """Appends paragraphs and tables to the body, as `Document.add_paragraph`/`add_table` do,
    in time linear in the blocks: python-docx looks for the body's `w:sectPr` among all the
    body's children at each block it adds, and for the last section (scanning every paragraph)
    at each table; here both are looked up once."""

    def __init__(self, word: Any) -> None:
        from docx.shared import Emu, Inches

        self.word = word
        self.bookmark_id = 0
        self.body = word.element.body
        self.end = self.body.find(_w("sectPr"))  # new blocks go before it
        section = word.sections[-1]  # what `Document.add_table` computes for every table
        self.width = Emu(
            (section.page_width or Inches(8.5))
            - (section.left_margin or Inches(1))
            - (section.right_margin or Inches(1))
        )
        self.table_style = word.styles["Table Grid"]

    def _append(self, element: Any) -> None:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)

    def add_paragraph(self) -> Any:
        """`word.add_paragraph()`: an empty paragraph at the end of the body."""
        from docx.text.paragraph import Paragraph

        element = _element("p")
        self._append(element)
        return Paragraph(element, self.word)

    def paragraph(self, text: str, bold: bool = False, indent: bool = False) -> Any:
        from docx.shared import Pt

        paragraph = self.add_paragraph()
        if text:
            paragraph.add_run(xml_safe(text)).bold = bold or None
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(21)
        return paragraph

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.paragraph(text, bold=True)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def project(self, project: Project) -> None:
        form = project_form(project)
        if form.heading is not None:
            self.paragraph(form.heading, bold=True)
        self.table(form.header)
        self.add_paragraph()  # two tables need a paragraph between them, or Word joins them
        self.table(form.indicators)
        self.add_paragraph()

    def table(self, form: FormTable) -> None:
        from docx.oxml.table import CT_Tbl
        from docx.table import Table

        total = sum(form.widths)
        widths = [round(_TEXT_WIDTH * w / total) for w in form.widths]
        tbl = CT_Tbl.new_tbl(0, len(widths), self.width)  # `word.add_table(rows=0, cols=…)`
        self._append(tbl)
        table = Table(tbl, self.word)
        table.style = None
        table.style = self.table_style
        for column, width in zip(tbl.tblGrid.iterchildren(_w("gridCol")), widths, strict=True):
            column.set(_w("w"), str(width))
        for r, cells in enumerate(form.rows):
            tr = _element("tr")
            tbl.append(tr)
            column = 0
            for cell in cells:
                width = sum(widths[column : column + cell.span])
                tr.append(self._cell(cell, width, frameless=r < form.frameless))
                column += cell.span

    def _cell(self, cell: FormCell, width: int, frameless: bool) -> Any:
        tc = _element("tc")
        properties = _element("tcPr")
        properties.append(_element("tcW", w=str(width), type="dxa"))
        if cell.span > 1:
            properties.append(_element("gridSpan", val=str(cell.span)))
        if cell.merge == "restart":
            properties.append(_element("vMerge", val="restart"))
        elif cell.merge == "continue":
            properties.append(_element("vMerge"))
        if frameless:
            borders = _element("tcBorders")
            for side in ("top", "left", "bottom", "right"):
                borders.append(_element(side, val="nil"))
            properties.append(borders)
        properties.append(_element("vAlign", val="center"))
        tc.append(properties)
        marks: dict[int, list[str]] = {}
        for at, mark in cell.marks:
            marks.setdefault(at, []).append(mark)
        for index, line in enumerate(cell.text.split("\n")):
            paragraph = _element("p")
            if cell.label:
                p_pr = _element("pPr")
                p_pr.append(_element("jc", val="center"))
                paragraph.append(p_pr)
            for mark in marks.get(index, []):
                self._mark(paragraph, mark)
            if line:
                paragraph.append(_run(line, bold=cell.label))
            tc.append(paragraph)
        return tc

    def _mark(self, paragraph: Any, text: str) -> None:
        match = _BOOKMARK_RE.match(text)
        if match is None:
            paragraph.append(_run(text))
            return
        mark_id = str(self.bookmark_id)
        self.bookmark_id += 1
        paragraph.append(_element("bookmarkStart", id=mark_id, name=match.group(1)))
        paragraph.append(_element("bookmarkEnd", id=mark_id))
