"""Review grades: the default convention as a table, custom mappings, documents, validation."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from checker.errors import ConfigError
from checker.finding import Finding, Waiver
from checker.grading import apply_grades, default_grading, grading_schema, parse_grading
from checker.reporting import DocumentResult, RecordResult, Report

from .conftest import ROOT
from .report_samples import finding, sample_report

WAIVER = Waiver(reason="批准", approver="局长", expires="2099-12-31")


def _grade(specs: list[str], grading: dict[str, Any] | None = None) -> str:
    """Grade one record whose findings are `RULE:severity[:waived|:baselined]`."""
    findings = []
    for spec in specs:
        rule, severity, *flag = spec.split(":")
        findings.append(
            finding(
                rule,
                severity,
                0,
                waiver=WAIVER if flag == ["waived"] else None,
                baselined=flag == ["baselined"],
            )
        )
    return parse_grading(grading).grade(findings)


# --- the default convention -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "grade"),
    [
        ([], "优"),
        (["N005:info"], "优"),
        (["N005:info"] * 12, "优"),
        (["V004:warning"], "良"),
        (["V004:warning", "G002:warning", "V001:warning"], "良"),
        (["V004:warning"] * 3 + ["N005:info"] * 9, "良"),
        (["V004:warning"] * 4, "中"),
        (["V005:error"], "中"),
        (["F002:error", "V004:warning"], "中"),
        (["S002:error"], "中"),
        (["S003:error"], "差"),
        (["C001:error"], "差"),
        (["C002:error"], "差"),
        (["C003:error"], "差"),
        (["B001:error"], "差"),
        (["B004:error"], "差"),
        (["B004:error", "V004:warning"], "差"),
        # C001 has a warning severity too (质量/时效 missing): a warning is not 差
        (["C001:warning"], "良"),
        (["C004:error"], "中"),
        (["B003:error"], "中"),
        # waived and baselined findings never count
        (["S003:error:waived"], "优"),
        (["S003:error:baselined"], "优"),
        (["V004:warning"] * 3 + ["V001:warning:waived"], "良"),
        (["V005:error:waived", "V004:warning"], "良"),
    ],
)
def test_default_grades(findings: list[str], grade: str) -> None:
    assert _grade(findings) == grade


def test_a_policy_without_grading_uses_the_default() -> None:
    assert parse_grading(None) == parse_grading({}) == parse_grading(default_grading())


def test_the_default_is_what_national_yaml_says() -> None:
    """national.yaml is the one place the default is written: the core reads it from there."""
    national = ROOT / "policy" / "national.yaml"
    data = yaml.safe_load(national.read_text(encoding="utf-8"))
    assert data["grading"] == default_grading()
    assert {"scale", "conditions"} <= set(default_grading())


def test_the_core_names_no_rule() -> None:
    """The grading code holds no rule id (its docs may show one): which rules make a table 差
    is policy data."""
    import ast
    import re

    tree = ast.parse((ROOT / "checker" / "grading.py").read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]
    assert not [s for s in strings if re.search(r"\b[A-Z][A-Z0-9]*[0-9]{3}\b", s)]


def test_the_default_is_a_copy() -> None:
    default_grading()["conditions"].clear()
    assert default_grading()["conditions"]


def test_schema_is_valid_and_accepts_the_default() -> None:
    Draft202012Validator.check_schema(grading_schema())
    Draft202012Validator(grading_schema()).validate(default_grading())


# --- custom mappings ---------------------------------------------------------------------------


def test_a_child_policy_replaces_conditions_alone() -> None:
    strict = {"conditions": [{"grade": "差", "severity": "error"}]}
    assert _grade(["V005:error"], strict) == "差"
    assert _grade(["V004:warning"] * 9, strict) == "优"
    assert parse_grading(strict).scale == parse_grading(None).scale


def test_custom_scale_prefixes_and_severity_lists() -> None:
    grading = {
        "scale": [{"grade": "A"}, {"grade": "B"}, {"grade": "C"}],
        "conditions": [
            {"grade": "C", "severity": "error", "rules": ["B"]},
            {"grade": "B", "severity": ["error", "warning"], "more_than": 1},
        ],
    }
    assert _grade(["B001:error"], grading) == "C"
    assert _grade(["B004:error"], grading) == "C"
    assert _grade(["V005:error"], grading) == "A"
    assert _grade(["V005:error", "V004:warning"], grading) == "B"
    scheme = parse_grading(grading)
    assert scheme.scale[0].name.en == "A"
    assert scheme.scale[0].meaning is None


def test_condition_order_does_not_matter() -> None:
    reordered = copy.deepcopy(default_grading())
    reordered["conditions"].reverse()
    for specs in (["S003:error"], ["V004:warning"] * 4, ["V004:warning"], []):
        assert _grade(specs, reordered) == _grade(specs)


def test_conditions_read_as_text() -> None:
    scale = {g["grade"]: g for g in parse_grading(None).scale_json()}
    assert scale["优"]["when"] == []
    assert scale["良"]["when"] == [{"zh": "有警告", "en": "any warning"}]
    assert {"zh": "警告多于 3 个", "en": "more than 3 warnings"} in scale["中"]["when"]
    assert scale["差"]["when"][0]["zh"].startswith("有规则 S003、C001")
    assert scale["差"]["meaning"] == {"zh": "不得列入预算", "en": "does not enter the budget"}


# --- records and documents ---------------------------------------------------------------------


def test_sample_report_grades_records_documents_and_distribution() -> None:
    report = sample_report()
    assert [r.grade for r in report.records] == ["差", "良", "优", "中"]
    # the document: worst of its projects (差) and of its own Part 1 findings (中)
    assert report.documents[0].grade == "差"
    grades = report.extras["grades"]
    assert grades["records"] == {"优": 1, "良": 1, "中": 1, "差": 1}
    assert grades["documents"] == {"优": 0, "良": 0, "中": 0, "差": 1}
    assert [g["grade"] for g in grades["scale"]] == ["优", "良", "中", "差"]
    assert report.to_json()["grades"] == grades


def _report(
    records: list[RecordResult], documents: list[DocumentResult], findings: list[Finding]
) -> Report:
    return Report(
        lang="zh",
        policy_names=["national"],
        policy_digest="x",
        fail_on="error",
        files=[],
        documents=documents,
        records=records,
        findings=findings,
        rules={},
    )


@pytest.mark.parametrize(
    ("project_findings", "own_findings", "expected"),
    [
        ([[], []], [], "优"),
        ([["V004:warning"], []], [], "良"),
        ([["V004:warning"], ["S003:error"]], [], "差"),
        ([["V004:warning"], []], ["S002:error"], "中"),
        ([[], []], ["D001:warning"] * 4, "中"),
        ([], ["D001:warning"], "良"),
        ([], [], "优"),
    ],
)
def test_document_grade_is_the_worst_of_projects_and_its_own(
    project_findings: list[list[str]], own_findings: list[str], expected: str
) -> None:
    records = [
        RecordResult("d.txt", 0, i, f"P{i}", f"项目{i}") for i in range(len(project_findings))
    ]
    document = DocumentResult("d.txt", 0, "某局", 2023, len(records), False)

    def make(spec: str, record: int | None) -> Finding:
        rule, severity = spec.split(":")
        return finding(rule, severity, record, file="d.txt")

    findings = [make(s, i) for i, specs in enumerate(project_findings) for s in specs]
    findings += [make(s, None) for s in own_findings]
    report = _report(records, [document], findings)
    apply_grades(report, None)
    assert document.grade == expected


def test_a_finding_in_another_file_does_not_grade_the_document() -> None:
    document = DocumentResult("d.txt", 0, "某局", 2023, 0, False)
    other = finding("S003", "error", None, file="policy.yaml")
    report = _report([], [document], [other])
    apply_grades(report, None)
    assert document.grade == "优"


def test_apply_grades_is_idempotent() -> None:
    report = sample_report()
    before = report.to_json()
    apply_grades(report, None)
    assert report.to_json() == before


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grading", "expected"),
    [
        ({"levels": []}, "unknown key 'levels'"),
        ({"conditions": [{"grade": "坏", "severity": "error"}]}, "'坏' is not in the scale"),
        ({"conditions": [{"grade": "差", "severity": "fatal"}]}, "'fatal' is not error, warning"),
        ({"conditions": [{"grade": "差"}]}, "conditions[0]: missing the required key 'severity'"),
        (
            {"conditions": [{"grade": "差", "severity": "error", "more_than": -1}]},
            "grading.conditions[0].more_than",
        ),
        (
            {"conditions": [{"grade": "差", "severity": "error", "rules": ["b004"]}]},
            "rule id or prefix 'b004' is malformed",
        ),
        ({"scale": [{"grade": "优"}, {"grade": "优"}], "conditions": []}, "'优' 2 times"),
        ({"scale": []}, "grading.scale"),
        ({"scale": [{"grade": "优", "name": {"zh": "优"}}]}, "missing the required key 'en'"),
        ([1, 2], "must be a mapping"),
    ],
)
def test_bad_mappings_are_config_errors_naming_the_problem(grading: Any, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_grading(grading)
    assert expected in caught.value.text.en, caught.value.text.en
    assert "grading" in caught.value.text.zh


def test_unknown_rule_ids_and_the_origin_are_named() -> None:
    grading = {"conditions": [{"grade": "差", "severity": "error", "rules": ["Q9"]}]}
    parse_grading(grading)  # without the registry's ids a well-formed prefix is accepted
    with pytest.raises(ConfigError) as caught:
        parse_grading(grading, origin={"conditions": "hebei:42"}, known_rules=["B004", "V001"])
    assert "no rule id is or starts with Q9" in caught.value.text.en
    assert "hebei:42" in caught.value.text.en and "hebei:42" in caught.value.text.zh
    parse_grading(default_grading(), known_rules=["S003", "C001", "C002", "C003", "B001", "B004"])


def test_the_schema_file_is_packaged() -> None:
    assert (ROOT / "checker" / "schemas" / "grading.schema.json").is_file()
    assert isinstance(grading_schema()["$defs"]["report_section"], dict)
    assert Path(ROOT / "checker" / "grading.py").read_text(encoding="utf-8").count("grading:") >= 1


def test_the_documented_default_is_the_default() -> None:
    """docs/reports.md shows the `grading:` of national.yaml; it must say what the code does."""
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    block = text.split("```yaml\ngrading:\n", 1)[1].split("```", 1)[0]
    assert yaml.safe_load("grading:\n" + block)["grading"] == default_grading()
