"""Every YAML case under tests/cases, and every case written under the county policy's
declarative rules (HL101, HL102), as parametrized tests (the jxcheck test kit)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from checker.plugins import load_registry
from checker.policy import load_policy
from checker.testing import RuleCase, collect_cases, declared_rule_cases, run_case

CASES = collect_cases(Path(__file__).parent / "cases")
# A registry of this module's own: the policy's declared rules go into its copy of the rules.
REGISTRY = replace(load_registry(), rules=dict(load_registry().rules))
load_policy(REGISTRY, "huailai")
DECLARED = declared_rule_cases(REGISTRY)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case: RuleCase) -> None:
    run_case(case)


@pytest.mark.parametrize("case", DECLARED, ids=str)
def test_declared_rule_case(case: RuleCase) -> None:
    run_case(case, REGISTRY)


def test_every_declared_rule_has_cases() -> None:
    assert {c.rule for c in DECLARED} == {"HL101", "HL102"}
