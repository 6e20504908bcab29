"""Property-based tests: whatever a department sends, nothing crashes and nothing goes missing.

Three properties, each over generated inputs (hypothesis):

- **Records never crash a rule or the engine.** Project and document records are generated
  from the shipped JSON Schemas (`hypothesis-jsonschema`) and from the example document's real
  tables with their text fields replaced by the vocabulary rules look at (comparators, units,
  plan labels, indicator levels, 发文字号 …), then some are made slightly invalid (a wrong type,
  an unknown key, a missing required key, a scalar where a mapping belongs). Each is written as
  YAML or JSON and checked through `checker.api.check` with an `InputFile`, under a policy that
  turns every rule on. A schema-valid record gives no S000, S001 or X001; an invalid one gives
  S001 and nothing else; no exception escapes.
- **Bytes never crash a reader.** Arbitrary bytes, text in several encodings, line soup built
  from the text export's vocabulary, and damaged copies of the office fixtures go to every
  registered reader: `sniff` returns a number, `read` returns results or raises `InputError`.
  Through the engine such a file ends as a checked file or as exactly one S000 finding.
- **Policy YAML never crashes the policy loader.** Arbitrary text, data shaped by the policy
  schema, and near-miss policies (real keys, rule ids and severities in odd places) end in a
  resolved policy, a `ConfigError` or a `UsageError`, never another exception.

Bugs these properties found are kept as explicit examples (`REGRESSIONS`, `@example`), so the
derandomized CI run always tries them.

Examples per test: the `ci` profile (the default: Hypothesis's own `ci` settings, derandomized,
60 examples, some tests scaled) runs the whole module in about 25 seconds on a 2-core machine;
`HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py -p no:cacheprovider` runs the
long profile (a hundred times more examples, fresh ones each run; about 45 minutes).
See SECURITY.md.
"""

from __future__ import annotations

import copy
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator
from jsonschema.validators import extend

from checker.api import check
from checker.errors import ConfigError, InputError, UsageError
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.plugins import Registry, load_registry
from checker.policy import load_policy
from checker.reporting import Report

from .conftest import ROOT, SEED

# --- profiles ------------------------------------------------------------------------------------

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
#: `ci` (the default): Hypothesis's own `ci` settings (derandomized, so a red build is
#: reproducible; no example database) with a bounded number of examples. Not re-registered
#: under that name, so no other test module's settings change.
CI = settings(settings.get_profile("ci"), max_examples=60, suppress_health_check=_SLOW_OK)
#: `long`: a hundred times more examples, fresh random ones on every run.
LONG = settings(max_examples=6000, deadline=None, derandomize=False, suppress_health_check=_SLOW_OK)
settings.register_profile("long", LONG)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def profile(scale: float = 1.0) -> settings:
    """The chosen profile, with `scale` times its examples (slow properties take fewer)."""
    base = LONG if PROFILE == "long" else CI
    return settings(base, max_examples=max(10, int(base.max_examples * scale)))


# --- shared inputs -------------------------------------------------------------------------------

SCHEMAS = ROOT / "checker" / "schemas"
OFFICE = Path(__file__).parent / "data" / "office"


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def _python_int(checker: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


#: JSON Schema counts `2023.0` as an integer; the record model (strict) does not, and reports
#: such a value as S001 with its own message. The oracle here takes the model's side.
_STRICT_INTEGERS = extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _python_int),
)


@cache
def schema_validator(name: str) -> Draft202012Validator:
    validator: Draft202012Validator = _STRICT_INTEGERS(schema(name))
    return validator


@cache
def registry() -> Registry:
    return load_registry()


@cache
def policy_folder() -> Path:
    """A scratch folder for the policies these tests write (one per session)."""
    return Path(tempfile.mkdtemp(prefix="jxcheck-properties-"))


