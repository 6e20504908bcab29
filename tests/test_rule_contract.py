"""The rule contract the host runs (issue 17): what a rule visits, `run_rule`, shared facts,
the memo, findings built in one place, fixes a case can check."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import hookimpl
from checker.api import check
from checker.facts import ProjectFacts
from checker.finding import FileFix, Finding, Place, Severity
from checker.i18n import Text
from checker.model import Document, Indicator, Project
from checker.plugins import load_registry
from checker.rule import (
    MEMO_SIZE,
    Fix,
    Hit,
    IndicatorContext,
    Params,
    ProjectContext,
    Rule,
    context_for,
    rule,
    run_rule,
)
from checker.testing import RuleCase, run_case

from .conftest import SEED

ROOT = Path(__file__).resolve().parent.parent


@rule(
    "T951",
    "row-visitor",
    category="test",
    severity="warning",
    basis="test",
    title=("逐行", "row by row"),
    message=("值“{value}”", "value {value}"),
    visits="indicator",
    fixable=True,
)
def row_visitor(row: Indicator, ctx: IndicatorContext[Params]) -> Iterator[Hit]:
    """测试用。

    ---
    For tests.
    """
    if row.value.startswith(" "):
        yield ctx.hit("/value", fix=Fix("/value", row.value.strip()), value=row.value)
    if row.value == "boom":
        raise RuntimeError("boom")


def _project(*values: str) -> Project:
    return Project.model_validate(
        {"code": "P1", "indicators": [{"name": f"n{i}", "value": v} for i, v in enumerate(values)]}
    )


def test_an_indicator_rule_is_called_once_per_row_with_pointers_relative_to_it() -> None:
    project = _project("1", " 2", "3", " 4")
    document = Document(projects=[project])
    ctx = context_for(row_visitor, Params(), 2023, document, 0, True)
    assert isinstance(ctx, IndicatorContext) and ctx.project is project
    hits = run_rule(row_visitor, project, ctx)
    assert [h.pointer for h in hits] == ["/indicators/1/value", "/indicators/3/value"]
    assert [h.fix for h in hits] == [
        Fix("/indicators/1/value", "2"),
        Fix("/indicators/3/value", "4"),
    ]
    assert row_visitor.scope == "project" and row_visitor.visits == "indicator"
    assert row_visitor.metadata()["scope"] == "project"  # reports are unchanged


class _Plugin:
    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [row_visitor]


def test_an_indicator_rule_that_raises_is_one_x001_per_table(tmp_path: Path) -> None:
    record = tmp_path / "p.yaml"
    record.write_text(
        "code: 13073023P00016810002Y\nname: 测试项目\nindicators:\n"
        "  - {level1: 产出指标, level2: 数量指标, name: a, value: ' 1'}\n"
        "  - {level1: 产出指标, level2: 数量指标, name: b, value: boom}\n",
        encoding="utf-8",
    )
    registry = load_registry([("row-test-plugin", _Plugin())])
    findings = check([record], registry=registry, select=["T951", "X001"]).findings
    assert [f.rule for f in findings] == ["X001"]  # the rule's hits on the table are dropped
    assert "T951" in findings[0].message.zh and "boom" in findings[0].message.en


def test_the_host_passes_one_facts_object_per_table() -> None:
    seen: list[ProjectFacts] = []

    @rule(
        "T952",
        "facts-spy",
        category="test",
        severity="info",
        basis="test",
        title=("事实", "facts"),
        message=("x", "x"),
    )
    def spy(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
        """测试用。

        ---
        For tests.
        """
        assert ctx.facts.project is project
        seen.append(ctx.facts)
        yield from ()

    class Spy:
        @hookimpl
        def register_rules(self) -> list[Rule]:
            return [spy]

    check([SEED], registry=load_registry([("spy", Spy())]), select=["T952"])
    assert len(seen) == 10 and len({id(f) for f in seen}) == 10  # the seed's ten tables


def test_remember_judges_each_cell_once_in_the_rules_memo() -> None:
    calls: list[str] = []

    def judge(text: str, params: Params) -> int:
        calls.append(text)
        return len(text)

    ctx = ProjectContext(Params(), 2023, Document(projects=[Project()]), 0, True)
    assert [ctx.remember(judge, t) for t in ("ab", "abc", "ab")] == [2, 3, 2]
    assert calls == ["ab", "abc"]
    assert MEMO_SIZE > 0


def _finding() -> Finding:
    return Finding(
        "V001",
        Severity.warning,
        Text("甲", "a"),
        "f.yaml",
        3,
        "P1",
        "项目",
        "/indicators/0/value",
        "0123456789abcdef0123",
        column=4,
        location="表1",
        text="≥95百分比",
        record=2,
        fix=FileFix("/indicators/0/value", "≥95%"),
        advice=Text("改", "fix"),
        places=(Place("/indicators/1/value", 5, None, "x", FileFix("/indicators/1/value", "y")),),
        order=7,
    )


def test_a_finding_survives_the_trip_to_and_from_a_worker() -> None:
    finding = _finding()
    plain = finding.to_plain()
    assert all(type(v) in (str, int, bool, tuple, type(None)) for v in plain)
    assert Finding.from_plain(plain) == finding


def test_with_record_changes_the_record_only() -> None:
    finding = _finding()
    assert finding.with_record(9) == dataclasses.replace(finding, record=9)


def test_fix_has_no_remove() -> None:
    assert [f.name for f in dataclasses.fields(Fix)] == ["pointer", "value"]


def test_a_case_checks_the_value_its_fix_writes_and_that_the_fix_mends() -> None:
    data = {"indicators": [{"level1": "产出指标", "level2": "时效指标", "name": "及时率",
                            "value": "≥95百分比"}]}  # fmt: skip
    good = RuleCase("V001", "fix", Path("x.yaml"), 1, "project", data,
                    expected=[{"pointer": "/indicators/0/value", "fixed": "≥95%"}])  # fmt: skip
    run_case(good)
    wrong = dataclasses.replace(good, expected=[{"pointer": "/indicators/0/value", "fixed": "95"}])
    with pytest.raises(AssertionError, match="expected, not found"):
        run_case(wrong)


def test_rule_modules_keep_no_caches_of_their_own() -> None:
    """Shared facts come from `checker.facts`, memos from the host (`ctx.remember`)."""
    banned = re.compile(r"per_project|per_params|_memo\(|itemgetter|attrgetter|plain_params")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "rules").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if banned.search(line)
    ]
    assert offenders == []
