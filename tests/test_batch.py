"""Batch runs: worker processes give the same report as one process; a killed worker loses no
other file; baselines are written, used and go stale; the summary by department; progress."""

from __future__ import annotations

import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.generate import generate
from checker import hookimpl, parallel, progress, runner
from checker.api import check, prepare
from checker.baseline import BASELINE_FORMAT, Baseline, baseline_text
from checker.engine import CheckOptions, Engine, EngineSpec, expand_paths
from checker.model import Project
from checker.plugins import load_registry
from checker.rule import Hit, Params, ProjectContext, Rule, rule

from .conftest import ROOT, SEED, jxcheck

RECORDS = 260  # 215 files: 214 one-record files and one department's document


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A season's submissions: synthetic records of many departments, one in ten defective."""
    folder = tmp_path_factory.mktemp("season")
    written = generate(folder, RECORDS, documents=0.05)
    assert written["files"] >= 200 and written["documents"] >= 1
    return folder


# --- the same report whatever the number of workers ---------------------------------------------


@pytest.mark.slow
def test_jobs_1_and_jobs_2_reports_are_the_same_bytes(season: Path, tmp_path: Path) -> None:
    one = jxcheck("check", season, "--jobs", "1", "--format", "json", "-o", tmp_path / "1.json")
    two = jxcheck("check", season, "--jobs", "2", "--format", "json", "-o", tmp_path / "2.json")
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert one.stdout == two.stdout  # the text report on the terminal, too
    report = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))
    assert report["summary"]["files"] >= 200
    assert report["summary"]["records"] == RECORDS
    assert report["summary"]["findings"]["error"] > 0


@pytest.mark.slow
def test_workers_are_used_and_give_the_same_outcomes(season: Path) -> None:
    registry, policy = prepare(None)
    engine = Engine(registry, policy, CheckOptions(lang="zh"))
    paths = expand_paths([season], [".yaml"])
    alone = [parallel.pack(o) for o in runner.outcomes(engine, paths, jobs=1)]
    seen: list[int] = []
    workers = parallel.run_parallel(
        engine, None, paths, 2, engine.crashed_outcome, lambda done, total: seen.append(done)
    )
    assert [parallel.pack(o) for o in workers] == alone
    assert seen == list(range(1, len(paths) + 1))


@pytest.mark.slow
def test_spawned_workers_build_their_own_engine(
    season: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: False)  # as in a threaded process
    options = CheckOptions(lang="zh")
    registry, policy = prepare("national")
    engine = Engine(registry, policy, options)
    paths = expand_paths([season], [".yaml"])[:12]
    spec = EngineSpec("national", (), (), options, str(ROOT))
    spawned = parallel.run_parallel(engine, spec, paths, 2, engine.crashed_outcome)
    assert [parallel.pack(o) for o in spawned] == [
        parallel.pack(o) for o in runner.outcomes(engine, paths, jobs=1)
    ]
    with pytest.raises(ValueError):
        parallel.run_parallel(engine, None, paths, 2, engine.crashed_outcome)


def test_packing_an_outcome_loses_nothing() -> None:
    registry, policy = prepare(None)
    engine = Engine(registry, policy, CheckOptions())
    outcome = engine.check_path(SEED)
    assert outcome.findings and outcome.records and outcome.keys and outcome.documents
    assert parallel.unpack(parallel.pack(outcome)) == outcome