@cache
def every_rule_policy() -> Path:
    """The provincial policy with the two rules that are off by default turned on."""
    path = policy_folder() / "every-rule.yaml"
    path.write_text(
        "name: every-rule\n"
        "extends: hebei\n"
        "severity: {B006: info, P004: warning}\n"
        "params:\n"
        "  B006:\n"
        "    bounds: {项: {min: 1, max: 1000000000}, 次: {min: 100}, 个: {max: 5000}, 人: {max: 2000}}\n"
        "  P004:\n"
        "    minimums: {6月底: 50, 10月底: 80}\n",
        encoding="utf-8",
    )
    return path


@cache
def seed_document() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED.with_suffix(".yaml").read_text(encoding="utf-8"))
    return data


# Text the rules look at: comparators, numbers, units, plan labels, levels, bases, notices.
FRAGMENTS = (
    "≥", "≤", ">=", "<=", "＞", "＜", "≧", "≦", "=", "＝", "<", ">", "不低于", "不高于",
    "0", "1", "3", "30", "60", "95", "100", "101", "-5", "0.11", "1.5e3", "１００", "Infinity",
    "%", "％", "万元", "元", "亿元", "项", "个", "次", "人", "天", "月", "年", "亩", "km",
    "以上", "以下", "左右", "达到", "提升", "有所提升", "逐步改善", "良好", "较好", "是", "否",
    "3月底", "6月底", "10月底", "12月底", "年底", "全年", "2023年", "2023年12月31日前", "第四季度",
    "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "效益指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "满意度指标", "服务对象满意度指标", "社会公众满意度", "预算执行率", "资金到位率",
    "2023年度工作计划", "上年历史经验", "行业标准", "实际完成情况", "审计结果", "验收报告",
    "怀财预批【2022】66号", "冀财建〔2022〕12号", "[2022]", "〔2023〕", "关于下达", "的通知",
    "绩效目标表", "13073023P00017010002Q", "471001", "471001怀来县工业和信息化局", "怀来县",
    "[bookmark: _GoBack]", "**", "(≥**个)", "(必填)", "★", "1.", "2、", "（一）", "一、",
    " ", "  ", "\t", "\u3000", "\n", "，", "。", "；", "：", "、", "“", "”",
)  # fmt: skip

words = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=7).map(
    "".join
)
numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
amounts = st.one_of(st.none(), words, numbers)
#: JSON pointers as a record may hold them (an export artefact's cell): real, odd, hostile.
pointers = st.one_of(
    st.lists(
        st.one_of(
            st.sampled_from(["indicators", "goals", "spending_plan", "value", "name", "budget"]),
            st.sampled_from(["0", "1", "3", "99", "-1", "0³", "١", "①", "00", "~0", "~1", "#0"]),
            st.text(max_size=3),
        ),
        max_size=4,
    ).map(lambda tokens: "".join("/" + t for t in tokens)),
    words,
)


# --- records ---------------------------------------------------------------------------------------


def _replace(
    draw: st.DrawFn, data: dict[str, Any], key: str, values: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        data[key] = draw(values)


@st.composite
def seed_projects(draw: st.DrawFn) -> dict[str, Any]:
    """One of the example document's ten tables with its text replaced here and there."""
    project: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(seed_document()["projects"])))
    project = {k: v for k, v in project.items() if v is not None}
    for key in ("heading", "unit", "money_unit", "code", "name", "purpose"):
        _replace(draw, project, key, words)
    budget = project.setdefault("budget", {})
    for key in ("total", "fiscal", "other"):
        _replace(draw, budget, key, amounts)
    if draw(st.booleans()):
        project["spending_plan"] = draw(
            st.lists(st.fixed_dictionaries({"label": words, "percent": amounts}), max_size=6)
        )
    if draw(st.booleans()):
        project["goals"] = draw(st.lists(words, max_size=4))
    rows = project.get("indicators", [])
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))[: draw(st.integers(0, len(rows)))]
    for row in rows:
        for key in ("level1", "level2", "name", "description", "value", "basis"):
            _replace(draw, row, key, words)
    project["indicators"] = list(rows)
    if draw(st.booleans()):
        project["export_artefacts"] = draw(
            st.lists(st.fixed_dictionaries({"pointer": pointers, "text": words}), max_size=2)
        )
    return project


