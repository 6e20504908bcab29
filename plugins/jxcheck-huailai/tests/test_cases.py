"""Every YAML case under tests/cases, as one parametrized test (the jxcheck test kit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from checker.testing import RuleCase, collect_cases, run_case

CASES = collect_cases(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case: RuleCase) -> None:
    run_case(case)
