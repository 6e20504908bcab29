"""The Word text-export importer: the seed document, its layout variants and hostile input.

Line numbers are the seed's (`examples/000_57b4140ba813d59e.txt`, 1-based): a finding can only
point a reviewer at the right cell if the importer remembers where each value was written.
"""

from __future__ import annotations

import contextlib
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.inputs import InputFile, LoadedDocument, Reader, ReadOptions
from checker.model import Document, ExportArtefact
from checker.readers.layout import (
    CellRef,
    header_label,
    indicator_columns,
    indicator_layout,
    map_header,
    map_indicators,
    normalize_label,
    row_kind,
    split_goals,
)
from checker.readers.textexport import (
    MAX_LINES,
    TextExportReader,
    TextImport,
    infer_budget_year,
    parse_text,
)

from .growth import assert_linear

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
DATA = Path(__file__).resolve().parent / "data" / "textexport"
READER = TextExportReader()


def read(data: bytes, name: str = "seed.txt", **options: Any) -> LoadedDocument:
    results = list(READER.read(InputFile(name, data), ReadOptions(**options)))
    assert len(results) == 1
    result = results[0]
    assert isinstance(result, LoadedDocument)
    return result


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def seed_lines(seed_bytes: bytes) -> list[str]:
    return seed_bytes.decode("utf-8").split("\n")


@pytest.fixture(scope="module")
def seed(seed_bytes: bytes) -> LoadedDocument:
    return read(seed_bytes)


def line_of(loaded: LoadedDocument, pointer: str) -> int | None:
    location = loaded.source_map.get(pointer)
    return location.line if location else None


# -- the reader contract ---------------------------------------------------------------------


def test_reader_protocol(seed: LoadedDocument) -> None:
    assert isinstance(READER, Reader)
    assert READER.name == "text-export"
    assert READER.suffixes == (".txt",)
    assert READER.description
    assert seed.reader == "text-export"
    assert seed.standalone is False
    assert seed.pointer == ""
    assert seed.file == "seed.txt"
    assert seed.project_pointers == [f"/projects/{i}" for i in range(10)]


@pytest.mark.parametrize(
    ("data", "claimed"),
    [
        ("seed", True),
        ("seed-gb18030", True),
        (b"format: jxcheck/1\nkind: document\nprojects: []\n", False),
        (b'{\n\t"format": "jxcheck/1",\n\t"projects": []\n}\n', False),
        ('{\n\t"\u9879\u76ee\u7f16\u7801": "x"\n}\n'.encode(), False),
        (b"", False),
        (b"hello\n\tworld\n", False),
        (bytes(range(256)) * 4, False),
    ],
)
def test_sniff(data: bytes | str, claimed: bool, seed_bytes: bytes) -> None:
    if data == "seed":
        data = seed_bytes
    elif data == "seed-gb18030":
        data = seed_bytes.decode("utf-8").encode("gb18030")
    assert isinstance(data, bytes)
    score = READER.sniff(InputFile("x.txt", data))
    assert (score > 0) is claimed


def test_sniff_part1_only() -> None:
    text = "第一部分 部门整体绩效目标\n一、总体绩效目标\n我单位某某局……\n"
    assert READER.sniff(InputFile("a.txt", text.encode())) > 0


# -- the seed: Part 1 --------------------------------------------------------------------------


def test_seed_overview(seed: LoadedDocument) -> None:
    document = seed.document
    assert document.budget_year == 2023
    assert document.department == "怀来县数字经济局"
    overview = document.overview
    assert overview is not None
    assert overview.title == "部门整体绩效目标"
    assert [(s.number, s.title) for s in overview.sections] == [
        ("一", "总体绩效目标"),
        ("二", "分项绩效目标"),
        ("三", "工作保障措施"),
    ]
    first, second, third = overview.sections
    assert len(first.paragraphs) == 10
    assert first.paragraphs[0].startswith("我单位怀来县数字经济局")
    assert first.paragraphs[-1].startswith("5.数实融合。")
    assert second.paragraphs == [] and third.paragraphs == []
    assert line_of(seed, "/overview/sections/0") == 4
    assert line_of(seed, "/overview/sections/1") == 15
    assert line_of(seed, "/overview/sections/2") == 17
    assert line_of(seed, "/overview/sections/1/title") == 15
    assert line_of(seed, "/overview/sections/0/paragraphs/0") == 5
    assert line_of(seed, "/overview/sections/0/paragraphs/6") == 11


def test_seed_bookmarks_are_remembered(seed_bytes: bytes) -> None:
    result = parse_text(seed_bytes.decode("utf-8"), "seed.txt")
    assert result.bookmarks["/overview/sections/1"] == "_Toc_2_2_0000000002"
    assert result.bookmarks["/projects/0/heading"] == "_Toc_4_4_0000000004"
    assert result.bookmarks["/projects/9/heading"] == "_Toc_4_4_0000000013"
    assert all("[bookmark" not in p.heading for p in result.document.projects if p.heading)


def test_table_of_contents_before_part_1(seed: LoadedDocument, seed_bytes: bytes) -> None:
    """A TOC repeats the headings (with page numbers): the real Part 1 replaces it."""
    toc = "第一部分 部门整体绩效目标\t1\n一、总体绩效目标\t1\n二、分项绩效目标\t2\n"
    loaded = read(toc.encode() + seed_bytes)
    assert loaded.document.overview == seed.document.overview
    assert loaded.document.projects == seed.document.projects
    assert line_of(loaded, "/overview/sections/1") == 15 + 3
    assert line_of(loaded, "/overview/sections/0/paragraphs/0") == 5 + 3


# -- the seed: the ten project tables -----------------------------------------------------------

PLAN_LABELS = ["3月底", "6月底", "10月底", "12月底"]
PLAIN_PLAN = ["30", "60", "90", "100"]
IMPLEMENT = "1.专款专用,将款项及时拨付到位,保证工作正常开展"

