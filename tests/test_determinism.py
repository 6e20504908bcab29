"""Determinism: the same inputs give the same bytes, in every report format.

One batch (`tests/mixed_batch.py`: 200 files, good, defective, invalid, unparseable and
unreadable) and a policy with waivers (applied, expired, unused), checked four times:

- twice the same way (run to run);
- with `--jobs 1` and `--jobs 2`;
- with the files named one by one on the command line in reverse order instead of the folder;
- with another hash seed (`PYTHONHASHSEED`: set and dict order of strings), time zone and
  locale.

Every run writes JSON, SARIF, JUnit, Markdown, HTML, xlsx and GitHub annotations, plus the text
report on standard output; each must be byte-identical across the runs. No report carries a
timestamp, a host or user name, or the working directory: a date appears only where the user
gives one (`--today` for waiver expiry).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .mixed_batch import Batch, project_code, write_batch

pytestmark = pytest.mark.slow

FORMATS = {
    "json": "report.json",
    "sarif": "report.sarif",
    "junit": "report.xml",
    "markdown": "report.md",
    "html": "report.html",
    "xlsx": "report.xlsx",
    "github": "report.github.txt",
}

POLICY = """\
name: determinism
extends: hebei
waivers:
  - rule: P001
    project: "{code}"
    reason: 按季度拨付
    approver: 预算科 张三
    expires: 2099-12-31
  - rule: V001
    project: "*"
    reason: 已过期的豁免
    approver: 预算科 李四
    expires: 2020-01-01
  - rule: B004
    project: 99999999P*
    reason: 没有匹配的豁免
    approver: 预算科 王五
    expires: 2099-12-31
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("determinism")
    made = write_batch(root / "season")
    (root / "policy.yaml").write_text(POLICY.format(code=project_code(20)), encoding="utf-8")
    return made


def run(
    batch: Batch, out: Path, paths: list[str], *args: str, env: dict[str, str] | None = None
) -> dict[str, bytes]:
    out.mkdir()
    command = [sys.executable, "-m", "checker.cli", "check", *paths]
    command += ["--policy", str(batch.folder.parent / "policy.yaml"), "--today", "2023-03-01"]
    for fmt, name in FORMATS.items():
        command += ["--format", fmt, "--output", str(out / name)]
    proc = subprocess.run(
        [*command, *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    outputs = {name: (out / name).read_bytes() for name in FORMATS.values()}
    outputs["stdout"] = proc.stdout
    return outputs


def test_reports_are_the_same_bytes_across_runs_jobs_order_and_environment(
    batch: Batch, tmp_path: Path
) -> None:
    folder = [str(batch.folder)]
    reverse = sorted([*batch.files, *batch.duplicates], reverse=True)
    first = run(batch, tmp_path / "first", folder, "--jobs", "1")
    runs = {
        "again": run(batch, tmp_path / "again", folder, "--jobs", "1"),
        "--jobs 2": run(batch, tmp_path / "jobs2", folder, "--jobs", "2"),
        "reverse order, --jobs 2": run(batch, tmp_path / "reverse", reverse, "--jobs", "2"),
        "hash seed, time zone, locale": run(
            batch,
            tmp_path / "env",
            folder,
            "--jobs",
            "2",
            env={"PYTHONHASHSEED": "12345", "TZ": "America/Anchorage", "LC_ALL": "C"},
        ),
    }
    for case, outputs in runs.items():
        for name, data in first.items():
            assert outputs[name] == data, f"{name} differs: {case}"

    report = first["report.json"].decode("utf-8")
    for waived in ("按季度拨付", "X002", "X003"):  # the waivers did their work
        assert waived in report
    assert len(batch.files) + len(batch.duplicates) == 200


def test_no_timestamp_host_or_working_directory_in_any_report(batch: Batch, tmp_path: Path) -> None:
    outputs = run(batch, tmp_path / "out", [str(batch.folder)], "--jobs", "1")
    clock = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\b\d\d:\d\d:\d\d\b")
    host = socket.gethostname().encode()
    for name, data in outputs.items():
        if name.endswith(".xlsx"):
            continue  # a zip: its dates are fixed (checker.reporters.xlsx.FIXED_DATE)
        assert not clock.search(data), (name, clock.search(data))
        assert len(host) < 4 or host not in data, name
        assert str(ROOT).encode() not in data, name  # the working directory of the run
