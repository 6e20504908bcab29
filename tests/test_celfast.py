"""checker/celfast.py: the generated fast path gives exactly the closures' answer or error.

The differential test of tests/test_celinterp.py also holds the two to one answer on every
generated expression; these are the cases where a fast path is most likely to go wrong: a value
of another type than the expression expects, NaN, int overflow, missing fields, maps where a
list is expected, comprehension variables shadowed or read by a part it does not cover.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from checker import celfast, celinterp
from checker.celinterp import CelError
from checker.patterns import occurs_in

ROWS: list[dict[str, Any]] = [
    {"name": "培训人数", "unit": "人", "number": 120.0, "cost": False, "class": "数量指标"},
    {"name": "成本", "unit": "万元", "number": 5.0, "cost": True, "class": "成本指标"},
    {"name": "满意度", "unit": "%", "number": math.nan, "cost": False, "class": "满意度指标"},
    {"name": 7, "unit": None, "number": 3, "cost": "yes", "class": ["x"]},
    {"unit": "%"},
]
PROJECTS: list[dict[str, Any]] = [
    {"name": "项目", "budget_wan": 50.0, "budget_year": 2023, "indicators": ROWS[:3]},
    {"name": "项目", "budget_wan": 9, "budget_year": 9223372036854775807, "indicators": ROWS},
    {"name": None, "budget_wan": math.inf, "indicators": {"a": 1}},
    {"indicators": []},
]
EXPRESSIONS = [
    "row.unit != '%' || row.number <= 100.0",
    "row.name == '成本' && row.cost",
    "!row.cost || row.number >= 1.0",
    "size(row.name) <= 3",
    "row.name.contains('满意') || row.name.startsWith('培') || row.name.endsWith('数')",
    "row.name.matches('^[培成]')",
    "row.number == row.number",
    "row.number < row.number + 1.0",
    "row.class == row.class",
    "project.budget_year * 2 > 0",
    "project.budget_year + 1 > project.budget_year",
    "project.budget_wan / 0.0 > 1.0",
    "-row.number < 0.0",
    "(row.cost ? row.number : 0.0) <= 10.0",
    "project.indicators.exists(r, r.cost && r.number <= project.budget_wan)",
    "project.indicators.all(r, r.unit != '' )",
    "project.indicators.exists_one(r, r.cost)",
    "size(project.indicators.filter(r, r.cost)) * 2 >= size(project.indicators)",
    "project.indicators.map(r, r.number).exists(n, n > 100.0)",
    "project.indicators.map(r, r.cost, r.unit).all(u, u == '万元')",
    "project.indicators.exists(r, [1, 2].exists(r, r == 2))",
    "project.indicators.exists(r, r.unit in ['%', '人'])",
    "project.indicators.filter(r, r.cost).all(r, project.indicators.exists(s, s.name == r.name))",
    "project.name == 7 || project.name != '项目'",
    "project.missing == 1",
    # a computed side of `==` is evaluated (it may fail) whatever the other side's type
    "(row.cost ? row.name : row.unit) == 0",
    "0 != (row.cost ? row.name : row.unit)",
]


def _outcome(program: celinterp.Program, variables: dict[str, Any]) -> Any:
    try:
        value = program(variables)
    except CelError as error:
        return ("error", type(error))
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value), value)


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_the_fast_path_answers_as_the_closures(source: str) -> None:
    fast = celfast.compile_program(source, occurs_in)
    slow = celinterp.compile_program(source, occurs_in)
    for project in PROJECTS:
        for row in [*ROWS, {}]:
            variables = {"project": project, "row": row}
            assert _outcome(fast, variables) == _outcome(slow, variables), (source, row, project)


@pytest.mark.parametrize(
    "source",
    [
        "row.unit != '%' || row.number <= 100.0",
        "project.indicators.exists(r, r.class == '满意度指标' && r.number >= 80.0)",
        "size(project.indicators.filter(r, r.has_number)) * 2 >= size(project.indicators)",
        "project.indicators.filter(r, r.level1 == '效益指标').all(r, !r.has_number || r.cost)",
        "notice.year <= project.budget_year",
    ],
)
def test_a_rule_s_usual_expressions_take_the_fast_path(source: str) -> None:
    assert celfast.compile_program(source, occurs_in).run.__name__ == "fast"


def test_literals_are_values_never_source() -> None:
    text = "'); import os; os.system('true'); ('"
    program = celfast.compile_program(
        f'row.name == "{text}" || row.name.contains("a\\nb")', occurs_in
    )
    source = program.run.source  # type: ignore[attr-defined]
    assert "import" not in source and "system" not in source and "a\\nb" not in source
    assert program({"row": {"name": text}}) is True


def test_a_tree_too_deep_for_python_is_left_to_the_closures() -> None:
    """As deep as the interpreter allows: Python's parser refuses such nesting in generated
    source, and the closures answer."""
    for source in (" || ".join(["row.cost"] * 199), "!" * 198 + "row.cost"):
        program = celfast.compile_program(source, occurs_in)
        assert program({"row": {"cost": True}}) is True