#: (heading line, 项目编码, 项目名称, 预算数 = 财政资金, plan percents, goals, indicator count)
SEED_PROJECTS: list[tuple[int, str, str, str, list[str], list[str], int]] = [
    (
        23,
        "13073022P00883610001N",
        "怀财预批【2022】66号 张家口怀来大数据产业基地科技创新园区项目土地相关经费",
        "0.11",
        PLAIN_PLAN,
        ["1.完成张家口怀来大数据产业基地科技创新园区项目不动产权登记"],
        6,
    ),
    (
        112,
        "13073022P00884510003F",
        "怀财预批【2022】79号  新墙体材料专项基金",
        "156.14",
        [" 30", " 60", " 90", "100%"],
        ["1.推进新型墙材的广泛使用，减少污染排放，提高资源综合利用率"],
        6,
    ),
    (
        201,
        "13073023P00016810002Y",
        "怀财字[2023]7号 办案及业务",
        "4.00",
        PLAIN_PLAN,
        ["1.保证差旅工作能够顺利开展"],
        6,
    ),
    (
        291,
        "13073023P000169100011",
        "怀财字[2023]7号 技改资金",
        "500.00",
        PLAIN_PLAN,
        ["对符合条件的项目支持率达100%，提升技术水平"],
        6,
    ),
    (
        380,
        "13073023P00017010002Q",
        "怀财字[2023]7号 支持企业发展资金",
        "1000.00",
        PLAIN_PLAN,
        ["1.通过支持企业发展资金，使我县企业发展进一步提升"],
        6,
    ),
    (
        470,
        "13073023P000026100071",
        "冀财建[2022]238号 提前下达2023年省级中小企业发展专项资金",
        "1.00",
        PLAIN_PLAN,
        [
            "1.通过开展中小企业运行监测，为我县中小企业在数据采集、形势研判、统计分析等方面提供支持。"
        ],
        6,
    ),
    (
        559,
        "13073023P000027100011",
        "冀财建[2022]239号 支持企业购买工业设计服务",
        "28.00",
        PLAIN_PLAN,
        [IMPLEMENT],
        6,
    ),
    (
        650,
        "13073023P00002810001N",
        "冀财建[2022]239号 支持省级工业设计中心",
        "100.00",
        PLAIN_PLAN,
        [IMPLEMENT],
        6,
    ),
    (
        741,
        "13073023P000156100030",
        "冀财建[2022]260号 关于提前下达2023年“民参军”奖励政策补助资金的通知",
        "10.00",
        PLAIN_PLAN,
        ["1.支持民口单位取得军工相关资质，推进军民融合深度"],
        6,
    ),
    (
        832,
        "13073023P00017110001T",
        "运行经费",
        "50.00",
        ["25", "50", "75", "100"],
        [
            "1.购置办公设备及办公用品",
            "2.招商引资",
            "3.大数据枢纽节点建设专家团队服务",
            "4.宣传片制作",
        ],
        12,
    ),
]


def test_seed_has_ten_projects(seed: LoadedDocument) -> None:
    assert len(seed.document.projects) == len(SEED_PROJECTS)


@pytest.mark.parametrize(("index", "expected"), list(enumerate(SEED_PROJECTS)))
def test_seed_project(
    seed: LoadedDocument,
    seed_lines: list[str],
    index: int,
    expected: tuple[int, str, str, str, list[str], list[str], int],
) -> None:
    heading, code, name, amount, percents, goals, count = expected
    project = seed.document.projects[index]
    base = f"/projects/{index}"
    assert project.heading == seed_lines[heading - 1].split("]", 1)[1]
    assert project.heading.startswith(f"{index + 1}.") and project.heading.endswith("绩效目标表")
    assert project.code == code
    assert project.name == name
    assert project.unit == (
        "471002怀来县数字经济局" if index == 9 else "471001怀来县工业和信息化局"
    )
    assert project.money_unit == "万元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        amount,
        amount,
        " ",
    )
    assert project.budget.sources == []
    assert project.budget_total == Decimal(amount) and project.budget_other == 0
    assert project.purpose is not None and project.purpose.startswith("用于")
    assert project.period is None
    assert project.spending_plan is not None
    assert [c.label for c in project.spending_plan] == PLAN_LABELS
    assert [c.percent for c in project.spending_plan] == percents
    assert project.goals == goals
    assert len(project.indicators) == count
    # every table has the seed's template layout: the same offsets from its heading
    offsets = {
        "": 0,
        "/heading": 0,
        "/unit": 1,
        "/money_unit": 2,
        "/code": 5,
        "/name": 7,
        "/budget/total": 11,
        "/budget/fiscal": 13,
        "/budget/other": 15,
        "/purpose": 18,
        "/goals/0": 33,
    }
    for k in range(4):
        offsets[f"/spending_plan/{k}"] = offsets[f"/spending_plan/{k}/label"] = 21 + k
        offsets[f"/spending_plan/{k}/percent"] = 27 + k
    for k in range(len(goals)):
        offsets[f"/goals/{k}"] = 33 + k
    for pointer, offset in offsets.items():
        assert line_of(seed, base + pointer) == heading + offset, pointer
    assert line_of(seed, base + "/indicators") == heading + 36 + len(goals)


def test_seed_spending_plan_lines_of_table_2(seed: LoadedDocument) -> None:
    lines = [line_of(seed, f"/projects/1/spending_plan/{k}/percent") for k in range(4)]
    assert lines == [139, 140, 141, 142]


#: (table number, row, field, raw value, line): the values the catalogue's findings point at.
SEED_VALUES: list[tuple[int, int, str, str, int]] = [
    (5, 2, "value", "≥95百分比", 442),
    (6, 3, "value", "≤1.0万", 539),
    (3, 2, "value", "≤12个月", 263),
    (3, 2, "name", "资金到位率", 261),
    (7, 4, "level2", "\n社会效益指标\n", 633),
    (8, 4, "level2", "\n社会效益指标\n", 724),
    (9, 4, "level2", "\n社会效益指标\n", 815),
    (3, 4, "basis", " \n上年历史经验 ", 279),
    (5, 4, "basis", " \n2022年历史经验", 458),
    (3, 0, "basis", "2023年度工作计划 ", 250),
    (3, 5, "name", "群众满意度", 283),
    (3, 5, "description", "单位员工满意度", 284),
    (10, 11, "description", "客户满意率", 959),
    (1, 0, "name", "不动产权登记项目", 69),
    (1, 0, "value", "1项", 71),
    (1, 4, "value", "进一步提升", 99),
    (2, 2, "value", "≤1年", 174),
    (4, 4, "description", "通过技术改过提升技术水平", 366),
    (6, 0, "value", "36家", 518),
    (6, 4, "description", "有利于中小企业数据采集", 545),
    (6, 4, "basis", "实际调查结果", 547),
    (9, 4, "description", "申报资质认证的单位数量增长", 818),
    (10, 0, "value", "≥20台/套/件", 883),
    # merged cells: the value is continued, the line is where it was written
    (2, 1, "level1", "产出指标", 156),
    (2, 1, "level2", "质量指标", 164),
    (10, 1, "level1", "产出指标", 879),
    (10, 1, "level2", "数量指标", 880),
    (10, 1, "name", "组织招商引资次数", 888),
    (10, 7, "level2", "成本指标", 922),
    (10, 7, "name", "招商引资成本", 930),
    (10, 10, "level1", "效益指标", 949),
]


@pytest.mark.parametrize(("table", "row", "field", "raw", "line"), SEED_VALUES)
def test_seed_indicator_value(
    seed: LoadedDocument, table: int, row: int, field: str, raw: str, line: int
) -> None:
    indicator = seed.document.projects[table - 1].indicators[row]
    assert getattr(indicator, field) == raw
    assert line_of(seed, f"/projects/{table - 1}/indicators/{row}/{field}") == line


