"""The .docx and .xlsx readers, `jxcheck export`, and the office documents in tests/data/office.

The seed arrives here as a Word document (made by the exporter, and made independently with
python-docx's own cell merges, and that one again after LibreOffice saved it) and as workbooks
(table and flat layout, and a flat export with numbers and number formats). `jxcheck check` on
each must find what it finds on the text export: the same rules on the same projects at the
same severities, each located at the cell (`表6 第4行 第5列`, `表3!E14`) that holds the value.
Hostile office files end with one clear line, never a traceback. Timings are printed
(`pytest -s`), never asserted tightly.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from checker.inputs import InputFile, LoadedDocument, Reader, ReadOptions
from checker.model import Document, Project
from checker.readers.builtin import LazyReader
from checker.readers.docx import DocxReader, read_body
from checker.readers.office import MAX_UNCOMPRESSED
from checker.readers.textexport import TextExportReader
from checker.readers.xlsx import XlsxReader, column_letter, display, sheet_reference
from checker.values import clean
from checker.writers.docx import write_docx
from checker.writers.xlsx import write_xlsx

from .conftest import ROOT, SEED

OFFICE = Path(__file__).resolve().parent / "data" / "office"
HOSTILE = OFFICE / "hostile"
VARIANTS = Path(__file__).resolve().parent / "data" / "textexport"
SEED_YAML = ROOT / "examples" / "000_57b4140ba813d59e.yaml"

#: The seed as office files, each checked against the text export's findings.
SEED_FILES = [
    "seed.docx",
    "seed-word.docx",
    "seed-table.xlsx",
    "seed-flat.xlsx",
    "seed-numbers.xlsx",
]
#: Where the seed's one V005 (T3 资金到位率 `≤12个月`) is in each file.
V005_AT = {
    "seed.docx": "表3（Word 表6）第4行 第5列",
    "seed-word.docx": "表3（Word 表3）第11行 第5列",
    "seed-table.xlsx": "表3!E14",
    "seed-flat.xlsx": "绩效目标!S17",
    "seed-numbers.xlsx": "项目绩效目标!R18",
}
#: A paragraph, or a cell: the project's table as the document numbers it, Word's own count
#: of tables as a detail (`表3（Word 表6）第4行 第5列`), or Word's count alone outside projects.
_DOCX_LABEL = re.compile(
    r"^(?:(?:表\d+（Word 表\d+）|表\d+ )第\d+行 第\d+列(?: 第\d+段)?|段落\d+)$"
)
_XLSX_LABEL = re.compile(r"^(?:[^\W\d]\w*|'(?:[^']|'')+')![A-Z]{1,3}[0-9]+$")


def jxcheck(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        capture_output=True,
        timeout=120,
        cwd=cwd or ROOT,
    )
    print(f"\n[{time.perf_counter() - start:.3f}s] jxcheck {' '.join(map(str, args))[:100]}")
    return proc


def check_json(path: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"{path.name}.json"
    proc = jxcheck("check", path, "--format", "json", "-o", out, "-q")
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def findings(report: dict[str, Any]) -> Counter[tuple[str, str | None, str]]:
    return Counter((f["rule"], f["project_code"], f["severity"]) for f in report["findings"])


def read(path: Path, data: bytes | None = None) -> LoadedDocument:
    reader: Reader = DocxReader() if path.suffix == ".docx" else XlsxReader()
    (result,) = reader.read(InputFile(path.name, data or path.read_bytes()), ReadOptions())
    assert isinstance(result, LoadedDocument)
    return result


def text_import(path: Path) -> Document:
    (result,) = TextExportReader().read(InputFile(path.name, path.read_bytes()), ReadOptions())
    assert isinstance(result, LoadedDocument)
    return result.document


def make_fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", OFFICE / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed() -> Document:
    return text_import(SEED)


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return check_json(SEED, tmp_path_factory.mktemp("seed"))


# -- the committed documents -----------------------------------------------------------------


#: The members written from the record (the rest comes from python-docx's and openpyxl's
#: templates, which a new release of either may change).
_CONTENT = re.compile(r"^(?:word/document\.xml|xl/workbook\.xml|xl/worksheets/[^/]+\.xml)$")


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if _CONTENT.match(name)}


@pytest.mark.slow
def test_fixtures_are_what_the_script_makes() -> None:
    """The committed documents are those `make_fixtures.py` makes: compared by the members
    that hold the record (the deflate stream may differ between zlib builds, and the template
    parts between library releases). If this fails after an upgrade of python-docx or
    openpyxl, run `python tests/data/office/make_fixtures.py` and commit the result."""
    built = make_fixtures().build()
    for name, data in built.items():
        committed = (OFFICE / name).read_bytes()
        if name == "hostile/truncated.xlsx":  # half of a package: its bytes depend on zlib
            assert committed[:4] == b"PK\x03\x04" and not zipfile.is_zipfile(io.BytesIO(committed))
        elif zipfile.is_zipfile(io.BytesIO(data)):
            assert members(data), name
            assert members(committed) == members(data), name
        else:
            assert committed == data, name
    for name in ("seed-word-libreoffice.docx", "hostile/bomb.docx", "hostile/encrypted.xlsx"):
        assert (OFFICE / name).is_file(), name


def test_export_is_reproducible(seed: Document) -> None:
    assert write_docx(seed) == write_docx(seed)
    assert write_xlsx(seed, "flat") == write_xlsx(seed, "flat")


def test_readers_are_registered() -> None:
    from checker.plugins import load_registry

    readers = load_registry().readers
    for name, kind in (("docx", DocxReader), ("xlsx", XlsxReader)):
        lazy = readers[name]
        assert isinstance(lazy, LazyReader) and isinstance(lazy, Reader)
        assert isinstance(lazy.real(), kind)


def test_lazy_readers_sniff_as_the_readers_they_stand_for(tmp_path: Path, seed: Document) -> None:
    """A built-in document reader is imported only when a file may be its; its quick "never"
    test must never hide a file the reader itself would claim."""
    from checker.plugins import load_registry

    samples = [
        InputFile("a.yaml", b"format: jxcheck/1\nkind: project\n"),
        InputFile("a.json", b'{"format": "jxcheck/1"}'),
        InputFile("seed.txt", SEED.read_bytes()),
        InputFile("seed.yaml", SEED.read_bytes()),
        InputFile("t.docx", write_docx(seed)),
        InputFile("t.bin", write_docx(seed)),
        InputFile("t.xlsx", write_xlsx(seed, "flat")),
        InputFile("t.zip", write_xlsx(seed, "table")),
        InputFile("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        InputFile("old.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        InputFile("x.xls", b"not really"),
        InputFile("empty.txt", b""),
        InputFile("gbk.txt", "\t项目名称\n".encode("gb18030")),
        InputFile("bad.txt", b"\xff\xfe\x00"),
        InputFile("plain.txt", b"hello\n"),
    ]
    for lazy in load_registry().readers.values():
        if isinstance(lazy, LazyReader):
            for sample in samples:
                assert lazy.sniff(sample) == lazy.real().sniff(sample), (lazy.name, sample.name)


# -- the seed as office files: the same findings, at the right cells --------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", SEED_FILES)
def test_check_finds_what_the_text_export_gives(
    name: str, seed_report: dict[str, Any], tmp_path: Path
) -> None:
    report = check_json(OFFICE / name, tmp_path)
    assert findings(report) == findings(seed_report)
    assert len(report["findings"]) == len(seed_report["findings"]) > 100
    pattern = _DOCX_LABEL if name.endswith(".docx") else _XLSX_LABEL
    for finding in report["findings"]:
        assert finding["line"] is None, finding
        assert pattern.match(finding["location"]), finding["location"]
    (v005,) = [f for f in report["findings"] if f["rule"] == "V005"]
    assert v005["location"] == V005_AT[name]
    assert v005["project_code"] == "13073023P00016810002Y"
    (n007,) = [f for f in report["findings"] if f["rule"] == "N007"]
    assert n007["project_code"] == "13073023P000026100071"


def _resolve(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        data = data[int(token)] if isinstance(data, list) else data.get(token)
        if data is None:
            return None
    return data


def docx_cell(data: bytes, label: str) -> str:
    """The text at a label of the docx reader: a body paragraph or a cell (or its paragraph)."""
    import docx
    from docx.table import _Cell

    document = docx.Document(io.BytesIO(data))
    if label.startswith("段落"):
        text: str = document.paragraphs[int(label[2:]) - 1].text
        return text
    numbers = [int(n) for n in re.findall(r"[0-9]+", label)]
    if "（Word 表" in label:
        numbers = numbers[1:]  # the project's table number, then Word's count
    table = document.tables[numbers[0] - 1]
    tc = table._tbl.tr_lst[numbers[1] - 1].tc_lst[numbers[2] - 1]
    text = _Cell(tc, table).text
    return text.split("\n")[numbers[3] - 1] if len(numbers) > 3 else text


def xlsx_cell(data: bytes, label: str) -> str:
    import openpyxl

    sheet, _, cell = label.rpartition("!")
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    found = workbook[sheet][cell]
    return display(found.value, found.number_format)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["seed.docx", "seed-word.docx", "seed-table.xlsx", "seed-flat.xlsx"]
)
def test_every_location_holds_the_value_found(
    name: str, seed: Document, seed_report: dict[str, Any], tmp_path: Path
) -> None:
    """Each finding about a written value points at the cell (or paragraph) holding it."""
    path = OFFICE / name
    data = path.read_bytes()
    report = check_json(path, tmp_path)
    model = seed.model_dump()
    projects = {project["code"]: project for project in model["projects"]}
    cell = docx_cell if name.endswith(".docx") else xlsx_cell
    cache: dict[str, str] = {}
    checked = 0
    for finding in report["findings"]:
        record = projects[finding["project_code"]] if finding["project_code"] else model
        value = _resolve(record, finding["pointer"])
        if not isinstance(value, str) or not clean(value):
            continue
        label = finding["location"]
        if label not in cache:
            cache[label] = cell(data, label)
        assert clean(value.split("\n")[-1]) in clean(cache[label]) or clean(value) in clean(
            cache[label]
        ), (finding["rule"], finding["pointer"], label, value, cache[label])
        checked += 1
    assert checked > 80


def test_v005_cell_holds_the_value() -> None:
    assert docx_cell((OFFICE / "seed.docx").read_bytes(), "表3（Word 表6）第4行 第5列") == "≤12个月"
    assert xlsx_cell((OFFICE / "seed-table.xlsx").read_bytes(), "表3!E14") == "≤12个月"


# -- LibreOffice, an independent layout variant, numbers in cells -----------------------------


def _rstrip_all(data: Any) -> Any:
    if isinstance(data, str):
        return data.rstrip(" ")
    if isinstance(data, list):
        return [_rstrip_all(item) for item in data]
    if isinstance(data, dict):
        return {key: _rstrip_all(value) for key, value in data.items()}
    return data


def _changed(before: Any, after: Any, pointer: str = "") -> set[str]:
    if isinstance(before, dict):
        return {p for key in before for p in _changed(before[key], after[key], f"{pointer}/{key}")}
    if isinstance(before, list):
        return {
            p for i, item in enumerate(before) for p in _changed(item, after[i], f"{pointer}/{i}")
        }
    return {pointer} if before != after else set()


@pytest.mark.slow
def test_libreoffice_copy(seed: Document, tmp_path: Path) -> None:
    """LibreOffice keeps the merges, the line breaks and Word's `_GoBack` bookmark, and drops
    the spaces at the end of a paragraph: the model is the seed's without them, and so are the
    findings (those on the same record written as YAML)."""
    from checker.yamlwrite import dump

    path = OFFICE / "seed-word-libreoffice.docx"
    expected = Document.model_validate(_rstrip_all(seed.model_dump()))
    loaded = read(path).document
    assert loaded == expected
    assert len(_changed(seed.model_dump(), expected.model_dump())) > 10
    record = tmp_path / "without-trailing-spaces.yaml"
    record.write_text(dump(expected), encoding="utf-8")
    report = check_json(path, tmp_path)
    assert findings(report) == findings(check_json(record, tmp_path))
    assert any(f["rule"] == "N007" for f in report["findings"])


@pytest.mark.slow
def test_units_columns_docx_is_the_text_variant(tmp_path: Path) -> None:
    """A layout variant (指标性质 / 计量单位 columns, 年度资金总额, 财政拨款, 其它资金, 绩效标准)
    built in Word reads as its text export reads: one mapping, two readers."""
    text = VARIANTS / "units_columns.txt"
    assert read(OFFICE / "units-columns.docx").document == text_import(text)
    docx_report = check_json(OFFICE / "units-columns.docx", tmp_path)
    assert findings(docx_report) == findings(check_json(text, tmp_path))


def test_numbers_formatted_as_excel_shows_them(seed: Document) -> None:
    """A flat export with amounts as numbers: `0.00` keeps `4.00`, `0%` shows 1 as `100%`, and
    General shows 500.00 as `500` (documented: the findings do not change)."""
    loaded = read(OFFICE / "seed-numbers.xlsx").document.model_dump()
    expected = seed.model_dump()
    for field in ("total", "fiscal"):
        assert expected["projects"][3]["budget"][field] == "500.00"
        expected["projects"][3]["budget"][field] = "500"
    assert loaded == expected
    assert loaded["projects"][2]["budget"]["total"] == "4.00"
    assert loaded["projects"][1]["spending_plan"][3]["percent"] == "100%"


# -- round trips -----------------------------------------------------------------------------

_VARIANTS = [SEED, *sorted(VARIANTS.glob("*.txt"))]


@pytest.mark.parametrize("source", _VARIANTS, ids=lambda p: p.name)
@pytest.mark.parametrize("to", ["docx", "table", "flat"])
def test_round_trip(source: Path, to: str) -> None:
    """text → model → docx/xlsx → model gives the same model, layout variants included."""
    document = text_import(source)
    if to == "docx":
        loaded = read(Path("x.docx"), write_docx(document))
    else:
        loaded = read(Path("x.xlsx"), write_xlsx(document, "flat" if to == "flat" else "table"))
    assert _data(loaded.document) == _data(document)


def _data(document: Document) -> dict[str, Any]:
    """What the department wrote: the model without `reading`, which describes the file read
    (a table an export ends with may read as cut short: S009 judges that, not the export)."""
    data = document.model_dump()
    for project in data["projects"]:
        project.pop("reading", None)
    return data


@pytest.mark.slow
def test_round_trip_from_yaml(tmp_path: Path) -> None:
    """The example YAML, exported as a user runs it, reads back as the same record."""
    from checker.readers.records import RecordsReader

    (record,) = RecordsReader().read(InputFile("x.yaml", SEED_YAML.read_bytes()), ReadOptions())
    assert isinstance(record, LoadedDocument)
    for to, extra in (("docx", []), ("xlsx", []), ("xlsx", ["--layout", "flat"])):
        out = tmp_path / f"out-{len(extra)}.{to}"
        proc = jxcheck("export", SEED_YAML, "--to", to, "-o", out, *extra)
        assert proc.returncode == 0, proc.stderr.decode()
        assert _data(read(out).document) == _data(record.document)


def test_what_a_table_cannot_carry() -> None:
    """A sparse record: null fields stay null in Word and on a sheet of the table layout; the
    flat layout shares its columns between projects, so a field one project lacks reads `""`."""
    sparse = Document(
        projects=[
            Project(name="只有名称", goals=["甲", "乙"]),
            Project.model_validate(
                {
                    "code": "X1",
                    "money_unit": "万元",
                    "budget": {"total": "5"},
                    "spending_plan": [],
                    "indicators": [{"level1": "产出指标", "value": "1项"}],
                }
            ),
        ]
    )
    assert _data(read(Path("x.docx"), write_docx(sparse)).document) == _data(sparse)
    assert _data(read(Path("x.xlsx"), write_xlsx(sparse, "table")).document) == _data(sparse)
    flat = read(Path("x.xlsx"), write_xlsx(sparse, "flat")).document
    assert flat.projects[0].code == "" and flat.projects[1].name == ""
    assert flat.projects[1].spending_plan is None  # an empty plan: nothing in its columns
    assert [p.goals for p in flat.projects] == [["甲", "乙"], []]


def test_flat_export_with_a_subtotal_row_reads_as_the_text_export() -> None:
    """A budget system's flat export (real 四川 table, tests/data/realdocs/30): the unit's
    subtotal row above the projects is no project, on a sheet as in the text export — both
    readers group a flat table's rows with `join_subtotals`."""
    import openpyxl

    path = ROOT / "tests" / "data" / "realdocs" / "30_sichuan-jingyan-mata_town-projects-2023.txt"
    text = text_import(path)
    rows = [
        [cell.removeprefix("\t") for cell in block.split("\n")]
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.startswith("\t")
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet_read = read(Path("30.xlsx"), buffer.getvalue()).document
    assert [clean(p.name) for p in sheet_read.projects] == [clean(p.name) for p in text.projects]
    assert [p.budget_total for p in sheet_read.projects] == [p.budget_total for p in text.projects]
    assert [len(p.indicators) for p in sheet_read.projects] == [
        len(p.indicators) for p in text.projects
    ]


def test_a_list_of_projects_packing_their_targets_reads_on_a_sheet_as_in_the_text_export() -> None:
    """A department's list of projects whose 绩效目标 cell packs the goal and the indicators in
    bracketed sections (a real 安徽 disclosure, tests/data/realdocs/70): a sheet holding it is a
    target table, read one project a row, the unit's subtotal row no project."""
    import openpyxl

    goals = "\n".join(
        ["【总体目标】", "保障机房设备运转", "【产出指标-数量指标】", "指标1:机柜数量(≥77台)"]
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["单位编码", "单位名称(项目类别/支出项目)", "年度预算安排", "绩效目标"])
    sheet.append(["037001", "某局", "27955180", ""])
    sheet.append(["037001", "机房租赁服务采购项目", "1681680", goals])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (project,) = read(Path("list.xlsx"), buffer.getvalue()).document.projects
    assert (project.name, project.goals) == ("机房租赁服务采购项目", ["保障机房设备运转"])
    assert [(i.level2, i.name, i.value) for i in project.indicators] == [
        ("数量指标", "机柜数量", "≥77台")
    ]


def _stacked_workbook(headings: bool) -> bytes:
    """Tables 1–3 of `seed-table.xlsx` one below the other on one sheet from column C, a blank
    row between tables and one stray blank row inside table 2's indicator rows."""
    import openpyxl
    from openpyxl.utils import range_boundaries

    source = openpyxl.load_workbook(OFFICE / "seed-table.xlsx")
    target = openpyxl.Workbook()
    sheet = target.active
    sheet.title = "汇总"
    top = 2
    for number in (1, 2, 3):
        part = source[f"表{number}"]
        skip = 0 if headings else 2  # rows 1–2: the heading and a blank row
        stray = 14 if number == 2 else None  # a blank row before the sheet's row 14

        def place(row: int, stray: int | None = stray, skip: int = skip, top: int = top) -> int:
            return top + row - skip + (1 if stray is not None and row >= stray else 0)

        for row in part.iter_rows(min_row=1 + skip):
            for cell in row:
                if cell.value is not None:
                    sheet.cell(row=place(cell.row), column=cell.column + 2, value=cell.value)
        for merged in part.merged_cells.ranges:
            left, upper, right, lower = range_boundaries(merged.coord)
            if upper > skip:
                sheet.merge_cells(
                    start_row=place(upper),
                    start_column=left + 2,
                    end_row=place(lower),
                    end_column=right + 2,
                )
        top = place(part.max_row) + 2
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


@pytest.mark.parametrize("headings", [True, False], ids=["headings", "no-headings"])
def test_projects_one_below_the_other(seed: Document, headings: bool) -> None:
    data = _stacked_workbook(headings)
    loaded = read(Path("stacked.xlsx"), data)
    expected = [
        project if headings else project.model_copy(update={"heading": None})
        for project in seed.projects[:3]
    ]
    assert loaded.document.projects == expected
    assert loaded.document.overview is None
    label = loaded.locate("/projects/1/indicators/4/value").label
    assert label is not None and label.startswith("汇总!G")
    assert xlsx_cell(data, label) == seed.projects[1].indicators[4].value == "有所提升"


# -- how Word stores a table -----------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _body(xml: str) -> Any:
    from lxml import etree

    return etree.fromstring(f"<w:body {_W}>{xml}</w:body>")


def _p(text: str = "", extra: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{extra}{run}</w:p>"


def _tc(content: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"


def test_word_merges_and_cell_content() -> None:
    """gridSpan is one cell; a vMerge continuation is an empty cell; a legacy hMerge
    continuation is no cell; content controls and nested tables are looked through; a cell's
    paragraphs and line breaks are its lines; deleted text is not read; bookmarks are kept."""
    nested = f"<w:tbl><w:tr>{_tc(_p('内'))}{_tc(_p('表'))}</w:tr></w:tbl>"
    xml = (
        "<w:tbl><w:tr>"
        + _tc(_p("一级指标"), '<w:vMerge w:val="restart"/>')
        + _tc(_p("跨两列"), '<w:gridSpan w:val="2"/>')
        + _tc(_p("旧式"), '<w:hMerge w:val="restart"/>')
        + _tc(_p(), "<w:hMerge/>")
        + "</w:tr><w:tr>"
        + _tc(_p("不该读到"), "<w:vMerge/>")
        + f"<w:sdt><w:sdtContent>{_tc(_p('控件'))}</w:sdtContent></w:sdt>"
        + _tc(
            _p("第一段", '<w:bookmarkStart w:id="1" w:name="_GoBack"/><w:bookmarkEnd w:id="1"/>')
            + "<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:tab/><w:t>丙</w:t></w:r>"
            + "<w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>"
        )
        + _tc(nested)
        + "</w:tr></w:tbl>"
        + _p("正文")
    )
    blocks = read_body(_body(xml))
    table, paragraph = blocks.blocks
    assert [row.texts for row in table.rows] == [  # type: ignore[union-attr]
        ["一级指标", "跨两列", "旧式"],
        ["", "控件", "第一段\n甲\n乙\t丙", "内\n表"],
    ]
    cell = table.rows[1].cells[2]  # type: ignore[union-attr]
    assert cell.artefacts == [(0, "[bookmark: _GoBack]")]
    assert paragraph.text == "正文"  # type: ignore[union-attr]
    labels = [blocks.labels[c.line] for c in table.rows[1].cells]  # type: ignore[union-attr]
    assert labels == ["表1 第2行 第1列", "表1 第2行 第2列", "表1 第2行 第3列", "表1 第2行 第4列"]
    assert blocks.labels[cell.line + 2] == "表1 第2行 第3列 第3段"


def _docx(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
    import docx

    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    for rows in tables:
        table = word.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
        word.add_paragraph("")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_layout_findings_name_the_cell(tmp_path: Path) -> None:
    """What the importer cannot read in a .docx is a finding that names the table, row and
    cell, never an ordinal line: a table with no indicator table (S009), an indicator header
    without a value column (S008)."""
    header = [["项目名称", "某项目"], ["绩效目标", "1.完成"]]
    bad_header = [["一级指标", "二级指标", "三级指标", "说明"], ["产出指标", "数量指标", "x", "1"]]
    cases = {
        "no-indicators.docx": (
            _docx(["1.某项目绩效目标表"], [header]),
            "S009",
            "表1（Word 表1）第2行",
        ),
        "bad-header.docx": (
            _docx(["1.某项目绩效目标表"], [header + bad_header]),
            "S008",
            "表1（Word 表1）第3行",
        ),
    }
    for name, (data, rule, label) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = jxcheck("check", path, "--format", "json")
        stderr = proc.stderr.decode()
        assert proc.returncode in (0, 1) and "Traceback" not in stderr, stderr
        findings = json.loads(proc.stdout)["findings"]
        (found,) = [f for f in findings if f["rule"] == rule]
        assert found["location"].startswith(label), found
        assert found["line"] is None


# -- spreadsheet values and names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (None, "General", ""),
        ("≥95%", "@", "≥95%"),
        (0.11, "General", "0.11"),
        (0.1 + 0.2, "General", "0.3"),
        (1000.0, "General", "1000"),
        (30, "General", "30"),
        (4, "0.00", "4.00"),
        (-5, "0.00", "-5.00"),
        (1234.5, "#,##0.00", "1,234.50"),
        (28, '0.00"万元"', "28.00万元"),
        (0.95, "0%", "95%"),
        (0.955, "0.0%", "95.5%"),
        (12.345, "0.00_ ;[Red]-0.00 ", "12.35"),
        (True, "General", "TRUE"),
        (datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"', "2023年12月31日"),
        (date(2023, 12, 31), "yyyy-mm-dd", "2023-12-31"),
        (1.5e20, "General", "1.500000E+20"),
    ],
)
def test_cell_values_as_excel_shows_them(value: Any, number_format: str, shown: str) -> None:
    assert display(value, number_format) == shown


_SHARED_RICH = (
    '<si><r><rPr><b/></rPr><t xml:space="preserve">加粗 </t></r><r><t>与常规</t></r>'
    '<rPh sb="0" eb="1"><t>よみ</t></rPh></si>'
)
_RAW_ROWS = (
    '<row r="20"><c r="Z20" t="str"><f>A1</f><v>公式的结果</v></c>'
    '<c r="AA20" t="e"><v>#N/A</v></c><c r="AB20" t="b"><v>1</v></c>'
    '<c r="AC20" t="d"><v>2023-12-31T00:00:00</v></c><c r="AD20" t="s"><v>{rich}</v></c></row>'
    '<row><c r="B21" s="1"/><c><v>7</v></c><c t="inlineStr"><is><t>无坐标</t></is></c></row>'
)


def shared_strings_workbook(epoch_1904: bool = False) -> bytes:
    """A workbook as Excel writes it, which openpyxl (inline strings) does not: text in shared
    strings (a rich one with a phonetic run, `_x005F_` escapes), formula results, errors,
    booleans, ISO dates, cells and a row without `r`, custom and built-in number formats,
    dates and durations, optionally in the 1904 date system."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = openpyxl.Workbook()
    if epoch_1904:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "值"
    values: list[tuple[Any, str]] = [
        ("项目名称", "General"),
        ("第一行\n第二行", "@"),
        ("a_x005F_x000D_b", "General"),
        (1000.0, "General"),
        (0.1 + 0.2, "General"),
        (4, "0.00"),
        (-5, "0.00_ ;[Red]-0.00 "),
        (1234.5, "#,##0.00"),
        (28, '0.00"万元"'),
        (0.955, "0.0%"),
        (1, "0%"),
        (datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"'),
        (date(2024, 2, 29), "yyyy-mm-dd"),
        (datetime(2023, 3, 1, 14, 30), "yyyy-mm-dd h:mm"),
        (0.5, "[h]:mm:ss"),
        (True, "General"),
        (12345678901234567, "General"),
        ("0012", "@"),
    ]
    for row, (value, number_format) in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=2, value=value)
        cell.number_format = number_format
    second = workbook.create_sheet("第二")
    second["C3"] = "另一张表"
    second["D4"] = 3.25
    out = io.BytesIO()
    workbook.save(out)
    return to_shared_strings(out.getvalue(), _RAW_ROWS)


def to_shared_strings(data: bytes, rows: str = "") -> bytes:
    """The workbook with its inline strings (openpyxl's) in shared strings (Excel's), and
    `rows` appended to the first sheet (`{rich}`: the index of a rich shared string)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    strings: list[str] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(2).decode())
        return match.group(1) + f' t="s"><v>{len(strings) - 1}</v></c>'.encode()

    inline = re.compile(
        rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
        re.S,
    )
    for name in sorted(n for n in members if n.startswith("xl/worksheets/")):
        members[name] = inline.sub(shared, members[name])
    first = "xl/worksheets/sheet1.xml"
    tail = f"{rows.format(rich=len(strings))}</sheetData>".encode()
    members[first] = members[first].replace(b"</sheetData>", tail)
    body = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{body}{_SHARED_RICH}</sst>"
    ).encode()
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body_bytes in members.items():
            archive.writestr(name, body_bytes)
    return result.getvalue()


@pytest.mark.parametrize("name", ["seed-table.xlsx", "seed-flat.xlsx", "seed-numbers.xlsx"])
def test_shared_strings_read_as_inline_ones(name: str) -> None:
    """The seed's workbooks with their text in shared strings, as Excel saves them: the same
    document at the same cells."""
    data = (OFFICE / name).read_bytes()
    shared = to_shared_strings(data)
    assert b"xl/sharedStrings.xml" in shared and b"inlineStr" not in _sheets_of(shared)
    inline, from_shared = read(Path(name), data), read(Path(name), shared)
    assert from_shared.document == inline.document
    for index in range(len(inline.document.projects)):
        pointer = f"/projects/{index}/indicators/0/value"
        if inline.document.projects[index].indicators:
            assert from_shared.locate(pointer).label == inline.locate(pointer).label


def _sheets_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)


