"""Nothing lost: every file and every record of a batch is in the report, whatever went wrong.

The batch (`tests/mixed_batch.py`, 200 files) mixes good and defective records, whole
documents, lists, schema-invalid records, unparseable files and unreadable ones (dangling and
looping links, FIFOs). Checked:

- every input file appears once with the right status, every record once (by file and 项目编码),
  invalid records as `invalid`; the summary's counts equal what was put in and what the lists
  hold, and each unreadable file carries exactly one S000;
- `--jobs 1` and `--jobs 2` give byte-identical JSON reports (and the same text on the
  terminal) in which every file appears;
- a rule that raises (a plugin given to `load_registry`) becomes X001 on the records it raised
  on and changes no other finding; a reader whose `sniff` raises costs only the file it raised
  on (S000 naming the reader), not the batch;
- through the command line, with a test plugin installed the way a user installs one (a
  distribution with a `jxcheck` entry point, found on `PYTHONPATH`, so worker processes load it
  whether they fork or spawn): a reader that kills its worker process (`os._exit`) on one file
  and a rule that raises on one record, in a `--jobs 2` run. The killed worker's file is one
  S000 naming the crash; the rule's record gets X001; every other file's findings are the same
  as in a run without the plugin.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import hookimpl
from checker.api import check
from checker.model import Project
from checker.plugins import load_registry
from checker.rule import Hit, Params, ProjectContext, Rule, rule

from .conftest import jxcheck, plugin_on_path
from .mixed_batch import Batch, as_record, dump_yaml, project_code, seed_projects, write_batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return write_batch(tmp_path_factory.mktemp("season") / "season")


def json_run(folder: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = jxcheck("check", folder, "--format", "json", "-o", out, *args, env=env)
    assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def assert_complete(report: dict[str, Any], batch: Batch) -> None:
    """Every file and record is there once; the summary adds up."""
    files = {f["file"]: f["status"] for f in report["files"]}
    assert len(report["files"]) == len(files) == len(batch.files)
    assert files == batch.files
    skipped = {s["file"] for s in report.get("skipped", []) if s["kind"] == "duplicate"}
    assert skipped == batch.duplicates
    records = Counter((r["file"], r["project_code"]) for r in report["records"])
    assert records == batch.records
    summary = report["summary"]
    assert summary["files"] == len(batch.files)
    assert summary["files_unreadable"] == sum(1 for s in batch.files.values() if s == "error")
    assert summary["records"] == len(report["records"]) == sum(batch.records.values())
    assert summary["invalid"] == batch.invalid
    statuses = Counter(r["status"] for r in report["records"])
    assert statuses["invalid"] == batch.invalid
    assert summary["passed"] == statuses["passed"] and summary["failed"] == statuses["failed"]
    assert summary["passed"] + summary["failed"] + summary["invalid"] == summary["records"]
    unwaived = Counter(f["severity"] for f in report["findings"] if not f["waived"])
    assert summary["findings"] == {s: unwaived[s] for s in ("error", "warning", "info")}
    s000 = Counter(f["file"] for f in report["findings"] if f["rule"] == "S000")
    assert s000 == Counter(f for f, s in batch.files.items() if s == "error")
    s001 = {(f["file"], f["project_code"]) for f in report["findings"] if f["rule"] == "S001"}
    invalid = {
        (r["file"], r["project_code"]) for r in report["records"] if r["status"] == "invalid"
    }
    assert s001 == invalid


@pytest.mark.slow
def test_every_file_and_record_is_reported_at_jobs_1_and_2(batch: Batch, tmp_path: Path) -> None:
    one, two = tmp_path / "jobs1.json", tmp_path / "jobs2.json"
    text_one = json_run(batch.folder, one, "--jobs", "1")
    text_two = json_run(batch.folder, two, "--jobs", "2")
    assert one.read_bytes() == two.read_bytes()
    assert text_one == text_two
    report = json.loads(one.read_text(encoding="utf-8"))
    assert_complete(report, batch)


# --- a rule that raises --------------------------------------------------------------------------

MARK = "（规则出错）"


@rule(
    "T960",
    "raises-on-marked",
    category="test",
    severity="warning",
    basis="test",
    title=("遇到标记即出错", "raises on marked projects"),
    message=("不会出现", "never shown"),
)
def raises_on_marked(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """测试用：项目名称含标记时抛出异常。

    ---
    For tests: raises on a project whose name holds the mark.
    """
    if MARK in (project.name or ""):
        raise ZeroDivisionError(f"marked project {project.code}")
    yield from ()


class RaisingPlugin:
    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [raises_on_marked]


def _key(finding: Any) -> tuple[Any, ...]:
    return (finding.file, finding.rule, finding.line, finding.fingerprint, finding.message.en)


@pytest.mark.slow
def test_a_rule_that_raises_loses_nothing_else(batch: Batch, tmp_path: Path) -> None:
    marked = []
    for n in range(3):
        project = seed_projects()[n]
        project.update(code=project_code(9000 + n), name=project["name"] + MARK)
        path = tmp_path / f"marked-{n}.yaml"
        path.write_bytes(dump_yaml(as_record(project)))
        marked.append(str(path))
    inputs = [batch.folder, *marked]
    plain = check(inputs)
    crashed = check(inputs, registry=load_registry([("raising-test-plugin", RaisingPlugin())]))
    assert [f.file for f in crashed.files] == [f.file for f in plain.files]
    assert [(r.file, r.project_code) for r in crashed.records] == [
        (r.file, r.project_code) for r in plain.records
    ]
    x001 = [f for f in crashed.findings if f.rule == "X001"]
    assert sorted(f.file for f in x001) == sorted(marked)
    assert all("T960" in f.message.en and "ZeroDivisionError" in f.message.en for f in x001)
    assert [_key(f) for f in crashed.findings if f.rule != "X001"] == [
        _key(f) for f in plain.findings
    ]
    for path in marked:  # X001 is an error: the record fails
        (record,) = [r for r in crashed.records if r.file == path]
        assert record.status == "failed" and record.counts["error"] >= 1


# --- a worker that dies, through the command line ---------------------------------------------------

PLUGIN_MODULE = textwrap.dedent(
    '''
    """A test plugin: a reader that kills its worker process, and a rule that raises."""

    from __future__ import annotations

    import multiprocessing
    import os

    from checker import hookimpl
    from checker.rule import rule

    MARK = "（规则出错）"


    class WorkerKiller:
        name = "worker-killer"
        description = "kills the worker process that reads it"
        suffixes = (".crash",)

        def sniff(self, file):
            return 100 if file.data.startswith(b"KILL") else 0

        def read(self, file, options):
            if multiprocessing.parent_process() is not None:
                os._exit(3)  # no exception, no cleanup: the process is simply gone
            raise RuntimeError("would have killed its worker")


    @rule(
        "T961",
        "raises-on-marked",
        category="test",
        severity="warning",
        basis="test",
        title=("遇到标记即出错", "raises on marked projects"),
        message=("不会出现", "never shown"),
    )
    def raises_on_marked(project, ctx):
        """测试用。

        ---
        For tests.
        """
        if MARK in (project.name or ""):
            raise ZeroDivisionError("marked project")
        yield from ()


    @hookimpl
    def register_readers():
        return [WorkerKiller()]


    @hookimpl
    def register_rules():
        return [raises_on_marked]
    '''
)


def install_test_plugin(site: Path) -> dict[str, str]:
    """A distribution `jxcheck-crash-test` with a `jxcheck` entry point, importable from
    `site`; returns the environment that puts it on the path of jxcheck and its workers."""
    return plugin_on_path(
        site, "jxcheck_crash_test", "jxcheck-crash-test", "crash-test", PLUGIN_MODULE
    )


@pytest.mark.slow
def test_a_worker_that_dies_loses_no_other_file(batch: Batch, tmp_path: Path) -> None:
    env = install_test_plugin(tmp_path / "site")
    listed = jxcheck("plugins", "--format", "json", env=env)
    assert "crash-test" in listed.stdout and "T961" in listed.stdout, listed.stdout + listed.stderr

    folder = tmp_path / "season"
    folder.symlink_to(batch.folder, target_is_directory=True)
    extra = tmp_path / "extra"
    extra.mkdir()
    victim = extra / "victim.crash"
    victim.write_bytes(b"KILL the worker that reads this")
    project = seed_projects()[0]
    project.update(code=project_code(9100), name=project["name"] + MARK)
    raising = extra / "raising.yaml"
    raising.write_bytes(dump_yaml(as_record(project)))

    crashed_out, plain_out = tmp_path / "crashed.json", tmp_path / "plain.json"
    # a plugin's rules run where a policy selects them (installed alone, they change nothing)
    policy = tmp_path / "crash-test.yaml"
    policy.write_text("extends: national\nselect: [T961]\n", encoding="utf-8")
    proc = jxcheck(
        "check",
        folder,
        extra,
        "--jobs",
        "2",
        "--policy",
        policy,
        "--format",
        "json",
        "-o",
        crashed_out,
        env=env,
    )
    assert "Traceback" not in proc.stderr and proc.returncode == 1, proc.stderr
    json_run(folder, plain_out, "--jobs", "2")
    crashed = json.loads(crashed_out.read_text(encoding="utf-8"))
    plain = json.loads(plain_out.read_text(encoding="utf-8"))

    files = {f["file"]: f["status"] for f in crashed["files"]}
    assert files[str(victim)] == "error" and files[str(raising)] == "checked"
    (death,) = [f for f in crashed["findings"] if f["file"] == str(victim)]
    assert death["rule"] == "S000" and "工作进程" in death["message"] and "3" in death["message"]
    (x001,) = [f for f in crashed["findings"] if f["rule"] == "X001"]
    assert x001["file"] == str(raising) and "T961" in x001["message"]

    def others(report: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (f["file"], f["rule"], f["line"], f["fingerprint"], f["message"])
            for f in report["findings"]
            if f["file"].startswith(str(folder)) and f["rule"] != "S006"
        ]

    # S006 (a code used twice in the batch) may see the extra record; nothing else changes
    assert others(crashed) == others(plain)
    assert {f["file"]: f["status"] for f in plain["files"]} == {
        k: v for k, v in files.items() if k.startswith(str(folder))
    }
    assert crashed["summary"]["files"] == plain["summary"]["files"] + 2
    assert crashed["summary"]["records"] == plain["summary"]["records"] + 1


class SniffBoom:
    """A reader whose `sniff` raises on some files (a plugin's bug)."""

    name = "sniff-boom"
    description = "raises while sniffing"
    suffixes = (".yaml",)

    def sniff(self, file: Any) -> int:
        if b"SNIFFBOOM" in file.data:
            raise KeyError("sniff bug")
        return 0

    def read(self, file: Any, options: Any) -> list[Any]:  # pragma: no cover - never claims
        return []


class SniffBoomPlugin:
    @hookimpl
    def register_readers(self) -> list[Any]:
        return [SniffBoom()]


def test_a_reader_that_raises_while_sniffing_costs_only_that_file(
    batch: Batch, tmp_path: Path
) -> None:
    boom = tmp_path / "boom.yaml"
    boom.write_text("# SNIFFBOOM\ncode: P1\n", encoding="utf-8")
    inputs = [batch.folder, boom]
    plain = check(inputs)
    crashed = check(inputs, registry=load_registry([("sniff-boom", SniffBoomPlugin())]))
    (death,) = [f for f in crashed.findings if f.file == str(boom)]
    assert (
        death.rule == "S000" and "sniff-boom" in death.message.en and "KeyError" in death.message.en
    )
    assert [_key(f) for f in crashed.findings if f.file != str(boom) and f.rule != "S006"] == [
        _key(f) for f in plain.findings if f.file != str(boom) and f.rule != "S006"
    ]
    assert len(crashed.records) == len(plain.records) - 1