def test_seed_indicator_rows(seed: LoadedDocument) -> None:
    """A row points at its first written cell; every row is complete after merged cells."""
    assert line_of(seed, "/projects/0/indicators/0") == 67
    assert line_of(seed, "/projects/1/indicators/1") == 164
    assert line_of(seed, "/projects/9/indicators/1") == 888
    for project in seed.document.projects:
        for indicator in project.indicators:
            assert indicator.level1.endswith("指标") and indicator.level2.strip().endswith("指标")
            assert indicator.name and indicator.value
            assert indicator.unit is None and indicator.operator is None and indicator.score is None
    levels = [i.level2 for i in seed.document.projects[9].indicators]
    assert levels == ["数量指标"] * 4 + ["质量指标", "时效指标"] + ["成本指标"] * 4 + [
        "社会效益指标",
        "服务对象满意度指标",
    ]


def test_seed_goback_artefact(seed: LoadedDocument) -> None:
    projects = seed.document.projects
    assert projects[5].export_artefacts == [
        ExportArtefact(pointer="/indicators/4/description", text="[bookmark: _GoBack]")
    ]
    assert line_of(seed, "/projects/5/export_artefacts/0") == 545
    assert all(not p.export_artefacts for i, p in enumerate(projects) if i != 5)


def _leaves(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{pointer}/{key}")]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, f"{pointer}/{i}")]
    return [(pointer, value)]


def test_seed_every_value_is_located_on_its_own_line(
    seed: LoadedDocument, seed_lines: list[str]
) -> None:
    """Each string the department wrote has its own entry, on a line that shows it."""
    data = seed.document.model_dump()
    checked = 0
    for pointer, value in _leaves(data):
        if not isinstance(value, str) or not value.strip() or "/export_artefacts/" in pointer:
            continue
        if pointer in ("/format", "/kind", "/department", "/document_kind"):
            continue
        location = seed.source_map.get(pointer)
        assert location is not None and location.line is not None, pointer
        first = next(part for part in value.split("\n") if part.strip())
        assert first in seed_lines[location.line - 1], pointer
        checked += 1
    assert checked > 500


def test_seed_missing_fields_fall_back_to_the_project(seed: LoadedDocument) -> None:
    assert seed.source_map.get("/projects/0/period") is None
    assert seed.locate("/projects/0/period").line == 23
    assert seed.locate("/projects/2/indicators/4/unit").line == 273


def test_seed_round_trips_through_the_model(seed: LoadedDocument) -> None:
    document = seed.document
    assert Document.model_validate(document.model_dump()) == document
    assert Document.model_validate_json(document.model_dump_json()) == document


#: (table, row, kind, comparator, written, number, unit, unit class)
SEED_PARSED: list[tuple[int, int, str, str | None, bool, str | None, str, str]] = [
    (1, 2, "quantity", "≥", True, "95", "%", "percent"),
    (5, 2, "quantity", "≥", True, "95", "百分比", "percent"),
    (6, 3, "quantity", "≤", True, "1.0", "万", "money"),
    (3, 3, "quantity", "≤", True, "4", "万元", "money"),
    (3, 2, "quantity", "≤", True, "12", "个月", "duration"),
    (6, 0, "quantity", "=", False, "36", "家", "count"),
    (10, 0, "quantity", "≥", True, "20", "台/套/件", "count"),
    (1, 4, "qualitative", None, False, None, "", "none"),
    (6, 4, "qualitative", None, False, None, "", "none"),
]


@pytest.mark.parametrize(
    ("table", "row", "kind", "comparator", "written", "number", "unit", "unit_class"), SEED_PARSED
)
def test_seed_parsed_values(
    seed: LoadedDocument,
    table: int,
    row: int,
    kind: str,
    comparator: str | None,
    written: bool,
    number: str | None,
    unit: str,
    unit_class: str,
) -> None:
    parsed = seed.document.projects[table - 1].indicators[row].parsed
    assert parsed.kind == kind
    assert parsed.comparator == comparator
    assert parsed.comparator_written is written
    assert parsed.number == (Decimal(number) if number is not None else None)
    assert parsed.unit == unit
    assert parsed.unit_class == unit_class


def test_seed_plan_percent_values(seed: LoadedDocument) -> None:
    plan = seed.document.projects[1].spending_plan
    assert plan is not None
    assert [c.percent_value for c in plan] == [Decimal(30), Decimal(60), Decimal(90), Decimal(100)]


# -- encodings and options -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("gb18030"), None),
        (lambda text: text.encode("gb18030"), "gb18030"),
        (lambda text: text.encode("gbk"), None),
        (lambda text: "\ufeff".encode() + text.replace("\n", "\r\n").encode(), None),
        (lambda text: text.replace("\n", "\r\n").encode("utf-16"), None),
    ],
    ids=["gb18030", "gb18030-option", "gbk", "utf8-bom-crlf", "utf16"],
)
def test_other_encodings_import_equal(
    seed: LoadedDocument, seed_bytes: bytes, encode: Any, encoding: str | None
) -> None:
    other = read(encode(seed_bytes.decode("utf-8")), encoding=encoding)
    assert other.document == seed.document
    assert other.source_map.items() == seed.source_map.items()


def test_budget_year_option_wins(seed_bytes: bytes) -> None:
    assert read(seed_bytes, budget_year=2024).document.budget_year == 2024


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2023年度工作计划；2022年底；2023年", 2023),
        ("2023年 2024年", 2024),
        ("无年份", None),
        # a table's title names its year, however often the goals cite older notices
        ("2024年祁东县部门整体支出绩效目标表\n根据2020年…2020年…2020年度方案", 2024),
        ("项目支出目标申报表\n(2025年度)\n鲁财科教(2024)67号；2024年", 2025),
    ],
)
def test_infer_budget_year(text: str, year: int | None) -> None:
    assert infer_budget_year(text) == year


# -- what the importer refuses -----------------------------------------------------------------


def _cut_lines(lines: list[str], count: int) -> bytes:
    return ("\n".join(lines[:count]) + "\n").encode()


@pytest.mark.parametrize("count", [470, 471, 543, 544, 545, 546, 549])
def test_seed_cut_off_inside_a_row_of_table_6(seed_lines: list[str], count: int) -> None:
    """Cut inside a row (or right after a heading): an error at a line of table 6, never a
    short project."""
    with pytest.raises(InputError) as caught:
        read(_cut_lines(seed_lines, count))
    error = caught.value
    assert error.path == "seed.txt"
    assert error.line is not None and 470 <= error.line <= count
    assert "截断" in error.detail.zh and "truncated" in error.detail.en