@st.composite
def seed_documents(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(seed_document())
    document["projects"] = draw(st.lists(seed_projects(), min_size=0, max_size=3))
    _replace(draw, document, "department", st.one_of(st.none(), words))
    _replace(draw, document, "budget_year", st.one_of(st.none(), st.integers(-5, 10**6)))
    sections = document["overview"]["sections"]
    for section in sections:
        _replace(draw, section, "paragraphs", st.lists(words, max_size=4))
    if draw(st.booleans()):
        document["overview"]["sections"] = draw(st.permutations(sections))[:2]
    return document


def as_project_record(project: dict[str, Any], year: int | None) -> dict[str, Any]:
    head: dict[str, Any] = {"format": "jxcheck/1", "kind": "project"}
    if year is not None:
        head["budget_year"] = year
    return {**head, **project}


def _any_value() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), numbers, words, st.lists(words, max_size=2), st.just({"x": 1})
    )


def _containers(value: Any) -> list[Any]:
    """Every mapping and list inside `value`, itself first."""
    found: list[Any] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            found.append(current)
            stack.extend(current)
    return found


@st.composite
def slightly_invalid(draw: st.DrawFn, record: dict[str, Any]) -> dict[str, Any]:
    """The record with one or two small mistakes somewhere inside it."""
    record = copy.deepcopy(record)
    for _ in range(draw(st.integers(1, 2))):
        target = draw(st.sampled_from(_containers(record)))
        mistake = draw(st.sampled_from(["retype", "unknown key", "drop", "scalar item"]))
        if isinstance(target, dict) and target and mistake in ("retype", "drop"):
            key = draw(st.sampled_from(sorted(target)))
            if mistake == "drop":
                del target[key]
            else:
                target[key] = draw(_any_value())
        elif isinstance(target, dict):
            target[draw(st.sampled_from(["totl", "备注", "indicator", "Code", ""]))] = draw(
                _any_value()
            )
        elif target:
            index = draw(st.integers(0, len(target) - 1))
            target[index] = draw(_any_value())
        else:
            target.append(draw(_any_value()))
    return record


def schema_records() -> st.SearchStrategy[dict[str, Any]]:
    """Records generated from the shipped JSON Schemas alone (any text, any shape allowed)."""
    return st.one_of(from_schema(schema("project")), from_schema(schema("document")))


def realistic_records() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        seed_documents(),
        st.builds(
            as_project_record, seed_projects(), st.one_of(st.none(), st.integers(1990, 2100))
        ),
    )


def serialize(record: Any, how: str) -> tuple[str, bytes]:
    if how == "json":
        return "record.json", json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
    if how == "json-ascii":
        return "record.json", json.dumps(record).encode("ascii")
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    return "record.yaml", text.encode("utf-8")


def kind_of(record: dict[str, Any]) -> str:
    return "document" if "projects" in record or record.get("kind") == "document" else "project"


def schema_valid(record: Any) -> bool:
    return isinstance(record, dict) and schema_validator(kind_of(record)).is_valid(record)


def run_check(record: Any, how: str) -> Report:
    name, data = serialize(record, how)
    report = check([InputFile(name, data)], every_rule_policy(), registry=registry())
    assert [f.file for f in report.files] == [name]
    return report


def assert_no_crash(report: Report) -> None:
    crashes = [f"{f.rule}: {f.message.en}" for f in report.findings if f.rule == "X001"]
    assert crashes == [], crashes


SERIALIZATIONS = st.sampled_from(["yaml", "json", "json-ascii"])