@pytest.mark.parametrize("epoch_1904", [False, True], ids=["1900", "1904"])
def test_cells_read_as_openpyxl_reads_them(epoch_1904: bool) -> None:
    """The reader parses sheets itself (streamed, only the cells that exist): every cell shows
    what openpyxl (read-only, saved values) gives and Excel shows, on a workbook as Excel
    writes it."""
    import openpyxl

    from checker.readers import xlsx
    from checker.readers.office import open_package

    data = shared_strings_workbook(epoch_1904)
    expected: dict[str, dict[tuple[int, int], str]] = {}
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        cells = expected.setdefault(sheet.title, {})
        sheet.reset_dimensions()  # as the reader did: every row, whatever the dimension says
        for row in sheet.iter_rows():
            for cell in row:
                shown = display(getattr(cell, "value", None), getattr(cell, "number_format", None))
                if shown:
                    cells[(cell.row - 1, cell.column - 1)] = shown
    workbook.close()
    package = open_package(InputFile("x.xlsx", data), "xlsx", "xl/workbook.xml")
    book = xlsx._read_book(package)
    budget = [xlsx.MAX_CELLS, xlsx.MAX_MERGES, xlsx.MAX_TEXT]
    got = {
        title: xlsx._read_sheet(package, book, title, part, budget).values
        for title, part in book.sheets
    }
    assert got == expected
    values = got["值"]
    assert values[(19, 25)] == "公式的结果" and values[(19, 29)] == "加粗 与常规"
    assert values[(2, 1)] == "a_x000D_b" and values[(11, 1)] == "2023年12月31日"
    assert values[(20, 2)] == "7" and values[(20, 3)] == "无坐标"


