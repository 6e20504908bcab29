"""Every YAML rule case under tests/rules/cases, as one parametrized test."""

from pathlib import Path

import pytest

from checker.testing import collect_cases, run_case

CASES = collect_cases(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case):
    run_case(case)
