"""The rule catalogue as a whole: ids, documentation, messages, parameters, YAML cases, CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.finding import Severity
from checker.plugins import load_registry
from checker.rule import Rule, doc_problems
from checker.testing import cases_by_rule, collect_cases

from .conftest import ROOT

#: The catalogue of domain.md §6 with default severities (the first one listed).
CATALOGUE = {
    **{f"S00{i}": "error" for i in range(5)},
    "S005": "info",
    "S006": "error",
    "S007": "info",
    "C001": "error",
    "C002": "error",
    "C003": "error",
    "C004": "warning",
    "C005": "error",
    "C006": "warning",
    "B001": "error",
    "B002": "error",
    "B003": "warning",
    "B004": "error",
    "B005": "info",
    "B006": "info",
    "B007": "info",
    "P001": "error",
    "P002": "error",
    "P003": "error",
    "P004": "warning",
    "V001": "warning",
    "V002": "info",
    "V003": "error",
    "V004": "warning",
    "V005": "error",
    "V006": "warning",
    "V007": "warning",
    "V008": "warning",
    "V009": "warning",
    "V010": "warning",
    "F001": "warning",
    "F002": "error",
    "F003": "info",
    "G001": "warning",
    "G002": "warning",
    "G003": "warning",
    "G004": "warning",
    "G005": "info",
    "G006": "info",
    "G007": "info",
    "N001": "error",
    "N002": "error",
    "N003": "info",
    "N004": "info",
    "N005": "info",
    "N006": "info",
    "N007": "info",
    "D001": "warning",
    "D002": "info",
}
HEURISTIC = {"C006", "V006", "V009", "G001", "G002", "G003", "G004", "G005", "G006", "G007"}
HEURISTIC |= {"D001", "D002"}

REGISTRY = load_registry()
BUILTIN = [r for r in REGISTRY.rules.values() if r.plugin == "jxcheck"]


def test_every_catalogue_rule_is_registered_with_its_default_severity() -> None:
    for rule_id, severity in CATALOGUE.items():
        assert rule_id in REGISTRY.rules, rule_id
        assert REGISTRY.rules[rule_id].severity.name == severity, rule_id


def test_heuristic_rules_never_give_errors() -> None:
    for rule_id in HEURISTIC:
        assert Severity.error not in REGISTRY.rules[rule_id].all_severities(), rule_id


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_rule_is_documented(rule: Rule) -> None:
    assert doc_problems(rule) == []
    assert rule.basis.strip()
    assert rule.title.zh and rule.title.en
    for text in rule.messages.values():
        assert text.zh.strip() and text.en.strip()
        assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{rule.id}: Chinese message first"


def test_every_rule_has_cases_that_fire_and_cases_that_do_not() -> None:
    cases = cases_by_rule(collect_cases(ROOT / "tests" / "rules" / "cases"))
    for rule in BUILTIN:
        if rule.scope == "engine":
            continue
        own = cases.get(rule.id, [])
        assert any(c.expected for c in own), f"{rule.id}: no case that fires"
        assert any(not c.expected for c in own), f"{rule.id}: no case that stays quiet"


def _jxcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(ROOT),
    )


def test_rules_command_lists_the_catalogue() -> None:
    result = _jxcheck("rules")
    assert result.returncode == 0
    listed = [
        line.split()[0] for line in result.stdout.splitlines() if re.match(r"^[A-Z]+\d{3}", line)
    ]
    assert len(listed) >= 50
    assert set(CATALOGUE) <= set(listed)
    v005 = next(line for line in result.stdout.splitlines() if line.startswith("V005"))
    assert "error" in v005 and "〈" in v005  # severity and basis


def test_explain_in_both_languages() -> None:
    zh = _jxcheck("explain", "V005")
    en = _jxcheck("explain", "V005", "--lang", "en")
    assert zh.returncode == en.returncode == 0
    assert "检查" in zh.stdout and "修改" in zh.stdout
    assert "What:" in en.stdout and "Fix:" in en.stdout
    assert "检查：" not in en.stdout


def test_unknown_rule_id_is_a_usage_error() -> None:
    result = _jxcheck("explain", "Z999")
    assert result.returncode == 2
    assert "Z999" in result.stderr and "Traceback" not in result.stderr


def test_rule_catalogue_document_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "rules", "--format", "markdown"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "JXCHECK_NO_PLUGINS": "1"},
    )
    document = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert document.endswith(result.stdout), "regenerate docs/rules.md (see its first lines)"