def test_a_few_files_are_checked_in_process(season: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker for three files")

    monkeypatch.setattr(parallel, "run_parallel", refuse)
    registry, policy = prepare(None)
    engine = Engine(registry, policy, CheckOptions())
    paths = expand_paths([season], [".yaml"])[:3]
    assert len(runner.outcomes(engine, paths, jobs=8)) == 3


# --- a killed worker ------------------------------------------------------------------------------

_PARENT = os.getpid()
_VICTIM = "victim"


@rule(
    "T950",
    "kills-its-worker",
    category="test",
    severity="info",
    basis="test",
    title=("杀死工作进程", "kills its worker"),
    message=("不会出现", "never shown"),
)
def kills_its_worker(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """测试用：在工作进程中遇到名为 victim 的项目时杀死该进程。

    ---
    For tests: kills the worker process checking the project named `victim`.
    """
    if project.name == _VICTIM and os.getpid() != _PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    yield from ()


class KillerPlugin:
    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [kills_its_worker]


@pytest.mark.slow
@pytest.mark.skipif(not parallel.can_fork(), reason="the test plugin reaches workers by fork")
@pytest.mark.parametrize(
    ("count", "victim_at"),
    [(40, 17), (400, 203)],  # 400: workers answer several files at a time until one dies
    ids=["file-by-file", "batched-replies"],
)
def test_a_killed_worker_loses_no_other_file(
    season: Path, tmp_path: Path, count: int, victim_at: int
) -> None:
    folder = tmp_path / "season"
    folder.mkdir()
    files = sorted(p for p in season.rglob("*.yaml") if p.name != "document.yaml")
    for index in range(count):
        source = files[index % len(files)]
        (folder / f"{index:03d}.yaml").write_bytes(source.read_bytes())
    victim = folder / f"{victim_at:03d}.yaml"
    data = yaml.safe_load(victim.read_text(encoding="utf-8"))
    data["name"] = _VICTIM
    victim.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    registry = load_registry([("killer", KillerPlugin())])
    registry_plain, policy_plain = prepare(None)
    _, policy = prepare(None, registry=registry)
    paths = expand_paths([folder], [".yaml"])
    crashed_engine = Engine(registry, policy, CheckOptions())
    crashed = crashed_engine.finish(runner.outcomes(crashed_engine, paths, jobs=2))
    plain_engine = Engine(registry_plain, policy_plain, CheckOptions())
    plain = plain_engine.finish(runner.outcomes(plain_engine, paths, jobs=1))

    # every file is there: checked, or skipped as a copy of a document another file holds
    copies = [s["file"] for s in crashed.extras.get("skipped", []) if s["kind"] == "duplicate"]
    assert sorted([f.file for f in crashed.files] + copies) == sorted(str(p) for p in paths)
    assert copies == [s["file"] for s in plain.extras.get("skipped", [])]
    lost = [f for f in crashed.findings if f.file == str(victim)]
    assert [(f.rule, f.severity.name) for f in lost] == [("S000", "error")]
    assert "signal 9" in lost[0].message.en and "工作进程" in lost[0].message.zh
    (status,) = [f.status for f in crashed.files if f.file == str(victim)]
    assert status == "error"

    # batch rules compare projects across files (the 400 are copies of fewer: duplicates),
    # so the victim's absence changes theirs; every other finding must be the same
    batch = {r.id for r in registry.rules.values() if r.scope == "batch"}

    def others(findings: list[Any]) -> list[tuple[str, str, int | None, str]]:
        return [
            (f.file, f.rule, f.line, f.fingerprint)
            for f in findings
            if f.file != str(victim) and (count == 40 or f.rule not in batch)
        ]

    assert others(crashed.findings) == others(plain.findings)
    assert len(crashed.records) == len(plain.records) - 1


# --- baselines ------------------------------------------------------------------------------------


def _valid_report(report: dict[str, Any]) -> None:
    """The JSON report, with its `departments` and `baseline` sections, fits its schema."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "checker/schemas/report.schema.json").read_text("utf-8"))
    Draft202012Validator(schema).validate(report)
    assert report["departments"] and report["baseline"]["file"]


def _project_file(folder: Path) -> list[Path]:
    """The one-record project files of a folder (not department documents)."""
    return [p for p in sorted(folder.glob("*.yaml")) if "projects" not in p.read_text("utf-8")]


def _edit(path: Path, change: Any) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")


def _decreasing(record: dict[str, Any]) -> None:
    record["spending_plan"][2]["percent"] = "10"


def _increasing(record: dict[str, Any]) -> None:
    record["spending_plan"][2]["percent"] = "90"


@pytest.mark.slow
def test_baseline_write_use_and_staleness(season: Path, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for index, source in enumerate(sorted(season.rglob("*.yaml"))[:60]):
        (folder / f"{index:03d}.yaml").write_bytes(source.read_bytes())
    first, second = _project_file(folder)[:2]
    _edit(first, _decreasing)  # last year's problem: P002, a plan that decreases
    baseline = tmp_path / "baseline.json"

    written = jxcheck("baseline", "write", baseline, "records", "--jobs", "2", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    text = baseline.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == BASELINE_FORMAT
    entries = data["entries"]
    assert entries and all(e["file"].startswith("records/") for e in entries)
    assert all(
        {"fingerprint", "rule", "file", "project_code", "message"} <= set(e) for e in entries
    )
    old = [e for e in entries if e["rule"] == "P002" and e["file"] == f"records/{first.name}"]
    assert len(old) == 1
    # deterministic: the same run writes the same bytes
    again = jxcheck("baseline", "write", tmp_path / "again.json", "records", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "again.json").read_text("utf-8") == text

    # every finding baselined: shown, counted, not failing
    before = jxcheck("check", "records", "--format", "json", cwd=tmp_path)
    used = jxcheck("check", "records", "--baseline", baseline, "--format", "json", cwd=tmp_path)
    assert before.returncode == 1 and used.returncode == 0, used.stderr
    plain, report = json.loads(before.stdout), json.loads(used.stdout)
    assert report["summary"]["baselined"] == len(plain["findings"])
    assert report["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert all(f["baselined"] for f in report["findings"])
    assert report["baseline"]["stale"] == [] and report["baseline"]["matched"] == len(entries)
    _valid_report(report)
    text_report = jxcheck("check", "records", "--baseline", baseline, cwd=tmp_path).stdout
    assert "(基线)" in text_report and "个在基线中" in text_report

    # last year's problem fixed: its entry goes stale (X004); this year's new one fails
    _edit(first, _increasing)
    _edit(second, _decreasing)
    after = jxcheck("check", "records", "--baseline", baseline, "--format", "json", cwd=tmp_path)
    assert after.returncode == 1
    report = json.loads(after.stdout)
    stale = report["baseline"]["stale"]
    assert [s["fingerprint"] for s in stale] == [old[0]["fingerprint"]]
    _valid_report(report)
    x004 = [f for f in report["findings"] if f["rule"] == "X004"]
    assert len(x004) == 1 and x004[0]["severity"] == "info"
    assert old[0]["fingerprint"] in x004[0]["message"]
    assert x004[0]["file"] == f"records/{first.name}"
    failing = [f for f in report["findings"] if f["severity"] == "error" and not f["baselined"]]
    assert [(f["rule"], f["file"]) for f in failing] == [("P002", f"records/{second.name}")]

    # a run over one file (pre-commit) reports no entry of the files it did not check as stale
    single = jxcheck(
        "check", f"records/{second.name}", "--baseline", baseline, "--format", "json", cwd=tmp_path
    )
    assert single.returncode == 1
    assert not [f for f in json.loads(single.stdout)["findings"] if f["rule"] == "X004"]


@pytest.mark.slow
def test_a_broken_baseline_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    result = jxcheck("check", SEED, "--baseline", bad)
    assert result.returncode == 2 and "jxcheck-baseline/1" in result.stderr
    missing = jxcheck("check", SEED, "--baseline", tmp_path / "none.json", "--lang", "en")
    assert missing.returncode == 2 and "baseline write" in missing.stderr


def test_baseline_entries_are_sorted_and_skip_waiver_findings() -> None:
    report = check([SEED])
    data = json.loads(baseline_text(report))
    keys = [(e["file"], e["project_code"] or "", e["rule"], e["pointer"]) for e in data["entries"]]
    assert keys == sorted(keys)
    assert not {"X002", "X003", "X004"} & {e["rule"] for e in data["entries"]}
    marked = check([SEED], baseline=Baseline.from_data("b.json", data))
    assert marked.exit_status == 0 and marked.baselined_count == len(marked.findings)


# --- summary by department and progress -----------------------------------------------------------


def test_summary_by_department(season: Path) -> None:
    report = check([season])
    rows = report.extras["departments"]
    assert sum(r["records"] for r in rows) == len(report.records)
    assert sum(r["failed"] for r in rows) == sum(1 for r in report.records if r.status == "failed")
    names = [r["department"] for r in rows]
    assert names == sorted(names, key=lambda n: (n is None, n or ""))
    assert all(n is None or not n[:6].isdigit() for n in names)  # unit codes stripped
    table = progress.department_table(rows, "zh")
    assert table.startswith("按单位汇总") and len(table.splitlines()) == len(rows) + 2


@pytest.mark.slow
def test_department_table_goes_to_stderr_for_a_batch(season: Path) -> None:
    result = jxcheck("check", season, "--jobs", "1")
    assert "按单位汇总" in result.stderr and "按单位汇总" not in result.stdout
    quiet = jxcheck("check", season, "--jobs", "1", "--quiet")
    assert quiet.stderr == "" and len(quiet.stdout.splitlines()) == 1


def test_progress_bar_draws_and_erases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    stream = io.StringIO()
    bar = progress.ProgressBar(stream, "en")
    for done in range(1, 5):
        bar(done, 4)
    bar.close()
    drawn = stream.getvalue()
    assert "checking [" in drawn and "4/4 files" in drawn and "100%" in drawn
    assert drawn.endswith("\r\x1b[2K")


@pytest.mark.slow
def test_no_progress_bar_off_a_terminal(season: Path) -> None:
    result = jxcheck("check", season, "--jobs", "2", "--format", "json", "-o", os.devnull)
    assert "\r" not in result.stderr


def test_folder_scans_skip_hidden_files_and_office_lock_files(tmp_path: Path) -> None:
    """Word leaves `~$name.docx` beside an open document: not a document, not a finding."""
    folder = tmp_path / "season"
    (folder / ".git").mkdir(parents=True)
    for name in ("a.yaml", "~$报告.docx", "~$表.xlsx", ".hidden.yaml", "b.docx", "note.txt~"):
        (folder / name).write_bytes(b"x")
    (folder / ".git" / "c.yaml").write_bytes(b"x")
    found = expand_paths([folder], [".yaml", ".docx", ".xlsx"])
    assert [p.name for p in found] == ["a.yaml", "b.docx"]
    # named on the command line, a lock file is still read (and reported as unreadable)
    assert expand_paths([folder / "~$报告.docx"], [".docx"]) == [folder / "~$报告.docx"]