@pytest.mark.parametrize(
    ("count", "cut"),
    [
        (478, "header"),
        (506, "header"),
        (513, "indicators"),
        (520, "indicators"),
        (533, "indicators"),
        (540, "indicators"),  # the last row complete, no closing blank line (an editor's trim)
        (541, "indicators"),
        (547, "indicators"),
        (554, None),  # ends with its 满意度 row: nothing follows it in any template
        (555, None),
    ],
)
def test_seed_cut_after_a_whole_row_of_table_6(
    seed_lines: list[str], count: int, cut: str | None
) -> None:
    """Cut where a row ends: the rows are read, and table 6 says where the file ended it (S009
    reports it when what would follow is missing)."""
    loaded = read(_cut_lines(seed_lines, count))
    projects = loaded.document.projects
    assert len(projects) == 6
    reading = projects[5].reading
    assert (reading.cut if reading is not None else None) == cut
    assert all(p.reading is None or p.reading.cut is None for p in projects[:5])


@pytest.mark.parametrize(
    "marker", ["≤1.0万", "运行监测企业满意度", "_GoBack", "中小企业运行监测支出"]
)
def test_seed_cut_off_mid_line(seed_bytes: bytes, marker: str) -> None:
    cut = seed_bytes.index(marker.encode()) + 2  # inside a character where the marker is Chinese
    with pytest.raises(InputError) as caught:
        read(seed_bytes[:cut])
    assert caught.value.line is not None and caught.value.line >= 470


def test_seed_cut_between_tables_is_a_shorter_document(seed_lines: list[str]) -> None:
    """Cut exactly where a table ends, the document is whole: it has the tables before the cut."""
    loaded = read(_cut_lines(seed_lines, 557))
    assert len(loaded.document.projects) == 6


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", 1),
        (b"\n\n  \n\t\n", 1),
        ("只有一行说明文字。\n第二行\n".encode(), 1),
        (b"format: jxcheck/1\nkind: document\n", 1),
        ("\n\n\t项目\n\t值\n\n\n".encode(), 3),
        ("第二部分 预算项目绩效目标\n\n说明\n".encode(), 1),
    ],
)
def test_unreadable_input_names_a_line(data: bytes, line: int) -> None:
    with pytest.raises(InputError) as caught:
        read(data, name="bad.txt")
    assert caught.value.path == "bad.txt"
    assert caught.value.line == line
    assert str(caught.value).startswith(f"bad.txt:{line}: ")


@pytest.mark.parametrize("seed_value", range(8))
def test_random_bytes(seed_value: int) -> None:
    data = random.Random(seed_value).randbytes(4096)
    with pytest.raises(InputError):
        read(data, name="random.bin")


def test_row_longer_than_the_header(seed_lines: list[str]) -> None:
    """An indicator row with more cells than its header: the extra cell is kept as a label the
    importer could not read (S008 names it), at its line."""
    lines = list(seed_lines)
    lines.insert(540, "\t多出来的一列")  # after 依据 of T6 row 4, before its blank line
    loaded = read("\n".join(lines).encode())
    reading = loaded.document.projects[5].reading
    assert reading is not None
    assert [(u.label, u.value) for u in reading.unmapped] == [("表头之外的单元格", "多出来的一列")]
    assert line_of(loaded, "/projects/5/reading/unmapped/0") == 541


def test_unknown_value_column_is_read_and_named(seed_bytes: bytes) -> None:
    """An indicator header whose value column has a label we do not know: the table is read,
    the column named as unread (S008), and its values left unchecked — never a cascade."""
    text = seed_bytes.decode("utf-8").replace("\t指标值\n", "\t指标结果\n", 1)
    loaded = read(text.encode())
    project = loaded.document.projects[0]
    assert project.indicators[0].name == "不动产权登记项目"
    assert project.reading is not None
    (label,) = project.reading.unmapped
    assert (label.label, label.fields) == ("指标结果", ["indicators.value"])
    assert line_of(loaded, "/projects/0/reading/unmapped/0") == 60


def test_too_many_lines() -> None:
    data = ("第一部分\n一、总体绩效目标\n" + "x\n" * MAX_LINES).encode()
    with pytest.raises(InputError) as caught:
        read(data)
    assert caught.value.line == MAX_LINES + 1


_FUZZ_LINES = [
    "",
    " ",
    "\t",
    "\t ",
    "x",
    "\t一级指标",
    "\t二级指标",
    "\t三级指标",
    "\t指标值",
    "\t指标值确定依据",
    "\t产出指标",
    "\t≥95%",
    "\t项目编码",
    "\t项目名称",
    "\t预算数",
    "\t资金支出计划（%）",
    "\t3月底",
    "\t绩效目标",
    "\t1.目标",
    "\t单位：万元",
    "\t[bookmark: _GoBack]x",
    "第一部分",
    "第二部分",
    "一、总体绩效目标",
    "二、分项",
    "[bookmark: _Toc1]1.某项目绩效目标表",
    "1.某项目绩效目标表",
    "社会效益指标",
]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FUZZ_LINES), max_size=60), st.booleans())
def test_fuzz_only_input_errors(lines: list[str], newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline else "")
    try:
        result = parse_text(text, "fuzz.txt")
    except InputError as error:
        assert error.line is None or 1 <= error.line <= max(len(lines), 1) + 1
        return
    assert isinstance(result, TextImport)
    for pointer, location in result.source_map.items():
        assert location.line is not None and 1 <= location.line <= len(lines), pointer


# -- speed -----------------------------------------------------------------------------------


