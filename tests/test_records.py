"""The records reader (YAML/JSON), reader selection, and the YAML writer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.inputs import InputFile, InvalidRecord, LoadedDocument, ReadOptions, ReadResult
from checker.model import (
    Budget,
    Checkpoint,
    Document,
    Indicator,
    Overview,
    Project,
    ProjectRecord,
    Section,
)
from checker.readers import pick_reader
from checker.readers.records import RecordsReader
from checker.yamlwrite import dump, dump_stream, project_record, record_data

from .conftest import SEED

READER = RecordsReader()


def read(name: str, text: str | bytes, **options: Any) -> list[ReadResult]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(READER.read(InputFile(name, data), ReadOptions(**options)))


def loaded(results: list[ReadResult]) -> list[LoadedDocument]:
    assert all(isinstance(r, LoadedDocument) for r in results), results
    return [r for r in results if isinstance(r, LoadedDocument)]


def line_of(text: str, marker: str) -> int:
    """The 1-based line where `marker` first appears."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(marker)


# --- shapes a file may take -------------------------------------------------------------------

ONE_PROJECT = """\
format: jxcheck/1
kind: project
code: P1
name: 项目一
"""

ONE_DOCUMENT = """\
budget_year: 2023
projects:
  - code: P1
  - code: P2
"""

LIST_MIXED = """\
- code: P1
- code: P2
- projects:
    - code: P3
- code: P4
"""

STREAM = """\
code: P1
---
code: P2
---
projects:
  - code: P3
  - code: P4
"""

JSON_LIST = """\
[
  {"code": "P1"},
  {"projects": [{"code": "P2"}, {"code": "P3"}]}
]
"""

#: (id, file name, text, [(pointer, project pointers, standalone, codes)])
SHAPES: list[tuple[str, str, str, list[tuple[str, list[str], bool, list[str]]]]] = [
    ("one project", "p.yaml", ONE_PROJECT, [("", [""], True, ["P1"])]),
    (
        "one document",
        "d.yaml",
        ONE_DOCUMENT,
        [("", ["/projects/0", "/projects/1"], False, ["P1", "P2"])],
    ),
    (
        "a list of projects and a document",
        "l.yaml",
        LIST_MIXED,
        [
            ("", ["/0", "/1"], True, ["P1", "P2"]),
            ("/2", ["/2/projects/0"], False, ["P3"]),
            ("", ["/3"], True, ["P4"]),
        ],
    ),
    (
        "a multi-document stream",
        "s.yaml",
        STREAM,
        [
            ("/#0", ["/#0", "/#1"], True, ["P1", "P2"]),
            ("/#2", ["/#2/projects/0", "/#2/projects/1"], False, ["P3", "P4"]),
        ],
    ),
    (
        "a JSON list",
        "j.json",
        JSON_LIST,
        [
            ("", ["/0"], True, ["P1"]),
            ("/1", ["/1/projects/0", "/1/projects/1"], False, ["P2", "P3"]),
        ],
    ),
    (
        "a stream with one document and a stray separator",
        "t.yaml",
        "---\n" + ONE_DOCUMENT + "---\n",
        [("", ["/projects/0", "/projects/1"], False, ["P1", "P2"])],
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [pytest.param(n, t, e, id=case) for case, n, t, e in SHAPES],
)
def test_shapes(
    name: str, text: str, expected: list[tuple[str, list[str], bool, list[str]]]
) -> None:
    docs = loaded(read(name, text))
    got = [
        (d.pointer, d.project_pointers, d.standalone, [p.code for p in d.document.projects])
        for d in docs
    ]
    assert got == expected
    for doc in docs:
        assert doc.reader == "records"
        assert doc.file == name
        for pointer, project in zip(doc.project_pointers, doc.document.projects, strict=True):
            # every project pointer resolves to the line holding that project's code
            assert doc.locate(pointer + "/code").line == line_of(text, f"{project.code}")


def test_bare_projects_keep_their_budget_year() -> None:
    text = "- {code: P1, budget_year: 2023}\n- {code: P2, budget_year: 2023}\n- {code: P3}\n"
    docs = loaded(read("y.yaml", text))
    assert [(d.document.budget_year, len(d.document.projects)) for d in docs] == [
        (2023, 2),
        (None, 1),
    ]


def test_budget_year_option_fills_in_only_what_is_missing() -> None:
    docs = loaded(
        read("y.yaml", "- {code: P1}\n- projects: []\n  budget_year: 2022\n", budget_year=2024)
    )
    assert [d.document.budget_year for d in docs] == [2024, 2022]


# --- pointers map to lines ------------------------------------------------------------------

DOC_YAML = """\
budget_year: 2023
projects:
  - code: P1
    indicators:
      - name: 登记项目
        value: 1项
  - code: P2
    indicators:
      - name: 满意度
        value: ≥95%
      - name: 成本
        value: ≤1.0万
"""


def _as_json(text: str, indent: int | None) -> str:
    return json.dumps(yaml.safe_load(text), ensure_ascii=False, indent=indent)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("d.yaml", DOC_YAML),
        ("d.json", _as_json(DOC_YAML, 2)),
        ("d.min.json", _as_json(DOC_YAML, None)),
    ],
)
def test_a_finding_pointer_maps_to_the_right_line(name: str, text: str) -> None:
    (doc,) = loaded(read(name, text))
    pointer = doc.project_pointer(1) + "/indicators/1/value"
    assert pointer == "/projects/1/indicators/1/value"
    assert doc.locate(pointer).line == line_of(text, "≤1.0万")
    assert doc.locate(doc.project_pointer(0) + "/indicators/0/name").line == line_of(
        text, "登记项目"
    )
    # a pointer with no node falls back to its nearest located ancestor
    indicators = doc.locate("/projects/1/indicators")
    assert doc.locate("/projects/1/indicators/9/value") == indicators


