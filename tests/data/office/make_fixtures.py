"""Build the office test documents in this folder: `python tests/data/office/make_fixtures.py`.

From the seed (`examples/000_57b4140ba813d59e.txt`, imported by the text importer):

- `seed.docx`, `seed-table.xlsx`, `seed-flat.xlsx`: made by `jxcheck export` (the writers);
- `seed-word.docx`: made here, NOT by the exporter, with python-docx's own cell merges
  (`a.merge(b)` writes `w:gridSpan` and `w:vMerge` as Word does), one table per project (header
  and indicators together, the 依据 column merged across two grid columns), lines as line
  breaks (`w:br`), `_Toc` bookmarks on the headings and Word's `_GoBack` bookmark in a cell;
- `seed-word-libreoffice.docx`: `seed-word.docx` saved again by LibreOffice
  (`soffice --headless --convert-to docx`); made only with `--libreoffice`, then committed, so
  the tests do not need LibreOffice;
- `seed-numbers.xlsx`: made here with openpyxl: the flat layout as a budget system exports it,
  amounts as numbers with number formats, project columns merged down over their rows, a title
  row and `单位：万元` above the header, extra columns (序号, 备注), plan columns headed `3月底` …

From `tests/data/textexport/units_columns.txt` (a layout variant): `units-columns.docx`, the
same document built here in Word's form (separate 指标性质 / 计量单位 columns, 年度资金总额 …).

`hostile/`: a zip bomb (`word/document.xml` inflating to 2 GiB), a .docx that is not a zip, a
truncated .xlsx, a workbook with no target table, and (with `--encrypt`, which needs the
`msoffcrypto-tool` package) a password-protected .xlsx.

Everything but the LibreOffice copy, the bomb and the encrypted file is deterministic: the
tests rebuild it with `build()` and compare it with the committed files member by member.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
UNITS_COLUMNS = ROOT / "tests" / "data" / "textexport" / "units_columns.txt"
HOSTILE = HERE / "hostile"
PASSWORD = "jxcheck"
BOMB_BYTES = 2 * 1024**3

sys.path.insert(0, str(ROOT))

from checker.inputs import InputFile, LoadedDocument, ReadOptions  # noqa: E402
from checker.model import Document, Indicator, Project  # noqa: E402
from checker.readers.textexport import TextExportReader  # noqa: E402
from checker.writers.common import reproducible  # noqa: E402


def text_document(path: Path) -> Document:
    """A text export as the text importer reads it."""
    (loaded,) = TextExportReader().read(InputFile(path.name, path.read_bytes()), ReadOptions())
    assert isinstance(loaded, LoadedDocument)
    return loaded.document


# -- seed-word.docx: python-docx merges, one table per project ------------------------------


def _bookmark(paragraph: Any, name: str, mark_id: int, around: bool = False) -> None:
    """A bookmark at the start of a paragraph (or around its text, as Word marks headings)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(mark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(mark_id))
    p = paragraph._p
    p_pr = p.find(qn("w:pPr"))
    index = 0 if p_pr is None else 1
    p.insert(index, start)
    if around:
        p.append(end)
    else:
        p.insert(index + 1, end)


def _lines(cell: Any, text: str) -> None:
    """Cell text with its lines as line breaks inside one paragraph (python-docx's `text`)."""
    cell.text = text


def _paragraphs(cell: Any, lines: list[str]) -> None:
    """Cell text with one paragraph per line."""
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def word_seed(document: Document) -> bytes:
    import docx

    word = docx.Document()
    mark = 100
    overview = document.overview
    assert overview is not None
    word.add_paragraph("第一部分")
    word.add_paragraph(overview.title or "")
    word.add_paragraph(" ")
    for section in overview.sections:
        heading = word.add_paragraph(f"{section.number}、{section.title}")
        _bookmark(heading, f"_Toc_2_2_{mark:010d}", mark, around=True)
        mark += 1
        for text in section.paragraphs:
            word.add_paragraph(text)
        if not section.paragraphs:
            word.add_paragraph("")
    word.add_paragraph(" 第二部分")
    word.add_paragraph("预算项目绩效目标")
    for project in document.projects:
        heading = word.add_paragraph(project.heading or "")
        _bookmark(heading, f"_Toc_4_4_{mark:010d}", mark, around=True)
        mark += 1
        _project_table(word, project)
        word.add_paragraph(" ")
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())


