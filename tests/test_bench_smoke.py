"""The benchmark's own helpers (bench/): the real-layout batch is made of distinct projects, the
comparison tools read what the benchmark writes. No timing is asserted here (bench/ measures)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench import compare, realdocs, reports, startup
from tests.conftest import jxcheck


def test_shifted_codes_keep_their_shape_and_never_meet() -> None:
    codes = ["13073022P00883610001N", "13073022P00884510003F", "13073023P000026100071"]
    seen: set[str] = set()
    for k in range(500):
        for code in codes:
            new = realdocs.shifted_code(code, k)
            assert len(new) == len(code)
            assert new[:9] == code[:9] and new[-1] == code[-1]
            assert new not in seen
            seen.add(new)
    assert realdocs.shifted_code("ABC", 3) == "ABC-3"


def _base(text: str, name: str = "x.yaml") -> realdocs.BaseFile:
    data = yaml.safe_load(text)
    code = data.get("code")
    return realdocs.BaseFile(name, text, data["kind"], code or None, data.get("name"), "doc")


def test_copies_change_the_code_or_else_the_name() -> None:
    coded = _base(
        "# c\nkind: project\ncode: '13073022P00883610001N'\nname: 甲\n",
        "13073022P00883610001N.yaml",
    )
    name, text = realdocs.copy_text(coded, 2)
    assert name == "13073022P00885610007N.yaml"
    assert "code: '13073022P00885610007N'" in text  # the importer's quoting kept
    assert realdocs.copy_text(coded, 0) == (coded.name, coded.text)
    named = _base("kind: project\nname: 乙\nbudget:\n  total: '1'\n")
    assert yaml.safe_load(realdocs.copy_text(named, 3)[1])["name"] == "乙（3）"
    nameless = _base("kind: project\nbudget:\n  total: '1'\n")
    assert yaml.safe_load(realdocs.copy_text(nameless, 3)[1])["name"] == "（3）"
    part1 = _base("kind: document\ndepartment: 丙\n")
    assert realdocs.copy_text(part1, 5) == (part1.name, part1.text)


def test_compare_reads_both_result_formats(tmp_path: Path) -> None:
    old = {"floor": {"median_s": 2.0, "runs_s": [2.0]}, "jobs1": {"median_s": 6.0}}
    (tmp_path / "old.md").write_text(
        "# r\n\n<details><summary>raw timings</summary>\n\n```json\n"
        + json.dumps(old)
        + "\n```\n</details>\n\n## Notes\n",
        encoding="utf-8",
    )
    new = {
        "format": 2,
        "settings": {"records": 2000},
        "ratios": {"jobs1_vs_floor": 2.5},
        "measures": {"floor": {"median_s": 1.0, "label": "floor"}, "jobs1": {"median_s": 2.5}},
    }
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    before, after = compare.load(tmp_path / "old.md"), compare.load(tmp_path / "new.json")
    text = compare.table(before, after, ("old", "new"))
    assert "| floor (`floor`) | 2.000 s | 1.000 s | -50.0% |" in text
    assert "| `jobs1` | 6.000 s | 2.500 s | -58.3% |" in text


def test_importtime_lines_are_parsed() -> None:
    err = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   yaml.error\n"
        "import time:      3000 |       5000 | yaml\n"
    )
    assert startup.parse(err) == {"yaml.error": (1, 0.12, 0.12), "yaml": (0, 3.0, 5.0)}


def test_reports_compare_names_what_differs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for d in (a, b):
        (d / "same.json").write_text("{}\n", encoding="utf-8")
    (a / "x.txt").write_text("one\n", encoding="utf-8")
    (b / "x.txt").write_text("two\n", encoding="utf-8")
    (b / "new.sarif").write_text("{}", encoding="utf-8")
    assert reports.compare(a, b) == ["new.sarif", "x.txt"]


@pytest.mark.slow
def test_real_layout_batch_is_checked_in_full(tmp_path: Path) -> None:
    """Every replicated project is a record of its own: none skipped as a copy of another, no
    duplicate 项目编码."""
    batch = realdocs.build(tmp_path / "real", 100, [sys.executable, "-m", "checker.cli"])
    assert batch.projects == 100 and batch.copies == -(-100 // batch.base_projects)
    out = tmp_path / "report.json"
    done = jxcheck("check", batch.folder, "--jobs", "1", "--format", "json", "-o", out)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["records"] == 100
    assert not report.get("skipped")
    assert Counter(f["rule"] for f in report["findings"])["S006"] == 0