def test_pointers_into_a_stream_resolve_per_yaml_document() -> None:
    (first, second) = loaded(read("s.yaml", STREAM))
    assert first.locate("/#1/code").line == 3
    assert second.locate("/#2/projects/1/code").line == 7
    assert second.locate("/#2/projects/1/missing").line == 7
    assert second.locate("/#9/code").line is None


# --- invalid records ----------------------------------------------------------------------------

INVALID_YAML = """\
- code: P1
  name: 项目一
- code: P2
  budget:
    totl: 1
  indicators:
    - 产出指标
- projects:
    - code: P3
      goals: 完成
"""


def test_schema_violations_carry_pointer_line_and_both_languages() -> None:
    results = read("bad.yaml", INVALID_YAML)
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["LoadedDocument", "InvalidRecord", "InvalidRecord"]
    bad_project = results[1]
    assert isinstance(bad_project, InvalidRecord)
    assert bad_project.pointer == "/1"
    assert bad_project.project_code == "P2"
    assert bad_project.location.line == 3
    got = [(v.pointer, v.location.line) for v in bad_project.violations]
    assert got == [("/1/budget/totl", 5), ("/1/indicators/0", 7)]
    assert "totl" in bad_project.violations[0].message.zh
    assert "did you mean 'total'" in bad_project.violations[0].message.en
    bad_document = results[2]
    assert isinstance(bad_document, InvalidRecord)
    assert [(v.pointer, v.location.line) for v in bad_document.violations] == [
        ("/2/projects/0/goals", 10)
    ]


def test_schema_violations_in_json_have_lines() -> None:
    text = '{\n  "projects": [\n    {\n      "code": 7\n    }\n  ]\n}\n'
    (invalid,) = read("bad.json", text)
    assert isinstance(invalid, InvalidRecord)
    assert [(v.pointer, v.location.line) for v in invalid.violations] == [("/projects/0/code", 4)]


def test_what_the_schema_lets_through_the_model_still_reports() -> None:
    (invalid,) = read("f.yaml", "budget_year: 2023.0\nprojects: []\n")
    assert isinstance(invalid, InvalidRecord)
    assert [(v.pointer, v.location.line) for v in invalid.violations] == [("/budget_year", 1)]


def test_a_scalar_in_a_list_is_an_invalid_record() -> None:
    results = read("l.yaml", "- code: P1\n- 42\n")
    assert isinstance(results[1], InvalidRecord)
    assert results[1].violations[0].location.line == 2


# --- files that are not records ---------------------------------------------------------------

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

