"""docs/local-rules.md is tested: the ten examples of its section "十个实际要求示例" are rules
with cases that fire and cases that do not, and every case passes; the other YAML blocks marked
as complete policies (`# 完整策略：FILE`) or rule files (`# 规则文件：PATH`) load and their own
cases pass; the blocks marked as wrong YAML (`# 错误写法`) are wrong, the right ones right.

The examples are read at collection (one test per case, id `rule:name`); the policy is written
and loaded once per module, into a registry of the module's own (declared rules never reach the
cached registry other tests use)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.declarative import is_declarative
from checker.plugins import Registry, load_registry
from checker.policy import load_policy
from checker.testing import RuleCase, declared_rule_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "local-rules.md"
TEXT = DOC.read_text(encoding="utf-8")

EXAMPLES_HEADING = "## 十个实际要求示例"
POLICY_MARK = "# 完整策略："
RULE_FILE_MARK = "# 规则文件："
WRONG_MARK = "# 错误写法"
RIGHT_MARK = "# 正确写法"
#: The examples' headings start with a Chinese numeral (一、… 十、); other subsections do not.
NUMERALS = tuple("一二三四五六七八九十")

_BLOCK_RE = re.compile(r"^```yaml\n(.*?)^```$", re.S | re.M)


def _section(text: str, heading: str) -> str:
    """The text under a `## ` heading, up to the next `## ` heading."""
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _blocks(text: str) -> list[str]:
    return _BLOCK_RE.findall(text)


def _subsections(text: str) -> list[tuple[str, str]]:
    """(heading, text) of each `### ` subsection."""
    parts = re.split(r"^### (.+)$", text, flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _marked(mark: str) -> dict[str, str]:
    """The blocks of the whole document whose first line is `mark` + a file name, by name."""
    found: dict[str, str] = {}
    for block in _blocks(TEXT):
        first = block.split("\n", 1)[0]
        if first.startswith(mark):
            name = first.removeprefix(mark).strip()
            assert name not in found, f"two blocks named {name}"
            found[name] = block
    return found


EXAMPLES_TEXT = _section(TEXT, EXAMPLES_HEADING)
EXAMPLES = [b for b in _blocks(EXAMPLES_TEXT) if b.startswith("- id:")]
SPECS: list[dict[str, Any]] = [yaml.safe_load(b)[0] for b in EXAMPLES]
CASE_IDS = [
    f"{spec['id']}:{case.get('name', f'case {i + 1}')}"
    for spec in SPECS
    for i, case in enumerate(spec.get("cases") or [])
]
POLICIES = _marked(POLICY_MARK)
RULE_FILES = _marked(RULE_FILE_MARK)


def _registry() -> Registry:
    """The installed plugins, with a rules dict of this module's own (declared rules go in it)."""
    base = load_registry()
    return replace(base, rules={k: r for k, r in base.rules.items() if not is_declarative(r)})


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, dict[str, RuleCase]]:
    """The ten examples as one policy (`extends: national`), loaded: the registry and the cases
    written under its rules, by `rule:name`."""
    directory = tmp_path_factory.mktemp("local-rules-examples")
    body = "".join(textwrap.indent(block, "  ") for block in EXAMPLES)
    policy = _write(directory, "examples.yaml", "extends: national\nrules:\n" + body)
    registry = _registry()
    load_policy(registry, policy, cwd=directory)
    return registry, {str(case): case for case in declared_rule_cases(registry)}


def test_ten_examples_one_rule_each() -> None:
    subsections = [(h, t) for h, t in _subsections(EXAMPLES_TEXT) if h.startswith(NUMERALS)]
    assert len(subsections) == 10, [h for h, _ in subsections]
    for heading, text in subsections:
        rules = [b for b in _blocks(text) if b.startswith("- id:")]
        assert len(rules) == 1, heading
        assert "来源" in text and "原文" in text and "http" in text, heading
    assert len(EXAMPLES) == 10
    ids = [spec["id"] for spec in SPECS]
    assert len(set(ids)) == 10, ids


@pytest.mark.parametrize("spec", SPECS, ids=[spec["id"] for spec in SPECS])
def test_each_example_fires_and_keeps_quiet(spec: dict[str, Any]) -> None:
    cases = spec.get("cases") or []
    assert any(case.get("findings") for case in cases), "no case that fires"
    assert any(case.get("findings") == [] for case in cases), "no case that keeps quiet"


def test_examples_are_the_declared_rules(
    examples: tuple[Registry, dict[str, RuleCase]],
) -> None:
    registry, cases = examples
    declared = {rule_id for rule_id, r in registry.rules.items() if is_declarative(r)}
    assert declared == {spec["id"] for spec in SPECS}
    assert sorted(cases) == sorted(CASE_IDS)
    assert len(set(CASE_IDS)) == len(CASE_IDS)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_example_case(examples: tuple[Registry, dict[str, RuleCase]], case_id: str) -> None:
    registry, cases = examples
    run_case(cases[case_id], registry)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_complete_policy_loads_and_its_cases_pass(tmp_path: Path, name: str) -> None:
    for path, text in RULE_FILES.items():
        _write(tmp_path, path, text)
    policy = _write(tmp_path, name, POLICIES[name])
    registry = _registry()
    load_policy(registry, policy, cwd=tmp_path)
    cases = declared_rule_cases(registry)
    assert cases, f"{name} declares no rule with cases"
    for case in cases:
        run_case(case, registry)


def test_every_rule_file_is_named_by_a_policy() -> None:
    named: set[str] = set()
    for text in POLICIES.values():
        named.update(yaml.safe_load(text).get("rule_files") or [])
    assert set(RULE_FILES) <= named


def test_the_yaml_trap_is_a_trap() -> None:
    wrong = [b for b in _blocks(TEXT) if b.startswith(WRONG_MARK)]
    right = [b for b in _blocks(TEXT) if b.startswith(RIGHT_MARK)]
    assert wrong and right
    for block in wrong:
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(block)
    for block in right:
        advice = yaml.safe_load(block)["advice"]
        assert advice["zh"] == "把“{row_name}”的指标值改为 ≥{at_least}{unit}"
