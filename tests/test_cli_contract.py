"""The command line's contract, run as a user runs it (a subprocess each): issue 16.

- every usage, configuration and missing-input error is one line on stderr and exit 2, in the
  chosen language (`--lang en`, default Chinese) — argparse's own errors included, a path that
  does not exist, an unknown `--encoding`;
- a binary report is never written to a terminal (a pty), but is to a pipe or a file;
- `--fix` says, in one line, which files it could not rewrite and why, and how many fixes it
  applied; `baseline write FILE` without paths is a usage error;
- `check --skip-unrecognised` (the pre-commit hook) lists files that are no record or document
  as skipped instead of S000/S001, and still checks and reports everything that is one; a plain
  `check` of the same files reports them as before.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SEED, jxcheck
from .test_precommit import CLEAN_RECORD

SEED_YAML = SEED.with_suffix(".yaml")

#: A documentation site's configuration (a Python tag only mkdocs loads) and a readme: files
#: with the suffixes the hook takes that are neither records nor documents.
MKDOCS_YML = (
    "site_name: 绩效目标记录\nnav:\n  - 首页: index.md\nmarkdown_extensions:\n"
    "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
)
README_TXT = "本仓库保存本局各项目的绩效目标记录。\n"

#: A project record that passes (`tests/test_precommit.py`'s).
PROJECT: dict[str, Any] = CLEAN_RECORD


def one_line(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, one line on stderr starting `jxcheck: ` and holding `words`, nothing else."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr)
    assert proc.stderr.startswith("jxcheck: ") and proc.stderr.count("\n") == 1, proc.stderr
    for bad in ("Traceback", "usage:", "内部错误", "internal error", "error: "):
        assert bad not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)
    return proc.stderr


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- 1. usage errors: one line, exit 2, in the chosen language ----------------------------------

#: (arguments, words of the Chinese line, words of the English line); `{seed}` is the seed.
USAGE_ERRORS: list[tuple[list[str], tuple[str, ...], tuple[str, ...]]] = [
    (
        ["check", "{seed}", "--frobnicate"],
        ("未知选项 --frobnicate", "jxcheck check --help"),
        ("unknown option --frobnicate", "jxcheck check --help"),
    ),
    (
        ["chek", "{seed}"],
        ("未知命令 chek", "check"),
        ("unknown command chek", "did you mean check"),
    ),
    ([], ("缺少命令", "check"), ("missing the command", "check")),
    (["check"], ("缺少参数 PATH",), ("missing PATH",)),
    (["check", "{seed}", "--fail-on", "eror"], ("--fail-on", "error"), ("--fail-on", "error")),
    (["check", "{seed}", "--jobs"], ("--jobs",), ("--jobs needs a value",)),
    (["check", "{seed}", "--jobs", "many"], ("--jobs", "many"), ("--jobs", "whole number")),
    (["check", "{seed}", "--budget-year", "next"], ("--budget-year", "整数"), ("whole number",)),
    (["check", "{seed}", "--fix=yes"], ("--fix",), ("--fix takes no value",)),
    (["check", "nosuch.txt"], ("找不到 nosuch.txt",), ("nosuch.txt: no such file or folder",)),
    (["check", "{seed}", "nosuch.txt"], ("nosuch.txt",), ("nosuch.txt",)),
    (
        ["check", "{seed}", "--encoding", "klingon"],
        ("--encoding", "klingon"),
        ("unknown text encoding klingon",),
    ),
    (["check", "{seed}", "--encoding", "rot13"], ("rot13",), ("rot13",)),
    (["import", "{seed}", "--encoding", "klingon"], ("klingon",), ("klingon",)),
    (["export", "{seed}", "--to", "docx", "--encoding", "klingon"], ("klingon",), ("klingon",)),
    (["baseline", "write", "b.json", ".", "--encoding", "klingon"], ("klingon",), ("klingon",)),
    (["baseline"], ("缺少操作", "write"), ("missing the action", "write")),
    (["baseline", "write", "b.json"], ("缺少要检查的路径",), ("missing the paths to check",)),
    (["rules", "extra"], ("多余的参数 extra",), ("unexpected argument extra",)),
    (["check", "{seed}", "--policy", "nosuch.yaml"], ("nosuch.yaml",), ("nosuch.yaml",)),
    (["check", "{seed}", "--select", "ZZZ"], ("ZZZ",), ("ZZZ",)),
    (["check", "{seed}", "--today", "tomorrow"], ("tomorrow",), ("tomorrow",)),
    (["check", "{seed}", "--max-size", "0"], ("--max-size",), ("--max-size",)),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("arguments", "zh_words", "en_words"),
    USAGE_ERRORS,
    ids=[" ".join(case[0]) or "(nothing)" for case in USAGE_ERRORS],
)
def test_every_usage_error_is_one_line_and_exit_2_in_the_chosen_language(
    tmp_path: Path, arguments: list[str], zh_words: tuple[str, ...], en_words: tuple[str, ...]
) -> None:
    """A bad flag printed a 6–7 line English usage block; a missing file and an unknown
    encoding exited 1, like a rejected document."""
    shutil.copyfile(SEED, tmp_path / "seed.txt")
    args = [a.replace("{seed}", "seed.txt") for a in arguments]
    zh = one_line(jxcheck(*args, cwd=tmp_path), *zh_words)
    assert chinese(zh), zh
    en = one_line(jxcheck(*args, "--lang", "en", cwd=tmp_path), *en_words)
    assert not chinese(en.replace("nosuch", "")), en
    assert list(tmp_path.iterdir()) == [tmp_path / "seed.txt"], "nothing written"


def test_the_language_comes_from_the_environment_too(tmp_path: Path) -> None:
    proc = jxcheck(
        "check", "--frobnicate", "x", cwd=tmp_path, env={**os.environ, "JXCHECK_LANG": "en"}
    )
    assert one_line(proc, "unknown option --frobnicate")


def test_help_and_version_still_print_and_exit_0() -> None:
    helped = jxcheck("check", "--help")
    assert helped.returncode == 0 and "--skip-unrecognised" in helped.stdout
    version = jxcheck("--version")
    assert version.returncode == 0 and version.stdout.startswith("jxcheck ")


def test_a_named_link_to_a_deleted_file_is_still_an_unreadable_input(tmp_path: Path) -> None:
    """Only a name that is nothing at all is a usage error; a link whose file is gone exists
    and is reported as the S000 it is (exit 1), with the others checked."""
    shutil.copyfile(SEED_YAML, tmp_path / "good.yaml")
    (tmp_path / "gone.yaml").symlink_to("deleted.yaml")
    proc = jxcheck("check", "good.yaml", "gone.yaml", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert {f["file"]: f["status"] for f in report["files"]} == {
        "good.yaml": "checked",
        "gone.yaml": "error",
    }


def test_readme_states_the_exit_codes_the_cli_gives() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "2 for a usage or configuration error" in readme
    assert "a path named that does not exist" in readme


# --- 2. a binary report is never written to a terminal -----------------------------------------


def _on_a_terminal(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], bytes]:
    """Run jxcheck with its standard output on a pseudo-terminal; what reached the terminal."""
    controller, terminal = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            timeout=600,
            check=False,
        )
        os.close(terminal)
        terminal = -1
        shown = b""
        while select.select([controller], [], [], 0)[0]:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(controller)
    return proc, shown


@pytest.mark.slow
def test_an_xlsx_report_is_never_written_to_a_terminal(tmp_path: Path) -> None:
    """`--format xlsx` without `-o` wrote a zip to the terminal."""
    shutil.copyfile(SEED_YAML, tmp_path / "dept.yaml")
    proc, shown = _on_a_terminal("check", "dept.yaml", "--format", "xlsx", cwd=tmp_path)
    one_line(proc, "xlsx", "-o")
    assert b"PK" not in shown
    english, _ = _on_a_terminal(
        "check", "dept.yaml", "--format", "xlsx", "--lang", "en", cwd=tmp_path
    )
    one_line(english, "binary", "-o NAME.xlsx")
    # to a pipe (or a file the shell opened) it is written, and the run's status is kept
    piped = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "dept.yaml", "--format", "xlsx"],
        capture_output=True,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert piped.returncode == 1, piped.stderr
    assert piped.stdout.startswith(b"PK\x03\x04")
    # a text report still goes to the terminal
    text, shown = _on_a_terminal("check", "dept.yaml", cwd=tmp_path)
    assert text.returncode == 1 and "dept.yaml:" in shown.decode("utf-8", "replace")


@pytest.mark.slow
def test_export_never_writes_a_workbook_to_a_terminal(tmp_path: Path) -> None:
    shutil.copyfile(SEED_YAML, tmp_path / "dept.yaml")
    for to in ("xlsx", "docx"):
        proc, shown = _on_a_terminal("export", "dept.yaml", "--to", to, "-o", "-", cwd=tmp_path)
        one_line(proc, to, "-o")
        assert b"PK" not in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dept.yaml"]


# --- 3. --fix says what it could not rewrite; baseline write needs paths ------------------------


@pytest.mark.slow
def test_fix_on_a_document_says_it_rewrote_nothing_and_why(tmp_path: Path) -> None:
    """`--fix` on a `.txt` did nothing and said nothing."""
    document = tmp_path / "dept.txt"
    shutil.copyfile(SEED, document)
    proc = jxcheck("check", "dept.txt", "--fix", "--quiet", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    (line,) = [row for row in proc.stderr.splitlines() if "--fix" in row]
    assert line.startswith("jxcheck: --fix 已修正 0 处；未改写 dept.txt")
    assert "只改写 YAML/JSON 记录" in line and "处可自动修正的问题" in line
    assert document.read_bytes() == SEED.read_bytes()
    assert "已修正" not in proc.stdout
    english = jxcheck("check", "dept.txt", "--fix", "-q", "--lang", "en", cwd=tmp_path)
    (line,) = [row for row in english.stderr.splitlines() if "--fix" in row]
    assert "applied 0 fixes; not rewritten: dept.txt" in line and "YAML/JSON records only" in line


@pytest.mark.slow
def test_fix_on_records_and_a_document_counts_what_it_applied(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "dept.txt")
    record = {**PROJECT, "purpose": "用于办公设备购置 "}  # N005: a trailing space
    record["indicators"] = [dict(i) for i in PROJECT["indicators"]]
    record["indicators"][1]["value"] = "≥95百分比"  # V001: 百分比 → %
    (tmp_path / "p.yaml").write_text(
        yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    proc = jxcheck("check", "p.yaml", "dept.txt", "--fix", "-q", "--jobs", "1", cwd=tmp_path)
    changes = [row for row in proc.stdout.splitlines() if row.startswith("已修正 p.yaml")]
    assert len(changes) == 2, proc.stdout
    (line,) = [row for row in proc.stderr.splitlines() if "--fix" in row]
    assert "--fix 已修正 2 处；未改写 dept.txt：" in line, line
    assert "p.yaml" not in line
    assert (tmp_path / "dept.txt").read_bytes() == SEED.read_bytes()
    assert "≥95%" in (tmp_path / "p.yaml").read_text(encoding="utf-8")


def test_fix_with_nothing_to_fix_says_so(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        yaml.safe_dump(PROJECT, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    before = (tmp_path / "p.yaml").read_bytes()
    proc = jxcheck("check", "p.yaml", "--fix", "-q", cwd=tmp_path)
    assert "jxcheck: --fix：没有可自动修正的问题" in proc.stderr.splitlines(), proc.stderr
    assert (tmp_path / "p.yaml").read_bytes() == before


@pytest.mark.slow
def test_baseline_write_without_paths_is_a_usage_error(tmp_path: Path) -> None:
    """`baseline write FILE` checked the whole working directory."""
    shutil.copyfile(SEED_YAML, tmp_path / "dept.yaml")
    one_line(
        jxcheck("baseline", "write", "base.json", cwd=tmp_path),
        "缺少要检查的路径",
        "jxcheck baseline write base.json 路径",
    )
    assert not (tmp_path / "base.json").exists()
    written = jxcheck("baseline", "write", "base.json", ".", "--jobs", "1", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert json.loads((tmp_path / "base.json").read_text("utf-8"))["format"] == (
        "jxcheck-baseline/1"
    )
    one_line(jxcheck("baseline", "write", "other.json", "nosuch", cwd=tmp_path), "nosuch")
    assert not (tmp_path / "other.json").exists()


# --- 4. --skip-unrecognised: what the pre-commit hook runs --------------------------------------


def _repository(folder: Path, record: dict[str, Any] | None = None) -> None:
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (folder / "README.txt").write_text(README_TXT, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"not a Word document")
    (folder / "records").mkdir()
    text = yaml.safe_dump(record or PROJECT, allow_unicode=True, sort_keys=False)
    (folder / "records" / "p.yaml").write_text(text, encoding="utf-8")


OTHERS = ["mkdocs.yml", "README.txt", "notes.docx"]


def test_a_plain_check_still_reports_every_file_it_cannot_read(tmp_path: Path) -> None:
    """Nothing silently lost: without the option, such files are S000/S001 as before."""
    _repository(tmp_path)
    proc = jxcheck("check", *OTHERS, "records/p.yaml", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert "skipped" not in report
    failing = {f["file"] for f in report["findings"] if f["rule"] in ("S000", "S001")}
    assert failing == set(OTHERS)


@pytest.mark.slow
def test_the_hook_option_lists_other_files_as_skipped(tmp_path: Path) -> None:
    _repository(tmp_path)
    args = ["check", "--skip-unrecognised", *OTHERS, "records/p.yaml"]
    proc = jxcheck(*args, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert [f["file"] for f in report["files"]] == ["records/p.yaml"]
    assert {s["file"]: s["kind"] for s in report["skipped"]} == {
        "README.txt": "unrecognised",
        "mkdocs.yml": "not-a-record",
        "notes.docx": "not-a-record",
    }
    assert not [f for f in report["findings"] if f["file"] in OTHERS]
    for name in OTHERS:
        assert f"jxcheck: 已跳过 {name}：不是绩效目标记录或文档" in proc.stderr, proc.stderr
    # the report still fits its schema
    import jsonschema

    schema = json.loads((ROOT / "checker/schemas/report.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)
    # a commit of only such files: no error, no "nothing to check"
    alone = jxcheck("check", "--skip-unrecognised", *OTHERS, "--lang", "en", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert "jxcheck: skipped mkdocs.yml: not a target record or document" in alone.stderr


def test_the_hook_option_still_refuses_a_bad_record(tmp_path: Path) -> None:
    bad = {
        **PROJECT,
        "spending_plan": [
            {"label": "6月底", "percent": "60"},
            {"label": "10月底", "percent": "40"},
        ],
    }
    _repository(tmp_path, bad)
    proc = jxcheck("check", "--skip-unrecognised", *OTHERS, "records/p.yaml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "records/p.yaml:" in proc.stdout and " error " in proc.stdout
    assert "mkdocs.yml:" not in proc.stdout and "README.txt:" not in proc.stdout


def test_the_hook_option_never_skips_what_looks_like_a_record(tmp_path: Path) -> None:
    """A record with a syntax error or a key the format does not know, and a file that cannot
    be read at all, are still S000/S001: only content no reader recognises is skipped."""
    text = yaml.safe_dump(PROJECT, allow_unicode=True, sort_keys=False)
    (tmp_path / "broken.yaml").write_text(text.replace("budget:", "budget: [", 1), "utf-8")
    (tmp_path / "typo.yaml").write_text(text + "purpse: 购置\n", encoding="utf-8")
    (tmp_path / "gone.yaml").symlink_to("deleted.yaml")
    proc = jxcheck(
        "check", "--skip-unrecognised", "broken.yaml", "typo.yaml", "gone.yaml",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert "skipped" not in report
    rules = {(f["file"], f["rule"]) for f in report["findings"] if f["rule"] in ("S000", "S001")}
    assert rules == {("broken.yaml", "S000"), ("typo.yaml", "S001"), ("gone.yaml", "S000")}


def test_the_hook_runs_with_the_option() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "jxcheck"]
    assert hook["entry"] == "jxcheck check --skip-unrecognised"
