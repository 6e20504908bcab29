"""The shipped JSON Schemas: equal to what the models generate, valid 2020-12, and in agreement
with the model on what a record may hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from checker import schemas
from checker.errors import UsageError
from checker.i18n import Text
from checker.model import Document, ProjectRecord

NAMES = schemas.SCHEMA_NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_equals_generated(name: str) -> None:
    committed = (schemas.schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schemas.schema_text(schemas.generate_schema(name)), (
        "run: python -m checker.schemas --write"
    )


def test_check_mode_reports_no_drift() -> None:
    assert schemas.main(["--check"]) == 0


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(schemas.generate_schema(name))
    shipped = schemas.load_schema(name)
    Draft202012Validator.check_schema(shipped)
    assert shipped["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert shipped["$id"] == f"https://jxcheck.example/schemas/{name}.schema.json"
    assert shipped["title"] and shipped["description"]
    assert list(shipped)[:4] == ["$schema", "$id", "title", "description"]


def test_schema_is_loaded_from_package_data_and_cached() -> None:
    assert schemas.load_schema("project") is schemas.load_schema("project")
    assert schemas.validator("document") is schemas.validator("document")


def test_unknown_schema_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        schemas.load_schema("policy")


def test_amounts_may_be_numbers_in_the_schema() -> None:
    budget = schemas.load_schema("document")["$defs"]["Budget"]["properties"]["total"]
    assert {"type": "number"} in budget["anyOf"]
    assert {"type": "string"} in budget["anyOf"]


PROJECT: dict[str, Any] = {
    "code": "13073022P00883610001N",
    "name": "土地相关经费",
    "budget": {"total": "0.11", "fiscal": "0.11", "other": ""},
    "spending_plan": [{"label": "3月底", "percent": " 30"}, {"label": "12月底", "percent": "100"}],
    "goals": ["1.完成不动产权登记"],
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "登记项目", "value": "1项"}
    ],
}


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


#: (id, schema, data, valid): the model and the schema must agree on every row.
EXAMPLES: list[tuple[str, str, Any, bool]] = [
    ("empty document", "document", {}, True),
    ("full document", "document", {"budget_year": 2023, "projects": [PROJECT]}, True),
    (
        "document with overview, no projects key",
        "document",
        {"kind": "document", "overview": {"sections": [{"number": "一", "title": "总体"}]}},
        True,
    ),
    ("unknown top-level key", "document", {"project": [PROJECT]}, False),
    ("unknown key in a project", "document", {"projects": [_with(PROJECT, nmae="x")]}, False),
    ("name is a number", "document", {"projects": [_with(PROJECT, name=123)]}, False),
    (
        "amounts as numbers",
        "document",
        {"projects": [_with(PROJECT, budget={"total": 0.11, "fiscal": 5, "other": None})]},
        True,
    ),
    (
        "amount is a boolean",
        "document",
        {"projects": [_with(PROJECT, budget={"total": True})]},
        False,
    ),
    (
        "indicator value is a number",
        "document",
        {"projects": [_with(PROJECT, indicators=[{"name": "满意度", "value": 95}])]},
        True,
    ),
    (
        "indicator value is null",
        "document",
        {"projects": [_with(PROJECT, indicators=[{"value": None}])]},
        False,
    ),
    (
        "indicator is a string",
        "document",
        {"projects": [_with(PROJECT, indicators=["产出指标"])]},
        False,
    ),
    ("goals is a string", "document", {"projects": [_with(PROJECT, goals="1.完成")]}, False),
    ("projects is a mapping", "document", {"projects": PROJECT}, False),
    ("format of another version", "document", {"format": "jxcheck/2"}, False),
    ("kind project in a document", "document", {"kind": "project"}, False),
    ("budget year as text", "document", {"budget_year": "2023"}, False),
    ("budget year is a boolean", "document", {"budget_year": True}, False),
    ("budget year null", "document", {"budget_year": None}, True),
    (
        "no spending plan (null)",
        "document",
        {"projects": [_with(PROJECT, spending_plan=None)]},
        True,
    ),
    (
        "checkpoint without label",
        "document",
        {"projects": [_with(PROJECT, spending_plan=[{"percent": "30"}])]},
        False,
    ),
    (
        "section without number",
        "document",
        {"overview": {"sections": [{"title": "总体"}]}},
        False,
    ),
    (
        "export artefact without text",
        "document",
        {"projects": [_with(PROJECT, export_artefacts=[{"pointer": "/goals/0"}])]},
        False,
    ),
    ("empty project", "project", {}, True),
    ("project record", "project", _with(PROJECT, kind="project", budget_year=2023), True),
    ("project with projects key", "project", {"projects": []}, False),
    ("kind document in a project", "project", {"kind": "document"}, False),
    (
        "funding split with number amounts",
        "project",
        {"budget": {"sources": [{"label": "中央资金", "amount": 10}, {"label": "县级资金"}]}},
        True,
    ),
    ("funding source without label", "project", {"budget": {"sources": [{"amount": "1"}]}}, False),
    ("score as a number", "project", {"indicators": [{"score": 10}]}, True),
    ("a list is not a project", "project", [PROJECT], False),
]


def _model_accepts(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data, strict=True)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("name", "data", "valid"),
    [pytest.param(name, data, valid, id=case) for case, name, data, valid in EXAMPLES],
)
def test_model_and_schema_agree(name: str, data: Any, valid: bool) -> None:
    model = Document if name == "document" else ProjectRecord
    assert (not schemas.validate(name, data)) is valid
    assert _model_accepts(model, data) is valid


def test_an_integral_float_is_the_one_known_difference() -> None:
    """JSON Schema counts 2023.0 as an integer; the strict model does not (the reader then
    reports the model's error, see test_records)."""
    assert schemas.validate("document", {"budget_year": 2023.0}) == []
    assert not _model_accepts(Document, {"budget_year": 2023.0})


@pytest.mark.parametrize(
    ("data", "pointer", "zh", "en"),
    [
        (
            {"projects": [_with(PROJECT, nmae="x")]},
            "/projects/0/nmae",
            "不认识的键 “nmae”，是否应为 “name”？",
            "unknown key 'nmae'; did you mean 'name'?",
        ),
        (
            {"projects": [_with(PROJECT, name=1)]},
            "/projects/0/name",
            "应为文本或空值",
            "expected text or null",
        ),
        (
            {"projects": [_with(PROJECT, indicators=["产出指标"])]},
            "/projects/0/indicators/0",
            "应为映射（键: 值），实际为文本",
            "expected a mapping, found text",
        ),
        (
            {"projects": [_with(PROJECT, budget={"total": True})]},
            "/projects/0/budget/total",
            "应为文本、数字或空值（null），实际为布尔值",
            "expected text, a number or null, found a boolean",
        ),
        (
            {"projects": [_with(PROJECT, spending_plan=[{"percent": "30"}])]},
            "/projects/0/spending_plan/0",
            "缺少必需的键 “label”",
            "missing the required key 'label'",
        ),
        ({"format": "jxcheck/2"}, "/format", '值应为 "jxcheck/1"', 'expected "jxcheck/1"'),
    ],
)
def test_errors_have_a_pointer_and_both_languages(
    data: Any, pointer: str, zh: str, en: str
) -> None:
    errors = schemas.validate("document", data)
    assert [e.pointer for e in errors] == [pointer]
    assert zh in errors[0].message.zh
    assert en in errors[0].message.en


def test_errors_are_capped() -> None:
    data = {"projects": [{"name": i} for i in range(500)]}
    errors = schemas.validate("document", data)
    assert len(errors) == schemas.MAX_ERRORS + 1
    assert errors[-1].keyword == "limit"


def test_schema_text_is_utf8_json_with_chinese_unescaped() -> None:
    text = schemas.schema_text(schemas.generate_schema("document"))
    assert "预算数" in text and "\\u" not in text
    assert json.loads(text) == schemas.load_schema("document")


# --- the one explainer: records, policies and grading word a violation the same way -------------

SMALL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "level": {
            "oneOf": [{"enum": ["a", "b"]}, {"type": "array", "items": {"enum": ["a", "b"]}}],
            "x-error": {"zh": "取值 {instance!r} 无效", "en": "{instance!r} is not a or b"},
        },
        "codes": {
            "type": "object",
            "propertyNames": {
                "pattern": "^[A-Z]+$",
                "x-error": {"zh": "键 {instance!r} 应为大写", "en": "key {instance!r}: capitals"},
            },
        },
        "day": {"type": "string", "format": "date"},
    },
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"nmae": "x"}, [("/nmae", "additionalProperties"), ("", "required")]),
        ({"name": ""}, [("/name", "minLength")]),
        ({"name": "x", "level": "c"}, [("/level", "oneOf")]),
        ({"name": "x", "level": ["c"]}, [("/level", "oneOf")]),
        ({"name": "x", "codes": {"ok": 1}}, [("/codes/ok", "pattern")]),
        ({"name": "x", "day": "2030-02-30"}, [("/day", "format")]),
    ],
)
def test_one_explainer_for_every_schema(data: Any, expected: list[tuple[str, str]]) -> None:
    check = schemas.json_schema_validator(SMALL, formats=True)
    errors = schemas.explain_errors(check, data, limit=None, what="测试格式")
    assert sorted((e.pointer, e.keyword) for e in errors) == sorted(expected)
    by_keyword = {e.keyword: e for e in errors}
    if "additionalProperties" in by_keyword:
        assert "did you mean 'name'?" in by_keyword["additionalProperties"].message.en
    if "required" in by_keyword:
        assert by_keyword["required"].message.en == "missing the required key 'name'"
    if "minLength" in by_keyword:
        assert by_keyword["minLength"].message == Text("不能为空", "must not be empty")
    if "oneOf" in by_keyword:
        assert by_keyword["oneOf"].custom and "is not a or b" in by_keyword["oneOf"].message.en
    if "pattern" in by_keyword:
        assert by_keyword["pattern"].message.en == "key 'ok': capitals"
    if "format" in by_keyword:  # no x-error: jsonschema's words, the format named in Chinese
        assert by_keyword["format"].message.zh.startswith("不符合测试格式：")
        assert not by_keyword["format"].custom


def test_policies_and_grading_use_the_one_explainer() -> None:
    """No other module walks jsonschema's errors itself."""
    from .conftest import ROOT

    walkers = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "checker").rglob("*.py"))
        if "iter_errors(" in path.read_text(encoding="utf-8")
    ]
    assert walkers == ["checker/schemas.py"]