def _hostile_inputs(seed_bytes: bytes, lines: int) -> dict[str, bytes]:
    """Inputs of about `lines` lines in the shapes that make a careless importer quadratic."""
    text = seed_bytes.decode("utf-8")
    head = text[: text.index("\t一级指标")]
    header = "".join(
        f"\t{c}\n"
        for c in ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
    )
    row = "\ta\n\tb\n\tc\n\td\n\te\n\tf\n\n"
    body = text[text.index("[bookmark: _Toc_4_4_0000000004]") :]
    return {
        "many tables": (text + body * (lines // 940)).encode(),
        "many rows": (head + header + "\n" + row * (lines // 7) + "\n").encode(),
        "one wide row": ("\tx\n" * lines + "\n\n").encode(),
        "many paragraphs": ("第一部分\n一、x\n" + "段落文字\n" * lines).encode(),
        "huge cell": (
            head + header + "\n\ta\n" + "x\n\n" * (lines // 2) + "\tb\n" * 5 + "\n\n"
        ).encode(),
        "long lines": ("第一部分\n一、x\n" + ("长" * 3000 + "\n") * (lines // 100)).encode(),
    }


def _sniff_and_read(data: bytes) -> None:
    READER.sniff(InputFile("big.txt", data))
    with contextlib.suppress(InputError):
        read(data)


@pytest.mark.slow
@pytest.mark.parametrize(
    "shape",
    ["many tables", "many rows", "one wide row", "many paragraphs", "huge cell", "long lines"],
)
def test_hostile_input_grows_linearly(seed_bytes: bytes, shape: str) -> None:
    """Up to the importer's own bound (MAX_LINES): an eighth of the lines, then all of them."""
    large = MAX_LINES - 2000
    assert_linear(
        _sniff_and_read,
        _hostile_inputs(seed_bytes, large // 8)[shape],
        _hostile_inputs(seed_bytes, large)[shape],
        8,
        shape,
    )


# -- layout variants (domain.md §1, "Layouts seen elsewhere") ------------------------------------


def test_variant_unit_and_operator_columns() -> None:
    """计量单位 / 指标性质 columns, 绩效标准, 指标解释, 年度资金总额, 财政拨款, 其它资金, no plan."""
    loaded = read((DATA / "units_columns.txt").read_bytes())
    document = loaded.document
    assert document.budget_year == 2024
    assert document.department == "某某市人力资源和社会保障局"
    assert document.overview is not None
    assert [len(s.paragraphs) for s in document.overview.sections] == [1, 1, 1]
    (project,) = document.projects
    assert project.unit == "130102某某市人力资源和社会保障局"
    assert project.money_unit == "万元"
    assert project.code == "13010224P00000000001X"
    assert project.name == "职业技能培训补助"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        "250万",
        "200",
        "50",
    )
    assert project.budget_total == Decimal(250)
    assert project.purpose == "用于职业技能培训补贴"
    assert project.spending_plan is None
    assert project.goals == ["1.完成职业技能培训1200人次", "2.培训合格率不低于90%"]
    first, second = project.indicators[:2]
    assert (first.description, first.operator, first.value, first.unit, first.basis) == (
        "年度完成培训人次",
        "≥",
        "1200",
        "人次",
        "计划标准",
    )
    assert (first.parsed.comparator, first.parsed.number, first.parsed.unit) == ("≥", 1200, "人次")
    assert second.level1 == "产出指标" and second.operator == ">="
    assert (second.parsed.comparator, second.parsed.unit_class) == ("≥", "percent")
    assert line_of(loaded, "/projects/0/indicators/0/unit") == 50
    assert line_of(loaded, "/projects/0/indicators/0/operator") == 48
    assert line_of(loaded, "/projects/0/goals/1") == 31
    assert line_of(loaded, "/projects/0/spending_plan") is None


def test_variant_2021_cost_level1_and_units_in_names() -> None:
    """成本指标 as 一级, units in the 三级 name, 分值, 项目支出名称, 项目实施期, funding split."""
    loaded = read((DATA / "cost_level1.txt").read_bytes())
    document = loaded.document
    assert document.overview is None and document.department is None
    assert document.budget_year == 2024
    (project,) = document.projects
    assert project.heading == "1.营造林工程项目绩效目标表"
    assert project.unit == "130725某某县林业和草原局"
    assert project.name == "营造林工程"
    assert project.code == "13072524P00000000002Y"
    assert project.period == "2023年10月-2024年9月"
    budget = project.budget
    assert (budget.total, budget.fiscal, budget.other) == ("300", None, "20")  # annual, not 800
    assert [(s.label, s.amount) for s in budget.sources] == [
        ("中央资金", "150"),
        ("市级资金", "100"),
        ("区级资金", "30"),
    ]
    assert line_of(loaded, "/projects/0/budget/sources/1/label") == 23
    assert line_of(loaded, "/projects/0/budget/sources/1/amount") == 24
    assert project.spending_plan is None
    assert project.goals == ["（1）完成营造林80000亩；", "（2）苗木成活率达到85%以上。"]
    levels = [(i.level1, i.level2) for i in project.indicators]
    assert levels[2] == ("成本指标", "经济成本指标")
    assert levels[1] == ("产出指标", "质量指标")
    area = project.indicators[0]
    assert (area.name, area.value, area.score) == ("实施营造林总面积(亩)", "80000", "20")
    assert (area.parsed.number, area.parsed.unit, area.parsed.unit_class) == (80000, "亩", "area")
    assert project.indicators[2].parsed.unit_class == "unit_cost"
    assert [i.score for i in project.indicators] == ["20", "20", "20", "20", "10"]


def test_variant_vertical_budget_and_one_table() -> None:
    """Labels above values, 年度本级预算金额, 指标内容/目标值/指标值说明, a table in Part 1."""
    loaded = read((DATA / "vertical_budget.txt").read_bytes())
    document = loaded.document
    assert document.department == "某某区城市管理局"
    assert document.overview is not None
    sections = document.overview.sections
    assert sections[1].paragraphs == ["目标\t指标\t指标值", "道路清扫保洁\t保洁面积\t≥500万平方米"]
    assert sections[2].paragraphs == []
    (project,) = document.projects
    assert project.heading == "1.道路清扫保洁经费绩效目标表"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        "1200.00",
        "1200.00",
        "",
    )
    assert line_of(loaded, "/projects/0/budget/total") == 33
    assert project.spending_plan is not None
    assert [(c.label, c.percent) for c in project.spending_plan] == [
        ("一季度", "25%"),
        ("二季度", "50%"),
        ("三季度", "75%"),
        ("四季度", "100%"),
    ]
    assert project.goals == ["保障辖区主次干道清扫保洁，道路洁净率达到95%。"]
    first = project.indicators[0]
    assert (first.description, first.value, first.basis) == (
        "年度清扫保洁面积",
        ">=500万平方米",
        "\n作业合同",
    )
    assert first.parsed.comparator == "≥"
    assert line_of(loaded, "/projects/0/indicators/0/basis") == 65
    assert project.indicators[1].parsed.kind == "date"
    assert [i.level1 for i in project.indicators][:3] == ["产出指标"] * 3


def test_variant_header_synonyms_in_one_document() -> None:
    """项目编码 absent, 项目名称 inline (`项目名称：…`), 预算金额 and 其它资金, a ★ tag."""
    text = "\n".join(
        [
            "1.某项目绩效目标表",
            "\t项目名称：社区养老服务补贴",
            "\t单位：元",
            "",
            "\t★预算金额（元）",
            "\t80000",
            "\t其中：财政资金",
            "\t60000",
            "\t其它资金",
            "\t20000",
            "",
            "\t绩效目标",
            "\t为辖区老人提供助餐服务",
            "",
            "\t一级指标",
            "\t二级指标",
            "\t三级指标（必填）",
            "\t指标值",
            "",
            "\t产出指标",
            "\t数量指标",
            "\t服务人数",
            "\t≥200人",
            "",
            "",
        ]
    )
    text += "\n"
    (project,) = read(text.encode()).document.projects
    assert project.name == "社区养老服务补贴"
    assert project.money_unit == "元"
    assert (project.budget.total, project.budget.fiscal, project.budget.other) == (
        "80000",
        "60000",
        "20000",
    )
    assert project.budget_total == Decimal(80000)
    assert project.code is None
    assert project.goals == ["为辖区老人提供助餐服务"]
    assert project.indicators[0].basis == ""


# -- the label mapping on its own -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("其中：财政    资金", "财政资金"),
        ("资金支出计划（%）", "资金支出计划"),
        ("资金支出计划(%)", "资金支出计划"),
        ("三级指标（必填硬性指标）", "三级指标"),
        (" 预算数 ", "预算数"),
        ("项目名称：", "项目名称"),
        ("★三级指标", "三级指标"),
        ("\u3000项目\u3000编码", "项目编码"),
    ],
)
def test_normalize_label(raw: str, label: str) -> None:
    assert normalize_label(raw) == label


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("项目编码", "code"),
        ("项目名称", "name"),
        ("项目支出名称", "name"),
        ("预算数", "total"),
        ("年度资金总额", "total"),
        ("年度本级预算金额", "total"),
        ("项目总预算", "total"),
        ("其中：财政    资金", "fiscal"),
        ("财政拨款", "fiscal"),
        ("其他资金", "other"),
        ("其它资金", "other"),
        ("中央资金", "source"),
        ("省级资金", "source"),
        ("市级资金", "source"),
        ("县级资金", "source"),
        ("区级资金", "source"),
        ("中央补助安排", "source"),
        ("省级财政安排", "source"),
        ("县级财政拨款", "fiscal"),
        ("预算申报数", "total"),
        ("年度预算批复数", "total"),
        ("项目开始日期", "detail"),
        ("项目完成日期", "detail"),
        ("需要说明的其他问题", "detail"),
        ("其他需说明的问题", "detail"),
        ("项目分类", "detail"),
        ("项目单位", "unit"),
        ("中央补助", "source"),
        ("县级配套", "source"),
        ("银行贷款", "other"),
        ("年初预算数", "total"),
        ("建设地点", "detail"),
        ("建设规模", "detail"),
        ("投资规模", "total"),
        ("受益对象", "detail"),
        ("部门职能职责概述", "detail"),
        ("支出进度", "plan"),
        ("项目立项情况", "group"),
        ("项目总体情况", "detail"),  # an overview (basis, standard, use), not the goals
        ("项目责任人:", "detail"),
        ("归口科室", "detail"),
        ("业务股室", "detail"),
        ("项目概述(情况介绍)", "detail"),
        ("当年整体绩效目标", "goals"),
        ("整体绩效目标", "goals"),
        ("投入目标 (万元)", "group"),
        ("非税安排", "source"),
        ("政府债券", "source"),
        ("专项债券资金", "source"),
        ("区级支出预算总量", "total"),
        ("项目支出明细", "detail"),
        ("政府性基金拨款", "source"),
        ("项目实施方案", "detail"),
        ("资金情况\n(单位:万元)", "group"),
        ("预算执行率权重:", "detail"),
        ("资金用途", "purpose"),
        ("项目实施期", "period"),
        ("资金支出计划（%）", "plan"),
        ("绩效目标", "goals"),
        ("年度绩效目标", "goals"),
        ("预算规模及资金用途", "group"),
        ("用于日常工作中的差旅费支出", None),
        ("0.11", None),
    ],
)
def test_header_labels(label: str, field: str | None) -> None:
    found = header_label(label)
    assert (found[0] if found else None) == field


def test_annual_budget_outranks_project_total() -> None:
    assert header_label("年度资金总额") == ("total", 0)
    assert header_label("项目总预算") == ("total", 2)


@pytest.mark.parametrize(
    ("cells", "columns"),
    [
        (
            ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
            ("level1", "level2", "name", "description", "value", "basis"),
        ),
        (
            [
                "序号",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标解释",
                "指标性质",
                "指标值",
                "计量单位",
                "绩效标准",
                "分值",
            ],
            (
                None,
                "level1",
                "level2",
                "name",
                "description",
                "operator",
                "value",
                "unit",
                "basis",
                "score",
            ),
        ),
        (
            ["一级指标", "二级指标", "三级指标", "指标内容", "目标值", "评价标准", "计算符号"],
            ("level1", "level2", "name", "description", "value", "basis", "operator"),
        ),
        (["三级指标", "年度指标值", "指标值说明"], ("name", "value", "basis")),
        (
            ["一级指标", "二级指标", "三级指标", "三级指标值", "计分方法"],
            ("level1", "level2", "name", "value", "scoring"),
        ),
        (["一级指标", "二级指标", "指标名称", "计划值"], ("level1", "level2", "name", "value")),
        (
            ["一级", "二级", "三级", "年度数值", "备注"],
            ("level1", "level2", "name", "value", None),
        ),
        (
            ["一级指标", "二级指标", "具体指标", "比较符", "指标值", "上年实际值", "分值权重"],
            ("level1", "level2", "name", "operator", "value", "history", "score"),
        ),
        (
            ["一级指标", "二级指标", "考核内容", "目标值"],
            ("level1", "level2", "description", "value"),
        ),
        (
            ["一级指标*", "二级指标*", "三级指标*", "绩效指标性质*", "绩效指标值*", "绩效度量单位"],
            ("level1", "level2", "name", "operator", "value", "unit"),
        ),
        (
            ["一级指标", "二级指标", "三级指标", "指标解释", "指标说明及公式", "预期达到目标"],
            ("level1", "level2", "name", "description", "description", "value"),
        ),
        # a 一级 head we cannot read, left of the 二级 (a copy lost its first character)
        (["级指标", "二级指标", "三级指标", "指标值"], ("level1", "level2", "name", "value")),
        (["序号", "二级指标", "三级指标", "指标值"], (None, "level2", "name", "value")),
        (["项目编码", "13073022P00883610001N"], None),
        (["一级指标", "二级指标", "三级指标"], None),
    ],
)
def test_indicator_columns(cells: list[str], columns: tuple[str | None, ...] | None) -> None:
    assert indicator_columns(cells) == columns


@pytest.mark.parametrize(
    ("cell", "goals"),
    [
        ("1.完成登记", [("1.完成登记", 0)]),
        (
            "对符合条件的项目支持率达100%，提升技术水平",
            [("对符合条件的项目支持率达100%，提升技术水平", 0)],
        ),
        ("1.购置设备\n2.招商引资\n", [("1.购置设备", 0), ("2.招商引资", 1)]),
        ("目标1：完成A\n续写\n目标2：完成B", [("目标1：完成A\n续写", 0), ("目标2：完成B", 2)]),
        ("（1）甲；\n\n（2）乙。", [("（1）甲；", 0), ("（2）乙。", 2)]),
        ("完成A\n完成B", [("完成A", 0), ("完成B", 1)]),
        (" ", []),
    ],
)
def test_split_goals(cell: str, goals: list[tuple[str, int]]) -> None:
    assert split_goals(cell) == goals


def test_map_indicators_continues_merged_cells_only_downwards() -> None:
    columns = indicator_columns(["一级指标", "二级指标", "三级指标", "指标值"])
    assert columns is not None
    rows = [
        ["产出指标", "数量指标", "甲", "1项"],
        ["", "", "乙", "2项"],
        ["", "质量指标", "丙", "≥95%"],
        ["效益指标", "", "丁", "提升"],  # a new 一级 does not inherit the 二级 above
        ["", "", "", ""],  # an empty row is dropped
        ["一级指标", "二级指标", "三级指标", "指标值"],  # a repeated header is skipped
        ["", "", "戊", "是"],
    ]
    mapped = map_indicators(columns, rows)
    levels = [(i["level1"], i["level2"], i["name"]) for i in mapped.data["indicators"]]
    assert levels == [
        ("产出指标", "数量指标", "甲"),
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "质量指标", "丙"),
        ("效益指标", "", "丁"),
        ("效益指标", "", "戊"),
    ]
    assert mapped.refs["/indicators/1/level1"] == CellRef(0, 0)
    assert mapped.refs["/indicators/2/level2"] == CellRef(2, 1)
    assert mapped.refs["/indicators/1"] == CellRef(1, 2)
    assert mapped.refs["/indicators/4"] == CellRef(6, 2)


def test_value_split_into_one_column_per_place() -> None:
    """`区域目标值` over 新罗区 | 永定区 | … (a real 福建 transfer-payment table): the place columns
    are kept, none taken for the table's value, and no data cell falls outside the header."""
    rows = [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "区域目标值"],
        ["", "", "", "", "", "新罗区", "永定区", "上杭县"],
        ["", "产出指标", "数量指标", "补助县数量", "反映补助县数量", "2", "3", "1"],
    ]
    layout = indicator_layout(rows, 0)
    assert layout is not None
    assert [c.field for c in layout.columns] == [
        None,
        "level1",
        "level2",
        "name",
        "description",
        "extra",
        "extra",
        "extra",
    ]
    assert layout.rows == 2