#: Regressions: records that once crashed a rule or were refused (kept as explicit examples).
REGRESSIONS: list[tuple[dict[str, Any], str]] = [
    (  # N007 on an artefact pointer with a superscript digit: `int("0³")` raised (X001)
        as_project_record(
            {"name": "项目", "export_artefacts": [{"pointer": "/goals/0³", "text": "x"}]}, 2023
        ),
        "yaml",
    ),
    (  # DEL and C1 controls are valid in JSON text but not in YAML: the file was S000
        as_project_record({"name": "项目\x7f名称\x85\x9f\ufffe", "goals": ["\x80"]}, None),
        "json",
    ),
]


def with_regressions(test: Callable[..., None]) -> Callable[..., None]:
    for record, how in REGRESSIONS:
        test = example(record=record, how=how)(test)
    return test


@pytest.mark.slow
@with_regressions
@profile(2)
@given(record=st.one_of(realistic_records(), schema_records()), how=SERIALIZATIONS)
def test_valid_records_never_crash_a_rule(record: dict[str, Any], how: str) -> None:
    assume(schema_valid(record))
    report = run_check(record, how)
    assert_no_crash(report)
    unexpected = [
        f"{f.rule} {f.pointer}: {f.message.en}"
        for f in report.findings
        if f.rule in ("S000", "S001")
    ]
    assert unexpected == [], unexpected
    assert report.files[0].status == "checked"
    assert all(r.status in ("passed", "failed") for r in report.records)


@pytest.mark.slow
@profile(1.5)
@given(data=st.data(), how=SERIALIZATIONS)
def test_slightly_invalid_records_give_s001_only(data: st.DataObject, how: str) -> None:
    base = data.draw(st.one_of(realistic_records(), schema_records()), label="base")
    record = data.draw(slightly_invalid(base), label="record")
    report = run_check(record, how)
    assert_no_crash(report)
    if schema_valid(record):  # the mistake happened to be allowed (a number for a text …)
        assert not [f for f in report.findings if f.rule in ("S000", "S001")]
        return
    rules = {f.rule for f in report.findings}
    if isinstance(record, dict):
        assert rules == {"S001"}, [f"{f.rule}: {f.message.en}" for f in report.findings]
        assert [r.status for r in report.records] == ["invalid"]
    else:  # pragma: no cover - the mistakes keep the top level a mapping
        assert rules <= {"S000", "S001"}


def test_an_integral_float_where_an_integer_belongs_is_s001_only() -> None:
    """`budget_year: 2023.0` passes the JSON Schema (2023.0 is an integer there) but not the
    record model: S001 with the model's message, nothing else."""
    for how in ("yaml", "json"):
        report = run_check(
            {**as_project_record({"name": "项目"}, None), "budget_year": 2023.0}, how
        )
        assert {f.rule for f in report.findings} == {"S001"}
        assert [r.status for r in report.records] == ["invalid"]


@pytest.mark.slow
@profile(1)
@given(
    records=st.lists(st.one_of(realistic_records(), st.builds(dict)), min_size=2, max_size=4),
    how=st.sampled_from(["yaml", "json"]),
)
def test_a_list_of_records_reports_each(records: list[dict[str, Any]], how: str) -> None:
    """A list (or stream) mixing good and empty records: one record result per item."""
    report = run_check(records, how)
    assert_no_crash(report)
    expected = sum(
        len(r["projects"]) if kind_of(r) == "document" and schema_valid(r) else 1 for r in records
    )
    assert len(report.records) == expected
    invalid = [r for r in report.records if r.status == "invalid"]
    assert len(invalid) == sum(1 for r in records if not schema_valid(r))


# --- readers ---------------------------------------------------------------------------------------