def test_cell_references() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert sheet_reference("Sheet1") == "Sheet1"
    assert sheet_reference("表1") == "表1"
    assert sheet_reference("1") == "'1'"
    assert sheet_reference("My sheet") == "'My sheet'"
    assert sheet_reference("it's") == "'it''s'"


# -- hostile files ---------------------------------------------------------------------------


def _replace_member(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, body if info.filename == name else source.read(info))
    return out.getvalue()


def _corrupt_member(data: bytes, name: str) -> bytes:
    """The package with the compressed bytes of one member overwritten (a damaged download)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    for offset in range(start + 10, start + min(info.compress_size, 400), 3):
        damaged[offset] ^= 0x5A
    return bytes(damaged)


def hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Hostile inputs → (path, a word the error must say)."""
    seed_docx = (OFFICE / "seed.docx").read_bytes()
    seed_xlsx = (OFFICE / "seed-table.xlsx").read_bytes()
    made = {
        "dtd.docx": _replace_member(
            seed_docx,
            "word/document.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>',
        ),
        "damaged.xlsx": _corrupt_member(seed_xlsx, "xl/worksheets/sheet2.xml"),
        "legacy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(500)
        + "WordDocument".encode("utf-16-le"),
        "empty.docx": b"",
        "plain-zip.docx": _zip({"notes.txt": b"hello"}),
        "no-document.docx": _zip({"[Content_Types].xml": b"<Types/>"}),
    }
    files = {name: (HOSTILE / name, "") for name in ("bomb.docx", "not-a-zip.docx")}
    files["bomb.docx"] = (HOSTILE / "bomb.docx", "zip 炸弹")
    files["not-a-zip.docx"] = (HOSTILE / "not-a-zip.docx", "不是 zip 压缩包")
    files["encrypted.xlsx"] = (HOSTILE / "encrypted.xlsx", "已加密")
    files["truncated.xlsx"] = (HOSTILE / "truncated.xlsx", "已损坏")
    files["no-table.xlsx"] = (HOSTILE / "no-table.xlsx", "没有可识别的绩效目标表")
    words = {
        "dtd.docx": "DTD",
        "damaged.xlsx": "损坏",
        "legacy.doc": "旧版 Office 格式",
        "empty.docx": "文件为空",
        "plain-zip.docx": "压缩包中没有",
        "no-document.docx": "文件可能已损坏",
    }
    for name, data in made.items():
        path = folder / name
        path.write_bytes(data)
        files[name] = (path, words[name])
    return files