def test_a_value_every_place_shares_is_the_rows_value() -> None:
    """One value column per township (real 福建 tables): where every place writes the same value
    it is the row's (checked as any value); where they differ the row has none of its own."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标方向", "笏石街道办", "埭头镇"],
        ["产出指标", "数量指标", "开展修复工程(个)", "≥", "1", "1"],
        ["", "时效指标", "项目开展率(%)", "≥", "100%", "90%"],
    ]
    layout = indicator_layout(rows, 0)
    assert layout is not None
    mapped = map_indicators(layout, rows[1:])
    first, second = mapped.data["indicators"]
    assert (first["value"], first["operator"]) == ("1", "≥")
    assert mapped.refs["/indicators/0/value"] == CellRef(0, 4)
    assert "value" not in second
    assert second["extra"] == {"笏石街道办": "100%", "埭头镇": "90%"}


def test_place_words_beside_amounts_are_funding_lines() -> None:
    """`中央 | 0 | 省级 | 7`: a funding split written with bare place words (as the exporter
    writes what a spanning 财政资金 label held); a place word beside no amount is no label."""
    rows = [
        ["项目名称", "雨露计划"],
        ["预算规模及资金用途", "预算数", "7", "其他资金", "0"],
        ["", "中央", "0", "省级", "7"],
        ["项目级次", "省级"],
    ]
    mapped = map_header(rows)
    assert mapped.data["budget"]["sources"] == [
        {"label": "中央", "amount": "0"},
        {"label": "省级", "amount": "7"},
    ]
    assert "purpose" not in mapped.data  # the row is the split, not 资金用途 continued
    assert mapped.data["reading"]["unmapped"] == [
        {"label": "项目级次", "fields": [], "value": "省级"}
    ]


def test_map_header_department_task_block() -> None:
    """财预〔2013〕53号's 部门整体支出绩效目标申报表: 年度主要任务 with its amounts, closed by
    金额合计 — the tasks are kept as details, the closing row is the table's budget, and no
    task's content is taken for a budget figure."""
    rows = [
        ["部门(单位)名称", "某馆"],
        ["年度 主要 任务", "任务名称", "主要内容", "年度预算金额(万元)"],
        ["", "", "", "小计", "市财政拨款", "其他资金"],
        ["", "日常运转", "在编人数30人。", "", "100.5", ""],
        ["", "陈列更新", "更新展面2505平方米", "", "20", ""],
        ["", "金额合计", "*", "120.5", "120.5", "0"],
        ["年度目标", "完成展览10个"],
    ]
    mapped = map_header(rows)
    assert mapped.data["budget"] == {"total": "120.5", "fiscal": "120.5", "other": "0"}
    assert mapped.data["money_unit"] == "万元"
    assert mapped.data["details"] == [
        {"label": "日常运转", "text": "在编人数30人。"},
        {"label": "陈列更新", "text": "更新展面2505平方米"},
    ]
    assert mapped.data["goals"] == ["完成展览10个"]
    assert mapped.refs["/budget/total"] == CellRef(5, 3)
    assert mapped.refs["/details/1/text"] == CellRef(4, 2)
    assert "reading" not in mapped.data


