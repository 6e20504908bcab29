"""The engine: rule isolation (X001), every input reported, stable fingerprints, exit status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import hookimpl
from checker.api import check
from checker.model import Project
from checker.plugins import load_registry
from checker.rule import Hit, Params, ProjectContext, Rule, rule

from .conftest import SEED


@rule(
    "T901",
    "always-raises",
    category="test",
    severity="warning",
    basis="test",
    title=("总是出错", "always raises"),
    message=("不会出现", "never shown"),
)
def always_raises(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """测试用。

    ---
    For tests.
    """
    raise RuntimeError(f"boom on {project.code}")


class CrashingPlugin:
    """A plugin whose only rule raises on every record."""

    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [always_raises]


def _keys(report_json: dict[str, object]) -> list[tuple[str, str | None, int | None, str]]:
    findings = report_json["findings"]
    assert isinstance(findings, list)
    return [(f["rule"], f["project_code"], f["line"], f["fingerprint"]) for f in findings]


def test_crashing_rule_becomes_x001_and_changes_nothing_else() -> None:
    plain = check([SEED]).to_json()
    registry = load_registry([("crashing-test-plugin", CrashingPlugin())])
    crashed = check([SEED], registry=registry).to_json()
    x001 = [f for f in crashed["findings"] if f["rule"] == "X001"]
    assert len(x001) == 10  # one per project table
    assert all("T901" in f["message"] and "boom" in f["message"] for f in x001)
    others = [k for k in _keys(crashed) if k[0] != "X001"]
    assert others == _keys(plain)


def test_report_is_deterministic() -> None:
    first = json.dumps(check([SEED]).to_json(), ensure_ascii=False)
    second = json.dumps(check([SEED]).to_json(), ensure_ascii=False)
    assert first == second


def test_fingerprint_survives_inserted_lines(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    shifted = tmp_path / "shifted.txt"
    marker = "（三）重点工作"
    shifted.write_text(text.replace(marker, "补充说明一行。\n" + marker), encoding="utf-8")
    before = {(f["rule"], f["fingerprint"]): f["line"] for f in check([SEED]).to_json()["findings"]}
    after = {
        (f["rule"], f["fingerprint"]): f["line"] for f in check([shifted]).to_json()["findings"]
    }
    assert before.keys() == after.keys()
    moved = [k for k in before if before[k] and after[k] and after[k] != before[k]]
    assert moved, "lines after the insertion must move while fingerprints stay"


def test_every_input_file_appears(tmp_path: Path) -> None:
    good = tmp_path / "a_good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "b_broken.yaml"
    broken.write_text("projects: [\n", encoding="utf-8")
    binary = tmp_path / "c_binary.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "d_missing.yaml"
    report = check([good, broken, binary, missing]).to_json()
    files = {Path(f["file"]).name: f["status"] for f in report["files"]}
    assert files == {
        "a_good.txt": "checked",
        "b_broken.yaml": "error",
        "c_binary.yaml": "error",
        "d_missing.yaml": "error",
    }
    s000 = {Path(f["file"]).name: f for f in report["findings"] if f["rule"] == "S000"}
    assert set(s000) == {"b_broken.yaml", "c_binary.yaml", "d_missing.yaml"}
    assert s000["b_broken.yaml"]["line"] == 2
    assert report["summary"]["files"] == 4
    assert report["summary"]["records"] == 10


@pytest.mark.parametrize(
    ("fail_on", "status"), [("error", 1), ("never", 0)], ids=["error", "never"]
)
def test_exit_status_follows_fail_on(fail_on: str, status: int) -> None:
    assert check([SEED], fail_on=fail_on).exit_status == status