#: (id, name, bytes, line, words in the message)
BAD_FILES: list[tuple[str, str, bytes, int | None, str]] = [
    ("empty", "e.yaml", b"", None, "文件是空的"),
    ("blank", "e.yaml", b"\n  \n", None, "文件是空的"),
    ("only comments", "c.yaml", b"# nothing\n", None, "没有记录"),
    ("null document", "n.yaml", b"null\n", None, "没有记录"),
    ("a scalar", "s.yaml", b"\n\nhello\n", 3, "不是记录"),
    ("an empty list", "l.json", b"[]", 1, "空列表"),
    ("syntax error", "m.yaml", b"projects:\n  - code: P1\n    name: a: b\n", 3, "YAML 语法错误"),
    ("tab indentation", "m.yaml", b"projects:\n\t- code: P1\n", 2, "YAML 语法错误"),
    ("duplicate key", "d.yaml", b"code: P1\nname: a\ncode: P2\n", 3, "重复的键"),
    ("alias bomb", "b.yaml", BOMB.encode(), None, "别名"),
    ("python tag", "t.yaml", b"code: !!python/object/apply:os.system ['true']\n", 1, "标签"),
    ("deep nesting", "deep.json", b"[" * 5000 + b"]" * 5000, 1, "嵌套"),
    ("NUL bytes", "z.yaml", b"code: P1\n\x00\x00", 2, "NUL"),
    ("undecodable", "u.yaml", b"code: P1\nname: \xff\xfe\xfd\x80\n", 2, "编码"),
]


@pytest.mark.parametrize(
    ("name", "data", "line", "words"),
    [pytest.param(n, d, ln, w, id=case) for case, n, d, ln, w in BAD_FILES],
)
def test_bad_files_are_input_errors(name: str, data: bytes, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read(name, data)
    error = caught.value
    assert error.path == name
    if line is not None:
        assert error.line == line
    assert words in error.detail.zh
    assert error.detail.en and error.detail.en != error.detail.zh
    assert "\n" not in error.render("zh")


def test_gb18030_and_utf16_records_are_decoded() -> None:
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        (doc,) = loaded(read("g.yaml", ONE_PROJECT.encode(encoding)))
        assert doc.document.projects[0].name == "项目一"


def test_encoding_option_overrides_detection() -> None:
    with pytest.raises(InputError, match="ascii"):
        read("g.yaml", ONE_PROJECT, encoding="ascii")


def test_json_surrogate_pairs_are_read() -> None:
    (doc,) = loaded(read("e.json", '{"code": "\\ud83d\\ude00", "name": "a\\\\ud83d"}'))
    assert doc.document.projects[0].code == "😀"
    assert doc.document.projects[0].name == "a\\ud83d"


# --- sniffing and picking a reader ------------------------------------------------------------

SNIFF: list[tuple[str, str, bytes, str]] = [
    ("format line", "r.yaml", b"format: jxcheck/1\n", "format"),
    ("format in json without suffix", "r.txt", b'{"format": "jxcheck/1"}', "format"),
    ("record keys", "r.yml", b"projects:\n  - code: X\n", "keys"),
    ("record keys in a list", "r.txt", b"- code: X\n  name: y\n", "keys"),
    ("json keys", "r.json", b'[{"indicators": []}]', "keys"),
    ("yaml suffix only", "r.yaml", b"rules: {}\n", "suffix"),
    ("empty yaml", "r.yaml", b"", "suffix"),
    ("prose", "r.txt", "第一部分 部门整体绩效目标\n".encode(), "none"),
    ("text export", "r.txt", "\t项目编码\n\tX\n1.项目绩效目标表\n".encode(), "none"),
    ("text export named yaml", "r.yaml", "\t项目名称\n\tname: x\n绩效目标表\n".encode(), "none"),
    ("binary", "r.bin", bytes(range(256)), "none"),
]


@pytest.mark.parametrize(
    ("name", "data", "level"),
    [pytest.param(n, d, lvl, id=case) for case, n, d, lvl in SNIFF],
)
def test_sniff(name: str, data: bytes, level: str) -> None:
    score = READER.sniff(InputFile(name, data))
    if level == "none":
        assert score == 0
    elif level == "suffix":
        assert 0 < score < 50
    elif level == "keys":
        assert 50 <= score < 90
    else:
        assert score >= 90


def test_the_seed_text_export_is_not_claimed() -> None:
    data = SEED.read_bytes()
    assert READER.sniff(InputFile("seed.txt", data)) == 0
    assert READER.sniff(InputFile("seed.yaml", data)) == 0
    assert READER.sniff(InputFile("seed.txt", data.decode("utf-8").encode("gb18030"))) == 0


@dataclass
class FakeReader:
    name: str
    score: int
    suffixes: tuple[str, ...] = ()
    description: str = ""

    def sniff(self, file: InputFile) -> int:
        return self.score

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]:
        return []


