"""The seed as the golden test: the complete set of findings, run as a user runs jxcheck.

The expected file `golden/seed.expected.yaml` lists (rule, table, line, severity) for every
finding, derived rule by rule from domain.md §6. Injected defects (one per rule the engine issue
names) must be found at the right project and line, and nothing else may change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden"
CORRECTED = GOLDEN / "seed_corrected.txt"


def run_check(*args: str | Path, cwd: Path = ROOT) -> tuple[int, dict[str, Any]]:
    """`jxcheck check … --format json` as a user runs it; exit status and the report."""
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", *map(str, args), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def table_of(report: dict[str, Any], code: str | None) -> str:
    codes = [r["project_code"] for r in report["records"]]
    return f"T{codes.index(code) + 1}" if code in codes else "Part1"


def findings_of(report: dict[str, Any]) -> Counter[tuple[str, str, int, str]]:
    return Counter(
        (f["rule"], table_of(report, f["project_code"]), f["line"], f["severity"])
        for f in report["findings"]
    )


@pytest.fixture(scope="module")
def seed_report() -> tuple[int, dict[str, Any]]:
    return run_check(SEED)


def test_seed_findings_equal_the_golden_file(seed_report: tuple[int, dict[str, Any]]) -> None:
    status, report = seed_report
    expected = yaml.safe_load((GOLDEN / "seed.expected.yaml").read_text(encoding="utf-8"))
    wanted = Counter(tuple(row) for row in expected["findings"])
    found = findings_of(report)
    assert found == wanted, {
        "missing": sorted((wanted - found).elements()),
        "unexpected": sorted((found - wanted).elements()),
    }
    assert status == 1


def test_seed_errors_are_exactly_the_catalogues(seed_report: tuple[int, dict[str, Any]]) -> None:
    _, report = seed_report
    errors = sorted(
        (f["rule"], table_of(report, f["project_code"]), f["line"])
        for f in report["findings"]
        if f["severity"] == "error"
    )
    assert errors == [
        ("F002", "T7", 638),
        ("F002", "T8", 729),
        ("F002", "T9", 820),
        ("S002", "Part1", 15),
        ("S002", "Part1", 17),
        ("V005", "T3", 263),
    ]


def test_engine_issue_seed_check(seed_report: tuple[int, dict[str, Any]]) -> None:
    """Issue 3: exit 1, S002 at lines 15 and 17, V001 at 442 for 13073023P00017010002Q."""
    status, report = seed_report
    assert status == 1
    s002 = sorted(f["line"] for f in report["findings"] if f["rule"] == "S002")
    assert s002 == [15, 17]
    v001 = [(f["line"], f["project_code"]) for f in report["findings"] if f["rule"] == "V001"]
    assert v001 == [(442, "13073023P00017010002Q")]
    assert report["summary"]["records"] == 10


@pytest.mark.parametrize("policy", ["national", "hebei"])
def test_corrected_seed_has_no_error_and_no_warning(policy: str) -> None:
    status, report = run_check(CORRECTED, "--policy", policy, "--fail-on", "warning")
    counts = report["summary"]["findings"]
    assert (counts["error"], counts["warning"]) == (0, 0), [
        (f["rule"], f["line"], f["message"]) for f in report["findings"] if f["severity"] != "info"
    ]
    assert status == 0


# Injected defects: (what, [(line, old, new)…], the finding (rule, table, line) it must add).
DEFECTS = [
    (
        "decreasing plan",
        [(52, "\t90", "\t50")],
        ("P002", "T1", 52),
    ),
    (
        "plan not reaching 100",
        [(53, "\t100", "\t95")],
        ("P003", "T1", 53),
    ),
    (
        "cost above the budget",
        [(270, "≤4万元", "≤5万元")],
        ("B004", "T3", 270),
    ),
    (
        "itemised costs summing above the budget",
        [(946, "≤15万元", "≤16万元")],
        ("B004", "T10", 872),
    ),
    (
        "95%以上",
        [(346, "≥95%", "95%以上")],
        ("V001", "T4", 346),
    ),
]


def _inject(tmp_path: Path, edits: list[tuple[int, str, str]]) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for number, old, new in edits:
        assert old in lines[number - 1], (number, lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path = tmp_path / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("what", "edits", "expected"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_injected_defect_is_found_and_nothing_else_changes(
    tmp_path: Path,
    seed_report: tuple[int, dict[str, Any]],
    what: str,
    edits: list[tuple[int, str, str]],
    expected: tuple[str, str, int],
) -> None:
    _, before = seed_report
    _, after = run_check(_inject(tmp_path, edits))
    added = findings_of(after) - findings_of(before)
    assert expected in {(rule, table, line) for rule, table, line, _ in added}, sorted(added)
    table = expected[1]
    changed = (findings_of(before) - findings_of(after)) + added
    unrelated = [f for f in changed.elements() if f[1] != table]
    assert not unrelated


@pytest.mark.slow
@pytest.mark.parametrize(
    ("what", "start", "stop", "rule"),
    [
        ("数量", 67, 73, "C001"),
        ("成本", 88, 94, "C002"),
        ("效益", 95, 101, "C003"),
        ("满意度", 102, 108, "C004"),
    ],
)
def test_missing_indicator_row_is_found(
    tmp_path: Path, what: str, start: int, stop: int, rule: str
) -> None:
    """Removing a whole row of table 1 (lines start..stop) gives the coverage finding for T1."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    removed = lines[start - 1 : stop]
    assert any(what in line for line in removed), removed
    if start == 67:  # the 产出 label sits on the removed row: move it to the next one
        lines[74 - 1] = "\t产出指标"
    del lines[start - 1 : stop]
    path = tmp_path / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    _, report = run_check(path)
    hits = [
        (f["rule"], table_of(report, f["project_code"]), f["severity"])
        for f in report["findings"]
        if f["rule"] == rule
    ]
    assert hits and all(table == "T1" for _, table, _ in hits), hits