def _project_table(word: Any, project: Project) -> None:
    """Header rows and indicator rows in one 7-column table, merged with `cell.merge`."""
    indicators = project.indicators
    plan = project.spending_plan or []
    header_rows = 7
    table = word.add_table(rows=header_rows + 1 + len(indicators), cols=7)
    table.style = word.styles["Table Grid"]

    def merged(r0: int, c0: int, r1: int, c1: int) -> Any:
        cell = table.cell(r0, c0)
        return cell.merge(table.cell(r1, c1)) if (r0, c0) != (r1, c1) else cell

    merged(0, 0, 0, 3).text = project.unit or ""
    merged(0, 4, 0, 6).text = f"单位：{project.money_unit}"
    table.cell(1, 0).text = "项目编码"
    merged(1, 1, 1, 2).text = project.code or ""
    table.cell(1, 3).text = "项目名称"
    merged(1, 4, 1, 6).text = project.name or ""
    merged(2, 0, 3, 0).text = "预算规模及资金用途"
    budget = project.budget
    for column, text in enumerate(
        ["预算数", budget.total, "其中：财政    资金", budget.fiscal, "其他资金", budget.other],
        start=1,
    ):
        table.cell(2, column).text = text or ""
    merged(3, 1, 3, 6).text = project.purpose or ""
    merged(4, 0, 5, 0).text = "资金支出计划（%）"
    spans = [(1, 1), (2, 2), (3, 3), (4, 6)]  # the last checkpoint spans the rest
    assert len(plan) == len(spans)
    for (c0, c1), checkpoint in zip(spans, plan, strict=True):
        merged(4, c0, 4, c1).text = checkpoint.label
        merged(5, c0, 5, c1).text = checkpoint.percent or ""
    table.cell(6, 0).text = "绩效目标"
    _paragraphs(merged(6, 1, 6, 6), project.goals)
    titles = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"]
    for column, title in enumerate(titles):
        table.cell(header_rows, column).text = title
    merged(header_rows, 5, header_rows, 6).text = "指标值确定依据"
    _indicator_rows(table, header_rows + 1, indicators, merged)
    for artefact in project.export_artefacts:  # the _GoBack bookmark Word left in a cell
        parts = artefact.pointer.split("/")
        assert parts[1] == "indicators" and artefact.text == "[bookmark: _GoBack]"
        row, field = header_rows + 1 + int(parts[2]), parts[3]
        column = ["level1", "level2", "name", "description", "value", "basis"].index(field)
        _bookmark(table.cell(row, column).paragraphs[0], "_GoBack", 0)


def _indicator_rows(
    table: Any, top: int, indicators: list[Indicator], merged: Callable[..., Any]
) -> None:
    k = 0
    while k < len(indicators):  # 一级 merged down over its run of rows
        end = k
        while end + 1 < len(indicators) and indicators[end + 1].level1 == indicators[k].level1:
            end += 1
        _lines(merged(top + k, 0, top + end, 0), indicators[k].level1)
        j = k
        while j <= end:  # 二级 merged down within the 一级
            last = j
            while last + 1 <= end and indicators[last + 1].level2 == indicators[j].level2:
                last += 1
            _lines(merged(top + j, 1, top + last, 1), indicators[j].level2)
            j = last + 1
        k = end + 1
    for k, indicator in enumerate(indicators):
        row = top + k
        _lines(table.cell(row, 2), indicator.name)
        _lines(table.cell(row, 3), indicator.description)
        _lines(table.cell(row, 4), indicator.value)
        _lines(merged(row, 5, row, 6), indicator.basis)


# -- units-columns.docx: a layout variant in Word ------------------------------------------


