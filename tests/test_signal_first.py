"""What a reviewer sees first (issue 16): errors and warnings, infos counted; one verdict per
project; locations in the document's own numbering and order; a batch that adds up.

Each test runs the CLI as a user does and pins one item of the issue's "Why" list as fixed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, SEED, jxcheck

CORRECTED = ROOT / "tests" / "golden" / "seed_corrected.txt"
SEED_DOCX = ROOT / "tests" / "data" / "office" / "seed.docx"
#: `file:line: ID severity …` or `file:label: ID severity …`: a finding line on the terminal.
FINDING_LINE = re.compile(r"^\S.*?: [A-Z]+\d{3} (error|warning|info) ")


def _json(*args: str | Path) -> dict[str, Any]:
    proc = jxcheck("check", *args, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


@pytest.mark.slow
def test_the_corrected_seed_prints_no_finding_and_counts_the_infos_kept_back() -> None:
    proc = jxcheck("check", CORRECTED)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert not [line for line in lines if FINDING_LINE.match(line)], proc.stdout
    infos = _json(CORRECTED)["summary"]["findings"]["info"]
    assert infos > 0
    (kept,) = [line for line in lines if line.startswith("另有")]
    assert f"另有 {infos} 个提示未逐条列出" in kept and "--show-infos" in kept, kept
    shown = jxcheck("check", CORRECTED, "--show-infos").stdout.splitlines()
    assert sum(1 for line in shown if FINDING_LINE.match(line)) == infos


@pytest.mark.slow
def test_the_seed_shows_its_errors_first_then_its_warnings() -> None:
    proc = jxcheck("check", SEED)
    assert proc.returncode == 1
    report = _json(SEED)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    warnings = [f for f in report["findings"] if f["severity"] == "warning"]
    lines = proc.stdout.splitlines()
    assert lines[0] == f"错误 {len(errors)} 个：" and len(errors) == 6
    assert [line.split(": ")[1].split()[0] for line in lines[1:7]] == [f["rule"] for f in errors]
    assert all(" error " in line for line in lines[1:7])
    assert lines[8] == f"警告 {len(warnings)} 个："
    finding_lines = [line for line in lines if FINDING_LINE.match(line)]
    assert len(finding_lines) == len(errors) + len(warnings)  # no info listed
    en = jxcheck("check", SEED, "--lang", "en").stdout.splitlines()
    assert en[0] == "6 errors:" and any(
        line.startswith("--show-infos") or "infos not listed" in line for line in en
    )


@pytest.mark.slow
def test_a_project_has_one_verdict_that_cannot_contradict_itself() -> None:
    """Before: `通过 中` ("passed" and "must be resubmitted")."""
    proc = jxcheck("check", SEED)
    report = _json(SEED)
    scale = {g["grade"]: g["meaning"]["zh"] for g in report["grades"]["scale"]}
    for record in report["records"]:
        (line,) = [x for x in proc.stdout.splitlines() if x.startswith(record["project_code"])]
        verdict = line.rsplit(": ", 1)[1]
        assert verdict.startswith(f"{record['grade']}：{scale[record['grade']]} ("), line
        assert "通过" not in verdict, line
    assert "条通过" not in proc.stdout.splitlines()[-1]


@pytest.mark.slow
def test_a_run_with_select_says_its_grades_are_partial() -> None:
    """Before: with `--select F002` a project with other problems was graded 优 as if every
    rule had run, and nothing said otherwise."""
    report = _json(SEED, "--select", "F002")
    assert report["grades"]["partial"] is True
    assert _json(SEED)["grades"]["partial"] is False
    proc = jxcheck("check", SEED, "--select", "F002")
    assert "只运行了部分规则" in proc.stdout.splitlines()[-1]
    assert all(
        "（部分规则）" in line for line in proc.stdout.splitlines() if line.startswith("1307")
    )
    en = jxcheck("check", SEED, "--select", "F002", "--lang", "en").stdout
    assert "grades are partial" in en


def test_docx_locations_number_tables_as_the_document_does_in_document_order() -> None:
    """Before: `表15` counted Word's tables (two per project) while messages counted projects
    (`与表7…完全相同`), and findings of a project were listed by rule, not by place."""
    report = _json(SEED_DOCX)
    located = re.compile(r"^表(\d+)（Word 表(\d+)）第(\d+)行 第(\d+)列")
    for finding in report["findings"]:
        match = located.match(finding["location"] or "")
        if finding["record"] is None or match is None:
            continue
        record = report["records"][finding["record"]]
        heading_number = finding["record"] + 1  # the seed numbers its tables 1., 2., …
        assert int(match.group(1)) == heading_number, (finding["location"], record)
        for other in re.findall(r"与表(\d+)（", finding["message"]):
            assert int(other) < heading_number  # the earlier table, in the same numbering
    copied = [f for f in report["findings"] if "与表7（" in f["message"]]
    assert copied and all(f["location"].startswith("表8（") for f in copied)
    # document order within each project: Word table, row, cell never go back
    by_record: dict[int, list[tuple[int, ...]]] = {}
    for finding in report["findings"]:
        match = located.match(finding["location"] or "")
        if finding["record"] is not None and match is not None:
            place = tuple(int(g) for g in match.groups()[1:])
            by_record.setdefault(finding["record"], []).append(place)
    assert by_record
    for places in by_record.values():
        assert places == sorted(places), places


def test_department_totals_include_part_1_and_add_up_to_the_run() -> None:
    """Before: the department table left out Part 1 (4 errors against the run's 6)."""
    report = _json(SEED)
    (row,) = report["departments"]
    assert row["findings"] == report["summary"]["findings"]
    assert row["findings"]["error"] == 6


@pytest.mark.slow
def test_a_document_beside_its_own_yaml_import_is_checked_once(tmp_path: Path) -> None:
    """Before: `jxcheck import … -o examples` then `jxcheck check examples` gave 10 false S006
    duplicate-code errors (22 errors instead of 6)."""
    folder = tmp_path / "season"
    folder.mkdir()
    shutil.copy(SEED, folder)
    proc = jxcheck("import", folder / SEED.name, "-o", folder)
    assert proc.returncode == 0, proc.stderr
    assert len(list(folder.iterdir())) == 2
    report = _json(folder)
    alone = _json(SEED)
    assert report["summary"]["findings"] == alone["summary"]["findings"]
    assert not [f for f in report["findings"] if f["rule"] == "S006"]
    (skipped,) = report["skipped"]
    assert skipped["kind"] == "duplicate" and skipped["file"].endswith(".yaml")
    assert SEED.name in skipped["reason"]
    # a different document with the same codes is still a duplicate-code problem
    other = (folder / SEED.with_suffix(".yaml").name).read_text(encoding="utf-8")
    (folder / SEED.with_suffix(".yaml").name).write_text(
        other.replace("差旅费成本", "差旅费用成本", 1), encoding="utf-8"
    )
    changed = _json(folder)
    assert "skipped" not in changed or not changed["skipped"]
    assert [f for f in changed["findings"] if f["rule"] == "S006"]


@pytest.mark.slow
def test_every_project_line_of_a_batch_names_its_file(tmp_path: Path) -> None:
    records = ROOT / "tests" / "data" / "realdocs"
    other = sorted(records.glob("*.txt"))[0]
    proc = jxcheck("check", SEED, other)
    report = _json(SEED, other)
    project_lines = [
        line
        for line in proc.stdout.splitlines()
        if not FINDING_LINE.match(line) and re.search(r": \S+：", line)
    ]
    assert len(project_lines) == len(report["records"]) > 10
    for line, record in zip(project_lines, report["records"], strict=True):
        assert line.startswith(f"{record['file']}:"), line