def test_map_header_a_label_closed_by_its_colon_takes_no_labelled_cell() -> None:
    """`政府性基金拨款: | 项目支出:77`: the first label's value is empty; the next cell is a
    label and value of its own, not the first one's amount."""
    rows = [
        ["部门名称", "某中心"],
        ["年度预算申请 (万元)", "资金总额:952.22"],
        ["", "政府性基金拨款:", "项目支出:77"],
    ]
    mapped = map_header(rows)
    assert mapped.data["budget"] == {"total": "952.22"}


def test_map_header_amount_labelled_in_its_own_cell() -> None:
    """`年度预算申请(万元) | 资金总额:952.22`: the amount carries its own label (the 湖南
    部门整体支出绩效目标表 writes each figure beside its label in one cell)."""
    rows = [
        ["部门名称", "某疾控中心"],
        ["年度预算申请 (万元)", "资金总额:952.22"],
        ["", "按收入性质分:952.22", "按支出性质分:952.22"],
        ["整体绩效目标", "完成免疫接种2万人次"],
    ]
    mapped = map_header(rows)
    assert mapped.data["budget"] == {"total": "952.22"}
    assert mapped.data["money_unit"] == "万元"
    assert mapped.refs["/budget/total"] == CellRef(1, 1)
    assert mapped.data["goals"] == ["完成免疫接种2万人次"]