def word_units_columns() -> bytes:
    """`tests/data/textexport/units_columns.txt` as the Word document it was exported from."""
    import docx

    word = docx.Document()
    for text in [
        "第一部分 某某市人力资源和社会保障局2024年部门整体绩效目标",
        "一、总体绩效目标",
        "我单位某某市人力资源和社会保障局主要负责全市职业技能培训，2024年完成培训1200人次。",
        "二、分项绩效目标",
        "1.职业技能培训1200人次，合格率不低于90%。",
        "三、工作保障措施",
        "加强组织领导，落实资金保障。",
        "第二部分 预算项目绩效目标",
        "",
        "1.职业技能培训补助绩效目标表",
    ]:
        word.add_paragraph(text)
    header = word.add_table(rows=5, cols=6)
    cells = header.cell
    cells(0, 0).merge(cells(0, 3)).text = "130102某某市人力资源和社会保障局"
    cells(0, 4).merge(cells(0, 5)).text = "金额单位：万元"
    cells(1, 0).text = "项目编码"
    cells(1, 1).merge(cells(1, 2)).text = "13010224P00000000001X"
    cells(1, 3).text = "项目名称"
    cells(1, 4).merge(cells(1, 5)).text = "职业技能培训补助"
    for column, text in enumerate(["年度资金总额", "250万", "其中：财政拨款", "200", "其它资金"]):
        cells(2, column).text = text
    cells(2, 5).text = "50"
    cells(3, 0).text = "资金用途"
    cells(3, 1).merge(cells(3, 5)).text = "用于职业技能培训补贴"
    cells(4, 0).text = "年度绩效目标"
    _paragraphs(
        cells(4, 1).merge(cells(4, 5)), ["1.完成职业技能培训1200人次", "2.培训合格率不低于90%"]
    )
    word.add_paragraph("")
    word.add_paragraph(" ")
    columns = ["一级指标", "二级指标", "三级指标", "指标解释", "指标性质", "指标值", "计量单位"]
    rows = [
        ["产出指标", "数量指标", "培训人次", "年度完成培训人次", "≥", "1200", "人次", "计划标准"],
        ["", "质量指标", "培训合格率", "培训考核合格人数占比", ">=", "90", "%", "行业标准"],
        ["效益指标", "社会效益指标", "就业率", "培训后就业率", "≥", "60", "%", "历史标准"],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "学员对培训的满意度", "≥", "90", "%"],
    ]
    rows[3].append("其他标准")
    table = word.add_table(rows=1 + len(rows), cols=8)
    for column, text in enumerate([*columns, "绩效标准"]):
        table.cell(0, column).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    for r, values in enumerate(rows, start=1):
        for column, text in enumerate(values):
            if text:
                table.cell(r, column).text = text
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())


# -- seed-numbers.xlsx: a budget system's flat export ---------------------------------------

#: Number formats of the amounts as a budget system writes them: 4.00 keeps its decimals with
#: `0.00`; 500.00 under General shows as 500 (the model then holds `500`, the findings agree).
_AMOUNT_FORMATS = {"4.00": "0.00", "500.00": "General", "28.00": "#,##0.00", "1000.00": "0.00"}


def _number(text: str | None) -> tuple[Any, str]:
    """A cell value for `text`: a number with its format where the text is a plain number."""
    raw = text or ""
    try:
        value = float(raw) if raw.strip() == raw and raw else None
    except ValueError:
        value = None
    if value is None:
        return (raw or None), "@"
    if raw in _AMOUNT_FORMATS:
        return value, _AMOUNT_FORMATS[raw]
    decimals = len(raw.partition(".")[2])
    return (value if decimals else int(value)), ("0." + "0" * decimals if decimals else "General")


def xlsx_numbers(document: Document) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    part1 = workbook.active
    part1.title = "部门整体"
    overview = document.overview
    assert overview is not None
    lines = ["第一部分", overview.title or ""]
    for section in overview.sections:
        lines.append(f"{section.number}、{section.title}")
        lines.extend(section.paragraphs)
    for row, text in enumerate(lines, start=1):
        part1.cell(row=row, column=1, value=text)
    sheet = workbook.create_sheet("项目绩效目标")
    plan_labels = ["3月底", "6月底", "10月底", "12月底"]
    project_columns = ["序号", "预算单位", "项目编码", "项目名称", "预算数", "财政资金", "其他资金"]
    project_columns += ["资金用途", *plan_labels, "绩效目标"]
    indicator_columns = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"]
    indicator_columns += ["指标值确定依据"]
    header = [*project_columns, *indicator_columns, "表名", "备注"]
    width = len(header)
    sheet.cell(row=1, column=1, value="2023年度预算项目绩效目标申报汇总")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=2, column=width - 2, value="单位：万元")
    sheet.merge_cells(start_row=2, start_column=width - 2, end_row=2, end_column=width)
    for column, title in enumerate(header, start=1):
        sheet.cell(row=3, column=column, value=title)
    row = 4
    for number, project in enumerate(document.projects, start=1):
        count = max(len(project.indicators), 1)
        plan = {c.label: c.percent for c in project.spending_plan or []}
        budget = project.budget
        values: list[Any] = [number, project.unit, project.code, project.name, budget.total]
        values += [budget.fiscal, budget.other, project.purpose]
        values += [plan.get(label) for label in plan_labels]
        values.append("\n".join(project.goals))
        for column, text in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(text, int):
                cell.value = text
            elif column in (5, 6, 7) or 9 <= column <= 12:
                cell.value, cell.number_format = _number(text)
                if text == "100%":  # a percent typed as a number: 1 under format 0%
                    cell.value, cell.number_format = 1, "0%"
            else:
                cell.value = text
            if count > 1:
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=row + count - 1, end_column=column
                )
        heading = sheet.cell(row=row, column=width - 1, value=project.heading)
        if count > 1:
            sheet.merge_cells(
                start_row=row, start_column=width - 1, end_row=row + count - 1, end_column=width - 1
            )
        del heading
        first = len(project_columns) + 1
        previous: Indicator | None = None
        start = row
        for k, indicator in enumerate(project.indicators):
            fields = [indicator.level1, indicator.level2, indicator.name, indicator.description]
            fields += [indicator.value, indicator.basis]
            for offset, text in enumerate(fields):
                if offset == 0 and previous is not None and text == previous.level1:
                    continue  # merged down below
                cell = sheet.cell(row=row + k, column=first + offset, value=text)
                if text.startswith(("=", "+", "-", "@")):
                    cell.data_type = "s"
            if previous is not None and indicator.level1 != previous.level1:
                _merge_down(sheet, start, row + k - 1, first)
                start = row + k
            previous = indicator
        _merge_down(sheet, start, row + len(project.indicators) - 1, first)
        for artefact in project.export_artefacts:  # pasted from the Word export, as text
            parts = artefact.pointer.split("/")
            column = first + ["level1", "level2", "name", "description"].index(parts[3])
            cell = sheet.cell(row=row + int(parts[2]), column=column)
            cell.value = artefact.text + str(cell.value)
        row += count
    out = io.BytesIO()
    workbook.save(out)
    return reproducible(out.getvalue())