def _zip(content: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_bomb_is_a_bomb() -> None:
    with zipfile.ZipFile(HOSTILE / "bomb.docx") as archive:
        size = archive.getinfo("word/document.xml").file_size
    assert size >= 2 * 1024**3 > MAX_UNCOMPRESSED
    assert (HOSTILE / "bomb.docx").stat().st_size < 4 * 1024**2


@pytest.mark.slow
def test_hostile_files_give_clear_errors(tmp_path: Path) -> None:
    """import and export: exit 2 and one line naming the file; check: an S000 finding."""
    for name, (path, word) in hostile_files(tmp_path).items():
        for args in (("import", path), ("export", path, "--to", "xlsx", "-o", tmp_path / "o.xlsx")):
            proc = jxcheck(*args)
            stderr = proc.stderr.decode("utf-8")
            assert proc.returncode == 2, (name, stderr)
            assert "Traceback" not in stderr and "内部错误" not in stderr, (name, stderr)
            assert stderr.startswith(f"jxcheck: {path}") and stderr.count("\n") == 1, stderr
            assert word in stderr, (name, stderr)
        report = check_json(path, tmp_path)
        (s000,) = report["findings"]
        assert s000["rule"] == "S000" and s000["severity"] == "error", (name, s000)
        assert word in s000["message"], (name, s000)


def test_english_messages(tmp_path: Path) -> None:
    proc = jxcheck("import", HOSTILE / "encrypted.xlsx", "--lang", "en")
    assert "encrypted (password-protected)" in proc.stderr.decode()


# -- jxcheck export --------------------------------------------------------------------------


@pytest.mark.slow
def test_export_cli(tmp_path: Path) -> None:
    source = tmp_path / "targets.yaml"
    source.write_bytes(SEED_YAML.read_bytes())
    proc = jxcheck("export", source, "--to", "docx")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "targets.docx").read_bytes() == write_docx(text_import(SEED))
    assert "targets.docx" in proc.stderr.decode()
    proc = jxcheck("export", source, "--to", "xlsx", "-o", "-")
    assert proc.returncode == 0 and proc.stdout[:4] == b"PK\x03\x04"
    proc = jxcheck("export", source, "--to", "docx", "--layout", "flat")
    assert proc.returncode == 2 and b"--layout" in proc.stderr
    proc = jxcheck("export", tmp_path / "targets.docx", "--to", "docx")
    assert proc.returncode == 2 and "覆盖输入文件" in proc.stderr.decode()
    stream = tmp_path / "two.yaml"
    text = SEED_YAML.read_text(encoding="utf-8")
    stream.write_text(text + "\n---\n" + text, encoding="utf-8")
    proc = jxcheck("export", stream, "--to", "docx", "-o", tmp_path / "out" / "batch.docx")
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["batch-1.docx", "batch-2.docx"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("projects: [\n", encoding="utf-8")
    proc = jxcheck("export", broken, "--to", "docx")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1


@pytest.mark.slow
def test_large_documents_read_in_seconds(seed: Document) -> None:
    """500 projects (the seed fifty times) in Word and in a flat sheet."""
    big = seed.model_copy(update={"projects": seed.projects * 50})
    for suffix, data in ((".docx", write_docx(big)), (".xlsx", write_xlsx(big, "flat"))):
        start = time.perf_counter()
        loaded = read(Path(f"big{suffix}"), data)
        elapsed = time.perf_counter() - start
        print(f"\n[{elapsed:.3f}s] read 500 projects from {suffix} ({len(data) // 1024} KiB)")
        assert len(loaded.document.projects) == 500