TEXT_EXPORT_LINES = (
    "", " ", "\t", "\t ", "x", "第一部分 部门整体绩效目标", "第二部分 预算项目绩效目标",
    "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施", "1.某项目绩效目标表",
    "[bookmark: _Toc1]2.另一项目绩效目标表", "\t471001怀来县工业和信息化局", "\t单位：万元",
    "\t项目编码", "\t13073023P00017010002Q", "\t项目名称", "\t预算数", "\t财政资金", "\t其他资金",
    "\t0.11", "\t资金用途", "\t资金支出计划（%）", "\t3月底", "\t30", "\t12月底", "\t100",
    "\t绩效目标", "\t1.完成", "\t一级指标", "\t二级指标", "\t三级指标", "\t绩效指标描述",
    "\t指标值", "\t指标值确定依据", "\t产出指标", "\t数量指标", "\t≥95%", "\t[bookmark: _GoBack]",
    "\t社会效益指标", "\t计量单位", "\t指标性质", "\t=",
)  # fmt: skip
YAML_LINES = (
    "format: jxcheck/1", "kind: document", "kind: project", "projects:", "  - code: P1",
    "    name: 项目", "code: P1", "name: 项目", "budget: {total: '1'}", "indicators:",
    "  - {level1: 产出指标, value: ≥95%}", "---", "...", "- ", "  - ", "[", "]", "{", "}",
    "&a x", "*a", "<<: *a", "!!python/object:os.system", "!!binary aGk=", "? x", ": y",
    "%YAML 1.1", "%TAG ! tag:x,2000:", "'", '"', "|", ">", "# c", "\t- x", "key: [1, {a: b}]",
)  # fmt: skip

line_soup = st.lists(st.sampled_from(TEXT_EXPORT_LINES + YAML_LINES), max_size=40).map("\n".join)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "latin-1")


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(line_soup, st.text(max_size=300)))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", ending)
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@cache
def office_fixtures() -> tuple[bytes, ...]:
    return tuple(
        p.read_bytes() for p in sorted(OFFICE.glob("*.*x")) if p.suffix in (".docx", ".xlsx")
    )