def _merge_down(sheet: Any, top: int, bottom: int, column: int) -> None:
    if bottom > top:
        sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)


# -- hostile files ---------------------------------------------------------------------------


def not_a_zip() -> bytes:
    return "这不是 Word 文档，只是改了扩展名的文本。\n".encode() * 20


def truncated_xlsx(data: bytes) -> bytes:
    """A workbook cut off in the middle (its zip directory is lost)."""
    return data[: len(data) // 2]


def no_table_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "联系人"
    for row in [("姓名", "电话"), ("张三", "12345678"), ("李四", "87654321")]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return reproducible(out.getvalue())


def zip_bomb(path: Path, size: int = BOMB_BYTES) -> None:
    """A .docx whose word/document.xml inflates to `size` bytes (about 2 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo("word/document.xml", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = b" " * (16 * 1024 * 1024)
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document>')
            for _ in range(size // len(chunk)):
                member.write(chunk)


# -- all of it -------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    """Every deterministic fixture, by file name (relative to this folder)."""
    from checker.writers.docx import write_docx
    from checker.writers.xlsx import write_xlsx

    seed = text_document(SEED)
    table = write_xlsx(seed, "table")
    return {
        "seed.docx": write_docx(seed),
        "seed-table.xlsx": table,
        "seed-flat.xlsx": write_xlsx(seed, "flat"),
        "seed-word.docx": word_seed(seed),
        "seed-numbers.xlsx": xlsx_numbers(seed),
        "units-columns.docx": word_units_columns(),
        "hostile/not-a-zip.docx": not_a_zip(),
        "hostile/truncated.xlsx": truncated_xlsx(table),
        "hostile/no-table.xlsx": no_table_xlsx(),
    }


def libreoffice_round_trip(source: Path, target: Path) -> None:
    """`source` opened and saved as .docx by LibreOffice (Debian's libreoffice-writer)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "in" / target.name
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(work / "out"),
                str(copy),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.copyfile(work / "out" / target.name, target)


def encrypt(source: Path, target: Path) -> None:
    """`source` protected with a password (needs the msoffcrypto-tool package)."""
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]

    with source.open("rb") as plain:
        office = OOXMLFile(plain)
        secret = io.BytesIO()
        office.encrypt(PASSWORD, secret)
    target.write_bytes(secret.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--libreoffice", action="store_true", help="redo the LibreOffice copy")
    parser.add_argument("--bomb", action="store_true", help="redo the zip bomb")
    parser.add_argument("--encrypt", action="store_true", help="redo the encrypted workbook")
    args = parser.parse_args()
    HOSTILE.mkdir(exist_ok=True)
    for name, data in build().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")
    if args.libreoffice:
        libreoffice_round_trip(HERE / "seed-word.docx", HERE / "seed-word-libreoffice.docx")
        print("wrote seed-word-libreoffice.docx")
    if args.bomb:
        zip_bomb(HOSTILE / "bomb.docx")
        print("wrote hostile/bomb.docx")
    if args.encrypt:
        encrypt(HERE / "seed-table.xlsx", HOSTILE / "encrypted.xlsx")
        print("wrote hostile/encrypted.xlsx")


if __name__ == "__main__":
    main()
