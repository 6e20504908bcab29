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
Chinese or English message), for document rules `project` (the project's index), and for a
fixable rule `fixed`: the value its fix writes (a list: one per place, in order). The case then
also applies the fix to its input and runs the rule again: the finding must be gone. The found
and the expected findings must match one to one. The rule runs as the engine runs it
(`checker.rule.run_rule`). In a test module:

    from checker.testing import collect_cases, run_case
    CASES = collect_cases(Path(__file__).parent / "cases")

    @pytest.mark.parametrize("case", CASES, ids=str)
    def test_case(case): run_case(case)
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.facts import document_facts
from checker.finding import Severity
from checker.i18n import Text
from checker.model import Document, Project
from checker.plugins import Registry, load_registry
from checker.rule import (
    BatchContext,
    DocumentContext,
    Hit,
    ProjectKey,
    Rule,
    context_for,
)
from checker.rule import run_rule as run_on
from checker.source import Location, split_pointer
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
    """A hit as the case compares it: pointer, severity, message, project, and its fixes
    (pointer into the case's input, value), its own first."""

    pointer: str
    severity: Severity
    message: Text
    project: int | None
    fixes: tuple[tuple[str, str], ...] = ()


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
            cases.append(make_case(rule_id, index, raw, path, where))
    return cases


def make_case(rule_id: str, index: int, raw: Any, path: Path, line: int | None) -> RuleCase:
    """One case as written (in a case file, or under a declarative rule's `cases:`)."""
    if not isinstance(raw, dict):
        raise CaseFileError(f"{path}:{line}: a case is a mapping (name, project, findings)")
    kinds = [k for k in ("project", "document", "batch") if k in raw]
    if len(kinds) != 1:
        raise CaseFileError(f"{path}:{line}: a case needs exactly one of project, document, batch")
    expected = raw.get("findings", [])
    if not isinstance(expected, list) or not all(isinstance(e, dict) for e in expected):
        raise CaseFileError(f"{path}:{line}: findings must be a list of mappings")
    return RuleCase(
        rule=rule_id,
        name=str(raw.get("name", f"case {index + 1}")),
        file=path,
        line=line,
        input_kind=kinds[0],
        data=raw[kinds[0]],
        params=dict(raw.get("params") or {}),
        budget_year=raw.get("budget_year", 2023),
        expected=[dict(e) for e in expected],
    )


def declared_rule_cases(registry: Registry) -> list[RuleCase]:
    """The cases written under the declarative rules registered by the last policy loaded
    (`checker.policy.load_policy`): what `jxcheck policy test` runs. In a bureau's own tests:

        registry = load_registry()
        load_policy(registry, Path("jxcheck.yaml"))
        CASES = declared_rule_cases(registry)
    """
    from checker.declarative import declared_cases, is_declarative

    cases: list[RuleCase] = []
    for rule_id in sorted(registry.rules):
        rule = registry.rules[rule_id]
        if is_declarative(rule):
            for index, (file, line, raw) in enumerate(declared_cases(rule)):
                cases.append(make_case(rule_id, index, raw, Path(file), line))
    return cases


def collect_cases(*folders: Path) -> list[RuleCase]:
    """Every case of every `*.yaml` case file under the folders, in a stable order."""
    cases: list[RuleCase] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.yaml")):
            cases.extend(load_case_file(path))
    return cases


def _hits(rule: Rule, case: RuleCase, data: Any) -> list[Hit]:
    """The rule's hits on `data` (the case's input, or a fixed copy of it), by `run_rule`."""
    params = rule.params.model_validate(case.params)
    if case.input_kind == "project":
        project = Project.model_validate(data)
        document = Document(projects=[project], budget_year=case.budget_year)
        pctx = context_for(rule, params, case.budget_year, document, 0, True)
        return run_on(rule, project, pctx)
    if case.input_kind == "document":
        document = Document.model_validate({"budget_year": case.budget_year, **data})
        dctx = DocumentContext(params, case.budget_year, False, facts=document_facts(document))
        return run_on(rule, document, dctx)
    keys = [
        ProjectKey(
            str(item.get("file", "a.yaml")),
            int(item.get("document", 0)),
            int(item.get("project", i)),
            item.get("code"),
            item.get("name"),
            Location(item.get("line")),
        )
        for i, item in enumerate(data)
    ]
    return run_on(rule, keys, BatchContext(params, case.budget_year))


def _found(rule: Rule, case: RuleCase, hits: list[Hit]) -> list[FoundHit]:
    found = []
    for hit in hits:
        message = rule.message_for(hit.message).format(**hit.args)
        rule.advice_for(hit.message, hit.args)  # a template naming a missing argument raises
        severity = hit.severity or rule.severity
        if severity not in rule.all_severities():
            raise AssertionError(f"{rule.id} gave severity {severity.name} it does not declare")
        project = hit.project
        if case.input_kind == "batch" and hit.key is not None:
            project = hit.key.project
        base = (
            f"/projects/{project}" if case.input_kind == "document" and project is not None else ""
        )
        fixes = tuple(
            (base + h.fix.pointer, h.fix.value) for h in (hit, *hit.places) if h.fix is not None
        )
        if fixes and not rule.fixable:
            raise AssertionError(f"{rule.id} offers a fix but is not declared fixable")
        found.append(FoundHit(hit.pointer, severity, message, project, fixes))
    return found


def run_rule(rule: Rule, case: RuleCase, data: Any = None) -> list[FoundHit]:
    """Run one rule on a case's input (or `data`) as the engine does (`checker.rule.run_rule`),
    and return what it found."""
    source = case.data if data is None else data
    return _found(rule, case, _hits(rule, case, source))


def apply_fixes(data: Any, fixes: Iterable[tuple[str, str]]) -> Any:
    """A copy of a case's input with each fix's value written at its pointer."""
    fixed = copy.deepcopy(data)
    for pointer, value in fixes:
        *path, last = split_pointer(pointer)
        node = fixed
        for token in path:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return fixed


def _matches(found: FoundHit, expected: dict[str, Any]) -> bool:
    if found.pointer != expected.get("pointer", found.pointer):
        return False
    if "severity" in expected and found.severity.name != expected["severity"]:
        return False
    if "message" in expected:
        needle = str(expected["message"])
        if needle not in found.message.zh and needle not in found.message.en:
            return False
    if "fixed" in expected:
        wanted = expected["fixed"]
        values = [value for _, value in found.fixes]
        if values != (wanted if isinstance(wanted, list) else [wanted]):
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
    fixed: list[FoundHit] = []
    for expected in case.expected:
        for candidate in unmatched:
            if _matches(candidate, expected):
                unmatched.remove(candidate)
                if "fixed" in expected:
                    fixed.append(candidate)
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
    for hit in fixed:
        again = run_rule(rule, case, apply_fixes(case.data, hit.fixes))
        if any(h.pointer == hit.pointer and h.message == hit.message for h in again):
            raise AssertionError(
                f"{case.file}:{case.line}: case {case.name!r} of {case.rule}: after its fix "
                f"{list(hit.fixes)}, the finding at {hit.pointer} is still there"
            )


def cases_by_rule(cases: Iterable[RuleCase]) -> dict[str, list[RuleCase]]:
    grouped: dict[str, list[RuleCase]] = {}
    for case in cases:
        grouped.setdefault(case.rule, []).append(case)
    return grouped