def test_a_label_over_the_indicator_header_is_no_project_column() -> None:
    """`绩效目标 | 一级指标 | …` with that column empty below: a label over the table, not the
    goal column of a flat table (which would leave the project without its goal)."""
    text = "\n".join(
        [
            "部门整体支出项目绩效目标申报表",
            "\t部门(单位)名称",
            "\t某研究所",
            "",
            "\t资金总额",
            "\t222.45",
            "",
            "\t整体绩效目标",
            "\t培育食用菌品种2种",
            "",
            "\t绩效目标",
            "\t一级指标",
            "\t二级指标",
            "\t三级指标",
            "\t预期达到目标",
            "",
            "\t",
            "\t产出指标",
            "\t数量指标",
            "\t培育食用菌品种数量",
            "\t2种",
            "",
            "",
        ]
    )
    (project,) = parse_text(text, "t.txt").document.projects
    assert project.goals == ["培育食用菌品种2种"]
    assert [(i.name, i.value) for i in project.indicators] == [("培育食用菌品种数量", "2种")]


def test_a_tree_table_is_read_by_its_indentation() -> None:
    """A budget system's 批复表 printed as a tree: the unit, the project (with its amount), then
    一级, 二级 and each 三级 beside its value, told apart by leading spaces."""
    text = "\n".join(
        [
            "某中心2020年项目绩效目标批复表",
            "单位:元",
            "\t项目",
            "\t指标值",
            "\t绩效金额",
            "",
            "\t 某疾控中心",
            "\t",
            "\t",
            "",
            "\t  疫苗采购项目",
            "\t",
            "\t3000000",
            "",
            "\t   产出指标",
            "\t",
            "\t",
            "",
            "\t    时效指标(必填)",
            "\t",
            "\t",
            "",
            "\t     疫苗提供及时率",
            "\t100%",
            "\t",
            "",
            "\t   满意度指标",
            "\t",
            "\t",
            "",
            "\t    服务对象满意度指标",
            "\t",
            "\t",
            "",
            "\t     服务对象满意度",
            "\t≥90%",
            "\t",
            "",
            "",
        ]
    )
    result = parse_text(text, "t.txt")
    (project,) = result.document.projects
    assert (project.name.strip(), project.budget.total, project.money_unit) == (
        "疫苗采购项目",
        "3000000",
        "元",
    )
    assert [(i.level1, i.level2, i.name, i.value) for i in project.indicators] == [
        ("产出指标", "时效指标(必填)", "疫苗提供及时率", "100%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]
    location = result.source_map.get("/projects/0/indicators/1/value")
    assert location is not None and location.line == 36  # the cell of ≥90%


def test_a_list_of_projects_packing_their_targets_is_read_one_project_a_row() -> None:
    """A disclosure listing a department's projects, each 绩效目标 cell packing the goal and
    the indicators in bracketed sections; subtotal rows (unit, category) are no project."""
    goal_cell = [
        "\t【总体目标】",
        "保障机房设备运转",
        "【产出指标-数量指标】",
        "指标1:机柜数量(≥77台)",
    ]
    text = "\n".join(
        [
            "某局2025年项目绩效目标和指标",
            "\t单位编码",
            "\t单位名称(项目类别/支出项目)",
            "\t年度预算安排",
            "\t绩效目标",
            "",
            "\t037001",
            "\t某局",
            "\t27955180",
            "\t",
            "",
            "\t037001",
            "\t机房租赁服务采购项目",
            "\t1681680",
            *goal_cell,
            "",
            "",
        ]
    )
    (project,) = parse_text(text, "t.txt").document.projects
    assert (project.name, project.budget.total, project.goals) == (
        "机房租赁服务采购项目",
        "1681680",
        ["保障机房设备运转"],
    )
    assert [(i.level1, i.level2, i.name, i.value) for i in project.indicators] == [
        ("产出指标", "数量指标", "机柜数量", "≥77台")
    ]


@pytest.mark.parametrize(
    ("cost", "unit", "assumed"),
    [("<1681680元", "元", False), ("≤168.168万元", None, True), ("≤50万元", None, True)],
)
def test_a_table_stating_no_money_unit_takes_the_unit_a_cost_row_writes_its_total_in(
    cost: str, unit: str | None, assumed: bool
) -> None:
    """No unit anywhere but a cost row restating the total with one (1681680 | …<1681680元):
    the amounts are in that unit; otherwise they are read as 万元, and the reading says so."""
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "\t项目名称",
            "\t机房租赁",
            "",
            "\t资金总额",
            "\t1681680",
            "",
            "\t年度目标",
            "\t保障77个机柜运行",
            "",
            "\t一级指标",
            "\t二级指标",
            "\t三级指标",
            "\t指标值",
            "",
            "\t产出指标",
            "\t成本指标",
            "\t维护成本",
            f"\t{cost}",
            "",
            "",
        ]
    )
    (project,) = parse_text(text, "t.txt").document.projects
    assert project.money_unit == unit
    reading = project.reading
    assert (reading is not None and "money_unit" in reading.assumed) == assumed


@pytest.mark.parametrize("footer", ["项目责任人(签 字):", "区扶贫办审 核 意 见", "单位(盖  章)"])
def test_spaced_signature_rows_are_footers(footer: str) -> None:
    assert row_kind([footer, ""]) == "footer"


def test_map_header_seed_shape() -> None:
    rows = [
        ["471001怀来县工业和信息化局", "单位：万元"],
        ["项目编码", "13073022P00883610001N", "项目名称", "某项目"],
        ["预算规模及资金用途", "预算数", "0.11", "其中：财政    资金", "0.11", "其他资金", " "],
        ["", "用于某项目"],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"],
        ["", " 30", " 60", " 90", "100%"],
        ["绩效目标", "1.完成登记"],
    ]
    mapped = map_header(rows)
    assert mapped.data == {
        "unit": "471001怀来县工业和信息化局",
        "money_unit": "万元",
        "code": "13073022P00883610001N",
        "name": "某项目",
        "budget": {"total": "0.11", "fiscal": "0.11", "other": " "},
        "purpose": "用于某项目",
        "spending_plan": [
            {"label": "3月底", "percent": " 30"},
            {"label": "6月底", "percent": " 60"},
            {"label": "10月底", "percent": " 90"},
            {"label": "12月底", "percent": "100%"},
        ],
        "goals": ["1.完成登记"],
    }
    assert mapped.refs["/purpose"] == CellRef(3, 1)
    assert mapped.refs["/spending_plan/3/percent"] == CellRef(5, 4)
    assert mapped.refs["/goals/0"] == CellRef(6, 1, 0)
    assert mapped.refs["/budget/fiscal"] == CellRef(2, 4)


def test_reader_text_is_what_the_user_wrote(seed: LoadedDocument) -> None:
    """No tab prefix or bookmark survives in any string of the model."""
    for pointer, value in _leaves(seed.document.model_dump()):
        if isinstance(value, str) and "/export_artefacts/" not in pointer:
            assert "\t" not in value and not re.search(r"\[bookmark:", value), pointer