@st.composite
def damaged_office(draw: st.DrawFn) -> bytes:
    """A real .docx/.xlsx with a few bytes changed, cut short, or a member replaced."""
    data = bytearray(draw(st.sampled_from(office_fixtures())))
    how = draw(st.sampled_from(["flip", "cut", "member"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            offset = draw(st.integers(0, len(data) - 1))
            data[offset] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "cut":
        return bytes(data[: draw(st.integers(0, len(data)))])
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    members[name] = draw(
        st.one_of(
            st.binary(max_size=200),
            st.text(max_size=200).map(lambda t: t.encode("utf-8")),
            st.sampled_from(
                [
                    b"<?xml version='1.0'?><w:document/>",
                    b"<x>" * 300,
                    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
                ]
            ),
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return out.getvalue()


any_bytes = st.one_of(st.binary(max_size=2000), encoded_text(), damaged_office())
FILE_NAMES = st.sampled_from(["in.yaml", "in.json", "in.txt", "in.docx", "in.xlsx", "in.bin"])


@pytest.mark.slow
@profile(3)
@given(data=any_bytes, name=FILE_NAMES, encoding=st.sampled_from([None, None, "gbk", "utf-16"]))
def test_bytes_never_crash_a_reader(data: bytes, name: str, encoding: str | None) -> None:
    file = InputFile(name, data)
    options = ReadOptions(encoding=encoding)
    for reader in registry().readers.values():
        score = reader.sniff(file)
        assert isinstance(score, int), reader.name
        try:
            results = list(reader.read(file, options))
        except InputError as error:
            assert error.path == name, reader.name
            assert error.line is None or error.line >= 1, reader.name
            assert "\n" not in error.render("en"), reader.name
            continue
        for result in results:
            assert result.file == name, reader.name
            if isinstance(result, LoadedDocument):
                for index in range(len(result.document.projects)):
                    result.locate(result.project_pointer(index))  # a source map that answers


@pytest.mark.slow
@profile(1)
@given(data=any_bytes, name=FILE_NAMES)
def test_bytes_through_the_engine_are_checked_or_one_s000(data: bytes, name: str) -> None:
    report = check([InputFile(name, data)], every_rule_policy(), registry=registry())
    (file,) = report.files
    assert_no_crash(report)
    s000 = [f for f in report.findings if f.rule == "S000"]
    if file.status == "error":
        assert len(s000) == 1 and s000[0].file == name, s000
        assert report.records == []
        assert "reader" not in s000[0].message.en or "failed" not in s000[0].message.en, (
            f"a reader raised something other than InputError: {s000[0].message.en}"
        )
    else:
        assert s000 == []


# --- policies --------------------------------------------------------------------------------------

SEVERITIES = ("error", "warning", "info", "off", "ERROR", "", None, True)
POLICY_KEYS = (
    "name", "description", "extends", "select", "ignore", "severity", "params", "mandatory",
    "required_plugins", "waivers", "grading", "unknown",
)  # fmt: skip
WAIVER_KEYS = ("rule", "project", "pointer", "reason", "approver", "expires", "until")


@cache
def rule_ids() -> tuple[str, ...]:
    return tuple(sorted(registry().rules))


def selectors() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(rule_ids()),
        st.sampled_from(["ALL", "V", "S00", "X", "Z999", "v001", "", "V00*"]),
        words,
    )


def policy_values() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.none(),
        st.booleans(),
        numbers,
        words,
        selectors(),
        st.sampled_from(SEVERITIES),
        st.sampled_from(["national", "hebei", "./missing.yaml", "../x.py", "/etc/passwd", "."]),
        st.sampled_from(["2024-06-30", "2020-01-01", "2099-12-31", "30/06/2024"]),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.one_of(st.sampled_from(rule_ids()), st.sampled_from(WAIVER_KEYS), words),
                inner,
                max_size=3,
            ),
        ),
        max_leaves=12,
    )


@st.composite
def near_miss_policies(draw: st.DrawFn) -> dict[str, Any]:
    """A policy made of real keys with plausible, and plausibly wrong, values."""
    policy: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(POLICY_KEYS), max_size=6, unique=True)):
        if key in ("select", "ignore", "mandatory"):
            policy[key] = draw(st.one_of(st.lists(selectors(), max_size=3), selectors()))
        elif key == "severity":
            policy[key] = draw(
                st.dictionaries(selectors(), st.sampled_from(SEVERITIES), max_size=3)
            )
        elif key == "waivers":
            policy[key] = draw(
                st.lists(
                    st.dictionaries(st.sampled_from(WAIVER_KEYS), policy_values(), max_size=7),
                    max_size=2,
                )
            )
        elif key == "params":
            policy[key] = draw(
                st.dictionaries(
                    st.sampled_from(rule_ids()),
                    st.dictionaries(words, policy_values(), max_size=2),
                    max_size=2,
                )
            )
        else:
            policy[key] = draw(policy_values())
    return policy


def policy_texts() -> st.SearchStrategy[str]:
    dumped = st.one_of(
        near_miss_policies(), from_schema(json.loads((SCHEMAS / "policy.schema.json").read_text()))
    ).map(lambda d: yaml.safe_dump(d, allow_unicode=True))
    return st.one_of(dumped, line_soup, st.text(max_size=200))


_written = iter(range(10**9))


def load_policy_text(text: str, name: str) -> None:
    folder = policy_folder() / f"p{next(_written)}"
    folder.mkdir()
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_policy(registry(), path, cwd=folder)
    except (ConfigError, UsageError) as error:
        assert error.render("en").strip() and error.render("zh").strip()


@pytest.mark.slow
@example(text='extends: "\\0\\\\"\n', name="p.yaml")  # a NUL byte in a path: ValueError
@example(text="extends: ./policy.py\n", name="p.yaml")
@profile(3)
@given(text=policy_texts(), name=st.sampled_from(["p.yaml", "jxcheck.yaml", "p.json"]))
def test_policy_yaml_never_crashes_the_loader(text: str, name: str) -> None:
    load_policy_text(text, name)


# --- the profiles themselves ---------------------------------------------------------------------


def test_profiles_are_bounded_in_ci_and_long_on_demand() -> None:
    assert CI.max_examples <= 100 and CI.derandomize and CI.database is None
    assert settings.get_profile("long").max_examples >= 50 * CI.max_examples
    assert not LONG.derandomize