@pytest.mark.parametrize(
    ("readers", "expected"),
    [
        ([FakeReader("a", 10), FakeReader("b", 30)], "b"),
        ([FakeReader("a", 30), FakeReader("b", 30, (".yaml",))], "b"),
        ([FakeReader("a", 30, (".yaml",)), FakeReader("b", 30, (".yaml",))], "a"),
        ([FakeReader("a", 0, (".yaml",)), FakeReader("b", 1)], "b"),
    ],
)
def test_pick_reader(readers: list[FakeReader], expected: str) -> None:
    assert pick_reader(InputFile("x.yaml", b""), readers).name == expected


def test_no_reader_is_an_unsupported_file() -> None:
    with pytest.raises(InputError, match="不支持的文件") as caught:
        pick_reader(InputFile("x.bin", b"\x00"), [FakeReader("a", 0)])
    assert "unsupported file" in caught.value.detail.en


def test_builtin_plugin_registers_every_reader() -> None:
    from checker.readers.builtin import register_readers

    assert [r.name for r in register_readers()] == ["records", "text-export", "docx", "xlsx"]


# --- writing YAML ----------------------------------------------------------------------------


def _sample() -> Document:
    return Document(
        budget_year=2023,
        department="怀来县工业和信息化局",
        overview=Overview(
            sections=[Section(number="一", title="总体绩效目标", paragraphs=["第一行\n第二行"])]
        ),
        projects=[
            Project(
                code="13073022P00883610001N",
                name="怀财预批【2022】66号  土地经费",
                budget=Budget(total="0.11", fiscal="0.11", other=" "),
                spending_plan=[Checkpoint(label="3月底", percent=" 30")],
                goals=["1.完成不动产权登记"],
                indicators=[
                    Indicator(level1="产出指标", name="登记项目", value="1项", basis="\n依据"),
                    Indicator(level1="效益指标", value="yes"),
                ],
            )
        ],
    )


def test_yaml_is_readable() -> None:
    text = dump(_sample(), "examples/seed.txt")
    assert text.startswith("# 由 jxcheck 从 seed.txt 生成 / generated by jxcheck from seed.txt\n")
    assert "怀来县工业和信息化局" in text and "\\u" not in text
    assert "null" not in text and "[]" not in text and "{}" not in text
    assert "description:" not in text  # empty at its default
    assert "total: '0.11'" in text  # would read as a number
    assert "value: 'yes'" in text  # would read as a boolean
    assert "- |-\n          第一行\n          第二行\n" in text  # a block literal
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["format", "kind", "budget_year", "department", "overview", "projects"]
    assert text == dump(_sample(), "examples/seed.txt")  # deterministic
    assert "\r" not in text


def test_project_record_leads_with_its_header() -> None:
    record = project_record(_sample(), _sample().projects[0])
    assert list(record_data(record))[:4] == ["format", "kind", "budget_year", "code"]
    (doc,) = loaded(read("p.yaml", dump(record)))
    assert doc.document.projects == _sample().projects
    assert doc.document.budget_year == 2023


def test_a_stream_reads_back_as_its_documents() -> None:
    record = project_record(_sample(), _sample().projects[0])
    text = dump_stream([(_sample(), "a.txt"), (record, "b.txt")])
    docs = loaded(read("s.yaml", text))
    assert [d.document for d in docs] == [
        _sample(),
        Document(budget_year=2023, projects=_sample().projects),
    ]


def test_round_trip_of_a_model_that_has_parsed_forms_cached() -> None:
    document = _sample()
    assert document.projects[0].budget_total is not None  # fills the cached property
    (doc,) = loaded(read("r.yaml", dump(document)))
    assert doc.document == document
    assert ProjectRecord.model_validate(record_data(project_record(document, document.projects[0])))


TEXT = st.text(max_size=20)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    paragraphs=st.lists(TEXT, max_size=3),
    name=TEXT,
    total=st.one_of(st.none(), TEXT),
    value=TEXT,
)
def test_round_trip_of_any_text(
    paragraphs: list[str], name: str, total: str | None, value: str
) -> None:
    document = Document(
        overview=Overview(sections=[Section(number="一", title=name, paragraphs=paragraphs)]),
        projects=[
            Project(
                name=name,
                budget=Budget(total=total),
                goals=paragraphs,
                indicators=[Indicator(name=name, value=value, basis=total or "")],
            )
        ],
    )
    (doc,) = loaded(read("r.yaml", dump(document, "x.txt")))
    assert doc.document == document
