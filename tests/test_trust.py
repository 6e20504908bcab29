"""Faults and attacks found by the adversarial review, each run as a user runs jxcheck.

- an alias budget per file, not per YAML document (a stream of small bombs is one big bomb);
- 100,000-character cells in the shapes that made the old patterns quadratic, checked through
  the CLI in the time of a short table (the ratio per rule: tests/test_linear_time.py);
- `--jobs N` workers that exit when the main process dies, however it dies;
- user errors in a policy (a 5000-digit number, a date that does not exist, 1,100 chained
  `extends`) and in a record (a budget of 5000 digits) are one line or a finding, never an
  internal error or a crashed rule (X001).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, jxcheck

SEED_YAML = ROOT / "examples" / "000_57b4140ba813d59e.yaml"


def _one_line(proc: subprocess.CompletedProcess[str], start: str) -> str:
    stderr = proc.stderr
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr and "内部错误" not in stderr, stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"jxcheck: {start}"), stderr
    return stderr


def test_alias_budget_is_the_files(tmp_path: Path) -> None:
    """Many YAML documents each under the alias budget add up past it: refused, once."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"  # ~1,100 nodes a document
    path = tmp_path / "stream.yaml"
    path.write_text("---\n".join([bomb] * 400), encoding="utf-8")
    proc = jxcheck("check", path, "--format", "json", timeout=120)
    assert "Traceback" not in proc.stderr
    assert '"S000"' in proc.stdout
    assert "别名" in proc.stdout


@pytest.mark.slow
def test_long_cells_are_checked_as_fast_as_short_ones(tmp_path: Path) -> None:
    """A 指标值, a goal and a description of 100,000 characters (digit runs, spaces, arrows,
    numbering, amounts) are checked: before, one such cell took 25 s and several minutes."""
    import yaml

    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    shapes = {"digits": "1", "spaces": " ", "arrows": "→", "numbering": "1.", "money": "1万元"}
    for name, unit in shapes.items():
        text = (unit * 100_000)[:100_000]
        project = data["projects"][0]
        project["indicators"][0]["value"] = "≥" + text
        project["indicators"][1]["description"] = "组织" + text
        project["goals"][0] = "完成" + text
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    proc = jxcheck("check", tmp_path, "--format", "json", timeout=60)
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == len(shapes), proc.stderr
    assert "X001" not in {f["rule"] for f in report["findings"]}


@pytest.mark.slow
def test_policy_user_errors_are_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(
        "name: big\nextends: national\nparams:\n  G006: {min_chars: " + "9" * 5000 + "}\n",
        encoding="utf-8",
    )
    assert "4300" in _one_line(jxcheck("check", SEED_YAML, "--policy", big), str(big) + ":4:")
    bad_date = tmp_path / "date.yaml"
    bad_date.write_text(
        "name: d\nextends: national\nwaivers:\n"
        '  - {rule: V005, project: "*", reason: r, approver: a, expires: 0000-01-01}\n',
        encoding="utf-8",
    )
    assert "0000-01-01" in _one_line(
        jxcheck("check", SEED_YAML, "--policy", bad_date), str(bad_date) + ":4:"
    )
    for i in range(1, 1101):
        (tmp_path / f"p{i}.yaml").write_text(f"name: p{i}\nextends: p{i + 1}.yaml\n", "utf-8")
    (tmp_path / "p1101.yaml").write_text("name: p1101\nextends: national\n", "utf-8")
    stderr = _one_line(jxcheck("check", SEED_YAML, "--policy", "p1.yaml", cwd=tmp_path), "p")
    assert "extends" in stderr and "32" in stderr


def test_a_policy_pattern_needing_backtracking_is_refused_when_it_loads(tmp_path: Path) -> None:
    """Policy patterns are matched by RE2 (linear time): look-around is refused, with the rule."""
    policy = tmp_path / "lookahead.yaml"
    policy.write_text(
        "name: l\nextends: national\nparams:\n  N002: {pattern: '^(?=[0-9]{6})[0-9]+'}\n",
        encoding="utf-8",
    )
    stderr = _one_line(jxcheck("check", SEED_YAML, "--policy", policy), str(policy))
    assert "N002" in stderr and "RE2" in stderr


def test_a_huge_budget_is_no_crashed_rule(tmp_path: Path) -> None:
    """A 5000-digit budget is no amount (B002), and the money rules do not crash on it."""
    import yaml

    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    data["projects"][0]["budget"]["total"] = "9" * 5000
    path = tmp_path / "huge.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    policy = tmp_path / "bounds.yaml"
    policy.write_text(
        "name: b\nextends: national\nseverity: {B006: info}\n"
        'params:\n  B006: {bounds: {项: {min: "0", max: "1"}}}\n',
        encoding="utf-8",
    )
    proc = jxcheck("check", path, "--policy", policy, "--format", "json")
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert "X001" not in rules and "B002" in rules


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups and signals")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_exit_when_the_main_process_dies(tmp_path: Path, how: signal.Signals) -> None:
    """Kill `jxcheck check --jobs 2` mid-run: its workers are gone within seconds."""
    import yaml

    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    folder = tmp_path / "season"
    folder.mkdir()
    for i in range(400):
        (folder / f"d{i:03}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", str(folder), "--jobs", "2", "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, how)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their parent"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
