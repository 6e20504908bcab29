"""Test kit for rule authors: YAML case files and one parametrized pytest test to run them.

A case file holds cases for one rule — an input (a project, or a document for document rules,
or project keys for batch rules), optional policy parameters, and the findings it must produce:

    rule: B004
    cases:
      - name: itemised costs above the budget
        project:
          budget: {total: "4"}
          indicators:
            - {level1: 产出指标, level2: 成本指标, name: 差旅费, value: "≤3万元"}
            - {level1: 产出指标, level2: 成本指标, name: 会议费, value: "≤2万元"}
        params: {}
        findings:
          - {pointer: /indicators, severity: error}
      - name: within the budget
        project: {budget: {total: "5"}, indicators: [...]}
        findings: []

Each expected finding names its `pointer` and may add `severity`, `message` (a substring of the
Chinese or English message) and, for document rules, `project` (the project's index). The found
and the expected findings must match one to one. In a test module:

    from checker.testing import collect_cases, run_case
    CASES = collect_cases(Path(__file__).parent / "cases")

    @pytest.mark.parametrize("case", CASES, ids=str)
    def test_case(case): run_case(case)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.finding import Severity
from checker.i18n import Text
from checker.model import Document, Project
from checker.plugins import Registry, load_registry
from checker.rule import (
    BatchContext,
    DocumentContext,
    Hit,
    ProjectContext,
    ProjectKey,
    Rule,
)
from checker.source import Location
from checker.yamlsource import load_yaml_stream


@dataclass
class RuleCase:
    """One case of a case file."""

    rule: str
    name: str
    file: Path
    line: int | None
    input_kind: str
    data: Any
    params: dict[str, Any] = field(default_factory=dict)
    budget_year: int | None = 2023
    expected: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.rule}:{self.name}"


@dataclass(frozen=True)
class FoundHit:
    """A hit as the case compares it: pointer, severity, message, project."""

    pointer: str
    severity: Severity
    message: Text
    project: int | None


class CaseFileError(Exception):
    """A case file that does not follow the format (names the file and line)."""


def load_case_file(path: Path) -> list[RuleCase]:
    """The cases of one YAML case file."""
    try:
        streams = load_yaml_stream(path.read_text(encoding="utf-8"), str(path))
    except InputError as error:
        raise CaseFileError(error.render("en")) from None
    cases: list[RuleCase] = []
    for data, source in streams:
        if not isinstance(data, dict) or "rule" not in data or "cases" not in data:
            raise CaseFileError(f"{path}: a case file needs `rule:` and `cases:`")
        rule_id = str(data["rule"])
        for index, raw in enumerate(data["cases"]):
            where = source.locate(f"/cases/{index}").line
            kinds = [k for k in ("project", "document", "batch") if k in raw]
            if len(kinds) != 1:
                raise CaseFileError(
                    f"{path}:{where}: a case needs exactly one of project, document, batch"
                )
            expected = raw.get("findings", [])
            if not isinstance(expected, list):
                raise CaseFileError(f"{path}:{where}: findings must be a list")
            cases.append(
                RuleCase(
                    rule=rule_id,
                    name=str(raw.get("name", f"case {index + 1}")),
                    file=path,
                    line=where,
                    input_kind=kinds[0],
                    data=raw[kinds[0]],
                    params=dict(raw.get("params") or {}),
                    budget_year=raw.get("budget_year", 2023),
                    expected=[dict(e) for e in expected],
                )
            )
    return cases


def collect_cases(*folders: Path) -> list[RuleCase]:
    """Every case of every `*.yaml` case file under the folders, in a stable order."""
    cases: list[RuleCase] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.yaml")):
            cases.extend(load_case_file(path))
    return cases


def _hits(rule: Rule, case: RuleCase) -> list[Hit]:
    params = rule.params.model_validate(case.params)
    if case.input_kind == "project":
        project = Project.model_validate(case.data)
        document = Document(projects=[project], budget_year=case.budget_year)
        pctx = ProjectContext(params, case.budget_year, document, 0, True)
        return list(rule.func(project, pctx))
    if case.input_kind == "document":
        document = Document.model_validate({"budget_year": case.budget_year, **case.data})
        dctx = DocumentContext(params, case.budget_year, False)
        return list(rule.func(document, dctx))
    keys = [
        ProjectKey(
            str(item.get("file", "a.yaml")),
            int(item.get("document", 0)),
            int(item.get("project", i)),
            item.get("code"),
            item.get("name"),
            Location(item.get("line")),
        )
        for i, item in enumerate(case.data)
    ]
    bctx = BatchContext(params, case.budget_year)
    return list(rule.func(keys, bctx))


def run_rule(rule: Rule, case: RuleCase) -> list[FoundHit]:
    """Run one rule on a case's input, as the engine would, and return what it found."""
    found = []
    for hit in _hits(rule, case):
        message = rule.message_for(hit.message).format(**hit.args)
        severity = hit.severity or rule.severity
        if severity not in rule.all_severities():
            raise AssertionError(f"{rule.id} gave severity {severity.name} it does not declare")
        project = hit.project
        if case.input_kind == "batch" and hit.key is not None:
            project = hit.key.project
        found.append(FoundHit(hit.pointer, severity, message, project))
    return found


def _matches(found: FoundHit, expected: dict[str, Any]) -> bool:
    if found.pointer != expected.get("pointer", found.pointer):
        return False
    if "severity" in expected and found.severity.name != expected["severity"]:
        return False
    if "message" in expected:
        needle = str(expected["message"])
        if needle not in found.message.zh and needle not in found.message.en:
            return False
    return "project" not in expected or found.project == expected["project"]


def run_case(case: RuleCase, registry: Registry | None = None) -> None:
    """Assert that the case's rule finds exactly the expected findings."""
    registry = registry or load_registry()
    rule = registry.rules.get(case.rule)
    if rule is None:
        raise AssertionError(f"{case.file}:{case.line}: unknown rule {case.rule}")
    found = run_rule(rule, case)
    unmatched = list(found)
    missing = []
    for expected in case.expected:
        for candidate in unmatched:
            if _matches(candidate, expected):
                unmatched.remove(candidate)
                break
        else:
            missing.append(expected)
    if missing or unmatched:
        lines = [f"{case.file}:{case.line}: case {case.name!r} of {case.rule}"]
        lines += [f"  expected, not found: {m}" for m in missing]
        lines += [
            f"  found, not expected: {u.pointer} {u.severity.name} {u.message.zh}"
            for u in unmatched
        ]
        raise AssertionError("\n".join(lines))


def cases_by_rule(cases: Iterable[RuleCase]) -> dict[str, list[RuleCase]]:
    grouped: dict[str, list[RuleCase]] = {}
    for case in cases:
        grouped.setdefault(case.rule, []).append(case)
    return grouped
